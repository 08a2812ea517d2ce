# many stages and data through pipes
seq 1 200 | sort -n | tail -n 3
i=0; s=""; while [ $i -lt 8 ]; do s="$s | cat"; i=$((i+1)); done
eval "echo through $s"
yes abcdefghij | head -n 5000 | wc -l

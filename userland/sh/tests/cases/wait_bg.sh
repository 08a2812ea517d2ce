# background jobs in a non-interactive shell
(sleep 0.2; echo bg done) &
echo fg first
wait
echo after wait
cat & wait $!; echo "stdin of bg is /dev/null: $?"
for i in 1 2 3; do echo "job $i" & done | sort

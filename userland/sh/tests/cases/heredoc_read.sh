# read from a here-document
read a b c <<EOF
one two three four
EOF
echo "a=$a b=$b c=$c"
while read line; do echo "got: $line"; done <<EOF
first
second line
EOF
read -r raw <<'EOF'
a\b\\c
EOF
printf '%s\n' "$raw"
read cooked <<'EOF'
a\b\\c
EOF
printf '%s\n' "$cooked"
read x <<'EOF'
continued \
line
EOF
echo "$x"
IFS=: read p q <<EOF
k:v:w
EOF
echo "p=$p q=$q"
read only <<EOF
  spaces around  
EOF
echo "[$only]"
read r1 r2 <<EOF
single
EOF
echo "[$r1][$r2]"
read nothing </dev/null; echo "status $? [$nothing]"
printf 'no newline' | { read v; echo "$? [$v]"; }
read <<EOF
reply var
EOF
echo "$REPLY"

# here-documents
name=World
cat <<EOF
Hello, $name! $((1 + 1)) $(echo cmd)
  indented \$not \\ backslash
EOF
cat <<'EOF'
Literal $name $(echo no) \$
EOF
cat <<"EOF"
also literal $name
EOF
cat <<\EOF
backslash-quoted $name
EOF
cat <<-EOF
	tab stripped
		nested tab
	EOF
cat <<A; cat <<B
first
A
second
B
f() {
	cat <<EOF
in function $1
EOF
}
f arg
for i in 1 2; do cat <<EOF
loop $i
EOF
done
cat <<EOF | tr a-z A-Z
piped
EOF
cat <<EOF
EOF
echo end

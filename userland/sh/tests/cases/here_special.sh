# here-document edge cases
cat <<EOF
$(echo "a
b")
tab:	end
EOF
x=val
cat <<EOF
${x}text "quotes stay" 'single stay'
EOF
cat <<EOF | wc -l
1
2
3
EOF
f() { cat; }
f <<EOF
to function
EOF
cat <<'E O F'
quoted delimiter with spaces
E O F

# gensyscalls.awk -- from kernel/syscalls.tbl, write the dispatch table of
# one ISA (-v isa=x86_64|aarch64 -v out=table) or the Markdown list of all
# calls (-v out=doc). Handlers not yet written may be missing from the
# kernel: a table entry is emitted only for names in -v have="a b c".
BEGIN {
	col = isa == "aarch64" ? 3 : 2
	n = split(have, h, " ")
	for (i = 1; i <= n; i++)
		known[h[i]] = 1
	if (out == "table") {
		print "/* Generated from kernel/syscalls.tbl for " isa "; do not edit. */"
		print "#include \"syscall.h\""
	} else {
		print "# System calls"
		print ""
		print "Generated from `kernel/syscalls.tbl` by `tools/gensyscalls.awk`."
		print "Every Linux system call number not listed returns -ENOSYS and is"
		print "counted in the kernel log (`dmesg`)."
		print ""
		print "| call | x86_64 | aarch64 | area | implemented |"
		print "|---|---|---|---|---|"
	}
}
/^#/ || NF < 4 { next }
{
	if (out == "doc") {
		impl = ($1 in known) ? (NF > 4 ? "always " $5 : "yes") : "no"
		print "| `" $1 "` | " $2 " | " $3 " | " $4 " | " impl " |"
		next
	}
	if ($col == "-" || !($1 in known))
		next
	decl[++nd] = "long sys_" $1 "(const unsigned long *);"
	ent[++ne] = "\t[" $col "] = { \"" $1 "\", sys_" $1 " },"
	if ($col + 0 > max)
		max = $col + 0
}
END {
	if (out != "table")
		exit
	for (i = 1; i <= nd; i++)
		print decl[i]
	print "const struct syscall_entry syscall_table[] = {"
	for (i = 1; i <= ne; i++)
		print ent[i]
	print "};"
	print "const int syscall_table_size = " max + 1 ";"
}

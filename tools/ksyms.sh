#!/bin/sh
# ksyms.sh -- turn `nm -n` output of a kernel image into an assembler
# file with its function symbols (section .ksyms): ksyms_count, the
# sorted addresses ksyms_addr[], offsets ksyms_name[] into ksyms_str.
# The real HALs link it into the image for hal_symbolize.
awk 'BEGIN { n = 0 }
$2 ~ /^[tTwW]$/ && $3 !~ /^\./ && $1 != last {
	addr[n] = $1; name[n] = $3; last = $1; n++
}
END {
	print "\t.section .ksyms, \"a\""
	print "\t.p2align 3"
	print "\t.globl ksyms_count, ksyms_addr, ksyms_name, ksyms_str"
	print "ksyms_count:\n\t.quad " n
	print "ksyms_addr:"
	for (i = 0; i < n; i++)
		print "\t.quad 0x" addr[i]
	print "ksyms_name:"
	off = 0
	for (i = 0; i < n; i++) {
		print "\t.long " off
		off += length(name[i]) + 1
	}
	print "ksyms_str:"
	for (i = 0; i < n; i++)
		print "\t.asciz \"" name[i] "\""
	print "\t.section .note.GNU-stack, \"\", @progbits"
}'

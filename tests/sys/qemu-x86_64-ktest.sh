#!/bin/sh
# Boot the x86_64 HAL under QEMU (TCG) with ktest=all on $1 CPUs; pass
# when the guest powers off with status 0 and the last line reports no
# failure. Skipped (77) when the x86_64 HAL or QEMU is not there.
smp=$1
[ -n "$X86_64_ELF" ] && [ -f "$X86_64_ELF" ] || { echo "x86_64 HAL not built"; exit 77; }
[ -n "$QEMU_X86_64" ] || { echo "qemu-system-x86_64 not found"; exit 77; }
out=qemu-x86_64-ktest-smp$smp.out
"$top_srcdir/tools/qemu-run.sh" -smp "$smp" -timeout 120 -append ktest=all \
	"$X86_64_ELF" </dev/null >"$out" 2>&1
rc=$?
last=$(tail -n 1 "$out" | tr -d '\r')
echo "exit status $rc; last line: $last"
case "$last" in
*"ktest: "*" passed, 0 failed") ;;
*) cat "$out"; echo "FAIL: reproduce with: tools/qemu-run.sh -smp $smp -append ktest=all $X86_64_ELF"; exit 1 ;;
esac
[ "$rc" -eq 0 ] || { cat "$out"; echo "FAIL: exit status $rc"; exit 1; }
rm -f "$out"

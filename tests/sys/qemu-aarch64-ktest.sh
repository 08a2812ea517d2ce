#!/bin/sh
# Boot the aarch64 HAL under qemu-system-aarch64 -M virt (TCG) with
# ktest=all on 1, then on 4 CPUs; pass when the last line reports no
# failure and QEMU exits 0 (PSCI SYSTEM_OFF). One boot at a time, and
# alone (tests/local.mk): sched_fair counts time slices in 400 ms and
# timer_order arms timers 1 ms apart, so the guest's clock follows its
# instructions (-icount shift=auto), not a host that may stop QEMU for a
# while on a busy machine. Skipped (77) when the aarch64 HAL (a cross compiler) or QEMU is
# not there.
[ -n "$AARCH64_ELF" ] && [ -f "$AARCH64_ELF" ] || { echo "aarch64 HAL not built (no aarch64-linux-gnu-gcc)"; exit 77; }
[ -n "$QEMU_AARCH64" ] || { echo "qemu-system-aarch64 not found"; exit 77; }
for smp in 1 4; do
	out=qemu-aarch64-ktest-smp$smp.out
	timeout -k 5 120 "$QEMU_AARCH64" -M virt -cpu cortex-a57 -m 256M -smp "$smp" \
		-icount shift=auto -display none -monitor none -serial stdio -no-reboot \
		-kernel "$AARCH64_ELF" -append ktest=all </dev/null >"$out" 2>&1
	rc=$?
	last=$(tail -n 1 "$out" | tr -d '\r')
	echo "smp $smp: exit status $rc; last line: $last"
	case "$last" in
	*"ktest: "*" passed, 0 failed") ;;
	*) cat "$out"; echo "FAIL: reproduce with: $QEMU_AARCH64 -M virt -cpu cortex-a57 -smp $smp -icount shift=auto -nographic -kernel $AARCH64_ELF -append ktest=all"; exit 1 ;;
	esac
	[ "$rc" -eq 0 ] || { cat "$out"; echo "FAIL: exit status $rc"; exit 1; }
	rm -f "$out"
done

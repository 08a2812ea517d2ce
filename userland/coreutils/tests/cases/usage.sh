# Every tool that takes options rejects an unknown one: one usage line on
# stderr (or a message naming the bad argument) and exit status 2.
for t in cat chmod clear cp date env grep head hexdump kill ln ls mkdir \
    mount mv poweroff ps pwd reboot rm rmdir sleep stat sync tail touch \
    umount uname wc; do
	$BIN/$t -Z
	echo "$t rc=$?"
done

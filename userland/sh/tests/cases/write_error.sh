# echo and printf report a failed write and give status 1, as bash and
# busybox sh do; the shell goes on.
echo x > /dev/full
echo "echo: $?"
printf 'y\n' > /dev/full
echo "printf: $?"
echo after

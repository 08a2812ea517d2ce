# umask
umask 022
umask
umask 077; umask
umask -S
umask u=rwx,g=rx,o=; umask
d=${TMPDIR:-/tmp}/sh_umask.$$
umask 027
: > "$d"
ls -l "$d" | cut -c1-10
rm -f "$d"

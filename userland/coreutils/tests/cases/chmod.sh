# chmod: octal modes and symbolic clauses.
touch f
m() { $BIN/chmod "$@" f && $BIN/stat -c "$* -> %a %A" f; }
m 600
m u+x,g+r
m a-x
m -w
m o+rwx,g-r
m =r
m u=rw,go=
m go=u-w
m 4755
m u-s,+t
m a=rwX
m 0
mkdir d
$BIN/chmod a=rX d
$BIN/stat -c '%n %a' d
ln -s f link
$BIN/chmod 640 link
$BIN/stat -c '%n %a' f
$BIN/chmod 644 missing f
echo "rc=$?"
$BIN/chmod abc f
echo "rc=$?"
$BIN/chmod 8 f
echo "rc=$?"
$BIN/chmod u+q f
echo "rc=$?"
$BIN/chmod -- 600 f
$BIN/stat -c '%n %a' f
$BIN/chmod 755

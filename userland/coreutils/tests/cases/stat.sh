# stat: GNU's layout (inode, device, owner and change time cut out), -c, -L.
printf 'hello\n' > f
$BIN/chmod 640 f
$BIN/touch -d @1000000000 f
$BIN/stat f | sed -e 's/Blocks: [0-9]* */Blocks: B /' \
	-e 's/IO Block: [0-9]* */IO Block: I /' \
	-e 's/Device: [0-9]*,[0-9]*/Device: D/' \
	-e 's/Inode: [0-9]* */Inode: N /' \
	-e 's/Uid: ( *[0-9]*)   Gid: ( *[0-9]*)/Uid: U   Gid: G/' \
	-e '/^Change:/d'
$BIN/stat -c '%n|%s|%a|%A|%F|%h|%Y|%X' f
mkdir d
$BIN/stat -c '%F %A' d
ln -s f l
$BIN/stat -c '%N %F %s' l
$BIN/stat -L -c '%N %F %s' l
$BIN/stat l | head -n 1
touch e
$BIN/stat -c %F e
$BIN/stat /dev/null | sed -n -e 's/.*\(Device type: .*\)/\1/p' -e 's/.* \(character special file\)$/\1/p'
test "$($BIN/stat -c %i f)" = "$(ls -i f | awk '{print $1}')" && echo "inode ok"
test "$($BIN/stat -c %u f)" = "$(id -u)" && echo "uid ok"
$BIN/stat -c '%q %' f
$BIN/stat missing f | head -n 1
$BIN/stat -c

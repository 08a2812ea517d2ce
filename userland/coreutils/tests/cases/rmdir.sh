# rmdir: empty directories only; -p removes the parents named too.
mkdir -p a/b/c e
touch e/f
$BIN/rmdir a/b/c
$BIN/ls a
$BIN/rmdir -p a/b
echo "rc=$?"
$BIN/ls
$BIN/rmdir e
echo "rc=$?"
$BIN/rmdir e/f
echo "rc=$?"
mkdir -p k/l
$BIN/rmdir -p k/l/
echo "rc=$?"
$BIN/ls
$BIN/rmdir -x e

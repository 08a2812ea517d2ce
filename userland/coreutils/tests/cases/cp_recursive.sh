# cp -r: trees with links kept as links; into an existing directory; -a;
# never into itself.
mkdir -p src/sub/deeper
echo deep > src/sub/f
ln -s f src/sub/l
touch src/sub/deeper/z
$BIN/cp -r src dst
echo "rc=$?"
find dst | sort
$BIN/cat dst/sub/f
$BIN/stat -c %N dst/sub/l
$BIN/cp -R src dst
find dst/src | sort
$BIN/chmod 700 src/sub
$BIN/touch -d @1000000000 src/sub/f
$BIN/cp -a src arch
$BIN/stat -c '%n %a' arch/sub
$BIN/stat -c '%n %Y' arch/sub/f
$BIN/cp -r src src/sub
echo "rc=$?"
$BIN/cp -r src src
echo "rc=$?"
find src | sort

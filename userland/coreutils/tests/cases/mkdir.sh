# mkdir: plain, existing, -p, missing parent, -m octal and symbolic.
$BIN/mkdir a
echo "rc=$?"
$BIN/mkdir a
echo "rc=$?"
$BIN/mkdir -p a/b/c
echo "rc=$?"
$BIN/mkdir -p a/b/c a//b2/
echo "rc=$?"
$BIN/ls -R a
$BIN/mkdir x/y
echo "rc=$?"
$BIN/mkdir -m 700 m1
$BIN/mkdir -m u=rwx,g=rx m2
$BIN/mkdir -p -m 711 m3/sub
$BIN/stat -c '%n %a' m1 m2 m3 m3/sub
touch f
$BIN/mkdir -p f/g
echo "rc=$?"
$BIN/mkdir m4 m1 m5
echo "rc=$?"
$BIN/ls -d m4 m5
$BIN/mkdir -m 999 m6
echo "rc=$?"
$BIN/mkdir -m

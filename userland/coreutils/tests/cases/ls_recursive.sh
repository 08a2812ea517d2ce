# ls -R: each directory under a "path:" header, blank lines between.
mkdir -p a/b/c a/.hid
touch a/f a/b/g a/.hid/h
$BIN/ls -R a
echo ---
$BIN/ls -R
echo ---
$BIN/ls -aR a/b

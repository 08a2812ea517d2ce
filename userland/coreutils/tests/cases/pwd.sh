# pwd: the physical directory by default and with -P; -L keeps $PWD.
P=$(cd "$T" && pwd -P)
test "$($BIN/pwd)" = "$P" && echo "physical ok"
mkdir real
ln -s real link
cd link
$BIN/pwd | sed "s|^$P|T|"
$BIN/pwd -P | sed "s|^$P|T|"
$BIN/pwd -L | sed "s|^$T|T|"
PWD=/nonexistent $BIN/pwd -L | sed "s|^$P|T|"
$BIN/pwd extra

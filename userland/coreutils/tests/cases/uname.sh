# uname: each field against /proc/sys/kernel; -a is all, in order.
test "$($BIN/uname)" = "$(cat /proc/sys/kernel/ostype)" && echo "default is -s"
test "$($BIN/uname -s)" = "$(cat /proc/sys/kernel/ostype)" && echo "-s ok"
test "$($BIN/uname -n)" = "$(cat /proc/sys/kernel/hostname)" && echo "-n ok"
test "$($BIN/uname -r)" = "$(cat /proc/sys/kernel/osrelease)" && echo "-r ok"
test "$($BIN/uname -v)" = "$(cat /proc/sys/kernel/version)" && echo "-v ok"
test "$($BIN/uname -m)" = "$(uname -m)" && echo "-m ok"
test "$($BIN/uname -a)" = "$($BIN/uname -s -n -r -v -m)" && echo "-a ok"
test "$($BIN/uname -ms)" = "$($BIN/uname -s) $($BIN/uname -m)" && echo "order ok"
$BIN/uname extra

# set -x writes commands to stderr
set -x
echo hello
x=1
echo $x two
set +x
echo quiet

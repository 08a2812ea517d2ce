# set -e exit status and commands that end the shell
set -e
trap 'echo "exit trap $?"' EXIT
echo start
sh_false() { return 5; }
sh_false
echo "not reached"

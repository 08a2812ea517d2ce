# a script read from a pipe leaves input for the commands it runs
printf 'read line\nthis is data\necho "got: $line"\n' | "$SH"
printf 'echo one\nexit 3\necho never\n' | "$SH"; echo "status $?"
printf 'x=1\necho "x=$x"\n' | "$SH" -s
printf 'echo "args: $*"\n' | "$SH" -s a b
printf 'cat\necho more\n' | "$SH"

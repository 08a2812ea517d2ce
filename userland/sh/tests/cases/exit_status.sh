# exit statuses of various commands
true; echo $?
false; echo $?
(exit 255); echo $?
(exit 256); echo $?
: ; echo $?
x=$(exit 9); echo $?
! (exit 9); echo $?
if (exit 2); then :; else echo "else $?"; fi
f() { (exit 4); }; f; echo $?
exit 5

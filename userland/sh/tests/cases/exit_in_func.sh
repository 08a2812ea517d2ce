# exit from within a function and a loop
f() { echo in; exit 3; echo not; }
for i in 1 2; do f; done
echo notreached

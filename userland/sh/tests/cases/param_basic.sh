# $VAR and ${VAR}
name=world
echo hello $name ${name}s "${name}"
a=1 b=2
echo $a$b ${a}0
unset name
echo "[$name]"
x=abc; y=$x; echo $y
_u=under; echo $_u
echo $1 "$#"

# nested quoting and expansions inside ${ }
a=
b=bval
echo "${a:-"$b"}"
echo ${a:-"two  spaces"}
echo "${a:-${b}x}"
echo ${a:-$(echo sub)}
echo "${b:+"[$b]"}"
echo ${a:-'}'}
c='x}y'; echo "${c}"
echo ${#b}

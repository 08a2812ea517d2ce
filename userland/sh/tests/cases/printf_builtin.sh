# printf
printf '%s\n' hello
printf '%s-%s\n' a b c d
printf '%d %i %x %X %o %c %%\n' 42 -7 255 255 8 xyz
printf '[%5s][%-5s][%.2s]\n' ab ab abcdef
printf '[%05d][%-4d][%+d]\n' 42 7 3
printf 'no newline'
printf '\n'
printf 'esc: \t|\\|\101|\n'
printf '%s\n'
printf '%d\n' "'A"
printf '%b\n' 'a\tb' 'c\\nd'
printf '%s' one two; echo
printf '%*d|\n' 4 7

# single quotes keep everything literal
echo 'a  b'
printf '%s\n' '$HOME `x` \n "q"'
echo 'it'\''s'
echo ''
echo 'multi
line'
x='*'
echo '$x'

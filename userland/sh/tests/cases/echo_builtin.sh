# echo
echo a b c
echo -n no newline; echo
echo -e 'tab\there' 'nl\nx'
echo -e 'oct\0101 hex\x41 back\\'
echo -e 'stop\c' never
echo -n -e 'x\ty\n'
echo -- -n
echo
echo ""

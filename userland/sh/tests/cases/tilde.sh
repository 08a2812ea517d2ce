# tilde expansion
HOME=/home/test
echo ~ ~/dir "~" \~ ~x
x=~; echo $x
y=a:~/b; echo $y
echo ${z:-~}
HOME=/other; echo ~

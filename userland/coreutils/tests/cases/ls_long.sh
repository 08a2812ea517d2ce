# ls -l: mode, links, size, date, "-> target"; -h sizes; device numbers.
# Owner, group and the times of new files depend on the machine: cut out.
printf 'hello\n' > f
$BIN/touch -d @1700000000 f
$BIN/ls -l f | awk '{print $1, $2, $5, $6, $7, $8, $9}'
ln -s f link
$BIN/ls -l link | awk '{print $1, $2, $5, $9, $10, $11}'
$BIN/chmod 4751 f
$BIN/ls -l f | awk '{print $1}'
$BIN/touch g
$BIN/ls -l g | awk '{print ($8 ~ /^[0-9][0-9]:[0-9][0-9]$/) ? "recent: time" : "recent: " $8}'
$BIN/head -c 500 /dev/zero > s500
$BIN/head -c 1536 /dev/zero > s1536
$BIN/head -c 20000 /dev/zero > s20000
$BIN/head -c 2000000 /dev/zero > s2000000
$BIN/ls -lh s* | awk '{print $5, $NF}'
$BIN/ls -l s* | awk '{print $5, $NF}'
$BIN/ls -l /dev/null | awk '{print $1, $5, $6, $NF}'
$BIN/ls -ld . | awk '{print substr($1, 1, 1), $NF}'

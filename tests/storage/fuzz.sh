#!/bin/sh
# make check: 50 corrupted ext2 images with a fixed seed
# (tests/storage/ext2fuzz.py; `make check-fuzz` runs 1000).
command -v python3 >/dev/null 2>&1 || { echo "fuzz: no python3: skipped"; exit 77; }
PATH=$PATH:/sbin:/usr/sbin
exec python3 "$top_srcdir/tests/storage/ext2fuzz.py" --count "${FUZZ_COUNT:-50}" \
	--seed "${FUZZ_SEED:-1}" "$CIRCLESIM"

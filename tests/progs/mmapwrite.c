/*
 * mmapwrite.c -- a test of MAP_SHARED write-back: write pages of a file
 * through a shared mapping and leave without munmap or msync (the
 * kernel must still write them back), or with msync; check them later
 * with read(2), from another boot.
 *
 *   mmapwrite w FILE PAGES   create FILE (a hole of PAGES pages), write
 *                            every page through the mapping, exit
 *   mmapwrite s FILE PAGES   the same, then msync(MS_SYNC) and compare
 *                            with read(2) while still mapped
 *   mmapwrite c FILE PAGES   check FILE with read(2)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static void
fill(char *p, long i)
{
	memset(p, 'a' + (int)(i % 26), PAGE);
	snprintf(p, 32, "page %ld\n", i);
}

static int
check(int fd, long pages)
{
	char want[PAGE], got[PAGE];

	for (long i = 0; i < pages; i++) {
		fill(want, i);
		if (pread(fd, got, PAGE, (off_t)i * PAGE) != PAGE ||
		    memcmp(got, want, PAGE) != 0) {
			printf("mmapwrite: page %ld differs\n", i);
			return 1;
		}
	}
	printf("mmapwrite: %ld pages ok\n", pages);
	return 0;
}

int
main(int argc, char **argv)
{
	long pages = argc == 4 ? atol(argv[3]) : 0;
	char *map;
	int fd;

	if (argc != 4 || pages <= 0 || strchr("wsc", argv[1][0]) == NULL) {
		fprintf(stderr, "usage: mmapwrite w|s|c FILE PAGES\n");
		return 2;
	}
	if (argv[1][0] == 'c') {
		if ((fd = open(argv[2], O_RDONLY)) < 0) {
			perror(argv[2]);
			return 1;
		}
		return check(fd, pages);
	}
	if ((fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644)) < 0 ||
	    ftruncate(fd, (off_t)pages * PAGE) < 0) {
		perror(argv[2]);
		return 1;
	}
	map = mmap(NULL, (size_t)pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (long i = 0; i < pages; i++)
		fill(map + i * PAGE, i);
	if (argv[1][0] == 's') {
		if (msync(map, (size_t)pages * PAGE, MS_SYNC) < 0) {
			perror("msync");
			return 1;
		}
		return check(fd, pages);
	}
	return 0;
}

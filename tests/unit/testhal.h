/*
 * testhal.h -- the hosted one-CPU HAL that unit tests link the kernel with,
 * and the knobs tests use to drive it and look at what the kernel did.
 */
#ifndef TESTS_UNIT_TESTHAL_H
#define TESTS_UNIT_TESTHAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"

#define TESTHAL_RAM_BASE 0x40000000ull		/* fake physical address */
#define TESTHAL_RAM_SIZE (16ull << 20)		/* bytes of RAM */

/* Back to the boot state: default RAM range, empty console and cmdline. */
void testhal_reset(void);

/* Report these ranges (inside the RAM) from hal_mem_ranges instead. */
void testhal_set_mem_ranges(const struct hal_mem_range *r, int n);

/* Kernel virtual address of the first RAM byte. */
void *testhal_ram(void);

void testhal_set_time(uint64_t ns);
uint64_t testhal_timer_deadline(void);	/* last hal_timer_oneshot */
bool testhal_irq_on(void);
unsigned long testhal_ipi_count(int cpu);

/* Everything the kernel wrote to the console, NUL terminated. */
const char *testhal_console(void);
void testhal_console_clear(void);

void testhal_set_cmdline(const char *s);

/*
 * The next panic must print `substr` (NULL: any panic). If it prints
 * something else, the test process exits with status 99 instead of
 * aborting, so a test expecting SIGABRT fails.
 */
void testhal_expect_panic(const char *substr);

/*
 * Disks: image files. Each hal_block_submit is done with pread/pwrite and
 * completed with interrupts disabled before it returns (the kernel must
 * cope with that: another CPU could complete it that early), unless
 * completions are held. The disks take TESTHAL_BLOCK_DEPTH requests at
 * once of TESTHAL_BLOCK_MAX_SECTORS and TESTHAL_BLOCK_MAX_SEGS each,
 * small so tests see queueing and splitting.
 */
#define TESTHAL_MAX_DISKS 4
#define TESTHAL_BLOCK_DEPTH 4
#define TESTHAL_BLOCK_MAX_SECTORS 16
#define TESTHAL_BLOCK_MAX_SEGS 4

/* Attach an image file as the next disk; its number, or -1 (why on
 * stderr). A size that is not a multiple of 512 is rounded down. */
int testhal_block_attach(const char *path, bool readonly);

/* Requests of disk dev touching `sector` fail with -EIO (UINT64_MAX:
 * none). */
void testhal_block_fail(int dev, uint64_t sector);

/* Hold completions (the requests stay in flight) until released. */
void testhal_block_hold(bool hold);

/* Complete every held request, and those started meanwhile; how many. */
int testhal_block_complete(void);

/* Requests in flight (held), and requests seen by disk dev of each op. */
int testhal_block_inflight(void);
unsigned long testhal_block_requests(int dev, int op);

/*
 * The kernel's own klib functions. Their usual names are local to
 * kernel-test.o (libc-names.txt); the link adds these aliases.
 */
void *klib_memcpy(void *dst, const void *src, size_t n);
void *klib_memmove(void *dst, const void *src, size_t n);
void *klib_memset(void *dst, int c, size_t n);
int klib_memcmp(const void *a, const void *b, size_t n);
void *klib_memchr(const void *s, int c, size_t n);
size_t klib_strlen(const char *s);
size_t klib_strnlen(const char *s, size_t max);
int klib_strcmp(const char *a, const char *b);
int klib_strncmp(const char *a, const char *b, size_t n);
char *klib_strchr(const char *s, int c);
char *klib_strrchr(const char *s, int c);
size_t klib_strlcpy(char *dst, const char *src, size_t size);
size_t klib_strlcat(char *dst, const char *src, size_t size);

#endif

/*
 * kernel.h -- what every kernel file needs: basic types, the HAL, error
 * numbers, the small C library (klib.c, printf.c), logging and panic.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "kerrno.h"
#include "list.h"

#define CIRCLEOS_VERSION "0.1.0"

#define PAGE_SIZE HAL_PAGE_SIZE
#define PAGE_SHIFT 12
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define NSEC_PER_SEC 1000000000ull
#define NSEC_PER_MSEC 1000000ull
#define NSEC_PER_USEC 1000ull

typedef long ssize_t;

/* klib.c: the C library subset the kernel uses (same contracts as ISO C). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcat(char *dst, const char *src, size_t size);
long kstrtol(const char *s, char **end, int base);
unsigned long long kstrtoull(const char *s, char **end, int base);

/* printf.c: formatted output (%d %i %u %x %X %o %c %s %p %%, flags
 * "-0+ #", width, precision, length h hh l ll z t j). */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* log.c: the kernel log. kprintf adds to the log ring and prints it on
 * the console unless the console log level filters it. */
#define KLOG_ERR 3
#define KLOG_WARN 4
#define KLOG_INFO 6
#define KLOG_DEBUG 7
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int klog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kvlog(int level, const char *fmt, va_list ap);
void kputs_console(const char *s, size_t n);
size_t klog_read(char *buf, size_t size, uint64_t *pos);
void klog_set_console_level(int level);
int klog_console_level(void);
uint64_t klog_head(void);
int klog_wait(uint64_t pos);

/* panic.c */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void backtrace_print(void);
extern volatile int panicking;

#define kassert(x) do { if (unlikely(!(x))) \
	panic("assertion failed: %s at %s:%d", #x, __FILE__, __LINE__); } while (0)

/* cmdline.c */
const char *cmdline_get(const char *key, char *buf, size_t size);
bool cmdline_has(const char *key);
long cmdline_long(const char *key, long dflt);
bool cmdline_list_has(const char *list, const char *name);

#endif

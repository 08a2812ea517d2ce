/*
 * cmdline.c -- the kernel command line: words "key=value" or "flag",
 * separated by spaces.
 */
#include "kernel.h"

/* Find word `key` (alone or as "key=..."); return its start or NULL. */
static const char *
find(const char *key, size_t *vlen, const char **val)
{
	const char *p = hal_cmdline(), *w;
	size_t k = strlen(key), n;

	while (*p) {
		while (*p == ' ')
			p++;
		w = p;
		while (*p && *p != ' ')
			p++;
		n = (size_t)(p - w);
		if (n >= k && strncmp(w, key, k) == 0 && (n == k || w[k] == '=')) {
			*val = n == k ? w + n : w + k + 1;
			*vlen = n == k ? 0 : n - k - 1;
			return w;
		}
	}
	return NULL;
}

/* Value of key=value into buf (truncated to size); NULL if absent. */
const char *
cmdline_get(const char *key, char *buf, size_t size)
{
	const char *val;
	size_t n;

	if (find(key, &n, &val) == NULL || size == 0)
		return NULL;
	n = MIN(n, size - 1);
	memcpy(buf, val, n);
	buf[n] = '\0';
	return buf;
}

bool
cmdline_has(const char *key)
{
	const char *val;
	size_t n;

	return find(key, &n, &val) != NULL;
}

/* Integer value of key=N, or dflt when absent or malformed. */
long
cmdline_long(const char *key, long dflt)
{
	char buf[64], *end;
	const char *val;
	size_t n;
	long v;

	if (find(key, &n, &val) == NULL || n == 0 || n >= sizeof(buf))
		return dflt;
	memcpy(buf, val, n);
	buf[n] = '\0';
	v = kstrtol(buf, &end, 0);
	return end != buf && *end == '\0' ? v : dflt;
}

/* Does the comma-separated list `list` name `name` (or say "all")? */
bool
cmdline_list_has(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	if (strcmp(list, "all") == 0)
		return true;
	while (p != NULL && *p) {
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return false;
}

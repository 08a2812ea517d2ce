/*
 * cpio.c -- unpack a "newc" cpio archive held in memory into the root file
 * system: directories, regular files, symlinks, device nodes and fifos
 * with mode, owner and mtime, and hard links (same inode number). A
 * malformed archive is reported in the kernel log and stops the unpack.
 */
#include "fs_local.h"
#include "heap.h"

#define HDR_LEN 110
#define NFIELDS 13

/* The header fields, in archive order. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
       F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

struct cpio_entry {
	uint32_t f[NFIELDS];
	char *path;			/* "/" + the name, normalized */
	const char *data;		/* f[F_FILESIZE] bytes */
};

/* Files with nlink > 1 seen so far, to link their later names. */
struct cpio_link {
	struct cpio_link *next;
	uint32_t ino, devmajor, devminor;
	char *path;
};

static int
hex8(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	int d;

	for (int i = 0; i < 8; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			d = p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			d = p[i] - 'A' + 10;
		else
			return -EINVAL;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* Report a malformed archive; returns -EINVAL. */
static int
bad(size_t off, const char *why)
{
	klog(KLOG_ERR,
	     "cpio: malformed archive at byte %zu: %s; unpacking stops", off,
	     why);
	return -EINVAL;
}

/* "./a/b", "/a/b", "a/b" -> "/a/b"; "" or "." -> NULL (the root). */
static char *
entry_path(const char *name)
{
	char *p;

	while (name[0] == '/' || (name[0] == '.' && name[1] == '/'))
		name += name[0] == '/' ? 1 : 2;
	if (name[0] == '\0' || strcmp(name, ".") == 0)
		return NULL;
	if ((p = kmalloc(strlen(name) + 2)) != NULL) {
		p[0] = '/';
		strlcpy(p + 1, name, strlen(name) + 1);
	}
	return p;
}

/* Remove what is at path if it is in the way of a node of type `type`. */
static void
clear_path(const char *path, uint32_t type)
{
	struct nameidata nd;
	bool dir;

	if (path_lookup(AT_FDCWD, path, 0, &nd) < 0)
		return;
	dir = S_ISDIR(nd.ip->mode);
	nd_release(&nd);
	if (dir && type == S_IFDIR)
		return;
	vfs_unlink(AT_FDCWD, path, dir);
}

static int
write_data(const char *path, const char *data, size_t n)
{
	struct uio u = { (uintptr_t)data, n, true };
	struct file *f;
	ssize_t w = 0;
	int r;

	if ((r = vfs_open(AT_FDCWD, path, O_WRONLY | O_TRUNC, 0, &f)) < 0)
		return r;
	while (u.len > 0 && (w = file_write(f, &u)) > 0)
		;
	file_put(f);
	return w < 0 ? (int)w : 0;
}

static int
make_symlink(struct cpio_entry *e)
{
	size_t n = e->f[F_FILESIZE];
	char *target;
	int r;

	if (n == 0 || n >= PATH_MAX)
		return -EINVAL;
	if ((target = kmalloc(n + 1)) == NULL)
		return -ENOMEM;
	memcpy(target, e->data, n);
	target[n] = '\0';
	r = vfs_symlink(target, AT_FDCWD, e->path);
	kfree(target);
	return r;
}

/* Set owner, mode and times from the header. */
static int
set_attrs(struct cpio_entry *e)
{
	struct iattr ia = { .valid = ATTR_UID | ATTR_GID | ATTR_ATIME |
				     ATTR_MTIME };
	struct nameidata nd;
	int r;

	if ((r = path_lookup(AT_FDCWD, e->path, 0, &nd)) < 0)
		return r;
	ia.uid = e->f[F_UID];
	ia.gid = e->f[F_GID];
	ia.atime.tv_sec = ia.mtime.tv_sec = e->f[F_MTIME];
	if (!S_ISLNK(nd.ip->mode)) {
		ia.valid |= ATTR_MODE;
		ia.mode = e->f[F_MODE] & 07777;
	}
	r = vfs_setattr(nd.ip, &ia);
	nd_release(&nd);
	return r;
}

/* A later name of a file seen before: link it (0), or 1 if it is new. */
static int
hard_link(struct cpio_entry *e, struct cpio_link **links)
{
	struct cpio_link *l;

	if (e->f[F_NLINK] < 2 || S_ISDIR(e->f[F_MODE]))
		return 1;
	for (l = *links; l != NULL; l = l->next) {
		if (l->ino != e->f[F_INO] || l->devmajor != e->f[F_DEVMAJOR] ||
		    l->devminor != e->f[F_DEVMINOR])
			continue;
		clear_path(e->path, 0);
		return vfs_link(AT_FDCWD, l->path, AT_FDCWD, e->path, 0);
	}
	if ((l = kzalloc(sizeof(*l))) == NULL ||
	    (l->path = kstrdup(e->path)) == NULL) {
		kfree(l);
		return -ENOMEM;
	}
	l->ino = e->f[F_INO];
	l->devmajor = e->f[F_DEVMAJOR];
	l->devminor = e->f[F_DEVMINOR];
	l->next = *links;
	*links = l;
	return 1;
}

static int
make_node(struct cpio_entry *e)
{
	uint32_t mode = e->f[F_MODE], type = mode & S_IFMT;
	int r;

	switch (type) {
	case S_IFDIR:
		clear_path(e->path, type);
		r = vfs_mknod(AT_FDCWD, e->path, mode, 0);
		return r == -EEXIST ? 0 : r;
	case S_IFREG:
		clear_path(e->path, type);
		if ((r = vfs_mknod(AT_FDCWD, e->path, mode, 0)) < 0)
			return r;
		return write_data(e->path, e->data, e->f[F_FILESIZE]);
	case S_IFLNK:
		clear_path(e->path, type);
		return make_symlink(e);
	case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		clear_path(e->path, type);
		return vfs_mknod(AT_FDCWD, e->path, mode,
				 MKDEV(e->f[F_RDEVMAJOR] & 0xfff,
				       e->f[F_RDEVMINOR] & 0xfffff));
	}
	return -EINVAL;
}

/* Unpack one well-formed entry; errors are logged, not fatal. */
static int
unpack_entry(struct cpio_entry *e, struct cpio_link **links)
{
	int r = hard_link(e, links);

	if (r == 0 && e->f[F_FILESIZE] > 0)
		r = write_data(e->path, e->data, e->f[F_FILESIZE]);
	else if (r == 1)
		r = make_node(e);
	if (r == 0)
		r = set_attrs(e);
	if (r < 0)
		klog(KLOG_WARN, "cpio: %s: cannot unpack: error %d", e->path,
		     -r);
	return r;
}

/* Parse the header at off; 0, 1 at the trailer, or -EINVAL (logged). */
static int
parse_entry(const char *a, size_t len, size_t off, struct cpio_entry *e,
	    size_t *next)
{
	size_t name_off = off + HDR_LEN, data_off;
	const char *name;

	if (len - off < HDR_LEN)
		return bad(off, "truncated header");
	if (memcmp(a + off, "070701", 6) != 0 &&
	    memcmp(a + off, "070702", 6) != 0)
		return bad(off, "bad magic (not a newc archive)");
	for (int i = 0; i < NFIELDS; i++)
		if (hex8(a + off + 6 + 8 * i, &e->f[i]) < 0)
			return bad(off, "bad hexadecimal field");
	if (e->f[F_NAMESIZE] == 0 || e->f[F_NAMESIZE] > PATH_MAX ||
	    e->f[F_NAMESIZE] > len - name_off)
		return bad(off, "bad name size");
	name = a + name_off;
	if (name[e->f[F_NAMESIZE] - 1] != '\0' ||
	    strlen(name) + 1 != e->f[F_NAMESIZE])
		return bad(off, "name is not terminated");
	if (strcmp(name, "TRAILER!!!") == 0)
		return 1;
	data_off = ALIGN_UP(name_off + e->f[F_NAMESIZE], 4);
	if (data_off > len || e->f[F_FILESIZE] > len - data_off)
		return bad(off, "file data past the end");
	e->data = a + data_off;
	e->path = entry_path(name);
	*next = ALIGN_UP(data_off + e->f[F_FILESIZE], 4);
	return 0;
}

/*
 * Unpack the newc archive data[0..len) into the root file system, as the
 * caller (root at boot). Returns 0, -EINVAL for a malformed archive (what
 * came before it stays), or the first error of an entry that could not be
 * made (the others are still unpacked). Kernel thread; may sleep.
 */
int
cpio_unpack(const void *data, size_t len)
{
	struct cpio_link *links = NULL, *l;
	size_t off = 0, next = 0;
	struct cpio_entry e;
	int r, first = 0, n = 0;

	for (;;) {
		if (off >= len) {
			first = bad(off, "no TRAILER!!! entry");
			break;
		}
		memset(&e, 0, sizeof(e));
		if ((r = parse_entry(data, len, off, &e, &next)) != 0) {
			first = r < 0 ? r : first;
			break;
		}
		if (e.path != NULL && (r = unpack_entry(&e, &links)) < 0 &&
		    first == 0)
			first = r;
		n++;
		kfree(e.path);
		off = next;
	}
	while ((l = links) != NULL) {
		links = l->next;
		kfree(l->path);
		kfree(l);
	}
	klog(KLOG_INFO, "cpio: %d entries unpacked", n);
	return first;
}

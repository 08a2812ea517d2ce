/*
 * fd.c -- file descriptor tables: lowest free slot, close-on-exec flags,
 * RLIMIT_NOFILE, sharing (CLONE_FILES) and copying (fork). A table's lock
 * (a spinlock) guards its slots; files are put after it is dropped.
 */
#include "fs_local.h"
#include "heap.h"

/* The caller's RLIMIT_NOFILE soft limit, at most NOFILE_MAX. */
int
fd_limit(void)
{
	struct proc *p = curproc();
	uint64_t lim = p != NULL ? p->rlim[RLIMIT_NOFILE].cur : NOFILE_DEFAULT;

	return (int)MIN(lim, (uint64_t)NOFILE_MAX);
}

static struct fdtable *
cur_fds(void)
{
	struct proc *p = curproc();

	return p != NULL ? p->fds : NULL;
}

static int
fdtable_alloc_slots(int n, struct file ***fd, uint8_t **cloexec)
{
	*fd = kzalloc((size_t)n * sizeof(**fd));
	*cloexec = kzalloc((size_t)n);
	if (*fd == NULL || *cloexec == NULL) {
		kfree(*fd);
		kfree(*cloexec);
		return -ENOMEM;
	}
	return 0;
}

/* A new empty table with room for max descriptors, or NULL. May sleep. */
struct fdtable *
fdtable_new(int max)
{
	struct fdtable *t = kzalloc(sizeof(*t));

	max = MAX(1, MIN(max, NOFILE_MAX));
	if (t == NULL || fdtable_alloc_slots(max, &t->fd, &t->cloexec) < 0) {
		kfree(t);
		return NULL;
	}
	spin_init(&t->lock, "fdtable");
	t->refs = 1;
	t->max = max;
	return t;
}

/* Make room for `need` slots. 0, -ENOMEM or -EMFILE. May sleep. */
static int
fdtable_grow(struct fdtable *t, int need)
{
	struct file **fd, **ofd;
	uint8_t *ce, *oce;
	int n;

	if (need > NOFILE_MAX)
		return -EMFILE;
	n = MIN(MAX(need, 2 * READ_ONCE(t->max)), NOFILE_MAX);
	if (fdtable_alloc_slots(n, &fd, &ce) < 0)
		return -ENOMEM;
	spin_lock(&t->lock);
	if (t->max >= n) {		/* someone else grew it */
		spin_unlock(&t->lock);
		kfree(fd);
		kfree(ce);
		return 0;
	}
	memcpy(fd, t->fd, (size_t)t->max * sizeof(*fd));
	memcpy(ce, t->cloexec, (size_t)t->max);
	ofd = t->fd;
	oce = t->cloexec;
	t->fd = fd;
	t->cloexec = ce;
	t->max = n;
	spin_unlock(&t->lock);
	kfree(ofd);
	kfree(oce);
	return 0;
}

/* A copy of src (fork): the same files, each with one more reference. */
struct fdtable *
fdtable_copy(struct fdtable *src)
{
	struct fdtable *t;
	int n;

	for (;;) {
		n = READ_ONCE(src->max);
		if ((t = fdtable_new(n)) == NULL)
			return NULL;
		spin_lock(&src->lock);
		if (src->max <= t->max)
			break;
		spin_unlock(&src->lock);
		fdtable_put(t);
	}
	for (int i = 0; i < src->max; i++) {
		if ((t->fd[i] = src->fd[i]) != NULL)
			file_get(t->fd[i]);
		t->cloexec[i] = src->cloexec[i];
	}
	spin_unlock(&src->lock);
	return t;
}

/* Drop a reference to t; the last one closes every file. May sleep. */
void
fdtable_put(struct fdtable *t)
{
	if (t == NULL || __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (int i = 0; i < t->max; i++)
		if (t->fd[i] != NULL)
			file_put(t->fd[i]);
	kfree(t->fd);
	kfree(t->cloexec);
	kfree(t);
}

/* The file of descriptor fd of the caller: a new reference, or NULL. */
struct file *
fd_get(int fd)
{
	struct fdtable *t = cur_fds();
	struct file *f = NULL;

	if (t == NULL || fd < 0)
		return NULL;
	spin_lock(&t->lock);
	if (fd < t->max && (f = t->fd[fd]) != NULL)
		file_get(f);
	spin_unlock(&t->lock);
	return f;
}

/* Is there a free descriptor below RLIMIT_NOFILE? 0 or -EMFILE. */
int
fd_room(void)
{
	struct fdtable *t = cur_fds();
	int lim = fd_limit(), r = -EMFILE;

	if (t == NULL)
		return -EMFILE;
	spin_lock(&t->lock);
	if (t->max < lim)
		r = 0;
	for (int fd = 0; fd < t->max && fd < lim && r < 0; fd++)
		if (t->fd[fd] == NULL)
			r = 0;
	spin_unlock(&t->lock);
	return r;
}

/*
 * Give f the lowest free descriptor >= minfd. On success the table owns
 * the caller's reference and the descriptor is returned; else -EINVAL
 * (minfd beyond RLIMIT_NOFILE), -EMFILE, -ENOMEM. May sleep.
 */
int
fd_install(struct file *f, int minfd, bool cloexec)
{
	struct fdtable *t = cur_fds();
	int lim = fd_limit(), fd, r;

	if (t == NULL)
		return -EMFILE;
	if (minfd < 0 || minfd >= lim)
		return -EINVAL;
	for (;;) {
		spin_lock(&t->lock);
		for (fd = minfd; fd < t->max && fd < lim; fd++) {
			if (t->fd[fd] == NULL) {
				t->fd[fd] = f;
				t->cloexec[fd] = cloexec;
				spin_unlock(&t->lock);
				return fd;
			}
		}
		spin_unlock(&t->lock);
		if (fd >= lim)
			return -EMFILE;
		if ((r = fdtable_grow(t, fd + 1)) < 0)
			return r;
	}
}

/*
 * Put f at descriptor fd (dup2), closing what was there. Takes over the
 * caller's reference on success. Returns fd, -EBADF (fd out of range) or
 * -ENOMEM. May sleep.
 */
int
fd_replace(int fd, struct file *f, bool cloexec)
{
	struct fdtable *t = cur_fds();
	struct file *old;
	int r;

	if (t == NULL || fd < 0 || fd >= fd_limit())
		return -EBADF;
	while (fd >= READ_ONCE(t->max))
		if ((r = fdtable_grow(t, fd + 1)) < 0)
			return r;
	spin_lock(&t->lock);
	old = t->fd[fd];
	t->fd[fd] = f;
	t->cloexec[fd] = cloexec;
	spin_unlock(&t->lock);
	file_put(old);
	return fd;
}

/* Close descriptor fd. 0 or -EBADF. May sleep. */
int
fd_close(int fd)
{
	struct fdtable *t = cur_fds();
	struct file *f = NULL;

	if (t == NULL || fd < 0)
		return -EBADF;
	spin_lock(&t->lock);
	if (fd < t->max && (f = t->fd[fd]) != NULL) {
		t->fd[fd] = NULL;
		t->cloexec[fd] = 0;
	}
	spin_unlock(&t->lock);
	if (f == NULL)
		return -EBADF;
	file_put(f);
	return 0;
}

/* Query (set < 0) or set fd's close-on-exec flag: 0/1 or -EBADF. */
int
fd_cloexec(int fd, int set)
{
	struct fdtable *t = cur_fds();
	int r = -EBADF;

	if (t == NULL || fd < 0)
		return -EBADF;
	spin_lock(&t->lock);
	if (fd < t->max && t->fd[fd] != NULL) {
		if (set >= 0)
			t->cloexec[fd] = set != 0;
		r = t->cloexec[fd];
	}
	spin_unlock(&t->lock);
	return r;
}

/* Close (or mark close-on-exec) descriptors first..last. Returns 0. */
int
fd_close_range(unsigned first, unsigned last, bool cloexec_only)
{
	struct fdtable *t = cur_fds();
	struct file *f;

	if (t == NULL)
		return 0;
	for (unsigned fd = first; fd <= last; fd++) {
		f = NULL;
		spin_lock(&t->lock);
		if (fd >= (unsigned)t->max) {
			spin_unlock(&t->lock);
			break;
		}
		if (cloexec_only && t->fd[fd] != NULL) {
			t->cloexec[fd] = 1;
		} else if ((f = t->fd[fd]) != NULL) {
			t->fd[fd] = NULL;
			t->cloexec[fd] = 0;
		}
		spin_unlock(&t->lock);
		file_put(f);
		if (fd == ~0u)
			break;
	}
	return 0;
}

/* exec: close every descriptor marked close-on-exec. May sleep. */
void
fd_close_on_exec(struct fdtable *t)
{
	struct file *f;

	for (int fd = 0; fd < READ_ONCE(t->max); fd++) {
		f = NULL;
		spin_lock(&t->lock);
		if (fd < t->max && t->cloexec[fd] && (f = t->fd[fd]) != NULL) {
			t->fd[fd] = NULL;
			t->cloexec[fd] = 0;
		}
		spin_unlock(&t->lock);
		file_put(f);
	}
}

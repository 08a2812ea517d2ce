/*
 * ext2_namei.c -- the inode operations of ext2: lookup, create (files,
 * directories, device nodes, FIFOs, sockets), link, unlink and rmdir,
 * rename, symlinks (fast ones inside the inode, slow ones in a block),
 * attributes and mmap's getpage. The VFS holds the directories' locks
 * (kernel/vfs.h); children are locked after them.
 */
#include "ext2.h"

static int
check_writable(struct inode *dir)
{
	return ext2_readonly(EXT2_FS(dir->sb)) ? -EROFS : 0;
}

static int
ext2_lookup(struct inode *dir, const char *name, size_t len,
	    struct inode **out)
{
	struct ext2_dirent_loc loc;
	int r;

	if (len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	if ((r = ext2_dir_find(dir, name, len, &loc)) < 0)
		return r;
	return ext2_iget(EXT2_FS(dir->sb), loc.ino, out);
}

/* May `name` be added to dir? */
static int
may_add(struct inode *dir, const char *name, size_t len)
{
	struct ext2_dirent_loc loc;
	int r;

	if (dir->nlink == 0)
		return -ENOENT;
	if (len == 0)
		return -ENOENT;
	if (len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	if (name_is_dots(name, len))
		return -EEXIST;
	if ((r = check_writable(dir)) < 0)
		return r;
	r = ext2_dir_find(dir, name, len, &loc);
	return r == 0 ? -EEXIST : r == -ENOENT ? 0 : r;
}

/* A device number in i_block: the old 8:8 form when it fits (as Linux
 * writes it), else the new one in i_block[1]. */
static void
set_rdev(struct inode *ip, uint32_t rdev)
{
	struct ext2_inode_info *ei = EI(ip);

	ip->rdev = rdev;
	if (MAJOR(rdev) < 256 && MINOR(rdev) < 256) {
		ei->i_block[0] = MAJOR(rdev) << 8 | MINOR(rdev);
	} else {
		ei->i_block[0] = 0;
		ei->i_block[1] = rdev;
	}
}

/* A new inode for dir, ready but not yet named. */
static int
make_inode(struct inode *dir, uint32_t mode, uint32_t rdev,
	   struct inode **out)
{
	struct inode *ip;
	int r;

	if (S_ISDIR(mode) && dir->nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	if ((r = ext2_inode_new(dir, mode, &ip)) < 0)
		return r;
	if (S_ISCHR(mode) || S_ISBLK(mode))
		set_rdev(ip, rdev);
	if (S_ISDIR(mode)) {
		ip->nlink = 2;
		if ((r = ext2_dir_init(ip, (uint32_t)dir->ino)) < 0) {
			ip->nlink = 0;
			inode_put(ip);
			return r;
		}
	}
	ext2_mark_dirty(ip);
	*out = ip;
	return 0;
}

/* Name the new inode ip in dir; on failure ip is deleted. */
static int
name_inode(struct inode *dir, const char *name, size_t len, struct inode *ip)
{
	int r = ext2_dir_add(dir, name, len, (uint32_t)ip->ino, ip->mode);

	if (r < 0) {
		ip->nlink = 0;
		return r;
	}
	if (S_ISDIR(ip->mode)) {
		dir->nlink++;
		ext2_mark_dirty(dir);
	}
	return 0;
}

static int
ext2_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
	    uint32_t rdev, struct inode **out)
{
	struct inode *ip;
	int r;

	if ((r = may_add(dir, name, len)) < 0 ||
	    (r = make_inode(dir, mode, rdev, &ip)) < 0)
		return r;
	if ((r = name_inode(dir, name, len, ip)) < 0) {
		inode_put(ip);
		return r;
	}
	*out = ip;
	return 0;
}

/* The text of a new symlink: in i_block if it fits, else in a block. */
static int
symlink_fill(struct inode *ip, const char *target, size_t tl)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	uint32_t pblk;
	struct buf *b;
	int r;

	if (tl < sizeof(EI(ip)->i_block)) {
		memcpy(EI(ip)->i_block, target, tl);
	} else {
		mutex_lock(&ip->lock);
		r = ext2_bmap(ip, 0, true, &pblk, NULL);
		mutex_unlock(&ip->lock);
		if (r < 0)
			return r;
		if ((b = bget(fs->dev, pblk, fs->bsize)) == NULL)
			return -ENOMEM;
		memset(b->data, 0, fs->bsize);
		memcpy(b->data, target, tl);
		bdirty(b);
		brelse(b);
	}
	ip->size = tl;
	ext2_mark_dirty(ip);
	return 0;
}

static int
ext2_symlink(struct inode *dir, const char *name, size_t len,
	     const char *target)
{
	size_t tl = strlen(target);
	struct inode *ip;
	int r;

	if (tl >= EXT2_FS(dir->sb)->bsize)
		return -ENAMETOOLONG;
	if ((r = may_add(dir, name, len)) < 0 ||
	    (r = make_inode(dir, S_IFLNK | 0777, 0, &ip)) < 0)
		return r;
	if ((r = symlink_fill(ip, target, tl)) < 0)
		ip->nlink = 0;
	else
		r = name_inode(dir, name, len, ip);
	inode_put(ip);
	return r;
}

static ssize_t
ext2_readlink(struct inode *ip, char *buf, size_t n)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	struct ext2_inode_info *ei = EI(ip);
	uint64_t acl = ei->file_acl != 0 ? fs->bsize / 512 : 0;
	size_t len;
	uint32_t pblk;
	struct buf *b;
	ssize_t r;

	mutex_lock(&ip->lock);
	len = (size_t)MIN((uint64_t)n, ip->size);
	if (ip->blocks <= acl) {		/* fast: in the inode */
		if (ip->size >= sizeof(ei->i_block)) {
			ext2_error(fs, "symlink %llu: bad size",
				   (unsigned long long)ip->ino);
			r = -EIO;
		} else {
			memcpy(buf, ei->i_block, len);
			r = (ssize_t)len;
		}
	} else if ((r = ext2_bmap(ip, 0, false, &pblk, NULL)) == 0) {
		if (pblk == 0 || (b = ext2_bread(fs, pblk)) == NULL) {
			r = -EIO;
		} else {
			memcpy(buf, b->data, len);
			brelse(b);
			r = (ssize_t)len;
		}
	}
	mutex_unlock(&ip->lock);
	return r;
}

static int
ext2_link(struct inode *dir, const char *name, size_t len,
	  struct inode *target)
{
	int r;

	if (target->sb != dir->sb)
		return -EXDEV;
	if (S_ISDIR(target->mode))
		return -EPERM;
	if ((r = may_add(dir, name, len)) < 0)
		return r;
	mutex_lock(&target->lock);
	if (target->nlink == 0 || target->nlink >= EXT2_LINK_MAX) {
		r = target->nlink == 0 ? -ENOENT : -EMLINK;
	} else if ((r = ext2_dir_add(dir, name, len, (uint32_t)target->ino,
				     target->mode)) == 0) {
		target->nlink++;
		target->ctime = vfs_now();
		ext2_mark_dirty(target);
	}
	mutex_unlock(&target->lock);
	return r;
}

/* The victim v (locked) lost its entry in dir. */
static void
drop_link(struct inode *dir, struct inode *v)
{
	if (S_ISDIR(v->mode)) {
		v->nlink = 0;
		if (dir->nlink > 2)
			dir->nlink--;
		ext2_mark_dirty(dir);
	} else if (v->nlink > 0) {
		v->nlink--;
	}
	v->ctime = vfs_now();
	ext2_mark_dirty(v);
}

static int
ext2_unlink(struct inode *dir, const char *name, size_t len, bool rmdir)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	struct ext2_dirent_loc loc;
	struct inode *v;
	int r;

	if ((r = check_writable(dir)) < 0)
		return r;
	if ((r = ext2_dir_find(dir, name, len, &loc)) < 0)
		return r;
	if ((r = ext2_iget(fs, loc.ino, &v)) < 0)
		return r;
	if (rmdir != S_ISDIR(v->mode)) {
		inode_put(v);
		return rmdir ? -ENOTDIR : -EISDIR;
	}
	mutex_lock(&v->lock);
	if (rmdir && (r = ext2_dir_empty(v)) <= 0)
		r = r == 0 ? -ENOTEMPTY : r;
	else if ((r = ext2_dir_remove(dir, &loc)) == 0)
		drop_link(dir, v);
	mutex_unlock(&v->lock);
	inode_put(v);
	return r;
}

/* Point the moved directory src's ".." to ndir. src->lock held. */
static int
set_dotdot(struct inode *src, struct inode *ndir)
{
	struct ext2_dirent_loc loc;
	int r;

	if ((r = ext2_dir_find(src, "..", 2, &loc)) < 0)
		return r == -ENOENT ? -EIO : r;
	return ext2_dir_set(src, &loc, (uint32_t)ndir->ino, S_IFDIR);
}

/* May the entry for v (locked) in ndir be replaced by src? */
static int
victim_ok(struct inode *src, struct inode *v)
{
	int r;

	if (S_ISDIR(src->mode) != S_ISDIR(v->mode))
		return S_ISDIR(src->mode) ? -ENOTDIR : -EISDIR;
	if (S_ISDIR(v->mode) && (r = ext2_dir_empty(v)) <= 0)
		return r == 0 ? -ENOTEMPTY : r;
	return 0;
}

/* Give src its new name in ndir: replacing victim v (locked) at vloc,
 * or as a new entry. */
static int
rename_target(struct inode *ndir, const char *nname, size_t nlen,
	      struct inode *src, struct inode *v,
	      const struct ext2_dirent_loc *vloc)
{
	int r;

	if (v == NULL)
		return ext2_dir_add(ndir, nname, nlen, (uint32_t)src->ino,
				    src->mode);
	if ((r = victim_ok(src, v)) < 0 ||
	    (r = ext2_dir_set(ndir, vloc, (uint32_t)src->ino, src->mode)) < 0)
		return r;
	drop_link(ndir, v);
	return 0;
}

static int
ext2_rename(struct inode *odir, const char *oname, size_t olen,
	    struct inode *ndir, const char *nname, size_t nlen)
{
	struct ext2_fs *fs = EXT2_FS(odir->sb);
	struct ext2_dirent_loc oloc, nloc;
	struct inode *src, *v = NULL;
	int r;

	if ((r = check_writable(odir)) < 0)
		return r;
	if (nlen == 0 || nlen > EXT2_NAME_LEN)
		return nlen == 0 ? -ENOENT : -ENAMETOOLONG;
	if ((r = ext2_dir_find(odir, oname, olen, &oloc)) < 0 ||
	    (r = ext2_iget(fs, oloc.ino, &src)) < 0)
		return r;
	if ((r = ext2_dir_find(ndir, nname, nlen, &nloc)) == 0)
		r = ext2_iget(fs, nloc.ino, &v);
	else if (r == -ENOENT)
		r = 0;
	if (r == 0 && v == src)
		goto out;			/* two links of one file */
	if (r == 0 && S_ISDIR(src->mode) && odir != ndir && v == NULL &&
	    ndir->nlink >= EXT2_LINK_MAX)
		r = -EMLINK;
	if (r < 0)
		goto out;
	if (v != NULL)
		mutex_lock(&v->lock);
	r = rename_target(ndir, nname, nlen, src, v, &nloc);
	if (v != NULL)
		mutex_unlock(&v->lock);
	/* The old entry again: adding may have moved its neighbours. */
	if (r == 0 && (r = ext2_dir_find(odir, oname, olen, &oloc)) == 0)
		r = ext2_dir_remove(odir, &oloc);
	if (r < 0)
		goto out;
	mutex_lock(&src->lock);
	if (S_ISDIR(src->mode) && odir != ndir) {
		r = set_dotdot(src, ndir);
		odir->nlink--;
		ndir->nlink++;
		ext2_mark_dirty(odir);
		ext2_mark_dirty(ndir);
	}
	src->ctime = vfs_now();
	ext2_mark_dirty(src);
	mutex_unlock(&src->lock);
out:
	inode_put(v);
	inode_put(src);
	return r;
}

static int
ext2_setattr(struct inode *ip, const struct iattr *ia)
{
	int r;

	if ((ia->valid & ATTR_SIZE) && (r = ext2_truncate(ip, ia->size)) < 0)
		return r;
	mutex_lock(&ip->lock);
	inode_set_attr(ip, ia);
	ext2_mark_dirty(ip);
	mutex_unlock(&ip->lock);
	return 0;
}

static int
ext2_getpage(struct inode *ip, uint64_t index, bool create, paddr_t *pa)
{
	if (!S_ISREG(ip->mode) || EI(ip) == NULL)
		return -ENODEV;
	if (create && ext2_readonly(EXT2_FS(ip->sb)))
		return -EROFS;
	return pcache_getpage(&EI(ip)->pc, index, create, pa);
}

const struct inode_ops ext2_iops = {
	.lookup = ext2_lookup,
	.create = ext2_create,
	.link = ext2_link,
	.unlink = ext2_unlink,
	.rename = ext2_rename,
	.symlink = ext2_symlink,
	.readlink = ext2_readlink,
	.setattr = ext2_setattr,
	.getpage = ext2_getpage,
	.evict = ext2_evict,
};

/*
 * ext2_inode.c -- ext2 inodes in memory: found by number in a hash (one
 * struct inode per inode on the disk), read from and written to the inode
 * tables, their block maps (12 direct blocks, then single, double and
 * triple indirect blocks; 0 is a hole), truncation, and deletion when the
 * last link and the last reference are gone. Every number read from the
 * disk is checked before use; a bad one is -EIO with a log line.
 */
#include "ext2.h"
#include "heap.h"

#define FAST_SYMLINK_MAX (EXT2_N_BLOCKS * 4)	/* bytes in i_block */

/* ---- the table of in-memory inodes ---- */

/* The cached inode ino with a new reference, or NULL; *dead if it is
 * being deleted (no name leads to it any more). */
static struct inode *
hash_find(struct ext2_fs *fs, uint32_t ino, bool *dead)
{
	struct inode *ip = NULL;
	struct list *l;

	*dead = false;
	spin_lock(&fs->hash_lock);
	list_for_each(l, &fs->hash[ino % EXT2_HASH]) {
		struct ext2_inode_info *ei =
			list_entry(l, struct ext2_inode_info, hlink);

		if (ei->ip->ino != ino)
			continue;
		spin_lock(&itable_lock);
		if (ei->ip->refs == 0 && ei->ip->nlink == 0) {
			*dead = true;
		} else {
			ei->ip->refs++;
			ip = ei->ip;
		}
		spin_unlock(&itable_lock);
		break;
	}
	spin_unlock(&fs->hash_lock);
	return ip;
}

static void
hash_add(struct ext2_fs *fs, struct ext2_inode_info *ei)
{
	spin_lock(&fs->hash_lock);
	list_append(&fs->hash[ei->ip->ino % EXT2_HASH], &ei->hlink);
	spin_unlock(&fs->hash_lock);
}

static void
hash_remove(struct ext2_fs *fs, struct ext2_inode_info *ei)
{
	spin_lock(&fs->hash_lock);
	if (!list_empty(&ei->hlink))
		list_remove(&ei->hlink);
	list_init(&ei->hlink);
	spin_unlock(&fs->hash_lock);
}

/* Free an inode that never became visible (its read failed). */
static void
inode_discard(struct inode *ip)
{
	if (ip->pcache != NULL)
		pcache_evict(ip->pcache);
	spin_lock(&itable_lock);
	list_remove(&ip->link);
	spin_unlock(&itable_lock);
	kfree(ip->priv);
	kfree(ip);
}

/* ---- times ---- */

static void
time_get(struct timespec64 *t, uint32_t sec, const uint32_t *extra)
{
	t->tv_sec = (int32_t)sec;
	t->tv_nsec = 0;
	if (extra != NULL) {
		t->tv_sec += (int64_t)(*extra & 3) << 32;
		t->tv_nsec = MIN((int64_t)(*extra >> 2), (int64_t)999999999);
	}
}

static void
time_put(const struct timespec64 *t, uint32_t *sec, uint32_t *extra)
{
	*sec = (uint32_t)t->tv_sec;
	if (extra != NULL)
		*extra = ((uint32_t)t->tv_nsec << 2) |
			 (uint32_t)(((t->tv_sec - (int32_t)*sec) >> 32) & 3);
}

/* ip's fields changed: written back later. Times lose their nanoseconds
 * when the inode has no room for them. ip->lock held (or ip private). */
void
ext2_mark_dirty(struct inode *ip)
{
	struct ext2_inode_info *ei = EI(ip);

	if (!ei->has_extra)
		ip->atime.tv_nsec = ip->mtime.tv_nsec = ip->ctime.tv_nsec = 0;
	ei->dirty = true;
}

/* ---- reading and writing inodes ---- */

static void
inode_loc(struct ext2_fs *fs, uint32_t ino, uint32_t *blk, uint32_t *off)
{
	uint32_t g = (ino - 1) / fs->ipg;
	uint64_t byte = (uint64_t)((ino - 1) % fs->ipg) * fs->inode_size;

	*blk = fs->gd[g].bg_inode_table + (uint32_t)(byte >> fs->bshift);
	*off = (uint32_t)(byte & (fs->bsize - 1));
}

/* Has ip a block map (regular files, directories, slow symlinks)? */
static bool
has_blocks(struct ext2_fs *fs, struct inode *ip)
{
	uint64_t acl = EI(ip)->file_acl != 0 ? fs->bsize / 512 : 0;

	if (S_ISREG(ip->mode) || S_ISDIR(ip->mode))
		return true;
	return S_ISLNK(ip->mode) && ip->blocks > acl;
}

/* Check the inode read from the disk; NULL if fine, else why not. */
static const char *
inode_bad(struct ext2_fs *fs, const struct ext2_inode *di, uint64_t size)
{
	switch (di->i_mode & S_IFMT) {
	case S_IFREG: case S_IFDIR: case S_IFLNK: case S_IFCHR: case S_IFBLK:
	case S_IFIFO: case S_IFSOCK:
		break;
	default:
		return "bad file type";
	}
	if (di->i_links_count == 0)
		return "deleted (no links)";
	if (di->i_flags & (EXT4_EXTENTS_FL | EXT4_INLINE_DATA_FL |
			   EXT4_EA_INODE_FL))
		return "uses extents or inline data";
	if (fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE &&
	    (di->i_extra_isize > fs->inode_size - EXT2_GOOD_OLD_INODE_SIZE ||
	     (di->i_extra_isize & 3)))
		return "bad extra size";
	if (S_ISREG(di->i_mode) && size > fs->max_bytes)
		return "too large";
	if (S_ISDIR(di->i_mode) && (size % fs->bsize ||
				    size > (uint64_t)di->i_blocks * 512))
		return "bad directory size";
	if (S_ISLNK(di->i_mode) && size >= fs->bsize)
		return "symlink too long";
	return NULL;
}

/* Fill ip and ei from the on-disk inode di. */
static void
inode_fill(struct ext2_fs *fs, struct inode *ip, struct ext2_inode_info *ei,
	   const struct ext2_inode *di, uint64_t size)
{
	uint32_t x = fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE ?
		     di->i_extra_isize : 0;

	ip->mode = di->i_mode;
	ip->uid = di->i_uid | (uint32_t)di->i_uid_high << 16;
	ip->gid = di->i_gid | (uint32_t)di->i_gid_high << 16;
	ip->nlink = di->i_links_count;
	ip->size = size;
	ip->blocks = di->i_blocks;
	if (fs->es.s_feature_ro_compat & EXT4_FEATURE_RO_COMPAT_HUGE_FILE) {
		ip->blocks |= (uint64_t)di->i_blocks_hi << 32;
		if (di->i_flags & EXT4_HUGE_FILE_FL)
			ip->blocks <<= fs->bshift - 9;
	}
	ei->has_extra = x >= 16;
	time_get(&ip->atime, di->i_atime, ei->has_extra ? &di->i_atime_extra : NULL);
	time_get(&ip->mtime, di->i_mtime, ei->has_extra ? &di->i_mtime_extra : NULL);
	time_get(&ip->ctime, di->i_ctime, ei->has_extra ? &di->i_ctime_extra : NULL);
	if (x >= 24) {
		ei->crtime = di->i_crtime;
		ei->crtime_extra = di->i_crtime_extra;
	}
	if (S_ISCHR(ip->mode) || S_ISBLK(ip->mode))
		ip->rdev = di->i_block[0] != 0 ?
			   MKDEV((di->i_block[0] >> 8) & 0xff,
				 di->i_block[0] & 0xff) : di->i_block[1];
	memcpy(ei->i_block, di->i_block, sizeof(ei->i_block));
	ei->flags = di->i_flags;
	ei->file_acl = di->i_file_acl_high == 0 ? di->i_file_acl : 0;
	ei->generation = di->i_generation;
	ei->dtime = di->i_dtime;
}

/* Read inode ino into ip and ei. 0 or -EIO. */
static int
read_inode(struct ext2_fs *fs, struct inode *ip, struct ext2_inode_info *ei,
	   uint32_t ino)
{
	struct ext2_inode di;
	const char *why;
	uint32_t blk, off;
	uint64_t size;
	struct buf *b;

	inode_loc(fs, ino, &blk, &off);
	if ((b = ext2_bread(fs, blk)) == NULL)
		return -EIO;
	memset(&di, 0, sizeof(di));
	memcpy(&di, b->data + off, MIN(fs->inode_size, (uint32_t)sizeof(di)));
	brelse(b);
	size = di.i_size;
	if (S_ISREG(di.i_mode))
		size |= (uint64_t)di.i_size_high << 32;
	if ((why = inode_bad(fs, &di, size)) != NULL) {
		ext2_error(fs, "inode %u: %s", ino, why);
		return -EIO;
	}
	inode_fill(fs, ip, ei, &di, size);
	return 0;
}

/* Copy ip into its slot of the inode table (zeroed first if `fresh`). */
static int
put_inode(struct inode *ip, bool fresh)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	struct ext2_inode_info *ei = EI(ip);
	struct ext2_inode *di;
	uint32_t blk, off, x;
	struct buf *b;

	inode_loc(fs, (uint32_t)ip->ino, &blk, &off);
	if ((b = ext2_bread(fs, blk)) == NULL)
		return -EIO;
	di = (struct ext2_inode *)(b->data + off);
	if (fresh) {
		memset(di, 0, fs->inode_size);
		if (fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE)
			di->i_extra_isize = (uint16_t)fs->extra_isize;
	}
	x = fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE ? di->i_extra_isize : 0;
	di->i_mode = (uint16_t)ip->mode;
	di->i_uid = (uint16_t)ip->uid;
	di->i_uid_high = (uint16_t)(ip->uid >> 16);
	di->i_gid = (uint16_t)ip->gid;
	di->i_gid_high = (uint16_t)(ip->gid >> 16);
	di->i_links_count = (uint16_t)MIN(ip->nlink, 0xffffu);
	di->i_size = (uint32_t)ip->size;
	di->i_size_high = S_ISREG(ip->mode) ? (uint32_t)(ip->size >> 32) : 0;
	di->i_blocks = (uint32_t)ip->blocks;
	di->i_flags = ei->flags;
	memcpy(di->i_block, ei->i_block, sizeof(di->i_block));
	di->i_generation = ei->generation;
	di->i_file_acl = ei->file_acl;
	di->i_dtime = ei->dtime;
	time_put(&ip->atime, &di->i_atime, x >= 16 ? &di->i_atime_extra : NULL);
	time_put(&ip->mtime, &di->i_mtime, x >= 16 ? &di->i_mtime_extra : NULL);
	time_put(&ip->ctime, &di->i_ctime, x >= 16 ? &di->i_ctime_extra : NULL);
	if (fresh && x >= 24) {
		di->i_crtime = ei->crtime;
		di->i_crtime_extra = ei->crtime_extra;
	}
	bdirty(b);
	brelse(b);
	return 0;
}

/* Write ip's inode to the buffer cache if it changed. 0 or -EIO.
 * ip->lock held (or nobody else uses ip). */
int
ext2_write_inode(struct inode *ip)
{
	struct ext2_inode_info *ei = EI(ip);

	if (ei == NULL || !ei->dirty || ext2_readonly(EXT2_FS(ip->sb)))
		return 0;
	ei->dirty = false;
	return put_inode(ip, false);
}

/* Hook ei's inode to the VFS: operations and, for files, a page cache. */
static void
inode_setup(struct ext2_fs *fs, struct inode *ip, struct ext2_inode_info *ei,
	    uint32_t ino)
{
	ei->ip = ip;
	list_init(&ei->hlink);
	mutex_init(&ei->wlock, "ext2 write");
	ei->group = (ino - 1) / fs->ipg;
	ip->ino = ino;
	ip->priv = ei;
	ip->iop = &ext2_iops;
	if (S_ISDIR(ip->mode))
		ip->fop = &ext2_dir_fops;
	if (S_ISREG(ip->mode)) {
		ip->fop = &ext2_file_fops;
		pcache_init(&ei->pc, ip, &ext2_pcache_ops, fs->dev, fs->bshift);
		ip->pcache = &ei->pc;
	}
}

/*
 * Inode ino of fs with a new reference, read from the disk unless it is
 * in memory. -EIO for a bad number or a bad inode (logged), -ENOMEM.
 * May sleep.
 */
int
ext2_iget(struct ext2_fs *fs, uint32_t ino, struct inode **out)
{
	struct ext2_inode_info *ei;
	struct inode *ip;
	bool dead;
	int r;

	if (ino == 0 || ino > fs->inodes_count ||
	    (ino < fs->first_ino && ino != EXT2_ROOT_INO)) {
		ext2_error(fs, "bad inode number %u", ino);
		return -EIO;
	}
	if ((ip = hash_find(fs, ino, &dead)) != NULL || dead)
		goto found;
	mutex_lock(&fs->iget_lock);
	if ((ip = hash_find(fs, ino, &dead)) != NULL || dead) {
		mutex_unlock(&fs->iget_lock);
		goto found;
	}
	ei = kzalloc(sizeof(*ei));
	ip = ei != NULL ? inode_new(fs->sb, 0) : NULL;
	if (ip == NULL) {
		mutex_unlock(&fs->iget_lock);
		kfree(ei);
		return -ENOMEM;
	}
	ip->priv = ei;
	if ((r = read_inode(fs, ip, ei, ino)) < 0) {
		mutex_unlock(&fs->iget_lock);
		inode_discard(ip);
		return r;
	}
	inode_setup(fs, ip, ei, ino);
	hash_add(fs, ei);
	mutex_unlock(&fs->iget_lock);
found:
	if (ip == NULL) {
		ext2_error(fs, "inode %u is referenced but deleted", ino);
		return -EIO;
	}
	*out = ip;
	return 0;
}

/*
 * A new inode of `mode` for directory dir, owned by the caller (and its
 * group, or dir's with set-group-ID), on the disk at once. 0 and *out
 * (one reference, nlink 1), -ENOSPC, -EIO, -ENOMEM. dir->lock held.
 */
int
ext2_inode_new(struct inode *dir, uint32_t mode, struct inode **out)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	struct ext2_inode_info *ei;
	struct inode *ip;
	uint32_t ino, crt;
	int r;

	if ((r = ext2_new_ino(fs, EI(dir)->group, S_ISDIR(mode), &ino)) < 0)
		return r;
	ei = kzalloc(sizeof(*ei));
	if (ei == NULL || (ip = inode_new(dir->sb, mode)) == NULL) {
		kfree(ei);
		ext2_free_ino(fs, ino, S_ISDIR(mode));
		return -ENOMEM;
	}
	if (dir->mode & S_ISGID) {
		ip->gid = dir->gid;
		if (S_ISDIR(mode))
			ip->mode |= S_ISGID;
	}
	ei->has_extra = fs->extra_isize >= 16;
	mutex_lock(&fs->alloc_lock);
	ei->generation = fs->next_generation++;
	mutex_unlock(&fs->alloc_lock);
	time_put(&ip->ctime, &ei->crtime, &crt);
	ei->crtime_extra = crt;
	inode_setup(fs, ip, ei, ino);
	ext2_mark_dirty(ip);
	if ((r = put_inode(ip, true)) < 0) {
		inode_discard(ip);
		ext2_free_ino(fs, ino, S_ISDIR(mode));
		return r;
	}
	ei->dirty = false;
	hash_add(fs, ei);
	*out = ip;
	return 0;
}

/* ---- block maps (ip->lock held) ---- */

/* The indexes that lead to file block lblk: i_block slot, then one per
 * indirect level. Returns the depth (1..4) or -EFBIG. */
static int
block_path(struct ext2_fs *fs, uint64_t lblk, uint32_t off[4])
{
	uint64_t apb = fs->apb;

	if (lblk < EXT2_NDIR_BLOCKS) {
		off[0] = (uint32_t)lblk;
		return 1;
	}
	lblk -= EXT2_NDIR_BLOCKS;
	if (lblk < apb) {
		off[0] = EXT2_IND_BLOCK;
		off[1] = (uint32_t)lblk;
		return 2;
	}
	lblk -= apb;
	if (lblk < apb * apb) {
		off[0] = EXT2_DIND_BLOCK;
		off[1] = (uint32_t)(lblk / apb);
		off[2] = (uint32_t)(lblk % apb);
		return 3;
	}
	lblk -= apb * apb;
	if (lblk < apb * apb * apb) {
		off[0] = EXT2_TIND_BLOCK;
		off[1] = (uint32_t)(lblk / (apb * apb));
		off[2] = (uint32_t)(lblk / apb % apb);
		off[3] = (uint32_t)(lblk % apb);
		return 4;
	}
	return -EFBIG;
}

/* The largest regular file with blocks of bsize: what the maps reach,
 * and what i_blocks (32 bits of 512-byte units) can count. */
uint64_t
ext2_max_bytes(uint32_t bsize)
{
	uint64_t apb = bsize / 4, blocks, limit;

	blocks = EXT2_NDIR_BLOCKS + apb + apb * apb + apb * apb * apb;
	limit = (0xffffffffull >> __builtin_ctz(bsize / 512)) -
		(3 + 2 * apb + apb * apb);	/* the map blocks */
	return MIN(blocks, limit) * bsize;
}

/* A zeroed block for a map or a directory, written through the cache. */
static int
zero_block(struct ext2_fs *fs, uint32_t blk)
{
	struct buf *b = bget(fs->dev, blk, fs->bsize);

	if (b == NULL)
		return -ENOMEM;
	memset(b->data, 0, fs->bsize);
	bdirty(b);
	brelse(b);
	return 0;
}

/* A new block near the file's last one (or its group's start), counted
 * in ip's blocks. */
static int
alloc_for(struct inode *ip, uint32_t *out)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	struct ext2_inode_info *ei = EI(ip);
	uint32_t goal = ei->goal;
	int r;

	if (goal == 0)
		goal = fs->first_data_block + ei->group * fs->bpg;
	if ((r = ext2_new_block(fs, goal, out)) == 0) {
		ei->goal = *out + 1;
		ip->blocks += fs->bsize / 512;
		ext2_mark_dirty(ip);
	}
	return r;
}

/* Free a block of ip's map. A buffer cache copy of a map or directory
 * block must not be written over the block's next owner: write it now
 * if it is dirty. */
static void
free_for(struct inode *ip, uint32_t blk, bool meta)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	struct buf *b;

	if (meta && ext2_block_ok(fs, blk) &&
	    (b = bget(fs->dev, blk, fs->bsize)) != NULL) {
		if (b->flags & B_DIRTY)
			bwrite(b);
		brelse(b);
	}
	ext2_free_block(fs, blk);
	ip->blocks -= MIN(ip->blocks, (uint64_t)(fs->bsize / 512));
	ext2_mark_dirty(ip);
}

/* Entry `slot` of map block blk: with `create`, a new block if it is a
 * hole (zeroed if `zero`: a map). No buffer stays locked across the
 * allocation, so a corrupt map that points at a bitmap cannot deadlock. */
static int
map_step(struct inode *ip, uint32_t blk, uint32_t slot, bool create,
	 bool zero, uint32_t *next, bool *fresh)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	uint32_t nb;
	struct buf *b;
	int r;

	if ((b = ext2_bread(fs, blk)) == NULL)
		return -EIO;
	nb = ((uint32_t *)b->data)[slot];
	brelse(b);
	if (nb != 0 && !ext2_block_ok(fs, nb)) {
		ext2_error(fs, "inode %llu: map block %u points at bad block %u",
			   (unsigned long long)ip->ino, blk, nb);
		return -EIO;
	}
	if (nb != 0 || !create) {
		*next = nb;
		return 0;
	}
	if ((r = alloc_for(ip, &nb)) < 0)
		return r;
	if ((zero && (r = zero_block(fs, nb)) < 0) ||
	    (b = ext2_bread(fs, blk)) == NULL) {
		free_for(ip, nb, zero);
		return r < 0 ? r : -EIO;
	}
	((uint32_t *)b->data)[slot] = nb;
	bdirty(b);
	brelse(b);
	*fresh = !zero;
	*next = nb;
	return 0;
}

/*
 * The disk block of ip's block lblk: 0 and *pblk (0 for a hole). With
 * `create` a hole gets a block (and *fresh is set: its contents on the
 * disk are garbage); maps are made as needed. -EIO (a bad map: logged),
 * -ENOSPC, -EFBIG. ip->lock held; may sleep.
 */
int
ext2_bmap(struct inode *ip, uint64_t lblk, bool create, uint32_t *pblk,
	  bool *fresh)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	struct ext2_inode_info *ei = EI(ip);
	uint32_t off[4], blk, *slot;
	bool dummy;
	int depth = block_path(fs, lblk, off), r;

	if (fresh == NULL)
		fresh = &dummy;
	*fresh = false;
	*pblk = 0;
	if (depth < 0)
		return create ? depth : 0;
	slot = &ei->i_block[off[0]];
	if (*slot == 0 && create) {
		if ((r = alloc_for(ip, &blk)) < 0)
			return r;
		if (depth > 1 && (r = zero_block(fs, blk)) < 0) {
			free_for(ip, blk, true);
			return r;
		}
		*slot = blk;
		*fresh = depth == 1;
		ext2_mark_dirty(ip);
	}
	if ((blk = *slot) == 0)
		return 0;
	if (!ext2_block_ok(fs, blk)) {
		ext2_error(fs, "inode %llu: bad block %u in its map",
			   (unsigned long long)ip->ino, blk);
		return -EIO;
	}
	for (int level = 1; level < depth && blk != 0; level++)
		if ((r = map_step(ip, blk, off[level], create,
				  level + 1 < depth, &blk, fresh)) < 0)
			return r;
	*pblk = blk;
	return 0;
}

/*
 * ext2_bmap without `create`, for up to max blocks from lblk on: *len
 * becomes how many of them map as lblk does (to *pblk, *pblk + 1, ...,
 * or all holes), at least 1. A run ends where its map block ends, and
 * before a block number out of range (the next call reports it). One
 * walk of the map for a read-ahead run instead of one a block.
 * ip->lock held; may sleep.
 */
int
ext2_bmap_run(struct inode *ip, uint64_t lblk, unsigned max, uint32_t *pblk,
	      unsigned *len)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	uint32_t off[4], blk, first, limit, *map, e;
	struct buf *b = NULL;
	bool fresh;
	int depth, r;
	unsigned n = 1;

	*len = 1;
	if ((r = ext2_bmap(ip, lblk, false, pblk, NULL)) < 0 || max <= 1 ||
	    (depth = block_path(fs, lblk, off)) < 0)
		return r;
	first = off[depth - 1];
	if (depth == 1) {
		map = EI(ip)->i_block;
		limit = EXT2_NDIR_BLOCKS;
	} else {
		blk = EI(ip)->i_block[off[0]];	/* checked by ext2_bmap */
		for (int level = 1; level + 1 < depth && blk != 0; level++)
			if (map_step(ip, blk, off[level], false, false, &blk,
				     &fresh) < 0)
				return 0;
		if (blk == 0 || (b = ext2_bread(fs, blk)) == NULL)
			return 0;
		map = (uint32_t *)b->data;
		limit = fs->apb;
	}
	for (; n < max && first + n < limit; n++) {
		e = map[first + n];
		if (*pblk == 0 ? e != 0 :
		    e != *pblk + n || !ext2_block_ok(fs, e))
			break;
	}
	if (b != NULL)
		brelse(b);
	*len = n;
	return 0;
}

/* ---- truncation (ip->lock held) ---- */

struct trunc {
	struct inode *ip;
	bool meta;		/* data blocks are in the buffer cache too */
	long budget;		/* blocks the map may still hold */
};

/* Free what the map block in *slot (depth levels above the data) maps
 * from its relative block `from` on; *slot becomes 0 if nothing stays. */
static int
trunc_tree(struct trunc *t, uint32_t *slot, int depth, uint64_t from)
{
	struct ext2_fs *fs = EXT2_FS(t->ip->sb);
	uint64_t span = 1;
	uint32_t blk = *slot, *copy;
	struct buf *b;
	int r = 0;

	if (blk == 0)
		return 0;
	if (!ext2_block_ok(fs, blk) || --t->budget < 0) {
		ext2_error(fs, "inode %llu: bad map block %u",
			   (unsigned long long)t->ip->ino, blk);
		return -EIO;
	}
	for (int i = 1; i < depth; i++)
		span *= fs->apb;
	if ((copy = kmalloc(fs->bsize)) == NULL)
		return -ENOMEM;
	if ((b = ext2_bread(fs, blk)) == NULL) {
		kfree(copy);
		return -EIO;
	}
	memcpy(copy, b->data, fs->bsize);
	brelse(b);
	for (uint64_t i = from / span; i < fs->apb && r == 0; i++) {
		if (copy[i] == 0)
			continue;
		if (depth > 1) {
			r = trunc_tree(t, &copy[i], depth - 1,
				       i == from / span ? from % span : 0);
		} else if (!ext2_block_ok(fs, copy[i]) || --t->budget < 0) {
			ext2_error(fs, "inode %llu: bad block %u in its map",
				   (unsigned long long)t->ip->ino, copy[i]);
			r = -EIO;
		} else {
			free_for(t->ip, copy[i], t->meta);
			copy[i] = 0;
		}
	}
	if (r == 0 && from == 0) {
		free_for(t->ip, blk, true);
		*slot = 0;
	} else if ((b = ext2_bread(fs, blk)) != NULL) {
		memcpy(b->data, copy, fs->bsize);
		bdirty(b);
		brelse(b);
	}
	kfree(copy);
	return r;
}

/*
 * Free ip's blocks past the first `size` bytes (its map: direct blocks,
 * then the indirect trees). 0 or -EIO (a bad map: what could be freed
 * was). ip->lock held; may sleep.
 */
int
ext2_truncate_blocks(struct inode *ip, uint64_t size)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	struct ext2_inode_info *ei = EI(ip);
	uint64_t first = (size + fs->bsize - 1) >> fs->bshift, base, span;
	struct trunc t = { ip, !S_ISREG(ip->mode),
			   (long)(ip->blocks / (fs->bsize / 512)) + 8 };
	int r = 0, e;

	if (!has_blocks(fs, ip))
		return 0;
	for (uint64_t i = first; i < EXT2_NDIR_BLOCKS; i++) {
		if (ei->i_block[i] == 0)
			continue;
		if (ext2_block_ok(fs, ei->i_block[i]))
			free_for(ip, ei->i_block[i], t.meta);
		else
			r = -EIO;
		ei->i_block[i] = 0;
	}
	base = EXT2_NDIR_BLOCKS;
	span = fs->apb;
	for (int level = 1; level <= 3; level++) {
		if (first < base + span &&
		    (e = trunc_tree(&t, &ei->i_block[EXT2_IND_BLOCK + level - 1],
				    level, first > base ? first - base : 0)) < 0)
			r = e;
		base += span;
		span *= fs->apb;
	}
	ei->goal = 0;
	ext2_mark_dirty(ip);
	return r;
}

/* ---- deletion and eviction ---- */

/* Drop ip's reference to its extended attribute block. */
static void
free_xattr(struct inode *ip)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	struct ext2_inode_info *ei = EI(ip);
	struct ext2_xattr_header *h;
	struct buf *b;
	bool last = false;

	if (ei->file_acl == 0)
		return;
	if (!ext2_block_ok(fs, ei->file_acl) ||
	    (b = ext2_bread(fs, ei->file_acl)) == NULL) {
		ext2_error(fs, "inode %llu: bad attribute block %u",
			   (unsigned long long)ip->ino, ei->file_acl);
	} else {
		h = (struct ext2_xattr_header *)b->data;
		if (h->h_magic != EXT2_XATTR_MAGIC) {
			ext2_error(fs, "inode %llu: attribute block %u has a "
				   "bad magic", (unsigned long long)ip->ino,
				   ei->file_acl);
		} else if (h->h_refcount > 1) {
			h->h_refcount--;
			bdirty(b);
		} else {
			last = true;
		}
		brelse(b);
		if (last)
			free_for(ip, ei->file_acl, true);
		else
			ip->blocks -= MIN(ip->blocks,
					  (uint64_t)(fs->bsize / 512));
	}
	ei->file_acl = 0;
}

/* The last link and reference are gone: free the blocks and the inode
 * (its slot keeps the mode, with dtime set, as e2fsck expects). */
static void
delete_inode(struct ext2_fs *fs, struct inode *ip)
{
	struct ext2_inode_info *ei = EI(ip);

	ext2_truncate_blocks(ip, 0);
	free_xattr(ip);
	if (!S_ISREG(ip->mode) && !S_ISDIR(ip->mode))
		memset(ei->i_block, 0, sizeof(ei->i_block));
	ip->size = 0;
	ei->dtime = (uint32_t)vfs_now().tv_sec;
	ext2_mark_dirty(ip);
	ext2_write_inode(ip);
	hash_remove(fs, ei);
	ext2_free_ino(fs, (uint32_t)ip->ino, S_ISDIR(ip->mode));
}

/*
 * inode_ops.evict: nothing references ip any more. A linked inode is
 * written back (pages, then the inode); an unlinked one is deleted.
 * Called with no lock held; may sleep.
 */
void
ext2_evict(struct inode *ip)
{
	struct ext2_inode_info *ei = EI(ip);
	struct ext2_fs *fs;
	bool del;

	if (ei == NULL)
		return;
	fs = EXT2_FS(ip->sb);
	del = ip->nlink == 0 && !ext2_readonly(fs);
	if (S_ISREG(ip->mode)) {
		if (!del && !ext2_readonly(fs))
			pcache_writeback(&ei->pc, 0, UINT64_MAX);
		pcache_evict(&ei->pc);
		ip->pcache = NULL;
	}
	if (del) {
		delete_inode(fs, ip);
	} else {
		ext2_write_inode(ip);
		hash_remove(fs, ei);
	}
	kfree(ei);
	ip->priv = NULL;
}

/* ---- the page cache's view ---- */

static int
pc_bmap(struct inode *ip, uint64_t lblk, bool create, uint64_t *pblk,
	bool *fresh, unsigned *len)
{
	uint32_t b = 0;
	int r;

	if (create && ext2_readonly(EXT2_FS(ip->sb)))
		return -EROFS;
	mutex_lock(&ip->lock);
	if (len != NULL && !create)
		r = ext2_bmap_run(ip, lblk, *len, &b, len);
	else
		r = ext2_bmap(ip, lblk, create, &b, fresh);
	mutex_unlock(&ip->lock);
	*pblk = b;
	return r;
}

const struct pcache_ops ext2_pcache_ops = {
	.bmap = pc_bmap,
};

/*
 * ext2_super.c -- mounting an ext2 file system: the superblock and group
 * descriptors read and checked against each other and the disk, the
 * features we can read or write, remounting, statfs, and writing
 * everything back (sync(2), the flusher, unmount).
 */
#include "ext2.h"
#include "heap.h"
#include "vm.h"

struct feature {
	uint32_t bit;
	const char *name;
};

static const struct feature incompat_names[] = {
	{ EXT2_FEATURE_INCOMPAT_COMPRESSION, "compression" },
	{ EXT3_FEATURE_INCOMPAT_RECOVER, "needs_recovery" },
	{ EXT3_FEATURE_INCOMPAT_JOURNAL_DEV, "journal_dev" },
	{ EXT2_FEATURE_INCOMPAT_META_BG, "meta_bg" },
	{ EXT4_FEATURE_INCOMPAT_EXTENTS, "extent" },
	{ EXT4_FEATURE_INCOMPAT_64BIT, "64bit" },
	{ EXT4_FEATURE_INCOMPAT_MMP, "mmp" },
	{ EXT4_FEATURE_INCOMPAT_EA_INODE, "ea_inode" },
	{ EXT4_FEATURE_INCOMPAT_DIRDATA, "dirdata" },
	{ EXT4_FEATURE_INCOMPAT_CSUM_SEED, "metadata_csum_seed" },
	{ EXT4_FEATURE_INCOMPAT_LARGEDIR, "large_dir" },
	{ EXT4_FEATURE_INCOMPAT_INLINE_DATA, "inline_data" },
	{ EXT4_FEATURE_INCOMPAT_ENCRYPT, "encrypt" },
	{ EXT4_FEATURE_INCOMPAT_CASEFOLD, "casefold" },
};

static const struct feature ro_compat_names[] = {
	{ EXT4_FEATURE_RO_COMPAT_HUGE_FILE, "huge_file" },
	{ EXT4_FEATURE_RO_COMPAT_GDT_CSUM, "uninit_bg" },
	{ EXT4_FEATURE_RO_COMPAT_DIR_NLINK, "dir_nlink" },
	{ EXT4_FEATURE_RO_COMPAT_EXTRA_ISIZE, "extra_isize" },
	{ EXT4_FEATURE_RO_COMPAT_QUOTA, "quota" },
	{ EXT4_FEATURE_RO_COMPAT_BIGALLOC, "bigalloc" },
	{ EXT4_FEATURE_RO_COMPAT_METADATA_CSUM, "metadata_csum" },
	{ EXT4_FEATURE_RO_COMPAT_READONLY, "read-only" },
	{ EXT4_FEATURE_RO_COMPAT_PROJECT, "project" },
	{ EXT4_FEATURE_RO_COMPAT_VERITY, "verity" },
	{ EXT4_FEATURE_RO_COMPAT_ORPHAN_PRESENT, "orphan_present" },
};

/* The names of the features in `bits`, quoted ("'extent' '64bit'"),
 * into buf; a bit the table lacks is "unknown". Returns buf. */
static const char *
feature_names(const struct feature *t, size_t n, uint32_t bits, char *buf,
	      size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (uint32_t low; bits != 0 && len + 1 < size; bits &= ~low) {
		const char *name = "unknown";

		low = bits & -bits;
		for (size_t i = 0; i < n; i++)
			if (t[i].bit == low)
				name = t[i].name;
		len += (size_t)ksnprintf(buf + len, size - len, "%s'%s'",
					 len > 0 ? " " : "", name);
	}
	return buf;
}

/* Log a problem with the file system's metadata: one line, naming the
 * device and what is wrong (the caller says -EIO). */
void
ext2_error(struct ext2_fs *fs, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	klog(KLOG_ERR, "ext2 (%s): %s", fs->dev->name, msg);
}

/* May blk hold data or a map (inside the disk, past the superblock and
 * the group descriptors of group 0)? */
bool
ext2_block_ok(struct ext2_fs *fs, uint64_t blk)
{
	return blk > fs->first_data_block + fs->gdt_blocks &&
	       blk < fs->blocks_count;
}

/* Block blk through the buffer cache, locked and valid; NULL (and a log
 * line) if blk is out of range or cannot be read: the caller says -EIO. */
struct buf *
ext2_bread(struct ext2_fs *fs, uint32_t blk)
{
	struct buf *b;

	if (blk == 0 || blk >= fs->blocks_count) {
		ext2_error(fs, "block %u is outside the file system", blk);
		return NULL;
	}
	if ((b = bread(fs->dev, blk, fs->bsize)) == NULL)
		return NULL;
	if (!(b->flags & B_VALID)) {
		ext2_error(fs, "cannot read block %u", blk);
		brelse(b);
		return NULL;
	}
	return b;
}

/* True if the file system may not be changed now. */
bool
ext2_readonly(struct ext2_fs *fs)
{
	return (READ_ONCE(fs->sb->flags) & MS_RDONLY) != 0;
}

/* ---- superblock and group descriptors (alloc_lock held) ---- */

/* Copy group descriptor g into its buffer. */
void
ext2_gd_dirty(struct ext2_fs *fs, uint32_t group)
{
	uint32_t per = fs->bsize / sizeof(struct ext2_group_desc);
	struct buf *b = ext2_bread(fs, fs->first_data_block + 1 + group / per);

	if (b == NULL)
		return;
	memcpy(b->data + (group % per) * sizeof(struct ext2_group_desc),
	       &fs->gd[group], sizeof(struct ext2_group_desc));
	bdirty(b);
	brelse(b);
}

/* The superblock's counters changed: written at the next sync. */
void
ext2_super_dirty(struct ext2_fs *fs)
{
	fs->super_dirty = true;
}

/* Copy the superblock into its buffer (and write it now if `now`). */
static int
write_super(struct ext2_fs *fs, bool now)
{
	uint32_t blk = fs->bsize == 1024 ? 1 : 0;
	uint32_t off = fs->bsize == 1024 ? 0 : EXT2_SB_OFFSET;
	struct buf *b = bread(fs->dev, blk, fs->bsize);
	int r = 0;

	if (b == NULL || !(b->flags & B_VALID)) {
		if (b != NULL)
			brelse(b);
		ext2_error(fs, "cannot read the superblock to update it");
		return -EIO;
	}
	fs->es.s_wtime = (uint32_t)vfs_now().tv_sec;
	memcpy(b->data + off, &fs->es, sizeof(fs->es));
	bdirty(b);
	if (now)
		r = bwrite(b);
	brelse(b);
	fs->super_dirty = false;
	return r;
}

/* Turn on a ro_compat feature (large_file on first need), making a
 * revision 0 file system revision 1 first. 0 or -EIO. */
int
ext2_set_ro_feature(struct ext2_fs *fs, uint32_t feature)
{
	int r = 0;

	mutex_lock(&fs->alloc_lock);
	if (!(fs->es.s_feature_ro_compat & feature)) {
		if (fs->es.s_rev_level == EXT2_GOOD_OLD_REV) {
			fs->es.s_rev_level = EXT2_DYNAMIC_REV;
			fs->es.s_first_ino = EXT2_GOOD_OLD_FIRST_INO;
			fs->es.s_inode_size = EXT2_GOOD_OLD_INODE_SIZE;
			fs->es.s_feature_compat = 0;
			fs->es.s_feature_incompat = 0;
			fs->es.s_feature_ro_compat = 0;
		}
		fs->es.s_feature_ro_compat |= feature;
		r = write_super(fs, false);
	}
	mutex_unlock(&fs->alloc_lock);
	return r;
}

/* ---- checking what we read ---- */

static bool
is_power_of(uint32_t n, uint32_t base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

/* Does group g carry a copy of the superblock and descriptors? */
static bool
group_has_super(struct ext2_fs *fs, uint32_t g)
{
	if (!(fs->es.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER))
		return true;
	return g <= 1 || is_power_of(g, 3) || is_power_of(g, 5) ||
	       is_power_of(g, 7);
}

/* Check the superblock's geometry against itself and the disk, and set
 * fs's copies of it. 0 or -EINVAL with a message. */
static int
check_super(struct ext2_fs *fs)
{
	struct ext2_super_block *es = &fs->es;
	uint64_t disk = fs->dev->sectors * HAL_BLOCK_SECTOR, groups;
	const char *why = NULL;

	if (es->s_magic != EXT2_SUPER_MAGIC) {
		klog(KLOG_ERR, "ext2 (%s): no ext2 file system (bad magic %#x)",
		     fs->dev->name, es->s_magic);
		return -EINVAL;
	}
	if (es->s_log_block_size > 2) {
		klog(KLOG_ERR, "ext2 (%s): block size %llu not supported (at "
		     "most the page size, 4096)", fs->dev->name,
		     1024ull << MIN(es->s_log_block_size, 40u));
		return -EINVAL;
	}
	fs->bshift = 10 + es->s_log_block_size;
	fs->bsize = 1u << fs->bshift;
	fs->apb = fs->bsize / 4;
	fs->blocks_count = es->s_blocks_count;
	fs->first_data_block = es->s_first_data_block;
	fs->bpg = es->s_blocks_per_group;
	fs->ipg = es->s_inodes_per_group;
	fs->inodes_count = es->s_inodes_count;
	fs->inode_size = es->s_rev_level == EXT2_GOOD_OLD_REV ?
			 EXT2_GOOD_OLD_INODE_SIZE : es->s_inode_size;
	fs->first_ino = es->s_rev_level == EXT2_GOOD_OLD_REV ?
			EXT2_GOOD_OLD_FIRST_INO : es->s_first_ino;
	groups = fs->bpg == 0 || fs->blocks_count <= fs->first_data_block ? 0 :
		 (fs->blocks_count - fs->first_data_block + fs->bpg - 1) /
		 fs->bpg;
	if (es->s_rev_level > EXT2_DYNAMIC_REV)
		why = "unknown revision";
	else if (fs->first_data_block != (fs->bsize == 1024 ? 1u : 0u))
		why = "bad first data block";
	else if (groups == 0 || fs->blocks_count > disk >> fs->bshift)
		why = "block count does not fit the disk";
	else if (fs->bpg < 8 || fs->bpg > 8 * fs->bsize || fs->bpg % 8)
		why = "bad blocks per group";
	else if (fs->ipg == 0 || fs->ipg > 8 * fs->bsize ||
		 groups * fs->ipg != fs->inodes_count)
		why = "bad inode counts";
	else if (fs->inode_size < EXT2_GOOD_OLD_INODE_SIZE ||
		 fs->inode_size > fs->bsize ||
		 (fs->inode_size & (fs->inode_size - 1)))
		why = "bad inode size";
	else if (fs->first_ino < EXT2_GOOD_OLD_FIRST_INO ||
		 fs->first_ino >= fs->inodes_count)
		why = "bad first inode";
	else if (es->s_r_blocks_count > fs->blocks_count)
		why = "bad reserved block count";
	if (why != NULL) {
		klog(KLOG_ERR, "ext2 (%s): corrupt superblock: %s",
		     fs->dev->name, why);
		return -EINVAL;
	}
	fs->ngroups = (uint32_t)groups;
	fs->gdt_blocks = (uint32_t)((groups * sizeof(struct ext2_group_desc) +
				     fs->bsize - 1) / fs->bsize);
	if (fs->first_data_block + 1 + fs->gdt_blocks >= fs->blocks_count) {
		klog(KLOG_ERR, "ext2 (%s): corrupt superblock: the group "
		     "descriptors do not fit", fs->dev->name);
		return -EINVAL;
	}
	fs->max_bytes = ext2_max_bytes(fs->bsize);
	return 0;
}

/* Refuse incompat features we do not know; ro_compat ones and a
 * journal make the mount read-only. Each is named in the log. */
static int
check_features(struct ext2_fs *fs)
{
	struct ext2_super_block *es = &fs->es;
	char names[120];
	uint32_t bad;

	if (es->s_rev_level == EXT2_GOOD_OLD_REV)
		return 0;
	if ((bad = es->s_feature_incompat & ~(uint32_t)EXT2_INCOMPAT_SUPP)) {
		klog(KLOG_ERR, "ext2 (%s): cannot mount: unsupported feature "
		     "%s (incompat %#x)%s", fs->dev->name,
		     feature_names(incompat_names, ARRAY_SIZE(incompat_names),
				   bad, names, sizeof(names)), bad,
		     (bad & EXT3_FEATURE_INCOMPAT_RECOVER) ?
		     "; the journal needs recovery: run e2fsck" : "");
		return -EINVAL;
	}
	fs->filetype = (es->s_feature_incompat &
			EXT2_FEATURE_INCOMPAT_FILETYPE) != 0;
	if ((bad = es->s_feature_ro_compat & ~(uint32_t)EXT2_RO_COMPAT_SUPP)) {
		klog(KLOG_WARN, "ext2 (%s): feature %s (ro_compat %#x) "
		     "cannot be written: mounting read-only", fs->dev->name,
		     feature_names(ro_compat_names, ARRAY_SIZE(ro_compat_names),
				   bad, names, sizeof(names)), bad);
		fs->forced_ro = true;
	}
	/* Writing around a clean journal would leave e2fsck and ext3/4
	 * happy, but the changes would not be journalled as the file
	 * system promises: read only, like the other features we lack. */
	if (es->s_feature_compat & EXT3_FEATURE_COMPAT_HAS_JOURNAL) {
		klog(KLOG_WARN, "ext2 (%s): feature 'has_journal' (compat "
		     "%#x): no journalling here: mounting read-only",
		     fs->dev->name, EXT3_FEATURE_COMPAT_HAS_JOURNAL);
		fs->forced_ro = true;
	}
	return 0;
}

/* Is [blk, blk + n) inside the disk, or inside group g without flex_bg? */
static bool
gd_range_ok(struct ext2_fs *fs, uint32_t g, uint64_t blk, uint64_t n)
{
	uint64_t lo = fs->first_data_block, hi = fs->blocks_count;

	if (!(fs->es.s_feature_incompat & EXT4_FEATURE_INCOMPAT_FLEX_BG)) {
		lo = fs->first_data_block + (uint64_t)g * fs->bpg;
		hi = MIN(hi, lo + fs->bpg);
	}
	return blk >= lo && blk > fs->first_data_block + fs->gdt_blocks &&
	       blk + n <= hi;
}

/* Blocks in group g. */
static uint32_t
group_size(struct ext2_fs *fs, uint32_t g)
{
	uint64_t start = fs->first_data_block + (uint64_t)g * fs->bpg;

	return (uint32_t)MIN((uint64_t)fs->bpg, fs->blocks_count - start);
}

/* Read the group descriptors, check them, and add up the free counts
 * and the metadata overhead. 0, -EINVAL, -EIO, -ENOMEM. */
static int
read_groups(struct ext2_fs *fs)
{
	uint32_t per = fs->bsize / sizeof(struct ext2_group_desc);
	uint32_t itb = (uint32_t)(((uint64_t)fs->ipg * fs->inode_size +
				   fs->bsize - 1) / fs->bsize);
	uint64_t fb = 0, fi = 0;
	struct ext2_group_desc *gd;
	struct buf *b;

	if ((fs->gd = kzalloc((size_t)fs->ngroups * sizeof(*gd))) == NULL)
		return -ENOMEM;
	for (uint32_t i = 0; i < fs->gdt_blocks; i++) {
		if ((b = ext2_bread(fs, fs->first_data_block + 1 + i)) == NULL)
			return -EIO;
		memcpy(fs->gd + (size_t)i * per, b->data,
		       MIN(per, fs->ngroups - i * per) * sizeof(*gd));
		brelse(b);
	}
	fs->overhead = fs->first_data_block;
	for (uint32_t g = 0; g < fs->ngroups; g++) {
		gd = &fs->gd[g];
		if (!gd_range_ok(fs, g, gd->bg_block_bitmap, 1) ||
		    !gd_range_ok(fs, g, gd->bg_inode_bitmap, 1) ||
		    !gd_range_ok(fs, g, gd->bg_inode_table, itb) ||
		    gd->bg_free_blocks_count > group_size(fs, g) ||
		    gd->bg_free_inodes_count > fs->ipg ||
		    gd->bg_used_dirs_count > fs->ipg) {
			klog(KLOG_ERR, "ext2 (%s): corrupt descriptor of "
			     "group %u", fs->dev->name, g);
			return -EINVAL;
		}
		fb += gd->bg_free_blocks_count;
		fi += gd->bg_free_inodes_count;
		fs->overhead += 2 + itb;
		if (group_has_super(fs, g))
			fs->overhead += 1 + fs->gdt_blocks +
					fs->es.s_reserved_gdt_blocks;
	}
	fs->es.s_free_blocks_count = (uint32_t)fb;
	fs->es.s_free_inodes_count = (uint32_t)fi;
	return 0;
}

/* ---- writing back ---- */

/* The inodes of fs with something to write back (references): changed
 * inodes, and with `data` files with dirty or mapped pages. */
static size_t
dirty_inodes(struct ext2_fs *fs, bool data, struct inode ***out)
{
	struct inode **v, *ip;
	struct list *l;
	size_t n = 0, cap = 0;

	spin_lock(&itable_lock);
	list_for_each(l, &fs->sb->inodes)
		cap++;
	spin_unlock(&itable_lock);
	if (cap == 0 || (v = kmalloc(cap * sizeof(*v))) == NULL)
		return 0;
	spin_lock(&itable_lock);
	list_for_each(l, &fs->sb->inodes) {
		ip = list_entry(l, struct inode, link);
		if (n < cap && EI(ip) != NULL &&
		    (READ_ONCE(EI(ip)->dirty) ||
		     (data && S_ISREG(ip->mode) &&
		      (pcache_dirty(&EI(ip)->pc) || !list_empty(&ip->maps))))) {
			ip->refs++;
			v[n++] = ip;
		}
	}
	spin_unlock(&itable_lock);
	*out = v;
	return n;
}

/* Write back the pages of file ip dirtied before `cutoff` (all of them
 * for UINT64_MAX), after collecting what shared mappings wrote. */
static int
sync_pages(struct inode *ip, uint64_t cutoff, bool *more)
{
	struct pcache *pc = &EI(ip)->pc;
	int r = 0;

	if (!list_empty(&ip->maps)) {
		vm_file_dirty(ip);
		*more = true;		/* mappings may write more at any time */
	}
	if (cutoff == UINT64_MAX || pcache_dirty_before(pc, cutoff))
		r = pcache_writeback(pc, 0, UINT64_MAX);
	if (pcache_dirty(pc))
		*more = true;
	return r;
}

/*
 * Write back what is dirty in fs: with `data` the pages of files (also
 * what shared mappings wrote) go to the disk, only those dirty for
 * BLOCK_DIRTY_EXPIRE_NS unless `all`; changed inodes and the superblock
 * go to the buffer cache, whose blocks the block layer writes (the
 * caller's bsync, or the flusher). 0, the first error, or 1 if dirty
 * pages remain. No lock held; may sleep.
 */
static int
sync_fs(struct ext2_fs *fs, bool data, bool all)
{
	uint64_t now = hal_time_ns(), cutoff = UINT64_MAX;
	struct inode **v = NULL, *ip;
	size_t n = dirty_inodes(fs, data, &v);
	bool more = false;
	int r = 0, e;

	if (!all)
		cutoff = now > BLOCK_DIRTY_EXPIRE_NS ?
			 now - BLOCK_DIRTY_EXPIRE_NS : 0;
	for (size_t i = 0; i < n; i++) {
		ip = v[i];
		if (data && S_ISREG(ip->mode) &&
		    (e = sync_pages(ip, cutoff, &more)) < 0 && r == 0)
			r = e;
		mutex_lock(&ip->lock);
		if ((e = ext2_write_inode(ip)) < 0 && r == 0)
			r = e;
		mutex_unlock(&ip->lock);
		inode_put(ip);
	}
	kfree(v);
	mutex_lock(&fs->alloc_lock);
	if (fs->super_dirty && !ext2_readonly(fs) &&
	    (e = write_super(fs, false)) < 0 && r == 0)
		r = e;
	mutex_unlock(&fs->alloc_lock);
	return r < 0 ? r : more ? 1 : 0;
}

/*
 * Write back everything dirty in fs (with `data`, file pages too; else
 * only inodes and the superblock, to the buffer cache). 0 or -EIO. No
 * lock held; may sleep.
 */
int
ext2_sync(struct ext2_fs *fs, bool data)
{
	int r = sync_fs(fs, data, true);

	return r < 0 ? r : 0;
}

/* The block layer's hook: sync(2) and syncfs (wait: everything), the
 * flusher (what has been dirty for a while). */
static int
ext2_syncer(void *arg, bool wait)
{
	return sync_fs(arg, true, wait);
}

/* Mark fs clean (unmounted) or in use, and write the superblock now. */
static int
set_clean(struct ext2_fs *fs, bool clean)
{
	int r;

	mutex_lock(&fs->alloc_lock);
	if (clean) {
		fs->es.s_state |= EXT2_VALID_FS;
	} else {
		fs->es.s_state &= (uint16_t)~EXT2_VALID_FS;
		fs->es.s_mnt_count++;
		fs->es.s_mtime = (uint32_t)vfs_now().tv_sec;
	}
	r = write_super(fs, true);
	mutex_unlock(&fs->alloc_lock);
	return r;
}

/* Free every in-memory inode of sb (written back if linked). */
static void
drop_inodes(struct super *sb)
{
	struct inode *ip;

	for (;;) {
		spin_lock(&itable_lock);
		if (list_empty(&sb->inodes)) {
			spin_unlock(&itable_lock);
			return;
		}
		ip = list_first(&sb->inodes, struct inode, link);
		list_remove(&ip->link);
		spin_unlock(&itable_lock);
		ext2_evict(ip);
		kfree(ip);
	}
}

static void
fs_free(struct ext2_fs *fs)
{
	kfree(fs->gd);
	kfree(fs);
}

/* ---- the file system type ---- */

static int
fs_setup(struct ext2_fs *fs, struct super *sb)
{
	char *raw = kmalloc(EXT2_SB_SIZE);
	int r;

	if (raw == NULL)
		return -ENOMEM;
	r = block_rw(fs->dev, false, EXT2_SB_OFFSET / HAL_BLOCK_SECTOR,
		     EXT2_SB_SIZE / HAL_BLOCK_SECTOR, raw);
	if (r == 0)
		memcpy(&fs->es, raw, sizeof(fs->es));
	kfree(raw);
	if (r < 0) {
		klog(KLOG_ERR, "ext2 (%s): cannot read the superblock",
		     fs->dev->name);
		return r;
	}
	if ((r = check_super(fs)) < 0 || (r = check_features(fs)) < 0 ||
	    (r = read_groups(fs)) < 0)
		return r;
	fs->extra_isize = 0;
	if (fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE)
		fs->extra_isize = MIN(fs->inode_size - EXT2_GOOD_OLD_INODE_SIZE,
				      (uint32_t)(sizeof(struct ext2_inode) -
						 EXT2_GOOD_OLD_INODE_SIZE));
	fs->next_generation = (uint32_t)vfs_now().tv_nsec;
	return 0;
}

/*
 * mount(2) of an ext2 file system on block device `source` ("/dev/vda").
 * Options in `data` are accepted and ignored; MS_RDONLY in sb->flags (or
 * a read-only disk, or a feature we cannot write) mounts read-only.
 */
static int
ext2_mount(struct super *sb, const char *source, const char *data)
{
	struct blockdev *dev = block_find(source);
	struct ext2_fs *fs;
	struct inode *root = NULL;
	int r;

	(void)data;
	if (dev == NULL)
		return -ENODEV;
	if ((fs = kzalloc(sizeof(*fs))) == NULL)
		return -ENOMEM;
	fs->sb = sb;
	fs->dev = dev;
	mutex_init(&fs->alloc_lock, "ext2 alloc");
	mutex_init(&fs->iget_lock, "ext2 iget");
	spin_init(&fs->hash_lock, "ext2 inodes");
	for (int i = 0; i < EXT2_HASH; i++)
		list_init(&fs->hash[i]);
	if ((r = fs_setup(fs, sb)) < 0) {
		fs_free(fs);
		return r;
	}
	if (dev->readonly || fs->forced_ro)
		sb->flags |= MS_RDONLY;
	sb->priv = fs;
	sb->keep_inodes = true;
	if ((r = ext2_iget(fs, EXT2_ROOT_INO, &root)) == 0 &&
	    !S_ISDIR(root->mode)) {
		ext2_error(fs, "the root inode is not a directory");
		r = -EINVAL;
	}
	if (r == 0 && !(sb->flags & MS_RDONLY) && !(fs->es.s_state &
						    EXT2_VALID_FS))
		klog(KLOG_WARN, "ext2 (%s): not cleanly unmounted: run "
		     "e2fsck", dev->name);
	if (r == 0 && !(sb->flags & MS_RDONLY))
		r = set_clean(fs, false);
	if (r < 0) {
		inode_put(root);
		drop_inodes(sb);
		sb->priv = NULL;
		fs_free(fs);
		return r;
	}
	sb->root = root;
	if (block_register_syncer(ext2_syncer, fs) < 0)
		klog(KLOG_WARN, "ext2 (%s): no room for a syncer: only sync "
		     "at unmount", dev->name);
	klog(KLOG_INFO, "ext2 (%s): mounted %s, %u-byte blocks, %u groups, "
	     "%u of %u blocks free", dev->name,
	     (sb->flags & MS_RDONLY) ? "read-only" : "read-write", fs->bsize,
	     fs->ngroups, fs->es.s_free_blocks_count, fs->blocks_count);
	return 0;
}

/* Unmount: write everything back, mark the file system clean, and let
 * the buffer cache forget the disk. */
static void
ext2_unmount(struct super *sb)
{
	struct ext2_fs *fs = EXT2_FS(sb);

	if (fs == NULL)
		return;
	block_unregister_syncer(fs);
	drop_inodes(sb);
	if (!(sb->flags & MS_RDONLY)) {
		ext2_sync(fs, true);
		set_clean(fs, true);
	}
	bsync(fs->dev);
	binvalidate(fs->dev);
	sb->priv = NULL;
	fs_free(fs);
}

/* mount -o remount,ro|rw. Going read-only writes back and marks the file
 * system clean; going read-write is refused for features we cannot
 * write (-EROFS). */
static int
ext2_remount(struct super *sb, unsigned long flags)
{
	struct ext2_fs *fs = EXT2_FS(sb);
	bool ro = (sb->flags & MS_RDONLY) != 0, want_ro = flags & MS_RDONLY;
	int r;

	if (!want_ro && (fs->forced_ro || fs->dev->readonly))
		return -EROFS;
	if (ro == want_ro)
		return 0;
	if (!want_ro)
		return set_clean(fs, false);
	r = ext2_sync(fs, true);
	if (set_clean(fs, true) < 0 && r == 0)
		r = -EIO;
	if (bsync(fs->dev) < 0 && r == 0)
		r = -EIO;
	return r;
}

static int
ext2_statfs(struct super *sb, void *out)
{
	struct ext2_fs *fs = EXT2_FS(sb);
	struct statfs_k *st = out;

	mutex_lock(&fs->alloc_lock);
	st->type = EXT2_SUPER_MAGIC;
	st->bsize = fs->bsize;
	st->blocks = fs->blocks_count > fs->overhead ?
		     fs->blocks_count - fs->overhead : 0;
	st->bfree = fs->es.s_free_blocks_count;
	st->bavail = st->bfree > fs->es.s_r_blocks_count ?
		     st->bfree - fs->es.s_r_blocks_count : 0;
	st->files = fs->inodes_count;
	st->ffree = fs->es.s_free_inodes_count;
	st->namelen = EXT2_NAME_LEN;
	mutex_unlock(&fs->alloc_lock);
	return 0;
}

const struct fs_type ext2_type = {
	.name = "ext2",
	.mount = ext2_mount,
	.unmount = ext2_unmount,
	.statfs = ext2_statfs,
	.remount = ext2_remount,
};

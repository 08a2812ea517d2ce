/*
 * ext2_dir.c -- directory blocks: linked lists of variable-length entries
 * (inode, rec_len, name_len, file_type, name) that fill each block, read
 * linearly. Directories indexed by a hash tree (dir_index) read the same
 * way: the tree's blocks look like empty entries; a directory we change
 * loses its index flag, as with Linux's ext2. Every entry is checked
 * before use. The caller holds the directory's lock.
 */
#include "ext2.h"

#define EXT2_MIN_REC 12		/* an entry with a one-byte name */

/* The file_type of an entry for a file of `mode`. */
uint8_t
ext2_file_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT2_FT_REG_FILE;
	case S_IFDIR: return EXT2_FT_DIR;
	case S_IFCHR: return EXT2_FT_CHRDEV;
	case S_IFBLK: return EXT2_FT_BLKDEV;
	case S_IFIFO: return EXT2_FT_FIFO;
	case S_IFSOCK: return EXT2_FT_SOCK;
	case S_IFLNK: return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

static unsigned
dtype_of(struct ext2_fs *fs, uint8_t ft)
{
	static const unsigned char dt[] = {
		DT_UNKNOWN, DT_REG, DT_DIR, DT_CHR, DT_BLK, DT_FIFO, DT_SOCK,
		DT_LNK,
	};

	return fs->filetype && ft < sizeof(dt) ? dt[ft] : DT_UNKNOWN;
}

/* Directory block lblk of dir, read; NULL and *err on a hole or error. */
static struct buf *
dir_block(struct inode *dir, uint32_t lblk, int *err)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	uint32_t pblk;
	struct buf *b;

	if ((*err = ext2_bmap(dir, lblk, false, &pblk, NULL)) < 0)
		return NULL;
	if (pblk == 0) {
		ext2_error(fs, "directory %llu has a hole at block %u",
			   (unsigned long long)dir->ino, lblk);
		*err = -EIO;
		return NULL;
	}
	if ((b = ext2_bread(fs, pblk)) == NULL)
		*err = -EIO;
	return b;
}

/* The entry at off of a directory block, if it is sane; NULL (and a log
 * line) otherwise. */
static struct ext2_dir_entry *
dirent_at(struct inode *dir, uint32_t lblk, uint8_t *data, uint32_t off)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	struct ext2_dir_entry *de = (struct ext2_dir_entry *)(data + off);
	uint32_t nl;

	if (off + EXT2_DIR_HEAD > fs->bsize)
		goto bad;
	nl = de->name_len | (fs->filetype ? 0u : (uint32_t)de->file_type << 8);
	if (de->rec_len < EXT2_MIN_REC || (de->rec_len & 3) ||
	    off + de->rec_len > fs->bsize || de->inode > fs->inodes_count ||
	    (de->inode != 0 && (nl == 0 || EXT2_DIR_REC_LEN(nl) > de->rec_len)))
		goto bad;
	return de;
bad:
	ext2_error(fs, "directory %llu block %u: bad entry at offset %u",
		   (unsigned long long)dir->ino, lblk, off);
	return NULL;
}

static uint32_t
dir_blocks(struct inode *dir)
{
	return (uint32_t)(dir->size >> EXT2_FS(dir->sb)->bshift);
}

/* The entry before `off` and after the changes: clear the index flag and
 * update the times. */
static void
dir_changed(struct inode *dir)
{
	EI(dir)->flags &= ~(uint32_t)EXT2_INDEX_FL;
	dir->mtime = dir->ctime = vfs_now();
	ext2_mark_dirty(dir);
}

/*
 * Find `name` in dir: 0 and *loc, -ENOENT, or -EIO (a bad block: logged).
 */
int
ext2_dir_find(struct inode *dir, const char *name, size_t len,
	      struct ext2_dirent_loc *loc)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	uint32_t n = dir_blocks(dir), off, prev;
	struct ext2_dir_entry *de;
	struct buf *b;
	int r;

	for (uint32_t lblk = 0; lblk < n; lblk++) {
		if ((b = dir_block(dir, lblk, &r)) == NULL)
			return r;
		for (off = prev = 0; off < fs->bsize; off += de->rec_len) {
			if ((de = dirent_at(dir, lblk, b->data, off)) == NULL) {
				brelse(b);
				return -EIO;
			}
			if (de->inode != 0 && de->name_len == len &&
			    memcmp(de->name, name, len) == 0) {
				loc->lblk = lblk;
				loc->off = off;
				loc->prev = prev;
				loc->ino = de->inode;
				loc->type = de->file_type;
				brelse(b);
				return 0;
			}
			prev = off;
		}
		brelse(b);
	}
	return -ENOENT;
}

static void
dirent_fill(struct ext2_fs *fs, struct ext2_dir_entry *de, const char *name,
	    size_t len, uint32_t ino, uint32_t mode)
{
	de->inode = ino;
	de->name_len = (uint8_t)len;
	de->file_type = fs->filetype ? ext2_file_type(mode) : 0;
	memcpy(de->name, name, len);
}

/* Put the entry in the first block of dir with room; false if none. */
static int
add_in_place(struct inode *dir, const char *name, size_t len, uint32_t ino,
	     uint32_t mode)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	uint32_t need = EXT2_DIR_REC_LEN(len), n = dir_blocks(dir), used, off;
	struct ext2_dir_entry *de, *ne;
	struct buf *b;
	int r;

	for (uint32_t lblk = 0; lblk < n; lblk++) {
		if ((b = dir_block(dir, lblk, &r)) == NULL)
			return r;
		for (off = 0; off < fs->bsize; off += de->rec_len) {
			if ((de = dirent_at(dir, lblk, b->data, off)) == NULL) {
				brelse(b);
				return -EIO;
			}
			used = de->inode ? EXT2_DIR_REC_LEN(de->name_len) : 0;
			if (de->rec_len < used + need)
				continue;
			if (used != 0) {	/* split its slack off */
				ne = (struct ext2_dir_entry *)(b->data + off + used);
				ne->rec_len = (uint16_t)(de->rec_len - used);
				de->rec_len = (uint16_t)used;
				de = ne;
			}
			dirent_fill(fs, de, name, len, ino, mode);
			bdirty(b);
			brelse(b);
			return 0;
		}
		brelse(b);
	}
	return -ENOSPC;
}

/*
 * Add the entry `name` -> ino (a file of `mode`) to dir, in the first
 * gap big enough, else in a new block at the end. The caller checked
 * that the name is new. 0, -ENOSPC, -EFBIG, -EIO.
 */
int
ext2_dir_add(struct inode *dir, const char *name, size_t len, uint32_t ino,
	     uint32_t mode)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	struct ext2_dir_entry *de;
	uint32_t pblk;
	struct buf *b;
	int r;

	if ((r = add_in_place(dir, name, len, ino, mode)) != -ENOSPC)
		goto out;
	if (dir->size >= 0x80000000u - fs->bsize)
		return -EFBIG;
	if ((r = ext2_bmap(dir, dir_blocks(dir), true, &pblk, NULL)) < 0)
		return r;
	if ((b = bget(fs->dev, pblk, fs->bsize)) == NULL)
		return -ENOMEM;
	memset(b->data, 0, fs->bsize);
	de = (struct ext2_dir_entry *)b->data;
	de->rec_len = (uint16_t)fs->bsize;
	dirent_fill(fs, de, name, len, ino, mode);
	bdirty(b);
	brelse(b);
	dir->size += fs->bsize;
out:
	if (r == 0)
		dir_changed(dir);
	return r;
}

/* Re-read the entry of loc; NULL unless it is still there. */
static struct ext2_dir_entry *
loc_entry(struct inode *dir, const struct ext2_dirent_loc *loc,
	  struct buf **bp, int *err)
{
	struct ext2_dir_entry *de;

	if ((*bp = dir_block(dir, loc->lblk, err)) == NULL)
		return NULL;
	if ((de = dirent_at(dir, loc->lblk, (*bp)->data, loc->off)) == NULL ||
	    de->inode != loc->ino) {
		brelse(*bp);
		*err = -EIO;
		return NULL;
	}
	return de;
}

/* Remove the entry found at loc: the entry before it in its block takes
 * its space, or it becomes unused if it is the first. 0 or -EIO. */
int
ext2_dir_remove(struct inode *dir, const struct ext2_dirent_loc *loc)
{
	struct ext2_dir_entry *de, *prev;
	struct buf *b;
	int r;

	if ((de = loc_entry(dir, loc, &b, &r)) == NULL)
		return r;
	if (loc->prev != loc->off) {
		prev = dirent_at(dir, loc->lblk, b->data, loc->prev);
		if (prev == NULL || loc->prev + prev->rec_len != loc->off) {
			brelse(b);
			return -EIO;
		}
		prev->rec_len = (uint16_t)(prev->rec_len + de->rec_len);
	} else {
		de->inode = 0;
	}
	bdirty(b);
	brelse(b);
	dir_changed(dir);
	return 0;
}

/* Point the entry found at loc to ino (a file of `mode`). 0 or -EIO. */
int
ext2_dir_set(struct inode *dir, const struct ext2_dirent_loc *loc,
	     uint32_t ino, uint32_t mode)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	struct ext2_dir_entry *de;
	struct buf *b;
	int r;

	if ((de = loc_entry(dir, loc, &b, &r)) == NULL)
		return r;
	de->inode = ino;
	if (fs->filetype)
		de->file_type = ext2_file_type(mode);
	bdirty(b);
	brelse(b);
	dir_changed(dir);
	return 0;
}

/* 1 if dir holds nothing but "." and "..", 0 if it holds more, or -EIO. */
int
ext2_dir_empty(struct inode *dir)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	uint32_t n = dir_blocks(dir), off;
	struct ext2_dir_entry *de;
	struct buf *b;
	int r;

	for (uint32_t lblk = 0; lblk < n; lblk++) {
		if ((b = dir_block(dir, lblk, &r)) == NULL)
			return r;
		for (off = 0; off < fs->bsize; off += de->rec_len) {
			if ((de = dirent_at(dir, lblk, b->data, off)) == NULL) {
				brelse(b);
				return -EIO;
			}
			if (de->inode != 0 && !name_is_dots(de->name,
							    de->name_len)) {
				brelse(b);
				return 0;
			}
		}
		brelse(b);
	}
	return 1;
}

/* Give the new directory dir its first block: "." and ".." (parent). */
int
ext2_dir_init(struct inode *dir, uint32_t parent)
{
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	struct ext2_dir_entry *de;
	uint32_t pblk;
	struct buf *b;
	int r;

	if ((r = ext2_bmap(dir, 0, true, &pblk, NULL)) < 0)
		return r;
	if ((b = bget(fs->dev, pblk, fs->bsize)) == NULL)
		return -ENOMEM;
	memset(b->data, 0, fs->bsize);
	de = (struct ext2_dir_entry *)b->data;
	de->rec_len = EXT2_MIN_REC;
	dirent_fill(fs, de, ".", 1, (uint32_t)dir->ino, S_IFDIR);
	de = (struct ext2_dir_entry *)(b->data + EXT2_MIN_REC);
	de->rec_len = (uint16_t)(fs->bsize - EXT2_MIN_REC);
	dirent_fill(fs, de, "..", 2, parent, S_IFDIR);
	bdirty(b);
	brelse(b);
	dir->size = fs->bsize;
	ext2_mark_dirty(dir);
	return 0;
}

/*
 * file_ops.readdir: entries from ctx->pos, a byte offset in the
 * directory (each entry's cookie is the offset of the next). A position
 * inside a block is found again by walking that block from its start.
 * 0, or -EIO for a bad block before anything was returned.
 */
int
ext2_readdir(struct file *f, struct dir_ctx *ctx)
{
	struct inode *dir = f->ip;
	struct ext2_fs *fs = EXT2_FS(dir->sb);
	struct ext2_dir_entry *de;
	uint32_t lblk, boff, off;
	struct buf *b;
	int r = 0;

	mutex_lock(&dir->lock);
	while (ctx->pos < dir->size) {
		lblk = (uint32_t)(ctx->pos >> fs->bshift);
		boff = (uint32_t)(ctx->pos & (fs->bsize - 1));
		if ((b = dir_block(dir, lblk, &r)) == NULL)
			break;
		for (off = 0; off < fs->bsize; off += de->rec_len) {
			if ((de = dirent_at(dir, lblk, b->data, off)) == NULL) {
				r = -EIO;
				break;
			}
			if (off < boff)
				continue;
			if (de->inode != 0 &&
			    !ctx->emit(ctx, de->name, de->name_len, de->inode,
				       dtype_of(fs, de->file_type))) {
				brelse(b);
				goto out;
			}
			ctx->pos = ((uint64_t)lblk << fs->bshift) + off +
				   de->rec_len;
		}
		brelse(b);
		if (r < 0)
			break;
		ctx->pos = (uint64_t)(lblk + 1) << fs->bshift;
	}
out:
	mutex_unlock(&dir->lock);
	return r;
}

/*
 * ext2_alloc.c -- block and inode allocation in the groups' bitmaps,
 * with the free counts of the group descriptors and the superblock kept
 * in step. Blocks go near a goal (the file's last block, or its inode's
 * group); directories go to a group with few directories and room,
 * files to their directory's group. Everything under fs->alloc_lock.
 */
#include "ext2.h"

static bool
bit_test(const uint8_t *map, uint32_t i)
{
	return (map[i >> 3] >> (i & 7)) & 1;
}

static void
bit_set(uint8_t *map, uint32_t i)
{
	map[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static void
bit_clear(uint8_t *map, uint32_t i)
{
	map[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

/* The first clear bit of map in [from, n), or n. */
static uint32_t
find_clear(const uint8_t *map, uint32_t from, uint32_t n)
{
	uint32_t i = from;

	while (i < n && (i & 7))
		if (!bit_test(map, i++))
			return i - 1;
	while (i + 8 <= n && map[i >> 3] == 0xff)
		i += 8;
	for (; i < n; i++)
		if (!bit_test(map, i))
			return i;
	return n;
}

static uint32_t
group_blocks(struct ext2_fs *fs, uint32_t g)
{
	uint64_t start = fs->first_data_block + (uint64_t)g * fs->bpg;

	return (uint32_t)MIN((uint64_t)fs->bpg, fs->blocks_count - start);
}

/* Is blk one of group g's own metadata blocks (a corrupt bitmap could
 * call it free)? */
static bool
is_metadata(struct ext2_fs *fs, uint32_t g, uint32_t blk)
{
	struct ext2_group_desc *gd = &fs->gd[g];
	uint32_t itb = (uint32_t)(((uint64_t)fs->ipg * fs->inode_size +
				   fs->bsize - 1) / fs->bsize);

	return !ext2_block_ok(fs, blk) || blk == gd->bg_block_bitmap ||
	       blk == gd->bg_inode_bitmap ||
	       (blk >= gd->bg_inode_table && blk - gd->bg_inode_table < itb);
}

/* Count one block of group g as taken. */
static void
count_block(struct ext2_fs *fs, uint32_t g)
{
	if (fs->gd[g].bg_free_blocks_count > 0)
		fs->gd[g].bg_free_blocks_count--;
	ext2_gd_dirty(fs, g);
	if (fs->es.s_free_blocks_count > 0)
		fs->es.s_free_blocks_count--;
	ext2_super_dirty(fs);
}

/* Take a free block of group g, the first at or after index `from`, else
 * the first before it. 0 and *out, -ENOSPC, -EIO. */
static int
take_block(struct ext2_fs *fs, uint32_t g, uint32_t from, uint32_t *out)
{
	struct ext2_group_desc *gd = &fs->gd[g];
	uint32_t n = group_blocks(fs, g), i, blk, lo[2], hi[2];
	struct buf *b;

	if (gd->bg_free_blocks_count == 0)
		return -ENOSPC;
	if ((b = ext2_bread(fs, gd->bg_block_bitmap)) == NULL)
		return -EIO;
	if (from >= n)
		from = 0;
	lo[0] = from;
	hi[0] = n;
	lo[1] = 0;
	hi[1] = from;
	for (int pass = 0; pass < 2; pass++) {
		for (i = lo[pass]; (i = find_clear(b->data, i, hi[pass])) <
		     hi[pass]; i++) {
			blk = fs->first_data_block + g * fs->bpg + i;
			bit_set(b->data, i);
			bdirty(b);
			count_block(fs, g);
			if (!is_metadata(fs, g, blk)) {
				brelse(b);
				*out = blk;
				return 0;
			}
			ext2_error(fs, "group %u: metadata block %u is marked "
				   "free in the bitmap", g, blk);
		}
	}
	brelse(b);
	ext2_error(fs, "group %u: free blocks counted but none in the bitmap",
		   g);
	gd->bg_free_blocks_count = 0;
	ext2_gd_dirty(fs, g);
	return -ENOSPC;
}

/*
 * A free block, as near `goal` as we find one: its group first, from the
 * goal on, then the following groups. The last reserved blocks are for
 * root. 0 and *out, -ENOSPC or -EIO. May sleep.
 */
int
ext2_new_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
	uint32_t g, from;
	int r = -ENOSPC;

	mutex_lock(&fs->alloc_lock);
	if (fs->es.s_free_blocks_count == 0 ||
	    (cur_cred()->fsuid != 0 &&
	     fs->es.s_free_blocks_count <= fs->es.s_r_blocks_count)) {
		mutex_unlock(&fs->alloc_lock);
		return -ENOSPC;
	}
	if (goal <= fs->first_data_block || goal >= fs->blocks_count)
		goal = fs->first_data_block;
	g = (goal - fs->first_data_block) / fs->bpg;
	from = (goal - fs->first_data_block) % fs->bpg;
	for (uint32_t k = 0; k <= fs->ngroups && r == -ENOSPC; k++) {
		uint32_t gg = (g + k) % fs->ngroups;

		r = take_block(fs, gg, k == 0 ? from : 0, out);
		if (r == -EIO)
			r = -ENOSPC;	/* that group's bitmap: try the next */
	}
	mutex_unlock(&fs->alloc_lock);
	return r;
}

/* Give block blk back. A block already free is a corruption: logged and
 * left alone. May sleep. */
void
ext2_free_block(struct ext2_fs *fs, uint32_t blk)
{
	uint32_t g, i;
	struct buf *b;

	if (!ext2_block_ok(fs, blk)) {
		ext2_error(fs, "freeing block %u outside the data area", blk);
		return;
	}
	g = (blk - fs->first_data_block) / fs->bpg;
	i = (blk - fs->first_data_block) % fs->bpg;
	mutex_lock(&fs->alloc_lock);
	if ((b = ext2_bread(fs, fs->gd[g].bg_block_bitmap)) != NULL) {
		if (!bit_test(b->data, i)) {
			ext2_error(fs, "freeing block %u, which is free", blk);
		} else {
			bit_clear(b->data, i);
			bdirty(b);
			if (fs->gd[g].bg_free_blocks_count < group_blocks(fs, g))
				fs->gd[g].bg_free_blocks_count++;
			ext2_gd_dirty(fs, g);
			fs->es.s_free_blocks_count++;
			ext2_super_dirty(fs);
		}
		brelse(b);
	}
	mutex_unlock(&fs->alloc_lock);
}

/* The group for a new directory: one with at least the average number
 * of free inodes, the fewest directories, and the most free blocks. */
static uint32_t
dir_group(struct ext2_fs *fs)
{
	uint32_t avg = fs->es.s_free_inodes_count / fs->ngroups, best = 0;
	struct ext2_group_desc *gd, *b = NULL;

	for (uint32_t g = 0; g < fs->ngroups; g++) {
		gd = &fs->gd[g];
		if (gd->bg_free_inodes_count == 0 || gd->bg_free_inodes_count < avg)
			continue;
		if (b == NULL || gd->bg_used_dirs_count < b->bg_used_dirs_count ||
		    (gd->bg_used_dirs_count == b->bg_used_dirs_count &&
		     gd->bg_free_blocks_count > b->bg_free_blocks_count)) {
			b = gd;
			best = g;
		}
	}
	return best;
}

/* Take a free inode of group g: 0 and *out, -ENOSPC, -EIO. */
static int
take_ino(struct ext2_fs *fs, uint32_t g, bool dir, uint32_t *out)
{
	struct ext2_group_desc *gd = &fs->gd[g];
	uint32_t i = 0, first;
	struct buf *b;

	if (gd->bg_free_inodes_count == 0)
		return -ENOSPC;
	if ((b = ext2_bread(fs, gd->bg_inode_bitmap)) == NULL)
		return -EIO;
	first = g == 0 ? fs->first_ino - 1 : 0;	/* reserved inodes */
	if ((i = find_clear(b->data, MIN(first, fs->ipg), fs->ipg)) >= fs->ipg) {
		brelse(b);
		ext2_error(fs, "group %u: free inodes counted but none in the "
			   "bitmap", g);
		gd->bg_free_inodes_count = 0;
		ext2_gd_dirty(fs, g);
		return -ENOSPC;
	}
	bit_set(b->data, i);
	bdirty(b);
	brelse(b);
	gd->bg_free_inodes_count--;
	if (dir)
		gd->bg_used_dirs_count++;
	ext2_gd_dirty(fs, g);
	fs->es.s_free_inodes_count--;
	ext2_super_dirty(fs);
	*out = g * fs->ipg + i + 1;
	return 0;
}

/*
 * A free inode number for a new file (in its directory's group, else
 * further away) or directory (spread over the groups). 0 and *out,
 * -ENOSPC, -EIO. May sleep.
 */
int
ext2_new_ino(struct ext2_fs *fs, uint32_t parent_group, bool dir,
	     uint32_t *out)
{
	uint32_t g, k;
	int r = -ENOSPC;

	mutex_lock(&fs->alloc_lock);
	if (fs->es.s_free_inodes_count == 0) {
		mutex_unlock(&fs->alloc_lock);
		return -ENOSPC;
	}
	g = dir ? dir_group(fs) : parent_group % fs->ngroups;
	if (!dir && fs->gd[g].bg_free_blocks_count == 0)
		for (k = 1; k < fs->ngroups; k <<= 1)	/* hop away */
			if (fs->gd[(g + k) % fs->ngroups].bg_free_inodes_count &&
			    fs->gd[(g + k) % fs->ngroups].bg_free_blocks_count) {
				g = (g + k) % fs->ngroups;
				break;
			}
	for (k = 0; k < fs->ngroups && r == -ENOSPC; k++) {
		r = take_ino(fs, (g + k) % fs->ngroups, dir, out);
		if (r == -EIO)
			r = -ENOSPC;
	}
	mutex_unlock(&fs->alloc_lock);
	return r;
}

/* Give inode number ino back (its inode was cleared). May sleep. */
void
ext2_free_ino(struct ext2_fs *fs, uint32_t ino, bool dir)
{
	uint32_t g = (ino - 1) / fs->ipg, i = (ino - 1) % fs->ipg;
	struct ext2_group_desc *gd;
	struct buf *b;

	if (ino < fs->first_ino || ino > fs->inodes_count)
		return;
	mutex_lock(&fs->alloc_lock);
	gd = &fs->gd[g];
	if ((b = ext2_bread(fs, gd->bg_inode_bitmap)) != NULL) {
		if (!bit_test(b->data, i)) {
			ext2_error(fs, "freeing inode %u, which is free", ino);
		} else {
			bit_clear(b->data, i);
			bdirty(b);
			if (gd->bg_free_inodes_count < fs->ipg)
				gd->bg_free_inodes_count++;
			if (dir && gd->bg_used_dirs_count > 0)
				gd->bg_used_dirs_count--;
			ext2_gd_dirty(fs, g);
			fs->es.s_free_inodes_count++;
			ext2_super_dirty(fs);
		}
		brelse(b);
	}
	mutex_unlock(&fs->alloc_lock);
}

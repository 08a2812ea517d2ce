/*
 * ext2.h -- the second extended file system: its on-disk structures (as
 * the ext2 documentation lays them out, little-endian) and what the files
 * of the driver share: ext2_super.c (mount, superblock, group
 * descriptors, sync), ext2_alloc.c (bitmaps), ext2_inode.c (inodes, block
 * maps, truncation), ext2_dir.c (directory blocks), ext2_namei.c (the
 * inode operations) and ext2_file.c (file data through the page cache).
 */
#ifndef KERNEL_EXT2_H
#define KERNEL_EXT2_H

#include "block.h"
#include "fs_local.h"
#include "pagecache.h"

/* Every ISA CircleOS runs on is little-endian, as ext2 is on the disk. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "ext2 fields are read in place: little-endian only");

/* ---- on the disk ---- */

#define EXT2_SB_OFFSET 1024		/* bytes from the start of the disk */
#define EXT2_SB_SIZE 1024
#define EXT2_ROOT_INO 2
#define EXT2_RESIZE_INO 7
#define EXT2_GOOD_OLD_REV 0
#define EXT2_DYNAMIC_REV 1
#define EXT2_GOOD_OLD_FIRST_INO 11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_NDIR_BLOCKS 12
#define EXT2_IND_BLOCK 12
#define EXT2_DIND_BLOCK 13
#define EXT2_TIND_BLOCK 14
#define EXT2_N_BLOCKS 15
#define EXT2_LINK_MAX 32000
#define EXT2_NAME_LEN 255

/* s_state */
#define EXT2_VALID_FS 0x1		/* cleanly unmounted */
#define EXT2_ERROR_FS 0x2		/* errors detected */

/* s_feature_compat: unknown ones are harmless */
#define EXT2_FEATURE_COMPAT_DIR_PREALLOC 0x0001
#define EXT2_FEATURE_COMPAT_IMAGIC_INODES 0x0002
#define EXT3_FEATURE_COMPAT_HAS_JOURNAL 0x0004
#define EXT2_FEATURE_COMPAT_EXT_ATTR 0x0008
#define EXT2_FEATURE_COMPAT_RESIZE_INODE 0x0010
#define EXT2_FEATURE_COMPAT_DIR_INDEX 0x0020

/* s_feature_ro_compat: unknown ones allow reading only */
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002
#define EXT2_FEATURE_RO_COMPAT_BTREE_DIR 0x0004
#define EXT4_FEATURE_RO_COMPAT_HUGE_FILE 0x0008
#define EXT4_FEATURE_RO_COMPAT_GDT_CSUM 0x0010
#define EXT4_FEATURE_RO_COMPAT_DIR_NLINK 0x0020
#define EXT4_FEATURE_RO_COMPAT_EXTRA_ISIZE 0x0040
#define EXT4_FEATURE_RO_COMPAT_QUOTA 0x0100
#define EXT4_FEATURE_RO_COMPAT_BIGALLOC 0x0200
#define EXT4_FEATURE_RO_COMPAT_METADATA_CSUM 0x0400
#define EXT4_FEATURE_RO_COMPAT_READONLY 0x1000
#define EXT4_FEATURE_RO_COMPAT_PROJECT 0x2000
#define EXT4_FEATURE_RO_COMPAT_VERITY 0x8000
#define EXT4_FEATURE_RO_COMPAT_ORPHAN_PRESENT 0x10000

/* s_feature_incompat: unknown ones make the file system unreadable */
#define EXT2_FEATURE_INCOMPAT_COMPRESSION 0x0001
#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002
#define EXT3_FEATURE_INCOMPAT_RECOVER 0x0004
#define EXT3_FEATURE_INCOMPAT_JOURNAL_DEV 0x0008
#define EXT2_FEATURE_INCOMPAT_META_BG 0x0010
#define EXT4_FEATURE_INCOMPAT_EXTENTS 0x0040
#define EXT4_FEATURE_INCOMPAT_64BIT 0x0080
#define EXT4_FEATURE_INCOMPAT_MMP 0x0100
#define EXT4_FEATURE_INCOMPAT_FLEX_BG 0x0200
#define EXT4_FEATURE_INCOMPAT_EA_INODE 0x0400
#define EXT4_FEATURE_INCOMPAT_DIRDATA 0x1000
#define EXT4_FEATURE_INCOMPAT_CSUM_SEED 0x2000
#define EXT4_FEATURE_INCOMPAT_LARGEDIR 0x4000
#define EXT4_FEATURE_INCOMPAT_INLINE_DATA 0x8000
#define EXT4_FEATURE_INCOMPAT_ENCRYPT 0x10000
#define EXT4_FEATURE_INCOMPAT_CASEFOLD 0x20000

/* What this driver reads and writes. flex_bg only moves bitmaps and
 * inode tables, which the group descriptors locate anyway. */
#define EXT2_INCOMPAT_SUPP (EXT2_FEATURE_INCOMPAT_FILETYPE | \
			    EXT4_FEATURE_INCOMPAT_FLEX_BG)
#define EXT2_RO_COMPAT_SUPP (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
			     EXT2_FEATURE_RO_COMPAT_LARGE_FILE | \
			     EXT2_FEATURE_RO_COMPAT_BTREE_DIR)

struct ext2_super_block {
	uint32_t s_inodes_count;		/* 0 */
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;		/* 16 */
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;		/* block size 1024 << this */
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;		/* 32 */
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;			/* last mount */
	uint32_t s_wtime;			/* 48: last write */
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic;			/* 56: 0xEF53 */
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;			/* 64 */
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;			/* 80 */
	uint16_t s_def_resgid;
	/* EXT2_DYNAMIC_REV */
	uint32_t s_first_ino;			/* 84 */
	uint16_t s_inode_size;			/* 88 */
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;		/* 92 */
	uint32_t s_feature_incompat;		/* 96 */
	uint32_t s_feature_ro_compat;		/* 100 */
	uint8_t s_uuid[16];			/* 104 */
	char s_volume_name[16];			/* 120 */
	char s_last_mounted[64];		/* 136 */
	uint32_t s_algorithm_usage_bitmap;	/* 200 */
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;		/* 206 */
	uint8_t s_journal_uuid[16];		/* 208 */
	uint32_t s_journal_inum;		/* 224 */
	uint32_t s_journal_dev;
	uint32_t s_last_orphan;
	uint32_t s_hash_seed[4];		/* 236 */
	uint8_t s_def_hash_version;		/* 252 */
	uint8_t s_jnl_backup_type;
	uint16_t s_desc_size;
	uint32_t s_default_mount_opts;		/* 256 */
	uint32_t s_first_meta_bg;
	uint32_t s_mkfs_time;
	uint32_t s_jnl_blocks[17];		/* 268 */
	uint32_t s_blocks_count_hi;		/* 336 */
	uint32_t s_r_blocks_count_hi;
	uint32_t s_free_blocks_hi;
	uint16_t s_min_extra_isize;		/* 348 */
	uint16_t s_want_extra_isize;		/* 350 */
	uint32_t s_flags;			/* 352 */
	uint8_t s_rest[EXT2_SB_SIZE - 356];
};

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_flags;
	uint32_t bg_reserved[3];
};

struct ext2_inode {
	uint16_t i_mode;			/* 0 */
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;			/* 8 */
	uint32_t i_ctime;
	uint32_t i_mtime;			/* 16 */
	uint32_t i_dtime;
	uint16_t i_gid;				/* 24 */
	uint16_t i_links_count;
	uint32_t i_blocks;			/* 512-byte units */
	uint32_t i_flags;			/* 32 */
	uint32_t i_osd1;
	uint32_t i_block[EXT2_N_BLOCKS];	/* 40 */
	uint32_t i_generation;			/* 100 */
	uint32_t i_file_acl;			/* 104: extended attribute block */
	uint32_t i_size_high;			/* 108 */
	uint32_t i_faddr;
	uint16_t i_blocks_hi;			/* 116 */
	uint16_t i_file_acl_high;
	uint16_t i_uid_high;			/* 120 */
	uint16_t i_gid_high;
	uint16_t i_checksum_lo;
	uint16_t i_reserved;
	/* inodes larger than 128 bytes */
	uint16_t i_extra_isize;			/* 128 */
	uint16_t i_checksum_hi;
	uint32_t i_ctime_extra;			/* 132: nanoseconds << 2 | epoch */
	uint32_t i_mtime_extra;			/* 136 */
	uint32_t i_atime_extra;			/* 140 */
	uint32_t i_crtime;			/* 144 */
	uint32_t i_crtime_extra;		/* 148 */
	uint32_t i_version_hi;
	uint32_t i_projid;			/* 156 */
};

/* i_flags */
#define EXT2_IMMUTABLE_FL 0x00000010
#define EXT2_APPEND_FL 0x00000020
#define EXT2_INDEX_FL 0x00001000	/* hashed-indexed directory */
#define EXT4_HUGE_FILE_FL 0x00040000
#define EXT4_EXTENTS_FL 0x00080000
#define EXT4_EA_INODE_FL 0x00200000
#define EXT4_INLINE_DATA_FL 0x10000000

struct ext2_dir_entry {
	uint32_t inode;			/* 0: unused entry */
	uint16_t rec_len;		/* to the next entry */
	uint8_t name_len;
	uint8_t file_type;		/* high byte of name_len without FILETYPE */
	char name[];
};

#define EXT2_DIR_HEAD 8
#define EXT2_DIR_REC_LEN(n) (((n) + EXT2_DIR_HEAD + 3) & ~3u)

/* file_type */
#define EXT2_FT_UNKNOWN 0
#define EXT2_FT_REG_FILE 1
#define EXT2_FT_DIR 2
#define EXT2_FT_CHRDEV 3
#define EXT2_FT_BLKDEV 4
#define EXT2_FT_FIFO 5
#define EXT2_FT_SOCK 6
#define EXT2_FT_SYMLINK 7

/* The header of an extended attribute block (only its count is used:
 * the block goes when the last inode sharing it is deleted). */
#define EXT2_XATTR_MAGIC 0xEA020000
struct ext2_xattr_header {
	uint32_t h_magic;
	uint32_t h_refcount;
	uint32_t h_blocks;
	uint32_t h_hash;
};

_Static_assert(sizeof(struct ext2_super_block) == EXT2_SB_SIZE, "superblock");
_Static_assert(__builtin_offsetof(struct ext2_super_block,
				  s_reserved_gdt_blocks) == 206, "s_reserved_gdt");
_Static_assert(__builtin_offsetof(struct ext2_super_block,
				  s_blocks_count_hi) == 336, "s_blocks_count_hi");
_Static_assert(__builtin_offsetof(struct ext2_super_block, s_flags) == 352,
	       "s_flags");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group descriptor");
_Static_assert(__builtin_offsetof(struct ext2_inode, i_block) == 40, "i_block");
_Static_assert(__builtin_offsetof(struct ext2_inode, i_extra_isize) == 128,
	       "i_extra_isize");
_Static_assert(sizeof(struct ext2_inode) == 160, "large inode");

/* ---- in memory ---- */

#define EXT2_HASH 256

/* sb->priv. */
struct ext2_fs {
	struct super *sb;
	struct blockdev *dev;
	uint32_t bsize;			/* 1024, 2048 or 4096 */
	unsigned bshift;
	uint32_t apb;			/* block numbers per block */
	uint32_t ngroups, bpg, ipg;
	uint32_t inodes_count, blocks_count, first_data_block, first_ino;
	uint32_t inode_size, extra_isize;	/* extra: for new inodes */
	uint32_t gdt_blocks;
	uint64_t max_bytes;		/* largest regular file */
	uint64_t overhead;		/* blocks of metadata (statfs) */
	bool filetype;			/* entries carry a file type */
	bool forced_ro;			/* features we may not write */
	uint32_t next_generation;
	struct mutex alloc_lock;	/* guards below, bitmaps, the group
					 * descriptors and es counters */
	struct ext2_super_block es;	/* the superblock as last read */
	struct ext2_group_desc *gd;	/* ngroups of them */
	uint32_t last_group;		/* where the last file went */
	bool super_dirty;
	struct spinlock hash_lock;	/* guards hash (before itable_lock) */
	struct list hash[EXT2_HASH];	/* struct ext2_inode_info by ino */
	struct mutex iget_lock;		/* one inode read in at a time */
};

/* ip->priv. The block map and flags are guarded by ip->lock. */
struct ext2_inode_info {
	struct inode *ip;
	struct list hlink;		/* in ext2_fs.hash */
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t flags;			/* i_flags */
	uint32_t file_acl;
	uint32_t generation;
	uint32_t dtime;
	uint32_t crtime, crtime_extra;	/* kept as read */
	uint32_t group;			/* its block group */
	uint32_t goal;			/* next block to try when growing */
	bool dirty;			/* in-memory fields newer than the disk */
	bool has_extra;			/* the inode keeps nanoseconds */
	struct mutex wlock;		/* regular files: one writer or
					 * truncater; before ip->lock */
	struct pcache pc;		/* regular files */
};

static inline struct ext2_fs *
EXT2_FS(struct super *sb)
{
	return sb->priv;
}

static inline struct ext2_inode_info *
EI(struct inode *ip)
{
	return ip->priv;
}

/* ext2_super.c */
bool ext2_block_ok(struct ext2_fs *fs, uint64_t blk);
void ext2_error(struct ext2_fs *fs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct buf *ext2_bread(struct ext2_fs *fs, uint32_t blk);
void ext2_gd_dirty(struct ext2_fs *fs, uint32_t group);
void ext2_super_dirty(struct ext2_fs *fs);
int ext2_set_ro_feature(struct ext2_fs *fs, uint32_t feature);
bool ext2_readonly(struct ext2_fs *fs);
int ext2_sync(struct ext2_fs *fs, bool data);

/* ext2_alloc.c */
int ext2_new_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out);
void ext2_free_block(struct ext2_fs *fs, uint32_t blk);
int ext2_new_ino(struct ext2_fs *fs, uint32_t dir_group, bool dir,
		 uint32_t *out);
void ext2_free_ino(struct ext2_fs *fs, uint32_t ino, bool dir);

/* ext2_inode.c */
int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct inode **out);
int ext2_inode_new(struct inode *dir, uint32_t mode, struct inode **out);
int ext2_write_inode(struct inode *ip);
void ext2_mark_dirty(struct inode *ip);
int ext2_bmap(struct inode *ip, uint64_t lblk, bool create, uint32_t *pblk,
	      bool *fresh);
int ext2_bmap_run(struct inode *ip, uint64_t lblk, unsigned max,
		  uint32_t *pblk, unsigned *len);
int ext2_truncate_blocks(struct inode *ip, uint64_t size);
void ext2_evict(struct inode *ip);
uint64_t ext2_max_bytes(uint32_t bsize);
extern const struct pcache_ops ext2_pcache_ops;

/* ext2_dir.c */
struct ext2_dirent_loc {
	uint32_t lblk;			/* directory block */
	uint32_t off;			/* of the entry in it */
	uint32_t prev;			/* of the entry before, or off */
	uint32_t ino;
	uint8_t type;
};
int ext2_dir_find(struct inode *dir, const char *name, size_t len,
		  struct ext2_dirent_loc *loc);
int ext2_dir_add(struct inode *dir, const char *name, size_t len,
		 uint32_t ino, uint32_t mode);
int ext2_dir_remove(struct inode *dir, const struct ext2_dirent_loc *loc);
int ext2_dir_set(struct inode *dir, const struct ext2_dirent_loc *loc,
		 uint32_t ino, uint32_t mode);
int ext2_dir_empty(struct inode *dir);
int ext2_dir_init(struct inode *dir, uint32_t parent);
int ext2_readdir(struct file *f, struct dir_ctx *ctx);
uint8_t ext2_file_type(uint32_t mode);

/* ext2_namei.c, ext2_file.c */
extern const struct inode_ops ext2_iops;
extern const struct file_ops ext2_dir_fops, ext2_file_fops;
int ext2_truncate(struct inode *ip, uint64_t size);

#endif

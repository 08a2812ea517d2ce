/*
 * dev_ktest.c -- self tests of the HAL's devices seen from the kernel:
 * an ext2 file read from the first disk (disk_ext2), and the
 * framebuffer painted and read back (fb_pattern). Both pass with a
 * note when the machine lacks the device, so ktest=all runs anywhere;
 * the scripts that attach the device check the notes
 * (tests/sys/qemu-aarch64-ktest.sh).
 */
#include "fs_ktest.h"
#include "block.h"

#define DISK_DIR "/ktdisk"

/*
 * Mount vda read-only (ext2) and read /etc/hostname from it: the block
 * layer, the HAL's disk driver and its interrupts end to end. A disk
 * that holds no ext2 (a scratch disk of other tests) is skipped.
 */
int
ktest_disk_ext2(void)
{
	struct blockdev *d = block_dev(0);
	struct file *f;
	char buf[64];
	ssize_t n;
	int r;

	if (d == NULL) {
		ktest_note("no disk: skipped (run it with -drive)");
		return 0;
	}
	KT_ASSERT(vfs_mknod(AT_FDCWD, DISK_DIR, S_IFDIR | 0755, 0) == 0);
	r = vfs_mount("/dev/vda", DISK_DIR, "ext2", MS_RDONLY, NULL);
	if (r == -EINVAL) {
		ktest_note("vda holds no ext2 file system: skipped");
		KT_ASSERT(vfs_unlink(AT_FDCWD, DISK_DIR, true) == 0);
		return 0;
	}
	KT_ASSERT_MSG(r == 0, "mount /dev/vda: %d", r);
	KT_ASSERT(vfs_open(AT_FDCWD, DISK_DIR "/etc/hostname", O_RDONLY, 0,
			   &f) == 0);
	n = kernel_read(f, buf, sizeof(buf) - 1, 0);
	KT_ASSERT(n > 0 && (uint64_t)n == f->ip->size);
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	file_put(f);
	ktest_note("vda (%s): ext2, /etc/hostname is '%s'", d->model, buf);
	KT_ASSERT(vfs_umount(DISK_DIR, 0) == 0);
	KT_ASSERT(vfs_unlink(AT_FDCWD, DISK_DIR, true) == 0);
	return 0;
}

/* The test pattern's colour at (x, y): eight vertical bars, a white
 * frame of 8 pixels, and a red diagonal. */
static uint32_t
pattern(const struct hal_fb *fb, uint32_t x, uint32_t y)
{
	static const uint32_t bars[8] = {
		0xffffff, 0xffff00, 0x00ffff, 0x00ff00,
		0xff00ff, 0xff0000, 0x0000ff, 0x000000,
	};

	if (x < 8 || y < 8 || x >= fb->width - 8 || y >= fb->height - 8)
		return 0xffffff;
	if (x * fb->height / fb->width == y)
		return 0xff0000;
	return bars[x * 8 / fb->width];
}

/* Paint the pattern into the framebuffer and read it back; it stays on
 * the screen for a screenshot (QEMU -no-shutdown, then screendump). */
int
ktest_fb_pattern(void)
{
	struct hal_fb fb;
	uint32_t *line;
	int r = hal_fb_info(&fb);

	if (r == -ENODEV) {
		ktest_note("no framebuffer: skipped (QEMU: -device ramfb)");
		return 0;
	}
	KT_ASSERT_MSG(r == 0, "hal_fb_info: %d", r);
	KT_ASSERT(fb.format == HAL_FB_XRGB8888 && fb.width >= 64 &&
		  fb.height >= 64 && fb.stride >= fb.width * 4);
	for (uint32_t y = 0; y < fb.height; y++) {
		line = (uint32_t *)((uint8_t *)fb.base + (size_t)y * fb.stride);
		for (uint32_t x = 0; x < fb.width; x++)
			line[x] = pattern(&fb, x, y);
	}
	for (uint32_t y = 0; y < fb.height; y += 37) {
		line = (uint32_t *)((uint8_t *)fb.base + (size_t)y * fb.stride);
		for (uint32_t x = 0; x < fb.width; x += 29)
			KT_ASSERT(line[x] == pattern(&fb, x, y));
	}
	ktest_note("framebuffer %ux%u, stride %u: pattern painted", fb.width,
		   fb.height, fb.stride);
	return 0;
}

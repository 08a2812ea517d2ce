/*
 * virtio.h -- virtio-blk disks over any virtio transport, shared by the
 * QEMU HALs: the split virtqueue, feature negotiation, the virtio-blk
 * requests and kernel/hal.h's hal_block_* live in hal-common/virtio.c;
 * each HAL supplies a transport (struct virtio_ops: PCI legacy or
 * modern on x86_64, MMIO version 1 or 2 on aarch64) and calls
 * virtio_blk_add() for each disk it finds, in the machine's order,
 * then virtio_blk_isr() from the disks' interrupt.
 *
 * The HAL also supplies virtio_ram(): whether a buffer the kernel hands
 * in is RAM the device may read or write (its direct map or image).
 */
#ifndef VIRTIO_H
#define VIRTIO_H

#include "kernel.h"

#define VIRTIO_BLK_MAX 8		/* disks */

/* Device status bits (virtio 1.0, 2.1). */
#define VIRTIO_S_ACK 1
#define VIRTIO_S_DRIVER 2
#define VIRTIO_S_DRIVER_OK 4
#define VIRTIO_S_FEATURES_OK 8
#define VIRTIO_S_FAILED 128

#define VIRTIO_F_VERSION_1 (1ull << 32)

struct virtio_dev;

/*
 * A transport: how to reach one device's registers. Called at boot for
 * set-up; notify and ack also in any context (under the disk's lock or
 * from the interrupt).
 */
struct virtio_ops {
	uint64_t (*features)(struct virtio_dev *v);	/* the device's */
	void (*set_features)(struct virtio_dev *v, uint64_t f);
	uint8_t (*status)(struct virtio_dev *v);
	void (*set_status)(struct virtio_dev *v, uint8_t s);
	/* 32 bits of the device-specific configuration at byte off. */
	uint32_t (*config32)(struct virtio_dev *v, unsigned off);
	/* Queue 0's largest size, 0 if it has none. */
	unsigned (*queue_max)(struct virtio_dev *v);
	/* Give queue 0 of `size` entries at these physical addresses (the
	 * legacy layout: used ring 4096-aligned after the available ring)
	 * and enable it; false if the transport cannot take it. */
	bool (*queue_set)(struct virtio_dev *v, unsigned size, uint64_t desc,
			  uint64_t avail, uint64_t used);
	void (*notify)(struct virtio_dev *v);		/* queue 0 has work */
	/* Read and acknowledge the interrupt status (nonzero: ours). */
	uint32_t (*ack)(struct virtio_dev *v);
};

/* A device as its transport found it; the HAL fills it in. */
struct virtio_dev {
	const struct virtio_ops *ops;
	bool modern;		/* offer VIRTIO_F_VERSION_1, FEATURES_OK */
	uintptr_t base;		/* the transport's registers (I/O port or VA) */
	uintptr_t notify;	/* modern PCI: queue 0's notify address */
	uint32_t notify_mult;	/* modern PCI: notify_off_multiplier */
	uintptr_t isr;		/* modern PCI: the ISR byte */
	uintptr_t device;	/* modern PCI: the device configuration */
	char model[32];		/* for the boot log */
};

/*
 * Set up the virtio-blk device v (reset, features, queue, DRIVER_OK)
 * as the next disk. 0, or a negative error with a message printed.
 * Boot only, interrupts off, before the kernel uses the disks.
 */
int virtio_blk_add(const struct virtio_dev *v);

/* The disks' interrupt: acknowledge each disk, finish its completed
 * requests (calls r->done). Interrupts off. */
void virtio_blk_isr(void);

/* Supplied by the HAL: true if [p, p + len) is RAM a device can reach
 * through hal_v2p. */
bool virtio_ram(const void *p, uint32_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A blkif ring and the requests on it (blkring.c), for the block back end
 * (blkback.c), which owns the handshake, the worker thread and the disk.
 */
#ifndef _HV_BLKRING_H
#define _HV_BLKRING_H

#include <linux/bits.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "gnttab.h"

struct file;
struct mem_cgroup;
struct hv_blk_req;
union pv_blkif_slot;

/* A ring takes up to 2^4 pages, as Xen's blkback offers by default. */
#define HV_BLK_RING_ORDER_MAX	4
#define HV_BLK_RING_PAGES_MAX	BIT(HV_BLK_RING_ORDER_MAX)

/* An indirect request's segments at most, as Xen's */
#define HV_BLK_MAX_SEGS		256

/*
 * Requests served at once: a 1 MiB transfer of Linux's blkfront is 8
 * requests of 32 segments.  Each holds room for HV_BLK_MAX_SEGS segments
 * (about 12 KiB), allocated with the disk.
 */
#define HV_BLK_INFLIGHT		8

/* What the requests are served from: blkback.c's disk. */
struct hv_blk_disk {
	struct hv_dom *d;
	struct file *file;
	struct mem_cgroup *memcg;	/* the creator's: the page cache */
	u64 sectors;
	u32 vdev;
	bool ro, discard;
	bool async;		/* a block device: its direct I/O completes by itself */
};

struct hv_blk_ring {
	const struct hv_blk_disk *disk;
	void (*kick)(void *data);	/* wake the worker: a request is free */
	void *kick_data;		/* also the port's back-end identity */
	struct hv_blk_req *reqs;	/* HV_BLK_INFLIGHT of them */

	/* Set by hv_blk_ring_map(), the worker's */
	struct hv_gnt_map map[HV_BLK_RING_PAGES_MAX];
	unsigned int pages;
	void *va;			/* the pages, contiguous */
	union pv_blkif_slot *slots;
	u32 size;			/* slots: a power of two */
	u32 port;
	u32 req_cons;			/* never read back from the ring */
	bool broken;

	spinlock_t lock;		/* the fields below */
	u32 rsp_prod;
	u64 answered, failed;		/* since the disk was added */
	bool starved;			/* the worker found none free */
	unsigned long busy;		/* a bit a request in use */
	wait_queue_head_t idle;		/* busy became 0 */
};

int hv_blk_ring_init(struct hv_blk_ring *r, const struct hv_blk_disk *disk,
		     void (*kick)(void *data), void *kick_data);
void hv_blk_ring_free(struct hv_blk_ring *r);
int hv_blk_ring_map(struct hv_blk_ring *r, const u32 *refs,
		    unsigned int pages);
void hv_blk_ring_quiesce(struct hv_blk_ring *r);
void hv_blk_ring_unmap(struct hv_blk_ring *r);
void hv_blk_ring_serve(struct hv_blk_ring *r);
bool hv_blk_ring_mapped(const struct hv_blk_ring *r);

#endif /* _HV_BLKRING_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * The requests of a blkif ring (Documentation/design.rst, "The block back
 * end"): read out of the ring, checked, done against the disk's file and
 * answered.
 *
 * The ring is 1 to 16 pages the guest granted (its "ring-page-order"),
 * mapped for writing and made contiguous with vmap(); its slots follow a
 * 64-byte header, as many as a power of two fits (32 in a page, 512 in
 * 16).  Only the worker thread consumes requests.  Each is copied out
 * of the ring into one of HV_BLK_INFLIGHT request structures before it
 * is looked at (the guest may rewrite the slot meanwhile), then done:
 *
 *  - on a block device, a read or write is submitted by the worker as
 *    direct I/O and answered from its completion (a work item on the CPU
 *    that completed it), as Xen's blkback answers from its bios' end_io:
 *    nobody sleeps through it, and a front end's queue of requests
 *    (Linux sends a 1 MiB transfer as 8) reaches the device together;
 *  - otherwise (a file, a flush, a discard) by the worker itself when it
 *    is the last request on the ring, so a lone request costs no second
 *    wake-up, and by a work item on an unbound workqueue when more
 *    follow it, so a queue of requests is served side by side;
 *  - by the worker after every request before it has finished, for a
 *    flush or a write barrier, as Xen's blkback drains its requests.
 *
 * With no request structure free the worker stops taking requests until
 * one finishes, which kicks it again: a front end cannot make us hold
 * more than HV_BLK_INFLIGHT requests or their grants.  Responses come in
 * the order requests finish (the protocol's ids match them up), written
 * under r->lock.  Every grant pinned for a request is unpinned before
 * its response, and the ring is unmapped only once no request is busy.
 */

#include <linux/bitops.h>
#include <linux/blkdev.h>
#include <linux/bvec.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "blkring.h"
#include "domain.h"
#include "events.h"

struct hv_blk_req {
	struct work_struct work;	/* runs it, beside the worker */
	struct work_struct done;	/* answers it after its I/O */
	struct hv_blk_ring *ring;
	unsigned int nr;		/* in r->reqs */
	bool queue;			/* its I/O may end after we return */
	struct kiocb iocb;
	long bytes;			/* the transfer in flight */
	long result;			/* what its completion said */
	unsigned int nsegs;		/* pinned for it */
	union pv_blkif_slot slot;	/* our copy of the request */
	struct pv_blkif_segment seg[HV_BLK_MAX_SEGS];
	struct hv_gnt_map map[HV_BLK_MAX_SEGS];
	struct bio_vec bv[HV_BLK_MAX_SEGS];
};

/* The x86_32 ABI's layout (Xen's blkif.h with its 4-byte packing) */
static_assert(sizeof(struct pv_blkif_request) == 108);
static_assert(sizeof(struct pv_blkif_request_indirect) == 64);
static_assert(offsetof(struct pv_blkif_request_indirect, indirect_gref) == 24);
static_assert(sizeof(struct pv_blkif_response) == 12);
static_assert(sizeof(union pv_blkif_slot) == 108);
static_assert(DIV_ROUND_UP(HV_BLK_MAX_SEGS, PV_BLKIF_SEGS_PER_INDIRECT_PAGE) <=
	      PV_BLKIF_MAX_INDIRECT_PAGES);
static_assert(offsetof(struct pv_blkif_sring, ring) == 64);
static_assert(sizeof(struct pv_blkif_sring) <= PAGE_SIZE);
static_assert(HV_BLK_INFLIGHT <= BITS_PER_LONG);

/* blk_do()'s answer for a request whose I/O completes by itself */
#define BLK_QUEUED	1

static struct pv_blkif_sring *blk_sring(const struct hv_blk_ring *r)
{
	return r->va;
}

/* --- responses --- */

static void blk_respond(struct hv_blk_ring *r, u64 id, u8 op, s16 status)
{
	struct pv_blkif_sring *s = blk_sring(r);
	struct pv_blkif_response *rsp;
	bool notify;
	u32 old;

	spin_lock(&r->lock);
	old = r->rsp_prod;
	rsp = &r->slots[old & (r->size - 1)].rsp;
	WRITE_ONCE(rsp->id, id);
	WRITE_ONCE(rsp->operation, op);
	WRITE_ONCE(rsp->status, status);
	r->rsp_prod = old + 1;
	r->answered++;
	r->failed += status != PV_BLKIF_RSP_OKAY;
	/* Release: the response before the index that shows it. */
	smp_store_release(&s->rsp_prod, r->rsp_prod);
	smp_mb();	/* the index before reading where the guest waits */
	notify = r->rsp_prod - READ_ONCE(s->rsp_event) < r->rsp_prod - old;
	spin_unlock(&r->lock);
	if (notify)
		hv_events_backend_signal(r->disk->d, r->port, r->kick_data);
}

/* --- reads and writes --- */

static void blk_unmap_segs(struct hv_blk_req *rq, unsigned int n)
{
	while (n)
		hv_gnttab_unmap(&rq->map[--n]);
}

/* Whether @nr sectors from @sector lie within the disk. */
static bool blk_in_disk(const struct hv_blk_disk *disk, u64 sector, u64 nr)
{
	return sector <= disk->sectors && nr <= disk->sectors - sector;
}

/*
 * Check the @n segments in rq->seg and pin their pages (written into for
 * a read): the bytes of the transfer, or a negative status.
 */
static long blk_map_segs(struct hv_blk_req *rq, u64 sector, unsigned int n,
			 bool write)
{
	const struct hv_blk_disk *disk = rq->ring->disk;
	const struct pv_blkif_segment *s;
	size_t bytes = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		s = &rq->seg[i];
		if (s->first_sect > s->last_sect ||
		    s->last_sect >= PV_BLKIF_SECTORS_PER_PAGE)
			return PV_BLKIF_RSP_ERROR;
		bytes += (s->last_sect - s->first_sect + 1) <<
			 PV_BLKIF_SECTOR_SHIFT;
	}
	if (!blk_in_disk(disk, sector, bytes >> PV_BLKIF_SECTOR_SHIFT))
		return PV_BLKIF_RSP_ERROR;
	for (i = 0; i < n; i++) {
		s = &rq->seg[i];
		if (hv_gnttab_map(disk->d, s->gref, HV_GNT_HOST_DOMID, !write,
				  &rq->map[i])) {
			blk_unmap_segs(rq, i);
			return PV_BLKIF_RSP_ERROR;
		}
		bvec_set_page(&rq->bv[i], rq->map[i].page,
			      (s->last_sect - s->first_sect + 1) <<
			      PV_BLKIF_SECTOR_SHIFT,
			      s->first_sect << PV_BLKIF_SECTOR_SHIFT);
	}
	return bytes;
}

/* The end of a request's direct I/O, in whatever context the bio ended. */
static void blk_rw_complete(struct kiocb *iocb, long ret)
{
	struct hv_blk_req *rq = container_of(iocb, struct hv_blk_req, iocb);

	rq->result = ret;
	queue_work(system_wq, &rq->done);
}

/*
 * Direct I/O where the file takes it: the guest's pages go to the host's
 * device without a copy through the host's page cache, as Xen's blkback
 * hands them to a block device.  -EINVAL when the file has no O_DIRECT
 * or refuses this request (a host disk whose logical blocks are larger
 * than the guest's 512-byte sectors); the caller then uses the cache.
 * -EIOCBQUEUED when rq->queue let it go on after we return: then
 * blk_rw_complete() has its result.  (file_start_write() is for regular
 * files, which are never queued: it would have to be held to the end.)
 */
static ssize_t blk_rw_dio(struct hv_blk_req *rq, struct iov_iter *it,
			  loff_t pos, bool write)
{
	struct file *file = rq->ring->disk->file;
	struct kiocb *kiocb = &rq->iocb;
	ssize_t done;

	if (!(file->f_mode & FMODE_CAN_ODIRECT) ||
	    !(write ? file->f_op->write_iter : file->f_op->read_iter))
		return -EINVAL;
	init_sync_kiocb(kiocb, file);
	kiocb->ki_pos = pos;
	kiocb->ki_flags |= IOCB_DIRECT;
	if (rq->queue)
		kiocb->ki_complete = blk_rw_complete;
	if (!write)
		return file->f_op->read_iter(kiocb, it);
	file_start_write(file);
	done = file->f_op->write_iter(kiocb, it);
	file_end_write(file);
	return done;
}

/* A read or write of the @n segments in rq->seg from @sector on. */
static s16 blk_rw(struct hv_blk_req *rq, u64 sector, unsigned int n,
		  bool write)
{
	const struct hv_blk_disk *disk = rq->ring->disk;
	loff_t pos = sector << PV_BLKIF_SECTOR_SHIFT;
	struct iov_iter it;
	long bytes;
	ssize_t done;

	if (write && disk->ro)
		return PV_BLKIF_RSP_ERROR;
	bytes = blk_map_segs(rq, sector, n, write);
	if (bytes < 0)
		return bytes;
	iov_iter_bvec(&it, write ? ITER_SOURCE : ITER_DEST, rq->bv, n, bytes);
	/* Before the I/O: its completion may come before it returns. */
	rq->bytes = bytes;
	rq->nsegs = n;
	done = blk_rw_dio(rq, &it, pos, write);
	if (done == -EIOCBQUEUED)
		return BLK_QUEUED;
	if (done == -EINVAL) {
		iov_iter_bvec(&it, write ? ITER_SOURCE : ITER_DEST, rq->bv, n,
			      bytes);
		if (write)
			done = vfs_iter_write(disk->file, &it, &pos, 0);
		else
			done = vfs_iter_read(disk->file, &it, &pos, 0);
	}
	blk_unmap_segs(rq, n);
	return done == bytes ? PV_BLKIF_RSP_OKAY : PV_BLKIF_RSP_ERROR;
}

/* A request with its segments in the ring slot. */
static s16 blk_rw_direct(struct hv_blk_req *rq, bool write)
{
	const struct pv_blkif_request *req = &rq->slot.req;
	unsigned int n = req->nr_segments;

	if (!n || n > PV_BLKIF_MAX_SEGMENTS)
		return PV_BLKIF_RSP_ERROR;
	memcpy(rq->seg, req->seg, n * sizeof(rq->seg[0]));
	return blk_rw(rq, req->sector, n, write);
}

/*
 * An indirect read or write: its segments copied out of the pages the
 * guest granted for them (Xen's blkback answers anything but a read or a
 * write there with an error, as we do).
 */
static s16 blk_rw_indirect(struct hv_blk_req *rq)
{
	const struct pv_blkif_request_indirect *req = &rq->slot.ind;
	const unsigned int per = PV_BLKIF_SEGS_PER_INDIRECT_PAGE;
	unsigned int n = req->nr_segments, i, len;
	bool write = req->indirect_op == PV_BLKIF_OP_WRITE;

	if (req->indirect_op != PV_BLKIF_OP_READ && !write)
		return PV_BLKIF_RSP_ERROR;
	if (!n || n > HV_BLK_MAX_SEGS)
		return PV_BLKIF_RSP_ERROR;
	for (i = 0; i * per < n; i++) {
		len = min(n - i * per, per) * sizeof(rq->seg[0]);
		if (hv_gnttab_copy(rq->ring->disk->d, req->indirect_gref[i],
				   HV_GNT_HOST_DOMID, false, 0,
				   &rq->seg[i * per], len))
			return PV_BLKIF_RSP_ERROR;
	}
	return blk_rw(rq, req->sector, n, write);
}

/* Flush and barrier: the data written before it, and its own, stable. */
static s16 blk_flush(struct hv_blk_req *rq)
{
	const struct hv_blk_disk *disk = rq->ring->disk;
	s16 st = PV_BLKIF_RSP_OKAY;

	if (disk->ro)
		return PV_BLKIF_RSP_EOPNOTSUPP;
	if (rq->slot.req.nr_segments)
		st = blk_rw_direct(rq, true);
	if (st == PV_BLKIF_RSP_OKAY && vfs_fsync(disk->file, 0))
		st = PV_BLKIF_RSP_ERROR;
	return st;
}

static s16 blk_discard(struct hv_blk_req *rq)
{
	const struct pv_blkif_request *req = &rq->slot.req;
	const struct hv_blk_disk *disk = rq->ring->disk;
	u64 nr = req->nr_sectors;
	int err;

	if (!disk->discard)
		return PV_BLKIF_RSP_EOPNOTSUPP;
	if (!blk_in_disk(disk, req->sector, nr))
		return PV_BLKIF_RSP_ERROR;
	if (!nr)
		return PV_BLKIF_RSP_OKAY;
	err = vfs_fallocate(disk->file,
			    FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			    req->sector << PV_BLKIF_SECTOR_SHIFT,
			    nr << PV_BLKIF_SECTOR_SHIFT);
	if (err == -EOPNOTSUPP)
		return PV_BLKIF_RSP_EOPNOTSUPP;
	return err ? PV_BLKIF_RSP_ERROR : PV_BLKIF_RSP_OKAY;
}

static s16 blk_do(struct hv_blk_req *rq)
{
	switch (rq->slot.req.operation) {
	case PV_BLKIF_OP_READ:
		return blk_rw_direct(rq, false);
	case PV_BLKIF_OP_WRITE:
		return blk_rw_direct(rq, true);
	case PV_BLKIF_OP_INDIRECT:
		return blk_rw_indirect(rq);
	case PV_BLKIF_OP_WRITE_BARRIER:
	case PV_BLKIF_OP_FLUSH_DISKCACHE:
		return blk_flush(rq);
	case PV_BLKIF_OP_DISCARD:
		return blk_discard(rq);
	}
	return PV_BLKIF_RSP_EOPNOTSUPP;
}

/* --- the request structures --- */

static struct hv_blk_req *blk_req_get(struct hv_blk_ring *r)
{
	unsigned int nr;

	spin_lock(&r->lock);
	nr = find_first_zero_bit(&r->busy, HV_BLK_INFLIGHT);
	if (nr < HV_BLK_INFLIGHT)
		__set_bit(nr, &r->busy);
	else
		r->starved = true;	/* the next to finish kicks us */
	spin_unlock(&r->lock);
	return nr < HV_BLK_INFLIGHT ? &r->reqs[nr] : NULL;
}

/*
 * After the response: the worker may take another request (it is kicked
 * only if it went without), or unmap.  All under r->lock, which
 * blk_idle() takes too: once a drain sees the request free, nothing here
 * touches the ring (or the disk) again; hv_blk_ring_quiesce() then waits
 * for the work function itself to return.
 */
static void blk_req_put(struct hv_blk_req *rq)
{
	struct hv_blk_ring *r = rq->ring;

	spin_lock(&r->lock);
	__clear_bit(rq->nr, &r->busy);
	if (r->starved) {
		r->starved = false;
		r->kick(r->kick_data);
	}
	wake_up_all(&r->idle);
	spin_unlock(&r->lock);
}

/* Answer request @rq with status @st and free it. */
static void blk_req_answer(struct hv_blk_req *rq, s16 st)
{
	const struct hv_blk_disk *disk = rq->ring->disk;
	union pv_blkif_slot *slot = &rq->slot;
	u8 op = slot->req.operation;

	/* An indirect request is answered as the read or write it is. */
	if (op == PV_BLKIF_OP_INDIRECT)
		op = slot->ind.indirect_op;
	if (st)
		pr_info_ratelimited("domain %u vbd %u: request %u at sector %llu failed: %d\n",
				    disk->d->id, disk->vdev, op,
				    slot->req.sector, st);
	blk_respond(rq->ring, slot->req.id, op, st);
	blk_req_put(rq);
}

/*
 * Do request @rq, in the page cache of the disk's owner, and answer it
 * unless its I/O goes on: blk_req_done() answers that.
 */
static void blk_req_run(struct hv_blk_req *rq)
{
	struct mem_cgroup *old = set_active_memcg(rq->ring->disk->memcg);
	s16 st;

	st = blk_do(rq);
	set_active_memcg(old);
	if (st != BLK_QUEUED)
		blk_req_answer(rq, st);
}

static void blk_req_work(struct work_struct *work)
{
	blk_req_run(container_of(work, struct hv_blk_req, work));
}

static void blk_req_done(struct work_struct *work)
{
	struct hv_blk_req *rq = container_of(work, struct hv_blk_req, done);

	blk_unmap_segs(rq, rq->nsegs);
	blk_req_answer(rq, rq->result == rq->bytes ? PV_BLKIF_RSP_OKAY :
						      PV_BLKIF_RSP_ERROR);
}

/* Whether no request but those in @except is busy. */
static bool blk_idle(struct hv_blk_ring *r, unsigned long except)
{
	bool idle;

	spin_lock(&r->lock);
	idle = !(r->busy & ~except);
	spin_unlock(&r->lock);
	return idle;
}

/* Until every request taken but those in @except has been answered. */
static void blk_drain(struct hv_blk_ring *r, unsigned long except)
{
	wait_event(r->idle, blk_idle(r, except));
}

/* --- the ring --- */

/*
 * The guest's request index further ahead of our responses than the ring
 * has slots (Xen's RING_REQUEST_PROD_OVERFLOW): it is not a ring any
 * more, and its newest requests would sit in slots our responses are
 * due in.  The disk stops being served until the front end connects
 * again; the guest's other devices and the host go on.
 */
static void blk_break(struct hv_blk_ring *r, u32 prod, u32 rsp_prod)
{
	r->broken = true;
	pr_warn_ratelimited("domain %u vbd %u: request index %u is %u past our response %u, more than the ring: disk stopped\n",
			    r->disk->d->id, r->disk->vdev, prod,
			    prod - rsp_prod, rsp_prod);
}

static bool blk_is_flush(const struct hv_blk_req *rq)
{
	u8 op = rq->slot.req.operation;

	return op == PV_BLKIF_OP_FLUSH_DISKCACHE ||
	       op == PV_BLKIF_OP_WRITE_BARRIER;
}

/* Whether @rq's I/O may go on after the worker submitted it. */
static bool blk_may_queue(const struct hv_blk_req *rq)
{
	u8 op = rq->slot.req.operation;

	return rq->ring->disk->async &&
	       (op == PV_BLKIF_OP_READ || op == PV_BLKIF_OP_WRITE ||
		op == PV_BLKIF_OP_INDIRECT);
}

/*
 * The worker's: take the requests on the ring, then ask to be told of
 * more.  Returns with requests left when none of ours is free; the one
 * that frees kicks the worker again.
 */
void hv_blk_ring_serve(struct hv_blk_ring *r)
{
	struct pv_blkif_sring *s = blk_sring(r);
	struct hv_blk_req *rq;
	struct blk_plug plug;
	u32 prod, rsp_prod;

	/* The I/O submitted here reaches the device together. */
	blk_start_plug(&plug);
	while (hv_blk_ring_mapped(r) && !r->broken && !kthread_should_stop()) {
		/* Acquire: the requests before the index that shows them. */
		prod = smp_load_acquire(&s->req_prod);
		/*
		 * At least the responses the guest had seen when it wrote
		 * req_prod (ours are stored before their index, and read
		 * after req_prod's acquire).  req_prod must lie between
		 * req_cons and a ring past our responses: behind req_cons it
		 * would have us take slots over and over.
		 */
		rsp_prod = READ_ONCE(r->rsp_prod);
		if (prod - rsp_prod > r->size ||
		    prod - r->req_cons > prod - rsp_prod) {
			blk_break(r, prod, rsp_prod);
			break;
		}
		if (prod == r->req_cons) {
			WRITE_ONCE(s->req_event, r->req_cons + 1);
			smp_mb();	/* req_event before the last look */
			if (READ_ONCE(s->req_prod) == r->req_cons)
				break;
			continue;
		}
		rq = blk_req_get(r);
		if (!rq)
			break;
		memcpy(&rq->slot.req,
		       &r->slots[r->req_cons & (r->size - 1)].req,
		       sizeof(rq->slot.req));
		barrier();	/* the copy is ours before we look at it */
		r->req_cons++;
		rq->queue = blk_may_queue(rq);
		if (blk_is_flush(rq)) {
			blk_drain(r, BIT(rq->nr));	/* all before it */
			blk_req_run(rq);
		} else if (prod != r->req_cons && !rq->queue) {
			queue_work(system_unbound_wq, &rq->work);
		} else {
			blk_req_run(rq);
		}
		cond_resched();
	}
	blk_finish_plug(&plug);
}

/* --- mapping the ring --- */

bool hv_blk_ring_mapped(const struct hv_blk_ring *r)
{
	return r->va;
}

/*
 * Map the @pages ring pages the guest granted in @refs (1 to
 * HV_BLK_RING_PAGES_MAX, a power of two) for writing.
 */
int hv_blk_ring_map(struct hv_blk_ring *r, const u32 *refs,
		    unsigned int pages)
{
	struct page *pg[HV_BLK_RING_PAGES_MAX];
	unsigned int i;
	size_t room;
	int err = -EINVAL;

	if (WARN_ON_ONCE(hv_blk_ring_mapped(r)) || !pages ||
	    pages > HV_BLK_RING_PAGES_MAX || !is_power_of_2(pages))
		return -EINVAL;
	for (i = 0; i < pages; i++) {
		if (hv_gnttab_map(r->disk->d, refs[i], HV_GNT_HOST_DOMID, true,
				  &r->map[i]))
			goto err_unmap;
		pg[i] = r->map[i].page;
	}
	r->va = vmap(pg, pages, VM_MAP, PAGE_KERNEL);
	if (!r->va) {
		err = -ENOMEM;
		goto err_unmap;
	}
	WRITE_ONCE(r->pages, pages);
	r->slots = blk_sring(r)->ring;
	room = pages * PAGE_SIZE - offsetof(struct pv_blkif_sring, ring);
	r->size = rounddown_pow_of_two(room / sizeof(union pv_blkif_slot));
	r->req_cons = 0;
	r->rsp_prod = 0;
	r->broken = false;
	return 0;

err_unmap:
	while (i)
		hv_gnttab_unmap(&r->map[--i]);
	return err;
}

/*
 * Every request taken answered, and every work function returned: after
 * this no code of ours runs for the ring (so the module may go too).
 * blk_rw_complete() may still be on its way out when the answer it
 * queued has run, if its caller (a completion in a process's context)
 * was preempted there; GCC makes its queue_work() a tail call, so no
 * instruction of ours is left to run (seen in the object code: C does
 * not promise it).
 * The worker's, before it unbinds the port, so late responses are still
 * signalled.
 */
void hv_blk_ring_quiesce(struct hv_blk_ring *r)
{
	unsigned int i;

	blk_drain(r, 0);
	for (i = 0; i < HV_BLK_INFLIGHT; i++) {
		flush_work(&r->reqs[i].work);
		flush_work(&r->reqs[i].done);
	}
}

/* After hv_blk_ring_quiesce() and the port's unbinding: the pages. */
void hv_blk_ring_unmap(struct hv_blk_ring *r)
{
	unsigned int i;

	if (!hv_blk_ring_mapped(r))
		return;
	hv_blk_ring_quiesce(r);		/* nothing is busy: returns at once */
	vunmap(r->va);
	r->va = NULL;
	r->slots = NULL;
	for (i = 0; i < r->pages; i++)
		hv_gnttab_unmap(&r->map[i]);
	WRITE_ONCE(r->pages, 0);
}

int hv_blk_ring_init(struct hv_blk_ring *r, const struct hv_blk_disk *disk,
		     void (*kick)(void *data), void *kick_data)
{
	unsigned int i;

	r->reqs = kvcalloc(HV_BLK_INFLIGHT, sizeof(*r->reqs),
			   GFP_KERNEL_ACCOUNT);
	if (!r->reqs)
		return -ENOMEM;
	for (i = 0; i < HV_BLK_INFLIGHT; i++) {
		INIT_WORK(&r->reqs[i].work, blk_req_work);
		INIT_WORK(&r->reqs[i].done, blk_req_done);
		r->reqs[i].ring = r;
		r->reqs[i].nr = i;
	}
	r->disk = disk;
	r->kick = kick;
	r->kick_data = kick_data;
	spin_lock_init(&r->lock);
	init_waitqueue_head(&r->idle);
	return 0;
}

/* After hv_blk_ring_unmap(): nothing is busy. */
void hv_blk_ring_free(struct hv_blk_ring *r)
{
	kvfree(r->reqs);
	r->reqs = NULL;
}

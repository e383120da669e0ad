// SPDX-License-Identifier: GPL-2.0
/*
 * The block back end (Xen's blkback, as domain 0): a host file or block
 * device served to the guest's blkfront (Documentation/design.rst, "The
 * block back end").
 *
 * hvctl opens the file and passes the descriptor (disk-add, before the
 * domain starts); we fget() it, so the caller's own right to open the
 * file is the only access check, and read-only disks are files opened
 * read-only.  At start the toolstack's nodes and ours go into the
 * xenstore (backend and frontend directories, the disk's size and
 * features, state InitWait); a watch on the front end's directory wakes
 * the disk's worker thread, which follows the xenbus handshake: when the
 * front end says Initialised it maps the ring page the guest granted,
 * takes the event channel the guest offered to domain 0 and says
 * Connected.
 *
 * Requests are served by that thread, one at a time, in ring order:
 * each is copied out of the ring once, checked whole (operation, segment
 * count, sectors within a page, the range within the disk), its granted
 * pages are pinned through the grant table's back-end API, and the data
 * moves with the kernel's file operations (vfs_iter_read/write,
 * vfs_fsync for a flush or barrier, vfs_fallocate to punch a discarded
 * range).  An indirect request (up to BLK_MAX_SEGS segments, 1 MiB)
 * has its segments in pages the guest granted: they are copied out
 * through the grant table once, before any is checked.  Nothing runs in
 * the guest world or the vCPU thread: a send
 * on the port only wakes the worker.  A front end whose ring indices
 * are further apart than the ring stops being served (a host log line).
 *
 * Destroy (after the vCPU has stopped) stops the worker, which unmaps
 * the ring and lets go of the port; then the backend's nodes go and the
 * file is put.  Every grant pinned for a request is unpinned before the
 * response, so no mapping outlives the domain.
 */

#include <linux/bvec.h>
#include <linux/falloc.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <net/genetlink.h>

#include "blkback.h"
#include "domain.h"
#include "events.h"
#include "gnttab.h"
#include "xenstore.h"

#define BLK_PATH		64
#define BLK_MAX_SEGS		256	/* an indirect request's, as Xen's */
#define BLK_KICK		0	/* bits of hv_blk.pending */
#define BLK_FRONTEND		1

struct hv_blk {
	struct list_head list;		/* d->blks, under d->lock */
	struct hv_dom *d;
	struct file *file;
	struct mem_cgroup *memcg;	/* the creator's: the page cache */
	u32 vdev;
	bool ro, discard, watching;
	u64 sectors;
	char fe[BLK_PATH], be[BLK_PATH];
	struct hv_xs_host_watch watch;
	struct task_struct *task;
	wait_queue_head_t wq;
	unsigned long pending;

	/* The worker's own */
	int state;			/* ours, PV_XENBUS_* */
	bool connected, broken;
	struct hv_gnt_map ring_map;
	struct pv_blkif_sring *ring;
	u32 port;
	u32 req_cons, rsp_prod;		/* never read back from the ring */
	struct pv_blkif_segment seg[BLK_MAX_SEGS];	/* the request's */
	struct hv_gnt_map map[BLK_MAX_SEGS];
	struct bio_vec bv[BLK_MAX_SEGS];
};

/* The x86_32 ABI's layout (Xen's blkif.h with its 4-byte packing) */
static_assert(sizeof(struct pv_blkif_request) == 108);
static_assert(sizeof(struct pv_blkif_request_indirect) == 64);
static_assert(offsetof(struct pv_blkif_request_indirect, indirect_gref) == 24);
static_assert(sizeof(struct pv_blkif_response) == 12);
static_assert(DIV_ROUND_UP(BLK_MAX_SEGS, PV_BLKIF_SEGS_PER_INDIRECT_PAGE) <=
	      PV_BLKIF_MAX_INDIRECT_PAGES);
static_assert(offsetof(struct pv_blkif_sring, ring) == 64);
static_assert(sizeof(struct pv_blkif_sring) <= PAGE_SIZE);

/* --- the xenstore --- */

static int blk_read(struct hv_blk *b, const char *dir, const char *key,
		    char *buf, u32 size)
{
	char path[BLK_PATH + 32];
	u32 len;
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	err = hv_xs_host_read(path, buf, size - 1, &len);
	if (err)
		return err;
	if (len == size - 1)
		return -E2BIG;		/* longer than anything we take */
	buf[len] = 0;
	return 0;
}

static int blk_read_u32(struct hv_blk *b, const char *dir, const char *key,
			u32 *val)
{
	char buf[16];

	return blk_read(b, dir, key, buf, sizeof(buf)) ?:
	       kstrtou32(buf, 10, val);
}

static int blk_write(struct hv_blk *b, const char *key, const char *fmt, ...)
	__printf(3, 4);

static int blk_write(struct hv_blk *b, const char *key, const char *fmt, ...)
{
	char path[BLK_PATH + 32], val[32];
	va_list ap;
	int n;

	snprintf(path, sizeof(path), "%s/%s", b->be, key);
	va_start(ap, fmt);
	n = vscnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	return hv_xs_host_write(path, val, n);
}

static void blk_switch(struct hv_blk *b, int state)
{
	if (b->state == state)
		return;
	b->state = state;
	blk_write(b, "state", "%d", state);
}

/* --- the ring --- */

static void blk_respond(struct hv_blk *b, u64 id, u8 op, s16 status)
{
	struct pv_blkif_sring *r = b->ring;
	struct pv_blkif_response *rsp;
	u32 old = b->rsp_prod;

	rsp = &r->ring[old % PV_BLKIF_RING_SIZE].rsp;
	WRITE_ONCE(rsp->id, id);
	WRITE_ONCE(rsp->operation, op);
	WRITE_ONCE(rsp->status, status);
	b->rsp_prod = old + 1;
	/* Release: the response before the index that shows it. */
	smp_store_release(&r->rsp_prod, b->rsp_prod);
	smp_mb();	/* the index before reading where the guest waits */
	if (b->rsp_prod - READ_ONCE(r->rsp_event) < b->rsp_prod - old)
		hv_events_backend_signal(b->d, b->port, b);
}

static void blk_unmap_segs(struct hv_blk *b, unsigned int n)
{
	while (n)
		hv_gnttab_unmap(&b->map[--n]);
}

/* Whether @nr sectors from @sector lie within the disk. */
static bool blk_in_disk(struct hv_blk *b, u64 sector, u64 nr)
{
	return sector <= b->sectors && nr <= b->sectors - sector;
}

/*
 * Check the @n segments in b->seg and pin their pages (written into for
 * a read): the bytes of the transfer, or a negative status.
 */
static long blk_map_segs(struct hv_blk *b, u64 sector, unsigned int n,
			 bool write)
{
	const struct pv_blkif_segment *s;
	size_t bytes = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		s = &b->seg[i];
		if (s->first_sect > s->last_sect ||
		    s->last_sect >= PV_BLKIF_SECTORS_PER_PAGE)
			return PV_BLKIF_RSP_ERROR;
		bytes += (s->last_sect - s->first_sect + 1) <<
			 PV_BLKIF_SECTOR_SHIFT;
	}
	if (!blk_in_disk(b, sector, bytes >> PV_BLKIF_SECTOR_SHIFT))
		return PV_BLKIF_RSP_ERROR;
	for (i = 0; i < n; i++) {
		s = &b->seg[i];
		if (hv_gnttab_map(b->d, s->gref, HV_GNT_HOST_DOMID, !write,
				  &b->map[i])) {
			blk_unmap_segs(b, i);
			return PV_BLKIF_RSP_ERROR;
		}
		bvec_set_page(&b->bv[i], b->map[i].page,
			      (s->last_sect - s->first_sect + 1) <<
			      PV_BLKIF_SECTOR_SHIFT,
			      s->first_sect << PV_BLKIF_SECTOR_SHIFT);
	}
	return bytes;
}

/* A read or write of the @n segments in b->seg from @sector on. */
static s16 blk_rw(struct hv_blk *b, u64 sector, unsigned int n, bool write)
{
	loff_t pos = sector << PV_BLKIF_SECTOR_SHIFT;
	struct iov_iter it;
	long bytes;
	ssize_t done;

	if (write && b->ro)
		return PV_BLKIF_RSP_ERROR;
	bytes = blk_map_segs(b, sector, n, write);
	if (bytes < 0)
		return bytes;
	iov_iter_bvec(&it, write ? ITER_SOURCE : ITER_DEST, b->bv, n, bytes);
	if (write)
		done = vfs_iter_write(b->file, &it, &pos, 0);
	else
		done = vfs_iter_read(b->file, &it, &pos, 0);
	blk_unmap_segs(b, n);
	return done == bytes ? PV_BLKIF_RSP_OKAY : PV_BLKIF_RSP_ERROR;
}

/* A request with its segments in the ring slot. */
static s16 blk_rw_direct(struct hv_blk *b, const struct pv_blkif_request *req,
			 bool write)
{
	unsigned int n = req->nr_segments;

	if (!n || n > PV_BLKIF_MAX_SEGMENTS)
		return PV_BLKIF_RSP_ERROR;
	memcpy(b->seg, req->seg, n * sizeof(b->seg[0]));
	return blk_rw(b, req->sector, n, write);
}

/*
 * An indirect read or write: its segments copied out of the pages the
 * guest granted for them (Xen's blkback answers anything but a read or a
 * write there with an error, as we do).
 */
static s16 blk_rw_indirect(struct hv_blk *b,
			   const struct pv_blkif_request_indirect *req)
{
	const unsigned int per = PV_BLKIF_SEGS_PER_INDIRECT_PAGE;
	unsigned int n = req->nr_segments, i, len;
	bool write = req->indirect_op == PV_BLKIF_OP_WRITE;

	if (req->indirect_op != PV_BLKIF_OP_READ && !write)
		return PV_BLKIF_RSP_ERROR;
	if (!n || n > BLK_MAX_SEGS)
		return PV_BLKIF_RSP_ERROR;
	for (i = 0; i * per < n; i++) {
		len = min(n - i * per, per) * sizeof(b->seg[0]);
		if (hv_gnttab_copy(b->d, req->indirect_gref[i],
				   HV_GNT_HOST_DOMID, false, 0,
				   &b->seg[i * per], len))
			return PV_BLKIF_RSP_ERROR;
	}
	return blk_rw(b, req->sector, n, write);
}

/* Flush and barrier: the data written before it, and its own, stable. */
static s16 blk_flush(struct hv_blk *b, const struct pv_blkif_request *req)
{
	s16 st = PV_BLKIF_RSP_OKAY;

	if (b->ro)
		return PV_BLKIF_RSP_EOPNOTSUPP;
	if (req->nr_segments)
		st = blk_rw_direct(b, req, true);
	if (st == PV_BLKIF_RSP_OKAY && vfs_fsync(b->file, 0))
		st = PV_BLKIF_RSP_ERROR;
	return st;
}

static s16 blk_discard(struct hv_blk *b, const struct pv_blkif_request *req)
{
	u64 nr = req->nr_sectors;
	int err;

	if (!b->discard)
		return PV_BLKIF_RSP_EOPNOTSUPP;
	if (!blk_in_disk(b, req->sector, nr))
		return PV_BLKIF_RSP_ERROR;
	if (!nr)
		return PV_BLKIF_RSP_OKAY;
	err = vfs_fallocate(b->file, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			    req->sector << PV_BLKIF_SECTOR_SHIFT,
			    nr << PV_BLKIF_SECTOR_SHIFT);
	if (err == -EOPNOTSUPP)
		return PV_BLKIF_RSP_EOPNOTSUPP;
	return err ? PV_BLKIF_RSP_ERROR : PV_BLKIF_RSP_OKAY;
}

static s16 blk_do(struct hv_blk *b, const union pv_blkif_slot *slot)
{
	const struct pv_blkif_request *req = &slot->req;

	switch (req->operation) {
	case PV_BLKIF_OP_READ:
		return blk_rw_direct(b, req, false);
	case PV_BLKIF_OP_WRITE:
		return blk_rw_direct(b, req, true);
	case PV_BLKIF_OP_INDIRECT:
		return blk_rw_indirect(b, &slot->ind);
	case PV_BLKIF_OP_WRITE_BARRIER:
	case PV_BLKIF_OP_FLUSH_DISKCACHE:
		return blk_flush(b, req);
	case PV_BLKIF_OP_DISCARD:
		return blk_discard(b, req);
	}
	return PV_BLKIF_RSP_EOPNOTSUPP;
}

/*
 * The guest's indices further apart than the ring: it is not a ring
 * any more.  The disk stops being served until the front end connects
 * again; the guest's other devices and the host go on.
 */
static void blk_break(struct hv_blk *b, u32 prod)
{
	b->broken = true;
	pr_warn_ratelimited("domain %u vbd %u: request index %u is %u past our %u, more than the ring: disk stopped\n",
			    b->d->id, b->vdev, prod, prod - b->req_cons,
			    b->req_cons);
}

/* Serve the requests on the ring, then ask to be told of more. */
static void blk_serve(struct hv_blk *b)
{
	struct pv_blkif_sring *r = b->ring;
	union pv_blkif_slot slot;
	u32 prod;
	u8 op;
	s16 st;

	while (b->connected && !b->broken && !kthread_should_stop()) {
		/* Acquire: the requests before the index that shows them. */
		prod = smp_load_acquire(&r->req_prod);
		if (prod - b->req_cons > PV_BLKIF_RING_SIZE) {
			blk_break(b, prod);
			return;
		}
		if (prod == b->req_cons) {
			WRITE_ONCE(r->req_event, b->req_cons + 1);
			smp_mb();	/* req_event before the last look */
			if (READ_ONCE(r->req_prod) == b->req_cons)
				return;
			continue;
		}
		/* Our own copy: the guest may rewrite the slot meanwhile. */
		memcpy(&slot.req, &r->ring[b->req_cons % PV_BLKIF_RING_SIZE].req,
		       sizeof(slot.req));
		barrier();
		b->req_cons++;
		st = blk_do(b, &slot);
		/* An indirect request is answered as the read or write it is. */
		op = slot.req.operation;
		if (op == PV_BLKIF_OP_INDIRECT)
			op = slot.ind.indirect_op;
		if (st)
			pr_info_ratelimited("domain %u vbd %u: request %u at sector %llu failed: %d\n",
					    b->d->id, b->vdev, op,
					    slot.req.sector, st);
		blk_respond(b, slot.req.id, op, st);
		cond_resched();
	}
}

/* --- the handshake --- */

/* The event channel told us of new requests: wake the worker. */
static void blk_kick(void *data)
{
	struct hv_blk *b = data;

	set_bit(BLK_KICK, &b->pending);
	wake_up(&b->wq);
}

static void blk_watch_fired(struct hv_xs_host_watch *w)
{
	struct hv_blk *b = container_of(w, struct hv_blk, watch);

	set_bit(BLK_FRONTEND, &b->pending);
	wake_up(&b->wq);
}

static void blk_disconnect(struct hv_blk *b)
{
	if (!b->connected)
		return;
	hv_events_unbind_backend(b->d, b->port, b);
	hv_gnttab_unmap(&b->ring_map);
	b->ring = NULL;
	b->connected = false;
}

/* The front end is Initialised: its ring, its port, its protocol. */
static int blk_connect(struct hv_blk *b)
{
	u32 ref, port, order = 0;
	char proto[16];
	int err;

	err = blk_read_u32(b, b->fe, "ring-ref", &ref) ?:
	      blk_read_u32(b, b->fe, "event-channel", &port);
	if (err)
		return err;
	/* Multi-page rings are not offered; the order must say one page. */
	if (!blk_read_u32(b, b->fe, "ring-page-order", &order) && order)
		return -EINVAL;
	err = blk_read(b, b->fe, "protocol", proto, sizeof(proto));
	if (!err && strcmp(proto, "x86_32-abi"))
		return -EPROTONOSUPPORT;
	if (hv_gnttab_map(b->d, ref, HV_GNT_HOST_DOMID, true, &b->ring_map))
		return -EINVAL;
	err = hv_events_bind_backend(b->d, port, blk_kick, b);
	if (err) {
		hv_gnttab_unmap(&b->ring_map);
		return err;
	}
	b->ring = page_address(b->ring_map.page);
	b->port = port;
	b->req_cons = 0;
	b->rsp_prod = 0;
	b->broken = false;
	b->connected = true;
	return 0;
}

static void blk_frontend_changed(struct hv_blk *b)
{
	u32 state = PV_XENBUS_UNKNOWN;
	int err;

	blk_read_u32(b, b->fe, "state", &state);
	switch (state) {
	case PV_XENBUS_INITIALISING:
		if (b->state == PV_XENBUS_CLOSED)	/* it starts again */
			blk_switch(b, PV_XENBUS_INITWAIT);
		break;
	case PV_XENBUS_INITIALISED:
	case PV_XENBUS_CONNECTED:
		if (b->connected || b->state != PV_XENBUS_INITWAIT)
			break;
		err = blk_connect(b);
		if (err) {
			pr_info_ratelimited("domain %u vbd %u: cannot connect to the front end (%d)\n",
					    b->d->id, b->vdev, err);
			blk_switch(b, PV_XENBUS_CLOSING);
			break;
		}
		blk_switch(b, PV_XENBUS_CONNECTED);
		set_bit(BLK_KICK, &b->pending);
		break;
	case PV_XENBUS_CLOSING:
		blk_disconnect(b);
		blk_switch(b, PV_XENBUS_CLOSING);
		break;
	case PV_XENBUS_CLOSED:
		blk_disconnect(b);
		blk_switch(b, PV_XENBUS_CLOSED);
		break;
	default:
		blk_disconnect(b);
		break;
	}
}

static int blk_thread(void *arg)
{
	struct hv_blk *b = arg;
	struct mem_cgroup *old = set_active_memcg(b->memcg);

	while (!kthread_should_stop()) {
		wait_event_idle(b->wq,
				READ_ONCE(b->pending) || kthread_should_stop());
		if (test_and_clear_bit(BLK_FRONTEND, &b->pending))
			blk_frontend_changed(b);
		if (test_and_clear_bit(BLK_KICK, &b->pending))
			blk_serve(b);
	}
	blk_disconnect(b);
	set_active_memcg(old);
	return 0;
}

/* --- adding, starting and destroying --- */

static struct hv_blk *blk_alloc(struct hv_dom *d, struct file *file,
				u32 vdev, bool ro)
{
	struct inode *inode = file->f_mapping->host;
	struct hv_blk *b;

	b = kvzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b)
		return NULL;
	b->d = d;
	b->file = file;
	b->vdev = vdev;
	b->ro = ro;
	b->sectors = i_size_read(inode) >> PV_BLKIF_SECTOR_SHIFT;
	b->discard = !ro && S_ISREG(file_inode(file)->i_mode) &&
		     file->f_op->fallocate;
	b->state = PV_XENBUS_INITWAIT;
	init_waitqueue_head(&b->wq);
	snprintf(b->fe, BLK_PATH, "/local/domain/%u/device/vbd/%u", d->id,
		 vdev);
	snprintf(b->be, BLK_PATH, "/local/domain/0/backend/vbd/%u/%u", d->id,
		 vdev);
	b->watch.path = b->fe;
	b->watch.len = strlen(b->fe);
	b->watch.fn = blk_watch_fired;
	b->memcg = get_mem_cgroup_from_mm(current->mm);
	return b;
}

/* The watch first (no more wake-ups), then the worker, then its nodes. */
static void blk_free(struct hv_blk *b)
{
	if (b->watching)
		hv_xs_host_watch_del(&b->watch);
	if (b->task)
		kthread_stop(b->task);
	if (b->watching)
		hv_xs_host_rm(b->be);
	mem_cgroup_put(b->memcg);
	fput(b->file);
	kvfree(b);
}

/* The file @file may serve as a disk, written to unless @ro. */
static int blk_check_file(struct file *file, bool ro,
			  struct netlink_ext_ack *extack)
{
	umode_t mode = file_inode(file)->i_mode;

	if (!S_ISREG(mode) && !S_ISBLK(mode)) {
		NL_SET_ERR_MSG_MOD(extack, "a disk is a regular file or a block device");
		return -EINVAL;
	}
	if (!(file->f_mode & FMODE_READ) ||
	    (!ro && !(file->f_mode & FMODE_WRITE))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the disk's file is not open for writing");
		return -EBADF;
	}
	return 0;
}

static int blk_check_new(struct hv_dom *d, u32 vdev,
			 struct netlink_ext_ack *extack)
{
	struct hv_blk *b;
	int n = 0;

	lockdep_assert_held(&d->lock);
	if (d->state != HV_DOMAIN_STATE_CREATED) {
		NL_SET_ERR_MSG_MOD(extack, "disks are added before the domain starts");
		return -EBUSY;
	}
	list_for_each_entry(b, &d->blks, list) {
		if (b->vdev == vdev) {
			NL_SET_ERR_MSG_MOD(extack,
					   "a disk with this number exists");
			return -EEXIST;
		}
		n++;
	}
	if (n >= HV_DISKS_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "too many disks");
		return -ENOSPC;
	}
	return 0;
}

/* disk-add: the caller's open file @fd becomes disk @vdev of @d. */
int hv_blk_add(struct hv_dom *d, int fd, u32 vdev, bool ro,
	       struct netlink_ext_ack *extack)
{
	struct file *file = fget(fd);
	struct hv_blk *b;
	int err;

	if (!file) {
		NL_SET_ERR_MSG_MOD(extack, "the disk's file descriptor is not open");
		return -EBADF;
	}
	err = blk_check_file(file, ro, extack);
	if (err)
		goto err_fput;
	err = -ENOMEM;
	b = blk_alloc(d, file, vdev, ro);
	if (!b)
		goto err_fput;
	mutex_lock(&d->lock);
	err = blk_check_new(d, vdev, extack);
	if (err)
		goto err_unlock;
	b->task = kthread_run(blk_thread, b, "hv-blk%u.%u", d->id, vdev);
	if (IS_ERR(b->task)) {
		err = PTR_ERR(b->task);
		b->task = NULL;
		goto err_unlock;
	}
	list_add_tail(&b->list, &d->blks);
	mutex_unlock(&d->lock);
	return 0;

err_unlock:
	mutex_unlock(&d->lock);
	blk_free(b);
	return err;
err_fput:
	fput(file);
	return err;
}

/* The toolstack's and the back end's nodes of @b; state InitWait. */
static int blk_publish(struct hv_blk *b)
{
	char path[BLK_PATH + 32], val[BLK_PATH];
	u32 id = b->d->id;
	int err = 0;

#define BLK_NODE(dir, key, owner, reader, fmt, ...) ({			\
	snprintf(path, sizeof(path), "%s/%s", dir, key);		\
	snprintf(val, sizeof(val), fmt, ##__VA_ARGS__);			\
	err = err ?: hv_xs_host_mknode(path, val, owner, reader);	\
})
	/* The front end checks that it may read the directory itself. */
	err = hv_xs_host_mknode(b->be, "", 0, id) ?:
	      hv_xs_host_mknode(b->fe, "", id, 0);
	BLK_NODE(b->be, "frontend", 0, id, "%s", b->fe);
	BLK_NODE(b->be, "frontend-id", 0, id, "%u", id);
	BLK_NODE(b->be, "online", 0, id, "1");
	BLK_NODE(b->be, "mode", 0, id, "%s", b->ro ? "r" : "w");
	BLK_NODE(b->be, "type", 0, id, "%s",
		 S_ISBLK(file_inode(b->file)->i_mode) ? "phy" : "file");
	BLK_NODE(b->be, "device-type", 0, id, "disk");
	BLK_NODE(b->be, "sectors", 0, id, "%llu", b->sectors);
	BLK_NODE(b->be, "info", 0, id, "%u", b->ro ? PV_VDISK_READONLY : 0);
	BLK_NODE(b->be, "sector-size", 0, id, "512");
	BLK_NODE(b->be, "physical-sector-size", 0, id, "512");
	BLK_NODE(b->be, "feature-flush-cache", 0, id, "%u", !b->ro);
	BLK_NODE(b->be, "feature-barrier", 0, id, "%u", !b->ro);
	BLK_NODE(b->be, "feature-discard", 0, id, "%u", b->discard);
	BLK_NODE(b->be, "feature-max-indirect-segments", 0, id, "%u",
		 BLK_MAX_SEGS);
	if (b->discard) {
		BLK_NODE(b->be, "discard-granularity", 0, id, "4096");
		BLK_NODE(b->be, "discard-alignment", 0, id, "0");
	}
	BLK_NODE(b->be, "state", 0, id, "%u", PV_XENBUS_INITWAIT);
	BLK_NODE(b->fe, "backend", id, 0, "%s", b->be);
	BLK_NODE(b->fe, "backend-id", id, 0, "0");
	BLK_NODE(b->fe, "virtual-device", id, 0, "%u", b->vdev);
	BLK_NODE(b->fe, "device-type", id, 0, "disk");
	BLK_NODE(b->fe, "state", id, 0, "%u", PV_XENBUS_INITIALISING);
#undef BLK_NODE
	return err;
}

/* domain-start, under d->lock, once the domain's home is in the store. */
int hv_blk_domain_start(struct hv_dom *d)
{
	struct hv_blk *b;
	int err;

	list_for_each_entry(b, &d->blks, list) {
		hv_xs_host_watch_add(&b->watch);
		b->watching = true;
		err = blk_publish(b);
		if (err)
			return err;
		set_bit(BLK_FRONTEND, &b->pending);
		wake_up(&b->wq);
	}
	return 0;
}

/* destroy, after the vCPU: the workers, the mappings, the files. */
void hv_blk_domain_destroy(struct hv_dom *d)
{
	char path[BLK_PATH];
	struct hv_blk *b, *tmp;
	bool published = false;
	LIST_HEAD(blks);

	mutex_lock(&d->lock);
	list_splice_init(&d->blks, &blks);
	mutex_unlock(&d->lock);
	list_for_each_entry_safe(b, tmp, &blks, list) {
		published |= b->watching;
		blk_free(b);
	}
	if (!published)
		return;
	snprintf(path, sizeof(path), "/local/domain/0/backend/vbd/%u", d->id);
	hv_xs_host_rm(path);
}

/* domain-get: the disks, HV_A_DOMAIN_DISK each (under d->lock). */
int hv_blk_fill(struct sk_buff *skb, struct hv_dom *d)
{
	struct nlattr *nest;
	struct hv_blk *b;

	list_for_each_entry(b, &d->blks, list) {
		nest = nla_nest_start(skb, HV_A_DOMAIN_DISK);
		if (!nest ||
		    nla_put_u32(skb, HV_A_DISK_VDEV, b->vdev) ||
		    (b->ro && nla_put_flag(skb, HV_A_DISK_READONLY)) ||
		    nla_put_u64_64bit(skb, HV_A_DISK_SECTORS, b->sectors,
				      HV_A_DISK_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

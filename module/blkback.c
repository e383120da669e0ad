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
 * The front end's ring (one page, or up to 16 with "ring-page-order")
 * and its requests are blkring.c's: the worker takes them off the ring,
 * serves a lone one itself and several side by side on a workqueue,
 * pinning their granted pages through the grant table's back-end API
 * and moving the data with the kernel's file operations.  A send on the
 * port only wakes the worker: nothing runs in the guest world or the
 * vCPU thread.
 *
 * Destroy (after the vCPU has stopped) stops the worker, which lets go
 * of the port and unmaps the ring once every request taken is answered;
 * then the backend's nodes go and the file is put.  Every grant pinned
 * for a request is unpinned before the response, so no mapping outlives
 * the domain.
 */

#include <linux/blkdev.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <net/genetlink.h>

#include "blkback.h"
#include "blkring.h"
#include "domain.h"
#include "events.h"
#include "xenstore.h"

#define BLK_PATH		64
#define BLK_KICK		0	/* bits of hv_blk.pending */
#define BLK_FRONTEND		1

struct hv_blk {
	struct list_head list;		/* d->blks, under d->lock */
	struct hv_blk_disk disk;
	bool watching;
	char fe[BLK_PATH], be[BLK_PATH];
	struct hv_xs_host_watch watch;
	struct task_struct *task;
	wait_queue_head_t wq;
	unsigned long pending;

	/* The worker's own */
	int state;			/* ours, PV_XENBUS_* */
	bool connected;
	struct hv_blk_ring ring;
};

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
	hv_blk_ring_quiesce(&b->ring);	/* the last responses signalled */
	hv_events_unbind_backend(b->disk.d, b->ring.port, b);
	hv_blk_ring_unmap(&b->ring);
	b->connected = false;
}

/*
 * The ring's grant references: "ring-ref" for one page, or with
 * "ring-page-order" N (at most our max-ring-page-order) "ring-ref0" to
 * "ring-ref<2^N - 1>", as Xen's blkback reads them.  The page count.
 */
static int blk_read_ring_refs(struct hv_blk *b, u32 *refs)
{
	u32 order, i;
	char key[sizeof("ring-ref") + 10];	/* u32 digits */
	int err;

	if (blk_read_u32(b, b->fe, "ring-page-order", &order))
		return blk_read_u32(b, b->fe, "ring-ref", &refs[0]) ?: 1;
	if (order > HV_BLK_RING_ORDER_MAX)
		return -EINVAL;
	for (i = 0; i < 1U << order; i++) {
		snprintf(key, sizeof(key), "ring-ref%u", i);
		err = blk_read_u32(b, b->fe, key, &refs[i]);
		if (err)
			return err;
	}
	return 1U << order;
}

/* The front end is Initialised: its ring, its port, its protocol. */
static int blk_connect(struct hv_blk *b)
{
	u32 refs[HV_BLK_RING_PAGES_MAX], port;
	char proto[16];
	int pages, err;

	pages = blk_read_ring_refs(b, refs);
	if (pages < 0)
		return pages;
	err = blk_read_u32(b, b->fe, "event-channel", &port);
	if (err)
		return err;
	err = blk_read(b, b->fe, "protocol", proto, sizeof(proto));
	if (!err && strcmp(proto, "x86_32-abi"))
		return -EPROTONOSUPPORT;
	err = hv_blk_ring_map(&b->ring, refs, pages);
	if (err)
		return err;
	err = hv_events_bind_backend(b->disk.d, port, blk_kick, b);
	if (err) {
		hv_blk_ring_unmap(&b->ring);
		return err;
	}
	b->ring.port = port;
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
					    b->disk.d->id, b->disk.vdev, err);
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
	struct mem_cgroup *old = set_active_memcg(b->disk.memcg);

	while (!kthread_should_stop()) {
		wait_event_idle(b->wq,
				READ_ONCE(b->pending) || kthread_should_stop());
		if (test_and_clear_bit(BLK_FRONTEND, &b->pending))
			blk_frontend_changed(b);
		if (test_and_clear_bit(BLK_KICK, &b->pending))
			hv_blk_ring_serve(&b->ring);
	}
	blk_disconnect(b);
	set_active_memcg(old);
	return 0;
}

/* --- adding, starting and destroying --- */

/*
 * Whether the disk's reads and writes may be asynchronous direct I/O
 * (blkring.c): a block device whose logical blocks are the guest's
 * sectors.  With larger blocks some requests fall back to the page
 * cache, which must then see every write done when it is answered.
 */
static bool blk_async_ok(struct file *file)
{
	struct inode *inode = file->f_mapping->host;

	return S_ISBLK(inode->i_mode) && (file->f_mode & FMODE_CAN_ODIRECT) &&
	       bdev_logical_block_size(I_BDEV(inode)) <=
	       (1 << PV_BLKIF_SECTOR_SHIFT);
}

static struct hv_blk *blk_alloc(struct hv_dom *d, struct file *file,
				u32 vdev, bool ro)
{
	struct inode *inode = file->f_mapping->host;
	struct hv_blk_disk *disk;
	struct hv_blk *b;

	b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b)
		return NULL;
	disk = &b->disk;
	disk->d = d;
	disk->file = file;
	disk->vdev = vdev;
	disk->ro = ro;
	disk->sectors = i_size_read(inode) >> PV_BLKIF_SECTOR_SHIFT;
	disk->discard = !ro && S_ISREG(file_inode(file)->i_mode) &&
			file->f_op->fallocate;
	disk->async = blk_async_ok(file);
	disk->memcg = get_mem_cgroup_from_mm(current->mm);
	b->state = PV_XENBUS_INITWAIT;
	init_waitqueue_head(&b->wq);
	snprintf(b->fe, BLK_PATH, "/local/domain/%u/device/vbd/%u", d->id,
		 vdev);
	snprintf(b->be, BLK_PATH, "/local/domain/0/backend/vbd/%u/%u", d->id,
		 vdev);
	b->watch.path = b->fe;
	b->watch.len = strlen(b->fe);
	b->watch.fn = blk_watch_fired;
	if (hv_blk_ring_init(&b->ring, disk, blk_kick, b)) {
		mem_cgroup_put(disk->memcg);
		kfree(b);
		return NULL;
	}
	return b;
}

/*
 * The watch first (no more wake-ups), then the worker (which unmaps the
 * ring once its requests are answered), then its nodes.  The file is
 * the caller's until blk_alloc() succeeded.
 */
static void blk_free(struct hv_blk *b)
{
	if (b->watching)
		hv_xs_host_watch_del(&b->watch);
	if (b->task)
		kthread_stop(b->task);
	if (b->watching)
		hv_xs_host_rm(b->be);
	hv_blk_ring_free(&b->ring);
	mem_cgroup_put(b->disk.memcg);
	fput(b->disk.file);
	kfree(b);
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
	if (!(file->f_mode & FMODE_READ)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the disk's file is not open for reading");
		return -EBADF;
	}
	if (!ro && !(file->f_mode & FMODE_WRITE)) {
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
		if (b->disk.vdev == vdev) {
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
	const struct hv_blk_disk *disk = &b->disk;
	u32 id = disk->d->id;
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
	BLK_NODE(b->be, "mode", 0, id, "%s", disk->ro ? "r" : "w");
	BLK_NODE(b->be, "type", 0, id, "%s",
		 S_ISBLK(file_inode(disk->file)->i_mode) ? "phy" : "file");
	BLK_NODE(b->be, "device-type", 0, id, "disk");
	BLK_NODE(b->be, "sectors", 0, id, "%llu", disk->sectors);
	BLK_NODE(b->be, "info", 0, id, "%u", disk->ro ? PV_VDISK_READONLY : 0);
	BLK_NODE(b->be, "sector-size", 0, id, "512");
	BLK_NODE(b->be, "physical-sector-size", 0, id, "512");
	BLK_NODE(b->be, "feature-flush-cache", 0, id, "%u", !disk->ro);
	BLK_NODE(b->be, "feature-barrier", 0, id, "%u", !disk->ro);
	BLK_NODE(b->be, "feature-discard", 0, id, "%u", disk->discard);
	BLK_NODE(b->be, "feature-max-indirect-segments", 0, id, "%u",
		 HV_BLK_MAX_SEGS);
	BLK_NODE(b->be, "max-ring-page-order", 0, id, "%u",
		 HV_BLK_RING_ORDER_MAX);
	if (disk->discard) {
		BLK_NODE(b->be, "discard-granularity", 0, id, "4096");
		BLK_NODE(b->be, "discard-alignment", 0, id, "0");
	}
	BLK_NODE(b->be, "state", 0, id, "%u", PV_XENBUS_INITWAIT);
	BLK_NODE(b->fe, "backend", id, 0, "%s", b->be);
	BLK_NODE(b->fe, "backend-id", id, 0, "0");
	BLK_NODE(b->fe, "virtual-device", id, 0, "%u", disk->vdev);
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

/* The ring's size and counters, read while the worker may change them. */
static int blk_fill_ring(struct sk_buff *skb, struct hv_blk_ring *r)
{
	u64 answered, failed;

	spin_lock(&r->lock);
	answered = r->answered;
	failed = r->failed;
	spin_unlock(&r->lock);
	return nla_put_u32(skb, HV_A_DISK_RING_PAGES, READ_ONCE(r->pages)) ||
	       nla_put_u64_64bit(skb, HV_A_DISK_REQUESTS, answered,
				 HV_A_DISK_PAD) ||
	       nla_put_u64_64bit(skb, HV_A_DISK_ERRORS, failed, HV_A_DISK_PAD);
}

/* domain-get: the disks, HV_A_DOMAIN_DISK each (under d->lock). */
int hv_blk_fill(struct sk_buff *skb, struct hv_dom *d)
{
	struct nlattr *nest;
	struct hv_blk *b;

	list_for_each_entry(b, &d->blks, list) {
		nest = nla_nest_start(skb, HV_A_DOMAIN_DISK);
		if (!nest ||
		    nla_put_u32(skb, HV_A_DISK_VDEV, b->disk.vdev) ||
		    (b->disk.ro && nla_put_flag(skb, HV_A_DISK_READONLY)) ||
		    nla_put_u64_64bit(skb, HV_A_DISK_SECTORS, b->disk.sectors,
				      HV_A_DISK_PAD) ||
		    blk_fill_ring(skb, &b->ring))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

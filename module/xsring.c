// SPDX-License-Identifier: GPL-2.0
/*
 * The xenstore ring's backend: each domain's store page (start_info
 * store_mfn) carries its requests and our replies and watch events
 * (Xen's io/xs_wire.h), signalled on its store event channel
 * (start_info store_evtchn), whose other end is hv.
 *
 * Requests are served by a work item, never in the vCPU thread's
 * hypercall: a send on the store port only queues it.  The work item
 * charges what it allocates to the memory cgroup of the domain's creator
 * and serves at most XS_BATCH requests before it queues itself again, so
 * a busy guest cannot keep the store's lock from the others for long.
 *
 * The page stays the guest's, so it is read like the console ring
 * (consring.c): our own indices (req_cons, rsp_prod) are kept here and
 * never read back; the guest's are read once per pass and checked.
 * Indices further apart than the ring, or a header announcing more than
 * PV_XS_PAYLOAD_MAX bytes, break the connection: the ring's error field
 * says why (Xen's XENSTORE_ERROR_RINGIDX and _PROTO, server_features
 * announces the field) and the domain is not served any more, as Xen
 * ignores such a connection.  Nothing else happens to the host or to the
 * other domains.  A message arrives in pieces as the guest writes it; it
 * is gathered here (4 KiB at most) and parsed only once whole.
 */

#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "domain.h"
#include "events.h"
#include "frames.h"
#include "xenstore.h"

#define XS_BATCH		64	/* requests per run of the work item */
#define XS_HDR			sizeof(struct pv_xs_hdr)

static struct pv_xs_ring *xs_ring(struct hv_xs_conn *c)
{
	return page_address(c->d->mem.frames[c->pfn]);
}

static void xs_break(struct hv_xs_conn *c, struct pv_xs_ring *r, u32 why)
{
	c->broken = true;
	WRITE_ONCE(r->error, why);
}

/*
 * Gather the guest's bytes into c->in up to @want in all.  True once
 * they are there; false while more must come (or the ring broke).
 */
static bool xs_gather(struct hv_xs_conn *c, struct pv_xs_ring *r, u32 want,
		      bool *moved)
{
	/* Acquire: the guest's bytes are there before its index says so. */
	u32 prod = smp_load_acquire(&r->req_prod), cons = c->req_cons;
	u32 n, i;

	if (prod - cons > PV_XS_RING_SIZE) {
		xs_break(c, r, PV_XS_ERROR_RINGIDX);
		return false;
	}
	n = min(prod - cons, want - c->in_used);
	for (i = 0; i < n; i++)
		c->in[c->in_used++] = READ_ONCE(r->req[(cons + i) %
							 PV_XS_RING_SIZE]);
	if (n) {
		c->req_cons = cons + n;
		/* Release: copied before the guest may overwrite them. */
		smp_store_release(&r->req_cons, c->req_cons);
		/*
		 * And our index out before we look at the guest's again:
		 * Linux's xb_write signals only if it saw that we had read
		 * all it wrote before, so a look that misses its new bytes
		 * must mean it sees our index and signals.
		 */
		smp_mb();
		*moved = true;
	}
	return c->in_used == want;
}

/* True when c->in holds a whole message: header, then its payload. */
static bool xs_read_msg(struct hv_xs_conn *c, struct pv_xs_ring *r,
			bool *moved)
{
	const struct pv_xs_hdr *h = (const void *)c->in;

	if (c->in_used < XS_HDR) {
		if (!xs_gather(c, r, XS_HDR, moved))
			return false;
		/* Read from our copy: the guest cannot change it now. */
		if (h->len > PV_XS_PAYLOAD_MAX) {
			xs_break(c, r, PV_XS_ERROR_PROTO);
			return false;
		}
	}
	return xs_gather(c, r, XS_HDR + h->len, moved);
}

/* Queued replies and events into rsp[], as far as there is room. */
static void xs_write_out(struct hv_xs_conn *c, struct pv_xs_ring *r,
			 bool *moved)
{
	/* Acquire: the guest read the bytes before it freed their room. */
	u32 cons = smp_load_acquire(&r->rsp_cons), prod = c->rsp_prod;
	struct hv_xs_msg *m;
	u32 room, n, i;

	if (prod - cons > PV_XS_RING_SIZE) {
		xs_break(c, r, PV_XS_ERROR_RINGIDX);
		return;
	}
	room = PV_XS_RING_SIZE - (prod - cons);
	while (room && !list_empty(&c->out)) {
		m = list_first_entry(&c->out, struct hv_xs_msg, list);
		n = min(room, m->len - m->used);
		for (i = 0; i < n; i++)
			WRITE_ONCE(r->rsp[(prod + i) % PV_XS_RING_SIZE],
				   m->buf[m->used + i]);
		prod += n;
		room -= n;
		m->used += n;
		if (m->used < m->len)
			break;
		list_del(&m->list);
		c->out_bytes -= m->len;
		kfree(m);
	}
	if (prod == c->rsp_prod)
		return;
	c->rsp_prod = prod;
	/* Release: the bytes before the index that shows them. */
	smp_store_release(&r->rsp_prod, prod);
	*moved = true;
}

/* Room for one more reply of the largest size: else wait for the guest. */
static bool xs_out_room(struct hv_xs_conn *c)
{
	return c->out_bytes + XS_HDR + PV_XS_PAYLOAD_MAX <= HV_XS_OUT_MAX;
}

static void xs_work(struct work_struct *work)
{
	struct hv_xs_conn *c = container_of(work, struct hv_xs_conn, work);
	struct mem_cgroup *old;
	struct pv_xs_ring *r;
	bool moved = false, again = false;
	int i;

	mutex_lock(&hv_xs_lock);
	if (!c->ring || c->broken || c->dead)
		goto out;
	old = set_active_memcg(c->memcg);
	r = xs_ring(c);
	for (i = 0; ; i++) {
		xs_write_out(c, r, &moved);
		if (c->broken || !xs_out_room(c))
			break;
		if (i == XS_BATCH) {
			again = true;
			break;
		}
		if (!xs_read_msg(c, r, &moved))
			break;
		hv_xs_request(c, (const void *)c->in,
			      (const char *)c->in + XS_HDR);
		c->in_used = 0;
	}
	set_active_memcg(old);
	if (moved || c->broken)
		hv_events_store_signal(c->d);
	if (again)
		queue_work(system_unbound_wq, &c->work);
out:
	mutex_unlock(&hv_xs_lock);
}

/*
 * Queue a reply or watch event for @c.  Events beyond HV_XS_OUT_MAX
 * bytes of waiting output are dropped (a guest that does not read its
 * ring gets no more), and so is an event that waits already, as Xen
 * drops duplicates.  Replies always fit: a request is read only when
 * there is room for the largest reply (xs_out_room()).
 */
int hv_xs_queue(struct hv_xs_conn *c, u32 type, u32 req_id, u32 tx_id,
		const void *payload, u32 len, bool event)
{
	struct pv_xs_hdr h = { type, req_id, tx_id, len };
	size_t size = XS_HDR + len;
	struct hv_xs_msg *m;

	lockdep_assert_held(&hv_xs_lock);
	if (!c->ring || c->broken || c->dead)
		return 0;
	if (event && c->out_bytes + size > HV_XS_OUT_MAX) {
		c->dropped++;
		return -ENOBUFS;
	}
	if (event)
		list_for_each_entry(m, &c->out, list)
			if (!m->used && m->len == size &&
			    !memcmp(m->buf, &h, XS_HDR) &&
			    !memcmp(m->buf + XS_HDR, payload, len))
				return 0;
	m = kmalloc(struct_size(m, buf, size), GFP_KERNEL_ACCOUNT);
	if (!m) {
		c->dropped++;
		return -ENOMEM;
	}
	m->len = size;
	m->used = 0;
	memcpy(m->buf, &h, XS_HDR);
	memcpy(m->buf + XS_HDR, payload, len);
	list_add_tail(&m->list, &c->out);
	c->out_bytes += size;
	if (event)
		queue_work(system_unbound_wq, &c->work);
	return 0;
}

/* domain-new: the domain's place in the store, before it has a ring. */
int hv_xs_domain_create(struct hv_dom *d)
{
	struct hv_xs_conn *c;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	c->domid = d->id;
	c->d = d;
	c->pfn = U32_MAX;
	INIT_LIST_HEAD(&c->out);
	INIT_WORK(&c->work, xs_work);
	c->memcg = get_mem_cgroup_from_mm(current->mm);
	err = hv_xs_conn_add(c);
	if (err) {
		mem_cgroup_put(c->memcg);
		kfree(c);
		return err;
	}
	d->xs = c;
	return 0;
}

/*
 * domain-start (under d->lock): the store page, held writable for the
 * domain's life like the console's, a port to us, the domain's home.
 */
int hv_xs_domain_start(struct hv_dom *d, u32 pfn,
		       struct netlink_ext_ack *extack)
{
	struct hv_xs_conn *c = d->xs;
	struct pv_xs_ring *r;
	u32 cons_mfn = 0;
	int port = 0, err;

	if (pfn != U32_MAX) {
		if (hv_get_type(d, pfn, HV_FRAME_WRITABLE, false)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "the xenstore page overlaps the page tables");
			return -EINVAL;
		}
		port = hv_events_store_port(d);
		if (port < 0) {
			hv_put_type(d, pfn);
			return port;
		}
	}
	if (d->consring.pfn != U32_MAX)
		cons_mfn = hv_domain_mfn(d, d->consring.pfn);
	err = hv_xs_domain_tree(c, d->name, d->memory, port,
				pfn == U32_MAX ? 0 : hv_domain_mfn(d, pfn),
				d->events.console_port, cons_mfn);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot write the domain's xenstore entries");
		return err;
	}
	if (pfn == U32_MAX)
		return 0;
	r = page_address(d->mem.frames[pfn]);
	memset(r, 0, sizeof(*r));
	r->server_features = PV_XS_FEATURE_ERROR;
	mutex_lock(&hv_xs_lock);
	c->pfn = pfn;
	/* Release: hv_xs_service() reads pfn once it sees the ring. */
	smp_store_release(&c->ring, true);
	mutex_unlock(&hv_xs_lock);
	return 0;
}

/* The guest signalled its store port (EVTCHNOP_send). */
void hv_xs_kick(struct hv_dom *d)
{
	struct hv_xs_conn *c = d->xs;

	if (c && READ_ONCE(c->ring))
		queue_work(system_unbound_wq, &c->work);
}

/*
 * The guest yields, blocks or polls: serve requests it wrote without a
 * signal.  Our smp_mb() in xs_gather() is half of what makes Linux's
 * "signal only if the server had caught up" safe; the other half is a
 * barrier between its store of req_prod and its load of req_cons, which
 * xb_write() does not have.  Without it both sides can miss the other's
 * index (a store-buffer reordering x86 allows), and the request would
 * wait for ever, with every xenbus user behind it.  Here, on the guest's
 * own CPU, its stores are seen, so the request is served at the latest
 * when the guest next waits.  Indices a guest keeps unequal on purpose
 * cost it one work item a wait, no more than signalling would.
 */
void hv_xs_service(struct hv_dom *d)
{
	struct hv_xs_conn *c = d->xs;
	struct pv_xs_ring *r;

	/* Acquire: pairs with hv_xs_domain_start(); c->pfn is set. */
	if (!c || !smp_load_acquire(&c->ring))
		return;
	r = xs_ring(c);
	if (READ_ONCE(r->req_prod) != READ_ONCE(r->req_cons))
		queue_work(system_unbound_wq, &c->work);
}

/*
 * destroy (the vCPU has stopped) or the last reference: no more work
 * item, then the watches, transactions and /local/domain/ID go.
 */
void hv_xs_domain_destroy(struct hv_dom *d)
{
	struct hv_xs_conn *c = d->xs;
	struct hv_xs_msg *m, *tmp;

	if (!c)
		return;
	mutex_lock(&hv_xs_lock);
	c->dead = true;
	mutex_unlock(&hv_xs_lock);
	cancel_work_sync(&c->work);
	hv_xs_conn_remove(c);
	list_for_each_entry_safe(m, tmp, &c->out, list)
		kfree(m);
	mem_cgroup_put(c->memcg);
	kfree(c);
	d->xs = NULL;
}

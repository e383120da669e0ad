// SPDX-License-Identifier: GPL-2.0
/*
 * FIFO event channels (Xen 4.4's ABI, which Linux prefers): a 32-bit event
 * word per port in pages the guest hands in with EVTCHNOP_expand_array,
 * and, per vCPU, a control block (EVTCHNOP_init_control) with a READY bit
 * and a queue head per priority.  Raising a port sets PENDING in its word;
 * unless MASKED or already LINKED, it is appended to its priority's queue
 * (the LINK field of the previous tail's word, or the head when the queue
 * was empty) and the queue's READY bit is set, which asks for an upcall.
 * The guest consumes a queue from its head, clearing LINKED as it goes.
 *
 * Event words and the control block are guest memory, which the guest may
 * rewrite at any moment: every change to them is one atomic operation,
 * the link a cmpxchg retried a bounded number of times (BUSY holds off the
 * guest's own unmask meanwhile, as in Xen), nothing read from them is used
 * as an index, and the queues' tails are hv's own.  A guest that scribbles
 * on its words loses its own events, nothing else.  The frames are held
 * writable (hv_get_type()) for the domain's life, like vcpu_info's, so
 * they never become page tables while hv writes them, and go back with
 * the frame table when the domain is released.
 *
 * The ports beyond the 2-level ABI's 1,024 live here too (their table
 * grows only with this ABI); hv offers 4,096 ports to a FIFO domain, as
 * Xen's toolstack caps a domain's ports (max_event_channels).
 */

#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "domain.h"
#include "event_fifo.h"
#include "events.h"
#include "frames.h"
#include "vcpu.h"

#define HV_FIFO_WORDS		(PAGE_SIZE / sizeof(u32))	/* per page */
#define HV_FIFO_PAGES		(HV_FIFO_NR_PORTS / HV_FIFO_WORDS)
#define HV_FIFO_TRIES		4	/* links tried once BUSY is set */

#define HV_EV_PENDING		BIT(PV_EVTCHN_FIFO_PENDING)
#define HV_EV_MASKED		BIT(PV_EVTCHN_FIFO_MASKED)
#define HV_EV_LINKED		BIT(PV_EVTCHN_FIFO_LINKED)
#define HV_EV_BUSY		BIT(PV_EVTCHN_FIFO_BUSY)

struct hv_fifo {
	/*
	 * The queues (tails, each port's last queue), priorities, the array's
	 * growth and the ports raised before their word existed.  Taken from
	 * any context, hard interrupts (the timers) included; innermost.
	 */
	spinlock_t lock;
	struct pv_evtchn_fifo_control_block *cb;	/* vCPU 0's */
	u32 cb_pfn;
	u32 nr_pages;			/* published with smp_store_release() */
	u32 pfns[HV_FIFO_PAGES];
	u32 *words[HV_FIFO_PAGES];
	u32 tail[PV_EVTCHN_FIFO_MAX_QUEUES];	/* 0: empty */
	u8 prio[HV_FIFO_NR_PORTS];
	u8 lastq[HV_FIFO_NR_PORTS];	/* the queue it was last linked on */
	DECLARE_BITMAP(early, HV_FIFO_NR_PORTS);	/* pending, no word yet */
	struct hv_port ports[HV_FIFO_NR_PORTS - HV_NR_PORTS];
};

/* The event word of @port, or NULL while its page is missing. */
static atomic_t *hv_fifo_word(struct hv_fifo *f, u32 port)
{
	/* Pairs with expand_array's release: the page before its count. */
	u32 n = smp_load_acquire(&f->nr_pages) * HV_FIFO_WORDS;

	if (port >= n)
		return NULL;
	port = array_index_nospec(port, n);
	return (atomic_t *)&f->words[port / HV_FIFO_WORDS][port % HV_FIFO_WORDS];
}

struct hv_port *hv_fifo_port(struct hv_fifo *f, u32 port)
{
	return &f->ports[port - HV_NR_PORTS];
}

/* 1: linked; 0: the word is no longer LINKED; -EAGAIN: it changed. */
static int hv_fifo_try_link(atomic_t *w, u32 *old, u32 port)
{
	u32 new;

	if (!(*old & HV_EV_LINKED))
		return 0;
	new = (*old & ~(HV_EV_BUSY | PV_EVTCHN_FIFO_LINK_MASK)) | port;
	return atomic_try_cmpxchg(w, old, new) ? 1 : -EAGAIN;
}

/*
 * Point the tail's LINK at @port if the tail is still LINKED (else the
 * guest consumed it and the queue is empty).  The guest may only set or
 * clear MASKED, clear PENDING or clear LINKED meanwhile, and BUSY keeps
 * its unmask waiting, so an honest guest lets the cmpxchg through within
 * a few tries; a hostile one gets "linked" after the last and loses the
 * event.  Bounded either way.
 */
static bool hv_fifo_set_link(atomic_t *w, u32 port)
{
	u32 old = atomic_read(w);
	int i, ret;

	ret = hv_fifo_try_link(w, &old, port);
	if (ret >= 0)
		return ret;
	atomic_or(HV_EV_BUSY, w);
	old = atomic_read(w);
	for (i = 0; i < HV_FIFO_TRIES; i++) {
		ret = hv_fifo_try_link(w, &old, port);
		if (ret > 0)
			return true;	/* the new word has BUSY clear */
		if (ret == 0)
			break;
	}
	atomic_andnot(HV_EV_BUSY, w);
	return ret != 0;
}

/* Append @port to queue @prio.  True if the queue was empty. */
static bool hv_fifo_link(struct hv_fifo *f, u32 port, u8 prio)
{
	u8 last = f->lastq[port];
	atomic_t *tail;
	bool linked = false;

	/* Was it the tail of its last queue?  That queue is empty now. */
	if (f->tail[last] == port)
		f->tail[last] = 0;
	f->lastq[port] = prio;
	if (f->tail[prio]) {
		tail = hv_fifo_word(f, f->tail[prio]);
		linked = tail && hv_fifo_set_link(tail, port);
	}
	if (!linked)
		WRITE_ONCE(f->cb->head[prio], port);
	f->tail[prio] = port;
	return !linked;
}

/*
 * Raise @port (Xen's evtchn_fifo_set_pending()): PENDING, then, unless
 * MASKED or LINKED already, onto its queue; READY for that queue if the
 * queue was empty.  Any context.  Returns HV_FIFO_* for the caller.
 */
unsigned int hv_fifo_raise(struct hv_fifo *f, u32 port)
{
	unsigned int ret = 0;
	unsigned long flags;
	atomic_t *w;
	u8 prio;

	spin_lock_irqsave(&f->lock, flags);
	w = hv_fifo_word(f, port);
	if (!w) {
		/* Delivered when expand_array adds its page. */
		if (!test_and_set_bit(port, f->early))
			ret |= HV_FIFO_NEW;
		goto out;
	}
	if (!(atomic_fetch_or(HV_EV_PENDING, w) & HV_EV_PENDING))
		ret |= HV_FIFO_NEW;
	if ((atomic_read(w) & HV_EV_MASKED) ||
	    (atomic_fetch_or(HV_EV_LINKED, w) & HV_EV_LINKED))
		goto out;
	prio = f->prio[port];
	if (hv_fifo_link(f, port, prio) &&
	    !(atomic_fetch_or(BIT(prio), (atomic_t *)&f->cb->ready) & BIT(prio)))
		ret |= HV_FIFO_UPCALL;
out:
	spin_unlock_irqrestore(&f->lock, flags);
	return ret;
}

/* EVTCHNOP_unmask: clear MASKED; true if pending (to be linked now). */
bool hv_fifo_unmask(struct hv_fifo *f, u32 port)
{
	atomic_t *w = hv_fifo_word(f, port);

	if (!w)
		return false;
	atomic_andnot(HV_EV_MASKED, w);
	return atomic_read(w) & HV_EV_PENDING;
}

/* Whatever the mask (sched_op poll). */
bool hv_fifo_pending(struct hv_fifo *f, u32 port)
{
	atomic_t *w = hv_fifo_word(f, port);

	return w ? atomic_read(w) & HV_EV_PENDING : test_bit(port, f->early);
}

/* Still on a queue: not given out again (Xen's get_free_port()). */
bool hv_fifo_busy(struct hv_fifo *f, u32 port)
{
	atomic_t *w = hv_fifo_word(f, port);

	return w && (atomic_read(w) & HV_EV_LINKED);
}

/* EVTCHNOP_close: not pending any more, back to the default priority. */
void hv_fifo_close(struct hv_fifo *f, u32 port)
{
	unsigned long flags;
	atomic_t *w;

	spin_lock_irqsave(&f->lock, flags);
	w = hv_fifo_word(f, port);
	if (w)
		atomic_andnot(HV_EV_PENDING, w);
	clear_bit(port, f->early);
	f->prio[port] = PV_EVTCHN_FIFO_PRIORITY_DEFAULT;
	spin_unlock_irqrestore(&f->lock, flags);
}

long hv_fifo_set_priority(struct hv_fifo *f, u32 port, u32 priority)
{
	unsigned long flags;

	if (priority > PV_EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	/* A port on a queue already stays there: the next raise moves it. */
	spin_lock_irqsave(&f->lock, flags);
	f->prio[port] = priority;
	spin_unlock_irqrestore(&f->lock, flags);
	return 0;
}

/*
 * A guest frame for the control block or the event array, by the machine
 * frame number a PV guest names it with: one of the domain's, not a page
 * table or descriptor frame (it is held writable from now on), not one
 * the ABI uses already.
 */
static int hv_fifo_frame(struct hv_dom *d, struct hv_fifo *f, u64 gfn,
			 u32 *pfn)
{
	u32 i;

	if (hv_own_frame(d, gfn, pfn))
		return -EINVAL;
	if (f && *pfn == f->cb_pfn)
		return -EINVAL;
	for (i = 0; f && i < f->nr_pages; i++)
		if (f->pfns[i] == *pfn)
			return -EINVAL;
	return hv_get_type(d, *pfn, HV_FRAME_WRITABLE, false) ? -EINVAL : 0;
}

/*
 * EVTCHNOP_init_control (the vCPU thread): Xen's checks in Xen's order.
 * The domain then uses this ABI for good (events.c, hv_events_use_fifo()).
 */
long hv_fifo_init_control(struct hv_vcpu *v, u32 *a)
{
	struct pv_evtchn_init_control ic;
	struct hv_dom *d = v->dom;
	struct hv_fifo *f;
	u32 off, pfn;

	BUILD_BUG_ON(sizeof(ic) != 24);
	memcpy(&ic, a, sizeof(ic));
	if (ic.vcpu != 0)
		return -ENOENT;		/* one vCPU per domain */
	off = ic.offset;
	if (off > PAGE_SIZE - sizeof(*f->cb) || (off & 7))
		return -EINVAL;
	if (READ_ONCE(d->events.fifo))
		return -EINVAL;		/* vCPU 0's block exists */
	f = kvzalloc(sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	if (hv_fifo_frame(d, NULL, ic.control_gfn, &pfn)) {
		kvfree(f);
		return -EINVAL;
	}
	spin_lock_init(&f->lock);
	memset(f->prio, PV_EVTCHN_FIFO_PRIORITY_DEFAULT, sizeof(f->prio));
	f->cb_pfn = pfn;
	f->cb = page_address(d->mem.frames[pfn]) + off;
	hv_events_use_fifo(d, f);
	ic.link_bits = PV_EVTCHN_FIFO_LINK_BITS;
	memcpy(a, &ic, sizeof(ic));
	return 0;
}

/*
 * EVTCHNOP_expand_array (under the events lock): one more page of event
 * words; the ports raised while it was missing are raised again.
 */
long hv_fifo_expand_array(struct hv_dom *d, u32 *a)
{
	struct hv_fifo *f = d->events.fifo;
	unsigned long flags;
	u32 n, pfn, port;
	int err;

	if (!f)
		return -EOPNOTSUPP;
	n = f->nr_pages;
	if (n >= HV_FIFO_PAGES)
		return -ENOSPC;
	err = hv_fifo_frame(d, f, a[0] | (u64)a[1] << 32, &pfn);
	if (err)
		return err;
	spin_lock_irqsave(&f->lock, flags);
	f->pfns[n] = pfn;
	f->words[n] = page_address(d->mem.frames[pfn]);
	smp_store_release(&f->nr_pages, n + 1);	/* the page, then its use */
	spin_unlock_irqrestore(&f->lock, flags);
	for (port = n * HV_FIFO_WORDS; port < (n + 1) * HV_FIFO_WORDS; port++)
		if (test_and_clear_bit(port, f->early))
			hv_port_raise(d, port);
	return 0;
}

void hv_fifo_free(struct hv_fifo *f)
{
	kvfree(f);
}

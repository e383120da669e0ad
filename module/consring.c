// SPDX-License-Identifier: GPL-2.0
/*
 * The PV console ring's backend.  The guest's console page (start_info
 * console.domU) holds an input and an output ring with free-running
 * indices; the guest writes output and signals its console event channel,
 * and we, the backend, drain what it wrote into the console buffer (where
 * hvctl console reads it, exactly as for console_io), then signal back.
 * Typed input goes the other way.
 *
 * The page stays the guest's, so everything in it is read once and
 * checked: an index pair further apart than the ring is a corrupt ring,
 * whose output is dropped.  Our own input producer index is kept here, not
 * read back.  The frame holds a writable type reference from boot on
 * (boot.c), so it can never become a page table that we write into.
 *
 * A guest counts as using the ring once it signals the channel: before
 * that, typed input stays queued for console_io reads (and raises
 * VIRQ_CONSOLE), so a guest that only polls console_io loses nothing to a
 * ring it never reads.
 */

#include <linux/mutex.h>

#include "console.h"
#include "domain.h"
#include "events.h"
#include "netlink.h"
#include "vcpu.h"

static struct pv_cons_ring *hv_ring(struct hv_dom *d)
{
	return page_address(d->mem.frames[d->consring.pfn]);
}

/* Output: guest -> console buffer.  Returns true if it took anything. */
static bool hv_consring_drain(struct hv_dom *d, struct pv_cons_ring *r)
{
	u32 cons = READ_ONCE(r->out_cons);
	/* Acquire: the guest's bytes are there before its index says so. */
	u32 prod = smp_load_acquire(&r->out_prod);
	char chunk[256];
	size_t n, kept;
	u64 off;

	if (prod == cons)
		return false;
	if (prod - cons > PV_CONS_OUT_SIZE) {
		d->consring.corrupt++;
		WRITE_ONCE(r->out_cons, prod);	/* drop it all */
		return true;
	}
	while (cons != prod) {
		for (n = 0; cons != prod && n < sizeof(chunk); n++, cons++)
			chunk[n] = READ_ONCE(r->out[cons % PV_CONS_OUT_SIZE]);
		kept = hv_console_output(&d->console, chunk, n, &off);
		hv_nl_console_notify(d, off, kept);
	}
	/* Release: copied before the guest may overwrite them. */
	smp_store_release(&r->out_cons, prod);
	return true;
}

/* Input: queued typed input -> guest.  Returns true if it gave any. */
static bool hv_consring_fill(struct hv_dom *d, struct pv_cons_ring *r)
{
	/* Acquire: the guest read its bytes before freeing their room. */
	u32 cons = smp_load_acquire(&r->in_cons), prod = d->consring.in_prod;
	u32 room, i;
	char buf[128];
	size_t n;

	if (prod - cons > PV_CONS_IN_SIZE)
		return false;		/* the guest moved in_cons past us */
	room = PV_CONS_IN_SIZE - (prod - cons);
	while (room) {
		n = hv_console_take_input(&d->console, buf,
					  min_t(u32, room, sizeof(buf)));
		if (!n)
			break;
		for (i = 0; i < n; i++, prod++)
			WRITE_ONCE(r->in[prod % PV_CONS_IN_SIZE], buf[i]);
		room -= n;
	}
	if (prod == d->consring.in_prod)
		return false;
	d->consring.in_prod = prod;
	/* Release: the bytes before the index that shows them. */
	smp_store_release(&r->in_prod, prod);
	return true;
}

/* Both directions; signal the guest if anything moved. */
static void hv_consring_run(struct hv_dom *d)
{
	struct pv_cons_ring *r = hv_ring(d);
	bool moved;

	moved = hv_consring_drain(d, r);
	moved |= hv_consring_fill(d, r);
	if (moved)
		hv_events_console_signal(d);
}

/* The guest signalled its console channel (EVTCHNOP_send). */
void hv_consring_kick(struct hv_dom *d)
{
	if (d->consring.pfn == U32_MAX)
		return;
	mutex_lock(&d->consring.lock);
	d->consring.connected = true;
	hv_consring_run(d);
	mutex_unlock(&d->consring.lock);
}

/*
 * The guest yields, blocks or polls: drain a ring it filled without
 * signalling (it may be waiting for room), and hand over waiting input.
 */
void hv_consring_service(struct hv_dom *d)
{
	if (d->consring.pfn == U32_MAX || !READ_ONCE(d->consring.connected) ||
	    !READ_ONCE(d->events.console_port))
		return;
	mutex_lock(&d->consring.lock);
	hv_consring_run(d);
	mutex_unlock(&d->consring.lock);
}

/*
 * Typed input was queued (netlink, process context): into the ring if the
 * guest uses it, and VIRQ_CONSOLE for guests reading with console_io.
 */
void hv_consring_input(struct hv_dom *d)
{
	hv_consring_service(d);
	hv_event_raise_virq(d, PV_VIRQ_CONSOLE);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Event channels (ABI 3.18, 5.5): the paper's asynchronous notifications.
 * The timers that raise VIRQ_TIMER are in time.c, blocking and polling
 * on ports in sched.c.
 *
 * Raising a port sets its bit in shared_info's pending bitmap; if the port
 * is not masked, the word's bit in the vCPU's pending selector and then
 * evtchn_upcall_pending.  The guest shares these words and changes them
 * with locked instructions of its own, so every update here is an atomic
 * read-modify-write of the 32-bit word.  The upcall itself is a bounce to
 * the registered event callback, delivered on the way back into the guest
 * whenever upcall_pending is set and evtchn_upcall_mask is clear.
 *
 * Once the guest calls EVTCHNOP_init_control, the domain uses the FIFO
 * ABI instead (event_fifo.c) for good: every raise, unmask, poll and
 * close goes there, and the bitmaps above are no longer looked at.
 *
 * The port table is the hypervisor's own; the guest only ever names ports
 * by number, checked against it.  Ports connect only within the domain
 * (loopback): other domains are out of reach.
 */

#include <linux/atomic.h>
#include <linux/nospec.h>

#include "domain.h"
#include "event_fifo.h"
#include "events.h"
#include "time.h"
#include "traps.h"
#include "vcpu.h"
#include "xenstore.h"

static __always_inline struct pv_shared_info *hv_shared(struct hv_dom *d)
{
	return page_address(d->shared_info);
}

static __always_inline atomic_t *hv_word(u32 *w)
{
	return (atomic_t *)w;
}

static bool hv_evtchn_pending_2l(struct hv_dom *d, unsigned int port)
{
	struct pv_shared_info *s = hv_shared(d);

	return atomic_read(hv_word(&s->evtchn_pending[port / 32])) &
	       BIT(port % 32);
}

void hv_events_init(struct hv_events *e)
{
	spin_lock_init(&e->lock);
}

/* With the domain's frames: no raise can come any more. */
void hv_events_free(struct hv_events *e)
{
	hv_fifo_free(e->fifo);
}

/* The FIFO ABI's state, or NULL while the domain uses the 2-level one. */
static __always_inline struct hv_fifo *hv_fifo(struct hv_dom *d)
{
	/* Pairs with hv_events_use_fifo(): the state before the pointer. */
	return smp_load_acquire(&d->events.fifo);
}

/* How many ports the domain's ABI has. */
static u32 hv_nr_ports(struct hv_events *e)
{
	return e->fifo ? HV_FIFO_NR_PORTS : HV_NR_PORTS;
}

/* Port @port's entry, @port below hv_nr_ports(). */
static struct hv_port *hv_port(struct hv_events *e, u32 port)
{
	if (port < HV_NR_PORTS)
		return &e->ports[port];
	return hv_fifo_port(e->fifo, port);
}

/*
 * Step 2 of raising a port (also on unmask): the selector bit, then
 * upcall_pending.  True if the vCPU must be told (the bit is new).  Only
 * atomic operations on shared memory: the fast path uses it too.
 */
static noinstr bool hv_port_select(struct hv_dom *d, struct hv_vcpu *v,
				   unsigned int port)
{
	struct pv_shared_info *s = hv_shared(d);
	struct pv_vcpu_info *vi = READ_ONCE(v->vi);
	u32 bit = BIT(port / 32);

	if (arch_atomic_read(hv_word(&s->evtchn_mask[port / 32])) &
	    BIT(port % 32))
		return false;
	if (arch_atomic_fetch_or(bit, hv_word(&vi->evtchn_pending_sel)) & bit)
		return false;
	WRITE_ONCE(vi->evtchn_upcall_pending, 1);
	return true;
}

static void hv_port_notify(struct hv_dom *d, unsigned int port)
{
	struct hv_vcpu *v = READ_ONCE(d->vcpu);

	/*
	 * The vCPU sees the event within one trip: woken if it sleeps (block,
	 * poll), made to leave the guest world if it runs elsewhere.  Safe in
	 * any context, the timers' hard interrupts included.
	 */
	if (v && hv_port_select(d, v, port))
		hv_vcpu_kick(v);
}

/* Step 1: the pending bit.  False if it was pending already. */
static noinstr bool hv_port_set_pending(struct hv_dom *d,
					struct hv_vcpu *v, unsigned int port)
{
	struct pv_shared_info *s = hv_shared(d);
	u32 bit = BIT(port % 32);

	if (v)
		arch_atomic64_inc(&v->ev_stats[HV_EVSTAT_RAISED]);
	if (!(arch_atomic_fetch_or(bit,
				   hv_word(&s->evtchn_pending[port / 32])) &
	      bit))
		return true;
	if (v)
		arch_atomic64_inc(&v->ev_stats[HV_EVSTAT_COALESCED]);
	return false;
}

/* A poller waits for its ports whatever their masks (ABI 3.16). */
static void hv_port_wake_poller(struct hv_dom *d)
{
	struct hv_vcpu *v = READ_ONCE(d->vcpu);

	if (v && READ_ONCE(v->poll_nr))
		wake_up(&v->wq);
}

/* What hv_fifo_raise() asks for: the upcall, a poller woken. */
static void hv_fifo_notify(struct hv_dom *d, unsigned int what)
{
	struct hv_vcpu *v = READ_ONCE(d->vcpu);

	if (v && (what & HV_FIFO_UPCALL)) {
		WRITE_ONCE(READ_ONCE(v->vi)->evtchn_upcall_pending, 1);
		hv_vcpu_kick(v);
	}
	if (what & HV_FIFO_NEW)
		hv_port_wake_poller(d);
}

static void hv_fifo_port_raise(struct hv_dom *d, struct hv_fifo *f,
			       unsigned int port)
{
	struct hv_vcpu *v = READ_ONCE(d->vcpu);
	unsigned int what = hv_fifo_raise(f, port);

	if (v) {
		atomic64_inc(&v->ev_stats[HV_EVSTAT_RAISED]);
		if (!(what & HV_FIFO_NEW))
			atomic64_inc(&v->ev_stats[HV_EVSTAT_COALESCED]);
	}
	hv_fifo_notify(d, what);
}

/* Raise @port by the domain's ABI, from any context. */
void hv_port_raise(struct hv_dom *d, unsigned int port)
{
	struct hv_fifo *f = hv_fifo(d);

	if (f) {
		hv_fifo_port_raise(d, f, port);
		return;
	}
	if (!hv_port_set_pending(d, READ_ONCE(d->vcpu), port))
		return;		/* coalesced */
	/*
	 * init_control may have switched the domain to FIFO meanwhile (the
	 * bit operation above is a full barrier): then the event goes there
	 * too, unless the switch found the bit already (it raises it then).
	 */
	f = hv_fifo(d);
	if (f) {
		hv_fifo_port_raise(d, f, port);
		return;
	}
	hv_port_notify(d, port);
	hv_port_wake_poller(d);
}

/*
 * init_control: the domain uses FIFO from now on.  The ports pending in
 * the bitmaps go on pending there (they get their words with
 * expand_array).  A raise racing with this sees the new ABI or left its
 * bit for the scan (hv_port_raise()).
 */
void hv_events_use_fifo(struct hv_dom *d, struct hv_fifo *f)
{
	struct hv_events *e = &d->events;
	u32 port;

	spin_lock(&e->lock);
	smp_store_release(&e->fifo, f);	/* the state, then the pointer */
	smp_mb();	/* the new ABI visible before the bitmap is read */
	for (port = 1; port < HV_NR_PORTS; port++)
		if (e->ports[port].state != PV_EVTCHNSTAT_CLOSED &&
		    hv_evtchn_pending_2l(d, port))
			hv_fifo_port_raise(d, f, port);
	spin_unlock(&e->lock);
}

/*
 * PV_EVTCHNOP_send in the fast path (fastpath.c), for the ports that raise a
 * port of this same domain: the vCPU raising it is the one that will see
 * it, running, so no kick and no poller to wake.  The port table changes
 * only through this vCPU's own hypercalls, which cannot run meanwhile, so
 * it is read without the lock.  1: not here, the host path does it.
 */
noinstr int hv_evtchn_send_fast(struct hv_vcpu *v, u32 port)
{
	struct hv_events *e = &v->dom->events;
	struct hv_port *p;
	u32 to;

	/* FIFO takes a lock: the host path (switch.S sends it there too). */
	if (READ_ONCE(e->fifo) || port == 0 || port >= HV_NR_PORTS ||
	    port == e->console_port || port == e->store_port)
		return 1;
	p = &e->ports[port];
	if (p->state == PV_EVTCHNSTAT_IPI)
		to = port;
	else if (p->state == PV_EVTCHNSTAT_INTERDOMAIN && p->peer)
		to = p->peer;
	else
		return 1;
	if (hv_port_set_pending(v->dom, v, to))
		hv_port_select(v->dom, v, to);
	return 0;
}

void hv_event_raise_virq(struct hv_dom *d, unsigned int virq)
{
	u16 port = READ_ONCE(d->events.virq_port[virq]);

	if (port)
		hv_port_raise(d, port);
}

/*
 * The lowest free port, 1.., or -ENOSPC.  Caller holds the lock.  With
 * FIFO, not one still on a queue (its next event would be misplaced).
 */
static int hv_port_alloc(struct hv_events *e)
{
	u32 p;

	for (p = 1; p < hv_nr_ports(e); p++)
		if (hv_port(e, p)->state == PV_EVTCHNSTAT_CLOSED &&
		    !(e->fifo && hv_fifo_busy(e->fifo, p)))
			return p;
	return -ENOSPC;
}

static bool hv_port_valid(struct hv_events *e, u32 port)
{
	return port > 0 && port < hv_nr_ports(e) &&
	       hv_port(e, port)->state != PV_EVTCHNSTAT_CLOSED;
}

/* All @n ports open (sched_op poll, sched.c)? */
bool hv_evtchn_ports_open(struct hv_dom *d, const u32 *ports,
			  unsigned int n)
{
	unsigned int i;

	spin_lock(&d->events.lock);
	for (i = 0; i < n; i++)
		if (!hv_port_valid(&d->events, ports[i]))
			break;
	spin_unlock(&d->events.lock);
	return i == n;
}

/* Is @port pending, whatever its mask (sched_op poll)? */
bool hv_evtchn_pending(struct hv_dom *d, unsigned int port)
{
	struct hv_fifo *f = hv_fifo(d);

	return f ? hv_fifo_pending(f, port) : hv_evtchn_pending_2l(d, port);
}

static bool hv_self(struct hv_dom *d, u16 dom)
{
	return dom == PV_DOMID_SELF || dom == d->id;
}

static long hv_evtchn_bind_virq(struct hv_vcpu *v, u32 *a)
{
	struct hv_events *e = &v->dom->events;
	int port;

	if (a[0] >= HV_NR_VIRQS)
		return -EINVAL;
	if (a[1] != 0)
		return -ENOENT;
	if (e->virq_port[a[0]])
		return -EEXIST;
	port = hv_port_alloc(e);
	if (port < 0)
		return port;
	*hv_port(e, port) = (struct hv_port){ PV_EVTCHNSTAT_VIRQ, a[0], 0 };
	WRITE_ONCE(e->virq_port[a[0]], port);
	a[2] = port;
	if (a[0] == PV_VIRQ_TIMER)
		hv_ptimer_arm(v);
	return 0;
}

static long hv_evtchn_alloc_unbound(struct hv_dom *d, u32 *a)
{
	struct hv_events *e = &d->events;
	int port;

	bool host = (a[0] >> 16) == 0;	/* for a back end in hv */

	if (!hv_self(d, a[0] & 0xffff))
		return -EPERM;
	if (!host && !hv_self(d, a[0] >> 16))
		return -ESRCH;		/* no other domain is reachable */
	port = hv_port_alloc(e);
	if (port < 0)
		return port;
	*hv_port(e, port) = (struct hv_port){ PV_EVTCHNSTAT_UNBOUND,
					      host ? HV_PORT_TO_HOST : 0, 0 };
	a[1] = port;
	return 0;
}

static long hv_evtchn_bind_interdomain(struct hv_dom *d, u32 *a)
{
	struct hv_events *e = &d->events;
	u32 remote = a[1];
	int port;

	if (!hv_self(d, a[0] & 0xffff))
		return -ESRCH;
	if (!hv_port_valid(e, remote) ||
	    hv_port(e, remote)->state != PV_EVTCHNSTAT_UNBOUND ||
	    hv_port(e, remote)->virq == HV_PORT_TO_HOST)
		return -EINVAL;
	port = hv_port_alloc(e);
	if (port < 0)
		return port;
	*hv_port(e, port) = (struct hv_port){ PV_EVTCHNSTAT_INTERDOMAIN, 0,
					      remote };
	*hv_port(e, remote) = (struct hv_port){ PV_EVTCHNSTAT_INTERDOMAIN, 0,
						port };
	a[2] = port;
	hv_port_raise(d, port);		/* ABI: the new port starts pending */
	return 0;
}

/* A closed port is not pending: a new binding starts clean (as Xen). */
static void hv_port_clear_pending(struct hv_dom *d, u32 port)
{
	struct pv_shared_info *s = hv_shared(d);

	if (d->events.fifo)
		hv_fifo_close(d->events.fifo, port);
	else
		atomic_andnot(BIT(port % 32),
			      hv_word(&s->evtchn_pending[port / 32]));
}

static long hv_evtchn_close(struct hv_vcpu *v, u32 port)
{
	struct hv_events *e = &v->dom->events;
	struct hv_port *p;

	if (!hv_port_valid(e, port))
		return -EINVAL;
	p = hv_port(e, port);
	if (p->state == PV_EVTCHNSTAT_VIRQ)
		WRITE_ONCE(e->virq_port[p->virq], 0);
	if (p->state == PV_EVTCHNSTAT_VIRQ && p->virq == PV_VIRQ_TIMER)
		hrtimer_cancel(&v->ptimer);
	if (port == e->console_port)
		WRITE_ONCE(e->console_port, 0);
	else if (port == e->store_port)
		WRITE_ONCE(e->store_port, 0);
	else if (p->state == PV_EVTCHNSTAT_INTERDOMAIN && !p->peer)
		e->be[p->virq] = (struct hv_evtchn_be){ };	/* a back end's */
	else if (p->state == PV_EVTCHNSTAT_INTERDOMAIN && p->peer != port)
		*hv_port(e, p->peer) = (struct hv_port){ PV_EVTCHNSTAT_UNBOUND,
							 0, 0 };
	*p = (struct hv_port){ PV_EVTCHNSTAT_CLOSED, 0, 0 };
	hv_port_clear_pending(v->dom, port);
	return 0;
}

static long hv_evtchn_send(struct hv_dom *d, u32 port,
			   struct hv_evtchn_be *be)
{
	struct hv_events *e = &d->events;
	struct hv_port *p;

	if (!hv_port_valid(e, port))
		return -EINVAL;
	p = hv_port(e, port);
	if (port == e->console_port)
		return 1;	/* for the backend, after the lock (consring.c) */
	if (port == e->store_port)
		return 2;	/* for the xenstore, after the lock (xsring.c) */
	switch (p->state) {
	case PV_EVTCHNSTAT_INTERDOMAIN:
		if (!p->peer) {		/* a back end's, after the lock */
			*be = e->be[p->virq];
			return be->kick ? 3 : 0;
		}
		hv_port_raise(d, p->peer);
		return 0;
	case PV_EVTCHNSTAT_IPI:
		hv_port_raise(d, port);
		return 0;
	case PV_EVTCHNSTAT_UNBOUND:
		return 0;		/* ABI: silently dropped */
	}
	return -EINVAL;
}

static long hv_evtchn_unmask(struct hv_dom *d, u32 port)
{
	struct pv_shared_info *s = hv_shared(d);
	struct hv_fifo *f = d->events.fifo;

	if (!hv_port_valid(&d->events, port))
		return -EINVAL;
	if (f) {
		/* Linux asks only for a pending port: link it now. */
		if (hv_fifo_unmask(f, port))
			hv_fifo_notify(d, hv_fifo_raise(f, port));
		return 0;
	}
	atomic_andnot(BIT(port % 32), hv_word(&s->evtchn_mask[port / 32]));
	if (atomic_read(hv_word(&s->evtchn_pending[port / 32])) &
	    BIT(port % 32))
		hv_port_notify(d, port);
	return 0;
}

/* status (24 bytes): dom @0, port @4 in; status @8, vcpu @12, u @16. */
static long hv_evtchn_status(struct hv_dom *d, u32 *a)
{
	struct hv_events *e = &d->events;
	u32 port = a[1];
	struct hv_port *p;

	if (!hv_self(d, a[0] & 0xffff))
		return -ESRCH;
	if (port == 0 || port >= hv_nr_ports(e))
		return -EINVAL;
	p = hv_port(e, port);
	a[2] = p->state;
	a[3] = 0;
	a[4] = p->state == PV_EVTCHNSTAT_VIRQ ? p->virq :
	       port == e->console_port || port == e->store_port ? 0 :
						/* the backends: domain 0 */
	       p->state == PV_EVTCHNSTAT_INTERDOMAIN ?
			(p->peer ? PV_DOMID_SELF : 0) :
	       p->state == PV_EVTCHNSTAT_UNBOUND ?
			(p->virq == HV_PORT_TO_HOST ? 0 : PV_DOMID_SELF) : 0;
	a[5] = p->state == PV_EVTCHNSTAT_INTERDOMAIN ? p->peer : 0;
	return 0;
}

static long hv_evtchn_bind_ipi(struct hv_dom *d, u32 *a)
{
	struct hv_events *e = &d->events;
	int port;

	if (a[0] != 0)
		return -ENOENT;
	port = hv_port_alloc(e);
	if (port < 0)
		return port;
	*hv_port(e, port) = (struct hv_port){ PV_EVTCHNSTAT_IPI, 0, 0 };
	a[1] = port;
	return 0;
}

/* The argument sizes of the commands, in 32-bit words (ABI 3.18). */
static const u8 hv_evtchn_words[] = {
	[PV_EVTCHNOP_bind_interdomain] = 3, [PV_EVTCHNOP_bind_virq] = 3,
	[PV_EVTCHNOP_close] = 1, [PV_EVTCHNOP_send] = 1, [PV_EVTCHNOP_status] = 6,
	[PV_EVTCHNOP_alloc_unbound] = 2, [PV_EVTCHNOP_bind_ipi] = 2,
	[PV_EVTCHNOP_unmask] = 1, [PV_EVTCHNOP_init_control] = 6,
	[PV_EVTCHNOP_expand_array] = 2, [PV_EVTCHNOP_set_priority] = 2,
};

/* set_priority: the port's in the FIFO ABI (-ENOSYS in 2-level, as Xen). */
static long hv_evtchn_set_priority(struct hv_dom *d, u32 *a)
{
	if (!hv_port_valid(&d->events, a[0]))
		return -EINVAL;
	if (!d->events.fifo)
		return -PV_ENOSYS;
	return hv_fifo_set_priority(d->events.fifo, a[0], a[1]);
}

long hv_event_channel_op(struct hv_vcpu *v, u32 cmd, u32 arg)
{
	struct hv_dom *d = v->dom;
	struct hv_evtchn_be be;
	u32 a[6];
	long err;

	if (cmd >= ARRAY_SIZE(hv_evtchn_words) || !hv_evtchn_words[cmd])
		return -PV_ENOSYS;
	if (hv_copy_from_guest(v, a, arg, hv_evtchn_words[cmd] * 4))
		return -EFAULT;
	if (cmd == PV_EVTCHNOP_init_control) {
		err = hv_fifo_init_control(v, a);	/* allocates */
		goto out;
	}
	spin_lock(&d->events.lock);
	switch (cmd) {
	case PV_EVTCHNOP_bind_interdomain:
		err = hv_evtchn_bind_interdomain(d, a);
		break;
	case PV_EVTCHNOP_bind_virq:
		err = hv_evtchn_bind_virq(v, a);
		break;
	case PV_EVTCHNOP_close:
		err = hv_evtchn_close(v, a[0]);
		break;
	case PV_EVTCHNOP_send:
		err = hv_evtchn_send(d, a[0], &be);
		break;
	case PV_EVTCHNOP_status:
		err = hv_evtchn_status(d, a);
		break;
	case PV_EVTCHNOP_alloc_unbound:
		err = hv_evtchn_alloc_unbound(d, a);
		break;
	case PV_EVTCHNOP_bind_ipi:
		err = hv_evtchn_bind_ipi(d, a);
		break;
	case PV_EVTCHNOP_expand_array:
		err = hv_fifo_expand_array(d, a);
		break;
	case PV_EVTCHNOP_set_priority:
		err = hv_evtchn_set_priority(d, a);
		break;
	default:
		err = hv_evtchn_unmask(d, a[0]);
		break;
	}
	spin_unlock(&d->events.lock);
	if (err == 1) {
		hv_consring_kick(d);
		return 0;
	}
	if (err == 2) {
		hv_xs_kick(d);
		return 0;
	}
	if (err == 3) {
		be.kick(be.data);
		return 0;
	}
out:
	if (!err && hv_copy_to_guest(v, arg, a, hv_evtchn_words[cmd] * 4))
		return -EFAULT;
	return err;
}

/* The legacy form: one pointer to {u32 cmd; union}. */
long hv_event_channel_op_compat(struct hv_vcpu *v, u32 arg)
{
	u32 cmd;

	if (hv_copy_from_guest(v, &cmd, arg, 4))
		return -EFAULT;
	return hv_event_channel_op(v, cmd, arg + 4);
}

/* The upcall: a bounce to the event callback, events masked (ABI 5.5). */
void hv_deliver_upcall(struct hv_vcpu *v)
{
	if (!hv_upcall_deliverable(v))
		return;
	atomic64_inc(&v->ev_stats[HV_EVSTAT_UPCALL]);
	hv_bounce_callback(v, v->event.cs, v->event.eip, true, HV_EVENT_VECTOR);
}

/*
 * A port raised before vcpu_info moved may have set its selector bit in
 * the old place: raising happens without a lock, from timers too.  So,
 * like Xen, announce every word as possibly pending in the new place; the
 * pending bitmap itself never moves, so nothing is lost, and the guest's
 * scan clears what is not really pending.
 */
void hv_events_vcpu_info_moved(struct hv_vcpu *v)
{
	smp_mb();	/* the new v->vi before the words below */
	atomic_set(hv_word(&v->vi->evtchn_pending_sel), ~0);
	WRITE_ONCE(v->vi->evtchn_upcall_pending, 1);
}

/* A port connected to a backend in hv, remembered in @slot. */
static int hv_events_backend_port(struct hv_dom *d, u16 *slot)
{
	struct hv_events *e = &d->events;
	int port;

	spin_lock(&e->lock);
	port = hv_port_alloc(e);
	if (port > 0) {
		*hv_port(e, port) = (struct hv_port){
			PV_EVTCHNSTAT_INTERDOMAIN, 0, 0 };
		*slot = port;
	}
	spin_unlock(&e->lock);
	return port;
}

/* Allocate the console's port, connected to the backend (boot.c). */
int hv_events_console_port(struct hv_dom *d)
{
	return hv_events_backend_port(d, &d->events.console_port);
}

/* The backend signals the guest's end of the console channel. */
void hv_events_console_signal(struct hv_dom *d)
{
	u16 port = READ_ONCE(d->events.console_port);

	if (port)
		hv_port_raise(d, port);
}

/* The xenstore's port (start_info store_evtchn, xsring.c) */
int hv_events_store_port(struct hv_dom *d)
{
	return hv_events_backend_port(d, &d->events.store_port);
}

void hv_events_store_signal(struct hv_dom *d)
{
	u16 port = READ_ONCE(d->events.store_port);

	if (port)
		hv_port_raise(d, port);
}

/*
 * A back end in hv takes the guest's unbound port @port offered to
 * domain 0 (EVTCHNOP_alloc_unbound with remote_dom 0, the port number
 * the front end wrote in the xenstore): a send on it calls @kick(@data).
 * 0, or -EINVAL for a port that is not such a port, -ENOSPC.
 */
int hv_events_bind_backend(struct hv_dom *d, u32 port,
			   void (*kick)(void *data), void *data)
{
	struct hv_events *e = &d->events;
	int slot, err = -EINVAL;

	spin_lock(&e->lock);
	if (!hv_port_valid(e, port))
		goto out;
	port = array_index_nospec(port, hv_nr_ports(e));
	if (hv_port(e, port)->state != PV_EVTCHNSTAT_UNBOUND ||
	    hv_port(e, port)->virq != HV_PORT_TO_HOST)
		goto out;
	err = -ENOSPC;
	for (slot = 1; slot < HV_NR_BACKEND_PORTS; slot++)
		if (!e->be[slot].kick)
			break;
	if (slot == HV_NR_BACKEND_PORTS)
		goto out;
	e->be[slot] = (struct hv_evtchn_be){ kick, data };
	*hv_port(e, port) = (struct hv_port){ PV_EVTCHNSTAT_INTERDOMAIN, slot,
					      0 };
	err = 0;
out:
	spin_unlock(&e->lock);
	return err;
}

/* The slot of @port if it is still the back end @data's, else 0. */
static unsigned int hv_backend_slot(struct hv_events *e, u32 port, void *data)
{
	struct hv_port *p;

	if (port == 0 || port >= hv_nr_ports(e))
		return 0;
	p = hv_port(e, array_index_nospec(port, hv_nr_ports(e)));
	if (p->state != PV_EVTCHNSTAT_INTERDOMAIN || p->peer ||
	    p->virq >= HV_NR_BACKEND_PORTS || e->be[p->virq].data != data)
		return 0;
	return p->virq;
}

/*
 * The back end lets go of @port: the guest's end is unbound again, as
 * under Xen when the other end closes.  Nothing if the guest closed it.
 */
void hv_events_unbind_backend(struct hv_dom *d, u32 port, void *data)
{
	struct hv_events *e = &d->events;
	unsigned int slot;

	spin_lock(&e->lock);
	slot = hv_backend_slot(e, port, data);
	if (slot) {
		e->be[slot] = (struct hv_evtchn_be){ };
		*hv_port(e, port) = (struct hv_port){ PV_EVTCHNSTAT_UNBOUND,
						      HV_PORT_TO_HOST, 0 };
	}
	spin_unlock(&e->lock);
}

/* The back end @data signals the guest's end of @port. */
void hv_events_backend_signal(struct hv_dom *d, u32 port, void *data)
{
	struct hv_events *e = &d->events;
	unsigned int slot;

	spin_lock(&e->lock);
	slot = hv_backend_slot(e, port, data);
	spin_unlock(&e->lock);
	if (slot)
		hv_port_raise(d, port);
}

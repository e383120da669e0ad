// SPDX-License-Identifier: GPL-2.0
/*
 * Event channels, the virtual timer and blocking (ABI 3.9, 3.16, 3.18,
 * 5.5): the paper's asynchronous notifications.
 *
 * Raising a port sets its bit in shared_info's pending bitmap; if the port
 * is not masked, the word's bit in the vCPU's pending selector and then
 * evtchn_upcall_pending.  The guest shares these words and changes them
 * with locked instructions of its own, so every update here is an atomic
 * read-modify-write of the 32-bit word.  The upcall itself is a bounce to
 * the registered event callback, delivered on the way back into the guest
 * whenever upcall_pending is set and evtchn_upcall_mask is clear.
 *
 * The port table is the hypervisor's own; the guest only ever names ports
 * by number, checked against it.  Ports connect only within the domain
 * (loopback): other domains are out of reach.
 */

#include <linux/atomic.h>
#include <linux/kthread.h>
#include <linux/nospec.h>
#include <linux/sched.h>

#include "domain.h"
#include "events.h"
#include "time.h"
#include "traps.h"
#include "vcpu.h"
#include "xenstore.h"

/* set_timer_op: further out than this (or negative) means "in 100 ms". */
#define HV_TIMER_HORIZON		BIT_ULL(50)

static __always_inline struct pv_shared_info *hv_shared(struct hv_domain *d)
{
	return page_address(d->shared_info);
}

static __always_inline atomic_t *hv_word(u32 *w)
{
	return (atomic_t *)w;
}

void hv_events_init(struct hv_events *e)
{
	spin_lock_init(&e->lock);
}

/*
 * Step 2 of raising a port (also on unmask): the selector bit, then
 * upcall_pending.  True if the vCPU must be told (the bit is new).  Only
 * atomic operations on shared memory: the fast path uses it too.
 */
static noinstr bool hv_port_select(struct hv_domain *d, struct hv_vcpu *v,
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

static void hv_port_notify(struct hv_domain *d, unsigned int port)
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
static noinstr bool hv_port_set_pending(struct hv_domain *d,
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
static void hv_port_wake_poller(struct hv_domain *d)
{
	struct hv_vcpu *v = READ_ONCE(d->vcpu);

	if (v && READ_ONCE(v->poll_nr))
		wake_up(&v->wq);
}

static void hv_port_raise(struct hv_domain *d, unsigned int port)
{
	if (!hv_port_set_pending(d, READ_ONCE(d->vcpu), port))
		return;		/* coalesced */
	hv_port_notify(d, port);
	hv_port_wake_poller(d);
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

	if (port == 0 || port >= HV_NR_PORTS || port == e->console_port ||
	    port == e->store_port)
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

void hv_event_raise_virq(struct hv_domain *d, unsigned int virq)
{
	u16 port = READ_ONCE(d->events.virq_port[virq]);

	if (port)
		hv_port_raise(d, port);
}

/* The lowest free port, 1.., or -ENOSPC.  Caller holds the lock. */
static int hv_port_alloc(struct hv_events *e)
{
	int p;

	for (p = 1; p < HV_NR_PORTS; p++)
		if (e->ports[p].state == PV_EVTCHNSTAT_CLOSED)
			return p;
	return -ENOSPC;
}

static bool hv_port_valid(struct hv_events *e, u32 port)
{
	return port > 0 && port < HV_NR_PORTS &&
	       e->ports[port].state != PV_EVTCHNSTAT_CLOSED;
}

static bool hv_self(struct hv_domain *d, u16 dom)
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
	e->ports[port] = (struct hv_port){ PV_EVTCHNSTAT_VIRQ, a[0], 0 };
	WRITE_ONCE(e->virq_port[a[0]], port);
	a[2] = port;
	if (a[0] == PV_VIRQ_TIMER)
		hv_ptimer_arm(v);
	return 0;
}

static long hv_evtchn_alloc_unbound(struct hv_domain *d, u32 *a)
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
	e->ports[port] = (struct hv_port){ PV_EVTCHNSTAT_UNBOUND,
					   host ? HV_PORT_TO_HOST : 0, 0 };
	a[1] = port;
	return 0;
}

static long hv_evtchn_bind_interdomain(struct hv_domain *d, u32 *a)
{
	struct hv_events *e = &d->events;
	u32 remote = a[1];
	int port;

	if (!hv_self(d, a[0] & 0xffff))
		return -ESRCH;
	if (!hv_port_valid(e, remote) ||
	    e->ports[remote].state != PV_EVTCHNSTAT_UNBOUND ||
	    e->ports[remote].virq == HV_PORT_TO_HOST)
		return -EINVAL;
	port = hv_port_alloc(e);
	if (port < 0)
		return port;
	e->ports[port] = (struct hv_port){ PV_EVTCHNSTAT_INTERDOMAIN, 0,
					   remote };
	e->ports[remote] = (struct hv_port){ PV_EVTCHNSTAT_INTERDOMAIN, 0,
					     port };
	a[2] = port;
	hv_port_raise(d, port);		/* ABI: the new port starts pending */
	return 0;
}

static long hv_evtchn_close(struct hv_vcpu *v, u32 port)
{
	struct hv_events *e = &v->dom->events;
	struct hv_port *p;

	if (!hv_port_valid(e, port))
		return -EINVAL;
	p = &e->ports[port];
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
		e->ports[p->peer] = (struct hv_port){ PV_EVTCHNSTAT_UNBOUND,
						      0, 0 };
	*p = (struct hv_port){ PV_EVTCHNSTAT_CLOSED, 0, 0 };
	return 0;
}

static long hv_evtchn_send(struct hv_domain *d, u32 port,
			   struct hv_evtchn_be *be)
{
	struct hv_events *e = &d->events;
	struct hv_port *p;

	if (!hv_port_valid(e, port))
		return -EINVAL;
	p = &e->ports[port];
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

static long hv_evtchn_unmask(struct hv_domain *d, u32 port)
{
	struct pv_shared_info *s = hv_shared(d);

	if (!hv_port_valid(&d->events, port))
		return -EINVAL;
	atomic_andnot(BIT(port % 32), hv_word(&s->evtchn_mask[port / 32]));
	if (atomic_read(hv_word(&s->evtchn_pending[port / 32])) &
	    BIT(port % 32))
		hv_port_notify(d, port);
	return 0;
}

/* status (24 bytes): dom @0, port @4 in; status @8, vcpu @12, u @16. */
static long hv_evtchn_status(struct hv_domain *d, u32 *a)
{
	struct hv_events *e = &d->events;
	u32 port = a[1];
	struct hv_port *p;

	if (!hv_self(d, a[0] & 0xffff))
		return -ESRCH;
	if (port == 0 || port >= HV_NR_PORTS)
		return -EINVAL;
	p = &e->ports[port];
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

static long hv_evtchn_bind_ipi(struct hv_domain *d, u32 *a)
{
	struct hv_events *e = &d->events;
	int port;

	if (a[0] != 0)
		return -ENOENT;
	port = hv_port_alloc(e);
	if (port < 0)
		return port;
	e->ports[port] = (struct hv_port){ PV_EVTCHNSTAT_IPI, 0, 0 };
	a[1] = port;
	return 0;
}

/* The argument sizes of the commands, in 32-bit words (ABI 3.18). */
static const u8 hv_evtchn_words[] = {
	[PV_EVTCHNOP_bind_interdomain] = 3, [PV_EVTCHNOP_bind_virq] = 3,
	[PV_EVTCHNOP_close] = 1, [PV_EVTCHNOP_send] = 1, [PV_EVTCHNOP_status] = 6,
	[PV_EVTCHNOP_alloc_unbound] = 2, [PV_EVTCHNOP_bind_ipi] = 2,
	[PV_EVTCHNOP_unmask] = 1,
};

long hv_event_channel_op(struct hv_vcpu *v, u32 cmd, u32 arg)
{
	struct hv_domain *d = v->dom;
	struct hv_evtchn_be be;
	u32 a[6];
	long err;

	if (cmd >= ARRAY_SIZE(hv_evtchn_words) || !hv_evtchn_words[cmd])
		return -PV_ENOSYS;
	if (hv_copy_from_guest(v, a, arg, hv_evtchn_words[cmd] * 4))
		return -EFAULT;
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
static int hv_events_backend_port(struct hv_domain *d, u16 *slot)
{
	struct hv_events *e = &d->events;
	int port;

	spin_lock(&e->lock);
	port = hv_port_alloc(e);
	if (port > 0) {
		e->ports[port] = (struct hv_port){ PV_EVTCHNSTAT_INTERDOMAIN,
						   0, 0 };
		*slot = port;
	}
	spin_unlock(&e->lock);
	return port;
}

/* Allocate the console's port, connected to the backend (boot.c). */
int hv_events_console_port(struct hv_domain *d)
{
	return hv_events_backend_port(d, &d->events.console_port);
}

/* The backend signals the guest's end of the console channel. */
void hv_events_console_signal(struct hv_domain *d)
{
	u16 port = READ_ONCE(d->events.console_port);

	if (port)
		hv_port_raise(d, port);
}

/* The xenstore's port (start_info store_evtchn, xsring.c) */
int hv_events_store_port(struct hv_domain *d)
{
	return hv_events_backend_port(d, &d->events.store_port);
}

void hv_events_store_signal(struct hv_domain *d)
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
int hv_events_bind_backend(struct hv_domain *d, u32 port,
			   void (*kick)(void *data), void *data)
{
	struct hv_events *e = &d->events;
	int slot, err = -EINVAL;

	spin_lock(&e->lock);
	if (!hv_port_valid(e, port))
		goto out;
	port = array_index_nospec(port, HV_NR_PORTS);
	if (e->ports[port].state != PV_EVTCHNSTAT_UNBOUND ||
	    e->ports[port].virq != HV_PORT_TO_HOST)
		goto out;
	err = -ENOSPC;
	for (slot = 1; slot < HV_NR_BACKEND_PORTS; slot++)
		if (!e->be[slot].kick)
			break;
	if (slot == HV_NR_BACKEND_PORTS)
		goto out;
	e->be[slot] = (struct hv_evtchn_be){ kick, data };
	e->ports[port] = (struct hv_port){ PV_EVTCHNSTAT_INTERDOMAIN, slot, 0 };
	err = 0;
out:
	spin_unlock(&e->lock);
	return err;
}

/* The slot of @port if it is still the back end @data's, else 0. */
static unsigned int hv_backend_slot(struct hv_events *e, u32 port, void *data)
{
	struct hv_port *p;

	if (port == 0 || port >= HV_NR_PORTS)
		return 0;
	p = &e->ports[array_index_nospec(port, HV_NR_PORTS)];
	if (p->state != PV_EVTCHNSTAT_INTERDOMAIN || p->peer ||
	    p->virq >= HV_NR_BACKEND_PORTS || e->be[p->virq].data != data)
		return 0;
	return p->virq;
}

/*
 * The back end lets go of @port: the guest's end is unbound again, as
 * under Xen when the other end closes.  Nothing if the guest closed it.
 */
void hv_events_unbind_backend(struct hv_domain *d, u32 port, void *data)
{
	struct hv_events *e = &d->events;
	unsigned int slot;

	spin_lock(&e->lock);
	slot = hv_backend_slot(e, port, data);
	if (slot) {
		e->be[slot] = (struct hv_evtchn_be){ };
		e->ports[port] = (struct hv_port){ PV_EVTCHNSTAT_UNBOUND,
						   HV_PORT_TO_HOST, 0 };
	}
	spin_unlock(&e->lock);
}

/* The back end @data signals the guest's end of @port. */
void hv_events_backend_signal(struct hv_domain *d, u32 port, void *data)
{
	struct hv_events *e = &d->events;
	unsigned int slot;

	spin_lock(&e->lock);
	slot = hv_backend_slot(e, port, data);
	spin_unlock(&e->lock);
	if (slot)
		hv_port_raise(d, port);
}

enum hrtimer_restart hv_timer_fn(struct hrtimer *t)
{
	struct hv_vcpu *v = container_of(t, struct hv_vcpu, timer);

	hv_event_raise_virq(v->dom, PV_VIRQ_TIMER);
	return HRTIMER_NORESTART;
}

enum hrtimer_restart hv_ptimer_fn(struct hrtimer *t)
{
	struct hv_vcpu *v = container_of(t, struct hv_vcpu, ptimer);
	u64 period = READ_ONCE(v->period_ns);

	if (!period)
		return HRTIMER_NORESTART;
	hv_event_raise_virq(v->dom, PV_VIRQ_TIMER);
	/* Ticks missed while the host was busy are not made up for. */
	hrtimer_forward_now(t, ns_to_ktime(period));
	return HRTIMER_RESTART;
}

/*
 * The periodic timer runs only while VIRQ_TIMER is bound: without a port
 * its ticks raise nothing, and an idle guest must cost the host nothing.
 * Only the vCPU's own thread arms it (a hypercall), so once the thread
 * has stopped, one cancel stops it for good (hv_vcpu_stop()).
 */
void hv_ptimer_arm(struct hv_vcpu *v)
{
	u64 period;

	if (!READ_ONCE(v->dom->events.virq_port[PV_VIRQ_TIMER]))
		return;
	period = READ_ONCE(v->period_ns);
	if (period)
		hrtimer_start(&v->ptimer, ns_to_ktime(period),
			      HRTIMER_MODE_REL);
}

/* vcpu_op set/stop_periodic_timer; the ABI refuses periods below 1 ms. */
long hv_set_periodic(struct hv_vcpu *v, u64 period)
{
	if (period && period < PV_PERIODIC_MIN_NS)
		return -EINVAL;
	hrtimer_cancel(&v->ptimer);
	WRITE_ONCE(v->period_ns, min_t(u64, period, HV_TIMER_HORIZON));
	spin_lock(&v->dom->events.lock);
	hv_ptimer_arm(v);
	spin_unlock(&v->dom->events.lock);
	return 0;
}

/* set_timer_op (ABI 3.9): absolute system time in ns; 0 cancels. */
long hv_set_timer(struct hv_vcpu *v, u64 when)
{
	u64 now = ktime_get_ns();

	if (!when) {
		hrtimer_cancel(&v->timer);
		return 0;
	}
	if ((s64)when < 0 || when > now + HV_TIMER_HORIZON)
		when = now + 100 * NSEC_PER_MSEC;
	hrtimer_start(&v->timer, ns_to_ktime(when), HRTIMER_MODE_ABS);
	return 0;
}

static bool hv_vcpu_stopping(struct hv_vcpu *v)
{
	return kthread_should_stop() ||
	       READ_ONCE(v->dom->state) != HV_DOMAIN_STATE_RUNNING;
}

/* sched_op block: clear the mask, sleep until an event is pending. */
void hv_vcpu_block(struct hv_vcpu *v)
{
	struct pv_vcpu_info *vi = v->vi;

	WRITE_ONCE(vi->evtchn_upcall_mask, 0);
	hv_consring_service(v->dom);
	hv_runstate_sleep(v, PV_RUNSTATE_BLOCKED);
	wait_event_interruptible(v->wq, READ_ONCE(vi->evtchn_upcall_pending) ||
				 hv_vcpu_stopping(v));
	hv_runstate_sleep(v, PV_RUNSTATE_RUNNABLE);
}

static bool hv_poll_done(struct hv_vcpu *v)
{
	struct pv_shared_info *s = hv_shared(v->dom);
	unsigned int i, p;

	for (i = 0; i < v->poll_nr; i++) {
		p = v->poll_ports[i];
		if (atomic_read(hv_word(&s->evtchn_pending[p / 32])) &
		    BIT(p % 32))
			return true;
	}
	return hv_upcall_deliverable(v) || hv_vcpu_stopping(v);
}

/*
 * sched_op poll (ABI 3.16): sleep until one of the ports is pending (masks
 * do not matter), an upcall is due, or the absolute timeout passes.
 */
long hv_sched_poll(struct hv_vcpu *v, u32 arg)
{
	u32 ports[PV_POLL_MAX_PORTS];
	struct pv_sched_poll p;
	u64 now, rel;
	unsigned int i;

	if (hv_copy_from_guest(v, &p, arg, sizeof(p)))
		return -EFAULT;
	if (p.nr_ports > PV_POLL_MAX_PORTS)
		return -EINVAL;
	if (hv_copy_from_guest(v, ports, p.ports, p.nr_ports * 4))
		return -EFAULT;
	spin_lock(&v->dom->events.lock);
	for (i = 0; i < p.nr_ports; i++)
		if (!hv_port_valid(&v->dom->events, ports[i]))
			break;
	spin_unlock(&v->dom->events.lock);
	if (i < p.nr_ports)
		return -EINVAL;

	hv_consring_service(v->dom);
	v->poll_ports = ports;
	WRITE_ONCE(v->poll_nr, p.nr_ports);
	smp_mb();	/* poll_nr visible before the ports are looked at */
	now = ktime_get_ns();
	hv_runstate_sleep(v, PV_RUNSTATE_BLOCKED);
	if (!p.timeout) {
		wait_event_interruptible(v->wq, hv_poll_done(v));
	} else if (p.timeout > now) {
		rel = min_t(u64, p.timeout - now, HV_TIMER_HORIZON);
		wait_event_interruptible_hrtimeout(v->wq, hv_poll_done(v),
						   ns_to_ktime(rel));
	}
	hv_runstate_sleep(v, PV_RUNSTATE_RUNNABLE);
	WRITE_ONCE(v->poll_nr, 0);
	return 0;
}

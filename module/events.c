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
#include <linux/sched.h>

#include "domain.h"
#include "events.h"
#include "traps.h"
#include "vcpu.h"

#define PV_EVTCHNSTAT_CLOSED		0
#define PV_EVTCHNSTAT_UNBOUND		1
#define PV_EVTCHNSTAT_INTERDOMAIN	2
#define PV_EVTCHNSTAT_VIRQ		4
#define PV_EVTCHNSTAT_IPI		5

#define EVTCHNOP_bind_interdomain	0
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_status			5
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_ipi		7
#define EVTCHNOP_unmask			9

#define HV_DOMID_SELF			0x7ff0
/* set_timer_op: further out than this (or negative) means "in 100 ms". */
#define HV_TIMER_HORIZON		BIT_ULL(50)

static struct pv_shared_info *hv_shared(struct hv_domain *d)
{
	return page_address(d->shared_info);
}

static atomic_t *hv_word(u32 *w)
{
	return (atomic_t *)w;
}

void hv_events_init(struct hv_events *e)
{
	spin_lock_init(&e->lock);
}

static void hv_kick_vcpu(struct hv_domain *d)
{
	struct hv_vcpu *v = READ_ONCE(d->vcpu);

	if (v)
		wake_up(&v->wq);
}

/* Step 2 of raising a port (also on unmask): selector, then the upcall. */
static void hv_port_notify(struct hv_domain *d, unsigned int port)
{
	struct pv_shared_info *s = hv_shared(d);
	struct pv_vcpu_info *vi = &s->vcpu_info[0];
	u32 bit = BIT(port / 32);

	if (atomic_read(hv_word(&s->evtchn_mask[port / 32])) & BIT(port % 32))
		return;
	if (atomic_fetch_or(bit, hv_word(&vi->evtchn_pending_sel)) & bit)
		return;
	WRITE_ONCE(vi->evtchn_upcall_pending, 1);
	hv_kick_vcpu(d);
}

static void hv_port_raise(struct hv_domain *d, unsigned int port)
{
	struct pv_shared_info *s = hv_shared(d);
	u32 bit = BIT(port % 32);

	if (atomic_fetch_or(bit, hv_word(&s->evtchn_pending[port / 32])) & bit)
		return;		/* already pending: coalesced */
	hv_port_notify(d, port);
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
	return dom == HV_DOMID_SELF || dom == d->id;
}

static long hv_evtchn_bind_virq(struct hv_domain *d, u32 *a)
{
	struct hv_events *e = &d->events;
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
	return 0;
}

static long hv_evtchn_alloc_unbound(struct hv_domain *d, u32 *a)
{
	struct hv_events *e = &d->events;
	int port;

	if (!hv_self(d, a[0] & 0xffff))
		return -EPERM;
	if (!hv_self(d, a[0] >> 16))
		return -ESRCH;		/* no other domain is reachable */
	port = hv_port_alloc(e);
	if (port < 0)
		return port;
	e->ports[port] = (struct hv_port){ PV_EVTCHNSTAT_UNBOUND, 0, 0 };
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
	    e->ports[remote].state != PV_EVTCHNSTAT_UNBOUND)
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

static long hv_evtchn_close(struct hv_domain *d, u32 port)
{
	struct hv_events *e = &d->events;
	struct hv_port *p;

	if (!hv_port_valid(e, port))
		return -EINVAL;
	p = &e->ports[port];
	if (p->state == PV_EVTCHNSTAT_VIRQ)
		WRITE_ONCE(e->virq_port[p->virq], 0);
	if (p->state == PV_EVTCHNSTAT_INTERDOMAIN && p->peer != port)
		e->ports[p->peer] = (struct hv_port){ PV_EVTCHNSTAT_UNBOUND,
						      0, 0 };
	*p = (struct hv_port){ PV_EVTCHNSTAT_CLOSED, 0, 0 };
	return 0;
}

static long hv_evtchn_send(struct hv_domain *d, u32 port)
{
	struct hv_events *e = &d->events;
	struct hv_port *p;

	if (!hv_port_valid(e, port))
		return -EINVAL;
	p = &e->ports[port];
	switch (p->state) {
	case PV_EVTCHNSTAT_INTERDOMAIN:
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
	       p->state == PV_EVTCHNSTAT_INTERDOMAIN ? HV_DOMID_SELF :
	       p->state == PV_EVTCHNSTAT_UNBOUND ? HV_DOMID_SELF : 0;
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
	[EVTCHNOP_bind_interdomain] = 3, [EVTCHNOP_bind_virq] = 3,
	[EVTCHNOP_close] = 1, [EVTCHNOP_send] = 1, [EVTCHNOP_status] = 6,
	[EVTCHNOP_alloc_unbound] = 2, [EVTCHNOP_bind_ipi] = 2,
	[EVTCHNOP_unmask] = 1,
};

long hv_event_channel_op(struct hv_vcpu *v, u32 cmd, u32 arg)
{
	struct hv_domain *d = v->dom;
	u32 a[6];
	long err;

	if (cmd >= ARRAY_SIZE(hv_evtchn_words) || !hv_evtchn_words[cmd])
		return -PV_ENOSYS;
	if (hv_copy_from_guest(v, a, arg, hv_evtchn_words[cmd] * 4))
		return -EFAULT;
	spin_lock(&d->events.lock);
	switch (cmd) {
	case EVTCHNOP_bind_interdomain:
		err = hv_evtchn_bind_interdomain(d, a);
		break;
	case EVTCHNOP_bind_virq:
		err = hv_evtchn_bind_virq(d, a);
		break;
	case EVTCHNOP_close:
		err = hv_evtchn_close(d, a[0]);
		break;
	case EVTCHNOP_send:
		err = hv_evtchn_send(d, a[0]);
		break;
	case EVTCHNOP_status:
		err = hv_evtchn_status(d, a);
		break;
	case EVTCHNOP_alloc_unbound:
		err = hv_evtchn_alloc_unbound(d, a);
		break;
	case EVTCHNOP_bind_ipi:
		err = hv_evtchn_bind_ipi(d, a);
		break;
	default:
		err = hv_evtchn_unmask(d, a[0]);
		break;
	}
	spin_unlock(&d->events.lock);
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

bool hv_upcall_deliverable(struct hv_vcpu *v)
{
	struct pv_vcpu_info *vi = &hv_shared(v->dom)->vcpu_info[0];

	return READ_ONCE(vi->evtchn_upcall_pending) &&
	       !READ_ONCE(vi->evtchn_upcall_mask) && v->event.cs;
}

/* The upcall: a bounce to the event callback, events masked (ABI 5.5). */
void hv_deliver_upcall(struct hv_vcpu *v)
{
	if (hv_upcall_deliverable(v))
		hv_bounce_callback(v, v->event.cs, v->event.eip, true,
				   HV_EVENT_VECTOR);
}

enum hrtimer_restart hv_timer_fn(struct hrtimer *t)
{
	struct hv_vcpu *v = container_of(t, struct hv_vcpu, timer);

	hv_event_raise_virq(v->dom, HV_VIRQ_TIMER);
	return HRTIMER_NORESTART;
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

/* sched_op block: clear the mask, sleep until an event is pending. */
void hv_vcpu_block(struct hv_vcpu *v)
{
	struct pv_vcpu_info *vi = &hv_shared(v->dom)->vcpu_info[0];

	WRITE_ONCE(vi->evtchn_upcall_mask, 0);
	wait_event_interruptible(v->wq, READ_ONCE(vi->evtchn_upcall_pending) ||
				 kthread_should_stop() ||
				 READ_ONCE(v->dom->state) !=
				 HV_DOMAIN_STATE_RUNNING);
}

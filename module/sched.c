// SPDX-License-Identifier: GPL-2.0
/*
 * sched_op (ABI 3.16): yield, block, poll and shutdown.  A vCPU that
 * blocks or polls sleeps in its own thread until an event is due (the
 * ports' side is events.c, which wakes it).
 */

#include <linux/kthread.h>
#include <linux/sched.h>

#include "domain.h"
#include "events.h"
#include "sched.h"
#include "time.h"
#include "vcpu.h"
#include "xenstore.h"

static bool hv_vcpu_stopping(struct hv_vcpu *v)
{
	return kthread_should_stop() ||
	       READ_ONCE(v->dom->state) != HV_DOMAIN_STATE_RUNNING;
}

/*
 * The guest is about to wait: the rings it may have written without a
 * signal (consring.c, xsring.c say when) are looked at now.
 */
static void hv_rings_service(struct hv_dom *d)
{
	hv_consring_service(d);
	hv_xs_service(d);
}

/* sched_op block: clear the mask, sleep until an event is pending. */
void hv_vcpu_block(struct hv_vcpu *v)
{
	struct pv_vcpu_info *vi = v->vi;

	WRITE_ONCE(vi->evtchn_upcall_mask, 0);
	hv_rings_service(v->dom);
	hv_runstate_sleep(v, PV_RUNSTATE_BLOCKED);
	wait_event_interruptible(v->wq, READ_ONCE(vi->evtchn_upcall_pending) ||
				 hv_vcpu_stopping(v));
	hv_runstate_wake(v);
}

static bool hv_poll_done(struct hv_vcpu *v)
{
	unsigned int i;

	for (i = 0; i < v->poll_nr; i++)
		if (hv_evtchn_pending(v->dom, v->poll_ports[i]))
			return true;
	return hv_upcall_deliverable(v) || hv_vcpu_stopping(v);
}

/*
 * sched_op poll (ABI 3.16): sleep until one of the ports is pending (masks
 * do not matter), an upcall is due, or the absolute timeout passes.
 */
static long hv_sched_poll(struct hv_vcpu *v, u32 arg)
{
	u32 ports[PV_POLL_MAX_PORTS];
	struct pv_sched_poll p;
	u64 now, rel;

	if (hv_copy_from_guest(v, &p, arg, sizeof(p)))
		return -EFAULT;
	if (p.nr_ports > PV_POLL_MAX_PORTS)
		return -EINVAL;
	if (hv_copy_from_guest(v, ports, p.ports, p.nr_ports * 4))
		return -EFAULT;
	if (!hv_evtchn_ports_open(v->dom, ports, p.nr_ports))
		return -EINVAL;

	hv_rings_service(v->dom);
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
	hv_runstate_wake(v);
	WRITE_ONCE(v->poll_nr, 0);
	return 0;
}

static long hv_shutdown(struct hv_vcpu *v, u32 reason)
{
	if (reason > HV_END_SOFT_RESET)
		return -EINVAL;
	hv_domain_end(v->dom, reason);
	return 0;
}

long hv_sched_op(struct hv_vcpu *v, u32 cmd, u32 arg, bool compat)
{
	u32 reason;

	switch (cmd) {
	case PV_SCHEDOP_YIELD:
		hv_rings_service(v->dom);
		cond_resched();
		return 0;
	case PV_SCHEDOP_BLOCK:
		hv_vcpu_block(v);
		return 0;
	case PV_SCHEDOP_POLL:
		return compat ? -PV_ENOSYS : hv_sched_poll(v, arg);
	case PV_SCHEDOP_SHUTDOWN:
		if (compat)
			return hv_shutdown(v, arg);
		if (hv_copy_from_guest(v, &reason, arg, sizeof(reason)))
			return -EFAULT;
		return hv_shutdown(v, reason);
	}
	return -PV_ENOSYS;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual time: the runstate of ABI 3.14 (running, runnable, blocked,
 * offline), the paper's "virtual time" that lets a guest tell the time it
 * ran from the time it waited.
 *
 * The vCPU thread is the only writer.  The host scheduler tells us when it
 * runs (preempt notifiers, as KVM uses them): switched in means running;
 * switched out while still runnable means preempted, runnable; switched
 * out asleep means what the thread said it sleeps for (blocked in block and
 * poll, offline while the domain is paused) until it is woken: from then
 * until it runs it is runnable, as on Xen.  Readers (hvctl show) use the
 * sequence count.  The guest's own copy, if it registered one, is written
 * before each entry, since the guest can only look while it runs.
 */

#include <linux/irqflags.h>
#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/sched.h>

#include "domain.h"
#include "paging.h"
#include "time.h"
#include "vcpu.h"

/*
 * The scheduler's count of the time the thread waited on a run queue,
 * woken or preempted (what KVM's steal time reads too).
 */
static u64 hv_run_delay(void)
{
#ifdef CONFIG_SCHED_INFO
	return current->sched_info.run_delay;
#else
	return 0;
#endif
}

/*
 * Enter @state now; the last @waited ns of the state we leave were spent
 * runnable.  Preemption is off: a notifier, hv_runstate_start() or
 * _stop().  The switch-out notifier runs with interrupts off under the
 * runqueue lock, the others with them on: every write section turns them
 * off, or lockdep rightly sees rs_seq written both ways (make
 * check-debug).
 */
static void hv_runstate_set(struct hv_vcpu *v, u32 state, u64 waited)
{
	u64 now = ktime_get_ns();
	unsigned long flags;
	u64 woke;

	local_irq_save(flags);
	write_seqcount_begin(&v->rs_seq);
	woke = now - min(waited, now - v->rs.state_entry_time);
	v->rs.time[v->rs.state] += woke - v->rs.state_entry_time;
	v->rs.time[PV_RUNSTATE_RUNNABLE] += now - woke;
	v->rs.state = state;
	v->rs.state_entry_time = now;
	write_seqcount_end(&v->rs_seq);
	local_irq_restore(flags);
}

static struct hv_vcpu *hv_pn_vcpu(struct preempt_notifier *pn)
{
	return container_of(pn, struct hv_vcpu, pn);
}

/*
 * A thread that slept (blocked, or offline while paused) was woken some
 * time before it got the CPU back: Xen counts that wait as runnable, not
 * blocked, and so do we.  The scheduler measured it; the state we leave
 * ends where the wait began.
 */
static void hv_sched_in(struct preempt_notifier *pn, int cpu)
{
	struct hv_vcpu *v = hv_pn_vcpu(pn);

	hv_runstate_set(v, PV_RUNSTATE_RUNNING,
			hv_run_delay() - v->rs_run_delay);
}

static void hv_sched_out(struct preempt_notifier *pn, struct task_struct *next)
{
	struct hv_vcpu *v = hv_pn_vcpu(pn);

	v->rs_run_delay = hv_run_delay();
	hv_runstate_set(v, task_is_running(current) ? PV_RUNSTATE_RUNNABLE :
			   READ_ONCE(v->rs_sleep), 0);
}

static struct preempt_ops hv_preempt_ops = {
	.sched_in = hv_sched_in,
	.sched_out = hv_sched_out,
};

/* What a sleep of the vCPU thread counts as from now on. */
void hv_runstate_sleep(struct hv_vcpu *v, u32 state)
{
	WRITE_ONCE(v->rs_sleep, state);
}

/* The vCPU thread starts (on itself): from offline to running. */
void hv_runstate_start(struct hv_vcpu *v)
{
	v->rs_sleep = PV_RUNSTATE_RUNNABLE;
	v->rs_run_delay = hv_run_delay();
	preempt_notifier_init(&v->pn, &hv_preempt_ops);
	preempt_disable();
	preempt_notifier_register(&v->pn);
	hv_runstate_set(v, PV_RUNSTATE_RUNNING, 0);
	preempt_enable();
}

void hv_runstate_stop(struct hv_vcpu *v)
{
	preempt_disable();
	preempt_notifier_unregister(&v->pn);
	hv_runstate_set(v, PV_RUNSTATE_OFFLINE, 0);
	preempt_enable();
}

/* A consistent copy, the time of the current state included in @now. */
void hv_runstate_get(struct hv_vcpu *v, struct pv_runstate *rs, bool now)
{
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&v->rs_seq);
		*rs = v->rs;
	} while (read_seqcount_retry(&v->rs_seq, seq));
	if (now)
		rs->time[rs->state & 3] += ktime_get_ns() - rs->state_entry_time;
}

/*
 * register_runstate_memory_area: the guest's copy.  Failures to write it
 * later are the guest's business (Xen ignores them too), but the address
 * must lie below the hole.
 */
long hv_runstate_register(struct hv_vcpu *v, u64 va)
{
	if (va && (va >= PV_HOLE_START ||
		   va + sizeof(struct pv_runstate) > PV_HOLE_START))
		return -EINVAL;
	v->rs_area = va;
	hv_runstate_publish(v);
	return 0;
}

/*
 * Write the guest's copy before an entry.  With the runstate_update_flag
 * assist, bit 63 of state_entry_time says "being written" meanwhile:
 * set it first, write the rest, clear it last.
 */
void hv_runstate_publish(struct hv_vcpu *v)
{
	const u32 at = offsetof(struct pv_runstate, state_entry_time);
	const u32 times = offsetof(struct pv_runstate, time);
	struct pv_runstate rs;
	u32 va = v->rs_area;
	u64 busy;

	if (!va)
		return;
	hv_runstate_get(v, &rs, false);
	if (!(v->vm_assist & BIT(PV_VMASST_RUNSTATE_UPDATE_FLAG))) {
		hv_copy_to_guest(v, va, &rs, sizeof(rs));
		return;
	}
	busy = rs.state_entry_time | PV_RUNSTATE_UPDATE;
	if (hv_copy_to_guest(v, va + at, &busy, sizeof(busy)))
		return;
	smp_wmb();	/* the flag before the fields */
	if (hv_copy_to_guest(v, va, &rs.state, sizeof(rs.state)) ||
	    hv_copy_to_guest(v, va + times, rs.time, sizeof(rs.time)))
		return;
	smp_wmb();	/* the fields before the flag clears */
	hv_copy_to_guest(v, va + at, &rs.state_entry_time, sizeof(busy));
}

void hv_runstate_init(void)
{
	preempt_notifier_inc();
}

void hv_runstate_exit(void)
{
	preempt_notifier_dec();
}

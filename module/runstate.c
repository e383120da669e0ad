// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual time: the runstate of ABI 3.14 (running, runnable, blocked,
 * offline), the paper's "virtual time" that lets a guest tell the time it
 * ran from the time it waited.
 *
 * The vCPU thread is the only writer, and it writes when it changes state
 * itself: running when it starts and when it wakes, what it sleeps for
 * (blocked in block and poll, offline while the domain is paused) when it
 * goes to sleep.  The time it spent waiting for a host CPU, preempted or
 * woken, is the scheduler's sched_info.run_delay (what KVM's steal time
 * reads too); the thread charges it to runnable at its next change, or
 * before its next entry if it was preempted meanwhile.  So the totals are
 * Xen's; only while the thread sits preempted does a reader still see
 * "running" as the current state.
 *
 * Why not preempt notifiers, as KVM keeps them: they hang off a static
 * key that insmod and rmmod would flip, and patching __schedule while the
 * other CPUs run it left QEMU TCG's second CPU taking the int3 forever
 * (Documentation/status.rst).  A notifier per context switch also cost
 * every task on the host while hv was loaded.
 *
 * Readers (hvctl show) use the sequence count.  The guest's own copy, if
 * it registered one, is written before each entry, since the guest can
 * only look while it runs.
 */

#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/sched.h>

#include "domain.h"
#include "paging.h"
#include "time.h"
#include "vcpu.h"

/* The scheduler's count of the time the thread waited on a run queue. */
static u64 hv_run_delay(void)
{
#ifdef CONFIG_SCHED_INFO
	return current->sched_info.run_delay;
#else
	return 0;
#endif
}

/*
 * Enter @state now.  Of the state we leave, the run queue waits since the
 * last change were runnable, counted as its last ns: for a sleep that is
 * exactly Xen's "woken, waiting for a CPU"; for a preemption while
 * running, only where in the interval it fell is approximate.
 * Preemption is off across the write so that a reader on this CPU never
 * spins on a writer preempted mid-section.
 */
static void hv_runstate_move(struct hv_vcpu *v, u32 state)
{
	u64 delay = hv_run_delay();
	u64 now = ktime_get_ns();
	u64 waited = delay - v->rs_run_delay;
	u64 woke;

	preempt_disable();
	write_seqcount_begin(&v->rs_seq);
	woke = now - min(waited, now - v->rs.state_entry_time);
	v->rs.time[v->rs.state] += woke - v->rs.state_entry_time;
	v->rs.time[PV_RUNSTATE_RUNNABLE] += now - woke;
	v->rs.state = state;
	v->rs.state_entry_time = now;
	write_seqcount_end(&v->rs_seq);
	preempt_enable();
	v->rs_run_delay = delay;
}

/* The thread goes to sleep as @state (blocked, or offline while paused). */
void hv_runstate_sleep(struct hv_vcpu *v, u32 state)
{
	hv_runstate_move(v, state);
}

/* ... and is back on a CPU: running, the wait for it runnable. */
void hv_runstate_wake(struct hv_vcpu *v)
{
	hv_runstate_move(v, PV_RUNSTATE_RUNNING);
}

/* The vCPU thread starts (on itself): from offline to running. */
void hv_runstate_start(struct hv_vcpu *v)
{
	v->rs_run_delay = hv_run_delay();
	hv_runstate_move(v, PV_RUNSTATE_RUNNING);
}

void hv_runstate_stop(struct hv_vcpu *v)
{
	hv_runstate_move(v, PV_RUNSTATE_OFFLINE);
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
 * Write the guest's copy before an entry, a preemption since the last
 * change charged first.  With the runstate_update_flag
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

	if (hv_run_delay() != v->rs_run_delay)	/* preempted since */
		hv_runstate_move(v, PV_RUNSTATE_RUNNING);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * What hvctl regs and hvctl trace read (xenctx and xentrace for hv).
 *
 * Registers: only of a vCPU that is stopped for good or until resumed -
 * paused, shut down or crashed - and only once its thread really sleeps
 * (hv_vcpu_wait_run() says so in v->parked).  Pausing just asks the thread
 * to stop: for a moment after it the thread may still run the guest or
 * finish a hypercall that changes registers, and a crash is recorded by
 * the thread in the middle of what it was doing.  Once parked, the thread
 * touches nothing of the vCPU until the domain runs again, which needs
 * d->lock, held here: so the copy is of one instant.  Its stack and code
 * are read through the guest's own page tables, which only the vCPU
 * changes.
 *
 * The trace ring (trace.h) is read while the vCPU runs: see
 * hv_trace_copy().
 */

#include <linux/delay.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/trapnr.h>
#include <net/netlink.h>

#include "debug.h"
#include "desc.h"
#include "domain.h"
#include "paging.h"
#include "time.h"
#include "trace.h"
#include "vcpu.h"

/* How long to wait for a vCPU that was just paused to stop: 1 s. */
#define HV_DUMP_TRIES	1000

/*
 * The lean paths of switch.S (ring-3 system calls and page faults
 * bounced, the iret hypercall, xen_version(0), local event sends and
 * their upcalls) write records only when this is set, as Xen's trace
 * buffers are off until xentrace asks: a record is some 25 instructions
 * and an rdtsc on trips of about 100.  World exits, hypercalls and
 * bounces served elsewhere are always recorded.
 */
bool hv_trace_lean;
module_param_named(trace_lean, hv_trace_lean, bool, 0644);
MODULE_PARM_DESC(trace_lean,
		 "trace the system calls, faults, hypercalls and events switch.S serves alone (default: off)");

int hv_trace_alloc(struct hv_trace *t)
{
	t->recs = __vmalloc(HV_TRACE_RECORDS * sizeof(*t->recs),
			    GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	t->head = 0;
	return t->recs ? 0 : -ENOMEM;
}

void hv_trace_free(struct hv_trace *t)
{
	vfree(t->recs);
	t->recs = NULL;
}

/*
 * Copy up to @n records, from number *@seq on (or the oldest kept, if it
 * was overwritten), into @buf.  Sets *@seq to the number of the first one
 * copied and *@head to the records written so far.  Returns how many.
 *
 * The writer does not wait for us.  It fills the slot of record h (h the
 * head it has not yet moved past h) before it moves the head, so while it
 * is at h it may be overwriting record h - HV_TRACE_RECORDS and no other.
 * So: read the head (acquire: the records it counts are complete), copy,
 * read the head again; whatever is at or below that second head minus
 * the ring's size may have changed under the copy and is dropped.  What
 * is left was complete before and untouched during the copy.
 */
unsigned int hv_trace_copy(struct hv_trace *t, u64 *seq, u64 *head,
			   struct hv_trace_rec *buf, unsigned int n)
{
	u64 first, h, valid, i;

	/* Acquire: the records the head counts are complete. */
	h = smp_load_acquire(&t->head);
	first = max(*seq, h > HV_TRACE_RECORDS ? h - HV_TRACE_RECORDS : 0);
	first = min(first, h);
	n = min_t(u64, n, h - first);
	for (i = 0; i < n; i++)
		/* Racing the writer on purpose: torn copies are dropped. */
		buf[i] = data_race(t->recs[(first + i) & HV_TRACE_MASK]);
	smp_rmb();	/* the copy before the second look at the head */
	valid = READ_ONCE(t->head) + 1;
	valid = valid > HV_TRACE_RECORDS ? valid - HV_TRACE_RECORDS : 0;
	if (first < valid) {
		i = min_t(u64, n, valid - first);
		n -= i;
		memmove(buf, buf + i, n * sizeof(*buf));
		first += i;
	}
	*seq = first;
	*head = h;
	return n;
}

/* @tsc as ns of CLOCK_MONOTONIC, from a (TSC, ns) pair taken now. */
u64 hv_trace_ns(u64 tsc, u64 now_tsc, u64 now_ns)
{
	u64 ago = 0;

	/* Another CPU's TSC may be a little ahead of ours: then "now". */
	if (now_tsc > tsc)
		ago = hv_time_tsc_ns(now_tsc - tsc);
	return now_ns > ago ? now_ns - ago : 0;
}

/*
 * Read up to @len bytes at @va into @buf, stopping at the first page the
 * guest's tables do not map.  Returns how many were read.
 */
static size_t hv_dump_read(struct hv_vcpu *v, void *buf, u32 va, size_t len)
{
	size_t done = 0, n;

	while (done < len) {
		n = min_t(size_t, len - done, PAGE_SIZE - (va & ~PAGE_MASK));
		if (hv_copy_from_guest(v, buf + done, va, n))
			break;
		done += n;
		va += n;
	}
	return done;
}

static void hv_dump_copy(struct hv_vcpu *v, struct hv_vcpu_dump *s)
{
	struct hv_regs *r = &v->sw.regs;
	u32 base;

	s->regs = *r;
	s->ds = v->sw.ds;
	s->es = v->sw.es;
	s->fs = v->sw.fs;
	s->gs = v->sw.gs;
	/*
	 * switch.S saves CR2 at every exit, but only a #PF exit put the
	 * guest's there: any other holds whatever the host faulted on last.
	 */
	s->cr2 = r->vector == X86_TRAP_PF ? v->sw.cr2 : 0;
	s->vcr2 = v->vcr2;
	s->kernel_ss = v->kernel_ss;
	s->kernel_sp = v->kernel_sp;
	s->l3_pfn = v->dom->l3_pfn;
	s->upcall_mask = READ_ONCE(v->vi->evtchn_upcall_mask);
	s->upcall_pending = READ_ONCE(v->vi->evtchn_upcall_pending);

	/* Linear addresses: through the segments, as the CPU would. */
	base = hv_desc_base(hv_desc_get(v, r->ss));
	s->nr_stack = hv_dump_read(v, s->stack, base + (u32)r->rsp,
				   sizeof(s->stack)) / 4;
	base = hv_desc_base(hv_desc_get(v, r->cs));
	s->nr_code = hv_dump_read(v, s->code, base + (u32)r->rip,
				  sizeof(s->code));
}

/* Caller holds d->lock.  -EAGAIN: the vCPU has not stopped yet. */
static int hv_dump_locked(struct hv_dom *d, struct hv_vcpu_dump *s,
			  struct netlink_ext_ack *extack)
{
	struct hv_vcpu *v = d->vcpu;

	switch (d->state) {
	case HV_DOMAIN_STATE_PAUSED:
	case HV_DOMAIN_STATE_SHUTDOWN:
	case HV_DOMAIN_STATE_CRASHED:
		break;
	case HV_DOMAIN_STATE_RUNNING:
		NL_SET_ERR_MSG_MOD(extack,
				   "the domain is running: pause it first");
		return -EBUSY;
	case HV_DOMAIN_STATE_DYING:
		NL_SET_ERR_MSG_MOD(extack, "no such domain");
		return -ENOENT;
	default:
		v = NULL;
	}
	if (!v) {
		NL_SET_ERR_MSG_MOD(extack, "the domain has not been started");
		return -EINVAL;
	}
	/*
	 * A thread that saw the domain running and left its sleep cannot be
	 * seen here as still parked: the barrier below (the state, not
	 * running, read before the flag) pairs with the one in
	 * hv_vcpu_wait_run() between clearing the flag and reading the state.
	 */
	smp_mb(); /* state before flag: pairs with hv_vcpu_wait_run() */
	if (!smp_load_acquire(&v->parked))
		return -EAGAIN;
	hv_dump_copy(v, s);
	return 0;
}

int hv_vcpu_dump(struct hv_dom *d, struct hv_vcpu_dump *s,
		 struct netlink_ext_ack *extack)
{
	int tries, err;

	for (tries = 0; ; tries++) {
		mutex_lock(&d->lock);
		err = hv_dump_locked(d, s, extack);
		mutex_unlock(&d->lock);
		if (err != -EAGAIN)
			return err;
		/*
		 * Not under d->lock: the thread may need it to record the
		 * crash or shutdown it is in the middle of.
		 */
		if (tries == HV_DUMP_TRIES || msleep_interruptible(1))
			break;
	}
	NL_SET_ERR_MSG_MOD(extack, "the vCPU has not stopped yet: try again");
	return -EAGAIN;
}

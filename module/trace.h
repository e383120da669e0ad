/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-vCPU trace ring of hvctl trace: the last HV_TRACE_RECORDS world
 * exits, hypercalls, bounces and upcalls, always on; those of switch.S's
 * lean paths only with hv.trace_lean=1 (debug.c).
 *
 * Writing must be cheap enough for the fast path, which runs in the guest
 * world with interrupts off: a record is a slot of a fixed array that was
 * allocated with the vCPU, filled with plain stores and published by
 * moving the head.  Only the vCPU's own thread writes (in the host after
 * an exit, or in the fast path), so the write side needs no lock and no
 * atomic instruction.  Everything here is __always_inline and calls
 * nothing, so it can be inlined into noinstr code.
 *
 * Readers (debug.c) never stop the writer: they copy records out and then
 * look at the head again; a record the writer may have started to
 * overwrite meanwhile is dropped, never shown torn.
 */
#ifndef _HV_TRACE_H
#define _HV_TRACE_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/hv.h>
#include <asm/msr.h>

#include "switch.h"

#define HV_TRACE_MASK	(HV_TRACE_RECORDS - 1)

/* One record: 48 bytes.  Which arguments mean what: enum hv_trace_kind. */
struct hv_trace_rec {
	u64 tsc;			/* the host TSC when it happened */
	u32 kind;			/* enum hv_trace_kind */
	u32 nr;				/* vector or hypercall number */
	u32 eip, cs;			/* where the guest was */
	u32 arg[5];
	u32 res;			/* a hypercall's result */
};

struct hv_trace {
	struct hv_trace_rec *recs;	/* HV_TRACE_RECORDS of them */
	u64 head;			/* records ever written */
};

/*
 * The slot for the next record, its time taken.  The caller fills the
 * rest (stale fields of the slot's previous record are harmless: the
 * reader takes only what the kind defines) and calls hv_trace_commit().
 */
static __always_inline struct hv_trace_rec *
hv_trace_start(struct hv_trace *t, u32 kind, u32 nr, u32 eip, u32 cs)
{
	struct hv_trace_rec *rec = &t->recs[t->head & HV_TRACE_MASK];

	/*
	 * The head of the last record is stored before this one's slot is
	 * touched: a reader that sees the old head takes the slot as
	 * possibly torn.  x86 keeps stores in order (TSO), so keeping the
	 * compiler from reordering them is all smp_wmb() would do here;
	 * barrier() says the same without KCSAN's instrumentation.
	 */
	barrier();
	rec->tsc = rdtsc();
	rec->kind = kind;
	rec->nr = nr;
	rec->eip = eip;
	rec->cs = cs;
	return rec;
}

/* Publish the record hv_trace_start() began. */
static __always_inline void hv_trace_commit(struct hv_trace *t)
{
	barrier();	/* the record's stores before the head's (TSO) */
	WRITE_ONCE(t->head, t->head + 1);
}

/* A hypercall or multicall entry: @a holds its five arguments. */
static __always_inline void hv_trace_call(struct hv_trace *t, u32 kind,
					  u32 nr, u32 eip, u32 cs,
					  const u32 *a, u32 res)
{
	struct hv_trace_rec *rec = hv_trace_start(t, kind, nr, eip, cs);

	rec->arg[0] = a[0];
	rec->arg[1] = a[1];
	rec->arg[2] = a[2];
	rec->arg[3] = a[3];
	rec->arg[4] = a[4];
	rec->res = res;
	hv_trace_commit(t);
}

/*
 * The fast path's hypercall: the record begun from the registers before
 * the call (an iret changes EIP and CS), its result set and committed
 * only if the fast path finishes it.  Nothing else records meanwhile.
 */
static __always_inline struct hv_trace_rec *
hv_trace_call_regs(struct hv_trace *t, u32 nr, const struct hv_regs *r)
{
	struct hv_trace_rec *rec = hv_trace_start(t, HV_TRACE_HYPERCALL, nr,
						  r->rip, r->cs);

	rec->arg[0] = r->rbx;
	rec->arg[1] = r->rcx;
	rec->arg[2] = r->rdx;
	rec->arg[3] = r->rsi;
	rec->arg[4] = r->rdi;
	return rec;
}

extern bool hv_trace_lean;	/* read by switch.S: hv.trace_lean */

int hv_trace_alloc(struct hv_trace *t);
void hv_trace_free(struct hv_trace *t);
unsigned int hv_trace_copy(struct hv_trace *t, u64 *seq, u64 *head,
			   struct hv_trace_rec *buf, unsigned int n);

#endif /* _HV_TRACE_H */

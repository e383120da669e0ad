// SPDX-License-Identifier: GPL-2.0
/*
 * The fast path: traps handled without leaving the guest world.
 *
 * switch.S calls hv_fast_path() for every trap from the guest, with
 * interrupts off and the guest's page table, GDT and IDT still loaded (the
 * host's kernel half is mapped in every guest top level, so this code and
 * its data are reachable).  The paper's point: the common operations of a
 * paravirtualized kernel - its system calls bounced from ring 3, their
 * return through the iret hypercall, page faults, cheap hypercalls - must
 * not pay for a full world switch.
 *
 * Rules here: nothing that sleeps or takes a lock, no netlink, no killing
 * a domain.  Whatever cannot be finished cleanly returns 1 with nothing
 * changed, and the host path does it again, completely.
 *
 * And nothing the host may instrument: a tracer, kprobe or BPF program
 * that ran here would run on the guest's tables (and the int3 with which
 * ftrace and kprobes patch code is a fault in hypervisor code, which kills
 * the domain).  So this function and everything it calls is noinstr, or
 * __always_inline into noinstr code, and calls nothing else: raw (arch_)
 * atomics, native_ register access, no memcpy (Documentation/design.rst,
 * "The guest world").  objtool checks it on every build (module/Kbuild).
 */

#include <asm/irq_vectors.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <asm/trapnr.h>

#include "desc.h"
#include "domain.h"
#include "events.h"
#include "hypercall.h"
#include "mmu.h"
#include "paging.h"
#include "ptwr.h"
#include "traps.h"
#include "vcpu.h"

/* event_channel_op: only a send to a port of this domain. */
static noinstr bool hv_fast_evtchn(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	u32 port;
	int err;

	if ((u32)r->rbx != PV_EVTCHNOP_send ||
	    hv_guest_words(v, (u32)r->rcx, &port, 1, false))
		return false;
	err = hv_evtchn_send_fast(v, port);
	if (err > 0)
		return false;
	r->rax = err;
	return true;
}

/*
 * The flush update_va_mapping asked for, in the guest world.  A full
 * flush reloads the guest's CR3 as the world entry does: PCID 0 and no
 * no-flush bit, so every non-global entry tagged with the guest world's
 * PCID goes, and the paging-structure caches with them.  Global entries
 * stay, and only the host's kernel half can have them: every guest
 * entry is refused the G bit (frames.c).
 */
static noinstr void hv_fast_flush(struct hv_vcpu *v, u32 va,
				  enum hv_flush flush)
{
	if (flush == HV_FLUSH_ALL) {	/* native_write_cr3() may be out of line */
		asm volatile("mov %0, %%cr3" : : "r"(v->sw.hyp_cr3) : "memory");
		v->flushes[HV_FLUSHSTAT_ALL]++;
	} else if (flush == HV_FLUSH_PAGE) {
		asm volatile("invlpg (%0)" : : "r"((unsigned long)va)
			     : "memory");
		v->flushes[HV_FLUSHSTAT_PAGE]++;
	}
}

#define HV_FAST_MC_MAX		8	/* multicall entries run here at most */

/* Two flushes asked for make a full one. */
static __always_inline void hv_flush_join(enum hv_flush *flush, u32 *va,
					  enum hv_flush more, u32 more_va)
{
	if (more == HV_FLUSH_NONE)
		return;
	*flush = *flush == HV_FLUSH_NONE ? more : HV_FLUSH_ALL;
	*va = more_va;
}

/*
 * One multicall entry (@e: op, result, six arguments, as in the guest's
 * list; for a hypercall of its own, its registers in that shape) if the
 * fast path can finish it: what Linux's context switch
 * batches (stack_switch, update_descriptor of the TLS entries, mmuext_op
 * with the next task's base pointer), and what it batches around a
 * page-table page (update_va_mapping, mmuext_op pinning or unpinning an
 * L1, mmu_update of a few L1 entries).
 */
static noinstr bool hv_fast_mc_entry(struct hv_vcpu *v, const u32 *e,
				     long *res, enum hv_flush *flush, u32 *va)
{
	enum hv_flush more = HV_FLUSH_NONE;
	u32 more_va = 0;

	switch (e[0]) {
	case PV_HC_STACK_SWITCH:
		*res = hv_stack_switch(v, e[2], e[3]);
		return true;
	case PV_HC_UPDATE_DESCRIPTOR:
		*res = hv_update_descriptor(v, (u64)e[3] << 32 | e[2],
					    (u64)e[5] << 32 | e[4]);
		return true;
	case PV_HC_MMU_UPDATE:
		/* A few L1 entries, set_pte_at() and lazy batches (mmu.c). */
		if (!hv_mmu_update_fast(v, e[2], e[3], e[4], e[5], res,
					&more))
			return false;
		break;
	case PV_HC_UPDATE_VA_MAPPING:
		/*
		 * An L1 entry changes at most the writable type of two frames,
		 * never a table's validation, so it is bounded and sleeps not.
		 * The guest's CR3 is live here, and no world entry follows to
		 * flush it: the flush its flags ask for is the caller's.
		 */
		*res = hv_update_va_mapping(v, e[2], (u64)e[4] << 32 | e[3],
					    e[5], &more);
		more_va = e[2];
		break;
	case PV_HC_MMUEXT_OP:
		if (!hv_mmuext_fast(v, e[2], e[3], e[4], e[5], res, &more,
				    &more_va))
			return false;
		break;
	default:
		return false;
	}
	hv_flush_join(flush, va, more, more_va);
	return true;
}

/*
 * multicall: entries run here while each is one the fast path finishes,
 * HV_FAST_MC_MAX at most.  The rest goes to the host path as a multicall
 * of the remaining entries (the frame's list and count moved on, which an
 * exit then finds "completely done" in its own way), so every entry still
 * runs exactly once, in order.  The flushes the entries asked for come
 * once, at the end: entries reach guest memory through the guest's
 * tables, never through the TLB.  A result that cannot be stored ends the
 * multicall with -EFAULT, as in the host path.
 */
static noinstr bool hv_fast_multicall(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	u32 a[5] = { r->rbx, r->rcx, r->rdx, r->rsi, r->rdi };
	u32 list = a[0], count = a[1], e[8], va = 0, i;
	enum hv_flush flush = HV_FLUSH_NONE;
	long res, ret = 0;

	for (i = 0; i < count && i < HV_FAST_MC_MAX; i++, list += sizeof(e)) {
		if (hv_guest_words(v, list, e, ARRAY_SIZE(e), false) ||
		    !hv_fast_mc_entry(v, e, &res, &flush, &va))
			break;
		v->hypercalls[e[0]]++;
		hv_trace_call(&v->trace, HV_TRACE_MULTICALL, e[0], r->rip,
			      r->cs, e + 2, res);
		e[1] = res;
		if (hv_guest_words(v, list + 4, &e[1], 1, true)) {
			ret = -EFAULT;
			i = count;
			break;
		}
	}
	hv_fast_flush(v, va, flush);
	if (i < count) {
		r->rbx = list;
		r->rcx = count - i;
		return false;
	}
	r->rax = ret;
	v->hypercalls[PV_HC_MULTICALL]++;
	hv_trace_call(&v->trace, HV_TRACE_HYPERCALL, PV_HC_MULTICALL, r->rip,
		      r->cs, a, ret);
	return true;
}

static noinstr bool hv_fast_hypercall(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	u32 e[8] = { r->rax, 0, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi };
	enum hv_flush flush = HV_FLUSH_NONE;
	u32 eax, va = 0;
	long ret;

	switch ((u32)r->rax) {
	case PV_HC_XEN_VERSION:
		if ((u32)r->rbx != PV_XENVER_VERSION)
			return false;
		r->rax = HV_XENVER_VERSION;
		break;
	case PV_HC_IRET:
		if (hv_iret_frame(v, &eax))
			return false;
		r->rax = eax;
		break;
	case PV_HC_EVENT_CHANNEL_OP:
		return hv_fast_evtchn(v);
	default:
		/* The calls a multicall may batch, made on their own. */
		if (!hv_fast_mc_entry(v, e, &ret, &flush, &va))
			return false;
		r->rax = (u32)ret;
		hv_fast_flush(v, va, flush);
	}
	return true;
}

/*
 * A ring-1 #PF: a write into one of the guest's own L1 tables, which the
 * writable page tables assist finishes (ptwr.c: Linux's set_pte() on
 * every fork, exec, mmap and page fault), is done here and returns true.
 * A fault with EFLAGS.AC clear under SMAP goes to the host path, which
 * retries it with AC set before it looks at ptwr (*@host set).  Anything
 * else is bounced to the guest by the caller, as the host path would
 * (the kernel's own faults on user memory: copy_to_user() into a
 * copy-on-write page, exec's argument strings).  The decoder reads CR2
 * and the guest's data selectors from s, where an exit would have put
 * them: they are still live here.
 */
static noinstr bool hv_fast_ptwr(struct hv_vcpu *v, bool *host)
{
	struct hv_regs *r = v->regs;
	struct hv_switch *s = &v->sw;
	u16 sel;

	*host = !(r->rflags & X86_EFLAGS_AC) &&
		cpu_feature_enabled(X86_FEATURE_SMAP);
	if (*host)
		return false;
	s->cr2 = native_read_cr2();
	asm("mov %%ds, %0" : "=r"(sel));
	s->ds = sel;
	asm("mov %%es, %0" : "=r"(sel));
	s->es = sel;
	asm("mov %%fs, %0" : "=r"(sel));
	s->fs = sel;
	asm("mov %%gs, %0" : "=r"(sel));
	s->gs = sel;
	return hv_ptwr_fault(v);
}

static noinstr bool hv_fast_trap(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	struct hv_trace_rec *rec;
	u32 nr = r->rax;
	bool host;

	switch (r->vector) {
	case IA32_SYSCALL_VECTOR:
		if ((r->cs & 3) == 1) {
			if (nr >= PV_HC_NR || !hv_hypercall_int(v))
				return false;
			/* It counts and records its entries and itself. */
			if (nr == PV_HC_MULTICALL)
				return hv_fast_multicall(v);
			rec = hv_trace_call_regs(&v->trace, nr, r);
			if (!hv_fast_hypercall(v))
				return false;
			v->hypercalls[nr]++;
			rec->res = r->rax;
			hv_trace_commit(&v->trace);
			return true;
		}
		if (hv_try_bounce(v, IA32_SYSCALL_VECTOR, false, 0))
			return false;
		break;
	case X86_TRAP_PF:
		if ((r->cs & 3) == 1) {
			if (hv_fast_ptwr(v, &host))
				return true;
			if (host)
				return false;
		} else {
			v->sw.cr2 = native_read_cr2();
		}
		v->vcr2 = v->sw.cr2;
		v->vi->cr2 = v->sw.cr2;
		if (hv_try_bounce(v, X86_TRAP_PF, true, r->error))
			return false;
		break;
	default:
		return false;
	}
	v->bounces[r->vector]++;
	return true;
}

/*
 * hv_entry_ok() without a descriptor lookup, for the common return: the
 * lean selectors of switch.S (desc.c, hv_lean_learn()) are flat 32-bit
 * segments at their ring, so any 32-bit EIP passes and no 16-bit stack
 * return is due.  A descriptor change that could break that forgets them
 * first (hv_lean_forget()), as the lean paths rely on too.
 */
static __always_inline bool hv_entry_lean(struct hv_vcpu *v,
					  const struct hv_regs *r)
{
	const struct hv_lean_sels *l = &v->lean;

	if (r->rip > U32_MAX)
		return false;
	if ((r->cs & 3) == 3)
		return r->cs == l->ring3_cs && r->ss == l->ring3_ds;
	return r->cs == l->ring1_cs && r->ss == l->ring1_ds;
}

noinstr int hv_fast_path(struct hv_regs *regs, struct hv_switch *s)
{
	struct hv_vcpu *v = container_of(s, struct hv_vcpu, sw);
	bool done;

	if (regs->vector != IA32_SYSCALL_VECTOR &&
	    regs->vector != X86_TRAP_PF)
		return 1;
	if (READ_ONCE(v->dom->state) != HV_DOMAIN_STATE_RUNNING ||
	    hv_nmi_pending())
		return 1;
	/*
	 * Work on the frame in place.  Everything called here changes it
	 * only once it cannot fail any more, so an exit finds it either
	 * untouched or completely done.
	 */
	v->regs = regs;
	done = hv_fast_trap(v);
	/*
	 * An event became deliverable (a send raised it, an iret unmasked
	 * it): the upcall goes first, here, unless its frame cannot be
	 * written; then, or if the guest cannot go on, the host path does
	 * it again and says why.
	 */
	if (done && hv_upcall_deliverable(v) && hv_try_upcall(v))
		regs->vector = HV_EXIT_REENTER;
	v->regs = &s->regs;
	if (!done)
		return 1;
	if (regs->vector == HV_EXIT_REENTER)
		return 1;
	if (hv_entry_lean(v, regs)) {
		hv_entry_flags(regs);
		return HV_FAST_RESUME;
	}
	if (!hv_entry_ok(v, regs)) {
		regs->vector = HV_EXIT_REENTER;
		return 1;
	}
	/* The bounce may have moved to ring 1. */
	hv_entry_flags(regs);
	return hv_sel_stack16(v, regs->ss) ? HV_FAST_RESUME16 : HV_FAST_RESUME;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * What the guest did that made it leave its world, and the bounce.
 *
 * A fault in the guest is "bounced" (the paper's word): the hypervisor
 * writes the exception frame the ABI defines (5.2) onto the guest kernel's
 * stack and resumes the guest at the handler it registered with
 * set_trap_table, at ring 1.  The guest returns with its own iret.  If the
 * frame cannot be written - no handler, a bad stack - the domain dies with
 * a reason; the host goes on.
 *
 * Some faults are the ABI working as designed rather than guest errors:
 * "int $n" raises #GP because every gate but 0x80 is DPL 0, SYSCALL raises
 * #UD and SYSENTER #GP because they are switched off in the guest world,
 * and "ud2; .ascii "xen"; cpuid" asks for an emulated CPUID.  Those are
 * decoded here and delivered where the ABI says, from bytes read with the
 * rights of the code that faulted (hv_fetch_insn()).
 */

#include <linux/sched.h>
#include <asm/processor-flags.h>
#include <asm/traps.h>
#include <asm/trapnr.h>

#include "cpuid.h"
#include "desc.h"
#include "domain.h"
#include "events.h"
#include "hypercall.h"
#include "paging.h"
#include "privop.h"
#include "ptwr.h"
#include "traps.h"
#include "vcpu.h"

#define HV_ERR_IDT	2	/* a #GP's selector error code names a gate */

static const u8 hv_forced_cpuid[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };

noinstr u8 *hv_upcall_mask(struct hv_vcpu *v)
{
	return &v->vi->evtchn_upcall_mask;
}

void hv_kill(struct hv_vcpu *v, const char *why)
{
	hv_domain_crash(v->dom, v->regs->rip, "%s", why);
}

/*
 * Write a bounce frame and enter (cs, eip) at ring 1.  Returns 0, -ENOENT
 * when no handler is registered, -EFAULT when the frame cannot be written;
 * nothing changes then.  Safe in the fast path: it never sleeps.
 */
static noinstr int hv_deliver(struct hv_vcpu *v, int vector, u16 cs,
			      u32 eip, bool mask, bool has_error, u32 error)
{
	struct hv_trace_rec *rec;
	struct hv_regs *r = v->regs;
	u32 frame[7], n = 0, sp, ss, base;
	u8 *umask = hv_upcall_mask(v);
	int ring = r->cs & 3;

	if (!(cs & ~3))
		return -ENOENT;
	if (has_error)
		frame[n++] = error;
	frame[n++] = r->rip;
	frame[n++] = (u16)r->cs | (u32)*umask << 16;
	frame[n++] = (r->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL |
				    X86_EFLAGS_AC)) |
		     (*umask ? 0 : X86_EFLAGS_IF);
	if (ring & 2) {
		frame[n++] = r->rsp;
		frame[n++] = r->ss;
		ss = v->kernel_ss;
		sp = v->kernel_sp;
	} else {
		ss = r->ss;
		sp = r->rsp;
	}
	/* The frame is written through the guest's SS segment. */
	base = hv_desc_base(hv_desc_get(v, ss));
	sp -= n * 4;
	if (hv_guest_words(v, base + sp, frame, n, true))
		return -EFAULT;
	/* The stack's page, for the lean bounce, upcall and iret (switch.S). */
	hv_kstack_fill(v, ring & 2 ? HV_KSTACK_KERNEL : HV_KSTACK_RING1,
		       base + sp);
	rec = hv_trace_start(&v->trace, vector == HV_EVENT_VECTOR ?
			     HV_TRACE_UPCALL : HV_TRACE_BOUNCE, vector,
			     r->rip, r->cs);
	rec->arg[0] = eip;
	rec->arg[1] = cs | 1;
	rec->arg[2] = has_error ? error : 0;
	hv_trace_commit(&v->trace);
	r->rip = eip;
	r->cs = cs | 1;
	r->ss = ss;
	r->rsp = sp;
	r->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_VM | X86_EFLAGS_RF |
		       X86_EFLAGS_NT);
	if (mask)
		*umask = 1;
	return 0;
}

/* A failed delivery kills the domain: the guest gave us nowhere to go. */
static int hv_delivered(struct hv_vcpu *v, int err, int vector)
{
	if (!err) {
		v->bounces[vector]++;
		return 0;
	}
	hv_domain_crash(v->dom, v->regs->rip,
			err == -ENOENT ? "vector %d with no handler registered" :
			"cannot write the frame of vector %d on the guest stack",
			vector);
	return err;
}

noinstr int hv_try_bounce(struct hv_vcpu *v, int vector, bool has_error,
			  u32 error)
{
	struct hv_vtrap *t = &v->traps[vector];

	return hv_deliver(v, vector, t->cs, t->eip,
			  t->flags & PV_TI_MASK_EVENTS, has_error, error);
}

int hv_bounce(struct hv_vcpu *v, int vector, bool has_error, u32 error)
{
	return hv_delivered(v, hv_try_bounce(v, vector, has_error, error),
			    vector);
}

/*
 * The upcall without a world exit (fastpath.c): 0 if the guest now enters
 * its event callback, an error with nothing changed otherwise.
 */
noinstr int hv_try_upcall(struct hv_vcpu *v)
{
	int err = hv_deliver(v, HV_EVENT_VECTOR, v->event.cs, v->event.eip,
			     true, false, 0);

	if (err)
		return err;
	v->bounces[HV_EVENT_VECTOR]++;
	arch_atomic64_inc(&v->ev_stats[HV_EVSTAT_UPCALL]);
	return 0;
}

int hv_bounce_callback(struct hv_vcpu *v, u16 cs, u32 eip, bool mask,
		       int vector)
{
	return hv_delivered(v, hv_deliver(v, vector, cs, eip, mask, false, 0),
			    vector);
}

/*
 * Whether the "int $0x80" that trapped (EIP is after it) lies in the
 * hypercall page: only its stubs make hypercalls.  The guest kernel's own
 * int $0x80 elsewhere is its software interrupt (hv_int80()).
 */
noinstr bool hv_hypercall_int(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	u32 va = hv_desc_base(hv_desc_get(v, r->cs)) + (u32)r->rip - 2;

	return (r->cs & 3) == 1 && (va & PAGE_MASK) == v->hcall_page;
}

/*
 * "int $0x80" that is no hypercall: from ring 3 the system call, bounced
 * (as Xen's direct trap does); from ring 1 the kernel's software
 * interrupt, bounced if its trap table entry's DPL allows ring 1, else
 * the #GP the CPU gives for a DPL-0 gate, at the int, as on Xen.
 */
static void hv_int80(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	int n = IA32_SYSCALL_VECTOR;

	if ((r->cs & 3) == 1 && !(v->traps[n].flags & PV_TI_DPL_MASK)) {
		r->rip = (u32)(r->rip - 2);
		hv_bounce(v, X86_TRAP_GP, true, n << 3 | HV_ERR_IDT);
		return;
	}
	hv_bounce(v, n, false, 0);
}

/* "int $n" that hit a DPL-0 gate: deliver n if the guest's DPL allows. */
static bool hv_soft_int(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	u8 insn[2];
	int n;

	if (hv_fetch_insn(v, insn, 2) || insn[0] != 0xcd)
		return false;
	n = insn[1];
	/*
	 * The CPU reports the gate as n*8+2 (QEMU TCG: n*16+2).  Either way
	 * it must be the gate of the int at EIP, not some other #GP.
	 */
	if (r->error != n * 8 + 2 && r->error != n * 16 + 2)
		return false;
	/*
	 * The ABI's own hypercall instruction, written inline instead of
	 * calling the hypercall page (older guests, test programs): gate
	 * 0x82 is DPL 0 so that no device interrupt can pose as one, and
	 * its #GP from ring 1 is the hypercall (DESIGN 3).
	 */
	if (n == PV_HYPERCALL_VECTOR_XEN && (r->cs & 3) == 1) {
		r->rip += 2;
		hv_hypercall(v);
		return true;
	}
	if ((v->traps[n].flags & PV_TI_DPL_MASK) < (r->cs & 3)) {
		r->error = n * 8 + 2;
		return false;		/* the guest's #GP, Xen's error code */
	}
	r->rip += 2;
	hv_bounce(v, n, false, 0);
	return true;
}

/* SYSCALL (#UD) and SYSENTER (#GP) from guest user space. */
static bool hv_syscall_sysenter(struct hv_vcpu *v, bool sysenter)
{
	struct hv_regs *r = v->regs;
	struct hv_callback *cb = sysenter ? &v->sysenter : &v->syscall32;
	u8 insn[2];

	/*
	 * SYSENTER's #GP has error code 0: a #GP(selector) at bytes that now
	 * read "sysenter" (a stale TLB entry, a page changed since) is not
	 * one.  SYSCALL's #UD has no error code at all.
	 */
	if (r->error || hv_fetch_insn(v, insn, 2) || insn[0] != 0x0f ||
	    insn[1] != (sysenter ? 0x34 : 0x05))
		return false;
	if ((r->cs & 3) != 3 || !cb->cs) {
		/* From ring 1, or nobody listens: #GP, as the ABI says. */
		r->error = 0;
		hv_bounce(v, X86_TRAP_GP, true, 0);
		return true;
	}
	r->rip += 2;
	if (sysenter) {
		/* SYSENTER saves no return state: the frame shows zeros. */
		r->rip = 0;
		r->rsp = 0;
		r->cs = 3;
		r->ss = PV_FLAT_RING3_DS;
	}
	hv_bounce_callback(v, cb->cs, cb->eip,
			   cb->flags & PV_CALLBACKF_MASK_EVENTS,
			   sysenter ? X86_TRAP_GP : X86_TRAP_UD);
	return true;
}

/* The forced-emulation prefix: ud2; "xen"; cpuid. */
static bool hv_forced_emulation(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	u8 insn[sizeof(hv_forced_cpuid)];
	u32 out[4];

	if (hv_fetch_insn(v, insn, sizeof(insn)) ||
	    memcmp(insn, hv_forced_cpuid, sizeof(insn)))
		return false;
	hv_cpuid(r->rax, r->rcx, out);
	r->rax = out[0];
	r->rbx = out[1];
	r->rcx = out[2];
	r->rdx = out[3];
	r->rip += sizeof(hv_forced_cpuid);
	return true;
}

static void hv_page_fault(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;

	/*
	 * SMAP stays on in the guest world; the kernel runs with EFLAGS.AC
	 * set instead (hv_prepare_entry).  A ring-1 access to a user page
	 * with AC cleared by the guest's own popf faults: set AC and retry.
	 */
	if ((r->cs & 3) == 1 && !(r->rflags & X86_EFLAGS_AC) &&
	    (r->error & X86_PF_PROT) && !(r->error & X86_PF_INSTR) &&
	    boot_cpu_has(X86_FEATURE_SMAP)) {
		r->rflags |= X86_EFLAGS_AC;
		return;
	}
	/* A ring-1 write into a page table, done for the guest (ptwr.c). */
	if (hv_ptwr_fault(v))
		return;
	v->vcr2 = v->sw.cr2;
	v->vi->cr2 = v->sw.cr2;
	hv_bounce(v, X86_TRAP_PF, true, r->error);
}

static void hv_exception(struct hv_vcpu *v, int vector)
{
	struct hv_regs *r = v->regs;

	switch (vector) {
	case X86_TRAP_GP:
		if (hv_soft_int(v) || hv_syscall_sysenter(v, true) ||
		    hv_emulate_privop(v))
			return;
		break;
	case X86_TRAP_UD:
		if (hv_forced_emulation(v) || hv_syscall_sysenter(v, false))
			return;
		break;
	case X86_TRAP_PF:
		hv_page_fault(v);
		return;
	case X86_TRAP_NM:
		v->vts = false;
		break;
	case X86_TRAP_DF:
	case X86_TRAP_MC:
		/*
		 * A machine check gets here only once the host's handler ran
		 * (hv_vcpu_enter) and said the guest's EIP cannot be resumed.
		 */
		hv_kill(v, vector == X86_TRAP_DF ? "double fault" :
			   "machine check: the guest's context is lost");
		return;
	}
	hv_bounce(v, vector, vector == X86_TRAP_DF ||
		  (vector >= X86_TRAP_TS && vector <= X86_TRAP_PF) ||
		  vector == X86_TRAP_AC, r->error);
}

/* Every exit goes into the trace, with what it carries. */
static void hv_trace_exit(struct hv_vcpu *v, u64 exit)
{
	struct hv_regs *r = v->regs;
	struct hv_trace_rec *rec;

	rec = hv_trace_start(&v->trace, HV_TRACE_EXIT, exit, r->rip, r->cs);
	rec->arg[0] = exit < FIRST_EXTERNAL_VECTOR ? r->error : 0;
	rec->arg[1] = exit == X86_TRAP_PF ? v->sw.cr2 : 0;
	hv_trace_commit(&v->trace);
}

void hv_handle_exit(struct hv_vcpu *v, u64 exit)
{
	struct hv_regs *r = v->regs;

	hv_trace_exit(v, exit);

	if (exit == HV_EXIT_REENTER)
		return;
	if (exit == HV_EXIT_HYPFAULT) {
		hv_domain_crash(v->dom, r->rip,
				"hypervisor fault %llu at %pS entering the guest",
				v->sw.fault_vec, (void *)v->sw.fault_rip);
		return;
	}
	if (exit == X86_TRAP_NMI) {
		v->exits[HV_EXIT_NMI]++;
		return;
	}
	if (exit == IA32_SYSCALL_VECTOR) {
		if (hv_hypercall_int(v)) {
			v->exits[HV_EXIT_HYPERCALL]++;
			hv_hypercall(v);
		} else {
			v->exits[HV_EXIT_EXCEPTION]++;
			hv_int80(v);
		}
		return;
	}
	if (exit >= FIRST_EXTERNAL_VECTOR) {
		v->exits[HV_EXIT_INTERRUPT]++;
		return;
	}
	v->exits[HV_EXIT_EXCEPTION]++;
	hv_exception(v, exit);
}

/*
 * Before every entry: make the state the CPU will load from the iretq
 * frame one it accepts, so the entry never faults in hypervisor code.
 * Selectors that pass and are flat serve the lean paths from now on.
 */
noinstr bool hv_entry_ok(struct hv_vcpu *v, struct hv_regs *r)
{
	if (r->rip > U32_MAX || !hv_sel_code_ok(v, r->cs, r->rip) ||
	    !hv_sel_stack_ok(v, r->ss, r->cs & 3))
		return false;
	hv_lean_learn(v, r->cs, r->ss);
	return true;
}

bool hv_prepare_entry(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	int cpl;

	/* A pending, unmasked event goes first: the upcall (ABI 5.5). */
	hv_deliver_upcall(v);
	if (READ_ONCE(v->dom->state) != HV_DOMAIN_STATE_RUNNING)
		return false;
	cpl = r->cs & 3;

	if (!hv_entry_ok(v, r)) {
		hv_kill(v, "bad code or stack segment to return to");
		return false;
	}
	v->sw.espfix = hv_sel_stack16(v, r->ss);
	r->rsp = (u32)r->rsp;
	if (!hv_sel_data_ok(v, v->sw.ds, cpl))
		v->sw.ds = 0;
	if (!hv_sel_data_ok(v, v->sw.es, cpl))
		v->sw.es = 0;
	if (!hv_sel_data_ok(v, v->sw.fs, cpl))
		v->sw.fs = 0;
	if (!hv_sel_data_ok(v, v->sw.gs, cpl))
		v->sw.gs = 0;
	hv_entry_flags(r);
	return true;
}

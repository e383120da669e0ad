// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls: the guest kernel's system calls into the hypervisor.
 *
 * The guest calls a stub of its hypercall page ("mov $n, %eax; int $0x80;
 * ret"), arriving here from ring 1 with the number in EAX and arguments
 * in EBX, ECX, EDX, ESI and EDI (ABI 1.2).  Every argument is the guest's
 * and is checked before use; pointers are guest virtual addresses below
 * the hole, read and written only through hv_copy_{from,to}_guest().
 * Unknown numbers return -PV_ENOSYS.  Long operations stop after a bounded
 * amount of work and continue later, the way Xen does: EIP goes back to
 * the "int $0x80" and the arguments describe what is left, so the vCPU
 * passes through the run loop (pause, destroy, preemption) in between.
 */

#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/trapnr.h>

#include "console.h"
#include "debugreg.h"
#include "desc.h"
#include "domain.h"
#include "events.h"
#include "gnttab.h"
#include "hypercall.h"
#include "mmu.h"
#include "netlink.h"
#include "paging.h"
#include "privop.h"
#include "sched.h"
#include "time.h"
#include "traps.h"
#include "vcpu.h"

#define HV_MULTICALL_BATCH	64	/* entries per round */
#define HV_CONSOLE_BATCH	4096	/* bytes per round */
#define HV_TRAP_TABLE_BATCH	256	/* entries per round */

struct hv_args {
	u32 a1, a2, a3, a4, a5;
};

/*
 * The multicall entry being run (v->mc): the registers are the
 * multicall's, so a continuation the entry asks for is kept here, and
 * goes into the entry's arguments in the guest's list (as Xen does).
 */
struct hv_mc_call {
	bool continued;
	u32 args[3];
};

/*
 * Redo the hypercall later with new arguments: a continuation.  Returns
 * what EAX must hold for that, the hypercall number (0 inside a
 * multicall, where the entry's result is not stored yet).
 */
long hv_continue(struct hv_vcpu *v, u32 a1, u32 a2, u32 a3)
{
	struct hv_regs *r = v->regs;

	if (v->mc) {
		v->mc->continued = true;
		v->mc->args[0] = a1;
		v->mc->args[1] = a2;
		v->mc->args[2] = a3;
		return 0;
	}
	r->rip -= 2;
	r->rbx = a1;
	r->rcx = a2;
	r->rdx = a3;
	return (u32)r->rax;
}

/*
 * Whether a long hypercall must stop here and continue in a later round:
 * the host wants the CPU, or the domain is paused, stopping or dying.
 */
bool hv_must_yield(struct hv_vcpu *v)
{
	return need_resched() || kthread_should_stop() ||
	       READ_ONCE(v->dom->state) != HV_DOMAIN_STATE_RUNNING;
}

/*
 * set_trap_table (ABI 3.1): entries up to the first whose address is 0,
 * as many as the guest passes (Linux's table is longer than 256 entries
 * on some configurations): a long table continues after each round, in a
 * multicall too (hv_continue()).
 */
static long hv_set_trap_table(struct hv_vcpu *v, u32 table)
{
	struct pv_trap_info ti;
	struct hv_vtrap *t;
	unsigned int i;

	if (!table) {
		memset(v->traps, 0, sizeof(v->traps));
		return 0;
	}
	for (i = 0;; i++, table += sizeof(ti)) {
		if (i == HV_TRAP_TABLE_BATCH)
			return hv_continue(v, table, 0, 0);
		if (hv_copy_from_guest(v, &ti, table, sizeof(ti)))
			return -EFAULT;
		if (!ti.address)
			return 0;
		t = &v->traps[ti.vector];
		t->eip = ti.address;
		t->cs = ti.cs | (ti.cs & 3 ? 0 : 1);
		t->flags = ti.flags;
	}
}

static __always_inline u16 hv_raise_rpl(u32 sel)
{
	return (sel & 3) ? sel : sel | 1;
}

static long hv_callback_op(struct hv_vcpu *v, u32 cmd, u32 arg)
{
	struct pv_callback_register cb;
	struct hv_callback *slot;

	if (cmd != PV_CALLBACKOP_REGISTER && cmd != PV_CALLBACKOP_UNREGISTER)
		return -EINVAL;
	if (hv_copy_from_guest(v, &cb, arg, cmd ? 2 : sizeof(cb)))
		return -EFAULT;
	switch (cb.type) {
	case PV_CALLBACKTYPE_EVENT:
		slot = &v->event;
		break;
	case PV_CALLBACKTYPE_FAILSAFE:
		slot = &v->failsafe;
		break;
	case PV_CALLBACKTYPE_SYSENTER:
		slot = &v->sysenter;
		break;
	case PV_CALLBACKTYPE_SYSCALL32:
		slot = &v->syscall32;
		break;
	case PV_CALLBACKTYPE_NMI:
		if (cmd == PV_CALLBACKOP_UNREGISTER)
			return 0;
		v->traps[X86_TRAP_NMI].cs = PV_FLAT_RING1_CS;
		v->traps[X86_TRAP_NMI].eip = cb.eip;
		v->traps[X86_TRAP_NMI].flags = PV_TI_MASK_EVENTS;
		return 0;
	default:
		return -PV_ENOSYS;
	}
	if (cmd == PV_CALLBACKOP_UNREGISTER)
		return -EINVAL;
	slot->cs = hv_raise_rpl(cb.cs);
	slot->eip = cb.eip;
	slot->flags = cb.flags;
	return 0;
}

/* A write stops after HV_CONSOLE_BATCH bytes and continues later. */
static long hv_console_io(struct hv_vcpu *v, u32 cmd, u32 count, u32 buf)
{
	struct hv_dom *d = v->dom;
	char chunk[256];
	u32 done = 0, n;
	u64 off;

	if (cmd == PV_CONSOLEIO_READ) {
		if (count > INT_MAX)
			return -E2BIG;
		n = hv_console_take_input(&d->console, chunk,
					  min_t(u32, count, sizeof(chunk)));
		return hv_copy_to_guest(v, buf, chunk, n) ? -EFAULT : n;
	}
	if (cmd != PV_CONSOLEIO_WRITE)
		return -PV_ENOSYS;
	while (done < count) {
		if (done >= HV_CONSOLE_BATCH)
			return hv_continue(v, cmd, count - done, buf + done);
		n = min_t(u32, count - done, sizeof(chunk));
		if (hv_copy_from_guest(v, chunk, buf + done, n))
			return -EFAULT;
		n = hv_console_output(&d->console, chunk, n, &off);
		hv_nl_console_notify(d, off, n);
		done += min_t(u32, count - done, sizeof(chunk));
	}
	return 0;
}

/*
 * stack_switch (ABI 3.4); also in the fast path, and in the lean paths
 * of switch.S (.Llean_stack_switch) for a lean SS and a cached page.
 */
noinstr long hv_stack_switch(struct hv_vcpu *v, u32 ss, u32 esp)
{
	u32 old = v->kernel_sp;

	v->kernel_ss = hv_raise_rpl(ss);
	v->kernel_sp = esp;
	/*
	 * The next bounce from ring 3 writes below @esp: have its page
	 * ready for the lean path, as a context switch's next system call
	 * would otherwise take the C path to fill it.  The translations
	 * cached do not change here; an unmapped page leaves the entry empty.
	 */
	hv_kstack_switch(v, old - 1, esp - 1);
	return 0;
}

static long hv_set_callbacks(struct hv_vcpu *v, const struct hv_args *a)
{
	v->event.cs = hv_raise_rpl(a->a1);
	v->event.eip = a->a2;
	v->failsafe.cs = hv_raise_rpl(a->a3);
	v->failsafe.eip = a->a4;
	v->failsafe.flags = 0;
	return 0;
}

static long hv_vm_assist(struct hv_vcpu *v, u32 cmd, u32 type)
{
	if (cmd != PV_VMASST_ENABLE && cmd != PV_VMASST_DISABLE)
		return -PV_ENOSYS;
	switch (type) {
	case PV_VMASST_4GB_SEGMENTS:
	case PV_VMASST_4GB_SEGMENTS_NOTIFY:
	case PV_VMASST_WRITABLE_PAGETABLES:
	case PV_VMASST_PAE_EXTENDED_CR3:
	case PV_VMASST_RUNSTATE_UPDATE_FLAG:
		break;
	default:
		return -EINVAL;
	}
	if (cmd == PV_VMASST_ENABLE)
		v->vm_assist |= BIT(type);
	else
		v->vm_assist &= ~BIT(type);
	return 0;
}

/*
 * iret (ABI 3.13): the frame is on the guest stack, EAX pushed first.
 * Returns 0 with the return done (EAX in *eax), 1 when the frame asks for
 * VM86 (the guest gets #GP), or a negative errno for a frame the domain
 * dies of.  Nothing changes unless it returns 0.  Safe in the fast path.
 */
noinstr int hv_iret_frame(struct hv_vcpu *v, u32 *eax)
{
	struct hv_regs *r = v->regs;
	u32 f[6], base = hv_desc_base(hv_desc_get(v, r->ss));
	int ring;

	if (hv_guest_words(v, base + (u32)r->rsp, f, 4, false))
		return -EFAULT;
	ring = f[2] & 3;
	if (ring == 0)
		return -EPERM;
	if (ring >= 2 &&
	    hv_guest_words(v, base + (u32)r->rsp + 16, &f[4], 2, false))
		return -EFAULT;
	if (f[3] & X86_EFLAGS_VM)
		return 1;
	/* The ring-1 stack's page, for the lean iret and upcall (switch.S). */
	hv_kstack_fill(v, HV_KSTACK_RING1, base + (u32)r->rsp);
	*hv_upcall_mask(v) = !(f[3] & X86_EFLAGS_IF);
	r->rip = f[1];
	r->cs = (u16)f[2];
	r->rflags = f[3];
	if (ring >= 2) {
		r->rsp = f[4];
		r->ss = (u16)f[5];
	} else {
		r->rsp = (u32)(r->rsp + 16);
	}
	*eax = f[0];
	return 0;
}

static long hv_iret(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	u32 eax;
	int err = hv_iret_frame(v, &eax);

	if (err < 0) {
		hv_kill(v, err == -EPERM ? "iret hypercall to ring 0" :
			   "iret hypercall: unreadable frame");
		return -EFAULT;
	}
	if (err) {
		r->error = 0;
		hv_bounce(v, X86_TRAP_GP, true, 0);
		return r->rax;
	}
	return eax;
}

static long hv_dispatch(struct hv_vcpu *v, u32 nr, const struct hv_args *a,
			bool nested);

static void hv_trace_args(struct hv_vcpu *v, u32 kind, u32 nr, u32 eip,
			  u32 cs, const struct hv_args *a, u32 res)
{
	u32 args[5] = { a->a1, a->a2, a->a3, a->a4, a->a5 };

	hv_trace_call(&v->trace, kind, nr, eip, cs, args, res);
}

/*
 * One multicall entry at @at: its result stored back, or, if it asked for
 * a continuation, its new arguments.  0, 1 for a continued entry (to run
 * again from the list), or -EFAULT.
 */
static int hv_multicall_entry(struct hv_vcpu *v, u32 at,
			      struct pv_multicall_entry *e)
{
	struct hv_mc_call mc = { .continued = false };
	struct hv_args a;

	if (hv_copy_from_guest(v, e, at, sizeof(*e)))
		return -EFAULT;
	a = (struct hv_args){ e->args[0], e->args[1], e->args[2], e->args[3],
			      e->args[4] };
	v->mc = &mc;
	e->result = hv_dispatch(v, e->op, &a, true);
	v->mc = NULL;
	hv_trace_args(v, HV_TRACE_MULTICALL, e->op, v->regs->rip, v->regs->cs,
		      &a, e->result);
	if (mc.continued)
		return hv_copy_to_guest(v, at + offsetof(typeof(*e), args),
					mc.args, sizeof(mc.args)) ?
		       -EFAULT : 1;
	return hv_copy_to_guest(v, at + offsetof(typeof(*e), result),
				&e->result, sizeof(e->result)) ? -EFAULT : 0;
}

/* Shut down, crashed or dying: the vCPU will never run the guest again. */
static bool hv_domain_finished(struct hv_dom *d)
{
	enum hv_domain_state state = READ_ONCE(d->state);

	return state != HV_DOMAIN_STATE_RUNNING &&
	       state != HV_DOMAIN_STATE_PAUSED;
}

/*
 * multicall: each entry a hypercall, its result stored back in the entry.
 * After a round of entries, and whenever the host wants the CPU or the
 * domain is paused, the rest continues later (the vCPU passes the run
 * loop): every entry runs exactly once, whatever happens between them.
 * Only a domain that will never run again leaves the rest undone.  An
 * entry that blocks comes back when a pause wakes it, like a block on its
 * own; one that continues itself runs again, with the arguments it left.
 */
static long hv_multicall(struct hv_vcpu *v, u32 list, u32 count,
			 bool nested)
{
	struct pv_multicall_entry e;
	int err;
	u32 i;

	if (nested)
		return -EINVAL;
	for (i = 0; i < count; i++, list += sizeof(e)) {
		if (i == HV_MULTICALL_BATCH || (i && hv_must_yield(v)))
			break;
		err = hv_multicall_entry(v, list, &e);
		if (err < 0)
			return err;
		if (err)
			break;
		if (e.op == PV_HC_IRET)
			return e.result;
	}
	if (i == count || hv_domain_finished(v->dom))
		return 0;
	return hv_continue(v, list, count - i, 0);
}

static long hv_dispatch(struct hv_vcpu *v, u32 nr, const struct hv_args *a,
			bool nested)
{
	enum hv_flush flush;

	if (nr < PV_HC_NR)
		v->hypercalls[nr]++;
	switch (nr) {
	case PV_HC_SET_TRAP_TABLE:
		return hv_set_trap_table(v, a->a1);
	case PV_HC_SET_GDT:
		return hv_set_gdt(v, a->a1, a->a2);
	case PV_HC_STACK_SWITCH:
		return hv_stack_switch(v, a->a1, a->a2);
	case PV_HC_SET_CALLBACKS:
		return hv_set_callbacks(v, a);
	case PV_HC_FPU_TASKSWITCH:
		v->vts = !!a->a1;
		return 0;
	case PV_HC_SCHED_OP_COMPAT:
		return hv_sched_op(v, a->a1, a->a2, true);
	case PV_HC_SET_DEBUGREG:
		return hv_set_debugreg(v, a->a1, a->a2);
	case PV_HC_GET_DEBUGREG:
		return hv_get_debugreg(v, a->a1);
	case PV_HC_UPDATE_DESCRIPTOR:
		return hv_update_descriptor(v, (u64)a->a2 << 32 | a->a1,
					    (u64)a->a4 << 32 | a->a3);
	case PV_HC_MULTICALL:
		return hv_multicall(v, a->a1, a->a2, nested);
	case PV_HC_UPDATE_VA_MAPPING:
		/* The host's CR3 is live; the next entry flushes it all. */
		return hv_update_va_mapping(v, a->a1, (u64)a->a3 << 32 | a->a2,
					    a->a4, &flush);
	case PV_HC_MMU_UPDATE:
		return hv_mmu_update(v, a->a1, a->a2, a->a3, a->a4);
	case PV_HC_MMUEXT_OP:
		return hv_mmuext_op(v, a->a1, a->a2, a->a3, a->a4);
	case PV_HC_MEMORY_OP:
		return hv_memory_op(v, a->a1, a->a2);
	case PV_HC_XEN_VERSION:
		return hv_xen_version(v, a->a1, a->a2);
	case PV_HC_CONSOLE_IO:
		return hv_console_io(v, a->a1, a->a2, a->a3);
	case PV_HC_VM_ASSIST:
		return hv_vm_assist(v, a->a1, a->a2);
	case PV_HC_IRET:
		return hv_iret(v);
	case PV_HC_VCPU_OP:
		return hv_vcpu_op(v, a->a1, a->a2, a->a3);
	case PV_HC_SCHED_OP:
		return hv_sched_op(v, a->a1, a->a2, false);
	case PV_HC_CALLBACK_OP:
		return hv_callback_op(v, a->a1, a->a2);
	case PV_HC_EVENT_CHANNEL_OP:
		return hv_event_channel_op(v, a->a1, a->a2);
	case PV_HC_EVENT_CHANNEL_OP_COMPAT:
		return hv_event_channel_op_compat(v, a->a1);
	case PV_HC_SET_TIMER_OP:
		return hv_set_timer(v, (u64)a->a2 << 32 | a->a1);
	case PV_HC_PHYSDEV_OP:
		return hv_physdev_op(v, a->a1, a->a2);
	case PV_HC_PHYSDEV_OP_COMPAT:
		return hv_physdev_op_compat(v, a->a1);
	case PV_HC_GRANT_TABLE_OP:
		return hv_grant_table_op(v, a->a1, a->a2, a->a3);
	}
	return -PV_ENOSYS;
}

void hv_hypercall(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	struct hv_args a = { r->rbx, r->rcx, r->rdx, r->rsi, r->rdi };
	u32 nr = r->rax, eip = r->rip, cs = r->cs;

	r->rax = (u32)hv_dispatch(v, nr, &a, false);
	/* After its multicall entries: records go in the order of the ends. */
	hv_trace_args(v, HV_TRACE_HYPERCALL, nr, eip, cs, &a, r->rax);
}

/*
 * The hypercall page (ABI 1.1): 128 stubs of 32 bytes, int3 in between.
 * Ours enter through vector 0x80, the one gate of DPL 3 (DESIGN 3).
 */
void hv_fill_hypercall_page(void *page)
{
	u8 *stub;
	int n;

	memset(page, 0xcc, PAGE_SIZE);
	for (n = 0; n < PAGE_SIZE / PV_HYPERCALL_STUB_SIZE; n++) {
		stub = page + n * PV_HYPERCALL_STUB_SIZE;
		if (n == PV_HC_IRET)
			*stub++ = 0x50;			/* push %eax */
		*stub++ = 0xb8;				/* mov $n, %eax */
		memcpy(stub, &n, 4);
		stub += 4;
		*stub++ = 0xcd;				/* int $0x80 */
		*stub++ = 0x80;
		if (n != PV_HC_IRET)
			*stub = 0xc3;			/* ret */
	}
}

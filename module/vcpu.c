// SPDX-License-Identifier: GPL-2.0
/*
 * vCPUs and their run loop.
 *
 * Each vCPU is a kernel thread.  It enters the guest world, runs until
 * something needs the host (a host interrupt, a hypercall or fault that
 * the fast path leaves to the host), handles that in ordinary host context
 * where it may sleep and be preempted, and enters again.  Preemption and
 * interrupts are off only inside one entry; a guest spinning in a loop is
 * interrupted by the host's timer tick or by a kick, so pause, destroy and
 * the host scheduler always get their turn.
 *
 * Around each entry the host state that a guest could reach or that would
 * hurt it is switched: the FPU/SSE registers (the guest's own image is
 * restored and saved, never mixed with the host's or another guest's),
 * EFER.SCE and SYSENTER_CS (so SYSCALL and SYSENTER fault instead of
 * entering the host's system-call code with guest registers), DR7 (a host
 * breakpoint on a low address must not fire inside the guest), the CET
 * MSRs (the host's indirect-branch tracking and the last user task's
 * shadow stack are not the guest's) and the TSS's RSP0 (so a trap from the
 * guest lands on this thread's stack).  What a trip leaves in the CPU is
 * cleaned up after it: DR6 after a #DB, and a machine check goes to the
 * host's own handler.
 */

#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/memcontrol.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/apic.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xcr.h>
#include <asm/mce.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/trapnr.h>

#include "compat.h"
#include "cpu.h"
#include "debugreg.h"
#include "desc.h"
#include "domain.h"
#include "events.h"
#include "paging.h"
#include "time.h"
#include "traps.h"
#include "vcpu.h"

#define HV_DR7_RESET	0x400	/* bit 10 always reads as 1 */
/*
 * The DR6 bits a #DB reports, in positive polarity (DR6 ^ DR6_RESERVED):
 * B0-B3, bus lock (active low), BD, BS, BT, RTM (active low).
 */
#define HV_DR6_EVENTS	(DR_TRAP_BITS | DR_BUS_LOCK | 0x2000 | DR_STEP | \
			 DR_SWITCH | 0x10000)

/*
 * An NMI or a machine check that hit hypervisor code, for the host once
 * the world exit is done: side by side, so switch.S's lean entry tests
 * both with one compare.
 */
struct hv_latch {
	u8 nmi;
	u8 mce;
};

static DEFINE_PER_CPU(struct hv_latch, hv_latched);
static DEFINE_PER_CPU(struct hv_switch *, hv_cur_switch);
unsigned long hv_nmi_latch_off, hv_mce_latch_off, hv_cur_switch_off;

static unsigned int hv_fpu_size;
static u64 hv_xcr0;
/* The host uses CET (kernel IBT, user shadow stacks): switch its MSRs. */
static bool hv_host_cet;

int hv_vcpu_global_init(void)
{
	unsigned int eax, ebx, ecx, edx;
	unsigned long gsbase;

	/*
	 * switch.S finds per-CPU data from a raw GS base, without the
	 * kernel's accessors: check that base + offset is what they use.
	 */
	BUILD_BUG_ON(offsetof(struct hv_latch, mce) !=
		     offsetof(struct hv_latch, nmi) + 1);
	hv_nmi_latch_off = (unsigned long)&hv_latched.nmi;
	hv_mce_latch_off = (unsigned long)&hv_latched.mce;
	hv_cur_switch_off = (unsigned long)&hv_cur_switch;
	rdmsrl(MSR_GS_BASE, gsbase);
	if ((void *)(gsbase + hv_nmi_latch_off) !=
	    raw_cpu_ptr(&hv_latched.nmi)) {
		pr_err("unexpected per-CPU layout: refusing to load\n");
		return -ENODEV;
	}

	if (boot_cpu_has(X86_FEATURE_XSAVE)) {
		hv_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
		cpuid_count(0xd, 0, &eax, &ebx, &ecx, &edx);
		hv_fpu_size = ebx;
	} else {
		hv_fpu_size = 512;	/* FXSAVE */
	}
	hv_host_cet = cpu_feature_enabled(X86_FEATURE_IBT) ||
		      hv_host_user_shstk();
	return 0;
}

/*
 * For the fast path: an NMI or a machine check waits for the host, so
 * take the exit.
 */
noinstr bool hv_nmi_pending(void)
{
	return this_cpu_read(hv_latched.nmi) || this_cpu_read(hv_latched.mce);
}

/* --- guest FPU image --- */

static void hv_fpu_init(void *area)
{
	/* FCW 0x37f and MXCSR 0x1f80: the state after FNINIT and reset. */
	*(u16 *)area = 0x37f;
	*(u32 *)(area + 24) = 0x1f80;
	*(u32 *)(area + 28) = 0xffff;	/* MXCSR_MASK, ignored by restore */
}

static void hv_fpu_load(void *area)
{
	if (hv_xcr0)
		asm volatile("xrstor64 (%0)" : : "r"(area), "a"((u32)hv_xcr0),
			     "d"((u32)(hv_xcr0 >> 32)) : "memory");
	else
		asm volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

static void hv_fpu_save(void *area)
{
	if (hv_xcr0)
		asm volatile("xsave64 (%0)" : : "r"(area), "a"((u32)hv_xcr0),
			     "d"((u32)(hv_xcr0 >> 32)) : "memory");
	else
		asm volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

/* --- the run loop --- */

struct hv_host_msrs {
	u64 efer, sysenter_cs, sp0;
	u64 s_cet, u_cet;
	unsigned long dr7;
};

/*
 * CET is the host's, not the guest's (Documentation/design.rst, "CET"):
 * S_CET's indirect-branch tracking would apply at ring 1 too, and U_CET
 * still holds the last user task's shadow stack (its PL3_SSP with it),
 * which the CPU would apply to guest ring 3.  With both MSRs clear the
 * CPU neither checks branches nor touches any SSP in the guest world.
 */
static void hv_cet_save(struct hv_host_msrs *h)
{
	h->s_cet = 0;
	h->u_cet = 0;
	if (!hv_host_cet)
		return;
	rdmsrl(MSR_IA32_S_CET, h->s_cet);
	rdmsrl(MSR_IA32_U_CET, h->u_cet);
	if (h->s_cet)
		wrmsrl(MSR_IA32_S_CET, 0);
	if (h->u_cet)
		wrmsrl(MSR_IA32_U_CET, 0);
}

static void hv_cet_restore(struct hv_host_msrs *h)
{
	if (h->u_cet)
		wrmsrl(MSR_IA32_U_CET, h->u_cet);
	if (h->s_cet)
		wrmsrl(MSR_IA32_S_CET, h->s_cet);
}

static void hv_host_save(struct hv_vcpu *v, struct hv_host_msrs *h)
{
	struct tss_struct *tss = this_cpu_ptr(&cpu_tss_rw);

	rdmsrl(MSR_EFER, h->efer);
	if (h->efer & EFER_SCE)
		wrmsrl(MSR_EFER, h->efer & ~EFER_SCE);
	rdmsrl(MSR_IA32_SYSENTER_CS, h->sysenter_cs);
	if (h->sysenter_cs)
		wrmsrl(MSR_IA32_SYSENTER_CS, 0);
	get_debugreg(h->dr7, 7);
	if (h->dr7 & ~HV_DR7_RESET)
		set_debugreg(HV_DR7_RESET, 7);
	hv_cet_save(h);
	h->sp0 = tss->x86_tss.sp0;
	v->sw.sp0_ptr = &tss->x86_tss.sp0;
	/* No I/O bitmap: every in/out from the guest raises #GP. */
	tss->x86_tss.io_bitmap_base = IO_BITMAP_OFFSET_INVALID;
	hv_cpu_trans_gdtr(&v->sw.trans_gdtr);
	this_cpu_write(hv_cur_switch, &v->sw);
}

static void hv_host_restore(struct hv_host_msrs *h)
{
	this_cpu_ptr(&cpu_tss_rw)->x86_tss.sp0 = h->sp0;
	hv_cet_restore(h);
	if (h->dr7 & ~HV_DR7_RESET)
		set_debugreg(h->dr7, 7);
	if (h->sysenter_cs)
		wrmsrl(MSR_IA32_SYSENTER_CS, h->sysenter_cs);
	if (h->efer & EFER_SCE)
		wrmsrl(MSR_EFER, h->efer);
}

/*
 * A host interrupt arrived while the guest ran: run the host's handler for
 * it now, still with interrupts off, as if it had interrupted the host.
 */
static void hv_forward_irq(unsigned int vector)
{
	struct desc_ptr idt;
	gate_desc *g;

	store_idt(&idt);
	g = (gate_desc *)idt.address + vector;
	hv_call_host_handler(gate_offset(g));
}

/* The vector that ended a trip: the guest's, or one in hypervisor code. */
static u64 hv_exit_vector(struct hv_vcpu *v, u64 exit)
{
	return exit == HV_EXIT_HYPFAULT ? v->sw.fault_vec : exit;
}

/*
 * A #DB in the guest world (a single step, ICEBP, a bus lock, one of the
 * guest's breakpoints) left its bits in the real DR6, which the CPU never
 * clears: the host's next #DB on this CPU would report them as its own (a
 * ptrace watchpoint that says "single step", a WARNING in exc_debug for a
 * kernel breakpoint).  They go into the guest's view of DR6 as the CPU
 * would have merged them there - B0-B3 replaced, the other bits sticky -
 * and the register goes back to its reset value, as the host's own #DB
 * entry leaves it.  A trip without an event leaves the view alone.
 * Before DR7 is restored, so no host breakpoint can see the stale bits.
 */
static void hv_take_dr6(struct hv_vcpu *v)
{
	unsigned long dr6;
	u32 ev, old;

	get_debugreg(dr6, 6);
	set_debugreg(DR6_RESERVED, 6);
	ev = (dr6 ^ DR6_RESERVED) & HV_DR6_EVENTS;
	if (!ev)
		return;
	old = (v->dr6 ^ DR6_RESERVED) & ~DR_TRAP_BITS;
	v->dr6 = (old | ev) ^ DR6_RESERVED;
}

/*
 * A machine check arrived in the guest world.  The stub latched it (it hit
 * hypervisor code that can be restarted) or left it to us: vector 18 from
 * the guest, or a hypervisor fault 18 where MCG_STATUS.RIPV said the
 * interrupted code cannot go on.  It is the host's: run the host's #MC
 * handler now, through the host's IDT as if it had hit here (KVM's
 * pattern), so the host logs it, clears MCG_STATUS.MCIP and decides
 * whether it survives.  Returns false when the guest's context is lost
 * (RIPV was clear at a #MC from the guest): the guest cannot resume.
 */
static bool hv_forward_mce(struct hv_vcpu *v, u64 exit)
{
	u64 mcg = MCG_STATUS_RIPV;

	if (!this_cpu_read(hv_latched.mce) &&
	    hv_exit_vector(v, exit) != X86_TRAP_MC)
		return true;
	this_cpu_write(hv_latched.mce, 0);
	v->exits[HV_EXIT_MACHINE_CHECK]++;
	if (exit == X86_TRAP_MC)
		rdmsrl(MSR_IA32_MCG_STATUS, mcg);
	asm volatile("int $0x12");
	return mcg & MCG_STATUS_RIPV;
}

/* One trip into the guest world and back.  Returns the exit code. */
static u64 hv_vcpu_enter(struct hv_vcpu *v)
{
	bool dr = hv_dr_active(v), ts = READ_ONCE(v->vts);
	struct hv_host_msrs h;
	struct hv_host_dr hdr;
	u64 exit, t0;

	kernel_fpu_begin();
	local_irq_disable();
	hv_time_update(v);
	hv_fpu_load(v->fpu);
	hv_host_save(v, &h);
	/*
	 * The guest's virtual CR0.TS (fpu_taskswitch) is the real one while
	 * it runs, so its first FPU instruction raises #NM; cleared again
	 * before anything of the host can touch the FPU.
	 */
	if (ts)
		write_cr0(read_cr0() | X86_CR0_TS);
	t0 = local_clock();
	/* The guest's breakpoints are live for the switch only (debugreg.c). */
	if (unlikely(dr))
		hv_dr_load(v, &hdr);

	/* The entry loads the guest's CR3: a full flush (hv_flush_stat). */
	v->flushes[HV_FLUSHSTAT_ENTRY]++;
	exit = hv_world_switch(&v->sw);

	if (unlikely(dr))
		hv_dr_unload(&hdr);
	if (unlikely(dr) || hv_exit_vector(v, exit) == X86_TRAP_DB)
		hv_take_dr6(v);
	v->run_ns += local_clock() - t0;
	if (ts)
		asm volatile("clts" : : : "memory");
	hv_host_restore(&h);
	hv_fpu_save(v->fpu);
	kernel_fpu_end();

	if (exit == X86_TRAP_NMI) {
		/* No iret since the NMI: NMIs are still blocked. */
		asm volatile("int $2");
	} else if (exit >= FIRST_EXTERNAL_VECTOR && exit < 256 &&
		   exit != IA32_SYSCALL_VECTOR) {
		hv_forward_irq(exit);
	}
	/* A machine check the host survived: the guest goes on if it can. */
	if (hv_forward_mce(v, exit) && exit == X86_TRAP_MC)
		exit = HV_EXIT_REENTER;
	if (this_cpu_read(hv_latched.nmi)) {
		/*
		 * An NMI hit hypervisor code and was dropped with an iretq that
		 * unblocked NMIs.  Re-raise it as a real NMI: Linux's NMI entry
		 * is not safe against a real NMI right after an "int $2".
		 */
		this_cpu_write(hv_latched.nmi, 0);
		apic->send_IPI_mask(cpumask_of(smp_processor_id()), NMI_VECTOR);
	}
	local_irq_enable();
	return exit;
}

static bool hv_vcpu_should_run(struct hv_vcpu *v)
{
	struct hv_dom *d = v->dom;

	return READ_ONCE(d->state) == HV_DOMAIN_STATE_RUNNING;
}

/* Paused (or stopped): sleep as an offline vCPU until resumed. */
static void hv_vcpu_wait_run(struct hv_vcpu *v)
{
	hv_runstate_sleep(v, PV_RUNSTATE_OFFLINE);
	/* Done with the vCPU's state: hvctl regs may copy it (debug.c). */
	smp_store_release(&v->parked, true);
	wait_event_interruptible(v->wq, hv_vcpu_should_run(v) ||
				 kthread_should_stop());
	WRITE_ONCE(v->parked, false);
	/* Cleared before the run loop reads the state again: debug.c. */
	smp_mb();
	hv_runstate_wake(v);
}

static int hv_vcpu_thread(void *arg)
{
	struct hv_vcpu *v = arg;
	struct mem_cgroup *old;
	u64 exit;

	/*
	 * What the guest makes the thread allocate (an LDT, set_gdt's copy)
	 * is charged where the domain's memory is: a kernel thread has no
	 * memory cgroup of its own.
	 */
	old = set_active_memcg(v->memcg);
	hv_runstate_start(v);
	while (!kthread_should_stop()) {
		if (!hv_vcpu_should_run(v)) {
			hv_vcpu_wait_run(v);
			continue;
		}
		if (!hv_prepare_entry(v))
			continue;
		hv_runstate_publish(v);
		exit = hv_vcpu_enter(v);
		hv_handle_exit(v, exit);
		cond_resched();
	}
	hv_runstate_stop(v);
	set_active_memcg(old);
	return 0;
}

/*
 * Make the vCPU leave the guest world soon, wherever it runs: wake it if
 * it sleeps, and kick_process() sends the reschedule IPI to its CPU if it
 * runs there, which exits the guest world.
 */
void hv_vcpu_kick(struct hv_vcpu *v)
{
	wake_up(&v->wq);
	kick_process(v->thread);
}

/* --- creation --- */

static int hv_vcpu_alloc_gdt(struct hv_vcpu *v)
{
	v->gdt = __vmalloc(PV_GDT_PAGES * PAGE_SIZE,
			   GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!v->gdt)
		return -ENOMEM;
	hv_cpu_fill_reserved_gdt((void *)v->gdt + 14 * PAGE_SIZE);
	hv_lean_forget(v);
	v->sw.hyp_gdtr.limit = PV_GDT_PAGES * PAGE_SIZE - 1;
	v->sw.hyp_gdtr.base = (unsigned long)v->gdt;
	return 0;
}

void hv_vcpu_init_regs(struct hv_vcpu *v, u32 eip, u32 esp, u32 esi)
{
	struct hv_regs *r = &v->sw.regs;

	memset(r, 0, sizeof(*r));
	r->rip = eip;
	r->rsp = esp;
	r->rsi = esi;
	r->cs = PV_FLAT_RING1_CS;
	r->ss = PV_FLAT_RING1_DS;
	r->rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	v->sw.ds = PV_FLAT_RING1_DS;
	v->sw.es = PV_FLAT_RING1_DS;
	v->sw.fs = PV_FLAT_RING1_DS;
	v->sw.gs = PV_FLAT_RING1_DS;
	v->kernel_ss = PV_FLAT_RING1_DS;
	v->kernel_sp = esp;
}

struct hv_vcpu *hv_vcpu_create(struct hv_dom *d)
{
	struct hv_vcpu *v;
	int err;

	v = kvzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return ERR_PTR(-ENOMEM);
	v->dom = d;
	v->regs = &v->sw.regs;
	v->time_cpu = -1;		/* the first entry takes a snapshot */
	v->shared = page_address(d->shared_info);
	v->vi = &v->shared->vcpu_info[0];
	v->vi_pfn = U32_MAX;
	v->dr6 = DR6_RESERVED;
	v->dr7 = HV_DR7_RESET;
	hrtimer_init(&v->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	v->timer.function = hv_timer_fn;
	hrtimer_init(&v->ptimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	v->ptimer.function = hv_ptimer_fn;
	v->period_ns = PV_PERIODIC_DEFAULT_NS;	/* ABI 3.14 */
	seqcount_init(&v->rs_seq);
	v->rs.state = PV_RUNSTATE_OFFLINE;
	v->rs.state_entry_time = ktime_get_ns();
	init_waitqueue_head(&v->wq);
	hv_cpu_hyp_idtr(&v->sw.hyp_idtr);
	/* The caller is the process that starts the domain (netlink). */
	v->memcg = get_mem_cgroup_from_mm(current->mm);

	err = -ENOMEM;
	/* XSAVE wants 64-byte alignment: power-of-two kmalloc sizes give it. */
	v->fpu = kvzalloc(roundup_pow_of_two(hv_fpu_size), GFP_KERNEL_ACCOUNT);
	if (!v->fpu)
		goto err_free;
	hv_fpu_init(v->fpu);
	err = hv_trace_alloc(&v->trace);
	if (err)
		goto err_fpu;
	err = hv_vcpu_alloc_gdt(v);
	if (err)
		goto err_trace;
	err = hv_paging_top(v);
	if (err)
		goto err_gdt;
	v->thread = kthread_create(hv_vcpu_thread, v, "hv-%u/0", d->id);
	if (IS_ERR(v->thread)) {
		err = PTR_ERR(v->thread);
		goto err_top;
	}
	/* Timers kick the thread until they are cancelled, after it ends. */
	get_task_struct(v->thread);
	return v;

err_top:
	hv_paging_free_top(v);
err_gdt:
	vfree(v->gdt);
err_trace:
	hv_trace_free(&v->trace);
err_fpu:
	kvfree(v->fpu);
err_free:
	mem_cgroup_put(v->memcg);
	kvfree(v);
	return ERR_PTR(err);
}

int hv_vcpu_start(struct hv_vcpu *v)
{
	wake_up_process(v->thread);
	return 0;
}

/*
 * Stop the vCPU for good (destroy): its thread leaves the guest and ends,
 * wherever it was (hypercalls notice kthread_should_stop() or the dying
 * domain), then its timers are cancelled: only the thread arms them, and
 * the periodic one re-arms itself until cancelled.  Nothing is freed: the
 * vCPU stays valid for whoever still holds the domain (locking.rst).
 */
void hv_vcpu_stop(struct hv_vcpu *v)
{
	hv_vcpu_kick(v);
	kthread_stop(v->thread);
	hrtimer_cancel(&v->timer);
	hrtimer_cancel(&v->ptimer);
}

/* With the domain's last reference, after hv_vcpu_stop(). */
void hv_vcpu_free(struct hv_vcpu *v)
{
	put_task_struct(v->thread);
	vfree(v->ldt);
	hv_paging_free_top(v);
	vfree(v->gdt);
	hv_trace_free(&v->trace);
	kvfree(v->fpu);
	mem_cgroup_put(v->memcg);
	kvfree(v);
}

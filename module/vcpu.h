/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtual CPU: the thread that runs the guest, the guest's registers and
 * the virtual state the PV ABI gives it (trap table, callbacks, stacks).
 */
#ifndef _HV_VCPU_H
#define _HV_VCPU_H

#include <linux/hrtimer.h>
#include <linux/seqlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/hv.h>
#include <linux/hv_pv32.h>

#include "switch.h"
#include "trace.h"

#define HV_LDT_MAX_ENTRIES	8192
#define HV_LDT_PAGES		(HV_LDT_MAX_ENTRIES * 8 / 4096)
#define HV_LDT_SEL		0xe050	/* ABI 5.1: the reserved LDT slot */
#define HV_ESPFIX_PAGES		4	/* PDPT, PD, PT and the page */

struct hv_dom;
struct hv_mc_call;
struct mem_cgroup;
struct task_struct;
struct page;

/* One slot of the virtual IDT (set_trap_table). */
struct hv_vtrap {
	u32 eip;
	u16 cs;
	u8 flags;		/* PV_TI_* */
};

/* A registered entry point (callback_op). */
struct hv_callback {
	u32 eip;
	u16 cs;
	u16 flags;		/* PV_CALLBACKF_* */
};

/*
 * Where a guest stack page lives in the host, for the lean bounce, upcall
 * and iret of switch.S: they write and read their frames through it with
 * plain moves, no page walk.  Filled by hv_kstack_fill() from a walk of
 * the current tables, dropped by hv_kstack_forget() whenever that
 * translation may change (Documentation/design.rst, "The kernel stack
 * cache").  Two of them: the page under kernel_sp (frames from ring 3)
 * and the last ring-1 stack page a frame went to or came from, or the
 * kernel stack before the last stack_switch (hv_kstack_switch()).
 */
enum { HV_KSTACK_KERNEL, HV_KSTACK_RING1, HV_KSTACK_NR };

struct hv_kstack {
	u32 tag;			/* the page's linear address | 1; 0: none */
	u32 l1_pfn, l1_slot;		/* the L1 entry that maps it */
	u8 *host;			/* the page, writable: page_address() */
};

/*
 * The guest's own selectors the lean paths of switch.S load as they load
 * hv's flat ones, with no look at their descriptors: one each for ring-1
 * code and stack and ring-3 code and stack, each a GDT selector whose
 * descriptor hv_lean_learn() found flat when hv_entry_ok() passed it
 * (Documentation/design.rst, "Lean selectors").  hv's own flat selectors
 * when none: hv_lean_forget() puts them back on every change that can
 * touch the descriptors behind the others (desc.c).
 */
struct hv_lean_sels {
	u16 ring1_cs, ring1_ds, ring3_cs, ring3_ds;
};

struct hv_vcpu {
	struct hv_switch sw;		/* what switch.S reads and writes */
	/*
	 * The guest registers being worked on: &sw.regs in the host, the
	 * frame on the stack in the fast path (no copying either way).
	 */
	struct hv_regs *regs;
	struct hv_dom *dom;
	struct task_struct *thread;
	wait_queue_head_t wq;		/* pause, resume and stop wake it */
	struct mem_cgroup *memcg;	/* the creator's: the thread charges it */
	bool parked;			/* asleep, out of the guest (debug.c) */
	struct hv_trace trace;		/* written by the thread only */

	/* The hypervisor's view of the guest address space and CPU. */
	u64 *top;			/* PML4, or PML5 on 5-level hosts */
	u64 *pml4;
	u64 *espfix[HV_ESPFIX_PAGES];	/* 16-bit stack return (paging.c) */
	u64 *gdt;			/* 15 pages: guest's, then reserved */
	unsigned int gdt_entries;	/* set_gdt: entries the guest owns */
	u32 gdt_pfns[PV_GDT_PAGES - 1];	/* and the frames they came from */
	u64 *ldt;			/* set_ldt: checked copy, or NULL */
	unsigned int ldt_entries;
	u32 ldt_pfns[HV_LDT_PAGES];	/* the frames it came from */
	void *fpu;			/* XSAVE (or FXSAVE) image */

	/* Virtual CPU state of the PV ABI. */
	struct hv_vtrap traps[256];
	u32 kernel_ss, kernel_sp;	/* stack_switch */
	struct hv_lean_sels lean;	/* for switch.S (desc.c) */
	struct hv_kstack kstack[HV_KSTACK_NR];	/* stack pages (paging.c) */
	u32 hcall_page;			/* its linear address; 1: none */
	struct hv_callback event, failsafe, syscall32, sysenter;
	u32 vcr2;			/* what the guest sees as CR2 */
	u32 dr[4];			/* DR0-DR3 (debugreg.c) */
	u32 dr6;			/* what the guest sees as DR6 */
	u32 dr7;			/* its DR7: loaded only if enabling */
	bool vts;			/* virtual CR0.TS */
	u8 viopl;			/* physdev_op set_iopl */
	u32 vm_assist;

	/*
	 * Where the guest finds its vcpu_info: shared_info's slot, or the
	 * place register_vcpu_info moved it to (a frame held writable).
	 */
	struct pv_vcpu_info *vi;
	u32 vi_pfn;			/* ~0: still in shared_info */
	struct pv_shared_info *shared;	/* page_address(dom->shared_info) */

	struct hrtimer timer;		/* set_timer_op: raises VIRQ_TIMER */
	struct hrtimer ptimer;		/* the periodic timer, same VIRQ */
	u64 period_ns;			/* 0: stopped */
	const u32 *poll_ports;		/* sched_op poll: ports watched */
	unsigned int poll_nr;
	struct hv_mc_call *mc;		/* the multicall entry running */

	/* Virtual time: the runstate, kept by runstate.c (single writer). */
	seqcount_t rs_seq;
	struct pv_runstate rs;
	u64 rs_run_delay;		/* sched_info.run_delay at the last change */
	u32 rs_area;			/* guest VA of its copy, 0: none */

	/* Where and when the guest's time snapshot was taken (time.c). */
	int time_cpu;
	u64 time_stamp;

	/* Counters (hvctl show) and time. */
	u64 exits[HV_EXIT_MAX + 1];
	u64 hypercalls[PV_HC_NR];
	u64 bounces[256];
	u64 run_ns;
	atomic64_t ev_stats[HV_EVSTAT_MAX + 1];	/* enum hv_event_stat */
	u64 flushes[HV_FLUSHSTAT_MAX + 1];	/* enum hv_flush_stat */
};

/*
 * An upcall is due: an event pending, not masked, a callback to enter
 * (ABI 5.5).  Inline: the fast path asks after every hypercall.
 */
static __always_inline bool hv_upcall_deliverable(struct hv_vcpu *v)
{
	struct pv_vcpu_info *vi = v->vi;

	return READ_ONCE(vi->evtchn_upcall_pending) &&
	       !READ_ONCE(vi->evtchn_upcall_mask) && v->event.cs;
}

struct hv_vcpu *hv_vcpu_create(struct hv_dom *d);
void hv_vcpu_stop(struct hv_vcpu *v);
void hv_vcpu_free(struct hv_vcpu *v);
int hv_vcpu_start(struct hv_vcpu *v);
void hv_vcpu_kick(struct hv_vcpu *v);
void hv_vcpu_init_regs(struct hv_vcpu *v, u32 eip, u32 esp, u32 esi);

int hv_vcpu_global_init(void);
bool hv_nmi_pending(void);

#endif /* _HV_VCPU_H */

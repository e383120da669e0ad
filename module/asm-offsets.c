// SPDX-License-Identifier: GPL-2.0
/*
 * The offsets switch.S uses, generated from the C structures (as the
 * kernel's asm-offsets.c does): compiled to assembly only, never linked,
 * and turned into hv-asm-offsets.h by module/Kbuild.  When a field
 * moves, switch.S follows; nothing is spelled out twice.
 */
#define COMPILE_OFFSETS

#include <linux/kbuild.h>
#include <linux/stddef.h>

#include "domain.h"
#include "hypercall.h"
#include "switch.h"
#include "trace.h"
#include "vcpu.h"

#define HVR(name, field)	OFFSET(HVR_##name, hv_regs, field)
#define HVS(name, field)	OFFSET(HVS_##name, hv_switch, field)

static void __used hv_offsets_regs(void)
{
	/* struct hv_regs: what a vector stub leaves on the stack. */
	HVR(R15, r15);
	HVR(R14, r14);
	HVR(R13, r13);
	HVR(R12, r12);
	HVR(RBP, rbp);
	HVR(RBX, rbx);
	HVR(R11, r11);
	HVR(R10, r10);
	HVR(R9, r9);
	HVR(R8, r8);
	HVR(RAX, rax);
	HVR(RCX, rcx);
	HVR(RDX, rdx);
	HVR(RSI, rsi);
	HVR(RDI, rdi);
	HVR(VECTOR, vector);
	HVR(ERROR, error);
	HVR(RIP, rip);
	HVR(CS, cs);
	HVR(RFLAGS, rflags);
	HVR(RSP, rsp);
	HVR(SS, ss);
	DEFINE(HVR_SIZE, sizeof(struct hv_regs));
}

static void __used hv_offsets_switch(void)
{
	HVS(REGS, regs);
	HVS(DS, ds);
	HVS(ES, es);
	HVS(FS, fs);
	HVS(GS, gs);
	HVS(CR2, cr2);
	HVS(HYP_CR3, hyp_cr3);
	HVS(HYP_GDTR, hyp_gdtr);
	HVS(TRANS_GDTR, trans_gdtr);
	HVS(HYP_IDTR, hyp_idtr);
	HVS(SP0_PTR, sp0_ptr);
	HVS(HOST_RSP, host_rsp);
	HVS(HOST_CR3, host_cr3);
	HVS(HOST_GDTR, host_gdtr);
	HVS(HOST_IDTR, host_idtr);
	HVS(HOST_LDTR, host_ldtr);
	HVS(HOST_DS, host_ds);
	HVS(HOST_ES, host_es);
	HVS(HOST_FS, host_fs);
	HVS(HOST_GS, host_gs);
	HVS(HOST_SS, host_ss);
	HVS(HOST_FSBASE, host_fsbase);
	HVS(HOST_GSBASE, host_gsbase);
	HVS(HOST_KGSBASE, host_kgsbase);
	HVS(FAULT_RIP, fault_rip);
	HVS(FAULT_VEC, fault_vec);
	HVS(LDT_SEL, ldt_sel);
	HVS(ESPFIX, espfix);
	HVS(ESPFIX_WR, espfix_wr);
	HVS(ESPFIX_RSP, espfix_rsp);
	DEFINE(HVS_SIZE, sizeof(struct hv_switch));
}

static void __used hv_offsets_vcpu(void)
{
	/* The stubs find the vCPU at its struct hv_switch: the first field. */
	BUILD_BUG_ON(offsetof(struct hv_vcpu, sw) != 0);
	OFFSET(HVV_REGS, hv_vcpu, regs);

	/* What the lean paths of switch.S read and write. */
	OFFSET(HVV_DOM, hv_vcpu, dom);
	OFFSET(HVV_TRACE_RECS, hv_vcpu, trace.recs);
	OFFSET(HVV_TRACE_HEAD, hv_vcpu, trace.head);
	OFFSET(HVV_TRAPS, hv_vcpu, traps);
	OFFSET(HVV_KERNEL_SS, hv_vcpu, kernel_ss);
	OFFSET(HVV_KERNEL_SP, hv_vcpu, kernel_sp);
	OFFSET(HVV_LEAN_RING1_CS, hv_vcpu, lean.ring1_cs);
	OFFSET(HVV_LEAN_RING1_DS, hv_vcpu, lean.ring1_ds);
	OFFSET(HVV_LEAN_RING3_CS, hv_vcpu, lean.ring3_cs);
	OFFSET(HVV_LEAN_RING3_DS, hv_vcpu, lean.ring3_ds);
	OFFSET(HVV_KSTACK0_TAG, hv_vcpu, kstack[HV_KSTACK_KERNEL].tag);
	OFFSET(HVV_KSTACK0_HOST, hv_vcpu, kstack[HV_KSTACK_KERNEL].host);
	OFFSET(HVV_KSTACK1_TAG, hv_vcpu, kstack[HV_KSTACK_RING1].tag);
	OFFSET(HVV_KSTACK1_HOST, hv_vcpu, kstack[HV_KSTACK_RING1].host);
	OFFSET(HVV_HCALL_PAGE, hv_vcpu, hcall_page);
	OFFSET(HVV_SHARED, hv_vcpu, shared);
	OFFSET(HVV_EVENT_CS, hv_vcpu, event.cs);
	OFFSET(HVV_EVENT_EIP, hv_vcpu, event.eip);
	OFFSET(HVV_VCR2, hv_vcpu, vcr2);
	OFFSET(HVV_VI, hv_vcpu, vi);
	OFFSET(HVV_HYPERCALLS, hv_vcpu, hypercalls);
	OFFSET(HVV_BOUNCES, hv_vcpu, bounces);
	OFFSET(HVV_EV_STATS, hv_vcpu, ev_stats);
	OFFSET(HVD_STATE, hv_dom, state);
	OFFSET(HVD_PORTS, hv_dom, events.ports);
	OFFSET(HVD_CONSOLE_PORT, hv_dom, events.console_port);
	OFFSET(HVD_STORE_PORT, hv_dom, events.store_port);
	OFFSET(HVD_FIFO, hv_dom, events.fifo);
	BUILD_BUG_ON(sizeof(struct hv_port) != 4);
	OFFSET(HVP_STATE, hv_port, state);
	OFFSET(HVP_PEER, hv_port, peer);
	OFFSET(HVSI_PENDING, pv_shared_info, evtchn_pending);
	OFFSET(HVSI_MASK, pv_shared_info, evtchn_mask);
	OFFSET(HVVI_SEL, pv_vcpu_info, evtchn_pending_sel);
	BUILD_BUG_ON(sizeof(((struct hv_dom *)0)->state) != 4);
	BUILD_BUG_ON(sizeof(struct hv_vtrap) != 8);
	OFFSET(HVT_EIP, hv_vtrap, eip);
	OFFSET(HVT_CS, hv_vtrap, cs);
	OFFSET(HVT_FLAGS, hv_vtrap, flags);
	OFFSET(HVVI_PENDING, pv_vcpu_info, evtchn_upcall_pending);
	OFFSET(HVVI_MASK, pv_vcpu_info, evtchn_upcall_mask);
	OFFSET(HVVI_CR2, pv_vcpu_info, cr2);
}

static void __used hv_offsets_trace(void)
{
	BUILD_BUG_ON(sizeof(struct hv_trace_rec) != 48);
	OFFSET(HVTR_TSC, hv_trace_rec, tsc);
	OFFSET(HVTR_KIND, hv_trace_rec, kind);
	OFFSET(HVTR_NR, hv_trace_rec, nr);
	OFFSET(HVTR_EIP, hv_trace_rec, eip);
	OFFSET(HVTR_CS, hv_trace_rec, cs);
	OFFSET(HVTR_ARG, hv_trace_rec, arg);
	OFFSET(HVTR_RES, hv_trace_rec, res);
	DEFINE(HV_TRACE_MASK, HV_TRACE_MASK);
	DEFINE(HV_TRACE_HYPERCALL, HV_TRACE_HYPERCALL);
	DEFINE(HV_TRACE_BOUNCE, HV_TRACE_BOUNCE);
	DEFINE(HV_TRACE_UPCALL, HV_TRACE_UPCALL);
	DEFINE(HV_EVENT_VECTOR, HV_EVENT_VECTOR);
	DEFINE(HV_EVSTAT_RAISED, HV_EVSTAT_RAISED);
	DEFINE(HV_EVSTAT_COALESCED, HV_EVSTAT_COALESCED);
	DEFINE(HV_EVSTAT_UPCALL, HV_EVSTAT_UPCALL);
}

/* Numbers of C enums and of the guest ABI's header, which asm cannot read. */
static void __used hv_offsets_numbers(void)
{
	DEFINE(HV_DOMAIN_STATE_RUNNING, HV_DOMAIN_STATE_RUNNING);
	DEFINE(HV_XENVER_VERSION, HV_XENVER_VERSION);
	DEFINE(PV_HC_XEN_VERSION, PV_HC_XEN_VERSION);
	DEFINE(PV_HC_IRET, PV_HC_IRET);
	DEFINE(PV_HC_STACK_SWITCH, PV_HC_STACK_SWITCH);
	DEFINE(PV_HC_EVENT_CHANNEL_OP, PV_HC_EVENT_CHANNEL_OP);
	DEFINE(PV_XENVER_VERSION, PV_XENVER_VERSION);
	DEFINE(PV_EVTCHNOP_send, PV_EVTCHNOP_send);
	DEFINE(PV_EVTCHNSTAT_INTERDOMAIN, PV_EVTCHNSTAT_INTERDOMAIN);
	DEFINE(PV_EVTCHNSTAT_IPI, PV_EVTCHNSTAT_IPI);
	DEFINE(HV_NR_PORTS, HV_NR_PORTS);
	DEFINE(PV_TI_MASK_EVENTS, PV_TI_MASK_EVENTS);
	DEFINE(PV_FLAT_RING1_CS, PV_FLAT_RING1_CS);
	DEFINE(PV_FLAT_RING1_DS, PV_FLAT_RING1_DS);
	DEFINE(PV_FLAT_RING3_CS, PV_FLAT_RING3_CS);
	DEFINE(PV_FLAT_RING3_DS, PV_FLAT_RING3_DS);
	DEFINE(PV_HOLE_START, PV_HOLE_START);
}

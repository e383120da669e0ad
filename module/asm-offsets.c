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
#include "switch.h"
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
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The world switch's view of a vCPU: struct hv_switch, shared by switch.S
 * and C.  switch.S reads the structures through the offsets that
 * asm-offsets.c generates from them (hv-asm-offsets.h, module/Kbuild).
 */
#ifndef _HV_SWITCH_H
#define _HV_SWITCH_H

/* Exit codes of hv_world_switch() beyond the vector numbers 0-255. */
#define HV_EXIT_HYPFAULT	0x100	/* a fault in hypervisor code */
#define HV_EXIT_NMI_LATCHED	0x101	/* an NMI hit hypervisor code */
#define HV_EXIT_REENTER		0x102	/* handled; only the entry is left */

/* What hv_fast_path() tells switch.S. */
#define HV_FAST_RESUME		0	/* back into the guest at once */
#define HV_FAST_EXIT		1	/* leave to the host */
#define HV_FAST_RESUME16	2	/* back, to a 16-bit stack segment */

/*
 * The 16-bit stack return (paging.c, hv_iret16 in switch.S): one page of
 * the vCPU's own, seen at every 4 KiB of the 4 GiB from HV_ESPFIX_BASE
 * (PML4 slot 1, out of reach of compatibility mode); the iret frame lies
 * at HV_ESPFIX_OFF in it.
 */
#define HV_ESPFIX_BASE		0x8000000000
#define HV_ESPFIX_OFF		0xf80

/* Selectors of the hypervisor's reserved GDT page (entries 7168-). */
#define HV_CS64		0xe008		/* 64-bit ring-0 code: IDT gates */
#define HV_DS0		0xe010
#define HV_HOST_CS	0x10		/* Linux's __KERNEL_CS */

#ifndef __ASSEMBLY__
#include <linux/types.h>
#include <asm/desc_defs.h>

struct hv_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	u64 vector, error;
	u64 rip, cs, rflags, rsp, ss;
};

/* A descriptor-table register image, padded to the 16 bytes above. */
struct hv_dtr {
	u16 limit;
	u64 base;
	u8 pad[6];
} __packed;

struct hv_switch {
	struct hv_regs regs;		/* the guest's, while it is out */
	u64 ds, es, fs, gs;		/* the guest's data selectors */
	u64 cr2;
	u64 hyp_cr3;
	struct hv_dtr hyp_gdtr, trans_gdtr, hyp_idtr;
	u64 *sp0_ptr;
	/* host state, saved by the entry and restored by the exit */
	u64 host_rsp, host_cr3;
	struct hv_dtr host_gdtr, host_idtr;
	u64 host_ldtr, host_ds, host_es, host_fs, host_gs, host_ss;
	u64 host_fsbase, host_gsbase, host_kgsbase;
	u64 fault_rip, fault_vec;
	u64 ldt_sel;
	u64 espfix, espfix_wr, espfix_rsp;
};

/* Run the guest until something needs the host; returns the exit code. */
u64 hv_world_switch(struct hv_switch *s);
/* Run host interrupt handler @entry as if the interrupt hit the host. */
void hv_call_host_handler(unsigned long entry);
extern const u8 hv_vector_stubs[];

/* Called by switch.S in the guest world: one of HV_FAST_*. */
int hv_fast_path(struct hv_regs *regs, struct hv_switch *s);
extern unsigned long hv_nmi_latch_off, hv_mce_latch_off, hv_cur_switch_off;
#endif

#define HV_STUB_SIZE	32

#endif /* _HV_SWITCH_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subset of Xen's x86_32 PAE PV guest ABI that the test guests use,
 * written from /work/shared/XEN-PV32-ABI.md (section numbers below refer
 * to it).  Layouts are i386: 4-byte longs, 64-bit fields 4-byte aligned.
 *
 * The constants are shared with the assembly files, the structures are C
 * only; check_abi_layout() in setup.c checks their offsets at build time.
 */
#ifndef GUEST_ABI_H
#define GUEST_ABI_H

/* Flat selectors in the hypervisor's reserved GDT page (5.1). */
#define FLAT_RING1_CS		0xe019
#define FLAT_RING1_DS		0xe021
#define FLAT_RING1_SS		0xe021
#define FLAT_RING3_CS		0xe02b
#define FLAT_RING3_DS		0xe033
#define FLAT_RING3_SS		0xe033
#define FIRST_RESERVED_GDT_ENTRY 7168

/* Hypercall numbers (2).  The page holds one 32-byte stub per number. */
#define __HYPERVISOR_set_trap_table	0
#define __HYPERVISOR_mmu_update		1
#define __HYPERVISOR_set_gdt		2
#define __HYPERVISOR_stack_switch	3
#define __HYPERVISOR_set_callbacks	4
#define __HYPERVISOR_fpu_taskswitch	5
#define __HYPERVISOR_set_debugreg	8
#define __HYPERVISOR_get_debugreg	9
#define __HYPERVISOR_update_descriptor	10
#define __HYPERVISOR_memory_op		12
#define __HYPERVISOR_multicall		13
#define __HYPERVISOR_update_va_mapping	14
#define __HYPERVISOR_set_timer_op	15
#define __HYPERVISOR_xen_version	17
#define __HYPERVISOR_console_io		18
#define __HYPERVISOR_physdev_op_compat	19
#define __HYPERVISOR_vm_assist		21
#define __HYPERVISOR_iret		23
#define __HYPERVISOR_vcpu_op		24
#define __HYPERVISOR_mmuext_op		26
#define __HYPERVISOR_sched_op		29
#define __HYPERVISOR_callback_op	30
#define __HYPERVISOR_event_channel_op	32
#define __HYPERVISOR_physdev_op	33

/* physdev_op commands */
#define PHYSDEVOP_set_iopl		6

#define HYPERCALL_STUB_SIZE	32

/* Xen ELF note types (6.1). */
#define XEN_ELFNOTE_ENTRY		1
#define XEN_ELFNOTE_HYPERCALL_PAGE	2
#define XEN_ELFNOTE_XEN_VERSION		5
#define XEN_ELFNOTE_GUEST_OS		6
#define XEN_ELFNOTE_GUEST_VERSION	7
#define XEN_ELFNOTE_LOADER		8
#define XEN_ELFNOTE_PAE_MODE		9
#define XEN_ELFNOTE_FEATURES		10

/* Error numbers (1.3); hypercalls return them negated. */
#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define E2BIG		7
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define EINVAL		22
#define ENOSPC		28
#define ERANGE		34
#define XEN_ENOSYS	38	/* -ENOSYS: not implemented */
#define EOPNOTSUPP	95

/* Hypervisor hole and the read-only M2P table inside it (5.7). */
#define HYPERVISOR_VIRT_START	0xf5800000u
#define MACH2PHYS_VIRT_START	0xf5800000u
#define MACH2PHYS_VIRT_END	0xffe00000u
#define INVALID_M2P_ENTRY	0xffffffffu

/* PAE page-table entry bits (5.6). */
#define _PAGE_PRESENT	0x001u
#define _PAGE_RW	0x002u
#define _PAGE_USER	0x004u
#define _PAGE_PWT	0x008u
#define _PAGE_PCD	0x010u
#define _PAGE_ACCESSED	0x020u
#define _PAGE_DIRTY	0x040u
#define _PAGE_PSE	0x080u
#define _PAGE_GLOBAL	0x100u
#define PTE_MFN_MASK	0x000ffffffffff000ull

/* #PF error code bits, as delivered in the bounce frame. */
#define PFEC_PRESENT	0x1u
#define PFEC_WRITE	0x2u
#define PFEC_USER	0x4u
#define PFEC_RSVD	0x8u
#define PFEC_INSN	0x10u

/* EFLAGS */
#define X86_EFLAGS_FIXED	0x00000002u
#define X86_EFLAGS_IF		0x00000200u
#define X86_EFLAGS_OF		0x00000800u
#define X86_EFLAGS_IOPL		0x00003000u

/* trap_info.flags (3.1) */
#define TI_DPL(n)		((n) & 3)
#define TI_MASK_EVENTS		4

/* update_va_mapping flags (3.8) */
#define UVMF_NONE		0
#define UVMF_TLB_FLUSH		1
#define UVMF_INVLPG		2
#define UVMF_LOCAL		0
#define UVMF_ALL		4

/* mmu_update sub-commands (3.2) */
#define MMU_NORMAL_PT_UPDATE	0
#define MMU_MACHPHYS_UPDATE	1
#define DOMID_SELF		0x7ff0

/* mmuext_op commands (3.15) */
#define MMUEXT_PIN_L1_TABLE	0
#define MMUEXT_PIN_L2_TABLE	1
#define MMUEXT_PIN_L3_TABLE	2
#define MMUEXT_UNPIN_TABLE	4
#define MMUEXT_NEW_BASEPTR	5
#define MMUEXT_TLB_FLUSH_LOCAL	6
#define MMUEXT_INVLPG_LOCAL	7
#define MMUEXT_SET_LDT		13

/* memory_op sub-commands (3.6) */
#define XENMEM_maximum_ram_page		2
#define XENMEM_current_reservation	3
#define XENMEM_maximum_reservation	4
#define XENMEM_machphys_mapping		12

/* xen_version commands (3.10) */
#define XENVER_version			0
#define XENVER_extraversion		1
#define XENVER_compile_info		2
#define XENVER_capabilities		3
#define XENVER_changeset		4
#define XENVER_platform_parameters	5
#define XENVER_get_features		6
#define XENVER_pagesize			7
#define XENVER_guest_handle		8
#define XENVER_commandline		9
#define XENVER_build_id			10

#define XENFEAT_pae_pgdir_above_4gb	4
#define XENFEAT_mmu_pt_update_preserve_ad 5
#define XENFEAT_gnttab_map_avail_bits	7

/* console_io commands (3.11) */
#define CONSOLEIO_write		0
#define CONSOLEIO_read		1

/* vm_assist (3.12) */
#define VMASST_CMD_enable		0
#define VMASST_CMD_disable		1
#define VMASST_TYPE_writable_pagetables	2
#define VMASST_TYPE_pae_extended_cr3	3
#define VMASST_TYPE_runstate_update_flag 5

/* vcpu_op commands (3.14) */
#define VCPUOP_up		1
#define VCPUOP_down		2
#define VCPUOP_is_up		3
#define VCPUOP_get_runstate_info 4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9
#define VCPUOP_register_vcpu_info 10

/* sched_op commands and shutdown reasons (3.16) */
#define SCHEDOP_yield		0
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2
#define SCHEDOP_poll		3
#define SHUTDOWN_poweroff	0
#define SHUTDOWN_reboot		1
#define SHUTDOWN_suspend	2
#define SHUTDOWN_crash		3
#define SHUTDOWN_watchdog	4

/* callback_op (3.17) */
#define CALLBACKOP_register	0
#define CALLBACKOP_unregister	1
#define CALLBACKTYPE_event	0
#define CALLBACKTYPE_failsafe	1
#define CALLBACKTYPE_nmi	4
#define CALLBACKTYPE_sysenter	5
#define CALLBACKTYPE_syscall32	7
#define CALLBACKF_mask_events	1

/* start_info.flags (4.4) */
#define SIF_PRIVILEGED		0x1
#define SIF_INITDOMAIN		0x2

#define XEN_START_INFO_MAGIC	"xen-3.0-x86_32p"

#ifndef __ASSEMBLY__

#include "types.h"

/* 3.1: one virtual IDT slot; a table ends with address 0. */
struct trap_info {
	u8 vector;
	u8 flags;
	u16 cs;
	u32 address;
};

/* 3.2 */
struct mmu_update {
	u64 ptr;
	u64 val;
} __packed;

/* 3.15 */
struct mmuext_op {
	u32 cmd;
	u32 arg1;
	u32 arg2;
};

/* get_runstate_info, register_runstate_memory_area (3.14) */
struct vcpu_runstate_info {
	u32 state;
	u64 state_entry_time;
	u64 time[4];
} __packed;

/* 3.7 */
struct multicall_entry {
	u32 op;
	u32 result;
	u32 args[6];
};

/* 3.6 */
struct xen_machphys_mapping {
	u32 v_start;
	u32 v_end;
	u32 max_mfn;
};

/* 3.10 */
struct xen_platform_parameters {
	u32 virt_start;
};

/* 3.16 */
struct sched_shutdown {
	u32 reason;
};

/* 3.17 */
struct callback_register {
	u16 type;
	u16 flags;
	u32 cs;
	u32 eip;
};

struct callback_unregister {
	u16 type;
};

/* 3.16: sched_op poll */
struct sched_poll {
	u32 ports;		/* pointer to nr_ports u32 port numbers */
	u32 nr_ports;
	u64 timeout;		/* absolute system time in ns; 0 = none */
} __packed;

/*
 * 4.4: the PV console ring in the page at start_info.console_mfn.  The
 * guest produces out[] and consumes in[]; the indices run free (modulo the
 * ring size when used) and are signalled on start_info.console_evtchn.
 */
#define CONS_RING_IN_SIZE	1024
#define CONS_RING_OUT_SIZE	2048

struct cons_ring {
	char in[CONS_RING_IN_SIZE];
	char out[CONS_RING_OUT_SIZE];
	u32 in_cons, in_prod;
	u32 out_cons, out_prod;
};

/* 4.1 */
struct vcpu_time_info {
	u32 version;
	u32 pad0;
	u64 tsc_timestamp;
	u64 system_time;
	u32 tsc_to_system_mul;
	s8 tsc_shift;
	u8 flags;
	u8 pad1[2];
} __packed;

/* 4.2 */
struct arch_vcpu_info {
	u32 cr2;
	u32 pad[5];
};

struct vcpu_info {
	u8 evtchn_upcall_pending;
	u8 evtchn_upcall_mask;
	u8 pad[2];
	u32 evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
} __packed;

/* 4.3, the part the guests read */
struct shared_info {
	struct vcpu_info vcpu_info[32];
	u32 evtchn_pending[32];
	u32 evtchn_mask[32];
	u32 wc_version;
	u32 wc_sec;
	u32 wc_nsec;
} __packed;

/* 4.4 */
struct start_info {
	char magic[32];
	u32 nr_pages;
	u32 shared_info;	/* machine address */
	u32 flags;
	u32 store_mfn;
	u32 store_evtchn;
	u32 console_mfn;
	u32 console_evtchn;
	u32 pt_base;		/* VA of the bootstrap L3 */
	u32 nr_pt_frames;
	u32 mfn_list;		/* VA of the P2M */
	u32 mod_start;
	u32 mod_len;
	char cmd_line[1024];
	u32 first_p2m_pfn;
	u32 nr_p2m_frames;
} __packed;

#endif /* !__ASSEMBLY__ */
#endif /* GUEST_ABI_H */

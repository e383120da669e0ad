/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * The guest ABI hv serves: Xen's x86_32 PAE paravirtual ABI, as a 64-bit
 * hypervisor serves it to 32-bit guests.  Written from the facts listed in
 * shared/XEN-PV32-ABI.md (section numbers below refer to it); layouts are
 * the i386 ones, 64-bit fields aligned to 4 bytes.
 *
 * The module and libhv's domain builder use it; test guests have their own.
 */
#ifndef _UAPI_LINUX_HV_PV32_H
#define _UAPI_LINUX_HV_PV32_H

#include <linux/types.h>

/* Xen's errno for "no such hypercall or sub-command" (= Linux ENOSYS). */
#define PV_ENOSYS			38

/* §2: hypercall numbers */
#define PV_HC_SET_TRAP_TABLE		0
#define PV_HC_MMU_UPDATE		1
#define PV_HC_SET_GDT			2
#define PV_HC_STACK_SWITCH		3
#define PV_HC_SET_CALLBACKS		4
#define PV_HC_FPU_TASKSWITCH		5
#define PV_HC_SCHED_OP_COMPAT		6
#define PV_HC_SET_DEBUGREG		8
#define PV_HC_GET_DEBUGREG		9
#define PV_HC_UPDATE_DESCRIPTOR		10
#define PV_HC_MEMORY_OP			12
#define PV_HC_MULTICALL			13
#define PV_HC_UPDATE_VA_MAPPING		14
#define PV_HC_SET_TIMER_OP		15
#define PV_HC_EVENT_CHANNEL_OP_COMPAT	16
#define PV_HC_XEN_VERSION		17
#define PV_HC_CONSOLE_IO		18
#define PV_HC_PHYSDEV_OP_COMPAT		19
#define PV_HC_GRANT_TABLE_OP		20
#define PV_HC_VM_ASSIST			21
#define PV_HC_IRET			23
#define PV_HC_VCPU_OP			24
#define PV_HC_MMUEXT_OP			26
#define PV_HC_SCHED_OP			29
#define PV_HC_CALLBACK_OP		30
#define PV_HC_EVENT_CHANNEL_OP		32
#define PV_HC_PHYSDEV_OP		33
#define PV_HC_NR			64	/* numbers we count */

/* Xen's hypercall vector; hv's page uses 0x80 (guest-abi.rst). */
#define PV_HYPERCALL_VECTOR_XEN		0x82

/* §1.1: the hypercall page holds 128 stubs of 32 bytes */
#define PV_HYPERCALL_STUB_SIZE		32

/* §5.1: flat selectors in the reserved GDT page */
#define PV_FLAT_RING1_CS		0xe019
#define PV_FLAT_RING1_DS		0xe021
#define PV_FLAT_RING3_CS		0xe02b
#define PV_FLAT_RING3_DS		0xe033
#define PV_FIRST_RESERVED_GDT_ENTRY	7168
#define PV_GDT_PAGES			15

/* §5.7: the hypervisor hole and the M2P in it */
#define PV_HOLE_START			0xf5800000u
#define PV_M2P_START			0xf5800000u
#define PV_M2P_END			0xffe00000u
#define PV_M2P_MAX_MFN			0x297ffffu

/* §3.1 */
struct pv_trap_info {
	__u8 vector;
	__u8 flags;		/* bits 0-1: DPL; bit 2: mask events */
	__u16 cs;
	__u32 address;
};

#define PV_TI_DPL_MASK			3
#define PV_TI_MASK_EVENTS		4

/* §2: DOMID_SELF, the caller's own domain in any domid argument */
#define PV_DOMID_SELF			0x7ff0

/*
 * §3.19: grant_table_op (cmd, uop, count).  Bits 12-31 of cmd are a
 * continuation's own; for the commands below they must be zero.
 */
#define PV_GNTTABOP_map_grant_ref	0
#define PV_GNTTABOP_unmap_grant_ref	1
#define PV_GNTTABOP_setup_table		2
#define PV_GNTTABOP_dump_table		3
#define PV_GNTTABOP_transfer		4
#define PV_GNTTABOP_copy		5
#define PV_GNTTABOP_query_size		6
#define PV_GNTTABOP_unmap_and_replace	7
#define PV_GNTTABOP_set_version		8
#define PV_GNTTABOP_get_status_frames	9
#define PV_GNTTABOP_get_version		10
#define PV_GNTTABOP_swap_grant_ref	11
#define PV_GNTTABOP_cache_flush		12
#define PV_GNTTABOP_CMD_MASK		0xfff

/*
 * A version-1 grant entry: the guest fills domid and frame (an MFN), then
 * flags; the hypervisor sets READING and WRITING while the frame is in
 * use by @domid and clears them when it is not.
 */
struct pv_grant_entry_v1 {
	__u16 flags;
	__u16 domid;		/* who may use the frame */
	__u32 frame;
};

#define PV_GTF_TYPE_MASK		0x0003
#define PV_GTF_INVALID			0x0000
#define PV_GTF_PERMIT_ACCESS		0x0001
#define PV_GTF_ACCEPT_TRANSFER		0x0002
#define PV_GTF_TRANSITIVE		0x0003
#define PV_GTF_READONLY			0x0004
#define PV_GTF_READING_BIT		3
#define PV_GTF_WRITING_BIT		4
#define PV_GTF_READING			(1 << PV_GTF_READING_BIT)
#define PV_GTF_WRITING			(1 << PV_GTF_WRITING_BIT)
#define PV_GTF_SUB_PAGE			0x0100	/* version 2 only */

/* Status codes, written into the operation's status field */
#define PV_GNTST_OKAY			0
#define PV_GNTST_GENERAL_ERROR		(-1)
#define PV_GNTST_BAD_DOMAIN		(-2)
#define PV_GNTST_BAD_GNTREF		(-3)
#define PV_GNTST_BAD_HANDLE		(-4)
#define PV_GNTST_BAD_VIRT_ADDR		(-5)
#define PV_GNTST_BAD_DEV_ADDR		(-6)
#define PV_GNTST_NO_DEVICE_SPACE	(-7)
#define PV_GNTST_PERMISSION_DENIED	(-8)
#define PV_GNTST_BAD_PAGE		(-9)
#define PV_GNTST_BAD_COPY_ARG		(-10)
#define PV_GNTST_ADDRESS_TOO_BIG	(-11)
#define PV_GNTST_EAGAIN			(-12)

struct pv_gnttab_setup_table {
	__u16 dom;
	__u16 pad0;
	__u32 nr_frames;
	__s16 status;		/* out */
	__u16 pad1;
	__u32 frame_list;	/* guest pointer to nr_frames 32-bit MFNs */
};

struct pv_gnttab_query_size {
	__u16 dom;
	__u16 pad0;
	__u32 nr_frames;	/* out */
	__u32 max_nr_frames;	/* out */
	__s16 status;		/* out */
	__u16 pad1;
};

struct pv_gnttab_set_version {
	__u32 version;		/* in, and out: the version in force */
};

struct pv_gnttab_get_version {
	__u16 dom;
	__u16 pad;
	__u32 version;		/* out */
};

/* One side of a copy: a grant reference of @domid, or one of our MFNs. */
struct pv_gnttab_copy_ptr {
	__u32 ref_or_gmfn;
	__u16 domid;
	__u16 offset;
};

#define PV_GNTCOPY_SOURCE_GREF		0x1
#define PV_GNTCOPY_DEST_GREF		0x2

struct pv_gnttab_copy {
	struct pv_gnttab_copy_ptr source, dest;
	__u16 len;
	__u16 flags;		/* PV_GNTCOPY_* */
	__s16 status;		/* out */
	__u16 pad;
};

/* §3.16: sched_op */
#define PV_SCHEDOP_YIELD		0
#define PV_SCHEDOP_BLOCK		1
#define PV_SCHEDOP_SHUTDOWN		2
#define PV_SCHEDOP_POLL			3

struct pv_sched_poll {
	__u32 ports;		/* guest pointer to a __u32 array */
	__u32 nr_ports;
	__u64 timeout;		/* absolute system time in ns, 0: none */
} __attribute__((packed));

#define PV_POLL_MAX_PORTS		128

/* §3.14: vcpu_op */
#define PV_VCPUOP_UP			1
#define PV_VCPUOP_DOWN			2
#define PV_VCPUOP_IS_UP			3
#define PV_VCPUOP_GET_RUNSTATE_INFO	4
#define PV_VCPUOP_REGISTER_RUNSTATE_AREA 5
#define PV_VCPUOP_SET_PERIODIC_TIMER	6
#define PV_VCPUOP_STOP_PERIODIC_TIMER	7
#define PV_VCPUOP_SET_SINGLESHOT_TIMER	8
#define PV_VCPUOP_STOP_SINGLESHOT_TIMER	9
#define PV_VCPUOP_REGISTER_VCPU_INFO	10

#define PV_RUNSTATE_RUNNING		0
#define PV_RUNSTATE_RUNNABLE		1
#define PV_RUNSTATE_BLOCKED		2
#define PV_RUNSTATE_OFFLINE		3
#define PV_RUNSTATE_UPDATE		(1ULL << 63)	/* in state_entry_time */

/* 44 bytes: 64-bit fields are only 4-byte aligned in the 32-bit ABI. */
struct pv_runstate {
	__u32 state;
	__u64 state_entry_time;
	__u64 time[4];		/* ns spent in each state */
} __attribute__((packed));

struct pv_register_vcpu_info {
	__u64 mfn;
	__u32 offset;
	__u32 rsvd;
} __attribute__((packed));

#define PV_PERIODIC_MIN_NS		1000000ULL	/* 1 ms */
#define PV_PERIODIC_DEFAULT_NS		10000000ULL	/* 10 ms */

/* §3.18: event_channel_op commands */
#define PV_EVTCHNOP_bind_interdomain	0
#define PV_EVTCHNOP_bind_virq		1
#define PV_EVTCHNOP_close		3
#define PV_EVTCHNOP_send		4
#define PV_EVTCHNOP_status		5
#define PV_EVTCHNOP_alloc_unbound	6
#define PV_EVTCHNOP_bind_ipi		7
#define PV_EVTCHNOP_unmask		9
#define PV_EVTCHNOP_init_control	11
#define PV_EVTCHNOP_expand_array	12
#define PV_EVTCHNOP_set_priority	13

/*
 * The FIFO ABI (Xen 4.4): each port has a 32-bit event word in pages the
 * guest adds (expand_array); PENDING, MASKED, LINKED and BUSY flags and
 * the LINK to the next port of its queue.  Each vCPU has a control block
 * (init_control): a READY bit per priority and the head of each queue.
 * Priority 0 is the highest.
 */
#define PV_EVTCHN_FIFO_PENDING		31
#define PV_EVTCHN_FIFO_MASKED		30
#define PV_EVTCHN_FIFO_LINKED		29
#define PV_EVTCHN_FIFO_BUSY		28
#define PV_EVTCHN_FIFO_LINK_BITS	17
#define PV_EVTCHN_FIFO_LINK_MASK	((1U << PV_EVTCHN_FIFO_LINK_BITS) - 1)
#define PV_EVTCHN_FIFO_PRIORITY_MAX	0
#define PV_EVTCHN_FIFO_PRIORITY_DEFAULT	7
#define PV_EVTCHN_FIFO_PRIORITY_MIN	15
#define PV_EVTCHN_FIFO_MAX_QUEUES	(PV_EVTCHN_FIFO_PRIORITY_MIN + 1)

struct pv_evtchn_fifo_control_block {
	__u32 ready;			/* a bit per priority */
	__u32 rsvd;
	__u32 head[PV_EVTCHN_FIFO_MAX_QUEUES];
};

/* init_control (24 bytes): gfn @0, offset @8, vcpu @12; link_bits @16 out */
struct pv_evtchn_init_control {
	__u64 control_gfn;
	__u32 offset;
	__u32 vcpu;
	__u8 link_bits;
	__u8 pad[7];
} __attribute__((packed));

/* §3.18: EVTCHNOP_status, what a port is bound to */
#define PV_EVTCHNSTAT_CLOSED		0
#define PV_EVTCHNSTAT_UNBOUND		1
#define PV_EVTCHNSTAT_INTERDOMAIN	2
#define PV_EVTCHNSTAT_VIRQ		4
#define PV_EVTCHNSTAT_IPI		5

/* §3.18, §5.5: virtual IRQs */
#define PV_VIRQ_TIMER			0
#define PV_VIRQ_CONSOLE			2

/*
 * The PV console ring (start_info console.domU): one page in the guest's
 * memory, input ring then output ring, free-running indices after them.
 * The guest produces output and consumes input, then signals the console
 * event channel; the backend (hv) does the reverse.
 */
#define PV_CONS_IN_SIZE			1024
#define PV_CONS_OUT_SIZE		2048

struct pv_cons_ring {
	char in[PV_CONS_IN_SIZE];
	char out[PV_CONS_OUT_SIZE];
	__u32 in_cons, in_prod;
	__u32 out_cons, out_prod;
};

/*
 * The xenstore ring (start_info store_mfn, store_evtchn; Xen's
 * io/xs_wire.h): requests from the guest in req[], replies and watch
 * events from the server (hv) in rsp[], free-running indices.  Each
 * message is a header and len <= PV_XS_PAYLOAD_MAX bytes of payload.
 */
#define PV_XS_RING_SIZE			1024
#define PV_XS_PAYLOAD_MAX		4096
#define PV_XS_ABS_PATH_MAX		3072
#define PV_XS_REL_PATH_MAX		2048
#define PV_XS_FEATURE_ERROR		2	/* the error field is there */
#define PV_XS_ERROR_RINGIDX		2	/* indices further apart than a ring */
#define PV_XS_ERROR_PROTO		3	/* a payload over the maximum */

struct pv_xs_ring {
	char req[PV_XS_RING_SIZE];
	char rsp[PV_XS_RING_SIZE];
	__u32 req_cons, req_prod;
	__u32 rsp_cons, rsp_prod;
	__u32 server_features;
	__u32 connection;
	__u32 error;
};

/*
 * The block device ring (Xen's io/blkif.h and io/ring.h), in the layout
 * of the x86_32 ABI ("x86_32-abi"): requests packed with 4-byte
 * alignment, 108 bytes, and 12-byte responses share the slots of one
 * page after a 64-byte header; 32 slots.  Indices run free.
 */
#define PV_BLKIF_OP_READ		0
#define PV_BLKIF_OP_WRITE		1
#define PV_BLKIF_OP_WRITE_BARRIER	2
#define PV_BLKIF_OP_FLUSH_DISKCACHE	3
#define PV_BLKIF_OP_DISCARD		5
#define PV_BLKIF_OP_INDIRECT		6
#define PV_BLKIF_RSP_EOPNOTSUPP		(-2)
#define PV_BLKIF_RSP_ERROR		(-1)
#define PV_BLKIF_RSP_OKAY		0
#define PV_BLKIF_MAX_SEGMENTS		11
#define PV_BLKIF_MAX_INDIRECT_PAGES	8	/* indirect_gref[] */
#define PV_BLKIF_SEGS_PER_INDIRECT_PAGE	512	/* pv_blkif_segment each */
#define PV_BLKIF_SECTOR_SHIFT		9
#define PV_BLKIF_SECTORS_PER_PAGE	8
#define PV_BLKIF_RING_SIZE		32
#define PV_VDISK_READONLY		4	/* the backend's info node */

/* The xenbus states of a device's two ends (Xen's io/xenbus.h) */
#define PV_XENBUS_UNKNOWN		0
#define PV_XENBUS_INITIALISING		1
#define PV_XENBUS_INITWAIT		2
#define PV_XENBUS_INITIALISED		3
#define PV_XENBUS_CONNECTED		4
#define PV_XENBUS_CLOSING		5
#define PV_XENBUS_CLOSED		6

struct pv_blkif_segment {
	__u32 gref;			/* a grant of the page to domain 0 */
	__u8 first_sect, last_sect;	/* 512-byte sectors in it, <= 7 */
	__u16 pad;
};

struct pv_blkif_request {
	__u8 operation;			/* PV_BLKIF_OP_* */
	__u8 nr_segments;		/* discard: its flags */
	__u16 handle;
	__u64 id;			/* echoed in the response */
	__u64 sector;
	union {
		struct pv_blkif_segment seg[PV_BLKIF_MAX_SEGMENTS];
		__u64 nr_sectors;	/* discard */
	};
} __attribute__((__packed__, __aligned__(4)));

/*
 * PV_BLKIF_OP_INDIRECT (the backend's feature-max-indirect-segments node
 * says how many): the segments of a read or write are in pages of their
 * own, granted to domain 0, as an array of struct pv_blkif_segment.
 */
struct pv_blkif_request_indirect {
	__u8 operation;			/* PV_BLKIF_OP_INDIRECT */
	__u8 indirect_op;		/* PV_BLKIF_OP_READ or _WRITE */
	__u16 nr_segments;
	__u64 id;
	__u64 sector;
	__u16 handle;
	__u16 pad;
	__u32 indirect_gref[PV_BLKIF_MAX_INDIRECT_PAGES];
	__u64 pad2;
} __attribute__((__packed__, __aligned__(4)));

struct pv_blkif_response {
	__u64 id;
	__u8 operation;
	__u8 pad;
	__s16 status;			/* PV_BLKIF_RSP_* */
} __attribute__((__packed__, __aligned__(4)));

union pv_blkif_slot {
	struct pv_blkif_request req;
	struct pv_blkif_request_indirect ind;
	struct pv_blkif_response rsp;
};

struct pv_blkif_sring {
	__u32 req_prod, req_event;
	__u32 rsp_prod, rsp_event;
	__u8 pad[48];
	union pv_blkif_slot ring[PV_BLKIF_RING_SIZE];
};

struct pv_xs_hdr {
	__u32 type;			/* PV_XS_* below */
	__u32 req_id;			/* echoed in the reply */
	__u32 tx_id;			/* transaction, 0: none */
	__u32 len;			/* payload bytes after the header */
};

enum pv_xs_type {
	PV_XS_CONTROL, PV_XS_DIRECTORY, PV_XS_READ, PV_XS_GET_PERMS,
	PV_XS_WATCH, PV_XS_UNWATCH, PV_XS_TRANSACTION_START,
	PV_XS_TRANSACTION_END, PV_XS_INTRODUCE, PV_XS_RELEASE,
	PV_XS_GET_DOMAIN_PATH, PV_XS_WRITE, PV_XS_MKDIR, PV_XS_RM,
	PV_XS_SET_PERMS, PV_XS_WATCH_EVENT, PV_XS_ERROR,
	PV_XS_IS_DOMAIN_INTRODUCED, PV_XS_RESUME, PV_XS_SET_TARGET,
	PV_XS_RESTRICT, PV_XS_RESET_WATCHES, PV_XS_DIRECTORY_PART,
	PV_XS_TYPE_COUNT
};

/* §3.17: callback_op */
#define PV_CALLBACKOP_REGISTER		0
#define PV_CALLBACKOP_UNREGISTER	1
#define PV_CALLBACKTYPE_EVENT		0
#define PV_CALLBACKTYPE_FAILSAFE	1
#define PV_CALLBACKTYPE_NMI		4
#define PV_CALLBACKTYPE_SYSENTER	5
#define PV_CALLBACKTYPE_SYSCALL32	7
#define PV_CALLBACKF_MASK_EVENTS	1

struct pv_callback_register {
	__u16 type;
	__u16 flags;
	__u32 cs;
	__u32 eip;
};

/* §3.11: console_io */
#define PV_CONSOLEIO_WRITE		0
#define PV_CONSOLEIO_READ		1

/* §3.10: xen_version */
#define PV_XENVER_VERSION		0
#define PV_XENVER_EXTRAVERSION		1
#define PV_XENVER_COMPILE_INFO		2
#define PV_XENVER_CAPABILITIES		3
#define PV_XENVER_CHANGESET		4
#define PV_XENVER_PLATFORM_PARAMETERS	5
#define PV_XENVER_GET_FEATURES		6
#define PV_XENVER_PAGESIZE		7
#define PV_XENVER_GUEST_HANDLE		8
#define PV_XENVER_COMMANDLINE		9
#define PV_XENVER_BUILD_ID		10

/* The sizes of what the commands above fill in. */
#define PV_XENVER_EXTRAVERSION_LEN	16
#define PV_XENVER_COMPILE_INFO_LEN	144	/* four strings: 64+16+32+32 */
#define PV_XENVER_CAPABILITIES_LEN	1024
#define PV_XENVER_CHANGESET_LEN		64
#define PV_XENVER_GUEST_HANDLE_LEN	16
#define PV_XENVER_COMMANDLINE_LEN	1024

/* XENFEAT bit numbers of get_features' submap 0 */
#define PV_XENFEAT_PAE_PGDIR_ABOVE_4GB	4
#define PV_XENFEAT_MMU_PT_UPDATE_PRESERVE_AD 5
#define PV_XENFEAT_HIGHMEM_ASSIST	6
#define PV_XENFEAT_GNTTAB_MAP_AVAIL_BITS 7

/* §3.12: vm_assist */
#define PV_VMASST_ENABLE		0
#define PV_VMASST_DISABLE		1
#define PV_VMASST_4GB_SEGMENTS		0
#define PV_VMASST_4GB_SEGMENTS_NOTIFY	1
#define PV_VMASST_WRITABLE_PAGETABLES	2
#define PV_VMASST_PAE_EXTENDED_CR3	3
#define PV_VMASST_RUNSTATE_UPDATE_FLAG	5

/* §3.7 */
struct pv_multicall_entry {
	__u32 op;
	__u32 result;
	__u32 args[6];
};

/* §4.1-4.3 */
struct pv_vcpu_time_info {
	__u32 version;
	__u32 pad0;
	__u64 tsc_timestamp;
	__u64 system_time;
	__u32 tsc_to_system_mul;
	__s8 tsc_shift;
	__u8 flags;
	__u16 pad1;
} __attribute__((packed));	/* i386 layout: 8-byte fields 4-aligned */

struct pv_vcpu_info {
	__u8 evtchn_upcall_pending;
	__u8 evtchn_upcall_mask;
	__u16 pad;
	__u32 evtchn_pending_sel;
	__u32 cr2;
	__u32 arch_pad[5];
	struct pv_vcpu_time_info time;
};

#define PV_MAX_VCPUS			32
#define PV_NR_EVTCHN_WORDS		32

struct pv_shared_info {
	struct pv_vcpu_info vcpu_info[PV_MAX_VCPUS];
	__u32 evtchn_pending[PV_NR_EVTCHN_WORDS];
	__u32 evtchn_mask[PV_NR_EVTCHN_WORDS];
	__u32 wc_version;
	__u32 wc_sec;
	__u32 wc_nsec;
	__u32 max_pfn;
	__u32 pfn_to_mfn_frame_list_list;
	__u32 nmi_reason;
	__u32 p2m_cr3;
	__u32 p2m_vaddr;
	__u32 p2m_generation;
	__u32 wc_sec_hi;
};

/* §4.4 */
#define PV_START_INFO_MAGIC		"xen-3.0-x86_32p"
#define PV_MAX_GUEST_CMDLINE		1024

struct pv_start_info {
	char magic[32];
	__u32 nr_pages;
	__u32 shared_info;	/* machine address */
	__u32 flags;
	__u32 store_mfn;
	__u32 store_evtchn;
	__u32 console_mfn;
	__u32 console_evtchn;
	__u32 pt_base;		/* VA of the bootstrap L3 */
	__u32 nr_pt_frames;
	__u32 mfn_list;		/* VA of the P2M list */
	__u32 mod_start;
	__u32 mod_len;
	char cmd_line[PV_MAX_GUEST_CMDLINE];
	__u32 first_p2m_pfn;
	__u32 nr_p2m_frames;
};

/* §6.1: ELF note types, owner "Xen" */
#define PV_ELFNOTE_INFO			0
#define PV_ELFNOTE_ENTRY		1
#define PV_ELFNOTE_HYPERCALL_PAGE	2
#define PV_ELFNOTE_VIRT_BASE		3
#define PV_ELFNOTE_PADDR_OFFSET		4
#define PV_ELFNOTE_XEN_VERSION		5
#define PV_ELFNOTE_GUEST_OS		6
#define PV_ELFNOTE_GUEST_VERSION	7
#define PV_ELFNOTE_LOADER		8
#define PV_ELFNOTE_PAE_MODE		9
#define PV_ELFNOTE_FEATURES		10
#define PV_ELFNOTE_BSD_SYMTAB		11

/*
 * §3.8: update_va_mapping flags: a flush type in the low two bits, and
 * which vCPUs: LOCAL, ALL, or else a pointer to a vCPU bitmap (MULTI).
 */
#define PV_UVMF_NONE			0
#define PV_UVMF_TLB_FLUSH		1
#define PV_UVMF_INVLPG			2
#define PV_UVMF_FLUSHTYPE_MASK		3
#define PV_UVMF_LOCAL			0
#define PV_UVMF_ALL			4

/* §3.2: mmu_update request types, in the low three bits of ptr */
#define PV_MMU_NORMAL_PT_UPDATE		0
#define PV_MMU_MACHPHYS_UPDATE		1
#define PV_MMU_PT_UPDATE_PRESERVE_AD	2
#define PV_MMU_PT_UPDATE_NO_TRANSLATE	3

/* §3.6: memory_op commands (in the low six bits of cmd) */
#define PV_XENMEM_maximum_ram_page	2
#define PV_XENMEM_current_reservation	3
#define PV_XENMEM_maximum_reservation	4
#define PV_XENMEM_memory_map		9
#define PV_XENMEM_machphys_mapping	12
#define PV_XENMEM_maximum_gpfn		14

/* §3.15: mmuext_op commands */
#define PV_MMUEXT_PIN_L1_TABLE		0
#define PV_MMUEXT_PIN_L2_TABLE		1
#define PV_MMUEXT_PIN_L3_TABLE		2
#define PV_MMUEXT_PIN_L4_TABLE		3
#define PV_MMUEXT_UNPIN_TABLE		4
#define PV_MMUEXT_NEW_BASEPTR		5
#define PV_MMUEXT_TLB_FLUSH_LOCAL	6
#define PV_MMUEXT_INVLPG_LOCAL		7
#define PV_MMUEXT_TLB_FLUSH_MULTI	8
#define PV_MMUEXT_INVLPG_MULTI		9
#define PV_MMUEXT_TLB_FLUSH_ALL		10
#define PV_MMUEXT_INVLPG_ALL		11
#define PV_MMUEXT_SET_LDT		13

/* §5.6: PAE page-table entry bits */
#define PV_PTE_P			0x001ULL
#define PV_PTE_RW			0x002ULL
#define PV_PTE_US			0x004ULL
#define PV_PTE_PWT			0x008ULL
#define PV_PTE_PCD			0x010ULL
#define PV_PTE_A			0x020ULL
#define PV_PTE_D			0x040ULL
#define PV_PTE_PSE			0x080ULL	/* PAT in an L1 */
#define PV_PTE_G			0x100ULL
#define PV_PTE_NX			(1ULL << 63)
#define PV_PTE_ADDR			0x000ffffffffff000ULL

#endif /* _UAPI_LINUX_HV_PV32_H */

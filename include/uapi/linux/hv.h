/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * The hv control plane: generic netlink family "hv".
 *
 * This header is the C form of Documentation/netlink/specs/hv.yaml; the
 * two must change together.  The module, libhv and the tests include it.
 */
#ifndef _UAPI_LINUX_HV_H
#define _UAPI_LINUX_HV_H

#define HV_FAMILY_NAME		"hv"
#define HV_FAMILY_VERSION	1
#define HV_MCGRP_EVENTS		"events"
#define HV_MCGRP_CONSOLE	"console"
#define HV_MCGRP_STORE		"store"

/* A domain name is 1..HV_DOMAIN_NAME_MAX characters of [A-Za-z0-9._-],
 * starting with a letter or digit and not made of digits only (so that a
 * name can never be mistaken for a domain id).
 */
#define HV_DOMAIN_NAME_MAX	31

/* Domain memory in bytes: a multiple of 4096 within these bounds. */
#define HV_MEMORY_MIN		(4ULL << 20)
#define HV_MEMORY_MAX		(16ULL << 30)

/* Domain ids are 1..HV_DOMID_MAX; 0 is the host, as in Xen. */
#define HV_DOMID_MAX		0x7fef

/* At most this many bytes per domain-load or console-write request. */
#define HV_LOAD_MAX		32768
#define HV_CONSOLE_WRITE_MAX	4096

/*
 * vcpu-regs: at most this many 32-bit words of the guest's stack from
 * SS:ESP up, and bytes of code from CS:EIP on (fewer where the guest's
 * page tables map nothing).
 */
#define HV_STACK_WORDS		64
#define HV_CODE_BYTES		16

/* vcpu-trace: the records each vCPU keeps, the latest ones. */
#define HV_TRACE_RECORDS	4096

/* The xenstore: a path's length, a value's (Xen's xs_wire.h limits). */
#define HV_STORE_PATH_MAX	3072
#define HV_STORE_VALUE_MAX	4096

/* Disks of one domain; their virtual-device numbers are below 2^28. */
#define HV_DISKS_MAX		8
#define HV_DISK_VDEV_MAX	0xfffffff

enum hv_domain_state {
	HV_DOMAIN_STATE_CREATED,
	HV_DOMAIN_STATE_BUILT,
	HV_DOMAIN_STATE_RUNNING,
	HV_DOMAIN_STATE_PAUSED,
	HV_DOMAIN_STATE_SHUTDOWN,
	HV_DOMAIN_STATE_CRASHED,
	HV_DOMAIN_STATE_DYING,

	/* private: */
	__HV_DOMAIN_STATE_MAX,
	HV_DOMAIN_STATE_MAX = (__HV_DOMAIN_STATE_MAX - 1)
};

enum hv_event {
	HV_EVENT_CREATED = 1,
	HV_EVENT_DESTROYED,
	HV_EVENT_STATE_CHANGED,

	/* private: */
	__HV_EVENT_MAX,
	HV_EVENT_MAX = (__HV_EVENT_MAX - 1)
};

/*
 * Why a domain stopped (shutdown or crashed): the guest's shutdown reason
 * for a shutdown, or HV_END_KILLED when the hypervisor killed it.
 */
enum hv_end {
	HV_END_POWEROFF,
	HV_END_REBOOT,
	HV_END_SUSPEND,
	HV_END_CRASH,
	HV_END_WATCHDOG,
	HV_END_SOFT_RESET,
	HV_END_KILLED = 16,

	/* private: */
	__HV_END_MAX,
	HV_END_MAX = (__HV_END_MAX - 1)
};

/* What the per-domain counters count (HV_A_STAT_KIND). */
enum hv_stat_kind {
	HV_STAT_EXIT,		/* world exits, by enum hv_exit_reason */
	HV_STAT_HYPERCALL,	/* hypercalls, by number */
	HV_STAT_BOUNCE,		/* bounces to the guest, by vector */
	HV_STAT_RUNSTATE,	/* ns in each PV runstate (running, ...) */
	HV_STAT_EVENT,		/* event channel figures, enum hv_event_stat */
	HV_STAT_FLUSH,		/* TLB flushes, enum hv_flush_stat */

	/* private: */
	__HV_STAT_KIND_MAX,
	HV_STAT_KIND_MAX = (__HV_STAT_KIND_MAX - 1)
};

enum hv_event_stat {
	HV_EVSTAT_RAISED,	/* ports raised (sends, VIRQs, backend) */
	HV_EVSTAT_COALESCED,	/* raised while already pending */
	HV_EVSTAT_UPCALL,	/* upcalls delivered */

	/* private: */
	__HV_EVSTAT_MAX,
	HV_EVSTAT_MAX = (__HV_EVSTAT_MAX - 1)
};

/*
 * The guest's TLB flushes: every world entry loads the guest's CR3 without
 * the no-flush bit (a full flush of its entries); in the guest world, the
 * flush that update_va_mapping's flags ask for.
 */
enum hv_flush_stat {
	HV_FLUSHSTAT_ENTRY,	/* world entries */
	HV_FLUSHSTAT_ALL,	/* full flushes in the guest world */
	HV_FLUSHSTAT_PAGE,	/* one page (invlpg) in the guest world */

	/* private: */
	__HV_FLUSHSTAT_MAX,
	HV_FLUSHSTAT_MAX = (__HV_FLUSHSTAT_MAX - 1)
};

enum hv_exit_reason {
	HV_EXIT_INTERRUPT,	/* a host interrupt */
	HV_EXIT_NMI,
	HV_EXIT_HYPERCALL,	/* a hypercall that needed the host */
	HV_EXIT_EXCEPTION,	/* a guest exception handled in the host */
	HV_EXIT_RESCHED,	/* preemption, signal, pause or destroy */
	HV_EXIT_MACHINE_CHECK,	/* a #MC, handed to the host's handler */

	/* private: */
	__HV_EXIT_MAX,
	HV_EXIT_MAX = (__HV_EXIT_MAX - 1)
};

/*
 * What a trace record tells (HV_A_TRACE_KIND), and what its fields mean.
 * Every record has the time, the kind, nr, and the guest's EIP and CS
 * when it happened.
 */
enum hv_trace_kind {
	/*
	 * A world exit: nr is the vector (0-255), or 256 and up for hv's
	 * own reasons (256: a fault in hv's entry code, 257: an NMI in hv's
	 * code, 258: the fast path left only the entry to the host).
	 * Args: the error code, CR2.
	 */
	HV_TRACE_EXIT,
	/* A hypercall: nr, its five argument registers, the result. */
	HV_TRACE_HYPERCALL,
	/* One entry of a multicall: nr, its five arguments, the result. */
	HV_TRACE_MULTICALL,
	/*
	 * An exception or callback bounced to the guest kernel: nr is the
	 * vector; args: the handler's EIP and CS, the error code.
	 */
	HV_TRACE_BOUNCE,
	/* The event upcall: args: the callback's EIP and CS. */
	HV_TRACE_UPCALL,

	/* private: */
	__HV_TRACE_KIND_MAX,
	HV_TRACE_KIND_MAX = (__HV_TRACE_KIND_MAX - 1)
};

enum {
	HV_A_DOMAIN_ID = 1,
	HV_A_DOMAIN_NAME,
	HV_A_DOMAIN_MEMORY,
	HV_A_DOMAIN_STATE,
	HV_A_DOMAIN_EVENT,
	HV_A_DOMAIN_PAD,
	HV_A_DOMAIN_END,		/* u32, enum hv_end */
	HV_A_DOMAIN_END_REASON,		/* string: why it was killed */
	HV_A_DOMAIN_END_EIP,		/* u32: guest EIP when it was killed */
	HV_A_DOMAIN_CPU_TIME,		/* u64: ns the vCPU ran the guest */
	HV_A_DOMAIN_STATS,		/* nest of HV_A_STAT_ENTRY */
	HV_A_DOMAIN_LOAD_PFN,		/* u32: first frame written */
	HV_A_DOMAIN_LOAD_DATA,		/* binary, whole pages */
	HV_A_DOMAIN_BOOT,		/* nest, HV_A_BOOT_* */
	HV_A_DOMAIN_PAUSED,		/* flag: start paused */
	HV_A_DOMAIN_CONSOLE_OFFSET,	/* u64: byte offset in the output */
	HV_A_DOMAIN_CONSOLE_DATA,	/* binary */
	HV_A_DOMAIN_REGS,		/* nest, HV_A_REGS_* */
	HV_A_DOMAIN_STACK,		/* binary: u32 words from SS:ESP up */
	HV_A_DOMAIN_CODE,		/* binary: bytes from CS:EIP on */
	HV_A_DOMAIN_TRACE_SEQ,		/* u64: number of a trace record */
	HV_A_DOMAIN_TRACE_HEAD,		/* u64: trace records ever written */
	HV_A_DOMAIN_TRACE,		/* nest of HV_A_TRACE_ENTRY */
	HV_A_DOMAIN_DISK,		/* nest, HV_A_DISK_* */

	__HV_A_DOMAIN_MAX,
	HV_A_DOMAIN_MAX = (__HV_A_DOMAIN_MAX - 1)
};

/* Initial state of the guest, as the domain builder laid it out. */
enum {
	HV_A_BOOT_ENTRY = 1,		/* u32: initial EIP */
	HV_A_BOOT_STACK,		/* u32: initial ESP */
	HV_A_BOOT_START_INFO,		/* u32: VA of start_info (ESI) */
	HV_A_BOOT_START_INFO_PFN,	/* u32 */
	HV_A_BOOT_PT_PFN,		/* u32: bootstrap L3, then the others */
	HV_A_BOOT_NR_PT_FRAMES,		/* u32 */
	HV_A_BOOT_P2M_PFN,		/* u32: first frame of the P2M list */
	HV_A_BOOT_HYPERCALL_PFN,	/* u32: the hypercall page */
	HV_A_BOOT_CONSOLE_PFN,		/* u32: the PV console ring page */
	HV_A_BOOT_STORE_PFN,		/* u32: the xenstore ring page */

	__HV_A_BOOT_MAX,
	HV_A_BOOT_MAX = (__HV_A_BOOT_MAX - 1)
};

enum {
	HV_A_STAT_ENTRY = 1,		/* nest of the three below */
	HV_A_STAT_KIND,			/* u32, enum hv_stat_kind */
	HV_A_STAT_INDEX,		/* u32: exit reason, number or vector */
	HV_A_STAT_COUNT,		/* u64 */
	HV_A_STAT_PAD,

	__HV_A_STAT_MAX,
	HV_A_STAT_MAX = (__HV_A_STAT_MAX - 1)
};

/* A stopped vCPU's registers (vcpu-regs), all u32. */
enum {
	HV_A_REGS_EIP = 1,
	HV_A_REGS_ESP,
	HV_A_REGS_EFLAGS,
	HV_A_REGS_EAX,
	HV_A_REGS_EBX,
	HV_A_REGS_ECX,
	HV_A_REGS_EDX,
	HV_A_REGS_ESI,
	HV_A_REGS_EDI,
	HV_A_REGS_EBP,
	HV_A_REGS_CS,
	HV_A_REGS_SS,
	HV_A_REGS_DS,
	HV_A_REGS_ES,
	HV_A_REGS_FS,
	HV_A_REGS_GS,
	HV_A_REGS_CR2,			/* CR2 if the last exit was a #PF */
	HV_A_REGS_VCR2,			/* the CR2 the guest was given */
	HV_A_REGS_VECTOR,		/* the last exit's vector (as trace) */
	HV_A_REGS_ERROR,		/* and its error code */
	HV_A_REGS_KERNEL_SS,		/* stack_switch */
	HV_A_REGS_KERNEL_SP,
	HV_A_REGS_L3_PFN,		/* the base pointer's frame (CR3) */
	HV_A_REGS_UPCALL_MASK,		/* vcpu_info's evtchn_upcall_mask */
	HV_A_REGS_UPCALL_PENDING,

	__HV_A_REGS_MAX,
	HV_A_REGS_MAX = (__HV_A_REGS_MAX - 1)
};

/* One trace record, nested in HV_A_TRACE_ENTRY. */
enum {
	HV_A_TRACE_ENTRY = 1,		/* nest of the ones below */
	HV_A_TRACE_TIME,		/* u64: ns of host CLOCK_MONOTONIC */
	HV_A_TRACE_KIND,		/* u32, enum hv_trace_kind */
	HV_A_TRACE_NR,			/* u32 */
	HV_A_TRACE_EIP,			/* u32 */
	HV_A_TRACE_CS,			/* u32 */
	HV_A_TRACE_ARG,			/* u32, repeated, in order */
	HV_A_TRACE_RESULT,		/* u32: hypercalls only */
	HV_A_TRACE_PAD,

	__HV_A_TRACE_MAX,
	HV_A_TRACE_MAX = (__HV_A_TRACE_MAX - 1)
};

/* The xenstore requests of the host (domain 0) and its notifications */
enum {
	HV_A_STORE_PATH = 1,		/* string: absolute path */
	HV_A_STORE_VALUE,		/* binary */
	HV_A_STORE_CHILDREN,		/* binary: NUL-terminated names */
	HV_A_STORE_EXACT,		/* flag: removed below a removed node */

	__HV_A_STORE_MAX,
	HV_A_STORE_MAX = (__HV_A_STORE_MAX - 1)
};

/* A disk of a domain: its PV block device (module/blkback.c) */
enum {
	HV_A_DISK_FD = 1,		/* u32: an open file of the caller's */
	HV_A_DISK_VDEV,			/* u32: virtual-device, 202 << 8 | N*16 */
	HV_A_DISK_READONLY,		/* flag */
	HV_A_DISK_SECTORS,		/* u64: its size in 512-byte sectors */
	HV_A_DISK_PAD,
	HV_A_DISK_RING_PAGES,		/* u32: its ring's, 0: not connected */
	HV_A_DISK_REQUESTS,		/* u64: requests answered */
	HV_A_DISK_ERRORS,		/* u64: of those, with an error */

	__HV_A_DISK_MAX,
	HV_A_DISK_MAX = (__HV_A_DISK_MAX - 1)
};

enum {
	HV_CMD_DOMAIN_NEW = 1,
	HV_CMD_DOMAIN_GET,
	HV_CMD_DOMAIN_DEL,
	HV_CMD_DOMAIN_NTF,
	HV_CMD_DOMAIN_LOAD,
	HV_CMD_DOMAIN_START,
	HV_CMD_DOMAIN_PAUSE,
	HV_CMD_DOMAIN_RESUME,
	HV_CMD_CONSOLE_READ,
	HV_CMD_CONSOLE_WRITE,
	HV_CMD_CONSOLE_NTF,
	HV_CMD_VCPU_REGS,
	HV_CMD_VCPU_TRACE,
	HV_CMD_STORE_READ,
	HV_CMD_STORE_WRITE,
	HV_CMD_STORE_RM,
	HV_CMD_STORE_DIR,
	HV_CMD_STORE_NTF,
	HV_CMD_DISK_ADD,

	__HV_CMD_MAX,
	HV_CMD_MAX = (__HV_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_HV_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What hvctl regs and hvctl trace read: a stopped vCPU's registers, stack
 * and code, and the records of its trace ring (trace.h).
 */
#ifndef _HV_DEBUG_H
#define _HV_DEBUG_H

#include <linux/types.h>
#include <linux/hv.h>

#include "switch.h"

struct hv_dom;
struct netlink_ext_ack;

/* A copy of a stopped vCPU's state, taken at one instant. */
struct hv_vcpu_dump {
	struct hv_regs regs;
	u32 ds, es, fs, gs;
	u32 cr2, vcr2;
	u32 kernel_ss, kernel_sp;
	u32 l3_pfn;
	u8 upcall_mask, upcall_pending;
	unsigned int nr_stack;		/* words of stack[] read */
	u32 stack[HV_STACK_WORDS];
	unsigned int nr_code;		/* bytes of code[] read */
	u8 code[HV_CODE_BYTES];
};

int hv_vcpu_dump(struct hv_dom *d, struct hv_vcpu_dump *s,
		 struct netlink_ext_ack *extack);
u64 hv_trace_ns(u64 tsc, u64 now_tsc, u64 now_ns);

#endif /* _HV_DEBUG_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exceptions, interrupts and system calls of the guest: what happens after
 * a world exit, and the bounce into the guest kernel's handlers.
 */
#ifndef _HV_TRAPS_H
#define _HV_TRAPS_H

#include <linux/types.h>
#include <asm/processor-flags.h>

#include "switch.h"

struct hv_vcpu;

/*
 * The flags of every return into the guest: real IF always on, IOPL 0 so
 * that in/out keep trapping, no NT or VM; ring 1 runs with AC (SMAP stays
 * on, design.rst).  The host path and the fast path both end with it.
 */
static __always_inline void hv_entry_flags(struct hv_regs *r)
{
	r->rflags = (r->rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_NT |
				   X86_EFLAGS_VM)) |
		    X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	if ((r->cs & 3) == 1)
		r->rflags |= X86_EFLAGS_AC;
}

void hv_handle_exit(struct hv_vcpu *v, u64 exit);
int hv_bounce(struct hv_vcpu *v, int vector, bool has_error, u32 error);
int hv_try_bounce(struct hv_vcpu *v, int vector, bool has_error,
		  u32 error);
bool hv_entry_ok(struct hv_vcpu *v, struct hv_regs *r);
int hv_bounce_callback(struct hv_vcpu *v, u16 cs, u32 eip, bool mask,
		       int vector);
int hv_try_upcall(struct hv_vcpu *v);
bool hv_prepare_entry(struct hv_vcpu *v);
bool hv_hypercall_int(struct hv_vcpu *v);
u8 *hv_upcall_mask(struct hv_vcpu *v);
void hv_kill(struct hv_vcpu *v, const char *why);

#endif /* _HV_TRAPS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exceptions, interrupts and system calls of the guest: what happens after
 * a world exit, and the bounce into the guest kernel's handlers.
 */
#ifndef _HV_TRAPS_H
#define _HV_TRAPS_H

#include <linux/types.h>

struct hv_vcpu;
struct hv_regs;

void hv_handle_exit(struct hv_vcpu *v, u64 exit);
int hv_bounce(struct hv_vcpu *v, int vector, bool has_error, u32 error);
int hv_try_bounce(struct hv_vcpu *v, int vector, bool has_error,
		  u32 error);
bool hv_entry_ok(struct hv_vcpu *v, struct hv_regs *r);
int hv_bounce_callback(struct hv_vcpu *v, u16 cs, u32 eip, bool mask,
		       int vector);
int hv_try_upcall(struct hv_vcpu *v);
bool hv_prepare_entry(struct hv_vcpu *v);
u8 *hv_upcall_mask(struct hv_vcpu *v);
void hv_kill(struct hv_vcpu *v, const char *why);

#endif /* _HV_TRAPS_H */

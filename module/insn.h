/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding guest instructions: the bytes fetched with the rights of the
 * code that faulted, and the general registers by their encoding.
 */
#ifndef _HV_INSN_H
#define _HV_INSN_H

#include <linux/types.h>

#define HV_INSN_MAX		15	/* the CPU's limit */

struct hv_vcpu;
struct hv_regs;

/* The instruction being decoded. */
struct hv_insn {
	struct hv_vcpu *v;
	u8 bytes[HV_INSN_MAX];
	unsigned int len;	/* decoded so far */
	unsigned int have;	/* fetched so far */
	bool opsize;		/* a 0x66 prefix */
};

int hv_insn_byte(struct hv_insn *in, u8 *b);
u64 *hv_gpr(struct hv_regs *r, unsigned int n);

#endif /* _HV_INSN_H */

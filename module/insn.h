/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding guest instructions: the bytes fetched with the rights of the
 * code that faulted, the general registers by their encoding, and the
 * memory operand of a ModRM byte (32-bit addressing only).
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
	bool adsize;		/* a 0x67 prefix */
	bool lock;		/* a 0xf0 prefix */
	u8 rep;			/* the last 0xf2 or 0xf3 prefix, or 0 */
	u8 seg;			/* a segment override, or HV_SEG_NONE */
};

/* Segment registers; NONE (0): no override, the operand's default. */
enum hv_seg { HV_SEG_NONE, HV_SEG_ES, HV_SEG_CS, HV_SEG_SS, HV_SEG_DS,
	      HV_SEG_FS, HV_SEG_GS };

/* A ModRM byte and, for a memory operand, where it points. */
struct hv_modrm {
	u8 mod, reg, rm;
	u32 ea;			/* offset in the segment (mod != 3) */
	u8 seg;			/* its segment: the override or the default */
};

int hv_insn_byte(struct hv_insn *in, u8 *b);
int hv_insn_prefixes(struct hv_insn *in, u8 *op);
bool hv_insn_cs32(struct hv_vcpu *v);
u64 hv_insn_seg_desc(struct hv_vcpu *v, u8 seg);
int hv_insn_imm(struct hv_insn *in, unsigned int n, u32 *val);
int hv_insn_modrm(struct hv_insn *in, struct hv_modrm *m);
u32 hv_insn_linear(struct hv_insn *in, const struct hv_modrm *m);
u64 *hv_gpr(struct hv_regs *r, unsigned int n);

#endif /* _HV_INSN_H */

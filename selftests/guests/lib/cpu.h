/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU structures the guests build or inspect: segment descriptors and
 * the FXSAVE image.
 */
#ifndef GUEST_CPU_H
#define GUEST_CPU_H

#include "types.h"

/* The flags nibble of a descriptor (AVL 1, L 2, DB 4, G 8) and types. */
#define DESC_L		0x2
#define DESC_DB		0x4
#define DESC_G		0x8
#define TYPE_DATA	0x3		/* read/write, accessed */
#define TYPE_CODE	0xb		/* execute/read, accessed */

/* A present code/data descriptor; @flags is the G/DB/L/AVL nibble. */
static inline u64 seg_desc(u32 base, u32 limit, u32 type, u32 dpl,
			   u32 flags)
{
	u32 lo = (base & 0xffff) << 16 | (limit & 0xffff);
	u32 hi = (base & 0xff000000) | flags << 20 | (limit & 0xf0000) |
		 BIT(15) | dpl << 13 | BIT(12) | type << 8 |
		 ((base >> 16) & 0xff);

	return (u64)hi << 32 | lo;
}

/* The FXSAVE image (Intel SDM vol. 1, 10.5.1). */
struct fxsave_area {
	u16 fcw;
	u16 fsw;
	u8 ftw;			/* abridged: one bit per register */
	u8 rsvd1;
	u16 fop;
	u32 fip, fcs, fdp, fds;
	u32 mxcsr;
	u32 mxcsr_mask;
	u8 st[8][16];		/* 80-bit registers in 16-byte slots */
	u8 xmm[8][16];
	u8 rsvd2[224];
} __aligned(16);

#endif /* GUEST_CPU_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding guest instructions, for the emulators (privop.c).
 *
 * Every byte comes through hv_fetch_insn(): inside the CS limit, from
 * pages the faulting code itself may execute, never more than the CPU's
 * 15 bytes.  The decoder is for 32-bit code only (a 32-bit guest's code
 * segments are never 64-bit).  Nothing here changes the guest: the
 * emulators update registers only once they know the instruction is done.
 */

#include "insn.h"
#include "paging.h"
#include "vcpu.h"

/* The next byte of the instruction, fetched as the guest would. */
int hv_insn_byte(struct hv_insn *in, u8 *b)
{
	if (in->len == HV_INSN_MAX)
		return -EINVAL;
	if (in->len == in->have) {
		if (hv_fetch_insn(in->v, in->bytes, in->len + 1))
			return -EFAULT;
		in->have = in->len + 1;
	}
	*b = in->bytes[in->len++];
	return 0;
}

/* General register @n of the ModRM encoding (EAX, ECX, EDX, EBX, ...). */
u64 *hv_gpr(struct hv_regs *r, unsigned int n)
{
	u64 *gpr[] = { &r->rax, &r->rcx, &r->rdx, &r->rbx,
		       &r->rsp, &r->rbp, &r->rsi, &r->rdi };

	return gpr[n & 7];
}

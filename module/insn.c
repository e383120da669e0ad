// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding guest instructions, for the emulators (privop.c, ptwr.c).
 *
 * Every byte comes through hv_fetch_insn(): inside the CS limit, from
 * pages the faulting code itself may execute, never more than the CPU's
 * 15 bytes.  The decoder is for 32-bit code only (a 32-bit guest's code
 * segments are never 64-bit): a ModRM memory operand is a 32-bit base,
 * index and displacement; the callers refuse an address-size prefix
 * (string I/O, whose operands are registers, honours it: privop.c).
 * Nothing here changes the guest: the emulators update registers only
 * once they know the instruction is done.
 */

#include "desc.h"
#include "insn.h"
#include "paging.h"
#include "vcpu.h"

/* The next byte of the instruction, fetched as the guest would. */
noinstr int hv_insn_byte(struct hv_insn *in, u8 *b)
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

/*
 * The legacy prefixes, in any order and number (the 15-byte limit bounds
 * them), into @in; *@op is the first byte after them.  Of two segment
 * overrides or two repeats the last counts, as on the CPU.  What an
 * instruction does not allow, its emulator refuses.
 */
noinstr int hv_insn_prefixes(struct hv_insn *in, u8 *op)
{
	static const u8 seg[] = {
		[0x26 >> 3] = HV_SEG_ES, [0x2e >> 3] = HV_SEG_CS,
		[0x36 >> 3] = HV_SEG_SS, [0x3e >> 3] = HV_SEG_DS,
	};

	for (;;) {
		if (hv_insn_byte(in, op))
			return -EFAULT;
		switch (*op) {
		case 0x26:
		case 0x2e:
		case 0x36:
		case 0x3e:
			in->seg = seg[*op >> 3];
			break;
		case 0x64:
			in->seg = HV_SEG_FS;
			break;
		case 0x65:
			in->seg = HV_SEG_GS;
			break;
		case 0x66:
			in->opsize = true;
			break;
		case 0x67:
			in->adsize = true;
			break;
		case 0xf0:
			in->lock = true;
			break;
		case 0xf2:
		case 0xf3:
			in->rep = *op;
			break;
		default:
			return 0;
		}
	}
}

/*
 * Whether the code segment is a 32-bit one (D set): then 0x66 and 0x67
 * select 16 bits, in a 16-bit one they select 32.
 */
noinstr bool hv_insn_cs32(struct hv_vcpu *v)
{
	u16 cs = v->regs->cs;

	if (cs == PV_FLAT_RING1_CS || cs == PV_FLAT_RING3_CS)
		return true;
	return hv_desc_get(v, cs) & D_DB;
}

/* An @n-byte little-endian immediate or displacement (n = 1 or 4). */
noinstr int hv_insn_imm(struct hv_insn *in, unsigned int n, u32 *val)
{
	unsigned int i;
	u8 b;

	*val = 0;
	for (i = 0; i < n; i++) {
		if (hv_insn_byte(in, &b))
			return -EFAULT;
		*val |= (u32)b << (i * 8);
	}
	return 0;
}

/* General register @n of the ModRM encoding (EAX, ECX, EDX, EBX, ...). */
noinstr u64 *hv_gpr(struct hv_regs *r, unsigned int n)
{
	u64 *gpr[] = { &r->rax, &r->rcx, &r->rdx, &r->rbx,
		       &r->rsp, &r->rbp, &r->rsi, &r->rdi };

	return gpr[n & 7];
}

/* A signed displacement of the ModRM's mod: none, 8 or 32 bits. */
static noinstr int hv_insn_disp(struct hv_insn *in, u8 mod, u32 *disp)
{
	if (mod == 1) {
		if (hv_insn_imm(in, 1, disp))
			return -EFAULT;
		*disp = (s8)*disp;
		return 0;
	}
	if (mod == 2)
		return hv_insn_imm(in, 4, disp);
	*disp = 0;
	return 0;
}

/*
 * The SIB byte: base + index * scale.  Base 5 under mod 0 is no base but
 * a 32-bit displacement; index 4 is no index.  ESP or EBP as the base
 * makes SS the default segment.
 */
static noinstr int hv_insn_sib(struct hv_insn *in, struct hv_modrm *m,
			       u32 *disp)
{
	struct hv_regs *r = in->v->regs;
	u8 sib, base, index;

	if (hv_insn_byte(in, &sib))
		return -EFAULT;
	base = sib & 7;
	index = (sib >> 3) & 7;
	m->ea = 0;
	if (index != 4)
		m->ea = (u32)*hv_gpr(r, index) << (sib >> 6);
	if (base == 5 && m->mod == 0)
		return hv_insn_imm(in, 4, disp);
	m->ea += (u32)*hv_gpr(r, base);
	if (base == 4 || base == 5)
		m->seg = HV_SEG_SS;
	return hv_insn_disp(in, m->mod, disp);
}

/*
 * Decode the ModRM byte and, for a memory operand (mod != 3), its SIB
 * and displacement into the operand's offset and segment.
 */
noinstr int hv_insn_modrm(struct hv_insn *in, struct hv_modrm *m)
{
	struct hv_regs *r = in->v->regs;
	u32 disp;
	u8 b;

	if (hv_insn_byte(in, &b))
		return -EFAULT;
	m->mod = b >> 6;
	m->reg = (b >> 3) & 7;
	m->rm = b & 7;
	m->seg = HV_SEG_DS;
	m->ea = 0;
	if (m->mod == 3)
		return 0;
	if (m->rm == 4) {
		if (hv_insn_sib(in, m, &disp))
			return -EFAULT;
	} else if (m->rm == 5 && m->mod == 0) {
		if (hv_insn_imm(in, 4, &disp))
			return -EFAULT;
	} else {
		m->ea = *hv_gpr(r, m->rm);
		if (m->rm == 5)
			m->seg = HV_SEG_SS;
		if (hv_insn_disp(in, m->mod, &disp))
			return -EFAULT;
	}
	m->ea += disp;
	if (in->seg != HV_SEG_NONE)
		m->seg = in->seg;
	return 0;
}

/* The selector in segment register @seg of the guest. */
static noinstr u16 hv_insn_sel(struct hv_vcpu *v, u8 seg)
{
	switch (seg) {
	case HV_SEG_ES:
		return v->sw.es;
	case HV_SEG_CS:
		return v->regs->cs;
	case HV_SEG_SS:
		return v->regs->ss;
	case HV_SEG_FS:
		return v->sw.fs;
	case HV_SEG_GS:
		return v->sw.gs;
	}
	return v->sw.ds;
}

/* The descriptor behind segment register @seg of the guest (0: none). */
noinstr u64 hv_insn_seg_desc(struct hv_vcpu *v, u8 seg)
{
	return hv_desc_get(v, hv_insn_sel(v, seg));
}

/*
 * The linear address of memory operand @m: its segment's base (from the
 * descriptor tables the guest's selectors name) plus its offset, modulo
 * 4 GiB as in 32-bit code.  The limit is not checked: the callers compare
 * the result with the address the CPU reported (CR2), which passed the
 * segment checks of the access that faulted.
 */
noinstr u32 hv_insn_linear(struct hv_insn *in, const struct hv_modrm *m)
{
	struct hv_vcpu *v = in->v;

	return hv_desc_base(hv_insn_seg_desc(v, m->seg)) + m->ea;
}

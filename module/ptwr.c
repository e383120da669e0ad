// SPDX-License-Identifier: GPL-2.0
/*
 * Writable page tables (ABI 5.6, vm_assist writable_pagetables).
 *
 * A guest's L1 tables can only ever be mapped read-only (frames.c), so a
 * kernel that writes its page-table entries with plain stores - Linux
 * does, for every fork, exec and munmap - takes a #PF on each.  Once the
 * guest turns this assist on, hv finishes such a write for it, as Xen
 * does: the ring-1 write fault (error code present|write, nothing else)
 * on a frame that is a validated L1 is decoded, the entry it would make
 * is computed and goes through hv_entry_update(), exactly as an
 * mmu_update of it would, and the guest resumes after the instruction
 * with the registers and flags it defines.  Anything else is the guest's
 * #PF, with the CR2 and error code the CPU gave: another kind of frame,
 * an instruction not listed below, a write not naturally aligned or not
 * in the page of CR2, an entry the rules refuse.
 *
 * The forms are those Linux uses on PAE entries, with optional LOCK and
 * segment-override prefixes: MOV r/m32 from r32 or imm32; XCHG; CMPXCHG
 * r/m32 (flags as CMP) and CMPXCHG8B (ZF); AND/OR with r32, imm32 or
 * imm8 and their byte forms (clear_bit() and set_bit() of a constant bit
 * are "lock andb/orb $imm8"); BTS/BTR with r32 or imm8 (CF).  No 16-bit
 * operand, no address-size or repeat prefix.  A write of 1 or 4 bytes is
 * merged with the rest of the 64-bit entry as it is now, read once (the
 * vCPU is the domain's only one and is here, so nothing else changes the
 * table meanwhile).  As in Xen, a plain 4-byte write to the upper half
 * that makes a present entry the rules refuse is kept with P cleared: a
 * guest writing the halves the wrong way round writes the lower half
 * next.  The entry then passes the non-present rules (L1TF) or the write
 * is refused too.
 *
 * The address the instruction writes is computed from its ModRM operand
 * and the guest's segment, not taken from CR2: a write that started in a
 * writable page and crossed into the table (CR2 is then the table page's
 * first byte) is not one of an entry, and is refused.
 *
 * All of it runs in the fast path (fastpath.c), in the guest world, and
 * is noinstr for it, as the decoder (insn.c) is.  Nothing is flushed
 * there, as for mmu_update of one L1 entry: an L1 entry's write changes
 * no frame's type but between writable and none, and as on Xen the guest
 * flushes what it downgrades (Documentation/design.rst, "TLB flushes").
 */

#include <linux/bitops.h>
#include <asm/processor-flags.h>
#include <asm/trap_pf.h>

#include "domain.h"
#include "frames.h"
#include "insn.h"
#include "paging.h"
#include "ptwr.h"
#include "vcpu.h"

#define HV_FLAGS_ARITH	(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
			 X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_OF)

enum hv_ptwr_op {
	HV_PTWR_MOV,
	HV_PTWR_XCHG,
	HV_PTWR_CMPXCHG,
	HV_PTWR_CMPXCHG8B,
	HV_PTWR_AND,
	HV_PTWR_OR,
	HV_PTWR_BTS,
	HV_PTWR_BTR,
};

/* One write into a page table, decoded, then carried out. */
struct hv_ptwr {
	struct hv_insn in;
	struct hv_modrm m;
	u8 op;			/* enum hv_ptwr_op */
	u8 size;		/* bytes written: 1, 4 or 8 */
	u32 src;		/* the register or immediate operand */
	u32 flags;		/* the arithmetic flags it leaves */
	u32 la;			/* the linear address written */
	u32 pfn;		/* the L1 frame there */
	u64 entry;		/* the entry as it is */
};

/* --- decoding --- */

/* Byte register @n: AL, CL, DL, BL, then AH, CH, DH, BH. */
static noinstr u8 hv_gpr8(struct hv_regs *r, unsigned int n)
{
	return *hv_gpr(r, n & 3) >> (n & 4 ? 8 : 0);
}

/* The ModRM operand, which must be memory, and the register one. */
static noinstr int hv_ptwr_modrm(struct hv_ptwr *w, u8 size)
{
	struct hv_regs *r = w->in.v->regs;

	if (hv_insn_modrm(&w->in, &w->m) || w->m.mod == 3)
		return -EINVAL;
	w->size = size;
	w->src = size == 1 ? hv_gpr8(r, w->m.reg) : *hv_gpr(r, w->m.reg);
	return 0;
}

/* An immediate operand of @n bytes after the ModRM, sign-extended. */
static noinstr int hv_ptwr_imm(struct hv_ptwr *w, unsigned int n)
{
	if (hv_insn_imm(&w->in, n, &w->src))
		return -EFAULT;
	if (n == 1 && w->size == 4)
		w->src = (s8)w->src;
	return 0;
}

/* 80, 81, 83: group 1 with an immediate; only /1 (OR) and /4 (AND). */
static noinstr int hv_ptwr_group1(struct hv_ptwr *w, u8 op)
{
	if (hv_ptwr_modrm(w, op == 0x80 ? 1 : 4))
		return -EINVAL;
	if (w->m.reg != 1 && w->m.reg != 4)
		return -EINVAL;
	w->op = w->m.reg == 1 ? HV_PTWR_OR : HV_PTWR_AND;
	return hv_ptwr_imm(w, op == 0x81 ? 4 : 1);
}

/*
 * BTS/BTR.  A register bit offset is signed and may reach outside the
 * dword addressed: the CPU writes the dword that holds the bit.
 */
static noinstr int hv_ptwr_bt(struct hv_ptwr *w, u8 op)
{
	if (hv_ptwr_modrm(w, 4))
		return -EINVAL;
	if (op == 0xba) {
		if (w->m.reg != 5 && w->m.reg != 6)
			return -EINVAL;
		w->op = w->m.reg == 5 ? HV_PTWR_BTS : HV_PTWR_BTR;
		return hv_ptwr_imm(w, 1);
	}
	w->op = op == 0xab ? HV_PTWR_BTS : HV_PTWR_BTR;
	w->m.ea += (u32)(((s32)w->src >> 5) * 4);
	return 0;
}

/* The two-byte opcodes: CMPXCHG, CMPXCHG8B, BTS, BTR. */
static noinstr int hv_ptwr_decode_0f(struct hv_ptwr *w)
{
	u8 op;

	if (hv_insn_byte(&w->in, &op))
		return -EFAULT;
	switch (op) {
	case 0xb1:
		w->op = HV_PTWR_CMPXCHG;
		return hv_ptwr_modrm(w, 4);
	case 0xc7:
		w->op = HV_PTWR_CMPXCHG8B;
		if (hv_ptwr_modrm(w, 8) || w->m.reg != 1)
			return -EINVAL;
		return 0;
	case 0xab:
	case 0xb3:
	case 0xba:
		return hv_ptwr_bt(w, op);
	}
	return -EINVAL;
}

static noinstr int hv_ptwr_decode(struct hv_ptwr *w)
{
	u8 op;

	if (hv_insn_prefixes(&w->in, &op))
		return -EFAULT;
	/* LOCK and segment overrides only (the forms listed on top). */
	if (w->in.opsize || w->in.adsize || w->in.rep)
		return -EINVAL;
	switch (op) {
	case 0x89:					/* MOV r/m32, r32 */
		w->op = HV_PTWR_MOV;
		return hv_ptwr_modrm(w, 4);
	case 0xc7:					/* MOV r/m32, imm32 */
		w->op = HV_PTWR_MOV;
		if (hv_ptwr_modrm(w, 4) || w->m.reg != 0)
			return -EINVAL;
		return hv_ptwr_imm(w, 4);
	case 0x87:
		w->op = HV_PTWR_XCHG;
		return hv_ptwr_modrm(w, 4);
	case 0x08:					/* OR r/m8, r8 */
	case 0x09:
	case 0x20:					/* AND r/m8, r8 */
	case 0x21:
		w->op = op & 0x20 ? HV_PTWR_AND : HV_PTWR_OR;
		return hv_ptwr_modrm(w, op & 1 ? 4 : 1);
	case 0x80:
	case 0x81:
	case 0x83:
		return hv_ptwr_group1(w, op);
	case 0x0f:
		return hv_ptwr_decode_0f(w);
	}
	return -EINVAL;
}

/* --- carrying it out --- */

static noinstr u32 hv_parity_flag(u32 res)
{
	u8 b = res;

	/* Not hweight8(): it may be a call (noinstr, fastpath.c). */
	b ^= b >> 4;
	b ^= b >> 2;
	b ^= b >> 1;
	return b & 1 ? 0 : X86_EFLAGS_PF;
}

/* The flags of CMP @a, @b (32 bits): those of @a - @b. */
static noinstr u32 hv_flags_sub(u32 a, u32 b)
{
	u32 res = a - b;

	return (a < b ? X86_EFLAGS_CF : 0) | (res ? 0 : X86_EFLAGS_ZF) |
	       (res & BIT(31) ? X86_EFLAGS_SF : 0) |
	       ((a ^ b) & (a ^ res) & BIT(31) ? X86_EFLAGS_OF : 0) |
	       ((a ^ b ^ res) & 0x10 ? X86_EFLAGS_AF : 0) |
	       hv_parity_flag(res);
}

/* The flags of AND and OR: CF and OF clear, AF left clear. */
static noinstr u32 hv_flags_logic(u32 res, unsigned int size)
{
	u32 sign = size == 1 ? BIT(7) : BIT(31);

	return (res ? 0 : X86_EFLAGS_ZF) | (res & sign ? X86_EFLAGS_SF : 0) |
	       hv_parity_flag(res);
}

/*
 * The operand's new value from its present value @cur.  Returns false
 * for a CMPXCHG whose comparison failed: it writes nothing.  w->flags
 * gets the arithmetic flags the instruction leaves.
 */
static noinstr bool hv_ptwr_compute(struct hv_ptwr *w, u32 cur, u32 *val)
{
	struct hv_regs *r = w->in.v->regs;
	u32 bit = BIT(w->src & 31);

	w->flags = r->rflags & HV_FLAGS_ARITH;
	switch (w->op) {
	case HV_PTWR_CMPXCHG:
		w->flags = hv_flags_sub(r->rax, cur);
		if ((u32)r->rax != cur)
			return false;
		fallthrough;
	case HV_PTWR_MOV:
	case HV_PTWR_XCHG:
		*val = w->src;
		break;
	case HV_PTWR_AND:
	case HV_PTWR_OR:
		*val = w->op == HV_PTWR_AND ? cur & w->src : cur | w->src;
		w->flags = hv_flags_logic(*val, w->size);
		break;
	case HV_PTWR_BTS:
	case HV_PTWR_BTR:
		w->flags &= ~X86_EFLAGS_CF;
		w->flags |= cur & bit ? X86_EFLAGS_CF : 0;
		*val = w->op == HV_PTWR_BTS ? cur | bit : cur & ~bit;
		break;
	}
	return true;
}

/*
 * The entry the write makes of w->entry, in *@e; false if it writes
 * nothing (a failed compare-exchange).
 */
static noinstr bool hv_ptwr_new_entry(struct hv_ptwr *w, u64 *e)
{
	struct hv_regs *r = w->in.v->regs;
	unsigned int shift = (w->la & 7) * 8;
	u64 mask, edx_eax;
	u32 val;

	if (w->op == HV_PTWR_CMPXCHG8B) {
		edx_eax = (u64)(u32)r->rdx << 32 | (u32)r->rax;
		w->flags = r->rflags & HV_FLAGS_ARITH & ~X86_EFLAGS_ZF;
		if (edx_eax != w->entry)
			return false;
		w->flags |= X86_EFLAGS_ZF;
		*e = (u64)(u32)r->rcx << 32 | (u32)r->rbx;
		return true;
	}
	mask = w->size == 1 ? 0xff : U32_MAX;
	if (!hv_ptwr_compute(w, (w->entry >> shift) & mask, &val))
		return false;
	*e = (w->entry & ~(mask << shift)) | ((u64)(val & mask) << shift);
	return true;
}

/* A plain store, not a locked read-modify-write (Xen's fix-up case). */
static noinstr bool hv_ptwr_plain(const struct hv_ptwr *w)
{
	return !w->in.lock && w->op != HV_PTWR_XCHG &&
	       w->op != HV_PTWR_CMPXCHG && w->op != HV_PTWR_CMPXCHG8B;
}

/* Validate and write entry @e, as mmu_update would. */
static noinstr int hv_ptwr_update(struct hv_ptwr *w, u64 e)
{
	struct hv_dom *d = w->in.v->dom;
	unsigned int slot = (w->la & ~PAGE_MASK) / 8;
	int err;

	err = hv_entry_update(d, w->pfn, slot, e);
	/* The upper half first: the lower half follows (ABI 5.6). */
	if (err && w->size == 4 && (w->la & 4) && hv_ptwr_plain(w) &&
	    (e & PV_PTE_P))
		err = hv_entry_update(d, w->pfn, slot, e & ~PV_PTE_P);
	return err;
}

/* What the instruction leaves in registers, once it is done. */
static noinstr void hv_ptwr_retire(struct hv_ptwr *w, bool wrote)
{
	struct hv_regs *r = w->in.v->regs;
	unsigned int shift = (w->la & 7) * 8;

	switch (w->op) {
	case HV_PTWR_XCHG:
		*hv_gpr(r, w->m.reg) = (u32)(w->entry >> shift);
		break;
	case HV_PTWR_CMPXCHG:
		if (!wrote)
			r->rax = (u32)(w->entry >> shift);
		break;
	case HV_PTWR_CMPXCHG8B:
		if (!wrote) {
			r->rax = (u32)w->entry;
			r->rdx = (u32)(w->entry >> 32);
		}
		break;
	}
	r->rflags = (r->rflags & ~HV_FLAGS_ARITH) | w->flags;
	r->rip = (u32)(r->rip + w->in.len);
}

/*
 * The write is one of an entry of the L1 at CR2: naturally aligned and
 * in CR2's page (so it crosses into no other entry and no other page).
 */
static noinstr bool hv_ptwr_target(struct hv_ptwr *w, u32 cr2)
{
	w->la = hv_insn_linear(&w->in, &w->m);
	return !((w->la ^ cr2) & PAGE_MASK) && !(w->la & (w->size - 1));
}

/* The frame at @cr2, if it is a validated L1. */
static noinstr bool hv_ptwr_l1(struct hv_dom *d, u32 cr2, u32 *pfn)
{
	struct hv_frame *f;

	if (hv_va_frame(d, cr2, pfn))
		return false;
	f = &d->ft[*pfn];
	return f->type == HV_FRAME_L1 && f->type_count;
}

/*
 * A #PF in the guest: if it is a write into a page table that this
 * assist completes, do it, move EIP past the instruction and return
 * true; otherwise change nothing and return false (the guest gets the
 * fault).
 */
noinstr bool hv_ptwr_fault(struct hv_vcpu *v)
{
	struct hv_regs *r = v->regs;
	struct hv_ptwr w = { .in.v = v };
	u32 cr2 = v->sw.cr2;
	bool wrote;
	u64 e;

	if (!(v->vm_assist & BIT(PV_VMASST_WRITABLE_PAGETABLES)) ||
	    (r->cs & 3) != 1 || r->error != (X86_PF_PROT | X86_PF_WRITE) ||
	    !hv_ptwr_l1(v->dom, cr2, &w.pfn))
		return false;
	if (hv_ptwr_decode(&w) || !hv_ptwr_target(&w, cr2))
		return false;
	if (w.in.lock && w.op == HV_PTWR_MOV)
		return false;		/* the CPU gives #UD, never this */
	w.entry = READ_ONCE(((u64 *)page_address(v->dom->mem.frames[w.pfn]))
			    [(w.la & ~PAGE_MASK) / 8]);
	wrote = hv_ptwr_new_entry(&w, &e);
	if (wrote && hv_ptwr_update(&w, e))
		return false;
	hv_ptwr_retire(&w, wrote);
	return true;
}

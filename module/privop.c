// SPDX-License-Identifier: GPL-2.0
/*
 * Privileged instructions, emulated as Xen emulates them for an
 * unprivileged PV domain (ABI 5.1).
 *
 * The guest kernel runs at ring 1, so the instructions a kernel takes for
 * granted - port I/O, moves to and from control registers, CLTS, WBINVD,
 * RDMSR - raise #GP.  A PV kernel is written to avoid them on its hot
 * paths, but not everywhere: Linux probes ports at boot, reads CR0 and
 * CR4, and sets CR0.TS with a plain move.  hv decodes the instruction at
 * the #GP and, if it is one of these, does what Xen does and resumes the
 * guest after it; anything else becomes the guest's #GP as before.
 *
 * What each does here:
 *  - IN/OUT/INS/OUTS: allowed when the virtual IOPL (physdev_op
 *    set_iopl) is at least the CPL, at ring 3 too.  No port is the
 *    domain's: a read gives all ones, a write goes nowhere.  INS writes
 *    those ones to ES:(E)DI and OUTS reads DS:(E)SI (or the override's
 *    segment), each access checked as the CPU checks it at that CPL,
 *    with REP, EFLAGS.DF and the address size (below).
 *  - CLI/STI with that IOPL: nothing (the virtual interrupt flag is the
 *    event mask in vcpu_info, and a POPF could never restore it anyway).
 *  - CLTS, and CR0 writes that change only TS: the virtual CR0.TS, as
 *    fpu_taskswitch.  Other CR0 changes: #GP.
 *  - CR2: the virtual CR2 (the one a bounce reports in vcpu_info).
 *  - CR3: reads give the base pointer in the ABI's extended-CR3 form,
 *    writes switch to a new one like MMUEXT_NEW_BASEPTR (#GP if refused).
 *  - CR4: a fixed view (PAE, OSFXSR, OSXMMEXCPT); writes are taken and
 *    ignored, as Xen masks the bits a guest may not change.
 *  - MOV to and from DRn: set_debugreg and get_debugreg (debugreg.c); a
 *    value they refuse is the guest's #GP, as in Xen.
 *  - WBINVD and INVD: nothing (the domain has no device to keep coherent).
 *  - RDMSR/WRMSR: EFER reads without the long-mode bits, writes only of
 *    that same value; MISC_ENABLE, PLATFORM_ID and the microcode revision
 *    read as constants (writes to the latter ignored).  Any other: #GP,
 *    which Linux's *_safe accessors expect.
 * Only ring 1 emulates, but for port I/O and CLI/STI; only #GP(0), the
 * error code of these faults, is decoded.  The instruction bytes are read
 * with the rights of the faulting code (insn.c), and the decoder
 * refuses what it does not know: a LOCK prefix (the CPU's #UD comes
 * before any #GP, so such bytes changed under us), more than 15 bytes,
 * anything but the forms above; port I/O takes the prefixes the CPU
 * takes with it, the others only 0x66.
 */

#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <asm/trapnr.h>

#include "debugreg.h"
#include "desc.h"
#include "domain.h"
#include "insn.h"
#include "mmu.h"
#include "paging.h"
#include "privop.h"
#include "traps.h"
#include "vcpu.h"

#define HV_CR4_VIEW		(X86_CR4_PAE | X86_CR4_OSFXSR | \
				 X86_CR4_OSXMMEXCPT)
#define HV_MISC_ENABLE_VIEW	(MSR_IA32_MISC_ENABLE_FAST_STRING | \
				 MSR_IA32_MISC_ENABLE_BTS_UNAVAIL | \
				 MSR_IA32_MISC_ENABLE_PEBS_UNAVAIL)

#define PV_PHYSDEVOP_SET_IOPL	6
#define HV_STRIO_BATCH		1024	/* string I/O repetitions per exit */

static bool hv_iopl_ok(struct hv_vcpu *v)
{
	return (v->regs->cs & 3) <= v->viopl;
}

/*
 * The operand size of IN, OUT, INS and OUTS: a byte for the even opcodes,
 * else 16 or 32 bits by the code segment's D bit, flipped by 0x66.
 */
static unsigned int hv_io_size(struct hv_insn *in, u8 op)
{
	if (!(op & 1))
		return 1;
	return in->opsize == hv_insn_cs32(in->v) ? 2 : 4;
}

/* IN and OUT: no port belongs to the domain. */
static bool hv_emulate_io(struct hv_insn *in, u8 op)
{
	struct hv_regs *r = in->v->regs;
	unsigned int size = hv_io_size(in, op);
	u32 ones = size == 4 ? U32_MAX : BIT(size * 8) - 1;
	u8 port;

	if (!hv_iopl_ok(in->v))
		return false;
	if (op < 0xec && hv_insn_byte(in, &port))	/* imm8 forms */
		return false;
	if (!(op & 2))					/* IN */
		r->rax = (u32)r->rax | ones;
	return true;
}

/* What a string I/O instruction works on. */
struct hv_strio {
	unsigned int size;	/* bytes a repetition */
	bool out;		/* OUTS reads memory, INS writes it */
	u8 seg;			/* ES for INS; DS or the override for OUTS */
	u64 desc;		/* that segment's descriptor */
};

/* The #PF an access to @va would give, bounced with EIP at the insn. */
static void hv_strio_pf(struct hv_vcpu *v, u32 va, u32 pfec)
{
	v->vcr2 = va;
	v->vi->cr2 = va;
	hv_bounce(v, X86_TRAP_PF, true, pfec);
}

/*
 * One repetition at offset @off of the segment: INS writes all ones
 * there, OUTS reads and drops what is there; both only where the code
 * that faulted could have made that access (hv_seg_access_ok(),
 * hv_gva_data()).  Returns 0, or -EFAULT once the fault the CPU would
 * have raised is bounced to the guest: #GP(0) or, through SS, #SS(0) for
 * the segment, #PF for the page (the first byte's page, then the last's).
 */
static int hv_strio_one(struct hv_vcpu *v, const struct hv_strio *s, u32 off)
{
	int cpl = v->regs->cs & 3;
	u32 va = hv_desc_base(s->desc) + off, last = va + s->size - 1;
	u32 head = min_t(u32, s->size, PAGE_SIZE - (va & ~PAGE_MASK));
	u8 *p, *q = NULL;
	u32 pfec;

	if (!hv_seg_access_ok(s->desc, off, s->size, !s->out)) {
		hv_bounce(v, s->seg == HV_SEG_SS ? X86_TRAP_SS : X86_TRAP_GP,
			  true, 0);
		return -EFAULT;
	}
	p = hv_gva_data(v, va, cpl, !s->out, &pfec);
	if (!p) {
		hv_strio_pf(v, va, pfec);
		return -EFAULT;
	}
	if (head < s->size) {
		q = hv_gva_data(v, last & PAGE_MASK, cpl, !s->out, &pfec);
		if (!q) {
			hv_strio_pf(v, last & PAGE_MASK, pfec);
			return -EFAULT;
		}
	}
	if (s->out)
		return 0;
	memset(p, 0xff, head);
	if (q)
		memset(q, 0xff, s->size - head);
	return 0;
}

/* @reg advanced by @step, only its low 16 bits under 16-bit addressing. */
static void hv_strio_step(u64 *reg, u32 mask, u32 step)
{
	u32 x = *reg;

	*reg = (x & ~mask) | ((x + step) & mask);
}

/*
 * INS and OUTS (6c-6f), with REP (f3 or f2, as the CPU takes either):
 * (E)CX repetitions, (E)SI or (E)DI moving by the size, down with
 * EFLAGS.DF; 16-bit registers when the address size is 16 (a 16-bit code
 * segment, or 0x67 in a 32-bit one).  A fault stops it where the CPU
 * would: the repetitions before it done, EIP on the instruction.  At
 * most HV_STRIO_BATCH repetitions per exit: with more to do EIP stays on
 * it, the count reduced, and the guest faults again after the vCPU went
 * through its run loop (pause, destroy, the host's scheduler, events
 * delivered in between as between the CPU's repetitions).  Returns
 * false, with nothing done, only without the IOPL.
 */
static bool hv_emulate_strio(struct hv_insn *in, u8 op)
{
	struct hv_vcpu *v = in->v;
	struct hv_regs *r = v->regs;
	u32 mask = in->adsize == hv_insn_cs32(v) ? U16_MAX : U32_MAX;
	struct hv_strio s = {
		.size = hv_io_size(in, op),
		.out = op & 2,
		.seg = !(op & 2) ? HV_SEG_ES :
		       in->seg != HV_SEG_NONE ? in->seg : HV_SEG_DS,
	};
	u64 *index = s.out ? &r->rsi : &r->rdi;
	u32 count = in->rep ? (u32)r->rcx & mask : 1, step, i;

	if (!hv_iopl_ok(v))
		return false;
	s.desc = hv_insn_seg_desc(v, s.seg);
	step = r->rflags & X86_EFLAGS_DF ? -s.size : s.size;
	for (i = 0; i < count && i < HV_STRIO_BATCH; i++) {
		if (hv_strio_one(v, &s, (u32)*index & mask))
			return true;
		hv_strio_step(index, mask, step);
		if (in->rep)
			hv_strio_step(&r->rcx, mask, -1);
	}
	if (i == count)
		r->rip = (u32)(r->rip + in->len);
	return true;
}

static u32 hv_cr0(struct hv_vcpu *v)
{
	return (read_cr0() & ~X86_CR0_TS) | (v->vts ? X86_CR0_TS : 0);
}

/* The base pointer in the ABI's extended-CR3 form. */
static u32 hv_cr3(struct hv_vcpu *v)
{
	u32 mfn = hv_domain_mfn(v->dom, v->dom->l3_pfn);

	return mfn << PAGE_SHIFT | mfn >> 20;
}

static bool hv_read_cr(struct hv_vcpu *v, unsigned int cr, u32 *val)
{
	switch (cr) {
	case 0:
		*val = hv_cr0(v);
		return true;
	case 2:
		*val = v->vcr2;
		return true;
	case 3:
		*val = hv_cr3(v);
		return true;
	case 4:
		*val = HV_CR4_VIEW;
		return true;
	}
	return false;
}

static bool hv_write_cr(struct hv_vcpu *v, unsigned int cr, u32 val)
{
	u32 pfn;

	switch (cr) {
	case 0:
		if ((val ^ hv_cr0(v)) & ~X86_CR0_TS)
			return false;
		WRITE_ONCE(v->vts, !!(val & X86_CR0_TS));
		return true;
	case 2:
		v->vcr2 = val;
		v->vi->cr2 = val;
		return true;
	case 3:
		if (hv_mfn_to_pfn(v->dom, val >> PAGE_SHIFT | val << 20, &pfn))
			return false;
		return !hv_new_baseptr(v, pfn);
	case 4:
		return true;
	}
	return false;
}

/* MOV to or from CRn: 0f 20 /r and 0f 22 /r, always register operands. */
static bool hv_emulate_mov_cr(struct hv_insn *in, bool write)
{
	struct hv_regs *r = in->v->regs;
	u8 modrm;
	u64 *gpr;
	u32 val;

	if (hv_insn_byte(in, &modrm))
		return false;
	gpr = hv_gpr(r, modrm);
	if (write)
		return hv_write_cr(in->v, (modrm >> 3) & 7, *gpr);
	if (!hv_read_cr(in->v, (modrm >> 3) & 7, &val))
		return false;
	*gpr = val;
	return true;
}

/* MOV to or from DRn: 0f 21 /r and 0f 23 /r, register operands too. */
static bool hv_emulate_mov_dr(struct hv_insn *in, bool write)
{
	struct hv_regs *r = in->v->regs;
	unsigned int dr;
	u8 modrm;
	u64 *gpr;
	long val;

	if (hv_insn_byte(in, &modrm))
		return false;
	gpr = hv_gpr(r, modrm);
	dr = (modrm >> 3) & 7;
	if (write)
		return !hv_set_debugreg(in->v, dr, *gpr);
	val = hv_get_debugreg(in->v, dr);
	if (val < 0)
		return false;
	*gpr = (u32)val;
	return true;
}

static u64 hv_efer_view(void)
{
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	return efer & (EFER_SCE | EFER_NX);
}

static bool hv_rdmsr(u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_EFER:
		*val = hv_efer_view();
		return true;
	case MSR_IA32_MISC_ENABLE:
		*val = HV_MISC_ENABLE_VIEW;
		return true;
	case MSR_IA32_PLATFORM_ID:
	case MSR_IA32_UCODE_REV:
		*val = 0;
		return true;
	}
	return false;
}

static bool hv_wrmsr(u32 msr, u64 val)
{
	switch (msr) {
	case MSR_EFER:
		return val == hv_efer_view();
	case MSR_IA32_UCODE_REV:
		return true;	/* Linux writes 0 before reading it */
	}
	return false;
}

static bool hv_emulate_msr(struct hv_regs *r, bool write)
{
	u64 val;

	if (write)
		return hv_wrmsr(r->rcx, (u64)(u32)r->rdx << 32 | (u32)r->rax);
	if (!hv_rdmsr(r->rcx, &val))
		return false;
	r->rax = (u32)val;
	r->rdx = val >> 32;
	return true;
}

/* The two-byte opcodes (0f xx), ring 1 only. */
static bool hv_emulate_0f(struct hv_insn *in)
{
	struct hv_vcpu *v = in->v;
	u8 op;

	if ((v->regs->cs & 3) != 1 || hv_insn_byte(in, &op))
		return false;
	switch (op) {
	case 0x06:					/* CLTS */
		WRITE_ONCE(v->vts, false);
		return true;
	case 0x08:					/* INVD */
	case 0x09:					/* WBINVD */
		return true;
	case 0x20:
	case 0x22:
		return hv_emulate_mov_cr(in, op == 0x22);
	case 0x21:
	case 0x23:
		return hv_emulate_mov_dr(in, op == 0x23);
	case 0x30:
	case 0x32:
		return hv_emulate_msr(v->regs, op == 0x30);
	}
	return false;
}

/*
 * A #GP in the guest: if it came from an instruction emulated here, do
 * it, move EIP past it (string I/O: as far as it got) and return true;
 * otherwise change nothing.
 */
bool hv_emulate_privop(struct hv_vcpu *v)
{
	struct hv_insn in = { .v = v, .seg = HV_SEG_NONE };
	struct hv_regs *r = v->regs;
	bool done;
	u8 op;

	if (r->error || hv_insn_prefixes(&in, &op) || in.lock)
		return false;
	switch (op) {
	case 0x6c ... 0x6f:				/* INS, OUTS */
		return hv_emulate_strio(&in, op);
	case 0xe4 ... 0xe7:
	case 0xec ... 0xef:
		/* Segment, address-size and repeat prefixes do nothing. */
		done = hv_emulate_io(&in, op);
		break;
	case 0xfa:					/* CLI */
	case 0xfb:					/* STI */
		done = !in.adsize && !in.rep && in.seg == HV_SEG_NONE &&
		       hv_iopl_ok(v);
		break;
	case 0x0f:
		done = !in.adsize && !in.rep && in.seg == HV_SEG_NONE &&
		       hv_emulate_0f(&in);
		break;
	default:
		done = false;
	}
	if (done)
		r->rip = (u32)(r->rip + in.len);
	return done;
}

/* physdev_op: only set_iopl, the virtual IOPL that port I/O needs. */
long hv_physdev_op(struct hv_vcpu *v, u32 cmd, u32 arg)
{
	u32 iopl;

	if (cmd != PV_PHYSDEVOP_SET_IOPL)
		return -PV_ENOSYS;
	if (hv_copy_from_guest(v, &iopl, arg, sizeof(iopl)))
		return -EFAULT;
	if (iopl > 3)
		return -EINVAL;
	v->viopl = iopl;
	return 0;
}

/* The legacy form: the command is the first word of the argument. */
long hv_physdev_op_compat(struct hv_vcpu *v, u32 arg)
{
	u32 cmd;

	if (hv_copy_from_guest(v, &cmd, arg, sizeof(cmd)))
		return -EFAULT;
	return hv_physdev_op(v, cmd, arg + 4);
}

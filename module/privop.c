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
 *  - IN/OUT (not INS/OUTS): allowed when the virtual IOPL (physdev_op
 *    set_iopl) is at least the CPL, at ring 3 too.  No port is the
 *    domain's: a read gives all ones, a write goes nowhere.
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
 * refuses what it does not know: a LOCK prefix, an address-size prefix,
 * more than 15 bytes, anything but the forms above.
 */

#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>

#include "debugreg.h"
#include "domain.h"
#include "insn.h"
#include "mmu.h"
#include "paging.h"
#include "privop.h"
#include "vcpu.h"

#define HV_CR4_VIEW		(X86_CR4_PAE | X86_CR4_OSFXSR | \
				 X86_CR4_OSXMMEXCPT)
#define HV_MISC_ENABLE_VIEW	(MSR_IA32_MISC_ENABLE_FAST_STRING | \
				 MSR_IA32_MISC_ENABLE_BTS_UNAVAIL | \
				 MSR_IA32_MISC_ENABLE_PEBS_UNAVAIL)

#define PV_PHYSDEVOP_SET_IOPL	6

static bool hv_iopl_ok(struct hv_vcpu *v)
{
	return (v->regs->cs & 3) <= v->viopl;
}

/* IN and OUT: no port belongs to the domain. */
static bool hv_emulate_io(struct hv_insn *in, u8 op)
{
	struct hv_regs *r = in->v->regs;
	unsigned int size = (op & 1) ? (in->opsize ? 2 : 4) : 1;
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

/* Prefixes: operand size only; a repeat or lock is no form we know. */
static int hv_insn_prefixes(struct hv_insn *in, u8 *op)
{
	for (;;) {
		if (hv_insn_byte(in, op))
			return -EFAULT;
		if (*op != 0x66)
			return 0;
		in->opsize = true;
	}
}

/*
 * A #GP in the guest: if it came from an instruction emulated here, do
 * it, move EIP past it and return true; otherwise change nothing.
 */
bool hv_emulate_privop(struct hv_vcpu *v)
{
	struct hv_insn in = { .v = v };
	struct hv_regs *r = v->regs;
	bool done;
	u8 op;

	if (r->error || hv_insn_prefixes(&in, &op))
		return false;
	switch (op) {
	case 0xe4 ... 0xe7:
	case 0xec ... 0xef:
		done = hv_emulate_io(&in, op);
		break;
	case 0xfa:					/* CLI */
	case 0xfb:					/* STI */
		done = hv_iopl_ok(v);
		break;
	case 0x0f:
		done = hv_emulate_0f(&in);
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

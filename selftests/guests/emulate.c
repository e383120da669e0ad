// SPDX-License-Identifier: GPL-2.0
/*
 * emulate: the privileged instructions hv emulates at ring 1, as Xen does
 * for an unprivileged domain (Documentation/guest-abi.rst).
 *
 *  - Port I/O: #GP until physdev_op set_iopl(1); then IN reads all ones
 *    (AL, AX keeping EAX's upper half, EAX; imm8 and DX forms) and OUT is
 *    dropped.  Ring 3 still gets #GP until set_iopl(3).  CLI and STI do
 *    nothing, and trap without the IOPL.  REP INSB writes all ones.
 *    set_iopl(4) is -EINVAL, an unknown physdev command -ENOSYS; the
 *    legacy physdev_op form works.
 *  - CR0 reads PE, WP and PG; writing it with TS set is fpu_taskswitch:
 *    the next FPU instruction raises #NM, CLTS clears it; a write that
 *    clears WP is a #GP.  CR2 reads what was written; CR3 reads the L3 in
 *    the extended form and a write of that same value works, a frame not
 *    ours is a #GP; CR4 reads PAE|OSFXSR|OSXMMEXCPT and ignores writes.
 *  - RDMSR EFER without the long-mode bits, a WRMSR of it unchanged;
 *    MISC_ENABLE reads fast strings on; APIC_BASE and a changed EFER are
 *    #GP.  WBINVD and INVD do nothing.
 *  - int $0x82 from ring 1 is a hypercall (xen_version); from ring 3 it
 *    is a #GP with error (0x82 << 3) | 2.
 *  - int $0x80 from ring 1 is a hypercall only in the hypercall page
 *    (also at a stub's int, reached with our own EAX); elsewhere it is our
 *    software interrupt: bounced to vector 0x80 (DPL 3), EAX untouched,
 *    and with the slot at DPL 0 a #GP with error (0x80 << 3) | 2 at it.
 * Each emulated instruction leaves EIP right after itself: no trap.
 *
 * Result: "hvtest: emulate: PASS".
 */
#include "mm.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define MSR_EFER		0xc0000080
#define MSR_APIC_BASE		0x1b
#define MSR_MISC_ENABLE		0x1a0
#define EFER_LME_LMA		(BIT(8) | BIT(10))
#define CR0_PE			BIT(0)
#define CR0_TS			BIT(3)
#define CR0_WP			BIT(16)
#define CR0_PG			BIT(31)
#define CR4_VIEW		0x620	/* PAE, OSFXSR, OSXMMEXCPT */

asm(USER_PROBE(u_inb, "", "inb $0x80, %al"));
DECLARE_USER_PROBE(u_inb);
asm(USER_PROBE(u_int82, "", "int $0x82"));
DECLARE_USER_PROBE(u_int82);

/* Run @insn once with EAX/ECX/EDX in and out; returns its address. */
#define TRY3(insn, a, c, d)						\
({									\
	u32 __ip;							\
									\
	trap_reset();							\
	asm volatile(ASM_TRY(insn)					\
		     : [ip] "=&r" (__ip), "+a" (a), "+c" (c), "+d" (d)	\
		     : : "memory", "cc");				\
	__ip;								\
})

static void assert_gp(u32 ip)
{
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
}

static long set_iopl(u32 iopl)
{
	return hypercall_physdev_op(PHYSDEVOP_set_iopl, &iopl);
}

static void test_io(void)
{
	u32 a = 0x12345678, c = 0, d = 0x60, ip, di;
	static u8 buf[4];
	struct { u32 cmd, iopl; } compat = { PHYSDEVOP_set_iopl, 1 };

	ip = TRY3("inb $0x80, %%al", a, c, d);
	assert_gp(ip);
	ip = TRY3("cli", a, c, d);
	assert_gp(ip);
	GUEST_ASSERT_EQ(set_iopl(4), -EINVAL);
	GUEST_ASSERT_EQ(hypercall_physdev_op(1234, &c), -XEN_ENOSYS);
	GUEST_ASSERT_EQ(hypercall_physdev_op_compat(&compat), 0);

	TRY3("inb $0x80, %%al", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a, 0x123456ff);
	TRY3("inw %%dx, %%ax", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a, 0x1234ffff);
	a = 0;
	TRY3("inl %%dx, %%eax", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a, 0xffffffff);
	a = 0x55;
	TRY3("outb %%al, $0x80", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	TRY3("outl %%eax, %%dx", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a, 0x55);
	TRY3("cli", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	TRY3("sti", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	/* A string form too (strio.c has the rest). */
	c = 1;
	di = (u32)&buf;
	trap_reset();
	asm volatile(ASM_TRY("rep insb")
		     : [ip] "=&r" (ip), "+D" (di), "+c" (c), "+d" (d)
		     : : "memory");
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(buf[0], 0xff);
	GUEST_ASSERT_EQ(di, (u32)&buf + 1);

	/* Ring 3 needs IOPL 3. */
	trap_reset();
	exec_user(u_inb, 0);
	GUEST_ASSERT_EQ(last_trap.count, 1);
	GUEST_ASSERT_EQ(last_trap.vector, X86_TRAP_GP);
	GUEST_ASSERT_EQ(last_trap.eip, (u32)u_inb_insn);
	GUEST_ASSERT_EQ(set_iopl(3), 0);
	trap_reset();
	exec_user(u_inb, 0);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(set_iopl(1), 0);
	guest_info("port I/O: all ones in, nothing out, with the IOPL only");
}

static void test_cr(void)
{
	u32 a = 0, c = 0, d = 0, ip, l3, cr0;
	u32 l3_mfn = virt_to_mfn((void *)start_info->pt_base);

	TRY3("mov %%cr0, %%eax", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	cr0 = a;
	GUEST_ASSERT_EQ(cr0 & (CR0_PE | CR0_WP | CR0_PG | CR0_TS),
			CR0_PE | CR0_WP | CR0_PG);

	/* TS through a move is fpu_taskswitch. */
	a = cr0 | CR0_TS;
	TRY3("mov %%eax, %%cr0", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	ip = TRY3("fninit", a, c, d);
	GUEST_ASSERT_TRAP(X86_TRAP_NM, TRAP_NO_ERROR, ip, FLAT_RING1_CS);
	TRY3("clts", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	TRY3("fninit", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	TRY3("mov %%cr0, %%eax", a, c, d);
	GUEST_ASSERT_EQ(a, cr0);
	a = cr0 & ~CR0_WP;
	ip = TRY3("mov %%eax, %%cr0", a, c, d);
	assert_gp(ip);

	a = 0xdeadb000;
	TRY3("mov %%eax, %%cr2; xor %%eax, %%eax; mov %%cr2, %%eax", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a, 0xdeadb000);

	l3 = l3_mfn << PAGE_SHIFT | l3_mfn >> 20;
	TRY3("mov %%cr3, %%ecx", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(c, l3);
	TRY3("mov %%ecx, %%cr3", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	c = 0x1000;		/* MFN 1: not ours */
	ip = TRY3("mov %%ecx, %%cr3", a, c, d);
	assert_gp(ip);

	TRY3("mov %%cr4, %%edx", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(d, CR4_VIEW);
	d = 0;
	TRY3("mov %%edx, %%cr4; mov %%cr4, %%edx", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(d, CR4_VIEW);
	guest_info("CR0 %08x, CR3 %08x, CR4 %08x", cr0, l3, d);
}

static void test_msr(void)
{
	u32 a = 0, c = MSR_EFER, d = 0, ip, efer;

	TRY3("rdmsr", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a & EFER_LME_LMA, 0);
	GUEST_ASSERT_EQ(d, 0);
	efer = a;
	TRY3("wrmsr", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	a = efer | EFER_LME_LMA;
	ip = TRY3("wrmsr", a, c, d);
	assert_gp(ip);
	c = MSR_MISC_ENABLE;
	TRY3("rdmsr", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT(a & BIT(0));
	c = MSR_APIC_BASE;
	ip = TRY3("rdmsr", a, c, d);
	assert_gp(ip);
	TRY3("wbinvd; invd", a, c, d);
	GUEST_ASSERT_NO_TRAP();
	guest_info("EFER %08x", efer);
}

static void test_int82(void)
{
	u32 a = __HYPERVISOR_xen_version, c = 0, d = 0;
	u32 b = XENVER_version;

	trap_reset();
	asm volatile("int $0x82" : "+a" (a), "+b" (b), "+c" (c), "+d" (d)
		     : : "memory", "cc");
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a, hypercall_xen_version(XENVER_version, NULL));

	trap_reset();
	exec_user(u_int82, 0);
	GUEST_ASSERT_EQ(last_trap.count, 1);
	GUEST_ASSERT_EQ(last_trap.vector, X86_TRAP_GP);
	GUEST_ASSERT_EQ(last_trap.error, (0x82 << 3) | 2);
	guest_info("int $0x82: a hypercall from ring 1, #GP from ring 3");
}

/* Our trap table's entry for @vector (trap_init()'s stubs). */
static u32 stub_of(u32 vector)
{
	const struct trap_stub *s;

	for (s = trap_stubs; s->entry; s++)
		if (s->vector == vector)
			return s->entry;
	guest_fail("no stub for vector 0x%x", vector);
}

static void set_dpl_0x80(u32 dpl)
{
	static struct trap_info t[2];

	t[0].vector = 0x80;
	t[0].flags = TI_DPL(dpl) | TI_MASK_EVENTS;
	t[0].cs = FLAT_RING1_CS;
	t[0].address = stub_of(0x80);
	GUEST_ASSERT_EQ(hypercall_set_trap_table(t), 0);
}

static void test_int80(void)
{
	u32 ver = hypercall_xen_version(XENVER_version, NULL);
	u32 a = __HYPERVISOR_xen_version, b = XENVER_version, ip;

	/* Stub 0's int $0x80 is at offset 5 of the page ("mov $0, %eax"). */
	trap_reset();
	asm volatile("call hypercall_page + 5"
		     : "+a" (a), "+b" (b) : : "ecx", "edx", "memory", "cc");
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a, ver);

	a = __HYPERVISOR_xen_version;
	trap_reset();
	asm volatile(ASM_TRY("int $0x80")
		     : [ip] "=&r" (ip), "+a" (a), "+b" (b) : : "memory", "cc");
	GUEST_ASSERT_EQ(last_trap.count, 1);
	GUEST_ASSERT_EQ(last_trap.vector, 0x80);
	GUEST_ASSERT_EQ(last_trap.eip, ip + 2);
	GUEST_ASSERT_EQ(last_trap.cs, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(a, __HYPERVISOR_xen_version);

	set_dpl_0x80(0);
	trap_reset();
	asm volatile(ASM_TRY("int $0x80")
		     : [ip] "=&r" (ip), "+a" (a), "+b" (b) : : "memory", "cc");
	GUEST_ASSERT_TRAP(X86_TRAP_GP, (0x80 << 3) | 2, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(a, __HYPERVISOR_xen_version);
	set_dpl_0x80(3);
	guest_info("int $0x80: a hypercall in the page only, else ours");
}

void test_main(void)
{
	trap_init();
	map_shared_info();
	user_init();
	test_io();
	test_cr();
	test_msr();
	test_int82();
	test_int80();
	guest_pass();
}

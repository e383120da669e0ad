// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid: the hypervisor's CPUID policy, as the forced-emulation prefix
 * ("ud2; .ascii \"xen\"; cpuid") reports it.
 *
 *  - Xen's leaves: 0x40000000 says "XenVMMXenVMM" and at least 0x40000002,
 *    0x40000001 the version xen_version(0) gives, 0x40000002 one
 *    hypercall page.  Linux finds Xen this way.
 *  - Hidden whatever the CPU has: VME, DE, PSE, PGE, PSE36, MTRR, PAT,
 *    MCE, MCA, APIC (leaf 1 EDX); VMX, MONITOR, PCID, x2APIC, XSAVE,
 *    OSXSAVE, AVX (leaf 1 ECX); SMEP, SMAP, INVPCID, AVX2, AVX-512F (leaf
 *    7 EBX); UMIP, PKU (leaf 7 ECX); leaf 0xd; long mode.  The hypervisor
 *    bit is set.  Shown as the CPU has them: FPU, SSE2, NX.
 *  - Beyond the last leaf: zeros.
 * The native CPUID (not intercepted without CPUID faulting) is printed
 * beside, to show the policy hid something the CPU has.
 *
 * Result: "hvtest: cpuid: PASS".
 */
#include "test.h"

struct regs4 {
	u32 a, b, c, d;
};

static struct regs4 policy(u32 leaf, u32 sub)
{
	struct regs4 r = { leaf, 0, sub, 0 };

	asm volatile("ud2\n\t.ascii \"xen\"\n\tcpuid"
		     : "+a" (r.a), "=b" (r.b), "+c" (r.c), "=d" (r.d));
	return r;
}

static struct regs4 native(u32 leaf, u32 sub)
{
	struct regs4 r = { leaf, 0, sub, 0 };

	asm volatile("cpuid" : "+a" (r.a), "=b" (r.b), "+c" (r.c), "=d" (r.d));
	return r;
}

static void hidden(const char *what, u32 got, u32 bits)
{
	if (got & bits)
		guest_fail("%s: bits 0x%x shown (0x%x)", what, got & bits, got);
}

static void test_xen_leaves(void)
{
	struct regs4 r = policy(0x40000000, 0);

	GUEST_ASSERT(r.a >= 0x40000002);
	if (memcmp(&r.b, "XenVMMXenVMM", 12))
		guest_fail("signature %.12s", (char *)&r.b);
	r = policy(0x40000001, 0);
	GUEST_ASSERT_EQ(r.a, hypercall_xen_version(XENVER_version, NULL));
	r = policy(0x40000002, 0);
	GUEST_ASSERT_EQ(r.a, 1);
	guest_info("Xen leaves: ok, version 0x%x",
		   policy(0x40000001, 0).a);
}

static void test_hidden(void)
{
	struct regs4 p1 = policy(1, 0), n1 = native(1, 0);
	struct regs4 p7 = policy(7, 0), n7 = native(7, 0);
	struct regs4 pe = policy(0x80000001, 0), ne = native(0x80000001, 0);
	struct regs4 pd = policy(0xd, 0);

	guest_info("leaf 1 edx %08x (CPU %08x) ecx %08x (CPU %08x)",
		   p1.d, n1.d, p1.c, n1.c);
	guest_info("leaf 7 ebx %08x (CPU %08x) ecx %08x (CPU %08x)",
		   p7.b, n7.b, p7.c, n7.c);
	hidden("leaf 1 edx", p1.d, BIT(1) | BIT(2) | BIT(3) | BIT(7) | BIT(9) |
	       BIT(12) | BIT(13) | BIT(14) | BIT(16) | BIT(17));
	hidden("leaf 1 ecx", p1.c, BIT(3) | BIT(5) | BIT(17) | BIT(21) |
	       BIT(26) | BIT(27) | BIT(28));
	hidden("leaf 7 ebx", p7.b, BIT(5) | BIT(7) | BIT(10) | BIT(16) |
	       BIT(20));
	hidden("leaf 7 ecx", p7.c, BIT(2) | BIT(3) | BIT(4));
	hidden("leaf 0x80000001 edx", pe.d, BIT(29));
	GUEST_ASSERT(p1.c & BIT(31));
	GUEST_ASSERT_EQ(p1.d & (BIT(0) | BIT(26)), n1.d & (BIT(0) | BIT(26)));
	GUEST_ASSERT_EQ(pe.d & BIT(20), ne.d & BIT(20));
	GUEST_ASSERT_EQ(pd.a | pd.b | pd.c | pd.d, 0);
}

static void test_limits(void)
{
	struct regs4 r = policy(0, 0);
	u32 last = r.a;

	GUEST_ASSERT(last <= 0xd);
	r = policy(last + 1, 0);
	GUEST_ASSERT_EQ(r.a | r.b | r.c | r.d, 0);
	r = policy(0x80000000, 0);
	GUEST_ASSERT(r.a <= 0x80000008);
	r = policy(r.a + 1, 0);
	GUEST_ASSERT_EQ(r.a | r.b | r.c | r.d, 0);
	r = policy(0xc0000000, 0);
	GUEST_ASSERT_EQ(r.a | r.b | r.c | r.d, 0);
}

void test_main(void)
{
	test_xen_leaves();
	test_hidden();
	test_limits();
	guest_pass();
}

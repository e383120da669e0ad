// SPDX-License-Identifier: GPL-2.0
/*
 * regs: a guest to look into with hvctl trace and hvctl regs.
 *
 * It makes hypercalls with arguments no other code uses, through the fast
 * path (xen_version), the host path (vm_assist, an unknown number) and a
 * multicall, has a ud2 bounced to its handler, and prints what each
 * returned and where the ud2 was: the trace must show the same, in this
 * order.  Then, with no trap table, it loads known values into every
 * general register, pushes three known words and executes ud2 at the
 * global label regs_crash, which makes hv kill it: hvctl regs must show
 * that EIP, those registers and words, and the bytes 0f 0b.
 *
 * Result: "hvtest: regs: EXPECT-KILL ..." and then a crashed domain.
 */
#include "test.h"
#include "traps.h"

#define HC_UNKNOWN_1	60	/* numbers neither Xen nor hv gives a use */
#define HC_UNKNOWN_2	61

DECLARE_ASM_LABEL(regs_crash);

static void calls(void)
{
	static struct multicall_entry mc[2] = {
		{ .op = __HYPERVISOR_xen_version, .args = { 0, 0xbeef0001 } },
		{ .op = HC_UNKNOWN_2, .args = { 0xb1, 0xb2, 0xb3, 0xb4, 0xb5 } },
	};
	long fast, slow, unknown, multi;
	u32 ip;

	fast = _hypercall(__HYPERVISOR_xen_version, 0, 0xfeedf00d, 0, 0, 0);
	slow = _hypercall(__HYPERVISOR_vm_assist, 0x11223344, 0x55667788,
			  0, 0, 0);
	unknown = _hypercall(HC_UNKNOWN_1, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5);
	multi = hypercall_multicall(mc, 2);
	trap_reset();
	asm volatile(ASM_TRY("ud2") : [ip] "=&r" (ip) : : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_UD, TRAP_NO_ERROR, ip, FLAT_RING1_CS);

	printf("%s: fast %lx slow %ld unknown %ld multi %ld (%ld %ld)\n",
	       test_name, fast, slow, unknown, multi, (long)mc[0].result,
	       (long)mc[1].result);
	printf("%s: bounce at %x\n", test_name, ip);
}

void test_main(void)
{
	trap_init();
	calls();
	printf("%s: crash at %x\n", test_name, (u32)regs_crash);
	guest_expect_kill("ud2 with no trap table");
	console_flush();
	GUEST_ASSERT_EQ(hypercall_set_trap_table(NULL), 0);
	asm volatile("push $0xcafe0001\n\t"
		     "push $0xcafe0002\n\t"
		     "push $0xcafe0003\n\t"
		     "mov $0x11111111, %%eax\n\t"
		     "mov $0x22222222, %%ebx\n\t"
		     "mov $0x33333333, %%ecx\n\t"
		     "mov $0x44444444, %%edx\n\t"
		     "mov $0x55555555, %%esi\n\t"
		     "mov $0x66666666, %%edi\n\t"
		     "mov $0x77777777, %%ebp\n\t"
		     ".globl regs_crash\n"
		     "regs_crash:\n\t"
		     "ud2"
		     : : : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory");
	/* EBP is gone too (it cannot be a clobber): no way back. */
	__builtin_unreachable();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Start of day in C, result lines and shutdown.
 *
 * entry.S has switched to our own stack and saved start_info; here we
 * check that the hypervisor filled the hypercall page before making any
 * hypercall, then run the guest.  The trap table is not installed here:
 * guests that take traps call trap_init() themselves, so that the
 * simplest guest (hello) needs nothing but console_io, xen_version and
 * sched_op from the hypervisor.
 */
#include "test.h"

struct start_info *start_info;
u32 boot_stack_top;

void __noreturn guest_shutdown(u32 reason)
{
	struct sched_shutdown sd = { .reason = reason };

	console_flush();
	hypercall_sched_op(SCHEDOP_shutdown, &sd);
	/*
	 * Still here: the hypervisor refused.  Do not go on running the
	 * test; yield forever and let the host's timeout see it.
	 */
	for (;;)
		hypercall_yield();
}

void __noreturn guest_pass(void)
{
	printf("hvtest: %s: PASS\n", test_name);
	guest_shutdown(SHUTDOWN_poweroff);
}

void __noreturn guest_fail(const char *fmt, ...)
{
	va_list ap;

	printf("hvtest: %s: FAIL: ", test_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	guest_shutdown(SHUTDOWN_crash);
}

void guest_expect_kill(const char *what)
{
	printf("hvtest: %s: EXPECT-KILL %s\n", test_name, what);
}

void guest_info(const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", test_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void __noreturn __guest_assert_fail(const char *file, int line,
				    const char *expr)
{
	guest_fail("%s:%d: %s", file, line, expr);
}

/*
 * Values are shown as 32-bit when they fit, sign extension included, so
 * that -EINVAL reads 0xffffffea rather than 0xffffffffffffffea.
 */
static bool fits32(u64 v)
{
	u32 hi = v >> 32;

	return !hi || (hi == 0xffffffff && (v & 0x80000000));
}

void __noreturn __guest_assert_eq_fail(const char *file, int line,
				       const char *expr, u64 got, u64 want)
{
	if (fits32(got) && fits32(want))
		guest_fail("%s:%d: %s (got 0x%x, want 0x%x)", file, line, expr,
			   (u32)got, (u32)want);
	guest_fail("%s:%d: %s (got 0x%llx, want 0x%llx)", file, line, expr,
		   got, want);
}

/* The ABI's sizes and offsets (XEN-PV32-ABI.md 3 and 4); no code. */
static void check_abi_layout(void)
{
	BUILD_BUG_ON(sizeof(struct trap_info) != 8);
	BUILD_BUG_ON(sizeof(struct mmu_update) != 16);
	BUILD_BUG_ON(sizeof(struct mmuext_op) != 12);
	BUILD_BUG_ON(sizeof(struct multicall_entry) != 32);
	BUILD_BUG_ON(sizeof(struct callback_register) != 12);
	BUILD_BUG_ON(sizeof(struct vcpu_time_info) != 32);
	BUILD_BUG_ON(sizeof(struct vcpu_info) != 64);
	BUILD_BUG_ON(offsetof(struct vcpu_info, arch.cr2) != 8);
	BUILD_BUG_ON(offsetof(struct vcpu_info, time) != 32);
	BUILD_BUG_ON(offsetof(struct shared_info, evtchn_pending) != 2048);
	BUILD_BUG_ON(offsetof(struct shared_info, evtchn_mask) != 2176);
	BUILD_BUG_ON(offsetof(struct shared_info, wc_version) != 2304);
	BUILD_BUG_ON(offsetof(struct start_info, nr_pages) != 32);
	BUILD_BUG_ON(offsetof(struct start_info, pt_base) != 60);
	BUILD_BUG_ON(offsetof(struct start_info, mfn_list) != 68);
	BUILD_BUG_ON(offsetof(struct start_info, cmd_line) != 80);
	BUILD_BUG_ON(sizeof(struct start_info) != 1112);
	BUILD_BUG_ON(sizeof(struct sched_poll) != 16);
	BUILD_BUG_ON(offsetof(struct cons_ring, out) != 1024);
	BUILD_BUG_ON(offsetof(struct cons_ring, in_cons) != 3072);
	BUILD_BUG_ON(offsetof(struct cons_ring, out_prod) != 3084);
}

/* Called from entry.S with start_info and boot_stack_top saved. */
void __noreturn guest_start(void);
void __noreturn guest_start(void)
{
	check_abi_layout();

	/*
	 * The page is shipped full of "ret" (0xc3).  If byte 0 is still
	 * that, no hypercall can work, not even the console: die on an
	 * undefined opcode with no trap table, which the hypervisor must
	 * turn into a crash of the domain.
	 */
	if (hypercall_page[0] == 0xc3)
		asm volatile("ud2; nop");

	if (strncmp(start_info->magic, XEN_START_INFO_MAGIC,
		    sizeof(XEN_START_INFO_MAGIC))) {
		char magic[sizeof(start_info->magic) + 1] = { 0 };

		memcpy(magic, start_info->magic, sizeof(start_info->magic));
		guest_fail("start_info magic is \"%s\"", magic);
	}

	test_main();
	guest_fail("test_main() returned without a result");
}

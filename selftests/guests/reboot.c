// SPDX-License-Identifier: GPL-2.0
/*
 * reboot: a guest that ends the way it is told on its console, for the
 * host's tests of hvctl create --on-reboot.  It prints "reboot: ready",
 * then polls CONSOLEIO_read (yielding, for at most secs=N seconds of
 * system time, default 60) for one letter: "r" shuts the domain down
 * with SHUTDOWN_reboot, "p" passes (poweroff).  Each boot is a new
 * domain with fresh memory, so the host counts the boots by the "ready"
 * lines.
 *
 * Result: "hvtest: reboot: PASS", or a reboot.
 */
#include "mm.h"
#include "test.h"

static char wait_letter(u64 deadline)
{
	char c;
	long n;

	for (;;) {
		n = hypercall_console_io(CONSOLEIO_read, 1, &c);
		if (n < 0 || n > 1)
			guest_fail("console_io read: %ld", n);
		if (n && c != '\n')
			return c;
		if (deadline && system_time_ns() >= deadline)
			guest_fail("no letter on the console");
		GUEST_ASSERT_EQ(hypercall_yield(), 0);
	}
}

void test_main(void)
{
	u32 secs = 60;
	u64 now, deadline = 0;
	char c;

	cmdline_u32("secs", &secs);
	now = system_time_ns();
	if (now)
		deadline = now + (u64)secs * 1000000000;
	guest_info("ready");
	c = wait_letter(deadline);
	if (c == 'r') {
		guest_info("rebooting");
		guest_shutdown(SHUTDOWN_reboot);
	}
	if (c != 'p')
		guest_fail("unknown letter 0x%x", c);
	guest_pass();
}

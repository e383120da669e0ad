// SPDX-License-Identifier: GPL-2.0
/*
 * echo: console input reaches the guest through console_io(CONSOLEIO_read).
 *
 * Before it says it is ready, a read of 0 bytes and a read with no input
 * queued return 0, a count above INT_MAX -E2BIG and an unknown command
 * -ENOSYS (ABI 3.11).  Then it prints "echo: ready for input" and polls
 * CONSOLEIO_read, yielding between polls, until it has a line ending in a
 * newline; it gives up after polls=N empty polls (default 2^24) or secs=N
 * seconds of system time (default 60).  It prints "echo: got LINE" and
 * passes if the line is exactly "hello hv\n", what the host test types
 * (hvctl console with the line on standard input), with nothing after it.
 *
 * Result: "hvtest: echo: PASS".
 */
#include "mm.h"
#include "test.h"
#include "traps.h"

#define ECHO_LINE	"hello hv\n"

static char line[128], shown[128];

static long console_read(u32 count, char *buf)
{
	return hypercall_console_io(CONSOLEIO_read, count, buf);
}

/* Nothing is typed before we say we are ready. */
static void read_edges(void)
{
	memset(line, 0, sizeof(line));
	GUEST_ASSERT_EQ(console_read(0, line), 0);
	GUEST_ASSERT_EQ(console_read(sizeof(line), line), 0);
	GUEST_ASSERT_EQ(console_read(0x80000000u, line), -E2BIG);
	GUEST_ASSERT_EQ(hypercall_console_io(2, sizeof(line), line), -XEN_ENOSYS);
	GUEST_ASSERT_EQ(line[0], 0);
}

/* Read until a newline; returns the length, newline included. */
static u32 read_line(u32 max_polls, u64 deadline)
{
	u32 len = 0, polls = 0, i;
	long n;

	for (;;) {
		u32 room = sizeof(line) - 1 - len;

		if (!room)
			guest_fail("no newline in %u bytes of input", len);
		n = console_read(room, line + len);
		if (n < 0 || (u32)n > room)
			guest_fail("console_io read of %u bytes: %ld", room, n);
		for (i = len; i < len + n; i++) {
			if (line[i] == '\n')
				return len + n;
		}
		len += n;
		if (n)
			continue;
		if (++polls >= max_polls ||
		    (deadline && system_time_ns() >= deadline))
			guest_fail("no input line after %u polls (%u bytes)",
				   polls, len);
		GUEST_ASSERT_EQ(hypercall_yield(), 0);
	}
}

void test_main(void)
{
	u32 max_polls = BIT(24), secs = 60, len, i, want = strlen(ECHO_LINE);
	u64 now, deadline = 0;

	trap_init();
	cmdline_u32("polls", &max_polls);
	cmdline_u32("secs", &secs);
	read_edges();

	now = system_time_ns();
	if (now)
		deadline = now + (u64)secs * 1000000000;
	guest_info("ready for input");

	len = read_line(max_polls, deadline);
	/* Show the line up to its newline, which ends ours. */
	memcpy(shown, line, len);
	for (i = 0; i < len && shown[i] != '\n'; i++)
		;
	shown[i] = 0;
	guest_info("got %s", shown);

	GUEST_ASSERT_EQ(len, want);
	GUEST_ASSERT(!memcmp(line, ECHO_LINE, want));
	/* And nothing more was queued. */
	GUEST_ASSERT_EQ(console_read(sizeof(line), line), 0);
	guest_pass();
}

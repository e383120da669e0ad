// SPDX-License-Identifier: GPL-2.0
/*
 * flood: console output as fast as one guest can make it, for secs=N
 * seconds (default 10) of system time: 4 KiB writes with and without
 * newlines, and one 1 MiB write (continued by the hypervisor in rounds)
 * per pass.  The host keeps only the last 64 KiB per domain and logs
 * none of it, so the host log and memory stay bounded; the harness checks
 * both, and that other guests keep their pace meanwhile.  Ends with
 * "flood: N bytes written" and passes.
 *
 * Result: "hvtest: flood: PASS".
 */
#include "mm.h"
#include "test.h"

static char line[4096];

void test_main(void)
{
	u32 secs = 10, i;
	u64 end, bytes = 0;

	map_shared_info();
	cmdline_u32("secs", &secs);
	for (i = 0; i < sizeof(line); i++)
		line[i] = i % 64 == 63 ? '\n' : 'a' + i % 26;
	end = system_time_ns() + (u64)secs * 1000000000;
	while (system_time_ns() < end) {
		for (i = 0; i < 64; i++) {
			GUEST_ASSERT_EQ(hypercall_console_io(CONSOLEIO_write,
							     sizeof(line),
							     line), 0);
			bytes += sizeof(line);
		}
		/* No newline at all: the whole 4 KiB as one "line". */
		memset(line, 'z', sizeof(line));
		GUEST_ASSERT_EQ(hypercall_console_io(CONSOLEIO_write,
						     sizeof(line), line), 0);
		/* 1 MiB of our image in one call. */
		GUEST_ASSERT_EQ(hypercall_console_io(CONSOLEIO_write, 1 << 20,
						     (char *)0x100000), 0);
		bytes += sizeof(line) + (1 << 20);
		for (i = 0; i < sizeof(line); i++)
			line[i] = i % 64 == 63 ? '\n' : 'a' + i % 26;
	}
	printf("\n");
	guest_info("%llu bytes written", bytes);
	guest_pass();
}

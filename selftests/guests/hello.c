// SPDX-License-Identifier: GPL-2.0
/*
 * hello: the smallest guest that proves the boot path.
 *
 * The hypervisor loaded the ELF image, honoured the notes, filled the
 * hypercall page, passed start_info in ESI and started us at ring 1; the
 * console and shutdown hypercalls work.  Nothing else is needed: no trap
 * table, no page-table updates.
 *
 * Result: "hvtest: hello: PASS".
 */
#include "test.h"

/* Stub n is "mov $n, %eax; int $0x80; ret"; 23 (iret) has no ret. */
static void check_stub(u32 n)
{
	static const u8 iret_stub[] = {
		0x50, 0xb8, 0x17, 0x00, 0x00, 0x00, 0xcd, 0x80,
	};
	const u8 *p = hypercall_page + n * HYPERCALL_STUB_SIZE;
	u8 want[8] = { 0xb8, n, 0, 0, 0, 0xcd, 0x80, 0xc3 };

	if (n == __HYPERVISOR_iret)
		memcpy(want, iret_stub, sizeof(want));
	if (memcmp(p, want, sizeof(want)))
		guest_fail("hypercall stub %u: %02x %02x %02x %02x %02x %02x %02x %02x",
			   n, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
}

void test_main(void)
{
	long ver;
	u32 n;

	printf("Hello from an hv guest\n");
	guest_info("start_info magic \"%s\" nr_pages %u flags 0x%x",
		   start_info->magic, start_info->nr_pages, start_info->flags);
	guest_info("pt_base %p nr_pt_frames %u mfn_list %p cmd_line \"%s\"",
		   (void *)start_info->pt_base, start_info->nr_pt_frames,
		   (void *)start_info->mfn_list, start_info->cmd_line);

	/* The runtime already refused an unfilled page; check every stub. */
	GUEST_ASSERT(hypercall_page[0] != 0xc3);
	for (n = 0; n < PAGE_SIZE / HYPERCALL_STUB_SIZE; n++)
		check_stub(n);

	GUEST_ASSERT(start_info->nr_pages > 0);
	GUEST_ASSERT(!(start_info->flags & SIF_INITDOMAIN));

	/* (major << 16) | minor, and our XEN_VERSION note says 3.0. */
	ver = hypercall_xen_version(XENVER_version, NULL);
	guest_info("xen_version %ld.%ld", ver >> 16, ver & 0xffff);
	GUEST_ASSERT(ver > 0);
	GUEST_ASSERT((ver >> 16) >= 3);

	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * xenver: the identity and vCPU queries a Linux guest makes at boot.
 *
 *  - xen_version: every command.  Strings fill the whole buffer the ABI
 *    gives them (the bytes after the string are NUL, not what the guest
 *    had there); compile_info, changeset and commandline say "<denied>"
 *    and build_id is -EPERM, as Xen answers an unprivileged domain;
 *    guest_handle is 16 zero bytes; get_features reports the two bits
 *    Linux needs (mmu_pt_update_preserve_ad, gnttab_map_avail_bits) and
 *    pae_pgdir_above_4gb only once vm_assist pae_extended_cr3 is on, and
 *    submap 1 is -EINVAL; an unknown command is -XEN_ENOSYS.
 *  - vcpu_op: is_up(0) is 1, up(0) is 0 (it is up), vCPU 1 is -ENOENT.
 *  - set_trap_table: a table of 300 entries is read to its end (more
 *    than the 256 the hypervisor reads per round).
 *  - vcpu_op down(0), the last vCPU: the domain powers off.  The PASS
 *    line comes first; the harness checks the poweroff.
 *
 * Result: "hvtest: xenver: PASS", then a poweroff by VCPUOP_down.
 */
#include "test.h"

static u8 buf[1024 + 16];

/* Run a string command on a buffer full of 0xff: @len bytes written. */
static void check_string(u32 cmd, const char *want, u32 len)
{
	u32 n = strlen(want), i;

	memset(buf, 0xff, sizeof(buf));
	GUEST_ASSERT_EQ(hypercall_xen_version(cmd, buf), 0);
	if (memcmp(buf, want, n))
		guest_fail("xen_version %u: \"%s\", want \"%s\"", cmd,
			   (char *)buf, want);
	for (i = n; i < len; i++)
		if (buf[i])
			guest_fail("xen_version %u: byte %u is 0x%x, want 0",
				   cmd, i, buf[i]);
	GUEST_ASSERT_EQ(buf[len], 0xff);
	guest_info("xen_version %u: \"%s\", %u bytes", cmd, (char *)buf, len);
}

static u32 features(void)
{
	u32 fi[2] = { 0, 0xdeadbeef };

	GUEST_ASSERT_EQ(hypercall_xen_version(XENVER_get_features, fi), 0);
	return fi[1];
}

static void test_xen_version(void)
{
	u32 fi[2] = { 1, 0 }, i;

	check_string(XENVER_extraversion, "-hv", 16);
	check_string(XENVER_capabilities, "xen-3.0-x86_32p", 1024);
	check_string(XENVER_changeset, "<denied>", 64);
	check_string(XENVER_commandline, "<denied>", 9);

	/* compile_info: four strings of 64, 16, 32 and 32 bytes. */
	memset(buf, 0xff, sizeof(buf));
	GUEST_ASSERT_EQ(hypercall_xen_version(XENVER_compile_info, buf), 0);
	GUEST_ASSERT(!strncmp((char *)buf, "<denied>", 9));
	GUEST_ASSERT(!strncmp((char *)buf + 64, "<denied>", 9));
	GUEST_ASSERT(!strncmp((char *)buf + 80, "<denied>", 9));
	GUEST_ASSERT(!strncmp((char *)buf + 112, "<denied>", 9));
	GUEST_ASSERT_EQ(buf[143], 0);
	GUEST_ASSERT_EQ(buf[144], 0xff);

	memset(buf, 0xff, sizeof(buf));
	GUEST_ASSERT_EQ(hypercall_xen_version(XENVER_guest_handle, buf), 0);
	for (i = 0; i < 16; i++)
		GUEST_ASSERT_EQ(buf[i], 0);
	GUEST_ASSERT_EQ(buf[16], 0xff);

	memset(buf, 0xff, sizeof(buf));
	GUEST_ASSERT_EQ(hypercall_xen_version(XENVER_platform_parameters,
					      buf), 0);
	GUEST_ASSERT_EQ(*(u32 *)buf, HYPERVISOR_VIRT_START);
	GUEST_ASSERT_EQ(buf[4], 0xff);

	GUEST_ASSERT_EQ(hypercall_xen_version(XENVER_pagesize, NULL),
			PAGE_SIZE);
	GUEST_ASSERT_EQ(hypercall_xen_version(XENVER_build_id, buf), -EPERM);
	GUEST_ASSERT_EQ(hypercall_xen_version(11, buf), -XEN_ENOSYS);

	GUEST_ASSERT_EQ(hypercall_xen_version(XENVER_get_features, fi),
			-EINVAL);
	/* The two Linux panics without. */
	GUEST_ASSERT(features() & BIT(XENFEAT_mmu_pt_update_preserve_ad));
	GUEST_ASSERT(features() & BIT(XENFEAT_gnttab_map_avail_bits));
	GUEST_ASSERT(!(features() & BIT(XENFEAT_pae_pgdir_above_4gb)));
	GUEST_ASSERT_EQ(hypercall_vm_assist(VMASST_CMD_enable,
					    VMASST_TYPE_pae_extended_cr3), 0);
	GUEST_ASSERT(features() & BIT(XENFEAT_pae_pgdir_above_4gb));
	guest_info("features 0x%x", features());
}

/* 299 entries for vector 0x30, then vector 0x31, then the end. */
static void test_trap_table(void)
{
	static struct trap_info t[301];
	unsigned int i;

	for (i = 0; i < 300; i++)
		t[i] = (struct trap_info){ 0x30, 0, FLAT_RING1_CS, 0x1000 };
	t[299].vector = 0x31;
	GUEST_ASSERT_EQ(hypercall_set_trap_table(t), 0);
	/* Both vectors back to "none": a table whose first entry ends it. */
	GUEST_ASSERT_EQ(hypercall_set_trap_table(&t[300]), 0);
}

void test_main(void)
{
	long rc;

	test_xen_version();
	test_trap_table();

	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_up, 0, NULL), 0);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_is_up, 1, NULL), -ENOENT);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_down, 1, NULL), -ENOENT);

	printf("hvtest: %s: PASS\n", test_name);
	rc = hypercall_vcpu_op(VCPUOP_down, 0, NULL);
	/* Still here: the domain should have powered off. */
	printf("%s: VCPUOP_down returned %ld\n", test_name, rc);
	guest_shutdown(SHUTDOWN_crash);
}

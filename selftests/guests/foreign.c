// SPDX-License-Identifier: GPL-2.0
/*
 * foreign: two guests, one host.  No guest reaches another's frames.
 *
 * Victim (no mfn= on the command line): fills a page with a pattern,
 * grants it to domain 0 (ref 8) and read-only to the domain after its own
 * (ref 9: the attacker, created next), and prints "foreign: victim mfn M
 * shinfo S l3 L domid D" (that page, its shared_info frame, its L3, as
 * machine frame numbers from the P2M, and its domain id); then for secs=N
 * seconds (default 20) checks the page and its L3 entry 0 between yields,
 * and passes if they never changed.
 *
 * Attacker (mfn=M shinfo=S l3=L dom=D): first makes sure none of the three is
 * its own (not in its P2M), then tries every way to read, write or map
 * them, each refused with the ABI's error ("foreign: attack NAME: refused
 * (ERR)"; "WRONG" otherwise): update_va_mapping and mmu_update of an L1
 * entry naming them (read-only and writable; also the victim's
 * shared_info), mmu_update and MACHPHYS_UPDATE with them as the target,
 * pinning, unpinning and NEW_BASEPTR, set_gdt, update_descriptor,
 * register_vcpu_info, and the foreign-domain paths: foreigndom in
 * mmu_update and mmuext_op, event channels to another domain,
 * memory_op of another domid, update_va_mapping_otherdomain, and the
 * grant table: copies from the grant to domain 0, into the read-only
 * grant, past the victim's table, from and into its frame by number,
 * setup_table, query_size and get_version of the victim.  Reading the
 * read-only grant works (not an attack).  Passes if all were refused.
 *
 * Result: "hvtest: foreign: PASS".
 */
#include "gnttab.h"
#include "pt.h"
#include "test.h"
#include "traps.h"

#define PATTERN		0x5ec12e70u
#define OTHER_DOMID	1

static u32 secret[PAGE_SIZE / 4] __aligned(PAGE_SIZE);
static u64 gdt_probe[512] __aligned(PAGE_SIZE);
static u8 table_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static u32 readback[PAGE_SIZE / 4] __aligned(PAGE_SIZE);
static unsigned int nr_attacks, nr_refused;

static void run_victim(void)
{
	u32 secs = 20, l3 = virt_to_mfn((void *)start_info->pt_base);
	u64 *l3p = (u64 *)start_info->pt_base, l3e0 = l3p[0];
	u64 end, checks = 0;
	unsigned int i;

	u32 me = gnttab_own_domid(), table_mfn;
	struct grant_entry_v1 *gt = gnttab_map_table(table_page, 1, &table_mfn);

	for (i = 0; i < ARRAY_SIZE(secret); i++)
		secret[i] = PATTERN ^ i;
	gnttab_grant(gt, 8, 0, virt_to_mfn(secret), GTF_permit_access);
	gnttab_grant(gt, 9, me + 1, virt_to_mfn(secret),
		     GTF_permit_access | GTF_readonly);
	cmdline_u32("secs", &secs);
	guest_info("victim mfn 0x%x shinfo 0x%x l3 0x%x domid %u",
		   virt_to_mfn(secret), start_info->shared_info >> PAGE_SHIFT,
		   l3, me);
	end = system_time_ns() + (u64)secs * 1000000000;
	while (system_time_ns() < end) {
		for (i = 0; i < ARRAY_SIZE(secret); i++)
			GUEST_ASSERT_EQ(secret[i], PATTERN ^ i);
		GUEST_ASSERT_EQ(l3p[0], l3e0);
		checks++;
		hypercall_yield();
	}
	GUEST_ASSERT_EQ(gt[8].flags, GTF_permit_access);
	GUEST_ASSERT_EQ(gt[9].flags, GTF_permit_access | GTF_readonly);
	guest_info("victim: page and L3 intact over %llu checks", checks);
	guest_pass();
}

static void result(const char *name, long rc, long want)
{
	nr_attacks++;
	if (rc != want) {
		guest_info("attack %s: WRONG: got %ld, want %ld", name, rc, want);
		return;
	}
	nr_refused++;
	guest_info("attack %s: refused (%ld)", name, rc);
}

static long ext(u32 cmd, u32 arg1, u32 foreigndom)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = arg1 };

	return hypercall_mmuext_op(&op, 1, NULL, foreigndom);
}

static long mmu(u64 ptr, u64 val, u32 foreigndom)
{
	struct mmu_update req = { .ptr = ptr, .val = val };

	return hypercall_mmu_update(&req, 1, NULL, foreigndom);
}

static long evtchn(u32 cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static bool ours(u32 mfn)
{
	u32 pfn;

	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (((u32 *)start_info->mfn_list)[pfn] == mfn)
			return true;
	return false;
}

/* One copy, its status (the hypercall itself must succeed). */
static long copy(u32 src, u16 sdom, u32 dst, u16 ddom, u16 flags)
{
	struct gnttab_copy op = {
		.source = { src, sdom, 0 }, .dest = { dst, ddom, 0 },
		.len = PAGE_SIZE, .flags = flags,
	};

	GUEST_ASSERT_EQ(hypercall_grant_table_op(GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

/* The grant table: the victim's grants and frames, and its table. */
static void attack_grants(u32 mfn, u16 dom)
{
	struct gnttab_setup_table st = { .dom = dom, .nr_frames = 1,
					 .frame_list = (u32)gdt_probe };
	struct gnttab_query_size qs = { .dom = dom };
	struct gnttab_get_version gv = { .dom = dom };
	u32 own = virt_to_mfn(readback);
	unsigned int i;

	result("grant copy: its grant to domain 0",
	       copy(8, dom, own, DOMID_SELF, GNTCOPY_source_gref),
	       GNTST_general_error);
	result("grant copy: into its read-only grant to us",
	       copy(own, DOMID_SELF, 9, dom, GNTCOPY_dest_gref),
	       GNTST_general_error);
	result("grant copy: past its table",
	       copy(GNT_PER_FRAME, dom, own, DOMID_SELF, GNTCOPY_source_gref),
	       GNTST_bad_gntref);
	result("grant copy: from its page by number",
	       copy(mfn, DOMID_SELF, own, DOMID_SELF, 0), GNTST_bad_page);
	result("grant copy: into its page by number",
	       copy(own, DOMID_SELF, mfn, DOMID_SELF, 0), GNTST_bad_page);
	result("grant copy: its page by number, its domain id",
	       copy(mfn, dom, own, DOMID_SELF, 0), GNTST_permission_denied);
	GUEST_ASSERT_EQ(hypercall_grant_table_op(GNTTABOP_setup_table, &st, 1),
			0);
	result("setup_table of its grant table", st.status,
	       GNTST_permission_denied);
	GUEST_ASSERT_EQ(hypercall_grant_table_op(GNTTABOP_query_size, &qs, 1),
			0);
	result("query_size of its grant table", qs.status,
	       GNTST_permission_denied);
	result("get_version of its grant table",
	       hypercall_grant_table_op(GNTTABOP_get_version, &gv, 1), -EPERM);

	/* What it granted us, read-only, we may read. */
	GUEST_ASSERT_EQ(gnttab_own_domid(), dom + 1);
	GUEST_ASSERT_EQ(copy(9, dom, own, DOMID_SELF, GNTCOPY_source_gref),
			GNTST_okay);
	for (i = 0; i < ARRAY_SIZE(readback); i++)
		GUEST_ASSERT_EQ(readback[i], PATTERN ^ i);
	guest_info("attacker: read the page the victim granted us");
}

static void run_attacker(u32 mfn, u32 shinfo, u32 l3, u32 dom)
{
	u32 win = pt_window_va(0);
	u64 win_ma = pt_ma(pte_of(win));
	u64 page = (u64)mfn << PAGE_SHIFT;
	u64 desc = 0x00cf92000000ffffull;
	struct {
		u64 mfn;
		u32 offset, rsvd;
	} vi = { mfn, 0, 0 };
	struct {
		u16 dom, remote_dom;
		u32 port;
	} unbound = { DOMID_SELF, OTHER_DOMID, 0 };
	struct {
		u16 remote_dom, pad;
		u32 remote_port, local_port;
	} bind = { OTHER_DOMID, 0, 1, 0 };
	struct mmuext_op copy = { .cmd = 17 };	/* COPY_PAGE */
	u16 domid = OTHER_DOMID;

	GUEST_ASSERT(!ours(mfn) && !ours(shinfo) && !ours(l3));
	guest_info("attacker: the victim's frames are not in our P2M; M2P says pfn 0x%x",
		   ((u32 *)MACH2PHYS_VIRT_START)[mfn]);

	result("update_va_mapping of its page, read-only",
	       hypercall_update_va_mapping(win, page | PTE_USER_RO,
					   UVMF_INVLPG), -EPERM);
	result("update_va_mapping of its page, writable",
	       hypercall_update_va_mapping(win, page | PTE_KERNEL,
					   UVMF_INVLPG), -EPERM);
	result("update_va_mapping of its shared_info",
	       hypercall_update_va_mapping(win, (u64)shinfo << PAGE_SHIFT |
					   PTE_KERNEL, UVMF_INVLPG), -EPERM);
	result("update_va_mapping of its L3, read-only",
	       hypercall_update_va_mapping(win, (u64)l3 << PAGE_SHIFT |
					   PTE_USER_RO, UVMF_INVLPG), -EPERM);
	result("mmu_update: an L1 entry naming its page",
	       mmu(win_ma, page | PTE_KERNEL, DOMID_SELF), -EPERM);
	result("mmu_update: an L1 entry naming its shared_info",
	       mmu(win_ma, (u64)shinfo << PAGE_SHIFT | PTE_KERNEL,
		   DOMID_SELF), -EPERM);
	GUEST_ASSERT_EQ(*pte_of(win), 0);

	result("mmu_update: write into its page as a table",
	       mmu(page, 0, DOMID_SELF), -EINVAL);
	result("mmu_update: write into its L3",
	       mmu((u64)l3 << PAGE_SHIFT, 0, DOMID_SELF), -EINVAL);
	result("mmu_update: MACHPHYS_UPDATE of its page",
	       mmu(page | MMU_MACHPHYS_UPDATE, 0, DOMID_SELF), -EINVAL);
	result("mmu_update: foreigndom of another domain",
	       mmu(win_ma, page | PTE_KERNEL, OTHER_DOMID), -ESRCH);

	result("pin its page as L1", ext(MMUEXT_PIN_L1_TABLE, mfn, DOMID_SELF),
	       -EINVAL);
	result("pin its L3", ext(MMUEXT_PIN_L3_TABLE, l3, DOMID_SELF), -EINVAL);
	result("unpin its L3", ext(MMUEXT_UNPIN_TABLE, l3, DOMID_SELF),
	       -EINVAL);
	result("NEW_BASEPTR to its L3", ext(MMUEXT_NEW_BASEPTR, l3, DOMID_SELF),
	       -EINVAL);
	result("mmuext_op: foreigndom of another domain",
	       ext(MMUEXT_PIN_L1_TABLE, mfn, OTHER_DOMID), -EPERM);

	result("set_gdt on its page", hypercall_set_gdt(&mfn, 1), -EINVAL);
	result("update_descriptor in its page",
	       hypercall_update_descriptor(page + 8, desc), -EINVAL);
	result("register_vcpu_info in its page",
	       hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), -EINVAL);
	vi.mfn = shinfo;
	result("register_vcpu_info in its shared_info",
	       hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), -EINVAL);

	result("event channel: alloc_unbound for another domain",
	       evtchn(6, &unbound), -ESRCH);
	result("event channel: bind_interdomain to another domain",
	       evtchn(0, &bind), -ESRCH);
	result("memory_op: reservation of another domain",
	       hypercall_memory_op(XENMEM_current_reservation, &domid),
	       -ESRCH);
	result("update_va_mapping_otherdomain",
	       _hypercall(22, win, page | PTE_KERNEL, 0, UVMF_INVLPG,
			  OTHER_DOMID), -XEN_ENOSYS);
	attack_grants(mfn, dom);
	copy.arg1 = virt_to_mfn(gdt_probe);
	copy.arg2 = mfn;
	result("mmuext COPY_PAGE from its page",
	       hypercall_mmuext_op(&copy, 1, NULL, DOMID_SELF), -XEN_ENOSYS);

	guest_info("attacker: %u attacks, %u refused", nr_attacks, nr_refused);
	GUEST_ASSERT_EQ(nr_refused, nr_attacks);
	guest_pass();
}

void test_main(void)
{
	u32 mfn, shinfo = 0, l3 = 0, dom = 0;

	trap_init();
	map_shared_info();
	if (!cmdline_u32("mfn", &mfn))
		run_victim();
	pt_init();
	GUEST_ASSERT(cmdline_u32("shinfo", &shinfo) && cmdline_u32("l3", &l3) &&
		     cmdline_u32("dom", &dom));
	run_attacker(mfn, shinfo, l3, dom);
}

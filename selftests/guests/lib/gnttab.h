/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant tables (3.19), header only: the version 1 structures, the
 * grant_table_op wrapper, setting up and mapping the table, and finding
 * our own domain id (get_version answers 0 for our id alone).
 */
#ifndef GUEST_GNTTAB_H
#define GUEST_GNTTAB_H

#include "mm.h"
#include "test.h"

#define __HYPERVISOR_grant_table_op	20

#define GNTTABOP_map_grant_ref		0
#define GNTTABOP_setup_table		2
#define GNTTABOP_copy			5
#define GNTTABOP_query_size		6
#define GNTTABOP_set_version		8
#define GNTTABOP_get_version		10

#define GTF_invalid			0x0000
#define GTF_permit_access		0x0001
#define GTF_accept_transfer		0x0002
#define GTF_transitive			0x0003
#define GTF_readonly			0x0004
#define GTF_reading			0x0008
#define GTF_writing			0x0010
#define GTF_sub_page			0x0100

#define GNTST_okay			0
#define GNTST_general_error		(-1)
#define GNTST_bad_domain		(-2)
#define GNTST_bad_gntref		(-3)
#define GNTST_bad_virt_addr		(-5)
#define GNTST_permission_denied		(-8)
#define GNTST_bad_page			(-9)
#define GNTST_bad_copy_arg		(-10)

#define GNTCOPY_source_gref		1
#define GNTCOPY_dest_gref		2

#define GNT_PER_FRAME			512
#define DOMID_IO			0x7ff1
#define DOMID_MAX			0x7fef

struct grant_entry_v1 {
	u16 flags;
	u16 domid;
	u32 frame;
};

struct gnttab_setup_table {
	u16 dom;
	u32 nr_frames;
	s16 status;
	u32 frame_list;
};

struct gnttab_query_size {
	u16 dom;
	u32 nr_frames;
	u32 max_nr_frames;
	s16 status;
};

struct gnttab_get_version {
	u16 dom;
	u16 pad;
	u32 version;
};

struct gnttab_copy_ptr {
	u32 ref;		/* or a machine frame */
	u16 domid;
	u16 offset;
};

struct gnttab_copy {
	struct gnttab_copy_ptr source, dest;
	u16 len;
	u16 flags;
	s16 status;
};

static inline long hypercall_grant_table_op(u32 cmd, void *uop, u32 count)
{
	return _hypercall(__HYPERVISOR_grant_table_op, cmd, uop, count, 0, 0);
}

/* Our own domain id: the one get_version does not refuse. */
static inline u32 gnttab_own_domid(void)
{
	struct gnttab_get_version gv;
	u32 id;

	for (id = 1; id <= DOMID_MAX; id++) {
		gv.dom = id;
		if (!hypercall_grant_table_op(GNTTABOP_get_version, &gv, 1))
			return id;
	}
	guest_fail("no domain id of ours");
}

/*
 * setup_table for @n frames, their MFNs into @mfns, each mapped writable
 * over a page at @va (of our .bss) in turn.  The first entry.
 */
static inline struct grant_entry_v1 *gnttab_map_table(void *va, u32 n,
						      u32 *mfns)
{
	struct gnttab_setup_table st = {
		.dom = DOMID_SELF, .nr_frames = n, .frame_list = (u32)mfns,
	};
	u32 i;

	GUEST_ASSERT_EQ(hypercall_grant_table_op(GNTTABOP_setup_table, &st, 1),
			0);
	GUEST_ASSERT_EQ(st.status, GNTST_okay);
	for (i = 0; i < n; i++)
		set_pte((u32)va + i * PAGE_SIZE, (u64)mfns[i] << PAGE_SHIFT |
			_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED);
	return va;
}

/* Grant @ref: @domid may use machine frame @mfn as @flags allow. */
static inline void gnttab_grant(struct grant_entry_v1 *gt, u32 ref,
				u16 domid, u32 mfn, u16 flags)
{
	gt[ref].domid = domid;
	gt[ref].frame = mfn;
	asm volatile("" ::: "memory");	/* x86: stores stay in order */
	gt[ref].flags = flags;
}

#endif /* GUEST_GNTTAB_H */

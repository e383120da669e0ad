// SPDX-License-Identifier: GPL-2.0
/*
 * Grant tables (ABI 3.19, version 1): how a guest lets another domain -
 * for now one of hv's own back ends, as domain 0 - use one of its frames.
 *
 * The table is up to HV_GNT_MAX_FRAMES host pages the guest maps like its
 * shared_info (frames_env.h lets an L1 entry name them; they are not the
 * guest's frames, so they never take a page-table or descriptor type).
 * The guest writes an entry {flags, domid, frame}; whoever uses the grant
 * pins it here:
 *
 *   - the first pin checks the entry (a permit-access grant to that
 *     domain, not read-only for a write) and sets GTF_reading (and
 *     GTF_writing) with a cmpxchg of flags and domid, so a guest revoking
 *     the entry at the same moment either sees the bits and fails its own
 *     cmpxchg, or revokes first and the pin fails; the frame is read once,
 *     at that first pin, and stays the pinned one whatever the guest
 *     writes into the entry later (Xen's rules);
 *   - the last pin of a kind clears its bit again;
 *   - a write pin holds the frame against a retype (frames.c): while a
 *     back end may write it, it cannot become a page table or descriptor
 *     frame, and a table or descriptor frame cannot be pinned for writing;
 *   - every hold references the domain, so its frames (freed only with
 *     the domain's last reference) outlive every mapping.  Destroy marks
 *     the table dead: no new holds, the old ones unwind as their back ends
 *     drop them.
 *
 * GNTTABOP_copy uses the same holds for its grant-reference sides, so
 * every copy through a grant runs the back ends' path.  Locking:
 * Documentation/locking.rst (d->gnttab.lock is innermost).
 */

#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "domain.h"
#include "gnttab.h"
#include "hypercall.h"
#include "paging.h"
#include "vcpu.h"

#define HV_GNT_PER_FRAME	(PAGE_SIZE / sizeof(struct pv_grant_entry_v1))
#define HV_GNT_MAX_ENTRIES	(HV_GNT_MAX_FRAMES * HV_GNT_PER_FRAME)
#define HV_GNT_PIN_MAX		U16_MAX
#define HV_GNT_RETRIES		5	/* cmpxchg rounds against the guest */

/* Frames shared by the version 1 ABI are 32-bit MFNs; so is shared_info. */
#define HV_GNT_GFP		(GFP_KERNEL_ACCOUNT | GFP_DMA32 | __GFP_ZERO)

/* Who holds an entry, and how (Xen's active entry). */
struct hv_gnt_active {
	u32 pfn;		/* the frame pinned, while pinned */
	u16 domid;		/* the domain holding the pins */
	u16 readers;		/* read-only pins */
	u16 writers;		/* writable pins */
};

int hv_gnttab_init(struct hv_dom *d)
{
	struct hv_gnttab *gt = &d->gnttab;

	spin_lock_init(&gt->lock);
	gt->active = kvcalloc(HV_GNT_MAX_ENTRIES, sizeof(*gt->active),
			      GFP_KERNEL_ACCOUNT);
	if (!gt->active)
		return -ENOMEM;
	/* As Xen, one frame from the start: entries 0-7 are the toolstack's. */
	gt->frames[0] = alloc_page(HV_GNT_GFP);
	if (!gt->frames[0])
		return -ENOMEM;
	gt->nr_frames = 1;
	return 0;
}

/* Destroy: the domain's grants take no new holds. */
void hv_gnttab_kill(struct hv_dom *d)
{
	spin_lock(&d->gnttab.lock);
	d->gnttab.dead = true;
	spin_unlock(&d->gnttab.lock);
}

/* The domain's last reference: no hold is left (each holds one). */
void hv_gnttab_free(struct hv_dom *d)
{
	struct hv_gnttab *gt = &d->gnttab;

	while (gt->nr_frames)
		__free_page(gt->frames[--gt->nr_frames]);
	kvfree(gt->active);
	gt->active = NULL;
}

static struct pv_grant_entry_v1 *hv_gnt_entry(struct hv_gnttab *gt, u32 ref)
{
	struct pv_grant_entry_v1 *e;

	e = page_address(gt->frames[ref / HV_GNT_PER_FRAME]);
	return &e[ref % HV_GNT_PER_FRAME];
}

/*
 * Set GTF_reading (and GTF_writing for @write) in entry @e for @mapper.
 * @first: nothing holds the entry yet, so it must be a permit-access
 * grant to @mapper (@type_mask also takes in GTF_sub_page for a mapping,
 * as Xen does).  Flags and domid change together with one cmpxchg; a
 * guest that keeps changing them makes it fail after a few rounds.
 */
static int hv_gnt_set_status(struct pv_grant_entry_v1 *e, u16 mapper,
			     bool write, bool first, u16 type_mask)
{
	u32 *word = (u32 *)e, old = READ_ONCE(*word), seen, set;
	int i;

	set = PV_GTF_READING | (write ? PV_GTF_WRITING : 0);
	for (i = 0; i < HV_GNT_RETRIES; i++) {
		u16 flags = old, domid = old >> 16;

		if (first && ((flags & type_mask) != PV_GTF_PERMIT_ACCESS ||
			      domid != mapper))
			return PV_GNTST_GENERAL_ERROR;
		if (write && (flags & PV_GTF_READONLY))
			return PV_GNTST_GENERAL_ERROR;
		seen = cmpxchg(word, old, old | set);
		if (seen == old)
			return 0;
		old = seen;
	}
	return PV_GNTST_GENERAL_ERROR;
}

/* Clear what a failed or last pin leaves set (always succeeds). */
static void hv_gnt_clear_status(struct pv_grant_entry_v1 *e,
				const struct hv_gnt_active *act)
{
	if (!act->writers)
		clear_bit(PV_GTF_WRITING_BIT, (unsigned long *)e);
	if (!act->readers && !act->writers)
		clear_bit(PV_GTF_READING_BIT, (unsigned long *)e);
}

/*
 * A back end may write frame @pfn of @d: it must not be a table or
 * descriptor frame, now or while held.  The count is raised before the
 * type is read, and frames.c stores a new table type before it reads the
 * count (hv_frame_backend_writes()), each with a full barrier between:
 * one of the two always sees the other, so never both succeed.
 */
static int hv_gnt_hold_frame(struct hv_dom *d, u32 pfn)
{
	struct hv_frame *f = &d->ft[pfn];
	u8 type;

	atomic_inc(&f->gnt_writers);
	smp_mb__after_atomic();	/* the count raised before the type read */
	type = READ_ONCE(f->type);
	if (type == HV_FRAME_NONE || type == HV_FRAME_WRITABLE)
		return 0;
	atomic_dec(&f->gnt_writers);
	return PV_GNTST_GENERAL_ERROR;
}

/* The back end's writes are done: the frame may be retyped again. */
static void hv_gnt_release_frame(struct hv_dom *d, u32 pfn)
{
	smp_mb__before_atomic();	/* the back end's writes first */
	atomic_dec(&d->ft[pfn].gnt_writers);
}

/* The frame a grant names, which must be one of the granting domain's. */
static int hv_gnt_frame(struct hv_dom *d, struct pv_grant_entry_v1 *e,
			u32 *pfn)
{
	return hv_mfn_to_pfn(d, READ_ONCE(e->frame), pfn) ?
	       PV_GNTST_BAD_PAGE : 0;
}

/*
 * Pin grant @ref of @d for @mapper: the first pin checks and marks the
 * entry and reads its frame, a first write pin holds the frame writable.
 * @type_mask: what of the flags must say "permit access".
 */
static int hv_gnt_pin_locked(struct hv_dom *d, u32 ref, u16 mapper,
			     bool write, u16 type_mask, u32 *pfn)
{
	struct hv_gnttab *gt = &d->gnttab;
	u32 nr = gt->nr_frames * HV_GNT_PER_FRAME;
	struct pv_grant_entry_v1 *e;
	struct hv_gnt_active *act;
	bool pinned;
	int err;

	if (gt->dead)
		return PV_GNTST_BAD_DOMAIN;
	if (ref >= nr)
		return PV_GNTST_BAD_GNTREF;
	ref = array_index_nospec(ref, nr);
	act = &gt->active[ref];
	e = hv_gnt_entry(gt, ref);
	pinned = act->readers || act->writers;
	if (pinned && (act->domid != mapper || act->readers == HV_GNT_PIN_MAX ||
		       act->writers == HV_GNT_PIN_MAX))
		return PV_GNTST_GENERAL_ERROR;
	if (!pinned || (write && !act->writers)) {
		err = hv_gnt_set_status(e, mapper, write, !pinned, type_mask);
		if (err)
			return err;
		if (!pinned)
			err = hv_gnt_frame(d, e, &act->pfn);
		if (!err && write)
			err = hv_gnt_hold_frame(d, act->pfn);
		if (err) {
			hv_gnt_clear_status(e, act);
			return err;
		}
		act->domid = mapper;
	}
	if (write)
		act->writers++;
	else
		act->readers++;
	*pfn = act->pfn;
	return 0;
}

static int hv_gnt_pin(struct hv_dom *d, u32 ref, u16 mapper, bool write,
		      u16 type_mask, struct hv_gnt_map *map)
{
	u32 pfn;
	int err;

	spin_lock(&d->gnttab.lock);
	err = hv_gnt_pin_locked(d, ref, mapper, write, type_mask, &pfn);
	spin_unlock(&d->gnttab.lock);
	if (err)
		return err;
	kref_get(&d->ref);	/* the frames stay until the unpin */
	*map = (struct hv_gnt_map){ .d = d, .page = d->mem.frames[pfn],
				    .ref = ref, .write = write };
	return 0;
}

/*
 * The back ends' API.  Map grant @ref of domain @d for @mapper (the
 * host's back ends: HV_GNT_HOST_DOMID), for writing if @write: 0 with
 * *@map filled, or the ABI's GNTST_* code.  Any context that may take a
 * spinlock; hv_gnttab_unmap() may drop the domain's last reference and
 * must run in process context.
 */
int hv_gnttab_map(struct hv_dom *d, u32 ref, u16 mapper, bool write,
		  struct hv_gnt_map *map)
{
	return hv_gnt_pin(d, ref, mapper, write,
			  PV_GTF_TYPE_MASK | PV_GTF_SUB_PAGE, map);
}

void hv_gnttab_unmap(struct hv_gnt_map *map)
{
	struct hv_dom *d = map->d;
	struct hv_gnttab *gt = &d->gnttab;
	struct hv_gnt_active *act = &gt->active[map->ref];

	spin_lock(&gt->lock);
	if (map->write) {
		if (!--act->writers)
			hv_gnt_release_frame(d, act->pfn);
	} else {
		act->readers--;
	}
	hv_gnt_clear_status(hv_gnt_entry(gt, map->ref), act);
	spin_unlock(&gt->lock);
	hv_domain_put(d);
	map->d = NULL;
}

/*
 * Copy @len bytes between @buf and grant @ref of @d at @offset: into the
 * guest's frame if @to_guest.  0 or a GNTST_* code.
 */
int hv_gnttab_copy(struct hv_dom *d, u32 ref, u16 mapper, bool to_guest,
		   unsigned int offset, void *buf, unsigned int len)
{
	struct hv_gnt_map map;
	void *p;
	int err;

	if (offset > PAGE_SIZE || len > PAGE_SIZE - offset)
		return PV_GNTST_BAD_COPY_ARG;
	err = hv_gnt_pin(d, ref, mapper, to_guest, PV_GTF_TYPE_MASK, &map);
	if (err)
		return err;
	p = page_address(map.page) + offset;
	if (to_guest)
		memcpy(p, buf, len);
	else
		memcpy(buf, p, len);
	hv_gnttab_unmap(&map);
	return 0;
}

/* --- the guest's grant_table_op --- */

/* The guest's DOMID_SELF or own id, another domain (referenced) or none. */
static struct hv_dom *hv_gnt_domain(struct hv_vcpu *v, u16 domid)
{
	if (domid == PV_DOMID_SELF || domid == v->dom->id) {
		kref_get(&v->dom->ref);
		return v->dom;
	}
	return hv_domain_get_by_id(domid);
}

/* Whether @n items of @size at @uop lie below the hole (Xen: -EFAULT). */
static bool hv_gnt_range_ok(u32 uop, u32 n, size_t size)
{
	return (u64)uop + (u64)n * size <= PV_HOLE_START;
}

/*
 * Grow @d's table to @nr frames.  Only the domain's own vCPU thread grows
 * it, and its fast path reads the frames without the lock (the L1 checks
 * of frames_env.h): the frame is stored before the count.
 */
static int hv_gnt_grow(struct hv_gnttab *gt, unsigned int nr)
{
	struct page *page;

	while (gt->nr_frames < nr) {
		page = alloc_page(HV_GNT_GFP);
		if (!page)
			return -ENOMEM;
		spin_lock(&gt->lock);
		gt->frames[gt->nr_frames] = page;
		/* The frame stored before the count that covers it. */
		smp_store_release(&gt->nr_frames, gt->nr_frames + 1);
		spin_unlock(&gt->lock);
	}
	return 0;
}

/* The status of setup_table for @op (the domain checked already). */
static s16 hv_gnt_setup(struct hv_vcpu *v, struct pv_gnttab_setup_table *op)
{
	struct hv_gnttab *gt = &v->dom->gnttab;
	unsigned int i;
	u32 mfn;

	if (op->nr_frames > HV_GNT_MAX_FRAMES || hv_gnt_grow(gt, op->nr_frames))
		return PV_GNTST_GENERAL_ERROR;
	for (i = 0; i < op->nr_frames; i++) {
		mfn = page_to_pfn(gt->frames[i]);
		if (hv_copy_to_guest(v, op->frame_list + i * 4, &mfn, 4))
			return PV_GNTST_BAD_VIRT_ADDR;
	}
	return PV_GNTST_OKAY;
}

/*
 * Who @domid names for setup_table and query_size: the caller (0), or
 * the status for another domain (which exists: not the caller's to ask
 * about) or for none.
 */
static s16 hv_gnt_self_only(struct hv_vcpu *v, u16 domid)
{
	struct hv_dom *d = hv_gnt_domain(v, domid);
	s16 status = PV_GNTST_OKAY;

	if (!d)
		return PV_GNTST_BAD_DOMAIN;
	if (d != v->dom)
		status = PV_GNTST_PERMISSION_DENIED;
	hv_domain_put(d);
	return status;
}

/* setup_table: Xen's 32-bit (compat) path; count 0 does nothing. */
static long hv_gnt_setup_table(struct hv_vcpu *v, u32 uop, u32 count)
{
	struct pv_gnttab_setup_table op;

	if (!hv_gnt_range_ok(uop, count, sizeof(op)))
		return -EFAULT;
	if (count > 1)
		return -EINVAL;
	if (!count)
		return 0;
	if (hv_copy_from_guest(v, &op, uop, sizeof(op)) ||
	    !hv_gnt_range_ok(op.frame_list, op.nr_frames, 4))
		return -EFAULT;
	op.status = hv_gnt_self_only(v, op.dom);
	if (op.status == PV_GNTST_OKAY)
		op.status = hv_gnt_setup(v, &op);
	return hv_copy_to_guest(v, uop + offsetof(typeof(op), status),
				&op.status, sizeof(op.status)) ? -EFAULT : 0;
}

static long hv_gnt_query_size(struct hv_vcpu *v, u32 uop, u32 count)
{
	struct pv_gnttab_query_size op;

	if (count != 1)
		return -EINVAL;
	if (hv_copy_from_guest(v, &op, uop, sizeof(op)))
		return -EFAULT;
	op.status = hv_gnt_self_only(v, op.dom);
	if (op.status == PV_GNTST_OKAY) {
		op.nr_frames = v->dom->gnttab.nr_frames;
		op.max_nr_frames = HV_GNT_MAX_FRAMES;
	}
	return hv_copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Version 1 only: 2 is -ENOSYS, as Xen with max-ver:1 answers. */
static long hv_gnt_set_version(struct hv_vcpu *v, u32 uop)
{
	struct pv_gnttab_set_version op;
	long err = 0;

	if (hv_copy_from_guest(v, &op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version == 2)
		err = -PV_ENOSYS;
	else if (op.version != 1)
		err = -EINVAL;
	op.version = 1;
	return hv_copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : err;
}

static long hv_gnt_get_version(struct hv_vcpu *v, u32 uop)
{
	struct pv_gnttab_get_version op;
	struct hv_dom *d;
	bool self;

	if (hv_copy_from_guest(v, &op, uop, sizeof(op)))
		return -EFAULT;
	d = hv_gnt_domain(v, op.dom);
	if (!d)
		return -ESRCH;
	self = d == v->dom;
	hv_domain_put(d);
	if (!self)
		return -EPERM;
	op.version = 1;
	return hv_copy_to_guest(v, uop + offsetof(typeof(op), version),
				&op.version, sizeof(op.version)) ? -EFAULT : 0;
}

/* One side of a copy while it runs. */
struct hv_gnt_side {
	struct hv_dom *d;	/* referenced */
	struct hv_gnt_map map;	/* a grant's pin, if map.d */
	struct page *page;
};

/* The side's domain: a frame number may only name the caller's own. */
static int hv_gnt_side_domain(struct hv_vcpu *v,
			      const struct pv_gnttab_copy_ptr *p, bool gref,
			      struct hv_gnt_side *s)
{
	if (!gref && p->domid != PV_DOMID_SELF)
		return PV_GNTST_PERMISSION_DENIED;
	s->d = hv_gnt_domain(v, p->domid);
	return s->d ? 0 : PV_GNTST_BAD_DOMAIN;
}

/*
 * Reach the side's frame: a grant pinned for the caller (written only
 * if @write), or the caller's own frame, which must not be a table or
 * descriptor frame if written.  Only this vCPU retypes its frames, and it
 * is here, so the own frame's type cannot change during the copy.
 */
static int hv_gnt_side_claim(struct hv_vcpu *v,
			     const struct pv_gnttab_copy_ptr *p, bool gref,
			     bool write, struct hv_gnt_side *s)
{
	struct hv_dom *d = v->dom;
	u8 type;
	u32 pfn;
	int err;

	if (gref) {
		err = hv_gnt_pin(s->d, p->ref_or_gmfn, d->id, write,
				 PV_GTF_TYPE_MASK, &s->map);
		s->page = err ? NULL : s->map.page;
		return err;
	}
	if (hv_mfn_to_pfn(d, p->ref_or_gmfn, &pfn))
		return PV_GNTST_BAD_PAGE;
	type = d->ft[pfn].type_count ? d->ft[pfn].type : HV_FRAME_NONE;
	if (write && type != HV_FRAME_NONE && type != HV_FRAME_WRITABLE)
		return PV_GNTST_GENERAL_ERROR;
	s->page = d->mem.frames[pfn];
	return 0;
}

static void hv_gnt_side_release(struct hv_gnt_side *s)
{
	if (s->map.d)
		hv_gnttab_unmap(&s->map);
	if (s->d)
		hv_domain_put(s->d);
}

/*
 * One GNTTABOP_copy, checked in Xen's order: both domains, the source,
 * the destination, then the offsets.  Its status.
 */
static s16 hv_gnt_copy_one(struct hv_vcpu *v, const struct pv_gnttab_copy *op)
{
	bool sgref = op->flags & PV_GNTCOPY_SOURCE_GREF;
	bool dgref = op->flags & PV_GNTCOPY_DEST_GREF;
	struct hv_gnt_side src = {}, dst = {};
	int err;

	err = hv_gnt_side_domain(v, &op->source, sgref, &src);
	if (!err)
		err = hv_gnt_side_domain(v, &op->dest, dgref, &dst);
	if (!err)
		err = hv_gnt_side_claim(v, &op->source, sgref, false, &src);
	if (!err)
		err = hv_gnt_side_claim(v, &op->dest, dgref, true, &dst);
	if (!err && (op->source.offset + op->len > PAGE_SIZE ||
		     op->dest.offset + op->len > PAGE_SIZE))
		err = PV_GNTST_BAD_COPY_ARG;
	if (!err)
		memmove(page_address(dst.page) + op->dest.offset,
			page_address(src.page) + op->source.offset, op->len);
	hv_gnt_side_release(&dst);
	hv_gnt_side_release(&src);
	return err;
}

/*
 * GNTTABOP_copy: each operation gets its own status, failed ones too; an
 * unreadable one ends the call with -EFAULT.  Between two operations the
 * call continues later if the vCPU must stop (uop and count rewritten,
 * as Xen does).
 */
static long hv_gnt_copy(struct hv_vcpu *v, u32 uop, u32 count)
{
	struct pv_gnttab_copy op;
	u32 i;

	if (!hv_gnt_range_ok(uop, count, sizeof(op)))
		return -EFAULT;
	for (i = 0; i < count; i++, uop += sizeof(op)) {
		if (i && hv_must_yield(v))
			return hv_continue(v, PV_GNTTABOP_copy, uop, count - i);
		if (hv_copy_from_guest(v, &op, uop, sizeof(op)))
			return -EFAULT;
		op.status = hv_gnt_copy_one(v, &op);
		if (hv_copy_to_guest(v, uop + offsetof(typeof(op), status),
				     &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}

/*
 * grant_table_op (ABI 3.19).  Implemented: setup_table, copy, query_size,
 * set_version and get_version.  The other commands answer -ENOSYS: the
 * back ends that map grants are the host's, inside hv (guest-abi.rst).
 */
long hv_grant_table_op(struct hv_vcpu *v, u32 cmd, u32 uop, u32 count)
{
	u32 op = cmd & PV_GNTTABOP_CMD_MASK;

	/* Only cache_flush takes a continuation's bits (Xen). */
	if (op != cmd && op != PV_GNTTABOP_cache_flush)
		return -EINVAL;
	switch (op) {
	case PV_GNTTABOP_setup_table:
		return hv_gnt_setup_table(v, uop, count);
	case PV_GNTTABOP_copy:
		return hv_gnt_copy(v, uop, count);
	}
	if ((s32)count < 0)
		return -EINVAL;
	switch (op) {
	case PV_GNTTABOP_query_size:
		return hv_gnt_query_size(v, uop, count);
	case PV_GNTTABOP_set_version:
		return hv_gnt_set_version(v, uop);
	case PV_GNTTABOP_get_version:
		return hv_gnt_get_version(v, uop);
	}
	return -PV_ENOSYS;
}

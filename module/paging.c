// SPDX-License-Identifier: GPL-2.0
/*
 * Guest page tables under the hypervisor's guard: the bootstrap tables,
 * the hypervisor's top level, and guest memory reached through the guest's
 * own tables.  The rules every entry obeys, and the frame types that make
 * them stick, are in frames.c.
 *
 * The domain builder writes the bootstrap tables with pseudo-physical
 * frame numbers (DESIGN 5).  At start the tables reachable from the L3 are
 * translated to machine frames - every frame number checked against the
 * domain's size first - and the L3 is then pinned like any other: that
 * validation is the one every later table goes through.
 */

#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/pgtable.h>
#include <asm/trap_pf.h>
#include <net/netlink.h>

#include "desc.h"
#include "domain.h"
#include "frames.h"
#include "m2p.h"
#include "paging.h"
#include "vcpu.h"

static __always_inline u64 *hv_frame(struct hv_dom *d, u32 pfn)
{
	return page_address(d->mem.frames[pfn]);
}

/* --- the bootstrap tables, still in pseudo-physical form --- */

struct hv_boot_walk {
	struct hv_dom *d;
	const struct hv_boot *b;
	u8 *level;		/* per pfn: the table level reached as, or 0 */
	struct netlink_ext_ack *extack;
};

/* Translate a present entry in place; its frame must exist. */
static int hv_boot_entry(struct hv_boot_walk *w, u64 *e)
{
	u64 pfn = (*e & PV_PTE_ADDR) >> PAGE_SHIFT;

	if (!(*e & PV_PTE_P))
		return 0;
	if (pfn >= w->d->mem.nr_frames) {
		NL_SET_ERR_MSG_MOD(w->extack,
				   "a bootstrap entry maps a frame outside the domain");
		return -EINVAL;
	}
	*e = (*e & ~PV_PTE_ADDR) |
	     ((u64)hv_domain_mfn(w->d, pfn) << PAGE_SHIFT);
	return 0;
}

/* Translate table @pfn, reached as a table of @level (3, 2 or 1). */
static int hv_boot_table(struct hv_boot_walk *w, u64 pfn, u8 level)
{
	const struct hv_boot *b = w->b;
	unsigned int i, n = level == 3 ? 4 : 512;
	u64 *t, next;
	int err;

	if (pfn < b->pt_pfn || pfn >= (u64)b->pt_pfn + b->nr_pt_frames) {
		NL_SET_ERR_MSG_MOD(w->extack,
				   "a bootstrap table lies outside the page-table frames");
		return -EINVAL;
	}
	if (w->level[pfn])
		return w->level[pfn] == level ? 0 : -ELOOP;
	w->level[pfn] = level;
	t = hv_frame(w->d, pfn);
	for (i = 0; i < n; i++) {
		next = (t[i] & PV_PTE_ADDR) >> PAGE_SHIFT;
		if (!(t[i] & PV_PTE_P))
			continue;
		if (level > 1 && next < w->d->mem.nr_frames) {
			err = hv_boot_table(w, next, level - 1);
			if (err)
				return err;
		}
		err = hv_boot_entry(w, &t[i]);
		if (err)
			return err;
	}
	return 0;
}

int hv_paging_boot(struct hv_dom *d, const struct hv_boot *b,
		   struct netlink_ext_ack *extack)
{
	struct hv_boot_walk w = { .d = d, .b = b, .extack = extack };
	int err;

	w.level = kvzalloc(d->mem.nr_frames, GFP_KERNEL_ACCOUNT);
	if (!w.level)
		return -ENOMEM;
	err = hv_boot_table(&w, b->pt_pfn, 3);
	kvfree(w.level);
	if (err == -ELOOP) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a bootstrap frame is used as two kinds of table");
		err = -EINVAL;
	}
	if (err)
		return err;
	err = hv_m2p_build(d);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory for the M2P table");
		return err;
	}
	/* ABI 6.3: the bootstrap L3 is pinned, and it is the base. */
	err = hv_pin(d, b->pt_pfn, HV_FRAME_L3);
	if (!err) {
		err = hv_get_type(d, b->pt_pfn, HV_FRAME_L3, false);
		if (err)
			hv_unpin(d, b->pt_pfn);
	}
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "bootstrap page tables refused: a table mapped writable, a refused bit, a frame not the domain's, or no L3 slot 3");
		return err;
	}
	d->l3_pfn = b->pt_pfn;
	return 0;
}

/* --- the hypervisor's top level for a vCPU --- */

/*
 * The 16-bit stack return (hv_iret16 in switch.S).  An iretq to a stack
 * segment with B = 0 loads only SP[15:0] and leaves ESP[31:16] as they
 * were in the RSP it ran on: on the vCPU thread's stack that would show
 * the guest bits of a host kernel address.  So that iretq runs on an
 * alias of one page of the vCPU's own, mapped at every 4 KiB of the 4 GiB
 * from HV_ESPFIX_BASE: four PDPT entries name one PD, its 512 entries one
 * PT, and its 512 entries the page.  RSP = HV_ESPFIX_BASE | guest
 * ESP[31:16] | HV_ESPFIX_OFF then reads the frame written at
 * HV_ESPFIX_OFF of the page, and what the CPU keeps of RSP is the guest's.
 *
 * The alias is PML4 slot 1 (of the PML4 under PML5 slot 0 on 5-level
 * hosts), beyond the 4 GiB compatibility mode can address; its entries
 * are supervisor-only, not executable and not global (every vCPU has its
 * own page at the same address, and each entry flushes the rest).
 */
enum { HV_ESPFIX_PDPT, HV_ESPFIX_PD, HV_ESPFIX_PT, HV_ESPFIX_DATA };

static int hv_espfix_map(struct hv_vcpu *v)
{
	u64 table = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
	u64 leaf = table | _PAGE_DIRTY | (_PAGE_NX & __supported_pte_mask);
	u64 **p = v->espfix;
	int i;

	for (i = 0; i < HV_ESPFIX_PAGES; i++) {
		p[i] = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
		if (!p[i])
			return -ENOMEM;
	}
	for (i = 0; i < 4; i++)
		p[HV_ESPFIX_PDPT][i] = __pa(p[HV_ESPFIX_PD]) | table;
	for (i = 0; i < 512; i++) {
		p[HV_ESPFIX_PD][i] = __pa(p[HV_ESPFIX_PT]) | table;
		p[HV_ESPFIX_PT][i] = __pa(p[HV_ESPFIX_DATA]) | leaf;
	}
	BUILD_BUG_ON(HV_ESPFIX_BASE != 1ULL << 39);	/* PML4 slot 1 */
	v->pml4[1] = __pa(p[HV_ESPFIX_PDPT]) | table;
	v->sw.espfix_wr = (unsigned long)p[HV_ESPFIX_DATA] + HV_ESPFIX_OFF;
	v->sw.espfix_rsp = HV_ESPFIX_BASE + HV_ESPFIX_OFF;
	return 0;
}

int hv_paging_top(struct hv_vcpu *v)
{
	struct hv_dom *d = v->dom;
	u64 *host = __va(__read_cr3() & CR3_ADDR_MASK);
	u64 l3 = (u64)hv_domain_mfn(d, d->l3_pfn) << PAGE_SHIFT;

	v->top = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!v->top)
		return -ENOMEM;
	v->pml4 = v->top;
	if (pgtable_l5_enabled()) {
		v->pml4 = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
		if (!v->pml4) {
			hv_paging_free_top(v);
			return -ENOMEM;
		}
		v->top[0] = __pa(v->pml4) | PV_PTE_P | PV_PTE_RW | PV_PTE_US |
			    PV_PTE_A;
	}
	/*
	 * The host's kernel half, so the module, its stacks and per-CPU data
	 * stay mapped while the hypervisor runs on this table.  Linux fills
	 * these top-level slots at boot and never changes them.
	 */
	memcpy(v->top + 256, host + 256, 256 * sizeof(u64));
	v->pml4[0] = l3 | PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A;
	if (hv_espfix_map(v)) {
		hv_paging_free_top(v);
		return -ENOMEM;
	}
	v->sw.hyp_cr3 = __pa(v->top);
	return 0;
}

void hv_paging_free_top(struct hv_vcpu *v)
{
	int i;

	for (i = 0; i < HV_ESPFIX_PAGES; i++) {
		free_page((unsigned long)v->espfix[i]);
		v->espfix[i] = NULL;
	}
	if (v->pml4 != v->top)
		free_page((unsigned long)v->pml4);
	free_page((unsigned long)v->top);
	v->top = NULL;
	v->pml4 = NULL;
}

/* --- guest memory through the guest's own tables --- */

/*
 * The host address of the frame a present entry of a validated table
 * points at.  No lookup is needed: every such entry was checked when it
 * was written (at boot, or by the hypercall that wrote it) to name a frame
 * of this domain or its shared_info page, and page-table frames are never
 * writable by the guest, so the entry still does.  This is what keeps the
 * walk cheap enough for the fast path.
 */
static __always_inline void *hv_entry_va(u64 e)
{
	return __va(e & PV_PTE_ADDR);
}

/*
 * The L1 entry that maps @va, or NULL when no L1 is there; *@l2e is the
 * L2 entry above it, whose RW, US and NX bits the CPU combines with the
 * L1's (L3 entries always allow everything: RW and US are forced there,
 * NX is refused).
 */
static noinstr u64 *hv_l1e_l2e(struct hv_dom *d, u32 va, u64 *l2e)
{
	u64 e = READ_ONCE(hv_frame(d, d->l3_pfn)[va >> 30]);
	u64 *l1;

	if (!(e & PV_PTE_P))
		return NULL;
	e = READ_ONCE(((u64 *)hv_entry_va(e))[(va >> 21) & 511]);
	if (!(e & PV_PTE_P))
		return NULL;
	*l2e = e;
	l1 = hv_entry_va(e);
	return &l1[(va >> 12) & 511];
}

/* The same, with *@rw: whether the L2 entry allows writes too. */
static __always_inline u64 *hv_l1e(struct hv_dom *d, u32 va, bool *rw)
{
	u64 l2e = 0, *l1e = hv_l1e_l2e(d, va, &l2e);

	*rw = l2e & PV_PTE_RW;
	return l1e;
}

/*
 * The host address of guest byte @va, within its page, if the guest's
 * tables map it (writable, for @write).  Pointers into the hole are the
 * hypervisor's, never the guest's.
 */
static noinstr u8 *hv_gva(struct hv_vcpu *v, u32 va, bool write)
{
	struct hv_dom *d = v->dom;
	u64 *l1e, e;
	bool rw;
	u8 *page;

	if (va >= PV_HOLE_START)
		return NULL;
	l1e = hv_l1e(d, va, &rw);
	if (!l1e)
		return NULL;
	e = READ_ONCE(*l1e);
	if (!(e & PV_PTE_P) || (write && (!rw || !(e & PV_PTE_RW))))
		return NULL;
	page = hv_entry_va(e);
	return page + (va & ~PAGE_MASK);
}

/*
 * The kernel stack cache (struct hv_kstack, design.rst "The kernel stack
 * cache").  A translation of the current tables changes only when an
 * entry of a live table on its path is written (hv_entry_update(): every
 * mmu_update, update_va_mapping and emulated page-table write), when a
 * table stops being one (its last type reference goes: unpin, an L2 or
 * L3 entry removed) or when the base pointer changes.  The first and
 * second call hv_kstack_table_changed() (frames_env.h, in line in every
 * entry update), the third hv_kstack_forget(), so
 * the cached page is always the one the guest's own tables map there,
 * writable, at the moment the lean path uses it.
 */
noinstr void hv_kstack_forget(struct hv_vcpu *v)
{
	WRITE_ONCE(v->kstack[HV_KSTACK_KERNEL].tag, 0);
	WRITE_ONCE(v->kstack[HV_KSTACK_RING1].tag, 0);
}

/*
 * Cache in entry @i the page of guest linear address @va, a stack page, if
 * the current tables map it writable; else leave that entry empty.
 */
noinstr void hv_kstack_fill(struct hv_vcpu *v, unsigned int i, u32 va)
{
	struct hv_kstack *k = &v->kstack[i];
	struct hv_dom *d = v->dom;
	u64 l2e = 0, *l1e, e;
	u32 l1_pfn;

	WRITE_ONCE(k->tag, 0);
	if (va >= PV_HOLE_START)
		return;
	l1e = hv_l1e_l2e(d, va, &l2e);
	if (!l1e)
		return;
	e = READ_ONCE(*l1e);
	if (!(e & PV_PTE_P) || !(e & PV_PTE_RW) || !(l2e & PV_PTE_RW) ||
	    hv_mfn_to_pfn(d, (l2e & PV_PTE_ADDR) >> PAGE_SHIFT, &l1_pfn))
		return;
	k->host = hv_entry_va(e);
	k->l1_pfn = l1_pfn;
	k->l1_slot = (va >> 12) & 511;
	WRITE_ONCE(k->tag, (va & PAGE_MASK) | 1);
}

/*
 * stack_switch moves the kernel stack from @old to @va.  Make sure the
 * page under @va is cached, for the next bounce from ring 3 and for the
 * lean stack_switch of switch.S, which finishes only a switch to a
 * cached page.  If it is not, the first entry gets it, and the outgoing
 * stack's page, if the first entry held it, moves to the second: so the
 * two stacks a Linux context switch alternates between both stay cached.
 * A copy of a valid entry is as valid (the translation is the same).
 */
noinstr void hv_kstack_switch(struct hv_vcpu *v, u32 old, u32 va)
{
	struct hv_kstack *k = v->kstack;
	u32 tag = (va & PAGE_MASK) | 1;

	if (va < PV_HOLE_START &&
	    (READ_ONCE(k[HV_KSTACK_KERNEL].tag) == tag ||
	     READ_ONCE(k[HV_KSTACK_RING1].tag) == tag))
		return;
	if (READ_ONCE(k[HV_KSTACK_KERNEL].tag) == ((old & PAGE_MASK) | 1)) {
		WRITE_ONCE(k[HV_KSTACK_RING1].tag, 0);
		k[HV_KSTACK_RING1].l1_pfn = k[HV_KSTACK_KERNEL].l1_pfn;
		k[HV_KSTACK_RING1].l1_slot = k[HV_KSTACK_KERNEL].l1_slot;
		k[HV_KSTACK_RING1].host = k[HV_KSTACK_KERNEL].host;
		WRITE_ONCE(k[HV_KSTACK_RING1].tag, k[HV_KSTACK_KERNEL].tag);
	}
	hv_kstack_fill(v, HV_KSTACK_KERNEL, va);
}

/*
 * The base pointer changed: each cached page is looked up again in the
 * new tables (validated, as every base pointer is).  Dropping them would
 * do, but a context switch changes the base pointer, and the bounce of
 * the new task's next system call would then take the C path to fill
 * the cache again: two walks here cost a fraction of that.
 */
static noinstr void hv_kstack_rewalk(struct hv_vcpu *v)
{
	unsigned int i;
	u32 tag;

	for (i = 0; i < HV_KSTACK_NR; i++) {
		tag = READ_ONCE(v->kstack[i].tag);
		if (tag)
			hv_kstack_fill(v, i, tag & PAGE_MASK);
	}
}

/*
 * A new base pointer: the next entry loads (and flushes) it, or in the
 * guest world the fast path's reload of CR3 (fastpath.c).
 */
noinstr void hv_paging_set_base(struct hv_vcpu *v)
{
	struct hv_dom *d = v->dom;

	hv_kstack_rewalk(v);	/* a CR3 switch: every translation may move */

	v->pml4[0] = (u64)hv_domain_mfn(d, d->l3_pfn) << PAGE_SHIFT |
		     PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A;
}

/*
 * Read or write @n bytes at @va, page by page, one byte at a time: the
 * guest world's way to copy (no memcpy there), for what hv_guest_words()
 * cannot do with whole words.
 */
static noinstr int hv_guest_bytes(struct hv_vcpu *v, u32 va, u8 *b,
				  unsigned int n, bool write)
{
	u8 *p = NULL;

	for (; n--; va++, b++) {
		if (!p || !(va & ~PAGE_MASK))
			p = hv_gva(v, va, write);
		if (!p)
			return -EFAULT;
		if (write)
			*p++ = *b;
		else
			*b = *p++;
	}
	return 0;
}

/*
 * Read or write @n 32-bit words at @va: the fast path's way to move
 * bounce and iret frames, one walk and no memcpy when the words are
 * aligned and lie in one page (frames almost always do).
 */
noinstr int hv_guest_words(struct hv_vcpu *v, u32 va, u32 *w, unsigned int n,
			   bool write)
{
	u32 *p;

	if ((va & 3) || (va & ~PAGE_MASK) + n * 4 > PAGE_SIZE)
		return hv_guest_bytes(v, va, (u8 *)w, n * 4, write);
	p = (u32 *)hv_gva(v, va, write);
	if (!p)
		return -EFAULT;
	while (n--)
		if (write)
			*p++ = *w++;
		else
			*w++ = *p++;
	return 0;
}

/*
 * The host address of guest byte @va, readable, and in *@left the bytes
 * from there to the end of its page; NULL if the guest's tables do not
 * map it.  For readers of whole arrays (mmu.c): one walk per page.
 */
const u8 *hv_guest_page(struct hv_vcpu *v, u32 va, u32 *left)
{
	const u8 *p = hv_gva(v, va, false);

	*left = p ? PAGE_SIZE - (va & ~PAGE_MASK) : 0;
	return p;
}

int hv_copy_from_guest(struct hv_vcpu *v, void *dst, u32 va, size_t len)
{
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - (va & ~PAGE_MASK));
		u8 *p = hv_gva(v, va, false);

		if (!p || (u64)va + n > PV_HOLE_START)
			return -EFAULT;
		memcpy(dst, p, n);
		dst += n;
		va += n;
		len -= n;
	}
	return 0;
}

int hv_copy_to_guest(struct hv_vcpu *v, u32 va, const void *src,
		     size_t len)
{
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - (va & ~PAGE_MASK));
		u8 *p = hv_gva(v, va, true);

		if (!p || (u64)va + n > PV_HOLE_START)
			return -EFAULT;
		memcpy(p, src, n);
		src += n;
		va += n;
		len -= n;
	}
	return 0;
}

/*
 * The host address of guest byte @va if code at @cpl may execute it: the
 * page present, not NX at either level, a user page (US at both levels)
 * for ring 3, and for ring 1 not one when SMEP is on.  The hole only
 * holds the M2P: never code the hypervisor decodes.
 */
static noinstr u8 *hv_gva_exec(struct hv_vcpu *v, u32 va, int cpl)
{
	u64 *l1e, l2e, e;
	bool user;

	if (va >= PV_HOLE_START)
		return NULL;
	l1e = hv_l1e_l2e(v->dom, va, &l2e);
	if (!l1e)
		return NULL;
	e = READ_ONCE(*l1e);
	if (!(e & PV_PTE_P) || ((e | l2e) & PV_PTE_NX))
		return NULL;
	user = e & l2e & PV_PTE_US;
	if (cpl == 3 ? !user : user && cpu_feature_enabled(X86_FEATURE_SMEP))
		return NULL;
	return (u8 *)hv_entry_va(e) + (va & ~PAGE_MASK);
}

/*
 * The host address of guest byte @va if code at @cpl may read it, or
 * write it for @write, as the CPU checks a data access; else NULL, and in
 * *@pfec the page-fault error code the CPU would give.  Present at every
 * level; for a write RW at both levels (CR0.WP is on in the guest world);
 * for ring 3 US at both.  Ring 1 reaches user pages: it runs with
 * EFLAGS.AC (traps.c).  In the hole only hv's M2P is mapped, read-only
 * and supervisor-only, so the walk gives the CPU's answer there too
 * (and no write is ever let into it).
 */
u8 *hv_gva_data(struct hv_vcpu *v, u32 va, int cpl, bool write, u32 *pfec)
{
	u64 *l1e, l2e = 0, e;

	*pfec = (write ? X86_PF_WRITE : 0) | (cpl == 3 ? X86_PF_USER : 0);
	l1e = hv_l1e_l2e(v->dom, va, &l2e);
	e = l1e ? READ_ONCE(*l1e) : 0;
	if (!(e & PV_PTE_P))
		return NULL;
	if ((write && (!(e & l2e & PV_PTE_RW) || va >= PV_HOLE_START)) ||
	    (cpl == 3 && !(e & l2e & PV_PTE_US))) {
		*pfec |= X86_PF_PROT;
		return NULL;
	}
	return (u8 *)hv_entry_va(e) + (va & ~PAGE_MASK);
}

/*
 * Fetch @len instruction bytes at the guest's CS:EIP as the CPU would
 * have fetched them at the CPL of that CS: inside the CS limit, from the
 * CS base, each page executable at that CPL (hv_gva_exec()).  Every
 * decode of a guest instruction reads through here, so a guest's ring 3
 * cannot make the hypervisor read (and act on) bytes that ring 3 itself
 * could not execute.  Returns 0 or -EFAULT: then nothing is decoded and
 * the guest gets the fault it caused.
 */
noinstr int hv_fetch_insn(struct hv_vcpu *v, u8 *buf, size_t len)
{
	struct hv_regs *r = v->regs;
	u64 cs = hv_desc_get(v, r->cs);
	u32 eip = r->rip, va;
	int cpl = r->cs & 3;

	if (!len || !hv_desc_present(cs) || !(cs & D_S) || !(cs & D_CODE) ||
	    (u64)eip + len - 1 > hv_desc_limit(cs))
		return -EFAULT;
	va = hv_desc_base(cs) + eip;
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - (va & ~PAGE_MASK));
		u8 *p = hv_gva_exec(v, va, cpl);

		if (!p)
			return -EFAULT;
		va += n;
		len -= n;
		while (n--)		/* noinstr: no memcpy() (ptwr.c) */
			*buf++ = *p++;
	}
	return 0;
}

/* The domain frame mapped at @va in the current tables (set_ldt). */
noinstr int hv_va_frame(struct hv_dom *d, u32 va, u32 *pfn)
{
	u64 *l1e, e;
	bool rw;

	if (va >= PV_HOLE_START)
		return -EINVAL;
	l1e = hv_l1e(d, va, &rw);
	e = l1e ? READ_ONCE(*l1e) : 0;
	if (!(e & PV_PTE_P))
		return -EINVAL;
	return hv_mfn_to_pfn(d, (e & PV_PTE_ADDR) >> PAGE_SHIFT, pfn) ?
	       -EINVAL : 0;
}

/*
 * The L1 frame and slot that map @va in the current tables, for
 * update_va_mapping.  -EINVAL when no L1 is there (ABI 3.8).
 */
noinstr int hv_l1_slot(struct hv_dom *d, u32 va, u32 *pfn,
		       unsigned int *slot)
{
	u64 e = READ_ONCE(hv_frame(d, d->l3_pfn)[va >> 30]);

	if (va >= PV_HOLE_START || !(e & PV_PTE_P))
		return -EINVAL;
	e = READ_ONCE(((u64 *)hv_entry_va(e))[(va >> 21) & 511]);
	if (!(e & PV_PTE_P))
		return -EINVAL;
	if (hv_mfn_to_pfn(d, (e & PV_PTE_ADDR) >> PAGE_SHIFT, pfn))
		return -EINVAL;
	*slot = (va >> 12) & 511;
	return 0;
}

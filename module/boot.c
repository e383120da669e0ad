// SPDX-License-Identifier: GPL-2.0
/*
 * Starting a domain: the module's half of the domain builder.
 *
 * libhv parses the ELF image and lays the guest out (ABI 6.2) in
 * pseudo-physical terms, writing the frames with domain-load.  At
 * domain-start the module, which alone knows machine frame numbers, checks
 * that layout, translates the bootstrap page tables (paging.c), fills the
 * P2M list, the machine addresses in start_info and the hypercall page,
 * creates the shared_info page and the vCPU, and lets the guest run.
 */

#include <linux/mm.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "blkback.h"
#include "domain.h"
#include "events.h"
#include "hypercall.h"
#include "netlink.h"
#include "paging.h"
#include "vcpu.h"
#include "xenstore.h"

static void *hv_pfn_va(struct hv_dom *d, u32 pfn)
{
	return page_address(d->mem.frames[pfn]);
}

int hv_domain_copy_in(struct hv_dom *d, u32 pfn, const void *data,
		      size_t len, struct netlink_ext_ack *extack)
{
	u64 start = (u64)pfn << PAGE_SHIFT;
	size_t n;
	int err = 0;

	mutex_lock(&d->lock);
	if (d->state != HV_DOMAIN_STATE_CREATED) {
		NL_SET_ERR_MSG_MOD(extack,
				   "only a domain that was not started can be loaded");
		err = -EBUSY;
		goto out;
	}
	if (start + len > d->memory) {
		NL_SET_ERR_MSG_MOD(extack, "load beyond the domain's memory");
		err = -EINVAL;
		goto out;
	}
	while (len) {
		n = min_t(size_t, len, PAGE_SIZE);
		memcpy(hv_pfn_va(d, pfn++), data, n);
		data += n;
		len -= n;
	}
out:
	mutex_unlock(&d->lock);
	return err;
}

static bool hv_pfn_ok(struct hv_dom *d, u32 pfn)
{
	return pfn < d->mem.nr_frames;
}

static bool hv_opt_pfn_ok(struct hv_dom *d, u32 pfn)
{
	return pfn == U32_MAX || hv_pfn_ok(d, pfn);
}

static int hv_boot_check(struct hv_dom *d, const struct hv_boot *b,
			 struct netlink_ext_ack *extack)
{
	u64 p2m_end = b->p2m_pfn + DIV_ROUND_UP(d->mem.nr_frames * 4,
						PAGE_SIZE);

	if (!hv_pfn_ok(d, b->start_info_pfn)) {
		NL_SET_ERR_MSG_MOD(extack, "start_info frame outside the domain");
		return -EINVAL;
	}
	if (!b->nr_pt_frames ||
	    (u64)b->pt_pfn + b->nr_pt_frames > d->mem.nr_frames) {
		NL_SET_ERR_MSG_MOD(extack, "page-table frames outside the domain");
		return -EINVAL;
	}
	if (p2m_end > d->mem.nr_frames) {
		NL_SET_ERR_MSG_MOD(extack, "P2M list outside the domain");
		return -EINVAL;
	}
	if (!hv_opt_pfn_ok(d, b->hypercall_pfn) ||
	    !hv_opt_pfn_ok(d, b->console_pfn) ||
	    !hv_opt_pfn_ok(d, b->store_pfn)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "hypercall, console or xenstore page outside the domain");
		return -EINVAL;
	}
	if (b->entry >= PV_HOLE_START || b->stack >= PV_HOLE_START ||
	    b->start_info >= PV_HOLE_START) {
		NL_SET_ERR_MSG_MOD(extack,
				   "entry, stack or start_info in the hypervisor hole");
		return -EINVAL;
	}
	return 0;
}

static bool hv_is_table(struct hv_dom *d, u32 pfn)
{
	return d->ft[pfn].type_count && d->ft[pfn].type != HV_FRAME_WRITABLE;
}

/* Frames the module writes must not be page tables. */
static int hv_boot_check_types(struct hv_dom *d, const struct hv_boot *b,
			       struct netlink_ext_ack *extack)
{
	u32 pfn, p2m_end = b->p2m_pfn + DIV_ROUND_UP(d->mem.nr_frames * 4,
						      PAGE_SIZE);
	bool bad = hv_is_table(d, b->start_info_pfn) ||
		   (b->hypercall_pfn != U32_MAX &&
		    hv_is_table(d, b->hypercall_pfn));

	for (pfn = b->p2m_pfn; pfn < p2m_end; pfn++)
		bad |= hv_is_table(d, pfn);
	if (bad) {
		NL_SET_ERR_MSG_MOD(extack,
				   "start_info, P2M or hypercall page overlaps the page tables");
		return -EINVAL;
	}
	return 0;
}

static int hv_boot_shared_info(struct hv_dom *d)
{
	struct pv_shared_info *s;
	int i;

	/* start_info holds its machine address in 32 bits: below 4 GiB. */
	d->shared_info = alloc_page(GFP_KERNEL_ACCOUNT | GFP_DMA32 |
				    __GFP_ZERO);
	if (!d->shared_info)
		return -ENOMEM;
	s = page_address(d->shared_info);
	for (i = 0; i < PV_MAX_VCPUS; i++)
		s->vcpu_info[i].evtchn_upcall_mask = 1;
	return 0;
}

/*
 * The console ring page: held writable for the domain's life (we write
 * into it), with a port to the backend (consring.c).
 */
static int hv_boot_console(struct hv_dom *d, const struct hv_boot *b,
			   struct netlink_ext_ack *extack)
{
	int port;

	if (b->console_pfn == U32_MAX)
		return 0;
	if (hv_get_type(d, b->console_pfn, HV_FRAME_WRITABLE, false)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the console page overlaps the page tables");
		return -EINVAL;
	}
	port = hv_events_console_port(d);
	if (port < 0) {
		hv_put_type(d, b->console_pfn);
		return port;
	}
	d->consring.pfn = b->console_pfn;
	return 0;
}

/*
 * Where the guest sees its hypercall page, the address of its ELF note:
 * the builder maps the boot frames linearly, start_info's among them, so
 * that page is as far from start_info as its frame is.  Only "int $0x80"
 * there is a hypercall (traps.c); 1 (never a page address) when the
 * guest has no hypercall page.
 */
static u32 hv_boot_hypercall_va(const struct hv_boot *b)
{
	if (b->hypercall_pfn == U32_MAX)
		return 1;
	return (b->start_info & PAGE_MASK) +
	       (b->hypercall_pfn - b->start_info_pfn) * PAGE_SIZE;
}

static void hv_boot_fill(struct hv_dom *d, const struct hv_boot *b)
{
	struct pv_start_info *si = hv_pfn_va(d, b->start_info_pfn);
	u32 pfn;

	for (pfn = 0; pfn < d->mem.nr_frames; pfn++) {
		u32 *p2m = hv_pfn_va(d, b->p2m_pfn + pfn / 1024);

		p2m[pfn % 1024] = hv_domain_mfn(d, pfn);
	}
	memcpy(si->magic, PV_START_INFO_MAGIC, sizeof(PV_START_INFO_MAGIC));
	si->nr_pages = d->mem.nr_frames;
	si->shared_info = page_to_pfn(d->shared_info) << PAGE_SHIFT;
	si->flags = 0;
	si->console_mfn = b->console_pfn == U32_MAX ? 0 :
			  hv_domain_mfn(d, b->console_pfn);
	si->console_evtchn = d->events.console_port;
	si->store_mfn = b->store_pfn == U32_MAX ? 0 :
			hv_domain_mfn(d, b->store_pfn);
	si->store_evtchn = d->events.store_port;
	si->cmd_line[PV_MAX_GUEST_CMDLINE - 1] = 0;
	if (b->hypercall_pfn != U32_MAX)
		hv_fill_hypercall_page(hv_pfn_va(d, b->hypercall_pfn));
}

int hv_domain_boot(struct hv_dom *d, const struct hv_boot *b,
		   bool paused, struct netlink_ext_ack *extack)
{
	struct hv_vcpu *v;
	int err;

	mutex_lock(&d->lock);
	err = -EBUSY;
	if (d->state != HV_DOMAIN_STATE_CREATED) {
		NL_SET_ERR_MSG_MOD(extack, "the domain was started already");
		goto out;
	}
	err = hv_boot_check(d, b, extack);
	if (err)
		goto out;
	err = hv_paging_boot(d, b, extack);
	if (err)
		goto err_half_built;
	err = hv_boot_check_types(d, b, extack);
	if (err)
		goto err_half_built;
	err = hv_boot_console(d, b, extack);
	if (err)
		goto err_half_built;
	err = hv_xs_domain_start(d, b->store_pfn, extack);
	if (err)
		goto err_half_built;
	err = hv_blk_domain_start(d);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot write the disks' xenstore entries");
		goto err_half_built;
	}
	err = hv_boot_shared_info(d);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory for shared_info");
		goto err_half_built;
	}
	hv_boot_fill(d, b);

	v = hv_vcpu_create(d);
	if (IS_ERR(v)) {
		err = PTR_ERR(v);
		NL_SET_ERR_MSG_MOD(extack, "cannot create the vCPU");
		goto err_half_built;
	}
	hv_vcpu_init_regs(v, b->entry, b->stack, b->start_info);
	v->hcall_page = hv_boot_hypercall_va(b);
	d->vcpu = v;
	WRITE_ONCE(d->state, paused ? HV_DOMAIN_STATE_PAUSED :
				      HV_DOMAIN_STATE_RUNNING);
	hv_vcpu_start(v);
	mutex_unlock(&d->lock);
	hv_nl_notify(d, HV_EVENT_STATE_CHANGED);
	return 0;

err_half_built:
	/*
	 * Tables were validated, types and pages taken: they stay the
	 * domain's until it is destroyed, and a second start would take
	 * them again.  So the domain ends here, for its owner to destroy.
	 */
	strscpy(d->end_reason, "could not start", sizeof(d->end_reason));
	d->end = HV_END_KILLED;
	d->end_eip = b->entry;
	WRITE_ONCE(d->state, HV_DOMAIN_STATE_CRASHED);
	mutex_unlock(&d->lock);
	hv_nl_notify(d, HV_EVENT_STATE_CHANGED);
	return err;
out:
	mutex_unlock(&d->lock);
	return err;
}

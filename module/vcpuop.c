// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_op (ABI 3.14): the per-vCPU hypercall.  Timers, virtual time and
 * where the vCPU's vcpu_info lives.  hv gives a domain one vCPU, number 0.
 */

#include <linux/mm.h>

#include "domain.h"
#include "events.h"
#include "frames.h"
#include "hypercall.h"
#include "paging.h"
#include "time.h"
#include "vcpu.h"

/*
 * register_vcpu_info: move vcpu_info into a guest frame.  The frame takes
 * a writable type reference for the domain's life, so it can never become
 * a page table or descriptor frame while we write events into it; the
 * slot must not cross a page and must be aligned for its words (they are
 * updated with locked instructions, which must not split a cache line:
 * its words are 32-bit for a 32-bit guest, so 4-byte alignment, the
 * structure's own on i386, is enough; Linux places it wherever its
 * per-CPU area puts it).
 */
static long hv_register_vcpu_info(struct hv_vcpu *v, u32 arg)
{
	struct pv_register_vcpu_info r;
	struct hv_dom *d = v->dom;
	struct pv_vcpu_info *vi;
	u32 pfn;

	if (hv_copy_from_guest(v, &r, arg, sizeof(r)))
		return -EFAULT;
	if (v->vi_pfn != U32_MAX)
		return -EBUSY;
	if (r.offset > PAGE_SIZE - sizeof(*vi) || (r.offset & 3) || r.rsvd)
		return -EINVAL;
	if (hv_mfn_to_pfn(d, r.mfn, &pfn) ||
	    hv_get_type(d, pfn, HV_FRAME_WRITABLE, false))
		return -EINVAL;
	vi = page_address(d->mem.frames[pfn]) + r.offset;
	memcpy(vi, v->vi, sizeof(*vi));
	v->vi_pfn = pfn;
	WRITE_ONCE(v->vi, vi);
	hv_events_vcpu_info_moved(v);
	v->time_cpu = -1;	/* time goes to the new place before entry */
	return 0;
}

static long hv_get_runstate(struct hv_vcpu *v, u32 arg)
{
	struct pv_runstate rs;

	hv_runstate_get(v, &rs, false);
	return hv_copy_to_guest(v, arg, &rs, sizeof(rs)) ? -EFAULT : 0;
}

static long hv_vcpu_op_u64(struct hv_vcpu *v, u32 arg, u64 *val)
{
	return hv_copy_from_guest(v, val, arg, sizeof(*val)) ? -EFAULT : 0;
}

/*
 * register_runstate_memory_area's argument is a guest handle: 4 bytes for
 * a 32-bit guest, in a union padded to 8 whose upper half nobody writes
 * (Linux leaves stack garbage there).
 */
static long hv_vcpu_op_handle(struct hv_vcpu *v, u32 arg, u32 *va)
{
	return hv_copy_from_guest(v, va, arg, sizeof(*va)) ? -EFAULT : 0;
}

/*
 * down: the vCPU stops.  It is a domain's only vCPU, and Xen powers a
 * domain off when its last vCPU goes down: a guest that halts with
 * events masked (Linux's machine_halt) ends instead of spinning.
 */
static long hv_vcpu_down(struct hv_vcpu *v)
{
	hv_domain_end(v->dom, HV_END_POWEROFF);
	return 0;
}

long hv_vcpu_op(struct hv_vcpu *v, u32 cmd, u32 vcpuid, u32 arg)
{
	u64 val;
	u32 va;
	long err;

	if (vcpuid != 0)
		return -ENOENT;
	switch (cmd) {
	case PV_VCPUOP_UP:
		return 0;		/* it is: it makes this call */
	case PV_VCPUOP_DOWN:
		return hv_vcpu_down(v);
	case PV_VCPUOP_IS_UP:
		return 1;
	case PV_VCPUOP_GET_RUNSTATE_INFO:
		return hv_get_runstate(v, arg);
	case PV_VCPUOP_REGISTER_RUNSTATE_AREA:
		err = hv_vcpu_op_handle(v, arg, &va);
		return err ?: hv_runstate_register(v, va);
	case PV_VCPUOP_SET_PERIODIC_TIMER:
		err = hv_vcpu_op_u64(v, arg, &val);
		return err ?: hv_set_periodic(v, val ?: 1);
	case PV_VCPUOP_STOP_PERIODIC_TIMER:
		return hv_set_periodic(v, 0);
	case PV_VCPUOP_SET_SINGLESHOT_TIMER:	/* {u64 abs_ns, u32 flags} */
		err = hv_vcpu_op_u64(v, arg, &val);
		return err ?: hv_set_timer(v, val ?: 1);
	case PV_VCPUOP_STOP_SINGLESHOT_TIMER:
		return hv_set_timer(v, 0);
	case PV_VCPUOP_REGISTER_VCPU_INFO:
		return hv_register_vcpu_info(v, arg);
	}
	return -PV_ENOSYS;
}

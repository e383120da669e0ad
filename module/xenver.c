// SPDX-License-Identifier: GPL-2.0
/*
 * xen_version (ABI 3.10): who the hypervisor says it is.
 *
 * A guest learns here which ABI it talks to ("xen-3.0-x86_32p"), where
 * the hole starts and which optional features it may use.  The commands
 * that describe the hypervisor's build (compile_info, changeset,
 * commandline, build_id) get what Xen's default policy gives an
 * unprivileged domain: the string "<denied>", and -EPERM for build_id.
 * They would only tell a guest about the host.
 */

#include <linux/string.h>

#include "hypercall.h"
#include "paging.h"
#include "vcpu.h"

#define HV_XENVER_DENIED	"<denied>"

/*
 * Fill the guest's @len-byte buffer at @arg with @str and NULs after it,
 * the whole buffer as Xen does, so no old guest bytes seem part of it.
 */
static long hv_xenver_string(struct hv_vcpu *v, u32 arg, const char *str,
			     size_t len)
{
	static const char zeros[PV_XENVER_CAPABILITIES_LEN];
	size_t n = strlen(str);

	if (hv_copy_to_guest(v, arg, str, n) ||
	    hv_copy_to_guest(v, arg + n, zeros, len - n))
		return -EFAULT;
	return 0;
}

/* compile_info: four strings (compiler, by, domain, date), each denied. */
static long hv_xenver_compile_info(struct hv_vcpu *v, u32 arg)
{
	static const u32 len[] = { 64, 16, 32, 32 };
	unsigned int i;
	long err = 0;

	BUILD_BUG_ON(64 + 16 + 32 + 32 != PV_XENVER_COMPILE_INFO_LEN);
	for (i = 0; i < ARRAY_SIZE(len) && !err; arg += len[i++])
		err = hv_xenver_string(v, arg, HV_XENVER_DENIED, len[i]);
	return err;
}

/*
 * Features this hypervisor gives (submap 0 of get_features).  Linux
 * panics at boot without mmu_pt_update_preserve_ad and
 * gnttab_map_avail_bits; the latter promises that grant mappings keep the
 * guest's available PTE bits, true of every grant mapping hv makes (it
 * makes none in guest page tables: map_grant_ref is -ENOSYS).
 */
static u32 hv_xenver_features(struct hv_vcpu *v)
{
	u32 f = BIT(PV_XENFEAT_MMU_PT_UPDATE_PRESERVE_AD) |
		BIT(PV_XENFEAT_GNTTAB_MAP_AVAIL_BITS);

	if (v->vm_assist & BIT(PV_VMASST_PAE_EXTENDED_CR3))
		f |= BIT(PV_XENFEAT_PAE_PGDIR_ABOVE_4GB);
	return f;
}

static long hv_xenver_get_features(struct hv_vcpu *v, u32 arg)
{
	u32 fi[2];

	if (hv_copy_from_guest(v, fi, arg, sizeof(fi)))
		return -EFAULT;
	if (fi[0] != 0)
		return -EINVAL;
	fi[1] = hv_xenver_features(v);
	return hv_copy_to_guest(v, arg, fi, sizeof(fi)) ? -EFAULT : 0;
}

long hv_xen_version(struct hv_vcpu *v, u32 cmd, u32 arg)
{
	static const u8 handle[PV_XENVER_GUEST_HANDLE_LEN];
	u32 virt_start = PV_HOLE_START;

	switch (cmd) {
	case PV_XENVER_VERSION:
		return HV_XENVER_VERSION;
	case PV_XENVER_EXTRAVERSION:
		return hv_xenver_string(v, arg, "-hv",
					PV_XENVER_EXTRAVERSION_LEN);
	case PV_XENVER_CAPABILITIES:
		return hv_xenver_string(v, arg, "xen-3.0-x86_32p",
					PV_XENVER_CAPABILITIES_LEN);
	case PV_XENVER_COMPILE_INFO:
		return hv_xenver_compile_info(v, arg);
	case PV_XENVER_CHANGESET:
		return hv_xenver_string(v, arg, HV_XENVER_DENIED,
					PV_XENVER_CHANGESET_LEN);
	case PV_XENVER_COMMANDLINE:
		return hv_xenver_string(v, arg, HV_XENVER_DENIED,
					sizeof(HV_XENVER_DENIED));
	case PV_XENVER_PLATFORM_PARAMETERS:
		return hv_copy_to_guest(v, arg, &virt_start, 4) ? -EFAULT : 0;
	case PV_XENVER_GET_FEATURES:
		return hv_xenver_get_features(v, arg);
	case PV_XENVER_PAGESIZE:
		return arg ? -EINVAL : PAGE_SIZE;
	case PV_XENVER_GUEST_HANDLE:
		/* No toolstack UUID yet: the all-zero handle, as Xen's default. */
		return hv_copy_to_guest(v, arg, handle, sizeof(handle)) ?
		       -EFAULT : 0;
	case PV_XENVER_BUILD_ID:
		return -EPERM;
	}
	return -PV_ENOSYS;
}

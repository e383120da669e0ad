// SPDX-License-Identifier: GPL-2.0
/*
 * hv: a paravirtualizing hypervisor in the style of "Xen and the Art of
 * Virtualization" (SOSP 2003), as a loadable module for x86-64 Linux.
 *
 * This file only brings the pieces up and down.  Where things live:
 *   domain.c       domains: creation, lookup, lifetime, destruction
 *   memory.c       the host frames reserved for a domain
 *   netlink.c      the "hv" generic netlink family (the control plane)
 *   netlink_gen.c  its per-operation policies, matching the YAML spec
 */

#include <linux/hv.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include "netlink.h"

static int __init hv_init(void)
{
	int err;

	err = hv_netlink_init();
	if (err)
		goto err_netlink;

	pr_info("hypervisor loaded\n");
	return 0;

err_netlink:
	return err;
}

/*
 * Every domain holds a reference on the module, so by the time this runs
 * none is left: unloading with live domains fails with EBUSY instead.
 */
static void __exit hv_exit(void)
{
	hv_netlink_exit();
	pr_info("hypervisor unloaded\n");
}

module_init(hv_init);
module_exit(hv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Paravirtualizing hypervisor for 32-bit PV guests");
MODULE_ALIAS_GENL_FAMILY(HV_FAMILY_NAME);

// SPDX-License-Identifier: GPL-2.0
/*
 * hv: a paravirtualizing hypervisor in the style of "Xen and the Art of
 * Virtualization" (SOSP 2003), as a loadable module for x86-64 Linux.
 *
 * This file only brings the pieces up and down.  Where things live:
 *   domain.c       domains: creation, lookup, lifetime, destruction
 *   memory.c       the host frames reserved for a domain
 *   boot.c         starting a domain: the module's half of the builder
 *   frames.c       the frame table: page types, counts, pins, validation
 *   paging.c       guest page tables, guest memory access
 *   mmu.c          the memory hypercalls (mmu_update, mmuext_op, ...)
 *   m2p.c          the machine-to-physical table in the hole
 *   fastpath.c     traps handled without leaving the guest world
 *   events.c       event channels, VIRQs, timers, block and poll
 *   consring.c     the PV console ring's backend
 *   gnttab.c       grant tables: grant_table_op, the back ends' holds
 *   xenstore.c     the xenstore: nodes, permissions, watches, transactions
 *   xsring.c       the xenstore rings and each domain's place in the store
 *   time.c         real time: system time and wallclock for guests
 *   runstate.c     virtual time: the runstate of each vCPU
 *   vcpuop.c       vcpu_op: timers, runstate, vcpu_info placement
 *   cpu.c          the hypervisor's IDT and GDTs, host checks
 *   switch.S       the world switch, the vector stubs and the lean paths
 *   asm-offsets.c  the structure offsets switch.S uses (generated)
 *   vcpu.c         vCPU threads and the run loop
 *   traps.c        exits: faults, bounces, system calls
 *   hypercall.c    hypercall dispatch
 *   desc.c         segment descriptor checks
 *   console.c      console buffers
 *   netlink.c      the "hv" generic netlink family (the control plane)
 *   netlink_gen.c  its per-operation policies, matching the YAML spec
 */

#include <linux/hv.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include "cpu.h"
#include "m2p.h"
#include "netlink.h"
#include "time.h"
#include "vcpu.h"
#include "xenstore.h"

static int __init hv_init(void)
{
	int err;

	err = hv_vcpu_global_init();
	if (err)
		goto err_vcpu;
	err = hv_cpu_init();
	if (err)
		goto err_cpu;
	err = hv_m2p_init();
	if (err)
		goto err_m2p;
	err = hv_time_init();
	if (err)
		goto err_time;
	err = hv_xs_init();
	if (err)
		goto err_xs;
	err = hv_netlink_init();
	if (err)
		goto err_netlink;

	pr_info("hypervisor loaded\n");
	return 0;

err_netlink:
	hv_xs_exit();
err_xs:
err_time:
	hv_m2p_exit();
err_m2p:
	hv_cpu_exit();
err_cpu:
err_vcpu:
	return err;
}

/*
 * Every domain holds a reference on the module, so by the time this runs
 * none is left: unloading with live domains fails with EBUSY instead.
 */
static void __exit hv_exit(void)
{
	hv_netlink_exit();
	hv_xs_exit();
	hv_m2p_exit();
	hv_cpu_exit();
	pr_info("hypervisor unloaded\n");
}

module_init(hv_init);
module_exit(hv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Paravirtualizing hypervisor for 32-bit PV guests");
MODULE_ALIAS_GENL_FAMILY(HV_FAMILY_NAME);

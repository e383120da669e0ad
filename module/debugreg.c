// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's debug registers: set_debugreg and get_debugreg, which MOV to
 * and from DRn at ring 1 also reach (privop.c), with Xen's checks:
 *  - DR0-DR3 take a linear address below the hypervisor hole, else
 *    -EPERM: no breakpoint watches what hv keeps in the hole.  64-bit Xen
 *    takes any 32-bit address from a 32-bit guest (a difference).
 *  - DR4 and DR5 are DR6 and DR7: the virtual CR4 has no DE.
 *  - DR6: bits 4-11 and 16-31 read as one, bit 12 as zero (the CPUID
 *    policy has neither RTM nor bus-lock detection).  Reads give the
 *    guest's view, into which every #DB's events are merged (vcpu.c).
 *  - DR7: bit 10 reads as one, bits 11, 12, 14 and 15 as zero; GD is
 *    -EPERM (a MOV DR in hv would then fault), and so is an I/O
 *    breakpoint (R/W 10b) in any slot once a breakpoint is enabled: it
 *    needs CR4.DE, which the guest does not have.
 *  - Any other register: -ENODEV.
 *
 * The guest's registers are in the CPU only while its world runs, and
 * only once it enabled a breakpoint (hv_dr_active()): DR0-DR3 and DR7 go
 * in right before the world switch and the host's come back right after
 * it, so no host code runs with them but the switch itself.  A data
 * breakpoint can still hit while hv touches guest memory for the guest
 * in its world (a bounce frame, a buffer of a fast-path hypercall):
 * switch.S drops that event and resumes hv, as Xen drops a #DB in its
 * own context.  A guest that never enables one pays one test per entry.
 */

#include <linux/sched.h>
#include <asm/debugreg.h>

#include "debugreg.h"

#define HV_DR6_ONES		0xffff0ff0u	/* bits 4-11, 16-31 */
#define HV_DR6_ZEROS		0x00001000u	/* bit 12 */
#define HV_DR7_ONES		0x00000400u	/* bit 10 */
#define HV_DR7_ZEROS		0x0000d800u	/* bits 11, 12, 14, 15 */
#define HV_DR7_GD		0x00002000u
#define HV_DR7_RW_IO		2u		/* R/W 10b: an I/O breakpoint */

/* An I/O breakpoint in any of the four slots' R/W fields. */
static bool hv_dr7_has_io(u32 dr7)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (((dr7 >> (DR_CONTROL_SHIFT + i * DR_CONTROL_SIZE)) & 3) ==
		    HV_DR7_RW_IO)
			return true;
	return false;
}

static long hv_set_dr7(struct hv_vcpu *v, u32 val)
{
	val = (val & ~HV_DR7_ZEROS) | HV_DR7_ONES;
	if (val & HV_DR7_GD)
		return -EPERM;
	if ((val & HV_DR7_ENABLES) && hv_dr7_has_io(val))
		return -EPERM;
	WRITE_ONCE(v->dr7, val);
	return 0;
}

/* set_debugreg(reg, value): 0, or Xen's error. */
long hv_set_debugreg(struct hv_vcpu *v, u32 reg, u32 val)
{
	switch (reg) {
	case 0 ... 3:
		if (val >= PV_HOLE_START)
			return -EPERM;
		v->dr[reg] = val;
		return 0;
	case 4:
	case 6:
		v->dr6 = (val | HV_DR6_ONES) & ~HV_DR6_ZEROS;
		return 0;
	case 5:
	case 7:
		return hv_set_dr7(v, val);
	}
	return -ENODEV;
}

/* get_debugreg(reg): the value (zero-extended), or -ENODEV. */
long hv_get_debugreg(struct hv_vcpu *v, u32 reg)
{
	switch (reg) {
	case 0 ... 3:
		return v->dr[reg];
	case 4:
	case 6:
		return v->dr6;
	case 5:
	case 7:
		return v->dr7;
	}
	return -ENODEV;
}

/*
 * Right before the world switch, interrupts off: the host's DR0-DR3 kept,
 * the guest's loaded.  The host's DR7 is already the reset value
 * (hv_host_save()), so no host breakpoint sees the guest's addresses.
 */
void hv_dr_load(struct hv_vcpu *v, struct hv_host_dr *h)
{
	get_debugreg(h->dr[0], 0);
	get_debugreg(h->dr[1], 1);
	get_debugreg(h->dr[2], 2);
	get_debugreg(h->dr[3], 3);
	set_debugreg(v->dr[0], 0);
	set_debugreg(v->dr[1], 1);
	set_debugreg(v->dr[2], 2);
	set_debugreg(v->dr[3], 3);
	set_debugreg(v->dr7, 7);
}

/* Right after it: the guest's breakpoints off first, then the host's back. */
void hv_dr_unload(const struct hv_host_dr *h)
{
	set_debugreg(HV_DR7_ONES, 7);
	set_debugreg(h->dr[0], 0);
	set_debugreg(h->dr[1], 1);
	set_debugreg(h->dr[2], 2);
	set_debugreg(h->dr[3], 3);
}

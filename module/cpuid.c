// SPDX-License-Identifier: GPL-2.0
/*
 * The CPUID policy for PV guests: what a guest kernel learns when it asks
 * the hypervisor (the forced-emulation prefix, traps.c).
 *
 * The policy is a list of what may be shown, not of what is hidden: a
 * feature of a newer CPU stays invisible until someone decided that a
 * 32-bit PV guest can use it here.  Hidden, in particular:
 *  - what the guest cannot control or may not use in ring 1: VME, DE,
 *    PSE, PGE, PSE36 (no superpages, no global guest mappings), MTRR,
 *    PAT, MCE/MCA, APIC and x2APIC, PCID and INVPCID, SMEP, SMAP, UMIP
 *    (hv keeps them as it needs them), PKU, monitor/mwait, VMX, long mode;
 *  - XSAVE and everything that needs it enabled (AVX, AVX2, AVX-512,
 *    FMA, F16C): hv does not emulate XSETBV, so a guest must use FXSAVE;
 *  - topology, power, performance-monitoring and speculation-control
 *    leaves the guest cannot act on.
 * Added: the hypervisor bit, and Xen's leaves at 0x40000000
 * ("XenVMMXenVMM", the version, one hypercall page), by which Linux
 * recognises it runs on Xen.
 */

#include <linux/bits.h>
#include <asm/processor.h>

#include "cpuid.h"
#include "hypercall.h"

#define HV_CPUID_BASE		0x40000000
#define HV_CPUID_MAX_BASIC	0xd
#define HV_CPUID_MAX_EXT	0x80000008

/* Leaf 1 EDX */
#define L1D_SHOWN	(BIT(0) /* FPU */ | BIT(4) /* TSC */ |		\
			 BIT(5) /* MSR */ | BIT(6) /* PAE */ |		\
			 BIT(8) /* CX8 */ | BIT(11) /* SEP */ |		\
			 BIT(15) /* CMOV */ | BIT(19) /* CLFSH */ |	\
			 BIT(23) /* MMX */ | BIT(24) /* FXSR */ |	\
			 BIT(25) /* SSE */ | BIT(26) /* SSE2 */)
/* Leaf 1 ECX */
#define L1C_SHOWN	(BIT(0) /* SSE3 */ | BIT(1) /* PCLMULQDQ */ |	\
			 BIT(9) /* SSSE3 */ | BIT(13) /* CX16 */ |	\
			 BIT(19) /* SSE4.1 */ | BIT(20) /* SSE4.2 */ |	\
			 BIT(22) /* MOVBE */ | BIT(23) /* POPCNT */ |	\
			 BIT(25) /* AES */ | BIT(30) /* RDRAND */)
#define L1C_HYPERVISOR	BIT(31)
/* Leaf 7 subleaf 0 EBX; ECX and EDX show nothing */
#define L7B_SHOWN	(BIT(3) /* BMI1 */ | BIT(8) /* BMI2 */ |	\
			 BIT(9) /* ERMS */ | BIT(18) /* RDSEED */ |	\
			 BIT(19) /* ADX */ | BIT(23) /* CLFLUSHOPT */ |	\
			 BIT(29) /* SHA */)
/* Leaf 0x80000001 EDX and ECX */
#define E1D_SHOWN	(BIT(11) /* SYSCALL */ | BIT(20) /* NX */ |	\
			 BIT(27) /* RDTSCP */)
#define E1C_SHOWN	(BIT(0) /* LAHF */ | BIT(5) /* LZCNT */ |	\
			 BIT(8) /* PREFETCHW */)

/* "XenVMMXenVMM" as EBX, ECX, EDX */
#define XEN_SIG_EBX	0x566e6558
#define XEN_SIG_ECX	0x65584d4d
#define XEN_SIG_EDX	0x4d4d566e

static void hv_cpuid_xen(u32 leaf, u32 out[4])
{
	switch (leaf - HV_CPUID_BASE) {
	case 0:
		out[0] = HV_CPUID_BASE + 2;	/* the last leaf */
		out[1] = XEN_SIG_EBX;
		out[2] = XEN_SIG_ECX;
		out[3] = XEN_SIG_EDX;
		break;
	case 1:
		out[0] = HV_VERSION_MAJOR << 16 | HV_VERSION_MINOR;
		break;
	case 2:
		out[0] = 1;			/* hypercall pages */
		out[1] = HV_CPUID_BASE;		/* their MSR (not for PV) */
		break;
	}
}

/* Basic leaves: 0 .. HV_CPUID_MAX_BASIC, filtered. */
static void hv_cpuid_basic(u32 leaf, u32 out[4])
{
	switch (leaf) {
	case 0:
		out[0] = min_t(u32, out[0], HV_CPUID_MAX_BASIC);
		return;
	case 1:
		out[2] = (out[2] & L1C_SHOWN) | L1C_HYPERVISOR;
		out[3] &= L1D_SHOWN;
		return;
	case 2:
	case 4:
		return;				/* cache descriptions */
	case 7:
		out[0] = 0;			/* no further subleaves */
		out[1] &= L7B_SHOWN;
		out[2] = 0;
		out[3] = 0;
		return;
	}
	memset(out, 0, 4 * sizeof(u32));
}

static void hv_cpuid_ext(u32 leaf, u32 out[4])
{
	switch (leaf) {
	case 0x80000000:
		out[0] = min_t(u32, out[0], HV_CPUID_MAX_EXT);
		return;
	case 0x80000001:
		out[2] &= E1C_SHOWN;
		out[3] &= E1D_SHOWN;
		return;
	case 0x80000002 ... 0x80000006:		/* brand string, caches */
	case 0x80000008:			/* address sizes */
		return;
	}
	memset(out, 0, 4 * sizeof(u32));
}

void hv_cpuid(u32 leaf, u32 subleaf, u32 out[4])
{
	u32 max;

	memset(out, 0, 4 * sizeof(u32));
	if (leaf >= HV_CPUID_BASE && leaf < HV_CPUID_BASE + 0x10000) {
		hv_cpuid_xen(leaf, out);
		return;
	}
	if (leaf >= 0x80000000)
		max = min_t(u32, cpuid_eax(0x80000000), HV_CPUID_MAX_EXT);
	else
		max = min_t(u32, cpuid_eax(0), HV_CPUID_MAX_BASIC);
	if (leaf > max)
		return;				/* beyond the policy: zeros */
	cpuid_count(leaf, subleaf, &out[0], &out[1], &out[2], &out[3]);
	if (leaf >= 0x80000000)
		hv_cpuid_ext(leaf, out);
	else
		hv_cpuid_basic(leaf, out);
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_CPUID_H
#define _HV_CPUID_H

#include <linux/types.h>

/* CPUID as a guest sees it: EAX-EDX for @leaf, @subleaf. */
void hv_cpuid(u32 leaf, u32 subleaf, u32 out[4]);

#endif /* _HV_CPUID_H */

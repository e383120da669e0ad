// SPDX-License-Identifier: GPL-2.0
/*
 * Real and virtual time for guests (ABI 4.1, 5.9): "providing both real
 * and virtual time allows a guest OS to better support time-sensitive
 * tasks".  The vcpu_time_info in shared_info lets the guest compute system
 * time (ns since the host booted) from its own TSC reads without a
 * hypercall; the wallclock gives the Unix time at system time zero.
 *
 * The snapshot (TSC, system time) is refreshed before an entry whenever
 * the vCPU moved to another host CPU or a second passed, with the version
 * odd while it changes, so a guest reading concurrently retries.
 */

#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <asm/tsc.h>

#include "domain.h"
#include "time.h"
#include "vcpu.h"

#define HV_TIME_REFRESH_NS	NSEC_PER_SEC
#define HV_TIME_TSC_STABLE	1

static u32 hv_tsc_mul;
static s8 hv_tsc_shift;

/*
 * The scale the guest applies: ns = ((tsc delta shifted by shift) * mul)
 * >> 32.  Bring the frequency into (0.5 GHz, 1 GHz] (as 1e9/2..1e9 ticks)
 * with the shift, so that mul = 2^32 * 1e9 / ticks fits in 32 bits.
 */
static void hv_time_scale(u64 hz)
{
	int shift = 0;

	while (hz > 2 * NSEC_PER_SEC) {
		hz >>= 1;
		shift--;
	}
	while (hz <= NSEC_PER_SEC) {
		hz <<= 1;
		shift++;
	}
	hv_tsc_mul = div64_u64((u64)NSEC_PER_SEC << 32, hz);
	hv_tsc_shift = shift;
}

int hv_time_init(void)
{
	if (!tsc_khz) {
		pr_err("no TSC frequency: cannot give guests time\n");
		return -ENODEV;
	}
	hv_time_scale((u64)tsc_khz * 1000);
	return 0;
}

/*
 * The wallclock is the real time at system time zero: the host's offset
 * from CLOCK_MONOTONIC to CLOCK_REALTIME, which changes exactly when the
 * host clock is set (settimeofday, NTP steps).  Cheap to compare on every
 * entry, so a guest sees a new setting the next time it runs.
 */
static void hv_wallclock(struct hv_domain *d, struct pv_shared_info *s)
{
	u64 boot = ktime_to_ns(ktime_mono_to_real(0));
	u64 sec;

	if (boot == d->wc_offset)
		return;
	d->wc_offset = boot;
	sec = div_u64(boot, NSEC_PER_SEC);

	WRITE_ONCE(s->wc_version, s->wc_version + 1);
	smp_wmb();	/* odd version visible before the fields change */
	s->wc_sec = (u32)sec;
	s->wc_sec_hi = sec >> 32;
	s->wc_nsec = boot - sec * NSEC_PER_SEC;
	smp_wmb();	/* the fields visible before the even version */
	WRITE_ONCE(s->wc_version, s->wc_version + 1);
}

/* Called with interrupts off, right before entering the guest. */
void hv_time_update(struct hv_vcpu *v)
{
	struct pv_shared_info *s = page_address(v->dom->shared_info);
	struct pv_vcpu_time_info *t = &v->vi->time;
	u64 now = ktime_get_ns();
	int cpu = smp_processor_id();

	hv_wallclock(v->dom, s);
	if (cpu == v->time_cpu &&
	    now - v->time_stamp < HV_TIME_REFRESH_NS)
		return;
	v->time_cpu = cpu;
	v->time_stamp = now;

	WRITE_ONCE(t->version, t->version + 1);
	smp_wmb();	/* odd version visible before the fields change */
	t->tsc_timestamp = rdtsc_ordered();
	t->system_time = ktime_get_ns();
	t->tsc_to_system_mul = hv_tsc_mul;
	t->tsc_shift = hv_tsc_shift;
	t->flags = boot_cpu_has(X86_FEATURE_CONSTANT_TSC) ?
		   HV_TIME_TSC_STABLE : 0;
	smp_wmb();	/* the fields visible before the even version */
	WRITE_ONCE(t->version, t->version + 1);
}

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
 *
 * The guest's timers (ABI 3.9, 3.14): the singleshot set_timer_op and the
 * periodic timer, hrtimers that raise VIRQ_TIMER.
 */

#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>
#include <asm/tsc.h>

#include "domain.h"
#include "events.h"
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
static void hv_wallclock(struct hv_dom *d, struct pv_shared_info *s)
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

/* Nanoseconds in @delta TSC ticks, on the scale guests are given. */
u64 hv_time_tsc_ns(u64 delta)
{
	if (hv_tsc_shift < 0)
		delta >>= -hv_tsc_shift;
	else
		delta <<= hv_tsc_shift;
	return mul_u64_u32_shr(delta, hv_tsc_mul, 32);
}

/* What the guest computes from @t at TSC value @tsc (ABI 4.1). */
static u64 hv_time_at(const struct pv_vcpu_time_info *t, u64 tsc)
{
	u64 delta = tsc - t->tsc_timestamp;

	if ((s64)delta < 0)
		return t->system_time;	/* another CPU's TSC, behind */
	if (t->tsc_shift < 0)
		delta >>= -t->tsc_shift;
	else
		delta <<= t->tsc_shift;
	return t->system_time + mul_u64_u32_shr(delta, t->tsc_to_system_mul, 32);
}

/*
 * A (TSC, system time) pair taken at one instant: the TSC read before and
 * after the clock, the pair with the shortest gap of three, the TSC at its
 * middle.  Interrupts are off, but a hypervisor below us (or an SMI) can
 * still stop us between the reads; a pair taken across such a pause
 * would put the guest's clock ahead until the next snapshot and then make
 * it jump back.
 */
static void hv_time_sample(u64 *tsc, u64 *ns)
{
	u64 t0, t1, n, gap = U64_MAX;
	int i;

	for (i = 0; i < 3; i++) {
		t0 = rdtsc_ordered();
		n = ktime_get_ns();
		t1 = rdtsc_ordered();
		if (t1 - t0 < gap) {
			gap = t1 - t0;
			*tsc = t0 + gap / 2;
			*ns = n;
		}
	}
}

/* Called with interrupts off, right before entering the guest. */
void hv_time_update(struct hv_vcpu *v)
{
	struct pv_shared_info *s = page_address(v->dom->shared_info);
	struct pv_vcpu_time_info *t = &v->vi->time;
	u64 now = ktime_get_ns(), tsc, ns;
	int cpu = smp_processor_id();

	hv_wallclock(v->dom, s);
	if (cpu == v->time_cpu &&
	    now - v->time_stamp < HV_TIME_REFRESH_NS)
		return;
	v->time_cpu = cpu;
	v->time_stamp = now;

	hv_time_sample(&tsc, &ns);
	/*
	 * Never behind what the guest could compute from the old snapshot
	 * now: its system time must not go back, even if the TSC and the
	 * host clock disagree a little (they do under emulation).
	 */
	if (t->version)
		ns = max(ns, hv_time_at(t, tsc));

	WRITE_ONCE(t->version, t->version + 1);
	smp_wmb();	/* odd version visible before the fields change */
	t->tsc_timestamp = tsc;
	t->system_time = ns;
	t->tsc_to_system_mul = hv_tsc_mul;
	t->tsc_shift = hv_tsc_shift;
	t->flags = boot_cpu_has(X86_FEATURE_CONSTANT_TSC) ?
		   HV_TIME_TSC_STABLE : 0;
	smp_wmb();	/* the fields visible before the even version */
	WRITE_ONCE(t->version, t->version + 1);
}

enum hrtimer_restart hv_timer_fn(struct hrtimer *t)
{
	struct hv_vcpu *v = container_of(t, struct hv_vcpu, timer);

	hv_event_raise_virq(v->dom, PV_VIRQ_TIMER);
	return HRTIMER_NORESTART;
}

enum hrtimer_restart hv_ptimer_fn(struct hrtimer *t)
{
	struct hv_vcpu *v = container_of(t, struct hv_vcpu, ptimer);
	u64 period = READ_ONCE(v->period_ns);

	if (!period)
		return HRTIMER_NORESTART;
	hv_event_raise_virq(v->dom, PV_VIRQ_TIMER);
	/* Ticks missed while the host was busy are not made up for. */
	hrtimer_forward_now(t, ns_to_ktime(period));
	return HRTIMER_RESTART;
}

/*
 * The periodic timer runs only while VIRQ_TIMER is bound: without a port
 * its ticks raise nothing, and an idle guest must cost the host nothing.
 * Only the vCPU's own thread arms it (a hypercall), so once the thread
 * has stopped, one cancel stops it for good (hv_vcpu_stop()).
 */
void hv_ptimer_arm(struct hv_vcpu *v)
{
	u64 period;

	if (!READ_ONCE(v->dom->events.virq_port[PV_VIRQ_TIMER]))
		return;
	period = READ_ONCE(v->period_ns);
	if (period)
		hrtimer_start(&v->ptimer, ns_to_ktime(period),
			      HRTIMER_MODE_REL);
}

/* vcpu_op set/stop_periodic_timer; the ABI refuses periods below 1 ms. */
long hv_set_periodic(struct hv_vcpu *v, u64 period)
{
	if (period && period < PV_PERIODIC_MIN_NS)
		return -EINVAL;
	hrtimer_cancel(&v->ptimer);
	WRITE_ONCE(v->period_ns, min_t(u64, period, HV_TIMER_HORIZON));
	spin_lock(&v->dom->events.lock);
	hv_ptimer_arm(v);
	spin_unlock(&v->dom->events.lock);
	return 0;
}

/* set_timer_op (ABI 3.9): absolute system time in ns; 0 cancels. */
long hv_set_timer(struct hv_vcpu *v, u64 when)
{
	u64 now = ktime_get_ns();

	if (!when) {
		hrtimer_cancel(&v->timer);
		return 0;
	}
	if ((s64)when < 0 || when > now + HV_TIMER_HORIZON)
		when = now + 100 * NSEC_PER_MSEC;
	hrtimer_start(&v->timer, ns_to_ktime(when), HRTIMER_MODE_ABS);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * time: system time and the wallclock in shared_info (ABI 4.1, 4.3, 5.9).
 *
 * vcpu_info[0].time gives (tsc_timestamp, system_time) and the scale
 * tsc_to_system_mul/tsc_shift; the guest computes the time since host
 * boot from its own TSC reads, retrying while the version is odd or
 * changed under it.  The wallclock (wc_sec_hi:wc_sec, wc_nsec) is the Unix
 * time at system time zero.
 *
 * Checks: the version is even after a read; system time is non-zero,
 * monotonic over 100000 successive reads and across 50 yields; over about
 * half a second of busy looping (until the snapshot was refreshed once)
 * system time and the TSC agree with the scale within 1%; a "sleep" of
 * yields ends after 1 s of system time; the wallclock is within 10 s of
 * now=SECONDS (the host's Unix time) from the command line, if given (at
 * the host's uptime up=SECONDS, if given too).
 * With secs=N, the guest then watches the time for up to N seconds (the
 * harness pauses and resumes it meanwhile) and reports the longest gap;
 * it stops early once it saw a gap of 900 ms, the harness's pause, so a
 * slow host cannot run the watch out before the pause comes.
 *
 * Result: "hvtest: time: PASS".
 */
#include "mm.h"
#include "test.h"

#define NSEC_PER_SEC	1000000000u
#define NSEC_PER_MSEC	1000000u

/* arch.wc_sec_hi sits inside arch on 32-bit (4.3); abi.h stops before. */
#define WC_SEC_HI_OFFSET	2340

#define MONO_READS	100000
#define MONO_YIELDS	50
#define RATE_NS		(NSEC_PER_SEC / 2)
#define RATE_MAX_NS	(5ull * NSEC_PER_SEC / 2)
#define SLEEP_NS	NSEC_PER_SEC
#define WALL_SLACK_S	10
#define MAX_RETRIES	10000000u

/* One consistent read of vcpu_info[0].time, with the TSC read inside. */
struct time_read {
	u32 version;
	u64 tsc;
	u64 stamp;
	u64 sys;
	u32 mul;
	s8 shift;
	u8 flags;
	u64 now;	/* sys + the scaled TSC delta */
};

/* Read between barrier()s: the hypervisor writes it under us. */
static const struct vcpu_time_info *vt;

static u64 rdtsc_ordered(void)
{
	/* Not before the version read: a stale TSC would look like a jump. */
	asm volatile("lfence" : : : "memory");
	return rdtsc();
}

/* u64 / u32 with two divl (the guests link no libgcc), like do_div(). */
static u64 div_u64_u32(u64 n, u32 d, u32 *remp)
{
	u32 hi = n >> 32, lo = n, qhi = hi / d, rem = hi % d;

	/* rem < d, so the quotient fits in 32 bits: no #DE. */
	asm("divl %[d]" : "+a" (lo), "+d" (rem) : [d] "rm" (d) : "cc");
	if (remp)
		*remp = rem;
	return (u64)qhi << 32 | lo;
}

/*
 * ns = ((delta shifted by shift) * mul) >> 32, a 64x32 multiply done as
 * two 32x32->64 ones: (lo * mul) >> 32 plus hi * mul (exact, as hi is
 * already in units of 2^32).
 */
static u64 scale_delta(u64 delta, u32 mul, s8 shift)
{
	u32 lo, hi;

	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	lo = delta;
	hi = delta >> 32;
	return (((u64)lo * mul) >> 32) + (u64)hi * mul;
}

static void read_time(struct time_read *r)
{
	u32 tries = 0;

	do {
		if (++tries > MAX_RETRIES)
			guest_fail("time version stays odd or changing (0x%x)",
				   vt->version);
		barrier();
		r->version = vt->version;
		barrier();
		r->stamp = vt->tsc_timestamp;
		r->sys = vt->system_time;
		r->mul = vt->tsc_to_system_mul;
		r->shift = vt->tsc_shift;
		r->flags = vt->flags;
		r->tsc = rdtsc_ordered();
		barrier();
	} while ((r->version & 1) || r->version != vt->version);

	r->now = r->sys + scale_delta(r->tsc - r->stamp, r->mul, r->shift);
}

static u64 now_ns(void)
{
	struct time_read r;

	read_time(&r);
	return r.now;
}

/* u64 in decimal, for guest_info (its printf has no %llu). */
static const char *u64_str(char buf[24], u64 v)
{
	char *p = buf + 23;
	u32 digit;

	*p = '\0';
	do {
		v = div_u64_u32(v, 10, &digit);
		*--p = '0' + digit;
	} while (v);
	return p;
}

/* "S.mmmmmm s" for @ns. */
static const char *ns_str(char buf[40], u64 ns)
{
	char sec[24];
	u32 rem, i;
	char *p;

	p = (char *)u64_str(sec, div_u64_u32(ns, NSEC_PER_SEC, &rem));
	memcpy(buf, p, strlen(p));
	i = strlen(p);
	buf[i++] = '.';
	rem /= 1000;	/* us */
	for (u32 d = 100000; d; d /= 10) {
		buf[i++] = '0' + rem / d;
		rem %= d;
	}
	memcpy(buf + i, " s", 3);
	return buf;
}

static void check_first_read(void)
{
	struct time_read r;
	char b[40];
	u64 hz;
	u32 khz;

	read_time(&r);
	guest_info("version %u tsc_timestamp 0x%llx system_time %s",
		   r.version, r.stamp, ns_str(b, r.sys));
	guest_info("tsc_to_system_mul 0x%x tsc_shift %d flags 0x%x (TSC %s)",
		   r.mul, r.shift, r.flags,
		   r.flags & 1 ? "stable" : "not marked stable");
	GUEST_ASSERT(!(r.version & 1));
	GUEST_ASSERT(r.version != 0);
	GUEST_ASSERT(r.mul != 0);
	GUEST_ASSERT(r.sys > 0);
	GUEST_ASSERT(r.now > 0);

	/* The TSC frequency the scale implies: 2^32 * 1e9 / mul ticks. */
	hz = div_u64_u32((u64)NSEC_PER_SEC << 32, r.mul, NULL);
	if (r.shift < 0)
		hz <<= -r.shift;
	else
		hz >>= r.shift;
	khz = div_u64_u32(hz, 1000, NULL);
	guest_info("scale says TSC %u kHz; now %s", khz, ns_str(b, r.now));
	GUEST_ASSERT(khz > 1000);
}

static void check_wallclock(void)
{
	const struct shared_info *s = shared_info;
	const u32 *sec_hi;
	u32 version, sec, nsec, hi, host, up, rem, tries = 0;
	u64 wall, now;
	s64 diff;
	char b[24];

	BUILD_BUG_ON(offsetof(struct shared_info, wc_version) != 2304);
	BUILD_BUG_ON(offsetof(struct shared_info, wc_sec) != 2308);
	BUILD_BUG_ON(offsetof(struct shared_info, wc_nsec) != 2312);
	sec_hi = (const u32 *)((const u8 *)s + WC_SEC_HI_OFFSET);
	do {
		if (++tries > MAX_RETRIES)
			guest_fail("wc_version stays odd or changing (0x%x)",
				   s->wc_version);
		barrier();
		version = s->wc_version;
		barrier();
		sec = s->wc_sec;
		nsec = s->wc_nsec;
		hi = *sec_hi;
		barrier();
	} while ((version & 1) || version != s->wc_version);

	now = now_ns();
	guest_info("wc_version %u wc_sec %u wc_sec_hi %u wc_nsec %u",
		   version, sec, hi, nsec);
	GUEST_ASSERT(!(version & 1));
	GUEST_ASSERT(version != 0);
	GUEST_ASSERT(nsec < NSEC_PER_SEC);

	/* Unix time now = wallclock + system time. */
	wall = ((u64)hi << 32 | sec) +
	       div_u64_u32(now + nsec, NSEC_PER_SEC, &rem);
	guest_info("wallclock now %s s", u64_str(b, wall));
	if (!cmdline_u32("now", &host)) {
		guest_info("no now=SECONDS on the command line: not compared");
		return;
	}
	/*
	 * up=SECONDS, the host's uptime when it read now=: the wallclock at
	 * that same instant (system time is the host's monotonic clock), so
	 * a guest that a slow host started late does not look wrong.
	 */
	if (cmdline_u32("up", &up)) {
		wall = ((u64)hi << 32 | sec) + up;
		guest_info("wallclock at the host's uptime %u s: %s s", up,
			   u64_str(b, wall));
	}
	diff = (s64)wall - host;
	guest_info("host time at start %u: wallclock %s%d s off", host,
		   diff < 0 ? "-" : "+", (s32)(diff < 0 ? -diff : diff));
	if (diff < -WALL_SLACK_S || diff > WALL_SLACK_S)
		guest_fail("wallclock %s is %d s from the host's %u",
			   u64_str(b, wall), (s32)diff, host);
}

static void check_monotonic(void)
{
	u64 prev, t, min_step = ~0ull, max_step = 0;
	u32 i;
	char b1[40], b2[40];

	prev = now_ns();
	for (i = 0; i < MONO_READS; i++) {
		t = now_ns();
		if (t < prev)
			guest_fail("read %u: time went back %s -> %s", i,
				   ns_str(b1, prev), ns_str(b2, t));
		if (t - prev < min_step)
			min_step = t - prev;
		if (t - prev > max_step)
			max_step = t - prev;
		prev = t;
	}
	guest_info("%u reads monotonic, steps %u..%u ns", MONO_READS,
		   (u32)min_step, max_step >> 32 ? ~0u : (u32)max_step);

	prev = now_ns();
	for (i = 0; i < MONO_YIELDS; i++) {
		GUEST_ASSERT_EQ(hypercall_yield(), 0);
		t = now_ns();
		if (t < prev)
			guest_fail("yield %u: time went back %s -> %s", i,
				   ns_str(b1, prev), ns_str(b2, t));
		prev = t;
	}
	guest_info("%u yields monotonic", MONO_YIELDS);
}

/*
 * Busy loop for RATE_NS of system time, and on until the snapshot was
 * refreshed at least once (the hypervisor does that at least once a
 * second), then compare the system time that passed with the TSC ticks
 * that passed, scaled: a wrong scale shows up as a drift at the refresh.
 */
static void check_rate(void)
{
	struct time_read a, b;
	u32 updates = 0, last, err_ppm;
	u64 sys_ns, tsc_ns, err;
	char b1[40], b2[40], b3[24];

	read_time(&a);
	last = a.version;
	do {
		read_time(&b);
		if (b.version != last) {
			updates++;
			last = b.version;
		}
		if (b.now < a.now)
			guest_fail("busy loop: time went back %s -> %s",
				   ns_str(b1, a.now), ns_str(b2, b.now));
		if (!updates && b.now - a.now > RATE_MAX_NS)
			guest_fail("snapshot not refreshed in %s of running",
				   ns_str(b1, b.now - a.now));
	} while (b.now - a.now < RATE_NS || !updates);

	sys_ns = b.now - a.now;
	tsc_ns = scale_delta(b.tsc - a.tsc, b.mul, b.shift);
	err = sys_ns > tsc_ns ? sys_ns - tsc_ns : tsc_ns - sys_ns;
	err_ppm = div_u64_u32(err * 1000000, tsc_ns >> 32 ? ~0u : tsc_ns,
			      NULL);
	guest_info("busy %s by system time, %s by the TSC (%s ticks), %u ppm apart, %u refreshes",
		   ns_str(b1, sys_ns), ns_str(b2, tsc_ns),
		   u64_str(b3, b.tsc - a.tsc), err_ppm, updates);
	GUEST_ASSERT(tsc_ns > 0);
	if (err_ppm > 10000)
		guest_fail("system time and TSC disagree by %u ppm", err_ppm);
}

/* Yield until a second of system time passed; the TSC bounds the wait. */
static void check_sleep(void)
{
	struct time_read a, b;
	u64 tsc_limit, n = 0;
	char b1[40], b2[40];

	read_time(&a);
	/*
	 * 10 s of TSC ticks by the scale: 1e10 ns * 2^32 / mul, shifted;
	 * as (1e10 * 2^24 / mul) << 8, since 1e10 * 2^32 overflows.
	 */
	tsc_limit = div_u64_u32(10ull * NSEC_PER_SEC << 24, a.mul,
				NULL) << 8;
	if (a.shift < 0)
		tsc_limit <<= -a.shift;
	else
		tsc_limit >>= a.shift;
	do {
		GUEST_ASSERT_EQ(hypercall_yield(), 0);
		n++;
		read_time(&b);
		if (b.now < a.now)
			guest_fail("sleep: time went back %s -> %s",
				   ns_str(b1, a.now), ns_str(b2, b.now));
		if (b.tsc - a.tsc > tsc_limit)
			guest_fail("sleep: only %s of system time in %u yields, 0x%llx TSC ticks",
				   ns_str(b1, b.now - a.now), (u32)n,
				   b.tsc - a.tsc);
	} while (b.now - a.now < SLEEP_NS);
	guest_info("slept %s in %u yields", ns_str(b1, b.now - a.now),
		   (u32)n);
}

/* secs=N: watch the time until a pause or N seconds, report the longest gap. */
static void watch_gaps(u32 secs)
{
	u64 start, prev, t, gap = 0;
	u32 n = 0;
	char b1[40], b2[40];

	guest_info("watching the time for %u s", secs);
	start = now_ns();
	prev = start;
	do {
		if (++n % 4096 == 0)
			GUEST_ASSERT_EQ(hypercall_yield(), 0);
		t = now_ns();
		if (t < prev)
			guest_fail("watch: time went back %s -> %s",
				   ns_str(b1, prev), ns_str(b2, t));
		if (t - prev > gap)
			gap = t - prev;
		prev = t;
	} while (t - start < (u64)secs * NSEC_PER_SEC &&
		 gap < 900 * NSEC_PER_MSEC);
	guest_info("watched %u reads, longest gap %u ms", n,
		   (u32)div_u64_u32(gap, NSEC_PER_MSEC, NULL));
}

void test_main(void)
{
	u32 secs = 0;

	BUILD_BUG_ON(sizeof(struct vcpu_time_info) != 32);
	BUILD_BUG_ON(offsetof(struct vcpu_info, time) != 32);

	vt = &map_shared_info()->vcpu_info[0].time;
	check_first_read();
	check_wallclock();
	check_monotonic();
	check_rate();
	check_sleep();
	if (cmdline_u32("secs", &secs) && secs)
		watch_gaps(secs);
	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * ticker: the periodic timer, for the demo (make run).  Sets the periodic
 * timer to period_ms=N (default 1000; vcpu_op set_periodic_timer, ABI
 * 3.14) before binding VIRQ_TIMER, which starts it, and sleeps in sched_op
 * block.  The event upcall prints one line per tick:
 *
 *	ticker: tick N at system time S.mmm s, wallclock YYYY-MM-DD HH:MM:SS UTC
 *
 * After ticks=N ticks (default 5) it stops the timer and powers off; the
 * harness checks the spacing of the ticks and that the vCPU spent its
 * time blocked (hvctl show).
 *
 * Result: "hvtest: ticker: PASS".
 */
#include "evtchn.h"
#include "mm.h"
#include "test.h"
#include "traps.h"

/* arch.wc_sec_hi sits inside arch on 32-bit (4.3); abi.h stops before. */
#define WC_SEC_HI_OFFSET	2340
#define SECS_PER_DAY		86400u

static u32 timer_port, ticks;
static u64 first_ns, last_ns, min_gap = ~0ull, max_gap;

static u64 now(void)
{
	return system_time_ns();
}

/* Unix time now: the wallclock at system time 0, plus system time. */
static u64 unix_time(u64 sys)
{
	const struct shared_info *s = ev_shared;
	const u32 *sec_hi = (const u32 *)((const u8 *)s + WC_SEC_HI_OFFSET);
	u32 version, sec, nsec, hi;

	do {
		barrier();
		version = s->wc_version;
		barrier();
		sec = s->wc_sec;
		nsec = s->wc_nsec;
		hi = *sec_hi;
		barrier();
	} while ((version & 1) || version != s->wc_version);
	return ((u64)hi << 32 | sec) + div_sat(sys + nsec, NSEC_PER_SEC);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil(u32 days, u32 *y, u32 *m, u32 *d)
{
	u32 z = days + 719468, era = z / 146097, doe = z - era * 146097;
	u32 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	u32 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	u32 mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static void on_tick(u32 port)
{
	u32 sec, msec, days, rem, y, mo, d;
	u64 t, wall, gap;

	if (port != timer_port)
		guest_fail("event on port %u, want only %u", port, timer_port);
	t = now();
	ticks++;
	if (ticks > 1) {
		gap = t - last_ns;
		if (gap < min_gap)
			min_gap = gap;
		if (gap > max_gap)
			max_gap = gap;
	} else {
		first_ns = t;
	}
	last_ns = t;

	sec = div_sat(t, NSEC_PER_SEC);
	msec = ms(t - (u64)sec * NSEC_PER_SEC);
	wall = unix_time(t);
	days = div_sat(wall, SECS_PER_DAY);
	rem = wall - (u64)days * SECS_PER_DAY;
	civil(days, &y, &mo, &d);
	printf("ticker: tick %u at system time %u.%03u s, wallclock %04u-%02u-%02u %02u:%02u:%02u UTC\n",
	       ticks, sec, msec, y, mo, d, rem / 3600, rem / 60 % 60, rem % 60);
}

void test_main(void)
{
	u32 n = 5, period_ms = 1000, blocks = 0;
	u64 period, bound;

	trap_init();
	evtchn_init();
	evtchn_handler = on_tick;
	cmdline_u32("ticks", &n);
	cmdline_u32("period_ms", &period_ms);
	GUEST_ASSERT(n > 0);

	/* The period first: binding VIRQ_TIMER starts the timer. */
	period = (u64)period_ms * NSEC_PER_MSEC;
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0,
					  &period), 0);
	GUEST_ASSERT_EQ(ev_bind_virq(VIRQ_TIMER, &timer_port), 0);
	bound = now();
	guest_info("VIRQ_TIMER on port %u, every %u ms from system time %u.%03u s; %u ticks",
		   timer_port, period_ms, div_sat(bound, NSEC_PER_SEC),
		   ms(bound - (u64)div_sat(bound, NSEC_PER_SEC) * NSEC_PER_SEC),
		   n);

	/* The mask is set while we look, so no tick is lost before block. */
	for (;;) {
		upcalls_off();
		if (READ_ONCE(ticks) >= n)
			break;
		GUEST_ASSERT_EQ(hypercall_sched_op(SCHEDOP_block, NULL), 0);
		blocks++;
	}
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0,
					  NULL), 0);
	upcalls_on();

	guest_info("%u ticks, %u blocks; first tick %u ms after binding, gaps %u..%u ms",
		   ticks, blocks, ms(first_ns - bound),
		   n > 1 ? ms(min_gap) : 0, ms(max_gap));
	/*
	 * Not before the period, give or take 1%: the tick is timed by the
	 * host's clock, "bound" by our system time, and the two were seen
	 * up to 9 ms apart over the first second on the 6.12 host (991 and
	 * 992 ms, status.rst); a timer started early would be off by more.
	 */
	if (first_ns < bound + period - (u64)period_ms * (NSEC_PER_MSEC / 100))
		guest_fail("the first tick came %u ms after binding, before the period of %u ms",
			   ms(first_ns - bound), period_ms);
	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * vtime: virtual time (ABI 3.9, 3.12, 3.14, 3.16, 4.1-4.3, 5.5, 5.9): the
 * periodic timer, the runstate, vcpu_info in a page of our own, the
 * wallclock following the host's clock, and system time across host CPUs.
 *
 * Our own event callback counts deliveries per port with the 2-level scan
 * of whatever vcpu_info is in force (it moves in part c); system time is
 * read from that vcpu_info's time info too.  Each part prints one result
 * line "vtime: PART: ..." with its figures:
 *
 *  wallclock: first thing, wc (wc_sec_hi:wc_sec, wc_nsec) plus system
 *     time is within 3 s of now=SECONDS from the command line.
 *  periodic: VIRQ_TIMER bound without asking ticks every 10 ms (counted
 *     over 1 s of system time while blocked: never more ticks than the
 *     period allows, at least half of those due while not kept runnable
 *     by a busy host, which the runstate tells); set_periodic_timer(20 ms)
 *     at most 3/4 of the rate (about half); 999999 ns and 0 give -EINVAL;
 *     stop_periodic_timer: a 200 ms singleshot block sees no tick before
 *     its own.
 *  runstate: get_runstate_info while we run says running; the four
 *     times plus now - state_entry_time are now minus a constant (the
 *     vCPU's creation), before and after the rest; a 100 ms spin adds it
 *     to running + runnable and nothing to blocked/offline; a 200 ms
 *     block on a singleshot timer adds at least 195 ms to blocked.  A
 *     registered area is written at registration and before each entry
 *     (running, entry time after our last block, blocked time growing),
 *     with and without vm_assist runstate_update_flag; with the flag, an
 *     area whose times lie in a read-only page is left with bit 63 of
 *     state_entry_time set (the flag is written first), without it never.
 *     Areas reaching into the hole: -EINVAL.
 *  vcpu_info: register_vcpu_info refuses offsets 4040, 4088 and 4036
 *     (cross the page), 2 and 4034 (misaligned), rsvd != 0, the L3 and an
 *     L1 we run on (pinned), mfn 0xffffffff, 2^32 + a good mfn,
 *     shared_info's mfn; moves it to offset 68 (4-byte aligned, as i386
 *     per-CPU data may be) of a page of ours (contents copied, pending_sel ~0 and
 *     upcall_pending 1 there); an IPI port and the timer deliver through
 *     the new place; the mask is read there (old place unmasked, new
 *     masked: held); #PF's CR2 lands there; time info there advances
 *     (version even); a second call -EBUSY; the frame cannot be pinned
 *     as an L1 (a page like it can).
 *  jump: prints "vtime: jump: watching", then the harness sets the
 *     host clock a day ahead: reports the jump of wc_sec (about 86400 s)
 *     and the system time it was seen at; then the jump back.
 *  taskset: prints "vtime: taskset: reading", then reads system time in
 *     a tight loop for 5 s, or "taskset=SECONDS" (the harness moves our
 *     vCPU thread between host CPUs meanwhile, and needs longer on a slow
 *     host): never backwards, the version even whenever a read completes;
 *     reports the reads, snapshot updates and retries.
 *
 * "now=SECONDS" is needed for wallclock; "nojump=1" skips jump and
 * "notaskset=1" taskset (for running without the harness' help).
 *
 * Result: "hvtest: vtime: PASS".
 */
#include "mm.h"
#include "test.h"
#include "traps.h"

#define EVTCHNOP_bind_virq	1
#define EVTCHNOP_send		4
#define EVTCHNOP_bind_ipi	7
#define VIRQ_TIMER		0
#define NR_PORTS		1024

#define NSEC_PER_USEC		1000u
#define NSEC_PER_MSEC		1000000u
#define NSEC_PER_SEC		1000000000ull

#define WC_SEC_HI_OFFSET	2340
#define RUNSTATE_UPDATE		BIT_ULL(63)

#define TICK_WINDOW_NS		NSEC_PER_SEC
#define STOP_WINDOW_NS		(200 * NSEC_PER_MSEC)
#define SPIN_NS			(100 * NSEC_PER_MSEC)
#define BLOCK_NS		(200 * NSEC_PER_MSEC)
/* What a get_runstate_info may be off by: it and our read are apart. */
#define RS_SLACK_NS		(5 * NSEC_PER_MSEC)
#define WALL_SLACK_S		3
#define JUMP_WAIT_NS		(300 * NSEC_PER_SEC)
#define TASKSET_S		5
#define MAX_RETRIES		10000000u

#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/* 3.14 */
struct vcpu_set_singleshot_timer {
	u64 timeout_abs_ns;
	u32 flags;
} __packed;

struct vcpu_register_vcpu_info {
	u64 mfn;
	u32 offset;
	u32 rsvd;
} __packed;

enum { RS_RUNNING, RS_RUNNABLE, RS_BLOCKED, RS_OFFLINE };

/* The callback: a stub that calls do_event(), back by the iret hypercall. */
asm(".text\n\t.balign 16\n\t"
	".globl vt_event_entry\n"
	"vt_event_entry:\n\t"
	"push %eax\n\tpush %ecx\n\tpush %edx\n\tpush %ds\n\tpush %es\n\t"
	"mov $" __stringify(FLAT_RING1_DS) ", %eax\n\t"
	"mov %eax, %ds\n\tmov %eax, %es\n\tcld\n\t"
	"call do_event\n\t"
	"pop %es\n\tpop %ds\n\tpop %edx\n\tpop %ecx\n\tpop %eax\n\t"
	"jmp hypercall_page + " __stringify(HYPERCALL_IRET_OFFSET) "\n");

DECLARE_ASM_LABEL(vt_event_entry);

static struct shared_info *s;
/* The vcpu_info in force: shared_info's, then our page's (part c). */
static struct vcpu_info *vi;
/*
 * Written by the upcall, which the compiler cannot see being called (the
 * hypervisor calls it): read with READ_ONCE() or read_u64(), or gcc keeps
 * them in registers across the calls that unmask events (it knows that
 * our functions do not write them).
 */
static u32 hits[NR_PORTS];
static u32 upcalls;
static u64 tick_ns;
static u32 timer_port;

/* The page vcpu_info moves into, and one like it for the control. */
static u8 vi_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 ctl_page[PAGE_SIZE] __aligned(PAGE_SIZE);
/* Runstate areas: a good one, and one across a read-only page. */
static struct vcpu_runstate_info rs_area __aligned(8);
static u8 rs_pages[2][PAGE_SIZE] __aligned(PAGE_SIZE);

/* A 64-bit load the compiler must do: two 32-bit ones (i386). */
static u64 read_u64(const u64 *p)
{
	u64 v;

	asm volatile("movl (%1), %%eax\n\tmovl 4(%1), %%edx"
		     : "=&A" (v) : "r" (p) : "memory");
	return v;
}

static u64 last_tick(void)
{
	return read_u64(&tick_ns);
}

static u32 div_sat(u64 ns, u32 d)
{
	u32 hi = ns >> 32, lo = ns, rem;

	if (hi >= d)
		return ~0u;
	rem = hi;
	asm("divl %[d]" : "+a" (lo), "+d" (rem) : [d] "rm" (d) : "cc");
	return lo;
}

static u32 ms(u64 ns)
{
	return div_sat(ns, NSEC_PER_MSEC);
}

static u32 us(u64 ns)
{
	return div_sat(ns, NSEC_PER_USEC);
}

static u64 scale_delta(u64 delta, u32 mul, s8 shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (((delta & 0xffffffff) * mul) >> 32) + (delta >> 32) * mul;
}

/* Retries of the version protocol, for part taskset. */
static u32 time_retries;

/* System time from the time info of the vcpu_info in force. */
static u64 now_v(u32 *versionp)
{
	const struct vcpu_time_info *t = &vi->time;
	u32 version, mul, tries = 0;
	u64 stamp, sys, tsc;
	s8 shift;

	for (;;) {
		barrier();
		version = t->version;
		barrier();
		stamp = t->tsc_timestamp;
		sys = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		asm volatile("lfence" : : : "memory");
		tsc = rdtsc();
		barrier();
		if (!(version & 1) && version == t->version)
			break;
		time_retries++;
		if (++tries > MAX_RETRIES)
			guest_fail("time version stays odd or changing (0x%x)",
				   t->version);
	}
	if (versionp)
		*versionp = version;
	return sys + scale_delta(tsc - stamp, mul, shift);
}

static u64 now(void)
{
	return now_v(NULL);
}

static long evtchn_op(u32 cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static long ev_send(u32 port)
{
	u32 a = port;

	return evtchn_op(EVTCHNOP_send, &a);
}

static u32 *pending_word(u32 w)
{
	return (u32 *)((u8 *)s + offsetof(struct shared_info,
					  evtchn_pending)) + w;
}

static u32 *mask_word(u32 w)
{
	return (u32 *)((u8 *)s + offsetof(struct shared_info,
					  evtchn_mask)) + w;
}

static u32 *sel_word(void)
{
	return (u32 *)((u8 *)vi + offsetof(struct vcpu_info,
					   evtchn_pending_sel));
}

static bool test_and_clear_bit(u32 bit, u32 *word)
{
	u8 old;

	asm volatile("lock btrl %2, %1\n\tsetc %0"
		     : "=qm" (old), "+m" (*word) : "Ir" (bit)
		     : "memory", "cc");
	return old;
}

static u32 xchg_u32(u32 *p, u32 v)
{
	asm volatile("xchg %0, %1" : "+r" (v), "+m" (*p) : : "memory");
	return v;
}

void do_event(void)
{
	u32 sel, pend, w, b, port;

	WRITE_ONCE(upcalls, upcalls + 1);
	if (READ_ONCE(vi->evtchn_upcall_mask) != 1)
		guest_fail("upcall with evtchn_upcall_mask %u in the vcpu_info in force",
			   READ_ONCE(vi->evtchn_upcall_mask));
	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	barrier();
	sel = xchg_u32(sel_word(), 0);
	while (sel) {
		w = __builtin_ctz(sel);
		sel &= sel - 1;
		pend = READ_ONCE(*pending_word(w)) & ~READ_ONCE(*mask_word(w));
		while (pend) {
			b = __builtin_ctz(pend);
			pend &= pend - 1;
			if (!test_and_clear_bit(b, pending_word(w)))
				continue;
			port = w * 32 + b;
			WRITE_ONCE(hits[port], hits[port] + 1);
			if (port == timer_port)
				tick_ns = now();
		}
	}
}

static u32 port_hits(u32 port)
{
	return READ_ONCE(hits[port]);
}

static void upcalls_off(void)
{
	WRITE_ONCE(vi->evtchn_upcall_mask, 1);
	barrier();
}

static void upcalls_on(void)
{
	barrier();
	WRITE_ONCE(vi->evtchn_upcall_mask, 0);
	barrier();
	GUEST_ASSERT(hypercall_xen_version(XENVER_version, NULL) > 0);
}

static long singleshot(u64 when)
{
	struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = when };

	return hypercall_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

static long set_periodic(u64 ns)
{
	return hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0, &ns);
}

/* Block (the mask set while we look) until @done says so; wakeups. */
static u32 block_until(bool (*done)(u64 arg), u64 arg)
{
	u32 blocks = 0;

	for (;;) {
		upcalls_off();
		if (done(arg))
			break;
		GUEST_ASSERT_EQ(hypercall_sched_op(SCHEDOP_block, NULL), 0);
		blocks++;
	}
	upcalls_on();
	return blocks;
}

static bool time_reached(u64 t)
{
	return now() >= t;
}

static bool timer_hits_reached(u64 n)
{
	return port_hits(timer_port) >= n;
}

/* A singleshot timer at now + @ns, slept for: returns when it hit. */
static u64 sleep_ns(u64 ns)
{
	u32 n = port_hits(timer_port);
	u64 deadline = now() + ns;

	GUEST_ASSERT_EQ(singleshot(deadline), 0);
	block_until(timer_hits_reached, n + 1);
	return deadline;
}

static long get_runstate(struct vcpu_runstate_info *r)
{
	return hypercall_vcpu_op(VCPUOP_get_runstate_info, 0, r);
}

/* All four times with the current state's up to @t. */
static u64 rs_total(const struct vcpu_runstate_info *r, u64 t)
{
	u64 entry = r->state_entry_time & ~RUNSTATE_UPDATE;

	return r->time[0] + r->time[1] + r->time[2] + r->time[3] +
	       (t - entry);
}

/* One state's time with the current state's up to @t. */
static u64 rs_time(const struct vcpu_runstate_info *r, u32 state, u64 t)
{
	return r->time[state] + (r->state == state ?
				 t - r->state_entry_time : 0);
}

static s64 sdiff(u64 a, u64 b)
{
	return (s64)(a - b);
}

static u32 abs_us(s64 d)
{
	return us(d < 0 ? -d : d);
}

/* --- wallclock --- */

/* Unix time now in seconds, from the wallclock and system time. */
static u64 wall_now(u32 *wc_secp)
{
	const u32 *sec_hi = (const u32 *)((const u8 *)s + WC_SEC_HI_OFFSET);
	u32 version, sec, nsec, hi, tries = 0;
	u64 t;

	do {
		if (++tries > MAX_RETRIES)
			guest_fail("wc_version stays odd or changing");
		barrier();
		version = READ_ONCE(s->wc_version);
		barrier();
		sec = s->wc_sec;
		nsec = s->wc_nsec;
		hi = *sec_hi;
		t = now();
		barrier();
	} while ((version & 1) || version != READ_ONCE(s->wc_version));
	if (wc_secp)
		*wc_secp = sec;
	t += nsec;
	return ((u64)hi << 32 | sec) + div_sat(t, NSEC_PER_SEC);
}

static void test_wallclock(void)
{
	u32 host, wc;
	u64 wall;
	s64 d;

	if (!cmdline_u32("now", &host)) {
		guest_info("wallclock: no now= on the command line: not compared");
		return;
	}
	wall = wall_now(&wc);
	d = sdiff(wall, host);
	guest_info("wallclock: ok: wc_sec %u + system time = %u, host said %u: off by %d s",
		   wc, (u32)wall, host, (int)d);
	if (d < -WALL_SLACK_S || d > WALL_SLACK_S)
		guest_fail("wallclock off by %d s (want within %d)", (int)d,
			   WALL_SLACK_S);
}

static bool wc_moved(u64 base)
{
	u32 wc;

	wall_now(&wc);
	return wc != (u32)base;
}

/* Watch wc_sec for a change (the harness sets the host's clock). */
static s32 watch_wc(u32 base, u64 *at)
{
	u64 start = now();
	u32 wc;

	while (!wc_moved(base)) {
		if (now() - start > JUMP_WAIT_NS)
			guest_fail("wc_sec did not change within %u s",
				   ms(JUMP_WAIT_NS) / 1000);
		sleep_ns(10 * NSEC_PER_MSEC);
	}
	*at = now();
	wall_now(&wc);
	return (s32)(wc - base);
}

static void test_jump(void)
{
	u32 base, moved;
	u64 at;
	s32 j;

	wall_now(&base);
	guest_info("jump: watching wc_sec %u for a jump", base);
	j = watch_wc(base, &at);
	guest_info("jump: %d s seen at system time %u ms", j, ms(at));
	/* A day ahead, set within a few seconds of our reading. */
	GUEST_ASSERT(j > 86400 - 60 && j < 86400 + 60);
	wall_now(&moved);
	j = watch_wc(moved, &at);
	GUEST_ASSERT(j < -86400 + 60 && j > -86400 - 60);
	guest_info("jump: ok: back %d s seen at system time %u ms", j, ms(at));
}

/* --- periodic --- */

/*
 * Timer deliveries while blocked for @window of system time.  @waited:
 * the part of it the host kept our vCPU runnable but not running (the
 * runstate says so).  Ticks due in it merge into one upcall, as on Xen,
 * so the lower bound of check_rate() leaves that time out: a loaded host
 * (several debug VMs at once) must not fail a correct timer.
 */
static u32 count_ticks(u64 window, u64 *elapsed, u64 *waited)
{
	struct vcpu_runstate_info r0, r1;
	u32 h;
	u64 t0;

	/* Start on a tick, so that the window holds whole periods. */
	h = port_hits(timer_port);
	block_until(timer_hits_reached, h + 1);
	h = port_hits(timer_port);
	GUEST_ASSERT_EQ(get_runstate(&r0), 0);
	t0 = now();
	block_until(time_reached, t0 + window);
	*elapsed = now() - t0;
	h = port_hits(timer_port) - h;
	GUEST_ASSERT_EQ(get_runstate(&r1), 0);
	*waited = r1.time[RS_RUNNABLE] - r0.time[RS_RUNNABLE];
	return h;
}

static void check_rate(const char *what, u32 ticks, u64 elapsed, u64 waited,
		       u32 period)
{
	u32 max = div_sat(elapsed, period) + 1;
	u32 min = div_sat(waited < elapsed ? elapsed - waited : 0, period) / 2;

	guest_info("periodic: %s: %u ticks in %u ms (one per %u us, period %u us), %u ms runnable",
		   what, ticks, ms(elapsed), ticks ? us(elapsed) / ticks : 0,
		   us(period), ms(waited));
	if (ticks > max || ticks < min)
		guest_fail("periodic %s: %u ticks in %u ms (%u ms runnable), want %u..%u",
			   what, ticks, ms(elapsed), ms(waited), min, max);
}

static void test_periodic(void)
{
	u32 a[3] = { VIRQ_TIMER, 0, 0xdeadbeef };
	u32 t10, t20, h;
	u64 e10, e20, w10, w20, a10, a20, deadline;

	/* Bound without asking for a period: the ABI's 10 ms. */
	GUEST_ASSERT_EQ(evtchn_op(EVTCHNOP_bind_virq, a), 0);
	timer_port = a[2];
	upcalls_on();
	t10 = count_ticks(TICK_WINDOW_NS, &e10, &w10);
	check_rate("default", t10, e10, w10, 10 * NSEC_PER_MSEC);

	GUEST_ASSERT_EQ(set_periodic(20 * NSEC_PER_MSEC), 0);
	t20 = count_ticks(TICK_WINDOW_NS, &e20, &w20);
	check_rate("20 ms", t20, e20, w20, 20 * NSEC_PER_MSEC);
	/*
	 * Per second we ran or were blocked, at most 3/4 of the 10 ms rate
	 * (half, ideally).
	 */
	a10 = e10 - (w10 < e10 ? w10 : e10 - 1);
	a20 = e20 - (w20 < e20 ? w20 : e20 - 1);
	if ((u64)t20 * a10 * 4 > (u64)t10 * a20 * 3)
		guest_fail("periodic: 20 ms gave %u ticks in %u ms against %u in %u ms",
			   t20, ms(e20), t10, ms(e10));

	GUEST_ASSERT_EQ(set_periodic(999999), -EINVAL);
	GUEST_ASSERT_EQ(set_periodic(0), -EINVAL);
	GUEST_ASSERT_EQ(set_periodic(NSEC_PER_MSEC), 0);
	GUEST_ASSERT_EQ(set_periodic(20 * NSEC_PER_MSEC), 0);

	/* Stopped: a 200 ms singleshot block sees only its own tick. */
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0,
					  NULL), 0);
	upcalls_on();		/* a tick raised before the stop */
	h = port_hits(timer_port);
	deadline = sleep_ns(STOP_WINDOW_NS);
	if (port_hits(timer_port) != h + 1 || last_tick() < deadline)
		guest_fail("periodic: stopped, yet %u ticks in the 200 ms block, the last %u us before its time",
			   port_hits(timer_port) - h,
			   last_tick() < deadline ? us(deadline - last_tick()) :
			   0);
	guest_info("periodic: ok: default %u ticks/s, 20 ms %u ticks/s, below 1 ms -EINVAL, stopped: no tick in %u ms",
		   div_sat((u64)t10 * 1000, ms(e10) ?: 1),
		   div_sat((u64)t20 * 1000, ms(e20) ?: 1),
		   ms(STOP_WINDOW_NS));
}

/* --- runstate --- */

static u64 rs_origin(const struct vcpu_runstate_info *r, u64 t)
{
	return t - rs_total(r, t);
}

static void rs_read(struct vcpu_runstate_info *r, u64 *t)
{
	GUEST_ASSERT_EQ(get_runstate(r), 0);
	*t = now();
	GUEST_ASSERT_EQ(r->state, RS_RUNNING);
	GUEST_ASSERT(!(r->state_entry_time & RUNSTATE_UPDATE));
	GUEST_ASSERT(r->state_entry_time <= *t + NSEC_PER_MSEC);
}

/* The area as hv wrote it before our entry: running, entered by @after. */
static void check_area(const char *what, u64 after)
{
	struct vcpu_runstate_info r;
	u64 t;

	memcpy(&r, &rs_area, sizeof(r));
	t = now();
	if (r.state != RS_RUNNING || (r.state_entry_time & RUNSTATE_UPDATE) ||
	    r.state_entry_time < after ||
	    r.state_entry_time > t + NSEC_PER_MSEC)
		guest_fail("runstate area %s: state %u entry 0x%llx, want running, entered %llx..%llx",
			   what, r.state, r.state_entry_time, after, t);
}

static u64 start_ns;

static void test_runstate(void)
{
	struct vcpu_runstate_info r0, r1, r2, ra, rb, rc;
	u64 t0, t1, t2, ta, tb, tc, o0, o2, d, dblk, before, entry;
	u64 *busy;
	long rc_;

	/* Every ns since creation is in one of the four. */
	rs_read(&r0, &t0);
	o0 = rs_origin(&r0, t0);
	if (o0 > start_ns || start_ns - o0 > 60 * NSEC_PER_SEC)
		guest_fail("runstate: the times add up to %u ms, but we started only %u ms ago (origin 0x%llx, start 0x%llx)",
			   ms(rs_total(&r0, t0)), ms(t0 - start_ns), o0,
			   start_ns);

	/* A spin: running (or runnable, if the host preempts us). */
	rs_read(&r1, &t1);
	while (now() - t1 < SPIN_NS)
		;
	rs_read(&r2, &t2);
	d = rs_time(&r2, RS_RUNNING, t2) - rs_time(&r1, RS_RUNNING, t1) +
	    rs_time(&r2, RS_RUNNABLE, t2) - rs_time(&r1, RS_RUNNABLE, t1);
	guest_info("runstate: spin of %u us: running +%u us, runnable +%u us, blocked +%u us",
		   us(t2 - t1),
		   us(rs_time(&r2, RS_RUNNING, t2) - rs_time(&r1, RS_RUNNING, t1)),
		   us(rs_time(&r2, RS_RUNNABLE, t2) -
		      rs_time(&r1, RS_RUNNABLE, t1)),
		   us(r2.time[RS_BLOCKED] - r1.time[RS_BLOCKED]));
	GUEST_ASSERT(abs_us(sdiff(d, t2 - t1)) <= us(RS_SLACK_NS));
	GUEST_ASSERT(rs_time(&r2, RS_RUNNING, t2) -
		     rs_time(&r1, RS_RUNNING, t1) >= SPIN_NS / 2);
	GUEST_ASSERT_EQ(r2.time[RS_BLOCKED], r1.time[RS_BLOCKED]);
	GUEST_ASSERT_EQ(r2.time[RS_OFFLINE], r1.time[RS_OFFLINE]);

	/* A block of 200 ms on a singleshot timer: blocked. */
	rs_read(&ra, &ta);
	sleep_ns(BLOCK_NS);
	rs_read(&rb, &tb);
	dblk = rb.time[RS_BLOCKED] - ra.time[RS_BLOCKED];
	guest_info("runstate: block of %u us: blocked +%u us, running +%u us, runnable +%u us",
		   us(tb - ta), us(dblk),
		   us(rs_time(&rb, RS_RUNNING, tb) - rs_time(&ra, RS_RUNNING, ta)),
		   us(rs_time(&rb, RS_RUNNABLE, tb) -
		      rs_time(&ra, RS_RUNNABLE, ta)));
	if (dblk < BLOCK_NS - RS_SLACK_NS || dblk > tb - ta)
		guest_fail("runstate: blocked +%u us across a block of %u us (want >= %u)",
			   us(dblk), us(tb - ta), us(BLOCK_NS - RS_SLACK_NS));
	GUEST_ASSERT(rb.state_entry_time > ta);	/* woken: running anew */

	/* The sum still counts from the same origin. */
	o2 = rs_origin(&rb, tb);
	if (abs_us(sdiff(o2, o0)) > us(RS_SLACK_NS))
		guest_fail("runstate: sum drifted by %d us", (int)sdiff(o2, o0));

	/*
	 * The registered copy, without the update flag.  The argument is a
	 * 4-byte guest handle in an 8-byte union: the upper half is stack
	 * garbage in Linux, and must not matter.
	 */
	memset(&rs_area, 0xff, sizeof(rs_area));
	before = now();
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_register_runstate_memory_area,
					  0, &(u64){ 0xdeadbeef00000000ull |
						     (u32)&rs_area }), 0);
	check_area("at registration", 0);
	rc = rs_area;
	before = now();
	sleep_ns(5 * NSEC_PER_MSEC);
	check_area("after a block", before);
	GUEST_ASSERT(rs_area.time[RS_BLOCKED] > rc.time[RS_BLOCKED]);
	tc = now();
	if (abs_us(sdiff(rs_origin(&rs_area, tc), o0)) > us(RS_SLACK_NS))
		guest_fail("runstate area: sum off by %d us",
			   (int)sdiff(rs_origin(&rs_area, tc), o0));

	/* With the flag: the same, and bit 63 clear whenever we look. */
	GUEST_ASSERT_EQ(hypercall_vm_assist(VMASST_CMD_enable,
					    VMASST_TYPE_runstate_update_flag),
			0);
	rc = rs_area;
	before = now();
	sleep_ns(5 * NSEC_PER_MSEC);
	check_area("with the update flag", before);
	GUEST_ASSERT(rs_area.time[RS_BLOCKED] > rc.time[RS_BLOCKED]);

	/*
	 * An area whose times lie in a read-only page: the writes stop
	 * there.  With the flag, bit 63 went in first and stays set.
	 */
	set_pte((u32)rs_pages[1], *pte_of((u32)rs_pages[1]) & ~(u64)_PAGE_RW);
	busy = (u64 *)(rs_pages[1] - 8);
	*busy = 0;
	rc_ = hypercall_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
				&(u64){ (u32)rs_pages[1] - 12 });
	GUEST_ASSERT_EQ(rc_, 0);
	entry = read_u64(busy);
	GUEST_ASSERT(entry & RUNSTATE_UPDATE);
	GUEST_ASSERT_EQ(hypercall_vm_assist(VMASST_CMD_disable,
					    VMASST_TYPE_runstate_update_flag),
			0);
	*busy = 0;
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_register_runstate_memory_area,
					  0, &(u64){ (u32)rs_pages[1] - 12 }),
			0);
	GUEST_ASSERT(!(read_u64(busy) & RUNSTATE_UPDATE));
	set_pte((u32)rs_pages[1], *pte_of((u32)rs_pages[1]) | _PAGE_RW);

	/* Reaching into the hole. */
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_register_runstate_memory_area,
					  0, &(u64){ HYPERVISOR_VIRT_START }),
			-EINVAL);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_register_runstate_memory_area,
					  0, &(u64){ HYPERVISOR_VIRT_START - 16 }),
			-EINVAL);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_register_runstate_memory_area,
					  0, &(u64){ 0xfffffff0u }), -EINVAL);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_register_runstate_memory_area,
					  0, &(u64){ 0 }), 0);

	guest_info("runstate: ok: spin running+runnable %u/%u ms, block %u/%u ms blocked, sum = now - creation (drift %u us), area kept (bit 63 %s when cut short), hole -EINVAL",
		   ms(d), ms(t2 - t1), ms(dblk), ms(BLOCK_NS),
		   abs_us(sdiff(o2, o0)),
		   entry & RUNSTATE_UPDATE ? "set" : "clear");
}

/* --- register_vcpu_info --- */

static long mmuext(u32 cmd, u32 mfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = mfn };
	u32 done = 0;

	return hypercall_mmuext_op(&op, 1, &done, DOMID_SELF);
}

static long reg_vi(u64 mfn, u32 offset, u32 rsvd)
{
	struct vcpu_register_vcpu_info r = {
		.mfn = mfn, .offset = offset, .rsvd = rsvd,
	};

	return hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
}

static u32 pf_read(u32 va)
{
	u32 ip, val = 0;

	asm volatile(ASM_TRY("mov (%[va]), %[val]")
		     : [ip] "=&r" (ip), [val] "+r" (val) : [va] "r" (va)
		     : "memory");
	return ip;
}

static void test_vcpu_info(void)
{
	struct vcpu_info *old = &s->vcpu_info[0], *nvi;
	u32 mfn = virt_to_mfn(vi_page), l3, l1, ipi[2] = { 0, 0xdeadbeef };
	u32 h, u, v0, v1, ip, bad;
	u64 t0, t1, sys0;

	l3 = virt_to_mfn((void *)start_info->pt_base);
	l1 = virt_to_mfn((void *)((u32)pte_of((u32)vi_page) & PAGE_MASK));

	GUEST_ASSERT_EQ(reg_vi(mfn, 4040, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(mfn, 4088, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(mfn, 2, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(mfn, 4034, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(mfn, 4036, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(mfn, 64, 1), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(l3, 64, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(l1, 64, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(0xffffffff, 64, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi((1ull << 32) | mfn, 64, 0), -EINVAL);
	GUEST_ASSERT_EQ(reg_vi(start_info->shared_info >> PAGE_SHIFT, 64, 0),
			-EINVAL);
	/* Still in shared_info: a send arrives there. */
	GUEST_ASSERT_EQ(evtchn_op(EVTCHNOP_bind_ipi, ipi), 0);
	h = port_hits(ipi[1]);
	GUEST_ASSERT_EQ(ev_send(ipi[1]), 0);
	GUEST_ASSERT_EQ(port_hits(ipi[1]), h + 1);

	/* The move, masked: the new place must come with the mask set. */
	memset(vi_page, 0x5a, sizeof(vi_page));
	upcalls_off();
	u = READ_ONCE(upcalls);
	sys0 = old->time.system_time;
	GUEST_ASSERT_EQ(reg_vi(mfn, 68, 0), 0);
	nvi = (struct vcpu_info *)(vi_page + 68);
	WRITE_ONCE(vi, nvi);
	GUEST_ASSERT_EQ(READ_ONCE(upcalls), u);
	GUEST_ASSERT_EQ(nvi->evtchn_upcall_mask, 1);
	GUEST_ASSERT_EQ(nvi->evtchn_upcall_pending, 1);
	GUEST_ASSERT_EQ(*sel_word(), 0xffffffff);
	GUEST_ASSERT(!(nvi->time.version & 1));
	GUEST_ASSERT(nvi->time.system_time >= sys0);
	GUEST_ASSERT_EQ(vi_page[67], 0x5a);
	GUEST_ASSERT_EQ(vi_page[132], 0x5a);
	upcalls_on();		/* the announced words: an empty scan */
	GUEST_ASSERT_EQ(READ_ONCE(upcalls), u + 1);
	GUEST_ASSERT_EQ(nvi->evtchn_upcall_pending, 0);

	/* Events through the new place. */
	h = port_hits(ipi[1]);
	GUEST_ASSERT_EQ(ev_send(ipi[1]), 0);
	GUEST_ASSERT_EQ(port_hits(ipi[1]), h + 1);
	/* Its mask rules: the old one clear, the new one set. */
	WRITE_ONCE(old->evtchn_upcall_mask, 0);
	upcalls_off();
	GUEST_ASSERT_EQ(ev_send(ipi[1]), 0);
	GUEST_ASSERT_EQ(port_hits(ipi[1]), h + 1);
	GUEST_ASSERT_EQ(nvi->evtchn_upcall_pending, 1);
	upcalls_on();
	GUEST_ASSERT_EQ(port_hits(ipi[1]), h + 2);
	/* The timer too, and the time there advances. */
	v0 = nvi->time.version;
	t0 = now();
	h = port_hits(timer_port);
	sleep_ns(1200 * NSEC_PER_MSEC);
	GUEST_ASSERT_EQ(port_hits(timer_port), h + 1);
	t1 = now();
	v1 = nvi->time.version;
	guest_info("vcpu_info: moved; time version %u -> %u, system time %u ms -> %u ms over a 1.2 s block",
		   v0, v1, ms(t0), ms(nvi->time.system_time));
	GUEST_ASSERT(!(v1 & 1));
	GUEST_ASSERT(v1 != v0);
	GUEST_ASSERT(nvi->time.system_time >= t0 + 1100 * NSEC_PER_MSEC);
	GUEST_ASSERT(t1 - t0 >= 1200 * NSEC_PER_MSEC);

	/* #PF's CR2 goes to the new place. */
	bad = mapped_region_end() + 0x123;
	trap_reset();
	ip = pf_read(bad);
	GUEST_ASSERT_TRAP(X86_TRAP_PF, 0, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(nvi->arch.cr2, bad);

	/* Once only. */
	GUEST_ASSERT_EQ(reg_vi(mfn, 128, 0), -EBUSY);
	GUEST_ASSERT_EQ(reg_vi(virt_to_mfn(ctl_page), 0, 0), -EBUSY);

	/* The frame stays writable: not an L1, even mapped read-only. */
	memset(ctl_page, 0, sizeof(ctl_page));
	set_pte((u32)ctl_page, *pte_of((u32)ctl_page) & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(mmuext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(ctl_page)), 0);
	GUEST_ASSERT_EQ(mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(ctl_page)), 0);
	set_pte((u32)ctl_page, *pte_of((u32)ctl_page) | _PAGE_RW);
	upcalls_off();
	set_pte((u32)vi_page, *pte_of((u32)vi_page) & ~(u64)_PAGE_RW);
	GUEST_ASSERT(mmuext(MMUEXT_PIN_L1_TABLE, mfn) < 0);
	set_pte((u32)vi_page, *pte_of((u32)vi_page) | _PAGE_RW);
	upcalls_on();
	h = port_hits(ipi[1]);
	GUEST_ASSERT_EQ(ev_send(ipi[1]), 0);
	GUEST_ASSERT_EQ(port_hits(ipi[1]), h + 1);

	guest_info("vcpu_info: ok: hostile -EINVAL, moved to offset 68 of pfn %u, events/mask/cr2/time there, again -EBUSY, no L1 pin",
		   mfn_to_pfn(mfn));
}

/* --- taskset --- */

static void test_taskset(void)
{
	u64 t0, t, last, end;
	u32 reads = 0, updates = 0, v, lastv, retries, secs;

	if (!cmdline_u32("taskset", &secs) || !secs)
		secs = TASKSET_S;
	guest_info("taskset: reading the time for %u s", secs);
	retries = time_retries;
	t0 = now_v(&lastv);
	last = t0;
	end = t0 + secs * NSEC_PER_SEC;
	do {
		t = now_v(&v);
		reads++;
		if (v & 1)
			guest_fail("taskset: a read completed with version %u", v);
		if (v != lastv) {
			updates++;
			lastv = v;
		}
		if (t < last)
			guest_fail("taskset: system time went backwards by %u ns after %u reads",
				   (u32)(last - t), reads);
		last = t;
	} while (t < end);
	guest_info("taskset: ok: %u reads in %u ms, %u snapshot updates, %u retries, never backwards",
		   reads, ms(last - t0), updates, time_retries - retries);
}

void test_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.cs = FLAT_RING1_CS,
		.eip = (u32)vt_event_entry,
	};
	u32 flag;

	BUILD_BUG_ON(sizeof(struct vcpu_runstate_info) != 44);
	BUILD_BUG_ON(sizeof(struct vcpu_register_vcpu_info) != 16);
	BUILD_BUG_ON(sizeof(struct vcpu_set_singleshot_timer) != 12);

	s = map_shared_info();
	vi = &s->vcpu_info[0];
	start_ns = now();
	test_wallclock();

	trap_init();
	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &cb), 0);

	test_periodic();
	test_runstate();
	test_vcpu_info();
	if (!cmdline_u32("nojump", &flag) || !flag)
		test_jump();
	if (!cmdline_u32("notaskset", &flag) || !flag)
		test_taskset();
	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * events: event channels, the upcall and the virtual timer (ABI 3.9,
 * 3.16, 3.17, 3.18, 5.5).
 *
 * Our own event callback (the runtime's fails the guest): an asm stub
 * saves the registers and calls do_event() with the bounce frame, which
 * checks it (events masked on entry, the saved mask 0, IF set, ring-1
 * CS, upcall_pending set) and does the 2-level scan: clear
 * upcall_pending, exchange pending_sel with 0, for each word scan
 * pending & ~mask and clear each bit found.  Every port counts its
 * deliveries against the number of times the test raised it: a delivery
 * with no cause fails at once.  The stub returns with the iret hypercall,
 * whose frame's IF (set) unmasks events again.
 *
 * 1. Timer: stop the periodic timer, bind VIRQ_TIMER, unmask upcalls; set_timer_op(0)
 *    cancels; 50 ticks, each armed at now + 10 ms with set_timer_op and
 *    waited for with sched_op block: exactly one delivery each, never
 *    before the time asked for, 0.4..3 s for all of them.
 * 2. Loopback: alloc_unbound(self, self) gives port 2 (a send on it,
 *    unbound, is dropped); bind_interdomain(self, 2) gives port 3, which
 *    starts pending (delivered on the return).  With upcalls masked,
 *    three sends on 3 leave 2 pending with its selector bit and
 *    upcall_pending, and nothing is delivered; unmasking and a hypercall
 *    deliver it exactly once.
 * 3. Per-port mask (the callback now registered with set_callbacks):
 *    port 2 masked, a send leaves it pending with no selector bit; an
 *    unmasked upcall mask delivers nothing; EVTCHNOP_unmask delivers it
 *    exactly once.
 * 4. Storm: 100000 sends on 3 while the timer is re-armed every 1 ms from
 *    the handler; unmasked sends are delivered on the send's return,
 *    masked bursts coalesce into one delivery; the totals match, no
 *    delivery without a send, and nothing is left pending at the end.
 * 5. Hostile: ports 0, 1024 and 0xffffffff, free ports, bad VIRQs, a
 *    second VIRQ_TIMER binding, sends on VIRQ and unbound ports, unknown
 *    commands; set_timer_op in the past fires at once, a negative or far
 *    future time fires after about 100 ms.  Closing returns ports to the
 *    lowest-free allocator.
 *
 * Result: "hvtest: events: PASS".
 */
#include "evtchn.h"
#include "mm.h"
#include "test.h"
#include "traps.h"

#define NR_VIRQS		24

#define TICKS			50
#define TICK_NS			(10 * NSEC_PER_MSEC)
#define TICKS_MIN_NS		(400 * NSEC_PER_MSEC)
#define TICKS_MAX_NS		(3 * NSEC_PER_SEC)
#define STORM_SENDS		100000
#define STORM_TICK_NS		NSEC_PER_MSEC
#define WAIT_MAX_NS		(5 * NSEC_PER_SEC)
/* A past time fires "at once"; allow for a slow (TCG) host. */
#define AT_ONCE_NS		(500 * NSEC_PER_MSEC)
/* A negative or far-off time means now + 100 ms (ABI 3.9). */
#define CLAMP_MIN_NS		(50 * NSEC_PER_MSEC)
#define CLAMP_MAX_NS		(2 * NSEC_PER_SEC)

struct evtchn_bind_interdomain {
	u16 remote_dom;
	u16 pad;
	u32 remote_port;
	u32 local_port;		/* out */
};

/* The event callback's frame, as the stub leaves it (ABI 5.2). */
struct ev_frame {
	u32 entry;		/* which stub: ENTRY_* */
	u32 eip;
	u32 cs;			/* bits 16-23: the saved upcall mask */
	u32 eflags;
};

#define ENTRY_CALLBACK_OP	1
#define ENTRY_SET_CALLBACKS	2

/*
 * Two entries, one per way of registering them, so that the handler can
 * tell which registration is in force.  Same ring only (we never leave
 * ring 1 here): the frame is EIP, CS, EFLAGS, with no ESP/SS.
 */
asm(".text\n\t.balign 16\n\t"
	".globl ev_entry_cbop\n"
	"ev_entry_cbop:\n\t"
	"push $" __stringify(ENTRY_CALLBACK_OP) "\n\t"
	"jmp ev_common\n\t"
	".balign 16\n\t"
	".globl ev_entry_setcb\n"
	"ev_entry_setcb:\n\t"
	"push $" __stringify(ENTRY_SET_CALLBACKS) "\n"
	"ev_common:\n\t"
	"push %eax\n\tpush %ecx\n\tpush %edx\n\tpush %ds\n\tpush %es\n\t"
	"mov $" __stringify(FLAT_RING1_DS) ", %eax\n\t"
	"mov %eax, %ds\n\tmov %eax, %es\n\tcld\n\t"
	"lea 20(%esp), %eax\n\tpush %eax\n\t"
	"call do_event\n\t"
	"add $4, %esp\n\t"
	"pop %es\n\tpop %ds\n\tpop %edx\n\tpop %ecx\n\tpop %eax\n\t"
	/* Drop the entry word: ESP at EIP, the stub pushes EAX. */
	"add $4, %esp\n\t"
	"jmp hypercall_page + " __stringify(HYPERCALL_IRET_OFFSET) "\n");

DECLARE_ASM_LABEL(ev_entry_cbop);
DECLARE_ASM_LABEL(ev_entry_setcb);

static struct shared_info *s;
static struct vcpu_info *vi;

/* Deliveries per port, and how often the test raised each one. */
static u32 hits[NR_PORTS];
static u32 allowed[NR_PORTS];
static u32 upcalls, empty_upcalls, last_entry;

static u32 timer_port, port_a, port_b;
static u64 tick_ns;		/* system time of the last timer delivery */

/*
 * The handler writes it behind the compiler's back: read it from memory
 * (a plain u64 load: the next tick, which could tear it, is not armed).
 */
static u64 tick_time(void)
{
	barrier();
	return tick_ns;
}

static bool storm_rearm;	/* the handler re-arms the timer */

static u64 now(void)
{
	return system_time_ns();
}

/* With the vCPU given: the library's binds vCPU 0 only. */
static long ev_bind_virq_on(u32 virq, u32 vcpu, u32 *port)
{
	struct evtchn_bind_virq a = { .virq = virq, .vcpu = vcpu,
				      .port = 0xdeadbeef };
	long rc = evtchn_op(EVTCHNOP_bind_virq, &a);

	*port = a.port;
	return rc;
}

static long ev_bind_interdomain(u32 remote_port, u32 *port)
{
	struct evtchn_bind_interdomain a = { .remote_dom = DOMID_SELF,
					     .remote_port = remote_port,
					     .local_port = 0xdeadbeef };
	long rc = evtchn_op(EVTCHNOP_bind_interdomain, &a);

	*port = a.local_port;
	return rc;
}

/* Atomic bit operations on the words we share with the hypervisor. */
static bool test_and_clear_bit(u32 bit, u32 *word)
{
	u8 old;

	asm volatile("lock btrl %2, %1\n\tsetc %0"
		     : "=qm" (old), "+m" (*word) : "Ir" (bit)
		     : "memory", "cc");
	return old;
}

static void set_bit(u32 bit, u32 *word)
{
	asm volatile("lock btsl %1, %0" : "+m" (*word) : "Ir" (bit)
		     : "memory", "cc");
}

static u32 xchg_u32(u32 *p, u32 v)
{
	asm volatile("xchg %0, %1" : "+r" (v), "+m" (*p) : : "memory");
	return v;
}

/* The shared words, aligned, without taking packed members' addresses. */
#define SI_PENDING	offsetof(struct shared_info, evtchn_pending)
#define SI_MASK		offsetof(struct shared_info, evtchn_mask)
#define VI_SEL		offsetof(struct vcpu_info, evtchn_pending_sel)

static u32 *pending_word(u32 w)
{
	return (u32 *)((u8 *)s + SI_PENDING) + w;
}

static u32 *mask_word(u32 w)
{
	return (u32 *)((u8 *)s + SI_MASK) + w;
}

static u32 *sel_word(void)
{
	return (u32 *)((u8 *)vi + VI_SEL);
}

static bool sel_bit(u32 port)
{
	return READ_ONCE(*sel_word()) & BIT(port / 32);
}

static u32 port_hits(u32 port)
{
	return READ_ONCE(hits[port]);
}

/* Arm the timer: one more delivery of the timer port is allowed. */
static void arm_timer(u64 when)
{
	WRITE_ONCE(allowed[timer_port], allowed[timer_port] + 1);
	GUEST_ASSERT_EQ(set_timer_op(when), 0);
}

static void handle_port(u32 port)
{
	if (port >= NR_PORTS || hits[port] >= allowed[port])
		guest_fail("port %u delivered %u times, raised only %u times",
			   port, port < NR_PORTS ? hits[port] + 1 : 0,
			   port < NR_PORTS ? allowed[port] : 0);
	hits[port]++;
	if (port == timer_port && timer_port) {
		tick_ns = now();
		if (storm_rearm) {
			allowed[port]++;
			if (set_timer_op(tick_ns + STORM_TICK_NS))
				guest_fail("set_timer_op from the handler failed");
		}
	}
}

/* The upcall (ABI 5.5), with events masked until the iret hypercall. */
void do_event(const struct ev_frame *f)
{
	u32 sel, pend, w, b;
	bool any = false;

	upcalls++;
	last_entry = f->entry;
	if (((f->cs >> 16) & 0xff) != 0)
		guest_fail("upcall with events masked: saved mask %u at %04x:%08x",
			   (f->cs >> 16) & 0xff, f->cs & 0xffff, f->eip);
	if (READ_ONCE(vi->evtchn_upcall_mask) != 1)
		guest_fail("upcall entered with evtchn_upcall_mask %u, want 1",
			   READ_ONCE(vi->evtchn_upcall_mask));
	if ((f->cs & 0xffff) != FLAT_RING1_CS || !(f->eflags & X86_EFLAGS_IF))
		guest_fail("upcall frame: cs 0x%x eflags 0x%x at 0x%x (want cs 0x%x, IF set)",
			   f->cs, f->eflags, f->eip, FLAT_RING1_CS);
	if (READ_ONCE(vi->evtchn_upcall_pending) != 1)
		guest_fail("upcall with evtchn_upcall_pending %u",
			   READ_ONCE(vi->evtchn_upcall_pending));

	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	barrier();
	sel = xchg_u32(sel_word(), 0);
	while (sel) {
		w = __builtin_ctz(sel);
		sel &= sel - 1;
		pend = READ_ONCE(*pending_word(w)) &
		       ~READ_ONCE(*mask_word(w));
		while (pend) {
			b = __builtin_ctz(pend);
			pend &= pend - 1;
			if (!test_and_clear_bit(b, pending_word(w)))
				continue;
			any = true;
			handle_port(w * 32 + b);
		}
	}
	if (!any)
		empty_upcalls++;
}

/* Yield (upcalls on) until the timer port was hit @n times; false if not. */
static bool wait_timer_yield(u32 n, u64 max_ns)
{
	u64 start = now();

	while (port_hits(timer_port) < n) {
		if (now() - start > max_ns)
			return false;
		GUEST_ASSERT_EQ(hypercall_yield(), 0);
	}
	return true;
}

/*
 * Sleep with sched_op block until the timer port was hit @n times.  The
 * mask is set while we look, so that a tick between the look and the
 * block is not lost: it leaves upcall_pending set and block returns.
 */
static u32 block_for_timer(u32 n)
{
	u32 blocks = 0;

	for (;;) {
		upcalls_off();
		if (port_hits(timer_port) >= n)
			break;
		GUEST_ASSERT_EQ(hypercall_sched_op(SCHEDOP_block, NULL), 0);
		/* block cleared the mask; the iret of the upcall kept it so. */
		GUEST_ASSERT_EQ(READ_ONCE(vi->evtchn_upcall_mask), 0);
		blocks++;
	}
	upcalls_on();
	return blocks;
}

static void register_event_callback(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.cs = FLAT_RING1_CS,
		.eip = (u32)ev_entry_cbop,
	};

	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &cb), 0);
}

/* Port 1 is the console's when the builder gave a console ring. */
/* The lowest port the backends' (console, xenstore) leave free */
static u32 first_port(void)
{
	u32 p = 1;

	while (p == start_info->console_evtchn ||
	       p == start_info->store_evtchn)
		p++;
	return p;
}

static void test_timer(void)
{
	struct evtchn_status st;
	u64 start, deadline, t0, t1, late, min_late = ~0ull, max_late = 0;
	u32 i, n, blocks = 0;

	/* Only the ticks this test asks for: no 10 ms periodic ones. */
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0,
					  NULL), 0);
	GUEST_ASSERT_EQ(ev_bind_virq_on(VIRQ_TIMER, 0, &timer_port), 0);
	GUEST_ASSERT_EQ(timer_port, first_port());	/* the lowest free */
	GUEST_ASSERT_EQ(ev_status(timer_port, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_virq);
	GUEST_ASSERT_EQ(st.vcpu, 0);
	GUEST_ASSERT_EQ(st.u0, VIRQ_TIMER);
	GUEST_ASSERT(!port_masked(timer_port));

	upcalls_on();
	GUEST_ASSERT_EQ(READ_ONCE(upcalls), 0);	/* nothing pending yet */

	/* set_timer_op(0) cancels: nothing arrives. */
	t0 = now();
	arm_timer(t0 + 50 * NSEC_PER_MSEC);
	GUEST_ASSERT_EQ(set_timer_op(0), 0);
	t1 = now();
	if (t1 - t0 < 40 * NSEC_PER_MSEC) {
		GUEST_ASSERT(!wait_timer_yield(1, 150 * NSEC_PER_MSEC));
		guest_info("cancelled timer: no tick in 150 ms");
	} else {
		guest_info("cancel took %u ms: not checked", ms(t1 - t0));
	}
	n = port_hits(timer_port);

	/* The first tick by yielding, so that a dead timer cannot hang us. */
	arm_timer(now() + TICK_NS);
	if (!wait_timer_yield(n + 1, WAIT_MAX_NS))
		guest_fail("VIRQ_TIMER never arrived (upcalls %u, pending %u, sel 0x%x, port pending %u)",
			   READ_ONCE(upcalls), READ_ONCE(vi->evtchn_upcall_pending),
			   READ_ONCE(*sel_word()),
			   port_pending(timer_port));
	n++;

	start = now();
	for (i = 0; i < TICKS; i++) {
		deadline = now() + TICK_NS;
		arm_timer(deadline);
		blocks += block_for_timer(n + 1);
		n++;
		GUEST_ASSERT_EQ(port_hits(timer_port), n);
		if (tick_time() < deadline)
			guest_fail("tick %u fired %u us before its time", i,
				   us(deadline - tick_time()));
		late = tick_time() - deadline;
		if (late < min_late)
			min_late = late;
		if (late > max_late)
			max_late = late;
	}
	t1 = now() - start;
	guest_info("timer: %u ticks of 10 ms in %u ms, %u blocks, late by %u..%u us",
		   TICKS, ms(t1), blocks, us(min_late), us(max_late));
	if (t1 < TICKS_MIN_NS || t1 > TICKS_MAX_NS)
		guest_fail("%u ticks of 10 ms took %u ms (want 400..3000)",
			   TICKS, ms(t1));
	GUEST_ASSERT(!port_pending(timer_port));
}

static void test_loopback_masked(void)
{
	struct evtchn_status st;
	u32 h;
	int i;

	GUEST_ASSERT_EQ(ev_alloc_unbound(&port_a), 0);
	GUEST_ASSERT_EQ(port_a, first_port() + 1);
	GUEST_ASSERT_EQ(ev_status(port_a, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_unbound);
	/* Unbound: a send is dropped (ABI 3.18). */
	GUEST_ASSERT_EQ(ev_send(port_a), 0);
	GUEST_ASSERT(!port_pending(port_a));

	/* The new local port starts pending: delivered on the return. */
	allowed[first_port() + 2]++;
	GUEST_ASSERT_EQ(ev_bind_interdomain(port_a, &port_b), 0);
	GUEST_ASSERT_EQ(port_b, first_port() + 2);
	GUEST_ASSERT_EQ(port_hits(port_b), 1);
	GUEST_ASSERT(!port_pending(port_b));
	GUEST_ASSERT_EQ(ev_status(port_a, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_interdomain);
	GUEST_ASSERT_EQ(st.u1, port_b);
	GUEST_ASSERT_EQ(ev_status(port_b, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_interdomain);
	GUEST_ASSERT_EQ(st.u1, port_a);

	/* Both ways, unmasked: one delivery each, on the send's return. */
	allowed[port_b]++;
	GUEST_ASSERT_EQ(ev_send(port_a), 0);
	GUEST_ASSERT_EQ(port_hits(port_b), 2);
	allowed[port_a]++;
	GUEST_ASSERT_EQ(ev_send(port_b), 0);
	GUEST_ASSERT_EQ(port_hits(port_a), 1);

	/* Masked: three sends, nothing delivered, one pending event. */
	upcalls_off();
	h = port_hits(port_a);
	for (i = 0; i < 3; i++) {
		allowed[port_a]++;
		GUEST_ASSERT_EQ(ev_send(port_b), 0);
	}
	GUEST_ASSERT_EQ(port_hits(port_a), h);
	GUEST_ASSERT(port_pending(port_a));
	GUEST_ASSERT(sel_bit(port_a));
	GUEST_ASSERT_EQ(READ_ONCE(vi->evtchn_upcall_pending), 1);
	upcalls_on();
	GUEST_ASSERT_EQ(port_hits(port_a), h + 1);
	GUEST_ASSERT(!port_pending(port_a));
	GUEST_ASSERT_EQ(READ_ONCE(vi->evtchn_upcall_pending), 0);
	GUEST_ASSERT_EQ(READ_ONCE(*sel_word()), 0);
	GUEST_ASSERT_EQ(last_entry, ENTRY_CALLBACK_OP);
	guest_info("loopback: ports %u <-> %u; 3 masked sends, 1 delivery on unmask",
		   port_a, port_b);
}

static void test_port_mask(void)
{
	u32 h, u;

	/* From now on through set_callbacks' registration. */
	GUEST_ASSERT_EQ(hypercall_set_callbacks(FLAT_RING1_CS,
						(u32)ev_entry_setcb,
						FLAT_RING1_CS,
						(u32)trap_entry_failsafe), 0);

	set_bit(port_a % 32, mask_word(port_a / 32));
	upcalls_off();
	h = port_hits(port_a);
	u = READ_ONCE(upcalls);
	allowed[port_a]++;
	GUEST_ASSERT_EQ(ev_send(port_b), 0);
	GUEST_ASSERT(port_pending(port_a));
	/* Pending while masked: no selector bit, no upcall (ABI 5.5). */
	GUEST_ASSERT(!sel_bit(port_a));
	GUEST_ASSERT_EQ(READ_ONCE(vi->evtchn_upcall_pending), 0);
	upcalls_on();
	GUEST_ASSERT_EQ(port_hits(port_a), h);
	GUEST_ASSERT_EQ(READ_ONCE(upcalls), u);
	GUEST_ASSERT(port_pending(port_a));

	GUEST_ASSERT_EQ(ev_unmask(port_a), 0);
	GUEST_ASSERT(!port_masked(port_a));
	GUEST_ASSERT_EQ(port_hits(port_a), h + 1);
	GUEST_ASSERT(!port_pending(port_a));
	GUEST_ASSERT_EQ(last_entry, ENTRY_SET_CALLBACKS);
	guest_info("port mask: send while masked not delivered, EVTCHNOP_unmask delivered it once");
}

static void test_storm(void)
{
	u32 sent = 0, rounds = 0, bursts = 0, coalesced = 0, expect;
	u32 h0, h, n, k, ticks0, ups0, empty0;
	u64 t0, t1;

	h0 = port_hits(port_a);
	ticks0 = port_hits(timer_port);
	ups0 = READ_ONCE(upcalls);
	empty0 = READ_ONCE(empty_upcalls);
	expect = h0;

	WRITE_ONCE(storm_rearm, true);
	t0 = now();
	arm_timer(t0 + STORM_TICK_NS);
	while (sent < STORM_SENDS) {
		rounds++;
		h = port_hits(port_a);
		if (rounds % 8) {
			/* Unmasked: delivered on the return from the send. */
			allowed[port_a]++;
			GUEST_ASSERT_EQ(ev_send(port_b), 0);
			sent++;
			if (port_hits(port_a) != h + 1)
				guest_fail("storm send %u: %u deliveries on its return, want 1 (pending %u, upcall_pending %u, mask %u)",
					   sent, port_hits(port_a) - h,
					   port_pending(port_a),
					   READ_ONCE(vi->evtchn_upcall_pending),
					   READ_ONCE(vi->evtchn_upcall_mask));
			expect++;
			continue;
		}
		/* Masked bursts of 1..4 sends coalesce into one event. */
		n = 1 + (rounds / 8) % 4;
		if (n > STORM_SENDS - sent)
			n = STORM_SENDS - sent;
		upcalls_off();
		for (k = 0; k < n; k++) {
			allowed[port_a]++;
			GUEST_ASSERT_EQ(ev_send(port_b), 0);
			sent++;
		}
		GUEST_ASSERT_EQ(port_hits(port_a), h);
		GUEST_ASSERT(port_pending(port_a));
		upcalls_on();
		if (port_hits(port_a) != h + 1)
			guest_fail("storm burst of %u ending at send %u: %u deliveries, want 1",
				   n, sent, port_hits(port_a) - h);
		bursts++;
		coalesced += n - 1;
		expect++;
	}
	t1 = now();

	WRITE_ONCE(storm_rearm, false);
	GUEST_ASSERT_EQ(set_timer_op(0), 0);
	upcalls_on();

	guest_info("storm: %u sends in %u ms, %u delivered (%u masked bursts, %u coalesced), %u timer ticks, %u upcalls (%u empty)",
		   sent, ms(t1 - t0), port_hits(port_a) - h0, bursts,
		   coalesced, port_hits(timer_port) - ticks0, upcalls - ups0,
		   empty_upcalls - empty0);
	GUEST_ASSERT_EQ(port_hits(port_a), expect);
	GUEST_ASSERT_EQ(port_hits(port_a) - h0 + coalesced, sent);
	GUEST_ASSERT(!port_pending(port_a));
	GUEST_ASSERT(!port_pending(port_b));
	GUEST_ASSERT(port_hits(timer_port) > ticks0);
}

/* set_timer_op(@when) must fire within [@min_ns, @max_ns] of the call. */
static void timer_fires(const char *what, u64 when, u64 min_ns, u64 max_ns)
{
	u32 n = port_hits(timer_port);
	u64 t0 = now(), dt;

	arm_timer(when);
	if (!wait_timer_yield(n + 1, WAIT_MAX_NS))
		guest_fail("set_timer_op(%s = 0x%llx): no tick in 5 s", what,
			   when);
	dt = tick_time() - t0;
	guest_info("set_timer_op(%s): fired after %u us", what, us(dt));
	if (dt < min_ns || dt > max_ns)
		guest_fail("set_timer_op(%s): fired after %u us, want %u..%u ms",
			   what, us(dt), ms(min_ns), ms(max_ns));
	GUEST_ASSERT_EQ(port_hits(timer_port), n + 1);
}

static void test_hostile(void)
{
	static const u32 bad[] = { 0, NR_PORTS, 0xffffffff };
	struct evtchn_status st;
	u32 i, p, free_port = 1000;
	u64 t;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		GUEST_ASSERT_EQ(ev_close(bad[i]), -EINVAL);
		GUEST_ASSERT_EQ(ev_send(bad[i]), -EINVAL);
		GUEST_ASSERT_EQ(ev_unmask(bad[i]), -EINVAL);
		GUEST_ASSERT_EQ(ev_status(bad[i], &st), -EINVAL);
		GUEST_ASSERT_EQ(ev_bind_interdomain(bad[i], &p), -EINVAL);
	}
	/* Free ports: nothing to close or send to; status says closed. */
	GUEST_ASSERT_EQ(ev_close(free_port), -EINVAL);
	GUEST_ASSERT_EQ(ev_send(free_port), -EINVAL);
	GUEST_ASSERT_EQ(ev_status(free_port, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_closed);
	GUEST_ASSERT_EQ(ev_bind_interdomain(free_port, &p), -EINVAL);

	GUEST_ASSERT_EQ(ev_bind_virq_on(99, 0, &p), -EINVAL);
	GUEST_ASSERT_EQ(ev_bind_virq_on(NR_VIRQS, 0, &p), -EINVAL);
	GUEST_ASSERT_EQ(ev_bind_virq_on(0xffffffff, 0, &p), -EINVAL);
	GUEST_ASSERT_EQ(ev_bind_virq_on(VIRQ_TIMER, 0, &p), -EEXIST);
	GUEST_ASSERT_EQ(ev_bind_virq_on(VIRQ_TIMER, 1, &p), -ENOENT);
	/* A VIRQ port cannot be sent to, nor bound to. */
	GUEST_ASSERT_EQ(ev_send(timer_port), -EINVAL);
	GUEST_ASSERT_EQ(ev_bind_interdomain(timer_port, &p), -EINVAL);
	/* An interdomain port is no longer unbound. */
	GUEST_ASSERT_EQ(ev_bind_interdomain(port_a, &p), -EINVAL);
	GUEST_ASSERT_EQ(evtchn_op(99, &st), -XEN_ENOSYS);
	guest_info("hostile: bad ports, free ports and bad VIRQs refused");

	/* Absurd timer values: nothing hangs, nothing crashes. */
	t = now();
	timer_fires("1 ns", 1, 0, AT_ONCE_NS);
	timer_fires("now - 1 s", t - NSEC_PER_SEC, 0, AT_ONCE_NS);
	timer_fires("~0", ~0ull, CLAMP_MIN_NS, CLAMP_MAX_NS);
	timer_fires("2^63 - 1", ~0ull >> 1, CLAMP_MIN_NS, CLAMP_MAX_NS);
	timer_fires("now + 2^51", now() + (1ull << 51), CLAMP_MIN_NS,
		    CLAMP_MAX_NS);

	/* Closing b makes a unbound again: sends on it are dropped. */
	GUEST_ASSERT_EQ(ev_close(port_b), 0);
	GUEST_ASSERT_EQ(ev_status(port_b, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_closed);
	GUEST_ASSERT_EQ(ev_send(port_b), -EINVAL);
	GUEST_ASSERT_EQ(ev_status(port_a, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_unbound);
	GUEST_ASSERT_EQ(ev_send(port_a), 0);
	GUEST_ASSERT(!port_pending(port_a));
	GUEST_ASSERT(!port_pending(port_b));
	GUEST_ASSERT_EQ(ev_close(port_a), 0);
	GUEST_ASSERT_EQ(ev_close(port_a), -EINVAL);

	/* Closed ports are reused, lowest first. */
	GUEST_ASSERT_EQ(ev_close(timer_port), 0);
	GUEST_ASSERT_EQ(ev_alloc_unbound(&p), 0);
	GUEST_ASSERT_EQ(p, first_port());
	GUEST_ASSERT_EQ(ev_bind_virq_on(VIRQ_TIMER, 0, &p), 0);
	GUEST_ASSERT_EQ(p, first_port() + 1);
	GUEST_ASSERT_EQ(ev_close(first_port()), 0);
	GUEST_ASSERT_EQ(ev_close(first_port() + 1), 0);
	guest_info("hostile: absurd timer times fire; closed ports reused lowest first");
}

void test_main(void)
{
	BUILD_BUG_ON(sizeof(struct evtchn_status) != 24);
	BUILD_BUG_ON(sizeof(struct evtchn_bind_interdomain) != 12);
	BUILD_BUG_ON(sizeof(struct evtchn_alloc_unbound) != 8);

	trap_init();
	s = map_shared_info();
	vi = &s->vcpu_info[0];
	/* The library's bitmap and mask helpers work on these. */
	ev_shared = s;
	ev_vcpu = vi;
	GUEST_ASSERT_EQ(vi->evtchn_upcall_mask, 1);	/* the boot state */
	register_event_callback();

	test_timer();
	test_loopback_masked();
	test_port_mask();
	test_storm();
	test_hostile();

	guest_info("%u upcalls in all, %u of them empty", upcalls,
		   READ_ONCE(empty_upcalls));
	guest_pass();
}

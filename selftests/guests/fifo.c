// SPDX-License-Identifier: GPL-2.0
/*
 * fifo: FIFO event channels (EVTCHNOP_init_control, expand_array,
 * set_priority; Xen 4.4's ABI, which Linux uses whenever it can).
 *
 * Our event callback consumes the queues as Linux does: exchange READY
 * with 0, take the highest priority ready, follow its queue from the head
 * (ours, else the control block's), clearing LINKED and taking LINK from
 * each word, and handle each word that is PENDING and not MASKED after
 * clearing PENDING.  Deliveries are counted per port and their order
 * recorded.  Before init_control the same callback does the 2-level scan.
 *
 * 1. 2-level first: expand_array -EOPNOTSUPP, set_priority -ENOSYS (a bad
 *    port -EINVAL), port 1024 -EINVAL; an IPI port left pending in the
 *    bitmap (and the send->upcall time, for the figures).
 * 2. init_control, refused as Xen refuses: vCPU 1 (-ENOENT), offsets 4
 *    and 4032 (misaligned, past the page: -EINVAL), our L3 and an L1 we
 *    run on, mfn 0xffffffff, 2^32 + a good mfn, shared_info's (-EINVAL);
 *    then accepted at offset 8 (link_bits 17), and a second time -EINVAL.
 * 3. expand_array: our L3, the control block's frame (-EINVAL), page 0;
 *    page 0 again (-EINVAL).  The port pending in the bitmap at the
 *    switch arrives now, through its queue.
 * 4. Local ports: one delivery per send; MASKED holds it (pending, not
 *    linked) until EVTCHNOP_unmask; a send never touches the 2-level
 *    bitmap, and the bitmap's own mask and pending bits, written by us,
 *    change nothing (the 2-level ABI's state is dead after init_control).
 * 5. Priorities: with upcalls masked, ports at priorities 15, 7, 0 and a
 *    second 7 raised in that order: READY has bits 0, 7 and 15, the
 *    heads are right, the first 7 links to the second; unmasked, they
 *    arrive 0, 7, 7, 15.  set_priority 16, port 0, a closed port, port
 *    4096: -EINVAL.
 * 6. VIRQ_TIMER: 20 ticks of 5 ms through the queue, waited for with
 *    sched_op block; sched_op poll on a masked pending port returns.
 * 7. Past the first page: ports up to 1024 bound, port 1024 raised before
 *    its page exists, delivered once expand_array adds page 1; pages 2
 *    and 3 accepted, a fifth page -ENOSPC; status of port 1024 works; a
 *    free port whose word we left LINKED is not given out.
 * 8. Hostile words: a queue's tail unlinked behind hv's back (the next
 *    event starts the queue again), a tail with BUSY and a LINK past the
 *    array (relinked, BUSY cleared), heads and READY of nonsense, a word
 *    all ones (never queued): hv stays inside our frames, the host log
 *    stays clean (the harness checks), and once we repair the words
 *    events flow again.
 * 9. The control block's frame stays writable: not an L1, even read-only.
 *
 * Result: "hvtest: fifo: PASS".
 */
#include "evtchn.h"
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"

#define EVTCHNOP_init_control	11
#define EVTCHNOP_expand_array	12
#define EVTCHNOP_set_priority	13

#define FIFO_PENDING		BIT(31)
#define FIFO_MASKED		BIT(30)
#define FIFO_LINKED		BIT(29)
#define FIFO_BUSY		BIT(28)
#define FIFO_LINK_MASK		((1u << 17) - 1)
#define FIFO_QUEUES		16
#define PRIO_DEFAULT		7

#define WORDS			1024	/* per page */
#define PAGES			4	/* hv's limit: 4096 ports */
#define MAX_PORTS		(PAGES * WORDS)
#define TICKS			20
#define TICK_NS			(5 * NSEC_PER_MSEC)
#define BENCH_ROUNDS		200

struct evtchn_init_control {
	u64 control_gfn;
	u32 offset;
	u32 vcpu;
	u8 link_bits;		/* out */
	u8 pad[7];
} __packed;

struct evtchn_expand_array {
	u64 array_gfn;
};

struct evtchn_set_priority {
	u32 port;
	u32 priority;
};

struct control_block {
	u32 ready;
	u32 rsvd;
	u32 head[FIFO_QUEUES];
};

static u8 cb_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static u32 words[PAGES][WORDS] __aligned(PAGE_SIZE);
static u8 spare_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static struct shared_info *s;
static struct vcpu_info *vi;
static struct control_block *cb;
static bool fifo_on;
static u32 local_head[FIFO_QUEUES];

static u32 hits[MAX_PORTS];
static u32 order[16], nr_order;
static u32 upcalls;
/* The bench: TSC before the send, at the callback (its stub writes it). */
u64 t_upcall;
static u64 t_send;

/* The callback: same ring, so the frame is EIP, CS, EFLAGS. */
asm(".text\n\t.balign 16\n\t"
	".globl fifo_entry\n"
	"fifo_entry:\n\t"
	"push %eax\n\tpush %ecx\n\tpush %edx\n\tpush %ds\n\tpush %es\n\t"
	"rdtsc\n\t"
	"mov %eax, %ss:t_upcall\n\tmov %edx, %ss:t_upcall + 4\n\t"
	"mov $" __stringify(FLAT_RING1_DS) ", %eax\n\t"
	"mov %eax, %ds\n\tmov %eax, %es\n\tcld\n\t"
	"lea 20(%esp), %eax\n\tpush %eax\n\t"
	"call do_fifo_event\n\t"
	"add $4, %esp\n\t"
	"pop %es\n\tpop %ds\n\tpop %edx\n\tpop %ecx\n\tpop %eax\n\t"
	"jmp hypercall_page + " __stringify(HYPERCALL_IRET_OFFSET) "\n");

DECLARE_ASM_LABEL(fifo_entry);

static u32 xchg_u32(u32 *p, u32 v)
{
	asm volatile("xchg %0, %1" : "+r" (v), "+m" (*p) : : "memory");
	return v;
}

static u32 cmpxchg_u32(u32 *p, u32 old, u32 new)
{
	asm volatile("lock cmpxchgl %2, %1" : "+a" (old), "+m" (*p)
		     : "r" (new) : "memory", "cc");
	return old;
}

static bool test_and_clear(u32 *w, u32 bit)
{
	u8 old;

	asm volatile("lock btrl %2, %1\n\tsetc %0"
		     : "=qm" (old), "+m" (*w) : "Ir" (bit) : "memory", "cc");
	return old;
}

static void set_bits(u32 *w, u32 bits)
{
	asm volatile("lock orl %1, %0" : "+m" (*w) : "r" (bits)
		     : "memory", "cc");
}

static void clear_bits(u32 *w, u32 bits)
{
	asm volatile("lock andl %1, %0" : "+m" (*w) : "r" (~bits)
		     : "memory", "cc");
}

static u32 *word(u32 port)
{
	return &words[port / WORDS][port % WORDS];
}

static void delivered(u32 port)
{
	hits[port]++;
	if (nr_order < ARRAY_SIZE(order))
		order[nr_order++] = port;
}

/* Linux's clear_linked(): LINKED and LINK off, the old LINK back. */
static u32 clear_linked(u32 *w)
{
	u32 old, cur = READ_ONCE(*w);

	do {
		old = cur;
		cur = cmpxchg_u32(w, old, old & ~(FIFO_LINKED | FIFO_LINK_MASK));
	} while (cur != old);
	return old & FIFO_LINK_MASK;
}

/* One event of queue @q; its READY bit goes when the queue empties. */
static void consume_one(u32 q, u32 *ready)
{
	u32 port = local_head[q], next;

	if (!port) {
		barrier();
		port = READ_ONCE(cb->head[q]);
	}
	/* A head we were given must be one of our ports. */
	if (port == 0 || port >= MAX_PORTS)
		guest_fail("queue %u: head %u", q, port);
	next = clear_linked(word(port));
	if (!next)
		*ready &= ~BIT(q);
	if ((READ_ONCE(*word(port)) & FIFO_MASKED) == 0 &&
	    test_and_clear(word(port), 31))
		delivered(port);
	local_head[q] = next;
}

static void fifo_scan(void)
{
	u32 ready = xchg_u32(&cb->ready, 0);

	while (ready) {
		consume_one(__builtin_ctz(ready), &ready);
		ready |= xchg_u32(&cb->ready, 0);
	}
}

/* 2-level, before init_control. */
static void bitmap_scan(void)
{
	u32 *pend = (u32 *)((u8 *)s + offsetof(struct shared_info,
						evtchn_pending));
	u32 *mask = (u32 *)((u8 *)s + offsetof(struct shared_info,
						evtchn_mask));
	u32 *selp = (u32 *)((u8 *)vi + offsetof(struct vcpu_info,
						 evtchn_pending_sel));
	u32 sel = xchg_u32(selp, 0), w, b, p;

	while (sel) {
		w = __builtin_ctz(sel);
		sel &= sel - 1;
		p = READ_ONCE(pend[w]) & ~READ_ONCE(mask[w]);
		while (p) {
			b = __builtin_ctz(p);
			p &= p - 1;
			if (test_and_clear(&pend[w], b))
				delivered(w * 32 + b);
		}
	}
}

void do_fifo_event(const u32 *frame)
{
	upcalls++;
	if ((frame[1] >> 16) & 0xff)
		guest_fail("upcall with events masked at %08x", frame[0]);
	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	barrier();
	if (fifo_on)
		fifo_scan();
	else
		bitmap_scan();
}

static void upcalls_mask(void)
{
	WRITE_ONCE(vi->evtchn_upcall_mask, 1);
	barrier();
}

/* Unmask, then a hypercall: what is due arrives on its return. */
static void upcalls_unmask(void)
{
	barrier();
	WRITE_ONCE(vi->evtchn_upcall_mask, 0);
	barrier();
	GUEST_ASSERT(hypercall_xen_version(XENVER_version, NULL) > 0);
}

static long init_control(u64 gfn, u32 offset, u32 vcpu, u8 *link_bits)
{
	struct evtchn_init_control a = {
		.control_gfn = gfn, .offset = offset, .vcpu = vcpu,
		.link_bits = 0xee,
	};
	long rc = evtchn_op(EVTCHNOP_init_control, &a);

	*link_bits = a.link_bits;
	return rc;
}

static long expand(u64 gfn)
{
	struct evtchn_expand_array a = { .array_gfn = gfn };

	return evtchn_op(EVTCHNOP_expand_array, &a);
}

static long set_prio(u32 port, u32 prio)
{
	struct evtchn_set_priority a = { .port = port, .priority = prio };

	return evtchn_op(EVTCHNOP_set_priority, &a);
}

static u32 bind_ipi(void)
{
	u32 port;

	GUEST_ASSERT_EQ(ev_bind_ipi(&port), 0);
	return port;
}

/* The callback changes them: always from memory. */
static u32 orders(void)
{
	barrier();
	return READ_ONCE(nr_order);
}

static u32 port_hits(u32 port)
{
	barrier();
	return READ_ONCE(hits[port]);
}

static bool bit2l(u32 port, size_t off)
{
	u32 *w = (u32 *)((u8 *)s + off);

	return READ_ONCE(w[port / 32]) & BIT(port % 32);
}

static void set_bit2l(u32 port, size_t off)
{
	set_bits((u32 *)((u8 *)s + off) + port / 32, BIT(port % 32));
}

static void clear_bit2l(u32 port, size_t off)
{
	clear_bits((u32 *)((u8 *)s + off) + port / 32, BIT(port % 32));
}

#define SI_PENDING	offsetof(struct shared_info, evtchn_pending)
#define SI_MASK		offsetof(struct shared_info, evtchn_mask)

static u64 median(u64 *v, u32 n)
{
	u32 i, j;
	u64 t;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* TSC from before the send to the callback's first instructions. */
static u64 bench_send(u32 port)
{
	static u64 d[BENCH_ROUNDS];
	u32 i, h;

	for (i = 0; i < BENCH_ROUNDS; i++) {
		h = port_hits(port);
		t_send = rdtsc();
		GUEST_ASSERT_EQ(ev_send(port), 0);
		GUEST_ASSERT_EQ(port_hits(port), h + 1);
		d[i] = t_upcall - t_send;
	}
	return median(d, BENCH_ROUNDS);
}

static u32 early_port;
static u64 cycles_2l;

static void test_2level(void)
{
	u32 p = bind_ipi();

	GUEST_ASSERT_EQ(expand(virt_to_mfn(words[0])), -EOPNOTSUPP);
	GUEST_ASSERT_EQ(set_prio(p, 0), -XEN_ENOSYS);
	GUEST_ASSERT_EQ(set_prio(999, 0), -EINVAL);
	GUEST_ASSERT_EQ(ev_send(1024), -EINVAL);
	GUEST_ASSERT_EQ(ev_send(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), 1);
	cycles_2l = bench_send(p);

	/* Left pending in the bitmap for the switch. */
	early_port = bind_ipi();
	upcalls_mask();
	GUEST_ASSERT_EQ(ev_send(early_port), 0);
	GUEST_ASSERT(bit2l(early_port, SI_PENDING));
	GUEST_ASSERT_EQ(port_hits(early_port), 0);
	guest_info("2-level: expand_array -EOPNOTSUPP, set_priority -ENOSYS, port 1024 -EINVAL; port %u left pending",
		   early_port);
}

static void test_init_control(void)
{
	u32 mfn = virt_to_mfn(cb_page), l3, l1;
	u8 lb, bad;

	l3 = virt_to_mfn((void *)start_info->pt_base);
	l1 = virt_to_mfn((void *)((u32)pte_of((u32)cb_page) & PAGE_MASK));

	memset(cb_page, 0, sizeof(cb_page));
	GUEST_ASSERT_EQ(init_control(mfn, 8, 1, &lb), -ENOENT);
	GUEST_ASSERT_EQ(init_control(mfn, 4, 0, &lb), -EINVAL);
	GUEST_ASSERT_EQ(init_control(mfn, 4032, 0, &lb), -EINVAL);
	GUEST_ASSERT_EQ(init_control(l3, 8, 0, &lb), -EINVAL);
	GUEST_ASSERT_EQ(init_control(l1, 8, 0, &lb), -EINVAL);
	GUEST_ASSERT_EQ(init_control(0xffffffff, 8, 0, &lb), -EINVAL);
	GUEST_ASSERT_EQ(init_control((1ull << 32) | mfn, 8, 0, &lb), -EINVAL);
	GUEST_ASSERT_EQ(init_control(start_info->shared_info >> PAGE_SHIFT,
				     8, 0, &lb), -EINVAL);
	/* Still 2-level after all that. */
	GUEST_ASSERT_EQ(expand(virt_to_mfn(words[0])), -EOPNOTSUPP);

	cb = (struct control_block *)(cb_page + 8);
	fifo_on = true;
	GUEST_ASSERT_EQ(init_control(mfn, 8, 0, &lb), 0);
	GUEST_ASSERT_EQ(lb, 17);
	GUEST_ASSERT_EQ(init_control(mfn, 8, 0, &bad), -EINVAL);
	GUEST_ASSERT_EQ(init_control(mfn, 512, 0, &bad), -EINVAL);
	GUEST_ASSERT_EQ(bad, 0xee);	/* not written on failure */
	/* Not yet delivered: its word has no page. */
	upcalls_unmask();
	GUEST_ASSERT_EQ(port_hits(early_port), 0);
	guest_info("init_control: vcpu 1 -ENOENT, offsets 4 and 4032, L3, L1, bad mfns, shared_info -EINVAL; accepted (link_bits %u), again -EINVAL",
		   lb);
}

static void test_expand(void)
{
	u32 l3 = virt_to_mfn((void *)start_info->pt_base);

	memset(words, 0, sizeof(words));
	GUEST_ASSERT_EQ(expand(l3), -EINVAL);
	GUEST_ASSERT_EQ(expand(0xffffffff), -EINVAL);
	GUEST_ASSERT_EQ(expand(virt_to_mfn(cb_page)), -EINVAL);
	GUEST_ASSERT_EQ(port_hits(early_port), 0);
	GUEST_ASSERT_EQ(expand(virt_to_mfn(words[0])), 0);
	/* The port pending at the switch, now on its queue. */
	GUEST_ASSERT_EQ(port_hits(early_port), 1);
	GUEST_ASSERT_EQ(expand(virt_to_mfn(words[0])), -EINVAL);
	guest_info("expand_array: L3, bad mfn, the control block -EINVAL; page 0 accepted (port %u pending from 2-level delivered), again -EINVAL",
		   early_port);
}

static void test_local(void)
{
	u32 p = bind_ipi(), h;
	u64 cycles;

	GUEST_ASSERT_EQ(ev_send(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), 1);
	GUEST_ASSERT(!bit2l(p, SI_PENDING));
	GUEST_ASSERT_EQ(READ_ONCE(*word(p)), 0);

	/* MASKED holds it. */
	set_bits(word(p), FIFO_MASKED);
	GUEST_ASSERT_EQ(ev_send(p), 0);
	GUEST_ASSERT_EQ(ev_send(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), 1);
	GUEST_ASSERT_EQ(READ_ONCE(*word(p)), FIFO_PENDING | FIFO_MASKED);
	GUEST_ASSERT_EQ(ev_unmask(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), 2);

	/* The 2-level state is dead: its mask does not hold, no bits set. */
	set_bit2l(p, SI_MASK);
	GUEST_ASSERT_EQ(ev_send(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), 3);
	GUEST_ASSERT(!bit2l(p, SI_PENDING));
	clear_bit2l(p, SI_MASK);
	/* Nor does its pending bit: EVTCHNOP_unmask links nothing. */
	set_bit2l(p, SI_PENDING);
	GUEST_ASSERT_EQ(ev_unmask(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), 3);
	GUEST_ASSERT_EQ(READ_ONCE(*word(p)), 0);
	clear_bit2l(p, SI_PENDING);

	h = port_hits(p);
	cycles = bench_send(p);
	GUEST_ASSERT_EQ(port_hits(p), h + BENCH_ROUNDS);
	guest_info("local: one delivery per send, MASKED holds until EVTCHNOP_unmask, the 2-level bitmaps unused");
	guest_info("bench: send->upcall %u TSC ticks 2-level, %u FIFO (median of %u)",
		   (u32)cycles_2l, (u32)cycles, BENCH_ROUNDS);
}

static void test_priorities(void)
{
	u32 lo = bind_ipi(), mid = bind_ipi(), hi = bind_ipi();
	u32 mid2 = bind_ipi(), closed = bind_ipi();

	GUEST_ASSERT_EQ(set_prio(lo, 15), 0);
	GUEST_ASSERT_EQ(set_prio(hi, 0), 0);
	GUEST_ASSERT_EQ(set_prio(lo, 16), -EINVAL);
	GUEST_ASSERT_EQ(set_prio(0, 0), -EINVAL);
	GUEST_ASSERT_EQ(set_prio(MAX_PORTS, 0), -EINVAL);
	GUEST_ASSERT_EQ(set_prio(0xffffffff, 0), -EINVAL);
	GUEST_ASSERT_EQ(ev_close(closed), 0);
	GUEST_ASSERT_EQ(set_prio(closed, 0), -EINVAL);

	upcalls_mask();
	nr_order = 0;
	GUEST_ASSERT_EQ(ev_send(lo), 0);
	GUEST_ASSERT_EQ(ev_send(mid), 0);
	GUEST_ASSERT_EQ(ev_send(hi), 0);
	GUEST_ASSERT_EQ(ev_send(mid2), 0);
	GUEST_ASSERT_EQ(READ_ONCE(cb->ready), BIT(0) | BIT(7) | BIT(15));
	GUEST_ASSERT_EQ(READ_ONCE(cb->head[0]), hi);
	GUEST_ASSERT_EQ(READ_ONCE(cb->head[7]), mid);
	GUEST_ASSERT_EQ(READ_ONCE(cb->head[15]), lo);
	GUEST_ASSERT_EQ(READ_ONCE(*word(mid)),
			FIFO_PENDING | FIFO_LINKED | mid2);
	GUEST_ASSERT_EQ(READ_ONCE(*word(mid2)), FIFO_PENDING | FIFO_LINKED);
	GUEST_ASSERT_EQ(orders(), 0);
	GUEST_ASSERT_EQ(vi->evtchn_upcall_pending, 1);
	upcalls_unmask();
	GUEST_ASSERT_EQ(orders(), 4);
	GUEST_ASSERT_EQ(order[0], hi);
	GUEST_ASSERT_EQ(order[1], mid);
	GUEST_ASSERT_EQ(order[2], mid2);
	GUEST_ASSERT_EQ(order[3], lo);
	guest_info("priorities: ready 0/7/15, delivered 0, 7, 7, 15 (ports %u %u %u %u); set_priority 16, ports 0, 4096, ~0, closed -EINVAL",
		   hi, mid, mid2, lo);
}

static void test_timer(void)
{
	u32 port, i, h;
	u64 t0, t;

	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL),
			0);
	GUEST_ASSERT_EQ(ev_bind_virq(VIRQ_TIMER, &port), 0);
	GUEST_ASSERT_EQ(set_prio(port, 1), 0);
	t0 = system_time_ns();
	for (i = 0; i < TICKS; i++) {
		h = port_hits(port);
		t = system_time_ns() + TICK_NS;
		GUEST_ASSERT_EQ(set_timer_op(t), 0);
		while (port_hits(port) == h) {
			upcalls_mask();
			if (port_hits(port) == h)
				GUEST_ASSERT_EQ(hypercall_sched_op(SCHEDOP_block,
								   NULL), 0);
			upcalls_unmask();
		}
		GUEST_ASSERT(system_time_ns() >= t);
	}
	GUEST_ASSERT_EQ(ev_close(port), 0);
	guest_info("timer: %u ticks of 5 ms through the queue in %u ms",
		   TICKS, div_sat(system_time_ns() - t0, NSEC_PER_MSEC));
}

static void test_poll(void)
{
	u32 p = bind_ipi(), ports[1] = { p }, h = port_hits(p);
	u64 t0 = system_time_ns();

	set_bits(word(p), FIFO_MASKED);
	GUEST_ASSERT_EQ(ev_send(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), h);
	GUEST_ASSERT_EQ(sched_poll(ports, 1, t0 + 5 * NSEC_PER_SEC), 0);
	GUEST_ASSERT(system_time_ns() - t0 < 2 * NSEC_PER_SEC);
	GUEST_ASSERT_EQ(ev_close(p), 0);
	/* Closed: no longer pending, a new binding starts clean. */
	GUEST_ASSERT(!(READ_ONCE(*word(p)) & FIFO_PENDING));
	clear_bits(word(p), FIFO_MASKED);
	guest_info("poll: a masked pending port ends the poll at once; close clears PENDING");
}

static u32 test_pages(void)
{
	struct evtchn_status st;
	u32 p, last = 0, h, n = 0, busy;

	/* Bind up to port 1024: the first beyond the 2-level ABI's. */
	while (last < WORDS) {
		last = bind_ipi();
		n++;
	}
	GUEST_ASSERT_EQ(last, WORDS);
	GUEST_ASSERT_EQ(ev_status(last, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_ipi);
	GUEST_ASSERT_EQ(ev_send(last), 0);	/* no word yet: held */
	GUEST_ASSERT_EQ(port_hits(last), 0);
	GUEST_ASSERT_EQ(expand(virt_to_mfn(words[1])), 0);
	GUEST_ASSERT_EQ(port_hits(last), 1);
	GUEST_ASSERT_EQ(ev_send(last), 0);
	GUEST_ASSERT_EQ(port_hits(last), 2);
	GUEST_ASSERT_EQ(expand(virt_to_mfn(words[2])), 0);
	GUEST_ASSERT_EQ(expand(virt_to_mfn(words[3])), 0);
	GUEST_ASSERT_EQ(expand(virt_to_mfn(spare_page)), -ENOSPC);
	GUEST_ASSERT_EQ(expand(virt_to_mfn(words[1])), -ENOSPC);

	/* A free port still LINKED (on a queue) is not given out. */
	busy = last + 1;
	set_bits(word(busy), FIFO_LINKED);
	p = bind_ipi();
	GUEST_ASSERT_EQ(p, busy + 1);
	clear_bits(word(busy), FIFO_LINKED);
	h = port_hits(p);
	GUEST_ASSERT_EQ(ev_send(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), h + 1);
	GUEST_ASSERT_EQ(ev_close(p), 0);
	GUEST_ASSERT_EQ(bind_ipi(), busy);
	GUEST_ASSERT_EQ(ev_close(busy), 0);
	guest_info("pages: %u ports bound up to %u, its event held until page 1 came, 4 pages then -ENOSPC, a LINKED free port skipped",
		   n, last);
	return last;
}

static void test_hostile_words(u32 ones)
{
	u32 a = bind_ipi(), b = bind_ipi(), i, h, q;
	u32 ha = port_hits(a), hb = port_hits(b);

	/* A tail unlinked behind hv's back: the next event starts a queue. */
	upcalls_mask();
	nr_order = 0;
	GUEST_ASSERT_EQ(ev_send(a), 0);
	clear_bits(word(a), FIFO_LINKED);
	GUEST_ASSERT_EQ(ev_send(b), 0);
	GUEST_ASSERT_EQ(READ_ONCE(cb->head[PRIO_DEFAULT]), b);
	GUEST_ASSERT_EQ(READ_ONCE(*word(a)) & FIFO_LINK_MASK, 0);
	upcalls_unmask();
	GUEST_ASSERT_EQ(port_hits(b), hb + 1);
	GUEST_ASSERT_EQ(port_hits(a), ha);	/* lost by our own doing */
	clear_bits(word(a), FIFO_PENDING);

	/*
	 * Garbage where hv looks and writes: a tail BUSY with a LINK past
	 * the array, heads and READY of nonsense, a word all ones.  hv
	 * never follows a LINK, so only our own scan could go astray: it
	 * does not run (upcalls masked) until we repaired everything.
	 */
	upcalls_mask();
	GUEST_ASSERT_EQ(ev_send(a), 0);		/* a: head and tail */
	GUEST_ASSERT_EQ(READ_ONCE(cb->head[PRIO_DEFAULT]), a);
	set_bits(word(a), FIFO_BUSY | FIFO_LINK_MASK);
	for (q = 0; q < FIFO_QUEUES; q++)
		WRITE_ONCE(cb->head[q], 0xffffffff);
	WRITE_ONCE(cb->ready, 0xffffffff);
	WRITE_ONCE(*word(ones), 0xffffffff);
	GUEST_ASSERT_EQ(ev_send(b), 0);
	/* b linked behind a: a's LINK is b, BUSY gone, no head written. */
	GUEST_ASSERT_EQ(READ_ONCE(*word(a)), FIFO_PENDING | FIFO_LINKED | b);
	GUEST_ASSERT_EQ(READ_ONCE(cb->head[PRIO_DEFAULT]), 0xffffffff);
	for (i = 0; i < 100; i++) {
		GUEST_ASSERT_EQ(ev_send(ones), 0);
		GUEST_ASSERT_EQ(ev_unmask(ones), 0);
		GUEST_ASSERT_EQ(ev_send(a), 0);
		GUEST_ASSERT_EQ(ev_unmask(b), 0);
	}
	/* Unmasked by the hypercall, still LINKED: not queued again. */
	GUEST_ASSERT_EQ(READ_ONCE(*word(ones)), ~FIFO_MASKED);
	WRITE_ONCE(*word(ones), 0);
	WRITE_ONCE(*word(a), 0);
	WRITE_ONCE(*word(b), 0);
	memset(local_head, 0, sizeof(local_head));
	for (q = 0; q < FIFO_QUEUES; q++)
		WRITE_ONCE(cb->head[q], 0);
	WRITE_ONCE(cb->ready, 0);
	upcalls_unmask();

	/* Repaired: events flow again. */
	h = port_hits(a);
	GUEST_ASSERT_EQ(ev_send(a), 0);
	GUEST_ASSERT_EQ(port_hits(a), h + 1);
	GUEST_ASSERT_EQ(ev_send(b), 0);
	GUEST_ASSERT_EQ(port_hits(b), hb + 2);
	GUEST_ASSERT_EQ(ev_close(a), 0);
	GUEST_ASSERT_EQ(ev_close(b), 0);
	guest_info("hostile words: an unlinked tail, junk LINK/BUSY/heads/READY, a word of all ones: contained, events flow after repair");
}

static long mmuext(u32 cmd, u32 mfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = mfn };
	u32 done = 0;

	return hypercall_mmuext_op(&op, 1, &done, DOMID_SELF);
}

static void test_frame_held(void)
{
	u32 h, p = bind_ipi();

	/* A page like it can become an L1 once read-only; ours cannot. */
	memset(spare_page, 0, sizeof(spare_page));
	set_pte((u32)spare_page, *pte_of((u32)spare_page) & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(mmuext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(spare_page)),
			0);
	GUEST_ASSERT_EQ(mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(spare_page)),
			0);
	set_pte((u32)spare_page, *pte_of((u32)spare_page) | _PAGE_RW);
	upcalls_mask();
	set_pte((u32)words[2], *pte_of((u32)words[2]) & ~(u64)_PAGE_RW);
	GUEST_ASSERT(mmuext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(words[2])) < 0);
	set_pte((u32)words[2], *pte_of((u32)words[2]) | _PAGE_RW);
	set_pte((u32)cb_page, *pte_of((u32)cb_page) & ~(u64)_PAGE_RW);
	GUEST_ASSERT(mmuext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(cb_page)) < 0);
	set_pte((u32)cb_page, *pte_of((u32)cb_page) | _PAGE_RW);
	upcalls_unmask();
	h = port_hits(p);
	GUEST_ASSERT_EQ(ev_send(p), 0);
	GUEST_ASSERT_EQ(port_hits(p), h + 1);
	guest_info("frames: the control block and event pages cannot be pinned as L1s");
}

void test_main(void)
{
	struct callback_register reg = {
		.type = CALLBACKTYPE_event,
		.cs = FLAT_RING1_CS,
		.eip = (u32)fifo_entry,
	};

	BUILD_BUG_ON(sizeof(struct evtchn_init_control) != 24);
	BUILD_BUG_ON(sizeof(struct control_block) != 72);
	trap_init();
	s = map_shared_info();
	vi = &s->vcpu_info[0];
	ev_shared = s;
	ev_vcpu = vi;
	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &reg), 0);
	upcalls_unmask();

	test_2level();
	test_init_control();
	test_expand();
	test_local();
	test_priorities();
	test_timer();
	test_poll();
	test_hostile_words(test_pages());
	test_frame_held();
	guest_info("%u upcalls in all", READ_ONCE(upcalls));
	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * consring: the PV console ring (ABI 4.4) and its event channel, VIRQ_CONSOLE
 * and sched_op poll (3.16).  The harness (88-console-ring.sh) types a line
 * at each prompt ("consring: ...: type a line").
 *
 * 1. virq-console: before the ring is used, typed input stays with
 *    console_io read: bind VIRQ_CONSOLE, block, and be woken by the line
 *    "t=NS" that the harness types (NS: its CLOCK_MONOTONIC, our system
 *    time, when it typed); the wake latency is printed.  The ring's in[]
 *    got nothing.
 * 2. text: one block of generated text (about 8 KiB, lines of 0 to 3000
 *    bytes, a tab and a BEL that the console drops on both paths) printed
 *    three times between marker lines: with console_io; through the ring
 *    only, signalling every 8th chunk and waiting for room with sched_op poll
 *    on the console port; through the ring only, never signalling after
 *    the first send, waiting for room with yield.  The harness compares
 *    the three copies byte for byte.
 * 3. echo: three typed lines, read from in[] after sched_op block and the
 *    console port's upcall, echoed through the ring as
 *    "consring: echo: LINE"; the third is long enough to wrap in[].
 * 4. poll: a pending port returns at once (also among 128 ports), a 50 ms
 *    timeout returns after at least 50 ms, a past timeout at once, the
 *    default 10 ms periodic timer and a singleshot timer wake a poll on the
 *    masked VIRQ_TIMER port; refused: 129 ports, closed port 0 or 1000,
 *    port lists and the argument in the hole or unmapped.
 * 5. hostile: out_prod 2049, 0x10000 and -1 ahead of out_cons (corrupt:
 *    dropped, out_cons = out_prod, and output works afterwards); in_cons
 *    ahead of in_prod (hv stops feeding; resetting in_cons gets the
 *    line); pinning the console frame as an L1, zeroed and mapped
 *    read-only, fails while the same done to a page of ours works;
 *    closing the console port, after which a send gives -EINVAL.
 *
 * Result: "hvtest: consring: PASS".
 */
#include "evtchn.h"
#include "mm.h"
#include "test.h"
#include "traps.h"

#define TEXT_BYTES	8192
#define TEXT_MAX	(TEXT_BYTES + 4096)
#define LONG_LINE	3000
#define WAIT_NS		(10 * NSEC_PER_SEC)
#define INPUT_NS	(120 * NSEC_PER_SEC)
#define AT_ONCE_NS	(500 * NSEC_PER_MSEC)
#define ECHO_ROUNDS	3

static struct cons_ring *ring;
static u32 cport, vcport;		/* the console's port, VIRQ_CONSOLE's */
static u32 out_prod, in_cons;		/* our own copies of our indices */

static char text[TEXT_MAX];
static u32 text_len, text_kept;
static char line[2048];
static u8 saved_page[PAGE_SIZE];
static u8 pin_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static u64 virq_ns;			/* first VIRQ_CONSOLE upcall */

static u64 now(void)
{
	return system_time_ns();
}

static void handler(u32 port)
{
	if (port == vcport && !virq_ns)
		virq_ns = now();
}

static u32 rnd_state = 0x2545f491;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void text_add(char c)
{
	GUEST_ASSERT(text_len < TEXT_MAX);
	text[text_len++] = c;
	/* hv keeps printable ASCII and \n \r \t \b only (both paths). */
	if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t')
		text_kept++;
}

static void text_add_str(const char *s)
{
	while (*s)
		text_add(*s++);
}

/* Lines of 0..150 words' worth, one empty, one longer than the ring. */
static void make_text(void)
{
	static const char *const words[] = {
		"ring", "event", "channel", "hypervisor", "PV32", "a", "console",
		"0123456789", "~!@#$%^&*()_+{}|:\"<>?", "wrap", "x", "[]\\;',./",
		"out_prod", "out_cons", "-", "the-quick-brown-fox",
	};
	u32 nr = 0, target, len;

	while (text_len < TEXT_BYTES) {
		nr++;
		target = nr == 7 ? 0 : nr == 23 ? LONG_LINE : rnd() % 150;
		len = 0;
		while (len < target) {
			const char *w = words[rnd() % ARRAY_SIZE(words)];

			if (len)
				text_add(' ');
			text_add_str(w);
			len += strlen(w) + 1;
		}
		if (nr == 11)
			text_add_str("\ttab\tand a bell:\a.");
		text_add('\n');
	}
}

/* Copy what fits of @buf into out[]; no signal.  Returns the bytes put. */
static u32 ring_put(const char *buf, u32 len)
{
	u32 cons = READ_ONCE(ring->out_cons), room, i;

	GUEST_ASSERT(out_prod - cons <= CONS_RING_OUT_SIZE);
	room = CONS_RING_OUT_SIZE - (out_prod - cons);
	if (len > room)
		len = room;
	for (i = 0; i < len; i++)
		ring->out[(out_prod + i) % CONS_RING_OUT_SIZE] = buf[i];
	barrier();	/* x86: the bytes are seen before the index */
	out_prod += len;
	WRITE_ONCE(ring->out_prod, out_prod);
	return len;
}

static u32 ring_used(void)
{
	return out_prod - READ_ONCE(ring->out_cons);
}

enum wait_mode { WAIT_POLL, WAIT_YIELD };

struct wait_stats {
	u32 sends, waits, polls, yields;
};

/*
 * Wait until hv took something from a ring with @used bytes in it.  Poll
 * on the (masked) console port: hv drains the ring it sees when we poll,
 * and the port it raises back ends the poll.
 */
static void ring_wait(enum wait_mode mode, struct wait_stats *ws)
{
	u32 used = ring_used();
	u64 start = now();

	ws->waits++;
	while (ring_used() >= used && used) {
		if (now() - start > WAIT_NS)
			guest_fail("ring: %u bytes not taken in 10 s (%s, out_cons %u, out_prod %u)",
				   used, mode == WAIT_POLL ? "poll" : "yield",
				   READ_ONCE(ring->out_cons), out_prod);
		if (mode == WAIT_POLL) {
			port_clear_pending(cport);
			GUEST_ASSERT_EQ(sched_poll(&cport, 1, now() + WAIT_NS), 0);
			ws->polls++;
			/* Masked, the raised port stays for us to see. */
			if (ring_used() < used && port_masked(cport))
				GUEST_ASSERT(port_pending(cport));
		} else {
			GUEST_ASSERT_EQ(hypercall_yield(), 0);
			ws->yields++;
		}
	}
}

/* Everything written so far reached the console. */
static void ring_flush(enum wait_mode mode, struct wait_stats *ws)
{
	if (mode == WAIT_POLL) {
		GUEST_ASSERT_EQ(ev_send(cport), 0);
		ws->sends++;
	}
	while (ring_used())
		ring_wait(mode, ws);
}

/*
 * @buf through the ring in chunks of 1..700 bytes.  WAIT_POLL signals
 * after every 8th chunk that fitted (more than the ring holds, mostly);
 * WAIT_YIELD never does.
 */
static void ring_write(const char *buf, u32 len, enum wait_mode mode,
		       struct wait_stats *ws)
{
	u32 off = 0, chunks = 0, chunk, n;

	while (off < len) {
		chunk = 1 + rnd() % 700;
		if (chunk > len - off)
			chunk = len - off;
		n = ring_put(buf + off, chunk);
		off += n;
		if (n < chunk) {
			GUEST_ASSERT_EQ(ring_used(), CONS_RING_OUT_SIZE);
			ring_wait(mode, ws);
		} else if (mode == WAIT_POLL && ++chunks % 8 == 0) {
			GUEST_ASSERT_EQ(ev_send(cport), 0);
			ws->sends++;
		}
	}
	ring_flush(mode, ws);
}

/* A string through the ring, signalled, waiting with poll. */
static void ring_print(const char *s)
{
	struct wait_stats ws = { 0 };

	ring_write(s, strlen(s), WAIT_POLL, &ws);
}

static long console_read(u32 count, char *buf)
{
	return hypercall_console_io(CONSOLEIO_read, count, buf);
}

static u64 parse_u64(const char *s)
{
	u64 v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (u32)(*s++ - '0');
	return v;
}

/* 1. VIRQ_CONSOLE wakes a guest blocked for console_io input. */
static void test_virq_console(void)
{
	u32 len = 0, blocks = 0, i;
	u64 start = now(), typed;
	s64 lat;
	long n;

	GUEST_ASSERT_EQ(ev_bind_virq(VIRQ_CONSOLE, &vcport), 0);
	GUEST_ASSERT(!port_masked(vcport));
	guest_info("virq-console: port %u, blocking; type a line", vcport);
	for (;;) {
		upcalls_off();
		n = console_read(sizeof(line) - 1 - len, line + len);
		GUEST_ASSERT(n >= 0);
		len += n;
		if (len && line[len - 1] == '\n')
			break;
		if (now() - start > INPUT_NS)
			guest_fail("virq-console: no line in 120 s (%u bytes)",
				   len);
		GUEST_ASSERT_EQ(hypercall_sched_op(SCHEDOP_block, NULL), 0);
		blocks++;
	}
	upcalls_on();
	line[len - 1] = 0;
	GUEST_ASSERT(evtchn_hits[vcport] >= 1);
	GUEST_ASSERT(virq_ns);
	/* Not a ring user yet: nothing went into in[]. */
	GUEST_ASSERT_EQ(READ_ONCE(ring->in_prod), 0);
	for (i = 0; i < CONS_RING_IN_SIZE; i++)
		GUEST_ASSERT_EQ(ring->in[i], 0);
	GUEST_ASSERT(!strncmp(line, "t=", 2));
	typed = parse_u64(line + 2);
	GUEST_ASSERT(typed);
	lat = (s64)(virq_ns - typed);
	if (lat < 0)
		guest_fail("virq-console: upcall %u us before the line was typed",
			   us(-lat));
	guest_info("virq-console: woken %u us after the line was typed (%u blocks, %u VIRQ_CONSOLE upcalls)",
		   us(lat), blocks, evtchn_hits[vcport]);
	port_mask(vcport);
}

/* 2. The same text three ways. */
static void test_text(void)
{
	struct wait_stats wp = { 0 }, wy = { 0 };
	struct evtchn_status st;
	u32 off, n, wraps;

	make_text();
	guest_info("text: %u bytes, %u kept by the console", text_len,
		   text_kept);

	printf("consring: text 1 via console_io\n");
	console_flush();
	for (off = 0; off < text_len; off += n) {
		n = 1 + rnd() % 500;
		if (n > text_len - off)
			n = text_len - off;
		GUEST_ASSERT_EQ(hypercall_console_io(CONSOLEIO_write, n,
						     text + off), 0);
	}
	printf("consring: text 1 end\n");

	/* The console port: interdomain, to the backend in domain 0. */
	GUEST_ASSERT_EQ(ev_status(cport, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_interdomain);
	GUEST_ASSERT_EQ(st.u0 & 0xffff, 0);
	port_mask(cport);

	/* The first send makes us a ring user; an empty ring moves nothing. */
	GUEST_ASSERT_EQ(READ_ONCE(ring->out_cons), 0);
	GUEST_ASSERT_EQ(READ_ONCE(ring->out_prod), 0);
	GUEST_ASSERT_EQ(ev_send(cport), 0);
	GUEST_ASSERT(!port_pending(cport));

	printf("consring: text 2 via the ring, poll\n");
	console_flush();
	ring_write(text, text_len, WAIT_POLL, &wp);
	printf("consring: text 2 end\n");

	printf("consring: text 3 via the ring, yield\n");
	console_flush();
	ring_write(text, text_len, WAIT_YIELD, &wy);
	printf("consring: text 3 end\n");

	wraps = out_prod / CONS_RING_OUT_SIZE;
	guest_info("text: ring poll phase: %u sends, %u waits for room, %u polls; yield phase: %u waits, %u yields; out_prod %u (%u wraps)",
		   wp.sends, wp.waits, wp.polls, wy.waits, wy.yields, out_prod,
		   wraps);
	GUEST_ASSERT(wp.waits >= 2 && wy.waits >= 2);
	GUEST_ASSERT_EQ(wy.sends, 0);
}

/* Read one line from in[]: block until the console port's upcall. */
static u32 ring_read_line(u32 *blocks)
{
	u32 len = 0, prod;
	u64 start = now();
	char c;

	for (;;) {
		upcalls_off();
		prod = READ_ONCE(ring->in_prod);
		barrier();	/* the index before the bytes */
		GUEST_ASSERT(prod - in_cons <= CONS_RING_IN_SIZE);
		while (in_cons != prod) {
			c = ring->in[in_cons % CONS_RING_IN_SIZE];
			in_cons++;
			WRITE_ONCE(ring->in_cons, in_cons);
			GUEST_ASSERT(len < sizeof(line) - 1);
			line[len++] = c;
			if (c == '\n') {
				GUEST_ASSERT_EQ(in_cons, prod);
				upcalls_on();
				line[len] = 0;
				return len;
			}
		}
		if (now() - start > INPUT_NS)
			guest_fail("ring input: no line in 120 s (%u bytes)",
				   len);
		GUEST_ASSERT_EQ(hypercall_sched_op(SCHEDOP_block, NULL), 0);
		(*blocks)++;
	}
}

/* 3. Typed lines come through in[], go back out through out[]. */
static void test_echo(void)
{
	u32 round, blocks = 0, hits0;
	char want[16] = "round N:";

	hits0 = evtchn_hits[cport];
	GUEST_ASSERT_EQ(ev_unmask(cport), 0);
	for (round = 1; round <= ECHO_ROUNDS; round++) {
		guest_info("echo: round %u: type a line", round);
		ring_read_line(&blocks);
		want[6] = '0' + round;
		GUEST_ASSERT(!strncmp(line, want, 8));
		ring_print("consring: echo: ");
		ring_print(line);
	}
	guest_info("echo: %u rounds, in_cons %u, %u blocks, %u console port upcalls",
		   ECHO_ROUNDS, in_cons, blocks, evtchn_hits[cport] - hits0);
	GUEST_ASSERT(in_cons > CONS_RING_IN_SIZE);	/* in[] wrapped */
	GUEST_ASSERT(blocks >= ECHO_ROUNDS);
	GUEST_ASSERT(evtchn_hits[cport] > hits0);
	port_mask(cport);
}

static u64 poll_time(const u32 *ports, u32 nr, u64 timeout, long want)
{
	u64 t0 = now();

	GUEST_ASSERT_EQ(sched_poll(ports, nr, timeout), want);
	return now() - t0;
}

/* 4. sched_op poll, with upcalls masked throughout. */
static void test_poll(void)
{
	static u32 many[POLL_MAX_PORTS + 1];
	u64 period = 0, t, d_pend, d_many, d_50, d_past, d_zero, d_tick, d_ss;
	u32 ipi, tport, i, ports[2];

	upcalls_off();
	GUEST_ASSERT_EQ(ev_bind_ipi(&ipi), 0);
	port_mask(ipi);

	/* Already pending: at once, pending still. */
	GUEST_ASSERT_EQ(ev_send(ipi), 0);
	GUEST_ASSERT(port_pending(ipi));
	d_pend = poll_time(&ipi, 1, now() + WAIT_NS, 0);
	GUEST_ASSERT(port_pending(ipi));
	for (i = 0; i < POLL_MAX_PORTS; i++)
		many[i] = ipi;
	d_many = poll_time(many, POLL_MAX_PORTS, 0, 0);
	port_clear_pending(ipi);

	/* Nothing pending: the timeout, absolute. */
	t = now();
	GUEST_ASSERT_EQ(sched_poll(&ipi, 1, t + 50 * NSEC_PER_MSEC), 0);
	d_50 = now() - t;
	d_past = poll_time(&ipi, 1, now() - NSEC_PER_MSEC, 0);
	d_past += poll_time(&ipi, 1, 1, 0);
	t = now();
	GUEST_ASSERT_EQ(sched_poll(NULL, 0, t + 20 * NSEC_PER_MSEC), 0);
	d_zero = now() - t;
	GUEST_ASSERT(!port_pending(ipi));

	/* The periodic timer (10 ms from boot) runs once VIRQ_TIMER is bound. */
	GUEST_ASSERT_EQ(ev_bind_virq(VIRQ_TIMER, &tport), 0);
	t = now();
	port_mask(tport);
	ports[0] = ipi;
	ports[1] = tport;
	GUEST_ASSERT_EQ(sched_poll(ports, 2, t + WAIT_NS), 0);
	d_tick = now() - t;
	GUEST_ASSERT(port_pending(tport));
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0,
					  NULL), 0);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0,
					  &period), -EINVAL);
	period = NSEC_PER_MSEC - 1;
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0,
					  &period), -EINVAL);
	port_clear_pending(tport);
	/* Stopped: 100 ms without a tick. */
	GUEST_ASSERT_EQ(sched_poll(ports, 2, now() + 100 * NSEC_PER_MSEC), 0);
	GUEST_ASSERT(!port_pending(tport));

	/* A singleshot timer in 30 ms raises the masked port: woken. */
	t = now();
	GUEST_ASSERT_EQ(set_timer_op(t + 30 * NSEC_PER_MSEC), 0);
	GUEST_ASSERT_EQ(sched_poll(ports, 2, t + WAIT_NS), 0);
	d_ss = now() - t;
	GUEST_ASSERT(port_pending(tport));
	port_clear_pending(tport);

	/* Refused. */
	for (i = 0; i <= POLL_MAX_PORTS; i++)
		many[i] = ipi;
	GUEST_ASSERT_EQ(sched_poll(many, POLL_MAX_PORTS + 1, 0), -EINVAL);
	GUEST_ASSERT_EQ(sched_poll(many, 0xffffffff, 0), -EINVAL);
	ports[1] = 1000;
	GUEST_ASSERT_EQ(sched_poll(ports, 2, 0), -EINVAL);
	ports[1] = 0;
	GUEST_ASSERT_EQ(sched_poll(ports, 2, 0), -EINVAL);
	GUEST_ASSERT_EQ(sched_poll((u32 *)HYPERVISOR_VIRT_START, 1, 0),
			-EFAULT);
	GUEST_ASSERT_EQ(sched_poll((u32 *)mapped_region_end(), 1, 0),
			-EFAULT);
	GUEST_ASSERT_EQ(hypercall_sched_op(SCHEDOP_poll,
					   (void *)HYPERVISOR_VIRT_START),
			-EFAULT);
	GUEST_ASSERT_EQ(hypercall_sched_op(SCHEDOP_poll,
					   (void *)(mapped_region_end() - 8)),
			-EFAULT);

	guest_info("poll: pending port returned after %u us (128 ports: %u us); 50 ms timeout after %u us; past timeouts after %u us; no ports, 20 ms: %u us; periodic tick woke it after %u us; 30 ms singleshot after %u us",
		   us(d_pend), us(d_many), us(d_50), us(d_past), us(d_zero),
		   us(d_tick), us(d_ss));
	if (d_pend > AT_ONCE_NS || d_many > AT_ONCE_NS || d_past > AT_ONCE_NS)
		guest_fail("poll: a pending port or past timeout took %u/%u/%u us",
			   us(d_pend), us(d_many), us(d_past));
	if (d_50 < 50 * NSEC_PER_MSEC || d_50 > WAIT_NS)
		guest_fail("poll: 50 ms timeout returned after %u us", us(d_50));
	if (d_zero < 20 * NSEC_PER_MSEC || d_zero > WAIT_NS)
		guest_fail("poll: 20 ms timeout returned after %u us",
			   us(d_zero));
	if (d_ss < 30 * NSEC_PER_MSEC || d_ss > 5 * NSEC_PER_SEC)
		guest_fail("poll: 30 ms singleshot woke it after %u us",
			   us(d_ss));
	if (d_tick > 5 * NSEC_PER_SEC)
		guest_fail("poll: the periodic tick woke it after %u us",
			   us(d_tick));
	guest_info("poll: refused: 129 ports, 0xffffffff ports, ports 1000 and 0, lists and argument in the hole or unmapped");

	GUEST_ASSERT_EQ(ev_close(tport), 0);
	GUEST_ASSERT_EQ(ev_close(ipi), 0);
	upcalls_on();
}

/* Fill out[] with a pattern, then announce @ahead bytes: dropped. */
static void corrupt_out(u32 ahead)
{
	static const char leak[] = "CORRUPT-RING-LEAK\n";
	u32 i;

	for (i = 0; i < CONS_RING_OUT_SIZE; i++)
		ring->out[i] = leak[i % (sizeof(leak) - 1)];
	out_prod = READ_ONCE(ring->out_cons) + ahead;
	WRITE_ONCE(ring->out_prod, out_prod);
	GUEST_ASSERT_EQ(ev_send(cport), 0);
	/* hv gave up on it: nothing to read, the indices equal. */
	GUEST_ASSERT_EQ(READ_ONCE(ring->out_cons), out_prod);
}

static long pin_l1(u32 mfn)
{
	struct mmuext_op op = { .cmd = MMUEXT_PIN_L1_TABLE, .arg1 = mfn };
	u32 done = 0;

	return hypercall_mmuext_op(&op, 1, &done, DOMID_SELF);
}

static long unpin(u32 mfn)
{
	struct mmuext_op op = { .cmd = MMUEXT_UNPIN_TABLE, .arg1 = mfn };
	u32 done = 0;

	return hypercall_mmuext_op(&op, 1, &done, DOMID_SELF);
}

/* 5. What a guest can do to its ring and port. */
static void test_hostile(void)
{
	u32 ring_mfn = start_info->console_mfn, blocks = 0, prod, i;
	u32 pin_mfn = virt_to_mfn(pin_page);
	struct evtchn_status st;
	long rc;

	/* Corrupt output indices: dropped, later output works. */
	corrupt_out(CONS_RING_OUT_SIZE + 1);
	corrupt_out(0x10000);
	corrupt_out(0xffffffff);
	ring_print("consring: hostile: corrupt out ring dropped 3 times, output works again\n");

	/* in_cons past in_prod: hv stops feeding in[]. */
	prod = READ_ONCE(ring->in_prod);
	GUEST_ASSERT_EQ(prod, in_cons);
	WRITE_ONCE(ring->in_cons, in_cons + 5);
	port_clear_pending(vcport);
	guest_info("hostile: in_cons 5 past in_prod; type a line");
	/* VIRQ_CONSOLE still tells us when input came (masked: poll). */
	GUEST_ASSERT_EQ(sched_poll(&vcport, 1, now() + INPUT_NS), 0);
	GUEST_ASSERT(port_pending(vcport));
	GUEST_ASSERT_EQ(ev_send(cport), 0);
	for (i = 0; i < 10; i++)
		GUEST_ASSERT_EQ(hypercall_yield(), 0);
	GUEST_ASSERT_EQ(READ_ONCE(ring->in_prod), prod);
	/* Reset it: the waiting line comes in. */
	WRITE_ONCE(ring->in_cons, in_cons);
	GUEST_ASSERT_EQ(ev_send(cport), 0);
	GUEST_ASSERT(READ_ONCE(ring->in_prod) != prod);
	ring_read_line(&blocks);
	ring_print("consring: hostile: after resetting in_cons got ");
	ring_print(line);

	/*
	 * hv holds the console frame writable: zeroed and mapped read-only
	 * here, it still cannot become an L1.  A page of ours can.
	 */
	memset(pin_page, 0, PAGE_SIZE);
	set_pte((u32)pin_page, ((u64)pin_mfn << PAGE_SHIFT) | _PAGE_PRESENT);
	GUEST_ASSERT_EQ(pin_l1(pin_mfn), 0);
	GUEST_ASSERT_EQ(unpin(pin_mfn), 0);
	set_pte((u32)pin_page, ((u64)pin_mfn << PAGE_SHIFT) | _PAGE_PRESENT |
		_PAGE_RW);

	memcpy(saved_page, ring, PAGE_SIZE);
	memset(ring, 0, PAGE_SIZE);
	set_pte((u32)ring, ((u64)ring_mfn << PAGE_SHIFT) | _PAGE_PRESENT);
	rc = pin_l1(ring_mfn);
	set_pte((u32)ring, ((u64)ring_mfn << PAGE_SHIFT) | _PAGE_PRESENT |
		_PAGE_RW);
	memcpy(ring, saved_page, PAGE_SIZE);
	guest_info("hostile: pinning the console frame as an L1: %ld", rc);
	if (!rc)
		guest_fail("the console frame was pinned as an L1");
	GUEST_ASSERT(rc < 0);
	ring_print("consring: hostile: the ring still works after the pin attempt\n");

	/* Close the console port: it is gone. */
	GUEST_ASSERT_EQ(ev_close(cport), 0);
	GUEST_ASSERT_EQ(ev_send(cport), -EINVAL);
	GUEST_ASSERT_EQ(sched_poll(&cport, 1, 0), -EINVAL);
	GUEST_ASSERT_EQ(ev_status(cport, &st), 0);
	GUEST_ASSERT_EQ(st.status, EVTCHNSTAT_closed);
	GUEST_ASSERT_EQ(ev_close(cport), -EINVAL);
	guest_info("hostile: console port closed; send gives -EINVAL");
}

void test_main(void)
{
	u32 pfn;

	trap_init();
	evtchn_init();
	evtchn_handler = handler;
	GUEST_ASSERT_EQ(ev_vcpu->evtchn_upcall_mask, 1);

	cport = start_info->console_evtchn;
	GUEST_ASSERT(start_info->console_mfn);
	GUEST_ASSERT(cport > 0 && cport < NR_PORTS);
	pfn = mfn_to_pfn(start_info->console_mfn);
	ring = (struct cons_ring *)(pfn << PAGE_SHIFT);
	GUEST_ASSERT(va_mapped((u32)ring));
	GUEST_ASSERT(*pte_of((u32)ring) & _PAGE_RW);
	guest_info("ring at pfn 0x%x (mfn 0x%x), port %u", pfn,
		   start_info->console_mfn, cport);

	test_virq_console();
	test_text();
	test_echo();
	test_poll();
	test_hostile();
	guest_pass();
}

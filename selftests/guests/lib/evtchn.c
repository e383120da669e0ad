// SPDX-License-Identifier: GPL-2.0
/*
 * Event channels, the upcall and sched_op poll (see evtchn.h).
 */
#include "evtchn.h"
#include "mm.h"
#include "test.h"
#include "traps.h"

struct shared_info *ev_shared;
struct vcpu_info *ev_vcpu;
u32 evtchn_hits[NR_PORTS];
u32 evtchn_upcalls;
u32 evtchn_last_eip;
void (*evtchn_handler)(u32 port);

/*
 * The entry: same ring only (ring 1), so the frame is EIP, CS, EFLAGS.
 * do_evtchn_upcall() gets the frame; back through the iret hypercall,
 * whose frame's IF (set) unmasks events again.
 */
asm(".text\n\t.balign 16\n\t"
	".globl evtchn_upcall_entry\n"
	"evtchn_upcall_entry:\n\t"
	"push %eax\n\tpush %ecx\n\tpush %edx\n\tpush %ds\n\tpush %es\n\t"
	"mov $" __stringify(FLAT_RING1_DS) ", %eax\n\t"
	"mov %eax, %ds\n\tmov %eax, %es\n\tcld\n\t"
	"lea 20(%esp), %eax\n\tpush %eax\n\t"
	"call do_evtchn_upcall\n\t"
	"add $4, %esp\n\t"
	"pop %es\n\tpop %ds\n\tpop %edx\n\tpop %ecx\n\tpop %eax\n\t"
	"jmp hypercall_page + " __stringify(HYPERCALL_IRET_OFFSET) "\n");

DECLARE_ASM_LABEL(evtchn_upcall_entry);

/* The shared words, aligned, without taking packed members' addresses. */
static u32 *pending_word(u32 w)
{
	return (u32 *)((u8 *)ev_shared +
		       offsetof(struct shared_info, evtchn_pending)) + w;
}

static u32 *mask_word(u32 w)
{
	return (u32 *)((u8 *)ev_shared +
		       offsetof(struct shared_info, evtchn_mask)) + w;
}

static u32 *sel_word(void)
{
	return (u32 *)((u8 *)ev_vcpu +
		       offsetof(struct vcpu_info, evtchn_pending_sel));
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

bool port_pending(u32 port)
{
	return READ_ONCE(*pending_word(port / 32)) & BIT(port % 32);
}

bool port_masked(u32 port)
{
	return READ_ONCE(*mask_word(port / 32)) & BIT(port % 32);
}

void port_clear_pending(u32 port)
{
	test_and_clear_bit(port % 32, pending_word(port / 32));
}

void port_mask(u32 port)
{
	asm volatile("lock btsl %1, %0" : "+m" (*mask_word(port / 32))
		     : "Ir" (port % 32) : "memory", "cc");
}

/* frame: EIP, CS (bits 16-23 the saved upcall mask), EFLAGS. */
void do_evtchn_upcall(const u32 *frame)
{
	u32 sel, pend, w, b;

	evtchn_upcalls++;
	evtchn_last_eip = frame[0];
	if ((frame[1] >> 16) & 0xff)
		guest_fail("upcall with events masked at %04x:%08x",
			   frame[1] & 0xffff, frame[0]);
	WRITE_ONCE(ev_vcpu->evtchn_upcall_pending, 0);
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
			evtchn_hits[w * 32 + b]++;
			if (evtchn_handler)
				evtchn_handler(w * 32 + b);
		}
	}
}

void evtchn_init(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.cs = FLAT_RING1_CS,
		.eip = (u32)evtchn_upcall_entry,
	};

	ev_shared = map_shared_info();
	ev_vcpu = &ev_shared->vcpu_info[0];
	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &cb), 0);
}

void upcalls_off(void)
{
	WRITE_ONCE(ev_vcpu->evtchn_upcall_mask, 1);
	barrier();
}

/* Unmask, then a hypercall: whatever is pending arrives on its return. */
void upcalls_on(void)
{
	barrier();
	WRITE_ONCE(ev_vcpu->evtchn_upcall_mask, 0);
	barrier();
	GUEST_ASSERT(hypercall_xen_version(XENVER_version, NULL) > 0);
}

long ev_bind_virq(u32 virq, u32 *port)
{
	struct evtchn_bind_virq a = { .virq = virq, .port = 0xdeadbeef };
	long rc = evtchn_op(EVTCHNOP_bind_virq, &a);

	*port = a.port;
	return rc;
}

long ev_bind_ipi(u32 *port)
{
	struct evtchn_bind_ipi a = { .port = 0xdeadbeef };
	long rc = evtchn_op(EVTCHNOP_bind_ipi, &a);

	*port = a.port;
	return rc;
}

long ev_alloc_unbound(u32 *port)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
					  .remote_dom = DOMID_SELF,
					  .port = 0xdeadbeef };
	long rc = evtchn_op(EVTCHNOP_alloc_unbound, &a);

	*port = a.port;
	return rc;
}

long ev_status(u32 port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	return evtchn_op(EVTCHNOP_status, st);
}

long sched_poll(const u32 *ports, u32 nr, u64 timeout)
{
	struct sched_poll p = {
		.ports = (u32)ports,
		.nr_ports = nr,
		.timeout = timeout,
	};

	BUILD_BUG_ON(sizeof(struct sched_poll) != 16);
	return hypercall_sched_op(SCHEDOP_poll, &p);
}

long port_wait(u32 port, u64 ns)
{
	port_clear_pending(port);
	return sched_poll(&port, 1, system_time_ns() + ns);
}

u32 div_sat(u64 ns, u32 d)
{
	u32 hi = ns >> 32, lo = ns, rem;

	if (hi >= d)
		return ~0u;
	rem = hi;
	/* rem < d, so the quotient fits in 32 bits: no #DE. */
	asm("divl %[d]" : "+a" (lo), "+d" (rem) : [d] "rm" (d) : "cc");
	return lo;
}

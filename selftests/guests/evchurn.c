// SPDX-License-Identifier: GPL-2.0
/*
 * evchurn: event-channel churn, for destroying a domain mid-hypercall.
 *
 * Multicalls back to back, forever, with events masked: each binds
 * VIRQ_TIMER, sets the periodic timer to 1 ms, closes the port, binds and
 * closes it again and stops the timer, eight times over.  Closing a
 * VIRQ_TIMER port cancels the vCPU's periodic timer, so the guest spends
 * its life in the hypercalls that touch the vCPU's timers; the harness
 * destroys it at a random moment, and the host must not notice (it once
 * dereferenced the vCPU that destroy had already taken away).  Every
 * entry's result is checked: the port is always the same (the lowest
 * free one), every call returns 0.
 *
 * Result: "evchurn: churning" once the first multicall was right; no
 * result line, ever (the harness destroys it).  A wrong result prints
 * "hvtest: evchurn: FAIL ...".
 */
#include "evtchn.h"
#include "test.h"
#include "traps.h"

#define ROUNDS		8		/* of the six calls below */
#define PER_ROUND	6

/* Visible progress for whoever looks at the guest's memory. */
u32 evchurn_multicalls;

static struct evtchn_bind_virq bind;
static struct evtchn_port port;
static u64 period = NSEC_PER_MSEC;
static struct multicall_entry mc[ROUNDS * PER_ROUND];

static struct multicall_entry evtchn_entry(u32 cmd, void *arg)
{
	return (struct multicall_entry){
		__HYPERVISOR_event_channel_op, 0xdead, { cmd, (u32)arg } };
}

static struct multicall_entry vcpu_entry(u32 cmd, void *arg)
{
	return (struct multicall_entry){
		__HYPERVISOR_vcpu_op, 0xdead, { cmd, 0, (u32)arg } };
}

/* The list again: results back to 0xdead, bind's port cleared. */
static void fill(void)
{
	struct multicall_entry *e = mc;
	u32 r;

	bind = (struct evtchn_bind_virq){ VIRQ_TIMER, 0, 0 };
	for (r = 0; r < ROUNDS; r++) {
		*e++ = evtchn_entry(EVTCHNOP_bind_virq, &bind);
		*e++ = vcpu_entry(VCPUOP_set_periodic_timer, &period);
		*e++ = evtchn_entry(EVTCHNOP_close, &port);
		*e++ = evtchn_entry(EVTCHNOP_bind_virq, &bind);
		*e++ = evtchn_entry(EVTCHNOP_close, &port);
		*e++ = vcpu_entry(VCPUOP_stop_periodic_timer, NULL);
	}
}

static void churn_once(void)
{
	u32 i;

	fill();
	GUEST_ASSERT_EQ(hypercall_multicall(mc, ARRAY_SIZE(mc)), 0);
	for (i = 0; i < ARRAY_SIZE(mc); i++)
		if (mc[i].result != 0)
			guest_fail("multicall %u, entry %u (op %u, cmd %u): %ld",
				   evchurn_multicalls, i, mc[i].op,
				   mc[i].args[0], (long)mc[i].result);
	GUEST_ASSERT_EQ(bind.port, port.port);
	evchurn_multicalls++;
}

void test_main(void)
{
	trap_init();
	/* The lowest free port, the one every bind below gets again. */
	GUEST_ASSERT_EQ(ev_bind_virq(VIRQ_TIMER, &port.port), 0);
	GUEST_ASSERT_EQ(ev_close(port.port), 0);
	churn_once();
	guest_info("churning (VIRQ_TIMER on port %u)", port.port);
	for (;;)
		churn_once();
}

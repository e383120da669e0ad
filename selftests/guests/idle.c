// SPDX-License-Identifier: GPL-2.0
/*
 * idle: a guest that does nothing, the way an idle kernel should (ABI
 * 3.14, 3.16, 5.5): no periodic timer (stop_periodic_timer), events
 * unmasked, and sched_op block in a loop.  It prints "idle: ready" and
 * never prints again; the harness measures what it costs the host (near
 * nothing: a blocked vCPU thread sleeps) and its runstate (blocked).
 *
 * "tick=MS" instead binds VIRQ_TIMER with a periodic timer of MS ms, an
 * idle kernel with a tick, to show that the measurement can tell.
 *
 * Result: none (it never ends); the harness destroys it.
 */
#include "mm.h"
#include "test.h"
#include "traps.h"

#define EVTCHNOP_bind_virq	1
#define VIRQ_TIMER		0

asm(".text\n\t.balign 16\n\t"
	".globl idle_event_entry\n"
	"idle_event_entry:\n\t"
	"push %eax\n\tpush %ecx\n\tpush %edx\n\tpush %ds\n\tpush %es\n\t"
	"mov $" __stringify(FLAT_RING1_DS) ", %eax\n\t"
	"mov %eax, %ds\n\tmov %eax, %es\n\tcld\n\t"
	"call do_event\n\t"
	"pop %es\n\tpop %ds\n\tpop %edx\n\tpop %ecx\n\tpop %eax\n\t"
	"jmp hypercall_page + " __stringify(HYPERCALL_IRET_OFFSET) "\n");

DECLARE_ASM_LABEL(idle_event_entry);

static struct shared_info *s;
static u32 wakeups;

/* The 2-level scan, dropping whatever is pending. */
void do_event(void)
{
	struct vcpu_info *vi = &s->vcpu_info[0];
	u32 sel, w;

	wakeups++;
	__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_RELAXED);
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
				  __ATOMIC_SEQ_CST);
	while (sel) {
		w = __builtin_ctz(sel);
		sel &= sel - 1;
		__atomic_and_fetch(&s->evtchn_pending[w], s->evtchn_mask[w],
				   __ATOMIC_SEQ_CST);
	}
}

void test_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.cs = FLAT_RING1_CS,
		.eip = (u32)idle_event_entry,
	};
	u32 bind[3] = { VIRQ_TIMER, 0, 0 };
	u32 tick = 0;
	u64 period;

	s = map_shared_info();
	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &cb), 0);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0,
					  NULL), 0);
	if (cmdline_u32("tick", &tick) && tick) {
		period = (u64)tick * 1000000;
		GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0,
						  &period), 0);
		GUEST_ASSERT_EQ(_hypercall(__HYPERVISOR_event_channel_op,
					   EVTCHNOP_bind_virq, bind, 0, 0, 0),
				0);
	}
	guest_info("ready%s", tick ? " (with a tick)" : "");
	for (;;)
		hypercall_sched_op(SCHEDOP_block, NULL);
}

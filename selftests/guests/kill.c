// SPDX-License-Identifier: GPL-2.0
/*
 * kill: attacks that leave the hypervisor nothing to do but kill the
 * domain, one per run: attack=N on the command line picks it.  Each
 * prints "EXPECT-KILL <what>" and attacks; a guest that survives prints
 * FAIL.  The harness checks that the domain is crashed and that its end
 * reason (hvctl show) names the cause:
 *
 *  0  iret hypercall to CS RPL 0            "iret hypercall to ring 0"
 *  1  iret hypercall, frame half unmapped   "unreadable frame"
 *  2  iret hypercall to 0xe00b (hv 64-bit)  "bad code or stack segment"
 *  3  iret hypercall to ring 3 with SS 0    "bad code or stack segment"
 *  4  kernel stack (stack_switch) in the hole, trap from ring 3
 *                                            "cannot write the frame"
 *  5  kernel stack on a read-only page       "cannot write the frame"
 *  6  kernel SS null, trap from ring 3       "bad code or stack segment"
 *  7  kernel SS 0xe010 (hv data)             "bad code or stack segment"
 *  8  ring-1 stack on a read-only page, ud2  "cannot write the frame"
 *  9  no trap table, ud2                     "no handler registered"
 * 10  event callback with a null CS, event delivered
 *                                            "no handler registered"
 * 11  fault loop: the #PF handler is unmapped, each fault's frame goes
 *     below the last until the stack runs out
 *                                            "cannot write the frame"
 * 12  SS based at the hole (own GDT), ud2    "cannot write the frame"
 *
 * Result: "hvtest: kill: EXPECT-KILL ..." and then a crashed domain.
 */
#include "cpu.h"
#include "mm.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define NR_ATTACKS	13
#define HOLE		0xf5800000u

/* area[0] and area[2] are unmapped, area[1] is a stack between them. */
static u8 area[3][PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 ro_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static u64 gdt[512] __aligned(PAGE_SIZE);
u32 kill_saved_esp;

asm(USER_PROBE(u_int3, "", "int3"));
DECLARE_USER_PROBE(u_int3);

/* The iret hypercall with frame EIP, CS, EFLAGS, ESP, SS. */
static void hc_iret(u32 cs, u32 ss)
{
	asm volatile("push %[ss]\n\tpush %%esp\n\tpushl $2\n\t"
		     "push %[cs]\n\tpush $1f\n\t"
		     "jmp hypercall_page + %c[iret]\n1:"
		     : : [cs] "r" (cs), [ss] "r" (ss),
		       [iret] "i" (HYPERCALL_IRET_OFFSET)
		     : "eax", "memory");
}

/* ud2 with ESP = @esp (and SS = @ss if non-zero). */
static void ud2_on(u32 esp, u32 ss)
{
	asm volatile("mov %%esp, kill_saved_esp\n\t"
		     "test %[ss], %[ss]\n\tjz 1f\n\tmov %[ss], %%ss\n"
		     "1:\tmov %[esp], %%esp\n\tud2\n\t"
		     "mov kill_saved_esp, %%esp"
		     : : [esp] "r" (esp), [ss] "r" (ss) : "memory");
}

static void ring3_trap_with_kernel_stack(u32 ss, u32 esp)
{
	GUEST_ASSERT_EQ(hypercall_stack_switch(ss, esp), 0);
	exec_user(u_int3, 0);
}

static long evtchn(u32 cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

/* A loopback pair: the bound end starts pending, events unmasked. */
static void deliver_event(void)
{
	struct {
		u16 dom, remote_dom;
		u32 port;
	} unbound = { DOMID_SELF, DOMID_SELF, 0 };
	struct {
		u16 remote_dom, pad;
		u32 remote_port, local_port;
	} bind = { DOMID_SELF, 0, 0, 0 };

	GUEST_ASSERT_EQ(evtchn(6, &unbound), 0);
	bind.remote_port = unbound.port;
	GUEST_ASSERT_EQ(evtchn(0, &bind), 0);
	shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	barrier();
	hypercall_xen_version(0, NULL);
}

static void fault_loop(void)
{
	static struct trap_info pf[2];

	pf[0] = (struct trap_info){ X86_TRAP_PF, 0, FLAT_RING1_CS,
				    (u32)area[2] };
	GUEST_ASSERT_EQ(hypercall_set_trap_table(pf), 0);
	/* The first #PF: a read of area[2], with the stack below it. */
	asm volatile("mov %%esp, kill_saved_esp\n\tmov %[sp], %%esp\n\t"
		     "mov (%[sp]), %%eax\n\tmov kill_saved_esp, %%esp"
		     : : [sp] "r" (area[2]) : "eax", "memory");
}

static void ss_in_hole(void)
{
	u64 d = seg_desc(HOLE, 0xfffff, TYPE_DATA, 1, DESC_G | DESC_DB);
	u32 frame = virt_to_mfn(gdt);
	u64 ma = (u64)frame << PAGE_SHIFT;

	set_pte((u32)gdt, *pte_of((u32)gdt) & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(hypercall_set_gdt(&frame, ARRAY_SIZE(gdt)), 0);
	GUEST_ASSERT_EQ(hypercall_update_descriptor(ma + 40 * 8, d), 0);
	ud2_on(0x100000, 40 << 3 | 1);
}

static const char *const what[NR_ATTACKS] = {
	"iret hypercall to ring 0",
	"iret hypercall with its frame half unmapped",
	"iret hypercall to the hypervisor's 64-bit code selector",
	"iret hypercall to ring 3 with a null SS",
	"kernel stack in the hole, trap from ring 3",
	"kernel stack on a read-only page, trap from ring 3",
	"null kernel SS, trap from ring 3",
	"the hypervisor's data selector as kernel SS, trap from ring 3",
	"ring-1 stack on a read-only page, ud2",
	"no trap table, ud2",
	"event callback with a null CS, event delivered",
	"fault loop: the #PF handler is unmapped",
	"SS based at the hole, ud2",
};

void test_main(void)
{
	u32 n = NR_ATTACKS;

	trap_init();
	user_init();
	map_shared_info();
	if (!cmdline_u32("attack", &n) || n >= NR_ATTACKS)
		guest_fail("attack=0..%u needed on the command line",
			   NR_ATTACKS - 1);
	set_pte((u32)area[0], 0);
	set_pte((u32)area[2], 0);
	set_pte((u32)ro_page, *pte_of((u32)ro_page) & ~(u64)_PAGE_RW);

	guest_expect_kill(what[n]);
	console_flush();

	switch (n) {
	case 0:
		hc_iret(FLAT_RING1_CS & ~3, FLAT_RING1_SS);
		break;
	case 1:
		/* EAX goes at the top of area[1], EIP... in area[2]. */
		asm volatile("mov %%esp, kill_saved_esp\n\tmov %[sp], %%esp\n\t"
			     "jmp hypercall_page + %c[iret]"
			     : : [sp] "r" (area[2]),
			       [iret] "i" (HYPERCALL_IRET_OFFSET)
			     : "memory");
		break;
	case 2:
		hc_iret(0xe00b, FLAT_RING3_SS);
		break;
	case 3:
		hc_iret(FLAT_RING3_CS, 0);
		break;
	case 4:
		ring3_trap_with_kernel_stack(FLAT_RING1_SS, HOLE + 0x1000);
		break;
	case 5:
		ring3_trap_with_kernel_stack(FLAT_RING1_SS,
					     (u32)ro_page + PAGE_SIZE);
		break;
	case 6:
		ring3_trap_with_kernel_stack(0, (u32)trap_stack_top);
		break;
	case 7:
		ring3_trap_with_kernel_stack(0xe010, (u32)trap_stack_top);
		break;
	case 8:
		ud2_on((u32)ro_page + PAGE_SIZE, 0);
		break;
	case 9:
		GUEST_ASSERT_EQ(hypercall_set_trap_table(NULL), 0);
		asm volatile("ud2");
		break;
	case 10:
		GUEST_ASSERT_EQ(hypercall_set_callbacks(0, 0, FLAT_RING1_CS,
							(u32)trap_entry_failsafe),
				0);
		deliver_event();
		break;
	case 11:
		fault_loop();
		break;
	case 12:
		ss_in_hole();
		break;
	}
	guest_fail("survived attack %u (%s): %u traps, vector 0x%x", n,
		   what[n], last_trap.count, last_trap.vector);
}

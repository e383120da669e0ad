// SPDX-License-Identifier: GPL-2.0
/*
 * bench: what the guest pays for the paths the fast path exists for.
 * A benchmark, not a test: it proves no rule, it prints figures for
 * selftests/bench/run-in-vm, which sets them against the same VM's native
 * "int $0x80" system call (selftests/bench/syscall32.c).
 *
 * Each figure is the rdtsc difference across "iters=N" (default 20000)
 * iterations, after "warmup=N" (default 1000) untimed ones, divided by N
 * and rounded:
 *
 *  - hypercall: xen_version(XENVER_version, NULL) through the hypercall
 *    page, from ring 1, in a C loop;
 *  - syscall_bounce: ring-3 "int $0x80" bounced to our ring-1 handler
 *    (trap table, DPL 3), which goes straight back to ring 3 with the iret
 *    hypercall; timed at ring 3 around the whole loop;
 *  - pf_bounce: a ring-3 read of a page we unmapped, bounced to our
 *    ring-1 #PF handler, which moves EIP past the read and returns the
 *    same way;
 *  - empty: the ring-3 loop with no instruction in the middle;
 *  - syscall_bounce_runtime, pf_bounce_runtime: the same two bounces
 *    through the runtime's own handlers (traps.S/traps.c: save every
 *    register, record the trap, search the exception table), i.e. what a
 *    small C kernel adds on top.
 *
 * The ring-1 handlers of the two bounces are a few instructions of
 * assembly, so that the figures measure the hypervisor (bounce in, iret
 * hypercall out) rather than this runtime; they count their calls so that
 * a loop that never bounced cannot pass for a fast one.  Anything they do
 * not recognise goes to the runtime's stub for the vector, which also
 * handles the exit of exec_user().
 *
 * The ring-3 loops have the shape of the native loop in syscall32.c
 * ("mov $64, %eax; OP; dec %esi; jnz"), so "empty" compares directly.
 * Under QEMU "-icount shift=0" the TSC advances once per instruction, so
 * the figures are instruction counts; under plain TCG they are host TSC
 * cycles spent emulating.
 *
 * Output, then "hvtest: bench: PASS":
 *	bench: iters=N warmup=N xen_version X.Y
 *	bench: hypercall cycles_per_iter=NNN
 *	bench: syscall_bounce cycles_per_iter=NNN
 *	bench: pf_bounce cycles_per_iter=NNN
 *	bench: empty cycles_per_iter=NNN
 *	bench: syscall_bounce_runtime cycles_per_iter=NNN
 *	bench: pf_bounce_runtime cycles_per_iter=NNN
 *	bench: paging scratch_va=0x... ptiters=N pfrounds=N asiters=N
 *	bench: pte_batch512 cycles_per_entry=NNN
 *	bench: pte_single cycles_per_entry=NNN
 *	bench: demand_fault cycles_per_iter=NNN
 *	bench: aspace64m cycles=NNN
 *	bench: aspace64m_fill cycles=NNN
 *	bench: aspace64m_pin cycles=NNN
 *	bench: aspace64m_unpin cycles=NNN
 *	bench: evtchn_upcall cycles_per_iter=NNN
 *	bench: evtchn_send_upcall cycles_per_iter=NNN
 *	bench: timer_late_us n=100 min=N median=N max=N
 *
 * The paging figures (after the others, in a 2 MiB scratch range at the
 * first unmapped 4 MiB boundary, under one L1 of our own):
 *
 *  - pte_batch512: one mmu_update of 512 NORMAL_PT_UPDATE requests that
 *    rewrite every entry of that L1, alternately with read-only mappings
 *    of PFNs 0-511 and 512-1023, so that every request changes the entry
 *    (a new reference taken, the old one given back), but no frame
 *    changes type; "ptiters=N" (default 20) batches after 2 untimed ones,
 *    per entry;
 *  - pte_single: the same 512 changes as 512 update_va_mapping calls
 *    (UVMF_INVLPG, what a guest asks for one change), per entry.  The
 *    batch asks for no flush at all: this hypervisor flushes on every
 *    entry into the guest anyway (module/mmu.c), so neither pays for one;
 *  - demand_fault: a ring-3 write to each page of the (unmapped) scratch
 *    range in turn; the #PF bounces to a ring-1 handler that maps a free
 *    frame there, user-writable, with update_va_mapping and returns with
 *    the iret hypercall, and the write runs again.  "pfrounds=N" (default
 *    20) rounds of 512 faults after an untimed one, timed at ring 3; one
 *    mmu_update unmaps the range between rounds, untimed.  Per fault;
 *    the handler does not zero the frame, a native kernel does;
 *  - aspace64m: build a 64 MiB address space from 35 free frames and tear
 *    it down again.  Fill: one mmu_update maps the frames writable in the
 *    scratch range, plain stores write 32 L1s (16384 read-only entries:
 *    every frame of ours in turn, over and over), an L2 pointing at
 *    them, an empty L2 for L3 slot 3 and the L3, one mmu_update unmaps
 *    them; pin: MMUEXT_PIN_L3_TABLE, which validates all of it; unpin:
 *    MMUEXT_UNPIN_TABLE, which devalidates all of it.  Cycles per build
 *    and teardown, "asiters=N" (default 8) of them after one untimed, and
 *    the three parts.
 *
 * Then the events (ABI 3.18, 5.5), with events unmasked and a lean event
 * callback (clear upcall_pending, the selector and pending word 0, count,
 * iret hypercall):
 *
 *  - evtchn_upcall: EVTCHNOP_send on an IPI port of our own, delivered
 *    as an upcall on the send's return: send, bounce and iret, per send
 *    ("iters=N" of them), against the null hypercall;
 *  - evtchn_send_upcall: the same send, from before the call to the
 *    first instruction of the callback (which takes the TSC there): the
 *    send and the upcall without the handler and its iret;
 *  - timer_late_us: 100 singleshot timers (set_timer_op) 10 ms ahead,
 *    each slept for with sched_op block: how late the upcall's return
 *    saw system time past the deadline, in us (min, median, max).  Only
 *    meaningful in real time (not under -icount).
 */
#include "mm.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define DEFAULT_ITERS	20000
#define DEFAULT_WARMUP	1000

/* The runtime's stubs (TRAP_ENTRY in traps.S), to fall back to. */
DECLARE_ASM_LABEL(trap_entry_14);
DECLARE_ASM_LABEL(trap_entry_int80);

/* Read from ring 3, unmapped by test_main(): every read faults. */
u8 bench_hole[PAGE_SIZE] __aligned(PAGE_SIZE);

/* Bounces the lean handlers took, for the sanity check. */
u32 bench_lean_count;

/* Ring-3 data: user_init() gives these pages the U bit. */
#define __user_bss	__attribute((section(".bss.user")))

/* What a ring-3 loop measured, where the loop itself can store it. */
u64 user_cycles __user_bss;

/*
 * The ring-3 loops.  EAX = iterations (at least 1).  The TSC difference
 * goes to user_cycles; EBX is what exec_user() returns and means nothing
 * here.
 */
#define USER_LOOP(name, op)						\
	USER_FUNC(name)							\
	"mov %eax, %esi\n\t"						\
	"rdtsc\n\t"							\
	"mov %eax, %edi\n\t"						\
	"mov %edx, %ebp\n"						\
	"1:\tmov $64, %eax\n\t"						\
	op "\n\t"							\
	"dec %esi\n\t"							\
	"jnz 1b\n\t"							\
	"rdtsc\n\t"							\
	"sub %edi, %eax\n\t"						\
	"sbb %ebp, %edx\n\t"						\
	"mov %eax, user_cycles\n\t"					\
	"mov %edx, user_cycles + 4\n\t"					\
	ASM_USER_EXIT							\
	USER_END(name)

asm(USER_LOOP(u_loop_empty, ""));

/* The bounce returns right after the INT: EIP is already the fixup. */
asm(USER_LOOP(u_loop_int80,
	      "u_int80_insn:\n\tint $0x80\nu_int80_next:\n\t"
	      _ASM_EXTABLE(u_int80_insn, u_int80_next)));

/* A 6-byte absolute load; handlers resume at u_pf_next. */
asm(USER_LOOP(u_loop_pf,
	      "u_pf_insn:\n\tmov bench_hole, %ebx\nu_pf_next:\n\t"
	      _ASM_EXTABLE(u_pf_insn, u_pf_next)));

DECLARE_ASM_LABEL(u_loop_empty);
DECLARE_ASM_LABEL(u_loop_int80);
DECLARE_ASM_LABEL(u_loop_pf);
DECLARE_ASM_LABEL(u_int80_next);
DECLARE_ASM_LABEL(u_pf_insn);
DECLARE_ASM_LABEL(u_pf_next);

/*
 * The lean ring-1 handlers.  Frames (ABI 5.2) from ring 3: [error,] EIP,
 * CS, EFLAGS, ESP, SS on the stack_switch stack.  The iret stub pushes
 * EAX and never returns; it restores EAX, EFLAGS (so the compares here
 * are invisible) and the ring-3 ESP/SS.  %ss: because DS may still be the
 * ring-3 selector; both are flat.
 */
#define ASM_IRET							\
	"jmp hypercall_page + "						\
	__stringify(HYPERCALL_IRET_OFFSET) "\n\t"

asm(".pushsection .text, \"ax\"\n\t"
	".balign 16\n\t.globl lean_int80\n"
	"lean_int80:\n\t"
	"cmpl $u_int80_next, (%esp)\n\t"
	"jne trap_entry_int80\n\t"
	"incl %ss:bench_lean_count\n\t"
	ASM_IRET
	".balign 16\n\t.globl lean_pf\n"
	"lean_pf:\n\t"
	"cmpl $u_pf_insn, 4(%esp)\n\t"
	"jne trap_entry_14\n\t"
	"incl %ss:bench_lean_count\n\t"
	"movl $u_pf_next, 4(%esp)\n\t"
	"add $4, %esp\n\t"
	ASM_IRET
	".popsection");

DECLARE_ASM_LABEL(lean_int80);
DECLARE_ASM_LABEL(lean_pf);

/*
 * Point vectors 0x80 and #PF at @int80 and @pf, with the flags that
 * trap_init() gives them; set_trap_table keeps the slots not listed.
 */
static void set_handlers(void *int80, void *pf)
{
	static struct trap_info t[3];

	t[0].vector = TRAP_SYSCALL;
	t[0].flags = TI_DPL(3) | TI_MASK_EVENTS;
	t[0].cs = FLAT_RING1_CS;
	t[0].address = (u32)int80;
	t[1].vector = X86_TRAP_PF;
	t[1].flags = TI_DPL(0) | TI_MASK_EVENTS;
	t[1].cs = FLAT_RING1_CS;
	t[1].address = (u32)pf;
	/* t[2] stays zero: address 0 ends the table. */
	GUEST_ASSERT_EQ(hypercall_set_trap_table(t), 0);
}

/* u64 / u32 with two divl (the guests link no libgcc), like do_div(). */
static u64 div_u64_u32(u64 n, u32 d)
{
	u32 hi = n >> 32, lo = n, qhi = hi / d, rem = hi % d;

	/* rem < d, so the quotient fits in 32 bits: no #DE. */
	asm("divl %[d]" : "+a" (lo), "+d" (rem) : [d] "rm" (d) : "cc");
	return (u64)qhi << 32 | lo;
}

/* "bench: WHAT UNIT=N", N = @cycles / @n, rounded. */
static void report_unit(const char *what, const char *unit, u64 cycles,
			u32 n)
{
	u64 per = div_u64_u32(cycles + n / 2, n);

	if (per >> 32)
		guest_fail("%s: %s 0x%llx", what, unit, per);
	guest_info("%s %s=%u", what, unit, (u32)per);
}

static void report(const char *what, u64 cycles, u32 iters)
{
	report_unit(what, "cycles_per_iter", cycles, iters);
}

static u64 time_hypercalls(u32 n)
{
	u64 t0 = rdtsc();
	u32 i;

	for (i = 0; i < n; i++)
		hypercall_xen_version(XENVER_version, NULL);
	return rdtsc() - t0;
}

/* Warm up, then time @loop at ring 3 for @iters iterations. */
static u64 time_user(void (*loop)(void), u32 iters, u32 warmup)
{
	if (warmup)
		exec_user(loop, warmup);
	user_cycles = 0;
	exec_user(loop, iters);
	return user_cycles;
}

/* The lean handlers: the loop must have bounced exactly @n times. */
static u64 time_lean(void (*loop)(void), u32 iters, u32 warmup)
{
	u64 cycles;

	trap_reset();
	bench_lean_count = 0;
	cycles = time_user(loop, iters, warmup);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(bench_lean_count, iters + warmup);
	return cycles;
}

/* The runtime's handlers record every trap; the last is the loop's. */
static u64 time_runtime(void (*loop)(void), u32 iters, u32 warmup,
			u32 vector, u32 eip)
{
	u64 cycles;

	trap_reset();
	cycles = time_user(loop, iters, warmup);
	GUEST_ASSERT_EQ(last_trap.count, iters + warmup);
	GUEST_ASSERT_EQ(last_trap.vector, vector);
	GUEST_ASSERT_EQ(last_trap.eip, eip);
	GUEST_ASSERT_EQ(last_trap.cs, FLAT_RING3_CS);
	return cycles;
}

/* --- the event figures --- */

#define EVTCHNOP_bind_virq	1
#define EVTCHNOP_send		4
#define EVTCHNOP_bind_ipi	7
#define TIMER_SHOTS		100
#define TIMER_AHEAD_NS		10000000u

/* What the lean event callback clears, and how often it ran. */
u32 bench_vi, bench_pending, bench_event_count;

/*
 * The lean event callback: the iret stub pushes EAX, so ours is saved
 * and restored around the work.
 */
asm(".pushsection .text, \"ax\"\n\t"
	".balign 16\n\t.globl lean_event\n"
	"lean_event:\n\t"
	"push %eax\n\t"
	"mov %ss:bench_vi, %eax\n\t"
	"movb $0, %ss:(%eax)\n\t"
	"lock andl $0, %ss:4(%eax)\n\t"
	"mov %ss:bench_pending, %eax\n\t"
	"lock andl $0, %ss:(%eax)\n\t"
	"incl %ss:bench_event_count\n\t"
	"pop %eax\n\t"
	ASM_IRET
	".popsection");

/*
 * The same, first taking the TSC at its entry: the send -> upcall figure
 * ends there.
 */
u64 bench_event_tsc;

asm(".pushsection .text, \"ax\"\n\t"
	".balign 16\n\t.globl lean_event_tsc\n"
	"lean_event_tsc:\n\t"
	"push %eax\n\t"
	"push %edx\n\t"
	"rdtsc\n\t"
	"mov %eax, %ss:bench_event_tsc\n\t"
	"mov %edx, %ss:bench_event_tsc + 4\n\t"
	"pop %edx\n\t"
	"pop %eax\n\t"
	"jmp lean_event\n\t"
	".popsection");

DECLARE_ASM_LABEL(lean_event);
DECLARE_ASM_LABEL(lean_event_tsc);

static u32 event_count(void)
{
	return __atomic_load_n(&bench_event_count, __ATOMIC_RELAXED);
}

static long set_timer_op(u64 when)
{
	return _hypercall(__HYPERVISOR_set_timer_op, (u32)when,
			  (u32)(when >> 32), 0, 0, 0);
}

static u64 time_sends(u32 port, u32 n)
{
	u32 a = port, c = event_count(), i;
	u64 t0 = rdtsc();

	for (i = 0; i < n; i++) {
		a = port;
		_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &a,
			   0, 0, 0);
	}
	t0 = rdtsc() - t0;
	GUEST_ASSERT_EQ(event_count(), c + n);
	return t0;
}

/* From before each send to the callback's first instruction, summed. */
static u64 time_send_to_upcall(u32 port, u32 n)
{
	u32 a, c = event_count(), i;
	u64 t0, sum = 0;

	for (i = 0; i < n; i++) {
		a = port;
		t0 = rdtsc();
		_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &a,
			   0, 0, 0);
		sum += bench_event_tsc - t0;
	}
	GUEST_ASSERT_EQ(event_count(), c + n);
	return sum;
}

static void set_event_callback(void *entry)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.cs = FLAT_RING1_CS,
		.eip = (u32)entry,
	};

	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &cb), 0);
}

static void bench_events(u32 iters, u32 warmup)
{
	struct shared_info *s = map_shared_info();
	struct vcpu_info *vi = &s->vcpu_info[0];
	u32 ipi[2] = { 0, 0 }, virq[3] = { 0, 0, 0 };	/* VIRQ_TIMER */
	u32 late[TIMER_SHOTS], i, j, x, c;
	u64 deadline, t;

	bench_vi = (u32)vi;
	bench_pending = (u32)&s->evtchn_pending[0];
	set_event_callback(lean_event);
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0,
					  NULL), 0);
	GUEST_ASSERT_EQ(_hypercall(__HYPERVISOR_event_channel_op,
				   EVTCHNOP_bind_ipi, ipi, 0, 0, 0), 0);
	GUEST_ASSERT(ipi[1] > 0 && ipi[1] < 32);
	__atomic_store_n(&vi->evtchn_upcall_mask, 0, __ATOMIC_RELAXED);

	time_sends(ipi[1], warmup);
	report("evtchn_upcall", time_sends(ipi[1], iters), iters);
	set_event_callback(lean_event_tsc);
	time_send_to_upcall(ipi[1], warmup);
	report("evtchn_send_upcall", time_send_to_upcall(ipi[1], iters),
	       iters);
	set_event_callback(lean_event);

	/* The timer's port, also in pending word 0. */
	GUEST_ASSERT_EQ(_hypercall(__HYPERVISOR_event_channel_op,
				   EVTCHNOP_bind_virq, virq, 0, 0, 0), 0);
	GUEST_ASSERT(virq[2] < 32);
	for (i = 0; i < TIMER_SHOTS; i++) {
		c = event_count();
		deadline = system_time_ns() + TIMER_AHEAD_NS;
		GUEST_ASSERT_EQ(set_timer_op(deadline), 0);
		while (event_count() == c) {
			__atomic_store_n(&vi->evtchn_upcall_mask, 1,
					 __ATOMIC_RELAXED);
			if (event_count() != c)
				break;
			hypercall_sched_op(SCHEDOP_block, NULL);
		}
		__atomic_store_n(&vi->evtchn_upcall_mask, 0, __ATOMIC_RELAXED);
		t = system_time_ns();
		if (t < deadline)
			guest_fail("timer %u fired %u ns early", i,
				   (u32)(deadline - t));
		x = (u32)div_u64_u32(t - deadline, 1000);
		/* Insertion sort: 100 entries. */
		for (j = i; j > 0 && late[j - 1] > x; j--)
			late[j] = late[j - 1];
		late[j] = x;
	}
	guest_info("timer_late_us n=%u min=%u median=%u max=%u", TIMER_SHOTS,
		   late[0], late[TIMER_SHOTS / 2], late[TIMER_SHOTS - 1]);
}

/* --- the paging figures --- */

#define DEFAULT_PT_ITERS	20
#define DEFAULT_PT_WARMUP	2
#define DEFAULT_PF_ROUNDS	20
#define DEFAULT_AS_ITERS	8

#define SCRATCH_PAGES	512		/* one L1: 2 MiB */
#define AS_L1S		32		/* 64 MiB */
#define AS_L2		AS_L1S		/* as_pfn[]: the L1s, then these */
#define AS_HOLE_L2	(AS_L1S + 1)
#define AS_L3		(AS_L1S + 2)
#define AS_FRAMES	(AS_L1S + 3)

#define PTE_RO		(_PAGE_PRESENT | _PAGE_ACCESSED)
#define PTE_RW		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
			 _PAGE_DIRTY)
#define PTE_USER_RW	(PTE_RW | _PAGE_USER)
#define PTE_TABLE	(PTE_RW | _PAGE_USER)	/* as the bootstrap L2s */

/* The scratch range and the L1 that maps it. */
static u32 scratch_va, scratch_l1;

/* Free frames: past the bootstrap region (ABI 6.2), never mapped. */
static u32 next_free_pfn;

/*
 * Requests on the scratch L1: two sets of read-only mappings, and zeroes.
 * pte_next: the set the next round writes (each differs from the last).
 */
static struct mmu_update pte_req[2][SCRATCH_PAGES];
static struct mmu_update zero_req[SCRATCH_PAGES];
static u32 pte_next;

/* demand_fault: what the handler maps at each page of the range. */
u64 demand_pte[SCRATCH_PAGES];
u32 demand_count, demand_limit;
u32 user_demand_va __user_bss;

/* aspace64m: its frames, and the requests mapping them in the range. */
static u32 as_pfn[AS_FRAMES];
static struct mmu_update as_window[AS_FRAMES];

static u32 alloc_frame(void)
{
	GUEST_ASSERT(next_free_pfn < start_info->nr_pages);
	return next_free_pfn++;
}

static u64 frame_pte(u32 pfn, u32 flags)
{
	return (u64)pfn_to_mfn(pfn) << PAGE_SHIFT | flags;
}

/* Machine address of entry @slot of frame @pfn: an mmu_update "ptr". */
static u64 slot_ma(u32 pfn, u32 slot)
{
	return (u64)pfn_to_mfn(pfn) << PAGE_SHIFT | slot * 8 |
	       MMU_NORMAL_PT_UPDATE;
}

static void mmu_batch(const struct mmu_update *reqs, u32 n)
{
	u32 done = 0;

	GUEST_ASSERT_EQ(hypercall_mmu_update(reqs, n, &done, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, n);
}

static void mmuext_one(u32 cmd, u32 pfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = pfn_to_mfn(pfn) };
	u32 done = 0;

	GUEST_ASSERT_EQ(hypercall_mmuext_op(&op, 1, &done, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, 1);
}

/*
 * A fresh L1 for the scratch range, in the bootstrap L2, and the request
 * lists on it.  The frame is zeroed with mmu_update while it is no table
 * yet (ABI 3.2: the values are simply stored); hooking it in validates
 * it.  Its contents are out of reach afterwards: the bootstrap region
 * does not cover it, so pte_of() must not be used on the range.
 */
static void scratch_init(void)
{
	const u64 *l3 = (const u64 *)start_info->pt_base;
	struct mmu_update hook;
	u32 i;

	scratch_va = mapped_region_end();
	next_free_pfn = scratch_va >> PAGE_SHIFT;
	GUEST_ASSERT(scratch_va < (1u << 30) && !pte_of(scratch_va));
	GUEST_ASSERT(next_free_pfn + 1 + SCRATCH_PAGES + AS_FRAMES <=
		     start_info->nr_pages);
	GUEST_ASSERT(2 * SCRATCH_PAGES <= start_info->nr_pages);

	scratch_l1 = alloc_frame();
	for (i = 0; i < SCRATCH_PAGES; i++) {
		zero_req[i].ptr = slot_ma(scratch_l1, i);
		zero_req[i].val = 0;
		pte_req[0][i].ptr = zero_req[i].ptr;
		pte_req[0][i].val = frame_pte(i, PTE_RO);
		pte_req[1][i].ptr = zero_req[i].ptr;
		pte_req[1][i].val = frame_pte(SCRATCH_PAGES + i, PTE_RO);
	}
	mmu_batch(zero_req, SCRATCH_PAGES);
	hook.ptr = (l3[0] & PTE_MFN_MASK) + ((scratch_va >> 21) & 511) * 8;
	hook.val = frame_pte(scratch_l1, PTE_TABLE);
	mmu_batch(&hook, 1);
	pte_next = 0;

	for (i = 0; i < SCRATCH_PAGES; i++)
		demand_pte[i] = frame_pte(alloc_frame(), PTE_USER_RW);
	for (i = 0; i < AS_FRAMES; i++) {
		as_pfn[i] = alloc_frame();
		as_window[i].ptr = zero_req[i].ptr;
		as_window[i].val = frame_pte(as_pfn[i], PTE_RW);
	}
}

static void pte_batch_round(void)
{
	mmu_batch(pte_req[pte_next], SCRATCH_PAGES);
	pte_next ^= 1;
}

static void pte_single_round(void)
{
	const struct mmu_update *req = pte_req[pte_next];
	u32 i;

	for (i = 0; i < SCRATCH_PAGES; i++)
		GUEST_ASSERT_EQ(hypercall_update_va_mapping(scratch_va +
							    i * PAGE_SIZE,
							    req[i].val,
							    UVMF_INVLPG), 0);
	pte_next ^= 1;
}

static u64 time_rounds(void (*round)(void), u32 iters, u32 warmup)
{
	u64 t0;
	u32 i;

	for (i = 0; i < warmup; i++)
		round();
	t0 = rdtsc();
	for (i = 0; i < iters; i++)
		round();
	return rdtsc() - t0;
}

/*
 * demand_fault: the ring-3 loop writes one word to each page in turn,
 * from user_demand_va on; EAX = pages.  Same shape as USER_LOOP.
 */
asm(USER_FUNC(u_loop_demand)
	"mov %eax, %esi\n\t"
	"mov user_demand_va, %ecx\n\t"
	"rdtsc\n\t"
	"mov %eax, %edi\n\t"
	"mov %edx, %ebp\n"
	"1:\tmov $64, %eax\n"
	"u_demand_insn:\n\t"
	"mov %eax, (%ecx)\n\t"
	"add $4096, %ecx\n\t"
	"dec %esi\n\t"
	"jnz 1b\n\t"
	"rdtsc\n\t"
	"sub %edi, %eax\n\t"
	"sbb %ebp, %edx\n\t"
	"mov %eax, user_cycles\n\t"
	"mov %edx, user_cycles + 4\n\t"
	ASM_USER_EXIT
	USER_END(u_loop_demand));

DECLARE_ASM_LABEL(u_loop_demand);
DECLARE_ASM_LABEL(u_demand_insn);

/*
 * Its #PF handler: a fault of that one store goes to bench_demand_map(),
 * then back to ring 3 with the iret hypercall, EIP unchanged, so the
 * store runs again.  EAX, ECX and EDX are saved around the C call (it
 * keeps the rest).  DS and ES are still the ring-3 ones, which are flat
 * and usable at ring 1 too; leaving them saves reloading them twice.
 */
asm(".pushsection .text, \"ax\"\n\t"
	".balign 16\n\t.globl demand_pf\n"
	"demand_pf:\n\t"
	"cmpl $u_demand_insn, %ss:4(%esp)\n\t"
	"jne trap_entry_14\n\t"
	"push %eax\n\t"
	"push %ecx\n\t"
	"push %edx\n\t"
	"call bench_demand_map\n\t"
	"pop %edx\n\t"
	"pop %ecx\n\t"
	"pop %eax\n\t"
	"add $4, %esp\n\t"
	ASM_IRET
	".popsection");

DECLARE_ASM_LABEL(demand_pf);

/* Called from demand_pf only; global for the asm. */
void bench_demand_map(void)
{
	u32 cr2 = shared_info->vcpu_info[0].arch.cr2;
	u32 page = (cr2 - scratch_va) >> PAGE_SHIFT;

	if (page >= SCRATCH_PAGES)
		guest_fail("demand_fault: #PF at 0x%x, outside 0x%x + 2 MiB",
			   cr2, scratch_va);
	if (++demand_count > demand_limit)
		guest_fail("demand_fault: %u faults, want %u: a mapping did not take",
			   demand_count, demand_limit);
	if (hypercall_update_va_mapping(cr2 & PAGE_MASK, demand_pte[page],
					UVMF_INVLPG))
		guest_fail("demand_fault: update_va_mapping(0x%x) refused",
			   cr2 & PAGE_MASK);
}

/* @rounds of SCRATCH_PAGES faults after an untimed one. */
static u64 time_demand(u32 rounds)
{
	u64 cycles = 0;
	u32 r;

	mmu_batch(zero_req, SCRATCH_PAGES);
	user_demand_va = scratch_va;
	demand_count = 0;
	demand_limit = (rounds + 1) * SCRATCH_PAGES;
	set_handlers(trap_entry_int80, demand_pf);
	for (r = 0; r <= rounds; r++) {
		user_cycles = 0;
		exec_user(u_loop_demand, SCRATCH_PAGES);
		if (r)
			cycles += user_cycles;
		mmu_batch(zero_req, SCRATCH_PAGES);
	}
	set_handlers(trap_entry_int80, trap_entry_14);
	GUEST_ASSERT_EQ(demand_count, demand_limit);
	return cycles;
}

/*
 * aspace64m: write the tables through windows in the scratch range (one
 * mmu_update each way), as a kernel writes a new page table before it
 * hands it over.  The L1s map every frame of ours read-only, in order,
 * over and over: only the validation is measured, not the memory.
 */
static void as_fill(void)
{
	const u32 *p2m = (const u32 *)start_info->mfn_list;
	u32 nr_pages = start_info->nr_pages, pfn = 0, k, j;
	u64 *t;

	mmu_batch(as_window, AS_FRAMES);
	for (k = 0; k < AS_L1S; k++) {
		t = (u64 *)(scratch_va + k * PAGE_SIZE);
		for (j = 0; j < 512; j++) {
			t[j] = (u64)p2m[pfn] << PAGE_SHIFT | PTE_RO;
			if (++pfn == nr_pages)
				pfn = 0;
		}
	}
	t = (u64 *)(scratch_va + AS_L2 * PAGE_SIZE);
	for (j = 0; j < 512; j++)
		t[j] = j < AS_L1S ?
		       (u64)p2m[as_pfn[j]] << PAGE_SHIFT | PTE_TABLE : 0;
	/* Slots 428-511 become the hypervisor's when the L3 is pinned. */
	memset((void *)(scratch_va + AS_HOLE_L2 * PAGE_SIZE), 0, PAGE_SIZE);
	t = (u64 *)(scratch_va + AS_L3 * PAGE_SIZE);
	memset(t, 0, PAGE_SIZE);
	t[0] = (u64)p2m[as_pfn[AS_L2]] << PAGE_SHIFT | _PAGE_PRESENT;
	t[3] = (u64)p2m[as_pfn[AS_HOLE_L2]] << PAGE_SHIFT | _PAGE_PRESENT;
	/* A frame mapped writable cannot become a table (ABI 5.6). */
	mmu_batch(zero_req, AS_FRAMES);
}

static void time_aspace(u32 iters, u32 warmup)
{
	u64 fill = 0, pin = 0, unpin = 0, t0, t1, t2, t3;
	u32 i;

	for (i = 0; i < warmup + iters; i++) {
		t0 = rdtsc();
		as_fill();
		t1 = rdtsc();
		mmuext_one(MMUEXT_PIN_L3_TABLE, as_pfn[AS_L3]);
		t2 = rdtsc();
		mmuext_one(MMUEXT_UNPIN_TABLE, as_pfn[AS_L3]);
		t3 = rdtsc();
		if (i < warmup)
			continue;
		fill += t1 - t0;
		pin += t2 - t1;
		unpin += t3 - t2;
	}
	report_unit("aspace64m", "cycles", fill + pin + unpin, iters);
	report_unit("aspace64m_fill", "cycles", fill, iters);
	report_unit("aspace64m_pin", "cycles", pin, iters);
	report_unit("aspace64m_unpin", "cycles", unpin, iters);
}

static void bench_paging(void)
{
	u32 ptiters = DEFAULT_PT_ITERS, pfrounds = DEFAULT_PF_ROUNDS;
	u32 asiters = DEFAULT_AS_ITERS;

	cmdline_u32("ptiters", &ptiters);
	cmdline_u32("pfrounds", &pfrounds);
	cmdline_u32("asiters", &asiters);
	if (!ptiters || !pfrounds || !asiters)
		guest_fail("ptiters, pfrounds and asiters must be at least 1");

	map_shared_info();		/* CR2, for the demand handler */
	scratch_init();
	guest_info("paging scratch_va=0x%x ptiters=%u pfrounds=%u asiters=%u",
		   scratch_va, ptiters, pfrounds, asiters);

	report_unit("pte_batch512", "cycles_per_entry",
		    time_rounds(pte_batch_round, ptiters, DEFAULT_PT_WARMUP),
		    ptiters * SCRATCH_PAGES);
	report_unit("pte_single", "cycles_per_entry",
		    time_rounds(pte_single_round, ptiters, DEFAULT_PT_WARMUP),
		    ptiters * SCRATCH_PAGES);
	report("demand_fault", time_demand(pfrounds),
	       pfrounds * SCRATCH_PAGES);
	time_aspace(asiters, 1);
}

void test_main(void)
{
	u32 iters = DEFAULT_ITERS, warmup = DEFAULT_WARMUP;
	long ver;

	cmdline_u32("iters", &iters);
	cmdline_u32("warmup", &warmup);
	if (!iters)
		guest_fail("iters=0: nothing to measure");

	trap_init();
	user_init();
	set_pte((u32)bench_hole, 0);

	ver = hypercall_xen_version(XENVER_version, NULL);
	GUEST_ASSERT(ver > 0);
	guest_info("iters=%u warmup=%u xen_version %ld.%ld", iters, warmup,
		   ver >> 16, ver & 0xffff);

	time_hypercalls(warmup);
	report("hypercall", time_hypercalls(iters), iters);

	set_handlers(lean_int80, lean_pf);
	report("syscall_bounce", time_lean(u_loop_int80, iters, warmup),
	       iters);
	report("pf_bounce", time_lean(u_loop_pf, iters, warmup), iters);

	report("empty", time_user(u_loop_empty, iters, warmup), iters);

	set_handlers(trap_entry_int80, trap_entry_14);
	report("syscall_bounce_runtime",
	       time_runtime(u_loop_int80, iters, warmup, TRAP_SYSCALL,
			    (u32)u_int80_next), iters);
	report("pf_bounce_runtime",
	       time_runtime(u_loop_pf, iters, warmup, X86_TRAP_PF,
			    (u32)u_pf_insn), iters);

	bench_paging();
	bench_events(iters, warmup);
	guest_pass();
}

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
	__stringify(__HYPERVISOR_iret * HYPERCALL_STUB_SIZE) "\n\t"

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

static void report(const char *what, u64 cycles, u32 iters)
{
	u64 per = div_u64_u32(cycles + iters / 2, iters);

	if (per >> 32)
		guest_fail("%s: 0x%llx cycles per iteration", what, per);
	guest_info("%s cycles_per_iter=%u", what, (u32)per);
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

	guest_pass();
}

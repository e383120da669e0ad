// SPDX-License-Identifier: GPL-2.0
/*
 * fpu: the x87 and SSE registers belong to the guest and survive
 * preemption, hypercalls and other domains.
 *
 * The registers get a pattern derived from the command line (seed=N), then
 * the guest spins for secs=N seconds of system time (default 5), running
 * x87 and SSE instructions that leave the registers unchanged, and checks
 * the whole register file with FXSAVE after every block of 2^20
 * iterations.  Now and then it yields, and it reloads a new generation of
 * the pattern.  Two of these with different seeds on one host CPU prove
 * that the hypervisor switches FPU state between domains and never leaks
 * its own or the host's state in.  If system time does not advance, it
 * runs iters=N blocks instead (default 300).
 *
 * No compiler-generated FPU code: the C is built with -mno-sse -mno-80387
 * and only moves bytes; the registers are reached with inline asm.
 *
 * Result: "hvtest: fpu: PASS".
 */
#include "mm.h"
#include "cpu.h"
#include "test.h"
#include "traps.h"

#define BLOCK_ITERS	BIT(20)
#define YIELD_EVERY	16
#define RELOAD_EVERY	64

static struct fxsave_area want, now;

static u32 mix(u32 x)
{
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	x ^= x >> 16;
	return x;
}

/*
 * Valid, distinct register contents for @seed and @gen: normal 80-bit
 * numbers, all exceptions masked so nothing can raise #MF or #XM.
 */
static void make_pattern(u32 seed, u32 gen)
{
	u32 i, j, rc = (seed + gen) & 3;

	memset(&want, 0, sizeof(want));
	want.fcw = 0x037f | rc << 10;	/* masked, 64-bit precision, RC */
	want.fsw = 0;			/* TOP = 0 */
	want.ftw = 0xff;		/* all eight registers valid */
	want.mxcsr = 0x1f80 | rc << 13 | (gen & 1) << 15;	/* RC, FTZ */

	for (i = 0; i < 8; i++) {
		u32 lo = mix(seed ^ gen << 8 ^ i);
		u32 hi = 0x80000000 | mix(lo + seed);	/* integer bit */
		u16 exp = 0x3fff + (seed & 0xff) + i;

		memcpy(&want.st[i][0], &lo, 4);
		memcpy(&want.st[i][4], &hi, 4);
		exp |= (gen & 1) << 15;			/* sign */
		memcpy(&want.st[i][8], &exp, 2);

		for (j = 0; j < 4; j++) {
			u32 v = mix(seed * 0x9e3779b9 + gen * 131 + i * 4 + j);

			memcpy(&want.xmm[i][j * 4], &v, 4);
		}
	}
}

static void fpu_load(const struct fxsave_area *a)
{
	asm volatile("fxrstor %0" : : "m" (*a));
}

static void fpu_save(struct fxsave_area *a)
{
	asm volatile("fxsave %0" : "=m" (*a));
}

/*
 * Spin with FPU and SSE instructions in the loop, so that preemption hits
 * live state, but none that change it: exchanging twice and xoring twice
 * are identities.
 */
static void spin_block(void)
{
	u32 n = BLOCK_ITERS;

	asm volatile("1:\n\t"
		     "fxch %%st(1)\n\t"
		     "pxor %%xmm7, %%xmm6\n\t"
		     "fxch %%st(1)\n\t"
		     "pxor %%xmm7, %%xmm6\n\t"
		     "dec %0\n\t"
		     "jnz 1b"
		     : "+r" (n) : : "cc");
}

static void check(u32 round)
{
	u32 i;

	fpu_save(&now);
	GUEST_ASSERT_EQ(now.fcw, want.fcw);
	GUEST_ASSERT_EQ(now.fsw, want.fsw);
	GUEST_ASSERT_EQ(now.ftw, want.ftw);
	GUEST_ASSERT_EQ(now.mxcsr, want.mxcsr);
	for (i = 0; i < 8; i++) {
		/* Bytes 10-15 of an x87 slot are reserved. */
		if (memcmp(now.st[i], want.st[i], 10))
			guest_fail("st(%u) changed in round %u", i, round);
		if (memcmp(now.xmm[i], want.xmm[i], 16))
			guest_fail("xmm%u changed in round %u", i, round);
	}
}

void test_main(void)
{
	u32 seed = 1, secs = 5, iters = 300;
	u32 round, gen = 0;
	u64 start, end = 0;

	BUILD_BUG_ON(sizeof(struct fxsave_area) != 512);
	BUILD_BUG_ON(offsetof(struct fxsave_area, st) != 32);

	trap_init();
	cmdline_u32("seed", &seed);
	cmdline_u32("secs", &secs);
	cmdline_u32("iters", &iters);

	start = system_time_ns();
	if (start)
		end = start + (u64)secs * 1000000000;
	guest_info("seed %u, %s %u", seed, start ? "secs" : "blocks",
		   start ? secs : iters);

	make_pattern(seed, gen);
	fpu_load(&want);
	for (round = 1; ; round++) {
		spin_block();
		check(round);

		if (end ? system_time_ns() >= end : round >= iters)
			break;
		if (round % YIELD_EVERY == 0)
			GUEST_ASSERT_EQ(hypercall_yield(), 0);
		if (round % RELOAD_EVERY == 0) {
			make_pattern(seed, ++gen);
			fpu_load(&want);
		}
	}

	guest_info("seed %u: %u checks, %u generations", seed, round, gen + 1);
	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * fpuswitch: fpu_taskswitch sets and clears the virtual CR0.TS, the way a
 * guest kernel switches FPU state lazily.
 *
 * With TS set (fpu_taskswitch(1)), the next x87 instruction (FNSTCW,
 * FNINIT, FLD1), SSE instruction (MOVUPS) or FXSAVE raises #NM: one
 * trap, vector 7, no error code, EIP at the instruction, which has not
 * run.  The hypervisor clears the virtual TS when it delivers the #NM
 * (ABI 3.4), so running the instruction again works, with no further
 * trap.  TS stays set across hypercalls and a yield until the #NM; from
 * ring 3 the #NM comes with a ring-3 frame.  fpu_taskswitch(0) clears TS:
 * no #NM at all.  The x87 and SSE registers keep their contents through
 * all of it, checked with FXSAVE.
 *
 * Result: "hvtest: fpuswitch: PASS".
 */
#include "cpu.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define SENTINEL	0xa5

static struct fxsave_area want, now;

/* What the probes store, where the instruction did run. */
static u16 probe_cw;
static u8 probe_xmm[16];
static struct fxsave_area probe_fx;

/* Ring-3 probes: one x87 and one SSE instruction that change nothing. */
asm(USER_PROBE(u_x87, "", "fnop"));
asm(USER_PROBE(u_sse, "", "movaps %xmm5, %xmm5"));

DECLARE_USER_PROBE(u_x87);
DECLARE_USER_PROBE(u_sse);

/*
 * A register file of valid, distinct values: all exceptions masked, so
 * nothing can raise #MF or #XM; all eight x87 registers in use.
 */
static void make_pattern(void)
{
	u32 i, j;

	memset(&want, 0, sizeof(want));
	want.fcw = 0x037f | 1 << 10;	/* masked, 64-bit precision, RC down */
	want.ftw = 0xff;
	want.mxcsr = 0x1f80 | 2 << 13;	/* masked, RC up */
	for (i = 0; i < 8; i++) {
		u32 lo = 0x01234567 * (i + 1);
		u32 hi = 0x80000000 | 0x0badf00d * (i + 3);
		u16 exp = 0x3fff + 7 * i;

		memcpy(&want.st[i][0], &lo, 4);
		memcpy(&want.st[i][4], &hi, 4);
		memcpy(&want.st[i][8], &exp, 2);
		for (j = 0; j < 16; j++)
			want.xmm[i][j] = 0x11 * i + 3 * j + 1;
	}
}

static void fpu_load(const struct fxsave_area *a)
{
	asm volatile("fxrstor %0" : : "m" (*a));
}

/* The registers are still the pattern (TS must be clear here). */
static void check_state(const char *when)
{
	u32 i;

	memset(&now, SENTINEL, sizeof(now));
	asm volatile("fxsave %0" : "=m" (now));
	if (now.fcw != want.fcw || now.fsw != want.fsw ||
	    now.ftw != want.ftw || now.mxcsr != want.mxcsr)
		guest_fail("%s: fcw %04x fsw %04x ftw %02x mxcsr %08x, want %04x %04x %02x %08x",
			   when, now.fcw, now.fsw, now.ftw, now.mxcsr,
			   want.fcw, want.fsw, want.ftw, want.mxcsr);
	for (i = 0; i < 8; i++) {
		/* Bytes 10-15 of an x87 slot are reserved. */
		if (memcmp(now.st[i], want.st[i], 10))
			guest_fail("%s: st(%u) changed", when, i);
		if (memcmp(now.xmm[i], want.xmm[i], 16))
			guest_fail("%s: xmm%u changed", when, i);
	}
}

/*
 * Probes at ring 1: each runs its instruction once under the exception
 * table and returns its address; ran() says whether it took effect.
 */
struct probe {
	const char *name;
	u32 (*run)(void);
	bool (*ran)(void);
};

static u32 run_fnstcw(void)
{
	u32 ip;

	probe_cw = 0xdead;
	asm volatile(ASM_TRY("fnstcw %[m]")
		     : [ip] "=&r" (ip), [m] "+m" (probe_cw) : : "memory");
	return ip;
}

static bool ran_fnstcw(void)
{
	return probe_cw == want.fcw;
}

static u32 run_movups(void)
{
	u32 ip;

	memset(probe_xmm, SENTINEL, sizeof(probe_xmm));
	asm volatile(ASM_TRY("movups %%xmm5, %[m]")
		     : [ip] "=&r" (ip), [m] "+m" (probe_xmm) : : "memory");
	return ip;
}

static bool ran_movups(void)
{
	return !memcmp(probe_xmm, want.xmm[5], sizeof(probe_xmm));
}

static u32 run_fxsave(void)
{
	u32 ip;

	memset(&probe_fx, SENTINEL, sizeof(probe_fx));
	asm volatile(ASM_TRY("fxsave %[m]")
		     : [ip] "=&r" (ip), [m] "+m" (probe_fx) : : "memory");
	return ip;
}

static bool ran_fxsave(void)
{
	return probe_fx.fcw == want.fcw && probe_fx.mxcsr == want.mxcsr &&
	       !memcmp(probe_fx.xmm, want.xmm, sizeof(want.xmm));
}

static const struct probe probes[] = {
	{ "x87 fnstcw", run_fnstcw, ran_fnstcw },
	{ "sse movups", run_movups, ran_movups },
	{ "fxsave", run_fxsave, ran_fxsave },
};

static void set_ts(u32 set)
{
	GUEST_ASSERT_EQ(hypercall_fpu_taskswitch(set), 0);
}

/* Exactly one #NM at @ip, at ring 1. */
static void check_nm(const char *what, u32 ip, u32 cs)
{
	if (!last_trap.count)
		guest_fail("%s with TS set: no #NM", what);
	GUEST_ASSERT_TRAP(X86_TRAP_NM, TRAP_NO_ERROR, ip, cs);
	/* The bounce frame of a trap from ring 1 has no ESP/SS. */
	GUEST_ASSERT_EQ(last_trap.ring_change, cs == FLAT_RING3_CS);
}

/*
 * TS set: one #NM at the instruction, which did not run.  The #NM
 * cleared TS: the instruction runs when tried again, with no trap.
 */
static void ts_probe(const struct probe *p, bool yield)
{
	u32 ip;

	set_ts(1);
	if (yield) {
		/* TS belongs to the vCPU: it survives leaving and entering. */
		GUEST_ASSERT_EQ(hypercall_yield(), 0);
		GUEST_ASSERT(hypercall_xen_version(XENVER_version, NULL) > 0);
	}
	trap_reset();
	ip = p->run();
	check_nm(p->name, ip, FLAT_RING1_CS);
	if (p->ran())
		guest_fail("%s ran although it raised #NM", p->name);

	ip = p->run();
	if (last_trap.count != 1)
		guest_fail("%s after the #NM: %u traps, vector 0x%x (TS not cleared?)",
			   p->name, last_trap.count, last_trap.vector);
	if (!p->ran())
		guest_fail("%s after the #NM did not take effect", p->name);
	check_state(p->name);
}

/* TS clear, or set and cleared again: no trap at all. */
static void clear_probe(const struct probe *p, bool set_first)
{
	if (set_first)
		set_ts(1);
	set_ts(0);
	trap_reset();
	p->run();
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT(p->ran());
}

static void ring3_probe(const char *name, void (*fn)(void), u32 insn)
{
	set_ts(1);
	trap_reset();
	exec_user(fn, 0);
	check_nm(name, insn, FLAT_RING3_CS);
	GUEST_ASSERT_EQ(last_trap.ss, FLAT_RING3_SS);

	exec_user(fn, 0);
	GUEST_ASSERT_EQ(last_trap.count, 1);
	check_state(name);
}

/* Instructions that do change the registers: FNINIT, then FLD1. */
static void fninit_fld1(void)
{
	u64 one = 0;
	u16 cw = 0;
	u32 ip;

	set_ts(1);
	trap_reset();
	asm volatile(ASM_TRY("fninit") : [ip] "=&r" (ip) : : "memory");
	check_nm("fninit", ip, FLAT_RING1_CS);
	/* It did not run: the pattern is all there. */
	check_state("fninit with TS set");

	asm volatile(ASM_TRY("fninit") "fnstcw %[cw]"
		     : [ip] "=&r" (ip), [cw] "=m" (cw) : : "memory");
	GUEST_ASSERT_EQ(last_trap.count, 1);
	GUEST_ASSERT_EQ(cw, 0x037f);

	set_ts(1);
	trap_reset();
	asm volatile(ASM_TRY("fld1") : [ip] "=&r" (ip) : : "memory");
	check_nm("fld1", ip, FLAT_RING1_CS);
	asm volatile(ASM_TRY("fld1") "fstpl %[one]"
		     : [ip] "=&r" (ip), [one] "=m" (one) : : "memory");
	GUEST_ASSERT_EQ(last_trap.count, 1);
	GUEST_ASSERT_EQ(one, 0x3ff0000000000000ull);	/* 1.0 */
}

void test_main(void)
{
	unsigned int i;

	BUILD_BUG_ON(sizeof(struct fxsave_area) != 512);
	BUILD_BUG_ON(offsetof(struct fxsave_area, st) != 32);

	trap_init();
	make_pattern();
	fpu_load(&want);
	check_state("start");

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		clear_probe(&probes[i], false);
		ts_probe(&probes[i], false);
		ts_probe(&probes[i], true);
		clear_probe(&probes[i], true);
	}
	check_state("ring 1 probes");

	ring3_probe("ring-3 x87 fnop", u_x87, (u32)u_x87_insn);
	ring3_probe("ring-3 sse movaps", u_sse, (u32)u_sse_insn);

	/* Setting TS twice is still one #NM. */
	set_ts(1);
	ts_probe(&probes[0], false);

	fninit_fld1();
	guest_pass();
}

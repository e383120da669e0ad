// SPDX-License-Identifier: GPL-2.0
/*
 * mcpause: multicalls that the host pauses and resumes; every entry must
 * run exactly once.
 *
 * Multicalls back to back of 64, 200, 65, 128 and 129 entries (one round
 * of the hypervisor's, several, and one entry past a round), each entry
 * an mmu_update of one harmless request (the M2P entry of one of our
 * frames, set to what it is) whose count carries the "preempted" flag, so
 * that it adds 1 to its own counter in "done" instead of storing 1.  In
 * every other multicall, entry 37 is an mmu_update of 512 such requests
 * adding 512 to a counter of its own: long enough to be continued inside
 * the multicall, which rewrites the entry's arguments (as Xen does).
 * After each multicall: it returned 0, every entry's result is 0, every
 * counter moved by exactly what the multicall asked for.  The runstate
 * area tells whether the vCPU was offline (paused) during the multicall.
 * The harness pauses and resumes the domain meanwhile, then types a line;
 * the guest stops at the next multicall.  First, a multicall of one
 * console_io write of a 10000-byte line (more than one round of the
 * hypervisor's): the whole line must reach the console.
 *
 * Prints "mcpause: running" once, then at the end "mcpause: N multicalls,
 * E entries, each run once; P paused in a multicall, C continued inside
 * the long entry".
 * Result: "hvtest: mcpause: PASS".
 */
#include "mm.h"
#include "test.h"
#include "traps.h"

#define NR_MAX		200	/* entries of the longest multicall */
#define LONG_AT		37	/* the long entry's place */
#define LONG_REQS	512
/* mmu_update's count: this is a continuation, add to *done (3.6). */
#define MMU_PREEMPTED	0x80000000u
#define RUNSTATE_OFFLINE 3
#define LINE_LEN	10000	/* bytes of the long console line */

static const u32 sizes[] = { 64, NR_MAX, 65, 128, 129 };

static struct multicall_entry mc[NR_MAX];
static struct mmu_update reqs[LONG_REQS];
static u32 count[NR_MAX], want[NR_MAX], long_done, long_want;
static struct vcpu_runstate_info rs __aligned(8);

static struct multicall_entry counting(u32 *counter, u32 nr)
{
	return (struct multicall_entry){
		__HYPERVISOR_mmu_update, 0xdead,
		{ (u32)reqs, nr | MMU_PREEMPTED, (u32)counter, DOMID_SELF } };
}

/*
 * Written by the hypervisor only while we do not run; the hypercalls'
 * "memory" clobber makes the compiler read it again after each.
 */
static u64 offline_ns(void)
{
	return rs.time[RUNSTATE_OFFLINE];
}

static void init(void)
{
	u32 pfn = (u32)count >> PAGE_SHIFT, i;
	u64 va = (u32)&rs;

	for (i = 0; i < LONG_REQS; i++)
		reqs[i] = (struct mmu_update){
			(u64)pfn_to_mfn(pfn) << PAGE_SHIFT | MMU_MACHPHYS_UPDATE,
			pfn };
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_register_runstate_memory_area,
					  0, &va), 0);
}

/*
 * A console_io write of more than the hypervisor's 4 KiB per round, as
 * one multicall entry: it continues inside the multicall, so the whole
 * line reaches the console (the harness measures it).
 */
static void long_write(void)
{
	static char line[LINE_LEN];
	static const char head[] = "mcpause: long line: ";
	struct multicall_entry e = {
		__HYPERVISOR_console_io, 0xdead,
		{ CONSOLEIO_write, LINE_LEN, (u32)line } };

	memset(line, 'x', sizeof(line));
	memcpy(line, head, sizeof(head) - 1);
	line[LINE_LEN - 1] = '\n';
	GUEST_ASSERT_EQ(hypercall_multicall(&e, 1), 0);
	GUEST_ASSERT_EQ(e.result, 0);
}

/* Stop once the harness typed something. */
static bool told_to_stop(void)
{
	char buf[16];

	return hypercall_console_io(CONSOLEIO_read, sizeof(buf), buf) > 0;
}

/* Multicall @n of @size entries, the long one in it if @with_long. */
static void one_multicall(u32 n, u32 size, bool with_long)
{
	u32 i;

	for (i = 0; i < size; i++) {
		if (with_long && i == LONG_AT) {
			mc[i] = counting(&long_done, LONG_REQS);
			long_want += LONG_REQS;
		} else {
			mc[i] = counting(&count[i], 1);
			want[i]++;
		}
	}
	GUEST_ASSERT_EQ(hypercall_multicall(mc, size), 0);
	for (i = 0; i < size; i++)
		if (mc[i].result != 0)
			guest_fail("multicall %u (%u entries): entry %u returned %ld",
				   n, size, i, (long)mc[i].result);
	/* Dropped or run twice, in this multicall or an earlier one. */
	for (i = 0; i < NR_MAX; i++)
		if (count[i] != want[i])
			guest_fail("multicall %u (%u entries): entry %u counted %u, want %u",
				   n, size, i, count[i], want[i]);
	if (long_done != long_want)
		guest_fail("multicall %u (%u entries): the long entry's requests counted %u, want %u",
			   n, size, long_done, long_want);
}

void test_main(void)
{
	u32 n, entries = 0, paused = 0, continued = 0, size;
	u64 t;

	trap_init();
	init();
	long_write();
	guest_info("running");
	for (n = 0; !told_to_stop(); n++) {
		size = sizes[n % ARRAY_SIZE(sizes)];
		t = offline_ns();
		one_multicall(n, size, n & 1);
		if (offline_ns() != t)
			paused++;
		if ((n & 1) && mc[LONG_AT].args[1] != (LONG_REQS | MMU_PREEMPTED))
			continued++;
		entries += size;
	}
	guest_info("%u multicalls, %u entries, each run once; %u paused in a multicall, %u continued inside the long entry",
		   n, entries, paused, continued);
	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * syscall32: the native baseline for selftests/guests/bench.c.
 *
 *	syscall32 [ITERS [WARMUP]]	(defaults 20000 and 1000, as the guest)
 *
 * A static 32-bit program that times the test VM's own kernel serving
 * "int $0x80" getppid (nr 64 in the i386 table) from a 32-bit process:
 * the system call a guest's hypercall and bounced system call are
 * measured against, in the same VM run.  The loops are the guest's ring-3
 * loops instruction for instruction ("mov $64, %eax; OP; dec; jnz"), so
 * the two "empty" figures match and nothing needs subtracting.
 *
 * Output, rdtsc cycles per iteration, rounded:
 *	native: int80_getppid cycles_per_iter=NNN
 *	native: empty cycles_per_iter=NNN
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define DEFAULT_ITERS	20000
#define DEFAULT_WARMUP	1000
#define NR_GETPPID_32	64

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return (uint64_t)hi << 32 | lo;
}

/*
 * @n >= 1 getppid calls; returns the last result.  The 32-bit kernel
 * entry preserves every register but EAX.
 */
static uint32_t loop_int80(uint32_t n)
{
	uint32_t ret;

	asm volatile("1:\tmov %[nr], %%eax\n\t"
		     "int $0x80\n\t"
		     "dec %[n]\n\t"
		     "jnz 1b"
		     : [n] "+r" (n), "=&a" (ret) : [nr] "i" (NR_GETPPID_32)
		     : "memory", "cc");
	return ret;
}

static void loop_empty(uint32_t n)
{
	asm volatile("1:\tmov %[nr], %%eax\n\t"
		     "dec %[n]\n\t"
		     "jnz 1b"
		     : [n] "+r" (n) : [nr] "i" (NR_GETPPID_32)
		     : "eax", "memory", "cc");
}

static void report(const char *what, uint64_t cycles, uint32_t iters)
{
	printf("native: %s cycles_per_iter=%llu\n", what,
	       (unsigned long long)((cycles + iters / 2) / iters));
}

static uint32_t arg(const char *s, const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > UINT32_MAX || s[0] == '-') {
		fprintf(stderr, "syscall32: bad %s \"%s\"\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	uint32_t iters = DEFAULT_ITERS, warmup = DEFAULT_WARMUP, ppid;
	uint64_t t0, t1, t2, t3;

	if (argc > 3) {
		fprintf(stderr, "usage: syscall32 [ITERS [WARMUP]]\n");
		return 2;
	}
	if (argc > 1)
		iters = arg(argv[1], "ITERS");
	if (argc > 2)
		warmup = arg(argv[2], "WARMUP");
	if (!iters) {
		fprintf(stderr, "syscall32: ITERS must be at least 1\n");
		return 2;
	}
	printf("native: iters=%u warmup=%u\n", iters, warmup);

	if (warmup)
		loop_int80(warmup);
	t0 = rdtsc();
	ppid = loop_int80(iters);
	t1 = rdtsc();

	if (warmup)
		loop_empty(warmup);
	t2 = rdtsc();
	loop_empty(iters);
	t3 = rdtsc();

	/* A wrong number would mean the loop timed something else. */
	if (ppid != (uint32_t)getppid()) {
		fprintf(stderr, "syscall32: int $0x80 nr %d gave %u, getppid() %d\n",
			NR_GETPPID_32, ppid, (int)getppid());
		return 1;
	}
	report("int80_getppid", t1 - t0, iters);
	report("empty", t3 - t2, iters);
	return 0;
}

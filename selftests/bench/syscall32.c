// SPDX-License-Identifier: GPL-2.0
/*
 * syscall32: the native baseline for selftests/guests/bench.c.
 *
 *	syscall32 [ITERS [WARMUP [PF_ROUNDS]]]
 *
 * (defaults 20000 and 1000, as the guest, and 20).
 *
 * A static 32-bit program that times the test VM's own kernel serving
 * "int $0x80" getppid (nr 64 in the i386 table) from a 32-bit process:
 * the system call a guest's hypercall and bounced system call are
 * measured against, in the same VM run.  The loops are the guest's ring-3
 * loops instruction for instruction ("mov $64, %eax; OP; dec; jnz"), so
 * the two "empty" figures match and nothing needs subtracting.
 *
 * Then the baseline of the guest's demand_fault: first-touch page faults.
 * PF_ROUNDS times (after one untimed round), mmap 512 anonymous private
 * pages (2 MiB, the guest's scratch range), write one word to each in
 * turn, in the same loop shape, so that each write faults and the kernel
 * allocates, zeroes and maps a page; munmap outside the timed part.
 * MADV_NOHUGEPAGE keeps a transparent huge page from serving all 512 in
 * one fault.  The figure is per page.
 *
 * Output, rdtsc cycles per iteration, rounded:
 *	native: iters=N warmup=N
 *	native: int80_getppid cycles_per_iter=NNN
 *	native: empty cycles_per_iter=NNN
 *	native: page_fault pages=512 rounds=N
 *	native: page_fault cycles_per_iter=NNN
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define DEFAULT_ITERS	20000
#define DEFAULT_WARMUP	1000
#define NR_GETPPID_32	64
#define DEFAULT_PF_ROUNDS	20
#define PF_PAGES	512
#define PF_PAGE_SIZE	4096

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

/* Write a word to each of @n >= 1 pages from @p on. */
static void loop_touch(char *p, uint32_t n)
{
	asm volatile("1:\tmov %[nr], %%eax\n\t"
		     "mov %%eax, (%[p])\n\t"
		     "add %[step], %[p]\n\t"
		     "dec %[n]\n\t"
		     "jnz 1b"
		     : [n] "+r" (n), [p] "+r" (p)
		     : [nr] "i" (NR_GETPPID_32), [step] "i" (PF_PAGE_SIZE)
		     : "eax", "memory", "cc");
}

/* @rounds of PF_PAGES first-touch faults, after an untimed round. */
static uint64_t time_page_faults(uint32_t rounds)
{
	size_t len = (size_t)PF_PAGES * PF_PAGE_SIZE;
	uint64_t cycles = 0, t0;
	uint32_t r;
	char *p;

	for (r = 0; r <= rounds; r++) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("syscall32: mmap");
			exit(1);
		}
		/* Best effort: EINVAL if the kernel has no THP at all. */
		madvise(p, len, MADV_NOHUGEPAGE);
		t0 = rdtsc();
		loop_touch(p, PF_PAGES);
		if (r)
			cycles += rdtsc() - t0;
		/* The loop must have written every page. */
		if (p[len - PF_PAGE_SIZE] != NR_GETPPID_32) {
			fprintf(stderr, "syscall32: page_fault: page not written\n");
			exit(1);
		}
		if (munmap(p, len)) {
			perror("syscall32: munmap");
			exit(1);
		}
	}
	return cycles;
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
	uint32_t pf_rounds = DEFAULT_PF_ROUNDS;
	uint64_t t0, t1, t2, t3, pf;

	if (argc > 4) {
		fprintf(stderr, "usage: syscall32 [ITERS [WARMUP [PF_ROUNDS]]]\n");
		return 2;
	}
	if (argc > 1)
		iters = arg(argv[1], "ITERS");
	if (argc > 2)
		warmup = arg(argv[2], "WARMUP");
	if (argc > 3)
		pf_rounds = arg(argv[3], "PF_ROUNDS");
	if (!iters || !pf_rounds) {
		fprintf(stderr, "syscall32: ITERS and PF_ROUNDS must be at least 1\n");
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

	printf("native: page_fault pages=%u rounds=%u\n", PF_PAGES, pf_rounds);
	pf = time_page_faults(pf_rounds);
	report("page_fault", pf, pf_rounds * PF_PAGES);
	return 0;
}

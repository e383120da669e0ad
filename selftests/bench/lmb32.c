// SPDX-License-Identifier: GPL-2.0
/*
 * lmb32: lmbench-style operating system micro-benchmarks, one process.
 *
 *	lmb32 [-s SCALE] [-S SHELL] [NAME...]	time every (or each NAME) measure
 *	lmb32 -r NAME -n N [-p] [-S SHELL]	run N iterations, untimed
 *	lmb32 -x				exit at once (fork_exec's child)
 *	lmb32 -l				list the measures: NAME OPS ITERS
 *
 * A static i386 program, run twice in one test VM (selftests/bench/run):
 * natively, as a 32-bit process on the test VM's kernel, and inside the
 * Linux guest on hv.  Each measure prints one line:
 *
 *	lmb32: NAME iters=N ns_per_op=X
 *
 * where the time is CLOCK_MONOTONIC over N iterations (after a few
 * untimed ones), divided by the operations in them.  Under QEMU's
 * "-icount shift=0" a nanosecond is an instruction, so the same line is
 * then an instruction count.  -r runs one measure's loop N times without
 * its warm-up and prints nothing but errors: an outside count (hv's
 * counters) taken around it, less one taken around "-n 0", is N
 * operations' worth.  With -p it then prints "LMB sync post NAME N" and
 * waits for a line on standard input before it exits, so that the count
 * (and hv's trace ring) can be taken before its exit adds to them.
 * -s multiplies every default iteration count; -l
 * lists each measure with its operations an iteration and its default
 * iterations.
 *
 * The whole program runs on CPU 0 (children inherit the affinity): the
 * Linux guest has one vCPU, and a pipe round trip or a context switch
 * between two CPUs is another operation than on one.
 *
 * Exit status 0 when every measure ran and checked its result (the
 * digest of the CPU-bound loop, the handler count of signal delivery,
 * the bytes of the pipe), 1 otherwise, 2 for a bad command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR_GETPPID_32	64
#define PAGE_SIZE	4096
#define PF_PAGES	512		/* 2 MiB a round, as syscall32 */
#define MAP_LEN		(1024 * 1024)
#define SHA_BUF		(64 * 1024)
#define SHA_ROUNDS	1024		/* 1024 x 64 KiB = 64 MiB */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *self = "/proc/self/exe";
static const char *shell = "/bin/sh";
static unsigned long warmup_max = ~0UL;	/* 0 with -r: no warm-up */

static void die(const char *what)
{
	fprintf(stderr, "lmb32: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *what)
{
	fprintf(stderr, "lmb32: %s\n", what);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		die("clock_gettime");
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* A tenth of @n (at least 1) untimed first, unless -r. */
static unsigned long warmup(unsigned long n)
{
	n = n / 10 ? n / 10 : 1;
	return n < warmup_max ? n : warmup_max;
}

/* getppid through "int $0x80"; the entry keeps every register but EAX. */
static void loop_int80(unsigned long n)
{
	uint32_t ret;

	while (n--)
		asm volatile("int $0x80" : "=a" (ret) : "0" (NR_GETPPID_32)
			     : "memory", "cc");
}

static uintptr_t vsyscall;

/* getppid through the vDSO's __kernel_vsyscall (AT_SYSINFO). */
static void loop_vsyscall(unsigned long n)
{
	uint32_t ret;

	while (n--)
		asm volatile("call *%[fn]" : "=a" (ret)
			     : "0" (NR_GETPPID_32), [fn] "r" (vsyscall)
			     : "memory", "cc");
}

/*
 * What the kernel patched into __kernel_vsyscall: the first SYSENTER,
 * SYSCALL or int $0x80 in its first 32 bytes.
 */
static const char *vsyscall_entry(void)
{
	const unsigned char *p = (const unsigned char *)vsyscall;
	int i;

	for (i = 0; i < 31; i++) {
		if (p[i] == 0x0f && p[i + 1] == 0x34)
			return "sysenter";
		if (p[i] == 0x0f && p[i + 1] == 0x05)
			return "syscall";
		if (p[i] == 0xcd && p[i + 1] == 0x80)
			return "int80";
	}
	return "unknown";
}

static int null_fd = -1;

static void loop_read(unsigned long n)
{
	char c;

	while (n--)
		if (read(null_fd, &c, 1) != 0)
			die("read /dev/null");
}

static void loop_write(unsigned long n)
{
	char c = 0;

	while (n--)
		if (write(null_fd, &c, 1) != 1)
			die("write /dev/null");
}

static void loop_stat(unsigned long n)
{
	struct stat st;

	while (n--)
		if (stat("/dev/null", &st))
			die("stat /dev/null");
}

static void loop_open(unsigned long n)
{
	int fd;

	while (n--) {
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0)
			die("open /dev/null");
		close(fd);
	}
}

static void reap(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		fail("a child did not exit with status 0");
}

static void loop_fork(unsigned long n)
{
	pid_t pid;

	while (n--) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(0);
		reap(pid);
	}
}

/* fork, the child execs @argv (exit 127 if it cannot), the parent waits. */
static void spawn(const char *path, char *const argv[])
{
	static char *const envp[] = { "PATH=/bin:/usr/bin", NULL };
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		execve(path, argv, envp);
		_exit(127);
	}
	reap(pid);
}

static void loop_exec(unsigned long n)
{
	char *const argv[] = { "lmb32", "-x", NULL };

	while (n--)
		spawn(self, argv);
}

static void loop_sh(unsigned long n)
{
	char *const argv[] = { "sh", "-c", "true", NULL };

	while (n--)
		spawn(shell, argv);
}

/*
 * One op is one page: 512 first-touch faults a round, mapped and unmapped
 * untimed; the warm-up is one whole round.
 */
static uint64_t time_page_faults(unsigned long rounds)
{
	size_t len = (size_t)PF_PAGES * PAGE_SIZE;
	unsigned long r, i, w = warmup(rounds);
	uint64_t ns = 0, t0;
	char *p;

	for (r = 0; r < w + rounds; r++) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			die("mmap");
		/* No transparent huge page serving all 512 in one fault. */
		madvise(p, len, MADV_NOHUGEPAGE);
		t0 = now_ns();
		for (i = 0; i < len; i += PAGE_SIZE)
			p[i] = 1;
		if (r >= w)
			ns += now_ns() - t0;
		if (p[len - PAGE_SIZE] != 1)
			fail("page_fault: the last page was not written");
		if (munmap(p, len))
			die("munmap");
	}
	return ns;
}

/* 1 MiB mapped populated (256 pages allocated and mapped), then unmapped. */
static void loop_mmap(unsigned long n)
{
	void *p;

	while (n--) {
		p = mmap(NULL, MAP_LEN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p == MAP_FAILED)
			die("mmap");
		if (munmap(p, MAP_LEN))
			die("munmap");
	}
}

static void xpipe(int fd[2])
{
	if (pipe(fd))
		die("pipe");
}

/*
 * A child that echoes @n bytes from @in to @out.  Both ends are the
 * parent's to close.
 */
static pid_t echo_child(int in, int out, unsigned long n)
{
	pid_t pid = fork();
	char c;

	if (pid < 0)
		die("fork");
	if (pid)
		return pid;
	while (n--)
		if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
			_exit(1);
	_exit(0);
}

static void round_trips(int out, int in, unsigned long n)
{
	char c = 'x', r;

	while (n--)
		if (write(out, &c, 1) != 1 || read(in, &r, 1) != 1 || r != c)
			fail("pipe round trip: lost or wrong byte");
}

/* One op: a byte to the child and back, two pipes. */
static uint64_t time_pipe(unsigned long n)
{
	unsigned long w = warmup(n);
	int to[2], from[2];
	uint64_t t0, ns;
	pid_t pid;

	xpipe(to);
	xpipe(from);
	pid = echo_child(to[0], from[1], w + n);
	round_trips(to[1], from[0], w);
	t0 = now_ns();
	round_trips(to[1], from[0], n);
	ns = now_ns() - t0;
	reap(pid);
	close(to[0]);
	close(to[1]);
	close(from[0]);
	close(from[1]);
	return ns;
}

/*
 * Hand the turn @n times to @want's peer: wait (yielding the CPU) for the
 * turn to be @want, then give it to the other.
 */
static void handoffs(int *turn, int want, unsigned long n)
{
	while (n--) {
		while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != want)
			sched_yield();
		__atomic_store_n(turn, !want, __ATOMIC_RELEASE);
	}
}

/*
 * One op is one context switch: two processes on one CPU hand a turn to
 * each other through a shared page, each yielding until the turn is its.
 */
static uint64_t time_ctx(unsigned long n)
{
	unsigned long w = warmup(n);
	uint64_t t0, ns;
	int *turn;
	pid_t pid;

	turn = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (turn == MAP_FAILED)
		die("mmap shared");
	*turn = 0;
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		handoffs(turn, 1, w + n);
		_exit(0);
	}
	handoffs(turn, 0, w);
	t0 = now_ns();
	handoffs(turn, 0, n);
	ns = now_ns() - t0;
	reap(pid);
	munmap(turn, PAGE_SIZE);
	return ns;
}

static unsigned long caught;		/* SIGUSR1 handled */

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_add_fetch(&caught, 1, __ATOMIC_RELAXED);
}

static void install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	if (sigaction(SIGUSR1, &sa, NULL))
		die("sigaction");
}

static void loop_sigaction(unsigned long n)
{
	while (n--)
		install();
}

static void loop_kill(unsigned long n)
{
	unsigned long want = __atomic_load_n(&caught, __ATOMIC_RELAXED) + n;
	pid_t me = getpid();

	while (n--)
		kill(me, SIGUSR1);
	if (__atomic_load_n(&caught, __ATOMIC_RELAXED) != want)
		fail("signal delivery: the handler did not run once a kill");
}

/* SHA-256 (FIPS 180-4), small and plain. */
struct sha256 {
	uint32_t h[8];
};

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, h0, sizeof(h0));
}

static uint32_t sum0(uint32_t x)
{
	return ror(x, 2) ^ ror(x, 13) ^ ror(x, 22);
}

static uint32_t sum1(uint32_t x)
{
	return ror(x, 6) ^ ror(x, 11) ^ ror(x, 25);
}

static uint32_t sig0(uint32_t x)
{
	return ror(x, 7) ^ ror(x, 18) ^ x >> 3;
}

static uint32_t sig1(uint32_t x)
{
	return ror(x, 17) ^ ror(x, 19) ^ x >> 10;
}

static void sha256_block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 |
		       p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + sig0(w[i - 15]) + w[i - 7] +
		       sig1(w[i - 2]);
	a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + sum1(e) + ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
		t2 = sum0(a) + ((a & b) ^ (a & c) ^ (b & c));
		h = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
	s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

/* @len a multiple of 64: the message is whole blocks until the end. */
static void sha256_blocks(struct sha256 *s, const unsigned char *p,
			  size_t len)
{
	for (; len >= 64; p += 64, len -= 64)
		sha256_block(s, p);
}

static void sha256_final(struct sha256 *s, uint64_t bytes,
			 unsigned char out[32])
{
	unsigned char pad[64] = { 0x80 };
	int i;

	for (i = 0; i < 8; i++)
		pad[56 + i] = bytes * 8 >> (56 - 8 * i);
	sha256_block(s, pad);
	for (i = 0; i < 32; i++)
		out[i] = s->h[i / 4] >> (24 - 8 * (i % 4));
}

/*
 * SHA-256 of 64 MiB: a 64 KiB pattern 1024 times.  The digest must be the
 * known one (Python's hashlib of the same bytes), so no compiler can
 * drop the work and no CPU can get it wrong unseen.
 */
static const char sha_want[] =
	"0a1c098bae322f89592a15d5bcfe0e5556b9fbf7a4716ee15c5f1211d0d9c3c3";

static unsigned char sha_buf[SHA_BUF];

static void loop_sha(unsigned long n)
{
	unsigned char d[32];
	char hex[65];
	struct sha256 s;
	int i;

	for (i = 0; i < SHA_BUF; i++)
		sha_buf[i] = i * 131 + 7;
	while (n--) {
		sha256_init(&s);
		for (i = 0; i < SHA_ROUNDS; i++)
			sha256_blocks(&s, sha_buf, SHA_BUF);
		sha256_final(&s, (uint64_t)SHA_BUF * SHA_ROUNDS, d);
		for (i = 0; i < 32; i++)
			sprintf(hex + 2 * i, "%02x", d[i]);
		if (strcmp(hex, sha_want)) {
			fprintf(stderr, "lmb32: sha256 %s, want %s\n", hex,
				sha_want);
			exit(1);
		}
	}
}

struct measure {
	const char *name;
	unsigned long iters;		/* default, times -s */
	unsigned int ops;		/* operations an iteration */
	void (*loop)(unsigned long n);	/* untimed loop, or: */
	uint64_t (*timed)(unsigned long n);	/* its own timing, ns */
};

#define LOOP(n, i, fn)	{ .name = n, .iters = i, .ops = 1, .loop = fn }
#define TIMED(n, i, o, fn) { .name = n, .iters = i, .ops = o, .timed = fn }

static const struct measure measures[] = {
	LOOP("null_int80", 100000, loop_int80),
	LOOP("null_vsyscall", 100000, loop_vsyscall),
	LOOP("read_null", 50000, loop_read),
	LOOP("write_null", 50000, loop_write),
	LOOP("stat", 20000, loop_stat),
	LOOP("open_close", 20000, loop_open),
	LOOP("fork_exit", 100, loop_fork),
	LOOP("fork_exec", 50, loop_exec),
	LOOP("sh_true", 30, loop_sh),
	TIMED("page_fault", 10, PF_PAGES, time_page_faults),
	LOOP("mmap_1m", 200, loop_mmap),
	TIMED("pipe_rt", 10000, 1, time_pipe),
	TIMED("ctx_switch", 10000, 2, time_ctx),
	LOOP("sig_install", 50000, loop_sigaction),
	LOOP("sig_deliver", 20000, loop_kill),
	LOOP("sha256_64m", 1, loop_sha),
};

static const struct measure *find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(measures); i++)
		if (!strcmp(measures[i].name, name))
			return &measures[i];
	fprintf(stderr, "lmb32: no measure \"%s\" (lmb32 -l lists them)\n",
		name);
	exit(2);
}

static uint64_t run(const struct measure *m, unsigned long n)
{
	uint64_t t0;

	if (m->timed)
		return m->timed(n);
	m->loop(warmup(n));
	t0 = now_ns();
	m->loop(n);
	return now_ns() - t0;
}

static void report(const struct measure *m, unsigned long n)
{
	uint64_t ns = run(m, n);
	double per = (double)ns / ((double)n * m->ops);

	printf("lmb32: %s iters=%lu ns_per_op=%.1f\n", m->name, n, per);
	fflush(stdout);
}

static unsigned long number(const char *s, const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-') {
		fprintf(stderr, "lmb32: bad %s \"%s\"\n", what, s);
		exit(2);
	}
	return v;
}

/* -p: say the loop is done, and wait for the go-ahead. */
static void hold(const char *name, unsigned long n)
{
	char c;

	printf("LMB sync post %s %lu\n", name, n);
	fflush(stdout);
	while (read(0, &c, 1) == 1 && c != '\n')
		;
}

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: lmb32 [-s SCALE] [-S SHELL] [NAME...]\n"
		"       lmb32 -r NAME -n N [-p] [-S SHELL]\n"
		"       lmb32 -x | -l\n");
	exit(2);
}

/* Everything on CPU 0, children too. */
static void pin(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static void setup(void)
{
	static char exe[4096];
	ssize_t len;

	vsyscall = getauxval(AT_SYSINFO);
	if (!vsyscall)
		fail("no AT_SYSINFO in the aux vector (no vDSO?)");
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = 0;
		self = exe;
	}
	null_fd = open("/dev/null", O_RDWR);
	if (null_fd < 0)
		die("open /dev/null");
	install();
	pin();
}

int main(int argc, char **argv)
{
	const char *only = NULL;
	unsigned long scale = 1, n = 0;
	bool have_n = false, post = false;
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "s:S:r:n:pxl")) != -1) {
		switch (opt) {
		case 's':
			scale = number(optarg, "SCALE");
			break;
		case 'S':
			shell = optarg;
			break;
		case 'r':
			only = optarg;
			break;
		case 'n':
			n = number(optarg, "N");
			have_n = true;
			break;
		case 'p':
			post = true;
			break;
		case 'x':
			return 0;
		case 'l':
			for (i = 0; i < ARRAY_SIZE(measures); i++)
				printf("%s %u %lu\n", measures[i].name,
				       measures[i].ops, measures[i].iters);
			return 0;
		default:
			bad_usage();
		}
	}
	if (!scale || !!only != have_n || (only && optind < argc) ||
	    (post && !only))
		bad_usage();
	setup();
	if (only) {
		warmup_max = 0;
		run(find(only), n);
		if (post)
			hold(only, n);
		return 0;
	}
	printf("lmb32: vsyscall=%s shell=%s\n", vsyscall_entry(), shell);
	if (optind < argc) {
		for (; optind < argc; optind++) {
			const struct measure *m = find(argv[optind]);

			report(m, m->iters * scale);
		}
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(measures); i++)
		report(&measures[i], measures[i].iters * scale);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * hostile32: what an unprivileged 32-bit process may try on its kernel,
 * one deterministic line per attempt.  84-linux.sh runs it natively in the
 * test VM (a compat process on the host's 64-bit kernel) and as a user of
 * the Linux guest on hv, and wants the same lines from both: every fault
 * the process takes is a fault hv bounced to the guest kernel, which must
 * turn it into the signal, si_code, trap number, error code and address
 * native Linux gives.
 *
 * Each attempt runs in a child of its own (a fault must not leave the next
 * attempt a broken process): it prints "NAME: sig=N code=N addr=A trap=N
 * err=E eip=P ..." from its signal handler (on an alternate stack: some
 * attempts leave no usable stack), "NAME: VALUE" when the attempt ends
 * without a fault, and the parent "NAME: killed sig=N" when the child died
 * of a signal no handler caught.
 *
 * Groups: faults of ordinary programs (NULL, SIGFPE, SIGILL, int3),
 * PROT_NONE mappings (SEGV_ACCERR, data kept across mprotect, munmap,
 * fork, MAP_GROWSDOWN), 16-bit segments from modify_ldt (data, a 16-bit
 * SS with ESP[31:16] set across a system call and a fault, far call, jump,
 * lret and iret into 16-bit code, bad selectors), privileged instructions
 * at ring 3, bad "int $0x80" arguments and iopl/ioperm.  All but the first
 * run as nobody (uid 65534), after the process drops root itself.
 *
 * Built static, i386, non-PIE (selftests/vm/Makefile): the addresses it
 * prints are the same in both runs.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <asm/ldt.h>
#include <ucontext.h>
#include <unistd.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define IMAGE		0x08048000UL	/* where a static i386 program loads */
#define IMAGE_END	0x08200000UL
#define CODE16		0x40000000UL	/* the 16-bit code segment's base */
#define DATA16		0x40010000UL	/* the 16-bit data segment's base */
#define PNONE		0x50000000UL	/* the PROT_NONE mapping */
#define GROWS		0x58000000UL	/* the MAP_GROWSDOWN mapping */
#define SEL_CODE16	0x07		/* LDT 0, RPL 3 */
#define SEL_DATA16	0x0f		/* LDT 1, RPL 3 */
#define SEL_EMPTY	0x2f		/* LDT 5: never written */
#define WILD		0x30000000UL	/* never mapped, below 3 GiB */
#define ESP_HIGH	0xdead0100U	/* ESP[31:16] set on a 16-bit SS */

static const char *cur;		/* the attempt the child runs */
static unsigned int user_cs, user_ss;	/* the kernel's flat selectors */
static int cur_int = -1;	/* its "int $n", for the error code */
static char altstack[65536];

static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (write(1, buf, n) != n)
		_exit(3);
}

/* Addresses in our own image or segment offsets print as they are. */
static void fmt_addr(char *buf, size_t len, unsigned long a)
{
	if (a < 0x10000 || (a >= IMAGE && a < IMAGE_END) ||
	    (a >= WILD && a < GROWS + 0x100000))
		snprintf(buf, len, "%#lx", a);
	else
		snprintf(buf, len, "other");
}

/*
 * The kernel's own flat user selectors differ (0x23/0x2b on x86-64, 0x73/
 * 0x7b on i386): they print as "user", ours (LDT) as numbers.
 */
static void fmt_sel(char *buf, size_t len, unsigned long sel,
		    unsigned int flat)
{
	if ((sel & 0xffff) == flat)
		snprintf(buf, len, "user");
	else
		snprintf(buf, len, "%#lx", sel & 0xffff);
}

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	unsigned long err = g[REG_ERR];
	char addr[24], eip[24], cs[24], ss[24];

	/*
	 * QEMU TCG reports "int $n" through a DPL-0 gate in long mode with
	 * the 16-byte gate's offset (n * 16 + 2); hardware, and hv's bounce,
	 * give n * 8 + 2.  Print the hardware's.
	 */
	if (cur_int >= 0 && err == (unsigned long)cur_int * 16 + 2)
		err = cur_int * 8 + 2;
	fmt_addr(addr, sizeof(addr), (unsigned long)si->si_addr);
	fmt_addr(eip, sizeof(eip), g[REG_EIP]);
	fmt_sel(cs, sizeof(cs), g[REG_CS], user_cs);
	fmt_sel(ss, sizeof(ss), g[REG_SS], user_ss);
	say("%s: sig=%d code=%d addr=%s trap=%d err=%#lx eip=%s cs=%s ss=%s esp=%s\n",
	    cur, sig, si->si_code, addr, (int)g[REG_TRAPNO], err, eip, cs, ss,
	    (unsigned int)g[REG_UESP] == ESP_HIGH ? "ESP_HIGH" : "-");
	_exit(0);
}

static void catch_all(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
	struct sigaction sa;
	stack_t st = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaltstack(&st, NULL);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* An attempt returns the value to print when it did not fault. */
typedef long (*attempt_fn)(void);

static void attempt(const char *name, attempt_fn fn)
{
	pid_t pid;
	int st;
	long v;

	pid = fork();
	if (pid < 0) {
		say("%s: fork failed %d\n", name, errno);
		return;
	}
	if (pid == 0) {
		cur = name;
		v = fn();
		say("%s: %#lx\n", name, v);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		say("%s: killed sig=%d\n", name, WTERMSIG(st));
}

static void (*cur_priv)(void);

static long run_priv(void)
{
	cur_priv();
	return 0;
}

/* An instruction that takes no operand from C and returns nothing. */
static void attempt_priv(const char *name, void (*fn)(void))
{
	cur_priv = fn;
	attempt(name, run_priv);
}

/* The same with the n of an "int $n" the attempt executes. */
static void attempt_int(const char *name, void (*fn)(void), int n)
{
	cur_int = n;
	attempt_priv(name, fn);
	cur_int = -1;
}

/* --- faults of ordinary programs ------------------------------------- */

/* One load or store the compiler cannot drop or move. */
static int peek(unsigned long a)
{
	int v;

	asm volatile("movl (%1), %0" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static void poke(unsigned long a, int v)
{
	asm volatile("movl %0, (%1)" : : "r"(v), "r"(a) : "memory");
}

static long null_read(void)
{
	return peek(0);
}

static long text_write(void)
{
	poke((unsigned long)null_read, 0);
	return 0;
}

static long divide_zero(void)
{
	long a = 1, d = 0;

	asm volatile("divl %2" : "+a"(a), "+d"(d) : "r"(0));
	return a;
}

static long ud2(void)
{
	asm volatile("ud2");
	return 0;
}

static long int3(void)
{
	asm volatile("int3");
	return 0;
}

static long wild_jump(void)
{
	asm volatile("jmp *%0" : : "r"(WILD));
	return 0;
}

/* --- PROT_NONE -------------------------------------------------------- */

static long pnone_touch(void)
{
	return peek(PNONE + 4);
}

/* A child of a fork finds the data behind the parent's PROT_NONE. */
static long pnone_child(void)
{
	if (mprotect((void *)PNONE, 8192, PROT_READ))
		return -errno;
	return peek(PNONE) + peek(PNONE + 4096);
}

static long pnone_read(void)
{
	return peek(PNONE) + peek(PNONE + 4096);
}

/*
 * PROT_NONE -> RW -> data -> PROT_NONE -> RW: a touch faults with
 * SEGV_ACCERR before the data and while it is hidden (a non-present entry
 * with content, guest-abi.rst), a forked child and the parent find the
 * data after mprotect, and a touch after munmap faults with SEGV_MAPERR.
 * The parent changes the mapping; the attempts are its children.
 */
static int run_prot_none(void)
{
	void *a = (void *)PNONE;

	if (mmap(a, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0) == MAP_FAILED)
		return -1;
	attempt("prot_none touch", pnone_touch);
	if (mprotect(a, 8192, PROT_READ | PROT_WRITE))
		return -1;
	poke(PNONE, 0x600df00d);
	poke(PNONE + 4096, 0x1234);
	if (mprotect(a, 8192, PROT_NONE))
		return -1;
	attempt("prot_none hidden", pnone_touch);
	attempt("prot_none fork", pnone_child);
	if (mprotect(a, 8192, PROT_READ | PROT_WRITE))
		return -1;
	attempt("prot_none back", pnone_read);
	if (munmap(a, 8192))
		return -1;
	attempt("prot_none unmapped", pnone_touch);
	return 0;
}

/* A MAP_GROWSDOWN mapping grows by a touch just below it. */
static long grows_down(void)
{
	poke(GROWS - 16, 0x77);
	return peek(GROWS - 16);
}

/* --- 16-bit segments -------------------------------------------------- */

static int set_ldt(int entry, unsigned long base, int code)
{
	struct user_desc d = {
		.entry_number = entry,
		.base_addr = base,
		.limit = 0xffff,
		.seg_32bit = 0,
		.contents = code ? MODIFY_LDT_CONTENTS_CODE :
				   MODIFY_LDT_CONTENTS_DATA,
	};

	return syscall(SYS_modify_ldt, 1, &d, sizeof(d));
}

/*
 * The 16-bit code: at 0 "mov ax, 0x1234; retfd", at 0x10 "hlt", at 0x20
 * "mov ax, 0x5678; retfd", at 0x30 "mov ax, 0x9abc; retfd".
 */
static const unsigned char code16[][8] = {
	{ 0xb8, 0x34, 0x12, 0x66, 0xcb },
	{ 0xf4 },
	{ 0xb8, 0x78, 0x56, 0x66, 0xcb },
	{ 0xb8, 0xbc, 0x9a, 0x66, 0xcb },
};

static int setup16(void)
{
	unsigned int i;

	if (mmap((void *)CODE16, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ||
	    mmap((void *)DATA16, 65536, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
		say("setup: mmap failed errno=%d\n", errno);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(code16); i++)
		memcpy((char *)CODE16 + i * 0x10, code16[i], sizeof(code16[i]));
	*(int *)(DATA16 + 0x10) = 0x11223344;
	if (set_ldt(0, CODE16, 1) || set_ldt(1, DATA16, 0)) {
		say("setup: modify_ldt failed errno=%d\n", errno);
		return -1;
	}
	return 0;
}

static long ds16_read(void)
{
	long v;

	asm volatile("push %%es\n\t"
		     "mov %1, %%es\n\t"
		     "mov %%es:0x10, %0\n\t"
		     "pop %%es"
		     : "=r"(v) : "r"(SEL_DATA16) : "memory");
	return v;
}

/* A push and a pop on a 16-bit SS; ESP[31:16] stay as they were. */
static long ss16_push(void)
{
	unsigned long v, esp;

	asm volatile("mov %%esp, %%ebp\n\t"
		     "mov %%ss, %%dx\n\t"
		     "mov %2, %%ss\n\t"
		     "mov %3, %%esp\n\t"
		     "push $0x5a5a\n\t"
		     "pop %%eax\n\t"
		     "mov %%esp, %%ecx\n\t"
		     "mov %%dx, %%ss\n\t"
		     "mov %%ebp, %%esp"
		     : "=a"(v), "=c"(esp)
		     : "r"(SEL_DATA16), "i"(ESP_HIGH)
		     : "edx", "ebp", "memory");
	return esp == ESP_HIGH ? (long)v : (long)esp;
}

/*
 * A system call from a 16-bit SS: the return's IRET restores only SP, so
 * ESP[31:16] are the kernel's own unless it has espfix.  Natively and on
 * hv they must be the process's.
 */
static long ss16_syscall(void)
{
	unsigned long r, esp;

	asm volatile("mov %%esp, %%ebp\n\t"
		     "mov %%ss, %%dx\n\t"
		     "mov %2, %%ss\n\t"
		     "mov %3, %%esp\n\t"
		     "mov %4, %%eax\n\t"
		     "int $0x80\n\t"
		     "mov %%esp, %%ecx\n\t"
		     "mov %%dx, %%ss\n\t"
		     "mov %%ebp, %%esp"
		     : "=a"(r), "=c"(esp)
		     : "r"(SEL_DATA16), "i"(ESP_HIGH), "i"(SYS_getppid)
		     : "edx", "ebp", "memory");
	if ((long)r <= 0)
		return r;
	return esp;
}

/* A fault on a 16-bit SS: the handler sees SS and ESP as they were. */
static long ss16_fault(void)
{
	asm volatile("mov %0, %%ss\n\t"
		     "mov %1, %%esp\n\t"
		     "hlt"
		     : : "r"(SEL_DATA16), "i"(ESP_HIGH) : "memory");
	return 0;
}

static long lcall16(void)
{
	static const unsigned int far[2] = { 0, SEL_CODE16 };
	long v = -1;

	asm volatile("lcall *%1" : "+a"(v) : "m"(far) : "memory");
	return v;
}

static long ljmp16_hlt(void)
{
	static const unsigned int far[2] = { 0x10, SEL_CODE16 };

	asm volatile("ljmp *%0" : : "m"(far) : "memory");
	return 0;
}

static long lret16(void)
{
	long v = -1;

	asm volatile("push %%cs\n\t"
		     "push $1f\n\t"
		     "push %1\n\t"
		     "push $0x20\n\t"
		     "lret\n"
		     "1:"
		     : "+a"(v) : "i"(SEL_CODE16) : "memory");
	return v;
}

static long iret16(void)
{
	long v = -1;

	asm volatile("push %%cs\n\t"
		     "push $1f\n\t"
		     "pushf\n\t"
		     "push %1\n\t"
		     "push $0x30\n\t"
		     "iret\n"
		     "1:"
		     : "+a"(v) : "i"(SEL_CODE16) : "memory");
	return v;
}

static long iret_null_cs(void)
{
	asm volatile("pushf\n\t"
		     "push $0\n\t"
		     "push $1f\n\t"
		     "iret\n"
		     "1:" : : : "memory");
	return 0;
}

static long iret_empty_cs(void)
{
	asm volatile("pushf\n\t"
		     "push %0\n\t"
		     "push $1f\n\t"
		     "iret\n"
		     "1:" : : "i"(SEL_EMPTY) : "memory");
	return 0;
}

static long ljmp_data(void)
{
	static const unsigned int far[2] = { 0, SEL_DATA16 };

	asm volatile("ljmp *%0" : : "m"(far) : "memory");
	return 0;
}

static long ss_code(void)
{
	asm volatile("mov %0, %%ss" : : "r"(SEL_CODE16) : "memory");
	return 0;
}

/* --- privileged instructions at ring 3 -------------------------------- */

/* A privileged instruction: an attempt of attempt_priv(). */
#define PRIV(name, insn)				\
static void name(void)					\
{							\
	asm volatile(insn : : : "eax", "ecx", "edx",	\
		     "esi", "edi", "memory");		\
}

static unsigned char scratch[16];

PRIV(p_cli, "cli")
PRIV(p_sti, "sti")
PRIV(p_hlt, "hlt")
PRIV(p_in_imm, "inb $0x80, %%al")
PRIV(p_out_imm, "outb %%al, $0x80")
PRIV(p_in_dx, "mov $0xcf8, %%dx\n\tinl (%%dx), %%eax")
PRIV(p_out_dx, "mov $0xcf8, %%dx\n\toutl %%eax, (%%dx)")
PRIV(p_ins, "mov $0x80, %%dx\n\tmov $scratch, %%edi\n\tmov $2, %%ecx\n\trep insb")
PRIV(p_outs, "mov $0x80, %%dx\n\tmov $scratch, %%esi\n\tmov $2, %%ecx\n\trep outsb")
PRIV(p_rd_cr0, "mov %%cr0, %%eax")
PRIV(p_wr_cr0, "xor %%eax, %%eax\n\tmov %%eax, %%cr0")
PRIV(p_rd_cr3, "mov %%cr3, %%eax")
PRIV(p_wr_cr3, "xor %%eax, %%eax\n\tmov %%eax, %%cr3")
PRIV(p_rd_dr7, "mov %%dr7, %%eax")
PRIV(p_wr_dr7, "mov $0x3ff, %%eax\n\tmov %%eax, %%dr7")
PRIV(p_lgdt, "lgdt scratch")
PRIV(p_lidt, "lidt scratch")
PRIV(p_wrmsr, "mov $0x174, %%ecx\n\txor %%eax, %%eax\n\txor %%edx, %%edx\n\twrmsr")
PRIV(p_rdmsr, "mov $0xc0000080, %%ecx\n\trdmsr")
PRIV(p_invd, "invd")
PRIV(p_wbinvd, "wbinvd")
PRIV(p_clts, "clts")
PRIV(p_int3_long, "int $3")
PRIV(p_int82, "int $0x82")
PRIV(p_int81, "int $0x81")
PRIV(p_int13, "int $13")
PRIV(p_into, "mov $0x7fffffff, %%eax\n\tadd $1, %%eax\n\tinto")
PRIV(p_into_clear, "xor %%eax, %%eax\n\tinto")

/*
 * SYSENTER with garbage in every register.  Native Linux enters its
 * SYSENTER path (ESP from EBP) and returns to the vDSO, which pops from
 * the garbage stack: SIGSEGV.  On hv the guest registered no SYSENTER
 * callback (SEP is hidden): #GP, SIGSEGV.  Only the signal is printed.
 */
static long p_sysenter(void)
{
	asm volatile("mov $0xdead0000, %%ebp\n\t"
		     "mov $0xdead1000, %%esp\n\t"
		     "mov $0xfffffff0, %%eax\n\t"
		     "mov $0xc0000000, %%ebx\n\t"
		     "mov $0xffffffff, %%ecx\n\t"
		     "mov $0xdead2000, %%edx\n\t"
		     "sysenter"
		     : : : "eax", "ebx", "ecx", "edx", "memory");
	return 0;
}

static void sysenter_signal(int sig)
{
	say("sysenter: sig=%d\n", sig);
	_exit(0);
}

static void attempt_sysenter(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = sysenter_signal;
		sa.sa_flags = SA_ONSTACK;
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGILL, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		p_sysenter();
		say("sysenter: returned\n");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		say("sysenter: killed sig=%d\n", WTERMSIG(st));
}

/* --- system calls with bad arguments ---------------------------------- */

static long int80(long nr, long a, long b, long c)
{
	long r;

	asm volatile("int $0x80"
		     : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static void syscalls(void)
{
	int p[2], r;

	say("sys -1: %ld\n", int80(-1, 0, 0, 0));
	say("sys 0x7fffffff: %ld\n", int80(0x7fffffff, 1, 2, 3));
	say("sys 0x80000000: %ld\n", int80(LONG_MIN, 1, 2, 3));
	say("sys 1000: %ld\n", int80(1000, 1, 2, 3));
	say("write bad pointer: %ld\n", int80(SYS_write, 1, 0xdead0000, 16));
	say("write kernel pointer: %ld\n", int80(SYS_write, 1, 0xc0001000, 16));
	say("write to fd -1: %ld\n", int80(SYS_write, -1, (long)scratch, 1));
	say("open bad path: %ld\n", int80(SYS_open, 0x10, 0, 0));
	say("open kernel path: %ld\n", int80(SYS_open, 0xc0000000, 0, 0));
	if (pipe(p) == 0) {
		int80(SYS_write, p[1], (long)"abcd", 4);
		say("read into kernel: %ld\n",
		    int80(SYS_read, p[0], 0xc0000000, 4));
		say("read into NULL: %ld\n", int80(SYS_read, p[0], 0, 4));
	}
	say("uname kernel pointer: %ld\n", int80(SYS_uname, 0xc0100000, 0, 0));
	say("getppid with garbage: %s\n",
	    int80(SYS_getppid, -1, -1, -1) == getppid() ? "ok" : "wrong");
	errno = 0;
	r = iopl(3);
	say("iopl(3): %d errno=%d\n", r, errno);
	errno = 0;
	r = ioperm(0x80, 1, 1);
	say("ioperm(0x80): %d errno=%d\n", r, errno);
}

/*
 * The far transfers that read or write the stack (lcall, lret, iret):
 * QEMU 7.2's TCG makes those accesses with supervisor rights, so with
 * SMAP on they raise a #PF without the user bit, which the host kernel
 * takes for its own fault and Oopses on (the test VM's kernel natively;
 * under hv the guest's kernel sees a user fault it cannot fix).  Only
 * "hostile32 -f" runs them: 84-linux.sh passes it where the test VM's CPU
 * has no SMAP (-cpu qemu64).
 */
static int far_ok;

static void attempt_far(const char *name, attempt_fn fn)
{
	if (far_ok)
		attempt(name, fn);
	else
		say("%s: skipped\n", name);
}

/* "hostile32 segv|fpe|ill": die of the fault, no handler (84-linux.sh). */
static int die_of(const char *how)
{
	if (!strcmp(how, "segv"))
		null_read();
	else if (!strcmp(how, "fpe"))
		divide_zero();
	else if (!strcmp(how, "ill"))
		ud2();
	return 2;
}

/*
 * "hostile32 chld": three children exit one after the other, each with its
 * own status, and each must bring its own SIGCHLD whose siginfo names it
 * (84-linux.sh).  One child at a time, because pending SIGCHLDs merge; the
 * shell's "trap CHLD" cannot check this: bash 5.2 loses a count now and
 * then even natively (117 of 2,000 runs of three children on the test VM).
 */
static int chld_each(void)
{
	struct timespec limit = { .tv_sec = 30 };
	siginfo_t si;
	sigset_t set;
	int i, good = 0;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return 1;
	for (i = 1; i <= 3; i++) {
		pid = fork();
		if (pid < 0)
			return 1;
		if (!pid)
			_exit(i);
		if (sigtimedwait(&set, &si, &limit) == SIGCHLD &&
		    si.si_pid == pid && si.si_code == CLD_EXITED &&
		    si.si_status == i && waitpid(pid, NULL, 0) == pid)
			good++;
	}
	say("chld: %d\n", good);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "-f"))
		far_ok = 1;
	else if (argc > 1 && !strcmp(argv[1], "chld"))
		return chld_each();
	else if (argc > 1)
		return die_of(argv[1]);
	asm("mov %%cs, %0\n\tmov %%ss, %1" : "=r"(user_cs), "=r"(user_ss));
	catch_all();

	/* As root: a program's own mistakes. */
	attempt("null read", null_read);
	attempt("text write", text_write);
	attempt("divide by zero", divide_zero);
	attempt("ud2", ud2);
	attempt("int3", int3);
	attempt("wild jump", wild_jump);

	if (setup16() ||
	    mmap((void *)GROWS, 65536, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN,
		 -1, 0) == MAP_FAILED) {
		say("setup: failed errno=%d\n", errno);
		return 1;
	}
	if (setgid(65534) || setuid(65534)) {
		say("setuid: failed errno=%d\n", errno);
		return 1;
	}
	say("uid: %d euid: %d\n", getuid(), geteuid());

	if (run_prot_none())
		say("prot_none: failed errno=%d\n", errno);
	attempt("grows down", grows_down);

	attempt("ds16 read", ds16_read);
	attempt("ss16 push", ss16_push);
	attempt("ss16 syscall", ss16_syscall);
	attempt("ss16 fault", ss16_fault);
	attempt_far("lcall16", lcall16);
	attempt("ljmp16 hlt", ljmp16_hlt);
	attempt_far("lret16", lret16);
	attempt_far("iret16", iret16);
	attempt_far("iret null cs", iret_null_cs);
	attempt_far("iret empty cs", iret_empty_cs);
	attempt("ljmp data", ljmp_data);
	attempt("mov ss code", ss_code);

	attempt_priv("cli", p_cli);
	attempt_priv("sti", p_sti);
	attempt_priv("hlt", p_hlt);
	attempt_priv("in imm", p_in_imm);
	attempt_priv("out imm", p_out_imm);
	attempt_priv("in dx", p_in_dx);
	attempt_priv("out dx", p_out_dx);
	attempt_priv("rep insb", p_ins);
	attempt_priv("rep outsb", p_outs);
	attempt_priv("mov cr0 read", p_rd_cr0);
	attempt_priv("mov cr0 write", p_wr_cr0);
	attempt_priv("mov cr3 read", p_rd_cr3);
	attempt_priv("mov cr3 write", p_wr_cr3);
	attempt_priv("mov dr7 read", p_rd_dr7);
	attempt_priv("mov dr7 write", p_wr_dr7);
	attempt_priv("lgdt", p_lgdt);
	attempt_priv("lidt", p_lidt);
	attempt_priv("wrmsr", p_wrmsr);
	attempt_priv("rdmsr", p_rdmsr);
	attempt_priv("invd", p_invd);
	attempt_priv("wbinvd", p_wbinvd);
	attempt_priv("clts", p_clts);
	attempt_priv("int $3", p_int3_long);
	attempt_int("int $0x82", p_int82, 0x82);
	attempt_int("int $0x81", p_int81, 0x81);
	attempt_int("int $13", p_int13, 13);
	attempt_priv("into overflow", p_into);
	attempt_priv("into clear", p_into_clear);
	attempt_sysenter();

	syscalls();
	say("end\n");
	return 0;
}

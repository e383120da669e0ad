// SPDX-License-Identifier: GPL-2.0
/*
 * dr6_watch CPU: take a hardware watchpoint in a host process on CPU and
 * print the DR6 the kernel reports for it ("dr6 0x...").
 *
 * A traced child, pinned to CPU like its tracer, gets a 4-byte write
 * watchpoint (DR0, DR7) through PTRACE_POKEUSER and writes the watched
 * word once; the tracer reads DR6 back with PTRACE_PEEKUSER.  On a clean
 * CPU that is 0xffff0ff1 (B0 and the bits that read as 1); a stale
 * DR6.BS (0x4000) left in the real register by someone else's single
 * step shows up there as 0xffff4ff1 (Linux's exc_debug copies BS of the
 * hardware DR6 into what ptrace reports).
 *
 * Exit status: 0 when the watchpoint fired and DR6 was read, 1 otherwise.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define DR7_L0		0x1		/* DR0 enabled (local) */
#define DR7_W0		(0x1 << 16)	/* break on data writes */
#define DR7_LEN0_4	(0x3 << 18)	/* 4 bytes */

/* Global: the child's store to it cannot be optimised away. */
int watched;

static int poke_dr(pid_t pid, int n, unsigned long val)
{
	return ptrace(PTRACE_POKEUSER, pid,
		      offsetof(struct user, u_debugreg) + n * sizeof(long),
		      val);
}

static void child(void)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(2);
	raise(SIGSTOP);
	watched = 1;
	_exit(0);
}

int main(int argc, char **argv)
{
	cpu_set_t set;
	long dr6;
	pid_t pid;
	int st;

	if (argc != 2) {
		fprintf(stderr, "usage: dr6_watch CPU\n");
		return 2;
	}
	CPU_ZERO(&set);
	CPU_SET(atoi(argv[1]), &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid)
		child();
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st)) {
		fprintf(stderr, "the child did not stop\n");
		return 1;
	}
	if (poke_dr(pid, 0, (unsigned long)&watched) ||
	    poke_dr(pid, 7, DR7_L0 | DR7_W0 | DR7_LEN0_4)) {
		perror("PTRACE_POKEUSER");
		kill(pid, SIGKILL);
		return 1;
	}
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) ||
	    WSTOPSIG(st) != SIGTRAP) {
		fprintf(stderr, "the watchpoint did not fire (status 0x%x)\n",
			st);
		kill(pid, SIGKILL);
		return 1;
	}
	dr6 = ptrace(PTRACE_PEEKUSER, pid,
		     offsetof(struct user, u_debugreg) + 6 * sizeof(long),
		     NULL);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	printf("dr6 0x%lx\n", dr6);
	return 0;
}

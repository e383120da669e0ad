/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of hvctl share: commands, exit status, error reporting.
 */
#ifndef HVCTL_H
#define HVCTL_H

#include "libhv.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Exit status of hvctl, see the table in main.c */
enum hvctl_status {
	HVCTL_EXIT_OK		= 0,
	HVCTL_EXIT_FAIL		= 1,
	HVCTL_EXIT_USAGE	= 2,
	HVCTL_EXIT_NOENT	= 3,
	HVCTL_EXIT_PERM		= 4,
	HVCTL_EXIT_NOHV		= 5,
	/* How a guest ended, for wait and console; 0 is poweroff */
	HVCTL_EXIT_REBOOT	= 10,
	HVCTL_EXIT_SUSPEND	= 11,
	HVCTL_EXIT_CRASH	= 12,
	HVCTL_EXIT_WATCHDOG	= 13,
	HVCTL_EXIT_SOFT_RESET	= 14,
	HVCTL_EXIT_KILLED	= 15,
	/* shutdown: the guest did not end in time and was destroyed */
	HVCTL_EXIT_FORCED	= 16,	/* though it took the request */
	HVCTL_EXIT_NO_ACK	= 17,	/* it never took the request */
};

struct command {
	const char *name;
	const char *alias;
	/* argv[0] is the command's name; returns an exit status */
	int (*fn)(const struct command *cmd, int argc, char **argv);
	const char *args;
	const char *help;
};

int cmd_create(const struct command *cmd, int argc, char **argv);
int cmd_list(const struct command *cmd, int argc, char **argv);
int cmd_show(const struct command *cmd, int argc, char **argv);
int cmd_destroy(const struct command *cmd, int argc, char **argv);
int cmd_monitor(const struct command *cmd, int argc, char **argv);
int cmd_pause(const struct command *cmd, int argc, char **argv);
int cmd_resume(const struct command *cmd, int argc, char **argv);
int cmd_wait(const struct command *cmd, int argc, char **argv);
int cmd_console(const struct command *cmd, int argc, char **argv);
int cmd_regs(const struct command *cmd, int argc, char **argv);
int cmd_trace(const struct command *cmd, int argc, char **argv);
int cmd_store(const struct command *cmd, int argc, char **argv);
int cmd_shutdown(const struct command *cmd, int argc, char **argv);
int cmd_sysrq(const struct command *cmd, int argc, char **argv);

/*
 * The fields of a domain, in text "web id 1 memory 64M state running",
 * and how it ended once it did.
 */
void print_domain(const struct hv_domain *dom);
/* One domain with its counters, as show and create print it */
void show_domain(const struct hv_domain *dom);

/*
 * hvctl_console() - print a domain's console output, buffered and new,
 * and type standard input into it, until the domain ends or the user
 * detaches.  @arg names the domain in messages.
 * Return: the exit status, see hvctl_end_status().
 */
int hvctl_console(struct hv *hv, const struct hv_domain_ref *ref,
		  const char *arg);

/*
 * Error reporting.  Each prints "hvctl: ..." on stderr and returns the
 * exit status that goes with the error.
 */
int hvctl_fail(const struct hv *hv, int err, const char *what,
	       const char *arg);
int hvctl_usage(const struct command *cmd);
int hvctl_bad_option(int c, char **argv);
int hvctl_bad_name(const char *name);

/*
 * The exit status that tells how @dom ended: 0 for poweroff, 10 to 15
 * for the others.  Says on stderr why hv killed it, if it did.
 */
int hvctl_end_status(const struct hv_domain *dom);

/* NAME|ID into @ref, saying what is wrong with it; an exit status */
int hvctl_parse_ref(const char *arg, struct hv_domain_ref *ref);
/* Run @fn on the domain a command's NAME|ID names; an exit status */
int hvctl_on_domain(const struct command *cmd, int argc, char **argv,
		    int (*fn)(struct hv *hv, const struct hv_domain_ref *ref));
/* The single NAME|ID argument of a command into @ref; an exit status */
int hvctl_ref_arg(const struct command *cmd, int argc, char **argv,
		  struct hv_domain_ref *ref);

/* hv_open() that reports failure; returns an exit status */
int hvctl_open(struct hv **hvp);

#endif /* HVCTL_H */

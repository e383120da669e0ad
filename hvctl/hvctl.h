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

/* The fields of a domain, in text "web id 1 memory 64M state running" */
void print_domain(const struct hv_domain *dom);

/*
 * Error reporting.  Each prints "hvctl: ..." on stderr and returns the
 * exit status that goes with the error.
 */
int hvctl_fail(const struct hv *hv, int err, const char *what,
	       const char *arg);
int hvctl_usage(const struct command *cmd);
int hvctl_bad_option(int c, char **argv);

/* hv_open() that reports failure; returns an exit status */
int hvctl_open(struct hv **hvp);

#endif /* HVCTL_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Error messages of hvctl and the exit status each error maps to.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "hvctl.h"

static int errno_status(int err)
{
	switch (err) {
	case -ENOENT:
		return HVCTL_EXIT_NOENT;
	case -EPERM:
	case -EACCES:
		return HVCTL_EXIT_PERM;
	default:
		return HVCTL_EXIT_FAIL;
	}
}

/*
 * "hvctl: WHAT ARG: WHY", WHY being the kernel's own message when it sent
 * one.  The kernel refuses changes to unprivileged users without a word,
 * so for them tell what is missing.
 */
int hvctl_fail(const struct hv *hv, int err, const char *what,
	       const char *arg)
{
	const char *msg = hv ? hv_errmsg(hv) : "";

	fprintf(stderr, "hvctl: %s%s%s", what, arg ? " " : "", arg ? arg : "");
	if (*msg)
		fprintf(stderr, ": %s\n", msg);
	else if (err == -EPERM || err == -EACCES)
		fprintf(stderr, ": %s (need CAP_NET_ADMIN)\n", strerror(-err));
	else
		fprintf(stderr, ": %s\n", strerror(-err));
	return errno_status(err);
}

int hvctl_usage(const struct command *cmd)
{
	fprintf(stderr, "usage: hvctl %s%s%s\n", cmd->name,
		*cmd->args ? " " : "", cmd->args);
	return HVCTL_EXIT_USAGE;
}

/* After getopt_long() with opterr 0 returned @c, '?' or ':' */
int hvctl_bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		fprintf(stderr, "hvctl: option \"%s\" needs a value\n", arg);
	else if (optopt)
		fprintf(stderr, "hvctl: unknown option \"-%c\"\n", optopt);
	else
		fprintf(stderr, "hvctl: unknown option \"%s\"\n", arg);
	return HVCTL_EXIT_USAGE;
}

int hvctl_open(struct hv **hvp)
{
	int err = hv_open(hvp);

	if (err == -ENOENT) {
		fputs("hvctl: hv is not available: the hv module is not loaded\n",
		      stderr);
		return HVCTL_EXIT_NOHV;
	}
	if (err) {
		fprintf(stderr, "hvctl: cannot talk to hv: %s\n", strerror(-err));
		return HVCTL_EXIT_FAIL;
	}
	return HVCTL_EXIT_OK;
}

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

int hvctl_bad_name(const char *name)
{
	fprintf(stderr, "hvctl: invalid domain name \"%s\": use 1 to %d of A-Z a-z 0-9 . _ -, starting with a letter or digit, not all digits\n",
		name, HV_DOMAIN_NAME_MAX);
	return HVCTL_EXIT_USAGE;
}

static const int end_status[] = {
	[HV_END_POWEROFF]	= HVCTL_EXIT_OK,
	[HV_END_REBOOT]		= HVCTL_EXIT_REBOOT,
	[HV_END_SUSPEND]	= HVCTL_EXIT_SUSPEND,
	[HV_END_CRASH]		= HVCTL_EXIT_CRASH,
	[HV_END_WATCHDOG]	= HVCTL_EXIT_WATCHDOG,
	[HV_END_SOFT_RESET]	= HVCTL_EXIT_SOFT_RESET,
	[HV_END_KILLED]		= HVCTL_EXIT_KILLED,
};

int hvctl_end_status(const struct hv_domain *dom)
{
	if (!(dom->has & HV_DOMAIN_HAS_END)) {
		fprintf(stderr, "hvctl: %s is %s, and hv did not say why\n",
			dom->name, hv_state_name(dom->state));
		return HVCTL_EXIT_FAIL;
	}
	/* Poweroff (0) is also what an unlisted value would map to */
	if (dom->end >= ARRAY_SIZE(end_status) ||
	    (dom->end != HV_END_POWEROFF && !end_status[dom->end])) {
		fprintf(stderr, "hvctl: %s ended in a way unknown to hvctl (%u)\n",
			dom->name, dom->end);
		return HVCTL_EXIT_FAIL;
	}
	if (dom->end == HV_END_KILLED) {
		fprintf(stderr, "hvctl: %s was killed by hv: %s", dom->name,
			*dom->end_reason ? dom->end_reason : "no reason given");
		if (dom->has & HV_DOMAIN_HAS_END_EIP)
			fprintf(stderr, " (EIP 0x%08x)", dom->end_eip);
		fputc('\n', stderr);
	}
	return end_status[dom->end];
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

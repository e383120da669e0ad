// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: control the hv hypervisor.
 *
 *	hvctl [-j] [-V|--version] COMMAND [ARGS]
 *
 * Exit status, also documented in hvctl(8):
 *	0	success; for wait and console, the guest powered off
 *	1	the operation failed (any error not listed below)
 *	2	usage error: bad command line, domain name, id or size
 *	3	no such domain (ENOENT)
 *	4	permission denied (EPERM, EACCES)
 *	5	hv is not available: the hv module is not loaded
 * and for wait, console and create --console, how the guest ended:
 *	10	reboot
 *	11	suspend
 *	12	crash: the guest said it crashed
 *	13	watchdog
 *	14	soft_reset
 *	15	killed by hv, which says why on stderr
 * and for shutdown with --wait or --timeout, when the guest did not end
 * in time and was destroyed:
 *	16	it had taken the request
 *	17	it never took the request (no watch on control/shutdown)
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hvctl.h"
#include "print.h"

#ifndef HV_VERSION
#error "HV_VERSION must be defined, see hvctl/Makefile"
#endif

static int cmd_help(const struct command *cmd, int argc, char **argv);

static const struct command commands[] = {
	{ "create", NULL, cmd_create,
	  "NAME --memory SIZE [--kernel FILE [--ramdisk FILE]] [--cmdline STR] [--paused] [--console] [--on-reboot preserve|destroy|restart] [--disk PATH[,ro][,xvdX]]...",
	  "create a domain; SIZE in bytes, or with K, M, G, T; with a kernel, build and start it" },
	{ "list", "ls", cmd_list, "", "list all domains (also: ls)" },
	{ "show", NULL, cmd_show, "NAME|ID",
	  "show one domain, how it ended and its counters" },
	{ "destroy", NULL, cmd_destroy, "NAME|ID", "destroy a domain" },
	{ "pause", NULL, cmd_pause, "NAME|ID", "stop running a domain" },
	{ "resume", NULL, cmd_resume, "NAME|ID", "run a paused domain again" },
	{ "console", NULL, cmd_console, "[--no-follow] NAME|ID",
	  "print a domain's console and type into it; Ctrl-] detaches" },
	{ "wait", NULL, cmd_wait, "NAME|ID",
	  "wait until a domain shuts down or crashes" },
	{ "monitor", NULL, cmd_monitor, "",
	  "print domain events as they happen" },
	{ "regs", NULL, cmd_regs, "[--symbols FILE] NAME|ID",
	  "show a paused or crashed domain's registers, stack and code" },
	{ "trace", NULL, cmd_trace, "[--symbols FILE] NAME|ID",
	  "show a domain's last exits, hypercalls, bounces and upcalls" },
	{ "store", NULL, cmd_store, "ls|read|rm|watch PATH | write PATH VALUE",
	  "the xenstore as domain 0: list, read, remove, watch or write a node" },
	{ "shutdown", NULL, cmd_shutdown,
	  "[--reboot|--halt] [--wait] [--timeout S] NAME|ID",
	  "ask the guest to shut down in order; past S seconds, destroy it" },
	{ "sysrq", NULL, cmd_sysrq, "NAME|ID KEY",
	  "have the guest handle the magic SysRq key KEY" },
	{ "help", NULL, cmd_help, "", "show this help" },
};

/* Width of the first column of the help, and what does not fit it */
#define HELP_COLUMN	26

static void usage(FILE *f)
{
	char line[160];
	size_t i;

	fputs("Usage: hvctl [-j] COMMAND [ARGS]\n"
	      "       hvctl -V | --version\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		snprintf(line, sizeof(line), "%s %s", commands[i].name,
			 commands[i].args);
		if (strlen(line) > HELP_COLUMN)
			fprintf(f, "  %s\n  %-*s %s\n", line, HELP_COLUMN, "",
				commands[i].help);
		else
			fprintf(f, "  %-*s %s\n", HELP_COLUMN, line,
				commands[i].help);
	}
	fputs("\n"
	      "Options:\n"
	      "  -j, --json                 print JSON\n"
	      "  -V, --version              print the version of hvctl\n"
	      "  -h, --help                 show this help\n", f);
}

static int cmd_help(const struct command *cmd, int argc, char **argv)
{
	if (argc != 1)
		return hvctl_usage(cmd);
	usage(stdout);
	return HVCTL_EXIT_OK;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i].name) ||
		    (commands[i].alias && !strcmp(name, commands[i].alias)))
			return &commands[i];
	return NULL;
}

/* What went to stdout must have got there: "hvctl list > full-disk" */
static int finish(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "hvctl: cannot write output: %s\n",
			strerror(errno));
		return status ? status : HVCTL_EXIT_FAIL;
	}
	return status;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const struct command *cmd;
	bool json = false;
	int c;

	/* Report bad options ourselves, in the "hvctl: ..." form. */
	opterr = 0;
	/* "+": options after the command are the command's own */
	while ((c = getopt_long(argc, argv, "+:jVh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'V':
			printf("hvctl %s\n", HV_VERSION);
			return finish(HVCTL_EXIT_OK);
		case 'h':
			usage(stdout);
			return finish(HVCTL_EXIT_OK);
		default:
			return hvctl_bad_option(c, argv);
		}
	}
	if (optind == argc) {
		usage(stderr);
		return HVCTL_EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "hvctl: unknown command \"%s\", try \"hvctl help\"\n",
			argv[optind]);
		return HVCTL_EXIT_USAGE;
	}
	print_init(stdout, json);
	return finish(cmd->fn(cmd, argc - optind, argv + optind));
}

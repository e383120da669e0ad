// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl shutdown and sysrq: ask a guest, through its xenstore control
 * nodes, to shut down in order or to handle a magic SysRq key, as xl
 * does (libhv/control.c).
 *
 *	shutdown [--reboot|--halt] [--wait] [--timeout S] NAME|ID
 *	sysrq NAME|ID KEY
 *
 * Without --wait or --timeout, shutdown returns once the request is
 * written.  With them it waits for the domain to end; past the timeout
 * it destroys the domain, and the exit status says whether the guest
 * had taken the request at all.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hvctl.h"
#include "parse.h"
#include "print.h"

struct shutdown_opts {
	enum hv_shutdown_request how;
	bool wait;
	int timeout_ms;			/* -1: none */
	struct hv_domain_ref ref;
	const char *arg;		/* NAME|ID as given */
};

enum {
	OPT_REBOOT = 256,	/* past every short option */
	OPT_HALT,
	OPT_POWEROFF,
	OPT_WAIT,
	OPT_TIMEOUT,
};

static int parse_timeout(const char *s, int *ms)
{
	char *end;
	double secs;

	errno = 0;
	secs = strtod(s, &end);
	if (errno || end == s || *end || !(secs > 0) ||
	    secs > INT_MAX / 1000) {
		fprintf(stderr, "hvctl: invalid --timeout \"%s\": want seconds, more than 0\n",
			s);
		return HVCTL_EXIT_USAGE;
	}
	*ms = (int)(secs * 1000);
	return HVCTL_EXIT_OK;
}

static int shutdown_args(const struct command *cmd, int argc, char **argv,
			 struct shutdown_opts *o)
{
	static const struct option options[] = {
		{ "reboot", no_argument, NULL, OPT_REBOOT },
		{ "halt", no_argument, NULL, OPT_HALT },
		{ "poweroff", no_argument, NULL, OPT_POWEROFF },
		{ "wait", no_argument, NULL, OPT_WAIT },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ }
	};
	int c, ret;

	optind = 0;	/* glibc: start afresh, main() used getopt too */
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case OPT_REBOOT:
			o->how = HV_SHUTDOWN_REBOOT;
			break;
		case OPT_HALT:
			o->how = HV_SHUTDOWN_HALT;
			break;
		case OPT_POWEROFF:
			o->how = HV_SHUTDOWN_POWEROFF;
			break;
		case OPT_WAIT:
			o->wait = true;
			break;
		case OPT_TIMEOUT:
			ret = parse_timeout(optarg, &o->timeout_ms);
			if (ret)
				return ret;
			o->wait = true;
			break;
		default:
			return hvctl_bad_option(c, argv);
		}
	}
	if (optind != argc - 1)
		return hvctl_usage(cmd);
	o->arg = argv[optind];
	return hvctl_parse_ref(o->arg, &o->ref);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* "NAME id ... end poweroff ... acked yes forced no wait 2.1s" */
static void print_outcome(const struct hv_domain *dom, bool acked,
			  bool forced, uint64_t wait_ns)
{
	char time[NS_STR_LEN];

	print_open_object(NULL);
	print_domain(dom);
	print_bool(PRINT_ANY, "acked", " acked %s", acked);
	print_bool(PRINT_ANY, "forced", " forced %s", forced);
	print_uint(PRINT_JSON, "wait_ns", NULL, wait_ns);
	print_string(PRINT_TEXT, NULL, " wait %s", format_ns(wait_ns, time));
	print_close_object();
	print_nl();
	print_end();
}

/* It ended by itself: 0 if as asked, else as wait would exit */
static int ended_status(const struct shutdown_opts *o,
			const struct hv_domain *dom)
{
	uint32_t want = o->how == HV_SHUTDOWN_REBOOT ? HV_END_REBOOT :
						       HV_END_POWEROFF;

	if ((dom->has & HV_DOMAIN_HAS_END) && dom->end == want)
		return HVCTL_EXIT_OK;
	if ((dom->has & HV_DOMAIN_HAS_END) && dom->end == HV_END_POWEROFF) {
		fprintf(stderr, "hvctl: %s powered off, but was asked to reboot\n",
			dom->name);
		return HVCTL_EXIT_FAIL;
	}
	return hvctl_end_status(dom);
}

/*
 * The timeout ran out: destroy it, saying whether the guest had taken
 * the request.  0 if it ended meanwhile after all.
 */
static int force(struct hv *hv, const struct shutdown_opts *o, bool *acked)
{
	int err;

	err = hv_domain_shutdown_acked(hv, &o->ref, acked);
	if (err == -EINVAL)	/* no longer running */
		return 0;
	if (err)
		return err;
	fprintf(stderr, "hvctl: %s did not shut down in time%s: destroying it\n",
		o->arg, *acked ? "" : " and never took the request");
	err = hv_domain_destroy(hv, &o->ref);
	if (err)
		return err;
	return *acked ? HVCTL_EXIT_FORCED : HVCTL_EXIT_NO_ACK;
}

static int do_shutdown(struct hv *hv, const struct shutdown_opts *o)
{
	uint64_t t0 = now_ns();
	struct hv_domain dom;
	bool acked = true;
	int err, ret;

	err = hv_domain_shutdown(hv, &o->ref, o->how);
	if (err || !o->wait)
		return err;
	err = hv_domain_wait_timeout(hv, &o->ref, o->timeout_ms, &dom);
	if (err == -ETIMEDOUT) {
		ret = force(hv, o, &acked);
		if (ret) {
			if (ret > 0)
				print_outcome(&dom, acked, true,
					      now_ns() - t0);
			return ret;
		}
		err = hv_domain_get(hv, &o->ref, &dom);
	}
	if (err)
		return err;
	print_outcome(&dom, acked, false, now_ns() - t0);
	return ended_status(o, &dom);
}

int cmd_shutdown(const struct command *cmd, int argc, char **argv)
{
	struct shutdown_opts o = { .how = HV_SHUTDOWN_POWEROFF,
				   .timeout_ms = -1 };
	struct hv *hv;
	int ret;

	ret = shutdown_args(cmd, argc, argv, &o);
	if (ret)
		return ret;
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	ret = do_shutdown(hv, &o);
	if (ret < 0)
		ret = hvctl_fail(hv, ret, "shutdown", o.arg);
	hv_close(hv);
	return ret;
}

int cmd_sysrq(const struct command *cmd, int argc, char **argv)
{
	struct hv_domain_ref ref;
	struct hv *hv;
	int ret;

	if (argc != 3)
		return hvctl_usage(cmd);
	ret = hvctl_parse_ref(argv[1], &ref);
	if (ret)
		return ret;
	if (strlen(argv[2]) != 1 || argv[2][0] <= ' ' || argv[2][0] > '~') {
		fprintf(stderr, "hvctl: invalid SysRq key \"%s\": want one printable character\n",
			argv[2]);
		return HVCTL_EXIT_USAGE;
	}
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	ret = hv_domain_sysrq(hv, &ref, argv[2][0]);
	if (ret < 0)
		ret = hvctl_fail(hv, ret, "sysrq", argv[1]);
	hv_close(hv);
	return ret;
}

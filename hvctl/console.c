// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl console: a guest's console on standard output and input.
 *
 *	console [--no-follow] NAME|ID
 *
 * All output the kernel still has comes first, then what follows, until
 * the guest ends; hvctl then exits with the status that says how it
 * ended.  Standard input goes to the guest; on a terminal it is raw,
 * key by key, and Ctrl-] detaches, as in telnet and virsh.  Output is
 * written as it comes, unchanged: it is the guest's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hvctl.h"
#include "term.h"

#define DETACH_KEY	0x1d	/* Ctrl-] */

/* Why following stopped, besides the guest ending or an error of hv */
enum {
	STOP_DETACHED = 1,
	STOP_OUTPUT,		/* writing standard output failed */
	STOP_INPUT,		/* reading standard input failed */
};

struct console {
	struct hv *hv;
	struct hv_domain_ref ref;
	struct hv_console_follow f;
	bool raw;		/* standard input is a terminal in raw mode */
	int err;		/* errno of a failed read or write */
};

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= n;
	}
	return 0;
}

static int on_output(const void *data, size_t len, void *arg)
{
	struct console *c = arg;

	c->err = -write_all(STDOUT_FILENO, data, len);
	return c->err ? STOP_OUTPUT : 0;
}

static void type(struct console *c, const char *keys, size_t len)
{
	int err;

	err = hv_console_write(c->hv, &c->ref, keys, len);
	/* A domain just destroyed: the event that says so is on its way. */
	if (err && err != -ENOENT)
		hvctl_fail(c->hv, err, "console input", NULL);
}

static int on_input(int fd, void *arg)
{
	char keys[HV_CONSOLE_WRITE_MAX];
	struct console *c = arg;
	char *detach = NULL;
	ssize_t n;

	n = read(fd, keys, sizeof(keys));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n < 0) {
		c->err = errno;
		return STOP_INPUT;
	}
	/* The end of input is not the end of output. */
	if (!n) {
		c->f.input_fd = -1;
		return 0;
	}
	/* Only a person at a terminal types Ctrl-]; a file may hold one. */
	if (c->raw)
		detach = memchr(keys, DETACH_KEY, n);
	if (detach)
		n = detach - keys;
	if (n)
		type(c, keys, n);
	return detach ? STOP_DETACHED : 0;
}

/* Standard input, if it is open at all */
static int input_fd(void)
{
	return fcntl(STDIN_FILENO, F_GETFL) < 0 ? -1 : STDIN_FILENO;
}

static bool start_raw(const char *arg)
{
	if (!isatty(STDIN_FILENO))
		return false;
	fprintf(stderr, "hvctl: console of %s, Ctrl-] detaches\n", arg);
	return !term_raw(STDIN_FILENO);
}

static int end_status(const struct console *c, int err,
		      const struct hv_domain *dom, const char *arg)
{
	switch (err) {
	case 0:
		return hvctl_end_status(dom);
	case STOP_DETACHED:
		fprintf(stderr, "\nhvctl: detached from %s\n", arg);
		return HVCTL_EXIT_OK;
	case STOP_OUTPUT:
		/* The reader went away: no one is left to tell. */
		if (c->err != EPIPE)
			fprintf(stderr, "hvctl: cannot write output: %s\n",
				strerror(c->err));
		return HVCTL_EXIT_FAIL;
	case STOP_INPUT:
		fprintf(stderr, "hvctl: cannot read input: %s\n",
			strerror(c->err));
		return HVCTL_EXIT_FAIL;
	default:
		return hvctl_fail(c->hv, err, "console", arg);
	}
}

int hvctl_console(struct hv *hv, const struct hv_domain_ref *ref,
		  const char *arg)
{
	struct console c = {
		.hv = hv, .ref = *ref,
		.f = { .output = on_output, .input = on_input },
	};
	struct hv_domain dom;
	int err;

	c.f.input_fd = input_fd();
	c.f.arg = &c;
	/* A closed pipe fails the write, rather than kill us in raw mode. */
	signal(SIGPIPE, SIG_IGN);
	c.raw = start_raw(arg);
	err = hv_console_follow(hv, ref, &c.f, &dom);
	term_restore();
	return end_status(&c, err, &dom, arg);
}

static int print_chunk(uint64_t offset, const void *data, size_t len,
		       void *arg)
{
	return write_all(STDOUT_FILENO, data, len);
}

/* --no-follow: what the kernel still has, and no more */
static int dump(struct hv *hv, const struct hv_domain_ref *ref,
		const char *arg)
{
	uint64_t offset = 0;
	int err;

	signal(SIGPIPE, SIG_IGN);
	err = hv_console_read(hv, ref, &offset, print_chunk, NULL);
	if (err == -EPIPE)
		return HVCTL_EXIT_FAIL;
	return err ? hvctl_fail(hv, err, "console", arg) : HVCTL_EXIT_OK;
}

int cmd_console(const struct command *cmd, int argc, char **argv)
{
	static const struct option options[] = {
		{ "no-follow", no_argument, NULL, 'n' },
		{ }
	};
	struct hv_domain_ref ref;
	bool follow = true;
	struct hv *hv;
	int c, ret;

	optind = 0;	/* glibc: start afresh, main() used getopt too */
	while ((c = getopt_long(argc, argv, ":n", options, NULL)) != -1) {
		if (c != 'n')
			return hvctl_bad_option(c, argv);
		follow = false;
	}
	if (optind != argc - 1)
		return hvctl_usage(cmd);
	ret = hvctl_parse_ref(argv[optind], &ref);
	if (!ret)
		ret = hvctl_open(&hv);
	if (ret)
		return ret;
	if (follow)
		ret = hvctl_console(hv, &ref, argv[optind]);
	else
		ret = dump(hv, &ref, argv[optind]);
	hv_close(hv);
	return ret;
}

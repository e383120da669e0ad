// SPDX-License-Identifier: GPL-2.0
/*
 * hv_race: race destroy and pause against a guest's hypercalls, many times
 * and fast (one netlink connection, no hvctl process per step).
 *
 *   hv_race destroy N KERNEL MARK
 *	N times: create a domain "race" of 8 MiB, boot KERNEL, wait until
 *	its console shows MARK (the guest is in its loop), check it is
 *	running and printed no "hvtest:" line, let it run 0-19 ms more and
 *	destroy it.
 *   hv_race pause N NAME MARK
 *	Wait until NAME's console shows MARK, then N times: let it run
 *	1-20 ms, pause it, check it is paused, wait 0-4 ms, resume it.
 *	Then type "stop\n" on its console.
 *
 * The random delays are seeded with HV_RACE_SEED (or the time; printed).
 * Prints one line of counts; exits 1 on the first failure, said on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libhv.h"

#define MARK_WAIT_MS	20000
#define OUT_MAX		65536

static struct hv *hv;

/* The console output read so far, NUL-terminated. */
struct out {
	uint64_t offset;
	size_t len;
	char buf[OUT_MAX];
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "hv_race: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (%s)\n", hv ? hv_errmsg(hv) : "");
	exit(1);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* hv_console_read() callback: append what fits. */
static int take_output(uint64_t offset, const void *data, size_t len,
		       void *arg)
{
	struct out *o = arg;
	size_t n = len < OUT_MAX - 1 - o->len ? len : OUT_MAX - 1 - o->len;

	(void)offset;		/* appended as it comes, gaps or not */
	memcpy(o->buf + o->len, data, n);
	o->len += n;
	o->buf[o->len] = 0;
	return 0;
}

/* Read the console until MARK (or "hvtest:") shows; die after a while. */
static void wait_mark(const struct hv_domain_ref *ref, struct out *o,
		      const char *mark)
{
	int ms, err;

	for (ms = 0; ms < MARK_WAIT_MS; ms++) {
		err = hv_console_read(hv, ref, &o->offset, take_output, o);
		if (err)
			die("console of %s: %s", ref->name, strerror(-err));
		if (strstr(o->buf, "hvtest:"))
			die("%s printed a result line:\n%s", ref->name, o->buf);
		if (strstr(o->buf, mark))
			return;
		sleep_ms(1);
	}
	die("%s never printed \"%s\"; its console:\n%s", ref->name, mark,
	    o->buf);
}

static void want_state(const struct hv_domain_ref *ref, uint32_t state)
{
	struct hv_domain d;
	int err = hv_domain_get(hv, ref, &d);

	if (err)
		die("show %s: %s", ref->name, strerror(-err));
	if (d.state != state)
		die("%s is %s, want %s (%s)", ref->name,
		    hv_state_name(d.state), hv_state_name(state),
		    d.end_reason);
}

static void *read_kernel(const char *path, size_t *len)
{
	struct stat st;
	void *data;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die("%s: %s", path, strerror(errno));
	data = malloc(st.st_size);
	if (!data || read(fd, data, st.st_size) != st.st_size)
		die("%s: cannot read it", path);
	close(fd);
	*len = st.st_size;
	return data;
}

static void race_destroy(unsigned int n, const char *kernel,
			 const char *mark)
{
	struct hv_domain_ref ref = { 0, "race" };
	struct hv_build_args args = { 0 };
	static struct out o;
	unsigned int i;
	int err;

	args.kernel = read_kernel(kernel, &args.kernel_len);
	for (i = 0; i < n; i++) {
		err = hv_domain_create(hv, ref.name, 8 << 20, NULL);
		if (err)
			die("cycle %u: create: %s", i, strerror(-err));
		err = hv_domain_build(hv, &ref, &args);
		if (err)
			die("cycle %u: build: %s", i, strerror(-err));
		memset(&o, 0, sizeof(o));
		wait_mark(&ref, &o, mark);
		want_state(&ref, HV_DOMAIN_STATE_RUNNING);
		sleep_ms(rand() % 20);
		err = hv_domain_destroy(hv, &ref);
		if (err)
			die("cycle %u: destroy: %s", i, strerror(-err));
	}
	printf("destroy: %u domains destroyed while running\n", n);
}

static void race_pause(unsigned int n, const char *name, const char *mark)
{
	struct hv_domain_ref ref = { 0, name };
	static struct out o;
	unsigned int i;
	int err;

	wait_mark(&ref, &o, mark);
	for (i = 0; i < n; i++) {
		sleep_ms(1 + rand() % 20);
		err = hv_domain_pause(hv, &ref);
		if (err)
			die("round %u: pause: %s", i, strerror(-err));
		want_state(&ref, HV_DOMAIN_STATE_PAUSED);
		sleep_ms(rand() % 5);
		err = hv_domain_resume(hv, &ref);
		if (err)
			die("round %u: resume: %s", i, strerror(-err));
	}
	err = hv_console_write(hv, &ref, "stop\n", 5);
	if (err)
		die("console write: %s", strerror(-err));
	printf("pause: %u pauses and resumes\n", n);
}

int main(int argc, char **argv)
{
	const char *seed_env = getenv("HV_RACE_SEED");
	unsigned int seed = seed_env ? strtoul(seed_env, NULL, 0) :
				       (unsigned int)time(NULL);
	unsigned int n;
	int err;

	if (argc != 5 || (strcmp(argv[1], "destroy") &&
			  strcmp(argv[1], "pause"))) {
		fprintf(stderr, "usage: hv_race destroy N KERNEL MARK\n"
				"       hv_race pause N NAME MARK\n");
		return 2;
	}
	n = strtoul(argv[2], NULL, 0);
	printf("seed %u\n", seed);
	srand(seed);
	err = hv_open(&hv);
	if (err)
		die("cannot reach hv: %s", strerror(-err));
	if (!strcmp(argv[1], "destroy"))
		race_destroy(n, argv[3], argv[4]);
	else
		race_pause(n, argv[3], argv[4]);
	hv_close(hv);
	return 0;
}

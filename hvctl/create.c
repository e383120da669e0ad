// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl create: make a domain and, given a kernel, build and start it.
 *
 *	create NAME --memory SIZE [--kernel FILE [--ramdisk FILE]
 *	       [--cmdline STR] [--paused] [--console]]
 *
 * The files are read before anything is asked of hv, so that a typo in
 * a path leaves nothing behind.  A domain whose build fails is destroyed:
 * half a guest is of no use to anyone.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/hv_pv32.h>

#include "file.h"
#include "hvctl.h"
#include "parse.h"

/* A vmlinux with its symbols can be large; the ELF32 limit is 4 GiB. */
#define KERNEL_FILE_MAX		(1024 * 1024 * 1024)

struct create_opts {
	const char *name;
	uint64_t memory;
	const char *kernel;
	const char *ramdisk;
	const char *cmdline;
	bool paused;
	bool console;
};

/* What was read from the files, for hv_domain_build() */
struct inputs {
	void *kernel;
	size_t kernel_len;
	void *ramdisk;
	size_t ramdisk_len;
};

enum {
	OPT_KERNEL = 256,	/* past every short option */
	OPT_RAMDISK,
	OPT_CMDLINE,
	OPT_PAUSED,
	OPT_CONSOLE,
};

static int bad_memory(const char *size)
{
	char min[SIZE_STR_LEN], max[SIZE_STR_LEN];

	fprintf(stderr, "hvctl: invalid memory size \"%s\": want a multiple of 4K from %s to %s\n",
		size, format_size(HV_MEMORY_MIN, min),
		format_size(HV_MEMORY_MAX, max));
	return HVCTL_EXIT_USAGE;
}

static int parse_options(int argc, char **argv, struct create_opts *o,
			 const char **size)
{
	static const struct option options[] = {
		{ "memory", required_argument, NULL, 'm' },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "ramdisk", required_argument, NULL, OPT_RAMDISK },
		{ "cmdline", required_argument, NULL, OPT_CMDLINE },
		{ "paused", no_argument, NULL, OPT_PAUSED },
		{ "console", no_argument, NULL, OPT_CONSOLE },
		{ }
	};
	int c;

	optind = 0;	/* glibc: start afresh, main() used getopt too */
	while ((c = getopt_long(argc, argv, ":m:", options, NULL)) != -1) {
		switch (c) {
		case 'm':
			*size = optarg;
			break;
		case OPT_KERNEL:
			o->kernel = optarg;
			break;
		case OPT_RAMDISK:
			o->ramdisk = optarg;
			break;
		case OPT_CMDLINE:
			o->cmdline = optarg;
			break;
		case OPT_PAUSED:
			o->paused = true;
			break;
		case OPT_CONSOLE:
			o->console = true;
			break;
		default:
			return hvctl_bad_option(c, argv);
		}
	}
	return HVCTL_EXIT_OK;
}

/* create NAME --memory SIZE [...], options anywhere */
static int create_args(const struct command *cmd, int argc, char **argv,
		       struct create_opts *o)
{
	const char *size = NULL;
	int ret;

	ret = parse_options(argc, argv, o, &size);
	if (ret)
		return ret;
	if (optind != argc - 1 || !size)
		return hvctl_usage(cmd);
	o->name = argv[optind];
	if (!hv_domain_name_valid(o->name))
		return hvctl_bad_name(o->name);
	if (parse_memory(size, &o->memory))
		return bad_memory(size);
	if (!o->kernel && (o->ramdisk || o->cmdline || o->paused ||
			   o->console)) {
		fputs("hvctl: --ramdisk, --cmdline, --paused and --console need --kernel\n",
		      stderr);
		return HVCTL_EXIT_USAGE;
	}
	if (o->cmdline && strlen(o->cmdline) >= PV_MAX_GUEST_CMDLINE) {
		fprintf(stderr, "hvctl: the command line is too long: at most %d bytes\n",
			PV_MAX_GUEST_CMDLINE - 1);
		return HVCTL_EXIT_USAGE;
	}
	return HVCTL_EXIT_OK;
}

static int read_input(const char *what, const char *path, size_t max,
		      void **data, size_t *len)
{
	char size[SIZE_STR_LEN];
	int err;

	err = read_file(path, max, data, len);
	if (err == -EFBIG)
		fprintf(stderr, "hvctl: %s %s is larger than %s\n", what, path,
			format_size(max, size));
	else if (err)
		fprintf(stderr, "hvctl: cannot read %s %s: %s\n", what, path,
			strerror(-err));
	return err ? HVCTL_EXIT_FAIL : HVCTL_EXIT_OK;
}

static int read_inputs(const struct create_opts *o, struct inputs *in)
{
	int ret;

	ret = read_input("kernel", o->kernel, KERNEL_FILE_MAX, &in->kernel,
			 &in->kernel_len);
	/* A ramdisk larger than the domain's memory cannot fit in it */
	if (!ret && o->ramdisk)
		ret = read_input("ramdisk", o->ramdisk, o->memory,
				 &in->ramdisk, &in->ramdisk_len);
	return ret;
}

/* Build and start the new domain @dom, or destroy it */
static int build(struct hv *hv, struct hv_domain *dom,
		 const struct create_opts *o, const struct inputs *in)
{
	struct hv_domain_ref ref = { .id = dom->id };
	struct hv_build_args args = {
		.kernel = in->kernel, .kernel_len = in->kernel_len,
		.ramdisk = in->ramdisk, .ramdisk_len = in->ramdisk_len,
		.cmdline = o->cmdline, .paused = o->paused,
	};
	int ret, err;

	err = hv_domain_build(hv, &ref, &args);
	if (err) {
		ret = hvctl_fail(hv, err, "build", o->name);
		err = hv_domain_destroy(hv, &ref);
		if (err)
			hvctl_fail(hv, err, "destroy", o->name);
		return ret;
	}
	if (o->console)
		return hvctl_console(hv, &ref, o->name);
	err = hv_domain_get(hv, &ref, dom);
	if (err)
		return hvctl_fail(hv, err, "show", o->name);
	show_domain(dom);
	return HVCTL_EXIT_OK;
}

int cmd_create(const struct command *cmd, int argc, char **argv)
{
	struct create_opts o = { };
	struct inputs in = { };
	struct hv_domain dom;
	struct hv *hv;
	int ret, err;

	ret = create_args(cmd, argc, argv, &o);
	if (!ret && o.kernel)
		ret = read_inputs(&o, &in);
	if (!ret)
		ret = hvctl_open(&hv);
	if (ret)
		goto out;
	err = hv_domain_create(hv, o.name, o.memory, &dom);
	if (err)
		ret = hvctl_fail(hv, err, "create", o.name);
	else if (o.kernel)
		ret = build(hv, &dom, &o, &in);
	else
		show_domain(&dom);
	hv_close(hv);
out:
	free(in.kernel);
	free(in.ramdisk);
	return ret;
}

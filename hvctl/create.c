// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl create: make a domain and, given a kernel, build and start it.
 *
 *	create NAME --memory SIZE [--kernel FILE [--ramdisk FILE]]
 *	       [--cmdline STR] [--paused] [--console]
 *	       [--on-reboot preserve|destroy|restart]
 *	       [--disk PATH[,ro][,xvdX]]...
 *
 * The files are read before anything is asked of hv, so that a typo in
 * a path leaves nothing behind.  A domain whose build fails is destroyed:
 * half a guest is of no use to anyone.
 *
 * --on-reboot says what becomes of a guest that asks to be rebooted, as
 * xl's on_reboot does: left shut down (preserve, the default), destroyed,
 * or destroyed and built again from the same files (restart).  The last
 * two need someone to see the reboot, so hvctl stays: on the console with
 * --console, otherwise waiting quietly, until the guest ends otherwise.
 *
 * --disk gives the guest a PV block device served by hv from PATH: hvctl
 * opens the file (read-only with ",ro") before anything else and hands hv
 * the descriptor, so what the user may open is what the guest may use.
 * The devices are xvda, xvdb, ... in order unless named.
 *
 * Without --kernel, a domain given disks boots what its boot disk (xvda,
 * else the first) names: /vmlinuz and /initrd.img, as Xen's pygrub finds
 * them.  libhv reads the image in a child that gives up every privilege
 * first (hv_disk_boot_files()); the kernel it returns is checked as any
 * --kernel is.  A restart reads them again: the guest may have installed
 * another kernel.  Without --kernel or disks, the domain is only made.
 */
#include <fcntl.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/hv_pv32.h>

#include "file.h"
#include "hvctl.h"
#include "parse.h"

/* A vmlinux with its symbols can be large; the ELF32 limit is 4 GiB. */
#define KERNEL_FILE_MAX		(1024 * 1024 * 1024)
/*
 * A disk's /vmlinuz is a bzImage, which inflates to 128 MiB at most: a
 * guest's image naming a 1 GiB hole would only cost the host its zeros.
 */
#define DISK_KERNEL_MAX		(128 * 1024 * 1024)

enum on_reboot {
	ON_REBOOT_PRESERVE,
	ON_REBOOT_DESTROY,
	ON_REBOOT_RESTART,
};

static const char *const on_reboot_names[] = {
	[ON_REBOOT_PRESERVE] = "preserve",
	[ON_REBOOT_DESTROY] = "destroy",
	[ON_REBOOT_RESTART] = "restart",
};

/* Xen's virtual-device numbers: major 202, 16 minors per disk. */
#define XVD_MAJOR		202
#define XVD_LETTERS		16	/* xvda..xvdp */

struct disk {
	const char *path;
	int fd;
	int letter;			/* 0: xvda */
	bool ro;
};

struct create_opts {
	const char *name;
	uint64_t memory;
	const char *kernel;
	const char *ramdisk;
	const char *cmdline;
	bool paused;
	bool console;
	enum on_reboot on_reboot;
	unsigned int nr_disks;
	struct disk disks[HV_DISKS_MAX];
};

/* What was read from the files, for hv_domain_build() */
struct inputs {
	bool from_disk;			/* hv_disk_boot_files() read them */
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
	OPT_ON_REBOOT,
	OPT_DISK,
};

static int bad_memory(const char *size)
{
	char min[SIZE_STR_LEN], max[SIZE_STR_LEN];

	fprintf(stderr, "hvctl: invalid memory size \"%s\": want a multiple of 4K from %s to %s\n",
		size, format_size(HV_MEMORY_MIN, min),
		format_size(HV_MEMORY_MAX, max));
	return HVCTL_EXIT_USAGE;
}

static int parse_on_reboot(const char *arg, enum on_reboot *action)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(on_reboot_names); i++) {
		if (!strcmp(arg, on_reboot_names[i])) {
			*action = i;
			return HVCTL_EXIT_OK;
		}
	}
	fprintf(stderr, "hvctl: invalid --on-reboot \"%s\": want preserve, destroy or restart\n",
		arg);
	return HVCTL_EXIT_USAGE;
}

static int bad_disk(const char *arg, const char *why)
{
	fprintf(stderr, "hvctl: invalid --disk \"%s\": %s\n", arg, why);
	return HVCTL_EXIT_USAGE;
}

/* PATH[,ro][,xvdX]: the options after the last comma-free path part. */
static int parse_disk(char *arg, struct create_opts *o)
{
	struct disk *dk = &o->disks[o->nr_disks];
	char *opt, *comma = strchr(arg, ',');

	if (o->nr_disks == HV_DISKS_MAX)
		return bad_disk(arg, "too many disks");
	*dk = (struct disk){ .path = arg, .fd = -1, .letter = -1 };
	while (comma) {
		*comma = 0;
		opt = comma + 1;
		comma = strchr(opt, ',');
		if (comma)
			*comma = 0;
		if (!strcmp(opt, "ro"))
			dk->ro = true;
		else if (!strcmp(opt, "rw"))
			dk->ro = false;
		else if (!strncmp(opt, "xvd", 3) && opt[3] >= 'a' &&
			 opt[3] < 'a' + XVD_LETTERS && !opt[4])
			dk->letter = opt[3] - 'a';
		else
			return bad_disk(dk->path, "want PATH[,ro][,xvda..xvdp]");
		if (comma)
			*comma = ',';
	}
	if (!*dk->path)
		return bad_disk(arg, "no file");
	o->nr_disks++;
	return HVCTL_EXIT_OK;
}

/* Unnamed disks take the first free letters, in order. */
static int name_disks(struct create_opts *o)
{
	unsigned int used = 0, i;
	int next = 0;

	for (i = 0; i < o->nr_disks; i++) {
		if (o->disks[i].letter < 0)
			continue;
		if (used & (1U << o->disks[i].letter))
			return bad_disk(o->disks[i].path, "device name used twice");
		used |= 1U << o->disks[i].letter;
	}
	for (i = 0; i < o->nr_disks; i++) {
		if (o->disks[i].letter >= 0)
			continue;
		while (used & (1U << next))
			next++;
		o->disks[i].letter = next;
		used |= 1U << next;
	}
	return HVCTL_EXIT_OK;
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
		{ "on-reboot", required_argument, NULL, OPT_ON_REBOOT },
		{ "disk", required_argument, NULL, OPT_DISK },
		{ }
	};
	int c, ret;

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
		case OPT_ON_REBOOT:
			ret = parse_on_reboot(optarg, &o->on_reboot);
			if (ret)
				return ret;
			break;
		case OPT_DISK:
			ret = parse_disk(optarg, o);
			if (ret)
				return ret;
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
	if (!o->kernel && o->ramdisk) {
		fputs("hvctl: --ramdisk needs --kernel (a disk's kernel comes with its own initrd)\n",
		      stderr);
		return HVCTL_EXIT_USAGE;
	}
	if (!o->kernel && !o->nr_disks &&
	    (o->cmdline || o->paused || o->console || o->on_reboot)) {
		fputs("hvctl: --cmdline, --paused, --console and --on-reboot need --kernel or --disk\n",
		      stderr);
		return HVCTL_EXIT_USAGE;
	}
	ret = name_disks(o);
	if (ret)
		return ret;
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

/* Open the disks with the user's own rights, before hv sees them. */
static int open_disks(struct create_opts *o)
{
	struct disk *dk;
	unsigned int i;

	for (i = 0; i < o->nr_disks; i++) {
		dk = &o->disks[i];
		dk->fd = open(dk->path, (dk->ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
		if (dk->fd < 0) {
			fprintf(stderr, "hvctl: cannot open disk %s: %s\n",
				dk->path, strerror(errno));
			return HVCTL_EXIT_FAIL;
		}
	}
	return HVCTL_EXIT_OK;
}

static void close_disks(struct create_opts *o)
{
	unsigned int i;

	for (i = 0; i < o->nr_disks; i++)
		if (o->disks[i].fd >= 0)
			close(o->disks[i].fd);
}

/* Give the new domain @ref its disks (again after a restart). */
static int add_disks(struct hv *hv, const struct hv_domain_ref *ref,
		     const struct create_opts *o)
{
	const struct disk *dk;
	unsigned int i;
	int err;

	for (i = 0; i < o->nr_disks; i++) {
		dk = &o->disks[i];
		err = hv_disk_add(hv, ref, dk->fd,
				  XVD_MAJOR << 8 | dk->letter << 4, dk->ro);
		if (err)
			return err;
	}
	return 0;
}

/* The disk a kernel-less domain boots from: xvda, else the first. */
static const struct disk *boot_disk(const struct create_opts *o)
{
	unsigned int i;

	for (i = 0; i < o->nr_disks; i++)
		if (o->disks[i].letter == 0)
			return &o->disks[i];
	return &o->disks[0];
}

/* The kernel and initrd the boot disk names, read as hostile input. */
static int read_disk_inputs(const struct create_opts *o, struct inputs *in)
{
	const struct disk *dk = boot_disk(o);
	struct hv_boot_files files;
	char why[256];
	int fd, err;

	fd = open(dk->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "hvctl: cannot open disk %s: %s\n", dk->path,
			strerror(errno));
		return HVCTL_EXIT_FAIL;
	}
	/* The initrd must fit the domain's memory, as a --ramdisk must. */
	err = hv_disk_boot_files(fd, DISK_KERNEL_MAX, o->memory, &files, why,
				 sizeof(why));
	close(fd);
	if (err) {
		fprintf(stderr, "hvctl: cannot boot from disk %s: %s\n",
			dk->path, why);
		return HVCTL_EXIT_FAIL;
	}
	*in = (struct inputs){
		.from_disk = true,
		.kernel = files.kernel, .kernel_len = files.kernel_len,
		.ramdisk = files.initrd, .ramdisk_len = files.initrd_len,
	};
	return HVCTL_EXIT_OK;
}

static void free_inputs(struct inputs *in)
{
	free(in->kernel);
	free(in->ramdisk);
	*in = (struct inputs){ };
}

static int read_inputs(const struct create_opts *o, struct inputs *in)
{
	int ret;

	if (!o->kernel)
		return read_disk_inputs(o, in);
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

	err = add_disks(hv, &ref, o);
	if (!err)
		err = hv_domain_build(hv, &ref, &args);
	if (err) {
		ret = hvctl_fail(hv, err, "build", o->name);
		err = hv_domain_destroy(hv, &ref);
		if (err)
			hvctl_fail(hv, err, "destroy", o->name);
		return ret;
	}
	return HVCTL_EXIT_OK;
}

/* Follow the running domain @dom until it ends: its exit status */
static int follow(struct hv *hv, struct hv_domain *dom,
		  const struct create_opts *o)
{
	struct hv_domain_ref ref = { .id = dom->id };
	int err;

	if (o->console)
		return hvctl_console(hv, &ref, o->name);
	err = hv_domain_wait(hv, &ref, dom);
	return err ? hvctl_fail(hv, err, "wait", o->name) :
		     hvctl_end_status(dom);
}

/* A guest that asked to reboot: destroy it, and make it again if asked */
static int after_reboot(struct hv *hv, struct hv_domain *dom,
			const struct create_opts *o, struct inputs *in)
{
	struct hv_domain_ref ref = { .id = dom->id };
	int err;

	err = hv_domain_destroy(hv, &ref);
	if (err)
		return hvctl_fail(hv, err, "destroy", o->name);
	if (o->on_reboot == ON_REBOOT_DESTROY)
		return HVCTL_EXIT_REBOOT;
	fprintf(stderr, "hvctl: %s rebooted: restarting it\n", o->name);
	if (in->from_disk) {
		free_inputs(in);
		if (read_inputs(o, in))
			return HVCTL_EXIT_FAIL;
	}
	err = hv_domain_create(hv, o->name, o->memory, dom);
	return err ? hvctl_fail(hv, err, "create", o->name) : HVCTL_EXIT_OK;
}

/* Build, start and, if --on-reboot or --console say so, follow @dom */
static int run(struct hv *hv, struct hv_domain *dom,
	       const struct create_opts *o, struct inputs *in)
{
	struct hv_domain_ref ref;
	int ret, err;

	for (;;) {
		ret = build(hv, dom, o, in);
		if (ret)
			return ret;
		if (!o->console && o->on_reboot == ON_REBOOT_PRESERVE)
			break;
		ret = follow(hv, dom, o);
		if (ret != HVCTL_EXIT_REBOOT ||
		    o->on_reboot == ON_REBOOT_PRESERVE)
			return ret;
		ret = after_reboot(hv, dom, o, in);
		if (ret)
			return ret;
	}
	ref.id = dom->id;
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
	if (!ret && (o.kernel || o.nr_disks))
		ret = read_inputs(&o, &in);
	if (!ret)
		ret = open_disks(&o);
	if (!ret)
		ret = hvctl_open(&hv);
	if (ret)
		goto out;
	err = hv_domain_create(hv, o.name, o.memory, &dom);
	if (err)
		ret = hvctl_fail(hv, err, "create", o.name);
	else if (o.kernel || o.nr_disks)
		ret = run(hv, &dom, &o, &in);
	else
		show_domain(&dom);
	hv_close(hv);
out:
	close_disks(&o);
	free_inputs(&in);
	return ret;
}

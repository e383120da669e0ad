// SPDX-License-Identifier: GPL-2.0
/*
 * Domain commands of hvctl: list, show, destroy, pause and resume.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "hvctl.h"
#include "parse.h"
#include "print.h"

/*
 * How it ended and the time it ran, where hv said.  The reason comes last
 * in text since it is free text.
 */
static void print_end_info(const struct hv_domain *dom)
{
	char time[NS_STR_LEN];

	if (dom->has & HV_DOMAIN_HAS_END)
		print_string(PRINT_ANY, "end", " end %s", hv_end_name(dom->end));
	if (dom->has & HV_DOMAIN_HAS_END_EIP)
		print_uint(PRINT_ANY, "end_eip", " eip 0x%08" PRIx64,
			   dom->end_eip);
	if (dom->has & HV_DOMAIN_HAS_CPU_TIME) {
		print_uint(PRINT_JSON, "cpu_time_ns", NULL, dom->cpu_time_ns);
		print_string(PRINT_TEXT, NULL, " cpu-time %s",
			     format_ns(dom->cpu_time_ns, time));
	}
	if (*dom->end_reason)
		print_string(PRINT_ANY, "end_reason", " reason \"%s\"",
			     dom->end_reason);
}

void print_domain(const struct hv_domain *dom)
{
	char size[SIZE_STR_LEN];

	print_string(PRINT_ANY, "name", "%s", dom->name);
	print_uint(PRINT_ANY, "id", " id %" PRIu64, dom->id);
	print_uint(PRINT_JSON, "memory", NULL, dom->memory);
	print_string(PRINT_TEXT, NULL, " memory %s",
		     format_size(dom->memory, size));
	print_string(PRINT_ANY, "state", " state %s",
		     hv_state_name(dom->state));
	print_end_info(dom);
}

/* In text, "exit interrupt 120" or "bounce 14 3" on a line of its own */
static void print_stat(const struct hv_stat *st)
{
	const char *name = hv_stat_name(st->kind, st->index);

	print_open_object(NULL);
	print_string(PRINT_ANY, "kind", "\n  %s", hv_stat_kind_name(st->kind));
	print_uint(PRINT_JSON, "index", NULL, st->index);
	if (name)
		print_string(PRINT_ANY, "name", " %s", name);
	else
		print_uint(PRINT_TEXT, NULL, " %" PRIu64, st->index);
	print_uint(PRINT_ANY, "count", " %" PRIu64, st->count);
	print_close_object();
}

static void print_stats(const struct hv_domain *dom)
{
	uint32_t i;

	print_open_array("stats");
	for (i = 0; i < dom->nr_stats; i++)
		print_stat(&dom->stats[i]);
	print_close_array();
	print_bool(PRINT_JSON, "stats_cut", NULL,
		   dom->has & HV_DOMAIN_STATS_CUT);
	if (dom->has & HV_DOMAIN_STATS_CUT)
		print_string(PRINT_TEXT, NULL, "\n  %s",
			     "(more counters than hvctl can show)");
}

/* xvda..xvdp for Xen's numbers of major 202, else the number. */
static void print_disk(const struct hv_disk *dk)
{
	char name[8] = "xvd?", size[SIZE_STR_LEN];

	print_open_object(NULL);
	if (dk->vdev >> 8 == 202 && !(dk->vdev & 15))
		name[3] = 'a' + ((dk->vdev & 255) >> 4);
	else
		snprintf(name, sizeof(name), "%u", dk->vdev & 0xfffff);
	print_string(PRINT_ANY, "disk", "\n  disk %s", name);
	print_uint(PRINT_JSON, "vdev", NULL, dk->vdev);
	print_uint(PRINT_JSON, "sectors", NULL, dk->sectors);
	format_size(dk->sectors * 512, size);
	print_string(PRINT_TEXT, NULL, " %s", size);
	print_bool(PRINT_JSON, "readonly", NULL, dk->readonly);
	print_string(PRINT_TEXT, NULL, " %s", dk->readonly ? "ro" : "rw");
	print_uint(PRINT_ANY, "ring_pages", " ring %" PRIu64, dk->ring_pages);
	print_uint(PRINT_ANY, "requests", " requests %" PRIu64, dk->requests);
	print_uint(PRINT_ANY, "errors", " errors %" PRIu64, dk->errors);
	print_close_object();
}

static void print_disks(const struct hv_domain *dom)
{
	uint32_t i;

	if (!dom->nr_disks)
		return;
	print_open_array("disks");
	for (i = 0; i < dom->nr_disks; i++)
		print_disk(&dom->disks[i]);
	print_close_array();
}

void show_domain(const struct hv_domain *dom)
{
	print_open_object(NULL);
	print_domain(dom);
	print_disks(dom);
	print_stats(dom);
	print_close_object();
	print_nl();
	print_end();
}

int hvctl_parse_ref(const char *arg, struct hv_domain_ref *ref)
{
	int err;

	err = parse_ref(arg, ref);
	if (err == -ERANGE) {
		fprintf(stderr, "hvctl: invalid domain id \"%s\": want 1 to %d\n",
			arg, HV_DOMID_MAX);
		return HVCTL_EXIT_USAGE;
	}
	if (err)
		return hvctl_bad_name(arg);
	return HVCTL_EXIT_OK;
}

int hvctl_ref_arg(const struct command *cmd, int argc, char **argv,
		  struct hv_domain_ref *ref)
{
	if (argc != 2)
		return hvctl_usage(cmd);
	return hvctl_parse_ref(argv[1], ref);
}

/* The columns of list are wide enough for any id, name and state. */
static void list_header(void)
{
	print_string(PRINT_TEXT, NULL, "%-5s ", "ID");
	print_string(PRINT_TEXT, NULL, "%-31s ", "NAME");
	print_string(PRINT_TEXT, NULL, "%-8s ", "STATE");
	print_string(PRINT_TEXT, NULL, "%s", "MEMORY");
	print_nl();
}

static int list_row(const struct hv_domain *dom, void *arg)
{
	char size[SIZE_STR_LEN];

	print_open_object(NULL);
	print_uint(PRINT_ANY, "id", "%-5" PRIu64 " ", dom->id);
	print_string(PRINT_ANY, "name", "%-31s ", dom->name);
	print_string(PRINT_ANY, "state", "%-8s ", hv_state_name(dom->state));
	print_uint(PRINT_JSON, "memory", NULL, dom->memory);
	print_string(PRINT_TEXT, NULL, "%s", format_size(dom->memory, size));
	print_close_object();
	print_nl();
	return 0;
}

int cmd_list(const struct command *cmd, int argc, char **argv)
{
	struct hv *hv;
	int ret, err;

	if (argc != 1)
		return hvctl_usage(cmd);
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	list_header();
	print_open_array(NULL);
	err = hv_domain_list(hv, list_row, NULL);
	print_close_array();
	print_end();
	if (err)
		ret = hvctl_fail(hv, err, "list", NULL);
	hv_close(hv);
	return ret;
}

/*
 * The shape of every command on one named domain: parse the name or id,
 * connect, run @fn, and say what went wrong.  @fn returns a negative errno,
 * or the exit status to leave with.
 */
int hvctl_on_domain(const struct command *cmd, int argc, char **argv,
		    int (*fn)(struct hv *hv, const struct hv_domain_ref *ref))
{
	struct hv_domain_ref ref;
	struct hv *hv;
	int ret;

	ret = hvctl_ref_arg(cmd, argc, argv, &ref);
	if (ret)
		return ret;
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	ret = fn(hv, &ref);
	if (ret < 0)
		ret = hvctl_fail(hv, ret, cmd->name, argv[1]);
	hv_close(hv);
	return ret;
}

static int show(struct hv *hv, const struct hv_domain_ref *ref)
{
	struct hv_domain dom;
	int err = hv_domain_get(hv, ref, &dom);

	if (!err)
		show_domain(&dom);
	return err;
}

int cmd_show(const struct command *cmd, int argc, char **argv)
{
	return hvctl_on_domain(cmd, argc, argv, show);
}

int cmd_destroy(const struct command *cmd, int argc, char **argv)
{
	return hvctl_on_domain(cmd, argc, argv, hv_domain_destroy);
}

int cmd_pause(const struct command *cmd, int argc, char **argv)
{
	return hvctl_on_domain(cmd, argc, argv, hv_domain_pause);
}

int cmd_resume(const struct command *cmd, int argc, char **argv)
{
	return hvctl_on_domain(cmd, argc, argv, hv_domain_resume);
}

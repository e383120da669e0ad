// SPDX-License-Identifier: GPL-2.0
/*
 * Domain commands of hvctl: create, list, show and destroy.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "hvctl.h"
#include "parse.h"
#include "print.h"

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
}

static void show_domain(const struct hv_domain *dom)
{
	print_open_object(NULL);
	print_domain(dom);
	print_close_object();
	print_nl();
	print_end();
}

static int bad_name(const char *name)
{
	fprintf(stderr, "hvctl: invalid domain name \"%s\": use 1 to %d of A-Z a-z 0-9 . _ -, starting with a letter or digit, not all digits\n",
		name, HV_DOMAIN_NAME_MAX);
	return HVCTL_EXIT_USAGE;
}

static int bad_memory(const char *size)
{
	char min[SIZE_STR_LEN], max[SIZE_STR_LEN];

	fprintf(stderr, "hvctl: invalid memory size \"%s\": want a multiple of 4K from %s to %s\n",
		size, format_size(HV_MEMORY_MIN, min),
		format_size(HV_MEMORY_MAX, max));
	return HVCTL_EXIT_USAGE;
}

/* The single NAME|ID argument of show and destroy */
static int ref_arg(const struct command *cmd, int argc, char **argv,
		   struct hv_domain_ref *ref)
{
	int err;

	if (argc != 2)
		return hvctl_usage(cmd);
	err = parse_ref(argv[1], ref);
	if (err == -ERANGE) {
		fprintf(stderr, "hvctl: invalid domain id \"%s\": want 1 to %d\n",
			argv[1], HV_DOMID_MAX);
		return HVCTL_EXIT_USAGE;
	}
	if (err)
		return bad_name(argv[1]);
	return HVCTL_EXIT_OK;
}

/* create NAME --memory SIZE, options anywhere */
static int create_args(const struct command *cmd, int argc, char **argv,
		       const char **name, uint64_t *memory)
{
	static const struct option options[] = {
		{ "memory", required_argument, NULL, 'm' },
		{ }
	};
	const char *size = NULL;
	int c;

	optind = 0;	/* glibc: start afresh, main() used getopt too */
	while ((c = getopt_long(argc, argv, ":m:", options, NULL)) != -1) {
		if (c != 'm')
			return hvctl_bad_option(c, argv);
		size = optarg;
	}
	if (optind != argc - 1 || !size)
		return hvctl_usage(cmd);
	*name = argv[optind];
	if (!hv_domain_name_valid(*name))
		return bad_name(*name);
	if (parse_memory(size, memory))
		return bad_memory(size);
	return HVCTL_EXIT_OK;
}

int cmd_create(const struct command *cmd, int argc, char **argv)
{
	const char *name = NULL;
	struct hv_domain dom;
	uint64_t memory = 0;
	struct hv *hv;
	int ret, err;

	ret = create_args(cmd, argc, argv, &name, &memory);
	if (ret)
		return ret;
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	err = hv_domain_create(hv, name, memory, &dom);
	if (err)
		ret = hvctl_fail(hv, err, "create", name);
	else
		show_domain(&dom);
	hv_close(hv);
	return ret;
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

int cmd_show(const struct command *cmd, int argc, char **argv)
{
	struct hv_domain_ref ref;
	struct hv_domain dom;
	struct hv *hv;
	int ret, err;

	ret = ref_arg(cmd, argc, argv, &ref);
	if (ret)
		return ret;
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	err = hv_domain_get(hv, &ref, &dom);
	if (err)
		ret = hvctl_fail(hv, err, "show", argv[1]);
	else
		show_domain(&dom);
	hv_close(hv);
	return ret;
}

int cmd_destroy(const struct command *cmd, int argc, char **argv)
{
	struct hv_domain_ref ref;
	struct hv *hv;
	int ret, err;

	ret = ref_arg(cmd, argc, argv, &ref);
	if (ret)
		return ret;
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	err = hv_domain_destroy(hv, &ref);
	if (err)
		ret = hvctl_fail(hv, err, "destroy", argv[1]);
	hv_close(hv);
	return ret;
}

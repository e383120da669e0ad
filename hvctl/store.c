// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl store: the xenstore as the host (domain 0) sees it.
 *
 *	hvctl store ls PATH		the children of PATH
 *	hvctl store read PATH		its value
 *	hvctl store write PATH VALUE	write it (creating what is missing)
 *	hvctl store rm PATH		remove it and everything below
 *	hvctl store watch PATH		print each change at or below PATH
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hvctl.h"
#include "print.h"

/*
 * A value as text: guests write what they like, and it ends up on a
 * terminal, so bytes outside printable ASCII are shown as \xNN (and "\"
 * as "\\").  JSON escapes for itself.
 */
static void print_value(const unsigned char *v, size_t len)
{
	char text[4 * HV_STORE_VALUE_MAX + 1], *p = text;
	size_t i;

	for (i = 0; i < len; i++) {
		if (v[i] >= ' ' && v[i] < 0x7f && v[i] != '\\')
			*p++ = v[i];
		else
			p += sprintf(p, "\\x%02x", v[i]);
	}
	*p = '\0';
	print_string(PRINT_ANY, "value", "%s", text);
}

static int store_read(struct hv *hv, const char *path)
{
	static unsigned char val[HV_STORE_VALUE_MAX];
	size_t len;
	int err;

	err = hv_store_read(hv, path, val, sizeof(val), &len);
	if (err)
		return hvctl_fail(hv, err, "store read", path);
	print_open_object(NULL);
	print_string(PRINT_JSON, "path", NULL, path);
	print_value(val, len < sizeof(val) ? len : sizeof(val));
	print_close_object();
	print_nl();
	return HVCTL_EXIT_OK;
}

static int print_child(const char *name, void *arg)
{
	print_string(PRINT_ANY, NULL, "%s\n", name);
	return 0;
}

static int store_ls(struct hv *hv, const char *path)
{
	int err;

	print_open_array(NULL);
	err = hv_store_dir(hv, path, print_child, NULL);
	print_close_array();
	if (err)
		return hvctl_fail(hv, err, "store ls", path);
	print_end();
	return HVCTL_EXIT_OK;
}

/* At or below the watched path (or exactly it, for @exact events) */
static bool store_matches(const char *path, bool exact, const char *watched)
{
	size_t n = strlen(watched);

	if (exact)
		return !strcmp(path, watched);
	if (!strcmp(watched, "/"))
		return true;
	return !strncmp(path, watched, n) && (!path[n] || path[n] == '/');
}

static int print_change(const char *path, bool exact, void *arg)
{
	if (!store_matches(path, exact, arg))
		return 0;
	print_open_object(NULL);
	print_string(PRINT_ANY, "path", "%s", path);
	print_close_object();
	print_nl();
	return print_end();
}

static int store_watch(struct hv *hv, const char *path)
{
	int err;

	/*
	 * As Xen's watches, the path itself first: clients start from it.
	 * Changes lost because they came faster than they were read (a
	 * guest's flood) are said on stderr, and the path fires again, as a
	 * watch may fire spuriously: whoever reads on re-reads from there.
	 */
	err = print_change(path, false, (void *)path);
	while (!err) {
		err = hv_store_watch(hv, print_change, (void *)path);
		if (err != -ENOBUFS)
			break;
		fprintf(stderr, "hvctl: store watch %s: changes were lost\n",
			path);
		err = print_change(path, false, (void *)path);
	}
	return hvctl_fail(hv, err, "store watch", path);
}

static int store_change(struct hv *hv, bool write, const char *path,
			const char *val)
{
	int err = write ? hv_store_write(hv, path, val, strlen(val)) :
			  hv_store_rm(hv, path);

	return err ? hvctl_fail(hv, err, write ? "store write" : "store rm",
				path) : HVCTL_EXIT_OK;
}

int cmd_store(const struct command *cmd, int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "", *path = argv[2];
	bool write = !strcmp(op, "write");
	struct hv *hv;
	int ret;

	if (argc != (write ? 4 : 3) ||
	    (!write && strcmp(op, "ls") && strcmp(op, "read") &&
	     strcmp(op, "rm") && strcmp(op, "watch")))
		return hvctl_usage(cmd);
	if (path[0] != '/') {
		fprintf(stderr, "hvctl: store %s: \"%s\" is not an absolute path\n",
			op, path);
		return HVCTL_EXIT_USAGE;
	}
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	if (!strcmp(op, "ls"))
		ret = store_ls(hv, path);
	else if (!strcmp(op, "read"))
		ret = store_read(hv, path);
	else if (!strcmp(op, "watch"))
		ret = store_watch(hv, path);
	else
		ret = store_change(hv, write, path, argv[3]);
	hv_close(hv);
	return ret;
}

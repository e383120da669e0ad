// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl monitor: one line, or one JSON object, per domain event.
 */
#include <errno.h>

#include "hvctl.h"
#include "print.h"

static int print_event(uint32_t event, const struct hv_domain *dom,
		       void *arg)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "event", "%s ", hv_event_name(event));
	print_domain(dom);
	print_close_object();
	print_nl();
	/* Flushed per event, for whoever reads a pipe; stop once it breaks */
	return print_end();
}

int cmd_monitor(const struct command *cmd, int argc, char **argv)
{
	struct hv *hv;
	int ret, err;

	if (argc != 1)
		return hvctl_usage(cmd);
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	/* Returns only when something went wrong */
	err = hv_monitor(hv, print_event, NULL);
	ret = hvctl_fail(hv, err, "monitor", NULL);
	/* Not a domain is missing here, but hv itself */
	if (err == -ENOENT)
		ret = HVCTL_EXIT_NOHV;
	hv_close(hv);
	return ret;
}

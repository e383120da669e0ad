// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl wait: block until a domain has shut down or crashed, and exit
 * with the status that says how it ended.
 */
#include "hvctl.h"

static int wait_end(struct hv *hv, const struct hv_domain_ref *ref)
{
	struct hv_domain dom;
	int err = hv_domain_wait(hv, ref, &dom);

	return err ? err : hvctl_end_status(&dom);
}

int cmd_wait(const struct command *cmd, int argc, char **argv)
{
	return hvctl_on_domain(cmd, argc, argv, wait_end);
}

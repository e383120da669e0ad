// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl wait: block until a domain has shut down or crashed, and exit
 * with the status that says how it ended.
 */
#include "hvctl.h"

int cmd_wait(const struct command *cmd, int argc, char **argv)
{
	struct hv_domain_ref ref;
	struct hv_domain dom;
	struct hv *hv;
	int ret, err;

	ret = hvctl_ref_arg(cmd, argc, argv, &ref);
	if (ret)
		return ret;
	ret = hvctl_open(&hv);
	if (ret)
		return ret;
	err = hv_domain_wait(hv, &ref, &dom);
	if (err)
		ret = hvctl_fail(hv, err, "wait", argv[1]);
	else
		ret = hvctl_end_status(&dom);
	hv_close(hv);
	return ret;
}

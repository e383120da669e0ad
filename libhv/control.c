// SPDX-License-Identifier: LGPL-2.1
/*
 * Asking a guest to shut down, or to handle a SysRq key, as Xen's
 * toolstack does: by writing a word into the control directory of its
 * xenstore home, which the guest watches (Linux: drivers/xen/manage.c).
 * The guest acknowledges by writing "" over the word, then acts on it;
 * a guest without the watch leaves the word there.  The module made the
 * nodes the guest's own when it built its home (module/xenstore.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* /local/domain/4294967295/control/shutdown and a little */
#define CONTROL_PATH_LEN	64

static const char *const shutdown_words[] = {
	[HV_SHUTDOWN_POWEROFF] = "poweroff",
	[HV_SHUTDOWN_REBOOT] = "reboot",
	[HV_SHUTDOWN_HALT] = "halt",
};

/*
 * The path of control/@node of a domain whose guest runs (or is paused):
 * a request to one not started or already ended would never be seen.
 */
static int control_path(struct hv *hv, const struct hv_domain_ref *ref,
			const char *node, char path[CONTROL_PATH_LEN])
{
	struct hv_domain dom;
	char why[48];
	int err;

	err = hv_domain_get(hv, ref, &dom);
	if (err)
		return err;
	if (dom.state != HV_DOMAIN_STATE_RUNNING &&
	    dom.state != HV_DOMAIN_STATE_PAUSED) {
		snprintf(why, sizeof(why), "the domain is %s, not running",
			 hv_state_name(dom.state));
		hv_set_error(hv, why, NULL);
		return -EINVAL;
	}
	snprintf(path, CONTROL_PATH_LEN, "/local/domain/%u/control/%s",
		 dom.id, node);
	return 0;
}

int hv_domain_shutdown(struct hv *hv, const struct hv_domain_ref *ref,
		       enum hv_shutdown_request how)
{
	char path[CONTROL_PATH_LEN];
	const char *word;
	int err;

	hv_clear_error(hv);
	if ((unsigned int)how >= ARRAY_SIZE(shutdown_words)) {
		hv_set_error(hv, "no such shutdown request", NULL);
		return -EINVAL;
	}
	word = shutdown_words[how];
	err = control_path(hv, ref, "shutdown", path);
	return err ?: hv_store_write(hv, path, word, strlen(word));
}

int hv_domain_shutdown_acked(struct hv *hv, const struct hv_domain_ref *ref,
			     bool *acked)
{
	char path[CONTROL_PATH_LEN], val[16];
	size_t len;
	int err;

	hv_clear_error(hv);
	err = control_path(hv, ref, "shutdown", path);
	if (err)
		return err;
	err = hv_store_read(hv, path, val, sizeof(val), &len);
	/* Removing the node is an answer too, if not Linux's. */
	if (err == -ENOENT) {
		*acked = true;
		return 0;
	}
	if (!err)
		*acked = !len;
	return err;
}

int hv_domain_sysrq(struct hv *hv, const struct hv_domain_ref *ref, char key)
{
	char path[CONTROL_PATH_LEN];
	int err;

	hv_clear_error(hv);
	/* Linux reads one character; anything else is no key. */
	if (key <= ' ' || key > '~') {
		hv_set_error(hv, "a SysRq key is one printable character",
			     NULL);
		return -EINVAL;
	}
	err = control_path(hv, ref, "sysrq", path);
	return err ?: hv_store_write(hv, path, &key, 1);
}

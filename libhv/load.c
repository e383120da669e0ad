// SPDX-License-Identifier: LGPL-2.1
/*
 * Building a domain over netlink: the guest's frames go to the kernel
 * with DOMAIN_LOAD, in runs of contiguous frames as large as a request
 * carries, and DOMAIN_START hands over the boot state.  What goes where
 * is the pure builder's business (elf.c, layout.c, build.c); a bzImage
 * is unwrapped to its ELF first (bzimage.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/msg.h>

#include "build.h"
#include "bzimage.h"
#include "internal.h"
#include "msg.h"

int hv_domain_load(struct hv *hv, const struct hv_domain_ref *ref,
		   uint32_t pfn, const void *data, size_t len)
{
	struct nl_msg *msg;
	int err;

	hv_clear_error(hv);
	if (!len || len > HV_LOAD_MAX) {
		snprintf(hv->errmsg, sizeof(hv->errmsg),
			 "a load carries 1 to %d bytes", HV_LOAD_MAX);
		return -EINVAL;
	}
	err = hv_ref_msg(hv, HV_CMD_DOMAIN_LOAD, ref, len, &msg);
	if (err)
		return err;
	err = hv_msg_put_load(msg, pfn, data, len);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return hv_nl_transact(hv, msg, NULL, NULL);
}

int hv_domain_start(struct hv *hv, const struct hv_domain_ref *ref,
		    const struct hv_boot *boot, bool paused)
{
	struct nl_msg *msg;
	int err;

	hv_clear_error(hv);
	err = hv_ref_msg(hv, HV_CMD_DOMAIN_START, ref, 0, &msg);
	if (err)
		return err;
	err = hv_msg_put_boot(msg, boot, paused);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return hv_nl_transact(hv, msg, NULL, NULL);
}

/* Frames on their way to the kernel, gathered into runs */
struct loader {
	struct hv *hv;
	struct hv_domain_ref ref;
	unsigned char *buf;	/* HV_LOAD_MAX bytes */
	uint32_t first;		/* the frame at buf[0] */
	size_t len;		/* bytes in buf */
};

static int flush(struct loader *l)
{
	int err = 0;

	if (l->len)
		err = hv_domain_load(l->hv, &l->ref, l->first, l->buf, l->len);
	l->len = 0;
	return err;
}

static int add_frame(uint32_t pfn, const void *page, void *arg)
{
	struct loader *l = arg;
	int err;

	/* hv_build_pages() goes up frame by frame, skipping zero ones. */
	if (l->len && (l->len == HV_LOAD_MAX ||
		       pfn != l->first + l->len / HV_PAGE_SIZE)) {
		err = flush(l);
		if (err)
			return err;
	}
	if (!l->len)
		l->first = pfn;
	memcpy(l->buf + l->len, page, HV_PAGE_SIZE);
	l->len += HV_PAGE_SIZE;
	return 0;
}

static int load_all(struct hv *hv, uint32_t id,
		    const struct hv_build_input *in,
		    const struct hv_layout *lay)
{
	struct loader l = { .hv = hv, .ref = { .id = id } };
	int err;

	l.buf = malloc(HV_LOAD_MAX);
	if (!l.buf)
		return -ENOMEM;
	err = hv_build_pages(in, lay, add_frame, &l);
	if (!err)
		err = flush(&l);
	free(l.buf);
	return err;
}

static int check_args(struct hv *hv, const struct hv_build_args *args)
{
	if (!args->kernel || !args->kernel_len) {
		hv_set_error(hv, "no kernel image", NULL);
		return -EINVAL;
	}
	if (args->ramdisk_len && !args->ramdisk) {
		hv_set_error(hv, "a ramdisk length without a ramdisk", NULL);
		return -EINVAL;
	}
	return 0;
}

/* Only a domain that nothing was loaded into yet can be built. */
static int get_domain(struct hv *hv, const struct hv_domain_ref *ref,
		      struct hv_domain *dom)
{
	int err;

	err = hv_domain_get(hv, ref, dom);
	if (err)
		return err;
	if (dom->state != HV_DOMAIN_STATE_CREATED) {
		snprintf(hv->errmsg, sizeof(hv->errmsg),
			 "the domain is %s: only a domain in state \"created\" can be built",
			 hv_state_name(dom->state));
		return -EBUSY;
	}
	return 0;
}

/* The ELF kernel: the image itself, or what a bzImage holds in @buf */
struct kernel {
	const void *elf;
	size_t len;
	void *buf;		/* to free */
};

static int unwrap(struct hv *hv, const struct hv_build_args *args,
		  struct kernel *k)
{
	char why[HV_ERRMSG_LEN];
	int err;

	err = hv_bzimage_unwrap(args->kernel, args->kernel_len,
				HV_BZIMAGE_MAX, &k->buf, &k->len, why,
				sizeof(why));
	if (err) {
		hv_set_error(hv, "bad kernel image", why);
		return err;
	}
	if (!k->buf) {
		k->elf = args->kernel;
		k->len = args->kernel_len;
	} else {
		k->elf = k->buf;
	}
	return 0;
}

/* Check the kernel and lay out the guest in @in and @lay */
static int plan(struct hv *hv, const struct hv_build_args *args,
		const struct kernel *k, const struct hv_domain *dom,
		struct hv_elf *elf, struct hv_build_input *in,
		struct hv_layout *lay)
{
	char why[HV_ERRMSG_LEN];
	int err;

	err = hv_elf_parse(k->elf, k->len, elf, why, sizeof(why));
	if (err) {
		hv_set_error(hv, k->buf ? "bad kernel in the bzImage" :
			     "bad kernel image", why);
		return err;
	}
	in->elf = elf;
	in->kernel = k->elf;
	in->ramdisk = args->ramdisk;
	in->ramdisk_len = args->ramdisk_len;
	in->cmdline = args->cmdline;
	in->memory = dom->memory;
	err = hv_build_layout(in, lay, why, sizeof(why));
	if (err)
		hv_set_error(hv, why, NULL);
	return err;
}

int hv_domain_build(struct hv *hv, const struct hv_domain_ref *ref,
		    const struct hv_build_args *args)
{
	struct hv_domain_ref by_id;
	struct kernel k = { 0 };
	struct hv_build_input in;
	struct hv_layout lay;
	struct hv_domain dom;
	struct hv_boot boot;
	struct hv_elf elf;
	int err;

	hv_clear_error(hv);
	err = check_args(hv, args);
	if (!err)
		err = get_domain(hv, ref, &dom);
	if (!err)
		err = unwrap(hv, args, &k);
	if (!err)
		err = plan(hv, args, &k, &dom, &elf, &in, &lay);
	/* From here on by id: the name could pass to another domain. */
	if (!err)
		err = load_all(hv, dom.id, &in, &lay);
	if (!err) {
		hv_build_boot(&in, &lay, &boot);
		by_id = (struct hv_domain_ref){ .id = dom.id };
		err = hv_domain_start(hv, &by_id, &boot, args->paused);
	}
	/* Last: @in and @elf point into the kernel until the start. */
	free(k.buf);
	return err;
}

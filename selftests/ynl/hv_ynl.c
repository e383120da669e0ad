// SPDX-License-Identifier: GPL-2.0
/*
 * hv-ynl: drive hv through the client that the kernel's YAML netlink code
 * generator (tools/net/ynl) makes of Documentation/netlink/specs/hv.yaml:
 * domain-new, domain-get (do and dump) and domain-del, each result checked
 * against what was asked.  If the spec and the module disagree (an
 * attribute's number or type, an operation's number, a reply's layout),
 * the generated parser or the checks here fail.  Prints one line per check,
 * "ok - ..." or "not ok - ...", for selftests/vm/tests/99-ynl.sh; exits 1
 * when a check failed.  Needs CAP_NET_ADMIN.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <ynl.h>
#include "hv-user.h"

static int failures;

static void check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failures++;
}

static struct hv_domain_new_rsp *create(struct ynl_sock *ys, const char *name,
					__u64 memory)
{
	struct hv_domain_new_req *req = hv_domain_new_req_alloc();
	struct hv_domain_new_rsp *rsp;

	hv_domain_new_req_set_name(req, name);
	hv_domain_new_req_set_memory(req, memory);
	rsp = hv_domain_new(ys, req);
	hv_domain_new_req_free(req);
	if (!rsp)
		printf("# domain-new %s: %s\n", name, ys->err.msg);
	return rsp;
}

/* domain-get by name (id 0) or by id. */
static struct hv_domain_get_rsp *get(struct ynl_sock *ys, const char *name,
				     __u32 id)
{
	struct hv_domain_get_req *req = hv_domain_get_req_alloc();
	struct hv_domain_get_rsp *rsp;

	if (name)
		hv_domain_get_req_set_name(req, name);
	else
		hv_domain_get_req_set_id(req, id);
	rsp = hv_domain_get(ys, req);
	hv_domain_get_req_free(req);
	return rsp;
}

static int del(struct ynl_sock *ys, const char *name, __u32 id)
{
	struct hv_domain_del_req *req = hv_domain_del_req_alloc();
	int ret;

	if (name)
		hv_domain_del_req_set_name(req, name);
	else
		hv_domain_del_req_set_id(req, id);
	ret = hv_domain_del(ys, req);
	hv_domain_del_req_free(req);
	return ret;
}

/* How many times the dump lists @name, and with what id and memory. */
static int dump_count(struct ynl_sock *ys, const char *name, __u32 *id,
		      __u64 *memory)
{
	struct hv_domain_get_list *list = hv_domain_get_dump(ys);
	int n = 0;

	if (!list) {
		printf("# dump: %s\n", ys->err.msg);
		return -1;
	}
	ynl_dump_foreach(list, d) {
		if (d->_present.name_len && !strcmp(d->name, name)) {
			n++;
			*id = d->_present.id ? d->id : 0;
			*memory = d->_present.memory ? d->memory : 0;
		}
	}
	hv_domain_get_list_free(list);
	return n;
}

int main(void)
{
	struct ynl_error yerr;
	struct hv_domain_new_rsp *a, *b, *bad;
	struct hv_domain_get_rsp *g;
	struct ynl_sock *ys;
	__u32 id_a = 0, id_b = 0, id;
	__u64 mem;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ys = ynl_sock_create(&ynl_hv_family, &yerr);
	check(!!ys, "ynl socket for family \"hv\"%s%s", ys ? "" : ": ",
	      ys ? "" : yerr.msg);
	if (!ys)
		return 1;

	a = create(ys, "ynl-a", 16 << 20);
	check(a && a->_present.id && a->id >= 1 && a->id <= HV_DOMID_MAX,
	      "domain-new ynl-a: reply has an id in 1..domid-max");
	check(a && a->_present.name_len && !strcmp(a->name, "ynl-a") &&
	      a->_present.memory && a->memory == 16 << 20,
	      "domain-new ynl-a: reply has its name and 16 MiB");
	check(a && a->_present.state && a->state == HV_DOMAIN_STATE_CREATED,
	      "domain-new ynl-a: state created (%s)",
	      a && a->_present.state ? hv_domain_state_str(a->state) : "none");
	if (a)
		id_a = a->id;
	b = create(ys, "ynl-b", 32 << 20);
	check(b && b->_present.id && b->id != id_a && b->memory == 32 << 20,
	      "domain-new ynl-b: another id, 32 MiB");
	if (b)
		id_b = b->id;

	bad = create(ys, "ynl-a", 16 << 20);
	check(!bad && ys->err.code == EEXIST,
	      "domain-new of a name in use: EEXIST (%d)", ys->err.code);
	if (bad)
		hv_domain_new_rsp_free(bad);
	bad = create(ys, "no space", 16 << 20);
	check(!bad && ys->err.code == EINVAL && strstr(ys->err.msg, "name"),
	      "domain-new of a bad name: EINVAL with a message (%s)",
	      ys->err.msg);
	if (bad)
		hv_domain_new_rsp_free(bad);

	g = get(ys, "ynl-a", 0);
	check(g && g->_present.id && g->id == id_a && g->memory == 16 << 20 &&
	      g->_present.state && g->state == HV_DOMAIN_STATE_CREATED,
	      "domain-get by name: ynl-a's id, memory and state");
	if (g)
		hv_domain_get_rsp_free(g);
	g = get(ys, NULL, id_b);
	check(g && g->_present.name_len && !strcmp(g->name, "ynl-b") &&
	      g->memory == 32 << 20, "domain-get by id: ynl-b");
	if (g)
		hv_domain_get_rsp_free(g);

	check(dump_count(ys, "ynl-a", &id, &mem) == 1 && id == id_a &&
	      mem == 16 << 20, "dump lists ynl-a once, with its id and memory");
	check(dump_count(ys, "ynl-b", &id, &mem) == 1 && id == id_b &&
	      mem == 32 << 20, "dump lists ynl-b once, with its id and memory");

	check(del(ys, "ynl-a", 0) == 0, "domain-del by name: ynl-a");
	check(del(ys, NULL, id_b) == 0, "domain-del by id: ynl-b");
	g = get(ys, "ynl-a", 0);
	check(!g && ys->err.code == ENOENT,
	      "domain-get of a deleted domain: ENOENT (%d)", ys->err.code);
	if (g)
		hv_domain_get_rsp_free(g);
	check(del(ys, NULL, id_b) < 0 && ys->err.code == ENOENT,
	      "domain-del of a deleted domain: ENOENT (%d)", ys->err.code);
	check(dump_count(ys, "ynl-a", &id, &mem) == 0 &&
	      dump_count(ys, "ynl-b", &id, &mem) == 0,
	      "dump lists neither any more");

	/* The generated free functions do not take NULL. */
	if (a)
		hv_domain_new_rsp_free(a);
	if (b)
		hv_domain_new_rsp_free(b);
	ynl_sock_destroy(ys);
	return failures ? 1 : 0;
}

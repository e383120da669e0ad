// SPDX-License-Identifier: GPL-2.0
/*
 * Domains: creation, lookup, destruction and lifetime.
 *
 * A domain lives in the id table from creation until it is destroyed; the
 * table holds one reference and every lookup takes another, so a domain
 * that is being destroyed stays valid for whoever still looks at it.  Its
 * memory goes back to the host when the last reference is dropped.
 *
 * Each live domain also pins this module: rmmod refuses (EWOULDBLOCK) while
 * any domain exists, so unloading can never pull memory from under a guest.
 */

#include <linux/idr.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "blkback.h"
#include "domain.h"
#include "m2p.h"
#include "netlink.h"
#include "vcpu.h"
#include "xenstore.h"

/* Protects hv_domains and the names of the domains in it. */
static DEFINE_MUTEX(hv_domains_lock);
static DEFINE_IDR(hv_domains);

/*
 * Plain ASCII on purpose: the kernel's isalnum() follows Latin-1 and would
 * let bytes above 0x7f through.
 */
static bool hv_name_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

bool hv_domain_name_ok(const char *name)
{
	size_t len = strnlen(name, HV_DOMAIN_NAME_MAX + 1), i;
	bool digits_only = true;

	if (len == 0 || len > HV_DOMAIN_NAME_MAX || !hv_name_alnum(name[0]))
		return false;
	for (i = 0; i < len; i++) {
		if (!hv_name_alnum(name[i]) && name[i] != '.' &&
		    name[i] != '_' && name[i] != '-')
			return false;
		if (name[i] < '0' || name[i] > '9')
			digits_only = false;
	}
	return !digits_only;
}

/* Caller holds hv_domains_lock. */
static struct hv_dom *hv_find_by_name(const char *name)
{
	struct hv_dom *d;
	int id;

	idr_for_each_entry(&hv_domains, d, id)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static bool hv_name_taken(const char *name)
{
	bool taken;

	mutex_lock(&hv_domains_lock);
	taken = hv_find_by_name(name);
	mutex_unlock(&hv_domains_lock);
	return taken;
}

static int hv_domain_insert(struct hv_dom *d,
			    struct netlink_ext_ack *extack)
{
	int id;

	mutex_lock(&hv_domains_lock);
	if (hv_find_by_name(d->name)) {
		NL_SET_ERR_MSG_MOD(extack, "a domain with this name exists");
		id = -EEXIST;
		goto out;
	}
	id = idr_alloc_cyclic(&hv_domains, d, 1, HV_DOMID_MAX + 1,
			      GFP_KERNEL);
	if (id == -ENOSPC)
		NL_SET_ERR_MSG_MOD(extack, "all domain ids are in use");
	else if (id < 0)
		NL_SET_ERR_MSG_MOD(extack, "cannot allocate a domain id");
	else
		d->id = id;
out:
	mutex_unlock(&hv_domains_lock);
	return id < 0 ? id : 0;
}

/* Undo hv_domain_insert() for a domain nobody has seen yet. */
static void hv_domain_remove_id(struct hv_dom *d)
{
	mutex_lock(&hv_domains_lock);
	idr_remove(&hv_domains, d->id);
	mutex_unlock(&hv_domains_lock);
}

/*
 * What the hypervisor keeps per frame (its type and counts) and the
 * console buffer.
 */
static int hv_domain_init_frames(struct hv_dom *d,
				 struct netlink_ext_ack *extack)
{
	d->ft = kvcalloc(d->mem.nr_frames, sizeof(*d->ft), GFP_KERNEL_ACCOUNT);
	if (!d->ft)
		goto err_nomem;
	if (hv_console_init(&d->console))
		goto err_nomem;
	if (hv_gnttab_init(d))
		goto err_nomem;
	return 0;

err_nomem:
	NL_SET_ERR_MSG_MOD(extack, "out of memory for the frame table");
	return -ENOMEM;
}

static void hv_domain_free_frames(struct hv_dom *d)
{
	hv_m2p_free(d);
	hv_console_free(&d->console);
	hv_gnttab_free(d);
	hv_events_free(&d->events);
	/*
	 * Every type and reference lives in the frame table and names only
	 * the domain's own frames (and its shared_info page), so dropping
	 * the table with the frames drops them all, whatever state the
	 * guest left its tables in.
	 */
	kvfree(d->ft);
	if (d->shared_info)
		__free_page(d->shared_info);
}

struct hv_dom *hv_domain_alloc(const char *name, u64 memory,
			       struct netlink_ext_ack *extack)
{
	struct hv_dom *d;
	int err;

	/* Fail early and cheaply; hv_domain_insert() checks again. */
	if (hv_name_taken(name)) {
		NL_SET_ERR_MSG_MOD(extack, "a domain with this name exists");
		return ERR_PTR(-EEXIST);
	}

	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return ERR_PTR(-ENOMEM);
	kref_init(&d->ref);
	strscpy(d->name, name, sizeof(d->name));
	d->memory = memory;
	d->state = HV_DOMAIN_STATE_CREATED;
	mutex_init(&d->lock);
	hv_events_init(&d->events);
	mutex_init(&d->consring.lock);
	d->consring.pfn = U32_MAX;
	xa_init(&d->m2p_pages);
	INIT_LIST_HEAD(&d->blks);

	err = hv_memory_reserve(&d->mem, memory, extack);
	if (err)
		goto err_free;
	err = hv_domain_init_frames(d, extack);
	if (err)
		goto err_release;
	err = hv_domain_insert(d, extack);
	if (err)
		goto err_release;
	err = hv_xs_domain_create(d);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot add the domain to the xenstore");
		hv_domain_remove_id(d);
		goto err_release;
	}

	/* Our caller runs in this module, so the module is alive. */
	__module_get(THIS_MODULE);
	kref_get(&d->ref);	/* one for the table, one for the caller */
	hv_nl_notify(d, HV_EVENT_CREATED);
	return d;

err_release:
	hv_domain_free_frames(d);
	hv_memory_release(&d->mem);
err_free:
	kfree(d);
	return ERR_PTR(err);
}

static void hv_domain_release(struct kref *ref)
{
	struct hv_dom *d = container_of(ref, struct hv_dom, ref);

	hv_blk_domain_destroy(d);	/* only if destroy did not */
	hv_xs_domain_destroy(d);
	if (d->vcpu)
		hv_vcpu_free(d->vcpu);
	hv_domain_free_frames(d);
	hv_memory_release(&d->mem);
	kfree(d);
	module_put(THIS_MODULE);
}

void hv_domain_put(struct hv_dom *d)
{
	kref_put(&d->ref, hv_domain_release);
}

struct hv_dom *hv_domain_get_by_id(u32 id)
{
	struct hv_dom *d;

	mutex_lock(&hv_domains_lock);
	d = idr_find(&hv_domains, id);
	if (d)
		kref_get(&d->ref);
	mutex_unlock(&hv_domains_lock);
	return d;
}

struct hv_dom *hv_domain_get_by_name(const char *name)
{
	struct hv_dom *d;

	mutex_lock(&hv_domains_lock);
	d = hv_find_by_name(name);
	if (d)
		kref_get(&d->ref);
	mutex_unlock(&hv_domains_lock);
	return d;
}

/*
 * Iteration for dumps: the domain with the lowest id >= *id, referenced,
 * with *id set to its id.  NULL at the end.
 */
struct hv_dom *hv_domain_get_next(u32 *id)
{
	struct hv_dom *d;
	int next = *id;

	mutex_lock(&hv_domains_lock);
	d = idr_get_next(&hv_domains, &next);
	if (d) {
		kref_get(&d->ref);
		*id = next;
	}
	mutex_unlock(&hv_domains_lock);
	return d;
}

/*
 * Remove @d from the table: its name and id become free at once, and its
 * memory goes back when the last reference (maybe the caller's) is put.
 * -ENOENT when somebody else destroyed it first.
 */
int hv_domain_remove(struct hv_dom *d)
{
	struct hv_vcpu *v;
	bool mine;

	mutex_lock(&hv_domains_lock);
	mine = idr_find(&hv_domains, d->id) == d;
	if (mine)
		idr_remove(&hv_domains, d->id);
	mutex_unlock(&hv_domains_lock);
	if (!mine)
		return -ENOENT;

	mutex_lock(&d->lock);
	WRITE_ONCE(d->state, HV_DOMAIN_STATE_DYING);
	v = d->vcpu;
	mutex_unlock(&d->lock);
	hv_gnttab_kill(d);	/* back ends' holds only unwind from now */
	/*
	 * Not under d->lock: the vCPU thread may be waiting for it to
	 * record a shutdown, and kthread_stop() waits for the thread.
	 * d->vcpu stays: the thread may still be in a hypercall that uses
	 * it, and the vCPU is freed only with the domain's last reference.
	 */
	if (v)
		hv_vcpu_stop(v);
	/* After the vCPU: nothing signals the store or a disk any more. */
	hv_blk_domain_destroy(d);
	hv_xs_domain_destroy(d);
	hv_nl_notify(d, HV_EVENT_DESTROYED);
	hv_domain_put(d);	/* the table's reference */
	return 0;
}

/*
 * Caller holds d->lock, and announces the change once it dropped it (the
 * announcement reads the domain under that lock).
 */
static void hv_domain_set_state(struct hv_dom *d,
				enum hv_domain_state state)
{
	WRITE_ONCE(d->state, state);
	if (d->vcpu)
		hv_vcpu_kick(d->vcpu);
}

int hv_domain_set_paused(struct hv_dom *d, bool pause,
			 struct netlink_ext_ack *extack)
{
	enum hv_domain_state from = pause ? HV_DOMAIN_STATE_RUNNING :
					    HV_DOMAIN_STATE_PAUSED;
	int err = 0;

	mutex_lock(&d->lock);
	if (d->state == from) {
		hv_domain_set_state(d, pause ? HV_DOMAIN_STATE_PAUSED :
					       HV_DOMAIN_STATE_RUNNING);
	} else if (pause) {
		NL_SET_ERR_MSG_MOD(extack, "only a running domain can be paused");
		err = -EINVAL;
	} else {
		NL_SET_ERR_MSG_MOD(extack, "only a paused domain can be resumed");
		err = -EINVAL;
	}
	mutex_unlock(&d->lock);
	if (!err)
		hv_nl_notify(d, HV_EVENT_STATE_CHANGED);
	return err;
}

/* The guest asked to stop (sched_op shutdown); called by its vCPU. */
void hv_domain_end(struct hv_dom *d, u32 code)
{
	bool changed = false;

	mutex_lock(&d->lock);
	if (d->state == HV_DOMAIN_STATE_RUNNING ||
	    d->state == HV_DOMAIN_STATE_PAUSED) {
		d->end = code;
		hv_domain_set_state(d, code == HV_END_CRASH ?
				    HV_DOMAIN_STATE_CRASHED :
				    HV_DOMAIN_STATE_SHUTDOWN);
		changed = true;
	}
	mutex_unlock(&d->lock);
	if (changed)
		hv_nl_notify(d, HV_EVENT_STATE_CHANGED);
}

/*
 * The one answer to a guest that broke the rules: it dies, with a reason
 * its owner can read (hvctl show), and the host goes on.
 */
void hv_domain_crash(struct hv_dom *d, u32 eip, const char *fmt, ...)
{
	bool changed = false;
	va_list args;

	mutex_lock(&d->lock);
	if (d->state == HV_DOMAIN_STATE_RUNNING ||
	    d->state == HV_DOMAIN_STATE_PAUSED) {
		va_start(args, fmt);
		vsnprintf(d->end_reason, sizeof(d->end_reason), fmt, args);
		va_end(args);
		d->end = HV_END_KILLED;
		d->end_eip = eip;
		pr_info_ratelimited("domain %u (%s) killed at eip %#x: %s\n",
				    d->id, d->name, eip, d->end_reason);
		hv_domain_set_state(d, HV_DOMAIN_STATE_CRASHED);
		changed = true;
	}
	mutex_unlock(&d->lock);
	if (changed)
		hv_nl_notify(d, HV_EVENT_STATE_CHANGED);
}

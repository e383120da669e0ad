// SPDX-License-Identifier: GPL-2.0
/*
 * The xenstore database (docs/misc/xenstore.txt): the nodes, permissions,
 * transactions, watches and the requests of the xs_wire protocol.  The
 * rings that carry the requests are xsring.c's; the host (domain 0)
 * comes in through netlink.
 *
 * The store is a hash table of nodes by absolute path; each node holds
 * its value, the names of its children and its permissions, as Xen's
 * xenstored keeps them.  A node is never changed in place: a change
 * builds a new node and replaces the old one, which gets a new
 * generation.  So a transaction is a list of the paths it touched, with
 * the generation each had when first touched (0: absent) and the node it
 * would put there (NULL: deleted).  Requests in a transaction see its
 * nodes first; committing checks that every path it touched still has
 * its generation (else EAGAIN, as Xen) and puts its nodes in place whole,
 * children lists included, so no order matters.
 *
 * Permissions: perms[0] names the owner and what everybody else may do;
 * the others what one domain may do.  An entry counts only for a domain
 * that existed when the entry was written (its conn's birth generation is
 * below the node's perm_gen): a destroyed domain's entries, and entries
 * naming an id before a domain got it, are dead; a node whose owner is
 * dead belongs to domain 0, as Xen makes it.  No walk at destroy.
 *
 * Everything a domain adds is bounded (xenstore.h): nodes it owns, node
 * size, watches, transactions and their nodes, path length and depth,
 * bytes in all; every walk is a loop, never recursion, so the depth of a
 * guest's paths costs the host no stack.  Guests' allocations are charged
 * to the memory cgroup of whoever created the domain (xsring.c sets it).
 */

#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "netlink.h"
#include "xenstore.h"

#define XS_PERM_READ		1
#define XS_PERM_WRITE		2
#define XS_PERM_OWNER		4
#define XS_PERM_ALL		(XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER)

DEFINE_MUTEX(hv_xs_lock);		/* the whole store, locking.rst */
static DEFINE_XARRAY(hv_xs_conns);	/* domid -> struct hv_xs_conn */
static LIST_HEAD(hv_xs_host_watches);	/* struct hv_xs_host_watch */
static u64 hv_xs_gen;			/* the last generation handed out */

struct hv_xs_perm {
	u16 id;
	u8 perm;			/* XS_PERM_READ | XS_PERM_WRITE */
};

struct hv_xs_node {
	struct hlist_node hnode;
	u64 gen;			/* when it was put in place */
	u64 perm_gen;			/* when its perms were written */
	size_t size;			/* what it costs its owner */
	u32 hash;
	u32 pathlen, nperms, datalen, childlen;
	struct hv_xs_perm *perms;
	char *path;			/* NUL-terminated */
	char *data;
	char *children;			/* names, each NUL-terminated */
	u8 blob[] __aligned(8);
};

/* A path a transaction touched */
struct hv_xs_txe {
	struct list_head list;
	u64 base_gen;			/* its generation then, 0: absent */
	struct hv_xs_node *node;	/* if modified: what to put, or NULL */
	size_t size;
	u32 hash, pathlen;
	bool modified, fire, exact;
	char path[];
};

struct hv_xs_tx {
	struct list_head list;
	struct list_head entries;
	u32 id, nr, created;
	bool failed;
};

struct hv_xs_watch {
	struct list_head list;
	size_t size;
	u32 pathlen, rel;		/* rel: bytes of the prefix not shown */
	char *token;
	char path[];
};

/* One request: who asks, in which transaction, and the reply */
struct xs_req {
	struct hv_xs_conn *conn;	/* NULL: the host */
	u32 domid;
	struct hv_xs_tx *tx;
	u32 rlen;
	struct hv_xs_watch *new_watch;	/* fires once after the reply */
};

/* Scratch space, used under hv_xs_lock */
#define XS_PATH_BUF		(PV_XS_ABS_PATH_MAX + 64)
static char xs_path[2][XS_PATH_BUF];
static char xs_rbuf[PV_XS_PAYLOAD_MAX];
static char xs_event[PV_XS_PAYLOAD_MAX];

static struct hlist_head *xs_table;
static unsigned int xs_bits;
static unsigned long xs_count;

/* --- the table --- */

static u32 xs_hash(const char *path, u32 len)
{
	return jhash(path, len, 0);
}

static struct hlist_head *xs_bucket(u32 hash)
{
	return &xs_table[hash & ((1U << xs_bits) - 1)];
}

static struct hv_xs_node *xs_lookup(const char *path, u32 len, u32 hash)
{
	struct hv_xs_node *n;

	hlist_for_each_entry(n, xs_bucket(hash), hnode)
		if (n->hash == hash && n->pathlen == len &&
		    !memcmp(n->path, path, len))
			return n;
	return NULL;
}

/* The table's first and least size; 8 KiB of buckets */
#define XS_MIN_BITS		10
#define XS_MAX_BITS		20

/* Move every node into a table of 2^@bits buckets; if that fails, keep on. */
static void xs_rehash(unsigned int bits)
{
	struct hlist_head *t;
	struct hlist_node *tmp;
	struct hv_xs_node *n;
	unsigned int i;

	t = kvcalloc(1U << bits, sizeof(*t), GFP_KERNEL | __GFP_NOWARN);
	if (!t)
		return;
	for (i = 0; i < (1U << xs_bits); i++)
		hlist_for_each_entry_safe(n, tmp, &xs_table[i], hnode) {
			hlist_del(&n->hnode);
			hlist_add_head(&n->hnode,
				       &t[n->hash & ((1U << bits) - 1)]);
		}
	kvfree(xs_table);
	xs_table = t;
	xs_bits = bits;
}

/*
 * Twice the buckets once chains average two, half once they average a
 * quarter: a store that grew for a while (a guest at its quota, the
 * toolstack's writes) gives the memory back once its nodes are gone.
 */
static void xs_resize(void)
{
	if (xs_count >= (2UL << xs_bits) && xs_bits < XS_MAX_BITS)
		xs_rehash(xs_bits + 1);
	else if (xs_count < (1UL << xs_bits) / 4 && xs_bits > XS_MIN_BITS)
		xs_rehash(xs_bits - 1);
}

/* --- permissions and accounting --- */

static struct hv_xs_conn *xs_conn(u32 domid)
{
	return domid ? xa_load(&hv_xs_conns, domid) : NULL;
}

/*
 * An entry naming @id counts if the domain existed when it was written;
 * domain 0, the host, always does.
 */
static bool xs_perm_live(u32 id, u64 perm_gen)
{
	struct hv_xs_conn *c = xs_conn(id);

	return !id || (c && c->born < perm_gen);
}

static u32 xs_owner(const struct hv_xs_node *n)
{
	u32 id = n->perms[0].id;

	return id && xs_perm_live(id, n->perm_gen) ? id : 0;
}

static u32 xs_perm_for(u32 domid, const struct hv_xs_node *n)
{
	u32 i;

	if (!domid || xs_owner(n) == domid)
		return XS_PERM_ALL;
	for (i = 1; i < n->nperms; i++)
		if (n->perms[i].id == domid &&
		    xs_perm_live(domid, n->perm_gen))
			return n->perms[i].perm;
	return n->perms[0].perm;
}

static void xs_account(const struct hv_xs_node *n, bool add)
{
	struct hv_xs_conn *c = xs_conn(xs_owner(n));

	if (!c)
		return;
	if (add) {
		c->nr_nodes++;
		c->mem += n->size;
	} else {
		c->nr_nodes--;
		c->mem -= n->size;
	}
}

/* Whether the domain asking may hold @size more bytes. */
static bool xs_mem_ok(const struct xs_req *r, size_t size)
{
	return !r->conn || r->conn->mem + size <= HV_XS_MEM_MAX;
}

static void xs_charge(struct xs_req *r, size_t size, bool add)
{
	if (!r->conn)
		return;
	if (add)
		r->conn->mem += size;
	else
		r->conn->mem -= size;
}

/* --- nodes --- */

static struct hv_xs_node *xs_build(const char *path, u32 pathlen,
				   const struct hv_xs_perm *perms, u32 nperms,
				   u64 perm_gen, const void *data, u32 datalen,
				   const char *children, u32 childlen)
{
	struct hv_xs_node *n;
	size_t size = sizeof(*n) + nperms * sizeof(*perms) + pathlen + 1 +
		      datalen + childlen;

	n = kvmalloc(size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!n)
		return NULL;
	n->size = size;
	n->gen = 0;
	n->perm_gen = perm_gen;
	n->hash = xs_hash(path, pathlen);
	n->pathlen = pathlen;
	n->nperms = nperms;
	n->datalen = datalen;
	n->childlen = childlen;
	n->perms = (struct hv_xs_perm *)n->blob;
	n->path = (char *)(n->perms + nperms);
	n->data = n->path + pathlen + 1;
	n->children = n->data + datalen;
	memcpy(n->perms, perms, nperms * sizeof(*perms));
	memcpy(n->path, path, pathlen);
	n->path[pathlen] = 0;
	/* NULL: the caller fills them in */
	if (datalen && data)
		memcpy(n->data, data, datalen);
	if (childlen && children)
		memcpy(n->children, children, childlen);
	return n;
}

/* @n with another value */
static struct hv_xs_node *xs_with_data(const struct hv_xs_node *n,
				       const void *data, u32 len)
{
	return xs_build(n->path, n->pathlen, n->perms, n->nperms,
			n->perm_gen, data, len, n->children, n->childlen);
}

/* @n with the child @name added at the end of its list */
static struct hv_xs_node *xs_with_child(const struct hv_xs_node *n,
					const char *name, u32 len)
{
	struct hv_xs_node *m;

	m = xs_build(n->path, n->pathlen, n->perms, n->nperms, n->perm_gen,
		     n->data, n->datalen, NULL, n->childlen + len + 1);
	if (!m)
		return NULL;
	memcpy(m->children, n->children, n->childlen);
	memcpy(m->children + n->childlen, name, len);
	m->children[n->childlen + len] = 0;
	return m;
}

/* @n without the child @name (the list may lack it: then as it is) */
static struct hv_xs_node *xs_without_child(const struct hv_xs_node *n,
					   const char *name, u32 len)
{
	struct hv_xs_node *m;
	u32 off, l;

	for (off = 0; off < n->childlen; off += l + 1) {
		l = strlen(n->children + off);
		if (l == len && !memcmp(n->children + off, name, len))
			break;
	}
	if (off >= n->childlen)
		return xs_with_data(n, n->data, n->datalen);
	m = xs_build(n->path, n->pathlen, n->perms, n->nperms, n->perm_gen,
		     n->data, n->datalen, NULL, n->childlen - len - 1);
	if (!m)
		return NULL;
	memcpy(m->children, n->children, off);
	memcpy(m->children + off, n->children + off + len + 1,
	       n->childlen - off - len - 1);
	return m;
}

/* What Xen counts against a node's size quota */
static int xs_size_ok(const struct xs_req *r, const struct hv_xs_node *n)
{
	if (r->conn && n->datalen + n->childlen +
	    n->nperms * sizeof(struct hv_xs_perm) > HV_XS_NODE_SIZE_MAX)
		return -ENOSPC;
	return 0;
}

/* Put @n (NULL: nothing) at @path in the store itself. */
static void xs_install(const char *path, u32 len, u32 hash,
		       struct hv_xs_node *n)
{
	struct hv_xs_node *old = xs_lookup(path, len, hash);

	if (old) {
		xs_account(old, false);
		hlist_del(&old->hnode);
		xs_count--;
		kvfree(old);
	}
	if (!n) {
		xs_resize();
		return;
	}
	n->gen = ++hv_xs_gen;
	hlist_add_head(&n->hnode, xs_bucket(hash));
	xs_count++;
	xs_account(n, true);
	xs_resize();
}

/* --- the view of a request: its transaction's nodes, then the store --- */

static struct hv_xs_txe *xs_txe_find(struct hv_xs_tx *tx, const char *path,
				     u32 len, u32 hash)
{
	struct hv_xs_txe *e;

	list_for_each_entry(e, &tx->entries, list)
		if (e->hash == hash && e->pathlen == len &&
		    !memcmp(e->path, path, len))
			return e;
	return NULL;
}

static int xs_txe_add(struct xs_req *r, const char *path, u32 len, u32 hash,
		      struct hv_xs_txe **ep)
{
	struct hv_xs_node *g = xs_lookup(path, len, hash);
	size_t size = struct_size(*ep, path, len + 1);
	struct hv_xs_txe *e;

	if (r->tx->nr >= HV_XS_TX_NODES_MAX)
		return -ENOSPC;
	if (!xs_mem_ok(r, size))
		return -ENOMEM;
	e = kmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!e)
		return -ENOMEM;
	*e = (struct hv_xs_txe){ .base_gen = g ? g->gen : 0, .size = size,
				 .hash = hash, .pathlen = len };
	memcpy(e->path, path, len);
	e->path[len] = 0;
	list_add_tail(&e->list, &r->tx->entries);
	r->tx->nr++;
	xs_charge(r, size, true);
	*ep = e;
	return 0;
}

static int xs_txe(struct xs_req *r, const char *path, u32 len,
		  struct hv_xs_txe **ep)
{
	u32 hash = xs_hash(path, len);

	*ep = xs_txe_find(r->tx, path, len, hash);
	return *ep ? 0 : xs_txe_add(r, path, len, hash, ep);
}

/* The node at @path as @r sees it; -ENOENT if there is none. */
static int xs_get(struct xs_req *r, const char *path, u32 len,
		  struct hv_xs_node **np)
{
	struct hv_xs_txe *e;
	int err;

	*np = NULL;
	if (r->tx) {
		err = xs_txe(r, path, len, &e);
		if (err)
			return err;
		if (e->modified) {
			*np = e->node;
			return *np ? 0 : -ENOENT;
		}
	}
	*np = xs_lookup(path, len, xs_hash(path, len));
	return *np ? 0 : -ENOENT;
}

/* Make @n (NULL: nothing) the node at @path for @r; takes @n. */
static int xs_put(struct xs_req *r, const char *path, u32 len,
		  struct hv_xs_node *n)
{
	struct hv_xs_txe *e;
	int err;

	if (!r->tx) {
		xs_install(path, len, xs_hash(path, len), n);
		return 0;
	}
	err = xs_txe(r, path, len, &e);
	if (err) {
		kvfree(n);
		r->tx->failed = true;
		return err;
	}
	if (e->node) {
		xs_charge(r, e->node->size, false);
		kvfree(e->node);
	}
	if (n)
		xs_charge(r, n->size, true);
	e->node = n;
	e->modified = true;
	return 0;
}

/* --- paths --- */

static bool xs_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

/* The length of the home directory prefix "/local/domain/ID/" */
static u32 xs_home(u32 domid, char *buf, size_t size)
{
	return scnprintf(buf, size, "/local/domain/%u/", domid);
}

/*
 * @in (a NUL-terminated string of the request) as an absolute path in
 * @out; its length, or -EINVAL.  Relative paths are under the asker's
 * /local/domain/ID; "@name" only where @special.
 */
static int xs_canon(const struct xs_req *r, const char *in, char *out,
		    bool special)
{
	size_t len = strnlen(in, XS_PATH_BUF), i, off = 0;
	u32 depth = 0;

	if (!len || len > PV_XS_ABS_PATH_MAX)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!xs_path_char(in[i]))
			return -EINVAL;
	if (in[0] == '@') {
		if (!special)
			return -EINVAL;
		memcpy(out, in, len + 1);
		return len;
	}
	if (in[0] != '/') {
		/* The host has no home: its paths are absolute. */
		if (!r->conn || len > PV_XS_REL_PATH_MAX)
			return -EINVAL;
		off = xs_home(r->domid, out, XS_PATH_BUF);
	}
	if (off + len > PV_XS_ABS_PATH_MAX)
		return -EINVAL;
	memcpy(out + off, in, len + 1);
	len += off;
	if (strstr(out, "//") || (len > 1 && out[len - 1] == '/'))
		return -EINVAL;
	for (i = 0; i < len; i++)
		depth += out[i] == '/';
	if (depth > HV_XS_DEPTH_MAX)
		return -EINVAL;
	return len;
}

/* The parent of @path; 0 for "/" and the special paths. */
static u32 xs_parent_len(const char *path, u32 len)
{
	u32 i = len;

	if (path[0] != '/' || len <= 1)
		return 0;
	while (i > 0 && path[i - 1] != '/')
		i--;
	return i > 1 ? i - 1 : 1;
}

/* Where the last component of @path starts */
static u32 xs_base(const char *path, u32 len)
{
	u32 plen = xs_parent_len(path, len);

	return plen == 1 ? 1 : plen + 1;
}

static bool xs_is_child(const char *child, u32 clen, const char *parent,
			u32 plen)
{
	if (plen == 1 && parent[0] == '/')
		return child[0] == '/';
	return clen >= plen && !memcmp(child, parent, plen) &&
	       (clen == plen || child[plen] == '/');
}

/*
 * A refusal with @err at @path tells nothing the asker may not know: it
 * becomes EACCES unless the nearest existing ancestor grants @perm (Xen's
 * errno_from_parents()).
 */
static int xs_hide(struct xs_req *r, const char *path, u32 len, int err,
		   u32 perm)
{
	struct hv_xs_node *n;

	if (err == -ENOMEM || err == -ENOSPC)
		return err;
	while ((len = xs_parent_len(path, len))) {
		if (!xs_get(r, path, len, &n))
			return (xs_perm_for(r->domid, n) & perm) ? err : -EACCES;
	}
	return -EACCES;
}

static int xs_get_perm(struct xs_req *r, const char *path, u32 len,
		       u32 perm, struct hv_xs_node **np)
{
	int err = xs_get(r, path, len, np);

	if (!err && (xs_perm_for(r->domid, *np) & perm) != perm)
		err = -EACCES;
	if (!err)
		return 0;
	*np = NULL;
	return xs_hide(r, path, len, err, perm);
}

/* --- watches --- */

static bool xs_readable(u32 domid, const char *path, u32 len)
{
	const struct hv_xs_node *n = xs_lookup(path, len, xs_hash(path, len));

	if (n)
		return xs_perm_for(domid, n) & XS_PERM_READ;
	len = xs_parent_len(path, len);
	n = len ? xs_lookup(path, len, xs_hash(path, len)) : NULL;
	return n && (xs_perm_for(domid, n) & XS_PERM_READ);
}

/* Queue "path\0token\0" for @c; over-long events are not sent (Xen). */
static void xs_send_event(struct hv_xs_conn *c, const char *path, u32 len,
			  const char *token)
{
	u32 tlen = strlen(token);

	if (len + tlen + 2 > PV_XS_PAYLOAD_MAX)
		return;
	memcpy(xs_event, path, len);
	xs_event[len] = 0;
	memcpy(xs_event + len + 1, token, tlen + 1);
	hv_xs_queue(c, PV_XS_WATCH_EVENT, 0, 0, xs_event, len + tlen + 2,
		    true);
}

static bool xs_watch_matches(const struct hv_xs_watch *w, const char *path,
			     u32 len, bool exact)
{
	if (exact)
		return w->pathlen == len && !memcmp(w->path, path, len);
	return xs_is_child(path, len, w->path, w->pathlen);
}

/*
 * @path changed: an event for each watch on it or above it (@exact: only
 * on it, for the nodes below a removed one), to the domains that may
 * read it or its parent (Xen's rule), and to the host's listeners.
 */
static void xs_fire_now(const char *path, u32 len, bool exact)
{
	struct hv_xs_host_watch *hw;
	struct hv_xs_watch *w;
	struct hv_xs_conn *c;
	unsigned long id;

	list_for_each_entry(hw, &hv_xs_host_watches, list)
		if (exact ? hw->len == len && !memcmp(hw->path, path, len) :
			    xs_is_child(path, len, hw->path, hw->len))
			hw->fn(hw);

	xa_for_each(&hv_xs_conns, id, c) {
		if (!c->nr_watches || !xs_readable(c->domid, path, len))
			continue;
		list_for_each_entry(w, &c->watches, list)
			if (xs_watch_matches(w, path, len, exact))
				xs_send_event(c, path + w->rel, len - w->rel,
					      w->token);
	}
	hv_nl_store_notify(path, len, exact);
}

/* In a transaction, events wait for the commit. */
static void xs_fire(struct xs_req *r, const char *path, u32 len, bool exact)
{
	struct hv_xs_txe *e;

	if (!r->tx) {
		xs_fire_now(path, len, exact);
		return;
	}
	if (xs_txe(r, path, len, &e))
		return;
	e->exact = e->fire ? e->exact && exact : exact;
	e->fire = true;
}

void hv_xs_fire_special(const char *name)
{
	mutex_lock(&hv_xs_lock);
	xs_fire_now(name, strlen(name), false);
	mutex_unlock(&hv_xs_lock);
}

static void xs_watch_free(struct hv_xs_conn *c, struct hv_xs_watch *w)
{
	list_del(&w->list);
	c->nr_watches--;
	c->mem -= w->size;
	kfree(w);
}

/* --- transactions --- */

static void xs_tx_free(struct hv_xs_conn *c, struct hv_xs_tx *tx)
{
	struct hv_xs_txe *e, *tmp;

	list_for_each_entry_safe(e, tmp, &tx->entries, list) {
		if (e->node) {
			c->mem -= e->node->size;
			kvfree(e->node);
		}
		c->mem -= e->size;
		list_del(&e->list);
		kfree(e);
	}
	list_del(&tx->list);
	c->nr_tx--;
	c->mem -= sizeof(*tx);
	kfree(tx);
}

static struct hv_xs_tx *xs_tx_find(struct hv_xs_conn *c, u32 id)
{
	struct hv_xs_tx *tx;

	list_for_each_entry(tx, &c->txs, list)
		if (tx->id == id)
			return tx;
	return NULL;
}

/*
 * Every path the transaction touched must be as it was (else EAGAIN, as
 * Xen); then its nodes go in place and its events fire.
 */
static int xs_commit(struct xs_req *r, struct hv_xs_tx *tx)
{
	struct hv_xs_node *g, *n;
	struct hv_xs_txe *e;
	int created = 0;

	if (tx->failed)
		return -ENOMEM;
	list_for_each_entry(e, &tx->entries, list) {
		g = xs_lookup(e->path, e->pathlen, e->hash);
		if ((g ? g->gen : 0) != e->base_gen)
			return -EAGAIN;
		if (e->modified)
			created += !!e->node - !!g;
	}
	if (created > 0 && r->conn->nr_nodes + created > HV_XS_NODES_MAX)
		return -ENOSPC;
	list_for_each_entry(e, &tx->entries, list) {
		if (!e->modified)
			continue;
		n = e->node;
		e->node = NULL;
		if (n)
			xs_charge(r, n->size, false);
		xs_install(e->path, e->pathlen, e->hash, n);
	}
	list_for_each_entry(e, &tx->entries, list)
		if (e->fire)
			xs_fire_now(e->path, e->pathlen, e->exact);
	return 0;
}

/* --- the operations --- */

static int xs_reply(struct xs_req *r, const void *data, u32 len)
{
	if (len > PV_XS_PAYLOAD_MAX)
		return -E2BIG;
	memcpy(xs_rbuf, data, len);
	r->rlen = len;
	return 0;
}

static int xs_ok(struct xs_req *r)
{
	return xs_reply(r, "OK", 3);
}

static int xs_do_read(struct xs_req *r, const char *arg)
{
	struct hv_xs_node *n;
	int len = xs_canon(r, arg, xs_path[0], false);
	int err;

	if (len < 0)
		return len;
	err = xs_get_perm(r, xs_path[0], len, XS_PERM_READ, &n);
	return err ?: xs_reply(r, n->data, n->datalen);
}

static int xs_do_dir(struct xs_req *r, const char *arg)
{
	struct hv_xs_node *n;
	int len = xs_canon(r, arg, xs_path[0], false);
	int err;

	if (len < 0)
		return len;
	err = xs_get_perm(r, xs_path[0], len, XS_PERM_READ, &n);
	return err ?: xs_reply(r, n->children, n->childlen);
}

/* The perms a new node below @parent gets: its live ones, owned by us. */
static u32 xs_inherit(const struct xs_req *r, const struct hv_xs_node *p,
		      struct hv_xs_perm *perms)
{
	u32 i, nr = 1;

	perms[0] = p->perms[0];
	perms[0].id = r->domid ? r->domid : xs_owner(p);
	for (i = 1; i < p->nperms; i++)
		if (xs_perm_live(p->perms[i].id, p->perm_gen))
			perms[nr++] = p->perms[i];
	return nr;
}

/* Create @path and the parents it lacks below the nearest existing one. */
static int xs_create(struct xs_req *r, const char *path, u32 len,
		     const void *val, u32 vlen)
{
	struct hv_xs_perm perms[HV_XS_PERMS_MAX];
	struct hv_xs_node *p, *np, *child;
	u32 plen = len, levels = 0, start, end, nr;
	int err;

	do {
		plen = xs_parent_len(path, plen);
		levels++;
		err = xs_get(r, path, plen, &p);
	} while (err == -ENOENT && plen > 1);
	if (err)
		return err;
	if (!(xs_perm_for(r->domid, p) & XS_PERM_WRITE))
		return -EACCES;
	if (r->conn && r->conn->nr_nodes + levels +
	    (r->tx ? r->tx->created : 0) > HV_XS_NODES_MAX)
		return -ENOSPC;
	if (!xs_mem_ok(r, levels * (sizeof(*p) + len + vlen + 64)))
		return -ENOMEM;
	while (plen < len) {
		start = plen == 1 ? 1 : plen + 1;
		for (end = start; end < len && path[end] != '/'; end++)
			;
		np = xs_with_child(p, path + start, end - start);
		if (!np)
			return -ENOMEM;
		err = xs_size_ok(r, np);
		if (err) {
			kvfree(np);
			return err;
		}
		nr = xs_inherit(r, p, perms);
		err = xs_put(r, path, plen, np);
		if (err)
			return err;
		child = xs_build(path, end, perms, nr, ++hv_xs_gen,
				 end == len ? val : NULL, end == len ? vlen : 0,
				 NULL, 0);
		if (!child)
			return -ENOMEM;
		err = xs_size_ok(r, child);
		if (err) {
			kvfree(child);
			return err;
		}
		err = xs_put(r, path, end, child);
		if (err)
			return err;
		if (r->tx)
			r->tx->created++;
		p = child;
		plen = end;
	}
	return 0;
}

static int xs_do_write(struct xs_req *r, const char *arg, const void *val,
		       u32 vlen, bool mkdir)
{
	struct hv_xs_node *n, *m;
	int len = xs_canon(r, arg, xs_path[0], false);
	int err;

	if (len < 0)
		return len;
	err = xs_get_perm(r, xs_path[0], len, XS_PERM_WRITE, &n);
	if (err == -ENOENT) {
		if (r->conn && vlen > HV_XS_NODE_SIZE_MAX)
			return -ENOSPC;
		err = xs_create(r, xs_path[0], len, val, vlen);
	} else if (!err && mkdir) {
		return xs_ok(r);
	} else if (!err) {
		m = xs_with_data(n, val, vlen);
		if (!m)
			return -ENOMEM;
		err = xs_size_ok(r, m);
		if (!err && r->conn && xs_owner(n) == r->domid &&
		    !xs_mem_ok(r, m->size))
			err = -ENOMEM;
		if (err) {
			kvfree(m);
			return err;
		}
		err = xs_put(r, xs_path[0], len, m);
	}
	if (err)
		return err;
	xs_fire(r, xs_path[0], len, false);
	return xs_ok(r);
}

/*
 * Remove @root and everything below it, deepest first, without
 * recursion: descend to a leaf, remove it from the store and from its
 * parent's list, go back up.  Watches on the removed nodes fire (exactly
 * for those below @root), before each goes.
 */
static int xs_rm_tree(struct xs_req *r, const char *root, u32 rlen)
{
	struct hv_xs_node *n, *np;
	char *p = xs_path[1];
	u32 len = rlen, plen, base, clen;
	int err;

	memcpy(p, root, rlen);
	for (;;) {
		err = xs_get(r, p, len, &n);
		if (err)
			return err == -ENOENT ? -EIO : err;
		if (n->childlen) {
			clen = strnlen(n->children, n->childlen);
			if (len + 1 + clen >= XS_PATH_BUF)
				return -EIO;
			p[len] = '/';
			memcpy(p + len + 1, n->children, clen);
			len += 1 + clen;
			continue;
		}
		xs_fire(r, p, len, len != rlen);
		err = xs_put(r, p, len, NULL);
		if (err)
			return err;
		plen = xs_parent_len(p, len);
		base = xs_base(p, len);
		err = xs_get(r, p, plen, &n);
		if (err)
			return err == -ENOENT ? -EIO : err;
		np = xs_without_child(n, p + base, len - base);
		err = np ? xs_put(r, p, plen, np) : -ENOMEM;
		if (err || len == rlen)
			return err;
		len = plen;
	}
}

static int xs_do_rm(struct xs_req *r, const char *arg)
{
	struct hv_xs_node *n;
	int len = xs_canon(r, arg, xs_path[0], false);
	int err;

	if (len < 0)
		return len;
	err = xs_get_perm(r, xs_path[0], len, XS_PERM_WRITE, &n);
	if (err == -ENOENT) {
		/* Gone already: fine if its parent is there. */
		err = len > 1 ? xs_get(r, xs_path[0],
				       xs_parent_len(xs_path[0], len), &n) :
				-ENOENT;
		return err ?: xs_ok(r);
	}
	if (err)
		return err;
	if (len == 1)
		return -EINVAL;
	err = xs_rm_tree(r, xs_path[0], len);
	if (err && r->tx)
		r->tx->failed = true;
	return err ?: xs_ok(r);
}

/* --- the wire: payloads are NUL-terminated strings --- */

/* Exactly one string, ending at the end of the payload */
static const char *xs_onearg(const char *p, u32 len)
{
	return len && memchr(p, 0, len) == p + len - 1 ? p : NULL;
}

/* How many NUL-terminated strings @p holds; the first @max into @vec */
static u32 xs_strings(const char *p, u32 len, const char **vec, u32 max)
{
	const char *end = p + len, *nul;
	u32 n = 0;

	while (p < end && (nul = memchr(p, 0, end - p))) {
		if (n < max)
			vec[n] = p;
		n++;
		p = nul + 1;
	}
	return n;
}

static int xs_op_read(struct xs_req *r, const char *p, u32 len)
{
	p = xs_onearg(p, len);
	return p ? xs_do_read(r, p) : -EINVAL;
}

static int xs_op_dir(struct xs_req *r, const char *p, u32 len)
{
	p = xs_onearg(p, len);
	return p ? xs_do_dir(r, p) : -EINVAL;
}

static int xs_op_write(struct xs_req *r, const char *p, u32 len)
{
	const char *nul = memchr(p, 0, len);

	if (!nul)
		return -EINVAL;
	return xs_do_write(r, p, nul + 1, p + len - nul - 1, false);
}

static int xs_op_mkdir(struct xs_req *r, const char *p, u32 len)
{
	p = xs_onearg(p, len);
	return p ? xs_do_write(r, p, NULL, 0, true) : -EINVAL;
}

static int xs_op_rm(struct xs_req *r, const char *p, u32 len)
{
	p = xs_onearg(p, len);
	return p ? xs_do_rm(r, p) : -EINVAL;
}

/* <path>|<offset>: <gen>|<children from offset>..., a final "" at the end */
static int xs_op_dir_part(struct xs_req *r, const char *p, u32 len)
{
	const char *vec[2];
	struct hv_xs_node *n;
	u32 off, glen, take, l;
	unsigned long val;
	int plen, err;

	if (xs_strings(p, len, vec, 2) != 2 || kstrtoul(vec[1], 10, &val))
		return -EINVAL;
	plen = xs_canon(r, vec[0], xs_path[0], false);
	if (plen < 0)
		return plen;
	err = xs_get_perm(r, xs_path[0], plen, XS_PERM_READ, &n);
	if (err)
		return err;
	glen = scnprintf(xs_rbuf, 24, "%llu", n->gen) + 1;
	off = min_t(unsigned long, val, n->childlen);
	for (take = 0; off + take < n->childlen; take += l + 1) {
		l = strlen(n->children + off + take);
		if (glen + take + l + 2 > PV_XS_PAYLOAD_MAX)
			break;
	}
	memcpy(xs_rbuf + glen, n->children + off, take);
	r->rlen = glen + take;
	if (off + take == n->childlen)
		xs_rbuf[r->rlen++] = 0;
	return 0;
}

static int xs_op_get_perms(struct xs_req *r, const char *p, u32 len)
{
	struct hv_xs_node *n;
	u32 i, out = 0;
	int plen, err;

	p = xs_onearg(p, len);
	plen = p ? xs_canon(r, p, xs_path[0], true) : -EINVAL;
	if (plen < 0)
		return plen;
	err = xs_get_perm(r, xs_path[0], plen, XS_PERM_READ, &n);
	if (err)
		return err;
	for (i = 0; i < n->nperms; i++) {
		if (i && !xs_perm_live(n->perms[i].id, n->perm_gen))
			continue;
		out += scnprintf(xs_rbuf + out, sizeof(xs_rbuf) - out,
				 "%c%u", "nrwb"[n->perms[i].perm & 3],
				 i ? n->perms[i].id : xs_owner(n)) + 1;
	}
	r->rlen = out;
	return 0;
}

/* "b5" into @perm; false if it is not a permission */
static bool xs_parse_perm(const char *s, struct hv_xs_perm *perm)
{
	const char *kinds = "nrwb", *k = strchr(kinds, s[0]);
	unsigned int id;

	if (!s[0] || !k || kstrtouint(s + 1, 10, &id) || id > U16_MAX)
		return false;
	perm->id = id;
	perm->perm = k - kinds;
	return true;
}

static int xs_op_set_perms(struct xs_req *r, const char *p, u32 len)
{
	struct hv_xs_perm perms[HV_XS_PERMS_MAX];
	const char *vec[HV_XS_PERMS_MAX + 1];
	struct hv_xs_node *n, *m;
	u32 nr = xs_strings(p, len, vec, ARRAY_SIZE(vec)), i;
	int plen, err;

	if (nr < 2)
		return -EINVAL;
	if (nr - 1 > HV_XS_PERMS_MAX)
		return -ENOSPC;
	for (i = 1; i < nr; i++)
		if (!xs_parse_perm(vec[i], &perms[i - 1]))
			return -EINVAL;
	plen = xs_canon(r, vec[0], xs_path[0], true);
	if (plen < 0)
		return plen;
	err = xs_get_perm(r, xs_path[0], plen, XS_PERM_WRITE | XS_PERM_OWNER,
			  &n);
	if (err)
		return err;
	/* Only the host may give a node away (Xen: EPERM, sent as EINVAL). */
	if (r->domid && perms[0].id != xs_owner(n))
		return -EPERM;
	m = xs_build(n->path, n->pathlen, perms, nr - 1, ++hv_xs_gen,
		     n->data, n->datalen, n->children, n->childlen);
	if (!m)
		return -ENOMEM;
	err = xs_size_ok(r, m);
	if (err) {
		kvfree(m);
		return err;
	}
	err = xs_put(r, xs_path[0], plen, m);
	if (err)
		return err;
	xs_fire(r, xs_path[0], plen, false);
	return xs_ok(r);
}

static int xs_op_watch(struct xs_req *r, const char *p, u32 len)
{
	struct hv_xs_conn *c = r->conn;
	const char *vec[2];
	struct hv_xs_watch *w;
	u32 tlen;
	int plen;
	size_t size;

	if (xs_strings(p, len, vec, 2) != 2)
		return -EINVAL;
	plen = xs_canon(r, vec[0], xs_path[0], true);
	if (plen < 0)
		return plen;
	tlen = strlen(vec[1]);
	list_for_each_entry(w, &c->watches, list)
		if (w->pathlen == plen && !memcmp(w->path, xs_path[0], plen) &&
		    !strcmp(w->token, vec[1]))
			return -EEXIST;
	if (c->nr_watches >= HV_XS_WATCHES_MAX)
		return -E2BIG;
	size = struct_size(w, path, plen + tlen + 2);
	if (!xs_mem_ok(r, size))
		return -ENOMEM;
	w = kmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!w)
		return -ENOMEM;
	w->size = size;
	w->pathlen = plen;
	w->rel = vec[0][0] == '/' || vec[0][0] == '@' ? 0 :
		 xs_home(r->domid, xs_path[1], XS_PATH_BUF);
	memcpy(w->path, xs_path[0], plen + 1);
	w->token = w->path + plen + 1;
	memcpy(w->token, vec[1], tlen + 1);
	list_add_tail(&w->list, &c->watches);
	c->nr_watches++;
	c->mem += size;
	r->new_watch = w;
	return xs_ok(r);
}

static int xs_op_unwatch(struct xs_req *r, const char *p, u32 len)
{
	const char *vec[2];
	struct hv_xs_watch *w;
	int plen;

	if (xs_strings(p, len, vec, 2) != 2)
		return -EINVAL;
	plen = xs_canon(r, vec[0], xs_path[0], true);
	if (plen < 0)
		return plen;
	list_for_each_entry(w, &r->conn->watches, list)
		if (w->pathlen == plen && !memcmp(w->path, xs_path[0], plen) &&
		    !strcmp(w->token, vec[1])) {
			xs_watch_free(r->conn, w);
			return xs_ok(r);
		}
	return -ENOENT;
}

static void xs_conn_reset(struct hv_xs_conn *c)
{
	struct hv_xs_watch *w, *wt;
	struct hv_xs_tx *tx, *tt;

	list_for_each_entry_safe(w, wt, &c->watches, list)
		xs_watch_free(c, w);
	list_for_each_entry_safe(tx, tt, &c->txs, list)
		xs_tx_free(c, tx);
}

static int xs_op_reset_watches(struct xs_req *r, const char *p, u32 len)
{
	xs_conn_reset(r->conn);
	return xs_ok(r);
}

static int xs_op_tx_start(struct xs_req *r, const char *p, u32 len)
{
	struct hv_xs_conn *c = r->conn;
	struct hv_xs_tx *tx;
	char id[12];

	if (r->tx)
		return -EBUSY;
	if (c->nr_tx >= HV_XS_TX_MAX)
		return -ENOSPC;
	if (!xs_mem_ok(r, sizeof(*tx)))
		return -ENOMEM;
	tx = kzalloc(sizeof(*tx), GFP_KERNEL_ACCOUNT);
	if (!tx)
		return -ENOMEM;
	INIT_LIST_HEAD(&tx->entries);
	do {
		tx->id = ++c->next_tx;
	} while (!tx->id || xs_tx_find(c, tx->id));
	list_add_tail(&tx->list, &c->txs);
	c->nr_tx++;
	c->mem += sizeof(*tx);
	return xs_reply(r, id, scnprintf(id, sizeof(id), "%u", tx->id) + 1);
}

static int xs_op_tx_end(struct xs_req *r, const char *p, u32 len)
{
	struct hv_xs_tx *tx = r->tx;
	int err = 0;

	p = xs_onearg(p, len);
	if (!p || (strcmp(p, "T") && strcmp(p, "F")))
		return -EINVAL;
	if (!tx)
		return -ENOENT;
	r->tx = NULL;
	if (p[0] == 'T')
		err = xs_commit(r, tx);
	xs_tx_free(r->conn, tx);
	return err ?: xs_ok(r);
}

static int xs_op_domain_path(struct xs_req *r, const char *p, u32 len)
{
	unsigned int domid;

	p = xs_onearg(p, len);
	if (!p || kstrtouint(p, 10, &domid) || domid > U16_MAX)
		return -EINVAL;
	return xs_reply(r, xs_path[1],
			scnprintf(xs_path[1], XS_PATH_BUF, "/local/domain/%u",
				  domid) + 1);
}

static const struct xs_op {
	int (*fn)(struct xs_req *r, const char *p, u32 len);
	bool priv;		/* the host's: EACCES for a guest */
	bool notx;		/* the transaction id is ignored */
} xs_ops[PV_XS_TYPE_COUNT] = {
	[PV_XS_CONTROL] = { .priv = true },
	[PV_XS_DIRECTORY] = { xs_op_dir },
	[PV_XS_READ] = { xs_op_read },
	[PV_XS_GET_PERMS] = { xs_op_get_perms },
	[PV_XS_WATCH] = { xs_op_watch, .notx = true },
	[PV_XS_UNWATCH] = { xs_op_unwatch, .notx = true },
	[PV_XS_TRANSACTION_START] = { xs_op_tx_start },
	[PV_XS_TRANSACTION_END] = { xs_op_tx_end },
	[PV_XS_INTRODUCE] = { .priv = true },
	[PV_XS_RELEASE] = { .priv = true },
	[PV_XS_GET_DOMAIN_PATH] = { xs_op_domain_path },
	[PV_XS_WRITE] = { xs_op_write },
	[PV_XS_MKDIR] = { xs_op_mkdir },
	[PV_XS_RM] = { xs_op_rm },
	[PV_XS_SET_PERMS] = { xs_op_set_perms },
	[PV_XS_IS_DOMAIN_INTRODUCED] = { .priv = true },
	[PV_XS_RESUME] = { .priv = true },
	[PV_XS_SET_TARGET] = { .priv = true },
	[PV_XS_RESET_WATCHES] = { xs_op_reset_watches },
	[PV_XS_DIRECTORY_PART] = { xs_op_dir_part },
};

/* The errors Xen's xs_wire.h names; anything else is sent as EINVAL. */
static const struct {
	int err;
	const char *name;
} xs_errors[] = {
	{ EINVAL, "EINVAL" }, { EACCES, "EACCES" }, { EEXIST, "EEXIST" },
	{ EISDIR, "EISDIR" }, { ENOENT, "ENOENT" }, { ENOMEM, "ENOMEM" },
	{ ENOSPC, "ENOSPC" }, { EIO, "EIO" }, { ENOTEMPTY, "ENOTEMPTY" },
	{ PV_ENOSYS, "ENOSYS" }, { EROFS, "EROFS" }, { EBUSY, "EBUSY" },
	{ EAGAIN, "EAGAIN" }, { EISCONN, "EISCONN" }, { E2BIG, "E2BIG" },
};

static const char *xs_error_name(int err)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(xs_errors); i++)
		if (xs_errors[i].err == -err)
			return xs_errors[i].name;
	return "EINVAL";
}

/* One request of @c's (whole, its payload NUL-safe to parse): reply. */
void hv_xs_request(struct hv_xs_conn *c, const struct pv_xs_hdr *h,
		   const char *payload)
{
	struct xs_req r = { .conn = c, .domid = c->domid };
	const struct xs_op *op = h->type < PV_XS_TYPE_COUNT ?
				 &xs_ops[h->type] : NULL;
	const char *name;
	int err = 0;

	lockdep_assert_held(&hv_xs_lock);
	if (!op || (!op->fn && !op->priv)) {
		err = -PV_ENOSYS;	/* the wire's ENOSYS: no such request */
	} else if (op->priv) {
		err = -EACCES;
	} else if (!op->notx && h->tx_id) {
		r.tx = xs_tx_find(c, h->tx_id);
		if (!r.tx)
			err = -ENOENT;
	}
	if (!err)
		err = op->fn(&r, payload, h->len);
	if (err) {
		name = xs_error_name(err);
		hv_xs_queue(c, PV_XS_ERROR, h->req_id, h->tx_id, name,
			    strlen(name) + 1, false);
		return;
	}
	hv_xs_queue(c, h->type, h->req_id, h->tx_id, xs_rbuf, r.rlen, false);
	/* Xen fires a new watch once, with the path as it was given. */
	if (r.new_watch)
		xs_send_event(c, r.new_watch->path + r.new_watch->rel,
			      r.new_watch->pathlen - r.new_watch->rel,
			      r.new_watch->token);
}

/* --- the host: domain 0 --- */

int hv_xs_host_read(const char *path, void *buf, u32 size, u32 *len)
{
	struct xs_req r = { };
	int err;

	mutex_lock(&hv_xs_lock);
	err = xs_do_read(&r, path);
	if (!err) {
		*len = min(size, r.rlen);
		memcpy(buf, xs_rbuf, *len);
	}
	mutex_unlock(&hv_xs_lock);
	return err;
}

int hv_xs_host_dir(const char *path, void *buf, u32 size, u32 *len)
{
	struct xs_req r = { };
	int err;

	mutex_lock(&hv_xs_lock);
	err = xs_do_dir(&r, path);
	if (!err) {
		*len = min(size, r.rlen);
		memcpy(buf, xs_rbuf, *len);
	}
	mutex_unlock(&hv_xs_lock);
	return err;
}

int hv_xs_host_write(const char *path, const void *val, u32 len)
{
	struct xs_req r = { };
	int err;

	mutex_lock(&hv_xs_lock);
	err = xs_do_write(&r, path, val, len, false);
	mutex_unlock(&hv_xs_lock);
	return err;
}

int hv_xs_host_rm(const char *path)
{
	struct xs_req r = { };
	int err;

	mutex_lock(&hv_xs_lock);
	err = xs_do_rm(&r, path);
	mutex_unlock(&hv_xs_lock);
	return err;
}

/* Write @val at @path as the host, then its perms: @owner, @other. */
static int xs_mknode(const char *path, const char *val, u32 owner,
		     u8 other, u32 reader)
{
	struct hv_xs_perm perms[2] = { { owner, other },
				       { reader, XS_PERM_READ } };
	struct xs_req r = { };
	struct hv_xs_node *n, *m;
	u32 len = strlen(path);
	int err;

	err = xs_do_write(&r, path, val, strlen(val), false);
	if (err)
		return err;
	n = xs_lookup(path, len, xs_hash(path, len));
	if (!n)
		return -EIO;
	m = xs_build(n->path, n->pathlen, perms, reader ? 2 : 1, ++hv_xs_gen,
		     n->data, n->datalen, n->children, n->childlen);
	if (!m)
		return -ENOMEM;
	xs_install(path, len, n->hash, m);
	return 0;
}

/*
 * The host's back ends: a node owned by @owner (others: no access), which
 * @reader may read too if not 0.  The toolstack's half of a device.
 */
int hv_xs_host_mknode(const char *path, const char *val, u32 owner,
		      u32 reader)
{
	int err;

	mutex_lock(&hv_xs_lock);
	err = xs_mknode(path, val, owner, 0, reader);
	mutex_unlock(&hv_xs_lock);
	return err;
}

void hv_xs_host_watch_add(struct hv_xs_host_watch *w)
{
	mutex_lock(&hv_xs_lock);
	list_add_tail(&w->list, &hv_xs_host_watches);
	mutex_unlock(&hv_xs_lock);
}

/* After it returns, @w->fn does not run any more. */
void hv_xs_host_watch_del(struct hv_xs_host_watch *w)
{
	mutex_lock(&hv_xs_lock);
	list_del(&w->list);
	mutex_unlock(&hv_xs_lock);
}

/*
 * A new domain's home, as Xen's toolstack makes it: /local/domain/ID
 * readable by the domain, what it may write its own.  Only what is true
 * of an hv domain.
 */
int hv_xs_domain_tree(struct hv_xs_conn *c, const char *name, u64 memory,
		      u32 store_port, u32 store_mfn, u32 cons_port,
		      u32 cons_mfn)
{
	static const char *const owned[] = {
		"device", "data", "drivers", "feature", "attr", "error",
		"control/shutdown", "control/feature-poweroff",
		"control/feature-reboot", "control/feature-suspend",
		"control/sysrq",
	};
	char *home = xs_path[1], *val = xs_event, *p;
	u32 id = c->domid, n, i;
	int err;

	mutex_lock(&hv_xs_lock);
	n = scnprintf(home, XS_PATH_BUF, "/local/domain/%u", id);
	p = home + n;
	err = xs_mknode(home, "", 0, 0, id);
#define XS_NODE(sub, fmt, ...) ({					\
	scnprintf(p, XS_PATH_BUF - n, "/" sub);				\
	scnprintf(val, PV_XS_PAYLOAD_MAX, fmt, ##__VA_ARGS__);		\
	err = err ?: xs_mknode(home, val, 0, 0, id);			\
})
	XS_NODE("name", "%s", name);
	XS_NODE("domid", "%u", id);
	XS_NODE("memory/static-max", "%llu", memory >> 10);
	XS_NODE("memory/target", "%llu", memory >> 10);
	XS_NODE("cpu/0/availability", "online");
	XS_NODE("control", "%s", "");
	XS_NODE("store/port", "%u", store_port);
	XS_NODE("store/ring-ref", "%u", store_mfn);
	if (cons_port) {
		XS_NODE("console/port", "%u", cons_port);
		XS_NODE("console/ring-ref", "%u", cons_mfn);
	}
#undef XS_NODE
	for (i = 0; !err && i < ARRAY_SIZE(owned); i++) {
		scnprintf(p, XS_PATH_BUF - n, "/%s", owned[i]);
		err = xs_mknode(home, "", id, 0, 0);
	}
	mutex_unlock(&hv_xs_lock);
	if (!err)
		hv_xs_fire_special("@introduceDomain");
	return err;
}

int hv_xs_conn_add(struct hv_xs_conn *c)
{
	int err;

	INIT_LIST_HEAD(&c->watches);
	INIT_LIST_HEAD(&c->txs);
	mutex_lock(&hv_xs_lock);
	c->born = ++hv_xs_gen;
	err = xa_insert(&hv_xs_conns, c->domid, c, GFP_KERNEL);
	mutex_unlock(&hv_xs_lock);
	return err;
}

/* The domain is gone: its watches, transactions and home go too. */
void hv_xs_conn_remove(struct hv_xs_conn *c)
{
	struct xs_req r = { };

	mutex_lock(&hv_xs_lock);
	xs_conn_reset(c);
	scnprintf(xs_path[1], XS_PATH_BUF, "/local/domain/%u", c->domid);
	xs_do_rm(&r, xs_path[1]);
	xa_erase(&hv_xs_conns, c->domid);
	xs_fire_now("@releaseDomain", strlen("@releaseDomain"), false);
	mutex_unlock(&hv_xs_lock);
}

int __init hv_xs_init(void)
{
	static const char *const paths[] = {
		"/", "/local", "/local/domain", "/tool", "/tool/xenstored",
		"@releaseDomain", "@introduceDomain",
	};
	static const char *const children[] = {
		"local\0tool", "domain", "", "xenstored", "", "", "",
	};
	static const u32 childlen[] = { 11, 7, 0, 10, 0, 0, 0 };
	struct hv_xs_perm none = { 0, 0 };
	struct hv_xs_node *n;
	u32 i, len;

	xs_bits = XS_MIN_BITS;
	xs_table = kvcalloc(1U << xs_bits, sizeof(*xs_table), GFP_KERNEL);
	if (!xs_table)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		len = strlen(paths[i]);
		n = xs_build(paths[i], len, &none, 1, ++hv_xs_gen, NULL, 0,
			     children[i], childlen[i]);
		if (!n) {
			hv_xs_exit();
			return -ENOMEM;
		}
		xs_install(paths[i], len, n->hash, n);
	}
	return 0;
}

void hv_xs_exit(void)
{
	struct hlist_node *tmp;
	struct hv_xs_node *n;
	unsigned int i;

	for (i = 0; xs_table && i < (1U << xs_bits); i++)
		hlist_for_each_entry_safe(n, tmp, &xs_table[i], hnode)
			kvfree(n);
	kvfree(xs_table);
	xs_table = NULL;
	xs_count = 0;
}

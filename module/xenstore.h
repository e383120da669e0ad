/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xenstore: a tree of paths and values that the domains and the host
 * (domain 0) share, with permissions, watches and transactions
 * (xenstore.c), and the ring each domain speaks it on (xsring.c).
 */
#ifndef _HV_XENSTORE_H
#define _HV_XENSTORE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/hv_pv32.h>

struct hv_dom;
struct mem_cgroup;
struct netlink_ext_ack;

/* Per-domain quotas, Xen's defaults (docs/misc/xenstore.txt) */
#define HV_XS_NODES_MAX		1000	/* nodes a domain owns: ENOSPC */
#define HV_XS_NODE_SIZE_MAX	2048	/* value, children and perms: ENOSPC */
#define HV_XS_WATCHES_MAX	128	/* E2BIG */
#define HV_XS_TX_MAX		10	/* open transactions: ENOSPC */
#define HV_XS_TX_NODES_MAX	1024	/* nodes one transaction touches */
#define HV_XS_PERMS_MAX		5	/* entries of a node's perms */
#define HV_XS_MEM_MAX		(2560 * 1024)	/* all of it, bytes: ENOMEM */
#define HV_XS_OUT_MAX		(64 * 1024)	/* replies and events queued */
#define HV_XS_DEPTH_MAX		64	/* components of a path: EINVAL */

/* A message waiting for room in a ring */
struct hv_xs_msg {
	struct list_head list;
	u32 len, used;			/* header and payload; written */
	u8 buf[];
};

/* A domain's end of the store */
struct hv_xs_conn {
	u32 domid;
	u64 born;			/* the store's generation at creation */
	struct hv_dom *d;
	struct mem_cgroup *memcg;	/* the creator's: guest requests */

	/* The database's accounting and state (xenstore.c) */
	struct list_head watches;
	struct list_head txs;
	u32 nr_watches, nr_tx, next_tx;
	u32 nr_nodes;			/* nodes it owns */
	size_t mem;			/* bytes it holds in the store */
	u64 dropped;			/* watch events over HV_XS_OUT_MAX */

	/* The ring (xsring.c) */
	u32 pfn;			/* ~0: no store page */
	bool ring;			/* started: the ring is served */
	bool broken;			/* corrupt ring: no longer served */
	bool dead;			/* the domain is being destroyed */
	u32 req_cons, rsp_prod;		/* our indices, never read back */
	u32 in_used;			/* bytes of the message being read */
	u8 in[sizeof(struct pv_xs_hdr) + PV_XS_PAYLOAD_MAX];
	struct list_head out;		/* struct hv_xs_msg, oldest first */
	size_t out_bytes;
	struct work_struct work;
};

/* One lock for the whole store: every request runs under it. */
extern struct mutex hv_xs_lock;

/* xenstore.c: the database */
int hv_xs_init(void);
void hv_xs_exit(void);
int hv_xs_conn_add(struct hv_xs_conn *c);
void hv_xs_conn_remove(struct hv_xs_conn *c);
void hv_xs_request(struct hv_xs_conn *c, const struct pv_xs_hdr *h,
		   const char *payload);
int hv_xs_domain_tree(struct hv_xs_conn *c, const char *name, u64 memory,
		      u32 store_port, u32 store_mfn, u32 cons_port,
		      u32 cons_mfn);
void hv_xs_fire_special(const char *name);

/* The host's requests (netlink): domain 0, no transaction */
int hv_xs_host_read(const char *path, void *buf, u32 size, u32 *len);
int hv_xs_host_write(const char *path, const void *val, u32 len);
int hv_xs_host_rm(const char *path);
int hv_xs_host_dir(const char *path, void *buf, u32 size, u32 *len);

/*
 * A watch of a back end inside hv (blkback.c): @fn runs for every change
 * at or below @path (absolute, @len bytes), as a guest's watch would
 * fire, but as a call, under hv_xs_lock: so @fn must not call the store.
 * It notes the change and wakes its worker, which reads what it needs.
 */
struct hv_xs_host_watch {
	struct list_head list;
	const char *path;
	u32 len;
	void (*fn)(struct hv_xs_host_watch *w);
};

void hv_xs_host_watch_add(struct hv_xs_host_watch *w);
void hv_xs_host_watch_del(struct hv_xs_host_watch *w);
int hv_xs_host_mknode(const char *path, const char *val, u32 owner,
		      u32 reader);

/* xsring.c: the rings */
int hv_xs_queue(struct hv_xs_conn *c, u32 type, u32 req_id, u32 tx_id,
		const void *payload, u32 len, bool event);
int hv_xs_domain_create(struct hv_dom *d);
int hv_xs_domain_start(struct hv_dom *d, u32 store_pfn,
		       struct netlink_ext_ack *extack);
void hv_xs_domain_destroy(struct hv_dom *d);
void hv_xs_kick(struct hv_dom *d);
void hv_xs_service(struct hv_dom *d);

#endif /* _HV_XENSTORE_H */

/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libhv: the client library of the hv hypervisor.
 *
 * It is the only code that speaks the "hv" generic netlink protocol
 * (include/uapi/linux/hv.h); tools such as hvctl link it and never touch
 * netlink themselves.
 *
 * Conventions: every function that can fail returns 0 or a negative errno
 * value, never a libnl error code.  After a failure hv_errmsg() tells why in
 * words, preferring the kernel's own message.  A struct hv must not be used
 * by two threads at once.
 */
#ifndef LIBHV_H
#define LIBHV_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/hv.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A connection to the hv module. */
struct hv;

struct hv_domain {
	uint32_t id;				/* 1..HV_DOMID_MAX */
	char name[HV_DOMAIN_NAME_MAX + 1];	/* NUL-terminated */
	uint64_t memory;			/* bytes */
	uint32_t state;				/* enum hv_domain_state */
};

/* Names one domain: by id when id is not 0, else by name. */
struct hv_domain_ref {
	uint32_t id;
	const char *name;
};

/*
 * hv_open() - connect to the hv module.
 * @hvp: set to the new connection, or to NULL on failure.
 *
 * Return: 0, -ENOENT when the hv generic netlink family is not registered
 * (the hv module is not loaded), or another negative errno when no netlink
 * socket could be set up.
 */
int hv_open(struct hv **hvp);

/* hv_close() - close a connection from hv_open(); NULL is ignored. */
void hv_close(struct hv *hv);

/*
 * hv_errmsg() - why the last call on @hv failed.
 *
 * Return: the kernel's extended ack message if it sent one, else a message
 * of libhv, else "" (then strerror() of the returned errno says it all).
 * The string stays valid until the next call on @hv.
 */
const char *hv_errmsg(const struct hv *hv);

/*
 * hv_domain_create() - create a domain and reserve its memory.
 * @name: a valid domain name, see hv_domain_name_valid().
 * @memory: bytes; the kernel wants a multiple of 4096 in
 *	    HV_MEMORY_MIN..HV_MEMORY_MAX.
 * @out: if not NULL, filled with the new domain (its id, its state).
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -EINVAL for a bad name or size, -EEXIST
 * when the name is taken, -EPERM without permission, -ENOMEM when the host
 * cannot spare the memory, or another negative errno.
 */
int hv_domain_create(struct hv *hv, const char *name, uint64_t memory,
		     struct hv_domain *out);

/*
 * hv_domain_get() - look up one domain.
 * @ref: the domain, by id or by name.
 * @out: filled with the domain.
 *
 * Return: 0, -ENOENT when there is no such domain, -EINVAL when @ref names
 * no possible domain, or another negative errno.
 */
int hv_domain_get(struct hv *hv, const struct hv_domain_ref *ref,
		  struct hv_domain *out);

/*
 * hv_domain_list() - call @cb for every domain.
 * @cb: gets each domain and @arg; returns 0 to go on, anything else to
 *	stop the walk.
 *
 * Return: 0 after the last domain, the value @cb stopped with, -EAGAIN when
 * domains came or went while the list was read (@cb may have seen some of
 * them; read again), or another negative errno.
 */
int hv_domain_list(struct hv *hv,
		   int (*cb)(const struct hv_domain *dom, void *arg),
		   void *arg);

/*
 * hv_domain_destroy() - destroy a domain and free all it held.
 * @ref: the domain, by id or by name.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT when there is no such domain,
 * -EPERM without permission, or another negative errno.
 */
int hv_domain_destroy(struct hv *hv, const struct hv_domain_ref *ref);

/*
 * hv_monitor() - wait for domain events and hand each one to @cb.
 * @cb: gets the event (enum hv_event), the domain as it is after the event,
 *	and @arg; returns 0 to wait for the next event, anything else to stop.
 *
 * Listens on a socket of its own, so @hv stays usable from within @cb.
 *
 * Return: the value @cb stopped with, -ENOBUFS when events were lost
 * because they came faster than they were read, -EPROTO for a malformed
 * event, -ENOENT when the hv family (the module) has gone, or another
 * negative errno.  Never returns 0 by itself.
 */
int hv_monitor(struct hv *hv,
	       int (*cb)(uint32_t event, const struct hv_domain *dom,
			 void *arg),
	       void *arg);

/* Name of an enum hv_domain_state value: "running"; "unknown" if none. */
const char *hv_state_name(uint32_t state);

/* Name of an enum hv_event value: "created"; "unknown" if none. */
const char *hv_event_name(uint32_t event);

/*
 * hv_domain_name_valid() - whether @name is a valid domain name.
 *
 * The rule of include/uapi/linux/hv.h: 1..HV_DOMAIN_NAME_MAX characters of
 * [A-Za-z0-9._-], starting with a letter or digit, not all digits.
 */
bool hv_domain_name_valid(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* LIBHV_H */

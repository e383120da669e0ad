/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Pure message handling of libhv: no socket I/O, so that the unit tests
 * can feed it hand-made messages.
 *
 * Functions that read a message trust nothing in it but this: the
 * nlh->nlmsg_len bytes at nlh are readable, as libnl makes sure with
 * nlmsg_ok() before it hands a message to a callback.
 */
#ifndef LIBHV_MSG_H
#define LIBHV_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libhv.h"

struct nl_msg;
struct nlattr;
struct nlmsghdr;

/* The generic netlink command of @nlh, or -EPROTO if it has no header. */
int hv_msg_cmd(const struct nlmsghdr *nlh);

/*
 * Fill @dom from a domain message.  When @event is not NULL the message
 * is a notification and must carry HV_A_DOMAIN_EVENT too.
 * Return: 0, or -EPROTO when the message breaks the protocol.
 */
int hv_msg_parse_domain(const struct nlmsghdr *nlh, struct hv_domain *dom,
			uint32_t *event);

/*
 * Append the attributes of a request to @msg.
 * Return: 0, -EINVAL for an invalid argument (then nothing was appended),
 * or -EMSGSIZE when @msg is full.
 */
int hv_msg_put_ref(struct nl_msg *msg, const struct hv_domain_ref *ref);
int hv_msg_put_new(struct nl_msg *msg, const char *name, uint64_t memory);

/* The most payload one attribute holds: its length is 16 bits */
#define HV_MSG_ATTR_MAX		(0xffff - 4)

int hv_msg_put_load(struct nl_msg *msg, uint32_t pfn, const void *data,
		    size_t len);
/* The HV_A_DOMAIN_BOOT nest, and HV_A_DOMAIN_PAUSED if @paused */
int hv_msg_put_boot(struct nl_msg *msg, const struct hv_boot *boot,
		    bool paused);
int hv_msg_put_console_read(struct nl_msg *msg, uint64_t offset);
int hv_msg_put_console_write(struct nl_msg *msg, const void *data,
			     size_t len);

/* A console read reply or output notification */
struct hv_msg_console {
	uint32_t id;
	uint64_t offset;	/* where @data starts in the output */
	const void *data;	/* inside the message; NULL if none */
	size_t len;
};

/*
 * Read a console message: the domain id and the offset it must carry,
 * and the data it may.  Return: 0, or -EPROTO.
 */
int hv_msg_parse_console(const struct nlmsghdr *nlh,
			 struct hv_msg_console *c);

/*
 * Read a vcpu-regs reply: the domain id it must carry, every register,
 * and the stack words and code bytes it may.  Return: 0, or -EPROTO.
 */
int hv_msg_parse_regs(const struct nlmsghdr *nlh, uint32_t *id,
		      struct hv_vcpu_regs *regs);

int hv_msg_put_trace_read(struct nl_msg *msg, uint64_t seq);

/* A vcpu-trace reply */
struct hv_msg_trace {
	uint32_t id;
	uint64_t seq;		/* the number of its first record */
	uint64_t head;		/* records the vCPU had written */
	size_t count;		/* records in it, numbered from @seq on */
};

/*
 * Read a vcpu-trace reply into @t and its records into @recs, which has
 * room for @max.  Return: 0, or -EPROTO (as for more than @max records).
 */
int hv_msg_parse_trace(const struct nlmsghdr *nlh, struct hv_msg_trace *t,
		       struct hv_trace_rec *recs, size_t max);

/* A store-read or store-dir reply, or a store-ntf notification */
struct hv_msg_store {
	const char *path;	/* NUL-terminated, inside the message */
	const void *value;	/* store-read: the value, NULL if none */
	size_t value_len;
	const char *children;	/* store-dir: NUL-terminated names */
	size_t children_len;
	bool exact;		/* store-ntf */
};

/*
 * Read a store message: the path it must carry (a NUL-terminated string),
 * a value and the flag it may.  Return: 0, or -EPROTO.
 */
int hv_msg_parse_store(const struct nlmsghdr *nlh, struct hv_msg_store *s);

/*
 * The children names of a parsed store-dir reply, in order, to @cb
 * (returns 0 to go on).  Return: 0, what @cb stopped with, or -EPROTO when
 * the list does not end with a NUL.
 */
int hv_msg_store_children(const struct hv_msg_store *s,
			  int (*cb)(const char *name, void *arg), void *arg);

int hv_msg_put_store(struct nl_msg *msg, const char *path, const void *val,
		     size_t len);

/* @error, the error field of an ack, if it is 0 or an errno; else -EPROTO */
int hv_msg_errno(int error);

/* The error a dump ended with, from its NLMSG_DONE message. */
int hv_msg_done_errno(const struct nlmsghdr *nlh);

/*
 * Copy the kernel's message (NLMSGERR_ATTR_MSG) out of an NLMSG_ERROR or
 * NLMSG_DONE message into @buf of @size > 0 bytes, cut to fit and with
 * control characters replaced by '?'.
 * Return: the length of the copied message, 0 if there was none.
 */
size_t hv_msg_extack(const struct nlmsghdr *nlh, char *buf, size_t size);

#endif /* LIBHV_MSG_H */

/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * The hv control plane: generic netlink family "hv".
 *
 * This header is the C form of Documentation/netlink/specs/hv.yaml; the
 * two must change together.  The module, libhv and the tests include it.
 */
#ifndef _UAPI_LINUX_HV_H
#define _UAPI_LINUX_HV_H

#define HV_FAMILY_NAME		"hv"
#define HV_FAMILY_VERSION	1
#define HV_MCGRP_EVENTS		"events"

/* A domain name is 1..HV_DOMAIN_NAME_MAX characters of [A-Za-z0-9._-],
 * starting with a letter or digit and not made of digits only (so that a
 * name can never be mistaken for a domain id).
 */
#define HV_DOMAIN_NAME_MAX	31

/* Domain memory in bytes: a multiple of 4096 within these bounds. */
#define HV_MEMORY_MIN		(4ULL << 20)
#define HV_MEMORY_MAX		(16ULL << 30)

/* Domain ids are 1..HV_DOMID_MAX; 0 is the host, as in Xen. */
#define HV_DOMID_MAX		0x7fef

enum hv_domain_state {
	HV_DOMAIN_STATE_CREATED,
	HV_DOMAIN_STATE_BUILT,
	HV_DOMAIN_STATE_RUNNING,
	HV_DOMAIN_STATE_PAUSED,
	HV_DOMAIN_STATE_SHUTDOWN,
	HV_DOMAIN_STATE_CRASHED,
	HV_DOMAIN_STATE_DYING,

	/* private: */
	__HV_DOMAIN_STATE_MAX,
	HV_DOMAIN_STATE_MAX = (__HV_DOMAIN_STATE_MAX - 1)
};

enum hv_event {
	HV_EVENT_CREATED = 1,
	HV_EVENT_DESTROYED,
	HV_EVENT_STATE_CHANGED,

	/* private: */
	__HV_EVENT_MAX,
	HV_EVENT_MAX = (__HV_EVENT_MAX - 1)
};

enum {
	HV_A_DOMAIN_ID = 1,
	HV_A_DOMAIN_NAME,
	HV_A_DOMAIN_MEMORY,
	HV_A_DOMAIN_STATE,
	HV_A_DOMAIN_EVENT,
	HV_A_DOMAIN_PAD,

	__HV_A_DOMAIN_MAX,
	HV_A_DOMAIN_MAX = (__HV_A_DOMAIN_MAX - 1)
};

enum {
	HV_CMD_DOMAIN_NEW = 1,
	HV_CMD_DOMAIN_GET,
	HV_CMD_DOMAIN_DEL,
	HV_CMD_DOMAIN_NTF,

	__HV_CMD_MAX,
	HV_CMD_MAX = (__HV_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_HV_H */

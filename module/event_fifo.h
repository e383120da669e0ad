/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FIFO event channels (event_fifo.c): the per-port event words and queues
 * a domain switches to with EVTCHNOP_init_control.
 */
#ifndef _HV_EVENT_FIFO_H
#define _HV_EVENT_FIFO_H

#include <linux/types.h>

struct hv_dom;
struct hv_fifo;
struct hv_port;
struct hv_vcpu;

/* What hv_fifo_raise() leaves the caller to do. */
#define HV_FIFO_NEW		BIT(0)	/* was not pending: wake a poller */
#define HV_FIFO_UPCALL		BIT(1)	/* a queue became ready: upcall */

long hv_fifo_init_control(struct hv_vcpu *v, u32 *a);
long hv_fifo_expand_array(struct hv_dom *d, u32 *a);
long hv_fifo_set_priority(struct hv_fifo *f, u32 port, u32 priority);
unsigned int hv_fifo_raise(struct hv_fifo *f, u32 port);
bool hv_fifo_unmask(struct hv_fifo *f, u32 port);
bool hv_fifo_pending(struct hv_fifo *f, u32 port);
bool hv_fifo_busy(struct hv_fifo *f, u32 port);
void hv_fifo_close(struct hv_fifo *f, u32 port);
struct hv_port *hv_fifo_port(struct hv_fifo *f, u32 port);
void hv_fifo_free(struct hv_fifo *f);

#endif /* _HV_EVENT_FIFO_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event channels (2-level ABI; FIFO in event_fifo.c).
 */
#ifndef _HV_EVENTS_H
#define _HV_EVENTS_H

#include <linux/spinlock.h>
#include <linux/types.h>

struct hv_dom;
struct hv_vcpu;

#define HV_NR_PORTS		1024	/* 2-level: shared_info's bitmaps */
#define HV_FIFO_NR_PORTS	4096	/* FIFO (event_fifo.c) */
#define HV_NR_VIRQS		24
#define HV_EVENT_VECTOR		0xff	/* what the bounce counters call an upcall */

struct hv_port {
	u8 state;			/* PV_EVTCHNSTAT_* */
	u8 virq;
	u16 peer;			/* interdomain: the other end */
};

/*
 * The other end of a port bound by a back end inside hv (blkback.c):
 * what a send on the port calls, in the vCPU thread, with no lock held.
 * Its port is INTERDOMAIN with peer 0 and virq the slot's index.
 */
struct hv_evtchn_be {
	void (*kick)(void *data);
	void *data;
};

#define HV_NR_BACKEND_PORTS	16	/* slot 0 unused */

/* An UNBOUND port's virq field: offered to domain 0, the host. */
#define HV_PORT_TO_HOST		1

struct hv_events {
	spinlock_t lock;		/* the port table */
	struct hv_port ports[HV_NR_PORTS];
	struct hv_evtchn_be be[HV_NR_BACKEND_PORTS];
	u16 virq_port[HV_NR_VIRQS];
	u16 console_port;		/* to the console backend, 0: none */
	u16 store_port;			/* to the xenstore, 0: none */
	/* The FIFO ABI once the guest chose it, else NULL (2-level). */
	struct hv_fifo *fifo;
};

void hv_events_init(struct hv_events *e);
void hv_events_free(struct hv_events *e);
void hv_events_use_fifo(struct hv_dom *d, struct hv_fifo *f);
void hv_port_raise(struct hv_dom *d, unsigned int port);
long hv_event_channel_op(struct hv_vcpu *v, u32 cmd, u32 arg);
long hv_event_channel_op_compat(struct hv_vcpu *v, u32 arg);
void hv_event_raise_virq(struct hv_dom *d, unsigned int virq);
void hv_deliver_upcall(struct hv_vcpu *v);
void hv_events_vcpu_info_moved(struct hv_vcpu *v);
int hv_evtchn_send_fast(struct hv_vcpu *v, u32 port);
int hv_events_console_port(struct hv_dom *d);
void hv_events_console_signal(struct hv_dom *d);
int hv_events_store_port(struct hv_dom *d);
void hv_events_store_signal(struct hv_dom *d);
int hv_events_bind_backend(struct hv_dom *d, u32 port,
			   void (*kick)(void *data), void *data);
void hv_events_unbind_backend(struct hv_dom *d, u32 port, void *data);
void hv_events_backend_signal(struct hv_dom *d, u32 port, void *data);

bool hv_evtchn_ports_open(struct hv_dom *d, const u32 *ports,
			  unsigned int n);
bool hv_evtchn_pending(struct hv_dom *d, unsigned int port);

/* The PV console ring's backend (consring.c). */
void hv_consring_kick(struct hv_dom *d);
void hv_consring_service(struct hv_dom *d);
void hv_consring_input(struct hv_dom *d);

#endif /* _HV_EVENTS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event channels (2-level ABI), the virtual timer and blocking.
 */
#ifndef _HV_EVENTS_H
#define _HV_EVENTS_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct hv_domain;
struct hv_vcpu;

#define HV_NR_PORTS		1024
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
};

void hv_events_init(struct hv_events *e);
long hv_event_channel_op(struct hv_vcpu *v, u32 cmd, u32 arg);
long hv_event_channel_op_compat(struct hv_vcpu *v, u32 arg);
void hv_event_raise_virq(struct hv_domain *d, unsigned int virq);
void hv_deliver_upcall(struct hv_vcpu *v);
void hv_events_vcpu_info_moved(struct hv_vcpu *v);
int hv_evtchn_send_fast(struct hv_vcpu *v, u32 port);
int hv_events_console_port(struct hv_domain *d);
void hv_events_console_signal(struct hv_domain *d);
int hv_events_store_port(struct hv_domain *d);
void hv_events_store_signal(struct hv_domain *d);
int hv_events_bind_backend(struct hv_domain *d, u32 port,
			   void (*kick)(void *data), void *data);
void hv_events_unbind_backend(struct hv_domain *d, u32 port, void *data);
void hv_events_backend_signal(struct hv_domain *d, u32 port, void *data);

long hv_set_timer(struct hv_vcpu *v, u64 when);
long hv_set_periodic(struct hv_vcpu *v, u64 period);
void hv_ptimer_arm(struct hv_vcpu *v);
enum hrtimer_restart hv_timer_fn(struct hrtimer *t);
enum hrtimer_restart hv_ptimer_fn(struct hrtimer *t);

void hv_vcpu_block(struct hv_vcpu *v);
long hv_sched_poll(struct hv_vcpu *v, u32 arg);

/* The PV console ring's backend (consring.c). */
void hv_consring_kick(struct hv_domain *d);
void hv_consring_service(struct hv_domain *d);
void hv_consring_input(struct hv_domain *d);

#endif /* _HV_EVENTS_H */

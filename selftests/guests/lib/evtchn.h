/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event channels for the guests that wait for events (consring, ticker):
 * the event_channel_op wrappers, the timers, sched_op poll and an event
 * callback of our own.
 *
 * evtchn_init() maps shared_info and registers evtchn_upcall_entry as the
 * event callback (after trap_init(), whose callback fails the guest).  The
 * upcall does the 2-level scan of ABI 5.5 (clear upcall_pending, exchange
 * the selector with 0, handle each pending & ~mask bit after clearing it),
 * counts each port in evtchn_hits[] and calls evtchn_handler, if set, with
 * events masked; it returns through the iret hypercall, which unmasks them.
 */
#ifndef GUEST_EVTCHN_H
#define GUEST_EVTCHN_H

#include "abi.h"
#include "hypercall.h"

/* event_channel_op commands (3.18) */
#define EVTCHNOP_bind_interdomain	0
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_status			5
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_ipi		7
#define EVTCHNOP_unmask			9

#define EVTCHNSTAT_closed		0
#define EVTCHNSTAT_unbound		1
#define EVTCHNSTAT_interdomain		2
#define EVTCHNSTAT_virq			4
#define EVTCHNSTAT_ipi			5

#define VIRQ_TIMER		0
#define VIRQ_CONSOLE		2
#define NR_PORTS		1024
/* sched_op poll takes at most this many ports (3.16). */
#define POLL_MAX_PORTS		128

#define NSEC_PER_USEC		1000u
#define NSEC_PER_MSEC		1000000u
#define NSEC_PER_SEC		1000000000ull

/* Shared with the hypervisor and with the upcall: single accesses. */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/* 3.18, i386 layout */
struct evtchn_bind_virq {
	u32 virq;
	u32 vcpu;
	u32 port;		/* out */
};

struct evtchn_alloc_unbound {
	u16 dom;
	u16 remote_dom;
	u32 port;		/* out */
};

struct evtchn_bind_ipi {
	u32 vcpu;
	u32 port;		/* out */
};

struct evtchn_port {
	u32 port;		/* close, send, unmask */
};

struct evtchn_status {
	u16 dom;
	u16 pad;
	u32 port;
	u32 status;		/* out, the rest too */
	u32 vcpu;
	u32 u0;			/* unbound/interdomain dom, or the virq */
	u32 u1;			/* interdomain port */
};

extern struct shared_info *ev_shared;
extern struct vcpu_info *ev_vcpu;

/* Deliveries per port and in all, counted by the upcall. */
extern u32 evtchn_hits[NR_PORTS];
extern u32 evtchn_upcalls;
/* The EIP the last upcall interrupted. */
extern u32 evtchn_last_eip;
/* Called by the upcall for each port it found, events masked. */
extern void (*evtchn_handler)(u32 port);

void evtchn_init(void);
/* The upcall's C part, with the bounce frame (EIP, CS, EFLAGS). */
void do_evtchn_upcall(const u32 *frame);

static inline long evtchn_op(u32 cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static inline long evtchn_port_op(u32 cmd, u32 port)
{
	struct evtchn_port a = { .port = port };

	return evtchn_op(cmd, &a);
}

static inline long ev_send(u32 port)
{
	return evtchn_port_op(EVTCHNOP_send, port);
}

static inline long ev_close(u32 port)
{
	return evtchn_port_op(EVTCHNOP_close, port);
}

static inline long ev_unmask(u32 port)
{
	return evtchn_port_op(EVTCHNOP_unmask, port);
}

long ev_bind_virq(u32 virq, u32 *port);
long ev_bind_ipi(u32 *port);
long ev_alloc_unbound(u32 *port);
long ev_status(u32 port, struct evtchn_status *st);

static inline long set_timer_op(u64 when)
{
	return _hypercall(__HYPERVISOR_set_timer_op, (u32)when,
			  (u32)(when >> 32), 0, 0, 0);
}

/* sched_op poll: @ports, @nr of them, absolute @timeout (0: none). */
long sched_poll(const u32 *ports, u32 nr, u64 timeout);
/* Clear @port's pending bit, then poll it for @ns at most: its next event. */
long port_wait(u32 port, u64 ns);

/* The shared bitmaps, with locked instructions as the ABI wants. */
bool port_pending(u32 port);
bool port_masked(u32 port);
void port_clear_pending(u32 port);
void port_mask(u32 port);

/* evtchn_upcall_mask: set it, or clear it and take what is pending. */
void upcalls_off(void);
void upcalls_on(void);

/* @ns / @d, saturated to 32 bits (two divl: no libgcc). */
u32 div_sat(u64 ns, u32 d);

static inline u32 ms(u64 ns)
{
	return div_sat(ns, NSEC_PER_MSEC);
}

static inline u32 us(u64 ns)
{
	return div_sat(ns, NSEC_PER_USEC);
}

#endif /* GUEST_EVTCHN_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_TIME_H
#define _HV_TIME_H

#include <linux/hrtimer.h>
#include <linux/types.h>

struct hv_vcpu;
struct pv_runstate;

int hv_time_init(void);
void hv_time_update(struct hv_vcpu *v);
u64 hv_time_tsc_ns(u64 delta);

/* set_timer_op: further out than this (or negative) means "in 100 ms". */
#define HV_TIMER_HORIZON		BIT_ULL(50)

long hv_set_timer(struct hv_vcpu *v, u64 when);
long hv_set_periodic(struct hv_vcpu *v, u64 period);
void hv_ptimer_arm(struct hv_vcpu *v);
enum hrtimer_restart hv_timer_fn(struct hrtimer *t);
enum hrtimer_restart hv_ptimer_fn(struct hrtimer *t);

/* Virtual time (runstate.c). */
void hv_runstate_start(struct hv_vcpu *v);
void hv_runstate_stop(struct hv_vcpu *v);
void hv_runstate_sleep(struct hv_vcpu *v, u32 state);
void hv_runstate_wake(struct hv_vcpu *v);
void hv_runstate_get(struct hv_vcpu *v, struct pv_runstate *rs, bool now);
long hv_runstate_register(struct hv_vcpu *v, u64 va);
void hv_runstate_publish(struct hv_vcpu *v);

#endif /* _HV_TIME_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_TIME_H
#define _HV_TIME_H

#include <linux/types.h>

struct hv_vcpu;

int hv_time_init(void);
void hv_time_update(struct hv_vcpu *v);

#endif /* _HV_TIME_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A domain's console: the output it printed (kept for late readers) and
 * the input typed for it.
 */
#ifndef _HV_CONSOLE_H
#define _HV_CONSOLE_H

#include <linux/spinlock.h>
#include <linux/types.h>

#define HV_CONSOLE_OUT_SIZE	65536	/* output kept, a power of two */
#define HV_CONSOLE_IN_SIZE	1024

struct hv_console {
	spinlock_t lock;		/* everything below */
	char *out;
	u64 out_head;			/* bytes ever written */
	char in[HV_CONSOLE_IN_SIZE];
	unsigned int in_head, in_tail;	/* FIFO of typed bytes */
};

int hv_console_init(struct hv_console *c);
void hv_console_free(struct hv_console *c);
size_t hv_console_output(struct hv_console *c, const char *buf, size_t len,
			 u64 *offset);
size_t hv_console_read_at(struct hv_console *c, u64 *offset, char *buf,
			  size_t len);
size_t hv_console_input(struct hv_console *c, const char *buf, size_t len);
size_t hv_console_take_input(struct hv_console *c, char *buf, size_t len);

#endif /* _HV_CONSOLE_H */

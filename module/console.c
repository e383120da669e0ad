// SPDX-License-Identifier: GPL-2.0
/*
 * Console buffers.  Output is a ring of the last HV_CONSOLE_OUT_SIZE
 * bytes, addressed by absolute offsets (bytes since the domain started),
 * so a reader that attaches late, or after the guest stopped, gets what
 * is still kept and then follows new output without gaps or repeats.
 *
 * Only printable ASCII, newline, carriage return, tab and backspace are
 * kept: a guest must not be able to send escape sequences to the terminal
 * of whoever watches its console.
 */

#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "console.h"

int hv_console_init(struct hv_console *c)
{
	spin_lock_init(&c->lock);
	/* Charged to the domain's creator, like all its memory. */
	c->out = __vmalloc(HV_CONSOLE_OUT_SIZE, GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	return c->out ? 0 : -ENOMEM;
}

void hv_console_free(struct hv_console *c)
{
	vfree(c->out);
	c->out = NULL;
}

static bool hv_console_keep(char ch)
{
	return (ch >= 0x20 && ch < 0x7f) || ch == '\n' || ch == '\r' ||
	       ch == '\t' || ch == '\b';
}

/*
 * Append what the guest printed.  Returns how many bytes were kept and
 * sets *offset to where they start.  The caller copies them from @buf
 * again for the listeners; filtering happens in place.
 */
size_t hv_console_output(struct hv_console *c, const char *buf, size_t len,
			 u64 *offset)
{
	size_t i, kept = 0;

	spin_lock(&c->lock);
	*offset = c->out_head;
	for (i = 0; i < len; i++) {
		if (!hv_console_keep(buf[i]))
			continue;
		c->out[c->out_head++ & (HV_CONSOLE_OUT_SIZE - 1)] = buf[i];
		kept++;
	}
	spin_unlock(&c->lock);
	return kept;
}

/*
 * Copy output from *offset on; an offset older than what is kept moves up
 * to the oldest byte kept.  Returns the bytes copied, *offset is where they
 * started.
 */
size_t hv_console_read_at(struct hv_console *c, u64 *offset, char *buf,
			  size_t len)
{
	u64 oldest, from;
	size_t n, i;

	spin_lock(&c->lock);
	oldest = c->out_head > HV_CONSOLE_OUT_SIZE ?
		 c->out_head - HV_CONSOLE_OUT_SIZE : 0;
	from = clamp(*offset, oldest, c->out_head);
	n = min_t(u64, len, c->out_head - from);
	for (i = 0; i < n; i++)
		buf[i] = c->out[(from + i) & (HV_CONSOLE_OUT_SIZE - 1)];
	spin_unlock(&c->lock);
	*offset = from;
	return n;
}

/* Queue typed input; what does not fit is dropped.  Returns bytes taken. */
size_t hv_console_input(struct hv_console *c, const char *buf, size_t len)
{
	size_t n = 0;

	spin_lock(&c->lock);
	while (n < len && c->in_head - c->in_tail < HV_CONSOLE_IN_SIZE) {
		c->in[c->in_head++ % HV_CONSOLE_IN_SIZE] = buf[n];
		n++;
	}
	spin_unlock(&c->lock);
	return n;
}

/* Hand queued input to the guest (console_io read). */
size_t hv_console_take_input(struct hv_console *c, char *buf, size_t len)
{
	size_t n = 0;

	spin_lock(&c->lock);
	while (n < len && c->in_tail != c->in_head)
		buf[n++] = c->in[c->in_tail++ % HV_CONSOLE_IN_SIZE];
	spin_unlock(&c->lock);
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A small printf over console_io.  Supports %s %c %d %u %x %p %% with the
 * optional '-' and '0' flags, a width and the l/ll length modifiers (ll only for
 * %x: 64-bit division would need libgcc, which the guests do not link).
 */
#include "console.h"
#include "hypercall.h"

static char line[256];
static unsigned int line_len;

void console_flush(void)
{
	if (line_len)
		hypercall_console_io(CONSOLEIO_write, line_len, line);
	line_len = 0;
}

void console_putc(char c)
{
	line[line_len++] = c;
	if (c == '\n' || line_len == sizeof(line))
		console_flush();
}

static int put_str(const char *s, int width, bool left)
{
	int n = 0, len = 0;

	while (s[len])
		len++;
	for (; !left && len + n < width; n++)
		console_putc(' ');
	for (; *s; s++, n++)
		console_putc(*s);
	for (; left && n < width; n++)
		console_putc(' ');
	return n;
}

/* Digits of @val in @base into the end of @buf; returns the first. */
static char *fmt_num(char *end, u64 val, unsigned int base)
{
	*--end = '\0';
	do {
		unsigned int d;

		if (base == 16) {
			d = val & 15;
			val >>= 4;
		} else {
			/* Only 32-bit values reach here (see the header). */
			d = (u32)val % 10;
			val = (u32)val / 10;
		}
		*--end = "0123456789abcdef"[d];
	} while (val);
	return end;
}

static int put_num(u64 val, unsigned int base, bool neg, int width,
		   bool zero, bool left)
{
	char buf[24];
	char *s = fmt_num(buf + sizeof(buf), val, base);
	int pad = width - (int)(buf + sizeof(buf) - 1 - s) - neg;
	int n = 0;

	if (neg && zero)
		console_putc('-');
	for (; !left && pad > 0; pad--, n++)
		console_putc(zero ? '0' : ' ');
	if (neg && !zero)
		console_putc('-');
	n += neg + put_str(s, 0, false);
	for (; left && pad > 0; pad--, n++)
		console_putc(' ');
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	int n = 0;

	for (; *fmt; fmt++) {
		bool zero = false, left = false;
		int width = 0, lng = 0;
		u64 val;
		s32 sval;

		if (*fmt != '%') {
			console_putc(*fmt);
			n++;
			continue;
		}
		fmt++;
		if (*fmt == '-') {
			left = true;
			fmt++;
		}
		if (*fmt == '0') {
			zero = true;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}

		switch (*fmt) {
		case 's':
			n += put_str(va_arg(ap, const char *), width, left);
			break;
		case 'c':
			console_putc((char)va_arg(ap, int));
			n++;
			break;
		case 'd':
			sval = va_arg(ap, s32);
			val = sval < 0 ? -(u32)sval : (u32)sval;
			n += put_num(val, 10, sval < 0, width, zero, left);
			break;
		case 'u':
			n += put_num(va_arg(ap, u32), 10, false, width, zero,
				     left);
			break;
		case 'x':
			val = lng >= 2 ? va_arg(ap, u64) : va_arg(ap, u32);
			n += put_num(val, 16, false, width, zero, left);
			break;
		case 'p':
			n += put_str("0x", 0, false);
			n += put_num((u32)va_arg(ap, void *), 16, false, 8,
				     true, false);
			break;
		case '%':
			console_putc('%');
			n++;
			break;
		default:
			/* Unknown conversion: show it rather than guess. */
			console_putc('%');
			console_putc(*fmt ? *fmt : '?');
			n += 2;
			if (!*fmt)
				return n;
			break;
		}
	}
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

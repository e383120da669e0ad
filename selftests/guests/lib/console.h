/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console output through console_io(CONSOLEIO_write).  Line-buffered: one
 * hypercall per line, so a line is never interleaved with another
 * domain's output on the host side.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include "types.h"

void console_putc(char c);
void console_flush(void);
int vprintf(const char *fmt, va_list ap);
int printf(const char *fmt, ...) __printf(1, 2);

#endif /* GUEST_CONSOLE_H */

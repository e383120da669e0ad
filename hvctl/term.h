/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Terminal modes for hvctl console.
 */
#ifndef HVCTL_TERM_H
#define HVCTL_TERM_H

/*
 * term_raw() - pass every key typed on the terminal @fd through as it
 * is, without echo or signals, until term_restore().  Killing signals
 * restore the terminal before they kill.
 * Return: 0, or -1 with errno set, the terminal unchanged.
 */
int term_raw(int fd);

/* Give the terminal back as term_raw() found it; harmless without it */
void term_restore(void);

#endif /* HVCTL_TERM_H */

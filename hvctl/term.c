// SPDX-License-Identifier: GPL-2.0
/*
 * The terminal in raw mode while hvctl is a guest's console, see term.h.
 *
 * Raw for input only: every key goes to the guest as it is typed, Ctrl-C
 * included, with no echo; output keeps its processing, so that a guest
 * that ends lines with "\n" alone still reads well.  Whatever way hvctl
 * ends, the terminal must be given back as it was: signals that kill
 * restore it first.
 */
#include <signal.h>
#include <stddef.h>
#include <termios.h>

#include "hvctl.h"
#include "term.h"

static const int fatal_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };

static struct termios saved;
static int saved_fd = -1;

/* Only async-signal-safe calls: tcsetattr(), sigaction(), raise() */
static void restore_and_die(int sig)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };

	term_restore();
	sigaction(sig, &sa, NULL);
	raise(sig);
}

static void catch_fatal_signals(void)
{
	struct sigaction sa = { .sa_handler = restore_and_die };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

int term_raw(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &saved))
		return -1;
	t = saved;
	t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
		       ICRNL | IXON | IXOFF);
	t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	saved_fd = fd;
	catch_fatal_signals();
	if (tcsetattr(fd, TCSANOW, &t)) {
		saved_fd = -1;
		return -1;
	}
	return 0;
}

void term_restore(void)
{
	if (saved_fd >= 0)
		tcsetattr(saved_fd, TCSANOW, &saved);
}

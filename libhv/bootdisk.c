// SPDX-License-Identifier: LGPL-2.1
/*
 * The kernel and initrd a disk image boots (Documentation/guest-linux.rst,
 * "The image's own kernel"): what Debian's /vmlinuz and /initrd.img name
 * in the image's ext2/3/4 file system, read the way pygrub reads them
 * but without trusting the image.  The file system is the whole image,
 * or else the first partition in part_list()'s order that holds
 * /vmlinuz, as pygrub takes the first partition it finds a kernel in.
 *
 * The image is the guest's: a crafted file system is an attack on
 * whatever parses it (XSA-443 was pygrub's).  So the parser, ext4.c, runs
 * in a child that first gives up everything: the descriptors but a pipe
 * back, the right to gain privileges, its namespaces where it can, and
 * at last every system call but read, write, exit and sigreturn
 * (seccomp's strict mode, the wall; the rest is depth).  The image is
 * mapped before the fork, so the child reads memory, not a descriptor.
 *
 * The child sends records on the pipe, host-endian since both ends are
 * this code: per file, kernel first, an optional SIZE, DATA records
 * carrying at most CHUNK bytes each, and a DONE holding 0 or a negative
 * errno and the reason's bytes; or a FAIL, like DONE, when the reader
 * cannot start.  The parent trusts none of it: sizes
 * against the caller's maxima, data against the size announced, a
 * deadline on the whole, and the child's exit status.
 */
#define _GNU_SOURCE	/* pipe2(), unshare() */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ext4.h"
#include "internal.h"
#include "partition.h"

#define IMAGE_MIN	2048		/* through the superblock */
#define IMAGE_MAX	(1024ULL * 1024 * 1024 * 1024)	/* 1 TiB */
#define TIMEOUT_MS	20000		/* for the whole read */
#define CHILD_CPU_SECS	5
#define CHUNK		65536
#define REASON_MAX	128
#define ERRNO_MAX	4095

enum rec_type {
	REC_SIZE = 1,	/* @len: the file's size; its DATA follow */
	REC_DATA,	/* @len bytes of the file follow */
	REC_DONE,	/* @err: 0 or -errno; @len bytes of reason follow */
	REC_FAIL,	/* as DONE, for the image as a whole: no more files */
};

struct rec {
	uint32_t type;
	int32_t err;
	uint64_t len;
};

static const char *const boot_paths[] = { "/vmlinuz", "/initrd.img" };

static void say(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	if (!why_len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
}

/* The child's side: only async-signal-safe calls, then only read/write */

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;
		p += n;
		len -= n;
	}
	return 0;
}

static int send_rec(int fd, enum rec_type type, int err, const void *buf,
		    uint64_t len)
{
	struct rec r = { .type = type, .err = err, .len = len };
	int ret;

	ret = write_all(fd, &r, sizeof(r));
	if (!ret && type != REC_SIZE)
		ret = write_all(fd, buf, len);
	return ret;
}

/* ext4_read()'s output: the pipe's descriptor is in @arg */
static int send_data(void *arg, const void *buf, size_t len)
{
	const char *p = buf;
	size_t n;
	int err;

	for (; len; len -= n, p += n) {
		n = len < CHUNK ? len : CHUNK;
		err = send_rec(*(int *)arg, REC_DATA, 0, p, n);
		if (err)
			return err;
	}
	return 0;
}

static int send_done(int fd, enum rec_type type, int err, const char *why)
{
	size_t len = err ? strnlen(why, REASON_MAX) : 0;

	return send_rec(fd, type, err, why, len);
}

/* Send one file: its size and bytes, then how it went */
static int send_file(struct ext4_fs *fs, int fd, const char *path,
		     uint64_t max)
{
	const char *why = "";
	uint64_t size;
	uint32_t ino;
	int err;

	err = ext4_lookup(fs, path, &ino, &why);
	if (!err)
		err = ext4_file_size(fs, ino, max, &size, &why);
	if (!err)
		err = send_rec(fd, REC_SIZE, 0, NULL, size);
	if (!err)
		err = ext4_read(fs, ino, max, send_data, &fd, &why);
	if (send_done(fd, REC_DONE, err, why))
		return -EPIPE;
	return err;
}

static void close_others(int keep)
{
	struct rlimit rl;
	int fd;

	if (keep > 0 && syscall(SYS_close_range, 0, keep - 1, 0))
		for (fd = 0; fd < keep; fd++)
			close(fd);
	if (!syscall(SYS_close_range, keep + 1, ~0U, 0))
		return;
	/* Kernels before 5.9 */
	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_max > 1 << 20)
		rl.rlim_max = 1 << 20;
	for (fd = keep + 1; fd < (int)rl.rlim_max; fd++)
		close(fd);
}

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };

	setrlimit(resource, &rl);
}

/*
 * Give up all but the pipe @fd.  Only seccomp must work: the rest is
 * defence in depth and may fail (unshare() without user namespaces).
 */
static int deprivilege(int fd)
{
	sigset_t all;

	/* No handler of the parent's may run here: it would be killed. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	close_others(fd);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_DUMPABLE, 0);
	/* Every signal is blocked, SIGXCPU too: the hard limit kills. */
	set_limit(RLIMIT_CPU, CHILD_CPU_SECS, CHILD_CPU_SECS);
	set_limit(RLIMIT_FSIZE, 0, 0);
	set_limit(RLIMIT_NOFILE, 0, 0);
	set_limit(RLIMIT_CORE, 0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET |
		    CLONE_NEWIPC | CLONE_NEWUTS))
		unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
			CLONE_NEWUTS);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
		return -errno;
	return 0;
}

/* A reason made up in the child, where snprintf() may not be safe */
struct reason {
	char buf[REASON_MAX + 1];
	size_t len;
};

static void add_str(struct reason *r, const char *s)
{
	while (*s && r->len < REASON_MAX)
		r->buf[r->len++] = *s++;
	r->buf[r->len] = '\0';
}

static void add_num(struct reason *r, uint32_t n)
{
	char digits[11];
	size_t i = sizeof(digits) - 1;

	digits[i] = '\0';
	do
		digits[--i] = '0' + n % 10;
	while (n /= 10);
	add_str(r, digits + i);
}

/*
 * Try partition @p: open its file system in @fs and look up /vmlinuz,
 * the lookups of all partitions charged to one budget, *@work, so that a
 * table of many partitions buys no more time than one file system.  On
 * failure say why in @r; *@is_fs: whether it held an ext2/3/4 one.
 */
static int try_part(struct ext4_fs *fs, const unsigned char *img,
		    const struct part *p, uint64_t *work, struct reason *r,
		    bool *is_fs)
{
	const char *why = "not ext2/3/4";
	bool looked = false;
	uint32_t ino;
	int err = -EINVAL;

	*is_fs = ext4_probe(img + p->off, p->len);
	if (*is_fs)
		err = ext4_open(fs, img + p->off, p->len, &why);
	if (!err) {
		fs->work = *work;
		err = ext4_lookup(fs, boot_paths[0], &ino, &why);
		*work = fs->work;
		looked = true;
	}
	if (!err)
		return 0;
	add_num(r, p->number);
	add_str(r, ": ");
	if (looked) {
		add_str(r, boot_paths[0]);
		add_str(r, ": ");
	}
	add_str(r, why);
	return err;
}

/*
 * The first of @t's partitions whose file system holds /vmlinuz, opened
 * in @fs.  Return: 0, or the error of the first partition that held an
 * ext2/3/4 file system (-EINVAL if none did), what each said in @r.
 */
static int try_parts(struct ext4_fs *fs, const unsigned char *img,
		     const struct part_table *t, struct reason *r)
{
	bool several = t->count > 1, is_fs;
	uint64_t work = 0;
	unsigned int i;
	int err, ret = 0;

	add_str(r, several ? "no " : "");
	add_str(r, t->kind);
	add_str(r, several ? " partition holds /vmlinuz: " : " partition ");
	for (i = 0; i < t->count; i++) {
		if (i)
			add_str(r, "; ");
		err = try_part(fs, img, &t->parts[i], &work, r, &is_fs);
		if (!err)
			return 0;
		if (is_fs && !ret)
			ret = err;
	}
	return ret ? ret : -EINVAL;
}

/* Filled in the child only; 24 KiB, too much for a caller's thread stack */
static struct part_table table;

/*
 * The file system to read: the image's own if it is one, as before
 * partitions were read, else the first partition's that holds /vmlinuz.
 * The magic at the image's start could be chance on a partitioned disk,
 * so if that file system does not open the partitions are tried too;
 * but if they fail, what went wrong with the image's own is said.
 */
static int open_boot_fs(struct ext4_fs *fs, const unsigned char *img,
			size_t len, struct reason *r, const char **why)
{
	bool bare = ext4_probe(img, len);
	const char *table_why;
	int err, part_err;

	err = ext4_open(fs, img, len, why);
	if (!err)
		return 0;
	part_err = part_list(img, len, &table, &table_why);
	if (part_err == -ENOENT || (part_err && bare))
		return err;
	if (part_err) {
		*why = table_why;
		return part_err;
	}
	part_err = try_parts(fs, img, &table, r);
	if (part_err && bare)
		return err;
	*why = r->buf;
	return part_err;
}

/* Never returns */
static void child(int fd, const void *img, size_t len, size_t kernel_max,
		  size_t initrd_max)
{
	struct reason r = { .len = 0 };
	struct ext4_fs fs;
	const char *why;
	int err;

	err = deprivilege(fd);
	if (err) {
		send_done(fd, REC_FAIL, err,
			  "could not confine the image's reader");
		syscall(SYS_exit, 1);
	}
	err = open_boot_fs(&fs, img, len, &r, &why);
	if (err)
		send_done(fd, REC_FAIL, err, why);
	else if (!send_file(&fs, fd, boot_paths[0], kernel_max))
		send_file(&fs, fd, boot_paths[1], initrd_max);
	/* exit_group is not one of strict mode's system calls: exit is */
	syscall(SYS_exit, 0);
	for (;;)
		;
}

/* The parent's side */

struct reader {
	int fd;
	struct timespec deadline;
	char *why;
	size_t why_len;
};

static long ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > deadline->tv_sec ||
	    (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec))
		return 0;
	return (deadline->tv_sec - now.tv_sec) * 1000 +
	       (deadline->tv_nsec - now.tv_nsec) / 1000000 + 1;
}

/* @len bytes from the child, before the deadline; -EPIPE if it stopped */
static int read_full(struct reader *r, void *buf, size_t len)
{
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	char *p = buf;
	ssize_t n;
	int ret;

	while (len) {
		/* poll() with 0 still reports data: the deadline is ours. */
		ret = ms_left(&r->deadline);
		if (ret)
			ret = poll(&pfd, 1, ret);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (!ret) {
			say(r->why, r->why_len,
			    "reading the image took over %d seconds",
			    TIMEOUT_MS / 1000);
			return -ETIMEDOUT;
		}
		n = read(r->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -EPIPE;
		p += n;
		len -= n;
	}
	return 0;
}

static int bad_child(struct reader *r, const char *what)
{
	say(r->why, r->why_len, "the image's reader %s", what);
	return -EIO;
}

/* The reason of a DONE or FAIL record, for @path (FAIL: NULL) */
static int read_reason(struct reader *r, const struct rec *rec,
		       const char *path)
{
	char reason[REASON_MAX + 1];
	size_t i;
	int err;

	if (rec->err >= 0 || rec->err < -ERRNO_MAX || rec->len > REASON_MAX)
		return bad_child(r, "sent a bad error");
	err = read_full(r, reason, rec->len);
	if (err)
		return err;
	reason[rec->len] = '\0';
	/* Printed on a terminal: nothing but printable ASCII */
	for (i = 0; i < rec->len; i++)
		if (reason[i] < ' ' || reason[i] > '~')
			reason[i] = '?';
	if (path)
		say(r->why, r->why_len, "%s: %s", path, reason);
	else
		say(r->why, r->why_len, "%s", reason);
	return rec->err;
}

/* The DATA records of a file of @size bytes into @buf, then its DONE */
static int read_data(struct reader *r, char *buf, size_t size,
		     struct rec *rec)
{
	size_t got = 0;
	int err;

	for (;;) {
		err = read_full(r, rec, sizeof(*rec));
		if (err)
			return err;
		if (rec->type == REC_DONE || rec->type == REC_FAIL)
			break;
		if (rec->type != REC_DATA || !rec->len || rec->len > CHUNK ||
		    rec->len > size - got)
			return bad_child(r, "sent a bad record");
		err = read_full(r, buf + got, rec->len);
		if (err)
			return err;
		got += rec->len;
	}
	if (!rec->err && got != size)
		return bad_child(r, "sent a short file");
	return 0;
}

/* How a file's records end: a DONE, or a FAIL */
static int read_end(struct reader *r, const struct rec *rec,
		    const char *path, bool sized)
{
	if (rec->type == REC_FAIL)
		return read_reason(r, rec, NULL);
	if (rec->type != REC_DONE)
		return bad_child(r, "sent a bad record");
	if (rec->err)
		return read_reason(r, rec, path);
	if (rec->len || !sized)
		return bad_child(r, "sent a bad record");
	return 0;
}

/* One file, at most @max bytes, into *@data (malloc()ed) and *@len */
static int read_file(struct reader *r, const char *path, size_t max,
		     void **data, size_t *len)
{
	size_t size = 0;
	char *buf = NULL;
	struct rec rec;
	int err;

	err = read_full(r, &rec, sizeof(rec));
	if (!err && rec.type == REC_SIZE) {
		if (rec.len > max)
			return bad_child(r, "sent a file above the limit");
		size = rec.len;
		buf = malloc(size ? size : 1);
		if (!buf)
			return -ENOMEM;
		err = read_data(r, buf, size, &rec);
	}
	if (!err)
		err = read_end(r, &rec, path, buf);
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*len = size;
	return 0;
}

static int read_files(struct reader *r, size_t kernel_max,
		      size_t initrd_max, struct hv_boot_files *files)
{
	int err;

	err = read_file(r, boot_paths[0], kernel_max, &files->kernel,
			&files->kernel_len);
	if (err)
		return err;
	err = read_file(r, boot_paths[1], initrd_max, &files->initrd,
			&files->initrd_len);
	/* An image without an initrd: the kernel has what it needs built in */
	if (err == -ENOENT) {
		if (r->why_len)
			r->why[0] = '\0';
		return 0;
	}
	return err;
}

/*
 * Stop the child if read_files()' @err cut it short, or if it sent
 * everything but does not end by @r's deadline.  Through its pidfd,
 * which names that process and no other even if it has been reaped
 * behind our back (SIGCHLD ignored by the caller).  Return: @err, or
 * -ETIMEDOUT.
 */
static int stop_child(pid_t pid, int pidfd, struct reader *r, int err)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	int n = 1;

	if (!err && pidfd >= 0) {
		do
			n = poll(&pfd, 1, ms_left(&r->deadline));
		while (n < 0 && errno == EINTR);
	}
	if (!n) {
		say(r->why, r->why_len, "reading the image took over %d seconds",
		    TIMEOUT_MS / 1000);
		err = -ETIMEDOUT;
	}
	if (err && pidfd >= 0)
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	else if (err)
		kill(pid, SIGKILL);
	if (pidfd >= 0)
		close(pidfd);
	return err;
}

/*
 * Wait for the child after stop_child().  Return: @err, or why the
 * child failed.
 */
static int reap(pid_t pid, int err, char *why, size_t why_len)
{
	int status;
	pid_t ret;

	do
		ret = waitpid(pid, &status, 0);
	while (ret < 0 && errno == EINTR);
	/* SIGCHLD ignored: the kernel reaped it and the status is lost. */
	if (ret < 0)
		return err ? err : -ECHILD;
	if (err && err != -EPIPE)
		return err;
	if (WIFSIGNALED(status)) {
		say(why, why_len, "the image's reader was killed by signal %d%s",
		    WTERMSIG(status), WTERMSIG(status) == SIGBUS ?
		    " (the image shrank while it was read)" : "");
		return -EIO;
	}
	if (err || WEXITSTATUS(status)) {
		say(why, why_len, "the image's reader stopped early");
		return -EIO;
	}
	return 0;
}

static int image_size(int fd, size_t *len, char *why, size_t why_len)
{
	uint64_t size;
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISREG(st.st_mode)) {
		size = st.st_size;
	} else if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size))
			return -errno;
	} else {
		say(why, why_len, "not a regular file or a block device");
		return -EINVAL;
	}
	if (size < IMAGE_MIN) {
		say(why, why_len, "an image of %llu bytes holds no file system",
		    (unsigned long long)size);
		return -EINVAL;
	}
	if (size > IMAGE_MAX || size > SIZE_MAX) {
		say(why, why_len, "an image over 1 TiB");
		return -EFBIG;
	}
	*len = size;
	return 0;
}

/* Fork the reader of the @len bytes at @img and take what it sends */
static int run_child(const void *img, size_t len, size_t kernel_max,
		     size_t initrd_max, struct hv_boot_files *files,
		     char *why, size_t why_len)
{
	struct reader r = { .why = why, .why_len = why_len };
	int pipefd[2], pidfd, err;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (!pid)
		child(pipefd[1], img, len, kernel_max, initrd_max);
	close(pipefd[1]);
	/* Before any wait: the child is ours to reap, its pid still its own */
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	r.fd = pipefd[0];
	clock_gettime(CLOCK_MONOTONIC, &r.deadline);
	r.deadline.tv_sec += TIMEOUT_MS / 1000;
	err = read_files(&r, kernel_max, initrd_max, files);
	close(pipefd[0]);
	err = stop_child(pid, pidfd, &r, err);
	return reap(pid, err, why, why_len);
}

int hv_disk_boot_files(int fd, size_t kernel_max, size_t initrd_max,
		       struct hv_boot_files *files, char *why, size_t why_len)
{
	size_t len = 0;
	void *img;
	int err;

	memset(files, 0, sizeof(*files));
	if (why_len)
		why[0] = '\0';
	err = image_size(fd, &len, why, why_len);
	if (err)
		return err;
	img = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (img == MAP_FAILED) {
		err = -errno;
		say(why, why_len, "cannot map the image: %s", strerror(-err));
		return err;
	}
	err = run_child(img, len, kernel_max, initrd_max, files, why,
			why_len);
	munmap(img, len);
	if (err)
		hv_boot_files_free(files);
	return err;
}

void hv_boot_files_free(struct hv_boot_files *files)
{
	free(files->kernel);
	free(files->initrd);
	memset(files, 0, sizeof(*files));
}

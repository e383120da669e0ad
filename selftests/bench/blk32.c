// SPDX-License-Identifier: GPL-2.0
/*
 * blk32: block device throughput, one measure a run.
 *
 *	blk32 [-t SECONDS] MEASURE DEVICE MIB
 *
 * MEASURE is one of
 *
 *	seq_write	MIB MiB from offset 0 in 1 MiB writes, then fsync
 *	seq_read	the same MiB in 1 MiB reads
 *	rand_read	4 KiB reads at random 4 KiB offsets within MIB MiB,
 *			for SECONDS (default 5)
 *	rand_write	4 KiB writes the same way, then fsync
 *
 * A static i386 program, run twice in one test VM (selftests/bench/run,
 * blk-in-vm): natively on the VM's virtio disk, and inside the Linux
 * guest on hv on the same disk served by hv's block back end.  The
 * device is opened with O_DIRECT on both sides, so neither kernel's page
 * cache answers; the fsync of the writes is inside the timed span (the
 * data has reached the device when the figure is taken).  Each run
 * prints one line:
 *
 *	blk32: MEASURE bytes=B ops=N ns=T mbps=X iops=Y direct=1
 *
 * (CLOCK_MONOTONIC; MB is 10^6 bytes).  Every 4 KiB block written holds
 * its own number, and every block read is checked against it: seq_write
 * first, then the others, which keep the pattern.  Exit status 0 when
 * every transfer was whole and every block read held its number, 1
 * otherwise, 2 for a bad command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLK		4096
#define SEQ		(1024 * 1024)
#define MAGIC		0x68766231u	/* "hvb1" */

static const char *measure;

static void die(const char *what)
{
	fprintf(stderr, "blk32: %s: %s: %s\n", measure, what, strerror(errno));
	exit(1);
}

static void bad_usage(void)
{
	fprintf(stderr, "usage: blk32 [-t SECONDS] seq_write|seq_read|rand_read|rand_write DEVICE MIB\n");
	exit(2);
}

static unsigned long number(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || !v)
		bad_usage();
	return v;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		die("clock_gettime");
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Block @blk's contents: its number at both ends, a constant between. */
static void fill(uint32_t *p, uint32_t blk)
{
	p[0] = MAGIC;
	p[1] = blk;
	p[BLK / 4 - 2] = ~blk;
	p[BLK / 4 - 1] = MAGIC;
}

static void check(const uint32_t *p, uint32_t blk)
{
	if (p[0] != MAGIC || p[1] != blk || p[BLK / 4 - 2] != ~blk ||
	    p[BLK / 4 - 1] != MAGIC) {
		fprintf(stderr, "blk32: %s: block %u holds %08x %08x .. %08x %08x, not its pattern\n",
			measure, blk, p[0], p[1], p[BLK / 4 - 2],
			p[BLK / 4 - 1]);
		exit(1);
	}
}

static void xfer(int fd, char *buf, size_t len, uint64_t off, int write)
{
	ssize_t n;

	n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
	if (n < 0)
		die(write ? "pwrite" : "pread");
	if ((size_t)n != len) {
		fprintf(stderr, "blk32: %s: %zd of %zu bytes at %llu\n",
			measure, n, len, (unsigned long long)off);
		exit(1);
	}
}

/* 1 MiB transfers over the first @blocks blocks: the count of them. */
static unsigned long seq(int fd, char *buf, uint32_t blocks, int write)
{
	uint32_t b, i, per = SEQ / BLK;

	for (b = 0; b < blocks; b += per) {
		if (write)
			for (i = 0; i < per; i++)
				fill((uint32_t *)(buf + i * BLK), b + i);
		xfer(fd, buf, SEQ, (uint64_t)b * BLK, write);
		if (!write)
			for (i = 0; i < per; i++)
				check((uint32_t *)(buf + i * BLK), b + i);
	}
	return blocks / per;
}

/* xorshift32: the same offsets on both sides. */
static uint32_t next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* 4 KiB transfers at random blocks for @ns: the count of them. */
static unsigned long rnd(int fd, char *buf, uint32_t blocks, int write,
			 uint64_t t0, uint64_t ns)
{
	uint32_t seed = 2463534242u, b;
	unsigned long n = 0;

	do {
		b = next(&seed) % blocks;
		if (write)
			fill((uint32_t *)buf, b);
		xfer(fd, buf, BLK, (uint64_t)b * BLK, write);
		if (!write)
			check((uint32_t *)buf, b);
		n++;
	} while (now_ns() - t0 < ns);
	return n;
}

int main(int argc, char **argv)
{
	unsigned long secs = 5, ops, mib;
	int opt, fd, write, random;
	uint64_t t0, t1, size, bytes;
	uint32_t blocks;
	void *buf;

	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt != 't')
			bad_usage();
		secs = number(optarg);
	}
	if (argc - optind != 3)
		bad_usage();
	measure = argv[optind];
	write = !strcmp(measure, "seq_write") || !strcmp(measure, "rand_write");
	random = !strcmp(measure, "rand_read") || !strcmp(measure, "rand_write");
	if (!write && !random && strcmp(measure, "seq_read"))
		bad_usage();
	mib = number(argv[optind + 2]);
	if (mib > 4096)
		bad_usage();
	blocks = mib * (SEQ / BLK);

	fd = open(argv[optind + 1],
		  (write ? O_RDWR : O_RDONLY) | O_DIRECT | O_LARGEFILE);
	if (fd < 0)
		die(argv[optind + 1]);
	size = lseek(fd, 0, SEEK_END);
	if (size < (uint64_t)mib * SEQ) {
		fprintf(stderr, "blk32: %s: %s holds %llu bytes, not %lu MiB\n",
			measure, argv[optind + 1], (unsigned long long)size,
			mib);
		return 1;
	}
	/* O_DIRECT wants aligned memory; 1 MiB holds either transfer. */
	errno = posix_memalign(&buf, BLK, SEQ);
	if (errno)
		die("posix_memalign");
	memset(buf, 0x5a, SEQ);

	t0 = now_ns();
	if (random)
		ops = rnd(fd, buf, blocks, write, t0, secs * 1000000000ULL);
	else
		ops = seq(fd, buf, blocks, write);
	if (write && fsync(fd))
		die("fsync");
	t1 = now_ns();
	if (close(fd))
		die("close");

	bytes = (uint64_t)ops * (random ? BLK : SEQ);
	printf("blk32: %s bytes=%llu ops=%lu ns=%llu mbps=%.1f iops=%.0f direct=1\n",
	       measure, (unsigned long long)bytes, ops,
	       (unsigned long long)(t1 - t0), bytes * 1e3 / (t1 - t0),
	       ops * 1e9 / (t1 - t0));
	return 0;
}

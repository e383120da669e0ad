// SPDX-License-Identifier: GPL-2.0
/*
 * blkhostile: a hostile blkfront.  Run with one disk (hvctl create
 * --disk IMG, 1 MiB whose sector N starts with "sector N"), it connects
 * to hv's block back end through the xenstore as Linux does (its grant
 * table, a ring page granted to domain 0, a port offered to domain 0,
 * ring-ref, event-channel, protocol, state Initialised), checks that a
 * good read works, then sends what a front end must not.
 *
 * Its ring is 4 pages (ring-page-order 2, 128 slots: hv offers
 * max-ring-page-order 4), after three rings hv must refuse (saying
 * Closing, then Closed and InitWait again as the front end starts over):
 * order 5, a ring-ref3 missing, a page granted read-only.  On the ring:
 *
 *  - a queue of 64 one-sector reads with a flush among them, sent at
 *    once: every id answered once, OK, with its sector's bytes;
 *
 *  - 0 and 12 segments, first_sect > last_sect, last_sect 8;
 *  - sectors past the end, and a start near 2^64 that would wrap;
 *  - a grant reference past the table, an empty entry, a grant to
 *    another domain, a grant of a frame that is not ours, a read into a
 *    read-only grant;
 *  - an unknown operation;
 *  - a write of the disk's last sector plus one sector past it;
 *  - indirect requests (BLKIF_OP_INDIRECT): 0 and 257 segments, an
 *    indirect_op other than read or write, the segments' page not
 *    granted to domain 0 or past the table, a bad segment in it, a read
 *    into a read-only grant, sectors past the end.
 *
 * Good indirect reads of 2 and of 256 segments (the most hv takes, its
 * feature-max-indirect-segments) must read the right sectors and come
 * back as reads.
 * Each must come back with BLKIF_RSP_ERROR (EOPNOTSUPP for the unknown
 * operation) and the disk must still serve a good read after them.
 * Last, req_prod jumps 1000 ahead: hv stops serving the disk (a host
 * log line the test checks) and answers nothing more.
 */
#include "evtchn.h"
#include "gnttab.h"
#include "mm.h"
#include "test.h"
#include "traps.h"

#define XS_RING_SIZE	1024
#define XS_READ		2
#define XS_WRITE	11
#define XS_ERROR	16
#define WAIT_NS		(20 * NSEC_PER_SEC)

#define BLK_READ	0
#define BLK_WRITE	1
#define RSP_EOPNOTSUPP	(-2)
#define RSP_ERROR	(-1)
#define RSP_OKAY	0
#define BLK_FLUSH	3
#define BLK_INDIRECT	6
#define RING_ORDER	2
#define RING_PAGES	4	/* 1 << RING_ORDER */
#define RING_SLOTS	128	/* (4 * 4096 - 64) / 108, to a power of 2 */
#define QUEUE		64
#define MAX_INDIRECT	256
#define VDEV		51712
#define SECTORS		2048

struct xs_ring {
	char req[XS_RING_SIZE];
	char rsp[XS_RING_SIZE];
	u32 req_cons, req_prod;
	u32 rsp_cons, rsp_prod;
	u32 server_features, connection, error;
};

struct xs_hdr {
	u32 type, req_id, tx_id, len;
};

struct blk_seg {
	u32 gref;
	u8 first, last;
	u16 pad;
};

struct blk_req {
	u8 op, nr_segs;
	u16 handle;
	u32 id_lo, id_hi;	/* a u64 at offset 4: the x86_32 layout */
	u32 sector_lo, sector_hi;
	struct blk_seg seg[11];
};

struct blk_ind {
	u8 op, ind_op;
	u16 nr_segs;
	u32 id_lo, id_hi;
	u32 sector_lo, sector_hi;
	u16 handle, pad;
	u32 gref[8];		/* pages of struct blk_seg */
	u32 pad2[2];
};

struct blk_rsp {
	u32 id_lo, id_hi;
	u8 op, pad;
	s16 status;
};

union blk_slot {
	struct blk_req req;
	struct blk_ind ind;
	struct blk_rsp rsp;
};

struct blk_sring {
	u32 req_prod, req_event, rsp_prod, rsp_event;
	u8 pad[48];
	union blk_slot ring[RING_SLOTS];
};

_Static_assert(sizeof(struct blk_req) == 108, "the x86_32 request");
_Static_assert(sizeof(union blk_slot) == 108, "the x86_32 slot");
_Static_assert(sizeof(struct blk_ind) == 64, "the x86_32 indirect request");

static u8 table_va[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 ring_pages[RING_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 queue_data[QUEUE * 512] __aligned(PAGE_SIZE);
static u8 data[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct blk_seg ind_segs[PAGE_SIZE / sizeof(struct blk_seg)]
	__aligned(PAGE_SIZE);
static struct grant_entry_v1 *gt;
static struct xs_ring *xs;
static struct blk_sring *sr = (struct blk_sring *)ring_pages;
static u32 xs_port, blk_port, domid, req_prod, id = 1;
static u8 rsp_op;		/* the operation of the last response */
static char fe[64], be[64], buf[4200];

enum {
	REF_DATA = 8, REF_RO, REF_OTHER, REF_FOREIGN, REF_IND,
	REF_IND_OTHER, REF_EMPTY, REF_RING_RO, REF_RING,
	REF_QUEUE = REF_RING + RING_PAGES
};

/* --- a minimal xenstore client: one request, its reply --- */

static void xs_put(const void *p, u32 len)
{
	const char *c = p;
	u32 prod = xs->req_prod;

	while (len--) {
		while (prod - READ_ONCE(xs->req_cons) == XS_RING_SIZE)
			port_wait(xs_port, NSEC_PER_SEC / 10);
		xs->req[prod++ % XS_RING_SIZE] = *c++;
	}
	barrier();
	WRITE_ONCE(xs->req_prod, prod);
	ev_send(xs_port);
}

static u32 xs_get(void)
{
	struct xs_hdr h;
	u32 cons = xs->rsp_cons, got = 0, want = sizeof(h);
	u64 start = system_time_ns();

	while (got < want) {
		if (READ_ONCE(xs->rsp_prod) == cons) {
			if (system_time_ns() - start > WAIT_NS)
				guest_fail("no xenstore reply");
			port_wait(xs_port, NSEC_PER_SEC);
			continue;
		}
		barrier();
		if (got < sizeof(h))
			((char *)&h)[got] = xs->rsp[cons % XS_RING_SIZE];
		else
			buf[got - sizeof(h)] = xs->rsp[cons % XS_RING_SIZE];
		cons++;
		if (++got == sizeof(h))
			want += h.len;
	}
	WRITE_ONCE(xs->rsp_cons, cons);
	buf[h.len] = 0;
	return h.type;
}

static u32 xs_call(u32 type, const char *dir, const char *key,
		   const char *val)
{
	struct xs_hdr h = { type, id++, 0, 0 };
	char path[128] = "";

	str_cat(path, dir);
	str_cat(path, "/");
	str_cat(path, key);
	h.len = strlen(path) + 1 + (val ? strlen(val) : 0);
	xs_put(&h, sizeof(h));
	xs_put(path, strlen(path) + 1);
	if (val)
		xs_put(val, strlen(val));
	return xs_get();
}

static void xs_write_num(const char *key, u32 v)
{
	char n[12];

	u32_to_str(n, v);
	GUEST_ASSERT_EQ(xs_call(XS_WRITE, fe, key, n), XS_WRITE);
}

static u32 xs_read_num(const char *dir, const char *key)
{
	u32 v = 0;
	char *p;

	if (xs_call(XS_READ, dir, key, NULL) != XS_READ)
		guest_fail("cannot read %s/%s: %s", dir, key, buf);
	for (p = buf; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + *p - '0';
	return v;
}

/* --- the connection --- */

static void wait_backend(u32 state, const char *what)
{
	u32 i;

	for (i = 0; xs_read_num(be, "state") != state; i++) {
		if (i == 200)
			guest_fail("the back end never said %s", what);
		port_wait(xs_port, NSEC_PER_SEC / 10);
	}
}

/* Our grants, of the ring and data pages, and the port. */
static void setup(void)
{
	struct { u16 dom, remote; u32 port; } ua = { DOMID_SELF, 0, 0 };
	char num[12];
	u32 mfn, i;

	xs = (struct xs_ring *)(mfn_to_pfn(start_info->store_mfn) << PAGE_SHIFT);
	xs_port = start_info->store_evtchn;
	port_mask(xs_port);
	domid = gnttab_own_domid();
	gt = gnttab_map_table(table_va, 1, &mfn);
	u32_to_str(num, domid);
	str_cat(fe, "/local/domain/");
	str_cat(fe, num);
	str_cat(fe, "/device/vbd/51712");
	GUEST_ASSERT_EQ(xs_call(XS_READ, fe, "backend", NULL), XS_READ);
	memcpy(be, buf, strlen(buf) + 1);
	GUEST_ASSERT_EQ(xs_read_num(be, "state"), 2);	/* InitWait */
	GUEST_ASSERT_EQ(xs_read_num(be, "sectors"), SECTORS);
	GUEST_ASSERT_EQ(xs_read_num(be, "max-ring-page-order"), 4);

	for (i = 0; i < RING_PAGES; i++)
		gnttab_grant(gt, REF_RING + i, 0, virt_to_mfn(ring_pages[i]),
			     GTF_permit_access);
	gnttab_grant(gt, REF_RING_RO, 0, virt_to_mfn(ring_pages[3]),
		     GTF_permit_access | GTF_readonly);
	for (i = 0; i < sizeof(queue_data) / PAGE_SIZE; i++)
		gnttab_grant(gt, REF_QUEUE + i, 0,
			     virt_to_mfn(queue_data + i * PAGE_SIZE),
			     GTF_permit_access);
	gnttab_grant(gt, REF_DATA, 0, virt_to_mfn(data), GTF_permit_access);
	gnttab_grant(gt, REF_RO, 0, virt_to_mfn(data),
		     GTF_permit_access | GTF_readonly);
	gnttab_grant(gt, REF_OTHER, domid, virt_to_mfn(data),
		     GTF_permit_access);
	gnttab_grant(gt, REF_FOREIGN, 0, 1, GTF_permit_access);
	/* Indirect segments are granted read-only, as blkfront does. */
	gnttab_grant(gt, REF_IND, 0, virt_to_mfn(ind_segs),
		     GTF_permit_access | GTF_readonly);
	gnttab_grant(gt, REF_IND_OTHER, domid, virt_to_mfn(ind_segs),
		     GTF_permit_access | GTF_readonly);
	GUEST_ASSERT_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &ua), 0);
	blk_port = ua.port;
	port_mask(blk_port);
}

/*
 * Offer a ring of 2^@order pages, ring-ref0.. the first @refs of them
 * (ring-ref@ro_page the read-only grant, if below @refs), and say
 * Initialised.
 */
static void offer(u32 order, u32 refs, u32 ro_page)
{
	char key[16] = "ring-ref", num[12];
	u32 i;

	memset(ring_pages, 0, sizeof(ring_pages));
	sr->req_event = 1;
	sr->rsp_event = 1;
	xs_write_num("ring-page-order", order);
	for (i = 0; i < refs; i++) {
		u32_to_str(num, i);
		key[8] = 0;
		str_cat(key, num);
		xs_write_num(key, i == ro_page ? REF_RING_RO : REF_RING + i);
	}
	xs_write_num("event-channel", blk_port);
	GUEST_ASSERT_EQ(xs_call(XS_WRITE, fe, "protocol", "x86_32-abi"),
			XS_WRITE);
	xs_write_num("state", 3);			/* Initialised */
}

/* A ring hv must refuse: Closing, then Closed and InitWait again. */
static void expect_refused(const char *what, u32 order, u32 refs, u32 ro_page)
{
	offer(order, refs, ro_page);
	wait_backend(5, "Closing");
	xs_write_num("state", 6);			/* Closed */
	wait_backend(6, "Closed");
	xs_write_num("state", 1);			/* Initialising */
	wait_backend(2, "InitWait");
	guest_info("%s: refused", what);
}

static void connect(void)
{
	setup();
	expect_refused("ring-page-order 5", 5, 1, ~0u);
	expect_refused("ring-page-order 2 without ring-ref3", 2, 3, ~0u);
	expect_refused("a ring page granted read-only", 2, 4, 3);
	offer(RING_ORDER, RING_PAGES, ~0u);
	wait_backend(4, "Connected");
	guest_info("connected, %u ring pages, port %u", RING_PAGES, blk_port);
}

/* Put @r on the ring, tell hv, wait for its response: the status. */
static s16 request(struct blk_req *r)
{
	u32 slot = req_prod % RING_SLOTS;
	u64 start = system_time_ns();
	s16 st;

	r->id_lo = id++;
	sr->ring[slot].req = *r;
	req_prod++;
	barrier();
	WRITE_ONCE(sr->req_prod, req_prod);
	ev_send(blk_port);
	while (READ_ONCE(sr->rsp_prod) != req_prod) {
		if (system_time_ns() - start > WAIT_NS)
			guest_fail("no response to id %u", r->id_lo);
		port_wait(blk_port, NSEC_PER_SEC / 10);
	}
	barrier();
	GUEST_ASSERT_EQ(sr->ring[slot].rsp.id_lo, r->id_lo);
	st = sr->ring[slot].rsp.status;
	rsp_op = sr->ring[slot].rsp.op;
	sr->rsp_event = req_prod + 1;
	return st;
}

static s16 rw(u8 op, u32 sector_hi, u32 sector, u32 nr, u32 gref, u8 first,
	      u8 last)
{
	struct blk_req r = { .op = op, .nr_segs = nr, .handle = VDEV,
			     .sector_lo = sector, .sector_hi = sector_hi };
	u32 i;

	for (i = 0; i < nr && i < 11; i++)
		r.seg[i] = (struct blk_seg){ gref, first, last, 0 };
	return request(&r);
}

/* An indirect request of @nr segments from ind_segs, in grant @ind. */
static s16 send_indirect(u8 op, u32 sector, u32 nr, u32 ind)
{
	union blk_slot u = { .ind = { .op = BLK_INDIRECT, .ind_op = op,
				      .nr_segs = nr, .handle = VDEV,
				      .sector_lo = sector,
				      .gref = { ind } } };

	return request(&u.req);
}

/* The same with @nr segments of grant @gref, sectors @first to @last. */
static s16 indirect(u8 op, u32 sector, u32 nr, u32 ind, u32 gref, u8 first,
		    u8 last)
{
	u32 i;

	for (i = 0; i < nr && i < ARRAY_SIZE(ind_segs); i++)
		ind_segs[i] = (struct blk_seg){ gref, first, last, 0 };
	return send_indirect(op, sector, nr, ind);
}

static void expect(const char *what, s16 got, s16 want)
{
	if (got != want)
		guest_fail("%s: status %d, want %d", what, got, want);
	guest_info("%s: %d", what, got);
}

static void good_read(const char *what)
{
	memset(data, 0, sizeof(data));
	expect(what, rw(BLK_READ, 0, 16, 1, REF_DATA, 0, 7), RSP_OKAY);
	if (memcmp(data, "sector 16", 9) || memcmp(data + 512, "sector 17", 9))
		guest_fail("%s: read the wrong bytes", what);
}

/*
 * QUEUE one-sector reads of sectors 100.. into queue_data, with a flush
 * in their middle, put on the ring at once: hv serves them side by side
 * and answers in any order, each id once.
 */
static void queue_case(void)
{
	u32 first = id, base = req_prod, n = QUEUE + 1, i, j, k;
	u64 start = system_time_ns();
	bool answered[QUEUE + 1] = { false };
	char want[16] = "sector ", num[12];
	struct blk_rsp *rsp;

	memset(queue_data, 0, sizeof(queue_data));
	for (i = 0; i < n; i++) {
		struct blk_req r = { .op = BLK_FLUSH, .handle = VDEV,
				     .id_lo = first + i };

		j = i < QUEUE / 2 ? i : i - 1;
		if (i != QUEUE / 2) {
			r.op = BLK_READ;
			r.nr_segs = 1;
			r.sector_lo = 100 + j;
			r.seg[0] = (struct blk_seg){ REF_QUEUE + j / 8, j % 8,
						     j % 8, 0 };
		}
		sr->ring[(base + i) % RING_SLOTS].req = r;
	}
	id += n;
	req_prod += n;
	barrier();
	WRITE_ONCE(sr->req_prod, req_prod);
	ev_send(blk_port);
	while (READ_ONCE(sr->rsp_prod) != req_prod) {
		if (system_time_ns() - start > WAIT_NS)
			guest_fail("%u of %u queued requests answered",
				   READ_ONCE(sr->rsp_prod) - base, n);
		port_wait(blk_port, NSEC_PER_SEC / 10);
	}
	barrier();
	sr->rsp_event = req_prod + 1;
	for (i = 0; i < n; i++) {
		rsp = &sr->ring[(base + i) % RING_SLOTS].rsp;
		k = rsp->id_lo - first;
		if (k >= n || answered[k])
			guest_fail("response %u: id %u twice or unknown", i,
				   rsp->id_lo);
		answered[k] = true;
		GUEST_ASSERT_EQ(rsp->status, RSP_OKAY);
		GUEST_ASSERT_EQ(rsp->op, k == QUEUE / 2 ? BLK_FLUSH : BLK_READ);
	}
	for (j = 0; j < QUEUE; j++) {
		u32_to_str(num, 100 + j);
		want[7] = 0;
		str_cat(want, num);
		str_cat(want, " ");
		if (memcmp(queue_data + j * 512, want, strlen(want)))
			guest_fail("queued read %u got the wrong bytes", j);
	}
	guest_info("%u queued reads and a flush: each answered once, OK", QUEUE);
}

/* The good indirect reads, then the bad indirect requests. */
static void indirect_cases(void)
{
	memset(data, 0, sizeof(data));
	ind_segs[0] = (struct blk_seg){ REF_DATA, 0, 3, 0 };
	ind_segs[1] = (struct blk_seg){ REF_DATA, 4, 7, 0 };
	expect("an indirect read of 2 segments, sectors 16-23",
	       send_indirect(BLK_READ, 16, 2, REF_IND), RSP_OKAY);
	GUEST_ASSERT_EQ(rsp_op, BLK_READ);
	if (memcmp(data, "sector 16", 9) || memcmp(data + 2048, "sector 20", 9))
		guest_fail("the indirect read got the wrong bytes");
	/* Sector N into the page's first sector, N = 0..255: 255 stays. */
	expect("an indirect read of 256 one-sector segments",
	       indirect(BLK_READ, 0, MAX_INDIRECT, REF_IND, REF_DATA, 0, 0),
	       RSP_OKAY);
	GUEST_ASSERT_EQ(rsp_op, BLK_READ);
	if (memcmp(data, "sector 255 ", 11))
		guest_fail("the 256-segment read ended with the wrong sector");
	expect("an indirect request of 0 segments",
	       indirect(BLK_READ, 0, 0, REF_IND, REF_DATA, 0, 0), RSP_ERROR);
	expect("an indirect request of 257 segments",
	       indirect(BLK_READ, 0, MAX_INDIRECT + 1, REF_IND, REF_DATA, 0,
			0), RSP_ERROR);
	expect("an indirect flush",
	       indirect(BLK_FLUSH, 0, 1, REF_IND, REF_DATA, 0, 0), RSP_ERROR);
	GUEST_ASSERT_EQ(rsp_op, BLK_FLUSH);
	expect("an indirect request whose operation is INDIRECT",
	       indirect(BLK_INDIRECT, 0, 1, REF_IND, REF_DATA, 0, 0),
	       RSP_ERROR);
	expect("segments in a page past the table",
	       indirect(BLK_READ, 0, 1, 100000, REF_DATA, 0, 0), RSP_ERROR);
	expect("segments in an empty grant",
	       indirect(BLK_READ, 0, 1, REF_EMPTY, REF_DATA, 0, 0), RSP_ERROR);
	expect("segments in a page granted to ourselves",
	       indirect(BLK_READ, 0, 1, REF_IND_OTHER, REF_DATA, 0, 0),
	       RSP_ERROR);
	expect("an indirect segment with last_sect 8",
	       indirect(BLK_READ, 0, 1, REF_IND, REF_DATA, 0, 8), RSP_ERROR);
	expect("an indirect read into a read-only grant",
	       indirect(BLK_READ, 0, 1, REF_IND, REF_RO, 0, 0), RSP_ERROR);
	expect("an indirect write past the end",
	       indirect(BLK_WRITE, SECTORS - 8, 2, REF_IND, REF_DATA, 0, 7),
	       RSP_ERROR);
}

void test_main(void)
{
	struct blk_req bad_op = { .op = 99, .nr_segs = 1, .handle = VDEV };

	trap_init();
	evtchn_init();
	connect();
	good_read("a good read of sectors 16-23");
	queue_case();
	expect("0 segments", rw(BLK_READ, 0, 0, 0, REF_DATA, 0, 7), RSP_ERROR);
	expect("12 segments", rw(BLK_READ, 0, 0, 12, REF_DATA, 0, 0),
	       RSP_ERROR);
	expect("first_sect > last_sect", rw(BLK_READ, 0, 0, 1, REF_DATA, 3, 2),
	       RSP_ERROR);
	expect("last_sect 8", rw(BLK_READ, 0, 0, 1, REF_DATA, 0, 8),
	       RSP_ERROR);
	expect("a read from the last sector on", rw(BLK_READ, 0, SECTORS - 1,
						    1, REF_DATA, 0, 1),
	       RSP_ERROR);
	expect("a read at 2^64 - 4 sectors",
	       rw(BLK_READ, ~0u, ~0u - 3, 1, REF_DATA, 0, 7), RSP_ERROR);
	expect("a write past the end", rw(BLK_WRITE, 0, SECTORS, 1, REF_DATA,
					  0, 0), RSP_ERROR);
	expect("a grant reference past the table",
	       rw(BLK_READ, 0, 0, 1, 100000, 0, 0), RSP_ERROR);
	expect("an empty grant", rw(BLK_READ, 0, 0, 1, REF_EMPTY, 0, 0),
	       RSP_ERROR);
	expect("a grant to ourselves, not domain 0",
	       rw(BLK_READ, 0, 0, 1, REF_OTHER, 0, 0), RSP_ERROR);
	expect("a grant of a frame not ours",
	       rw(BLK_READ, 0, 0, 1, REF_FOREIGN, 0, 0), RSP_ERROR);
	expect("a read into a read-only grant",
	       rw(BLK_READ, 0, 0, 1, REF_RO, 0, 0), RSP_ERROR);
	expect("an unknown operation", request(&bad_op), RSP_EOPNOTSUPP);
	indirect_cases();
	good_read("a good read after all that");
	GUEST_ASSERT_EQ(gt[REF_DATA].flags, GTF_permit_access);

	/* A producer that runs away: no response, hv stops the disk. */
	WRITE_ONCE(sr->req_prod, req_prod + 1000);
	ev_send(blk_port);
	port_wait(blk_port, 2 * NSEC_PER_SEC);
	GUEST_ASSERT_EQ(READ_ONCE(sr->rsp_prod), req_prod);
	guest_info("req_prod 1000 ahead: no response");
	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The frame table's rules: module/frames.c itself, built for userspace
 * against the fake domain of kshim/frames_env.h (machine frame = guest
 * frame + an offset, so a frame number of the wrong kind names nothing).
 *
 * Checked: every refusal of an entry at each level, the type transitions
 * (writable vs table, pins, the slot-3 L2 and its hole, linear and
 * self-maps, the slots nobody may write), that a refused validation or
 * update gives back every reference it took, and the counts of a whole
 * tree through updates and unpins down to zero.  No test may hit a
 * WARN_ON_ONCE (the teardown checks), except the one that checks that a
 * hit is seen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <linux/bits.h>
#include "frames_env.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NR_FRAMES	64
#define SLOTS		512
#define HOLE		HV_HOLE_L2_SLOT

#define L1		HV_FRAME_L1
#define L2		HV_FRAME_L2
#define L3		HV_FRAME_L3
#define NONE		HV_FRAME_NONE
#define WRITABLE	HV_FRAME_WRITABLE
#define SEG		HV_FRAME_SEG

#define P		PV_PTE_P
#define RW		PV_PTE_RW
#define US		PV_PTE_US
#define PWT		PV_PTE_PWT
#define PCD		PV_PTE_PCD
#define ACC		PV_PTE_A
#define DIRTY		PV_PTE_D
#define PSE		PV_PTE_PSE	/* PAT in an L1 */
#define GLB		PV_PTE_G
#define NX		PV_PTE_NX
#define AVL		(BIT_ULL(9) | BIT_ULL(10) | BIT_ULL(11))
#define TABLE		(P | RW | US | ACC)	/* an L2 entry naming an L1 */
#define L3_FORCED	(RW | US | ACC)

/* Outside the domain's machine frames, below 2^36 bytes */
#define SHARED_INFO_MFN	(HV_FAKE_MFN_OFFSET + 0x1000)

static struct hv_dom *d;

static int setup(void **state)
{
	d = hv_fake_domain_create(NR_FRAMES);
	if (!d)
		return -1;
	d->shared_info = true;
	d->shared_info_mfn = SHARED_INFO_MFN;
	hv_fake_phys_bits = HV_FAKE_PHYS_BITS;
	hv_fake_ram_end = HV_FAKE_RAM_END;
	hv_fake_m2p_installs = 0;
	hv_fake_m2p_removes = 0;
	memset(&hv_fake_changed, 0, sizeof(hv_fake_changed));
	kshim_warnings = 0;
	kshim_warn_expected = false;
	return 0;
}

static int teardown(void **state)
{
	hv_fake_domain_free(d);
	d = NULL;
	if (kshim_warnings)
		fail_msg("%u WARN_ON_ONCE hit(s), the last at %s",
			 kshim_warnings, kshim_last_warning);
	return 0;
}

/* --- helpers --- */

static u64 mfn(u32 pfn)
{
	return pfn + d->mfn_offset;
}

/* An entry naming guest frame @pfn (by its machine frame) */
static u64 pte(u32 pfn, u64 flags)
{
	return mfn(pfn) << PAGE_SHIFT | flags;
}

/* An entry naming machine frame @m, whatever it is */
static u64 mpte(u64 m, u64 flags)
{
	return m << PAGE_SHIFT | flags;
}

static u64 *frame(u32 pfn)
{
	return d->mem[pfn];
}

static const char *type_name(u8 type)
{
	static const char * const names[] = {
		"NONE", "WRITABLE", "L1", "L2", "L3", "SEG",
	};

	return type < 6 ? names[type] : "?";
}

static void check_frame(u32 pfn, u8 type, u32 type_count, u32 refs,
			const char *file, int line)
{
	const struct hv_frame *f = &d->ft[pfn];

	if (f->type != type || f->type_count != type_count || f->refs != refs)
		fail_msg("%s:%d: frame %u is %s, type_count %u, refs %u; expected %s, %u, %u",
			 file, line, pfn, type_name(f->type), f->type_count,
			 f->refs, type_name(type), type_count, refs);
}

/* Frame @pfn has this type, type count and reference count */
#define assert_frame(pfn, type, type_count, refs) \
	check_frame(pfn, type, type_count, refs, __FILE__, __LINE__)

static void check_clear(const char *file, int line)
{
	const struct hv_frame *f;
	u32 pfn;

	for (pfn = 0; pfn < NR_FRAMES; pfn++) {
		f = &d->ft[pfn];
		if (f->type != NONE || f->type_count || f->refs ||
		    f->pinned || f->hole)
			fail_msg("%s:%d: frame %u still %s, type_count %u, refs %u, pinned %u, hole %u",
				 file, line, pfn, type_name(f->type),
				 f->type_count, f->refs, f->pinned, f->hole);
	}
}

/* No frame holds a type, a count, a pin or the hole */
#define assert_all_clear() check_clear(__FILE__, __LINE__)

/* The frame table and memory before an operation that must fail */
static struct {
	struct hv_frame ft[NR_FRAMES];
	u64 mem[NR_FRAMES][SLOTS];
} snap;

static void snapshot(void)
{
	memcpy(snap.ft, d->ft, sizeof(snap.ft));
	memcpy(snap.mem, d->mem, sizeof(snap.mem));
}

static void check_unchanged(const char *file, int line)
{
	const struct hv_frame *f, *s;
	u32 pfn, i;

	for (pfn = 0; pfn < NR_FRAMES; pfn++) {
		f = &d->ft[pfn];
		s = &snap.ft[pfn];
		if (f->type != s->type || f->type_count != s->type_count ||
		    f->refs != s->refs || f->pinned != s->pinned ||
		    f->hole != s->hole)
			fail_msg("%s:%d: frame %u changed: %s/%u/%u/%u/%u, was %s/%u/%u/%u/%u (type/type_count/refs/pinned/hole)",
				 file, line, pfn, type_name(f->type),
				 f->type_count, f->refs, f->pinned, f->hole,
				 type_name(s->type), s->type_count, s->refs,
				 s->pinned, s->hole);
		for (i = 0; i < SLOTS; i++)
			if (d->mem[pfn][i] != snap.mem[pfn][i])
				fail_msg("%s:%d: frame %u slot %u changed: %#llx, was %#llx",
					 file, line, pfn, i, d->mem[pfn][i],
					 snap.mem[pfn][i]);
	}
}

/* Frame table and memory as at the last snapshot() */
#define assert_unchanged() check_unchanged(__FILE__, __LINE__)

/* The last hv_kstack_table_changed() call named this entry */
#define assert_changed(n, t, p, sl) do {				\
	assert_int_equal(hv_fake_changed.calls, n);			\
	assert_int_equal(hv_fake_changed.type, t);			\
	assert_int_equal(hv_fake_changed.pfn, p);			\
	assert_int_equal(hv_fake_changed.slot, sl);			\
} while (0)

static const u8 levels[] = { L1, L2, L3 };

/*
 * Entry @e at @level (slot @slot) is refused with @err, and nothing is
 * left taken; or accepted (@err 0), and given back.
 */
static void check_get(u8 level, unsigned int slot, u64 e, int err,
		      const char *file, int line)
{
	int got;

	snapshot();
	got = hv_entry_get(d, level, slot, e);
	if (got != err)
		fail_msg("%s:%d: L%u entry %#llx (slot %u): %d, expected %d",
			 file, line, level - L1 + 1, e, slot, got, err);
	if (!got)
		hv_entry_put(d, level, slot, e);
	check_unchanged(file, line);
}

#define assert_get(level, slot, e, err) \
	check_get(level, slot, e, err, __FILE__, __LINE__)

/* --- entry checks: hv_entry_get() at each level --- */

enum { T = 10, T2 = 11 };	/* targets of the entry tests, empty */

static void test_entry_zero(void **state)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		assert_get(levels[i], 0, 0, 0);
		assert_get(levels[i], 3, 0, 0);
	}
	assert_all_clear();
}

/* A non-present L2 or L3 entry must be all zero */
static void test_entry_not_present_with_bits(void **state)
{
	const u64 bad[] = {
		RW, US, PWT, PCD, ACC, DIRTY, PSE, GLB, AVL, NX, BIT_ULL(62),
		BIT_ULL(52), pte(T, 0), pte(T, RW | US | ACC), mpte(1, 0),
	};
	unsigned int i, j;

	for (i = 1; i < 3; i++)
		for (j = 0; j < ARRAY_SIZE(bad); j++)
			assert_get(levels[i], 0, bad[j], -EINVAL);
	assert_all_clear();
}

/*
 * A non-present L1 entry holds what the guest likes, as long as its
 * address names no host RAM (L1TF): zero, or at or above the end of RAM
 * in the bits below the physical width.  Linux's PROT_NONE and swap
 * entries invert their address bits to get there.
 */
static void test_entry_not_present_l1(void **state)
{
	const u64 prot_none = BIT_ULL(8), addr = PV_PTE_ADDR;
	const u64 good[] = {
		RW, US, PWT, PCD, ACC, DIRTY, PSE, GLB, AVL, NX, BIT_ULL(62),
		BIT_ULL(52), GENMASK_ULL(63, 59),
		/* Linux: PROT_NONE of our frame T, address inverted */
		(~pte(T, 0) & addr) | prot_none | ACC | DIRTY | US | RW,
		/* Linux: a swap entry, type 3, offset 12345 inverted */
		(~(12345ULL << 13) & addr & ~0x1fffULL) | 3ULL << 59,
		HV_FAKE_RAM_END, HV_FAKE_RAM_END | RW | US,
		BIT_ULL(HV_FAKE_PHYS_BITS - 1),
	};
	const u64 bad[] = {
		pte(T, 0), pte(T, RW | US | ACC), mpte(1, 0), mpte(1, prot_none),
		HV_FAKE_RAM_END - PAGE_SIZE,
		/* above the width, RAM below it: the cache sees the RAM */
		BIT_ULL(HV_FAKE_PHYS_BITS) | pte(T, 0),
		BIT_ULL(51) | mpte(1, RW),
	};
	unsigned int j;

	for (j = 0; j < ARRAY_SIZE(good); j++)
		assert_get(L1, 0, good[j], 0);
	for (j = 0; j < ARRAY_SIZE(bad); j++)
		assert_get(L1, 0, bad[j], -EINVAL);
	/* No reference is taken: frame T is untouched */
	assert_all_clear();

	/* Where RAM ends decides, also when it grows (hotplug) */
	hv_fake_ram_end = HV_FAKE_RAM_END * 2;
	assert_get(L1, 0, HV_FAKE_RAM_END, -EINVAL);
	assert_get(L1, 0, HV_FAKE_RAM_END * 2, 0);
	assert_all_clear();
}

/* G, PWT, PCD and PSE (PAT in an L1) are refused everywhere */
static void test_entry_refused_flags(void **state)
{
	const u64 flags[] = { GLB, PWT, PCD, PSE };
	unsigned int i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < ARRAY_SIZE(flags); j++) {
			assert_get(levels[i], 0, pte(T, P | flags[j]), -EINVAL);
			assert_get(levels[i], 0, pte(T, TABLE | flags[j]),
				   -EINVAL);
			assert_get(levels[i], 3, pte(T, P | flags[j]), -EINVAL);
		}
		assert_get(levels[i], 0, pte(T, P | GLB | PWT | PCD | PSE),
			   -EINVAL);
	}
	assert_all_clear();
}

/* Bit 62 is refused in an L1 only; an L3 refuses all of 52-63 */
static void test_entry_refused_high_bits(void **state)
{
	unsigned int bit;

	assert_get(L1, 0, pte(T, P | BIT_ULL(62)), -EINVAL);
	assert_get(L1, 0, pte(T, P | RW | BIT_ULL(62)), -EINVAL);
	assert_get(L1, 0, pte(T, P | NX | BIT_ULL(62)), -EINVAL);
	for (bit = 52; bit < 64; bit++) {
		assert_get(L3, 0, pte(T, P | BIT_ULL(bit)), -EINVAL);
		assert_get(L3, 3, pte(T, P | BIT_ULL(bit)), -EINVAL);
	}
	assert_get(L3, 0, pte(T, P | NX), -EINVAL);
	assert_all_clear();
}

/* Address bits at or above the physical width: refused, before the M2P */
static void test_entry_phys_width(void **state)
{
	unsigned int i;

	hv_fake_phys_bits = 36;
	for (i = 0; i < 3; i++) {
		/* a frame of the domain, but with an address bit too high */
		assert_get(levels[i], 0, pte(T, P) | BIT_ULL(36), -EINVAL);
		assert_get(levels[i], 0, pte(T, P) | BIT_ULL(51), -EINVAL);
		/* just inside the width: checked, and not the domain's */
		assert_get(levels[i], 0, pte(T, P) | BIT_ULL(35), -EPERM);
		/* the domain's frame itself is below 2^36 */
		assert_get(levels[i], 0, pte(T, P), 0);
	}
	assert_get(L1, 0, mpte(SHARED_INFO_MFN, P) | BIT_ULL(40), -EINVAL);
	assert_get(L1, 0, mpte(SHARED_INFO_MFN, P | RW), 0);

	/* With 52 bits, every address bit is an address */
	hv_fake_phys_bits = 52;
	for (i = 0; i < 3; i++)
		assert_get(levels[i], 0, pte(T, P) | BIT_ULL(51), -EPERM);
	assert_all_clear();
}

/* Only the domain's own frames, by machine frame number */
static void test_entry_foreign(void **state)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		/* the guest frame number where a machine one belongs */
		assert_get(levels[i], 0, mpte(T, P), -EPERM);
		assert_get(levels[i], 0, mpte(0, P), -EPERM);
		assert_get(levels[i], 0, mpte(HV_FAKE_MFN_OFFSET - 1, P),
			   -EPERM);
		assert_get(levels[i], 0, pte(NR_FRAMES, P), -EPERM);
		assert_get(levels[i], 3, pte(NR_FRAMES, P), -EPERM);
	}
	assert_get(L1, 0, mpte(T, P | RW), -EPERM);
	assert_get(L2, 0, mpte(T, TABLE), -EPERM);
	assert_all_clear();
}

/* shared_info: an L1 may map it, RW too, and it takes nothing */
static void test_entry_shared_info(void **state)
{
	u64 ro = mpte(SHARED_INFO_MFN, P | US | ACC);
	u64 rw = mpte(SHARED_INFO_MFN, P | RW | US | ACC | DIRTY | NX);

	assert_int_equal(hv_entry_get(d, L1, 0, ro), 0);
	assert_int_equal(hv_entry_get(d, L1, 1, rw), 0);
	assert_all_clear();
	hv_entry_put(d, L1, 0, ro);
	hv_entry_put(d, L1, 1, rw);
	assert_all_clear();

	assert_get(L2, 0, mpte(SHARED_INFO_MFN, TABLE), -EPERM);
	assert_get(L3, 0, mpte(SHARED_INFO_MFN, P), -EPERM);
	assert_get(L3, 3, mpte(SHARED_INFO_MFN, P), -EPERM);
	/* the flags are checked for it as for any frame */
	assert_get(L1, 0, mpte(SHARED_INFO_MFN, P | GLB), -EINVAL);
	assert_get(L1, 0, mpte(SHARED_INFO_MFN, P | BIT_ULL(62)), -EINVAL);

	/* without one, its frame is just not the domain's */
	d->shared_info = false;
	assert_get(L1, 0, mpte(SHARED_INFO_MFN, P), -EPERM);
	assert_all_clear();
}

/* What is not refused, and what it takes */
static void test_entry_accepted(void **state)
{
	const u64 l1_ok[] = {
		P, P | RW, P | US | ACC | DIRTY, P | RW | NX, P | AVL,
		P | GENMASK_ULL(61, 52),
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(l1_ok); i++) {
		u64 e = pte(T, l1_ok[i]);

		assert_int_equal(hv_entry_get(d, L1, 0, e), 0);
		if (e & RW)
			assert_frame(T, WRITABLE, 1, 1);
		else
			assert_frame(T, NONE, 0, 1);
		hv_entry_put(d, L1, 0, e);
		assert_all_clear();
	}

	/* An L2 entry: the target becomes an L1, whatever RW says */
	assert_int_equal(hv_entry_get(d, L2, 5, pte(T, P)), 0);
	assert_frame(T, L1, 1, 1);
	hv_entry_put(d, L2, 5, pte(T, P));
	assert_get(L2, 5, pte(T, TABLE | DIRTY | NX | AVL | BIT_ULL(62)), 0);
	/* slot 3 of an L2 is a slot like any other: no hole below it */
	assert_int_equal(hv_entry_get(d, L2, 3, pte(T, TABLE)), 0);
	assert_int_equal(hv_entry_get(d, L2, 0, pte(T, TABLE)), 0);
	assert_frame(T, L1, 2, 2);
	assert_int_equal(d->ft[T].hole, 0);
	assert_int_equal(hv_fake_m2p_installs, 0);
	hv_entry_put(d, L2, 0, pte(T, TABLE));
	hv_entry_put(d, L2, 3, pte(T, TABLE));
	assert_all_clear();

	/* An L3 entry: an L2, holding the hole in slot 3 only */
	assert_int_equal(hv_entry_get(d, L3, 0, pte(T, P | L3_FORCED | AVL)),
			 0);
	assert_frame(T, L2, 1, 1);
	assert_int_equal(d->ft[T].hole, 0);
	hv_entry_put(d, L3, 0, pte(T, P | L3_FORCED | AVL));
	assert_int_equal(hv_entry_get(d, L3, 3, pte(T, P)), 0);
	assert_frame(T, L2, 1, 1);
	assert_int_equal(d->ft[T].hole, 1);
	assert_int_equal(hv_fake_m2p_installs, 1);
	hv_entry_put(d, L3, 3, pte(T, P));
	assert_int_equal(hv_fake_m2p_removes, 1);
	assert_all_clear();
}

/* --- type transitions --- */

static void test_writable_then_table(void **state)
{
	enum { W = 20, X = 21, H = 30 };
	const u8 types[] = { L1, L2, L3 };
	unsigned int i;

	/* As an L3 it needs slot 3; as an L1 or L2 it is one more entry. */
	frame(W)[3] = pte(H, P);
	frame(X)[0] = pte(W, P | RW);
	assert_int_equal(hv_pin(d, X, L1), 0);
	assert_frame(W, WRITABLE, 1, 1);

	snapshot();
	for (i = 0; i < ARRAY_SIZE(types); i++)
		assert_int_equal(hv_pin(d, W, types[i]), -EINVAL);
	assert_int_equal(hv_get_type(d, W, SEG, false), -EINVAL);
	assert_int_equal(hv_entry_get(d, L2, 0, pte(W, TABLE)), -EINVAL);
	assert_int_equal(hv_entry_get(d, L3, 0, pte(W, P)), -EINVAL);
	assert_int_equal(hv_entry_get(d, L3, 3, pte(W, P)), -EINVAL);
	assert_unchanged();

	/* Once the last writable mapping goes, it may become anything */
	assert_int_equal(hv_unpin(d, X), 0);
	assert_all_clear();
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		assert_int_equal(hv_pin(d, W, types[i]), 0);
		assert_int_equal(hv_unpin(d, W), 0);
	}
	assert_all_clear();
}

static void test_table_then_writable(void **state)
{
	enum { W = 20, X = 21, Y = 22, H = 30 };
	const u8 types[] = { L1, L2, L3 };
	unsigned int i;

	frame(W)[3] = pte(H, P);	/* an L3 needs slot 3 */
	assert_int_equal(hv_pin(d, Y, L1), 0);
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		assert_int_equal(hv_pin(d, W, types[i]), 0);
		snapshot();
		assert_int_equal(hv_entry_get(d, L1, 0, pte(W, P | RW)),
				 -EINVAL);
		assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P | RW)),
				 -EINVAL);
		frame(X)[7] = pte(W, P | RW);
		assert_int_equal(hv_pin(d, X, L1), -EINVAL);
		frame(X)[7] = 0;
		assert_unchanged();

		/* Read-only is fine: a reference, not a type */
		assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P)), 0);
		assert_frame(W, types[i], 1, 2);
		assert_int_equal(hv_entry_update(d, Y, 0, 0), 0);
		assert_int_equal(hv_unpin(d, W), 0);
		assert_frame(W, NONE, 0, 0);
	}

	/* Descriptor frames too */
	assert_int_equal(hv_get_type(d, W, SEG, false), 0);
	assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P | RW)), -EINVAL);
	assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P)), 0);
	assert_frame(W, SEG, 1, 1);
	assert_int_equal(hv_entry_update(d, Y, 0, 0), 0);
	hv_put_type(d, W);
	assert_int_equal(hv_unpin(d, Y), 0);
	assert_all_clear();
}

/*
 * An L1 entry rewritten for the same frame with the same rights counts
 * nothing again (only its other bits change), but is checked as any;
 * a change of RW or of frame counts as usual.
 */
static void test_l1_same_frame(void **state)
{
	enum { W = 20, Y = 22 };
	const u64 shared = mpte(SHARED_INFO_MFN, P | RW);

	assert_int_equal(hv_pin(d, Y, L1), 0);
	assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P | RW)), 0);
	assert_frame(W, WRITABLE, 1, 1);
	assert_int_equal(hv_entry_update(d, Y, 0,
					 pte(W, P | RW | ACC | DIRTY | NX |
					     US | AVL)), 0);
	assert_int_equal(frame(Y)[0],
			 pte(W, P | RW | ACC | DIRTY | NX | US | AVL));
	assert_frame(W, WRITABLE, 1, 1);

	/* Refused bits are refused on the same frame too */
	snapshot();
	assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P | RW | PCD)),
			 -EINVAL);
	assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P | RW | GLB)),
			 -EINVAL);
	assert_int_equal(hv_entry_update(d, Y, 0,
					 pte(W, P | RW) | BIT_ULL(62)),
			 -EINVAL);
	assert_unchanged();

	/* A second writable mapping, then read-only, then writable again */
	assert_int_equal(hv_entry_update(d, Y, 1, pte(W, P | RW)), 0);
	assert_frame(W, WRITABLE, 2, 2);
	assert_int_equal(hv_entry_update(d, Y, 1, pte(W, P)), 0);
	assert_frame(W, WRITABLE, 1, 2);
	assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P | ACC)), 0);
	assert_frame(W, NONE, 0, 2);
	assert_int_equal(hv_entry_update(d, Y, 0, pte(W, P | ACC | DIRTY)), 0);
	assert_frame(W, NONE, 0, 2);
	assert_int_equal(hv_entry_update(d, Y, 1, pte(W, P | RW)), 0);
	assert_frame(W, WRITABLE, 1, 2);

	/* Present to not present with the same address bits */
	assert_int_equal(hv_entry_update(d, Y, 1, pte(W, 0) & ~P), -EINVAL);
	assert_int_equal(hv_entry_update(d, Y, 1, 0), 0);
	assert_frame(W, NONE, 0, 1);

	/* The shared page takes no count, before and after */
	assert_int_equal(hv_entry_update(d, Y, 2, shared), 0);
	assert_int_equal(hv_entry_update(d, Y, 2, shared | ACC | NX), 0);
	assert_int_equal(hv_entry_update(d, Y, 2, shared | PCD), -EINVAL);
	assert_int_equal(hv_entry_update(d, Y, 2, 0), 0);

	assert_int_equal(hv_entry_update(d, Y, 0, 0), 0);
	assert_int_equal(hv_unpin(d, Y), 0);
	assert_all_clear();
}

/* Request @slot of a run on @key (an entry of one table), writing @val */
static struct hv_pte_req run_req(u64 key, unsigned int slot, u64 val)
{
	return (struct hv_pte_req){ .ptr = key | slot * 8, .val = val };
}

/*
 * hv_l1_update_run(): the requests of one L1 in a row, each done as
 * hv_entry_update() does it and reported; the run stops before another
 * table's request or another command's, and at a refused one, which
 * changes nothing; a frame that is no L1 takes no run.
 */
static void test_l1_update_run(void **state)
{
	enum { W = 20, X = 21, Y = 22, Z = 23 };
	const u64 key = mfn(Y) << PAGE_SHIFT;
	struct hv_pte_req r[4];
	int err = 1;

	r[0] = run_req(key, 0, pte(W, P));
	assert_int_equal(hv_l1_update_run(d, Y, key, r, 1, &err), 0);
	assert_int_equal(err, 0);
	assert_int_equal(frame(Y)[0], 0);

	assert_int_equal(hv_pin(d, Y, L1), 0);
	r[0] = run_req(key, 0, pte(W, P | RW));
	r[1] = run_req(key, 5, pte(X, P));
	r[2] = run_req(key, 0, pte(X, P | ACC));
	r[3] = run_req(mfn(Z) << PAGE_SHIFT, 1, pte(W, P));
	assert_int_equal(hv_l1_update_run(d, Y, key, r, 4, &err), 3);
	assert_int_equal(err, 0);
	assert_int_equal(frame(Y)[0], pte(X, P | ACC));
	assert_int_equal(frame(Y)[5], pte(X, P));
	assert_frame(W, NONE, 0, 0);
	assert_frame(X, NONE, 0, 2);
	assert_changed(3, L1, Y, 0);

	/* Another command on the same table ends the run too */
	r[0] = run_req(key | PV_MMU_PT_UPDATE_PRESERVE_AD, 1, pte(W, P));
	err = 1;
	assert_int_equal(hv_l1_update_run(d, Y, key, r, 1, &err), 0);
	assert_int_equal(err, 0);
	assert_int_equal(frame(Y)[1], 0);

	/* A refused request stops it there, unchanged, with its error */
	snapshot();
	r[0] = run_req(key, 0, pte(Y, P | RW));	/* the table itself */
	r[1] = run_req(key, 2, pte(W, P));
	assert_int_equal(hv_l1_update_run(d, Y, key, r, 2, &err), 0);
	assert_int_equal(err, -EINVAL);
	assert_unchanged();
	r[0] = run_req(key, 2, pte(W, P | RW));
	r[1] = run_req(key, 3, pte(W, P | PCD));
	r[2] = run_req(key, 4, pte(W, P));
	assert_int_equal(hv_l1_update_run(d, Y, key, r, 3, &err), 1);
	assert_int_equal(err, -EINVAL);
	assert_frame(W, WRITABLE, 1, 1);
	assert_int_equal(frame(Y)[3], 0);
	assert_int_equal(frame(Y)[4], 0);
	assert_changed(4, L1, Y, 2);

	/* Unwatched by the kernel stack cache: nothing to report */
	hv_fake_changed.unwatched = true;
	r[0] = run_req(key, 0, 0);
	r[1] = run_req(key, 2, 0);
	r[2] = run_req(key, 5, 0);
	assert_int_equal(hv_l1_update_run(d, Y, key, r, 3, &err), 3);
	assert_int_equal(err, 0);
	assert_changed(4, L1, Y, 2);
	assert_int_equal(hv_unpin(d, Y), 0);
	assert_all_clear();
}

/* hv_l2e_update_bounded(): an L2's own entries, not the hole's. */
static void test_l2e_update_bounded(void **state)
{
	enum { X = 20, Z = 22, A = 23, H = 24 };

	assert_false(hv_l2e_update_bounded(d, Z, 0));
	assert_int_equal(hv_pin(d, Z, L2), 0);
	assert_true(hv_l2e_update_bounded(d, Z, 0));
	assert_true(hv_l2e_update_bounded(d, Z, SLOTS - 1));
	assert_int_equal(hv_pin(d, X, L1), 0);
	assert_false(hv_l2e_update_bounded(d, X, 0));
	assert_int_equal(hv_unpin(d, X), 0);
	assert_int_equal(hv_unpin(d, Z), 0);

	frame(A)[3] = pte(H, P);
	assert_int_equal(hv_pin(d, A, L3), 0);
	assert_false(hv_l2e_update_bounded(d, A, 0));
	assert_true(hv_l2e_update_bounded(d, H, HOLE - 1));
	assert_false(hv_l2e_update_bounded(d, H, HOLE));
	assert_int_equal(hv_unpin(d, A), 0);
	assert_all_clear();
}

static void test_type_change_at_zero(void **state)
{
	enum { X = 20 };

	assert_int_equal(hv_get_type(d, X, SEG, false), 0);
	assert_int_equal(hv_get_type(d, X, SEG, false), 0);
	assert_frame(X, SEG, 2, 0);
	assert_int_equal(hv_get_type(d, X, WRITABLE, false), -EINVAL);
	assert_int_equal(hv_pin(d, X, L1), -EINVAL);
	hv_put_type(d, X);
	assert_frame(X, SEG, 1, 0);
	assert_int_equal(hv_get_type(d, X, WRITABLE, false), -EINVAL);
	hv_put_type(d, X);
	assert_frame(X, NONE, 0, 0);

	assert_int_equal(hv_get_type(d, X, WRITABLE, false), 0);
	assert_int_equal(hv_get_type(d, X, SEG, false), -EINVAL);
	assert_int_equal(hv_get_type(d, X, L1, false), -EINVAL);
	hv_put_type(d, X);

	/* An L1 by reference is not an L2 until the reference goes */
	assert_int_equal(hv_entry_get(d, L2, 0, pte(X, TABLE)), 0);
	assert_int_equal(hv_pin(d, X, L2), -EINVAL);
	assert_int_equal(hv_entry_get(d, L3, 0, pte(X, P)), -EINVAL);
	assert_frame(X, L1, 1, 1);
	hv_entry_put(d, L2, 0, pte(X, TABLE));
	assert_int_equal(hv_pin(d, X, L2), 0);
	assert_frame(X, L2, 1, 1);
	assert_int_equal(hv_unpin(d, X), 0);
	assert_all_clear();
}

static void test_pin_twice(void **state)
{
	enum { X = 20 };

	assert_int_equal(hv_pin(d, X, L1), 0);
	snapshot();
	assert_int_equal(hv_pin(d, X, L1), -EINVAL);
	assert_int_equal(hv_pin(d, X, L2), -EINVAL);
	assert_int_equal(hv_pin(d, X, L3), -EINVAL);
	assert_unchanged();
	assert_frame(X, L1, 1, 1);
	assert_int_equal(d->ft[X].pinned, 1);
	assert_int_equal(hv_unpin(d, X), 0);
	assert_all_clear();

	/* A pin on a table that is one by reference: both count */
	assert_int_equal(hv_entry_get(d, L2, 0, pte(X, TABLE)), 0);
	assert_int_equal(hv_pin(d, X, L1), 0);
	assert_frame(X, L1, 2, 2);
	assert_int_equal(hv_pin(d, X, L1), -EINVAL);
	assert_int_equal(hv_unpin(d, X), 0);
	assert_frame(X, L1, 1, 1);
	hv_entry_put(d, L2, 0, pte(X, TABLE));
	assert_all_clear();
}

static void test_unpin_unpinned(void **state)
{
	enum { X = 20, Y = 21 };

	assert_int_equal(hv_unpin(d, X), -EINVAL);
	assert_all_clear();

	/* A table by reference only */
	assert_int_equal(hv_entry_get(d, L2, 0, pte(X, TABLE)), 0);
	snapshot();
	assert_int_equal(hv_unpin(d, X), -EINVAL);
	assert_unchanged();
	hv_entry_put(d, L2, 0, pte(X, TABLE));

	/* Unpinned already */
	assert_int_equal(hv_pin(d, X, L2), 0);
	assert_int_equal(hv_unpin(d, X), 0);
	assert_int_equal(hv_unpin(d, X), -EINVAL);
	assert_all_clear();

	/* A refused pin leaves nothing to unpin */
	frame(Y)[9] = pte(X, P | GLB);
	assert_int_equal(hv_pin(d, Y, L1), -EINVAL);
	assert_int_equal(hv_unpin(d, Y), -EINVAL);
	assert_all_clear();
}

/* The L2 under L3 slot 3 holds the hole: the hypervisor fills its top */
static void test_hole_install_remove(void **state)
{
	enum { A = 1, H = 2, C = 3, W = 4 };
	unsigned int i;

	frame(A)[3] = pte(H, P);
	for (i = 4; i < SLOTS; i++)
		frame(A)[i] = pte(NR_FRAMES + i, P | GLB);	/* junk */
	frame(H)[0] = pte(C, TABLE);
	frame(H)[HOLE - 1] = pte(C, TABLE);	/* the last slot checked */
	for (i = HOLE; i < SLOTS; i++)		/* never checked, replaced */
		frame(H)[i] = pte(NR_FRAMES + i, P | GLB | PSE);
	frame(C)[0] = pte(W, P | RW);

	assert_int_equal(hv_pin(d, A, L3), 0);
	assert_frame(A, L3, 1, 1);
	assert_int_equal(d->ft[A].pinned, 1);
	assert_frame(H, L2, 1, 1);
	assert_int_equal(d->ft[H].hole, 1);
	assert_frame(C, L1, 2, 2);	/* H[0], H[427] */
	assert_frame(W, WRITABLE, 1, 1);
	assert_int_equal(hv_fake_m2p_installs, 1);
	assert_int_equal(hv_fake_m2p_removes, 0);
	for (i = HOLE; i < SLOTS; i++)
		assert_int_equal(frame(H)[i], hv_fake_hole_entry(i - HOLE));
	assert_int_equal(frame(H)[0], pte(C, TABLE));
	/* The L3: present entries forced RW, US and A; 4-511 zeroed */
	assert_int_equal(frame(A)[3], pte(H, P | L3_FORCED));
	assert_int_equal(frame(A)[0], 0);
	for (i = 4; i < SLOTS; i++)
		assert_int_equal(frame(A)[i], 0);

	assert_int_equal(hv_unpin(d, A), 0);
	assert_int_equal(hv_fake_m2p_removes, 1);
	for (i = HOLE; i < SLOTS; i++)
		assert_int_equal(frame(H)[i], 0);
	assert_int_equal(frame(H)[0], pte(C, TABLE));
	assert_all_clear();

	/* Now an ordinary L2: every slot checked, nothing installed */
	assert_int_equal(hv_pin(d, H, L2), 0);
	assert_int_equal(d->ft[H].hole, 0);
	assert_frame(C, L1, 2, 2);
	assert_int_equal(hv_unpin(d, H), 0);
	assert_int_equal(hv_fake_m2p_installs, 1);
	assert_int_equal(hv_fake_m2p_removes, 1);
	assert_all_clear();
}

/* An ordinary L2 has its slots 428-511 checked; the slot-3 one does not */
static void test_hole_slots_checked_elsewhere(void **state)
{
	enum { A = 1, H = 2 };

	frame(H)[500] = pte(NR_FRAMES, P);
	assert_int_equal(hv_pin(d, H, L2), -EPERM);
	assert_all_clear();
	frame(H)[500] = pte(5, TABLE);
	assert_int_equal(hv_pin(d, H, L2), 0);
	assert_frame(5, L1, 1, 1);
	assert_int_equal(hv_unpin(d, H), 0);
	assert_all_clear();
	assert_int_equal(frame(H)[500], pte(5, TABLE));

	frame(H)[500] = pte(NR_FRAMES, P);
	frame(A)[3] = pte(H, P);
	assert_int_equal(hv_pin(d, A, L3), 0);
	assert_int_equal(frame(H)[500], hv_fake_hole_entry(500 - HOLE));
	assert_frame(H, L2, 1, 1);
	assert_int_equal(hv_unpin(d, A), 0);
	assert_all_clear();
}

/* The slot-3 L2 is used nowhere else, and only one L3 has it */
static void test_hole_unique(void **state)
{
	enum { A = 1, B = 2, E = 3, F = 4, H = 5, H2 = 6, K = 7 };

	frame(A)[3] = pte(H, P);
	assert_int_equal(hv_pin(d, A, L3), 0);
	snapshot();

	/* In slot 3 of another L3 */
	frame(B)[3] = pte(H, P);
	assert_int_equal(hv_pin(d, B, L3), -EINVAL);
	/* In another slot of another L3 */
	frame(B)[3] = 0;
	frame(B)[0] = pte(H, P);
	assert_int_equal(hv_pin(d, B, L3), -EINVAL);
	frame(B)[0] = 0;
	/* Pinned, or taken as an L2 or L1 any other way */
	assert_int_equal(hv_pin(d, H, L2), -EINVAL);
	assert_int_equal(hv_get_type(d, H, L2, false), -EINVAL);
	assert_int_equal(hv_get_type(d, H, L2, true), -EINVAL);
	assert_int_equal(hv_entry_get(d, L3, 0, pte(H, P)), -EINVAL);
	assert_int_equal(hv_entry_get(d, L3, 3, pte(H, P)), -EINVAL);
	assert_int_equal(hv_entry_get(d, L2, 0, pte(H, TABLE)), -EINVAL);
	assert_unchanged();

	/* Written into a live L3 */
	frame(E)[3] = pte(H2, P);
	assert_int_equal(hv_pin(d, E, L3), 0);
	snapshot();
	assert_int_equal(hv_entry_update(d, E, 0, pte(H, P)), -EINVAL);
	assert_unchanged();
	assert_int_equal(hv_unpin(d, E), 0);

	/* The same L2 in slots 0 and 3 of one L3 */
	frame(F)[0] = pte(K, P);
	frame(F)[3] = pte(K, P);
	assert_int_equal(hv_pin(d, F, L3), -EINVAL);
	assert_frame(K, NONE, 0, 0);
	assert_frame(F, NONE, 0, 0);

	/* A pinned L2 cannot become the slot-3 one */
	frame(F)[0] = 0;
	assert_int_equal(hv_pin(d, K, L2), 0);
	assert_int_equal(hv_pin(d, F, L3), -EINVAL);
	assert_frame(K, L2, 1, 1);
	assert_int_equal(d->ft[K].hole, 0);
	assert_int_equal(hv_unpin(d, K), 0);

	assert_int_equal(hv_unpin(d, A), 0);
	assert_all_clear();
	/* Only the two slot-3 L2s that made it were ever filled */
	assert_int_equal(hv_fake_m2p_installs, 2);
	assert_int_equal(hv_fake_m2p_removes, 2);
}

/* L3 slots 3-511 are not the guest's to write; 0-2 are, with RW/US/A */
static void test_l3_update_slots(void **state)
{
	enum { A = 1, H = 2, B = 3, B2 = 4, X = 5 };
	unsigned int slot;

	frame(A)[3] = pte(H, P);
	assert_int_equal(hv_pin(d, A, L3), 0);
	snapshot();
	assert_int_equal(hv_entry_update(d, A, 3, 0), -EINVAL);
	assert_int_equal(hv_entry_update(d, A, 3, pte(B, P)), -EINVAL);
	for (slot = 4; slot < SLOTS; slot++) {
		assert_int_equal(hv_entry_update(d, A, slot, 0), -EINVAL);
		assert_int_equal(hv_entry_update(d, A, slot, pte(X, P)),
				 -EINVAL);
	}
	assert_unchanged();

	assert_int_equal(hv_entry_update(d, A, 0, pte(B, P)), 0);
	assert_int_equal(frame(A)[0], pte(B, P | L3_FORCED));
	assert_frame(B, L2, 1, 1);
	assert_int_equal(d->ft[B].hole, 0);
	assert_int_equal(hv_entry_update(d, A, 1, 0), 0);
	assert_int_equal(frame(A)[1], 0);
	assert_int_equal(hv_entry_update(d, A, 2, RW), -EINVAL);
	assert_int_equal(hv_entry_update(d, A, 2, pte(B2, P | NX)), -EINVAL);
	assert_int_equal(frame(A)[2], 0);

	assert_int_equal(hv_entry_update(d, A, 0, pte(B2, P | ACC)), 0);
	assert_frame(B, NONE, 0, 0);
	assert_frame(B2, L2, 1, 1);
	assert_int_equal(hv_entry_update(d, A, 0, 0), 0);
	assert_frame(B2, NONE, 0, 0);
	assert_int_equal(hv_unpin(d, A), 0);
	assert_all_clear();
}

/* L2 slots 428-511 of the slot-3 L2 are the hypervisor's */
static void test_hole_slots_eperm(void **state)
{
	enum { A = 1, H = 2, C = 3, K = 4 };
	unsigned int slot;

	frame(A)[3] = pte(H, P);
	assert_int_equal(hv_pin(d, A, L3), 0);
	snapshot();
	for (slot = HOLE; slot < SLOTS; slot++) {
		assert_int_equal(hv_entry_update(d, H, slot, 0), -EPERM);
		assert_int_equal(hv_entry_update(d, H, slot, pte(C, TABLE)),
				 -EPERM);
	}
	assert_unchanged();
	assert_int_equal(hv_entry_update(d, H, HOLE - 1, pte(C, TABLE)), 0);
	assert_frame(C, L1, 1, 1);
	assert_int_equal(hv_entry_update(d, H, HOLE - 1, 0), 0);
	assert_frame(C, NONE, 0, 0);

	/* In any other L2 they are ordinary slots */
	assert_int_equal(hv_pin(d, K, L2), 0);
	assert_int_equal(hv_entry_update(d, K, HOLE, pte(C, TABLE)), 0);
	assert_int_equal(hv_entry_update(d, K, SLOTS - 1, pte(C, TABLE)), 0);
	assert_frame(C, L1, 2, 2);
	assert_int_equal(hv_unpin(d, K), 0);
	assert_int_equal(hv_unpin(d, A), 0);
	assert_all_clear();
}

/* ABI 5.6: an L3 without slot 3 (the L2 holding the hole) is refused */
static void test_l3_needs_slot3(void **state)
{
	enum { A = 1, B = 2, H = 30 };

	frame(A)[0] = pte(B, P);
	snapshot();
	assert_int_equal(hv_pin(d, A, L3), -EINVAL);
	assert_unchanged();
	frame(A)[3] = pte(H, P);
	assert_int_equal(hv_pin(d, A, L3), 0);
	assert_int_equal(hv_unpin(d, A), 0);
	assert_all_clear();
}

/* No linear tables: an L2 entry takes an L1, an L3 entry an L2 */
static void test_linear_refused(void **state)
{
	enum { P2 = 1, Q = 2, R = 3, R2 = 4, C = 5, H = 30, H2 = 31 };

	frame(R)[3] = pte(H, P);	/* L3s need slot 3 */
	frame(R2)[3] = pte(H2, P);
	assert_int_equal(hv_pin(d, P2, L2), 0);
	assert_int_equal(hv_pin(d, R, L3), 0);
	assert_int_equal(hv_pin(d, C, L1), 0);
	snapshot();

	/* L2 -> another L2 */
	frame(Q)[0] = pte(P2, TABLE);
	assert_int_equal(hv_pin(d, Q, L2), -EINVAL);
	/* L2 -> itself */
	frame(Q)[0] = pte(Q, TABLE);
	assert_int_equal(hv_pin(d, Q, L2), -EINVAL);
	frame(Q)[0] = 0;
	/* written into a live L2: itself, another L2, an L3 */
	assert_int_equal(hv_entry_update(d, P2, 5, pte(P2, TABLE)), -EINVAL);
	assert_int_equal(hv_entry_update(d, P2, 5, pte(P2, P)), -EINVAL);
	assert_int_equal(hv_entry_get(d, L2, 0, pte(R, TABLE)), -EINVAL);
	/* L3 -> itself, another L3, an L1 */
	frame(R2)[0] = pte(R2, P);
	assert_int_equal(hv_pin(d, R2, L3), -EINVAL);
	frame(R2)[0] = 0;
	assert_int_equal(hv_entry_get(d, L3, 0, pte(R, P)), -EINVAL);
	assert_int_equal(hv_entry_get(d, L3, 0, pte(C, P)), -EINVAL);
	assert_int_equal(hv_entry_update(d, R, 0, pte(R, P)), -EINVAL);
	assert_unchanged();

	assert_int_equal(hv_unpin(d, P2), 0);
	assert_int_equal(hv_unpin(d, R), 0);
	assert_int_equal(hv_unpin(d, C), 0);
	assert_all_clear();
}

/* A table is never mapped writable, by itself or by a table under it */
static void test_self_map(void **state)
{
	enum { X = 1, Y = 2, Z = 3 };

	frame(X)[0] = pte(X, P | RW);
	assert_int_equal(hv_pin(d, X, L1), -EINVAL);
	assert_all_clear();

	/* Read-only is allowed: the guest may read its own tables */
	frame(X)[0] = pte(X, P | ACC);
	assert_int_equal(hv_pin(d, X, L1), 0);
	assert_frame(X, L1, 1, 2);
	snapshot();
	assert_int_equal(hv_entry_update(d, X, 1, pte(X, P | RW)), -EINVAL);
	assert_int_equal(hv_entry_update(d, X, 0, pte(X, P | RW)), -EINVAL);
	assert_unchanged();

	/* An L2 mapped writable by one of its own L1s */
	frame(Y)[0] = pte(Z, TABLE);
	frame(Z)[0] = pte(Y, P | RW);
	snapshot();
	assert_int_equal(hv_pin(d, Y, L2), -EINVAL);
	assert_unchanged();
	/* ... read-only by it */
	frame(Z)[0] = pte(Y, P);
	assert_int_equal(hv_pin(d, Y, L2), 0);
	assert_frame(Y, L2, 1, 2);
	assert_frame(Z, L1, 1, 1);
	/* ... and then made writable */
	assert_int_equal(hv_entry_update(d, Z, 0, pte(Y, P | RW)), -EINVAL);
	assert_int_equal(hv_entry_update(d, Z, 1, pte(Z, P | RW)), -EINVAL);
	assert_int_equal(hv_entry_update(d, X, 2, pte(Z, P | RW)), -EINVAL);
	assert_frame(Y, L2, 1, 2);

	assert_int_equal(hv_unpin(d, Y), 0);
	assert_int_equal(hv_unpin(d, X), 0);
	assert_all_clear();
}

/* Descriptor frames: only update_descriptor writes them */
static void test_seg_frames(void **state)
{
	enum { S = 1, Y = 2 };

	frame(S)[0] = 0x00cf9a000000ffffULL;
	assert_int_equal(hv_get_type(d, S, SEG, false), 0);
	assert_int_equal(hv_pin(d, Y, L1), 0);
	snapshot();
	assert_int_equal(hv_entry_update(d, S, 0, 0), -EINVAL);
	assert_int_equal(hv_entry_update(d, S, 1, 0x00cf9a000000ffffULL),
			 -EINVAL);
	assert_int_equal(hv_entry_update(d, Y, 0, pte(S, P | RW)), -EINVAL);
	assert_int_equal(hv_pin(d, S, L1), -EINVAL);
	assert_unchanged();
	hv_put_type(d, S);
	assert_int_equal(hv_entry_update(d, S, 0, 0), 0);
	assert_int_equal(frame(S)[0], 0);
	assert_int_equal(hv_unpin(d, Y), 0);
	assert_all_clear();
}

/*
 * A frame a back end holds for writing (a grant, gnttab.c) never becomes
 * a table or descriptor frame, directly or as an entry's target, and
 * nothing is left changed; it may still be mapped writable, and once the
 * hold goes it may become anything.
 */
static void test_backend_write_hold(void **state)
{
	enum { B = 5, X = 6, H = 7 };
	const u8 types[] = { L1, L2, L3 };
	unsigned int i;

	frame(B)[3] = pte(H, P);	/* as an L3 it needs slot 3 */
	d->ft[B].gnt_writers.counter = 1;
	assert_int_equal(hv_pin(d, X, L1), 0);
	snapshot();
	for (i = 0; i < ARRAY_SIZE(types); i++)
		assert_int_equal(hv_pin(d, B, types[i]), -EINVAL);
	assert_int_equal(hv_get_type(d, B, SEG, false), -EINVAL);
	assert_int_equal(hv_entry_get(d, L2, 0, pte(B, TABLE)), -EINVAL);
	assert_int_equal(hv_entry_get(d, L3, 0, pte(B, P)), -EINVAL);
	assert_unchanged();

	assert_int_equal(hv_entry_update(d, X, 0, pte(B, P | RW)), 0);
	assert_frame(B, WRITABLE, 1, 1);
	assert_int_equal(hv_entry_update(d, X, 0, 0), 0);
	assert_frame(B, NONE, 0, 0);

	d->ft[B].gnt_writers.counter = 0;
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		assert_int_equal(hv_pin(d, B, types[i]), 0);
		assert_int_equal(hv_unpin(d, B), 0);
	}
	assert_int_equal(hv_unpin(d, X), 0);
	assert_all_clear();
}

/* A frame that is not a table is just memory: written unchecked */
static void test_update_plain_memory(void **state)
{
	enum { X = 1 };
	u64 junk = pte(NR_FRAMES, P | GLB | PSE);

	assert_int_equal(hv_entry_update(d, X, 7, junk), 0);
	assert_int_equal(frame(X)[7], junk);
	assert_all_clear();

	/* also while mapped writable */
	assert_int_equal(hv_entry_get(d, L1, 0, pte(X, P | RW)), 0);
	assert_int_equal(hv_entry_update(d, X, 8, junk), 0);
	assert_int_equal(frame(X)[8], junk);
	assert_frame(X, WRITABLE, 1, 1);
	hv_entry_put(d, L1, 0, pte(X, P | RW));
	assert_all_clear();

	/* and checked when it becomes a table */
	assert_int_equal(hv_pin(d, X, L1), -EINVAL);
	assert_int_equal(hv_pin(d, X, L2), -EINVAL);
	assert_all_clear();
}

/* A refused update changes nothing */
static void test_update_refused_keeps_entry(void **state)
{
	enum { X = 1, W = 2, T1 = 3 };

	frame(X)[0] = pte(W, P | RW);
	assert_int_equal(hv_pin(d, X, L1), 0);
	assert_int_equal(hv_pin(d, T1, L1), 0);
	snapshot();
	assert_int_equal(hv_entry_update(d, X, 0, pte(W, P | RW | GLB)),
			 -EINVAL);
	assert_int_equal(hv_entry_update(d, X, 0, pte(NR_FRAMES, P)), -EPERM);
	assert_int_equal(hv_entry_update(d, X, 0, mpte(W, P)), -EPERM);
	/* not present, but naming RAM (L1TF) */
	assert_int_equal(hv_entry_update(d, X, 0, pte(W, RW)), -EINVAL);
	assert_int_equal(hv_entry_update(d, X, 0, pte(T1, P | RW)), -EINVAL);
	assert_unchanged();
	assert_int_equal(hv_unpin(d, X), 0);
	assert_int_equal(hv_unpin(d, T1), 0);
	assert_all_clear();
}

/* --- rollback: a refused validation gives back all it took --- */

/* An L1 whose last entry is bad, after entries that took something */
static void test_rollback_l1(void **state)
{
	enum { X = 1, W1 = 2, W2 = 3, T1 = 4 };
	const struct {
		u64 e;
		int err;
	} bad[] = {
		{ pte(W2, RW), -EINVAL },	/* not present, naming RAM */
		{ pte(W2, P | GLB), -EINVAL },
		{ pte(W2, P | BIT_ULL(62)), -EINVAL },
		{ pte(W2, P) | BIT_ULL(50), -EINVAL },
		{ pte(NR_FRAMES, P | RW), -EPERM },
		{ pte(T1, P | RW), -EINVAL },	/* a table, writable */
		{ pte(X, P | RW), -EINVAL },	/* itself, writable */
	};
	unsigned int i, j, at;

	assert_int_equal(hv_pin(d, T1, L1), 0);
	frame(X)[0] = pte(W1, P | RW);
	frame(X)[1] = pte(W1, P | RW);
	frame(X)[2] = pte(W2, P);
	frame(X)[3] = mpte(SHARED_INFO_MFN, P | RW);
	frame(X)[4] = pte(X, P);
	frame(X)[5] = pte(T1, P);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		frame(X)[SLOTS - 1] = bad[i].e;
		snapshot();
		assert_int_equal(hv_pin(d, X, L1), bad[i].err);
		assert_unchanged();
	}
	frame(X)[SLOTS - 1] = 0;
	/* At each place of a group of four, good entries before it */
	for (at = 6; at < 10; at++) {
		for (j = 6; j < at; j++)
			frame(X)[j] = pte(W1, P);
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			frame(X)[at] = bad[i].e;
			snapshot();
			assert_int_equal(hv_pin(d, X, L1), bad[i].err);
			assert_unchanged();
		}
		for (j = 6; j <= at; j++)
			frame(X)[j] = 0;
	}
	assert_int_equal(hv_pin(d, X, L1), 0);
	assert_frame(W1, WRITABLE, 2, 2);
	assert_frame(W2, NONE, 0, 1);
	assert_frame(X, L1, 1, 2);
	assert_frame(T1, L1, 1, 2);
	assert_int_equal(hv_unpin(d, X), 0);
	assert_int_equal(hv_unpin(d, T1), 0);
	assert_all_clear();
}

/*
 * A three-level tree that fails deep down, late: every table validated on
 * the way (an L2, L1s shared between L2s) is given back, and nothing is
 * written: no forced L3 bits, no hole.
 */
static void build_tree_for_rollback(void)
{
	enum { A = 1, B = 2, C = 3, D4 = 4, E = 5, F = 6, H = 7,
	       W1 = 10, W2 = 11, W3 = 12, W4 = 13 };
	unsigned int i;

	frame(A)[0] = pte(B, P);
	frame(A)[1] = pte(E, P);
	frame(A)[3] = pte(H, P);
	frame(B)[0] = pte(C, TABLE);
	frame(B)[1] = pte(D4, TABLE);
	frame(B)[2] = pte(C, TABLE);
	frame(C)[0] = pte(W1, P | RW);
	frame(C)[1] = pte(W1, P | RW);
	frame(C)[2] = pte(W2, P);
	frame(C)[3] = pte(A, P);
	frame(C)[4] = pte(C, P);
	frame(D4)[0] = pte(W3, P | RW);
	frame(D4)[1] = mpte(SHARED_INFO_MFN, P | RW);
	frame(E)[0] = pte(C, TABLE);
	frame(E)[1] = pte(F, TABLE);
	frame(F)[0] = pte(W4, P | RW);
	frame(F)[1] = pte(W1, P);
	frame(H)[0] = pte(D4, TABLE);
	for (i = HOLE; i < SLOTS; i++)
		frame(H)[i] = pte(NR_FRAMES, P | GLB);	/* never checked */
}

static void test_rollback_tree(void **state)
{
	enum { A = 1, E = 5, F = 6, H = 7, K = 8, W1 = 10 };

	build_tree_for_rollback();

	/* Fails in an L1 under the second L2 */
	frame(F)[300] = pte(NR_FRAMES + 1, P);
	snapshot();
	assert_int_equal(hv_pin(d, A, L3), -EPERM);
	assert_unchanged();
	frame(F)[300] = 0;

	/* Fails in the slot-3 L2's last checked slot */
	frame(H)[HOLE - 1] = pte(W1, P | PCD);
	snapshot();
	assert_int_equal(hv_pin(d, A, L3), -EINVAL);
	assert_unchanged();
	frame(H)[HOLE - 1] = 0;

	/* Fails on a type: an L1 that an earlier L1 maps writable */
	frame(A)[2] = pte(K, P);
	frame(K)[0] = pte(W1, TABLE);
	snapshot();
	assert_int_equal(hv_pin(d, A, L3), -EINVAL);
	assert_unchanged();
	frame(A)[2] = 0;

	/* Fails on the slot-3 L2 being one of the others */
	frame(A)[3] = pte(E, P);
	snapshot();
	assert_int_equal(hv_pin(d, A, L3), -EINVAL);
	assert_unchanged();
	frame(A)[3] = pte(H, P);

	assert_int_equal(hv_fake_m2p_installs, 0);
	assert_int_equal(hv_fake_m2p_removes, 0);
	assert_int_equal(hv_pin(d, A, L3), 0);
	assert_int_equal(hv_fake_m2p_installs, 1);
	assert_int_equal(hv_unpin(d, A), 0);
	assert_int_equal(hv_fake_m2p_removes, 1);
	assert_all_clear();
}

/* What was held before a refused validation stays held, no more */
static void test_rollback_keeps_existing(void **state)
{
	enum { A = 1, B = 2, C = 3, E = 5, F = 6, W1 = 10, W4 = 13, N = 20 };

	build_tree_for_rollback();
	assert_int_equal(hv_pin(d, C, L1), 0);
	assert_int_equal(hv_pin(d, B, L2), 0);
	assert_int_equal(hv_get_type(d, F, L1, false), 0);
	d->ft[F].refs++;

	frame(E)[2] = pte(F, P | GLB);
	snapshot();
	assert_int_equal(hv_pin(d, A, L3), -EINVAL);
	assert_unchanged();
	frame(E)[2] = 0;
	frame(N)[0] = pte(C, P);
	frame(N)[1] = pte(W4, P | RW);
	frame(N)[2] = pte(F, P);
	frame(N)[3] = pte(W1, P | RW);
	frame(N)[4] = pte(E, P | GLB);
	snapshot();
	assert_int_equal(hv_entry_update(d, B, 9, pte(N, TABLE)), -EINVAL);
	assert_unchanged();

	d->ft[F].refs--;
	hv_put_type(d, F);
	assert_int_equal(hv_unpin(d, B), 0);
	assert_int_equal(hv_unpin(d, C), 0);
	assert_all_clear();
}

/* A refused update of a live table: the new L1's references go back */
static void test_rollback_update(void **state)
{
	enum { P2 = 1, N = 2, W1 = 3, W2 = 4, OLD = 5 };

	frame(P2)[5] = pte(OLD, TABLE);
	assert_int_equal(hv_pin(d, P2, L2), 0);
	frame(N)[0] = pte(W1, P | RW);
	frame(N)[1] = pte(W2, P);
	frame(N)[2] = pte(OLD, P);
	frame(N)[SLOTS - 1] = pte(W2, P | PSE);
	snapshot();
	assert_int_equal(hv_entry_update(d, P2, 5, pte(N, TABLE)), -EINVAL);
	assert_unchanged();
	frame(N)[SLOTS - 1] = 0;
	assert_int_equal(hv_entry_update(d, P2, 5, pte(N, TABLE)), 0);
	assert_frame(OLD, NONE, 0, 1);
	assert_frame(N, L1, 1, 1);
	assert_frame(W1, WRITABLE, 1, 1);
	assert_int_equal(hv_unpin(d, P2), 0);
	assert_all_clear();
}

/* --- count bookkeeping --- */

static void test_counts_get_put(void **state)
{
	const u64 entries[] = { pte(T, P), pte(T, P | RW), pte(T2, P | ACC) };
	unsigned int i, n;

	for (i = 0; i < ARRAY_SIZE(entries); i++) {
		for (n = 0; n < 3; n++)
			assert_int_equal(hv_entry_get(d, L1, n, entries[i]), 0);
		if (entries[i] & RW)
			assert_frame(T, WRITABLE, 3, 3);
		for (n = 0; n < 3; n++)
			hv_entry_put(d, L1, n, entries[i]);
		assert_all_clear();
	}
	for (n = 0; n < 3; n++)
		assert_int_equal(hv_entry_get(d, L2, n, pte(T, TABLE)), 0);
	assert_frame(T, L1, 3, 3);
	for (n = 0; n < 3; n++)
		hv_entry_put(d, L2, n, pte(T, TABLE));
	assert_int_equal(hv_entry_get(d, L3, 0, pte(T, P)), 0);
	assert_int_equal(hv_entry_get(d, L3, 1, pte(T, P)), 0);
	assert_frame(T, L2, 2, 2);
	hv_entry_put(d, L3, 1, pte(T, P));
	hv_entry_put(d, L3, 0, pte(T, P));
	assert_all_clear();
}

/* Pins and references on the same tables, let go in either order */
static void test_counts_pins(void **state)
{
	enum { A = 1, B = 2, C = 3, H = 30 };

	frame(A)[0] = pte(B, P);
	frame(A)[3] = pte(H, P);	/* the L2 of slot 3 */
	frame(B)[0] = pte(C, TABLE);
	assert_int_equal(hv_pin(d, C, L1), 0);
	assert_int_equal(hv_pin(d, B, L2), 0);
	assert_int_equal(hv_pin(d, A, L3), 0);
	assert_frame(A, L3, 1, 1);
	assert_frame(B, L2, 2, 2);
	assert_frame(C, L1, 2, 2);
	assert_int_equal(hv_unpin(d, C), 0);
	assert_frame(C, L1, 1, 1);
	assert_int_equal(hv_unpin(d, B), 0);
	assert_frame(B, L2, 1, 1);
	assert_int_equal(hv_unpin(d, A), 0);
	assert_all_clear();

	assert_int_equal(hv_pin(d, A, L3), 0);
	assert_int_equal(hv_pin(d, B, L2), 0);
	assert_int_equal(hv_pin(d, C, L1), 0);
	assert_int_equal(hv_unpin(d, A), 0);
	assert_frame(A, NONE, 0, 0);
	assert_frame(B, L2, 1, 1);
	assert_frame(C, L1, 2, 2);
	assert_int_equal(hv_unpin(d, B), 0);
	assert_frame(C, L1, 1, 1);
	assert_int_equal(hv_unpin(d, C), 0);
	assert_all_clear();
}

/*
 * A whole tree: the counts after validation, with a base pointer as
 * mmuext NEW_BASEPTR takes it, through updates that replace entries, and
 * down to zero.
 */
static void test_counts_tree(void **state)
{
	enum { A = 1, B = 2, H = 3, C = 4, D4 = 5, E = 6, F = 7,
	       W1 = 10, W2 = 11, W3 = 12 };

	frame(A)[0] = pte(B, P);
	frame(A)[3] = pte(H, P);
	frame(B)[0] = pte(C, TABLE);
	frame(B)[1] = pte(D4, TABLE);
	frame(B)[2] = pte(C, TABLE);
	frame(H)[0] = pte(E, TABLE);
	frame(C)[0] = pte(W1, P | RW);
	frame(C)[1] = pte(W1, P | RW);
	frame(C)[2] = pte(W2, P);
	frame(C)[3] = pte(A, P);
	frame(C)[4] = mpte(SHARED_INFO_MFN, P | RW);
	frame(D4)[0] = pte(W1, P);
	frame(D4)[1] = pte(W3, P | RW);
	frame(E)[0] = pte(W2, P);
	frame(E)[1] = pte(D4, P);

	assert_int_equal(hv_pin(d, A, L3), 0);
	assert_frame(A, L3, 1, 2);	/* the pin, C[3] */
	assert_frame(B, L2, 1, 1);
	assert_frame(H, L2, 1, 1);
	assert_int_equal(d->ft[H].hole, 1);
	assert_frame(C, L1, 2, 2);	/* B[0], B[2] */
	assert_frame(D4, L1, 1, 2);	/* B[1]; E[1] read-only */
	assert_frame(E, L1, 1, 1);
	assert_frame(W1, WRITABLE, 2, 3);
	assert_frame(W2, NONE, 0, 2);
	assert_frame(W3, WRITABLE, 1, 1);
	assert_frame(F, NONE, 0, 0);

	/* The base pointer */
	assert_int_equal(hv_get_type(d, A, L3, false), 0);
	d->ft[A].refs++;
	assert_frame(A, L3, 2, 3);
	assert_int_equal(hv_pin(d, C, L1), 0);
	assert_frame(C, L1, 3, 3);

	/* Updates that replace entries */
	assert_int_equal(hv_entry_update(d, B, 2, 0), 0);
	assert_frame(C, L1, 2, 2);
	assert_int_equal(hv_entry_update(d, C, 1, pte(W1, P)), 0);
	assert_frame(W1, WRITABLE, 1, 3);
	assert_int_equal(hv_entry_update(d, E, 0, pte(W2, P | RW)), 0);
	assert_frame(W2, WRITABLE, 1, 2);
	assert_int_equal(hv_entry_update(d, A, 1, pte(F, P)), 0);
	assert_frame(F, L2, 1, 1);
	assert_int_equal(hv_entry_update(d, F, 0, pte(D4, TABLE)), 0);
	assert_frame(D4, L1, 2, 3);
	assert_int_equal(hv_entry_update(d, C, 0, pte(W1, P | RW)), 0);
	assert_frame(W1, WRITABLE, 1, 3);
	assert_int_equal(hv_entry_update(d, A, 0, 0), 0);
	assert_frame(B, NONE, 0, 0);
	assert_frame(C, L1, 1, 1);	/* the pin */
	assert_frame(D4, L1, 1, 2);	/* F[0]; E[1] read-only */
	assert_frame(W1, WRITABLE, 1, 3);	/* C[0]; C[1], D4[0] read-only */
	assert_frame(W3, WRITABLE, 1, 1);

	/* The base pointer goes, then the pins */
	d->ft[A].refs--;
	hv_put_type(d, A);
	assert_frame(A, L3, 1, 2);
	assert_int_equal(hv_unpin(d, A), 0);
	assert_frame(A, NONE, 0, 1);	/* C[3] */
	assert_frame(F, NONE, 0, 0);
	assert_frame(H, NONE, 0, 0);
	assert_frame(D4, NONE, 0, 0);
	assert_frame(E, NONE, 0, 0);
	assert_frame(W2, NONE, 0, 1);	/* C[2] */
	assert_frame(W3, NONE, 0, 0);
	assert_frame(W1, WRITABLE, 1, 2);	/* C[0]; C[1] read-only */
	assert_frame(C, L1, 1, 1);
	assert_int_equal(hv_unpin(d, C), 0);
	assert_all_clear();
	assert_int_equal(hv_fake_m2p_installs, 1);
	assert_int_equal(hv_fake_m2p_removes, 1);
}

/*
 * Every write of a live table's entry and every table that stops being
 * one is reported (the kernel stack cache hangs on it); plain memory and
 * a refused write are not.
 */
static void test_table_changes_reported(void **state)
{
	enum { A = 1, B = 2, C = 3 };

	frame(B)[0] = pte(A, P | RW);
	assert_int_equal(hv_pin(d, B, L1), 0);
	assert_int_equal(hv_fake_changed.calls, 0);
	assert_int_equal(hv_entry_update(d, B, 7, pte(A, P)), 0);
	assert_changed(1, L1, B, 7);
	assert_int_equal(hv_entry_update(d, B, 8, pte(B, P | RW)), -EINVAL);
	assert_int_equal(hv_entry_update(d, C, 9, pte(B, P | RW)), 0);
	assert_changed(1, L1, B, 7);
	frame(C)[0] = 0;
	assert_int_equal(hv_pin(d, C, L2), 0);
	assert_int_equal(hv_entry_update(d, C, 5, pte(B, TABLE)), 0);
	assert_changed(2, L2, C, 5);
	assert_int_equal(hv_unpin(d, B), 0);	/* still held by C's entry */
	assert_changed(2, L2, C, 5);
	assert_int_equal(hv_unpin(d, C), 0);
	assert_changed(4, L2, C, ~0u);	/* B (C gave it up), then C */
	assert_all_clear();
}

/* The shim sees a WARN_ON_ONCE: the check in teardown means something */
static void test_warn_is_seen(void **state)
{
	enum { X = 1 };

	kshim_warn_expected = true;
	hv_put_type(d, X);		/* no type count to give back */
	assert_int_equal(kshim_warnings, 1);
	hv_entry_put(d, L2, 0, pte(NR_FRAMES, TABLE));	/* never taken */
	assert_int_equal(kshim_warnings, 2);
	assert_all_clear();
	kshim_warn_expected = false;
	kshim_warnings = 0;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_entry_zero),
		TEST(test_entry_not_present_with_bits),
		TEST(test_entry_not_present_l1),
		TEST(test_entry_refused_flags),
		TEST(test_entry_refused_high_bits),
		TEST(test_entry_phys_width),
		TEST(test_entry_foreign),
		TEST(test_entry_shared_info),
		TEST(test_entry_accepted),
		TEST(test_writable_then_table),
		TEST(test_table_then_writable),
		TEST(test_l1_same_frame),
		TEST(test_l2e_update_bounded),
		TEST(test_l1_update_run),
		TEST(test_type_change_at_zero),
		TEST(test_pin_twice),
		TEST(test_unpin_unpinned),
		TEST(test_hole_install_remove),
		TEST(test_hole_slots_checked_elsewhere),
		TEST(test_hole_unique),
		TEST(test_l3_update_slots),
		TEST(test_hole_slots_eperm),
		TEST(test_l3_needs_slot3),
		TEST(test_linear_refused),
		TEST(test_self_map),
		TEST(test_seg_frames),
		TEST(test_backend_write_hold),
		TEST(test_update_plain_memory),
		TEST(test_update_refused_keeps_entry),
		TEST(test_rollback_l1),
		TEST(test_rollback_tree),
		TEST(test_rollback_keeps_existing),
		TEST(test_rollback_update),
		TEST(test_counts_get_put),
		TEST(test_counts_pins),
		TEST(test_counts_tree),
		TEST(test_table_changes_reported),
		TEST(test_warn_is_seen),
	};

	return cmocka_run_group_tests_name("frames", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * tls: segments of the guest's own GDT work as a guest kernel uses them
 * for thread-local storage (ring 3, %gs/%fs) and per-CPU data (ring 1).
 *
 * In a GDT page of our own (set_gdt), update_descriptor installs DPL-3
 * 32-bit data descriptors with non-zero bases inside a ring-3 data page, a
 * DPL-3 code descriptor and a DPL-1 data descriptor; each is stored as
 * written (bar the accessed bit).  From ring 3, with selectors of RPL 3:
 * %gs:0 and %fs:4 read the values at their bases; %gs keeps its base
 * through a trap to ring 1 and back and through a spin long enough to be
 * preempted; a far jump to our code selector runs at ring 3 with it, and
 * an int3 there shows it in the frame and returns to it.  At ring 1, a
 * DPL-1 selector in %fs reads its base and keeps it across hypercalls.
 *
 * Refused: loading the DPL-1 selector into %gs or %fs from ring 3 faults
 * with #GP(selector); descriptors with the L (64-bit) bit, data or code,
 * give -EINVAL from update_descriptor and leave the slot empty (loading
 * it then faults).
 *
 * Result: "hvtest: tls: PASS".
 */
#include "mm.h"
#include "cpu.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define GDT_ENTRIES	32

#define SLOT_GS		16	/* DPL-3 data, base tls_page + GS_OFF */
#define SLOT_FS		17	/* DPL-3 data, base tls_page + FS_OFF */
#define SLOT_UCODE	18	/* DPL-3 32-bit code, flat */
#define SLOT_KDATA	19	/* DPL-1 data, base percpu */
#define SLOT_L_DATA	20	/* DPL-3 data with L: refused */
#define SLOT_L_CODE	21	/* DPL-3 code with L: refused */
#define SEL(slot)	((slot) << 3)

/* For asm: our code selector with RPL 3 (SLOT_UCODE). */
#define UCODE_SEL3	0x93

#define GS_OFF		0x100
#define FS_OFF		0x200
#define GS_VALUE	0x7e57c0de	/* at tls_page + GS_OFF */
#define FS_VALUE	0x5eedf00d	/* at tls_page + FS_OFF + 4 */
#define KDATA_VALUE	0xc0ffee01	/* at percpu[0] */
#define KDATA_VALUE2	0xc0ffee02	/* at percpu[2] */

/* Reads of %gs:0 in the spin of u_gs_keep. */
#define KEEP_SPINS	0x1000000

/* Descriptor bits (in the high word) and types. */
#define DESC_A		BIT_ULL(40)

#define __user_bss	__attribute((section(".bss.user")))

static u64 gdt[512] __aligned(PAGE_SIZE);

/* Ring-3 data: the TLS blocks; and what ring-3 code saw. */
static u32 tls_page[PAGE_SIZE / 4] __aligned(PAGE_SIZE) __user_bss;
u32 u_seen_cs[2] __user_bss;	/* after the ljmp, after the int3 */

/* Ring-1 per-CPU data. */
static u32 percpu[4];

/* Ring 3, selector in EAX: the value at its base (+4 for %fs). */
asm(USER_PROBE(u_gs_read, "mov %eax, %gs", "mov %gs:0, %ebx"));
asm(USER_PROBE(u_fs_read, "mov %eax, %fs", "mov %fs:4, %ebx"));
/* Ring 3: load the selector in EAX. */
asm(USER_PROBE(u_gs_load, "", "mov %eax, %gs"));
asm(USER_PROBE(u_fs_load, "", "mov %eax, %fs"));

DECLARE_USER_PROBE(u_gs_read);
DECLARE_USER_PROBE(u_fs_read);
DECLARE_USER_PROBE(u_gs_load);
DECLARE_USER_PROBE(u_fs_load);

/*
 * Ring 3, %gs selector in EAX: a trap to ring 1 and back (INT n through
 * the DPL-3 test slot), then KEEP_SPINS reads of %gs:0, stopping at the
 * first that is not GS_VALUE; returns the last value read.
 */
asm(USER_FUNC(u_gs_keep)
	"mov %eax, %gs\n"
	"u_gs_keep_int:\n\t"
	"int $" __stringify(TRAP_TEST_DPL3) "\n"
	"u_gs_keep_next:\n\t"
	"mov $" __stringify(KEEP_SPINS) ", %ecx\n"
	"1:\tmov %gs:0, %ebx\n\t"
	"cmp $" __stringify(GS_VALUE) ", %ebx\n\t"
	"jne 2f\n\t"
	"dec %ecx\n\t"
	"jnz 1b\n"
	"2:\t"
	ASM_USER_EXIT
	_ASM_EXTABLE(u_gs_keep_int, u_gs_keep_next)
	USER_END(u_gs_keep));

/*
 * Ring 3, %gs selector in EAX: far jump to our own code selector, note
 * CS, take an int3 there and note CS again, then read %gs:0.
 */
asm(USER_FUNC(u_own_cs)
	"ljmp $" __stringify(UCODE_SEL3) ", $1f\n"
	"1:\tmov %cs, %ecx\n\t"
	"mov %ecx, u_seen_cs\n"
	"u_own_cs_int3:\n\t"
	"int3\n"
	"u_own_cs_next:\n\t"
	"mov %cs, %ecx\n\t"
	"mov %ecx, u_seen_cs + 4\n\t"
	"mov %eax, %gs\n\t"
	"mov %gs:0, %ebx\n\t"
	ASM_USER_EXIT
	_ASM_EXTABLE(u_own_cs_int3, u_own_cs_next)
	USER_END(u_own_cs));

DECLARE_ASM_LABEL(u_gs_keep);
DECLARE_ASM_LABEL(u_gs_keep_next);
DECLARE_ASM_LABEL(u_own_cs);
DECLARE_ASM_LABEL(u_own_cs_next);

static u64 data_desc(u32 base, u32 dpl)
{
	return seg_desc(base, 0xfffff, TYPE_DATA, dpl, DESC_G | DESC_DB);
}

static u64 slot_ma(unsigned int slot)
{
	return (u64)virt_to_mfn(gdt) << PAGE_SHIFT | slot * 8;
}

static u64 get_desc(unsigned int slot)
{
	barrier();	/* the hypervisor writes the page, not us */
	return gdt[slot];
}

/* Stored as written, but maybe for the accessed bit. */
static void install(unsigned int slot, u64 desc)
{
	GUEST_ASSERT_EQ(hypercall_update_descriptor(slot_ma(slot), desc), 0);
	GUEST_ASSERT_EQ(get_desc(slot) | DESC_A, desc | DESC_A);
}

/* Refused with -EINVAL (ABI 5.8), and the slot stays empty. */
static void refused(const char *what, unsigned int slot, u64 desc)
{
	long rc = hypercall_update_descriptor(slot_ma(slot), desc);

	if (rc != -EINVAL)
		guest_fail("update_descriptor(%s %08x:%08x): %ld, want -EINVAL",
			   what, (u32)(desc >> 32), (u32)desc, rc);
	GUEST_ASSERT_EQ(get_desc(slot), 0);
}

/* The page may not stay writable-mapped once it is a GDT (ABI 5.6). */
static void install_gdt(void)
{
	const u64 *pte = pte_of((u32)gdt);
	u32 frame = virt_to_mfn(gdt);

	GUEST_ASSERT(pte);
	set_pte((u32)gdt, *pte & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(hypercall_set_gdt(&frame, GDT_ENTRIES), 0);
}

static void install_descriptors(void)
{
	u32 tls = (u32)tls_page;

	tls_page[GS_OFF / 4] = GS_VALUE;
	tls_page[GS_OFF / 4 + 1] = GS_VALUE ^ 0xffff;
	tls_page[FS_OFF / 4] = FS_VALUE ^ 0xffff;
	tls_page[FS_OFF / 4 + 1] = FS_VALUE;
	percpu[0] = KDATA_VALUE;
	percpu[2] = KDATA_VALUE2;

	install(SLOT_GS, data_desc(tls + GS_OFF, 3));
	install(SLOT_FS, data_desc(tls + FS_OFF, 3));
	install(SLOT_UCODE, seg_desc(0, 0xfffff, TYPE_CODE, 3,
				     DESC_G | DESC_DB));
	install(SLOT_KDATA, data_desc((u32)percpu, 1));
}

static void ring3_tls(void)
{
	trap_reset();
	GUEST_ASSERT_EQ(exec_user(u_gs_read, SEL(SLOT_GS) | 3), GS_VALUE);
	GUEST_ASSERT_EQ(exec_user(u_fs_read, SEL(SLOT_FS) | 3), FS_VALUE);
	/* The other way round: each selector has its own base. */
	GUEST_ASSERT_EQ(exec_user(u_gs_read, SEL(SLOT_FS) | 3),
			tls_page[FS_OFF / 4]);
	GUEST_ASSERT_EQ(exec_user(u_fs_read, SEL(SLOT_GS) | 3),
			tls_page[GS_OFF / 4 + 1]);
	GUEST_ASSERT_NO_TRAP();

	/* Kept through a bounce to ring 1 and preemption. */
	GUEST_ASSERT_EQ(exec_user(u_gs_keep, SEL(SLOT_GS) | 3), GS_VALUE);
	GUEST_ASSERT_TRAP(TRAP_TEST_DPL3, TRAP_NO_ERROR, (u32)u_gs_keep_next,
			  FLAT_RING3_CS);

	/* Our own ring-3 code segment. */
	trap_reset();
	GUEST_ASSERT_EQ(exec_user(u_own_cs, SEL(SLOT_GS) | 3), GS_VALUE);
	GUEST_ASSERT_TRAP(X86_TRAP_BP, TRAP_NO_ERROR, (u32)u_own_cs_next,
			  SEL(SLOT_UCODE) | 3);
	GUEST_ASSERT_EQ(u_seen_cs[0] & 0xffff, SEL(SLOT_UCODE) | 3);
	GUEST_ASSERT_EQ(u_seen_cs[1] & 0xffff, SEL(SLOT_UCODE) | 3);
}

/* Exactly one #GP (or #NP) for @sel at @ip, from ring 3. */
static void check_fault(const char *what, u32 sel, u32 ip, bool np_ok)
{
	if (last_trap.count != 1 ||
	    (last_trap.vector != X86_TRAP_GP &&
	     (!np_ok || last_trap.vector != X86_TRAP_NP)))
		guest_fail("%s %04x from ring 3: %u traps, vector 0x%x at %08x",
			   what, sel, last_trap.count, last_trap.vector,
			   last_trap.eip);
	GUEST_ASSERT_TRAP(last_trap.vector, sel & 0xfffc, ip, FLAT_RING3_CS);
}

static void load_fault(u32 sel, bool np_ok)
{
	trap_reset();
	exec_user(u_gs_load, sel);
	check_fault("mov to gs", sel, (u32)u_gs_load_insn, np_ok);
	trap_reset();
	exec_user(u_fs_load, sel);
	check_fault("mov to fs", sel, (u32)u_fs_load_insn, np_ok);
}

/* DPL 1 < CPL 3: #GP(selector), whatever the RPL. */
static void ring3_dpl1(void)
{
	load_fault(SEL(SLOT_KDATA) | 3, false);
	load_fault(SEL(SLOT_KDATA) | 1, false);
}

/* No 64-bit segments, code or data; the slots stay empty and unusable. */
static void long_mode_refused(void)
{
	u64 data = seg_desc((u32)tls_page + GS_OFF, 0xfffff, TYPE_DATA, 3,
			    DESC_G | DESC_L);
	u64 code = seg_desc(0, 0xfffff, TYPE_CODE, 3, DESC_G | DESC_L);

	refused("L-bit data", SLOT_L_DATA, data);
	refused("L-bit code", SLOT_L_CODE, code);
	load_fault(SEL(SLOT_L_DATA) | 3, true);
	load_fault(SEL(SLOT_L_CODE) | 3, true);
}

static u32 read_fs(u32 off)
{
	u32 val;

	asm volatile("mov %%fs:(%1), %0" : "=r" (val) : "r" (off) : "memory");
	return val;
}

/* A guest kernel's per-CPU segment: DPL 1 in %fs at ring 1. */
static void ring1_percpu(void)
{
	u32 sel = SEL(SLOT_KDATA) | 1, fs;

	trap_reset();
	asm volatile("mov %0, %%fs" : : "r" (sel) : "memory");
	GUEST_ASSERT_EQ(read_fs(0), KDATA_VALUE);

	GUEST_ASSERT_EQ(hypercall_yield(), 0);
	GUEST_ASSERT(hypercall_xen_version(XENVER_version, NULL) > 0);
	asm volatile("mov %%fs, %0" : "=r" (fs));
	GUEST_ASSERT_EQ(fs & 0xffff, sel);
	GUEST_ASSERT_EQ(read_fs(8), KDATA_VALUE2);
	GUEST_ASSERT_NO_TRAP();

	asm volatile("mov %0, %%fs" : : "r" (FLAT_RING1_DS) : "memory");
}

void test_main(void)
{
	BUILD_BUG_ON(UCODE_SEL3 != (SEL(SLOT_UCODE) | 3));

	trap_init();
	user_init();
	install_gdt();
	install_descriptors();

	ring3_tls();
	ring1_percpu();
	ring3_dpl1();
	long_mode_refused();
	guest_pass();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * farjump: the guest can never reach 64-bit mode or ring 0 through a
 * segment selector.
 *
 * Far JMP, far CALL (direct and through memory), far RET and IRET from
 * ring 1 to the host's __KERNEL_CS (0x10) and __USER_CS (0x33, 64-bit),
 * the hypervisor's 64-bit code (0xe008) and data (0xe010) selectors and
 * the null selector must each fault into the guest (#GP, or #NP, with the
 * selector as error code and EIP at the instruction), before and after the
 * guest installs a GDT of its own.  Loading 0xe008/0xe010 into DS or SS
 * faults the same way.
 *
 * Then, in a GDT page of our own (set_gdt), update_descriptor must refuse
 * a code descriptor with the L bit (-EINVAL, slot left empty, jumping to
 * it faults), system descriptors (TSS, LDT, interrupt/trap/task gates) and
 * a call gate into 0xe008; a DPL-0 code descriptor is refused or stored
 * with DPL 1 (a far jump to it then runs at ring 1); a call gate to 0xe019
 * is refused or stored with DPL 0, so that using it faults (or is emulated
 * and lands at its target at ring 1).
 *
 * Result: "hvtest: farjump: PASS".
 */
#include "mm.h"
#include "test.h"
#include "traps.h"

#define HOST_KERNEL_CS	0x10
#define HOST_USER_CS	0x33
#define HV_CS64		0xe008
#define HV_DS		0xe010

/* Our GDT slots: away from 0x10 and 0x33, which stay empty. */
#define SLOT_L		32	/* 64-bit code, DPL 1: refused */
#define SLOT_L0		33	/* 64-bit code, DPL 0: refused */
#define SLOT_DPL0	34	/* 32-bit code, DPL 0: raised to 1 */
#define SLOT_DATA0	35	/* 32-bit data, DPL 0: raised to 1 */
#define SLOT_GATE_HV	36	/* call gate to 0xe008: refused */
#define SLOT_GATE	38	/* call gate to 0xe019 (+ 39: upper half) */
#define SLOT_SYS	40	/* system descriptors: refused */
#define SEL(slot)	((slot) << 3)

#define DESC_DPL(d)	(((d) >> 45) & 3)
#define DESC_A		BIT_ULL(40)	/* accessed */

static u64 gdt[512] __aligned(PAGE_SIZE);

/* Flat 4 GiB code/data descriptors with the given DPL. */
static u64 code32(u32 dpl)
{
	return (u64)(0x00cf9a00 | dpl << 13) << 32 | 0x0000ffff;
}

static u64 code64(u32 dpl)
{
	return (u64)(0x00af9a00 | dpl << 13) << 32 | 0x0000ffff;
}

static u64 data32(u32 dpl)
{
	return (u64)(0x00cf9200 | dpl << 13) << 32 | 0x0000ffff;
}

/* A system descriptor: gate (selector:offset) or segment, by type. */
static u64 sysdesc(u32 type, u32 dpl, u32 sel, u32 off)
{
	return (u64)((off & 0xffff0000) | 0x8000 | dpl << 13 | type << 8) << 32 |
	       sel << 16 | (off & 0xffff);
}

/*
 * Probes: each runs one far transfer with the exception table armed,
 * restores ESP (a far CALL that worked would have pushed) and stores the
 * address of the instruction in *ip.  The direct forms need the selector
 * at build time.
 */
#define FAR_DIRECT(name, op, sel)					\
static void name(u32 *ip)						\
{									\
	u32 sp;								\
									\
	asm volatile("mov %%esp, %[sp]\n\t"				\
		     ASM_TRY(op " %[s], $2f")				\
		     "mov %[sp], %%esp"					\
		     : [ip] "=&r" (*ip), [sp] "=&r" (sp)		\
		     : [s] "i" (sel) : "memory");			\
}

FAR_DIRECT(ljmp_kernel_cs, "ljmp", HOST_KERNEL_CS)
FAR_DIRECT(lcall_kernel_cs, "lcall", HOST_KERNEL_CS)
FAR_DIRECT(ljmp_user_cs, "ljmp", HOST_USER_CS)
FAR_DIRECT(lcall_user_cs, "lcall", HOST_USER_CS)
FAR_DIRECT(ljmp_hv_cs, "ljmp", HV_CS64)
FAR_DIRECT(lcall_hv_cs, "lcall", HV_CS64)
FAR_DIRECT(ljmp_hv_ds, "ljmp", HV_DS)
FAR_DIRECT(lcall_hv_ds, "lcall", HV_DS)
FAR_DIRECT(ljmp_null, "ljmp", 0)
FAR_DIRECT(lcall_null, "lcall", 0)

struct direct_probe {
	const char *name;
	void (*fn)(u32 *ip);
	u32 sel;
};

#define DIRECT(fn, sel)		{ #fn, fn, sel }

static const struct direct_probe direct_probes[] = {
	DIRECT(ljmp_kernel_cs, HOST_KERNEL_CS),
	DIRECT(lcall_kernel_cs, HOST_KERNEL_CS),
	DIRECT(ljmp_user_cs, HOST_USER_CS),
	DIRECT(lcall_user_cs, HOST_USER_CS),
	DIRECT(ljmp_hv_cs, HV_CS64),
	DIRECT(lcall_hv_cs, HV_CS64),
	DIRECT(ljmp_hv_ds, HV_DS),
	DIRECT(lcall_hv_ds, HV_DS),
	DIRECT(ljmp_null, 0),
	DIRECT(lcall_null, 0),
};

/* A 48-bit far pointer for the indirect forms. */
static struct {
	u32 off;
	u16 sel;
} __packed farptr;

static u32 ljmp_ind(u32 sel)
{
	u32 ip, sp;

	farptr.sel = sel;
	asm volatile("mov %%esp, %[sp]\n\tmovl $2f, %[fp]\n\t"
		     ASM_TRY("ljmp *%[fp]")
		     "mov %[sp], %%esp"
		     : [ip] "=&r" (ip), [sp] "=&r" (sp), [fp] "+m" (farptr)
		     : : "memory");
	return ip;
}

static u32 lcall_ind(u32 sel)
{
	u32 ip, sp;

	farptr.sel = sel;
	asm volatile("mov %%esp, %[sp]\n\tmovl $2f, %[fp]\n\t"
		     ASM_TRY("lcall *%[fp]")
		     "mov %[sp], %%esp"
		     : [ip] "=&r" (ip), [sp] "=&r" (sp), [fp] "+m" (farptr)
		     : : "memory");
	return ip;
}

/* Far RET and IRET to an outer ring pop SS:ESP too: push all of it. */
static u32 lret_to(u32 sel)
{
	u32 ip, sp;

	asm volatile("mov %%esp, %[sp]\n\t"
		     "push %[ss]\n\tpush %[sp]\n\tpush %[sel]\n\tpush $2f\n\t"
		     ASM_TRY("lret")
		     "mov %[sp], %%esp"
		     : [ip] "=&r" (ip), [sp] "=&r" (sp)
		     : [sel] "r" (sel), [ss] "i" (FLAT_RING3_SS) : "memory");
	return ip;
}

static u32 iret_to(u32 sel)
{
	u32 ip, sp;

	asm volatile("mov %%esp, %[sp]\n\t"
		     "push %[ss]\n\tpush %[sp]\n\tpushf\n\t"
		     "push %[sel]\n\tpush $2f\n\t"
		     ASM_TRY("iret")
		     "mov %[sp], %%esp"
		     : [ip] "=&r" (ip), [sp] "=&r" (sp)
		     : [sel] "r" (sel), [ss] "i" (FLAT_RING3_SS)
		     : "memory", "cc");
	return ip;
}

static u32 load_ds(u32 sel)
{
	u32 ip;

	asm volatile("push %%ds\n\t" ASM_TRY("mov %[sel], %%ds") "pop %%ds"
		     : [ip] "=&r" (ip) : [sel] "r" (sel) : "memory");
	return ip;
}

static u32 load_ss(u32 sel)
{
	u32 ip;

	asm volatile("push %%ss\n\t" ASM_TRY("mov %[sel], %%ss") "pop %%ss"
		     : [ip] "=&r" (ip) : [sel] "r" (sel) : "memory");
	return ip;
}

struct sel_probe {
	const char *name;
	u32 (*fn)(u32 sel);
};

static const struct sel_probe far_probes[] = {
	{ "ljmp *mem", ljmp_ind },
	{ "lcall *mem", lcall_ind },
	{ "lret", lret_to },
	{ "iret", iret_to },
};

/* Exactly one #GP (or #NP) for @sel, at @ip, at ring 1. */
static void check_fault(const char *what, u32 sel, u32 ip)
{
	if (last_trap.count != 1 ||
	    (last_trap.vector != X86_TRAP_GP &&
	     last_trap.vector != X86_TRAP_NP))
		guest_fail("%s to %04x: %u traps, vector 0x%x at %08x", what,
			   sel, last_trap.count, last_trap.vector,
			   last_trap.eip);
	GUEST_ASSERT_TRAP(last_trap.vector, sel & 0xfffc, ip, FLAT_RING1_CS);
}

static void try_probe(const struct sel_probe *p, u32 sel)
{
	u32 ip;

	trap_reset();
	ip = p->fn(sel);
	check_fault(p->name, sel, ip);
}

/* Every kind of far transfer through @sel must fault. */
static void try_selector(u32 sel)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(far_probes); i++)
		try_probe(&far_probes[i], sel);
}

static void fixed_selectors(void)
{
	static const u32 sels[] = {
		HOST_KERNEL_CS, HOST_USER_CS, HV_CS64, HV_DS, 0,
	};
	static const struct sel_probe ds = { "mov to ds", load_ds };
	static const struct sel_probe ss = { "mov to ss", load_ss };
	const struct direct_probe *d;
	unsigned int i;
	u32 ip;

	for (i = 0; i < ARRAY_SIZE(direct_probes); i++) {
		d = &direct_probes[i];
		trap_reset();
		d->fn(&ip);
		check_fault(d->name, d->sel, ip);
	}

	for (i = 0; i < ARRAY_SIZE(sels); i++)
		try_selector(sels[i]);

	try_probe(&ds, HV_CS64);
	try_probe(&ds, HV_DS);
	try_probe(&ss, HV_CS64);
	try_probe(&ss, HV_DS);
}

static u64 slot_ma(unsigned int slot)
{
	return (u64)virt_to_mfn(gdt) << PAGE_SHIFT | slot * 8;
}

static long set_desc(unsigned int slot, u64 desc)
{
	return hypercall_update_descriptor(slot_ma(slot), desc);
}

static u64 get_desc(unsigned int slot)
{
	barrier();	/* the hypervisor writes the page, not us */
	return gdt[slot];
}

/* The page may not stay writable-mapped once it is a GDT (ABI 5.6). */
static void install_gdt(void)
{
	const u64 *pte = pte_of((u32)gdt);
	u32 frame = virt_to_mfn(gdt);

	GUEST_ASSERT(pte);
	set_pte((u32)gdt, *pte & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(hypercall_set_gdt(&frame, ARRAY_SIZE(gdt)), 0);
}

static void refused(unsigned int slot, u64 desc)
{
	GUEST_ASSERT_EQ(set_desc(slot, desc), -EINVAL);
	GUEST_ASSERT_EQ(get_desc(slot), 0);
}

/* 64-bit code segments: refused, and the empty slot faults. */
static void long_mode_descriptors(void)
{
	refused(SLOT_L, code64(1));
	refused(SLOT_L0, code64(0));
	try_selector(SEL(SLOT_L) | 1);
	try_selector(SEL(SLOT_L0));
}

/* DPL 0 code/data: refused, or stored with DPL 1. */
static void dpl0_descriptors(void)
{
	u32 cs = 0, ip;
	long rc;

	rc = set_desc(SLOT_DATA0, data32(0));
	if (rc) {
		GUEST_ASSERT_EQ(rc, -EINVAL);
	} else {
		GUEST_ASSERT_EQ(DESC_DPL(get_desc(SLOT_DATA0)), 1);
		GUEST_ASSERT_EQ(get_desc(SLOT_DATA0) & ~DESC_A, data32(1));
	}

	rc = set_desc(SLOT_DPL0, code32(0));
	if (rc) {
		GUEST_ASSERT_EQ(rc, -EINVAL);
		guest_info("DPL-0 code descriptor refused");
		return;
	}
	GUEST_ASSERT_EQ(DESC_DPL(get_desc(SLOT_DPL0)), 1);
	GUEST_ASSERT_EQ(get_desc(SLOT_DPL0) & ~DESC_A, code32(1));

	/* Jump in with RPL 0: we must still be at ring 1, then jump back. */
	trap_reset();
	asm volatile(ASM_TRY("ljmp %[sel], $3f\n3:\tmov %%cs, %[cs]\n\t"
			     "ljmp %[k], $4f\n4:")
		     : [ip] "=&r" (ip), [cs] "+r" (cs)
		     : [sel] "i" (SEL(SLOT_DPL0)), [k] "i" (FLAT_RING1_CS)
		     : "memory");
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(cs & 0xffff, SEL(SLOT_DPL0) | 1);
}

/* A call-gate target: counts its callers and notes its CS. */
u32 gate_hits, gate_cs;
DECLARE_ASM_LABEL(gate_target);
asm(".pushsection .text, \"ax\"\n\t.globl gate_target\n"
	"gate_target:\n\t"
	"incl gate_hits\n\tmov %cs, gate_cs\n\tlret\n\t"
	".popsection");

/* Call gates: refused, or stored with DPL 0 and so never usable as is. */
static void call_gates(void)
{
	u64 gate = sysdesc(0xc, 3, FLAT_RING1_CS, (u32)gate_target);
	long rc;
	u32 ip;

	refused(SLOT_GATE_HV, sysdesc(0xc, 3, HV_CS64, (u32)gate_target));

	rc = set_desc(SLOT_GATE, gate);
	if (rc) {
		GUEST_ASSERT_EQ(rc, -EINVAL);
		GUEST_ASSERT_EQ(get_desc(SLOT_GATE), 0);
		guest_info("call gate refused");
		return;
	}
	GUEST_ASSERT_EQ(DESC_DPL(get_desc(SLOT_GATE)), 0);
	GUEST_ASSERT_EQ((get_desc(SLOT_GATE) >> 40) & 0x9f, 0x8c);

	trap_reset();
	ip = lcall_ind(SEL(SLOT_GATE) | 1);
	if (gate_hits) {
		/* Emulated, as Xen does: it must have run at ring 1. */
		GUEST_ASSERT_NO_TRAP();
		GUEST_ASSERT_EQ(gate_cs & 0xffff, FLAT_RING1_CS);
		guest_info("call gate emulated");
	} else {
		check_fault("call gate", SEL(SLOT_GATE), ip);
	}
}

static void system_descriptors(void)
{
	u32 off = (u32)gate_target;

	refused(SLOT_SYS, sysdesc(0x9, 1, 0, 0x67));		/* TSS */
	refused(SLOT_SYS, sysdesc(0x2, 1, 0, 0xffff));		/* LDT */
	refused(SLOT_SYS, sysdesc(0xe, 3, FLAT_RING1_CS, off));	/* int gate */
	refused(SLOT_SYS, sysdesc(0xf, 3, FLAT_RING1_CS, off));	/* trap gate */
	refused(SLOT_SYS, sysdesc(0x5, 3, 0xe040, 0));		/* task gate */
}

void test_main(void)
{
	trap_init();

	/* With no GDT of our own: the hypervisor's empty pages. */
	fixed_selectors();

	install_gdt();
	long_mode_descriptors();
	dpl0_descriptors();
	call_gates();
	system_descriptors();

	/* 0x10 and 0x33 are our (empty) slots now: still no way out. */
	fixed_selectors();

	guest_pass();
}

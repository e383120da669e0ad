// SPDX-License-Identifier: GPL-2.0
/*
 * privop: privileged instructions at ring 1 raise #GP in the guest, and
 * nothing else happens.
 *
 * Each instruction runs once at ring 1 with an exception-table entry.
 * Each must produce exactly one trap: #GP (vector 13) with error code 0,
 * EIP at the instruction, CS 0xe019; the registers it was given are
 * unchanged and the virtual event mask is still set (so cli/sti were not
 * quietly emulated).  The operands are what an attacker would pass: a
 * CR0 without WP, the hypervisor's TSS selector, SYSENTER_EIP, APIC_BASE.
 * Port I/O and CLI/STI trap too: this guest never sets a virtual IOPL.
 * What hv emulates, as Xen does, is the emulate guest's.
 *
 * SGDT, SIDT, SLDT, STR and SMSW only fault when the hypervisor keeps
 * CR4.UMIP on, which it does whenever the CPU has UMIP.  The guest reads
 * that from the CPU's own CPUID (leaf 7 ECX bit 2; a plain CPUID is not
 * intercepted) and requires the matching outcome: #GP, or no trap at
 * all.  The hypervisor's policy (the forced-emulation prefix) hides UMIP,
 * which the guest cannot control.
 *
 * Result: "hvtest: privop: PASS".
 */
#include "mm.h"
#include "test.h"
#include "traps.h"

#define MSR_APIC_BASE		0x1b
#define MSR_SYSENTER_EIP	0x176
#define HV_TSS_SEL		0xe040

struct privop {
	const char *name;
	u32 (*probe)(u32 *a, u32 *c, u32 *d);
	u32 eax, ecx, edx;
	bool umip;		/* only faults with CR4.UMIP */
};

/* Operand for the memory forms: a pseudo-descriptor {limit, base}. */
static u8 scratch[16] __aligned(16) = { 0xff, 0xff };

/*
 * One probe per instruction: run @insn with EAX/ECX/EDX as given (and
 * give back what they hold afterwards) and return the address of @insn.
 */
#define PROBE(name, insn)						\
static u32 probe_##name(u32 *a, u32 *c, u32 *d)				\
{									\
	u32 ip;								\
									\
	asm volatile(ASM_TRY(insn)					\
		     : [ip] "=&r" (ip), "+a" (*a), "+c" (*c), "+d" (*d)	\
		     : [p] "r" (scratch)				\
		     : "memory", "cc");					\
	return ip;							\
}

PROBE(cli, "cli")
PROBE(sti, "sti")
PROBE(hlt, "hlt")
PROBE(lgdt, "lgdt (%[p])")
PROBE(lidt, "lidt (%[p])")
PROBE(lldt, "lldt %%ax")
PROBE(ltr, "ltr %%ax")
PROBE(wr_cr0, "mov %%eax, %%cr0")
PROBE(rdmsr, "rdmsr")
PROBE(wrmsr, "wrmsr")
PROBE(inb, "inb $0x80, %%al")
PROBE(outb, "outb %%al, $0x80")
PROBE(inl_dx, "inl %%dx, %%eax")
PROBE(outl_dx, "outl %%eax, %%dx")
PROBE(invlpg, "invlpg (%[p])")
PROBE(lmsw, "lmsw %%ax")
PROBE(sgdt, "sgdt (%[p])")
PROBE(sidt, "sidt (%[p])")
PROBE(sldt, "sldt %%eax")
PROBE(str, "str %%eax")
PROBE(smsw, "smsw %%eax")

#define OP(n, a, c, d)		{ #n, probe_##n, a, c, d, false }
#define UMIP_OP(n)		{ #n, probe_##n, 0, 0, 0, true }

static struct privop ops[] = {
	OP(cli, 0, 0, 0),
	OP(sti, 0, 0, 0),
	OP(hlt, 0, 0, 0),
	OP(lgdt, 0, 0, 0),
	OP(lidt, 0, 0, 0),
	OP(lldt, 0, 0, 0),
	OP(ltr, HV_TSS_SEL, 0, 0),
	OP(wr_cr0, 0x80000011, 0, 0),		/* PG|ET|PE: WP clear */
	OP(rdmsr, 0, MSR_APIC_BASE, 0),
	OP(wrmsr, 0, MSR_SYSENTER_EIP, 0),
	OP(inb, 0, 0, 0),
	OP(outb, 0, 0, 0),
	OP(inl_dx, 0, 0, 0xcf8),		/* PCI configuration */
	OP(outl_dx, 0x80000000, 0, 0xcf8),
	OP(invlpg, 0, 0, 0),
	OP(lmsw, 1, 0, 0),
	UMIP_OP(sgdt),
	UMIP_OP(sidt),
	UMIP_OP(sldt),
	UMIP_OP(str),
	UMIP_OP(smsw),
};

/*
 * CPUID through the forced-emulation prefix ("ud2; .ascii \"xen\"" then
 * cpuid) reports the hypervisor's policy rather than the raw CPU.  Returns
 * false if the prefix is not supported (#UD at the ud2).
 */
static bool emulated_cpuid(u32 leaf, u32 *ecx)
{
	u32 ip, a = leaf, b, c = 0, d;

	trap_reset();
	asm volatile(ASM_TRY("ud2\n\t.ascii \"xen\"\n\tcpuid")
		     : [ip] "=&S" (ip), "+a" (a), "=b" (b), "+c" (c), "=d" (d)
		     : : "memory");
	if (last_trap.count) {
		GUEST_ASSERT_TRAP(X86_TRAP_UD, TRAP_NO_ERROR, ip,
				  FLAT_RING1_CS);
		return false;
	}
	*ecx = c;
	return true;
}

static void run(const struct privop *op, bool umip, bool umip_known)
{
	u32 a = op->eax, c = op->ecx, d = op->edx;
	u32 ip;

	trap_reset();
	ip = op->probe(&a, &c, &d);

	if (op->umip && !umip && (umip_known || !last_trap.count)) {
		/* Without UMIP the instruction simply works at ring 1. */
		GUEST_ASSERT_NO_TRAP();
		return;
	}
	if (last_trap.count != 1 || last_trap.vector != X86_TRAP_GP)
		guest_fail("%s: %u traps, last vector 0x%x at %08x", op->name,
			   last_trap.count, last_trap.vector, last_trap.eip);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
	GUEST_ASSERT(!last_trap.ring_change);

	/* Nothing else happened: registers and the event mask as before. */
	GUEST_ASSERT_EQ(a, op->eax);
	GUEST_ASSERT_EQ(c, op->ecx);
	GUEST_ASSERT_EQ(d, op->edx);
	GUEST_ASSERT_EQ(shared_info->vcpu_info[0].evtchn_upcall_mask, 1);
}

void test_main(void)
{
	bool umip = false, umip_known;
	u32 ecx = 0, native_ecx;
	unsigned int i;

	trap_init();
	map_shared_info();

	GUEST_ASSERT(emulated_cpuid(7, &ecx));
	GUEST_ASSERT(!(ecx & (1u << 2)));
	asm volatile("cpuid" : "=c" (native_ecx) : "a" (7), "c" (0)
		     : "ebx", "edx");
	umip = native_ecx & (1u << 2);
	umip_known = true;
	guest_info("UMIP: %s (hidden from the policy)", umip ? "on" : "off");

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		run(&ops[i], umip, umip_known);

	guest_pass();
}

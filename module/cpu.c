// SPDX-License-Identifier: GPL-2.0
/*
 * The tables a guest runs under, and the checks of the host that make
 * running it safe.
 *
 * IDT: one for all CPUs.  Every gate is a 64-bit interrupt gate into a
 * stub of switch.S on selector 0xe008, DPL 0 - so a guest "int $n" for any
 * n raises #GP, which we decode - except three a guest may raise itself:
 * #BP and #OF (int3, into) and 0x80, the hypercall and system-call vector.
 * A DPL-3 gate for an exception with an error code would let "int $13"
 * build a frame without one, so those stay DPL 0.
 *
 * GDT: each vCPU has its own (vcpu.c): pages 0-13 are the guest's
 * descriptors, page 14 is the reserved page filled here.  The transition
 * GDT per CPU (see switch.S) is a copy of the host's GDT in page 0 and the
 * same reserved page in page 14.
 */

#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>
#include <asm/irq_vectors.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <asm/trapnr.h>

#include "compat.h"
#include "cpu.h"
#include "switch.h"
#include <linux/hv_pv32.h>

bool hv_host_umip;

static gate_desc *hv_idt;
static struct page *hv_reserved_gdt_page;
static struct page *hv_zero_gdt_page;

/* Per CPU: the transition GDT and the page holding the host GDT copy. */
struct hv_trans {
	void *gdt;
	struct page *host_copy;
};

static DEFINE_PER_CPU(struct hv_trans, hv_trans);

/*
 * 32-bit flat descriptors, base 0, limit 4 GiB, accessed bit preset so the
 * CPU never writes to a GDT page when it loads one of them.
 */
#define HV_DESC_CODE64_DPL0	0x00af9b000000ffffULL
#define HV_DESC_DATA_DPL0	0x00cf93000000ffffULL
#define HV_DESC_CODE32_DPL1	0x00cfbb000000ffffULL
#define HV_DESC_DATA_DPL1	0x00cfb3000000ffffULL
#define HV_DESC_CODE32_DPL3	0x00cffb000000ffffULL
#define HV_DESC_DATA_DPL3	0x00cff3000000ffffULL

void hv_cpu_fill_reserved_gdt(u64 *page)
{
	memset(page, 0, PAGE_SIZE);
	page[(HV_CS64 & 0xfff) >> 3] = HV_DESC_CODE64_DPL0;
	page[(HV_DS0 & 0xfff) >> 3] = HV_DESC_DATA_DPL0;
	page[(PV_FLAT_RING1_CS & 0xfff) >> 3] = HV_DESC_CODE32_DPL1;
	page[(PV_FLAT_RING1_DS & 0xfff) >> 3] = HV_DESC_DATA_DPL1;
	page[(PV_FLAT_RING3_CS & 0xfff) >> 3] = HV_DESC_CODE32_DPL3;
	page[(PV_FLAT_RING3_DS & 0xfff) >> 3] = HV_DESC_DATA_DPL3;
}

static bool hv_error_code_vector(int v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 ||
	       v == 29 || v == 30;
}

static void hv_set_gate(int vector)
{
	unsigned long addr = (unsigned long)hv_vector_stubs +
			     vector * HV_STUB_SIZE;
	gate_desc *g = &hv_idt[vector];
	int dpl = 0;

	if (vector == X86_TRAP_BP || vector == X86_TRAP_OF ||
	    vector == IA32_SYSCALL_VECTOR)
		dpl = 3;
	WARN_ON(dpl && hv_error_code_vector(vector));

	memset(g, 0, sizeof(*g));
	g->offset_low = addr & 0xffff;
	g->segment = HV_CS64;
	g->bits.type = GATE_INTERRUPT;
	g->bits.dpl = dpl;
	g->bits.p = 1;
	/*
	 * A double fault means our stack is gone: take it on the host's
	 * #DF stack.  Every other vector arrives either from the guest, on
	 * the vCPU stack RSP0 names, or from hypervisor code, which always
	 * runs on a good kernel stack (SYSCALL is off in the guest world).
	 */
	if (vector == X86_TRAP_DF)
		g->bits.ist = IST_INDEX_DF + 1;
	g->offset_middle = (addr >> 16) & 0xffff;
	g->offset_high = addr >> 32;
}

/*
 * The host must reserve vector 0x80 for system calls (a DPL-3 gate), else
 * a device interrupt could arrive on it and look like a hypercall.
 */
static int hv_check_host_idt(void)
{
	struct desc_ptr idtr;
	gate_desc *g;

	store_idt(&idtr);
	g = (gate_desc *)idtr.address + IA32_SYSCALL_VECTOR;
	if (!g->bits.p || g->bits.dpl != 3) {
		pr_err("host IDT entry 0x80 is not a system-call gate: refusing to load\n");
		return -ENODEV;
	}
	return 0;
}

/*
 * Events must reach our IDT, and the world switch must be free to turn
 * CET off (Documentation/design.rst, "CET").  FRED (6.9+, "fred=on")
 * delivers every event through its own entry points and never reads the
 * IDT: the guest world's interrupts and faults would enter the host with
 * guest state.  Supervisor shadow stacks (which no Linux enables yet)
 * would not survive S_CET being cleared between a call and its return.
 */
static int hv_check_host_events(void)
{
	u64 s_cet;

	if (hv_host_fred()) {
		pr_err("the host uses FRED, not the IDT: refusing to load\n");
		return -ENODEV;
	}
	if (!(__read_cr4() & X86_CR4_CET))
		return 0;
	rdmsrl(MSR_IA32_S_CET, s_cet);
	if (s_cet & CET_SHSTK_EN) {
		pr_err("the host uses supervisor shadow stacks: refusing to load\n");
		return -ENODEV;
	}
	return 0;
}

void hv_cpu_hyp_idtr(struct hv_dtr *dtr)
{
	dtr->limit = 256 * sizeof(gate_desc) - 1;
	dtr->base = (unsigned long)hv_idt;
}

static void *hv_map_gdt(struct page *first)
{
	struct page *pages[PV_GDT_PAGES];
	int i;

	pages[0] = first;
	for (i = 1; i < PV_GDT_PAGES - 1; i++)
		pages[i] = hv_zero_gdt_page;
	pages[PV_GDT_PAGES - 1] = hv_reserved_gdt_page;
	return vmap(pages, PV_GDT_PAGES, VM_MAP, PAGE_KERNEL);
}

/* The transition GDT of this CPU; called with preemption off. */
void hv_cpu_trans_gdtr(struct hv_dtr *dtr)
{
	dtr->limit = PV_GDT_PAGES * PAGE_SIZE - 1;
	dtr->base = (unsigned long)this_cpu_ptr(&hv_trans)->gdt;
}

/*
 * Copy each CPU's host GDT (it differs between CPUs: the TSS and the
 * CPU-number segment) into page 0 of that CPU's transition GDT.
 */
static int hv_cpu_make_trans(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct hv_trans *t = per_cpu_ptr(&hv_trans, cpu);

		t->host_copy = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!t->host_copy)
			return -ENOMEM;
		memcpy(page_address(t->host_copy), get_cpu_gdt_rw(cpu),
		       GDT_SIZE);
		t->gdt = hv_map_gdt(t->host_copy);
		if (!t->gdt)
			return -ENOMEM;
	}
	return 0;
}

int hv_cpu_init(void)
{
	int i, err;

	err = hv_check_host_idt();
	if (!err)
		err = hv_check_host_events();
	if (err)
		return err;
	hv_host_umip = !!(__read_cr4() & X86_CR4_UMIP);

	hv_idt = (gate_desc *)get_zeroed_page(GFP_KERNEL);
	hv_reserved_gdt_page = alloc_page(GFP_KERNEL);
	hv_zero_gdt_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!hv_idt || !hv_reserved_gdt_page || !hv_zero_gdt_page) {
		hv_cpu_exit();
		return -ENOMEM;
	}
	hv_cpu_fill_reserved_gdt(page_address(hv_reserved_gdt_page));
	for (i = 0; i < 256; i++)
		hv_set_gate(i);
	err = hv_cpu_make_trans();
	if (err)
		hv_cpu_exit();
	return err;
}

void hv_cpu_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct hv_trans *t = per_cpu_ptr(&hv_trans, cpu);

		if (t->gdt)
			vunmap(t->gdt);
		if (t->host_copy)
			__free_page(t->host_copy);
		t->gdt = NULL;
		t->host_copy = NULL;
	}
	if (hv_zero_gdt_page)
		__free_page(hv_zero_gdt_page);
	if (hv_reserved_gdt_page)
		__free_page(hv_reserved_gdt_page);
	free_page((unsigned long)hv_idt);
	hv_idt = NULL;
	hv_zero_gdt_page = NULL;
	hv_reserved_gdt_page = NULL;
}

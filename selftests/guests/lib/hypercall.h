/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercall wrappers.
 *
 * Every call goes through the hypercall page that the hypervisor filled
 * before we started (HYPERCALL_PAGE note): stub n sits at page + 32 * n and
 * is "mov $n, %eax; int $0x80; ret".  Arguments travel in EBX, ECX, EDX,
 * ESI and EDI, the result comes back in EAX.  The ABI lets a debug
 * hypervisor scribble over the argument registers, so all five are outputs
 * here.  EBP is preserved by the hypervisor.
 *
 * Never inline "int $0x80"/"int $0x82" instead: the page is what tells the
 * guest which vector this hypervisor uses.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include "abi.h"

/*
 * Offset of the iret stub in the hypercall page, for C, for asm strings
 * (through __stringify()) and for .S files.  Jump to it, never call it:
 * the stub pushes EAX, which the hypercall restores, and never returns.
 */
#define HYPERCALL_IRET_OFFSET	(__HYPERVISOR_iret * HYPERCALL_STUB_SIZE)

#ifndef __ASSEMBLY__

extern u8 hypercall_page[PAGE_SIZE];

#define _hypercall(nr, a1, a2, a3, a4, a5)				\
({									\
	long __ret;							\
	u32 __b = (u32)(a1), __c = (u32)(a2), __d = (u32)(a3);		\
	u32 __S = (u32)(a4), __D = (u32)(a5);				\
									\
	asm volatile("call hypercall_page + %c[off]"			\
		     : "=a" (__ret), "+b" (__b), "+c" (__c), "+d" (__d),	\
		       "+S" (__S), "+D" (__D)				\
		     : [off] "i" ((nr) * HYPERCALL_STUB_SIZE)		\
		     : "memory", "cc");					\
	__ret;								\
})

static inline long hypercall_physdev_op(u32 cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

static inline long hypercall_physdev_op_compat(void *op)
{
	return _hypercall(__HYPERVISOR_physdev_op_compat, op, 0, 0, 0, 0);
}

static inline long hypercall_set_trap_table(const struct trap_info *table)
{
	return _hypercall(__HYPERVISOR_set_trap_table, table, 0, 0, 0, 0);
}

static inline long hypercall_mmu_update(const struct mmu_update *reqs,
					u32 count, u32 *done, u32 foreigndom)
{
	return _hypercall(__HYPERVISOR_mmu_update, reqs, count, done,
			  foreigndom, 0);
}

static inline long hypercall_set_gdt(const u32 *frames, u32 entries)
{
	return _hypercall(__HYPERVISOR_set_gdt, frames, entries, 0, 0, 0);
}

static inline long hypercall_stack_switch(u32 ss, u32 esp)
{
	return _hypercall(__HYPERVISOR_stack_switch, ss, esp, 0, 0, 0);
}

static inline long hypercall_set_callbacks(u32 ev_cs, u32 ev_eip,
					   u32 fs_cs, u32 fs_eip)
{
	return _hypercall(__HYPERVISOR_set_callbacks, ev_cs, ev_eip,
			  fs_cs, fs_eip, 0);
}

static inline long hypercall_fpu_taskswitch(u32 set)
{
	return _hypercall(__HYPERVISOR_fpu_taskswitch, set, 0, 0, 0, 0);
}

static inline long hypercall_set_debugreg(u32 reg, u32 val)
{
	return _hypercall(__HYPERVISOR_set_debugreg, reg, val, 0, 0, 0);
}

/* The register's value, or a negative error: compare as long. */
static inline long hypercall_get_debugreg(u32 reg)
{
	return _hypercall(__HYPERVISOR_get_debugreg, reg, 0, 0, 0, 0);
}

static inline long hypercall_update_descriptor(u64 ma, u64 desc)
{
	return _hypercall(__HYPERVISOR_update_descriptor, (u32)ma,
			  (u32)(ma >> 32), (u32)desc, (u32)(desc >> 32), 0);
}

static inline long hypercall_memory_op(u32 cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}

static inline long hypercall_multicall(struct multicall_entry *list,
				       u32 count)
{
	return _hypercall(__HYPERVISOR_multicall, list, count, 0, 0, 0);
}

static inline long hypercall_update_va_mapping(u32 va, u64 pte, u32 flags)
{
	return _hypercall(__HYPERVISOR_update_va_mapping, va, (u32)pte,
			  (u32)(pte >> 32), flags, 0);
}

static inline long hypercall_xen_version(u32 cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}

static inline long hypercall_console_io(u32 cmd, u32 count, const char *buf)
{
	return _hypercall(__HYPERVISOR_console_io, cmd, count, buf, 0, 0);
}

static inline long hypercall_vm_assist(u32 cmd, u32 type)
{
	return _hypercall(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0);
}

static inline long hypercall_vcpu_op(u32 cmd, u32 vcpuid, void *arg)
{
	return _hypercall(__HYPERVISOR_vcpu_op, cmd, vcpuid, arg, 0, 0);
}

static inline long hypercall_mmuext_op(const struct mmuext_op *ops, u32 count,
				       u32 *done, u32 foreigndom)
{
	return _hypercall(__HYPERVISOR_mmuext_op, ops, count, done,
			  foreigndom, 0);
}

static inline long hypercall_sched_op(u32 cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}

static inline long hypercall_callback_op(u32 cmd, const void *arg)
{
	return _hypercall(__HYPERVISOR_callback_op, cmd, arg, 0, 0, 0);
}

static inline long hypercall_yield(void)
{
	return hypercall_sched_op(SCHEDOP_yield, NULL);
}

#endif /* !__ASSEMBLY__ */

#endif /* GUEST_HYPERCALL_H */

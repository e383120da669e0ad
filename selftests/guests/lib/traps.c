// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual IDT, the "last trap" record and resuming after a trap.
 *
 * Policy lives here, mechanism in traps.S: which vectors are installed at
 * which DPL, what gets recorded, and where a trap may resume.  A trap that
 * no exception-table entry covers fails the guest with its frame printed,
 * so an unexpected fault can never go unnoticed.
 */
#include "mm.h"
#include "test.h"
#include "traps.h"
#include "user.h"

struct trap_record last_trap;
u8 trap_use_hw_iret;
u32 trap_sysenter_cs;

/*
 * INT n is allowed from rings <= the DPL.  #BP and #OF reach us from any
 * ring whatever their DPL (ABI 5.3), but say 3 to mean it.  Everything
 * else is DPL 0: a guest "int $13" must become #GP, not a fake #GP
 * without its error code.
 */
static u8 vector_dpl(u32 vector)
{
	switch (vector) {
	case X86_TRAP_BP:
	case X86_TRAP_OF:
	case TRAP_SYSCALL:
	case TRAP_TEST_DPL3:
		return 3;
	case TRAP_TEST_DPL1:
		return 1;
	default:
		return 0;
	}
}

/* Vectors whose frame carries an error code (ABI 5.2). */
static bool has_error_code(u32 vector)
{
	switch (vector) {
	case 8:
	case 10 ... 14:
	case 17:
	case 21:
	case 29:
	case 30:
		return true;
	default:
		return false;
	}
}

/* Events that leave EIP after the instruction rather than at it. */
static bool is_trap_like(u32 vector)
{
	return vector == X86_TRAP_BP || vector == X86_TRAP_OF || vector >= 32;
}

static void register_callback(u16 type, u16 flags, void *entry)
{
	struct callback_register cb = {
		.type = type,
		.flags = flags,
		.cs = FLAT_RING1_CS,
		.eip = (u32)entry,
	};

	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &cb), 0);
}

void trap_init(void)
{
	static struct trap_info table[64];
	const struct trap_stub *s;
	unsigned int n = 0;

	for (s = trap_stubs; s->entry; s++) {
		if (s->vector >= 256)
			continue;
		GUEST_ASSERT(n < ARRAY_SIZE(table) - 1);
		table[n].vector = s->vector;
		table[n].flags = TI_DPL(vector_dpl(s->vector)) | TI_MASK_EVENTS;
		table[n].cs = FLAT_RING1_CS;
		table[n].address = s->entry;
		n++;
	}
	/* table[n] stays zero: address 0 ends the table. */
	GUEST_ASSERT_EQ(hypercall_set_trap_table(table), 0);

	/* Traps from ring 3 land on this stack. */
	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS,
					       (u32)trap_stack_top), 0);

	/* Events stay masked throughout; an upcall would be a bug. */
	register_callback(CALLBACKTYPE_event, 0, trap_entry_event);
	register_callback(CALLBACKTYPE_failsafe, 0, trap_entry_failsafe);

	trap_reset();
}

void trap_reset(void)
{
	memset(&last_trap, 0, sizeof(last_trap));
	last_trap.vector = TRAP_NO_ERROR;
	last_trap.error = TRAP_NO_ERROR;
	barrier();
}

static void record(const struct trap_frame *f)
{
	struct trap_record *r = &last_trap;
	u16 ss;

	r->count++;
	r->vector = f->vector;
	r->error = has_error_code(f->vector) ? f->error : TRAP_NO_ERROR;
	r->eip = f->eip;
	r->cs = f->cs & 0xffff;
	r->saved_mask = (f->cs >> 16) & 0xff;
	r->eflags = f->eflags;
	/* The hypervisor writes ESP/SS iff the interrupted CS had RPL 2/3. */
	r->ring_change = f->cs & 2;
	if (r->ring_change) {
		r->esp = f->esp;
		r->ss = f->ss & 0xffff;
	} else {
		asm("mov %%ss, %0" : "=rm" (ss));
		r->esp = (u32)&f->esp;
		r->ss = ss;
	}
	r->eax = f->eax;
	r->ebx = f->ebx;
	r->ecx = f->ecx;
	r->edx = f->edx;
	r->esi = f->esi;
	r->edi = f->edi;
	r->ebp = f->ebp;
	r->cr2 = 0;
	if (f->vector == X86_TRAP_PF && shared_info)
		r->cr2 = shared_info->vcpu_info[0].arch.cr2;
}

static const struct extable_entry *search_extable(u32 eip, u32 vector)
{
	const struct extable_entry *e;

	for (e = __start_ex_table; e < __stop_ex_table; e++) {
		if (e->insn == eip)
			return e;
		if (e->fixup == eip && is_trap_like(vector))
			return e;
	}
	return NULL;
}

/*
 * SYSENTER saves no return state, so its frame shows EIP 0 and CS 3
 * (ABI 5.3).  Follow the Linux convention the tests use: return to EDX
 * with ESP = ECX.
 */
static u32 sysenter_resume(struct trap_frame *f)
{
	u32 *frame;

	if (!trap_sysenter_cs)
		guest_fail("unexpected SYSENTER frame, vector 0x%x", f->vector);

	if ((trap_sysenter_cs & 3) == 3) {
		/* CS 3 made the hypervisor write a ring-3 frame: edit it. */
		f->eip = f->edx;
		f->cs = trap_sysenter_cs;
		f->esp = f->ecx;
		f->ss = FLAT_RING3_SS;
		return (u32)&f->eip;
	}

	/*
	 * Back to ring 1, where a return does not load ESP: build the frame
	 * right below the ESP to resume with, on the interrupted stack.
	 */
	frame = (u32 *)f->ecx - 3;
	frame[0] = f->edx;
	frame[1] = trap_sysenter_cs;
	frame[2] = f->eflags;
	return (u32)frame;
}

u32 do_trap(struct trap_frame *f)
{
	const struct extable_entry *e;

	/* The ring-3 code of exec_user() is done: back to its caller. */
	if (f->vector == TRAP_SYSCALL && (f->cs & 3) == 3 &&
	    f->eax == USER_EXIT_NR) {
		if (!user_saved_esp)
			guest_fail("ring-3 exit outside exec_user()");
		user_return(f->ebx);
	}

	record(f);

	if (f->vector == TRAP_CB_EVENT)
		guest_fail("event upcall with events masked (pending %u, mask %u)",
			   shared_info ? shared_info->vcpu_info[0].evtchn_upcall_pending : 0,
			   shared_info ? shared_info->vcpu_info[0].evtchn_upcall_mask : 0);

	if (f->eip == 0 && (f->cs & 0xffff) == 3)
		return sysenter_resume(f);

	e = search_extable(f->eip, f->vector);
	if (!e)
		guest_fail("unexpected trap: vector 0x%x error 0x%x at %04x:%08x eflags %08x",
			   f->vector, f->error, f->cs & 0xffff, f->eip,
			   f->eflags);
	if (f->eip == e->insn)
		f->eip = e->fixup;
	return (u32)&f->eip;
}

void __noreturn do_failsafe(const u32 *frame)
{
	guest_fail("failsafe callback: ds %04x es %04x fs %04x gs %04x at %04x:%08x",
		   frame[0] & 0xffff, frame[1] & 0xffff, frame[2] & 0xffff,
		   frame[3] & 0xffff, frame[5] & 0xffff, frame[4]);
}

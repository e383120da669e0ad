/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trap entry stubs and the way back out.
 *
 * The hypervisor bounces a trap to us at ring 1 with this frame (ABI 5.2),
 * lowest address first: [error code], EIP, CS | saved mask << 16, EFLAGS,
 * and ESP, SS if the trap came from ring 3 (then it is on the stack given
 * to stack_switch).  Each stub pushes a 0 where the CPU had no error code,
 * so that one struct trap_frame fits all, then the vector, and jumps to
 * trap_common, which saves the registers and calls do_trap().
 *
 * do_trap() returns the address of the frame to return through.  Usually
 * that is the bounce frame in place (&frame->eip); for a SYSENTER frame,
 * which holds no return address, it is a frame built elsewhere.  Returning
 * uses the iret hypercall by default: it is what restores the virtual
 * event mask from EFLAGS.IF.  Hardware iret works too at CPL 1 (to CPL 1
 * or 3 in compatibility mode) and can be chosen with trap_use_hw_iret.
 */
#include "abi.h"
#include "hypercall.h"
#include "traps.h"

#define TRAP_STACK_SIZE	8192

/* Offset of trap_frame.vector: ds, es and seven registers below it. */
#define TF_VECTOR	36

	.code32

/*
 * The list of stubs, read by trap_init(): { vector, entry } pairs, ended
 * by a null entry.
 */
	.pushsection .rodata.trap_stubs, "a"
	.balign	4
	.globl	trap_stubs
trap_stubs:
	.popsection

/* \err: the CPU pushes an error code for this vector. */
.macro	TRAP_ENTRY name:req, vec:req, err=0
	.text
	.balign	16
	.globl	trap_entry_\name
	.type	trap_entry_\name, @function
trap_entry_\name:
	.if	\err == 0
	push	$0
	.endif
	push	$\vec
	jmp	trap_common
	.size	trap_entry_\name, . - trap_entry_\name

	.pushsection .rodata.trap_stubs, "a"
	.long	\vec, trap_entry_\name
	.popsection
.endm

	/* Error codes as listed in ABI 5.2: 8, 10-14, 17, 21, 29, 30. */
	TRAP_ENTRY 0, 0
	TRAP_ENTRY 1, 1
	TRAP_ENTRY 2, 2
	TRAP_ENTRY 3, 3
	TRAP_ENTRY 4, 4
	TRAP_ENTRY 5, 5
	TRAP_ENTRY 6, 6
	TRAP_ENTRY 7, 7
	TRAP_ENTRY 8, 8, 1
	TRAP_ENTRY 9, 9
	TRAP_ENTRY 10, 10, 1
	TRAP_ENTRY 11, 11, 1
	TRAP_ENTRY 12, 12, 1
	TRAP_ENTRY 13, 13, 1
	TRAP_ENTRY 14, 14, 1
	TRAP_ENTRY 15, 15
	TRAP_ENTRY 16, 16
	TRAP_ENTRY 17, 17, 1
	TRAP_ENTRY 18, 18
	TRAP_ENTRY 19, 19
	TRAP_ENTRY 20, 20
	TRAP_ENTRY 21, 21, 1
	TRAP_ENTRY 22, 22
	TRAP_ENTRY 23, 23
	TRAP_ENTRY 24, 24
	TRAP_ENTRY 25, 25
	TRAP_ENTRY 26, 26
	TRAP_ENTRY 27, 27
	TRAP_ENTRY 28, 28
	TRAP_ENTRY 29, 29, 1
	TRAP_ENTRY 30, 30, 1
	TRAP_ENTRY 31, 31
	TRAP_ENTRY int80, TRAP_SYSCALL
	TRAP_ENTRY dpl1, TRAP_TEST_DPL1
	TRAP_ENTRY dpl3, TRAP_TEST_DPL3
	TRAP_ENTRY dpl0, TRAP_TEST_DPL0
	/* Callbacks, not IDT vectors: trap_init() skips vectors >= 256. */
	TRAP_ENTRY event, TRAP_CB_EVENT
	TRAP_ENTRY sysenter, TRAP_CB_SYSENTER
	TRAP_ENTRY syscall, TRAP_CB_SYSCALL

	.pushsection .rodata.trap_stubs, "a"
	.long	0, 0			/* end of list */
	.popsection

	.text
	.balign	16
	.type	trap_common, @function
trap_common:
	push	%ebp
	push	%edi
	push	%esi
	push	%edx
	push	%ecx
	push	%ebx
	push	%eax
	push	%es
	push	%ds
	/*
	 * A trap from ring 3 arrives with the user's DS/ES (0xe033, usable
	 * at ring 1 too, but be tidy); SS is already the stack_switch one.
	 */
	mov	$FLAT_RING1_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	/* The bounce does not clear DF, and C assumes it clear. */
	cld
	push	%esp
	call	do_trap
	add	$4, %esp
	/* Keep where to return in the vector slot: the last thing popped. */
	mov	%eax, TF_VECTOR(%esp)
	pop	%ds
	pop	%es
	pop	%eax
	pop	%ebx
	pop	%ecx
	pop	%edx
	pop	%esi
	pop	%edi
	pop	%ebp
	/* ESP := the return frame (the error code slot is skipped). */
	pop	%esp
	.globl	trap_return
trap_return:
	testb	$1, trap_use_hw_iret
	jnz	1f
	/* The stub pushes EAX and restores it; it never comes back. */
	jmp	hypercall_page + HYPERCALL_IRET_OFFSET
1:	iret
	.size	trap_common, . - trap_common

/*
 * The failsafe callback (ABI 5.4): the hypervisor could not reload a data
 * segment register.  Its frame is DS, ES, FS, GS, EIP, CS, EFLAGS[, ESP,
 * SS]; nothing in the guests should ever cause one, so report and fail.
 */
	.balign	16
	.globl	trap_entry_failsafe
	.type	trap_entry_failsafe, @function
trap_entry_failsafe:
	mov	$FLAT_RING1_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	cld
	mov	%esp, %eax
	push	%eax
	call	do_failsafe
	ud2
	nop
	.size	trap_entry_failsafe, . - trap_entry_failsafe

/* The stack for ring 3 -> ring 1 transitions (stack_switch). */
	.section .bss.trap_stack, "aw", @nobits
	.balign	4096
	.globl	trap_stack_top
	.skip	TRAP_STACK_SIZE
trap_stack_top:

	.section .note.GNU-stack, "", @progbits

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entering ring 3 and coming back.
 *
 * __exec_user_at() saves the callee-saved registers and its ESP, then
 * "returns" to ring 3 through the same exit as traps (trap_return: the iret
 * hypercall by default).  The ring-3 code ends with an "int $0x80" that
 * do_trap() recognises and turns into user_return(), which drops the
 * trap-stack frame, restores the saved ESP and returns from
 * __exec_user_at().
 */
#include "abi.h"
#include "user.h"

	.code32
	.text

/* u32 __exec_user_at(u32 eip, u32 arg, u32 cs, u32 ss, u32 esp) */
	.globl	__exec_user_at
	.type	__exec_user_at, @function
__exec_user_at:
	push	%ebp
	push	%ebx
	push	%esi
	push	%edi
	mov	%esp, user_saved_esp
	mov	%esp, %ebp
	mov	24(%ebp), %eax
	/* iret frame for ring 3 */
	push	32(%ebp)
	push	36(%ebp)
	/* IF clear: the iret hypercall keeps events masked. */
	push	$X86_EFLAGS_FIXED
	push	28(%ebp)
	push	20(%ebp)
	/*
	 * A return to ring 3 nulls data segment registers with DPL < 3, and
	 * the hypervisor does not reload them: load the ring-3 ones now.
	 */
	mov	$FLAT_RING3_DS, %edx
	mov	%edx, %ds
	mov	%edx, %es
	mov	%edx, %fs
	mov	%edx, %gs
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	jmp	trap_return
	.size	__exec_user_at, . - __exec_user_at

/* void user_return(u32 ret), on the trap stack, from do_trap() */
	.globl	user_return
	.type	user_return, @function
user_return:
	mov	4(%esp), %eax
	mov	$FLAT_RING1_DS, %ecx
	mov	%ecx, %ds
	mov	%ecx, %es
	mov	%ecx, %fs
	mov	%ecx, %gs
	mov	user_saved_esp, %esp
	movl	$0, user_saved_esp
	pop	%edi
	pop	%esi
	pop	%ebx
	pop	%ebp
	ret
	.size	user_return, . - user_return

	.data
	.balign	4
	.globl	user_saved_esp
user_saved_esp:
	.long	0

	.section .bss.user, "aw", @nobits
	.balign	4096
	.globl	user_stack_top
	.skip	4096
user_stack_top:

	.section .note.GNU-stack, "", @progbits

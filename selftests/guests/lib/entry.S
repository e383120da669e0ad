/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The entry point, our stack, the hypercall page and the Xen ELF notes.
 *
 * The hypervisor starts us at ring 1 in 32-bit compatibility mode with
 * CS = 0xe019, the data segments = 0xe021, ESI = VA of start_info and ESP
 * at the top of a one-page bootstrap stack (ABI 6.3).  Events are masked
 * (evtchn_upcall_mask = 1) and nothing in the runtime ever unmasks them.
 */
#include "abi.h"

#define STACK_SIZE	16384

	.code32
	.section .text.head, "ax"
	.globl	_start
	.type	_start, @function
_start:
	mov	%esi, start_info
	mov	%esp, boot_stack_top
	/* One page is too small to nest a trap in a test; use our own. */
	mov	$stack_top, %esp
	/* The ABI does not promise DF = 0, and C assumes it. */
	cld
	call	guest_start
	/* guest_start() does not return. */
	ud2
	nop
	.size	_start, . - _start

/*
 * The hypervisor overwrites this page with its stubs before we start
 * (HYPERCALL_PAGE note).  Shipping it full of "ret" lets guest_start()
 * see whether that happened.
 */
	.section .text.hypercall_page, "ax"
	.balign	4096
	.globl	hypercall_page
	.type	hypercall_page, @object
hypercall_page:
	.fill	4096, 1, 0xc3
	.size	hypercall_page, 4096

	.section .bss.stack, "aw", @nobits
	.balign	4096
	.globl	stack_bottom, stack_top
stack_bottom:
	.skip	STACK_SIZE
stack_top:

/*
 * A Xen note: owner "Xen", 4-byte aligned name and descriptor.  Numeric
 * notes are 4 bytes, strings are NUL-terminated.
 */
.macro	XEN_NOTE type:req, desc:vararg
	.pushsection .note.Xen, "a", @note
	.balign	4
	.long	2f - 1f		/* namesz */
	.long	4f - 3f		/* descsz */
	.long	\type
1:	.asciz	"Xen"
2:	.balign	4
3:	\desc
4:	.balign	4
	.popsection
.endm

	XEN_NOTE XEN_ELFNOTE_XEN_VERSION,	.asciz "xen-3.0"
	XEN_NOTE XEN_ELFNOTE_GUEST_OS,		.asciz "hvtest"
	XEN_NOTE XEN_ELFNOTE_GUEST_VERSION,	.asciz "0"
	XEN_NOTE XEN_ELFNOTE_LOADER,		.asciz "generic"
	XEN_NOTE XEN_ELFNOTE_PAE_MODE,		.asciz "yes"
	XEN_NOTE XEN_ELFNOTE_FEATURES,		.asciz "!writable_page_tables|pae_pgdir_above_4gb"
	XEN_NOTE XEN_ELFNOTE_HYPERCALL_PAGE,	.long hypercall_page
	XEN_NOTE XEN_ELFNOTE_ENTRY,		.long _start

	.section .note.GNU-stack, "", @progbits

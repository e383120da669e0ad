/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The world switch: from the host (64-bit, ring 0, Linux's tables) into a
 * 32-bit guest at ring 1 or 3 (compatibility mode, the hypervisor's GDT,
 * IDT and page table), and back.  Also the 256 vector stubs that catch
 * everything that happens while a guest runs.
 *
 * The one rule that shapes the order of every step: at each instant, the
 * CS and SS that an NMI's iretq would reload must be valid in the GDT that
 * is loaded, and the gates of the loaded IDT must name a valid code
 * selector.  Host gates use __KERNEL_CS (0x10), which the hypervisor GDT
 * lacks (its low pages belong to the guest); ours use 0xe008, which the
 * host GDT lacks.  So both directions pass through a "transition" GDT that
 * holds both: a copy of this CPU's host GDT in page 0 and the hypervisor's
 * reserved page in page 14.
 *
 * TR is never reloaded: lgdt does not touch the cached TSS, so the host's
 * TSS stays in force.  While the guest runs its RSP0 points at the vCPU
 * thread's own stack, right below the hv_world_switch() frame, where the
 * pointer to struct hv_switch waits for the stubs.
 */
#include <linux/linkage.h>
#include <asm/msr-index.h>
#include <asm/irq_vectors.h>
#include <asm/nospec-branch.h>
#include <asm/page_types.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/trapnr.h>
#include <asm/unwind_hints.h>
#include <uapi/asm/debugreg.h>
#include "compat.h"
#include "switch.h"
#include "hv-asm-offsets.h"

/*
 * Unwind hints for objtool and ORC.  HV_FRAME_HINT words: a return address
 * lies right above that many words on the stack, as in hv_world_switch()
 * after its pushes.  HV_NO_FRAME_HINT (compat.h): no frame to follow.
 */
.macro HV_FRAME_HINT words:req
	UNWIND_HINT type=UNWIND_HINT_TYPE_CALL sp_reg=ORC_REG_SP sp_offset=(\words+1)*8
.endm

/* What hv_world_switch() pushes below its return address. */
#define HV_SWITCH_WORDS		10
#define HV_SWITCH_SAVED_WORDS	7

/*
 * u64 hv_world_switch(struct hv_switch *s)
 *
 * Called with interrupts off.  Returns the exit code: the vector that made
 * the guest leave (the guest's registers are then in s->regs), or one of
 * HV_EXIT_*.
 *
 * Called like a function, but not one in objtool's sense: it leaves through
 * an iretq into the guest and comes back through hv_world_exit's RET on the
 * stack it saved.  So it is code with unwind hints: a function's frame at
 * the entry, and the frame after the far return below.
 */
	.text
SYM_CODE_START(hv_world_switch)
	UNWIND_HINT_FUNC
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	pushfq
	mov	%rsp, HVS_HOST_RSP(%rdi)

	/*
	 * The stubs find s right above the frame the CPU builds at RSP0, and
	 * the CPU first aligns RSP0 down to 16 bytes.  So s goes into the two
	 * words below RSP0: whichever way the alignment falls, the word at
	 * the aligned RSP0 holds it (no realignment of our own stack).
	 */
	push	%rdi
	push	%rdi
	push	%rdi
	mov	HVS_SP0_PTR(%rdi), %rax
	lea	8(%rsp), %rdx
	mov	%rdx, (%rax)

	/* Save what the exit must put back. */
	mov	%ds, HVS_HOST_DS(%rdi)
	mov	%es, HVS_HOST_ES(%rdi)
	mov	%fs, HVS_HOST_FS(%rdi)
	mov	%gs, HVS_HOST_GS(%rdi)
	mov	%ss, HVS_HOST_SS(%rdi)
	mov	%rdi, %rbx
	mov	$MSR_FS_BASE, %ecx
	rdmsr
	mov	%eax, HVS_HOST_FSBASE(%rbx)
	mov	%edx, HVS_HOST_FSBASE+4(%rbx)
	mov	$MSR_KERNEL_GS_BASE, %ecx
	rdmsr
	mov	%eax, HVS_HOST_KGSBASE(%rbx)
	mov	%edx, HVS_HOST_KGSBASE+4(%rbx)
	mov	$MSR_GS_BASE, %ecx
	rdmsr
	mov	%eax, HVS_HOST_GSBASE(%rbx)
	mov	%edx, HVS_HOST_GSBASE+4(%rbx)
	/*
	 * The guest's GS selector will replace GS_BASE.  Park the host's
	 * per-CPU base in KERNEL_GS_BASE, where the stubs' swapgs finds it.
	 */
	mov	$MSR_KERNEL_GS_BASE, %ecx
	wrmsr
	sgdt	HVS_HOST_GDTR(%rbx)
	sidt	HVS_HOST_IDTR(%rbx)
	sldt	HVS_HOST_LDTR(%rbx)
	mov	%cr3, %rax
	mov	%rax, HVS_HOST_CR3(%rbx)

	/* Into the hypervisor's tables, through the transition GDT. */
	lgdt	HVS_TRANS_GDTR(%rbx)
	lidt	HVS_HYP_IDTR(%rbx)
	pushq	$HV_CS64
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
	/*
	 * lretq is a far return to the next instruction: the stack is as it
	 * was before the two pushes.  objtool stops at a far return; tell it
	 * (and ORC) where the frame is: the return address above the ten
	 * words pushed since the entry.
	 */
1:	HV_FRAME_HINT HV_SWITCH_WORDS
	xor	%eax, %eax
	mov	%eax, %ss
	/* The host LDT may hold 64-bit DPL-3 code segments: none for guests. */
	lldt	%ax
	/* Guest page tables never carry G, and the write flushes the rest. */
	mov	HVS_HYP_CR3(%rbx), %rax
	mov	%rax, %cr3
	lgdt	HVS_HYP_GDTR(%rbx)
	/* The guest's LDT (set_ldt) is a system descriptor in our page. */
	lldt	HVS_LDT_SEL(%rbx)
	mov	%rbx, %rdi
	jmp	hv_enter_guest
SYM_CODE_END(hv_world_switch)

/*
 * Load the guest state from s (%rdi) and iretq into it.  Shared by the
 * world entry and by the fast path, which resumes the guest without ever
 * leaving its world.  C has checked CS, SS and the data selectors.
 */
SYM_CODE_START_LOCAL(hv_enter_guest)
	pushq	HVR_SS(%rdi)
	pushq	HVR_RSP(%rdi)
	pushq	HVR_RFLAGS(%rdi)
	pushq	HVR_CS(%rdi)
	pushq	HVR_RIP(%rdi)
	mov	HVS_DS(%rdi), %ds
	mov	HVS_ES(%rdi), %es
	mov	HVS_FS(%rdi), %fs
	mov	HVS_GS(%rdi), %gs
	/* ZF survives the moves below: clear for a 16-bit stack segment. */
	cmpq	$0, HVS_ESPFIX(%rdi)
	mov	HVR_RAX(%rdi), %rax
	mov	HVR_RBX(%rdi), %rbx
	mov	HVR_RCX(%rdi), %rcx
	mov	HVR_RDX(%rdi), %rdx
	mov	HVR_RSI(%rdi), %rsi
	mov	HVR_RBP(%rdi), %rbp
	mov	HVR_R8(%rdi), %r8
	mov	HVR_R9(%rdi), %r9
	mov	HVR_R10(%rdi), %r10
	mov	HVR_R11(%rdi), %r11
	mov	HVR_R12(%rdi), %r12
	mov	HVR_R13(%rdi), %r13
	mov	HVR_R14(%rdi), %r14
	mov	HVR_R15(%rdi), %r15
	mov	HVR_RDI(%rdi), %rdi
	jnz	hv_iret16
	iretq
SYM_CODE_END(hv_enter_guest)

/*
 * The iretq to a 16-bit stack segment (B = 0), in place of a plain one.
 * Such an iretq loads only SP[15:0]: ESP[31:16] keep bits of the RSP it
 * ran on, which would hand the guest bits of this thread's stack address.
 * So it runs on the vCPU's espfix page instead (paging.c), through the
 * alias whose address bits 31:16 are the guest's own ESP[31:16]: what the
 * CPU leaves behind is what the guest had.  The page is written through
 * its kernel address, read through the alias.
 *
 * Entered with every register the guest's and RSP at the iret frame, s
 * right above it (the word at RSP0, for both the world entry and the
 * fast path).  A fault on the iretq lands in hv_common on the alias,
 * which is writable and below HV_ESPFIX_OFF has room for it; so does an
 * NMI, which returns here.  hv_world_exit leaves the alias before the
 * host's page table, where it is not mapped, comes back.
 */
SYM_CODE_START_LOCAL(hv_iret16)
	UNWIND_HINT_IRET_REGS
	push	%rax
	push	%rdi
	/* Stack: rdi, rax, rip, cs, rflags, rsp, ss, s. */
	mov	56(%rsp), %rdi
	mov	HVS_ESPFIX_WR(%rdi), %rdi
	mov	8(%rsp), %rax
	mov	%rax, (%rdi)
	mov	16(%rsp), %rax
	mov	%rax, 8(%rdi)
	mov	24(%rsp), %rax
	mov	%rax, 16(%rdi)
	mov	32(%rsp), %rax
	mov	%rax, 24(%rdi)
	mov	40(%rsp), %rax
	mov	%rax, 32(%rdi)
	mov	48(%rsp), %rax
	mov	%rax, 40(%rdi)
	/* The alias: HV_ESPFIX_BASE | guest ESP[31:16] | HV_ESPFIX_OFF. */
	mov	56(%rsp), %rdi
	mov	40(%rsp), %eax
	and	$0xffff0000, %eax
	or	HVS_ESPFIX_RSP(%rdi), %rax
	pop	%rdi
	mov	%rax, %rsp
	UNWIND_HINT_IRET_REGS offset=8
	pop	%rax
	iretq
SYM_CODE_END(hv_iret16)

/*
 * 256 stubs, HV_STUB_SIZE bytes apart: the IDT's gates point here.  Each
 * pushes a zero where the CPU pushed no error code, then its vector.
 */
	.align	HV_STUB_SIZE
SYM_CODE_START(hv_vector_stubs)
vector = 0
.rept 256
	.align	HV_STUB_SIZE
	.if (vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30)
	UNWIND_HINT_IRET_REGS offset=8
	.else
	UNWIND_HINT_IRET_REGS
	.endif
	ENDBR
	.if !(vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30)
	pushq	$0
	.endif
	pushq	$vector
	jmp	hv_common
vector = vector + 1
.endr
SYM_CODE_END(hv_vector_stubs)

/*
 * The guest's registers go onto the stack as struct hv_regs, in two steps:
 * the lean paths below use only the first nine (PUSH_LEAN), the full path
 * pushes the rest on top (PUSH_REST) and has the whole struct hv_regs.
 */
.macro PUSH_LEAN
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rax
	push	%r8
	push	%r9
	push	%r10
	push	%r11
.endm

.macro PUSH_REST
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm

.macro POP_LEAN
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
.endm

.macro POP_REST
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
.endm

/* A field of the trap frame while only PUSH_LEAN's registers are pushed. */
#define LF(field)	(HVR_##field - HVR_R11)
#define LF_SWITCH	(HVR_SIZE - HVR_R11)	/* the word holding s */

/*
 * Begin a trace record (trace.h) of @kind for @nr (a register, not %eax or
 * %edx) at the guest's EIP and CS: %r10 := the record; clobbers %rax,
 * %rdx, %r11.  TRACE_CALL fills a hypercall's arguments (EBX is still the
 * guest's own register, the others are on the stack) and its result.
 */
.macro TRACE_START kind:req, nr:req
	mov	HVV_TRACE_HEAD(%rdi), %r10
	and	$HV_TRACE_MASK, %r10d
	lea	(%r10, %r10, 2), %r10
	shl	$4, %r10			/* 48 bytes a record */
	add	HVV_TRACE_RECS(%rdi), %r10
	rdtsc
	mov	%eax, HVTR_TSC(%r10)
	mov	%edx, HVTR_TSC+4(%r10)
	movl	$\kind, HVTR_KIND(%r10)
	movl	\nr, HVTR_NR(%r10)
	mov	LF(RIP)(%rsp), %r11d
	mov	%r11d, HVTR_EIP(%r10)
	mov	LF(CS)(%rsp), %r11d
	mov	%r11d, HVTR_CS(%r10)
.endm

.macro TRACE_CALL res:req
	mov	%ebx, HVTR_ARG(%r10)
	mov	LF(RCX)(%rsp), %r11d
	mov	%r11d, HVTR_ARG+4(%r10)
	mov	LF(RDX)(%rsp), %r11d
	mov	%r11d, HVTR_ARG+8(%r10)
	mov	LF(RSI)(%rsp), %r11d
	mov	%r11d, HVTR_ARG+12(%r10)
	mov	LF(RDI)(%rsp), %r11d
	mov	%r11d, HVTR_ARG+16(%r10)
	mov	\res, %r11d
	mov	%r11d, HVTR_RES(%r10)
.endm

/* Publish it: stores stay in order on x86, the head goes last. */
.macro TRACE_COMMIT
	incq	HVV_TRACE_HEAD(%rdi)
.endm

/*
 * To @skip unless the lean paths' trips are traced (hv.trace_lean, debug.c):
 * a record is some 25 instructions and an rdtsc on trips of about 100.
 */
.macro TRACE_IF_LEAN skip:req
	cmpb	$0, hv_trace_lean(%rip)
	je	\skip
.endm

/* Clear the guest's AC and DF before C code or the host's string moves. */
.macro CLEAR_FLAGS
	pushq	$2
	popfq
.endm

/*
 * %r8 := the host address of the guest linear address in @first, through
 * the stack page cache (struct hv_kstack, two entries), for a frame whose
 * last byte is at @last (clobbered); to @fail when that is not a cached
 * page or the frame crosses its end.  Clobbers %r11.
 */
.macro KSTACK_HOST first:req, last:req, fail:req
	xor	\first, \last
	test	$PAGE_MASK, \last
	jnz	\fail
	mov	\first, %r11d
	and	$PAGE_MASK, %r11d
	or	$1, %r11d
	mov	\first, %r8d
	and	$~PAGE_MASK, %r8d
	cmp	HVV_KSTACK0_TAG(%rdi), %r11d
	jne	.Lks1\@
	add	HVV_KSTACK0_HOST(%rdi), %r8
	jmp	.Lks2\@
.Lks1\@:
	cmp	HVV_KSTACK1_TAG(%rdi), %r11d
	jne	\fail
	add	HVV_KSTACK1_HOST(%rdi), %r8
.Lks2\@:
.endm

/*
 * To @fail unless the selector in @sel (a 16-bit register) is one the
 * lean paths may load as LEAN(kind), kind one of RING1_CS, RING1_DS,
 * RING3_CS or RING3_DS: the guest's own one in struct hv_lean_sels
 * (desc.c, hv_lean_learn()), or hv's flat one, PV_FLAT_kind.  %rdi = v.
 */
#define LEAN(kind)	HVV_LEAN_##kind, PV_FLAT_##kind

.macro LEAN_SEL sel:req, lean:req, flat:req, fail:req
	cmp	\lean(%rdi), \sel
	je	.Llsel\@
	cmp	$\flat, \sel
	jne	\fail
.Llsel\@:
.endm

/*
 * %rdx := the host's per-CPU base.  It is GS_BASE when that holds a kernel
 * address, else KERNEL_GS_BASE: true at every point of entry and exit.
 */
.macro HOST_PERCPU_BASE
	mov	$MSR_GS_BASE, %ecx
	rdmsr
	test	%edx, %edx
	js	.Lbase\@
	mov	$MSR_KERNEL_GS_BASE, %ecx
	rdmsr
.Lbase\@:
	shl	$32, %rdx
	mov	%eax, %eax
	or	%rax, %rdx
.endm

SYM_CODE_START_LOCAL(hv_common)
	/* Stack: vector, error, rip, cs, rflags, rsp, ss. */
	testb	$3, 24(%rsp)
	jz	.Lfrom_hypervisor

	/*
	 * From the guest, on the vCPU's stack: s sits above the frame.  The
	 * guest's AC and DF stay set until the way to C or to the host
	 * (CLEAR_FLAGS): the lean paths use no string instruction and touch
	 * no user page.
	 */
	swapgs
	PUSH_LEAN

	/*
	 * The lean paths (Documentation/design.rst, "The lean paths"): the
	 * ring-3 int $0x80 and #PF bounces, the iret hypercall,
	 * xen_version(0) and EVTCHNOP_send to a local port, each with the
	 * upcall it makes due, for the flat selectors (LEAN_SEL) and stack
	 * pages in the cache, with plain moves and no call.  Anything else,
	 * and anything odd, goes to .Lfull with nothing changed, where
	 * hv_fast_path() and the host path do it all.  %rdi = v (struct
	 * hv_vcpu begins with s), %r9 = its vcpu_info.
	 */
	mov	LF_SWITCH(%rsp), %rdi
	mov	HVV_DOM(%rdi), %rsi
	cmpl	$HV_DOMAIN_STATE_RUNNING, HVD_STATE(%rsi)
	jne	.Lfull
	mov	hv_nmi_latch_off(%rip), %rsi
	cmpw	$0, %gs:(%rsi)		/* and the #MC latch after it */
	jne	.Lfull
	mov	HVV_VI(%rdi), %r9
	mov	LF(VECTOR)(%rsp), %eax
	testb	$2, LF(CS)(%rsp)
	jz	.Llean_ring1
	xor	%ecx, %ecx
	cmp	$IA32_SYSCALL_VECTOR, %eax
	je	.Llean_bounce
	mov	$4, %ecx
	cmp	$X86_TRAP_PF, %eax
	je	.Llean_bounce
	jmp	.Lfull

	/*
	 * A hypercall, from a flat ring-1 stack (no 16-bit return) and code
	 * (base 0: EIP is the linear address): an int $0x80 in the hypercall
	 * page (traps.c, hv_hypercall_int(); elsewhere it is the kernel's
	 * own).
	 */
.Llean_ring1:
	cmp	$IA32_SYSCALL_VECTOR, %eax
	jne	.Lfull
	movzwl	LF(SS)(%rsp), %edx
	LEAN_SEL %dx, LEAN(RING1_DS), .Lfull
	movzwl	LF(CS)(%rsp), %edx
	LEAN_SEL %dx, LEAN(RING1_CS), .Lfull
	mov	LF(RIP)(%rsp), %eax
	sub	$2, %eax
	and	$PAGE_MASK, %eax
	cmp	HVV_HCALL_PAGE(%rdi), %eax
	jne	.Lfull
	mov	LF(RAX)(%rsp), %eax
	cmp	$PV_HC_IRET, %eax
	je	.Llean_iret
	cmp	$PV_HC_EVENT_CHANNEL_OP, %eax
	je	.Llean_send
	cmp	$PV_HC_STACK_SWITCH, %eax
	je	.Llean_stack_switch
	cmp	$PV_HC_XEN_VERSION, %eax
	jne	.Lfull
	cmp	$PV_XENVER_VERSION, %ebx
	jne	.Lfull
	movq	$HV_XENVER_VERSION, LF(RAX)(%rsp)
	mov	$PV_HC_XEN_VERSION, %ecx
	jmp	.Llean_hypercall_done

	/*
	 * stack_switch (hypercall.c, hv_stack_switch()) to a lean ring-1 SS
	 * (its RPL raised to 1 as there) and a stack whose page below ESP is
	 * cached already: a Linux context switch back to a task whose stack
	 * hv_kstack_switch() kept.  Else the C path, which caches it.
	 */
.Llean_stack_switch:
	movzwl	%bx, %edx
	test	$3, %dl
	jnz	1f
	or	$1, %edx
1:	LEAN_SEL %dx, LEAN(RING1_DS), .Lfull
	mov	LF(RCX)(%rsp), %esi
	lea	-1(%rsi), %r11d
	and	$PAGE_MASK, %r11d
	or	$1, %r11d
	cmp	HVV_KSTACK0_TAG(%rdi), %r11d
	je	2f
	cmp	HVV_KSTACK1_TAG(%rdi), %r11d
	jne	.Lfull
2:	mov	%edx, HVV_KERNEL_SS(%rdi)
	mov	%esi, HVV_KERNEL_SP(%rdi)
	movq	$0, LF(RAX)(%rsp)
	mov	$PV_HC_STACK_SWITCH, %ecx
	jmp	.Llean_hypercall_done

	/*
	 * EVTCHNOP_send to an IPI or loopback port of the domain (events.c,
	 * hv_evtchn_send_fast(), whose port tests this repeats: a send to
	 * the console's, the xenstore's or a disk's port (peer 0) must reach
	 * the host's back end, a FIFO domain's send takes event_fifo.c's
	 * lock), the port word at the guest's ECX, read through the stack
	 * page cache (it lives on the caller's stack).
	 */
.Llean_send:
	cmp	$PV_EVTCHNOP_send, %ebx
	jne	.Lfull
	mov	LF(RCX)(%rsp), %edx
	lea	3(%rdx), %r8d
	KSTACK_HOST %edx, %r8d, .Lfull
	mov	(%r8), %edx		/* the port */
	lea	-1(%rdx), %r11d
	cmp	$(HV_NR_PORTS - 1), %r11d
	jae	.Lfull
	mov	HVV_DOM(%rdi), %rsi
	cmpq	$0, HVD_FIFO(%rsi)
	jne	.Lfull			/* FIFO: the host path (a lock) */
	cmpw	%dx, HVD_CONSOLE_PORT(%rsi)
	je	.Lfull			/* the backends': the host path */
	cmpw	%dx, HVD_STORE_PORT(%rsi)
	je	.Lfull
	lea	HVD_PORTS(%rsi, %rdx, 4), %r11
	movzbl	HVP_STATE(%r11), %r8d
	cmp	$PV_EVTCHNSTAT_IPI, %r8d
	je	1f
	cmp	$PV_EVTCHNSTAT_INTERDOMAIN, %r8d
	jne	.Lfull
	movzwl	HVP_PEER(%r11), %edx
	test	%edx, %edx		/* peer 0: a back end in hv's */
	jz	.Lfull
	/*
	 * Nothing can fail from here on.  Raise port %edx: its pending bit,
	 * then, unless it was pending or is masked, its selector bit and
	 * upcall_pending (hv_port_set_pending(), hv_port_select()).
	 */
1:	lock incq HVV_EV_STATS + HV_EVSTAT_RAISED * 8(%rdi)
	mov	HVV_SHARED(%rdi), %rsi
	lock btsl %edx, HVSI_PENDING(%rsi)
	jnc	2f
	lock incq HVV_EV_STATS + HV_EVSTAT_COALESCED * 8(%rdi)
	jmp	3f
2:	btl	%edx, HVSI_MASK(%rsi)
	jc	3f
	shr	$5, %edx
	lock btsl %edx, HVVI_SEL(%r9)
	jc	3f
	movb	$1, HVVI_PENDING(%r9)
3:	movq	$0, LF(RAX)(%rsp)
	mov	$PV_HC_EVENT_CHANNEL_OP, %ecx
	jmp	.Llean_hypercall_done

	/*
	 * A bounce from ring 3 onto the kernel stack (traps.c, hv_deliver()):
	 * %eax = vector, %ecx = 4 with an error code, else 0.
	 */
.Llean_bounce:
	movzbl	HVVI_MASK(%r9), %r10d
	test	%r10d, %r10d
	jnz	1f
	cmpb	$0, HVVI_PENDING(%r9)
	jne	.Lfull			/* an upcall is due: it goes first */
1:	lea	HVV_TRAPS(%rdi, %rax, 8), %rsi
	movzwl	HVT_CS(%rsi), %edx
	LEAN_SEL %dx, LEAN(RING1_CS), .Lfull
	mov	HVV_KERNEL_SS(%rdi), %edx	/* 16 bits: hv_stack_switch() */
	LEAN_SEL %dx, LEAN(RING1_DS), .Lfull
	mov	HVV_KERNEL_SP(%rdi), %edx
	lea	-1(%rdx), %r8d
	sub	$20, %edx
	sub	%ecx, %edx		/* the frame's ESP */
	KSTACK_HOST %edx, %r8d, .Lfull

	/* Nothing can fail from here on.  [error,] EIP, CS, EFLAGS, ESP, SS */
	mov	LF(ERROR)(%rsp), %r11d
	mov	%r11d, (%r8)
	add	%rcx, %r8
	mov	LF(RIP)(%rsp), %r11d
	mov	%r11d, (%r8)
	mov	LF(RFLAGS)(%rsp), %r11d
	and	$~(X86_EFLAGS_IF | X86_EFLAGS_IOPL | X86_EFLAGS_AC), %r11d
	test	%r10d, %r10d
	jnz	2f
	or	$X86_EFLAGS_IF, %r11d
2:	mov	%r11d, 8(%r8)
	shl	$16, %r10d		/* the saved upcall mask, CS[23:16] */
	movzwl	LF(CS)(%rsp), %r11d
	or	%r10d, %r11d
	mov	%r11d, 4(%r8)
	mov	LF(RSP)(%rsp), %r11d
	mov	%r11d, 12(%r8)
	mov	LF(SS)(%rsp), %r11d
	mov	%r11d, 16(%r8)
	mov	%rdx, LF(RSP)(%rsp)
	mov	HVV_KERNEL_SS(%rdi), %r11d
	mov	%r11, LF(SS)(%rsp)
	incq	HVV_BOUNCES(%rdi, %rax, 8)
	testb	$PV_TI_MASK_EVENTS, HVT_FLAGS(%rsi)
	jz	3f
	movb	$1, HVVI_MASK(%r9)
3:	cmp	$X86_TRAP_PF, %eax
	jne	4f
	mov	%cr2, %r11
	mov	%r11, HVS_CR2(%rdi)
	mov	%r11d, HVV_VCR2(%rdi)
	mov	%r11d, HVVI_CR2(%r9)
4:	TRACE_IF_LEAN 5f
	mov	%eax, %r8d
	TRACE_START HV_TRACE_BOUNCE, %r8d
	mov	HVT_EIP(%rsi), %r11d
	mov	%r11d, HVTR_ARG(%r10)
	movzwl	HVT_CS(%rsi), %r11d
	mov	%r11d, HVTR_ARG+4(%r10)
	mov	LF(ERROR)(%rsp), %r11d	/* the stub's 0 for int $0x80 */
	mov	%r11d, HVTR_ARG+8(%r10)
	TRACE_COMMIT
	/* Into the handler, at ring 1: the kernel runs with AC. */
5:	mov	HVT_EIP(%rsi), %r11d
	mov	%r11, LF(RIP)(%rsp)
	movzwl	HVT_CS(%rsi), %r11d
	mov	%r11, LF(CS)(%rsp)
	mov	LF(RFLAGS)(%rsp), %r11
	and	$~(X86_EFLAGS_TF | X86_EFLAGS_VM | X86_EFLAGS_RF | X86_EFLAGS_NT | X86_EFLAGS_IOPL), %r11
	or	$(X86_EFLAGS_IF | X86_EFLAGS_AC), %r11
	mov	%r11, LF(RFLAGS)(%rsp)
	jmp	.Llean_resume

	/*
	 * The iret hypercall (hypercall.c, hv_iret_frame()) from a flat
	 * ring-1 stack to flat ring-1 or ring-3 selectors: EAX, EIP, CS,
	 * EFLAGS[, ESP, SS] at the guest's ESP.
	 */
.Llean_iret:
	mov	LF(RSP)(%rsp), %edx
	lea	23(%rdx), %r8d
	KSTACK_HOST %edx, %r8d, .Lfull
	mov	12(%r8), %esi		/* EFLAGS */
	test	$X86_EFLAGS_VM, %esi
	jnz	.Lfull
	movzwl	8(%r8), %ecx		/* CS */
	LEAN_SEL %cx, LEAN(RING3_CS), 1f
	movzwl	20(%r8), %r11d		/* SS */
	LEAN_SEL %r11w, LEAN(RING3_DS), .Lfull
	/* Nothing can fail from here on, nor past ring 1's check below. */
	mov	%r11, LF(SS)(%rsp)
	mov	16(%r8), %r11d
	jmp	2f
1:	LEAN_SEL %cx, LEAN(RING1_CS), .Lfull
	lea	16(%rdx), %r11d		/* ring 1: the same stack, popped */
2:	mov	%r11, LF(RSP)(%rsp)
	test	$X86_EFLAGS_IF, %esi
	setz	HVVI_MASK(%r9)
	mov	(%r8), %r11d
	mov	%r11, LF(RAX)(%rsp)
	mov	4(%r8), %r8d		/* EIP, set once the trace has the old */
	TRACE_IF_LEAN 3f
	TRACE_START HV_TRACE_HYPERCALL, $PV_HC_IRET
	TRACE_CALL LF(RAX)(%rsp)
	TRACE_COMMIT
3:	incq	HVV_HYPERCALLS + PV_HC_IRET * 8(%rdi)
	mov	%r8, LF(RIP)(%rsp)
	mov	%rcx, LF(CS)(%rsp)
	mov	%rsi, LF(RFLAGS)(%rsp)
	jmp	.Llean_return

	/* A hypercall done: %ecx = its number, its result in LF(RAX). */
.Llean_hypercall_done:
	TRACE_IF_LEAN 1f
	TRACE_START HV_TRACE_HYPERCALL, %ecx
	TRACE_CALL LF(RAX)(%rsp)
	TRACE_COMMIT
1:	incq	HVV_HYPERCALLS(%rdi, %rcx, 8)

	/*
	 * Back to where the trap frame says, or first into the event
	 * callback if an upcall is due now (hv_upcall_deliverable()); then
	 * the flags as hv_fast_path() leaves them.
	 */
.Llean_return:
	cmpb	$0, HVVI_PENDING(%r9)
	je	1f
	cmpb	$0, HVVI_MASK(%r9)
	jne	1f
	cmpw	$0, HVV_EVENT_CS(%rdi)
	jne	.Llean_upcall
1:	mov	LF(RFLAGS)(%rsp), %r11
	and	$~(X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_VM), %r11
	or	$X86_EFLAGS_IF, %r11
	testb	$2, LF(CS)(%rsp)
	jnz	2f
	or	$X86_EFLAGS_AC, %r11	/* the kernel runs with AC */
2:	mov	%r11, LF(RFLAGS)(%rsp)
	jmp	.Llean_resume

	/*
	 * The upcall (traps.c, hv_try_upcall()): a bounce into the event
	 * callback, events masked, from the state in the trap frame.  Here
	 * the hypercall is done already: if the frame cannot be written
	 * lean, the world exit (HV_EXIT_REENTER) lets the host deliver it.
	 */
.Llean_upcall:
	movzwl	HVV_EVENT_CS(%rdi), %r11d
	LEAN_SEL %r11w, LEAN(RING1_CS), .Lreenter
	testb	$2, LF(CS)(%rsp)
	jnz	1f
	/* From ring 1: EIP, CS, EFLAGS on its own stack. */
	movzwl	LF(SS)(%rsp), %r11d
	LEAN_SEL %r11w, LEAN(RING1_DS), .Lreenter
	mov	LF(RSP)(%rsp), %edx
	lea	-1(%rdx), %r8d
	sub	$12, %edx
	KSTACK_HOST %edx, %r8d, .Lreenter
	jmp	2f
	/* From ring 3: EIP, CS, EFLAGS, ESP, SS on the kernel stack. */
1:	mov	HVV_KERNEL_SS(%rdi), %r11d
	LEAN_SEL %r11w, LEAN(RING1_DS), .Lreenter
	mov	HVV_KERNEL_SP(%rdi), %edx
	lea	-1(%rdx), %r8d
	sub	$20, %edx
	KSTACK_HOST %edx, %r8d, .Lreenter
	mov	LF(RSP)(%rsp), %r11d
	mov	%r11d, 12(%r8)
	mov	LF(SS)(%rsp), %r11d
	mov	%r11d, 16(%r8)
	mov	HVV_KERNEL_SS(%rdi), %r11d
	mov	%r11, LF(SS)(%rsp)
	/* The mask is clear (the upcall is due): no mask in CS[23:16]. */
2:	mov	LF(RIP)(%rsp), %r11d
	mov	%r11d, (%r8)
	movzwl	LF(CS)(%rsp), %r11d
	mov	%r11d, 4(%r8)
	mov	LF(RFLAGS)(%rsp), %r11d
	and	$~(X86_EFLAGS_IOPL | X86_EFLAGS_AC), %r11d
	or	$X86_EFLAGS_IF, %r11d
	mov	%r11d, 8(%r8)
	mov	%rdx, LF(RSP)(%rsp)
	movb	$1, HVVI_MASK(%r9)
	incq	HVV_BOUNCES + HV_EVENT_VECTOR * 8(%rdi)
	lock incq HVV_EV_STATS + HV_EVSTAT_UPCALL * 8(%rdi)
	TRACE_IF_LEAN 3f
	TRACE_START HV_TRACE_UPCALL, $HV_EVENT_VECTOR
	mov	HVV_EVENT_EIP(%rdi), %r11d
	mov	%r11d, HVTR_ARG(%r10)
	movzwl	HVV_EVENT_CS(%rdi), %r11d
	mov	%r11d, HVTR_ARG+4(%r10)
	movl	$0, HVTR_ARG+8(%r10)
	TRACE_COMMIT
3:	mov	HVV_EVENT_EIP(%rdi), %r11d
	mov	%r11, LF(RIP)(%rsp)
	movzwl	HVV_EVENT_CS(%rdi), %r11d
	mov	%r11, LF(CS)(%rsp)
	mov	LF(RFLAGS)(%rsp), %r11
	and	$~(X86_EFLAGS_TF | X86_EFLAGS_VM | X86_EFLAGS_RF | X86_EFLAGS_NT | X86_EFLAGS_IOPL), %r11
	or	$(X86_EFLAGS_IF | X86_EFLAGS_AC), %r11
	mov	%r11, LF(RFLAGS)(%rsp)

.Llean_resume:
	POP_LEAN
	swapgs
	add	$16, %rsp
	iretq

	/* Done but for the upcall: the host path delivers it. */
.Lreenter:
	movq	$HV_EXIT_REENTER, LF(VECTOR)(%rsp)
	PUSH_REST
	jmp	.Lexit_from_guest

	/* The full path: the whole struct hv_regs, and C. */
.Lfull:
	CLEAR_FLAGS
	PUSH_REST
	mov	%rsp, %rdi
	mov	HVR_SIZE(%rsp), %rsi
	call	hv_fast_path
	test	%eax, %eax
	jnz	.Lnot_resume
	POP_REST
	POP_LEAN
	swapgs
	add	$16, %rsp
	iretq

.Lnot_resume:
	cmp	$HV_FAST_RESUME16, %eax
	jne	.Lexit_from_guest
	POP_REST
	POP_LEAN
	swapgs
	add	$16, %rsp
	jmp	hv_iret16

.Lexit_from_guest:
	/* Keep the guest's state in s, then go back to the host. */
	CLEAR_FLAGS
	mov	HVR_SIZE(%rsp), %rdi
	mov	%rsp, %rsi
	mov	$(HVR_SIZE / 8), %ecx
	rep movsq
	mov	HVR_SIZE(%rsp), %rbx
	mov	%cr2, %rax
	mov	%rax, HVS_CR2(%rbx)
	xor	%eax, %eax
	mov	%ds, %ax
	mov	%rax, HVS_DS(%rbx)
	mov	%es, %ax
	mov	%rax, HVS_ES(%rbx)
	mov	%fs, %ax
	mov	%rax, HVS_FS(%rbx)
	mov	%gs, %ax
	mov	%rax, HVS_GS(%rbx)
	mov	HVR_VECTOR(%rsp), %r12
	jmp	hv_world_exit

.Lfrom_hypervisor:
	/*
	 * A #DB here is a trap: one of the guest's data breakpoints
	 * (debugreg.c) on guest memory hv touched for it, or the one a MOV SS
	 * deferred to the first instruction of an entry stub.  Drop it and go
	 * on, as Xen does in its own context: DR6 back to its reset value.
	 */
	cmpq	$X86_TRAP_DB, (%rsp)
	jne	1f
	push	%rax
	mov	$DR6_RESERVED, %eax
	mov	%rax, %db6
	pop	%rax
	jmp	.Ldebug_trap
1:
	/*
	 * Hypervisor code was interrupted: the switch window or the fast
	 * path.  GS may hold the guest's base here, so find the host's
	 * per-CPU base by hand.  Clobbers rax, rcx, rdx.
	 */
	push	%rax
	push	%rcx
	push	%rdx
	cmpq	$X86_TRAP_MC, 24(%rsp)
	jne	1f
	/*
	 * A machine check: the host's handler runs after the world exit
	 * (hv_vcpu_enter).  If the interrupted code may go on (MCG_STATUS.
	 * RIPV, bit 0), latch it like an NMI; else end the trip like a
	 * fault.  Only a host with CR4.MCE set, so with MCA, gets a #MC.
	 */
	mov	$MSR_IA32_MCG_STATUS, %ecx
	rdmsr
	test	$1, %al
	jz	1f
	HOST_PERCPU_BASE
	mov	hv_mce_latch_off(%rip), %rax
	jmp	.Llatch
1:	HOST_PERCPU_BASE
	cmpq	$X86_TRAP_NMI, 24(%rsp)
	jne	.Lhypervisor_fault
	/*
	 * An NMI: latch it for this CPU and return at once.  The host gets a
	 * real self-NMI once the world exit is done.
	 */
	mov	hv_nmi_latch_off(%rip), %rax
.Llatch:
	add	%rax, %rdx
	movb	$1, (%rdx)
	pop	%rdx
	pop	%rcx
	pop	%rax
.Ldebug_trap:
	add	$16, %rsp
	iretq

.Lhypervisor_fault:
	/*
	 * A fault in hypervisor code: a bug, or an iretq that refused the
	 * frame it was given.  Record where, and leave to the host, which
	 * kills the domain.  s->regs keep the guest state last saved.
	 */
	add	hv_cur_switch_off(%rip), %rdx
	mov	(%rdx), %rbx
	mov	24(%rsp), %rax
	mov	%rax, HVS_FAULT_VEC(%rbx)
	mov	40(%rsp), %rax
	mov	%rax, HVS_FAULT_RIP(%rbx)
	/*
	 * In the fast path v->regs (right after s in struct hv_vcpu) points
	 * at the trap frame on this stack, which the host's next calls
	 * overwrite: the guest state goes into s->regs, and v->regs back to
	 * it, as the host expects after every exit.
	 */
	mov	HVV_REGS(%rbx), %rsi
	cmp	%rsi, %rbx
	je	1f
	mov	%rbx, %rdi
	mov	$(HVR_SIZE / 8), %ecx
	cld
	rep movsq
	mov	%rbx, HVV_REGS(%rbx)
1:	mov	$HV_EXIT_HYPFAULT, %r12
	jmp	hv_world_exit
SYM_CODE_END(hv_common)

/* Back to the host: s in %rbx, exit code in %r12; interrupts are off. */
SYM_CODE_START_LOCAL(hv_world_exit)
	HV_NO_FRAME_HINT
	/*
	 * Onto the stack hv_world_switch() left first: a fault on the 16-bit
	 * stack return arrives on the espfix alias, which the host's page
	 * table does not map.
	 */
	mov	HVS_HOST_RSP(%rbx), %rsp
	HV_FRAME_HINT HV_SWITCH_SAVED_WORDS
	lgdt	HVS_TRANS_GDTR(%rbx)
	mov	HVS_HOST_CR3(%rbx), %rax
	mov	%rax, %cr3
	pushq	$HV_HOST_CS
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	HV_FRAME_HINT HV_SWITCH_SAVED_WORDS
	mov	HVS_HOST_SS(%rbx), %ss
	mov	HVS_HOST_DS(%rbx), %ds
	mov	HVS_HOST_ES(%rbx), %es
	mov	HVS_HOST_FS(%rbx), %fs
	mov	HVS_HOST_GS(%rbx), %gs
	mov	$MSR_FS_BASE, %ecx
	mov	HVS_HOST_FSBASE(%rbx), %eax
	mov	HVS_HOST_FSBASE+4(%rbx), %edx
	wrmsr
	mov	$MSR_GS_BASE, %ecx
	mov	HVS_HOST_GSBASE(%rbx), %eax
	mov	HVS_HOST_GSBASE+4(%rbx), %edx
	wrmsr
	mov	$MSR_KERNEL_GS_BASE, %ecx
	mov	HVS_HOST_KGSBASE(%rbx), %eax
	mov	HVS_HOST_KGSBASE+4(%rbx), %edx
	wrmsr
	/* GS is the kernel's again before the host IDT goes live. */
	lidt	HVS_HOST_IDTR(%rbx)
	lgdt	HVS_HOST_GDTR(%rbx)
	/*
	 * The LDT last, from the live host GDT: a lazy-TLB kernel thread
	 * keeps the last process's LDT, whose descriptor the transition
	 * GDT's old copy may not have.
	 */
	lldt	HVS_HOST_LDTR(%rbx)
	/* The guest may have set AC or DF; the host's flags come back. */
	popfq
	mov	%r12, %rax
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET
SYM_CODE_END(hv_world_exit)

/*
 * void hv_call_host_handler(unsigned long entry)
 *
 * Run a host IDT entry point for an interrupt that arrived while the guest
 * ran, with the kernel-mode frame it would have had (KVM's pattern).
 */
SYM_FUNC_START(hv_call_host_handler)
	push	%rbp
	mov	%rsp, %rbp
	and	$-16, %rsp
	pushq	$__KERNEL_DS
	push	%rbp
	pushfq
	pushq	$__KERNEL_CS
	CALL_NOSPEC rdi
	leave
	RET
SYM_FUNC_END(hv_call_host_handler)

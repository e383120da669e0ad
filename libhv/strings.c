// SPDX-License-Identifier: LGPL-2.1
/*
 * Names of the values of the hv enums, as the spec spells them.
 */
#include <stddef.h>

#include <linux/hv_pv32.h>

#include "internal.h"

static const char *const state_names[] = {
	[HV_DOMAIN_STATE_CREATED]	= "created",
	[HV_DOMAIN_STATE_BUILT]		= "built",
	[HV_DOMAIN_STATE_RUNNING]	= "running",
	[HV_DOMAIN_STATE_PAUSED]	= "paused",
	[HV_DOMAIN_STATE_SHUTDOWN]	= "shutdown",
	[HV_DOMAIN_STATE_CRASHED]	= "crashed",
	[HV_DOMAIN_STATE_DYING]		= "dying",
};

static const char *const event_names[] = {
	[HV_EVENT_CREATED]		= "created",
	[HV_EVENT_DESTROYED]		= "destroyed",
	[HV_EVENT_STATE_CHANGED]	= "state-changed",
};

static const char *const end_names[] = {
	[HV_END_POWEROFF]		= "poweroff",
	[HV_END_REBOOT]			= "reboot",
	[HV_END_SUSPEND]		= "suspend",
	[HV_END_CRASH]			= "crash",
	[HV_END_WATCHDOG]		= "watchdog",
	[HV_END_SOFT_RESET]		= "soft_reset",
	[HV_END_KILLED]			= "killed",
};

static const char *const stat_kind_names[] = {
	[HV_STAT_EXIT]			= "exit",
	[HV_STAT_HYPERCALL]		= "hypercall",
	[HV_STAT_BOUNCE]		= "bounce",
	[HV_STAT_RUNSTATE]		= "runstate-ns",
	[HV_STAT_EVENT]			= "event",
	[HV_STAT_FLUSH]			= "flush",
};

/* The PV runstates (ABI 3.14), in the order of their numbers. */
static const char *const runstate_names[] = {
	"running", "runnable", "blocked", "offline",
};

static const char *const evstat_names[] = {
	[HV_EVSTAT_RAISED]		= "raised",
	[HV_EVSTAT_COALESCED]		= "coalesced",
	[HV_EVSTAT_UPCALL]		= "upcalls",
};

static const char *const flushstat_names[] = {
	[HV_FLUSHSTAT_ENTRY]		= "entry",
	[HV_FLUSHSTAT_ALL]		= "all",
	[HV_FLUSHSTAT_PAGE]		= "page",
};

static const char *const exit_names[] = {
	[HV_EXIT_INTERRUPT]		= "interrupt",
	[HV_EXIT_NMI]			= "nmi",
	[HV_EXIT_HYPERCALL]		= "hypercall",
	[HV_EXIT_EXCEPTION]		= "exception",
	[HV_EXIT_RESCHED]		= "resched",
	[HV_EXIT_MACHINE_CHECK]		= "machine-check",
};

/* As Xen's public headers name them, without the __HYPERVISOR_ */
static const char *const hypercall_names[PV_HC_NR] = {
	[PV_HC_SET_TRAP_TABLE]		= "set_trap_table",
	[PV_HC_MMU_UPDATE]		= "mmu_update",
	[PV_HC_SET_GDT]			= "set_gdt",
	[PV_HC_STACK_SWITCH]		= "stack_switch",
	[PV_HC_SET_CALLBACKS]		= "set_callbacks",
	[PV_HC_FPU_TASKSWITCH]		= "fpu_taskswitch",
	[PV_HC_SCHED_OP_COMPAT]		= "sched_op_compat",
	[PV_HC_SET_DEBUGREG]		= "set_debugreg",
	[PV_HC_GET_DEBUGREG]		= "get_debugreg",
	[PV_HC_UPDATE_DESCRIPTOR]	= "update_descriptor",
	[PV_HC_MEMORY_OP]		= "memory_op",
	[PV_HC_MULTICALL]		= "multicall",
	[PV_HC_UPDATE_VA_MAPPING]	= "update_va_mapping",
	[PV_HC_SET_TIMER_OP]		= "set_timer_op",
	[PV_HC_EVENT_CHANNEL_OP_COMPAT]	= "event_channel_op_compat",
	[PV_HC_XEN_VERSION]		= "xen_version",
	[PV_HC_CONSOLE_IO]		= "console_io",
	[PV_HC_GRANT_TABLE_OP]		= "grant_table_op",
	[PV_HC_VM_ASSIST]		= "vm_assist",
	[PV_HC_IRET]			= "iret",
	[PV_HC_VCPU_OP]			= "vcpu_op",
	[PV_HC_MMUEXT_OP]		= "mmuext_op",
	[PV_HC_SCHED_OP]		= "sched_op",
	[PV_HC_CALLBACK_OP]		= "callback_op",
	[PV_HC_EVENT_CHANNEL_OP]	= "event_channel_op",
};

static const char *const trace_kind_names[] = {
	[HV_TRACE_EXIT]			= "exit",
	[HV_TRACE_HYPERCALL]		= "hypercall",
	[HV_TRACE_MULTICALL]		= "multicall",
	[HV_TRACE_BOUNCE]		= "bounce",
	[HV_TRACE_UPCALL]		= "upcall",
};

/* A kernel newer than this library may send values it has no name for. */
static const char *lookup(const char *const *names, size_t n, uint32_t val)
{
	return val < n && names[val] ? names[val] : "unknown";
}

const char *hv_state_name(uint32_t state)
{
	return lookup(state_names, ARRAY_SIZE(state_names), state);
}

const char *hv_event_name(uint32_t event)
{
	return lookup(event_names, ARRAY_SIZE(event_names), event);
}

const char *hv_end_name(uint32_t end)
{
	return lookup(end_names, ARRAY_SIZE(end_names), end);
}

const char *hv_stat_kind_name(uint32_t kind)
{
	return lookup(stat_kind_names, ARRAY_SIZE(stat_kind_names), kind);
}

const char *hv_trace_kind_name(uint32_t kind)
{
	return lookup(trace_kind_names, ARRAY_SIZE(trace_kind_names), kind);
}

const char *hv_hypercall_name(uint32_t nr)
{
	return nr < ARRAY_SIZE(hypercall_names) ? hypercall_names[nr] : NULL;
}

const char *hv_stat_name(uint32_t kind, uint32_t index)
{
	const char *name = NULL;

	if (kind == HV_STAT_EXIT && index < ARRAY_SIZE(exit_names))
		name = exit_names[index];
	else if (kind == HV_STAT_HYPERCALL &&
		 index < ARRAY_SIZE(hypercall_names))
		name = hypercall_names[index];
	else if (kind == HV_STAT_RUNSTATE &&
		 index < ARRAY_SIZE(runstate_names))
		name = runstate_names[index];
	else if (kind == HV_STAT_EVENT && index < ARRAY_SIZE(evstat_names))
		name = evstat_names[index];
	else if (kind == HV_STAT_FLUSH && index < ARRAY_SIZE(flushstat_names))
		name = flushstat_names[index];
	return name;
}

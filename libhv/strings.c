// SPDX-License-Identifier: LGPL-2.1
/*
 * Names of the values of the hv enums, as the spec spells them.
 */
#include <stddef.h>

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

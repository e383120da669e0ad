/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels hv builds for (Debian 12's 6.1 and the
 * 6.12 of bookworm-backports), each behind one small named helper so that
 * the code reads the same for both.  Add a helper here rather than an #if
 * at the place of use.
 */
#ifndef HV_COMPAT_H
#define HV_COMPAT_H

#ifdef __ASSEMBLY__

#include <asm/unwind_hints.h>

/*
 * HV_NO_FRAME_HINT: objtool and ORC are told there is no frame to unwind
 * through here.  6.1 calls it UNWIND_HINT_EMPTY; 6.4 split that into
 * UNWIND_HINT_END_OF_STACK and UNWIND_HINT_UNDEFINED (the one meant here)
 * and gave the latter its own hint type, which is what is tested for.
 */
#ifdef UNWIND_HINT_TYPE_UNDEFINED
#define HV_NO_FRAME_HINT	UNWIND_HINT_UNDEFINED
#else
#define HV_NO_FRAME_HINT	UNWIND_HINT_EMPTY
#endif

#else /* !__ASSEMBLY__ */

#include <asm/cpufeature.h>

/* The host runs user tasks with shadow stacks (6.6+). */
static inline bool hv_host_user_shstk(void)
{
#ifdef X86_FEATURE_USER_SHSTK
	return cpu_feature_enabled(X86_FEATURE_USER_SHSTK);
#else
	return false;
#endif
}

/* The host delivers events with FRED (6.9+), not through the IDT. */
static inline bool hv_host_fred(void)
{
#ifdef X86_FEATURE_FRED
	return cpu_feature_enabled(X86_FEATURE_FRED);
#else
	return false;
#endif
}

#endif /* __ASSEMBLY__ */

#endif /* HV_COMPAT_H */

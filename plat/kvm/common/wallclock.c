/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The wall clock from the monotonic clock and the wall time at its zero
 * (kvm/wallclock.h), for both architectures.
 */
#include <errno.h>
#include <uk/plat/time.h>
#include <kvm/wallclock.h>

__nsec kvm_wall_at_boot;

__nsec ukplat_wall_clock(void)
{
	return kvm_wall_at_boot + ukplat_monotonic_clock();
}

/*
 * The host's time at start (ukboot.walltime): taken when the RTC gave
 * none, or when it is within 2 s of the RTC's (which counts in whole
 * seconds); anything further off is refused.
 */
int ukplat_wall_clock_hint(__nsec ns)
{
	const __nsec slack = 2 * UKPLAT_NSEC_PER_SEC;

	if (!ns || (kvm_wall_at_boot &&
		    (ns > kvm_wall_at_boot + slack ||
		     ns + slack < kvm_wall_at_boot)))
		return -EINVAL;
	kvm_wall_at_boot = ns;
	return 0;
}

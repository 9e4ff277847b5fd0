/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Exit-status policy, the same on every architecture (docs/architecture.md,
 * "Exit status"); kvm_exit_with() is the architecture's exit device.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <kvm/setup.h>

void ukplat_halt_exit(int status)
{
	if (status < 0 || status > UKPLAT_EXIT_MAX) {
		uk_printf("Kast: exit status %d out of range 0..%d, reporting %d\n",
			  status, UKPLAT_EXIT_MAX, UKPLAT_EXIT_MAX);
		status = UKPLAT_EXIT_MAX;
	}
	kvm_exit_with(status);
}

void ukplat_crash(void)
{
	kvm_exit_with(UKPLAT_EXIT_CRASH);
}

void ukplat_boot_error(void)
{
	kvm_exit_with(UKPLAT_EXIT_BOOTERR);
}

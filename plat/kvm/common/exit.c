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
	/* what a host's wait() keeps of exit(n) */
	kvm_exit_with(status & 0xff);
}

void ukplat_crash(void)
{
	kvm_exit_with(UKPLAT_EXIT_PANIC);
}

void ukplat_crash_signal(int sig)
{
	if (sig < 1 || sig > 127)
		kvm_exit_with(UKPLAT_EXIT_PANIC);
	kvm_exit_with(UKPLAT_EXIT_SIGNAL(sig));
}

void ukplat_boot_error(void)
{
	kvm_exit_with(UKPLAT_EXIT_BOOTERR);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Stack protector: the canary and the failure path. */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>
#include <uk/plat/lcpu.h>
#include <kvm/setup.h>

/* Replaced at boot with a random value; never used before that. */
unsigned long __stack_chk_guard = 0x2f7c9a1e5b3d8c04UL;

void __stack_chk_fail(void) __noreturn;
/* like a host's C library: a report, then the status of abort() (134) */
void __stack_chk_fail(void)
{
	ukplat_lcpu_disable_irq();
	uk_printf("\nCRASH: stack smashing detected (stack protector canary changed)\n"
		  "Backtrace:\n");
	ukplat_backtrace_print(ukplat_lcpu_frame());
	ukplat_crash_signal(UKPLAT_SIGABRT);
}

__no_stack_protector void kvm_ssp_init(uint64_t entropy)
{
	/* a zero low byte stops overflows through string functions */
	__stack_chk_guard = (entropy ^ __stack_chk_guard) & ~0xffUL;
}

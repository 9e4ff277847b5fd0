/* SPDX-License-Identifier: BSD-3-Clause */
/* Stack protector: the canary and the failure path. */
#include <uk/essentials.h>
#include <uk/assert.h>
#include <kvm/setup.h>

/* Replaced at boot with a random value; never used before that. */
unsigned long __stack_chk_guard = 0x2f7c9a1e5b3d8c04UL;

void __stack_chk_fail(void) __noreturn;
void __stack_chk_fail(void)
{
	UK_CRASH("stack smashing detected (stack protector canary changed)");
}

__no_stack_protector void kvm_ssp_init(uint64_t entropy)
{
	/* a zero low byte stops overflows through string functions */
	__stack_chk_guard = (entropy ^ __stack_chk_guard) & ~0xffUL;
}

/*
 * Kast: the kernel owns the stack protector guard (__stack_chk_guard,
 * seeded at boot) and __stack_chk_fail (a crash report). Code that reads
 * the guard through the thread pointer (x86_64 %fs:0x28) gets the same
 * value in every thread.
 */
#include <stdint.h>
#include "pthread_impl.h"

extern uintptr_t __stack_chk_guard;

void __init_ssp(void *entropy)
{
	(void)entropy;
	__pthread_self()->canary = __stack_chk_guard;
}

/*
 * Kast: a detached thread unmaps its stack and exits from its kernel
 * stack (lib/posix-process), not from a small static stack.
 */
#include <stddef.h>
#include "pthread_impl.h"

_Noreturn void uk_posix_unmapself(void *base, size_t size);

void __unmapself(void *base, size_t size)
{
	uk_posix_unmapself(base, size);
}

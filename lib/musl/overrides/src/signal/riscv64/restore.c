/*
 * Kast: signal handlers are called by the kernel as plain functions and
 * return normally; the sigreturn trampoline is never used.
 */
#include "atomic.h"

void __restore_rt(void)
{
	a_crash();
}

void __restore(void)
{
	a_crash();
}

/* Kast: the kernel keeps each thread's thread pointer (lib/posix-process). */
#include "pthread_impl.h"

int uk_posix_set_tls(void *tp);

int __set_thread_area(void *p)
{
	return uk_posix_set_tls(p);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * getrandom(2). The generator is seeded before the first program
 * instruction runs, so neither GRND_NONBLOCK nor GRND_RANDOM changes
 * anything (as on Linux 5.6+ once seeded); both are accepted.
 */
#include <errno.h>
#include <uk/random.h>
#include <uk/syscall.h>
#include <uk/arch/paging.h>

#define GRND_NONBLOCK_	0x1
#define GRND_RANDOM_	0x2
#define GRND_INSECURE_	0x4
/* Linux returns at most this much per call (32 MiB - 1). */
#define GETRANDOM_MAX	33554431UL

UK_SYSCALL_DEFINE3(getrandom, void *, buf, size_t, len, unsigned int, flags)
{
	if (flags & ~(GRND_NONBLOCK_ | GRND_RANDOM_ | GRND_INSECURE_))
		return -EINVAL;
	if ((flags & GRND_INSECURE_) && (flags & GRND_RANDOM_))
		return -EINVAL;
	if (len > GETRANDOM_MAX)
		len = GETRANDOM_MAX;
	if (!uk_access_ok(buf, len, UKARCH_PROT_READ | UKARCH_PROT_WRITE))
		return -EFAULT;
	uk_random_bytes(buf, len);
	return (long)len;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of ukrandom. They run in the selftest image, which has
 * no file system at all: randomness does not need one. With the syscall
 * layer, getrandom(2)'s flags and faults too.
 */
#include <errno.h>
#include <string.h>
#include <uk/test.h>
#include <uk/print.h>
#include <uk/random.h>
#include <uk/plat/entropy.h>
#ifdef CONFIG_LIBSYSCALL_SHIM
#include <uk/syscall.h>
#endif

UK_TESTCASE(ukrandom, bytes_without_a_file_system)
{
	uint8_t a[48], b[48], zero[48] = { 0 };

	uk_random_bytes(a, sizeof(a));
	uk_random_bytes(b, sizeof(b));
	UK_TEST_EXPECT(memcmp(a, b, sizeof(a)) != 0);
	UK_TEST_EXPECT(memcmp(a, zero, sizeof(a)) != 0);
	UK_TEST_EXPECT(uk_random_below(10) < 10);
}

/* Seeded at boot from what the machine has, and the jitter always. */
UK_TESTCASE(ukrandom, sources_reported)
{
	struct uk_random_status st;
	unsigned long before;
	uint64_t v;

	uk_random_status(&st);
	uk_pr_info("ukrandom: sources 0x%x, cpu %s, %lu reseeds, %lu device bytes\n",
		   st.sources, st.cpu ? st.cpu : "none", st.reseeds,
		   st.device_bytes);
	UK_TEST_EXPECT(st.sources & UK_RANDOM_SRC_JITTER);
	UK_TEST_EXPECT_UNUM_GE(st.reseeds, 1);
	/* a CPU generator that answers is used */
	if (ukplat_entropy_hw(&v) == 0)
		UK_TEST_EXPECT(st.sources & UK_RANDOM_SRC_CPU);
	before = st.reseeds;
	uk_random_reseed();
	uk_random_status(&st);
	UK_TEST_EXPECT_UNUM_EQ(st.reseeds, before + 1);
}

#ifdef CONFIG_LIBSYSCALL_SHIM
#define GRND_NONBLOCK_	0x1
#define GRND_RANDOM_	0x2
#define GRND_INSECURE_	0x4

UK_TESTCASE(ukrandom, getrandom_flags)
{
	uint8_t buf[32];

	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 32,
					  GRND_INSECURE_, 0, 0, 0), 32);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 32,
					  GRND_NONBLOCK_ | GRND_RANDOM_, 0, 0,
					  0), 32);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 32,
					  GRND_INSECURE_ | GRND_RANDOM_, 0, 0,
					  0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 32, 0x8,
					  0, 0, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, 8, 32, 0, 0, 0, 0),
			       -EFAULT);
}
#endif

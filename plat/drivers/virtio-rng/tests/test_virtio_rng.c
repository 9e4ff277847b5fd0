/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A real virtio-rng device (QEMU): bound at boot, its first bytes were
 * mixed into the generator before its boot-time seeding, and a reseed
 * asks it for more, which arrive by interrupt. Runs when the kernel
 * parameter virtio-rng.test=1 says a device is attached; else it says
 * it skipped.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/libparam.h>
#include <uk/random.h>
#include <uk/test.h>
#include <uk/arch/ctx.h>
#include <uk/plat/time.h>
#include "../virtio_rng.h"

static int test;
UK_LIB_PARAM(test, int);

#define WAIT_NS		(3 * UKPLAT_NSEC_PER_SEC)

UK_TESTCASE(virtio_rng, seeds_the_generator)
{
	struct uk_random_status st;
	unsigned long first;
	__nsec deadline;

	if (!test) {
		uk_pr_info("virtio_rng test: no virtio-rng.test=1, skipped\n");
		return;
	}
	UK_TEST_ASSERT(virtio_rng_present());
	first = virtio_rng_bytes();
	UK_TEST_EXPECT_UNUM_GT(first, 0);
	uk_random_status(&st);
	UK_TEST_EXPECT(st.sources & UK_RANDOM_SRC_DEVICE);
	UK_TEST_EXPECT_UNUM_GE(st.device_bytes, first);
	/* a reseed requests more; the completion comes by interrupt */
	uk_random_reseed();
	deadline = ukplat_monotonic_clock() + WAIT_NS;
	while (virtio_rng_bytes() == first &&
	       ukplat_monotonic_clock() < deadline)
		ukarch_spinwait();
	UK_TEST_EXPECT_UNUM_GT(virtio_rng_bytes(), first);
	uk_pr_info("virtio_rng: %lu bytes from the device\n",
		   virtio_rng_bytes());
}

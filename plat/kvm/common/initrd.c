/* SPDX-License-Identifier: BSD-3-Clause */
/* The initial RAM disk (QEMU -initrd): recorded and reserved at boot. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#include <kvm/memory.h>

static const void *initrd_base;
static size_t initrd_len;

int kvm_initrd_set(uint64_t base, uint64_t len)
{
	int rc;

	if (!base || !len || base + len < base) {
		uk_pr_crit("boot: bad initrd range [0x%lx +0x%lx]\n",
			   (unsigned long)base, (unsigned long)len);
		return -EINVAL;
	}
	rc = kvm_reserve(base, len, UKPLAT_MEMRT_INITRD, "initrd");
	if (rc < 0) {
		uk_pr_crit("boot: cannot reserve the initrd (%d)\n", rc);
		return rc;
	}
	initrd_base = (const void *)(uintptr_t)base;
	initrd_len = (size_t)len;
	return 0;
}

int ukplat_initrd(const void **base, size_t *len)
{
	if (!initrd_base)
		return -ENOENT;
	*base = initrd_base;
	*len = initrd_len;
	return 0;
}

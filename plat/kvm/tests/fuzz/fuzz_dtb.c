/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: arbitrary bytes as a device tree blob for
 * kvm_dtb_parse() (plat/kvm/common/dtb.c) with the fetched libfdt. Besides
 * the sanitizers' checks it asserts the API's promises: an error comes with
 * a message, a success has sane counts and pointers inside the blob.
 * Build and run with support/scripts/fuzz; extra sources: fuzz_dtb.mk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <kvm/dtb.h>

/* Is [p, p + len) inside [base, base + size)? */
static int inside(const void *p, size_t len, const void *base, size_t size)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && a - b <= size && len <= size - (a - b);
}

static void check_range(const struct kvm_dtb_range *r)
{
	if (r->size > UINT64_MAX - r->base)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvm_dtb_info info;
	void *blob;
	int rc, i;

	/* an exact-size heap copy: ASan sees any read past its end */
	blob = malloc(size ? size : 1);
	if (!blob)
		return 0;
	memcpy(blob, data, size);
	rc = kvm_dtb_parse(blob, size, &info);
	if (rc) {
		if (rc > 0 || !info.error || !strlen(info.error))
			abort();
		goto out;
	}
	if (info.error || info.blob_size > size ||
	    info.mem_count < 1 || info.mem_count > KVM_DTB_MEM_MAX ||
	    info.resv_count < 0 || info.resv_count > KVM_DTB_RESV_MAX)
		abort();
	for (i = 0; i < info.mem_count; i++) {
		if (!info.mem[i].size)
			abort();
		check_range(&info.mem[i]);
	}
	for (i = 0; i < info.resv_count; i++)
		check_range(&info.resv[i]);
	if (info.bootargs &&
	    !inside(info.bootargs, strlen(info.bootargs) + 1, blob, size))
		abort();
	if (info.rng_seed &&
	    !inside(info.rng_seed, info.rng_seed_len, blob, size))
		abort();
	if (info.has_uart && info.uart_reg_io_width != 1 &&
	    info.uart_reg_io_width != 2 && info.uart_reg_io_width != 4)
		abort();
out:
	free(blob);
	return 0;
}

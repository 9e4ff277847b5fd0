/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Flattened device tree (DTB) parsing for the platform: what the boot code
 * needs from the blob the firmware hands over (memory, reservations,
 * command line, console UART, exit device, RTC, PLIC). Uses libfdt.
 */
#ifndef __KVM_DTB_H__
#define __KVM_DTB_H__

#include <stddef.h>
#include <stdint.h>

/* /memory reg ranges kept; further ones are ignored (memory left unused). */
#define KVM_DTB_MEM_MAX   8
/* Reserved ranges kept; more of them is an error (-ENOSPC). */
#define KVM_DTB_RESV_MAX  8

/* "virtio,mmio" nodes kept; further ones are ignored. */
#define KVM_DTB_VIRTIO_MAX 16

struct kvm_dtb_range { uint64_t base, size; };

struct kvm_dtb_virtio {
	struct kvm_dtb_range reg;
	uint32_t irq;			/* first "interrupts" cell, 0: none */
};

struct kvm_dtb_info {
	/* /memory@* reg */
	struct kvm_dtb_range mem[KVM_DTB_MEM_MAX];
	int mem_count;
	/* /memreserve/ + /reserved-memory children */
	struct kvm_dtb_range resv[KVM_DTB_RESV_MAX];
	int resv_count;
	/* /chosen/bootargs, NUL-terminated inside the blob, or NULL */
	const char *bootargs;
	/* /cpus/timebase-frequency (u32 or u64 cell), 0 if absent */
	uint64_t timebase_freq;
	/*
	 * ns16550a chosen via /chosen/stdout-path, else first
	 * "ns16550a"/"ns16550" node
	 */
	int has_uart;
	struct kvm_dtb_range uart;
	uint32_t uart_reg_shift;	/* reg-shift, default 0 */
	uint32_t uart_reg_io_width;	/* reg-io-width, default 1 */
	/* "sifive,test0" / "sifive,test1" node (virt exit device) */
	int has_test;		/* valid even when parsing fails later */
	struct kvm_dtb_range test;
	int has_rtc;			/* "google,goldfish-rtc" */
	struct kvm_dtb_range rtc;
	/* "riscv,plic0" or "sifive,plic-1.0.0" */
	int has_plic;
	struct kvm_dtb_range plic;
	uint32_t plic_ndev;		/* riscv,ndev */
	/* enabled "virtio,mmio" nodes, in tree order */
	struct kvm_dtb_virtio virtio[KVM_DTB_VIRTIO_MAX];
	int virtio_count;
	/* /chosen/linux,initrd-start/end, or both 0 */
	uint64_t initrd_start, initrd_end;
	/* /chosen/rng-seed bytes inside the blob, or NULL */
	const void *rng_seed;
	uint32_t rng_seed_len;
	uint64_t blob_size;		/* fdt_totalsize, validated */
	/* set when parsing fails: what and where */
	const char *error;
};

/*
 * Validate the blob at @fdt (at most @maxlen bytes readable) and fill @info.
 * Returns 0, or a negative errno with info->error naming the problem
 * (bad magic/version/size, truncated structure, missing /memory or
 * malformed reg, #address-cells/#size-cells out of range, ...). Must never
 * read outside [fdt, fdt + maxlen) and never crash, whatever the bytes.
 *
 * Details: @fdt must be 8-byte aligned (-EINVAL otherwise), as the
 * devicetree specification requires. Errors: -EINVAL malformed blob or
 * property, -EFBIG totalsize larger than @maxlen, -ENOENT no usable
 * /memory, -ERANGE #address-cells/#size-cells not 1 or 2 where a reg or
 * ranges is read, -ENOSPC more than KVM_DTB_RESV_MAX reserved ranges.
 * Nodes whose status is neither "okay" nor "ok" are ignored. Device
 * addresses are translated through the parents' "ranges" (empty = identity).
 * info->error points to a static buffer, valid until the next call.
 */
int kvm_dtb_parse(const void *fdt, size_t maxlen, struct kvm_dtb_info *info);

#endif /* __KVM_DTB_H__ */

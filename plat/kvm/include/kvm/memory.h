/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform-internal memory setup shared by both architectures. */
#ifndef __KVM_MEMORY_H__
#define __KVM_MEMORY_H__

#include <uk/essentials.h>

#define KVM_RAM_MAX		32	/* RAM ranges accepted from firmware */
#define KVM_RESERVED_MAX	16	/* firmware-owned ranges inside RAM */
#define KVM_MMIO_MAX		48	/* device ranges to map */

/* Linker-script symbols describing the image. */
extern char __kernel_start[], __etext[], __rodata_start[], __erodata[];
extern char __data_start[], __boot_stack_guard[], __boot_stack_bottom[];
extern char __boot_stack_top[], _end[], uk_ksyms_end[];

/* Record a RAM range reported by the firmware; -EINVAL/-ENOSPC on error. */
int kvm_ram_add(uint64_t base, uint64_t len);

/* Keep a range inside RAM away from the allocators (device tree, ...). */
int kvm_reserve(uint64_t base, uint64_t len, int type, const char *name);

/* Record and reserve the initrd the VMM loaded; 0 or <0 (message printed). */
int kvm_initrd_set(uint64_t base, uint64_t len);

/*
 * Identity-map a device range read/write, never executable. Ranges of
 * devices that share a page are merged.
 */
int kvm_mmio_add(uint64_t base, uint64_t len);

/*
 * Build the final page tables (W^X image, guard page and page 0 unmapped)
 * and publish the memory map. 0 or a negative errno.
 */
int kvm_memory_init(void);

#endif

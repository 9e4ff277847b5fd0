/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform-internal boot helpers shared by both architectures. */
#ifndef __KVM_SETUP_H__
#define __KVM_SETUP_H__

#include <uk/essentials.h>

/* Install a random stack-protector canary; call before deep calls. */
void kvm_ssp_init(uint64_t entropy);

/*
 * Copy the command line found at @src (at most @maxscan bytes are read) into
 * platform storage. Returns 0, or -E2BIG when it is longer than
 * CONFIG_PLAT_KVM_CMDLINE_MAX - 1 bytes.
 */
int kvm_cmdline_set(const char *src, size_t maxscan);

/*
 * Remove the virtio_mmio.device=<size>@<base>:<irq>[:<id>] options that
 * QEMU's microvm appends to the END of the command line (after any "--",
 * so they would otherwise reach main()'s argv) and add each as a
 * virtio-mmio device (kvm_bus_add()). Only the trailing run of such
 * tokens is taken: the VMM appends them, anything before is the user's.
 * A malformed one is dropped with a warning. Returns the number added.
 */
int kvm_cmdline_virtio_mmio(void);

/* Devices found at boot (uk/plat/bus.h); more are ignored. */
#define KVM_BUS_MAX		32

struct ukplat_bus_device;

/*
 * Record @d and its register windows (mapped by kvm_memory_init()).
 * 0, -ENOSPC (table full) or the error of kvm_mmio_add().
 */
int kvm_bus_add(const struct ukplat_bus_device *d);

/*
 * CPU counter (TSC / time CSR) read as the first statement of the arch's C
 * entry, returned by ukplat_boot_counter(); 0 until set.
 */
extern uint64_t kvm_boot_counter;

/* End the VM with @status through the architecture's exit device. */
void kvm_exit_with(int status) __noreturn;

/* Print the memory map at debug level. */
void kvm_memory_print(void);

#endif

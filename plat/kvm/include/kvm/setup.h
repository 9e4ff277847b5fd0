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
 * CPU counter (TSC / time CSR) read as the first statement of the arch's C
 * entry, returned by ukplat_boot_counter(); 0 until set.
 */
extern uint64_t kvm_boot_counter;

/* End the VM with @status through the architecture's exit device. */
void kvm_exit_with(int status) __noreturn;

/* Print the memory map at debug level. */
void kvm_memory_print(void);

#endif

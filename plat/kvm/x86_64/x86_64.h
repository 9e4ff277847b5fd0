/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to plat/kvm/x86_64. */
#ifndef __KVM_X86_64_H__
#define __KVM_X86_64_H__

void kvm_serial_init(void);

#endif

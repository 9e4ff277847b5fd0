/* SPDX-License-Identifier: BSD-3-Clause */
/* The image's symbol table (plat/kvm/common/ksyms_table.c). */
#ifndef __KVM_KSYMS_H__
#define __KVM_KSYMS_H__

/*
 * Look up link address @addr in the symbol table @table of @size bytes
 * (the layout of support/kast/ksyms.py). Returns the link address of the function
 * containing it, sets *@off to @addr's offset into it and writes its
 * name into @name (@len bytes with the NUL, truncated); 0 if no function
 * starts at or below @addr.
 */
unsigned long kvm_ksyms_table_lookup(const void *table, unsigned long size,
				     unsigned long addr, unsigned long *off,
				     char *name, unsigned long len);

#endif

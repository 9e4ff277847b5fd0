/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Message-signalled interrupts (MSI, MSI-X) for PCI devices, x86_64 only.
 * The platform hands out interrupt lines that have no controller input:
 * a device raises one by writing a message (@data at @addr) that the
 * local APIC turns into the line's vector, edge-triggered, fixed
 * delivery, to the boot CPU. Handlers register on the line with
 * ukplat_irq_register() like on any other, and dispatch, end-of-
 * interrupt, deferred work and the exit hook are the same. Masking such
 * a line is done by the platform: a message arriving while the line is
 * masked is remembered and delivered once when it is unmasked (edge
 * semantics, as the MSI-X pending bit).
 *
 * Error policy: ukplat_msi_alloc() returns 0 or a negative errno
 * (-ENOSPC when every MSI line is taken, -ERANGE when the boot CPU's APIC
 * ID does not fit a message address) and touches nothing on failure;
 * ukplat_msi_free() takes a line from ukplat_msi_alloc() (asserted) with
 * no handler left on it. Neither from interrupt context.
 */
#ifndef __UK_PLAT_MSI_H__
#define __UK_PLAT_MSI_H__

#include <uk/essentials.h>

/*
 * Reserve an MSI line: *@line for ukplat_irq_register(), the message a
 * device must write to raise it in *@addr and *@data. The line starts
 * masked (unmasked by registering a handler).
 */
int ukplat_msi_alloc(unsigned long *line, uint64_t *addr, uint32_t *data);

/* Give back a line from ukplat_msi_alloc(). */
void ukplat_msi_free(unsigned long line);

#endif /* __UK_PLAT_MSI_H__ */

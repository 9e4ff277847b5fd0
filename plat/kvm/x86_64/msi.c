/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MSI lines (uk/plat/msi.h): X86_IRQ_MSI_COUNT lines after the timer's,
 * each a vector of the boot CPU's local APIC, which is the whole of the
 * "controller": there is no input to mask, so the mask is kept here, and
 * a message that arrives while its line is masked is marked pending and
 * sent again as a self-IPI on unmask. Message format (Intel SDM 11.11):
 * address 0xfee00000 | destination APIC ID << 12 (physical mode, no
 * redirection hint), data = vector (fixed delivery, edge).
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/msi.h>
#include "x86_64.h"

#define MSI_ADDR_BASE		0xfee00000ULL
#define MSI_ADDR_DEST_SHIFT	12
#define MSI_DEST_MAX		0xff	/* 8 bits without interrupt remapping */
#define APIC_ICR_ASSERT		(1U << 14)
#define APIC_ICR_SELF		(1U << 18)	/* destination shorthand */

UK_CTASSERT(X86_IRQ_MSI_COUNT <= 32);	/* the bitmaps below */

static uint32_t msi_used, msi_masked = ~0U, msi_pending;

static uint32_t bit_of(unsigned long line)
{
	return 1U << (line - X86_IRQ_MSI_FIRST);
}

int ukplat_msi_alloc(unsigned long *line, uint64_t *addr, uint32_t *data)
{
	uint32_t dest = x86_lapic_id();
	unsigned long flags;
	unsigned int i;
	int rc = -ENOSPC;

	UK_ASSERT(line && addr && data);
	if (dest > MSI_DEST_MAX)
		return -ERANGE;
	flags = ukplat_lcpu_save_irqf();
	for (i = 0; i < X86_IRQ_MSI_COUNT; i++) {
		if (msi_used & (1U << i))
			continue;
		msi_used |= 1U << i;
		msi_masked |= 1U << i;
		msi_pending &= ~(1U << i);
		*line = X86_IRQ_MSI_FIRST + i;
		*addr = MSI_ADDR_BASE | (uint64_t)dest << MSI_ADDR_DEST_SHIFT;
		*data = X86_LINE_VECTOR_BASE + *line;
		rc = 0;
		break;
	}
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

void ukplat_msi_free(unsigned long line)
{
	unsigned long flags;

	UK_ASSERT(x86_msi_line_valid(line));
	flags = ukplat_lcpu_save_irqf();
	msi_used &= ~bit_of(line);
	msi_masked |= bit_of(line);
	msi_pending &= ~bit_of(line);
	ukplat_lcpu_restore_irqf(flags);
}

int x86_msi_line_valid(unsigned long line)
{
	return line >= X86_IRQ_MSI_FIRST &&
	       line < X86_IRQ_MSI_FIRST + X86_IRQ_MSI_COUNT &&
	       (msi_used & bit_of(line));
}

void x86_msi_mask(unsigned long line, bool masked)
{
	if (masked) {
		msi_masked |= bit_of(line);
		return;
	}
	msi_masked &= ~bit_of(line);
	if (msi_pending & bit_of(line)) {
		msi_pending &= ~bit_of(line);
		x86_lapic_write(APIC_REG_ICR,
				APIC_ICR_SELF | APIC_ICR_ASSERT |
				(X86_LINE_VECTOR_BASE + line));
	}
}

bool x86_msi_arrived(unsigned long line)
{
	if (!(msi_masked & bit_of(line)))
		return true;
	if (msi_used & bit_of(line))
		msi_pending |= bit_of(line);
	return false;
}

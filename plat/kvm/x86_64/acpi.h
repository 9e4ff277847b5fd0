/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACPI table lookup and MADT walk (acpi.c), internal to plat/kvm/x86_64.
 * The tables come from the VMM and are untrusted: every pointer, length,
 * checksum and entry count is checked before use. Table memory is reached
 * through a mapping hook: the kernel's is the boot identity map, the
 * fuzzer's (plat/kvm/tests/fuzz/fuzz_acpi.c) a fake physical memory.
 * Host-compilable: no kernel headers besides uk/essentials.h.
 */
#ifndef __KVM_X86_64_ACPI_H__
#define __KVM_X86_64_ACPI_H__

#include <uk/essentials.h>

#define ACPI_MAP_LIMIT		(1ULL << 30)	/* entry.S maps the first GiB */
#define ACPI_TABLE_MAX_LEN	(1U << 20)	/* anything longer is bogus */
#define ACPI_TABLES_MAX		64		/* RSDT/XSDT entries read */
#define ACPI_BIOS_AREA_START	0xe0000		/* RSDP search range */
#define ACPI_BIOS_AREA_END	0x100000

/* ACPI system description table header. */
struct acpi_sdt_hdr {
	char sig[4];
	uint32_t length;		/* header included */
	uint8_t revision;
	uint8_t checksum;		/* all bytes sum to 0 */
	char oem[6];
	char oem_table[8];
	uint32_t oem_revision;
	uint32_t creator;
	uint32_t creator_revision;
} __packed;

/* Root System Description Pointer. */
struct acpi_rsdp {
	char sig[8];			/* "RSD PTR " */
	uint8_t checksum;		/* over the first 20 bytes */
	char oem[6];
	uint8_t revision;		/* 0: ACPI 1.0, 2: has XSDT */
	uint32_t rsdt;
	uint32_t length;		/* revision >= 2 */
	uint64_t xsdt;
	uint8_t ext_checksum;		/* over all @length bytes */
	uint8_t reserved[3];
} __packed;

#define ACPI_RSDP_V1_LEN	20	/* up to @rsdt */

/* MADT ("APIC") layout. */
#define ACPI_MADT_ENTRIES	44	/* header, local APIC address, flags */
#define ACPI_MADT_IOAPIC	1
#define ACPI_MADT_IOAPIC_LEN	12
#define ACPI_MADT_ISO		2	/* interrupt source override */
#define ACPI_MADT_ISO_LEN	10

/*
 * Where the tables are read. @map returns a pointer to the @len bytes at
 * physical address @paddr, or NULL if they are not all backed; pointers it
 * returned stay valid while the caller uses the tables. The parser checks
 * @paddr and @len against ACPI_MAP_LIMIT before asking. @error and
 * @error_addr describe the last malformed structure met (NULL: none),
 * which the parser skipped.
 */
struct x86_acpi {
	const void *(*map)(void *ctx, uint64_t paddr, uint64_t len);
	void *ctx;
	const char *error;
	uint64_t error_addr;
};

/*
 * The valid table with signature @sig through the RSDP at @rsdp_hint, or
 * found in the BIOS area (ACPI_BIOS_AREA_*) when that is 0. NULL when
 * absent; @acpi->error then says why if a table was bad. The result is
 * mapped with its whole ->length, which is >= sizeof(struct acpi_sdt_hdr)
 * and <= ACPI_TABLE_MAX_LEN, and its checksum holds.
 */
const struct acpi_sdt_hdr *x86_acpi_lookup(struct x86_acpi *acpi,
					   uint64_t rsdp_hint,
					   const char sig[4]);

/*
 * What the MADT walk reports, in table order: each IOAPIC (MMIO base, first
 * GSI) and each interrupt source override (ISA @irq is @gsi, MPS INTI
 * @flags). Other entry types are skipped.
 */
struct x86_madt_ops {
	void (*ioapic)(void *arg, uint64_t base, uint32_t gsi_base);
	void (*iso)(void *arg, uint8_t irq, uint32_t gsi, uint16_t flags);
};

/*
 * Walk the entries of @madt (as returned by x86_acpi_lookup). 0 when every
 * entry was well-formed; -EINVAL with @error set when the walk stopped at
 * a malformed one (the entries before it were reported).
 */
int x86_acpi_madt_walk(const struct acpi_sdt_hdr *madt,
		       const struct x86_madt_ops *ops, void *arg,
		       const char **error);

/*
 * The kernel's lookup: x86_acpi_lookup() on the boot identity map, with a
 * warning naming a bad table. Only during early boot.
 */
const struct acpi_sdt_hdr *x86_acpi_find(uint64_t rsdp_hint,
					  const char sig[4]);

#endif /* __KVM_X86_64_ACPI_H__ */

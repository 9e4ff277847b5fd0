/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Minimal ACPI table lookup for boot-time discovery (the MADT's IOAPICs).
 * Runs on the boot identity map, so every table must lie below
 * ACPI_MAP_LIMIT; lengths and checksums are validated before use, since
 * the tables come from the VMM.
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include "x86_64.h"

#define ACPI_MAP_LIMIT		(1ULL << 30)	/* entry.S maps the first GiB */
#define ACPI_TABLE_MAX_LEN	(1U << 20)	/* anything longer is bogus */
#define ACPI_TABLES_MAX		64		/* RSDT/XSDT entries read */
#define BIOS_AREA_START		0xe0000		/* RSDP search range */
#define BIOS_AREA_END		0x100000
#define RSDP_ALIGN		16
#define RSDP_V1_LEN		20

struct acpi_rsdp {
	char sig[8];			/* "RSD PTR " */
	uint8_t checksum;		/* over the first 20 bytes */
	char oem[6];
	uint8_t revision;		/* 0: ACPI 1.0, 2: has XSDT */
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;		/* over all @length bytes */
	uint8_t reserved[3];
} __packed;

static bool range_ok(uint64_t p, uint64_t len)
{
	return p && p + len >= p && p + len <= ACPI_MAP_LIMIT;
}

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static const struct acpi_rsdp *rsdp_check(uint64_t p)
{
	const struct acpi_rsdp *r = (const void *)p;

	if (!range_ok(p, sizeof(*r)) || memcmp(r->sig, "RSD PTR ", 8) ||
	    !checksum_ok(r, RSDP_V1_LEN))
		return NULL;
	if (r->revision >= 2 &&
	    (r->length < sizeof(*r) || !range_ok(p, r->length) ||
	     !checksum_ok(r, r->length)))
		return NULL;
	return r;
}

static const struct acpi_rsdp *rsdp_find(uint64_t hint)
{
	uint64_t p;

	if (hint)
		return rsdp_check(hint);
	for (p = BIOS_AREA_START; p < BIOS_AREA_END; p += RSDP_ALIGN)
		if (rsdp_check(p))
			return (const void *)p;
	return NULL;
}

/* The table at @p if it is mapped, sane and its checksum holds. */
static const struct acpi_sdt_hdr *table_check(uint64_t p)
{
	const struct acpi_sdt_hdr *h = (const void *)p;

	if (!range_ok(p, sizeof(*h)) || h->length < sizeof(*h) ||
	    h->length > ACPI_TABLE_MAX_LEN || !range_ok(p, h->length) ||
	    !checksum_ok(h, h->length))
		return NULL;
	return h;
}

const struct acpi_sdt_hdr *x86_acpi_find(uint64_t rsdp_hint,
					  const char sig[4])
{
	const struct acpi_rsdp *r = rsdp_find(rsdp_hint);
	const struct acpi_sdt_hdr *root, *t;
	unsigned int i, n, entry_size;

	if (!r)
		return NULL;
	if (r->revision >= 2 && r->xsdt) {
		root = table_check(r->xsdt);
		entry_size = sizeof(uint64_t);
	} else {
		root = table_check(r->rsdt);
		entry_size = sizeof(uint32_t);
	}
	if (!root)
		return NULL;
	n = (root->length - sizeof(*root)) / entry_size;
	for (i = 0; i < n && i < ACPI_TABLES_MAX; i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * entry_size;
		uint64_t addr = 0;

		memcpy(&addr, e, entry_size);	/* little endian */
		t = table_check(addr);
		if (t && !memcmp(t->sig, sig, 4))
			return t;
	}
	return NULL;
}

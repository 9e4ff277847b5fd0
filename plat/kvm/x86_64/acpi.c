/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Minimal ACPI table lookup for boot-time discovery (the MADT's IOAPICs).
 * The tables come from the VMM, so nothing in them is trusted: a pointer
 * must lie below ACPI_MAP_LIMIT (the kernel reads them through the boot
 * identity map), a length must be sane before it is used to map or sum
 * a table, a checksum must hold before any other field is used, and a
 * count is bounded by the length it came from. A bad structure is skipped
 * and remembered in acpi->error (the kernel prints it); the lookup goes
 * on with the next candidate, as a firmware's own bad table must not
 * cost the machine its interrupt controllers.
 *
 * All table memory is reached through acpi->map(), so the parser runs
 * unchanged under the fuzzer with a fake physical memory.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include "acpi.h"

#define RSDP_ALIGN		16

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

/* The @len bytes at @p, or NULL when out of range or not backed. */
static const void *map(struct x86_acpi *a, uint64_t p, uint64_t len)
{
	if (!range_ok(p, len))
		return NULL;
	return a->map(a->ctx, p, len);
}

static void *bad(struct x86_acpi *a, uint64_t p, const char *what)
{
	a->error = what;
	a->error_addr = p;
	return NULL;
}

/*
 * The RSDP at @p if valid. While searching the BIOS area (@scan), neither
 * a missing signature nor a wrong checksum is an error: most places hold
 * no signature, and firmware code or data may hold the string itself
 * (the checksum is what tells an RSDP from it).
 */
static const struct acpi_rsdp *rsdp_check(struct x86_acpi *a, uint64_t p,
					  bool scan)
{
	const struct acpi_rsdp *r = map(a, p, ACPI_RSDP_V1_LEN);
	uint32_t len;

	if (!r)
		return scan ? NULL :
			bad(a, p, "RSDP address out of range");
	if (memcmp(r->sig, "RSD PTR ", 8))
		return scan ? NULL : bad(a, p, "no RSDP signature");
	if (!checksum_ok(r, ACPI_RSDP_V1_LEN))
		return scan ? NULL : bad(a, p, "RSDP checksum wrong");
	if (r->revision < 2)
		return r;
	/* ACPI 2.0+: @length covers the XSDT address and its checksum */
	r = map(a, p, sizeof(*r));
	if (!r)
		return bad(a, p, "RSDP address out of range");
	len = r->length;
	if (len < sizeof(*r) || len > ACPI_TABLE_MAX_LEN)
		return bad(a, p, "RSDP length out of range");
	r = map(a, p, len);
	if (!r)
		return bad(a, p, "RSDP address out of range");
	if (!checksum_ok(r, len))
		return bad(a, p, "RSDP extended checksum wrong");
	return r;
}

static const struct acpi_rsdp *rsdp_find(struct x86_acpi *a, uint64_t hint)
{
	const struct acpi_rsdp *r;
	uint64_t p;

	if (hint)
		return rsdp_check(a, hint, false);
	for (p = ACPI_BIOS_AREA_START; p < ACPI_BIOS_AREA_END;
	     p += RSDP_ALIGN) {
		r = rsdp_check(a, p, true);
		if (r)
			return r;
	}
	return NULL;
}

/* The table at @p if it is mapped, sane and its checksum holds. */
static const struct acpi_sdt_hdr *table_check(struct x86_acpi *a, uint64_t p)
{
	const struct acpi_sdt_hdr *h = map(a, p, sizeof(*h));
	uint32_t len;

	if (!h)
		return bad(a, p, "table address out of range");
	len = h->length;
	if (len < sizeof(*h) || len > ACPI_TABLE_MAX_LEN)
		return bad(a, p, "table length out of range");
	h = map(a, p, len);
	if (!h)
		return bad(a, p, "table address out of range");
	/* the length checked is the length the caller will use */
	if (h->length != len)
		return bad(a, p, "table changed while read");
	if (!checksum_ok(h, len))
		return bad(a, p, "table checksum wrong");
	return h;
}

const struct acpi_sdt_hdr *x86_acpi_lookup(struct x86_acpi *a,
					   uint64_t rsdp_hint,
					   const char sig[4])
{
	const struct acpi_rsdp *r = rsdp_find(a, rsdp_hint);
	const struct acpi_sdt_hdr *root, *t;
	unsigned int i, n, entry_size;
	uint64_t root_addr;
	const char *root_sig;

	if (!r)
		return NULL;
	if (r->revision >= 2 && r->xsdt) {
		root_addr = r->xsdt;
		root_sig = "XSDT";
		entry_size = sizeof(uint64_t);
	} else {
		root_addr = r->rsdt;
		root_sig = "RSDT";
		entry_size = sizeof(uint32_t);
	}
	root = table_check(a, root_addr);
	if (!root)
		return NULL;
	if (memcmp(root->sig, root_sig, 4))
		return bad(a, root_addr, "root table signature wrong");
	n = (root->length - sizeof(*root)) / entry_size;
	if ((root->length - sizeof(*root)) % entry_size)
		bad(a, root_addr, "root table length not a whole entry count");
	if (n > ACPI_TABLES_MAX) {
		bad(a, root_addr, "root table lists too many tables");
		n = ACPI_TABLES_MAX;
	}
	for (i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * entry_size;
		uint64_t addr = 0;

		memcpy(&addr, e, entry_size);	/* little endian */
		t = table_check(a, addr);
		if (t && !memcmp(t->sig, sig, 4))
			return t;
	}
	return NULL;
}

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t le16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int x86_acpi_madt_walk(const struct acpi_sdt_hdr *madt,
		       const struct x86_madt_ops *ops, void *arg,
		       const char **error)
{
	const uint8_t *t = (const uint8_t *)madt, *e;
	uint32_t len = madt->length, off;
	int rc = 0;

	*error = NULL;
	if (len < ACPI_MADT_ENTRIES) {
		*error = "MADT shorter than its fixed fields";
		return -EINVAL;
	}
	for (off = ACPI_MADT_ENTRIES; off < len; off += e[1]) {
		e = t + off;
		if (len - off < 2) {
			*error = "MADT entry header cut by the table's end";
			return -EINVAL;
		}
		if (e[1] < 2) {
			*error = "MADT entry length below 2";
			return -EINVAL;
		}
		if (e[1] > len - off) {
			*error = "MADT entry runs past the table's end";
			return -EINVAL;
		}
		if (e[0] == ACPI_MADT_IOAPIC && e[1] < ACPI_MADT_IOAPIC_LEN) {
			*error = "MADT IOAPIC entry too short";
			rc = -EINVAL;
		} else if (e[0] == ACPI_MADT_IOAPIC) {
			ops->ioapic(arg, le32(e + 4), le32(e + 8));
		} else if (e[0] == ACPI_MADT_ISO && e[1] < ACPI_MADT_ISO_LEN) {
			*error = "MADT interrupt override entry too short";
			rc = -EINVAL;
		} else if (e[0] == ACPI_MADT_ISO) {
			ops->iso(arg, e[3], le32(e + 4), le16(e + 8));
		}
	}
	return rc;
}

/* The kernel's tables: the boot identity map (range checked by map()). */
static const void *identity_map(void *ctx __maybe_unused, uint64_t paddr,
				uint64_t len __maybe_unused)
{
	return (const void *)(uintptr_t)paddr;
}

const struct acpi_sdt_hdr *x86_acpi_find(uint64_t rsdp_hint,
					  const char sig[4])
{
	struct x86_acpi a = { .map = identity_map };
	const struct acpi_sdt_hdr *t = x86_acpi_lookup(&a, rsdp_hint, sig);

	if (a.error)
		uk_pr_warn("ACPI: %s at 0x%lx (ignored)\n", a.error,
			   (unsigned long)a.error_addr);
	return t;
}

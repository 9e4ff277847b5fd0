/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: arbitrary bytes as a fake physical memory (format in
 * acpi_fakemem.h: an RSDP address and backed ranges) for the ACPI parser
 * of plat/kvm/x86_64/acpi.c, which reads it through its mapping hook.
 * Every range the parser maps is an exact-size heap copy, so a read past
 * what it validated is an ASan report. Besides the sanitizers' checks it
 * asserts the API's promises: a table found is wholly mapped, sane in
 * length, of the signature asked for, with a checksum that holds; an
 * error comes with a message; the MADT walk reports only what fits.
 * Build and run with support/scripts/fuzz; extra sources: fuzz_acpi.mk.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "acpi.h"
#include "acpi_fakemem.h"

static const char *const sigs[] = { "APIC", "HPET" };

static void check_table(const struct acpi_fakemem *m,
			const struct acpi_sdt_hdr *t, const char *sig)
{
	const uint8_t *b = (const uint8_t *)t;
	size_t mapped = acpi_fakemem_mapped(m, t), i;
	uint8_t sum = 0;

	if (!mapped || mapped < sizeof(*t) || t->length < sizeof(*t) ||
	    t->length > mapped || t->length > ACPI_TABLE_MAX_LEN ||
	    memcmp(t->sig, sig, 4))
		abort();
	for (i = 0; i < t->length; i++)
		sum += b[i];
	if (sum)
		abort();
}

static unsigned int reported;
static unsigned long raw_inputs;

static void on_ioapic(void *arg, uint64_t base, uint32_t gsi_base)
{
	if (base > UINT32_MAX)	/* a 32-bit field */
		abort();
	reported++;
}

static void on_iso(void *arg, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	reported++;
}

static const struct x86_madt_ops ops = {
	.ioapic = on_ioapic,
	.iso = on_iso,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct acpi_sdt_hdr *t;
	struct acpi_fakemem m;
	const char *err;
	unsigned int i;
	int rc;

	if (acpi_fakemem_load(&m, data, size))
		return 0;
	/*
	 * An edge of its own for raw inputs (the hook is not instrumented),
	 * so libFuzzer keeps them apart from repaired ones with the same
	 * coverage. (Repair was opt-in at first: libFuzzer dropped the
	 * repair seeds as duplicates of the plain ones and did not find a
	 * bug planted in the MADT walk in 7 minutes.)
	 */
	if (!m.repair)
		raw_inputs++;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct x86_acpi a = { .map = acpi_fakemem_map, .ctx = &m };

		t = x86_acpi_lookup(&a, m.rsdp_hint, sigs[i]);
		if (a.error && !strlen(a.error))
			abort();
		if (!t)
			continue;
		check_table(&m, t, sigs[i]);
		if (memcmp(sigs[i], "APIC", 4))
			continue;
		reported = 0;
		rc = x86_acpi_madt_walk(t, &ops, NULL, &err);
		if ((rc && (rc != -EINVAL || !err || !strlen(err))) ||
		    (!rc && err))
			abort();
		/* an entry takes at least 2 bytes after the fixed fields */
		if (reported > (t->length - ACPI_MADT_ENTRIES) / 2)
			abort();
	}
	acpi_fakemem_free(&m);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of the ACPI parser (plat/kvm/x86_64/acpi.c) under
 * ASan+UBSan, on the fake physical memories of
 * plat/kvm/tests/fuzz/acpi_fakemem.h: QEMU-like microvm and q35 tables
 * written by support/scripts/acpi-tables (KVM_ACPI_TESTDIR), and copies
 * of them with one field broken (checksums kept right unless the
 * checksum is what is broken). Every range the parser maps is an
 * exact-size heap copy, so a read past what it checked is caught.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "acpi.h"
#include "acpi_fakemem.h"
#include "hosttest.h"

#ifndef KVM_ACPI_TESTDIR
#error "KVM_ACPI_TESTDIR must name the folder of the ACPI test inputs"
#endif

#define INPUT_MAX	4096

struct input {
	uint8_t b[INPUT_MAX];
	size_t len;
};

static struct input microvm, q35, q35_search;

static struct input load(const char *name)
{
	char path[512];
	struct input in;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", KVM_ACPI_TESTDIR, name);
	f = fopen(path, "rb");
	if (!f) {
		printf("cannot open %s\n", path);
		exit(2);
	}
	in.len = fread(in.b, 1, sizeof(in.b), f);
	fclose(f);
	if (in.len < 8 || in.len == sizeof(in.b)) {
		printf("%s: unexpected size %zu\n", path, in.len);
		exit(2);
	}
	in.b[7] |= 0x80;	/* raw: the checksums are under test */
	return in;
}

/* Offset of @what (first occurrence) in @in; the test aborts if absent. */
static size_t at(const struct input *in, const char *what)
{
	size_t n = strlen(what), i;

	for (i = 8; i + n <= in->len; i++)
		if (!memcmp(in->b + i, what, n))
			return i;
	printf("test input lacks \"%s\"\n", what);
	exit(2);
}

static uint32_t get32(const struct input *in, size_t off)
{
	return (uint32_t)acpi_fakemem_le(in->b + off, 4);
}

static void put32(struct input *in, size_t off, uint32_t v)
{
	memcpy(in->b + off, &v, sizeof(v));
}

/* Make the @len bytes at @off sum to 0 through the byte at @off + @cs. */
static void fix_sum(struct input *in, size_t off, size_t len, size_t cs)
{
	uint8_t sum = 0;
	size_t i;

	in->b[off + cs] = 0;
	for (i = 0; i < len; i++)
		sum += in->b[off + i];
	in->b[off + cs] = (uint8_t)-sum;
}

/* Re-checksum the table with signature @sig. */
static void fix_table(struct input *in, const char *sig)
{
	size_t t = at(in, sig);

	fix_sum(in, t, get32(in, t + 4), 9);
}

struct result {
	const struct acpi_sdt_hdr *t;
	const char *error;
	unsigned int ioapics, isos, walk_rc_set;
	int walk_rc;
	const char *walk_error;
	uint64_t ioapic_base[4];
	uint32_t ioapic_gsi[4];
	uint8_t iso_irq[8];
	uint32_t iso_gsi[8];
	uint16_t iso_flags[8];
};

static void on_ioapic(void *arg, uint64_t base, uint32_t gsi_base)
{
	struct result *r = arg;

	if (r->ioapics < 4) {
		r->ioapic_base[r->ioapics] = base;
		r->ioapic_gsi[r->ioapics] = gsi_base;
	}
	r->ioapics++;
}

static void on_iso(void *arg, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	struct result *r = arg;

	if (r->isos < 8) {
		r->iso_irq[r->isos] = irq;
		r->iso_gsi[r->isos] = gsi;
		r->iso_flags[r->isos] = flags;
	}
	r->isos++;
}

static const struct x86_madt_ops ops = { on_ioapic, on_iso };

/* Look @sig up in @in (and walk it when it is the MADT). */
static struct result lookup(const struct input *in, const char *sig)
{
	struct result r;
	struct acpi_fakemem m;
	struct x86_acpi a = { .map = acpi_fakemem_map, .ctx = &m };

	memset(&r, 0, sizeof(r));
	acpi_fakemem_load(&m, in->b, in->len);
	r.t = x86_acpi_lookup(&a, m.rsdp_hint, sig);
	r.error = a.error;
	if (r.t && !strcmp(sig, "APIC")) {
		r.walk_rc = x86_acpi_madt_walk(r.t, &ops, &r, &r.walk_error);
		r.walk_rc_set = 1;
	}
	/* the table itself is not used after this: only its address */
	acpi_fakemem_free(&m);
	return r;
}

static void test_microvm(void)
{
	struct result r = lookup(&microvm, "APIC");

	HT_EXPECT(r.t != NULL);
	HT_EXPECT(r.error == NULL);
	HT_EXPECT_INT_EQ(r.walk_rc, 0);
	HT_EXPECT(r.walk_error == NULL);
	HT_EXPECT_INT_EQ(r.ioapics, 2);
	HT_EXPECT_INT_EQ(r.ioapic_base[0], 0xfec00000);
	HT_EXPECT_INT_EQ(r.ioapic_gsi[0], 0);
	HT_EXPECT_INT_EQ(r.ioapic_base[1], 0xfec10000);
	HT_EXPECT_INT_EQ(r.ioapic_gsi[1], 24);
	HT_EXPECT_INT_EQ(r.isos, 0);
	r = lookup(&microvm, "HPET");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT(r.error == NULL);
	r = lookup(&microvm, "FACP");
	HT_EXPECT(r.t != NULL);
}

static void test_q35(void)
{
	struct result r = lookup(&q35, "APIC");

	HT_EXPECT(r.t != NULL);
	HT_EXPECT(r.error == NULL);
	HT_EXPECT_INT_EQ(r.walk_rc, 0);
	HT_EXPECT_INT_EQ(r.ioapics, 1);
	HT_EXPECT_INT_EQ(r.ioapic_base[0], 0xfec00000);
	HT_EXPECT_INT_EQ(r.isos, 5);
	HT_EXPECT_INT_EQ(r.iso_irq[0], 0);
	HT_EXPECT_INT_EQ(r.iso_gsi[0], 2);
	HT_EXPECT_INT_EQ(r.iso_flags[0], 0);
	HT_EXPECT_INT_EQ(r.iso_irq[2], 9);
	HT_EXPECT_INT_EQ(r.iso_gsi[2], 9);
	HT_EXPECT_INT_EQ(r.iso_flags[2], 0xd);
	r = lookup(&q35, "HPET");
	HT_EXPECT(r.t != NULL);
	HT_EXPECT(r.error == NULL);
	r = lookup(&q35, "XXXX");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT(r.error == NULL);
}

static void test_bios_area_search(void)
{
	struct result r = lookup(&q35_search, "APIC");
	struct input in = q35_search;

	HT_EXPECT(r.t != NULL);
	HT_EXPECT(r.error == NULL);
	HT_EXPECT_INT_EQ(r.ioapics, 1);
	/*
	 * a bad checksum in the area: not an RSDP (firmware may hold the
	 * string), the search goes on, no error
	 */
	in.b[at(&in, "RSD PTR ") + 8] ^= 1;
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT(r.error == NULL);
	/* an ACPI 2.0 RSDP found there is checked in full */
	in = microvm;
	put32(&in, 0, 0);
	in.b[at(&in, "RSD PTR ") + 33] ^= 1;
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "RSDP extended checksum wrong");
}

static void test_rsdp_bad(void)
{
	struct input in = q35;
	size_t p = at(&in, "RSD PTR ");
	struct result r;

	in.b[p + 8] ^= 0x40;
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "RSDP checksum wrong");

	/* given RSDP address: unbacked, beyond the map, no signature */
	in = q35;
	put32(&in, 0, 0x1000);	/* the low half: bit 63 stays set */
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "RSDP address out of range");
	in = q35;
	put32(&in, 0, 0x40000000);
	r = lookup(&in, "APIC");
	HT_EXPECT_STR_EQ(r.error, "RSDP address out of range");
	in = q35;
	in.b[p] = 'X';
	r = lookup(&in, "APIC");
	HT_EXPECT_STR_EQ(r.error, "no RSDP signature");

	/* ACPI 2.0: the length and the extended checksum */
	in = microvm;
	p = at(&in, "RSD PTR ");
	put32(&in, p + 20, 30);
	fix_sum(&in, p, 20, 8);
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "RSDP length out of range");
	in = microvm;
	in.b[p + 33] ^= 1;
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "RSDP extended checksum wrong");
	/* longer than what is backed */
	in = microvm;
	put32(&in, p + 20, 4096);
	fix_sum(&in, p, 20, 8);
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "RSDP address out of range");
}

static void test_root_bad(void)
{
	struct input in = q35;
	size_t rt = at(&in, "RSDT");
	struct result r;

	/* signature */
	memcpy(in.b + rt, "RSDX", 4);
	fix_table(&in, "RSDX");
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "root table signature wrong");

	/* an entry pointing past the first GiB: skipped and reported */
	in = q35;
	put32(&in, rt + 36 + 4, 0x40000000);	/* the MADT's entry */
	fix_table(&in, "RSDT");
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "table address out of range");
	r = lookup(&in, "HPET");
	HT_EXPECT(r.t != NULL);

	/* a length that is not a whole number of entries */
	in = q35;
	put32(&in, rt + 4, get32(&in, rt + 4) - 1);
	fix_table(&in, "RSDT");
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t != NULL);
	HT_EXPECT_STR_EQ(r.error, "root table length not a whole entry count");
	r = lookup(&in, "WAET");	/* its entry was cut */
	HT_EXPECT(r.t == NULL);

	/* a length below the header */
	in = q35;
	put32(&in, rt + 4, 20);
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "table length out of range");
}

static void test_table_bad(void)
{
	struct input in = q35;
	size_t t = at(&in, "APIC");
	struct result r;

	in.b[t + 40] ^= 1;	/* flags, checksum not fixed */
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "table checksum wrong");
	r = lookup(&in, "HPET");
	HT_EXPECT(r.t != NULL);

	in = q35;
	put32(&in, t + 4, 2u << 20);
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "table length out of range");

	/* longer than the memory behind it */
	in = q35;
	put32(&in, at(&in, "WAET") + 4, 4000);
	r = lookup(&in, "WAET");
	HT_EXPECT(r.t == NULL);
	HT_EXPECT_STR_EQ(r.error, "table address out of range");
}

static void test_madt_bad(void)
{
	struct input in = q35;
	size_t t = at(&in, "APIC"), e = t + ACPI_MADT_ENTRIES;
	struct result r;

	/* an entry of length 0 after the local APIC (8) and IOAPIC (12) */
	in.b[e + 8 + 12 + 1] = 0;
	fix_table(&in, "APIC");
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t != NULL);
	HT_EXPECT_INT_EQ(r.walk_rc, -EINVAL);
	HT_EXPECT_STR_EQ(r.walk_error, "MADT entry length below 2");
	HT_EXPECT_INT_EQ(r.ioapics, 1);	/* the ones before it count */
	HT_EXPECT_INT_EQ(r.isos, 0);

	/* an entry running past the table's end */
	in = q35;
	in.b[e + 8 + 12 + 1] = 200;
	fix_table(&in, "APIC");
	r = lookup(&in, "APIC");
	HT_EXPECT_INT_EQ(r.walk_rc, -EINVAL);
	HT_EXPECT_STR_EQ(r.walk_error, "MADT entry runs past the table's end");

	/* an IOAPIC entry too short: skipped, the walk goes on */
	in = q35;
	in.b[e] = ACPI_MADT_IOAPIC;	/* the 8-byte local APIC entry */
	fix_table(&in, "APIC");
	r = lookup(&in, "APIC");
	HT_EXPECT_INT_EQ(r.walk_rc, -EINVAL);
	HT_EXPECT_STR_EQ(r.walk_error, "MADT IOAPIC entry too short");
	HT_EXPECT_INT_EQ(r.ioapics, 1);
	HT_EXPECT_INT_EQ(r.isos, 5);

	/* shorter than the fixed fields */
	in = q35;
	put32(&in, t + 4, 40);
	fix_sum(&in, t, 40, 9);
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t != NULL);
	HT_EXPECT_INT_EQ(r.walk_rc, -EINVAL);
	HT_EXPECT_STR_EQ(r.walk_error, "MADT shorter than its fixed fields");
	HT_EXPECT_INT_EQ(r.ioapics, 0);

	/* one byte of an entry header left at the end */
	in = q35;
	put32(&in, t + 4, get32(&in, t + 4) - 5);	/* cut the last (6) */
	fix_sum(&in, t, get32(&in, t + 4), 9);
	r = lookup(&in, "APIC");
	HT_EXPECT(r.t != NULL);
	HT_EXPECT_STR_EQ(r.walk_error, "MADT entry header cut by the table's end");
	HT_EXPECT_INT_EQ(r.isos, 5);
}

int main(void)
{
	microvm = load("microvm.acpi");
	q35 = load("q35.acpi");
	q35_search = load("q35-bios-search.acpi");
	HT_RUN(test_microvm);
	HT_RUN(test_q35);
	HT_RUN(test_bios_area_search);
	HT_RUN(test_rsdp_bad);
	HT_RUN(test_root_bad);
	HT_RUN(test_table_bad);
	HT_RUN(test_madt_bad);
	return ht_finish("plat-kvm_acpi");
}

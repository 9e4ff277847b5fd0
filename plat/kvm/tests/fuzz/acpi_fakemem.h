/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A fake physical memory for plat/kvm/x86_64/acpi.c on the host (the
 * fuzz target fuzz_acpi.c and the host test test_acpi.c).
 *
 * Input format (written by support/scripts/acpi-tables): a little-endian
 * u64 whose bit 63 is the "raw" flag and whose other bits are the RSDP
 * address (0: the parser searches the BIOS area), then records { u32
 * address, u16 length, length bytes }, each one backed range; a record cut
 * short by the input's end keeps what is there, the first record
 * containing a range wins. acpi_fakemem_map() hands out an exact-size heap
 * copy of each mapped range, so AddressSanitizer catches any read past
 * what the parser asked for; the copies live until acpi_fakemem_free().
 *
 * Repair: a mutation almost never keeps a table's checksum right, so
 * without help the fuzzer would never get past the checksums. Unless the
 * raw flag is set, a copy that is a whole RSDP (20 bytes with its
 * signature, or its @length) or a whole table (its length field equals
 * the length mapped) gets its checksum byte set to make it sum to 0,
 * before the parser sees it. Raw inputs test the checksums themselves
 * (the host test's inputs are all raw).
 */
#ifndef __ACPI_FAKEMEM_H__
#define __ACPI_FAKEMEM_H__

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ACPI_FAKEMEM_SEGS	64
#define ACPI_FAKEMEM_RAW	(1ULL << 63)

/*
 * The hook is the harness, not code under test: its comparisons would
 * only feed libFuzzer noise, and tracing them cost 70% of the time in the
 * parser's search of the BIOS area.
 */
#if defined(__clang__)
#define ACPI_FAKEMEM_NOCOV __attribute__((no_sanitize("coverage")))
#else
#define ACPI_FAKEMEM_NOCOV
#endif

struct acpi_fakemem {
	uint64_t rsdp_hint;
	int repair;
	struct {
		uint64_t addr;
		const uint8_t *data;
		size_t len;
	} seg[ACPI_FAKEMEM_SEGS];
	unsigned int nseg;
	struct {
		void *p;
		size_t len;
	} *maps;
	size_t nmaps, maps_cap;
};

static inline uint64_t acpi_fakemem_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Describe @data (which must outlive @m); 0, or -1 if @size < 8. */
static inline int acpi_fakemem_load(struct acpi_fakemem *m,
				    const uint8_t *data, size_t size)
{
	size_t off = 8, len;

	memset(m, 0, sizeof(*m));
	if (size < 8)
		return -1;
	m->rsdp_hint = acpi_fakemem_le(data, 8) & ~ACPI_FAKEMEM_RAW;
	m->repair = !(acpi_fakemem_le(data, 8) & ACPI_FAKEMEM_RAW);
	while (size - off >= 6 && m->nseg < ACPI_FAKEMEM_SEGS) {
		m->seg[m->nseg].addr = acpi_fakemem_le(data + off, 4);
		len = acpi_fakemem_le(data + off + 4, 2);
		off += 6;
		if (len > size - off)
			len = size - off;
		m->seg[m->nseg].data = data + off;
		m->seg[m->nseg].len = len;
		m->nseg++;
		off += len;
	}
	return 0;
}

/* Make @len bytes at @p sum to 0 through the byte at @p + @at. */
ACPI_FAKEMEM_NOCOV static inline void acpi_fakemem_fix(uint8_t *p, size_t len,
							size_t at)
{
	uint8_t sum = 0;
	size_t i;

	p[at] = 0;
	for (i = 0; i < len; i++)
		sum += p[i];
	p[at] = (uint8_t)-sum;
}

ACPI_FAKEMEM_NOCOV static inline void acpi_fakemem_repair(uint8_t *p,
							   size_t len)
{
	if (len >= 8 && !memcmp(p, "RSD PTR ", 8)) {
		if (len == 20)
			acpi_fakemem_fix(p, 20, 8);
		else if (len >= 36 && acpi_fakemem_le(p + 20, 4) == len)
			acpi_fakemem_fix(p, len, 32);
	} else if (len >= 36 && acpi_fakemem_le(p + 4, 4) == len) {
		acpi_fakemem_fix(p, len, 9);
	}
}

/* The x86_acpi map hook: a heap copy of [@paddr, @paddr + @len). */
ACPI_FAKEMEM_NOCOV static inline const void *acpi_fakemem_map(void *ctx, uint64_t paddr,
					   uint64_t len)
{
	struct acpi_fakemem *m = ctx;
	unsigned int i;
	void *p;

	for (i = 0; i < m->nseg; i++) {
		if (paddr >= m->seg[i].addr &&
		    paddr - m->seg[i].addr <= m->seg[i].len &&
		    len <= m->seg[i].len - (paddr - m->seg[i].addr))
			break;
	}
	if (i == m->nseg)
		return NULL;
	if (m->nmaps == m->maps_cap) {
		size_t cap = m->maps_cap ? 2 * m->maps_cap : 64;
		void *n = realloc(m->maps, cap * sizeof(*m->maps));

		if (!n)
			abort();
		m->maps = n;
		m->maps_cap = cap;
	}
	p = malloc(len ? len : 1);
	if (!p)
		abort();
	memcpy(p, m->seg[i].data + (paddr - m->seg[i].addr), len);
	if (m->repair)
		acpi_fakemem_repair(p, len);
	m->maps[m->nmaps].p = p;
	m->maps[m->nmaps].len = len;
	m->nmaps++;
	return p;
}

/* Length of the mapping that starts at @p, or 0 if none does. */
static inline size_t acpi_fakemem_mapped(const struct acpi_fakemem *m,
					 const void *p)
{
	size_t i;

	for (i = 0; i < m->nmaps; i++)
		if (m->maps[i].p == p)
			return m->maps[i].len;
	return 0;
}

static inline void acpi_fakemem_free(struct acpi_fakemem *m)
{
	size_t i;

	for (i = 0; i < m->nmaps; i++)
		free(m->maps[i].p);
	free(m->maps);
	m->maps = NULL;
	m->nmaps = m->maps_cap = 0;
}

#endif /* __ACPI_FAKEMEM_H__ */

/* SPDX-License-Identifier: BSD-3-Clause */
/* Canonical hex + ASCII dump, 16 bytes a line. */
#include <uk/essentials.h>
#include <uk/print.h>

#define HEXDUMP_COLS	16

void uk_hexdump(const void *data, size_t len, unsigned long base)
{
	const unsigned char *p = data;
	size_t off, i;

	for (off = 0; off < len; off += HEXDUMP_COLS) {
		char ascii[HEXDUMP_COLS + 1];
		size_t n = UK_MIN((size_t)HEXDUMP_COLS, len - off);

		uk_printf("%016lx ", base + off);
		for (i = 0; i < HEXDUMP_COLS; i++) {
			if (i < n)
				uk_printf(" %02x", p[off + i]);
			else
				uk_printf("   ");
			ascii[i] = i < n && p[off + i] >= 0x20 &&
				   p[off + i] < 0x7f ? (char)p[off + i] : ' ';
		}
		ascii[HEXDUMP_COLS] = '\0';
		uk_printf("  |%s|\n", ascii);
	}
}

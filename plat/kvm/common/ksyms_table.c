/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Symbol lookup in the image's compact symbol table, which
 * support/kast/ksyms.py (gen-ksyms) writes into .ksyms at link time; its
 * docstring describes the layout. Read only for crash reports, so it
 * favours size over speed: a binary search over blocks, then one block
 * decoded. Every read is bounded by the table's own sizes, so a damaged
 * table yields no name rather than a fault inside the crash handler.
 */
#include <uk/essentials.h>
#include <uk/plat/crash.h>
#include <kvm/kaslr.h>
#include <kvm/ksyms.h>
#include <kvm/memory.h>

#define KSYMS_BLOCK		32	/* symbols per index entry (ksyms.py) */
#define KSYMS_TOKEN_DEPTH	32	/* nesting of name tokens (ksyms.py) */

struct ksyms_head {
	uint64_t base;		/* link address offsets are relative to */
	uint32_t count;		/* symbols */
	uint32_t nblocks;	/* index entries */
	uint32_t stream_len;	/* bytes of entries */
	uint32_t reserved;
	uint8_t tokens[256][2];	/* the pair each token byte stands for */
	uint32_t index[];	/* per block: first offset, stream position */
};

extern const struct ksyms_head uk_ksyms;
extern const char uk_ksyms_tail[];

/* The ULEB128 number at *@pos, or false if it runs past @len or 32 bits. */
static int ksyms_uleb(const uint8_t *s, uint32_t len, uint32_t *pos,
		      uint32_t *v)
{
	uint32_t shift = 0;

	*v = 0;
	while (*pos < len && shift < 32) {
		uint8_t b = s[(*pos)++];

		*v |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 1;
		shift += 7;
	}
	return 0;
}

/* Expand the encoded name at @pos into @name (@len bytes, truncated). */
static void ksyms_name(const struct ksyms_head *t, const uint8_t *s,
		       uint32_t pos, char *name, unsigned long len)
{
	uint8_t stack[KSYMS_TOKEN_DEPTH + 1];
	unsigned long n = 0;
	unsigned int sp;

	if (!len)
		return;
	for (; pos < t->stream_len && s[pos] && n + 1 < len; pos++) {
		stack[0] = s[pos];
		sp = 1;
		while (sp && n + 1 < len) {
			uint8_t b = stack[--sp];

			if (!t->tokens[b][0]) {
				name[n++] = (char)b;
			} else if (sp + 2 <= KSYMS_TOKEN_DEPTH) {
				stack[sp++] = t->tokens[b][1];
				stack[sp++] = t->tokens[b][0];
			} else {
				name[n++] = '?';	/* nested too deep */
			}
		}
	}
	name[n] = '\0';
}

unsigned long kvm_ksyms_table_lookup(const void *table, unsigned long size,
				     unsigned long addr, unsigned long *off,
				     char *name, unsigned long len)
{
	const struct ksyms_head *t = table;
	const uint8_t *s;
	uint32_t lo = 0, hi, pos, end, cur, best_pos, best, delta, i;
	uint64_t rel;

	if (size < sizeof(*t) ||
	    (size - sizeof(*t)) / 8 < t->nblocks ||
	    size - sizeof(*t) - 8 * (uint64_t)t->nblocks < t->stream_len)
		return 0;	/* sizes that do not fit the table */
	if (!t->count || !t->nblocks || addr < t->base)
		return 0;
	rel = addr - t->base;
	if (rel > UINT32_MAX)
		rel = UINT32_MAX;
	/* last block whose first symbol is at or below @rel */
	hi = t->nblocks;
	if (t->index[0] > rel)
		return 0;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->index[2 * mid] <= rel)
			lo = mid;
		else
			hi = mid;
	}
	s = (const uint8_t *)&t->index[2 * t->nblocks];
	pos = t->index[2 * lo + 1];
	end = lo + 1 < t->nblocks ? t->index[2 * lo + 3] : t->stream_len;
	if (end > t->stream_len || pos >= end)
		return 0;
	/* the last symbol of the block at or below @rel */
	cur = best = t->index[2 * lo];
	best_pos = pos;
	for (i = 0; i < KSYMS_BLOCK && pos < end; i++) {
		if (!ksyms_uleb(s, end, &pos, &delta))
			break;
		if (i && (uint64_t)cur + delta > rel)
			break;
		cur += i ? delta : 0;
		best = cur;
		best_pos = pos;
		while (pos < end && s[pos])
			pos++;
		pos++;	/* the name's 0 */
	}
	*off = rel - best;
	ksyms_name(t, s, best_pos, name, len);
	return t->base + best;
}

unsigned long ukplat_ksym_lookup(unsigned long addr, unsigned long *off,
				 char *name, unsigned long len)
{
	unsigned long start;

	if (addr < (uintptr_t)__kernel_start || addr >= (uintptr_t)__etext)
		return 0;
	/* the table holds link addresses; the image may have moved */
	start = kvm_ksyms_table_lookup(&uk_ksyms,
				       uk_ksyms_tail - (const char *)&uk_ksyms,
				       addr - (unsigned long)kvm_image_slide,
				       off, name, len);
	return start ? start + (unsigned long)kvm_image_slide : 0;
}

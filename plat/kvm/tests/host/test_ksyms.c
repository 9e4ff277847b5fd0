/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of the compact symbol table, under ASan+UBSan: the table
 * gen-ksyms (support/kast/ksyms.py) makes from ksyms.nm, read by
 * kvm_ksyms_table_lookup() (plat/kvm/common/ksyms_table.c). What it must
 * do: name every function of the listing at its start and anywhere inside
 * it, with the right offset; take the last of several names for one
 * address, as nm sorts them; nothing below the first function; cut names
 * to the caller's buffer; and never read outside a damaged table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kvm/ksyms.h>
#include "hosttest.h"

#define MAX_SYMS	256
#define NAME_LEN	256

extern const char uk_ksyms[];	/* gen-ksyms's output, linked in */
/* what ukplat_ksym_lookup() takes from the image (renamed in host.mk) */
char __kernel_start[1], __etext[1];
long kvm_image_slide;
extern const char uk_ksyms_tail[];
#define TABLE_SIZE	((unsigned long)(uk_ksyms_tail - uk_ksyms))

static struct sym {
	unsigned long addr;
	char name[NAME_LEN];
} syms[MAX_SYMS];
static int nsyms;

static int by_addr_name(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* the functions of the listing, as gen-ksyms picks and sorts them */
static void load_listing(void)
{
	FILE *f = fopen(KSYMS_LISTING, "r");
	char line[512], type, name[NAME_LEN];
	unsigned long addr;

	if (!f) {
		perror(KSYMS_LISTING);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx %c %255s", &addr, &type, name) != 3 ||
		    !strchr("tTwW", type))
			continue;
		if (nsyms == MAX_SYMS)
			exit(1);
		syms[nsyms].addr = addr;
		strcpy(syms[nsyms++].name, name);
	}
	fclose(f);
	qsort(syms, nsyms, sizeof(syms[0]), by_addr_name);
}

/* the symbol lookup must find for @addr: the last one at or below it */
static const struct sym *expected(unsigned long addr)
{
	const struct sym *e = NULL;
	int i;

	for (i = 0; i < nsyms && syms[i].addr <= addr; i++)
		e = &syms[i];
	return e;
}

static void check_at(unsigned long addr)
{
	const struct sym *e = expected(addr);
	char name[NAME_LEN];
	unsigned long off = ~0UL, start;

	memset(name, 'x', sizeof(name));
	start = kvm_ksyms_table_lookup(uk_ksyms, TABLE_SIZE, addr, &off, name,
				       sizeof(name));
	HT_EXPECT(e != NULL);
	if (!e)
		return;
	HT_EXPECT_INT_EQ(start, e->addr);
	HT_EXPECT_INT_EQ(off, addr - e->addr);
	HT_EXPECT_STR_EQ(name, e->name);
}

static void test_every_function(void)
{
	int i;

	HT_EXPECT(nsyms > 100);
	for (i = 0; i < nsyms; i++) {
		check_at(syms[i].addr);
		check_at(syms[i].addr + 1);
		if (i + 1 < nsyms && syms[i + 1].addr > syms[i].addr)
			check_at(syms[i + 1].addr - 1);
	}
	check_at(syms[nsyms - 1].addr + 0x12345);
}

static void test_alias_takes_last_name(void)
{
	int i;

	for (i = 0; i + 1 < nsyms; i++)
		if (!strcmp(syms[i].name, "alias_at_same_address") ||
		    !strcmp(syms[i + 1].name, "alias_at_same_address"))
			break;
	HT_EXPECT(i + 1 < nsyms && syms[i].addr == syms[i + 1].addr);
	check_at(syms[i].addr);
}

static void test_below_first(void)
{
	char name[8] = "keep";
	unsigned long off = 7;

	HT_EXPECT_INT_EQ(kvm_ksyms_table_lookup(uk_ksyms, TABLE_SIZE, syms[0].addr - 1,
						&off, name, sizeof(name)), 0);
	HT_EXPECT_INT_EQ(kvm_ksyms_table_lookup(uk_ksyms, TABLE_SIZE, 0, &off, name,
						sizeof(name)), 0);
	HT_EXPECT_STR_EQ(name, "keep");
}

static void test_truncated_names(void)
{
	const struct sym *e = NULL;
	unsigned long off, len;
	int i;

	for (i = 0; i < nsyms; i++)
		if (strlen(syms[i].name) >= 200)
			e = &syms[i];
	HT_EXPECT(e != NULL);
	if (!e)
		return;
	for (len = 1; len < 210; len += 13) {
		char *buf = malloc(len);	/* exact size: ASan sees overruns */

		HT_EXPECT_INT_EQ(kvm_ksyms_table_lookup(uk_ksyms, TABLE_SIZE, e->addr,
							&off, buf, len),
				 e->addr);
		HT_EXPECT_INT_EQ(strlen(buf), len - 1 < strlen(e->name) ?
					      len - 1 : strlen(e->name));
		HT_EXPECT(!strncmp(buf, e->name, len - 1));
		free(buf);
	}
	/* no buffer at all: only the address */
	HT_EXPECT_INT_EQ(kvm_ksyms_table_lookup(uk_ksyms, TABLE_SIZE, e->addr + 2, &off,
						NULL, 0), e->addr);
	HT_EXPECT_INT_EQ(off, 2);
}

/* header fields (ksyms.py): base 8, count 4, nblocks 4, stream_len 4 */
#define HEAD_NBLOCKS	12
#define HEAD_STREAM	16
#define HEAD_TOKENS	24

static void put32(char *t, size_t at, uint32_t v)
{
	memcpy(t + at, &v, 4);
}

static void lookup_all(const char *t, size_t size)
{
	char name[NAME_LEN];
	unsigned long off;
	int i;

	for (i = 0; i < nsyms; i++)
		kvm_ksyms_table_lookup(t, size, syms[i].addr + 3, &off, name,
				       sizeof(name));
}

/* a damaged table names wrongly or not at all, but reads only itself */
static void test_damaged_table(void)
{
	size_t size = TABLE_SIZE;
	char *t = malloc(size);
	unsigned long off;
	uint32_t nblocks;
	size_t i, stream;

	memcpy(&nblocks, uk_ksyms + HEAD_NBLOCKS, 4);
	stream = HEAD_TOKENS + 512 + 8 * (size_t)nblocks;

	/* sizes past the table's end: no lookup at all */
	memcpy(t, uk_ksyms, size);
	put32(t, HEAD_STREAM, 0xffffff00);
	HT_EXPECT_INT_EQ(kvm_ksyms_table_lookup(t, size, syms[0].addr, &off,
						NULL, 0), 0);
	put32(t, HEAD_STREAM, size - stream + 1);
	HT_EXPECT_INT_EQ(kvm_ksyms_table_lookup(t, size, syms[0].addr, &off,
						NULL, 0), 0);
	memcpy(t, uk_ksyms, size);
	put32(t, HEAD_NBLOCKS, 0x7fffffff);
	HT_EXPECT_INT_EQ(kvm_ksyms_table_lookup(t, size, syms[0].addr, &off,
						NULL, 0), 0);
	HT_EXPECT_INT_EQ(kvm_ksyms_table_lookup(t, 100, syms[0].addr, &off,
						NULL, 0), 0);
	/* one block: the stream starts inside the index (wrong, bounded) */
	memcpy(t, uk_ksyms, size);
	put32(t, HEAD_NBLOCKS, 1);
	put32(t, HEAD_STREAM, size - (HEAD_TOKENS + 512 + 8));
	lookup_all(t, size);
	/* names that never end, tokens that nest forever */
	memcpy(t, uk_ksyms, size);
	for (i = stream; i < size; i++)
		t[i] = (char)0xff;
	t[HEAD_TOKENS + 2 * 0xff] = (char)0xff;
	t[HEAD_TOKENS + 2 * 0xff + 1] = (char)0xff;
	lookup_all(t, size);
	/* index positions past the stream */
	memcpy(t, uk_ksyms, size);
	for (i = 0; i < nblocks; i++)
		put32(t, HEAD_TOKENS + 512 + 8 * i + 4, 0xfffffff0);
	lookup_all(t, size);
	free(t);
}

int main(void)
{
	load_listing();
	HT_RUN(test_every_function);
	HT_RUN(test_alias_takes_last_name);
	HT_RUN(test_below_first);
	HT_RUN(test_truncated_names);
	HT_RUN(test_damaged_table);
	return ht_finish("plat-kvm_ksyms");
}

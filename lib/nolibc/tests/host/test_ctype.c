/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of nolibc's ctype functions. */
#include <ctype.h>
#include <stdio.h>
#include "hosttest.h"
#include "nolibc_api.h"

struct class_fn {
	const char *name;
	int (*ours)(int);
	int (*ref)(int);	/* glibc in the "C" locale */
};

#define CLASS(n)	{ #n, nolibc_##n, n }

static const struct class_fn classes[] = {
	CLASS(isalnum), CLASS(isalpha), CLASS(isblank), CLASS(iscntrl),
	CLASS(isdigit), CLASS(isgraph), CLASS(islower), CLASS(isprint),
	CLASS(ispunct), CLASS(isspace), CLASS(isupper), CLASS(isxdigit),
};

/* Every class agrees with glibc's "C" locale on EOF and all 256 bytes. */
static void test_classes_vs_glibc(void)
{
	size_t i;
	int c, bad;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		bad = 0;
		for (c = EOF; c <= 255; c++) {
			if (!classes[i].ours(c) != !classes[i].ref(c)) {
				if (!bad)
					HT_FAIL_("%s(%d)", classes[i].name, c);
				bad = 1;
			}
		}
		HT_EXPECT(!bad);
	}
}

static void test_classes(void)
{
	HT_EXPECT(nolibc_isalpha('q') && nolibc_isalpha('Q'));
	HT_EXPECT(!nolibc_isalpha('1') && !nolibc_isalpha('@'));
	HT_EXPECT(!nolibc_isalpha('[') && !nolibc_isalpha('`'));
	HT_EXPECT(nolibc_isdigit('0') && nolibc_isdigit('9'));
	HT_EXPECT(!nolibc_isdigit('a') && !nolibc_isdigit('/'));
	HT_EXPECT(nolibc_isxdigit('f') && nolibc_isxdigit('F'));
	HT_EXPECT(!nolibc_isxdigit('g') && !nolibc_isxdigit('G'));
	HT_EXPECT(nolibc_isspace(' ') && nolibc_isspace('\t') &&
		  nolibc_isspace('\n') && nolibc_isspace('\v') &&
		  nolibc_isspace('\f') && nolibc_isspace('\r'));
	HT_EXPECT(!nolibc_isspace('\b') && !nolibc_isspace('\0'));
	HT_EXPECT(nolibc_isblank('\t') && !nolibc_isblank('\n'));
	HT_EXPECT(nolibc_iscntrl('\0') && nolibc_iscntrl(0x7f) &&
		  !nolibc_iscntrl(' '));
	HT_EXPECT(nolibc_isprint(' ') && !nolibc_isgraph(' '));
	HT_EXPECT(nolibc_ispunct('!') && nolibc_ispunct('~') &&
		  !nolibc_ispunct('a') && !nolibc_ispunct(' '));
	/* EOF and bytes above 127 are in no class */
	HT_EXPECT(!nolibc_isalpha(EOF) && !nolibc_isspace(EOF) &&
		  !nolibc_isprint(EOF) && !nolibc_iscntrl(EOF));
	HT_EXPECT(!nolibc_isalpha(0xe9) && !nolibc_isprint(0xa0) &&
		  !nolibc_iscntrl(0x80));
}

static void test_case_conv(void)
{
	int c, bad = 0;

	HT_EXPECT_INT_EQ(nolibc_tolower('A'), 'a');
	HT_EXPECT_INT_EQ(nolibc_tolower('Z'), 'z');
	HT_EXPECT_INT_EQ(nolibc_tolower('a'), 'a');
	HT_EXPECT_INT_EQ(nolibc_tolower('@'), '@');
	HT_EXPECT_INT_EQ(nolibc_toupper('a'), 'A');
	HT_EXPECT_INT_EQ(nolibc_toupper('z'), 'Z');
	HT_EXPECT_INT_EQ(nolibc_toupper('{'), '{');
	HT_EXPECT_INT_EQ(nolibc_toupper(EOF), EOF);
	HT_EXPECT_INT_EQ(nolibc_tolower(0xc9), 0xc9);
	for (c = EOF; c <= 255; c++) {
		if (nolibc_tolower(c) != tolower(c) ||
		    nolibc_toupper(c) != toupper(c))
			bad++;
	}
	HT_EXPECT_INT_EQ(bad, 0);
}

int main(void)
{
	HT_RUN(test_classes_vs_glibc);
	HT_RUN(test_classes);
	HT_RUN(test_case_conv);
	return ht_finish("nolibc_ctype");
}

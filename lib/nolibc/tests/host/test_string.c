/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of nolibc's memory and string functions. */
#include <stdlib.h>
#include <errno.h>
#include "hosttest.h"
#include "nolibc_api.h"

#define BUF_LEN		64
#define BIG_LEN		200	/* spans several machine words */

static void fill_pattern(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + 3);
}

static void test_memcpy(void)
{
	unsigned char src[BIG_LEN], dst[BIG_LEN + 16];
	size_t off, len;

	fill_pattern(src, sizeof(src));
	/* every alignment combination and length around the word size */
	for (off = 0; off < 9; off++) {
		for (len = 0; len < 40; len++) {
			memset(dst, 0xee, sizeof(dst));
			HT_EXPECT(nolibc_memcpy(dst + off, src + (len & 7),
						len) == dst + off);
			HT_EXPECT(!memcmp(dst + off, src + (len & 7), len));
			HT_EXPECT(off == 0 || dst[off - 1] == 0xee);
			HT_EXPECT(dst[off + len] == 0xee);
		}
	}
	nolibc_memcpy(dst, src, BIG_LEN);
	HT_EXPECT(!memcmp(dst, src, BIG_LEN));
	/* n == 0 with valid pointers leaves memory alone */
	dst[0] = 1;
	nolibc_memcpy(dst, src, 0);
	HT_EXPECT_INT_EQ(dst[0], 1);
}

static void test_memmove(void)
{
	unsigned char buf[BIG_LEN], ref[BIG_LEN];
	size_t shift, len;

	for (shift = 1; shift < 20; shift++) {
		len = BIG_LEN - 20;
		/* forward overlap: destination above source */
		fill_pattern(buf, sizeof(buf));
		fill_pattern(ref, sizeof(ref));
		memmove(ref + shift, ref, len);
		HT_EXPECT(nolibc_memmove(buf + shift, buf, len) ==
			  buf + shift);
		HT_EXPECT(!memcmp(buf, ref, sizeof(buf)));
		/* backward overlap: destination below source */
		fill_pattern(buf, sizeof(buf));
		fill_pattern(ref, sizeof(ref));
		memmove(ref, ref + shift, len);
		nolibc_memmove(buf, buf + shift, len);
		HT_EXPECT(!memcmp(buf, ref, sizeof(buf)));
	}
	/* aligned, word-sized overlap both ways */
	fill_pattern(buf, sizeof(buf));
	fill_pattern(ref, sizeof(ref));
	memmove(ref + 8, ref, 64);
	nolibc_memmove(buf + 8, buf, 64);
	HT_EXPECT(!memcmp(buf, ref, sizeof(buf)));
	memmove(ref, ref + 16, 64);
	nolibc_memmove(buf, buf + 16, 64);
	HT_EXPECT(!memcmp(buf, ref, sizeof(buf)));
	/* same pointer */
	nolibc_memmove(buf, buf, 32);
	HT_EXPECT(!memcmp(buf, ref, sizeof(buf)));
	/* simple string case */
	{
		char s[16] = "abcdef";

		nolibc_memmove(s + 2, s, 4);
		HT_EXPECT_STR_EQ(s, "ababcd");
		nolibc_memmove(s, s + 2, 4);
		HT_EXPECT_STR_EQ(s, "abcdcd");
	}
}

static void test_memset(void)
{
	unsigned char buf[BIG_LEN];
	size_t off, len, i;
	int ok;

	for (off = 0; off < 9; off++) {
		for (len = 0; len < 50; len++) {
			memset(buf, 0x11, sizeof(buf));
			HT_EXPECT(nolibc_memset(buf + off, 0x1ab, len) ==
				  buf + off);
			ok = 1;
			for (i = 0; i < sizeof(buf); i++) {
				unsigned char want = (i >= off &&
						      i < off + len) ?
						     0xab : 0x11;
				if (buf[i] != want)
					ok = 0;
			}
			HT_EXPECT(ok);
		}
	}
	nolibc_memset(buf, 0, sizeof(buf));
	HT_EXPECT(buf[0] == 0 && buf[BIG_LEN - 1] == 0);
	nolibc_memset(buf, -1, 3);
	HT_EXPECT(buf[0] == 0xff && buf[2] == 0xff && buf[3] == 0);
}

static void test_memcmp_memchr(void)
{
	const char *s = "hello\0world\x80";

	HT_EXPECT_INT_EQ(nolibc_memcmp("abc", "abc", 3), 0);
	HT_EXPECT(nolibc_memcmp("abc", "abd", 3) < 0);
	HT_EXPECT(nolibc_memcmp("abd", "abc", 3) > 0);
	HT_EXPECT_INT_EQ(nolibc_memcmp("abc", "xyz", 0), 0);
	/* bytes compare as unsigned char: 0x80 > 0x01 */
	HT_EXPECT(nolibc_memcmp("\x80", "\x01", 1) > 0);
	/* memcmp does not stop at NUL */
	HT_EXPECT(nolibc_memcmp("a\0b", "a\0c", 3) < 0);

	HT_EXPECT(nolibc_memchr(s, 'l', 12) == s + 2);
	HT_EXPECT(nolibc_memchr(s, '\0', 12) == s + 5);
	HT_EXPECT(nolibc_memchr(s, 'w', 12) == s + 6);
	HT_EXPECT(nolibc_memchr(s, 'w', 6) == NULL);
	HT_EXPECT(nolibc_memchr(s, 0x180, 12) == s + 11);
	HT_EXPECT(nolibc_memchr(s, 'h', 0) == NULL);

	HT_EXPECT(nolibc_memrchr(s, 'l', 12) == s + 9);
	HT_EXPECT(nolibc_memrchr(s, 'l', 4) == s + 3);
	HT_EXPECT(nolibc_memrchr(s, 'h', 12) == s);
	HT_EXPECT(nolibc_memrchr(s, 'z', 12) == NULL);
	HT_EXPECT(nolibc_memrchr(s, 'h', 0) == NULL);
}

static void test_strlen_cmp(void)
{
	HT_EXPECT_INT_EQ(nolibc_strlen(""), 0);
	HT_EXPECT_INT_EQ(nolibc_strlen("kast"), 4);
	HT_EXPECT_INT_EQ(nolibc_strnlen("kast", 2), 2);
	HT_EXPECT_INT_EQ(nolibc_strnlen("kast", 10), 4);
	HT_EXPECT_INT_EQ(nolibc_strnlen("kast", 0), 0);

	HT_EXPECT_INT_EQ(nolibc_strcmp("", ""), 0);
	HT_EXPECT_INT_EQ(nolibc_strcmp("abc", "abc"), 0);
	HT_EXPECT(nolibc_strcmp("abc", "abcd") < 0);
	HT_EXPECT(nolibc_strcmp("abcd", "abc") > 0);
	HT_EXPECT(nolibc_strcmp("abc", "abd") < 0);
	HT_EXPECT(nolibc_strcmp("\xff", "a") > 0);	/* unsigned */
	HT_EXPECT_INT_EQ(nolibc_strncmp("abcX", "abcY", 3), 0);
	HT_EXPECT(nolibc_strncmp("abcX", "abcY", 4) < 0);
	HT_EXPECT_INT_EQ(nolibc_strncmp("ab", "ab", 100), 0);
	HT_EXPECT(nolibc_strncmp("ab", "abc", 100) < 0);
	HT_EXPECT_INT_EQ(nolibc_strncmp("x", "y", 0), 0);

	HT_EXPECT_INT_EQ(nolibc_strcasecmp("HeLLo", "hello"), 0);
	HT_EXPECT(nolibc_strcasecmp("apple", "BANANA") < 0);
	HT_EXPECT(nolibc_strcasecmp("Zebra", "apple") > 0);
	HT_EXPECT(nolibc_strcasecmp("abc", "ABCD") < 0);
	HT_EXPECT_INT_EQ(nolibc_strncasecmp("KASTos", "kastOS!", 6), 0);
	HT_EXPECT(nolibc_strncasecmp("KASTos", "kastOS!", 7) < 0);
	/* '[' (0x5b) vs 'a': compared after lower-casing, '[' < 'a' */
	HT_EXPECT(nolibc_strcasecmp("[", "A") < 0);
}

static void test_strcpy_family(void)
{
	char buf[BUF_LEN];
	char small[5];

	HT_EXPECT(nolibc_strcpy(buf, "copy me") == buf);
	HT_EXPECT_STR_EQ(buf, "copy me");
	HT_EXPECT(nolibc_strcpy(buf, "") == buf);
	HT_EXPECT_STR_EQ(buf, "");

	/* strncpy pads with NULs and does not terminate on truncation */
	memset(buf, 'x', sizeof(buf));
	nolibc_strncpy(buf, "ab", 6);
	HT_EXPECT(!memcmp(buf, "ab\0\0\0\0x", 7));
	memset(buf, 'x', sizeof(buf));
	nolibc_strncpy(buf, "abcdef", 3);
	HT_EXPECT(!memcmp(buf, "abcx", 4));

	/* strlcpy */
	HT_EXPECT_INT_EQ(nolibc_strlcpy(small, "hi", sizeof(small)), 2);
	HT_EXPECT_STR_EQ(small, "hi");
	HT_EXPECT_INT_EQ(nolibc_strlcpy(small, "truncated", sizeof(small)), 9);
	HT_EXPECT_STR_EQ(small, "trun");
	HT_EXPECT_INT_EQ(nolibc_strlcpy(small, "four", sizeof(small)), 4);
	HT_EXPECT_STR_EQ(small, "four");
	small[0] = 'q';
	HT_EXPECT_INT_EQ(nolibc_strlcpy(small, "abc", 0), 3);
	HT_EXPECT_INT_EQ(small[0], 'q');

	/* strlcat */
	nolibc_strlcpy(small, "ab", sizeof(small));
	HT_EXPECT_INT_EQ(nolibc_strlcat(small, "c", sizeof(small)), 3);
	HT_EXPECT_STR_EQ(small, "abc");
	HT_EXPECT_INT_EQ(nolibc_strlcat(small, "defg", sizeof(small)), 7);
	HT_EXPECT_STR_EQ(small, "abcd");
	HT_EXPECT_INT_EQ(nolibc_strlcat(small, "xyz", sizeof(small)), 7);
	HT_EXPECT_STR_EQ(small, "abcd");
	/* destination without NUL inside size: returns size + strlen(src) */
	memcpy(small, "12345", 5);
	HT_EXPECT_INT_EQ(nolibc_strlcat(small, "ab", 3), 5);
	HT_EXPECT(!memcmp(small, "12345", 5));

	/* strcat / strncat */
	nolibc_strcpy(buf, "foo");
	HT_EXPECT(nolibc_strcat(buf, "bar") == buf);
	HT_EXPECT_STR_EQ(buf, "foobar");
	HT_EXPECT(nolibc_strncat(buf, "bazqux", 3) == buf);
	HT_EXPECT_STR_EQ(buf, "foobarbaz");
	nolibc_strncat(buf, "!", 10);
	HT_EXPECT_STR_EQ(buf, "foobarbaz!");
	nolibc_strncat(buf, "zzz", 0);
	HT_EXPECT_STR_EQ(buf, "foobarbaz!");
}

static void test_strchr_strstr(void)
{
	const char *s = "path/to/file.txt";

	HT_EXPECT(nolibc_strchr(s, '/') == s + 4);
	HT_EXPECT(nolibc_strrchr(s, '/') == s + 7);
	HT_EXPECT(nolibc_strchr(s, 'z') == NULL);
	HT_EXPECT(nolibc_strrchr(s, 'z') == NULL);
	HT_EXPECT(nolibc_strchr(s, '\0') == s + 16);
	HT_EXPECT(nolibc_strrchr(s, '\0') == s + 16);
	HT_EXPECT(nolibc_strchr(s, 'p' + 256) == s);	/* (char)c */
	HT_EXPECT(nolibc_strrchr("", 'a') == NULL);

	HT_EXPECT(nolibc_strstr(s, "file") == s + 8);
	HT_EXPECT(nolibc_strstr(s, "") == s);
	HT_EXPECT(nolibc_strstr("", "") != NULL);
	HT_EXPECT(nolibc_strstr("", "a") == NULL);
	HT_EXPECT(nolibc_strstr(s, "txt") == s + 13);
	HT_EXPECT(nolibc_strstr(s, "txtx") == NULL);
	HT_EXPECT(nolibc_strstr("aaab", "aab") != NULL);
	{
		const char *h = "ababc";

		HT_EXPECT(nolibc_strstr(h, "abc") == h + 2);
	}

	HT_EXPECT_INT_EQ(nolibc_strspn("  \tword", " \t"), 3);
	HT_EXPECT_INT_EQ(nolibc_strspn("abc", ""), 0);
	HT_EXPECT_INT_EQ(nolibc_strspn("aaa", "a"), 3);
	HT_EXPECT_INT_EQ(nolibc_strcspn("key=value", "=:"), 3);
	HT_EXPECT_INT_EQ(nolibc_strcspn("novalue", "=:"), 7);
	HT_EXPECT_INT_EQ(nolibc_strcspn("", "x"), 0);
	HT_EXPECT(nolibc_strpbrk(s, "./") == s + 4);
	HT_EXPECT(nolibc_strpbrk(s, "#") == NULL);
	HT_EXPECT(nolibc_strpbrk(s, "") == NULL);
}

static void test_strtok_r(void)
{
	char buf[] = ",,alpha, beta,,gamma,";
	char *save = NULL, *tok;

	tok = nolibc_strtok_r(buf, ", ", &save);
	HT_EXPECT_STR_EQ(tok, "alpha");
	tok = nolibc_strtok_r(NULL, ", ", &save);
	HT_EXPECT_STR_EQ(tok, "beta");
	/* the delimiter set may change between calls */
	tok = nolibc_strtok_r(NULL, ",", &save);
	HT_EXPECT_STR_EQ(tok, "gamma");
	HT_EXPECT(nolibc_strtok_r(NULL, ",", &save) == NULL);
	HT_EXPECT(nolibc_strtok_r(NULL, ",", &save) == NULL);

	{
		char only[] = ";;;";
		char one[] = "single";

		HT_EXPECT(nolibc_strtok_r(only, ";", &save) == NULL);
		tok = nolibc_strtok_r(one, ";", &save);
		HT_EXPECT(tok == one);
		HT_EXPECT_STR_EQ(tok, "single");
		HT_EXPECT(nolibc_strtok_r(NULL, ";", &save) == NULL);
	}
}

static void test_strdup(void)
{
	char *p;

	p = nolibc_strdup("duplicate");
	HT_EXPECT_STR_EQ(p, "duplicate");
	free(p);
	p = nolibc_strdup("");
	HT_EXPECT_STR_EQ(p, "");
	free(p);
	p = nolibc_strndup("duplicate", 3);
	HT_EXPECT_STR_EQ(p, "dup");
	free(p);
	p = nolibc_strndup("ab", 10);
	HT_EXPECT_STR_EQ(p, "ab");
	free(p);
	/* the source need not be terminated within n */
	{
		char raw[3] = { 'x', 'y', 'z' };

		p = nolibc_strndup(raw, 3);
		HT_EXPECT_STR_EQ(p, "xyz");
		free(p);
	}
}

static void test_strerror(void)
{
	HT_EXPECT_STR_EQ(nolibc_strerror(0), "Success");
	HT_EXPECT_STR_EQ(nolibc_strerror(EPERM), "Operation not permitted");
	HT_EXPECT_STR_EQ(nolibc_strerror(ENOENT),
			 "No such file or directory");
	HT_EXPECT_STR_EQ(nolibc_strerror(ENOMEM), "Out of memory");
	HT_EXPECT_STR_EQ(nolibc_strerror(EINVAL), "Invalid argument");
	HT_EXPECT_STR_EQ(nolibc_strerror(ERANGE), "Result out of range");
	HT_EXPECT_STR_EQ(nolibc_strerror(ETIMEDOUT), "Connection timed out");
	HT_EXPECT_STR_EQ(nolibc_strerror(EHWPOISON),
			 "Memory page has hardware error");
	HT_EXPECT_STR_EQ(nolibc_strerror(EHWPOISON + 1), "Unknown error");
	HT_EXPECT_STR_EQ(nolibc_strerror(41), "Unknown error"); /* a gap */
	HT_EXPECT_STR_EQ(nolibc_strerror(-5), "Unknown error");
	HT_EXPECT_STR_EQ(nolibc_strerror(EWOULDBLOCK),
			 nolibc_strerror(EAGAIN));
	/* every number from 1 to EHWPOISON except the two Linux gaps has
	 * its own message
	 */
	{
		int e, known = 0;

		for (e = 1; e <= EHWPOISON; e++)
			if (strcmp(nolibc_strerror(e), "Unknown error"))
				known++;
		HT_EXPECT_INT_EQ(known, EHWPOISON - 2);
	}
}

int main(void)
{
	HT_RUN(test_memcpy);
	HT_RUN(test_memmove);
	HT_RUN(test_memset);
	HT_RUN(test_memcmp_memchr);
	HT_RUN(test_strlen_cmp);
	HT_RUN(test_strcpy_family);
	HT_RUN(test_strchr_strstr);
	HT_RUN(test_strtok_r);
	HT_RUN(test_strdup);
	HT_RUN(test_strerror);
	return ht_finish("nolibc_string");
}

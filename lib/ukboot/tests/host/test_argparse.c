/* Host tests of the command-line tokenizer (lib/ukboot/argparse.c). */
#include <errno.h>
#include <stdlib.h>
#include <uk/boot.h>
#include "hosttest.h"

#define MAX 8

static char *argv[MAX + 1];

/* Parse a private copy of @s (so ASan sees writes past the string). */
static int parse(const char *s, char **copy)
{
	*copy = strdup(s);
	return uk_argparse(*copy, argv, MAX);
}

static void empty_and_blank(void)
{
	char *c;

	HT_EXPECT_INT_EQ(parse("", &c), 0);
	HT_EXPECT(argv[0] == NULL);
	free(c);
	HT_EXPECT_INT_EQ(parse(" \t \n", &c), 0);
	free(c);
}

static void plain_words(void)
{
	char *c;

	HT_EXPECT_INT_EQ(parse("  a bb\tccc  ", &c), 3);
	HT_EXPECT_STR_EQ(argv[0], "a");
	HT_EXPECT_STR_EQ(argv[1], "bb");
	HT_EXPECT_STR_EQ(argv[2], "ccc");
	HT_EXPECT(argv[3] == NULL);
	free(c);
}

static void quotes(void)
{
	char *c;

	HT_EXPECT_INT_EQ(parse("'a b' \"c \\\"d\\\" \\\\\" e'f'g \"\"", &c), 4);
	HT_EXPECT_STR_EQ(argv[0], "a b");
	HT_EXPECT_STR_EQ(argv[1], "c \"d\" \\");
	HT_EXPECT_STR_EQ(argv[2], "efg");
	HT_EXPECT_STR_EQ(argv[3], "");
	free(c);
	/* backslash inside single quotes and before ordinary chars */
	HT_EXPECT_INT_EQ(parse("'a\\b' \"x\\y\"", &c), 2);
	HT_EXPECT_STR_EQ(argv[0], "a\\b");
	HT_EXPECT_STR_EQ(argv[1], "x\\y");
	free(c);
}

static void escapes(void)
{
	char *c;

	HT_EXPECT_INT_EQ(parse("a\\ b c\\\\d", &c), 2);
	HT_EXPECT_STR_EQ(argv[0], "a b");
	HT_EXPECT_STR_EQ(argv[1], "c\\d");
	free(c);
}

static void separator_is_a_token(void)
{
	char *c;

	HT_EXPECT_INT_EQ(parse("lib.x=1 -- app arg", &c), 4);
	HT_EXPECT_STR_EQ(argv[1], "--");
	HT_EXPECT_STR_EQ(argv[3], "arg");
	free(c);
}

static void errors(void)
{
	char *c;

	HT_EXPECT_INT_EQ(parse("\"open", &c), -EINVAL);
	free(c);
	HT_EXPECT_INT_EQ(parse("it's", &c), -EINVAL);
	free(c);
	HT_EXPECT_INT_EQ(parse("trailing\\", &c), -EINVAL);
	free(c);
	HT_EXPECT_INT_EQ(parse("1 2 3 4 5 6 7 8", &c), 8);
	free(c);
	HT_EXPECT_INT_EQ(parse("1 2 3 4 5 6 7 8 9", &c), -E2BIG);
	free(c);
}

int main(void)
{
	HT_RUN(empty_and_blank);
	HT_RUN(plain_words);
	HT_RUN(quotes);
	HT_RUN(escapes);
	HT_RUN(separator_is_a_token);
	HT_RUN(errors);
	return ht_finish("ukboot_argparse");
}

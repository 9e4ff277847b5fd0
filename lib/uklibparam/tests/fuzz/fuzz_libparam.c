/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: kernel parameters (lib.param=value) as they come
 * from the command line, through uklibparam's parser, built for the
 * host. The input is split at NUL, space and newline bytes into at most
 * ARGS_MAX tokens, as ukboot hands them over, and parsed against a table
 * with one parameter of every kind (bool, each signed and unsigned
 * size, string) and arrays of a few kinds. Besides the sanitizers'
 * checks: a parse either succeeds or fails with -EINVAL, every array
 * count stays within its capacity, nothing outside the variables is
 * written (guard bytes around each), and a string parameter points into
 * the token that set it.
 * Build and run with support/scripts/fuzz (sources: fuzz_libparam.mk).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/libparam.h>

#define ARGS_MAX	16
#define BUF_MAX		4096
#define GUARD		0xa5

static struct {
	uint8_t g0[8];
	bool b;
	uint8_t g1[8];
	int8_t s8;
	uint8_t g2[8];
	int16_t s16;
	uint8_t g3[8];
	int32_t s32;
	uint8_t g4[8];
	int64_t s64;
	uint8_t g5[8];
	uint8_t u8;
	uint8_t g6[8];
	uint16_t u16;
	uint8_t g7[8];
	uint32_t u32;
	uint8_t g8[8];
	uint64_t u64;
	uint8_t g9[8];
	const char *str;
	uint8_t g10[8];
	int arr[4];
	uint8_t g11[8];
	bool barr[3];
	uint8_t g12[8];
	uint64_t uarr[2];
	uint8_t g13[8];
} v;
static unsigned int arr_count, barr_count, uarr_count;

static const struct uk_libparam table[] = {
	UK_LIBPARAM_INIT("lib", "b", v.b),
	UK_LIBPARAM_INIT("lib", "s8", v.s8),
	UK_LIBPARAM_INIT("lib", "s16", v.s16),
	UK_LIBPARAM_INIT("lib", "s32", v.s32),
	UK_LIBPARAM_INIT("lib", "s64", v.s64),
	UK_LIBPARAM_INIT("lib", "u8", v.u8),
	UK_LIBPARAM_INIT("lib", "u16", v.u16),
	UK_LIBPARAM_INIT("lib", "u32", v.u32),
	UK_LIBPARAM_INIT("lib", "u64", v.u64),
	UK_LIBPARAM_INIT("lib", "str", v.str),
	UK_LIBPARAM_INIT_ARR("lib", "arr", v.arr, 4, &arr_count),
	UK_LIBPARAM_INIT_ARR("other", "barr", v.barr, 3, &barr_count),
	UK_LIBPARAM_INIT_ARR("other", "uarr", v.uarr, 2, &uarr_count),
};

static void guards_set(void)
{
	memset(&v, GUARD, sizeof(v));
}

static void guard_check(const uint8_t *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (g[i] != GUARD)
			abort();
}

#define GUARD_OK(g)	guard_check((g), sizeof(g))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[BUF_MAX + 1];
	char *argv[ARGS_MAX];
	int argc = 0, rc;
	size_t i, n = size < BUF_MAX ? size : BUF_MAX;
	bool in_tok = false;

	memcpy(buf, data, n);
	buf[n] = '\0';
	for (i = 0; i < n; i++) {
		if (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\0') {
			buf[i] = '\0';
			in_tok = false;
		} else if (!in_tok) {
			in_tok = true;
			if (argc < ARGS_MAX)
				argv[argc++] = &buf[i];
		}
	}
	guards_set();
	arr_count = barr_count = uarr_count = 0;
	/* the parser prints its complaints; keep the fuzzer's output quiet */
	rc = uk_libparam_parse_range(table, table + UK_ARRAY_SIZE(table),
				     argc, argv);
	if (rc != 0 && rc != -EINVAL)
		abort();
	GUARD_OK(v.g0); GUARD_OK(v.g1); GUARD_OK(v.g2); GUARD_OK(v.g3);
	GUARD_OK(v.g4); GUARD_OK(v.g5); GUARD_OK(v.g6); GUARD_OK(v.g7);
	GUARD_OK(v.g8); GUARD_OK(v.g9); GUARD_OK(v.g10); GUARD_OK(v.g11);
	GUARD_OK(v.g12); GUARD_OK(v.g13);
	if (arr_count > 4 || barr_count > 3 || uarr_count > 2)
		abort();
	/* a string set by a token points into that token */
	if (memcmp(&v.str, (uint8_t[sizeof(v.str)]){ GUARD, GUARD, GUARD,
		   GUARD, GUARD, GUARD, GUARD, GUARD }, sizeof(v.str)) &&
	    (v.str < buf || v.str > buf + n))
		abort();
	return 0;
}

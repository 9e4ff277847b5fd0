/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Parser of "<library>.<param>=<value>" kernel arguments. Platform
 * independent: it works on any table range, so host tests drive it with
 * tables of their own.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <uk/print.h>
#include <uk/libparam.h>

/* Room for the "element N: " prefix of array error messages. */
#define WHERE_MAX	32

/* Every error is one line naming the whole token, then the reason. */
#define PARAM_ERR(tok, fmt, ...)					\
	uk_pr_err("bad kernel parameter \"%s\": " fmt "\n", (tok),	\
		  ##__VA_ARGS__)

#define PARAM_SYNTAX	"expected <library>.<param>=<value>"

/* Outcome of parsing one value. */
enum val_err {
	VAL_OK,
	VAL_EMPTY,	/* nothing to parse */
	VAL_SYNTAX,	/* not a number, or not a bool word */
	VAL_NEGATIVE,	/* '-' in front of a value of an unsigned type */
	VAL_RANGE,	/* does not fit the type */
};

/* A parsed value, before it is stored with the variable's width. */
union param_val {
	bool b;
	int64_t s;
	uint64_t u;
};

struct bool_word {
	const char *word;
	bool val;
};

static const struct bool_word bool_words[] = {
	{ "1", true }, { "0", false },
	{ "true", true }, { "false", false },
	{ "yes", true }, { "no", false },
	{ "on", true }, { "off", false },
};

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* True if [@s, @s + @len) is @word (lower case), ignoring ASCII case. */
static bool span_ieq(const char *s, size_t len, const char *word)
{
	size_t i;

	if (strlen(word) != len)
		return false;
	for (i = 0; i < len; i++)
		if (ascii_lower(s[i]) != word[i])
			return false;
	return true;
}

/* True if [@s, @s + @len) is exactly the string @z. */
static bool span_eq(const char *s, size_t len, const char *z)
{
	return strlen(z) == len && strncmp(s, z, len) == 0;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = ascii_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Largest value of an unsigned / signed integer of @size bytes (1..8). */
static uint64_t umax_of(uint32_t size)
{
	return UINT64_MAX >> (64 - 8 * size);
}

static uint64_t smax_of(uint32_t size)
{
	return UINT64_MAX >> (65 - 8 * size);
}

static enum val_err parse_bool(const char *s, size_t len,
			       union param_val *out)
{
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(bool_words); i++) {
		if (span_ieq(s, len, bool_words[i].word)) {
			out->b = bool_words[i].val;
			return VAL_OK;
		}
	}
	return VAL_SYNTAX;
}

/*
 * Parse the digits of [@s, @s + @len): decimal, or hex after "0x"/"0X".
 * A bad digit anywhere is a syntax error, even after an overflow.
 */
static enum val_err parse_magnitude(const char *s, size_t len,
				    uint64_t *out)
{
	unsigned int base = 10;
	bool overflow = false;
	uint64_t v = 0;
	size_t i = 0;
	int d;

	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return VAL_SYNTAX;
	for (; i < len; i++) {
		d = digit_value(s[i]);
		if (d < 0 || (unsigned int)d >= base)
			return VAL_SYNTAX;
		if (v > (UINT64_MAX - (unsigned int)d) / base)
			overflow = true;
		else
			v = v * base + (unsigned int)d;
	}
	if (overflow)
		return VAL_RANGE;
	*out = v;
	return VAL_OK;
}

static enum val_err parse_int(const struct uk_libparam *p, const char *s,
			      size_t len, union param_val *out)
{
	bool neg = false;
	enum val_err err;
	uint64_t mag;

	if (s[0] == '-') {
		if (p->kind != UK_LIBPARAM_SINT)
			return VAL_NEGATIVE;
		neg = true;
		s++;
		len--;
	}
	err = parse_magnitude(s, len, &mag);
	if (err != VAL_OK)
		return err;

	if (p->kind == UK_LIBPARAM_UINT) {
		if (mag > umax_of(p->size))
			return VAL_RANGE;
		out->u = mag;
	} else if (!neg) {
		if (mag > smax_of(p->size))
			return VAL_RANGE;
		out->s = (int64_t)mag;
	} else {
		if (mag > smax_of(p->size) + 1)
			return VAL_RANGE;
		/* -(smax + 1) itself is not representable as a magnitude. */
		if (mag == smax_of(p->size) + 1)
			out->s = -(int64_t)smax_of(p->size) - 1;
		else
			out->s = -(int64_t)mag;
	}
	return VAL_OK;
}

static enum val_err parse_value(const struct uk_libparam *p, const char *s,
				size_t len, union param_val *out)
{
	if (len == 0)
		return VAL_EMPTY;
	if (p->kind == UK_LIBPARAM_BOOL)
		return parse_bool(s, len, out);
	return parse_int(p, s, len, out);
}

/* Store @v as element @idx of @p, with the variable's own width. */
static void store(const struct uk_libparam *p, unsigned int idx,
		  const union param_val *v)
{
	char *dst = (char *)p->addr + (size_t)idx * p->size;
	int8_t s8;
	int16_t s16;
	int32_t s32;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;

	/* memcpy: the variable may be long long while we hold an int64_t. */
	if (p->kind == UK_LIBPARAM_BOOL) {
		memcpy(dst, &v->b, sizeof(v->b));
	} else if (p->kind == UK_LIBPARAM_SINT) {
		switch (p->size) {
		case 1:
			s8 = (int8_t)v->s;
			memcpy(dst, &s8, sizeof(s8));
			break;
		case 2:
			s16 = (int16_t)v->s;
			memcpy(dst, &s16, sizeof(s16));
			break;
		case 4:
			s32 = (int32_t)v->s;
			memcpy(dst, &s32, sizeof(s32));
			break;
		case 8:
			memcpy(dst, &v->s, sizeof(v->s));
			break;
		}
	} else if (p->kind == UK_LIBPARAM_UINT) {
		switch (p->size) {
		case 1:
			u8 = (uint8_t)v->u;
			memcpy(dst, &u8, sizeof(u8));
			break;
		case 2:
			u16 = (uint16_t)v->u;
			memcpy(dst, &u16, sizeof(u16));
			break;
		case 4:
			u32 = (uint32_t)v->u;
			memcpy(dst, &u32, sizeof(u32));
			break;
		case 8:
			memcpy(dst, &v->u, sizeof(v->u));
			break;
		}
	}
}

/*
 * Print the error line for value [@s, @s + @len) of @p; @elem is the
 * array element index, or -1 for a scalar. Returns -EINVAL.
 */
static int value_error(const char *tok, const struct uk_libparam *p,
		       const char *s, size_t len, enum val_err err, int elem)
{
	const char *type = uk_libparam_type_name(p);
	char where[WHERE_MAX] = "";
	int n = (int)len;

	if (elem >= 0)
		snprintf(where, sizeof(where), "element %d: ", elem + 1);

	switch (err) {
	case VAL_EMPTY:
		PARAM_ERR(tok, "%sempty value for %s", where, type);
		break;
	case VAL_SYNTAX:
		if (p->kind == UK_LIBPARAM_BOOL)
			PARAM_ERR(tok, "%s\"%.*s\" is not a bool "
				  "(use 1/0, true/false, yes/no, on/off)",
				  where, n, s);
		else
			PARAM_ERR(tok, "%s\"%.*s\" is not a valid %s "
				  "(decimal or 0x hex)", where, n, s, type);
		break;
	case VAL_NEGATIVE:
		PARAM_ERR(tok, "%snegative value \"%.*s\" for %s",
			  where, n, s, type);
		break;
	case VAL_RANGE:
		if (p->kind == UK_LIBPARAM_SINT)
			PARAM_ERR(tok, "%s%.*s is out of range for %s "
				  "(%lld..%lld)", where, n, s, type,
				  -(long long)smax_of(p->size) - 1,
				  (long long)smax_of(p->size));
		else
			PARAM_ERR(tok, "%s%.*s is out of range for %s "
				  "(0..%llu)", where, n, s, type,
				  (unsigned long long)umax_of(p->size));
		break;
	case VAL_OK:
		break;
	}
	return -EINVAL;
}

/*
 * Check (and with @do_store, store) the comma-separated elements of @val
 * for array @p. Returns the element count or -EINVAL.
 */
static int walk_array(const struct uk_libparam *p, const char *tok,
		      const char *val, bool do_store)
{
	const char *s = val, *comma;
	union param_val v;
	enum val_err err;
	unsigned int n = 0;
	size_t len;

	if (*val == '\0')
		return 0;
	for (;;) {
		if (n == p->maxcount) {
			PARAM_ERR(tok, "more than %u values for %s[%u]",
				  (unsigned int)p->maxcount,
				  uk_libparam_type_name(p),
				  (unsigned int)p->maxcount);
			return -EINVAL;
		}
		comma = strchr(s, ',');
		len = comma ? (size_t)(comma - s) : strlen(s);
		err = parse_value(p, s, len, &v);
		if (err != VAL_OK)
			return value_error(tok, p, s, len, err, (int)n);
		if (do_store)
			store(p, n, &v);
		n++;
		if (!comma)
			return (int)n;
		s = comma + 1;
	}
}

/* Set @p from @val (which points into the token @tok). */
static int apply(const struct uk_libparam *p, const char *tok, char *val)
{
	union param_val v;
	enum val_err err;
	int n;

	if (p->kind == UK_LIBPARAM_STR) {
		memcpy(p->addr, &val, sizeof(val));
		return 0;
	}
	if (p->maxcount) {
		/* Validate everything first: a bad value changes nothing. */
		n = walk_array(p, tok, val, false);
		if (n < 0)
			return n;
		walk_array(p, tok, val, true);
		*p->count = (unsigned int)n;
		return 0;
	}
	err = parse_value(p, val, strlen(val), &v);
	if (err != VAL_OK)
		return value_error(tok, p, val, strlen(val), err, -1);
	store(p, 0, &v);
	return 0;
}

static int parse_token(const struct uk_libparam *start,
		       const struct uk_libparam *end, char *tok)
{
	const struct uk_libparam *p;
	bool lib_known = false;
	size_t liblen, namelen;
	const char *dot;
	char *eq;

	eq = strchr(tok, '=');
	if (!eq) {
		PARAM_ERR(tok, "missing '=' (" PARAM_SYNTAX ")");
		return -EINVAL;
	}
	dot = memchr(tok, '.', (size_t)(eq - tok));
	if (!dot || dot == tok) {
		PARAM_ERR(tok, "missing library name (" PARAM_SYNTAX ")");
		return -EINVAL;
	}
	if (dot + 1 == eq) {
		PARAM_ERR(tok, "missing parameter name (" PARAM_SYNTAX ")");
		return -EINVAL;
	}
	liblen = (size_t)(dot - tok);
	namelen = (size_t)(eq - dot - 1);

	for (p = start; p < end; p++) {
		if (!span_eq(tok, liblen, p->libname))
			continue;
		lib_known = true;
		if (span_eq(dot + 1, namelen, p->name))
			return apply(p, tok, eq + 1);
	}
	if (lib_known)
		PARAM_ERR(tok, "library \"%.*s\" has no parameter \"%.*s\"",
			  (int)liblen, tok, (int)namelen, dot + 1);
	else
		PARAM_ERR(tok, "unknown library \"%.*s\"",
			  (int)liblen, tok);
	return -EINVAL;
}

int uk_libparam_parse_range(const struct uk_libparam *start,
			    const struct uk_libparam *end,
			    int argc, char *const argv[])
{
	int i, rc;

	for (i = 0; i < argc; i++) {
		rc = parse_token(start, end, argv[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const char *uk_libparam_type_name(const struct uk_libparam *p)
{
	static const char *const sint[] = { "int8", "int16", "int32",
					    "int64" };
	static const char *const uint[] = { "uint8", "uint16", "uint32",
					    "uint64" };
	unsigned int i;

	switch (p->kind) {
	case UK_LIBPARAM_BOOL:
		return "bool";
	case UK_LIBPARAM_STR:
		return "string";
	case UK_LIBPARAM_SINT:
	case UK_LIBPARAM_UINT:
		break;
	default:
		return "?";
	}
	switch (p->size) {
	case 1:
		i = 0;
		break;
	case 2:
		i = 1;
		break;
	case 4:
		i = 2;
		break;
	case 8:
		i = 3;
		break;
	default:
		return "?";
	}
	return p->kind == UK_LIBPARAM_SINT ? sint[i] : uint[i];
}

void uk_libparam_print_range(const struct uk_libparam *start,
			     const struct uk_libparam *end)
{
	const struct uk_libparam *p;

	uk_printf("Kernel parameters (<library>.<param>=<value>):\n");
	if (start == end)
		uk_printf("  (none)\n");
	for (p = start; p < end; p++) {
		if (p->maxcount)
			uk_printf("  %s.%s: %s[%u], comma-separated\n",
				  p->libname, p->name,
				  uk_libparam_type_name(p),
				  (unsigned int)p->maxcount);
		else
			uk_printf("  %s.%s: %s\n", p->libname, p->name,
				  uk_libparam_type_name(p));
	}
}

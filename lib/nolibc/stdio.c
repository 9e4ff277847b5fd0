/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * snprintf family and console printf (see include/stdio.h for what is
 * supported). One formatter writes into a "sink": a buffer that either
 * drops what does not fit (snprintf) or is flushed to the console when
 * full (printf).
 */
#include "internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <uk/plat/console.h>

#define NUM_BUF_LEN	24	/* digits of a 64-bit value in octal: 22 */
#define CONS_BUF_LEN	128	/* printf writes to the console in chunks */

_Static_assert(sizeof(uintmax_t) * 8 / 3 + 1 <= NUM_BUF_LEN,
	       "NUM_BUF_LEN too small for uintmax_t in octal");

struct sink {
	char *buf;
	size_t cap;		/* bytes @buf can hold */
	size_t pos;		/* bytes in @buf */
	size_t total;		/* bytes produced, also those dropped */
	void (*flush)(struct sink *s);	/* NULL: drop what does not fit */
};

/* va_list wrapped in a struct so that helpers can take a pointer to it. */
struct fmt_args {
	va_list ap;
};

#define F_LEFT		0x01	/* '-' */
#define F_PLUS		0x02	/* '+' */
#define F_SPACE		0x04	/* ' ' */
#define F_ALT		0x08	/* '#' */
#define F_ZERO		0x10	/* '0' */

enum fmt_len { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J };

struct fmt_spec {
	unsigned int flags;
	size_t width;
	int prec;		/* -1: none given */
	enum fmt_len len;
};

static void put(struct sink *s, char c)
{
	if (s->pos == s->cap && s->flush)
		s->flush(s);
	if (s->pos < s->cap)
		s->buf[s->pos++] = c;
	s->total++;
}

static void put_str(struct sink *s, const char *p, size_t n)
{
	while (n--)
		put(s, *p++);
}

/* Output @c @n times; once a snprintf buffer is full only count them. */
static void put_pad(struct sink *s, char c, size_t n)
{
	for (; n && (s->pos < s->cap || s->flush); n--)
		put(s, c);
	s->total += n;
}

/* Parse a decimal field width/precision, saturating at INT_MAX. */
static int parse_dec(const char **fmt)
{
	int v = 0;

	for (; isdigit((unsigned char)**fmt); (*fmt)++) {
		if (v > (INT_MAX - 9) / 10)
			v = INT_MAX;
		else
			v = v * 10 + (**fmt - '0');
	}
	return v;
}

static enum fmt_len parse_len(const char **fmt)
{
	const char *p = *fmt;
	enum fmt_len len = LEN_NONE;

	switch (*p) {
	case 'h':
		len = p[1] == 'h' ? LEN_HH : LEN_H;
		break;
	case 'l':
		len = p[1] == 'l' ? LEN_LL : LEN_L;
		break;
	case 'z':
	case 't':	/* ptrdiff_t has the size of size_t */
		len = LEN_Z;
		break;
	case 'j':
		len = LEN_J;
		break;
	}
	if (len != LEN_NONE)
		*fmt += (len == LEN_HH || len == LEN_LL) ? 2 : 1;
	return len;
}

/* Fetch an integer argument; signed ones come back sign-extended. */
static uintmax_t fetch_int(struct fmt_args *a, enum fmt_len len, bool sgn)
{
	switch (len) {
	case LEN_HH:
		if (sgn)
			return (signed char)va_arg(a->ap, int);
		return (unsigned char)va_arg(a->ap, int);
	case LEN_H:
		if (sgn)
			return (short)va_arg(a->ap, int);
		return (unsigned short)va_arg(a->ap, int);
	case LEN_L:
		if (sgn)
			return va_arg(a->ap, long);
		return va_arg(a->ap, unsigned long);
	case LEN_LL:
		if (sgn)
			return va_arg(a->ap, long long);
		return va_arg(a->ap, unsigned long long);
	case LEN_Z:
		if (sgn)
			return va_arg(a->ap, ptrdiff_t);
		return va_arg(a->ap, size_t);
	case LEN_J:
		if (sgn)
			return va_arg(a->ap, intmax_t);
		return va_arg(a->ap, uintmax_t);
	default:
		if (sgn)
			return va_arg(a->ap, int);
		return va_arg(a->ap, unsigned int);
	}
}

/* Output @len bytes at @str padded to the field width with spaces. */
static void put_field(struct sink *s, const struct fmt_spec *sp,
		      const char *str, size_t len)
{
	size_t pad = sp->width > len ? sp->width - len : 0;

	if (!(sp->flags & F_LEFT))
		put_pad(s, ' ', pad);
	put_str(s, str, len);
	if (sp->flags & F_LEFT)
		put_pad(s, ' ', pad);
}

/*
 * Output the magnitude @mag in @base with an optional @sign character and
 * @prefix ("0x"), honouring precision, width and the '-', '0', '#' flags.
 */
static void put_num(struct sink *s, const struct fmt_spec *sp, uintmax_t mag,
		    unsigned int base, bool upper, char sign,
		    const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[NUM_BUF_LEN];
	size_t nd = 0, zeros = 0, plen = strlen(prefix), len, pad = 0;
	size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec;

	for (; mag; mag /= base)
		buf[sizeof(buf) - ++nd] = digits[mag % base];
	if (prec > nd)
		zeros = prec - nd;
	if ((sp->flags & F_ALT) && base == 8 && !zeros)
		zeros = 1;	/* '#' with %o: the first digit must be 0 */

	len = (sign != 0) + plen + zeros + nd;
	if (sp->width > len) {
		if (!(sp->flags & F_LEFT) && (sp->flags & F_ZERO) &&
		    sp->prec < 0)
			zeros += sp->width - len;
		else
			pad = sp->width - len;
	}

	if (!(sp->flags & F_LEFT))
		put_pad(s, ' ', pad);
	if (sign)
		put(s, sign);
	put_str(s, prefix, plen);
	put_pad(s, '0', zeros);
	put_str(s, buf + sizeof(buf) - nd, nd);
	if (sp->flags & F_LEFT)
		put_pad(s, ' ', pad);
}

/*
 * Format @fmt into @s. Returns 0, or -1 if a %n was found (output stops
 * there).
 */
static int format(struct sink *s, const char *fmt, struct fmt_args *a)
{
	struct fmt_spec sp;
	const char *start, *str;
	uintmax_t v;
	char c, sign;
	int n;

	while (*fmt) {
		if (*fmt != '%') {
			put(s, *fmt++);
			continue;
		}
		start = fmt++;

		sp.flags = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.flags |= F_LEFT;
			else if (*fmt == '+')
				sp.flags |= F_PLUS;
			else if (*fmt == ' ')
				sp.flags |= F_SPACE;
			else if (*fmt == '#')
				sp.flags |= F_ALT;
			else if (*fmt == '0')
				sp.flags |= F_ZERO;
			else
				break;
		}

		if (*fmt == '*') {
			fmt++;
			n = va_arg(a->ap, int);
			if (n < 0) {	/* negative width: '-' flag */
				sp.flags |= F_LEFT;
				sp.width = -(size_t)n;
			} else {
				sp.width = n;
			}
		} else {
			sp.width = parse_dec(&fmt);
		}

		sp.prec = -1;
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				n = va_arg(a->ap, int);
				sp.prec = n < 0 ? -1 : n;
			} else {
				sp.prec = parse_dec(&fmt);
			}
		}

		sp.len = parse_len(&fmt);

		switch (*fmt) {
		case 'd':
		case 'i':
			v = fetch_int(a, sp.len, true);
			sign = 0;
			if ((intmax_t)v < 0) {
				sign = '-';
				v = 0 - v;
			} else if (sp.flags & F_PLUS) {
				sign = '+';
			} else if (sp.flags & F_SPACE) {
				sign = ' ';
			}
			put_num(s, &sp, v, 10, false, sign, "");
			break;
		case 'u':
			v = fetch_int(a, sp.len, false);
			put_num(s, &sp, v, 10, false, 0, "");
			break;
		case 'o':
			v = fetch_int(a, sp.len, false);
			put_num(s, &sp, v, 8, false, 0, "");
			break;
		case 'x':
		case 'X':
			v = fetch_int(a, sp.len, false);
			put_num(s, &sp, v, 16, *fmt == 'X', 0,
				!(sp.flags & F_ALT) || !v ? "" :
				*fmt == 'X' ? "0X" : "0x");
			break;
		case 'p':
			v = (uintptr_t)va_arg(a->ap, void *);
			put_num(s, &sp, v, 16, false, 0, "0x");
			break;
		case 'c':
			c = (char)va_arg(a->ap, int);
			put_field(s, &sp, &c, 1);
			break;
		case 's':
			str = va_arg(a->ap, const char *);
			if (!str)
				str = "(null)";
			put_field(s, &sp, str, sp.prec < 0 ? strlen(str) :
				  strnlen(str, sp.prec));
			break;
		case '%':
			put(s, '%');
			break;
		case 'n':
			return -1;
		case '\0':	/* format ends inside a conversion */
			put_str(s, start, fmt - start);
			return 0;
		default:	/* unknown, including floating point */
			put_str(s, start, fmt + 1 - start);
			break;
		}
		fmt++;
	}
	return 0;
}

/* Run format() on a copy of @ap and compute the return value. */
static int run(struct sink *s, const char *fmt, va_list ap)
{
	struct fmt_args a;
	int r;

	va_copy(a.ap, ap);
	r = format(s, fmt, &a);
	va_end(a.ap);
	if (r < 0) {
		errno = EINVAL;
		return -1;
	}
	if (s->total > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)s->total;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	struct sink s = { .buf = buf, .cap = size ? size - 1 : 0 };
	int r = run(&s, fmt, ap);

	if (size)
		buf[s.pos] = '\0';
	return r;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

/* Write @n bytes to the console; ukplat_coutk() takes an unsigned int. */
static int cout(const char *p, size_t n)
{
	unsigned int chunk;

	for (; n; n -= chunk, p += chunk) {
		chunk = n > UINT_MAX ? UINT_MAX : (unsigned int)n;
		if (ukplat_coutk(p, chunk) < 0)
			return -1;
	}
	return 0;
}

static void cons_flush(struct sink *s)
{
	cout(s->buf, s->pos);
	s->pos = 0;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	char buf[CONS_BUF_LEN];
	struct sink s = { .buf = buf, .cap = sizeof(buf), .flush = cons_flush };
	int r = run(&s, fmt, ap);

	cons_flush(&s);		/* also what came before a refused %n */
	return r;
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vprintf(fmt, ap);
	va_end(ap);
	return r;
}

int putchar(int c)
{
	char ch = (char)c;

	return cout(&ch, 1) < 0 ? EOF : (unsigned char)ch;
}

int puts(const char *s)
{
	if (cout(s, strlen(s)) < 0 || cout("\n", 1) < 0)
		return EOF;
	return 1;
}

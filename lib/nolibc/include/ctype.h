/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Character classes of the "C" locale (7-bit ASCII). Arguments are an
 * unsigned char value or EOF; everything outside 0..127 is in no class.
 */
#ifndef __NOLIBC_CTYPE_H__
#define __NOLIBC_CTYPE_H__

/* Letter or digit. */
int isalnum(int c);
/* 'a'-'z' or 'A'-'Z'. */
int isalpha(int c);
/* Space or horizontal tab. */
int isblank(int c);
/* Control character: 0-31 and 127. */
int iscntrl(int c);
/* '0'-'9'. */
int isdigit(int c);
/* Printable and not a space: 33-126. */
int isgraph(int c);
/* 'a'-'z'. */
int islower(int c);
/* Printable including space: 32-126. */
int isprint(int c);
/* isgraph() and not isalnum(). */
int ispunct(int c);
/* ' ', '\t', '\n', '\v', '\f', '\r'. */
int isspace(int c);
/* 'A'-'Z'. */
int isupper(int c);
/* '0'-'9', 'a'-'f', 'A'-'F'. */
int isxdigit(int c);
/* Lower-case letter of @c, other values unchanged. */
int tolower(int c);
/* Upper-case letter of @c, other values unchanged. */
int toupper(int c);

#endif /* __NOLIBC_CTYPE_H__ */

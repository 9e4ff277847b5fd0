/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Included first by every nolibc source file.
 *
 * Host testing without colliding with glibc: the host tests
 * (tests/host/) compile these same sources into ordinary programs that
 * also link glibc, each through a wrapper (tests/host/host_<file>.c) that
 * includes tests/host/host_rename.h first, which turns every public
 * nolibc name into nolibc_<name> (strtol -> nolibc_strtol, errno ->
 * nolibc_errno) before any nolibc header is read. The test code calls the
 * prefixed names and keeps glibc for itself.
 *
 * For that, the sources reach nolibc's headers by paths relative to this
 * file ("include/string.h"), never <string.h>: the host build must not put
 * lib/nolibc/include on the include path, where it would hide glibc's
 * headers from the test code. In the kernel build both spellings name the
 * same files.
 */
#ifndef __NOLIBC_INTERNAL_H__
#define __NOLIBC_INTERNAL_H__

#include "include/errno.h"
#include "include/limits.h"
#include "include/sys/types.h"
#include "include/string.h"
#include "include/ctype.h"
#include "include/stdlib.h"
#include "include/stdio.h"

#endif /* __NOLIBC_INTERNAL_H__ */

/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/nolibc/ctype.c as it is, with nolibc_-prefixed names (host.mk). */
#include "host_rename.h"
#include "../../ctype.c"
#include "nolibc_api.h"	/* the prototypes the tests use must match */

/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/nolibc/stdio.c as it is, with nolibc_-prefixed names (host.mk). */
#include "host_rename.h"
#include "../../stdio.c"
#include "nolibc_api.h"	/* the prototypes the tests use must match */

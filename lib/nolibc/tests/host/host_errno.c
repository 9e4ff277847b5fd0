/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/nolibc/errno.c as it is, with nolibc_-prefixed names (host.mk). */
#include "host_rename.h"
#include "../../errno.c"
#include "nolibc_api.h"	/* the prototypes the tests use must match */

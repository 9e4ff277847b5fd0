# Host unit tests of lib/nolibc (see support/mk/hosttests.mk).
#
# The nolibc sources are compiled with -DNOLIBC_HOST_TEST, which renames
# every public symbol to nolibc_<name> (lib/nolibc/internal.h explains
# how), so they link next to glibc. lib/nolibc/include is deliberately NOT
# on the include path: the test code gets glibc's headers and declares the
# prefixed functions through nolibc_api.h. coutk_stub.c stands in for the
# platform console used by printf.

NOLIBC_HOST_SRCS := lib/nolibc/string.c lib/nolibc/ctype.c \
	lib/nolibc/stdlib.c lib/nolibc/stdio.c lib/nolibc/errno.c \
	lib/nolibc/tests/host/coutk_stub.c
NOLIBC_HOST_CFLAGS := -DNOLIBC_HOST_TEST

HOSTTESTS += nolibc_string
nolibc_string-srcs := lib/nolibc/tests/host/test_string.c $(NOLIBC_HOST_SRCS)
nolibc_string-cflags := $(NOLIBC_HOST_CFLAGS)

HOSTTESTS += nolibc_stdlib
nolibc_stdlib-srcs := lib/nolibc/tests/host/test_stdlib.c $(NOLIBC_HOST_SRCS)
nolibc_stdlib-cflags := $(NOLIBC_HOST_CFLAGS)

HOSTTESTS += nolibc_stdio
nolibc_stdio-srcs := lib/nolibc/tests/host/test_stdio.c $(NOLIBC_HOST_SRCS)
nolibc_stdio-cflags := $(NOLIBC_HOST_CFLAGS)

HOSTTESTS += nolibc_ctype
nolibc_ctype-srcs := lib/nolibc/tests/host/test_ctype.c $(NOLIBC_HOST_SRCS)
nolibc_ctype-cflags := $(NOLIBC_HOST_CFLAGS)

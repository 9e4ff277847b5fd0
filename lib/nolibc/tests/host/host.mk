# Host unit tests of lib/nolibc (see support/mk/hosttests.mk).
#
# The nolibc sources are compiled through wrappers (host_<file>.c) that
# include host_rename.h first, which renames every public symbol to
# nolibc_<name> (lib/nolibc/internal.h explains how), so they link next to
# glibc; the sources themselves are the kernel's, unchanged.
# lib/nolibc/include is deliberately NOT on the include path: the test
# code gets glibc's headers and declares the prefixed functions through
# nolibc_api.h. coutk_stub.c stands in for the platform console used by
# printf.

NOLIBC_HOST_SRCS := $(addprefix lib/nolibc/tests/host/,host_string.c \
	host_ctype.c host_stdlib.c host_stdio.c host_errno.c coutk_stub.c)

HOSTTESTS += nolibc_string
nolibc_string-srcs := lib/nolibc/tests/host/test_string.c $(NOLIBC_HOST_SRCS)

HOSTTESTS += nolibc_stdlib
nolibc_stdlib-srcs := lib/nolibc/tests/host/test_stdlib.c $(NOLIBC_HOST_SRCS)

HOSTTESTS += nolibc_stdio
nolibc_stdio-srcs := lib/nolibc/tests/host/test_stdio.c $(NOLIBC_HOST_SRCS)

HOSTTESTS += nolibc_ctype
nolibc_ctype-srcs := lib/nolibc/tests/host/test_ctype.c $(NOLIBC_HOST_SRCS)

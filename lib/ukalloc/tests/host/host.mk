# Generic layer, libc entry points and the boot-time default allocator
# (with both backends linked in; they register into the backend table,
# which tests/host/tables.ld sorts as the kernel linker script does).
# lcpu_host.c stands in for the platform's interrupt mask. Built with and
# without statistics.
ukalloc_host_srcs := lib/ukalloc/tests/host/test_alloc.c \
	lib/ukalloc/tests/host/libc_renamed.c \
	lib/ukalloc/tests/host/lcpu_host.c \
	lib/ukalloc/alloc.c lib/ukalloc/default.c \
	lib/ukallocbbuddy/bbuddy.c lib/ukallocregion/region.c
ukalloc_host_cflags := -Ilib/ukalloc/include -Ilib/ukallocbbuddy/include \
	-Ilib/ukallocregion/include

HOSTTESTS += ukalloc_alloc
ukalloc_alloc-srcs := $(ukalloc_host_srcs)
ukalloc_alloc-cflags := $(ukalloc_host_cflags) -DCONFIG_LIBUKALLOC_STATS=1 \
	-DCONFIG_LIBUKALLOC_DEFAULT_NAME='"bbuddy"'

HOSTTESTS += ukalloc_nostats
ukalloc_nostats-srcs := $(ukalloc_host_srcs)
ukalloc_nostats-cflags := $(ukalloc_host_cflags) -DHT_DEFAULT_MISSING \
	-DCONFIG_LIBUKALLOC_DEFAULT_NAME='"nosuch"'

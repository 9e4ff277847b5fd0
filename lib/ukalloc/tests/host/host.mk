# Generic layer, libc entry points and the boot-time default allocator
# (with both backends linked in; tables.ld sorts the registry sections as
# the kernel linker script does). Built with and without statistics.
ukalloc_host_srcs := lib/ukalloc/tests/host/test_alloc.c \
	lib/ukalloc/tests/host/libc_renamed.c \
	lib/ukalloc/alloc.c lib/ukalloc/default.c \
	lib/ukallocbbuddy/bbuddy.c lib/ukallocregion/region.c
ukalloc_host_cflags := -Ilib/ukalloc/include -Ilib/ukallocbbuddy/include \
	-Ilib/ukallocregion/include -Wl,-T,lib/ukalloc/tests/host/tables.ld

HOSTTESTS += ukalloc_alloc
ukalloc_alloc-srcs := $(ukalloc_host_srcs)
ukalloc_alloc-cflags := $(ukalloc_host_cflags) -DCONFIG_LIBUKALLOC_STATS=1 \
	-DCONFIG_LIBUKALLOC_DEFAULT_NAME='"bbuddy"'

HOSTTESTS += ukalloc_nostats
ukalloc_nostats-srcs := $(ukalloc_host_srcs)
ukalloc_nostats-cflags := $(ukalloc_host_cflags) -DHT_DEFAULT_MISSING \
	-DCONFIG_LIBUKALLOC_DEFAULT_NAME='"nosuch"'

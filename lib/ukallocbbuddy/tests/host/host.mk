HOSTTESTS += ukallocbbuddy_bbuddy
ukallocbbuddy_bbuddy-srcs := lib/ukallocbbuddy/tests/host/test_bbuddy.c \
	lib/ukallocbbuddy/bbuddy.c lib/ukalloc/alloc.c \
	lib/ukalloc/tests/host/lcpu_host.c
ukallocbbuddy_bbuddy-cflags := -Ilib/ukallocbbuddy/include \
	-Ilib/ukalloc/include -Ilib/ukalloc/tests/host \
	-DCONFIG_LIBUKALLOC_STATS=1

# The same allocator with freed-memory poisoning (CONFIG_LIBUKALLOC_POISON):
# the conformance suite again, plus writes after free that must crash.
HOSTTESTS += ukallocbbuddy_poison
ukallocbbuddy_poison-srcs := $(ukallocbbuddy_bbuddy-srcs)
ukallocbbuddy_poison-cflags := $(ukallocbbuddy_bbuddy-cflags) \
	-DCONFIG_LIBUKALLOC_POISON=1

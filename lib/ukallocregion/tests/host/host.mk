HOSTTESTS += ukallocregion_region
ukallocregion_region-srcs := lib/ukallocregion/tests/host/test_region.c \
	lib/ukallocregion/region.c lib/ukalloc/alloc.c \
	lib/ukalloc/tests/host/lcpu_host.c
ukallocregion_region-cflags := -Ilib/ukallocregion/include \
	-Ilib/ukalloc/include -Ilib/ukalloc/tests/host \
	-DCONFIG_LIBUKALLOC_STATS=1

# The same allocator with freed-memory poisoning (CONFIG_LIBUKALLOC_POISON).
HOSTTESTS += ukallocregion_poison
ukallocregion_poison-srcs := $(ukallocregion_region-srcs)
ukallocregion_poison-cflags := $(ukallocregion_region-cflags) \
	-DCONFIG_LIBUKALLOC_POISON=1

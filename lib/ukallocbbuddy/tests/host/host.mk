HOSTTESTS += ukallocbbuddy_bbuddy
ukallocbbuddy_bbuddy-srcs := lib/ukallocbbuddy/tests/host/test_bbuddy.c \
	lib/ukallocbbuddy/bbuddy.c lib/ukalloc/alloc.c \
	lib/ukalloc/tests/host/lcpu_host.c
ukallocbbuddy_bbuddy-cflags := -Ilib/ukallocbbuddy/include \
	-Ilib/ukalloc/include -Ilib/ukalloc/tests/host \
	-DCONFIG_LIBUKALLOC_STATS=1

HOSTTESTS += ukboot_argparse
ukboot_argparse-srcs := lib/ukboot/tests/host/test_argparse.c lib/ukboot/argparse.c
ukboot_argparse-cflags := -Ilib/ukboot/include

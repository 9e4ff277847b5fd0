HOSTTESTS += uktest_runner
uktest_runner-srcs   := lib/uktest/tests/host/test_runner.c lib/uktest/test.c
uktest_runner-cflags := -Ilib/uktest/include

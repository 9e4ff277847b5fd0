HOSTTESTS += ukrandom_random
ukrandom_random-srcs = lib/ukrandom/tests/host/test_random.c \
	lib/ukrandom/chacha20.c lib/ukrandom/random.c \
	lib/ukrandom/tests/host/plat_stubs.c
ukrandom_random-cflags = -I$(SRCDIR)/lib/ukrandom/include

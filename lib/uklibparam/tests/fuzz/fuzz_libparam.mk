# fuzz_libparam.c: uklibparam's parser built for the host (as its host
# test, lib/uklibparam/tests/host/host.mk). Seeds: typical command lines.
fuzz_libparam-srcs = $(SRCDIR)/lib/uklibparam/parse.c
fuzz_libparam-cflags = -I$(SRCDIR)/lib/uklibparam/include -D__LIBNAME__=fuzz
fuzz_libparam-seeds = $(wildcard $(SRCDIR)/lib/uklibparam/tests/fuzz/seeds/*)

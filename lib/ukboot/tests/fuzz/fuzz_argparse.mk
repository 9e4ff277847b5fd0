# fuzz_argparse.c: ukboot's command-line tokenizer built for the host (as
# its host test, lib/ukboot/tests/host/host.mk). Seeds: typical command
# lines with quotes and escapes.
fuzz_argparse-srcs = $(SRCDIR)/lib/ukboot/argparse.c
fuzz_argparse-cflags = -I$(SRCDIR)/lib/ukboot/include
fuzz_argparse-seeds = $(wildcard $(SRCDIR)/lib/ukboot/tests/fuzz/seeds/*)

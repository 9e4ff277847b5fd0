# fuzz_9p.c: uk9p's message code as the kernel compiles it. No seeds:
# libFuzzer starts from an empty input.
fuzz_9p-srcs = $(SRCDIR)/lib/uk9p/9p_proto.c
fuzz_9p-cflags = -I$(SRCDIR)/lib/uk9p/include

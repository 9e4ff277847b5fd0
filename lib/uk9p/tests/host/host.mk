# uk9p's message code (9p_proto.c) as the kernel compiles it.
HOSTTESTS += uk9p_proto
uk9p_proto-srcs := lib/uk9p/tests/host/test_9p.c lib/uk9p/9p_proto.c
uk9p_proto-cflags := -I$(SRCDIR)/lib/uk9p/include

# fuzz_kaslr.c: the image move, kvm_kaslr_place(). The host's linker
# defines __bss_start and _end itself: the target's fake image has its own
# names for them, in both sources.
fuzz_kaslr-srcs = $(SRCDIR)/plat/kvm/common/kaslr.c
fuzz_kaslr-cflags = -I$(SRCDIR)/plat/kvm/include \
	-D__bss_start=fz_bss_start -D_end=fz_end

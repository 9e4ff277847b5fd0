/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of kvm_dtb_parse() (plat/kvm/common/dtb.c) with the fetched
 * libfdt, under ASan+UBSan. Inputs are the .dts files of plat/kvm/tests/dts,
 * compiled with dtc at build time (KVM_DTB_TESTDIR); malformed blobs are
 * made from them in memory with libfdt's read-write API or by patching
 * bytes. Every blob is parsed from a heap buffer of exactly the length
 * given, so any read outside it is caught.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <kvm/dtb.h>
#include "hosttest.h"

#ifndef KVM_DTB_TESTDIR
#error "KVM_DTB_TESTDIR must name the folder of the compiled test blobs"
#endif

#define BLOB_MAX	(64 * 1024)	/* test blobs are a few KiB */
#define BLOB_SLACK	1024		/* room for edits with libfdt */
#define MEM_TOO_MANY	(KVM_DTB_MEM_MAX + 2)
#define RESV_NODE	"/reserved-memory/mmode_resv0@80000000"

struct blob {
	void *data;
	size_t len;
};

static struct blob qemu_virt, variant;

static struct blob load(const char *name)
{
	char path[512];
	struct blob b = { NULL, 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", KVM_DTB_TESTDIR, name);
	f = fopen(path, "rb");
	if (!f) {
		printf("cannot open %s\n", path);
		exit(2);
	}
	b.data = malloc(BLOB_MAX);
	b.len = fread(b.data, 1, BLOB_MAX, f);
	fclose(f);
	if (b.len == 0 || b.len == BLOB_MAX) {
		printf("%s: unexpected size %zu\n", path, b.len);
		exit(2);
	}
	return b;
}

/* Parse @len bytes of @data from an exact-size heap copy. */
static int parse(const void *data, size_t len, struct kvm_dtb_info *info)
{
	void *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, data, len);
	rc = kvm_dtb_parse(copy, len, info);
	/* Pointers into the blob would dangle: keep them testable. */
	if (info->bootargs)
		info->bootargs = (const char *)data +
			(info->bootargs - (const char *)copy);
	if (info->rng_seed)
		info->rng_seed = (const char *)data +
			((const char *)info->rng_seed - (const char *)copy);
	free(copy);
	return rc;
}

/* An editable copy of @b with room to grow (free() it). */
static void *edit_copy(const struct blob *b)
{
	size_t size = b->len + BLOB_SLACK;
	void *buf = malloc(size);

	if (fdt_open_into(b->data, buf, (int)size) != 0) {
		printf("fdt_open_into failed\n");
		exit(2);
	}
	return buf;
}

static int node(void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0) {
		printf("test blob lacks %s\n", path);
		exit(2);
	}
	return off;
}

/* Parse @fdt (edited), expect @rc and an error mentioning @what. */
#define EXPECT_FAIL(fdt, len, want_rc, what)				\
	do {								\
		struct kvm_dtb_info _i;					\
		int _rc = parse((fdt), (len), &_i);			\
		HT_EXPECT_INT_EQ(_rc, (want_rc));			\
		HT_EXPECT(_i.error != NULL);				\
		if (_i.error && !strstr(_i.error, (what)))		\
			HT_FAIL_("error \"%s\" lacks \"%s\"", _i.error,	\
				 (what));				\
	} while (0)

#define EXPECT_EDIT_FAIL(fdt, want_rc, what)				\
	EXPECT_FAIL((fdt), fdt_totalsize(fdt), (want_rc), (what))

static void test_qemu_virt(void)
{
	static const uint8_t seed0[] = { 0xdf, 0x83, 0x16, 0x4a };
	struct kvm_dtb_info i;

	HT_EXPECT_INT_EQ(parse(qemu_virt.data, qemu_virt.len, &i), 0);
	HT_EXPECT(i.error == NULL);
	HT_EXPECT_INT_EQ(i.blob_size, qemu_virt.len);
	HT_EXPECT_INT_EQ(i.mem_count, 1);
	HT_EXPECT_INT_EQ(i.mem[0].base, 0x80000000);
	HT_EXPECT_INT_EQ(i.mem[0].size, 64 << 20);
	HT_EXPECT_INT_EQ(i.resv_count, 0);
	HT_EXPECT_STR_EQ(i.bootargs, "console=ttyS0 x");
	HT_EXPECT_INT_EQ(i.timebase_freq, 10000000);
	HT_EXPECT_INT_EQ(i.has_uart, 1);
	HT_EXPECT_INT_EQ(i.uart.base, 0x10000000);
	HT_EXPECT_INT_EQ(i.uart.size, 0x100);
	HT_EXPECT_INT_EQ(i.uart_reg_shift, 0);
	HT_EXPECT_INT_EQ(i.uart_reg_io_width, 1);
	HT_EXPECT_INT_EQ(i.has_test, 1);
	HT_EXPECT_INT_EQ(i.test.base, 0x100000);
	HT_EXPECT_INT_EQ(i.test.size, 0x1000);
	HT_EXPECT_INT_EQ(i.has_rtc, 1);
	HT_EXPECT_INT_EQ(i.rtc.base, 0x101000);
	HT_EXPECT_INT_EQ(i.rtc.size, 0x1000);
	HT_EXPECT_INT_EQ(i.has_plic, 1);
	HT_EXPECT_INT_EQ(i.plic.base, 0xc000000);
	HT_EXPECT_INT_EQ(i.plic.size, 0x600000);
	HT_EXPECT_INT_EQ(i.plic_ndev, 96);
	HT_EXPECT_INT_EQ(i.virtio_count, 8);
	HT_EXPECT_INT_EQ(i.virtio[0].reg.base, 0x10001000);
	HT_EXPECT_INT_EQ(i.virtio[0].reg.size, 0x1000);
	HT_EXPECT_INT_EQ(i.virtio[0].irq, 1);
	HT_EXPECT_INT_EQ(i.virtio[7].reg.base, 0x10008000);
	HT_EXPECT_INT_EQ(i.virtio[7].irq, 8);
	HT_EXPECT_INT_EQ(i.rng_seed_len, 32);
	HT_EXPECT(i.rng_seed && !memcmp(i.rng_seed, seed0, sizeof(seed0)));
}

static void test_variant(void)
{
	struct kvm_dtb_info i;

	HT_EXPECT_INT_EQ(parse(variant.data, variant.len, &i), 0);
	HT_EXPECT(i.error == NULL);
	HT_EXPECT_INT_EQ(i.mem_count, 3);
	HT_EXPECT_INT_EQ(i.mem[0].base, 0x80000000);
	HT_EXPECT_INT_EQ(i.mem[0].size, 0x1000000);
	HT_EXPECT_INT_EQ(i.mem[1].base, 0x90000000);
	HT_EXPECT_INT_EQ(i.mem[1].size, 0x2000000);
	HT_EXPECT_INT_EQ(i.mem[2].base, 0x100000000ULL);
	HT_EXPECT_INT_EQ(i.mem[2].size, 0x4000000);
	HT_EXPECT_INT_EQ(i.resv_count, 2);
	HT_EXPECT_INT_EQ(i.resv[0].base, 0x80200000);
	HT_EXPECT_INT_EQ(i.resv[0].size, 0x1000);
	HT_EXPECT_INT_EQ(i.resv[1].base, 0x80000000);
	HT_EXPECT_INT_EQ(i.resv[1].size, 0x40000);
	HT_EXPECT_STR_EQ(i.bootargs, "app -- a b");
	HT_EXPECT_INT_EQ(i.timebase_freq, 0x100000000ULL);
	/* alias with options, through a non-identity "ranges" */
	HT_EXPECT_INT_EQ(i.has_uart, 1);
	HT_EXPECT_INT_EQ(i.uart.base, 0x40002000);
	HT_EXPECT_INT_EQ(i.uart.size, 0x100);
	HT_EXPECT_INT_EQ(i.uart_reg_shift, 2);
	HT_EXPECT_INT_EQ(i.uart_reg_io_width, 4);
	HT_EXPECT_INT_EQ(i.has_test, 1);
	HT_EXPECT_INT_EQ(i.test.base, 0x100000);
	HT_EXPECT_INT_EQ(i.has_rtc, 0);
	HT_EXPECT_INT_EQ(i.has_plic, 1);
	HT_EXPECT_INT_EQ(i.plic.base, 0xc000000);
	HT_EXPECT_INT_EQ(i.plic.size, 0x400000);
	HT_EXPECT_INT_EQ(i.plic_ndev, 31);
	HT_EXPECT(i.rng_seed == NULL);
	HT_EXPECT_INT_EQ(i.rng_seed_len, 0);
}

/* Without stdout-path the first enabled 16550 is the console. */
static void test_uart_fallback(void)
{
	struct kvm_dtb_info i;
	void *fdt = edit_copy(&variant);

	HT_EXPECT_INT_EQ(fdt_delprop(fdt, node(fdt, "/chosen"),
				     "stdout-path"), 0);
	HT_EXPECT_INT_EQ(parse(fdt, fdt_totalsize(fdt), &i), 0);
	/* the first 16550 is disabled */
	HT_EXPECT_INT_EQ(i.uart.base, 0x40002000);
	HT_EXPECT_INT_EQ(fdt_delprop(fdt, node(fdt, "/soc/uart@10000000"),
				     "status"), 0);
	HT_EXPECT_INT_EQ(parse(fdt, fdt_totalsize(fdt), &i), 0);
	HT_EXPECT_INT_EQ(i.uart.base, 0x10000000);
	HT_EXPECT_INT_EQ(i.uart_reg_shift, 0);
	HT_EXPECT_INT_EQ(i.uart_reg_io_width, 1);
	/* a stdout-path to a non-16550 is not used either */
	HT_EXPECT_INT_EQ(fdt_setprop_string(fdt, node(fdt, "/chosen"),
					    "stdout-path", "/soc/plic@c000000"),
			 0);
	HT_EXPECT_INT_EQ(parse(fdt, fdt_totalsize(fdt), &i), 0);
	HT_EXPECT_INT_EQ(i.uart.base, 0x10000000);
	free(fdt);
}

/* Optional parts absent: still a success, with the defaults. */
static void test_minimal(void)
{
	struct kvm_dtb_info i;
	void *fdt = edit_copy(&qemu_virt);

	HT_EXPECT_INT_EQ(fdt_del_node(fdt, node(fdt, "/soc")), 0);
	HT_EXPECT_INT_EQ(fdt_del_node(fdt, node(fdt, "/chosen")), 0);
	HT_EXPECT_INT_EQ(fdt_del_node(fdt, node(fdt, "/cpus")), 0);
	HT_EXPECT_INT_EQ(parse(fdt, fdt_totalsize(fdt), &i), 0);
	HT_EXPECT_INT_EQ(i.mem_count, 1);
	HT_EXPECT(i.bootargs == NULL && i.rng_seed == NULL);
	HT_EXPECT_INT_EQ(i.timebase_freq, 0);
	HT_EXPECT(!i.has_uart && !i.has_test && !i.has_rtc && !i.has_plic);
	HT_EXPECT_INT_EQ(i.uart_reg_io_width, 1);
	free(fdt);
}

/* More memory ranges than kept: extras ignored, never overflowing. */
static void test_mem_overflow(void)
{
	uint64_t reg[MEM_TOO_MANY * 2];
	struct kvm_dtb_info i;
	void *fdt = edit_copy(&qemu_virt);
	int k;

	for (k = 0; k < MEM_TOO_MANY; k++) {
		reg[2 * k] = cpu_to_fdt64(0x80000000ULL + k * 0x1000000ULL);
		reg[2 * k + 1] = cpu_to_fdt64(0x100000);
	}
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, node(fdt, "/memory@80000000"),
				     "reg", reg, sizeof(reg)), 0);
	HT_EXPECT_INT_EQ(parse(fdt, fdt_totalsize(fdt), &i), 0);
	HT_EXPECT_INT_EQ(i.mem_count, KVM_DTB_MEM_MAX);
	HT_EXPECT_INT_EQ(i.mem[KVM_DTB_MEM_MAX - 1].base,
			 0x80000000ULL + (KVM_DTB_MEM_MAX - 1) * 0x1000000ULL);
	free(fdt);
}

static void test_header_errors(void)
{
	uint8_t *b = malloc(qemu_virt.len);
	struct fdt_header *h = (struct fdt_header *)b;
	struct kvm_dtb_info i;
	uint8_t *odd;

	HT_EXPECT_INT_EQ(kvm_dtb_parse(NULL, 100, &i), -EINVAL);
	HT_EXPECT(i.error && strstr(i.error, "no blob"));

	EXPECT_FAIL(qemu_virt.data, sizeof(struct fdt_header) - 1, -EINVAL,
		    "shorter than the header");

	memcpy(b, qemu_virt.data, qemu_virt.len);
	h->magic = cpu_to_fdt32(0xfeedd00d);
	EXPECT_FAIL(b, qemu_virt.len, -EINVAL, "bad magic 0xfeedd00d");

	memcpy(b, qemu_virt.data, qemu_virt.len);
	h->last_comp_version = cpu_to_fdt32(99);
	EXPECT_FAIL(b, qemu_virt.len, -EINVAL, "unsupported version");

	memcpy(b, qemu_virt.data, qemu_virt.len);
	h->off_dt_struct = cpu_to_fdt32(qemu_virt.len + 8);
	EXPECT_FAIL(b, qemu_virt.len, -EINVAL, "out of bounds");

	memcpy(b, qemu_virt.data, qemu_virt.len);
	h->off_dt_struct = cpu_to_fdt32(fdt_off_dt_struct(b) + 1);
	EXPECT_FAIL(b, qemu_virt.len, -EINVAL, "misaligned block");
	memcpy(b, qemu_virt.data, qemu_virt.len);
	h->off_mem_rsvmap = cpu_to_fdt32(fdt_off_mem_rsvmap(b) + 4);
	EXPECT_FAIL(b, qemu_virt.len, -EINVAL, "misaligned block");

	/* truncated: one byte less readable than totalsize */
	EXPECT_FAIL(qemu_virt.data, qemu_virt.len - 1, -EFBIG,
		    "larger than the");
	memcpy(b, qemu_virt.data, qemu_virt.len);
	h->totalsize = cpu_to_fdt32(0x7fff0000);
	EXPECT_FAIL(b, qemu_virt.len, -EFBIG, "totalsize 2147418112");

	/* a node tag overwritten with garbage */
	memcpy(b, qemu_virt.data, qemu_virt.len);
	*(uint32_t *)(b + fdt_off_dt_struct(b)) = cpu_to_fdt32(0x99);
	EXPECT_FAIL(b, qemu_virt.len, -EINVAL, "malformed structure block");

	/* a property length that would wrap libfdt's offset back onto itself */
	memcpy(b, qemu_virt.data, qemu_virt.len);
	HT_EXPECT_INT_EQ(fdt32_to_cpu(*(uint32_t *)(b + fdt_off_dt_struct(b) +
						    8)), FDT_PROP);
	*(uint32_t *)(b + fdt_off_dt_struct(b) + 12) = cpu_to_fdt32(-12);
	EXPECT_FAIL(b, qemu_virt.len, -EINVAL,
		    "property at 0x8: length 4294967284 past the structure");

	memcpy(b, qemu_virt.data, qemu_virt.len);
	h->version = cpu_to_fdt32(3);
	h->last_comp_version = cpu_to_fdt32(2);
	EXPECT_FAIL(b, qemu_virt.len, -EINVAL, "unsupported version 3");

	/* misaligned blob */
	odd = malloc(qemu_virt.len + 4);
	memcpy(odd + 4, qemu_virt.data, qemu_virt.len);
	HT_EXPECT_INT_EQ(kvm_dtb_parse(odd + 4, qemu_virt.len, &i), -EINVAL);
	HT_EXPECT(i.error && strstr(i.error, "aligned"));
	free(odd);
	free(b);
}

static void test_memory_errors(void)
{
	static const uint8_t reg12[12];
	uint64_t wrap[2] = { cpu_to_fdt64(0xfffffffffffff000ULL),
			     cpu_to_fdt64(0x2000) };
	uint64_t empty[2] = { cpu_to_fdt64(0x80000000), 0 };
	void *fdt;
	int mem;

	fdt = edit_copy(&qemu_virt);
	HT_EXPECT_INT_EQ(fdt_del_node(fdt, node(fdt, "/memory@80000000")), 0);
	EXPECT_EDIT_FAIL(fdt, -ENOENT, "no /memory node");
	free(fdt);

	fdt = edit_copy(&qemu_virt);
	mem = node(fdt, "/memory@80000000");
	HT_EXPECT_INT_EQ(fdt_setprop_string(fdt, mem, "status", "disabled"),
			 0);
	EXPECT_EDIT_FAIL(fdt, -ENOENT, "no /memory node");
	free(fdt);

	fdt = edit_copy(&qemu_virt);
	mem = node(fdt, "/memory@80000000");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, mem, "reg", reg12, sizeof(reg12)), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "/memory@80000000: "
			 "reg: length 12 not a non-zero multiple of 16");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, mem, "reg", reg12, 0), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "reg: length 0");
	HT_EXPECT_INT_EQ(fdt_delprop(fdt, mem, "reg"), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL,
			 "/memory@80000000: reg: FDT_ERR_NOTFOUND");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, mem, "reg", wrap, sizeof(wrap)), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "wraps around");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, mem, "reg", empty, sizeof(empty)),
			 0);
	EXPECT_EDIT_FAIL(fdt, -ENOENT, "only empty ranges");
	free(fdt);
}

static void test_cells_errors(void)
{
	static const uint8_t two[2];
	void *fdt;

	fdt = edit_copy(&qemu_virt);
	HT_EXPECT_INT_EQ(fdt_setprop_u32(fdt, 0, "#address-cells", 3), 0);
	EXPECT_EDIT_FAIL(fdt, -ERANGE, "#address-cells is 3, only 1 or 2");
	HT_EXPECT_INT_EQ(fdt_setprop_u32(fdt, 0, "#address-cells", 2), 0);
	HT_EXPECT_INT_EQ(fdt_setprop_u32(fdt, 0, "#size-cells", 0), 0);
	EXPECT_EDIT_FAIL(fdt, -ERANGE, "#size-cells is 0");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, 0, "#size-cells", two, 2), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "#size-cells: length 2, expected 4");
	free(fdt);

	/* 3 address cells on the bus of a device */
	fdt = edit_copy(&qemu_virt);
	HT_EXPECT_INT_EQ(fdt_setprop_u32(fdt, node(fdt, "/soc"),
					 "#address-cells", 3), 0);
	EXPECT_EDIT_FAIL(fdt, -ERANGE, "/soc: #address-cells is 3");
	free(fdt);
}

static void test_ranges_errors(void)
{
	uint32_t elsewhere[6] = { 0, cpu_to_fdt32(0x20000000), 0,
				  cpu_to_fdt32(0x20000000), 0,
				  cpu_to_fdt32(0x1000) };
	uint32_t across[2] = { cpu_to_fdt32(0xff00), cpu_to_fdt32(0x200) };
	void *fdt;
	int soc;

	fdt = edit_copy(&qemu_virt);
	soc = node(fdt, "/soc");
	HT_EXPECT_INT_EQ(fdt_delprop(fdt, soc, "ranges"), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "/soc: no usable \"ranges\"");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, soc, "ranges", elsewhere, 20), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "/soc: ranges: length 20");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, soc, "ranges", elsewhere,
				     sizeof(elsewhere)), 0);
	/* the exit device is parsed first, so its reg is the one reported */
	EXPECT_EDIT_FAIL(fdt, -EINVAL,
			 "/soc: ranges: 0x100000+0x1000 not mapped");
	free(fdt);

	/* a reg that starts inside the window but runs past its end */
	fdt = edit_copy(&variant);
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, node(fdt, "/bus@40000000/uart@2000"),
				     "reg", across, sizeof(across)), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL,
			 "/bus@40000000: ranges: 0xff00+0x200 not mapped");
	free(fdt);
}

static void test_chosen_errors(void)
{
	static const char noterm[3] = { 'a', 'b', 'c' };
	void *fdt;
	int chosen;

	fdt = edit_copy(&qemu_virt);
	chosen = node(fdt, "/chosen");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, chosen, "bootargs", noterm,
				     sizeof(noterm)), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "/chosen: bootargs not NUL-terminated");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, chosen, "bootargs", noterm, 0), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "bootargs not NUL-terminated");
	HT_EXPECT_INT_EQ(fdt_setprop_string(fdt, chosen, "bootargs", ""), 0);
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, chosen, "stdout-path", noterm,
				     sizeof(noterm)), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "stdout-path not NUL-terminated");
	free(fdt);
}

static void test_property_errors(void)
{
	static const uint8_t two[2];
	void *fdt;
	int uart;

	fdt = edit_copy(&qemu_virt);
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, node(fdt, "/cpus"),
				     "timebase-frequency", two, 2), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "/cpus: "
			 "timebase-frequency: length 2, expected 4 or 8");
	free(fdt);

	fdt = edit_copy(&qemu_virt);
	uart = node(fdt, "/soc/serial@10000000");
	HT_EXPECT_INT_EQ(fdt_setprop_u32(fdt, uart, "reg-io-width", 3), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "reg-io-width 3 is not 1, 2 or 4");
	HT_EXPECT_INT_EQ(fdt_setprop_u32(fdt, uart, "reg-io-width", 1), 0);
	HT_EXPECT_INT_EQ(fdt_setprop_u32(fdt, uart, "reg-shift", 9), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "reg-shift 9 larger than 3");
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, uart, "reg-shift", two, 2), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, "reg-shift: length 2, expected 4");
	free(fdt);

	fdt = edit_copy(&qemu_virt);
	HT_EXPECT_INT_EQ(fdt_setprop(fdt, node(fdt, "/soc/plic@c000000"),
				     "riscv,ndev", two, 2), 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL,
			 "/soc/plic@c000000: riscv,ndev: length 2");
	free(fdt);
}

static void test_reserved(void)
{
	struct kvm_dtb_info i;
	void *fdt;
	int k;

	fdt = edit_copy(&qemu_virt);
	for (k = 0; k < KVM_DTB_RESV_MAX; k++)
		HT_EXPECT_INT_EQ(fdt_add_mem_rsv(fdt, 0x80000000 + k * 0x10000,
						 0x1000), 0);
	HT_EXPECT_INT_EQ(parse(fdt, fdt_totalsize(fdt), &i), 0);
	HT_EXPECT_INT_EQ(i.resv_count, KVM_DTB_RESV_MAX);
	HT_EXPECT_INT_EQ(i.resv[KVM_DTB_RESV_MAX - 1].base,
			 0x80000000 + (KVM_DTB_RESV_MAX - 1) * 0x10000);
	HT_EXPECT_INT_EQ(fdt_add_mem_rsv(fdt, 0x90000000, 0x1000), 0);
	EXPECT_EDIT_FAIL(fdt, -ENOSPC, "more than 8 reserved ranges");
	free(fdt);

	fdt = edit_copy(&qemu_virt);
	HT_EXPECT_INT_EQ(fdt_add_mem_rsv(fdt, 0xfffffffffffff000ULL, 0x2000),
			 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL,
			 "/memreserve/ 0xfffffffffffff000+0x2000 wraps");
	free(fdt);

	/* a /reserved-memory child with a bad reg */
	fdt = edit_copy(&variant);
	HT_EXPECT_INT_EQ(fdt_setprop_u32(fdt, node(fdt, RESV_NODE), "reg", 1),
			 0);
	EXPECT_EDIT_FAIL(fdt, -EINVAL, RESV_NODE ": reg: length 4");
	free(fdt);
}

/* Every truncation of a real blob fails cleanly (ASan checks the reads). */
static void test_truncations(void)
{
	struct kvm_dtb_info i;
	size_t len;
	int bad = 0;

	for (len = 0; len < qemu_virt.len; len++)
		if (parse(qemu_virt.data, len, &i) >= 0 || !i.error)
			bad++;
	HT_EXPECT_INT_EQ(bad, 0);
}

/* Every single-byte corruption is survived; failures carry a message. */
static void test_corruptions(void)
{
	struct kvm_dtb_info i;
	uint8_t *b = malloc(qemu_virt.len);
	size_t pos;
	int bad = 0, failed = 0;

	for (pos = 0; pos < qemu_virt.len; pos++) {
		memcpy(b, qemu_virt.data, qemu_virt.len);
		b[pos] ^= 0xff;
		if (parse(b, qemu_virt.len, &i) < 0) {
			failed++;
			if (!i.error)
				bad++;
		} else if (i.error) {
			bad++;
		}
	}
	HT_EXPECT_INT_EQ(bad, 0);
	HT_EXPECT(failed > 0);
	free(b);
}

int main(void)
{
	qemu_virt = load("qemu-virt.dtb");
	variant = load("variant.dtb");

	HT_RUN(test_qemu_virt);
	HT_RUN(test_variant);
	HT_RUN(test_uart_fallback);
	HT_RUN(test_minimal);
	HT_RUN(test_mem_overflow);
	HT_RUN(test_header_errors);
	HT_RUN(test_memory_errors);
	HT_RUN(test_cells_errors);
	HT_RUN(test_ranges_errors);
	HT_RUN(test_chosen_errors);
	HT_RUN(test_property_errors);
	HT_RUN(test_reserved);
	HT_RUN(test_truncations);
	HT_RUN(test_corruptions);
	free(qemu_virt.data);
	free(variant.data);
	return ht_finish("plat-kvm-dtb");
}

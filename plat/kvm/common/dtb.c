/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device tree parsing for the platform (see kvm/dtb.h). The blob is checked
 * as a whole first (header, alignment, totalsize against the readable
 * length, our own walk of the structure block, then libfdt's full check),
 * so the lookups after it only meet offsets and lengths that are
 * bounds-checked; property contents are still validated here (lengths,
 * NUL termination, cell counts).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>
#include <uk/essentials.h>
#include <kvm/dtb.h>

#define DTB_ALIGN		8	/* required alignment of the blob */
/* accepted values of #address-cells and #size-cells */
#define DTB_CELLS_MIN		1
#define DTB_CELLS_MAX		2
#define DTB_ADDR_CELLS_DEFAULT	2	/* devicetree spec defaults */
#define DTB_SIZE_CELLS_DEFAULT	1
#define DTB_BUS_DEPTH_MAX	16	/* parents walked to translate */
#define DTB_ERR_MAX		192	/* info->error buffer */
#define DTB_PATH_MAX		128	/* node path shown in errors */
#define UART_REG_SHIFT_MAX	3
#define DTB_HEADER		(-1)	/* "node" of header errors */
#define DTB_VERSION_MIN		16	/* oldest blob version accepted */
#define DTB_VERSION_SIZES	17	/* first with size_dt_struct */
#ifndef DTB_INDEX_MAX
#define DTB_INDEX_MAX		512	/* nodes indexed (QEMU virt: ~60) */
#endif
#define DTB_DEPTH_MAX		32	/* deeper nodes are not indexed */

static char dtb_errbuf[DTB_ERR_MAX];

/* Record "<node path>: <message>" as info->error and return @rc. */
static int __attribute__((format(__printf__, 5, 6)))
dtb_fail(struct kvm_dtb_info *info, const void *fdt, int node, int rc,
	 const char *fmt, ...)
{
	char path[DTB_PATH_MAX];
	va_list ap;
	int n;

	if (node == DTB_HEADER)
		strcpy(path, "header");
	else if (fdt_get_path(fdt, node, path, sizeof(path)) < 0)
		strcpy(path, "(unnamed node)");
	n = snprintf(dtb_errbuf, sizeof(dtb_errbuf), "%s: ", path);
	if (n < 0 || (size_t)n >= sizeof(dtb_errbuf))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(dtb_errbuf + n, sizeof(dtb_errbuf) - n, fmt, ap);
	va_end(ap);
	info->error = dtb_errbuf;
	return rc;
}

/* Big-endian value of @ncells 32-bit cells at @p (no alignment needed). */
static uint64_t dtb_cells(const uint8_t *p, int ncells)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < ncells * 4; i++)
		v = (v << 8) | p[i];
	return v;
}

/*
 * Walk the structure block once before libfdt does, insisting that every
 * tag lies inside it and after the previous one. libfdt (the version we
 * fetch) adds a property's length to the offset without an overflow check,
 * so a length near 2^32 sends it back to an earlier tag, for ever.
 */
static int dtb_check_struct(struct kvm_dtb_info *info, const void *fdt)
{
	const uint8_t *s = (const uint8_t *)fdt + fdt_off_dt_struct(fdt);
	const uint8_t *nul;
	uint32_t size, off = 0, len;

	/* fdt_check_header() checked the block to lie inside totalsize */
	size = fdt_version(fdt) >= DTB_VERSION_SIZES ?
		fdt_size_dt_struct(fdt) :
		fdt_totalsize(fdt) - fdt_off_dt_struct(fdt);
	while (off <= size && size - off >= FDT_TAGSIZE) {
		switch ((uint32_t)dtb_cells(s + off, 1)) {
		case FDT_BEGIN_NODE:
			off += FDT_TAGSIZE;
			nul = memchr(s + off, '\0', size - off);
			if (!nul)
				goto truncated;
			off = (uint32_t)(nul - s) + 1;
			break;
		case FDT_PROP:
			off += FDT_TAGSIZE;
			if (size - off < 2 * sizeof(uint32_t))
				goto truncated;
			len = (uint32_t)dtb_cells(s + off, 1);
			off += 2 * sizeof(uint32_t);
			if (len > size - off)
				return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
						"property at 0x%x: length %u past the structure block",
						(unsigned int)(off - FDT_TAGSIZE - 8),
						(unsigned int)len);
			off += len;
			break;
		case FDT_END_NODE:
		case FDT_NOP:
			off += FDT_TAGSIZE;
			break;
		case FDT_END:
			return 0;
		default:
			return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
					"malformed structure block (tag 0x%x at 0x%x)",
					(unsigned int)dtb_cells(s + off, 1),
					(unsigned int)off);
		}
		off = (off + FDT_TAGSIZE - 1) & ~(uint32_t)(FDT_TAGSIZE - 1);
	}
truncated:
	return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
			"malformed structure block (truncated)");
}

/* Is the string property @name of @node present and equal to @want? */
static bool dtb_prop_is(const void *fdt, int node, const char *name,
			const char *want)
{
	const char *s;
	int len;

	s = fdt_getprop(fdt, node, name, &len);
	return s && len > 0 && s[len - 1] == '\0' && strcmp(s, want) == 0;
}

/* Nodes without "status", or with "okay"/"ok", are in use. */
static bool dtb_enabled(const void *fdt, int node)
{
	if (!fdt_getprop(fdt, node, "status", NULL))
		return true;
	return dtb_prop_is(fdt, node, "status", "okay") ||
	       dtb_prop_is(fdt, node, "status", "ok");
}

/*
 * One walk of the tree notes every node's parent and which of the device
 * kinds below its "compatible" names: libfdt finds a parent by walking
 * from the root, and finding each kind of device took a walk of its own
 * (with byte swaps in every tag), most of the platform's boot time on
 * riscv64 under TCG. Without a complete index (more than DTB_INDEX_MAX
 * nodes, or deeper than DTB_DEPTH_MAX) the parser walks as before.
 */
enum { DTB_KIND_TEST, DTB_KIND_UART, DTB_KIND_RTC, DTB_KIND_PLIC,
       DTB_KIND_VIRTIO, DTB_KINDS };

struct dtb_index_entry {
	int node, parent;
	unsigned int kinds;	/* 1 << DTB_KIND_* */
};

static struct dtb_index_entry dtb_index[DTB_INDEX_MAX];
static int dtb_index_n;
static bool dtb_index_ok;

/* @node's parent (the root's: -FDT_ERR_NOTFOUND), as fdt_parent_offset */
static int dtb_parent(const void *fdt, int node)
{
	int lo = 0, hi = dtb_index_n, mid;

	if (dtb_index_ok) {
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (dtb_index[mid].node == node)
				return dtb_index[mid].parent;
			if (dtb_index[mid].node < node)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return fdt_parent_offset(fdt, node);
}

/*
 * Optional u32 property: *@out is left alone when it is absent. Returns
 * 0 or -EINVAL (wrong length).
 */
static int dtb_u32(struct kvm_dtb_info *info, const void *fdt, int node,
		   const char *name, uint32_t *out)
{
	const uint8_t *p;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p) {
		if (len == -FDT_ERR_NOTFOUND)
			return 0;
		return dtb_fail(info, fdt, node, -EINVAL, "%s: %s", name,
				fdt_strerror(len));
	}
	if (len != 4)
		return dtb_fail(info, fdt, node, -EINVAL,
				"%s: length %d, expected 4", name, len);
	*out = (uint32_t)dtb_cells(p, 1);
	return 0;
}

/* #address-cells (@addr) or #size-cells of @bus, checked to be 1 or 2. */
static int dtb_bus_cells(struct kvm_dtb_info *info, const void *fdt, int bus,
			 bool addr, int *out)
{
	const char *name = addr ? "#address-cells" : "#size-cells";
	uint32_t v = addr ? DTB_ADDR_CELLS_DEFAULT : DTB_SIZE_CELLS_DEFAULT;
	int rc;

	rc = dtb_u32(info, fdt, bus, name, &v);
	if (rc)
		return rc;
	if (v < DTB_CELLS_MIN || v > DTB_CELLS_MAX)
		return dtb_fail(info, fdt, bus, -ERANGE,
				"%s is %u, only %d or %d supported", name,
				(unsigned int)v, DTB_CELLS_MIN, DTB_CELLS_MAX);
	*out = (int)v;
	return 0;
}

/*
 * Map @r through one "ranges" table of @n entries at @p (child address,
 * parent address, size: @cac, @pac and @csc cells). Returns false when no
 * entry holds the whole of @r.
 */
static bool dtb_ranges_map(const uint8_t *p, int n, int cac, int pac,
			   int csc, struct kvm_dtb_range *r)
{
	int entry = (cac + pac + csc) * 4, i;
	uint64_t cbase, pbase, size;

	for (i = 0; i < n; i++, p += entry) {
		cbase = dtb_cells(p, cac);
		pbase = dtb_cells(p + cac * 4, pac);
		size = dtb_cells(p + (cac + pac) * 4, csc);
		if (r->base >= cbase && r->base - cbase < size &&
		    r->size <= size - (r->base - cbase)) {
			r->base = pbase + (r->base - cbase);
			return true;
		}
	}
	return false;
}

/*
 * Translate @r (an address range on the bus @bus) into a root (CPU)
 * address through the "ranges" of @bus and its parents. An empty "ranges"
 * is the identity; a missing one means the bus is not memory-mapped.
 */
static int dtb_translate(struct kvm_dtb_info *info, const void *fdt, int bus,
			 struct kvm_dtb_range *r)
{
	const uint8_t *p;
	int depth, parent, len, cac, csc, pac, entry, rc;

	for (depth = 0;; depth++) {
		parent = dtb_parent(fdt, bus);
		if (parent == -FDT_ERR_NOTFOUND)
			return 0;		/* @bus is the root */
		if (parent < 0)
			return dtb_fail(info, fdt, bus, -EINVAL, "parent: %s",
					fdt_strerror(parent));
		if (depth >= DTB_BUS_DEPTH_MAX)
			return dtb_fail(info, fdt, bus, -EINVAL,
					"more than %d nested buses",
					DTB_BUS_DEPTH_MAX);
		p = fdt_getprop(fdt, bus, "ranges", &len);
		if (!p)
			return dtb_fail(info, fdt, bus, -EINVAL,
					"no usable \"ranges\": %s",
					fdt_strerror(len));
		if (len > 0) {
			rc = dtb_bus_cells(info, fdt, bus, true, &cac);
			if (!rc)
				rc = dtb_bus_cells(info, fdt, bus, false, &csc);
			if (!rc)
				rc = dtb_bus_cells(info, fdt, parent, true,
						   &pac);
			if (rc)
				return rc;
			entry = (cac + pac + csc) * 4;
			if (len % entry)
				return dtb_fail(info, fdt, bus, -EINVAL,
						"ranges: length %d not a multiple of %d",
						len, entry);
			if (!dtb_ranges_map(p, len / entry, cac, pac, csc, r))
				return dtb_fail(info, fdt, bus, -EINVAL,
						"ranges: 0x%llx+0x%llx not mapped",
						(unsigned long long)r->base,
						(unsigned long long)r->size);
			if (r->size > UINT64_MAX - r->base)
				return dtb_fail(info, fdt, bus, -EINVAL,
						"ranges: translation wraps");
		}
		bus = parent;
	}
}

/*
 * Call @fn for each range of @node's "reg" (cells from its @parent,
 * translated to CPU addresses) until it returns non-zero; returns that
 * value, 0 after the last range, or a negative errno.
 */
typedef int (*dtb_reg_fn)(struct kvm_dtb_info *info, const void *fdt,
			  int node, const struct kvm_dtb_range *r, void *arg);

static int dtb_reg_foreach(struct kvm_dtb_info *info, const void *fdt,
			   int parent, int node, dtb_reg_fn fn, void *arg)
{
	struct kvm_dtb_range r;
	const uint8_t *p;
	int ac, sc, len, entry, i, rc;

	rc = dtb_bus_cells(info, fdt, parent, true, &ac);
	if (rc)
		return rc;
	rc = dtb_bus_cells(info, fdt, parent, false, &sc);
	if (rc)
		return rc;
	p = fdt_getprop(fdt, node, "reg", &len);
	if (!p)
		return dtb_fail(info, fdt, node, -EINVAL, "reg: %s",
				fdt_strerror(len));
	entry = (ac + sc) * 4;
	if (len == 0 || len % entry)
		return dtb_fail(info, fdt, node, -EINVAL,
				"reg: length %d not a non-zero multiple of %d",
				len, entry);
	for (i = 0; i < len / entry; i++) {
		r.base = dtb_cells(p + i * entry, ac);
		r.size = dtb_cells(p + i * entry + ac * 4, sc);
		if (r.size > UINT64_MAX - r.base)
			return dtb_fail(info, fdt, node, -EINVAL,
					"reg: 0x%llx+0x%llx wraps around",
					(unsigned long long)r.base,
					(unsigned long long)r.size);
		rc = dtb_translate(info, fdt, parent, &r);
		if (rc)
			return rc;
		rc = fn(info, fdt, node, &r, arg);
		if (rc)
			return rc;
	}
	return 0;
}

static int dtb_add_mem(struct kvm_dtb_info *info, const void *fdt, int node,
		       const struct kvm_dtb_range *r, void *arg)
{
	/* Beyond KVM_DTB_MEM_MAX memory is left unused: safe to ignore. */
	if (r->size && info->mem_count < KVM_DTB_MEM_MAX)
		info->mem[info->mem_count++] = *r;
	return 0;
}

static int dtb_add_resv(struct kvm_dtb_info *info, const void *fdt, int node,
			const struct kvm_dtb_range *r, void *arg)
{
	if (!r->size)
		return 0;
	if (info->resv_count == KVM_DTB_RESV_MAX)
		return dtb_fail(info, fdt, node, -ENOSPC,
				"more than %d reserved ranges",
				KVM_DTB_RESV_MAX);
	info->resv[info->resv_count++] = *r;
	return 0;
}

static int dtb_copy_first(struct kvm_dtb_info *info, const void *fdt,
			  int node, const struct kvm_dtb_range *r, void *arg)
{
	*(struct kvm_dtb_range *)arg = *r;
	return 1;			/* stop after the first range */
}

/* First "reg" range of a device @node (translated) into @out. */
static int dtb_device_reg(struct kvm_dtb_info *info, const void *fdt,
			  int node, struct kvm_dtb_range *out)
{
	int parent, rc;

	parent = dtb_parent(fdt, node);
	if (parent < 0)
		return dtb_fail(info, fdt, node, -EINVAL,
				"reg on a node without parent");
	rc = dtb_reg_foreach(info, fdt, parent, node, dtb_copy_first, out);
	return rc < 0 ? rc : 0;
}

/* Memory: every enabled root child with device_type "memory". */
static int dtb_parse_memory(struct kvm_dtb_info *info, const void *fdt)
{
	int node, rc, found = 0;

	fdt_for_each_subnode(node, fdt, 0) {
		if (!dtb_prop_is(fdt, node, "device_type", "memory") ||
		    !dtb_enabled(fdt, node))
			continue;
		found++;
		rc = dtb_reg_foreach(info, fdt, 0, node, dtb_add_mem, NULL);
		if (rc)
			return rc;
	}
	if (node != -FDT_ERR_NOTFOUND)
		return dtb_fail(info, fdt, 0, -EINVAL, "%s",
				fdt_strerror(node));
	if (!found)
		return dtb_fail(info, fdt, 0, -ENOENT, "no /memory node");
	if (!info->mem_count)
		return dtb_fail(info, fdt, 0, -ENOENT,
				"/memory has only empty ranges");
	return 0;
}

/* /memreserve/ entries and the enabled children of /reserved-memory. */
static int dtb_parse_reserved(struct kvm_dtb_info *info, const void *fdt)
{
	struct kvm_dtb_range r;
	int n, i, rc, node, parent;

	n = fdt_num_mem_rsv(fdt);
	if (n < 0)
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"memory reservation map: %s", fdt_strerror(n));
	for (i = 0; i < n; i++) {
		rc = fdt_get_mem_rsv(fdt, i, &r.base, &r.size);
		if (rc < 0)
			return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
					"memory reservation map: %s",
					fdt_strerror(rc));
		if (r.size > UINT64_MAX - r.base)
			return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
					"/memreserve/ 0x%llx+0x%llx wraps around",
					(unsigned long long)r.base,
					(unsigned long long)r.size);
		rc = dtb_add_resv(info, fdt, DTB_HEADER, &r, NULL);
		if (rc)
			return rc;
	}

	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, parent) {
		/* Nodes with only "size" are for the OS to allocate. */
		if (!dtb_enabled(fdt, node) ||
		    !fdt_getprop(fdt, node, "reg", NULL))
			continue;
		rc = dtb_reg_foreach(info, fdt, parent, node, dtb_add_resv,
				     NULL);
		if (rc)
			return rc;
	}
	if (node != -FDT_ERR_NOTFOUND)
		return dtb_fail(info, fdt, parent, -EINVAL, "%s",
				fdt_strerror(node));
	return 0;
}

/* /chosen: bootargs and rng-seed; returns its offset in *@chosen or <0. */
static int dtb_parse_chosen(struct kvm_dtb_info *info, const void *fdt,
			    int *chosen)
{
	const char *s;
	int node, len;

	node = fdt_path_offset(fdt, "/chosen");
	*chosen = node;
	if (node < 0)
		return 0;
	s = fdt_getprop(fdt, node, "bootargs", &len);
	if (s) {
		if (len <= 0 || !memchr(s, '\0', len))
			return dtb_fail(info, fdt, node, -EINVAL,
					"bootargs not NUL-terminated");
		info->bootargs = s;
	}
	s = fdt_getprop(fdt, node, "rng-seed", &len);
	if (s && len > 0) {
		info->rng_seed = s;
		info->rng_seed_len = (uint32_t)len;
	}
	/* the initrd QEMU loaded: start and end, one or two cells each */
	s = fdt_getprop(fdt, node, "linux,initrd-start", &len);
	if (s) {
		const char *e;
		int elen;

		e = fdt_getprop(fdt, node, "linux,initrd-end", &elen);
		if (!e || (len != 4 && len != 8) || (elen != 4 && elen != 8))
			return dtb_fail(info, fdt, node, -EINVAL,
					"linux,initrd-start/end malformed");
		info->initrd_start = dtb_cells((const uint8_t *)s, len / 4);
		info->initrd_end = dtb_cells((const uint8_t *)e, elen / 4);
		if (info->initrd_end < info->initrd_start)
			return dtb_fail(info, fdt, node, -EINVAL,
					"linux,initrd-end below linux,initrd-start");
	}
	return 0;
}

/* /cpus/timebase-frequency, one or two cells. */
static int dtb_parse_timebase(struct kvm_dtb_info *info, const void *fdt)
{
	const uint8_t *p;
	int node, len;

	node = fdt_path_offset(fdt, "/cpus");
	if (node < 0)
		return 0;
	p = fdt_getprop(fdt, node, "timebase-frequency", &len);
	if (!p)
		return 0;
	if (len != 4 && len != 8)
		return dtb_fail(info, fdt, node, -EINVAL,
				"timebase-frequency: length %d, expected 4 or 8",
				len);
	info->timebase_freq = dtb_cells(p, len / 4);
	return 0;
}

/* Does @node's "compatible" list one of @compat[0..@n)? */
static bool dtb_compatible(const void *fdt, int node,
			   const char *const *compat, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fdt_node_check_compatible(fdt, node, compat[i]) == 0)
			return true;
	return false;
}

static const char *const uart_compat[] = { "ns16550a", "ns16550" };
static const char *const test_compat[] = { "sifive,test1", "sifive,test0" };
static const char *const rtc_compat[] = { "google,goldfish-rtc" };
static const char *const plic_compat[] = { "riscv,plic0",
					   "sifive,plic-1.0.0" };
static const char *const virtio_compat[] = { "virtio,mmio" };

static const struct {
	const char *const *compat;
	int n;
} dtb_kinds[DTB_KINDS] = {
	[DTB_KIND_TEST] = { test_compat, UK_ARRAY_SIZE(test_compat) },
	[DTB_KIND_UART] = { uart_compat, UK_ARRAY_SIZE(uart_compat) },
	[DTB_KIND_RTC] = { rtc_compat, UK_ARRAY_SIZE(rtc_compat) },
	[DTB_KIND_PLIC] = { plic_compat, UK_ARRAY_SIZE(plic_compat) },
	[DTB_KIND_VIRTIO] = { virtio_compat, UK_ARRAY_SIZE(virtio_compat) },
};

/* Which dtb_kinds @node is compatible with (its "compatible" read once) */
static unsigned int dtb_node_kinds(const void *fdt, int node)
{
	unsigned int kinds = 0;
	const char *list;
	int len, k, i;

	list = fdt_getprop(fdt, node, "compatible", &len);
	if (!list)
		return 0;
	for (k = 0; k < DTB_KINDS; k++)
		for (i = 0; i < dtb_kinds[k].n; i++)
			if (fdt_stringlist_contains(list, len,
						    dtb_kinds[k].compat[i]))
				kinds |= 1U << k;
	return kinds;
}

/* The one walk (the structure block was checked whole before). */
static void dtb_index_build(const void *fdt)
{
	int stack[DTB_DEPTH_MAX], node, depth = 0;

	dtb_index_n = 0;
	dtb_index_ok = false;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		/* the root is at depth 1 */
		if (depth < 1 || depth > DTB_DEPTH_MAX ||
		    dtb_index_n == DTB_INDEX_MAX)
			return;
		stack[depth - 1] = node;
		dtb_index[dtb_index_n].node = node;
		dtb_index[dtb_index_n].parent = depth > 1 ? stack[depth - 2] :
						-FDT_ERR_NOTFOUND;
		dtb_index[dtb_index_n++].kinds = dtb_node_kinds(fdt, node);
	}
	dtb_index_ok = node == -FDT_ERR_NOTFOUND;
}

/* First enabled node of @kind (dtb_kinds) after @after (-1: any), or <0. */
static int dtb_find_after(const void *fdt, int kind, int after)
{
	int node, i;

	if (dtb_index_ok) {
		for (i = 0; i < dtb_index_n; i++)
			if (dtb_index[i].node > after &&
			    dtb_index[i].kinds & (1U << kind) &&
			    dtb_enabled(fdt, dtb_index[i].node))
				return dtb_index[i].node;
		return -FDT_ERR_NOTFOUND;
	}
	for (node = fdt_next_node(fdt, after, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL))
		if (dtb_compatible(fdt, node, dtb_kinds[kind].compat,
				   dtb_kinds[kind].n) &&
		    dtb_enabled(fdt, node))
			return node;
	return -FDT_ERR_NOTFOUND;
}

/* The console: the node /chosen/stdout-path names if it is a 16550. */
static int dtb_parse_uart(struct kvm_dtb_info *info, const void *fdt,
			  int chosen)
{
	const char *path, *opt;
	int node = -FDT_ERR_NOTFOUND, len, n, rc;

	path = chosen < 0 ? NULL :
		fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (path) {
		if (len <= 0 || !memchr(path, '\0', len))
			return dtb_fail(info, fdt, chosen, -EINVAL,
					"stdout-path not NUL-terminated");
		/* "path:options"; a path without '/' is an alias */
		opt = strchr(path, ':');
		n = opt ? (int)(opt - path) : (int)strlen(path);
		node = fdt_path_offset_namelen(fdt, path, n);
		if (node >= 0 &&
		    (!dtb_compatible(fdt, node, uart_compat,
				     UK_ARRAY_SIZE(uart_compat)) ||
		     !dtb_enabled(fdt, node)))
			node = -FDT_ERR_NOTFOUND;
	}
	if (node < 0)
		node = dtb_find_after(fdt, DTB_KIND_UART, -1);
	if (node < 0)
		return 0;
	rc = dtb_device_reg(info, fdt, node, &info->uart);
	if (rc)
		return rc;
	rc = dtb_u32(info, fdt, node, "reg-shift", &info->uart_reg_shift);
	if (rc)
		return rc;
	if (info->uart_reg_shift > UART_REG_SHIFT_MAX)
		return dtb_fail(info, fdt, node, -EINVAL,
				"reg-shift %u larger than %d",
				(unsigned int)info->uart_reg_shift,
				UART_REG_SHIFT_MAX);
	rc = dtb_u32(info, fdt, node, "reg-io-width",
		     &info->uart_reg_io_width);
	if (rc)
		return rc;
	if (info->uart_reg_io_width != 1 && info->uart_reg_io_width != 2 &&
	    info->uart_reg_io_width != 4)
		return dtb_fail(info, fdt, node, -EINVAL,
				"reg-io-width %u is not 1, 2 or 4",
				(unsigned int)info->uart_reg_io_width);
	info->has_uart = 1;
	return 0;
}

/* A device found by compatible: its first reg range into @r. */
static int dtb_parse_device(struct kvm_dtb_info *info, const void *fdt,
			    int kind, int *has, struct kvm_dtb_range *r,
			    int *nodep)
{
	int node, rc;

	node = dtb_find_after(fdt, kind, -1);
	*nodep = node;
	if (node < 0)
		return 0;
	rc = dtb_device_reg(info, fdt, node, r);
	if (rc)
		return rc;
	*has = 1;
	return 0;
}

/*
 * Every enabled "virtio,mmio" node: its first reg range and its first
 * "interrupts" cell (the PLIC source; 0 when it has none). Nodes beyond
 * KVM_DTB_VIRTIO_MAX are ignored.
 */
static int dtb_parse_virtio(struct kvm_dtb_info *info, const void *fdt)
{
	struct kvm_dtb_virtio *v;
	const uint8_t *p;
	int node, len, rc;

	for (node = dtb_find_after(fdt, DTB_KIND_VIRTIO, -1);
	     node >= 0 && info->virtio_count < KVM_DTB_VIRTIO_MAX;
	     node = dtb_find_after(fdt, DTB_KIND_VIRTIO, node)) {
		v = &info->virtio[info->virtio_count];
		rc = dtb_device_reg(info, fdt, node, &v->reg);
		if (rc)
			return rc;
		p = fdt_getprop(fdt, node, "interrupts", &len);
		v->irq = p && len >= 4 ? (uint32_t)dtb_cells(p, 1) : 0;
		info->virtio_count++;
	}
	return 0;
}

int kvm_dtb_parse(const void *fdt, size_t maxlen, struct kvm_dtb_info *info)
{
	int rc, chosen, node;
	uint32_t size;

	memset(info, 0, sizeof(*info));
	info->uart_reg_io_width = 1;
	if (!fdt)
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL, "no blob");
	if ((uintptr_t)fdt % DTB_ALIGN)
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"blob at %p not %d-byte aligned", fdt,
				DTB_ALIGN);
	if (maxlen < sizeof(struct fdt_header))
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"%zu bytes, shorter than the header",
				maxlen);
	rc = fdt_check_header(fdt);
	if (rc == -FDT_ERR_BADMAGIC)
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"bad magic 0x%08x",
				(unsigned int)fdt_magic(fdt));
	if (rc == -FDT_ERR_BADVERSION)
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"unsupported version %u (last compatible %u)",
				(unsigned int)fdt_version(fdt),
				(unsigned int)fdt_last_comp_version(fdt));
	if (rc)
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"sizes or offsets out of bounds (%s)",
				fdt_strerror(rc));
	if (fdt_version(fdt) < DTB_VERSION_MIN)
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"unsupported version %u (oldest: %d)",
				(unsigned int)fdt_version(fdt),
				DTB_VERSION_MIN);
	/* libfdt loads tags and reservation entries as 32/64-bit words */
	if (fdt_off_dt_struct(fdt) % FDT_TAGSIZE ||
	    fdt_off_mem_rsvmap(fdt) % sizeof(uint64_t))
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"misaligned block (structure 0x%x, reservations 0x%x)",
				(unsigned int)fdt_off_dt_struct(fdt),
				(unsigned int)fdt_off_mem_rsvmap(fdt));
	size = fdt_totalsize(fdt);
	if (size > maxlen)
		return dtb_fail(info, fdt, DTB_HEADER, -EFBIG,
				"totalsize %u larger than the %zu readable",
				(unsigned int)size, maxlen);
	rc = dtb_check_struct(info, fdt);
	if (rc)
		return rc;
	rc = fdt_check_full(fdt, size);
	if (rc)
		return dtb_fail(info, fdt, DTB_HEADER, -EINVAL,
				"malformed structure block (%s)",
				fdt_strerror(rc));
	info->blob_size = size;
	dtb_index_build(fdt);

	/*
	 * The exit device comes first: when a later part of the tree is bad,
	 * the platform can still end the VM with a boot-error status.
	 */
	rc = dtb_parse_device(info, fdt, DTB_KIND_TEST, &info->has_test,
			      &info->test, &node);
	if (!rc)
		rc = dtb_parse_memory(info, fdt);
	if (!rc)
		rc = dtb_parse_reserved(info, fdt);
	if (!rc)
		rc = dtb_parse_chosen(info, fdt, &chosen);
	if (!rc)
		rc = dtb_parse_timebase(info, fdt);
	if (!rc)
		rc = dtb_parse_uart(info, fdt, chosen);
	if (!rc)
		rc = dtb_parse_device(info, fdt, DTB_KIND_RTC,
				      &info->has_rtc, &info->rtc, &node);
	if (!rc)
		rc = dtb_parse_device(info, fdt, DTB_KIND_PLIC,
				      &info->has_plic, &info->plic, &node);
	if (!rc && info->has_plic)
		rc = dtb_u32(info, fdt, node, "riscv,ndev", &info->plic_ndev);
	if (!rc)
		rc = dtb_parse_virtio(info, fdt);
	return rc;
}

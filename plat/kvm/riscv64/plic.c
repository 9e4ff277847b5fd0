/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform-Level Interrupt Controller ("riscv,plic0"): device interrupt
 * sources 1..riscv,ndev become lines of the same numbers. Only the boot
 * hart's S-mode context is used; the device tree's interrupts-extended of
 * the PLIC lists the contexts in order as (cpu interrupt controller,
 * cause) pairs, and ours is the pair naming our hart with cause 9
 * (supervisor external). A line is unmasked by setting its enable bit;
 * every source has priority 1 and the threshold is 0.
 */
#include <errno.h>
#include <libfdt.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/asm/irq.h>
#include <kvm/irq.h>
#include "riscv64.h"

#define PLIC_PRIORITY(src)	(4UL * (src))
#define PLIC_ENABLE(ctx, src)	\
	(0x2000UL + 0x80UL * (ctx) + 4UL * ((src) / 32))
#define PLIC_THRESHOLD(ctx)	(0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx)		(0x200004UL + 0x1000UL * (ctx))
#define PLIC_CONTEXTS_MAX	15872
#define PLIC_SOURCES_MAX	1023
#define PLIC_PRIO_ON		1
/* cause naming a context in interrupts-extended */
#define PLIC_CAUSE_SEXT		RISCV_INTR_EXT
#define CELL_BYTES		4

static const char *const plic_compat[] = { "riscv,plic0",
					   "sifive,plic-1.0.0" };

static uintptr_t plic_base;		/* 0: no PLIC */
static uint32_t plic_sources;		/* usable: 1..plic_sources */
static unsigned long plic_ctx;
static const void *plic_fdt;

static int plic_node(const void *fdt)
{
	unsigned int i;
	int node;

	for (i = 0; i < UK_ARRAY_SIZE(plic_compat); i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, plic_compat[i]);
		if (node >= 0)
			return node;
	}
	return -ENOENT;
}

/* Hart id of the cpu node above interrupt controller @intc, or -1. */
static long intc_hart(const void *fdt, int intc)
{
	const fdt32_t *reg;
	int cpu = fdt_parent_offset(fdt, intc), len;

	if (cpu < 0)
		return -1;
	reg = fdt_getprop(fdt, cpu, "reg", &len);
	if (!reg || len < CELL_BYTES)
		return -1;
	/* /cpus has #address-cells = 1 on riscv */
	return fdt32_to_cpu(reg[len / CELL_BYTES - 1]);
}

/* Index of the S-mode context of @hartid, or negative errno. */
static long context_find(const void *fdt, int node, unsigned long hartid)
{
	const fdt32_t *p;
	int len, i, n;

	p = fdt_getprop(fdt, node, "interrupts-extended", &len);
	if (!p || len < 2 * CELL_BYTES)
		return -ENOENT;
	n = len / (2 * CELL_BYTES);
	for (i = 0; i < n && i < PLIC_CONTEXTS_MAX; i++) {
		int intc = fdt_node_offset_by_phandle(fdt,
						      fdt32_to_cpu(p[2 * i]));

		if (intc < 0 ||
		    fdt32_to_cpu(p[2 * i + 1]) != PLIC_CAUSE_SEXT)
			continue;
		if (intc_hart(fdt, intc) == (long)hartid)
			return i;
	}
	return -ENOENT;
}

int kvm_plic_init(const void *fdt, unsigned long hartid, uint64_t base,
		  uint32_t ndev)
{
	long ctx;
	uint32_t src;
	int node;

	if (!base)
		return 0;
	node = plic_node(fdt);
	ctx = node < 0 ? node : context_find(fdt, node, hartid);
	if (ctx < 0) {
		uk_pr_warn("plic: no S-mode context for hart %lu; device interrupts unused\n",
			   hartid);
		return 0;
	}
	plic_base = base;
	plic_ctx = ctx;
	plic_fdt = fdt;
	plic_sources = UK_MIN(UK_MIN(ndev, PLIC_SOURCES_MAX),
			      (uint32_t)KVM_IRQ_LINES - 1);
	for (src = 0; src <= UK_MIN(ndev, PLIC_SOURCES_MAX); src += 32)
		mmio_write32(plic_base + PLIC_ENABLE(plic_ctx, src), 0);
	for (src = 1; src <= plic_sources; src++)
		mmio_write32(plic_base + PLIC_PRIORITY(src), PLIC_PRIO_ON);
	mmio_write32(plic_base + PLIC_THRESHOLD(plic_ctx), 0);
	csr_set(sie, RISCV_SIE_SEIE);
	uk_pr_debug("plic: context %lu, lines 1..%u\n", plic_ctx,
		    plic_sources);
	return 0;
}

int kvm_plic_line_valid(unsigned long line)
{
	return plic_base && line >= 1 && line <= plic_sources;
}

void kvm_plic_mask(unsigned long line, bool masked)
{
	uintptr_t reg = plic_base + PLIC_ENABLE(plic_ctx, line);
	uint32_t bit = 1U << (line % 32);
	uint32_t v = mmio_read32(reg);

	mmio_write32(reg, masked ? v & ~bit : v | bit);
}

void kvm_plic_dispatch(void)
{
	uint32_t src;

	if (!plic_base)
		return;
	while ((src = mmio_read32(plic_base + PLIC_CLAIM(plic_ctx))) != 0) {
		kvm_irq_handle(src);
		mmio_write32(plic_base + PLIC_CLAIM(plic_ctx), src);
	}
}

int kvm_plic_line_of(const char *compatible)
{
	const fdt32_t *p;
	int node, len;

	if (!plic_fdt)
		return -ENOENT;
	node = fdt_node_offset_by_compatible(plic_fdt, -1, compatible);
	if (node < 0)
		return -ENOENT;
	p = fdt_getprop(plic_fdt, node, "interrupts", &len);
	if (!p || len < CELL_BYTES)
		return -ENOENT;
	return (int)fdt32_to_cpu(p[0]);
}

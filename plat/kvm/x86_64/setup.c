/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 platform bring-up after entry.S: console, canary, PVH start info
 * (command line, memory map), descriptor tables, final page tables,
 * interrupt controllers and clocks (interrupts enabled, every line masked),
 * then the hand-over to ukboot. Everything the VMM hands us is validated
 * first.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/arch/traps.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/memory.h>
#include <uk/plat/entropy.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/bus.h>
#include <kvm/kaslr.h>
#include <kvm/memory.h>
#include <kvm/setup.h>
#include "x86_64.h"

/* PVH boot ABI (Xen public/arch-x86/hvm/start_info.h), version 1. */
#define PVH_START_MAGIC		0x336ec578
#define PVH_MEMMAP_MAX		128	/* more entries than any VMM sends */
#define PVH_CMDLINE_SCAN	65536
#define E820_RAM		1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

/* Identity map of the boot tables: addresses the VMM gives must be below. */
#define BOOT_MAP_LIMIT		(1UL << 30)

#define CPUID1_ECX_RDRAND	(1U << 30)
#define CPUID7_EBX_RDSEED	(1U << 18)
#define RNG_RETRIES		16	/* RDSEED may run dry for a while */
#define RNG_SAME_MAX		4	/* this many equal outputs: broken */

/*
 * One RDSEED or RDRAND under an armed instruction probe: CPUID may claim
 * an instruction the hypervisor does not execute (MACHINE-NOTES.md), so
 * a #UD ends the probe instead of the boot. 1: *@v is random, 0: the
 * instruction reported no data (CF=0), -1: it raised #UD.
 */
#define RNG_INSN(insn, v, ok)						\
	__asm__ __volatile__(						\
		"leaq 1f(%%rip), %%rcx\n\t"				\
		"movq %%rcx, %[pc]\n\t"					\
		"leaq 2f(%%rip), %%rcx\n\t"				\
		"movq %%rcx, %[resume]\n\t"				\
		"1: " insn " %[r]\n\t"					\
		"setc %[c]\n\t"						\
		"2:\n\t"							\
		: [r] "+r"(v), [c] "+qm"(ok),				\
		  [pc] "=m"(*(unsigned long *)&ukarch_insn_probe.pc),	\
		  [resume] "=m"(*(unsigned long *)&ukarch_insn_probe.resume) \
		: : "rcx", "cc", "memory")

static __no_stack_protector int rng_insn(int seed, uint64_t *v)
{
	unsigned char ok = 0;
	uint64_t r = 0;

	ukarch_insn_probe.faulted = 0;
	if (seed)
		RNG_INSN("rdseed", r, ok);
	else
		RNG_INSN("rdrand", r, ok);
	ukarch_insn_probe.pc = 0;
	if (ukarch_insn_probe.faulted)
		return -1;
	*v = r;
	return ok ? 1 : 0;
}

enum { HW_UNKNOWN, HW_NONE, HW_RDSEED, HW_RDRAND };
static int hw_kind = HW_UNKNOWN;

/* Detect (once) which instruction works: RDSEED, else RDRAND. */
static __no_stack_protector void hw_detect(void)
{
	uint32_t a, b, c, d;
	uint64_t v;
	int i, rc = -1;

	hw_kind = HW_NONE;
	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		if (b & CPUID7_EBX_RDSEED) {
			for (i = 0, rc = 0; i < RNG_RETRIES && !rc; i++)
				rc = rng_insn(1, &v);
			if (rc > 0) {
				hw_kind = HW_RDSEED;
				return;
			}
		}
	}
	cpuid(1, 0, &a, &b, &c, &d);
	if (c & CPUID1_ECX_RDRAND) {
		for (i = 0, rc = 0; i < RNG_RETRIES && !rc; i++)
			rc = rng_insn(0, &v);
		if (rc > 0)
			hw_kind = HW_RDRAND;
	}
}

__no_stack_protector int ukplat_entropy_hw(uint64_t *out)
{
	static uint64_t last;
	static int same;
	uint64_t v = 0;
	int i, rc = 0;

	if (hw_kind == HW_UNKNOWN)
		hw_detect();
	if (hw_kind == HW_NONE)
		return -ENODEV;
	for (i = 0; i < RNG_RETRIES && rc == 0; i++) {
		rc = rng_insn(hw_kind == HW_RDSEED, &v);
		/* RDSEED drained: RDRAND reseeds itself, use it meanwhile */
		if (rc == 0 && hw_kind == HW_RDSEED && i >= RNG_RETRIES / 2)
			rc = rng_insn(0, &v);
	}
	if (rc <= 0)
		return -EIO;
	/* a stuck generator (some CPUs return all ones) is no source */
	if (v == last && ++same >= RNG_SAME_MAX) {
		hw_kind = HW_NONE;
		return -EIO;
	}
	if (v != last)
		same = 0;
	last = v;
	*out = v;
	return 0;
}

const char *ukplat_entropy_hw_name(void)
{
	if (hw_kind == HW_UNKNOWN)
		hw_detect();
	return hw_kind == HW_RDSEED ? "RDSEED" :
	       hw_kind == HW_RDRAND ? "RDRAND" : NULL;
}

const void *ukplat_entropy_fw_seed(size_t *len)
{
	*len = 0;
	return NULL;	/* PVH and Multiboot hand over no seed */
}

__no_stack_protector uint64_t ukplat_entropy_counter(void)
{
	return rdtsc();
}

__no_stack_protector uint64_t ukplat_entropy(void)
{
	uint64_t v, mix = rdtsc();

	if (ukplat_entropy_hw(&v) == 0)
		return v ^ mix;
	/* no hardware RNG: the TSC at boot is weak but differs per boot */
	return mix * 0x9e3779b97f4a7c15ULL;
}

static int addr_ok(uint64_t p, uint64_t len)
{
	return p && p + len >= p && p + len <= BOOT_MAP_LIMIT;
}

static int parse_start_info(const struct hvm_start_info *si)
{
	const struct hvm_memmap_entry *mm;
	uint32_t i;
	int rc;

	if (!addr_ok((uintptr_t)si, sizeof(*si)) || si->magic != PVH_START_MAGIC) {
		uk_pr_crit("boot: no valid PVH start info (magic 0x%x)\n",
			   addr_ok((uintptr_t)si, sizeof(*si)) ? si->magic : 0);
		return -EINVAL;
	}
	if (si->cmdline_paddr) {
		if (!addr_ok(si->cmdline_paddr, 1)) {
			uk_pr_crit("boot: command line at 0x%lx is out of reach\n",
				   (unsigned long)si->cmdline_paddr);
			return -EINVAL;
		}
		rc = kvm_cmdline_set((const char *)si->cmdline_paddr,
				     UK_MIN((uint64_t)PVH_CMDLINE_SCAN,
					    BOOT_MAP_LIMIT - si->cmdline_paddr));
		if (rc < 0) {
			uk_pr_crit("boot: command line longer than %d bytes\n",
				   CONFIG_PLAT_KVM_CMDLINE_MAX - 1);
			return rc;
		}
	}
	if (si->version < 1 || !si->memmap_paddr || !si->memmap_entries ||
	    si->memmap_entries > PVH_MEMMAP_MAX ||
	    !addr_ok(si->memmap_paddr, si->memmap_entries * sizeof(*mm))) {
		uk_pr_crit("boot: PVH start info has no usable memory map "
			   "(version %u, %u entries)\n", si->version,
			   si->memmap_entries);
		return -EINVAL;
	}
	mm = (const struct hvm_memmap_entry *)si->memmap_paddr;
	for (i = 0; i < si->memmap_entries; i++) {
		if (mm[i].type != E820_RAM)
			continue;
		rc = kvm_ram_add(mm[i].addr, mm[i].size);
		if (rc < 0) {
			uk_pr_crit("boot: bad memory map entry %u [0x%lx +0x%lx] (%d)\n",
				   i, (unsigned long)mm[i].addr,
				   (unsigned long)mm[i].size, rc);
			return rc;
		}
	}
	/* QEMU passes -initrd as the first module */
	if (si->nr_modules) {
		const struct hvm_modlist_entry *mod;

		if (!addr_ok(si->modlist_paddr, sizeof(*mod))) {
			uk_pr_crit("boot: PVH module list at 0x%lx is out of reach\n",
				   (unsigned long)si->modlist_paddr);
			return -EINVAL;
		}
		mod = (const struct hvm_modlist_entry *)si->modlist_paddr;
		if (mod->size && !addr_ok(mod->paddr, mod->size)) {
			uk_pr_crit("boot: initrd [0x%lx +0x%lx] is out of reach (below 0x%lx)\n",
				   (unsigned long)mod->paddr,
				   (unsigned long)mod->size, BOOT_MAP_LIMIT);
			return -EINVAL;
		}
		if (mod->size) {
			rc = kvm_initrd_set(mod->paddr, mod->size);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/*
 * virtio-mmio interrupts are level-triggered (the line stays up until the
 * driver acknowledges), but microvm wires them to ISA inputs, which are
 * edge-triggered unless the MADT says otherwise.
 */
static void virtio_mmio_lines_level(void)
{
	const struct ukplat_bus_device *d;
	unsigned int i;

	for (i = 0; (d = ukplat_bus_get(i)) != NULL; i++)
		if (d->type == UKPLAT_BUS_VIRTIO_MMIO && d->irq >= 0 &&
		    x86_ioapic_set_mode(d->irq, true, false) < 0)
			uk_pr_warn("virtio-mmio at 0x%lx: no IOAPIC input %ld\n",
				   (unsigned long)d->base, d->irq);
}

/*
 * Move the image to a random place (kvm/kaslr.h): below the boot map's
 * limit (its 32-bit absolute addresses must also stay below 2 GiB) and
 * above the first MiB (BIOS data, the VMM's boot structures), away from
 * what the VMM handed over. Start info the later parse would refuse
 * leaves the image where it is.
 */
static void x86_kaslr(struct hvm_start_info *si)
{
	struct kvm_kaslr_layout l = { .lo = 1UL << 20, .hi = BOOT_MAP_LIMIT };
	const struct hvm_memmap_entry *mm;
	uint32_t i;

	if (!addr_ok((uintptr_t)si, sizeof(*si)) ||
	    si->magic != PVH_START_MAGIC || si->version < 1 ||
	    !si->memmap_paddr || !si->memmap_entries ||
	    si->memmap_entries > PVH_MEMMAP_MAX ||
	    !addr_ok(si->memmap_paddr, si->memmap_entries * sizeof(*mm)))
		return;
	kvm_kaslr_avoid(&l, (uintptr_t)si, sizeof(*si));
	mm = (const struct hvm_memmap_entry *)si->memmap_paddr;
	kvm_kaslr_avoid(&l, si->memmap_paddr,
			si->memmap_entries * sizeof(*mm));
	for (i = 0; i < si->memmap_entries; i++)
		if (mm[i].type == E820_RAM)
			kvm_kaslr_ram(&l, mm[i].addr, mm[i].size);
	if (si->cmdline_paddr && addr_ok(si->cmdline_paddr, 1)) {
		l.cmdline = (const char *)si->cmdline_paddr;
		l.cmdline_max = UK_MIN((uint64_t)PVH_CMDLINE_SCAN,
				       BOOT_MAP_LIMIT - si->cmdline_paddr);
		kvm_kaslr_avoid(&l, si->cmdline_paddr, l.cmdline_max);
	}
	if (si->nr_modules) {
		const struct hvm_modlist_entry *mod;

		if (!addr_ok(si->modlist_paddr, sizeof(*mod)))
			return;
		mod = (const struct hvm_modlist_entry *)si->modlist_paddr;
		kvm_kaslr_avoid(&l, si->modlist_paddr, sizeof(*mod));
		kvm_kaslr_avoid(&l, mod->paddr, mod->size);
	}
	l.random = ukplat_entropy();
	kvm_kaslr(&l, (uintptr_t)si, 0);
}

void _ukplat_x86_entry(struct hvm_start_info *si) __noreturn;
__no_stack_protector void _ukplat_x86_entry(struct hvm_start_info *si)
{
	/* first: boot-time measurements (a moved copy keeps the loaded one's) */
	if (!kvm_boot_counter)
		kvm_boot_counter = rdtsc();
	kvm_serial_init();
	ukarch_traps_init();
	/* after the traps: ukplat_entropy() probes RDSEED under them */
	x86_kaslr(si);
	/*
	 * after the traps (probing RDSEED may raise #UD); every call so far
	 * has returned: the canary may change now
	 */
	kvm_ssp_init(ukplat_entropy());
	if (parse_start_info(si) < 0 ||
	    x86_intctlr_early(si->rsdp_paddr) < 0)
		ukplat_boot_error();
	/* devices before the page tables: their windows get mapped */
	x86_pci_init();
	kvm_cmdline_virtio_mmio();
	if (kvm_memory_init() < 0)
		ukplat_boot_error();
	kvm_memory_print();
	/* clocks before ukplat_entry: every init function may use them */
	if (x86_intctlr_init() < 0 || x86_time_init() < 0)
		ukplat_boot_error();
	virtio_mmio_lines_level();
	/* all lines are masked until something registers a handler */
	ukplat_lcpu_enable_irq();
	ukplat_entry(ukplat_cmdline());
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* x86_64 CPU primitives: port I/O, MSRs, control registers, CPUID. */
#ifndef __UK_ASM_CPU_H__
#define __UK_ASM_CPU_H__


#define X86_CR0_PE	(1 << 0)
#define X86_CR0_MP	(1 << 1)	/* wait/fwait honour TS */
#define X86_CR0_EM	(1 << 2)	/* x87 emulation: traps every FP insn */
#define X86_CR0_TS	(1 << 3)	/* task switched: FP insns raise #NM */
#define X86_CR0_NE	(1 << 5)	/* x87 errors raise #MF */
#define X86_CR0_WP	(1 << 16)
#define X86_CR0_PG	0x80000000
#define X86_CR4_PAE	(1 << 5)
#define X86_CR4_PGE	(1 << 7)
#define X86_CR4_OSFXSR	(1 << 9)	/* fxsave/fxrstor, SSE enabled */
#define X86_CR4_OSXMMEXCPT (1 << 10)	/* SSE errors raise #XM */

#define X86_MSR_EFER	0xc0000080
#define X86_EFER_LME	(1 << 8)
#define X86_EFER_NXE	(1 << 11)
#define X86_MSR_FS_BASE	0xc0000100
#define X86_MSR_GS_BASE	0xc0000101

#define X86_RFLAGS_IF	(1 << 9)

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/*
 * Ordering of memory shared with devices (virtqueues). x86 keeps loads
 * after loads and stores after stores, so rmb/wmb only stop the
 * compiler; a store followed by a load needs mb.
 */
static inline void mb(void)
{
	__asm__ __volatile__("mfence" : : : "memory");
}

static inline void rmb(void)
{
	__asm__ __volatile__("" : : : "memory");
}

static inline void wmb(void)
{
	__asm__ __volatile__("" : : : "memory");
}

/*
 * Device register accessors: one access of natural width. Device ranges
 * are uncached (MTRRs), so accesses are ordered against memory accesses.
 */
static inline uint8_t mmio_read8(uintptr_t a)
{
	return *(volatile uint8_t *)a;
}

static inline uint16_t mmio_read16(uintptr_t a)
{
	return *(volatile uint16_t *)a;
}

static inline uint32_t mmio_read32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	__asm__ __volatile__("" : : : "memory");
	*(volatile uint8_t *)a = v;
}

static inline void mmio_write16(uintptr_t a, uint16_t v)
{
	__asm__ __volatile__("" : : : "memory");
	*(volatile uint16_t *)a = v;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	__asm__ __volatile__("" : : : "memory");
	*(volatile uint32_t *)a = v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
			     : : "c"(msr), "a"((uint32_t)v),
			       "d"((uint32_t)(v >> 32)));
}

static inline unsigned long read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline unsigned long read_cr0(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
			 uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline unsigned long read_rflags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

static inline void cli(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline void sti(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

static inline void hlt(void)
{
	__asm__ __volatile__("hlt" : : : "memory");
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_CPU_H__ */

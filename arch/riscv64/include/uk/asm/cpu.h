/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 CPU primitives for S-mode: CSR access, fences, wfi, TLB flushes
 * and ordered MMIO accessors.
 */
#ifndef __UK_ASM_CPU_H__
#define __UK_ASM_CPU_H__

/* Constants usable from both C and assembly. */
#ifdef __ASSEMBLY__
#define RISCV_UL(x)	x
#else
#define RISCV_UL(x)	x##UL
#endif

/* sstatus */
#define RISCV_SSTATUS_SIE	(RISCV_UL(1) << 1)
#define RISCV_SSTATUS_SPIE	(RISCV_UL(1) << 5)
#define RISCV_SSTATUS_SPP	(RISCV_UL(1) << 8)
#define RISCV_SSTATUS_VS	(RISCV_UL(3) << 9)
#define RISCV_SSTATUS_FS	(RISCV_UL(3) << 13)	/* FP state: */
#define RISCV_SSTATUS_FS_INITIAL (RISCV_UL(1) << 13)	/* reset values */
#define RISCV_SSTATUS_FS_CLEAN	(RISCV_UL(2) << 13)	/* saved copy valid */
#define RISCV_SSTATUS_FS_DIRTY	(RISCV_UL(3) << 13)	/* written since */
#define RISCV_SSTATUS_SUM	(RISCV_UL(1) << 18)
#define RISCV_SSTATUS_MXR	(RISCV_UL(1) << 19)

/* scause: interrupt flag in the top bit, exception code below */
#define RISCV_SCAUSE_INTR	(RISCV_UL(1) << 63)

#define RISCV_EXC_INSN_MISALIGNED	0
#define RISCV_EXC_INSN_ACCESS		1
#define RISCV_EXC_ILLEGAL_INSN		2
#define RISCV_EXC_BREAKPOINT		3
#define RISCV_EXC_LOAD_MISALIGNED	4
#define RISCV_EXC_LOAD_ACCESS		5
#define RISCV_EXC_STORE_MISALIGNED	6
#define RISCV_EXC_STORE_ACCESS		7
#define RISCV_EXC_ECALL_U		8
#define RISCV_EXC_ECALL_S		9
#define RISCV_EXC_INSN_PAGE_FAULT	12
#define RISCV_EXC_LOAD_PAGE_FAULT	13
#define RISCV_EXC_STORE_PAGE_FAULT	15

/* satp */
#define RISCV_SATP_MODE_SV39	(RISCV_UL(8) << 60)
#define RISCV_SATP_PPN_MASK	((RISCV_UL(1) << 44) - 1)

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

#define csr_read(csr)							\
	({								\
		unsigned long __v;					\
		__asm__ __volatile__("csrr %0, " #csr			\
				     : "=r"(__v) : : "memory");		\
		__v;							\
	})

#define csr_write(csr, val)						\
	__asm__ __volatile__("csrw " #csr ", %0"			\
			     : : "rK"((unsigned long)(val)) : "memory")

/* Set bits @bits in @csr and return the old value. */
#define csr_read_set(csr, bits)						\
	({								\
		unsigned long __v;					\
		__asm__ __volatile__("csrrs %0, " #csr ", %1"		\
				     : "=r"(__v)			\
				     : "rK"((unsigned long)(bits))	\
				     : "memory");			\
		__v;							\
	})

/* Clear bits @bits in @csr and return the old value. */
#define csr_read_clear(csr, bits)					\
	({								\
		unsigned long __v;					\
		__asm__ __volatile__("csrrc %0, " #csr ", %1"		\
				     : "=r"(__v)			\
				     : "rK"((unsigned long)(bits))	\
				     : "memory");			\
		__v;							\
	})

#define csr_set(csr, bits)	((void)csr_read_set(csr, bits))
#define csr_clear(csr, bits)	((void)csr_read_clear(csr, bits))

/* Full memory barrier (all earlier accesses before all later ones). */
static inline void mb(void)
{
	__asm__ __volatile__("fence iorw, iorw" : : : "memory");
}

/* Order memory reads / writes among themselves (shared with devices). */
static inline void rmb(void)
{
	__asm__ __volatile__("fence r, r" : : : "memory");
}

static inline void wmb(void)
{
	__asm__ __volatile__("fence w, w" : : : "memory");
}

/* Order earlier memory writes before later device writes. */
static inline void wmb_io(void)
{
	__asm__ __volatile__("fence w, o" : : : "memory");
}

/* Order earlier device reads before later memory reads. */
static inline void rmb_io(void)
{
	__asm__ __volatile__("fence i, r" : : : "memory");
}

static inline void wfi(void)
{
	__asm__ __volatile__("wfi" : : : "memory");
}

/* Flush every TLB entry of this hart. */
static inline void sfence_vma_all(void)
{
	__asm__ __volatile__("sfence.vma" : : : "memory");
}

/* Flush the TLB entries translating @va, for every address space. */
static inline void sfence_vma_addr(unsigned long va)
{
	__asm__ __volatile__("sfence.vma %0, zero" : : "r"(va) : "memory");
}

/* The time CSR (ticks at /cpus/timebase-frequency). */
static inline uint64_t rdtime(void)
{
	uint64_t v;

	__asm__ __volatile__("rdtime %0" : "=r"(v));
	return v;
}

/* Device register accessors: natural width, ordered against memory. */
static inline uint8_t mmio_read8(uintptr_t a)
{
	uint8_t v = *(volatile uint8_t *)a;

	rmb_io();
	return v;
}

static inline uint16_t mmio_read16(uintptr_t a)
{
	uint16_t v = *(volatile uint16_t *)a;

	rmb_io();
	return v;
}

static inline uint32_t mmio_read32(uintptr_t a)
{
	uint32_t v = *(volatile uint32_t *)a;

	rmb_io();
	return v;
}

static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	wmb_io();
	*(volatile uint8_t *)a = v;
}

static inline void mmio_write16(uintptr_t a, uint16_t v)
{
	wmb_io();
	*(volatile uint16_t *)a = v;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	wmb_io();
	*(volatile uint32_t *)a = v;
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_CPU_H__ */

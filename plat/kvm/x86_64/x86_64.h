/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to plat/kvm/x86_64. */
#ifndef __KVM_X86_64_H__
#define __KVM_X86_64_H__

#include <uk/essentials.h>

void kvm_serial_init(void);

/*
 * Enumerate PCI (after x86_intctlr_early(): interrupt lines are mapped
 * through the MADT) and add every function with kvm_bus_add().
 */
void x86_pci_init(void);

/*
 * Interrupt lines (the numbers of ukplat_irq_register()): 0..47 are IOAPIC
 * inputs (global system interrupts, GSIs; ISA IRQ n is GSI n unless the
 * ACPI MADT overrides it), 48 is the local APIC timer, 49..63 are MSI
 * lines handed out by ukplat_msi_alloc() (msi.c). Line L arrives on
 * vector X86_LINE_VECTOR_BASE + L.
 */
#define X86_IRQ_GSI_MAX		48
#define X86_IRQ_LINE_TIMER	48
#define X86_IRQ_MSI_FIRST	49
#define X86_IRQ_MSI_COUNT	15
#define X86_IRQ_LINES		64
#define X86_LINE_VECTOR_BASE	0x30
#define X86_PIC_VECTOR_BASE	0x20	/* 16 vectors; the PIC stays masked */
#define X86_APIC_SPURIOUS_VECTOR 0xff

/* Local APIC registers (xAPIC MMIO offsets; x2APIC MSR 0x800 + off / 16). */
#define APIC_REG_ID		0x020
#define APIC_REG_VERSION	0x030
#define APIC_REG_TPR		0x080
#define APIC_REG_EOI		0x0b0
#define APIC_REG_SVR		0x0f0
#define APIC_REG_ESR		0x280
#define APIC_REG_ICR		0x300
#define APIC_REG_LVT_TIMER	0x320
#define APIC_REG_LVT_THERMAL	0x330
#define APIC_REG_LVT_PERF	0x340
#define APIC_REG_LVT_LINT0	0x350
#define APIC_REG_LVT_LINT1	0x360
#define APIC_REG_LVT_ERROR	0x370
#define APIC_REG_TIMER_INIT	0x380
#define APIC_REG_TIMER_CUR	0x390
#define APIC_REG_TIMER_DIV	0x3e0

#define APIC_LVT_MASKED		(1U << 16)
#define APIC_LVT_TIMER_ONESHOT	(0U << 17)
#define APIC_LVT_TIMER_TSCDL	(2U << 17)
#define APIC_LVT_DM_NMI		(4U << 8)
#define APIC_TIMER_DIV_1	0xb

uint32_t x86_lapic_read(unsigned int reg);
void x86_lapic_write(unsigned int reg, uint32_t val);

/*
 * Interrupt controllers, in boot order: _early() picks x2APIC or xAPIC
 * mode, finds the IOAPICs (ACPI MADT, from @rsdp or the BIOS area) and
 * registers the MMIO ranges to map, before the final page tables are
 * built; _init() then masks the legacy PIC, enables the local APIC and
 * masks every IOAPIC input. 0 or a negative errno.
 */
int x86_intctlr_early(uint64_t rsdp);
int x86_intctlr_init(void);
const char *x86_lapic_mode(void);	/* "x2APIC" or "xAPIC" */
uint32_t x86_lapic_id(void);		/* the boot CPU's APIC ID */

/*
 * MSI lines (msi.c): _valid() while allocated; _mask() masks or unmasks
 * (an unmask re-sends a message that arrived meanwhile); the interrupt
 * entry calls _arrived() first: false when the line is masked (the
 * message is then kept pending) and the handlers must not run.
 */
int x86_msi_line_valid(unsigned long line);
void x86_msi_mask(unsigned long line, bool masked);
bool x86_msi_arrived(unsigned long line);

#include "acpi.h"

/* IOAPIC inputs (ioapic.c). */
int x86_ioapic_early(uint64_t rsdp);
void x86_ioapic_init(uint32_t apic_id);
int x86_ioapic_gsi_valid(unsigned int gsi);
void x86_ioapic_mask(unsigned int gsi, bool masked);
/* ISA IRQ @irq's GSI after MADT overrides. */
unsigned int x86_ioapic_isa_gsi(unsigned int irq);
/* Switch @gsi to level-triggered (@level) and active-low (@low) input. */
int x86_ioapic_set_mode(unsigned int gsi, bool level, bool low);

/*
 * Clocks and timer (time.c): TSC frequency, APIC timer, RTC wall clock.
 * Called after x86_intctlr_init(), before ukplat_entry().
 */
int x86_time_init(void);
/* Timer interrupt arrived: 1 if the armed deadline has passed (disarms). */
int x86_timer_irq_due(void);
/* Mask / unmask the APIC timer's LVT; unmasking re-arms a missed expiry. */
void x86_timer_mask(bool masked);

/* CMOS RTC (rtc.c): seconds since the epoch; -ENODEV without an RTC. */
int x86_rtc_read(uint64_t *secs);
/* Seconds since the epoch of a UTC calendar date, or -1 if invalid. */
int64_t x86_rtc_to_epoch(unsigned int year, unsigned int mon,
			 unsigned int mday, unsigned int hour,
			 unsigned int min, unsigned int sec);

/*
 * Legacy PIT channel 0: _start() makes it count down from 65536 over and
 * over (mode 2; its interrupt stays masked), _read() latches the count.
 */
#define PIT_HZ			1193182
void x86_pit_start(void);
uint16_t x86_pit_read(void);

/* Conversions of time.c, for tests: TSC ticks since boot <-> ns. */
uint64_t x86_tsc_to_ns(uint64_t ticks);
uint64_t x86_ns_to_tsc(uint64_t ns);	/* smallest t with tsc_to_ns(t) >= ns */

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to plat/kvm/riscv64. */
#ifndef __KVM_RISCV64_H__
#define __KVM_RISCV64_H__

#include <stdbool.h>
#include <uk/essentials.h>

/* Find out which SBI extensions the firmware (or KVM) implements. */
void kvm_sbi_init(void);

/* Write one byte through the SBI console; -ENOTSUP without one. */
int kvm_sbi_putchar(char c);

/* Read one byte from the SBI console, or -1 when none is waiting. */
int kvm_sbi_getchar(void);

/*
 * Power off through SBI system reset; @failure selects the "system
 * failure" reason. Returns only if the firmware has no SRST.
 */
void kvm_sbi_shutdown(int failure);

/* Program the next timer interrupt at time @stime; 0 or -ENOTSUP. */
int kvm_sbi_set_timer(uint64_t stime);

/*
 * Use the ns16550 at @base as console (registers 1 << @reg_shift bytes
 * apart, accessed @io_width bytes wide: 1, 2 or 4). 0, -EINVAL, or
 * -ENODEV when the image has no ns16550 driver (DRIVER_NS16550).
 */
int kvm_serial_init(uint64_t base, uint64_t size, uint32_t reg_shift,
		    uint32_t io_width);

/*
 * Enable or disable the UART's "transmitter empty" interrupt (for tests
 * of the interrupt path: it is raised at once). 0 or -ENODEV.
 */
int kvm_serial_tx_irq(bool on);

/* The "sifive,test" exit device at @base ends the VM from now on. */
void kvm_exit_device_set(uint64_t base);

/* Frequency of the time CSR (Hz, 0 if unknown), from the device tree. */
void kvm_timebase_set(uint64_t hz);

/*
 * Interrupt lines: 0 is the supervisor timer; PLIC sources keep their own
 * numbers (1..riscv,ndev, below KVM_IRQ_LINES).
 */
#define RISCV_IRQ_LINE_TIMER	0

/*
 * Clocks and timer, after kvm_timebase_set(); @rtc_base is the goldfish
 * RTC's address (0: none). 0, or -ENOTSUP when the SBI has no timer.
 */
int kvm_time_init(uint64_t rtc_base);

/*
 * On a timer interrupt: 1 if the armed deadline has passed (it is then
 * disarmed), else 0 after re-arming. Either way the interrupt is cleared.
 */
int kvm_timer_irq_due(void);

/* Mask / unmask the supervisor timer interrupt (sie.STIE). */
void kvm_timer_mask(bool masked);

/*
 * Take over interrupts: route them to the platform's dispatcher, every
 * line masked. 0 or negative errno.
 */
int kvm_intctlr_init(void);

/*
 * Set up the PLIC at @base (0: none) with @ndev sources for the S-mode
 * context of hart @hartid, found in the device tree @fdt (which must stay
 * mapped); every source masked. 0 (also when the PLIC is left unused).
 */
int kvm_plic_init(const void *fdt, unsigned long hartid, uint64_t base,
		  uint32_t ndev);

/* Non-zero if @line is a PLIC source in use. */
int kvm_plic_line_valid(unsigned long line);

/* Disable / enable PLIC source @line (valid) for our context. */
void kvm_plic_mask(unsigned long line, bool masked);

/* Claim, handle and complete every pending PLIC source. */
void kvm_plic_dispatch(void);

/*
 * Line of the first device tree node compatible with @compatible (its
 * first "interrupts" cell, the PLIC being the parent), or -ENOENT.
 */
int kvm_plic_line_of(const char *compatible);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Register frame saved by the x86_64 trap entry (arch/x86_64/traps.S). */
#ifndef __UK_ASM_REGS_H__
#define __UK_ASM_REGS_H__

#ifndef __ASSEMBLY__
struct __regs {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long vector, error;
	/* pushed by the CPU */
	unsigned long rip, cs, rflags, rsp, ss;
};
#endif

#define REGS_GPR_COUNT	15

#endif

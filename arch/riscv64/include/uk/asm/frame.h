/* SPDX-License-Identifier: BSD-3-Clause */
/* Frame-pointer chain walking (code is built with frame pointers). */
#ifndef __UK_ASM_FRAME_H__
#define __UK_ASM_FRAME_H__

/*
 * On riscv64, s0 (fp) points just above the frame: fp[-1] holds the return
 * address and fp[-2] the caller's frame pointer. Functions that call
 * nothing save only the caller's fp, at fp[-1]; the trap handler detects
 * such frames (ra still live in the register) before walking.
 */
#define UKARCH_FRAME_PREV_OFF	(-16)
#define UKARCH_FRAME_RA_OFF	(-8)
#define UKARCH_FRAME_LOW	(-16)	/* lowest byte read, relative to fp */
#define UKARCH_FRAME_HIGH	0	/* end of bytes read, relative to fp */

#endif

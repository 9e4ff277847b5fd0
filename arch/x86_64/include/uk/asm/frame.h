/* SPDX-License-Identifier: BSD-3-Clause */
/* Frame-pointer chain walking (code is built with frame pointers). */
#ifndef __UK_ASM_FRAME_H__
#define __UK_ASM_FRAME_H__

/* On x86_64, fp[0] is the caller's frame pointer and fp[1] the return. */
#define UKARCH_FRAME_PREV_OFF	0
#define UKARCH_FRAME_RA_OFF	8
#define UKARCH_FRAME_LOW	0	/* lowest byte read, relative to fp */
#define UKARCH_FRAME_HIGH	16	/* end of bytes read, relative to fp */

#endif

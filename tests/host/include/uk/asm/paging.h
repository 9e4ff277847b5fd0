/*
 * Host stand-in for the architecture's uk/asm/paging.h, used by host unit
 * tests and fuzz targets: no remap window (every address is its own
 * device address), so kernel code that translates buffers for devices
 * runs unchanged on host memory.
 */
#ifndef __UK_ASM_PAGING_H__
#define __UK_ASM_PAGING_H__
#define UKARCH_REMAP_START	0UL
#define UKARCH_REMAP_END	0UL
#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The environment libfdt's sources expect (they include "libfdt_env.h"):
 * fixed-width types, the big-endian fdt16/32/64_t cell types with their
 * conversions, and the C string functions. Kast's own version: the fetched
 * copy is not unpacked, so this one is used in the kernel (nolibc) and in
 * host tests and fuzzers (the host's libc) alike.
 */
#ifndef __KAST_LIBFDT_ENV_H__
#define __KAST_LIBFDT_ENV_H__

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Values as stored in a device tree blob: big-endian. */
typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define KAST_FDT_BE16(x) ((uint16_t)(x))
#define KAST_FDT_BE32(x) ((uint32_t)(x))
#define KAST_FDT_BE64(x) ((uint64_t)(x))
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	defined(__riscv) && !defined(__riscv_zbb)
/*
 * No byte-swap instruction: __builtin_bswap32 becomes a call into libgcc
 * (__bswapsi2) for every cell and tag, the largest part of parsing the
 * device tree at boot under TCG (each call ends a translated block).
 * Shifts and masks stay inline.
 */
static inline uint16_t kast_fdt_swap16(uint16_t x)
{
	return (uint16_t)((x >> 8) | (x << 8));
}

static inline uint32_t kast_fdt_swap32(uint32_t x)
{
	return (x >> 24) | ((x >> 8) & 0xff00U) | ((x << 8) & 0xff0000U) |
	       (x << 24);
}

static inline uint64_t kast_fdt_swap64(uint64_t x)
{
	return ((uint64_t)kast_fdt_swap32((uint32_t)x) << 32) |
	       kast_fdt_swap32((uint32_t)(x >> 32));
}
#define KAST_FDT_BE16(x) kast_fdt_swap16(x)
#define KAST_FDT_BE32(x) kast_fdt_swap32(x)
#define KAST_FDT_BE64(x) kast_fdt_swap64(x)
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define KAST_FDT_BE16(x) __builtin_bswap16(x)
#define KAST_FDT_BE32(x) __builtin_bswap32(x)
#define KAST_FDT_BE64(x) __builtin_bswap64(x)
#else
#error "libfdt_env.h: unknown byte order"
#endif

/* Big-endian 16-bit blob value to CPU order. */
static inline uint16_t fdt16_to_cpu(fdt16_t x)
{
	return KAST_FDT_BE16(x);
}

/* CPU-order 16-bit value to blob (big-endian) order. */
static inline fdt16_t cpu_to_fdt16(uint16_t x)
{
	return KAST_FDT_BE16(x);
}

/* Big-endian 32-bit blob value to CPU order. */
static inline uint32_t fdt32_to_cpu(fdt32_t x)
{
	return KAST_FDT_BE32(x);
}

/* CPU-order 32-bit value to blob (big-endian) order. */
static inline fdt32_t cpu_to_fdt32(uint32_t x)
{
	return KAST_FDT_BE32(x);
}

/* Big-endian 64-bit blob value to CPU order. */
static inline uint64_t fdt64_to_cpu(fdt64_t x)
{
	return KAST_FDT_BE64(x);
}

/* CPU-order 64-bit value to blob (big-endian) order. */
static inline fdt64_t cpu_to_fdt64(uint64_t x)
{
	return KAST_FDT_BE64(x);
}

#endif /* __KAST_LIBFDT_ENV_H__ */

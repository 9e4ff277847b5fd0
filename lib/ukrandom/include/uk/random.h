/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukrandom: the kernel's cryptographic random number generator, for every
 * image (with or without a file system): ChaCha20 (RFC 8439) in counter
 * mode under a 256-bit key, re-keyed from its own output after every
 * request ("fast key erasure": a later capture of the state does not
 * reveal earlier output).
 *
 * The key is seeded from every source present (each mixed in, none
 * trusted alone):
 *	cpu	RDSEED/RDRAND (x86_64), the Zkr seed CSR (riscv64), probed
 *		safely (ukplat_entropy_hw())
 *	fw	the firmware's seed (device tree /chosen/rng-seed)
 *	device	hardware generators registered by drivers (virtio-rng),
 *		which deliver asynchronously (uk_random_add_entropy())
 *	jitter	timer jitter (the cycle counter around ChaCha20 blocks):
 *		the weak fallback, always mixed in
 * and reseeded from all of them every UK_RANDOM_RESEED_BYTES of output or
 * UK_RANDOM_RESEED_NSEC, whichever comes first. The first reseed after
 * the drivers are up (lib init) warns once when only jitter was there.
 *
 * Any context (interrupts are disabled while the generator runs, in
 * chunks of at most UK_RANDOM_CHUNK bytes).
 */
#ifndef __UK_RANDOM_H__
#define __UK_RANDOM_H__

#include <uk/essentials.h>

#define UK_RANDOM_RESEED_BYTES	(1UL << 20)
#define UK_RANDOM_RESEED_NSEC	(60ULL * 1000000000ULL)
#define UK_RANDOM_CHUNK		512

/* Lib class, before anything that needs randomness at boot. */
#define UKRANDOM_INIT_PRIO	UK_PRIO_EARLIEST

/* Fill @buf with @len random bytes. */
void uk_random_bytes(void *buf, size_t len);

/* 64 random bits. */
uint64_t uk_random_u64(void);

/* Uniform in [0, @n) (0 when @n is 0), without modulo bias. */
uint64_t uk_random_below(uint64_t n);

/* Mix @len bytes into the key without credit (writes to /dev/random). */
void uk_random_mix(const void *buf, size_t len);

/* Source kinds (bits of struct uk_random_status.sources). */
#define UK_RANDOM_SRC_CPU	0x1
#define UK_RANDOM_SRC_FW	0x2
#define UK_RANDOM_SRC_DEVICE	0x4
#define UK_RANDOM_SRC_JITTER	0x8
#define UK_RANDOM_SRC_STRONG	(UK_RANDOM_SRC_CPU | UK_RANDOM_SRC_FW | \
				 UK_RANDOM_SRC_DEVICE)

/*
 * A hardware generator behind a driver. request() asks the device for
 * more (called after each reseed, interrupts enabled, never from the
 * generator's lock); the driver answers later, from its completion,
 * with uk_random_add_entropy().
 */
struct uk_random_source {
	const char *name;
	void (*request)(struct uk_random_source *src);
	struct uk_random_source *next;	/* the generator's */
};

/* Register @src (its first bytes should follow soon). 0 or -EINVAL. */
int uk_random_source_register(struct uk_random_source *src);

/* Mix @len bytes from hardware source @src into the key, with credit. */
void uk_random_add_entropy(struct uk_random_source *src, const void *buf,
			   size_t len);

struct uk_random_status {
	unsigned int sources;		/* UK_RANDOM_SRC_* seen so far */
	unsigned long reseeds;
	unsigned long device_bytes;	/* from registered sources */
	const char *cpu;		/* "RDSEED", ... or NULL */
};

void uk_random_status(struct uk_random_status *st);

/* Reseed now from every source (as the periodic reseed does). */
void uk_random_reseed(void);

/*
 * Address layout randomization (heap start, stack tops): on unless the
 * boot turns it off (kernel parameter ukboot.aslr=0, for debugging).
 */
void uk_random_layout_set(bool on);
bool uk_random_layout_enabled(void);

/*
 * A random multiple of @align in [0, @max): where a randomized region
 * starts. 0 when layout randomization is off or @max < @align.
 */
uintptr_t uk_random_layout_offset(uintptr_t max, uintptr_t align);

/* ChaCha20 block function (RFC 8439 2.3): 64 bytes of key stream. */
void uk_chacha20_block(const uint8_t key[32], uint32_t counter,
		       const uint8_t nonce[12], uint8_t out[64]);

/* ChaCha20 encryption (RFC 8439 2.4): @out = @in XOR key stream. */
void uk_chacha20_xor(const uint8_t key[32], uint32_t counter,
		     const uint8_t nonce[12], const uint8_t *in,
		     uint8_t *out, size_t len);

#endif /* __UK_RANDOM_H__ */

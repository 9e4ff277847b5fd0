/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel's random number generator: ChaCha20 in counter mode under a
 * 256-bit key. Seeded from the platform's entropy source at first use
 * and every RNG_RESEED_BYTES after; after each request the key is
 * replaced by fresh key stream ("fast key erasure"), so a later capture
 * of the state does not reveal earlier output. /dev/random and
 * /dev/urandom read the same generator (as on Linux since 5.6: once
 * seeded, it never blocks).
 */
#include <string.h>
#include <uk/devfs.h>
#include <uk/mutex.h>
#include <uk/plat/entropy.h>

/* Platform entropy is folded in again after this much output. */
#define RNG_RESEED_BYTES	(1UL << 20)
/* Output per lock hold, so a huge request does not stall others. */
#define RNG_CHUNK		4096

static struct uk_mutex rng_lock = UK_MUTEX_INITIALIZER(rng_lock, 0);
static uint8_t rng_key[32];
static uint64_t rng_block;	/* blocks generated under this key */
static size_t rng_since_seed;
static bool rng_seeded;

static void block_at(uint64_t n, uint8_t out[64])
{
	uint8_t nonce[12] = { 0 };
	uint32_t hi = (uint32_t)(n >> 32);

	memcpy(nonce, &hi, sizeof(hi));
	uk_chacha20_block(rng_key, (uint32_t)n, nonce, out);
}

/* New key from the stream; the old key is gone afterwards. */
static void rekey_locked(void)
{
	uint8_t blk[64];

	block_at(rng_block, blk);
	memcpy(rng_key, blk, sizeof(rng_key));
	rng_block = 0;
	memset(blk, 0, sizeof(blk));
}

static void seed_locked(void)
{
	uint64_t e;
	unsigned int i;

	for (i = 0; i < sizeof(rng_key) / sizeof(e); i++) {
		e = ukplat_entropy();
		for (unsigned int b = 0; b < sizeof(e); b++)
			rng_key[i * sizeof(e) + b] ^= (uint8_t)(e >> (8 * b));
	}
	rng_seeded = true;
	rng_since_seed = 0;
	rekey_locked();
}

void uk_random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf, blk[64];
	size_t chunk, n;

	while (len) {
		chunk = len < RNG_CHUNK ? len : RNG_CHUNK;
		uk_mutex_lock(&rng_lock);
		if (!rng_seeded || rng_since_seed >= RNG_RESEED_BYTES)
			seed_locked();
		rng_since_seed += chunk;
		len -= chunk;
		while (chunk) {
			n = chunk < sizeof(blk) ? chunk : sizeof(blk);
			block_at(rng_block++, blk);
			memcpy(p, blk, n);
			p += n;
			chunk -= n;
		}
		rekey_locked();
		uk_mutex_unlock(&rng_lock);
	}
	memset(blk, 0, sizeof(blk));
}

void uk_random_mix(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	uk_mutex_lock(&rng_lock);
	if (!rng_seeded)
		seed_locked();
	for (i = 0; i < len; i++) {
		rng_key[i % sizeof(rng_key)] ^= p[i];
		if (i % sizeof(rng_key) == sizeof(rng_key) - 1)
			rekey_locked();
	}
	rekey_locked();
	uk_mutex_unlock(&rng_lock);
}

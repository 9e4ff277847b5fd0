/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel's random number generator (see uk/random.h): ChaCha20 in
 * counter mode, fast key erasure after every request, seeded and
 * reseeded from every entropy source present. /dev/random, /dev/urandom
 * (devfs) and getrandom(2) read it; once seeded it never blocks (as on
 * Linux since 5.6), and it is seeded at its first use.
 *
 * The lock is a flag taken with interrupts disabled, so the generator
 * works before the scheduler, from interrupt handlers (a device source
 * delivering) and in images without threads.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/random.h>
#include <uk/plat/entropy.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

#define KEY_LEN		32
#define CPU_WORDS	8	/* 512 bits from the CPU per seeding */
#define JITTER_SAMPLES	64

static unsigned int rng_locked;
static uint8_t rng_key[KEY_LEN];
static uint64_t rng_block;	/* blocks generated under this key */
static size_t rng_since_seed;
static __nsec rng_seed_time;
static bool rng_seeded;
static unsigned int rng_sources;
static unsigned long rng_reseeds, rng_device_bytes;
static struct uk_random_source *rng_devs;

static unsigned long lock(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	while (__atomic_exchange_n(&rng_locked, 1, __ATOMIC_ACQUIRE))
		;
	return flags;
}

static void unlock(unsigned long flags)
{
	__atomic_store_n(&rng_locked, 0, __ATOMIC_RELEASE);
	ukplat_lcpu_restore_irqf(flags);
}

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

/* XOR @len bytes into the key, re-keying after each key's worth. */
static void absorb_locked(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		rng_key[i % KEY_LEN] ^= p[i];
		if (i % KEY_LEN == KEY_LEN - 1)
			rekey_locked();
	}
	rekey_locked();
}

/*
 * Timer jitter: the counter read around ChaCha20 blocks, whose timing
 * depends on caches, interrupts and the host. Weak (and nearly nothing
 * under a deterministic emulator), so never the only thing relied on
 * without a warning.
 */
static void jitter_locked(void)
{
	uint64_t s[JITTER_SAMPLES], prev = ukplat_entropy_counter();
	uint8_t blk[64];
	int i;

	for (i = 0; i < JITTER_SAMPLES; i++) {
		block_at(rng_block++, blk);
		s[i] = ukplat_entropy_counter();
		s[i] ^= (s[i] - prev) << 32;
		prev = s[i];
	}
	absorb_locked(s, sizeof(s));
	rng_sources |= UK_RANDOM_SRC_JITTER;
	memset(blk, 0, sizeof(blk));
}

static void seed_locked(void)
{
	uint64_t w[CPU_WORDS];
	const void *fw;
	size_t fwlen;
	int i, n = 0;

	for (i = 0; i < CPU_WORDS; i++)
		if (ukplat_entropy_hw(&w[n]) == 0)
			n++;
	if (n) {
		absorb_locked(w, n * sizeof(w[0]));
		rng_sources |= UK_RANDOM_SRC_CPU;
	}
	fw = ukplat_entropy_fw_seed(&fwlen);
	if (fw && fwlen) {
		absorb_locked(fw, fwlen);
		rng_sources |= UK_RANDOM_SRC_FW;
	}
	jitter_locked();
	memset(w, 0, sizeof(w));
	rng_seeded = true;
	rng_since_seed = 0;
	rng_seed_time = ukplat_monotonic_clock();
	rng_reseeds++;
}

/* Ask the device sources for fresh bytes (not under the lock). */
static void request_devices(void)
{
	struct uk_random_source *s;
	unsigned long flags = lock();

	s = rng_devs;
	unlock(flags);
	for (; s; s = s->next)
		if (s->request)
			s->request(s);
}

static bool reseed_due_locked(void)
{
	return !rng_seeded || rng_since_seed >= UK_RANDOM_RESEED_BYTES ||
	       ukplat_monotonic_clock() - rng_seed_time >=
	       UK_RANDOM_RESEED_NSEC;
}

void uk_random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf, blk[64];
	unsigned long flags;
	size_t chunk, n;
	bool reseeded;

	while (len) {
		chunk = len < UK_RANDOM_CHUNK ? len : UK_RANDOM_CHUNK;
		flags = lock();
		reseeded = reseed_due_locked();
		if (reseeded)
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
		unlock(flags);
		if (reseeded)
			request_devices();
	}
	memset(blk, 0, sizeof(blk));
}

uint64_t uk_random_u64(void)
{
	uint64_t v;

	uk_random_bytes(&v, sizeof(v));
	return v;
}

uint64_t uk_random_below(uint64_t n)
{
	uint64_t v, limit;

	if (n < 2)
		return 0;
	/* reject the top partial range: no modulo bias */
	limit = UINT64_MAX - UINT64_MAX % n;
	do
		v = uk_random_u64();
	while (v >= limit);
	return v % n;
}

void uk_random_mix(const void *buf, size_t len)
{
	unsigned long flags = lock();

	if (!rng_seeded)
		seed_locked();
	absorb_locked(buf, len);
	unlock(flags);
}

void uk_random_add_entropy(struct uk_random_source *src, const void *buf,
			   size_t len)
{
	unsigned long flags = lock();

	absorb_locked(buf, len);
	rng_device_bytes += len;
	rng_sources |= UK_RANDOM_SRC_DEVICE;
	unlock(flags);
}

int uk_random_source_register(struct uk_random_source *src)
{
	unsigned long flags;

	if (!src || !src->name)
		return -EINVAL;
	flags = lock();
	src->next = rng_devs;
	rng_devs = src;
	unlock(flags);
	return 0;
}

void uk_random_status(struct uk_random_status *st)
{
	unsigned long flags = lock();

	st->sources = rng_sources;
	st->reseeds = rng_reseeds;
	st->device_bytes = rng_device_bytes;
	unlock(flags);
	st->cpu = ukplat_entropy_hw_name();
}

void uk_random_reseed(void)
{
	unsigned long flags = lock();

	seed_locked();
	unlock(flags);
	request_devices();
}

static bool layout_on = true;

void uk_random_layout_set(bool on)
{
	layout_on = on;
}

bool uk_random_layout_enabled(void)
{
	return layout_on;
}

uintptr_t uk_random_layout_offset(uintptr_t max, uintptr_t align)
{
	if (!layout_on || !align || max < align)
		return 0;
	return (uintptr_t)uk_random_below(max / align) * align;
}

/*
 * After the drivers (plat class): reseed with everything present and say
 * what the generator rests on, warning once when it is only jitter.
 */
static int ukrandom_init(void)
{
	struct uk_random_status st;

	uk_random_reseed();
	uk_random_status(&st);
	if (!(st.sources & UK_RANDOM_SRC_STRONG))
		uk_pr_warn("random: only weak entropy (timer jitter): no CPU "
			   "generator, firmware seed or virtio-rng device; "
			   "random values may be guessable\n");
	else
		uk_pr_info("random: seeded from%s%s%s%s\n",
			   st.sources & UK_RANDOM_SRC_CPU ? " cpu" : "",
			   st.sources & UK_RANDOM_SRC_FW ? " firmware-seed" : "",
			   st.sources & UK_RANDOM_SRC_DEVICE ? " device" : "",
			   st.sources & UK_RANDOM_SRC_JITTER ? " jitter" : "");
	return 0;
}
uk_lib_initcall_prio(ukrandom_init, NULL, UKRANDOM_INIT_PRIO);

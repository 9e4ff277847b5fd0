/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of ukrandom's ChaCha20 (the RFC 8439 test vectors) and of
 * the generator built on it: sources, reseeding, device sources.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hosttest.h"
#include <uk/random.h>
#include <uk/plat/time.h>

/* RFC 8439 2.3.2 and 2.4.2: key 00 01 .. 1f */
static const uint8_t key[32] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static void test_block_vector(void)
{
	static const uint8_t nonce[12] = { 0, 0, 0, 0x09, 0, 0, 0, 0x4a,
					   0, 0, 0, 0 };
	static const uint8_t want[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15,
		0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
		0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03,
		0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
		0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09,
		0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
		0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9,
		0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
	};
	uint8_t out[64];

	uk_chacha20_block(key, 1, nonce, out);
	HT_EXPECT(!memcmp(out, want, sizeof(want)));
}

static void test_encryption_vector(void)
{
	static const uint8_t nonce[12] = { 0, 0, 0, 0, 0, 0, 0, 0x4a,
					   0, 0, 0, 0 };
	static const char plain[] =
		"Ladies and Gentlemen of the class of '99: If I could offer "
		"you only one tip for the future, sunscreen would be it.";
	static const uint8_t want[114] = {
		0x6e, 0x2e, 0x35, 0x9a, 0x25, 0x68, 0xf9, 0x80, 0x41, 0xba,
		0x07, 0x28, 0xdd, 0x0d, 0x69, 0x81, 0xe9, 0x7e, 0x7a, 0xec,
		0x1d, 0x43, 0x60, 0xc2, 0x0a, 0x27, 0xaf, 0xcc, 0xfd, 0x9f,
		0xae, 0x0b, 0xf9, 0x1b, 0x65, 0xc5, 0x52, 0x47, 0x33, 0xab,
		0x8f, 0x59, 0x3d, 0xab, 0xcd, 0x62, 0xb3, 0x57, 0x16, 0x39,
		0xd6, 0x24, 0xe6, 0x51, 0x52, 0xab, 0x8f, 0x53, 0x0c, 0x35,
		0x9f, 0x08, 0x61, 0xd8, 0x07, 0xca, 0x0d, 0xbf, 0x50, 0x0d,
		0x6a, 0x61, 0x56, 0xa3, 0x8e, 0x08, 0x8a, 0x22, 0xb6, 0x5e,
		0x52, 0xbc, 0x51, 0x4d, 0x16, 0xcc, 0xf8, 0x06, 0x81, 0x8c,
		0xe9, 0x1a, 0xb7, 0x79, 0x37, 0x36, 0x5a, 0xf9, 0x0b, 0xbf,
		0x74, 0xa3, 0x5b, 0xe6, 0xb4, 0x0b, 0x8e, 0xed, 0xf2, 0x78,
		0x5e, 0x42, 0x87, 0x4d,
	};
	uint8_t out[114], back[114];

	HT_EXPECT_INT_EQ(sizeof(plain) - 1, sizeof(want));
	uk_chacha20_xor(key, 1, nonce, (const uint8_t *)plain, out,
			sizeof(out));
	HT_EXPECT(!memcmp(out, want, sizeof(want)));
	/* decryption is the same operation */
	uk_chacha20_xor(key, 1, nonce, out, back, sizeof(back));
	HT_EXPECT(!memcmp(back, plain, sizeof(back)));
}

/* Rough sanity: no repeats, bits balanced, odd lengths filled. */
static void test_generator(void)
{
	static uint8_t a[1 << 16], b[1 << 16];
	unsigned long ones = 0;
	size_t i;

	uk_random_bytes(a, sizeof(a));
	uk_random_bytes(b, sizeof(b));
	HT_EXPECT(memcmp(a, b, sizeof(a)) != 0);
	for (i = 0; i < sizeof(a); i++)
		ones += (unsigned long)__builtin_popcount(a[i]);
	/* 2^19 bits: mean 262144, sigma 362; allow 10 sigma */
	HT_EXPECT(ones > 262144 - 3620 && ones < 262144 + 3620);
	memset(a, 0, 67);
	uk_random_bytes(a + 1, 65);
	HT_EXPECT(a[0] == 0 && a[66] == 0);
	uk_random_mix("seed", 4);
	{
		uint8_t *big = malloc(3 << 20);

		uk_random_bytes(big, 3 << 20);	/* crosses reseeds */
		HT_EXPECT(memcmp(big, big + (1 << 20), 4096) != 0);
		free(big);
	}
}

extern int host_hw_off;
extern unsigned long host_hw_calls;
extern __nsec host_clock_offset;

static int requests;
static void dev_request(struct uk_random_source *src)
{
	requests++;
}

/* The CPU generator is read at every reseed, by volume and by time. */
static void test_reseed_sources(void)
{
	struct uk_random_source dev = { .name = "test-dev",
					.request = dev_request };
	struct uk_random_status st;
	unsigned long calls, reseeds;
	uint8_t *big = malloc(UK_RANDOM_RESEED_BYTES + 1);
	uint8_t x[16];

	HT_EXPECT_INT_EQ(uk_random_source_register(NULL), -EINVAL);
	HT_EXPECT_INT_EQ(uk_random_source_register(&dev), 0);
	uk_random_status(&st);
	HT_EXPECT(st.sources & UK_RANDOM_SRC_CPU);
	HT_EXPECT(st.sources & UK_RANDOM_SRC_JITTER);
	HT_EXPECT(!strcmp(st.cpu, "host"));
	reseeds = st.reseeds;
	calls = host_hw_calls;
	uk_random_bytes(big, UK_RANDOM_RESEED_BYTES + 1);
	uk_random_status(&st);
	HT_EXPECT(st.reseeds > reseeds);
	HT_EXPECT(host_hw_calls > calls);
	HT_EXPECT(requests >= 1);	/* the device was asked after it */
	/* time: a minute later the next request reseeds */
	reseeds = st.reseeds;
	uk_random_bytes(x, sizeof(x));
	uk_random_status(&st);
	HT_EXPECT_INT_EQ(st.reseeds, reseeds);
	host_clock_offset += UK_RANDOM_RESEED_NSEC;
	uk_random_bytes(x, sizeof(x));
	uk_random_status(&st);
	HT_EXPECT_INT_EQ(st.reseeds, reseeds + 1);
	/* a device delivering counts as a strong source */
	HT_EXPECT(!(st.sources & UK_RANDOM_SRC_DEVICE));
	uk_random_add_entropy(&dev, x, sizeof(x));
	uk_random_status(&st);
	HT_EXPECT(st.sources & UK_RANDOM_SRC_DEVICE);
	HT_EXPECT_INT_EQ(st.device_bytes, sizeof(x));
	/* without a CPU generator the reseed still works (jitter only) */
	host_hw_off = 1;
	calls = host_hw_calls;
	uk_random_reseed();
	HT_EXPECT_INT_EQ(host_hw_calls, calls);
	HT_EXPECT(st.cpu != NULL);
	uk_random_status(&st);
	HT_EXPECT(st.cpu == NULL);
	host_hw_off = 0;
	free(big);
}

/* uk_random_below: in range, every value reached, no crash on 0 and 1. */
static void test_below(void)
{
	int seen[7] = { 0 }, i, all = 1;

	HT_EXPECT_INT_EQ(uk_random_below(0), 0);
	HT_EXPECT_INT_EQ(uk_random_below(1), 0);
	for (i = 0; i < 700; i++) {
		uint64_t v = uk_random_below(7);

		HT_EXPECT(v < 7);
		if (v < 7)
			seen[v]++;
	}
	for (i = 0; i < 7; i++)
		all &= seen[i] > 0;
	HT_EXPECT(all);
	HT_EXPECT(uk_random_u64() != uk_random_u64());
}

int main(void)
{
	HT_RUN(test_block_vector);
	HT_RUN(test_encryption_vector);
	HT_RUN(test_generator);
	HT_RUN(test_reseed_sources);
	HT_RUN(test_below);
	return ht_finish("ukrandom");
}

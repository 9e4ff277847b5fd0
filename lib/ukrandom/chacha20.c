/* SPDX-License-Identifier: BSD-3-Clause */
/* ChaCha20, written from RFC 8439 sections 2.1 to 2.4. */
#include <string.h>
#include <uk/random.h>

static inline uint32_t rotl(uint32_t v, unsigned int n)
{
	return (v << n) | (v >> (32 - n));
}

static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* RFC 8439 2.1 */
static inline void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotl(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl(x[b] ^ x[c], 7);
}

/* RFC 8439 2.3 */
void uk_chacha20_block(const uint8_t key[32], uint32_t counter,
		       const uint8_t nonce[12], uint8_t out[64])
{
	uint32_t in[16], x[16];
	int i;

	in[0] = 0x61707865;	/* "expand 32-byte k" */
	in[1] = 0x3320646e;
	in[2] = 0x79622d32;
	in[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		in[4 + i] = load_le32(key + 4 * i);
	in[12] = counter;
	for (i = 0; i < 3; i++)
		in[13 + i] = load_le32(nonce + 4 * i);
	memcpy(x, in, sizeof(x));
	for (i = 0; i < 10; i++) {
		/* column rounds */
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		/* diagonal rounds */
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++)
		store_le32(out + 4 * i, x[i] + in[i]);
	memset(x, 0, sizeof(x));
	memset(in, 0, sizeof(in));
}

/* RFC 8439 2.4 */
void uk_chacha20_xor(const uint8_t key[32], uint32_t counter,
		     const uint8_t nonce[12], const uint8_t *in,
		     uint8_t *out, size_t len)
{
	uint8_t ks[64];
	size_t i, n;

	while (len) {
		uk_chacha20_block(key, counter++, nonce, ks);
		n = len < sizeof(ks) ? len : sizeof(ks);
		for (i = 0; i < n; i++)
			out[i] = in[i] ^ ks[i];
		in += n;
		out += n;
		len -= n;
	}
	memset(ks, 0, sizeof(ks));
}

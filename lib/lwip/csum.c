/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internet checksums of Ethernet frames for the netif glue's checksum
 * offload (netif_uknetdev.c; lwip_impl.h): where a frame's TCP or UDP
 * checksum is and its pseudo-header sum, all from the frame's bytes,
 * which may be anything (a received frame, or one lwIP built).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include "lwip_impl.h"

#define ETH_HLEN	14
#define ETHTYPE_IPV4	0x0800
#define ETHTYPE_IPV6	0x86dd
#define PROTO_TCP	6
#define PROTO_UDP	17

static uint16_t be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint16_t fold(uint64_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)acc;
}

uint16_t lwip_uk_sum16(const uint8_t *b, size_t n, uint32_t acc)
{
	uint64_t sum = acc;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += be16(b + i);
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return fold(sum);
}

int lwip_uk_l4_find(const uint8_t *f, size_t len, struct lwip_uk_l4 *l4)
{
	uint32_t acc;
	size_t ihl, tot;

	if (len < ETH_HLEN)
		return -EINVAL;
	switch (be16(f + 12)) {
	case ETHTYPE_IPV4:
		if (len < ETH_HLEN + 20 || (f[ETH_HLEN] >> 4) != 4)
			return -EINVAL;
		ihl = (size_t)(f[ETH_HLEN] & 0x0f) * 4;
		tot = be16(f + ETH_HLEN + 2);
		/* a fragment: the checksum covers the whole datagram */
		if (ihl < 20 || tot < ihl || ETH_HLEN + tot > len ||
		    (be16(f + ETH_HLEN + 6) & 0x3fff))
			return -EINVAL;
		l4->proto = f[ETH_HLEN + 9];
		l4->start = ETH_HLEN + ihl;
		l4->len = tot - ihl;
		acc = lwip_uk_sum16(f + ETH_HLEN + 12, 8, 0);
		break;
	case ETHTYPE_IPV6:
		/* TCP or UDP right after the fixed header (lwIP puts
		 * extension headers only before fragments and MLD) */
		if (len < ETH_HLEN + 40 || (f[ETH_HLEN] >> 4) != 6)
			return -EINVAL;
		tot = be16(f + ETH_HLEN + 4);
		if (ETH_HLEN + 40 + tot > len)
			return -EINVAL;
		l4->proto = f[ETH_HLEN + 6];
		l4->start = ETH_HLEN + 40;
		l4->len = tot;
		acc = lwip_uk_sum16(f + ETH_HLEN + 8, 32, 0);
		break;
	default:
		return -EINVAL;
	}
	if (l4->proto == PROTO_TCP && l4->len >= 20)
		l4->offset = 16;
	else if (l4->proto == PROTO_UDP && l4->len >= 8)
		l4->offset = 6;
	else
		return -EINVAL;
	l4->pseudo = fold(acc + l4->proto + l4->len);
	return 0;
}

int lwip_uk_tx_csum(uint8_t *f, size_t len, uint16_t *start,
		    uint16_t *offset)
{
	struct lwip_uk_l4 l4;
	uint8_t *field;
	uint16_t sum;

	if (lwip_uk_l4_find(f, len, &l4) < 0)
		return 0;	/* not TCP/UDP: lwIP computed what it needs */
	field = f + l4.start + l4.offset;
	if (l4.start + l4.len == len) {
		/* the device sums from start to the end of the frame */
		field[0] = (uint8_t)(l4.pseudo >> 8);
		field[1] = (uint8_t)l4.pseudo;
		*start = (uint16_t)l4.start;
		*offset = l4.offset;
		return 1;
	}
	/* bytes after the datagram (padding) would be summed: here */
	field[0] = field[1] = 0;
	sum = (uint16_t)~lwip_uk_sum16(f + l4.start, l4.len, l4.pseudo);
	if (!sum && l4.proto == PROTO_UDP)
		sum = 0xffff;	/* 0 is "no checksum" */
	field[0] = (uint8_t)(sum >> 8);
	field[1] = (uint8_t)sum;
	return 2;
}

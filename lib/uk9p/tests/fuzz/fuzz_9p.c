/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for uk9p's reply parser (9p_proto.c as the kernel
 * compiles it). The first input byte picks the request the reply answers
 * (and the count asked for), the rest is the reply as the device wrote
 * it, in a buffer of its exact size: any read past it is an ASan report.
 * Whatever the bytes, the parser either fails (-errno) or returns values
 * that stay inside the reply and inside what was asked; checked here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/9p.h>

static const uint8_t types[] = {
	UK_9P_TVERSION, UK_9P_TATTACH, UK_9P_TWALK, UK_9P_TLOPEN,
	UK_9P_TLCREATE, UK_9P_TGETATTR, UK_9P_TSTATFS, UK_9P_TREADLINK,
	UK_9P_TREAD, UK_9P_TWRITE, UK_9P_TREADDIR, UK_9P_TCLUNK,
};

static void check(int cond)
{
	if (!cond)
		abort();
}

static void parse(const uint8_t *b, uint32_t len, uint8_t sel)
{
	uint8_t type = types[sel % sizeof(types)];
	uint32_t asked = 1u << (sel >> 4);	/* 1 .. 32 KiB */
	struct uk_9p_rbuf r;
	struct uk_9p_qid q[2];
	struct uk_9p_attr a;
	struct uk_9p_statfs sf;
	struct uk_9p_dirent e;
	const uint8_t *data;
	const char *s;
	uint32_t u, count, pos;
	uint16_t n;
	int rc;

	if (type == UK_9P_TREAD) {
		rc = uk_9p_parse_rread_hdr(b, len, 0, asked, &count);
		check(rc <= 0 && rc >= -4095);
		if (rc == 0)
			check(count <= asked && UK_9P_RREAD_HDR + count <= len);
		return;
	}
	rc = uk_9p_reply(b, len, type, 0, &r);
	check(rc <= 0 && rc >= -4095);
	if (rc < 0)
		return;
	check(r.len <= len - UK_9P_HDR);
	switch (type) {
	case UK_9P_TVERSION:
		if (uk_9p_parse_rversion(&r, &u, &s, &n) == 0)
			check((const uint8_t *)s >= b &&
			      (const uint8_t *)s + n <= b + len &&
			      !memchr(s, 0, n));
		break;
	case UK_9P_TATTACH:
		uk_9p_parse_qid_only(&r, q);
		break;
	case UK_9P_TWALK:
		if (uk_9p_parse_rwalk(&r, sel & 1 ? 2 : 1, q, &n) == 0)
			check(n <= (sel & 1 ? 2 : 1));
		break;
	case UK_9P_TLOPEN:
	case UK_9P_TLCREATE:
		uk_9p_parse_ropen(&r, q, &u);
		break;
	case UK_9P_TGETATTR:
		if (uk_9p_parse_rgetattr(&r, &a) == 0)
			check(a.atime_nsec < 1000000000 &&
			      a.size <= INT64_MAX);
		break;
	case UK_9P_TSTATFS:
		uk_9p_parse_rstatfs(&r, &sf);
		break;
	case UK_9P_TREADLINK:
		if (uk_9p_parse_rreadlink(&r, &s, &n) == 0)
			check(n > 0 && (const uint8_t *)s + n <= b + len);
		break;
	case UK_9P_TWRITE:
		if (uk_9p_parse_rwrite(&r, asked, &count) == 0)
			check(count <= asked);
		break;
	case UK_9P_TREADDIR:
		if (uk_9p_parse_rreaddir(&r, asked, &data, &count) < 0)
			break;
		check(count <= asked && data + count <= b + len);
		pos = 0;
		while ((rc = uk_9p_dirent_next(data, count, &pos, &e)) == 1)
			check(pos <= count && e.namelen > 0 &&
			      (const uint8_t *)e.name + e.namelen <=
			      data + count &&
			      !memchr(e.name, '/', e.namelen));
		check(rc == 0 || rc == -EIO);
		break;
	default:
		uk_9p_done(&r);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	uint8_t *b;

	if (n < 1 || n > 65536)
		return 0;
	b = malloc(n - 1 ? n - 1 : 1);
	memcpy(b, d + 1, n - 1);
	parse(b, (uint32_t)(n - 1), d[0]);
	free(b);
	return 0;
}

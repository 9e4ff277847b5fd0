/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of uk9p's messages: requests build as 9P2000.L says, good
 * replies parse, and every malformed reply (short, long, wrong tag or
 * type, counts and strings past the end, bad errno) is -EIO, never a read
 * outside the buffer (ASan watches: each reply lives in a buffer of its
 * exact size).
 */
#include <errno.h>
#include <stdlib.h>
#include <uk/9p.h>
#include "hosttest.h"

/* A reply of type @type with @tag and @body (n bytes), in an exact buffer. */
static uint8_t *reply(uint8_t type, uint16_t tag, const void *body,
		      uint32_t n, uint32_t *len)
{
	uint8_t *b = malloc(UK_9P_HDR + n);
	uint32_t size = UK_9P_HDR + n;

	b[0] = size;
	b[1] = size >> 8;
	b[2] = size >> 16;
	b[3] = size >> 24;
	b[4] = type;
	b[5] = tag;
	b[6] = tag >> 8;
	memcpy(b + UK_9P_HDR, body, n);
	*len = size;
	return b;
}

static void test_build_walk(void)
{
	uint8_t buf[64];
	struct uk_9p_wbuf w;
	static const uint8_t want[] = {
		24, 0, 0, 0, UK_9P_TWALK, 7, 0,
		1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 3, 0, 'a', 'b', 'c',
	};

	uk_9p_begin(&w, buf, sizeof(buf), UK_9P_TWALK, 7);
	uk_9p_put32(&w, 1);
	uk_9p_put32(&w, 2);
	uk_9p_put16(&w, 1);
	uk_9p_putstr(&w, "abc", 3);
	HT_EXPECT_INT_EQ(uk_9p_end(&w, 2), 22);
	/* size counts the 2 bytes sent apart */
	HT_EXPECT(!memcmp(buf + 4, want + 4, sizeof(want) - 4));
	HT_EXPECT_INT_EQ(buf[0], 24);
}

static void test_build_overflow(void)
{
	uint8_t buf[16];
	struct uk_9p_wbuf w;

	uk_9p_begin(&w, buf, sizeof(buf), UK_9P_TWALK, 1);
	uk_9p_putstr(&w, "0123456789", 10);
	HT_EXPECT_INT_EQ(uk_9p_end(&w, 0), -ENAMETOOLONG);
}

static void test_rlerror(void)
{
	uint8_t body[4] = { 39, 0, 0, 0 }, *b;
	struct uk_9p_rbuf r;
	uint32_t len;

	b = reply(UK_9P_RLERROR, 5, body, 4, &len);
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TUNLINKAT, 5, &r),
			 -ENOTEMPTY);
	free(b);
	body[0] = 0;
	b = reply(UK_9P_RLERROR, 5, body, 4, &len);
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TUNLINKAT, 5, &r), -EIO);
	free(b);
	body[1] = 0x10;	/* 4096: beyond any errno */
	b = reply(UK_9P_RLERROR, 5, body, 4, &len);
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TUNLINKAT, 5, &r), -EIO);
	free(b);
	/* an Rlerror with a byte too many */
	b = reply(UK_9P_RLERROR, 5, "\x02\0\0\0\0", 5, &len);
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TUNLINKAT, 5, &r), -EIO);
	free(b);
}

static void test_header(void)
{
	struct uk_9p_rbuf r;
	uint32_t len;
	uint8_t *b = reply(UK_9P_TCLUNK + 1, 9, "", 0, &len);

	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TCLUNK, 9, &r), 0);
	HT_EXPECT_INT_EQ(uk_9p_done(&r), 0);
	/* wrong tag, wrong type, short, size beyond what arrived */
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TCLUNK, 8, &r), -EIO);
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TREAD, 9, &r), -EIO);
	HT_EXPECT_INT_EQ(uk_9p_reply(b, 6, UK_9P_TCLUNK, 9, &r), -EIO);
	b[0] = 8;
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TCLUNK, 9, &r), -EIO);
	b[0] = 6;
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TCLUNK, 9, &r), -EIO);
	free(b);
}

static void test_rwalk(void)
{
	uint8_t body[2 + 13 * 2] = { 1, 0, 0x80, 1, 0, 0, 0, 42 };
	struct uk_9p_qid q[2];
	struct uk_9p_rbuf r;
	uint16_t n;
	uint32_t len;
	uint8_t *b = reply(UK_9P_TWALK + 1, 1, body, 15, &len);

	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TWALK, 1, &r), 0);
	HT_EXPECT_INT_EQ(uk_9p_parse_rwalk(&r, 1, q, &n), 0);
	HT_EXPECT_INT_EQ(n, 1);
	HT_EXPECT_INT_EQ(q[0].type, 0x80);
	HT_EXPECT_INT_EQ(q[0].path, 42);
	free(b);
	/* more qids than names asked */
	body[0] = 2;
	b = reply(UK_9P_TWALK + 1, 1, body, sizeof(body), &len);
	uk_9p_reply(b, len, UK_9P_TWALK, 1, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rwalk(&r, 1, q, &n), -EIO);
	free(b);
	/* a count the bytes do not hold */
	body[0] = 2;
	b = reply(UK_9P_TWALK + 1, 1, body, 15, &len);
	uk_9p_reply(b, len, UK_9P_TWALK, 1, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rwalk(&r, 2, q, &n), -EIO);
	free(b);
}

static void test_rread(void)
{
	uint8_t hdr[UK_9P_RREAD_HDR] = { 11 + 5, 0, 0, 0, UK_9P_TREAD + 1, 3,
					 0, 5, 0, 0, 0 };
	uint32_t count;

	HT_EXPECT_INT_EQ(uk_9p_parse_rread_hdr(hdr, 16, 3, 10, &count), 0);
	HT_EXPECT_INT_EQ(count, 5);
	/* more than asked, more than arrived, size and count disagree */
	HT_EXPECT_INT_EQ(uk_9p_parse_rread_hdr(hdr, 16, 3, 4, &count), -EIO);
	HT_EXPECT_INT_EQ(uk_9p_parse_rread_hdr(hdr, 15, 3, 10, &count), -EIO);
	hdr[7] = 6;
	HT_EXPECT_INT_EQ(uk_9p_parse_rread_hdr(hdr, 16, 3, 10, &count), -EIO);
	HT_EXPECT_INT_EQ(count, 0);
	/* an Rlerror in the header segment */
	memcpy(hdr, "\x0b\0\0\0\x07\x03\0\x02\0\0\0", 11);
	HT_EXPECT_INT_EQ(uk_9p_parse_rread_hdr(hdr, 11, 3, 10, &count),
			 -ENOENT);
	HT_EXPECT_INT_EQ(uk_9p_parse_rread_hdr(hdr, 6, 3, 10, &count), -EIO);
}

static void test_readdir(void)
{
	/* one entry "ab", then one with a name running past the end */
	uint8_t ent[13 + 8 + 1 + 2 + 2] = { 0 };
	uint8_t body[4 + sizeof(ent)];
	struct uk_9p_dirent e;
	struct uk_9p_rbuf r;
	const uint8_t *data;
	uint32_t count, pos = 0, len;
	uint8_t *b;

	ent[0] = 0;
	ent[13] = 7;		/* offset 7 */
	ent[21] = 8;		/* DT_REG */
	ent[22] = 2;
	ent[24] = 'a';
	ent[25] = 'b';
	body[0] = sizeof(ent);
	body[1] = body[2] = body[3] = 0;
	memcpy(body + 4, ent, sizeof(ent));
	b = reply(UK_9P_TREADDIR + 1, 2, body, sizeof(body), &len);
	HT_EXPECT_INT_EQ(uk_9p_reply(b, len, UK_9P_TREADDIR, 2, &r), 0);
	HT_EXPECT_INT_EQ(uk_9p_parse_rreaddir(&r, 100, &data, &count), 0);
	HT_EXPECT_INT_EQ(uk_9p_dirent_next(data, count, &pos, &e), 1);
	HT_EXPECT_INT_EQ(e.offset, 7);
	HT_EXPECT_INT_EQ(e.namelen, 2);
	HT_EXPECT(!memcmp(e.name, "ab", 2));
	HT_EXPECT_INT_EQ(uk_9p_dirent_next(data, count, &pos, &e), 0);
	/* the name length runs past the data */
	pos = 0;
	HT_EXPECT_INT_EQ(uk_9p_dirent_next(data, count - 1, &pos, &e), -EIO);
	/* a name with a slash */
	b[UK_9P_HDR + 4 + 24] = '/';
	pos = 0;
	HT_EXPECT_INT_EQ(uk_9p_dirent_next(data, count, &pos, &e), -EIO);
	/* count beyond what was asked */
	uk_9p_reply(b, len, UK_9P_TREADDIR, 2, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rreaddir(&r, 10, &data, &count), -EIO);
	free(b);
}

static void test_getattr_strings(void)
{
	uint8_t body[160] = { 0 };
	struct uk_9p_attr a;
	struct uk_9p_rbuf r;
	const char *s;
	uint16_t n;
	uint32_t len;
	uint8_t *b;

	/* Rgetattr is 153 bytes of body; one short or long is -EIO */
	b = reply(UK_9P_TGETATTR + 1, 4, body, 153, &len);
	uk_9p_reply(b, len, UK_9P_TGETATTR, 4, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rgetattr(&r, &a), 0);
	free(b);
	b = reply(UK_9P_TGETATTR + 1, 4, body, 152, &len);
	uk_9p_reply(b, len, UK_9P_TGETATTR, 4, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rgetattr(&r, &a), -EIO);
	free(b);
	b = reply(UK_9P_TGETATTR + 1, 4, body, 154, &len);
	uk_9p_reply(b, len, UK_9P_TGETATTR, 4, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rgetattr(&r, &a), -EIO);
	free(b);
	/* nanoseconds out of range */
	body[13 + 4 * 3 + 8 * 5 + 8 + 7] = 0x40;	/* atime_nsec huge */
	b = reply(UK_9P_TGETATTR + 1, 4, body, 153, &len);
	uk_9p_reply(b, len, UK_9P_TGETATTR, 4, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rgetattr(&r, &a), -EIO);
	free(b);
	/* Rreadlink: a NUL inside, an empty target */
	b = reply(UK_9P_TREADLINK + 1, 4, "\x03\0a\0b", 5, &len);
	uk_9p_reply(b, len, UK_9P_TREADLINK, 4, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rreadlink(&r, &s, &n), -EIO);
	free(b);
	b = reply(UK_9P_TREADLINK + 1, 4, "\0\0", 2, &len);
	uk_9p_reply(b, len, UK_9P_TREADLINK, 4, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rreadlink(&r, &s, &n), -EIO);
	free(b);
	b = reply(UK_9P_TREADLINK + 1, 4, "\x03\0abc", 5, &len);
	uk_9p_reply(b, len, UK_9P_TREADLINK, 4, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rreadlink(&r, &s, &n), 0);
	HT_EXPECT_INT_EQ(n, 3);
	free(b);
	/* Rwrite: more than sent */
	b = reply(UK_9P_TWRITE + 1, 4, "\x09\0\0\0", 4, &len);
	uk_9p_reply(b, len, UK_9P_TWRITE, 4, &r);
	HT_EXPECT_INT_EQ(uk_9p_parse_rwrite(&r, 8, &len), -EIO);
	free(b);
}

int main(void)
{
	HT_RUN(test_build_walk);
	HT_RUN(test_build_overflow);
	HT_RUN(test_rlerror);
	HT_RUN(test_header);
	HT_RUN(test_rwalk);
	HT_RUN(test_rread);
	HT_RUN(test_readdir);
	HT_RUN(test_getattr_strings);
	return ht_finish("uk9p_proto");
}

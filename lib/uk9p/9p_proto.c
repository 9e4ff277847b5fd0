/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9P2000.L messages: building requests and parsing replies. Pure code
 * over buffers (no allocation, no kernel calls) so that the host unit
 * tests and the fuzz_9p target compile it as it is.
 *
 * Parsing never reads outside the reply: every get checks the bytes
 * left first and, past the end, returns zeros and marks the buffer bad;
 * each body parser ends with uk_9p_done(), so a short, overlong or
 * inconsistent reply is -EIO whatever field went wrong.
 */
#include <errno.h>
#include <string.h>
#include <uk/9p.h>

/* Largest errno an Rlerror may carry (Linux's MAX_ERRNO). */
#define ERRNO_MAX	4095

void uk_9p_begin(struct uk_9p_wbuf *w, void *buf, uint32_t cap,
		 uint8_t type, uint16_t tag)
{
	w->p = buf;
	w->cap = cap;
	w->pos = 0;
	w->overflow = false;
	uk_9p_put32(w, 0);	/* size: set by uk_9p_end() */
	uk_9p_put8(w, type);
	uk_9p_put16(w, tag);
}

static void put(struct uk_9p_wbuf *w, uint64_t v, unsigned int n)
{
	unsigned int i;

	if (w->overflow || w->cap - w->pos < n) {
		w->overflow = true;
		return;
	}
	for (i = 0; i < n; i++)
		w->p[w->pos++] = (uint8_t)(v >> (8 * i));	/* little endian */
}

void uk_9p_put8(struct uk_9p_wbuf *w, uint8_t v)
{
	put(w, v, 1);
}

void uk_9p_put16(struct uk_9p_wbuf *w, uint16_t v)
{
	put(w, v, 2);
}

void uk_9p_put32(struct uk_9p_wbuf *w, uint32_t v)
{
	put(w, v, 4);
}

void uk_9p_put64(struct uk_9p_wbuf *w, uint64_t v)
{
	put(w, v, 8);
}

void uk_9p_putstr(struct uk_9p_wbuf *w, const char *s, size_t len)
{
	if (len > UK_9P_STR_MAX || w->overflow ||
	    w->cap - w->pos < 2 + len) {
		w->overflow = true;
		return;
	}
	put(w, (uint16_t)len, 2);
	memcpy(w->p + w->pos, s, len);
	w->pos += (uint32_t)len;
}

int uk_9p_end(struct uk_9p_wbuf *w, uint32_t extra)
{
	uint32_t size;

	if (w->overflow)
		return -ENAMETOOLONG;
	if (extra > UINT32_MAX - w->pos)
		return -EINVAL;
	size = w->pos + extra;
	w->p[0] = (uint8_t)size;
	w->p[1] = (uint8_t)(size >> 8);
	w->p[2] = (uint8_t)(size >> 16);
	w->p[3] = (uint8_t)(size >> 24);
	return (int)w->pos;
}

static uint64_t get(struct uk_9p_rbuf *r, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	if (r->bad || r->len - r->pos < n) {
		r->bad = true;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->p[r->pos++] << (8 * i);
	return v;
}

uint8_t uk_9p_get8(struct uk_9p_rbuf *r)
{
	return (uint8_t)get(r, 1);
}

uint16_t uk_9p_get16(struct uk_9p_rbuf *r)
{
	return (uint16_t)get(r, 2);
}

uint32_t uk_9p_get32(struct uk_9p_rbuf *r)
{
	return (uint32_t)get(r, 4);
}

uint64_t uk_9p_get64(struct uk_9p_rbuf *r)
{
	return get(r, 8);
}

void uk_9p_getqid(struct uk_9p_rbuf *r, struct uk_9p_qid *q)
{
	q->type = uk_9p_get8(r);
	q->version = uk_9p_get32(r);
	q->path = uk_9p_get64(r);
}

const char *uk_9p_getstr(struct uk_9p_rbuf *r, uint16_t *len)
{
	uint16_t n = uk_9p_get16(r);
	const char *s;

	*len = 0;
	if (r->bad || r->len - r->pos < n) {
		r->bad = true;
		return NULL;
	}
	s = (const char *)r->p + r->pos;
	if (memchr(s, '\0', n)) {
		r->bad = true;
		return NULL;
	}
	r->pos += n;
	*len = n;
	return s;
}

int uk_9p_done(const struct uk_9p_rbuf *r)
{
	return (r->bad || r->pos != r->len) ? -EIO : 0;
}

/* Header checks shared by uk_9p_reply() and the split Rread. */
static int check_header(const uint8_t *b, uint32_t avail, uint32_t rlen,
			uint8_t ttype, uint16_t tag, uint32_t *size,
			uint8_t *type)
{
	uint16_t rtag;

	if (avail < UK_9P_HDR)
		return -EIO;
	*size = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
		(uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	*type = b[4];
	rtag = (uint16_t)(b[5] | b[6] << 8);
	if (*size < UK_9P_HDR || *size > rlen || rtag != tag)
		return -EIO;
	if (*type != (uint8_t)(ttype + 1) && *type != UK_9P_RLERROR)
		return -EIO;
	return 0;
}

/* The -errno of an Rlerror body @r, or -EIO if malformed. */
static int lerror(struct uk_9p_rbuf *r)
{
	uint32_t ecode = uk_9p_get32(r);

	if (uk_9p_done(r) < 0 || ecode == 0 || ecode > ERRNO_MAX)
		return -EIO;
	return -(int)ecode;
}

int uk_9p_reply(const void *buf, uint32_t len, uint8_t ttype, uint16_t tag,
		struct uk_9p_rbuf *r)
{
	uint32_t size;
	uint8_t type;
	int rc;

	rc = check_header(buf, len, len, ttype, tag, &size, &type);
	if (rc < 0)
		return rc;
	r->p = (const uint8_t *)buf + UK_9P_HDR;
	r->len = size - UK_9P_HDR;
	r->pos = 0;
	r->bad = false;
	if (type == UK_9P_RLERROR)
		return lerror(r);
	return 0;
}

int uk_9p_parse_rversion(struct uk_9p_rbuf *r, uint32_t *msize,
			 const char **ver, uint16_t *verlen)
{
	*msize = uk_9p_get32(r);
	*ver = uk_9p_getstr(r, verlen);
	return uk_9p_done(r);
}

int uk_9p_parse_qid_only(struct uk_9p_rbuf *r, struct uk_9p_qid *q)
{
	uk_9p_getqid(r, q);
	return uk_9p_done(r);
}

int uk_9p_parse_rwalk(struct uk_9p_rbuf *r, uint16_t nwname,
		      struct uk_9p_qid *qids, uint16_t *nwqid)
{
	uint16_t i, n = uk_9p_get16(r);

	*nwqid = 0;
	if (r->bad || n > nwname)
		return -EIO;
	for (i = 0; i < n; i++)
		uk_9p_getqid(r, &qids[i]);
	if (uk_9p_done(r) < 0)
		return -EIO;
	*nwqid = n;
	return 0;
}

int uk_9p_parse_ropen(struct uk_9p_rbuf *r, struct uk_9p_qid *q,
		      uint32_t *iounit)
{
	uk_9p_getqid(r, q);
	*iounit = uk_9p_get32(r);
	return uk_9p_done(r);
}

int uk_9p_parse_rgetattr(struct uk_9p_rbuf *r, struct uk_9p_attr *a)
{
	a->valid = uk_9p_get64(r);
	uk_9p_getqid(r, &a->qid);
	a->mode = uk_9p_get32(r);
	a->uid = uk_9p_get32(r);
	a->gid = uk_9p_get32(r);
	a->nlink = uk_9p_get64(r);
	a->rdev = uk_9p_get64(r);
	a->size = uk_9p_get64(r);
	a->blksize = uk_9p_get64(r);
	a->blocks = uk_9p_get64(r);
	a->atime_sec = uk_9p_get64(r);
	a->atime_nsec = uk_9p_get64(r);
	a->mtime_sec = uk_9p_get64(r);
	a->mtime_nsec = uk_9p_get64(r);
	a->ctime_sec = uk_9p_get64(r);
	a->ctime_nsec = uk_9p_get64(r);
	a->btime_sec = uk_9p_get64(r);
	a->btime_nsec = uk_9p_get64(r);
	a->gen = uk_9p_get64(r);
	a->data_version = uk_9p_get64(r);
	if (uk_9p_done(r) < 0)
		return -EIO;
	/* times become int64 nanoseconds: refuse what cannot be one */
	if (a->atime_nsec >= 1000000000 || a->mtime_nsec >= 1000000000 ||
	    a->ctime_nsec >= 1000000000 || a->btime_nsec >= 1000000000 ||
	    a->atime_sec > INT64_MAX / 1000000000 - 1 ||
	    a->mtime_sec > INT64_MAX / 1000000000 - 1 ||
	    a->ctime_sec > INT64_MAX / 1000000000 - 1 ||
	    a->btime_sec > INT64_MAX / 1000000000 - 1 ||
	    a->size > INT64_MAX)
		return -EIO;
	return 0;
}

int uk_9p_parse_rstatfs(struct uk_9p_rbuf *r, struct uk_9p_statfs *s)
{
	s->type = uk_9p_get32(r);
	s->bsize = uk_9p_get32(r);
	s->blocks = uk_9p_get64(r);
	s->bfree = uk_9p_get64(r);
	s->bavail = uk_9p_get64(r);
	s->files = uk_9p_get64(r);
	s->ffree = uk_9p_get64(r);
	s->fsid = uk_9p_get64(r);
	s->namelen = uk_9p_get32(r);
	return uk_9p_done(r);
}

int uk_9p_parse_rreadlink(struct uk_9p_rbuf *r, const char **target,
			  uint16_t *len)
{
	*target = uk_9p_getstr(r, len);
	if (uk_9p_done(r) < 0 || *len == 0 || *len >= UK_9P_STR_MAX)
		return -EIO;
	return 0;
}

int uk_9p_parse_rread_hdr(const void *hdr, uint32_t rlen, uint16_t tag,
			  uint32_t asked, uint32_t *count)
{
	const uint8_t *b = hdr;
	struct uk_9p_rbuf r;
	uint32_t size;
	uint8_t type;
	int rc;

	*count = 0;
	rc = check_header(b, rlen < UK_9P_RREAD_HDR ? rlen : UK_9P_RREAD_HDR,
			  rlen, UK_9P_TREAD, tag, &size, &type);
	if (rc < 0)
		return rc;
	r.p = b + UK_9P_HDR;
	r.pos = 0;
	r.bad = false;
	if (type == UK_9P_RLERROR) {
		r.len = size - UK_9P_HDR;
		if (r.len != 4)
			return -EIO;
		return lerror(&r);
	}
	if (size < UK_9P_RREAD_HDR)
		return -EIO;
	r.len = 4;
	*count = uk_9p_get32(&r);
	if (*count > asked || size - UK_9P_RREAD_HDR != *count) {
		*count = 0;
		return -EIO;
	}
	return 0;
}

int uk_9p_parse_rwrite(struct uk_9p_rbuf *r, uint32_t sent,
		       uint32_t *count)
{
	*count = uk_9p_get32(r);
	if (uk_9p_done(r) < 0 || *count > sent)
		return -EIO;
	return 0;
}

int uk_9p_parse_rreaddir(struct uk_9p_rbuf *r, uint32_t asked,
			 const uint8_t **data, uint32_t *count)
{
	uint32_t n = uk_9p_get32(r);

	*data = NULL;
	*count = 0;
	if (r->bad || n > asked || n != r->len - r->pos)
		return -EIO;
	*data = r->p + r->pos;
	*count = n;
	return 0;
}

int uk_9p_dirent_next(const uint8_t *data, uint32_t len, uint32_t *pos,
		      struct uk_9p_dirent *e)
{
	struct uk_9p_rbuf r = { .p = data, .len = len, .pos = *pos };

	if (*pos > len)
		return -EIO;
	if (*pos == len)
		return 0;
	uk_9p_getqid(&r, &e->qid);
	e->offset = uk_9p_get64(&r);
	e->type = uk_9p_get8(&r);
	e->name = uk_9p_getstr(&r, &e->namelen);
	if (r.bad || e->namelen == 0 || memchr(e->name, '/', e->namelen))
		return -EIO;
	*pos = r.pos;
	return 1;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9P2000.L client: sessions on a transport, fids, tags, one function per
 * operation. Each call builds its T-message in a buffer of its own,
 * hands it to the transport (which may carry several calls at once,
 * from different threads) and parses the reply with 9p_proto.c.
 *
 * Tags: a per-session counter (never NOTAG); the transport matches
 * replies to requests by their descriptor chains, the tag is checked as
 * one more consistency test of the reply. Fids: numbers from a counter,
 * clunked ones reused from a free list.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/mutex.h>
#include <uk/print.h>
#include <uk/9p.h>

/* Largest msize we ask for: one 512 KiB data transfer per request. */
#define MSIZE_WANTED	(512 * 1024 + UK_9P_TWRITE_HDR)
/* T-messages with up to two names (renameat), and small replies. */
#define TBUF_SIZE	(2 * (UK_9P_STR_MAX + 2) + 64)
#define RBUF_SIZE	256
#define RBUF_LINK	(UK_9P_HDR + 2 + UK_9P_STR_MAX)
#define FIDS_FREE_MAX	64

struct uk_9p_client {
	struct uk_9p_dev *dev;
	uint32_t msize;
	uint16_t next_tag;
	uint32_t next_fid;
	uint32_t free_fids[FIDS_FREE_MAX];
	unsigned int nfree;
	struct uk_mutex lock;		/* tags and fids */
};

static struct uk_9p_dev *devs;

int uk_9p_dev_register(struct uk_9p_dev *dev)
{
	struct uk_9p_dev **pp;

	for (pp = &devs; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->tag, dev->tag))
			return -EEXIST;
	dev->next = NULL;
	*pp = dev;
	return 0;
}

struct uk_9p_dev *uk_9p_dev_find(const char *tag)
{
	struct uk_9p_dev *d;

	for (d = devs; d; d = d->next)
		if (!strcmp(d->tag, tag))
			return d;
	return NULL;
}

struct uk_9p_dev *uk_9p_dev_first(void)
{
	return devs;
}

static void *zalloc(size_t n)
{
	return uk_calloc(uk_alloc_get_default(), 1, n);
}

static void zfree(void *p)
{
	uk_free(uk_alloc_get_default(), p);
}

uint32_t uk_9p_iosize(const struct uk_9p_client *c)
{
	return c->msize - UK_9P_TWRITE_HDR;
}

int uk_9p_fid_new(struct uk_9p_client *c, uint32_t *fid)
{
	int rc = 0;

	uk_mutex_lock(&c->lock);
	if (c->nfree)
		*fid = c->free_fids[--c->nfree];
	else if (c->next_fid == UK_9P_NOFID)
		rc = -ENFILE;
	else
		*fid = c->next_fid++;
	uk_mutex_unlock(&c->lock);
	return rc;
}

void uk_9p_fid_put(struct uk_9p_client *c, uint32_t fid)
{
	uk_mutex_lock(&c->lock);
	if (c->nfree < FIDS_FREE_MAX)
		c->free_fids[c->nfree++] = fid;
	uk_mutex_unlock(&c->lock);
}

static uint16_t tag_new(struct uk_9p_client *c)
{
	uint16_t t;

	uk_mutex_lock(&c->lock);
	t = c->next_tag++;
	if (c->next_tag == UK_9P_NOTAG)
		c->next_tag = 0;
	uk_mutex_unlock(&c->lock);
	return t;
}

/* One call in progress: its T-message and the buffer for its reply. */
struct call {
	struct uk_9p_wbuf w;
	uint16_t tag;
	uint8_t type;
	uint8_t *t;
	uint8_t *r;
	uint32_t rcap;
	struct uk_9p_rbuf body;
};

static int call_begin(struct uk_9p_client *c, struct call *k, uint8_t type,
		      uint32_t rcap)
{
	k->t = zalloc(TBUF_SIZE);
	k->r = zalloc(rcap);
	k->rcap = rcap;
	if (!k->t || !k->r) {
		zfree(k->t);
		zfree(k->r);
		return -ENOMEM;
	}
	k->type = type;
	k->tag = c ? tag_new(c) : UK_9P_NOTAG;
	uk_9p_begin(&k->w, k->t, TBUF_SIZE, type, k->tag);
	return 0;
}

static void call_end(struct call *k)
{
	zfree(k->t);
	zfree(k->r);
}

/*
 * Send @k (plus @olen bytes of @odata after it) and parse the reply
 * header; the body is then in k->body. 0 or -errno.
 */
static int call_do(struct uk_9p_client *c, struct uk_9p_dev *dev,
		   struct call *k, const void *odata, uint32_t olen)
{
	struct uk_9p_iov out[2], in[1];
	uint32_t rlen = 0;
	int n, rc;

	n = uk_9p_end(&k->w, olen);
	if (n < 0)
		return n;
	if (c && (uint64_t)n + olen > c->msize)
		return -EINVAL;
	out[0].base = k->t;
	out[0].len = (uint32_t)n;
	out[1].base = (void *)odata;
	out[1].len = olen;
	in[0].base = k->r;
	in[0].len = k->rcap;
	rc = dev->ops->request(dev, out, olen ? 2 : 1, in, 1, &rlen);
	if (rc < 0)
		return rc;
	return uk_9p_reply(k->r, rlen, k->type, k->tag, &k->body);
}

/* A call whose reply has no body. */
static int simple_done(struct uk_9p_client *c, struct call *k)
{
	int rc = call_do(c, c->dev, k, NULL, 0);

	if (rc == 0)
		rc = uk_9p_done(&k->body);
	call_end(k);
	return rc;
}

int uk_9p_connect(const char *tag, const char *aname,
		  struct uk_9p_client **out, uint32_t *rootfid,
		  struct uk_9p_qid *rootqid)
{
	static const char version[] = "9P2000.L";
	struct uk_9p_dev *dev = uk_9p_dev_find(tag);
	struct uk_9p_client *c;
	struct call k;
	const char *ver;
	uint16_t verlen;
	uint32_t msize, want;
	int rc;

	if (!dev)
		return -ENODEV;
	c = zalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	uk_mutex_init(&c->lock);
	c->dev = dev;
	c->next_fid = 1;
	want = UK_MIN((uint32_t)MSIZE_WANTED, dev->max_msize);
	if (want < UK_9P_MSIZE_MIN) {
		rc = -EINVAL;
		goto err;
	}
	rc = call_begin(NULL, &k, UK_9P_TVERSION, RBUF_SIZE);
	if (rc < 0)
		goto err;
	uk_9p_put32(&k.w, want);
	uk_9p_putstr(&k.w, version, sizeof(version) - 1);
	rc = call_do(NULL, dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_rversion(&k.body, &msize, &ver, &verlen);
	if (rc == 0 && (msize > want || msize < UK_9P_MSIZE_MIN))
		rc = -EIO;
	if (rc == 0 && (verlen != sizeof(version) - 1 ||
			memcmp(ver, version, verlen)))
		rc = -EPROTONOSUPPORT;
	call_end(&k);
	if (rc < 0)
		goto err;
	c->msize = msize;

	rc = uk_9p_fid_new(c, rootfid);
	if (rc < 0)
		goto err;
	rc = call_begin(c, &k, UK_9P_TATTACH, RBUF_SIZE);
	if (rc < 0)
		goto err;
	uk_9p_put32(&k.w, *rootfid);
	uk_9p_put32(&k.w, UK_9P_NOFID);
	uk_9p_putstr(&k.w, "root", 4);
	uk_9p_putstr(&k.w, aname, strlen(aname));
	uk_9p_put32(&k.w, 0);		/* n_uname: uid 0 */
	rc = call_do(c, dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_qid_only(&k.body, rootqid);
	call_end(&k);
	if (rc < 0)
		goto err;
	if (!(rootqid->type & UK_9P_QTDIR)) {
		uk_pr_err("9p: %s: the share's root is not a directory\n",
			  tag);
		rc = -ENOTDIR;
		goto err;
	}
	*out = c;
	return 0;
err:
	zfree(c);
	return rc;
}

int uk_9p_walk(struct uk_9p_client *c, uint32_t fid, const char *name,
	       size_t len, uint32_t *newfid, struct uk_9p_qid *qid)
{
	struct uk_9p_qid q[1];
	uint16_t nwqid;
	struct call k;
	int rc;

	rc = uk_9p_fid_new(c, newfid);
	if (rc < 0)
		return rc;
	rc = call_begin(c, &k, UK_9P_TWALK, RBUF_SIZE);
	if (rc < 0)
		goto out_fid;
	uk_9p_put32(&k.w, fid);
	uk_9p_put32(&k.w, *newfid);
	uk_9p_put16(&k.w, len ? 1 : 0);
	if (len)
		uk_9p_putstr(&k.w, name, len);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_rwalk(&k.body, len ? 1 : 0, q, &nwqid);
	call_end(&k);
	if (rc < 0)
		goto out_fid;
	if (len && nwqid != 1) {
		/* a partial walk does not create newfid */
		rc = -ENOENT;
		goto out_fid;
	}
	if (len)
		*qid = q[0];
	return 0;
out_fid:
	uk_9p_fid_put(c, *newfid);
	return rc;
}

int uk_9p_clunk(struct uk_9p_client *c, uint32_t fid)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TCLUNK, RBUF_SIZE);
	if (rc == 0) {
		uk_9p_put32(&k.w, fid);
		rc = simple_done(c, &k);
	}
	/* the fid is gone from the server even when Tclunk failed */
	if (rc != -ENOMEM)
		uk_9p_fid_put(c, fid);
	return rc;
}

int uk_9p_lopen(struct uk_9p_client *c, uint32_t fid, uint32_t flags,
		struct uk_9p_qid *qid, uint32_t *iounit)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TLOPEN, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	uk_9p_put32(&k.w, flags);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_ropen(&k.body, qid, iounit);
	call_end(&k);
	return rc;
}

int uk_9p_lcreate(struct uk_9p_client *c, uint32_t fid, const char *name,
		  size_t len, uint32_t flags, uint32_t mode, uint32_t gid,
		  struct uk_9p_qid *qid, uint32_t *iounit)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TLCREATE, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	uk_9p_putstr(&k.w, name, len);
	uk_9p_put32(&k.w, flags);
	uk_9p_put32(&k.w, mode);
	uk_9p_put32(&k.w, gid);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_ropen(&k.body, qid, iounit);
	call_end(&k);
	return rc;
}

int uk_9p_mkdir(struct uk_9p_client *c, uint32_t dfid, const char *name,
		size_t len, uint32_t mode, uint32_t gid, struct uk_9p_qid *qid)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TMKDIR, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, dfid);
	uk_9p_putstr(&k.w, name, len);
	uk_9p_put32(&k.w, mode);
	uk_9p_put32(&k.w, gid);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_qid_only(&k.body, qid);
	call_end(&k);
	return rc;
}

int uk_9p_symlink(struct uk_9p_client *c, uint32_t dfid, const char *name,
		  size_t len, const char *target, uint32_t gid,
		  struct uk_9p_qid *qid)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TSYMLINK, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, dfid);
	uk_9p_putstr(&k.w, name, len);
	uk_9p_putstr(&k.w, target, strlen(target));
	uk_9p_put32(&k.w, gid);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_qid_only(&k.body, qid);
	call_end(&k);
	return rc;
}

int uk_9p_link(struct uk_9p_client *c, uint32_t dfid, uint32_t fid,
	       const char *name, size_t len)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TLINK, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, dfid);
	uk_9p_put32(&k.w, fid);
	uk_9p_putstr(&k.w, name, len);
	return simple_done(c, &k);
}

int uk_9p_unlinkat(struct uk_9p_client *c, uint32_t dfid, const char *name,
		   size_t len, uint32_t flags)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TUNLINKAT, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, dfid);
	uk_9p_putstr(&k.w, name, len);
	uk_9p_put32(&k.w, flags);
	return simple_done(c, &k);
}

int uk_9p_renameat(struct uk_9p_client *c, uint32_t odfid, const char *oname,
		   size_t olen, uint32_t ndfid, const char *nname,
		   size_t nlen)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TRENAMEAT, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, odfid);
	uk_9p_putstr(&k.w, oname, olen);
	uk_9p_put32(&k.w, ndfid);
	uk_9p_putstr(&k.w, nname, nlen);
	return simple_done(c, &k);
}

ssize_t uk_9p_readlink(struct uk_9p_client *c, uint32_t fid, char *buf,
		       size_t size)
{
	const char *target;
	uint16_t len;
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TREADLINK, RBUF_LINK);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_rreadlink(&k.body, &target, &len);
	if (rc == 0) {
		memcpy(buf, target, UK_MIN((size_t)len, size));
		rc = len;
	}
	call_end(&k);
	return rc;
}

int uk_9p_getattr(struct uk_9p_client *c, uint32_t fid,
		  struct uk_9p_attr *a)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TGETATTR, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	uk_9p_put64(&k.w, UK_9P_GETATTR_BASIC);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_rgetattr(&k.body, a);
	call_end(&k);
	return rc;
}

int uk_9p_setattr(struct uk_9p_client *c, uint32_t fid,
		  const struct uk_9p_setattr *s)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TSETATTR, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	uk_9p_put32(&k.w, s->valid);
	uk_9p_put32(&k.w, s->mode);
	uk_9p_put32(&k.w, s->uid);
	uk_9p_put32(&k.w, s->gid);
	uk_9p_put64(&k.w, s->size);
	uk_9p_put64(&k.w, s->atime_sec);
	uk_9p_put64(&k.w, s->atime_nsec);
	uk_9p_put64(&k.w, s->mtime_sec);
	uk_9p_put64(&k.w, s->mtime_nsec);
	return simple_done(c, &k);
}

int uk_9p_statfs(struct uk_9p_client *c, uint32_t fid,
		 struct uk_9p_statfs *s)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TSTATFS, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_rstatfs(&k.body, s);
	call_end(&k);
	return rc;
}

ssize_t uk_9p_read(struct uk_9p_client *c, uint32_t fid, uint64_t off,
		   void *buf, uint32_t len)
{
	struct uk_9p_iov out[1], in[2];
	uint8_t hdr[UK_9P_RREAD_HDR];
	uint32_t rlen = 0, count;
	struct call k;
	int n, rc;

	len = UK_MIN(len, uk_9p_iosize(c));
	if (!len)
		return 0;
	rc = call_begin(c, &k, UK_9P_TREAD, 8);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	uk_9p_put64(&k.w, off);
	uk_9p_put32(&k.w, len);
	n = uk_9p_end(&k.w, 0);
	if (n < 0) {
		call_end(&k);
		return n;
	}
	/* the data lands in the caller's buffer, the header apart */
	out[0].base = k.t;
	out[0].len = (uint32_t)n;
	in[0].base = hdr;
	in[0].len = sizeof(hdr);
	in[1].base = buf;
	in[1].len = len;
	rc = c->dev->ops->request(c->dev, out, 1, in, 2, &rlen);
	if (rc == 0)
		rc = uk_9p_parse_rread_hdr(hdr, rlen, k.tag, len, &count);
	call_end(&k);
	return rc < 0 ? rc : (ssize_t)count;
}

ssize_t uk_9p_write(struct uk_9p_client *c, uint32_t fid, uint64_t off,
		    const void *buf, uint32_t len)
{
	struct call k;
	uint32_t count;
	int rc;

	len = UK_MIN(len, uk_9p_iosize(c));
	if (!len)
		return 0;
	rc = call_begin(c, &k, UK_9P_TWRITE, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	uk_9p_put64(&k.w, off);
	uk_9p_put32(&k.w, len);
	rc = call_do(c, c->dev, &k, buf, len);
	if (rc == 0)
		rc = uk_9p_parse_rwrite(&k.body, len, &count);
	call_end(&k);
	return rc < 0 ? rc : (ssize_t)count;
}

ssize_t uk_9p_readdir(struct uk_9p_client *c, uint32_t fid, uint64_t off,
		      void *buf, uint32_t size)
{
	const uint8_t *data;
	uint32_t count, asked;
	struct call k;
	int rc;

	if (size < UK_9P_MSIZE_MIN)
		return -EINVAL;
	asked = UK_MIN(size, c->msize) - UK_9P_RREAD_HDR;
	rc = call_begin(c, &k, UK_9P_TREADDIR, asked + UK_9P_RREAD_HDR);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	uk_9p_put64(&k.w, off);
	uk_9p_put32(&k.w, asked);
	rc = call_do(c, c->dev, &k, NULL, 0);
	if (rc == 0)
		rc = uk_9p_parse_rreaddir(&k.body, asked, &data, &count);
	if (rc == 0) {
		memcpy(buf, data, count);
		rc = (int)count;
	}
	call_end(&k);
	return rc;
}

int uk_9p_fsync(struct uk_9p_client *c, uint32_t fid)
{
	struct call k;
	int rc;

	rc = call_begin(c, &k, UK_9P_TFSYNC, RBUF_SIZE);
	if (rc < 0)
		return rc;
	uk_9p_put32(&k.w, fid);
	uk_9p_put32(&k.w, 0);		/* datasync: 0, a full fsync */
	return simple_done(c, &k);
}

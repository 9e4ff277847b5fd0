/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uk9p: a 9P2000.L client.
 *
 * Three layers:
 *  - messages (9p_proto.c, also built for the host: unit tests and the
 *    fuzz_9p target): building T-messages into a buffer and parsing
 *    R-messages. The parser trusts nothing: every size, count and string
 *    length the server sends is checked against the bytes that arrived
 *    and against the request; anything malformed is -EIO, an Rlerror is
 *    its (range-checked) -errno.
 *  - transports (struct uk_9p_dev, registered by drivers such as
 *    plat/drivers/virtio-9p under a mount tag): carry one request and
 *    its reply; several may be in flight from different threads.
 *  - the client (9p_client.c): a session on a transport (Tversion,
 *    Tattach), fid numbers, tags, and one call per 9P operation.
 *
 * All functions return 0 / a count or a negative errno.
 */
#ifndef __UK_9P_H__
#define __UK_9P_H__

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Message types (9P2000.L). R = T + 1. */
#define UK_9P_RLERROR		7
#define UK_9P_TSTATFS		8
#define UK_9P_TLOPEN		12
#define UK_9P_TLCREATE		14
#define UK_9P_TSYMLINK		16
#define UK_9P_TREADLINK		22
#define UK_9P_TGETATTR		24
#define UK_9P_TSETATTR		26
#define UK_9P_TREADDIR		40
#define UK_9P_TFSYNC		50
#define UK_9P_TLINK		70
#define UK_9P_TMKDIR		72
#define UK_9P_TRENAMEAT		74
#define UK_9P_TUNLINKAT		76
#define UK_9P_TVERSION		100
#define UK_9P_TATTACH		104
#define UK_9P_TWALK		110
#define UK_9P_TREAD		116
#define UK_9P_TWRITE		118
#define UK_9P_TCLUNK		120

#define UK_9P_NOTAG		0xffff
#define UK_9P_NOFID		0xffffffffu
/* size[4] type[1] tag[2] */
#define UK_9P_HDR		7
/* Header bytes of Rread (count[4]) / Twrite (fid offset count). */
#define UK_9P_RREAD_HDR		(UK_9P_HDR + 4)
#define UK_9P_TWRITE_HDR	(UK_9P_HDR + 4 + 8 + 4)
/* Longest name or path we send or accept in a string. */
#define UK_9P_STR_MAX		4096
/* Smallest msize we work with (a Treaddir/Tread of a few KiB). */
#define UK_9P_MSIZE_MIN		4096

/* qid.type bits */
#define UK_9P_QTDIR		0x80
#define UK_9P_QTSYMLINK		0x02

/* Tgetattr request mask: the basic fields */
#define UK_9P_GETATTR_BASIC	0x7ffULL
/* Tsetattr valid bits */
#define UK_9P_SETATTR_MODE	0x001
#define UK_9P_SETATTR_UID	0x002
#define UK_9P_SETATTR_GID	0x004
#define UK_9P_SETATTR_SIZE	0x008
#define UK_9P_SETATTR_ATIME	0x010
#define UK_9P_SETATTR_MTIME	0x020
#define UK_9P_SETATTR_CTIME	0x040
#define UK_9P_SETATTR_ATIME_SET	0x080
#define UK_9P_SETATTR_MTIME_SET	0x100

/* Tunlinkat flag */
#define UK_9P_AT_REMOVEDIR	0x200

struct uk_9p_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

/* Rgetattr */
struct uk_9p_attr {
	uint64_t valid;
	struct uk_9p_qid qid;
	uint32_t mode, uid, gid;
	uint64_t nlink, rdev, size, blksize, blocks;
	uint64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec;
	uint64_t ctime_sec, ctime_nsec, btime_sec, btime_nsec;
	uint64_t gen, data_version;
};

/* Tsetattr */
struct uk_9p_setattr {
	uint32_t valid, mode, uid, gid;
	uint64_t size, atime_sec, atime_nsec, mtime_sec, mtime_nsec;
};

/* Rstatfs */
struct uk_9p_statfs {
	uint32_t type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree, fsid;
	uint32_t namelen;
};

/* One Rreaddir entry; @name points into the reply (not NUL-terminated). */
struct uk_9p_dirent {
	struct uk_9p_qid qid;
	uint64_t offset;
	uint8_t type;
	const char *name;
	uint16_t namelen;
};

/* Messages ------------------------------------------------------------ */

/* A message being built: writes past @cap set @overflow. */
struct uk_9p_wbuf {
	uint8_t *p;
	uint32_t cap, pos;
	bool overflow;
};

/* A reply being parsed: reads past @len set @bad. */
struct uk_9p_rbuf {
	const uint8_t *p;
	uint32_t len, pos;
	bool bad;
};

/* Start T-message @type with @tag in @w (over @buf of @cap bytes). */
void uk_9p_begin(struct uk_9p_wbuf *w, void *buf, uint32_t cap,
		 uint8_t type, uint16_t tag);
void uk_9p_put8(struct uk_9p_wbuf *w, uint8_t v);
void uk_9p_put16(struct uk_9p_wbuf *w, uint16_t v);
void uk_9p_put32(struct uk_9p_wbuf *w, uint32_t v);
void uk_9p_put64(struct uk_9p_wbuf *w, uint64_t v);
/* A string of @len bytes (len[2] then the bytes). */
void uk_9p_putstr(struct uk_9p_wbuf *w, const char *s, size_t len);
/*
 * Finish the message: its size field becomes @extra (bytes sent after
 * the buffer, e.g. Twrite data) plus what was built. The length of the
 * built part, or -ENAMETOOLONG/-EINVAL when it did not fit.
 */
int uk_9p_end(struct uk_9p_wbuf *w, uint32_t extra);

/*
 * Check the reply header of @len bytes at @buf (@len: what the device
 * wrote) for the request of @ttype with @tag: its size field must be
 * between 7 and @len, its tag @tag, its type @ttype + 1 or Rlerror. On
 * success @r covers the body (after the header, up to the size field)
 * and 0 is returned; an Rlerror gives its -errno (1..4095, else -EIO);
 * anything else -EIO.
 */
int uk_9p_reply(const void *buf, uint32_t len, uint8_t ttype, uint16_t tag,
		struct uk_9p_rbuf *r);

uint8_t uk_9p_get8(struct uk_9p_rbuf *r);
uint16_t uk_9p_get16(struct uk_9p_rbuf *r);
uint32_t uk_9p_get32(struct uk_9p_rbuf *r);
uint64_t uk_9p_get64(struct uk_9p_rbuf *r);
void uk_9p_getqid(struct uk_9p_rbuf *r, struct uk_9p_qid *q);
/* A string: pointer into the reply and its length (no NUL inside). */
const char *uk_9p_getstr(struct uk_9p_rbuf *r, uint16_t *len);
/* 0 if every read stayed inside and the body was consumed, else -EIO. */
int uk_9p_done(const struct uk_9p_rbuf *r);

/* Body parsers (after uk_9p_reply()); each 0 or -EIO. */
int uk_9p_parse_rversion(struct uk_9p_rbuf *r, uint32_t *msize,
			 const char **ver, uint16_t *verlen);
int uk_9p_parse_qid_only(struct uk_9p_rbuf *r, struct uk_9p_qid *q);
/* Rwalk with at most @nwname qids, stored in @qids; count in *@nwqid. */
int uk_9p_parse_rwalk(struct uk_9p_rbuf *r, uint16_t nwname,
		      struct uk_9p_qid *qids, uint16_t *nwqid);
/* Rlopen / Rlcreate */
int uk_9p_parse_ropen(struct uk_9p_rbuf *r, struct uk_9p_qid *q,
		      uint32_t *iounit);
int uk_9p_parse_rgetattr(struct uk_9p_rbuf *r, struct uk_9p_attr *a);
int uk_9p_parse_rstatfs(struct uk_9p_rbuf *r, struct uk_9p_statfs *s);
/* Rreadlink: the target (1..UK_9P_STR_MAX-1 bytes, no NUL inside). */
int uk_9p_parse_rreadlink(struct uk_9p_rbuf *r, const char **target,
			  uint16_t *len);
/*
 * Rread whose first UK_9P_RREAD_HDR bytes (@hdr) arrived apart from its
 * data (the device wrote @rlen bytes in all): the reply header checks of
 * uk_9p_reply(), then count[4] <= @asked and size == header + count <=
 * @rlen. The count, or Rlerror's -errno, or -EIO.
 */
int uk_9p_parse_rread_hdr(const void *hdr, uint32_t rlen, uint16_t tag,
			  uint32_t asked, uint32_t *count);
/* Rwrite: count <= @sent. */
int uk_9p_parse_rwrite(struct uk_9p_rbuf *r, uint32_t sent,
		       uint32_t *count);
/*
 * Rreaddir: count[4] <= @asked, the entries in the @count bytes after it;
 * on success *@data / *@count are the entries for uk_9p_dirent_next().
 */
int uk_9p_parse_rreaddir(struct uk_9p_rbuf *r, uint32_t asked,
			 const uint8_t **data, uint32_t *count);
/*
 * The entry at *@pos of the @len bytes of Rreaddir data: 1 with *@e set
 * and *@pos advanced, 0 at the end, -EIO if the entry runs past the end,
 * has an empty name, or a name with '/' or NUL in it.
 */
int uk_9p_dirent_next(const uint8_t *data, uint32_t len, uint32_t *pos,
		      struct uk_9p_dirent *e);

/* Transports ---------------------------------------------------------- */

struct uk_9p_iov {
	void *base;
	uint32_t len;
};

struct uk_9p_dev;

struct uk_9p_dev_ops {
	/*
	 * Send the @nout segments of @out (one T-message) and receive the
	 * reply into the @nin segments of @in; *@rlen: bytes the device
	 * wrote (at most the sum of @in). Blocks the calling thread until
	 * the reply is there; may be called from several threads at once.
	 * 0, -EIO (device broken), -ENOMEM.
	 */
	int (*request)(struct uk_9p_dev *dev, const struct uk_9p_iov *out,
		       unsigned int nout, const struct uk_9p_iov *in,
		       unsigned int nin, uint32_t *rlen);
};

struct uk_9p_dev {
	const struct uk_9p_dev_ops *ops;
	const char *tag;		/* mount tag */
	uint32_t max_msize;		/* largest message it carries */
	unsigned int max_segs;		/* segments per request (in + out) */
	struct uk_9p_dev *next;
	void *priv;
};

/* Register @dev under its tag: 0 or -EEXIST (the tag is taken). */
int uk_9p_dev_register(struct uk_9p_dev *dev);
/* The transport with mount tag @tag, or NULL. */
struct uk_9p_dev *uk_9p_dev_find(const char *tag);
/* Every registered transport, in order (for messages). */
struct uk_9p_dev *uk_9p_dev_first(void);

/* Client -------------------------------------------------------------- */

struct uk_9p_client;

/*
 * Open a session on the transport with mount tag @tag: Tversion
 * (9P2000.L, msize negotiated down from the device's limit), then
 * Tattach of @aname as root into a new fid, *@rootfid, whose qid is
 * *@rootqid. -ENODEV: no such tag; -EPROTONOSUPPORT: the server does not
 * speak 9P2000.L.
 */
int uk_9p_connect(const char *tag, const char *aname,
		  struct uk_9p_client **out, uint32_t *rootfid,
		  struct uk_9p_qid *rootqid);
/* Largest payload of one Tread / Twrite. */
uint32_t uk_9p_iosize(const struct uk_9p_client *c);

/* Fid numbers: a new unused one, or -ENFILE; give it back when clunked. */
int uk_9p_fid_new(struct uk_9p_client *c, uint32_t *fid);
void uk_9p_fid_put(struct uk_9p_client *c, uint32_t fid);

/*
 * Twalk from @fid to @newfid (allocated here) through @name (@len bytes;
 * @len 0: a clone of @fid). -ENOENT if the name is not there.
 */
int uk_9p_walk(struct uk_9p_client *c, uint32_t fid, const char *name,
	       size_t len, uint32_t *newfid, struct uk_9p_qid *qid);
/* Tclunk and give the fid number back (also when the server fails). */
int uk_9p_clunk(struct uk_9p_client *c, uint32_t fid);
int uk_9p_lopen(struct uk_9p_client *c, uint32_t fid, uint32_t flags,
		struct uk_9p_qid *qid, uint32_t *iounit);
/* Tlcreate: @fid (a directory) becomes the new open file. */
int uk_9p_lcreate(struct uk_9p_client *c, uint32_t fid, const char *name,
		  size_t len, uint32_t flags, uint32_t mode, uint32_t gid,
		  struct uk_9p_qid *qid, uint32_t *iounit);
int uk_9p_mkdir(struct uk_9p_client *c, uint32_t dfid, const char *name,
		size_t len, uint32_t mode, uint32_t gid, struct uk_9p_qid *qid);
int uk_9p_symlink(struct uk_9p_client *c, uint32_t dfid, const char *name,
		  size_t len, const char *target, uint32_t gid,
		  struct uk_9p_qid *qid);
int uk_9p_link(struct uk_9p_client *c, uint32_t dfid, uint32_t fid,
	       const char *name, size_t len);
int uk_9p_unlinkat(struct uk_9p_client *c, uint32_t dfid, const char *name,
		   size_t len, uint32_t flags);
int uk_9p_renameat(struct uk_9p_client *c, uint32_t odfid, const char *oname,
		   size_t olen, uint32_t ndfid, const char *nname,
		   size_t nlen);
/* Treadlink: the target's length; at most @size bytes copied to @buf. */
ssize_t uk_9p_readlink(struct uk_9p_client *c, uint32_t fid, char *buf,
		       size_t size);
int uk_9p_getattr(struct uk_9p_client *c, uint32_t fid,
		  struct uk_9p_attr *a);
int uk_9p_setattr(struct uk_9p_client *c, uint32_t fid,
		  const struct uk_9p_setattr *s);
int uk_9p_statfs(struct uk_9p_client *c, uint32_t fid,
		 struct uk_9p_statfs *s);
/* Tread / Twrite of at most uk_9p_iosize() bytes: the count. */
ssize_t uk_9p_read(struct uk_9p_client *c, uint32_t fid, uint64_t off,
		   void *buf, uint32_t len);
ssize_t uk_9p_write(struct uk_9p_client *c, uint32_t fid, uint64_t off,
		    const void *buf, uint32_t len);
/*
 * Treaddir from @off into @buf (@size >= UK_9P_MSIZE_MIN): the byte
 * count of the entries (walk them with uk_9p_dirent_next()), 0 at the end.
 */
ssize_t uk_9p_readdir(struct uk_9p_client *c, uint32_t fid, uint64_t off,
		      void *buf, uint32_t size);
int uk_9p_fsync(struct uk_9p_client *c, uint32_t fid);

#ifdef __cplusplus
}
#endif

#endif /* __UK_9P_H__ */

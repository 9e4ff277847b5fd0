/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The newc parser: pure functions over a buffer. Every offset is checked
 * against the buffer's length before use, in an order that cannot
 * overflow (sizes come from the archive and may be anything).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/cpio.h>

#define CPIO_HDR_LEN	110
#define CPIO_ALIGN	4
#define CPIO_TRAILER	"TRAILER!!!"
/* File type bits of c_mode (POSIX <cpio.h>: C_ISREG) */
#define CPIO_TYPE_MASK	0170000
#define CPIO_TYPE_REG	0100000

/* Header fields after the 6-byte magic, 8 hex digits each. */
static const char *const field_names[] = {
	"c_ino", "c_mode", "c_uid", "c_gid", "c_nlink", "c_mtime",
	"c_filesize", "c_devmajor", "c_devminor", "c_rdevmajor",
	"c_rdevminor", "c_namesize", "c_check",
};

enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE,
	F_CHECK, F_COUNT
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool parse_hex8(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	int d, i;

	for (i = 0; i < 8; i++) {
		d = hexval(p[i]);
		if (d < 0)
			return false;
		v = (v << 4) | (uint32_t)d;
	}
	*out = v;
	return true;
}

/* Append @n bytes of @s to @dst (size @size) with unprintables escaped. */
static void escape(char *dst, size_t size, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;
	unsigned char c;

	for (i = 0; i < n && o + 5 < size; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			dst[o++] = (char)c;
		} else {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		}
	}
	if (i < n && o + 4 < size) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

static void set_name(struct uk_cpio_error *err, const char *name, size_t n)
{
	size_t l;

	err->has_name = true;
	escape(err->name, sizeof(err->name), name,
	       UK_MIN(n, UK_CPIO_NAME_SHOWN));
	l = strlen(err->name);
	if (n > UK_CPIO_NAME_SHOWN && l + 4 <= sizeof(err->name))
		memcpy(err->name + l, "...", 4);
}

void uk_cpio_set_error(struct uk_cpio_error *err, int code,
		       const struct uk_cpio_entry *e, const char *detail,
		       int errnum)
{
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->err = errnum;
	if (e) {
		err->offset = e->offset;
		set_name(err, e->name, e->namelen);
	}
	if (detail)
		snprintf(err->detail, sizeof(err->detail), "%s", detail);
}

/* Error at @off with no entry name yet. */
static int fail(struct uk_cpio_error *err, int code, size_t off,
		const char *detail)
{
	uk_cpio_set_error(err, code, NULL, detail, 0);
	err->offset = off;
	return -EINVAL;
}

static size_t align_up(size_t v)
{
	return (v + CPIO_ALIGN - 1) & ~(size_t)(CPIO_ALIGN - 1);
}

/* Skip the zero padding after a trailer: the next offset to parse. */
static size_t skip_padding(const unsigned char *b, size_t len, size_t off)
{
	while (off < len && b[off] == 0)
		off++;
	return off;
}

int uk_cpio_parse(const void *buf, size_t len, uk_cpio_entry_cb_t cb,
		  void *ctx, struct uk_cpio_error *err)
{
	const unsigned char *b = buf;
	const char *h;
	struct uk_cpio_entry e;
	uint32_t f[F_COUNT], sum;
	size_t off = 0, nameoff, dataoff, left;
	char magic[48];
	int i, rc;
	bool in_archive = false;

	memset(err, 0, sizeof(*err));
	while (off < len) {
		left = len - off;
		h = (const char *)b + off;
		if (memcmp(h, "07070", UK_MIN(left, (size_t)5)) ||
		    (left >= 6 && h[5] != '1' && h[5] != '2')) {
			escape(magic, sizeof(magic), h,
			       UK_MIN(left, (size_t)6));
			return fail(err, UK_CPIO_EMAGIC, off, magic);
		}
		if (left < CPIO_HDR_LEN) {
			snprintf(magic, sizeof(magic),
				 "%zu bytes left, %d needed", left,
				 CPIO_HDR_LEN);
			return fail(err, UK_CPIO_ETRUNC, off, magic);
		}
		for (i = 0; i < F_COUNT; i++)
			if (!parse_hex8(h + 6 + 8 * i, &f[i]))
				return fail(err, UK_CPIO_EHEX, off,
					    field_names[i]);
		in_archive = true;

		memset(&e, 0, sizeof(e));
		e.offset = off;
		nameoff = off + CPIO_HDR_LEN;
		if (f[F_NAMESIZE] == 0)
			return fail(err, UK_CPIO_ENAMESIZE, off, NULL);
		if (f[F_NAMESIZE] > len - nameoff)
			return fail(err, UK_CPIO_ENAMEPAST, off, NULL);
		e.name = (const char *)b + nameoff;
		e.namelen = f[F_NAMESIZE] - 1;
		if (e.name[e.namelen] != '\0' ||
		    memchr(e.name, '\0', e.namelen)) {
			e.namelen++;	/* show every byte of the field */
			uk_cpio_set_error(err, UK_CPIO_ENONUL, &e, NULL, 0);
			return -EINVAL;
		}
		/* data starts aligned; an empty last entry may lack padding */
		dataoff = align_up(nameoff + f[F_NAMESIZE]);
		if (dataoff > len) {
			if (f[F_FILESIZE]) {
				uk_cpio_set_error(err, UK_CPIO_EDATAPAST, &e,
						  NULL, 0);
				return -EINVAL;
			}
			dataoff = len;
		}
		if (f[F_FILESIZE] > len - dataoff) {
			uk_cpio_set_error(err, UK_CPIO_EDATAPAST, &e, NULL, 0);
			return -EINVAL;
		}
		e.data = b + dataoff;
		e.size = f[F_FILESIZE];
		e.ino = f[F_INO];
		e.mode = f[F_MODE];
		e.uid = f[F_UID];
		e.gid = f[F_GID];
		e.nlink = f[F_NLINK];
		e.mtime = f[F_MTIME];
		e.devmajor = f[F_DEVMAJOR];
		e.devminor = f[F_DEVMINOR];
		e.rdevmajor = f[F_RDEVMAJOR];
		e.rdevminor = f[F_RDEVMINOR];
		e.check = f[F_CHECK];
		/* writers (GNU cpio) and Linux sum regular files only */
		if (h[5] == '2' && (e.mode & CPIO_TYPE_MASK) == CPIO_TYPE_REG) {
			sum = 0;
			for (size_t k = 0; k < e.size; k++)
				sum += b[dataoff + k];
			if (sum != e.check) {
				uk_cpio_set_error(err, UK_CPIO_ECHECKSUM, &e,
						  NULL, 0);
				err->want = e.check;
				err->got = sum;
				return -EINVAL;
			}
		}
		/* the next header is aligned too (unless nothing follows) */
		off = dataoff + e.size;
		off = align_up(off) <= len ? align_up(off) : len;
		if (e.namelen == sizeof(CPIO_TRAILER) - 1 &&
		    !memcmp(e.name, CPIO_TRAILER, e.namelen)) {
			in_archive = false;
			off = skip_padding(b, len, off);
			continue;
		}
		if (cb) {
			rc = cb(ctx, &e, err);
			if (rc < 0) {
				if (!err->code)
					uk_cpio_set_error(err, UK_CPIO_EVFS,
							  &e, "stopped",
							  -rc);
				return rc;
			}
		}
	}
	if (in_archive)
		return fail(err, UK_CPIO_ENOTRAILER, len, NULL);
	return 0;
}

char *uk_cpio_strerror(const struct uk_cpio_error *err, const char *label,
		       char *buf, size_t size)
{
	char what[160];
	int n;

	switch (err->code) {
	case UK_CPIO_OK:
		snprintf(what, sizeof(what), "no error");
		break;
	case UK_CPIO_EMAGIC:
		snprintf(what, sizeof(what),
			 "bad magic \"%s\" (expected \"070701\" or \"070702\")",
			 err->detail);
		break;
	case UK_CPIO_ETRUNC:
		snprintf(what, sizeof(what), "header truncated (%s)",
			 err->detail);
		break;
	case UK_CPIO_EHEX:
		snprintf(what, sizeof(what), "field %s is not hexadecimal",
			 err->detail);
		break;
	case UK_CPIO_ENAMESIZE:
		snprintf(what, sizeof(what), "name size is 0");
		break;
	case UK_CPIO_ENAMEPAST:
		snprintf(what, sizeof(what),
			 "name runs past the end of the archive");
		break;
	case UK_CPIO_ENONUL:
		snprintf(what, sizeof(what),
			 "name is not a NUL-terminated string");
		break;
	case UK_CPIO_EDATAPAST:
		snprintf(what, sizeof(what),
			 "file size runs past the end of the archive");
		break;
	case UK_CPIO_ECHECKSUM:
		snprintf(what, sizeof(what),
			 "checksum mismatch (header 0x%08x, data 0x%08x)",
			 (unsigned int)err->want, (unsigned int)err->got);
		break;
	case UK_CPIO_ENOTRAILER:
		snprintf(what, sizeof(what),
			 "archive ends without TRAILER!!!");
		break;
	case UK_CPIO_EABSOLUTE:
		snprintf(what, sizeof(what), "absolute path");
		break;
	case UK_CPIO_EDOTDOT:
		snprintf(what, sizeof(what),
			 "path escapes the target directory (\"..\")");
		break;
	case UK_CPIO_ETHROUGHLINK:
		snprintf(what, sizeof(what),
			 "path goes through symbolic link \"%s\"",
			 err->detail);
		break;
	case UK_CPIO_ELONGNAME:
		snprintf(what, sizeof(what), "%s", err->detail);
		break;
	case UK_CPIO_ETYPE:
		snprintf(what, sizeof(what), "unsupported file type (%s)",
			 err->detail);
		break;
	case UK_CPIO_EDIRDATA:
		snprintf(what, sizeof(what), "directory entry has data");
		break;
	case UK_CPIO_ELINK:
		snprintf(what, sizeof(what), "symbolic link target %s",
			 err->detail);
		break;
	case UK_CPIO_EVFS:
		snprintf(what, sizeof(what), "%s: %s (errno %d)", err->detail,
			 strerror(err->err), err->err);
		break;
	default:
		snprintf(what, sizeof(what), "error %d", err->code);
		break;
	}
	if (err->has_name)
		n = snprintf(buf, size, "cpio: %s offset 0x%zx: entry \"%s\": %s",
			     label, err->offset, err->name, what);
	else
		n = snprintf(buf, size, "cpio: %s offset 0x%zx: %s", label,
			     err->offset, what);
	(void)n;
	return buf;
}

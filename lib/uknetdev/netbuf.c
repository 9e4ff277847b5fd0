/* SPDX-License-Identifier: BSD-3-Clause */
/* Reference-counted packet buffers (uk/netdev.h). */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/alloc.h>
#include <uk/netdev.h>

#define NETBUF_HDR	UK_ALIGN_UP(sizeof(struct uk_netbuf), 64)

struct uk_netbuf *uk_netbuf_alloc(struct uk_alloc *a, size_t size,
				  size_t headroom)
{
	struct uk_netbuf *nb;

	UK_ASSERT(a);
	if (headroom > size || size > SIZE_MAX - NETBUF_HDR)
		return NULL;
	nb = uk_malloc(a, NETBUF_HDR + size);
	if (!nb)
		return NULL;
	uk_netbuf_init(nb, (char *)nb + NETBUF_HDR, size, headroom, NULL,
		       NULL);
	nb->a = a;
	return nb;
}

void uk_netbuf_init(struct uk_netbuf *nb, void *buf, size_t buflen,
		    size_t headroom, uk_netbuf_dtor_t dtor, void *priv)
{
	UK_ASSERT(nb && headroom <= buflen);
	nb->buf = buf;
	nb->buflen = buflen;
	nb->data = (char *)buf + headroom;
	nb->len = 0;
	nb->refcount = 1;
	nb->flags = 0;
	nb->csum_start = 0;
	nb->csum_offset = 0;
	nb->_pad = 0;
	nb->dtor = dtor;
	nb->a = NULL;
	nb->priv = priv;
}

struct uk_netbuf *uk_netbuf_ref(struct uk_netbuf *nb)
{
	UK_ASSERT(nb && nb->refcount);
	__atomic_add_fetch(&nb->refcount, 1, __ATOMIC_RELAXED);
	return nb;
}

void uk_netbuf_free(struct uk_netbuf *nb)
{
	UK_ASSERT(nb && nb->refcount);
	if (__atomic_sub_fetch(&nb->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	if (nb->dtor)
		nb->dtor(nb);
	else if (nb->a)
		uk_free(nb->a, nb);
}

int uk_netbuf_header(struct uk_netbuf *nb, long delta)
{
	UK_ASSERT(nb);
	if (delta > 0 && (size_t)delta > uk_netbuf_headroom(nb))
		return -ENOSPC;
	if (delta < 0 && (size_t)-delta > nb->len)
		return -ENOSPC;
	nb->data = (char *)nb->data - delta;
	nb->len += delta;
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues with validation of everything the device writes
 * (uk/virtqueue.h). Memory ordering with the device uses the compiler's
 * fences: the device is another agent on coherent memory (QEMU's I/O
 * threads, or a host CPU under KVM).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/virtio.h>
#include <uk/arch/paging.h>

#define FAULT_MSG_MAX	160

#define RING_ALIGN	4096	/* used ring on its own page */
#define USED_ALIGN	4

/* Accesses to shared ring memory: exactly once, never torn. */
#define SHARED_LOAD(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define SHARED_STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

static inline void fence_acquire(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

static inline void fence_release(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void fence_full(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static size_t avail_size(uint16_t num)
{
	/* flags, idx, ring[num], used_event */
	return 2 * sizeof(uint16_t) + (num + 1) * sizeof(uint16_t);
}

static size_t used_size(uint16_t num)
{
	/* flags, idx, ring[num], avail_event */
	return 2 * sizeof(uint16_t) + num * sizeof(struct vring_used_elem) +
	       sizeof(uint16_t);
}

static size_t used_offset(uint16_t num)
{
	return UK_ALIGN_UP(num * sizeof(struct vring_desc) + avail_size(num),
			   RING_ALIGN);
}

size_t virtqueue_ring_size(uint16_t num)
{
	return used_offset(num) + UK_ALIGN_UP(used_size(num), USED_ALIGN);
}

static uint16_t *used_event(struct virtqueue *vq)
{
	return &vq->avail->ring[vq->num];
}

static uint16_t *avail_event(struct virtqueue *vq)
{
	return (uint16_t *)&vq->used->ring[vq->num];
}

void virtqueue_init(struct virtqueue *vq, struct virtio_dev *dev,
		    uint16_t index, uint16_t num, void *ring,
		    struct virtqueue_slot *slot, bool event_idx)
{
	uint16_t i;

	memset(vq, 0, sizeof(*vq));
	vq->dev = dev;
	vq->index = index;
	vq->num = num;
	vq->desc = ring;
	vq->avail = (struct vring_avail *)((char *)ring +
					   num * sizeof(struct vring_desc));
	vq->used = (struct vring_used *)((char *)ring + used_offset(num));
	vq->slot = slot;
	vq->event_idx = event_idx;
	memset(slot, 0, num * sizeof(*slot));
	for (i = 0; i < num; i++)
		slot[i].next = i + 1;
	vq->free_head = 0;
	vq->num_free = num;
	virtqueue_intr_disable(vq);
}

static bool vq_broken(const struct virtqueue *vq)
{
	return vq->dev->broken;
}

unsigned int virtqueue_free(const struct virtqueue *vq)
{
	return vq_broken(vq) ? 0 : vq->num_free;
}

/*
 * The device address of a page of the remap window, which first gets
 * its frame if it has none yet (demand paging, uk/arch/paging.h): a
 * device must never be handed an unpopulated page.
 */
static unsigned long window_phys(unsigned long va)
{
	unsigned long pa = ukarch_virt_to_phys(va);

	if (pa == UKARCH_NO_PHYS && ukarch_page_fill(va, 0) == 0)
		pa = ukarch_virt_to_phys(va);
	return pa;
}

/*
 * The device address of [@va, +@len), and in *@run how many of its
 * bytes from @va are one run of frames: all of them in the identity map;
 * buffers in the remap window (the program's mappings, whose pages may
 * each have a frame of their own) are translated page by page.
 * UKARCH_NO_PHYS when a page has no frame and cannot get one.
 */
static uint64_t dma_run(uint64_t va, uint32_t len, uint32_t *run)
{
	unsigned long pa, p;

	*run = len;
	if (!ukarch_in_remap_window(va))
		return va;	/* the identity map */
	pa = window_phys(va);
	if (pa == UKARCH_NO_PHYS)
		return UKARCH_NO_PHYS;
	for (p = UK_ALIGN_DOWN(va, UK_PAGE_SIZE) + UK_PAGE_SIZE; p < va + len;
	     p += UK_PAGE_SIZE)
		if (window_phys(p) != pa + (p - va)) {
			*run = (uint32_t)(p - va);
			break;
		}
	return pa;
}

/*
 * Descriptors [@seg, +@n) take: one per run of frames. A page that
 * cannot get a frame: -EFAULT.
 */
static int dma_count(const struct virtqueue_seg *seg, unsigned int n)
{
	unsigned int i;
	int count = 0;

	for (i = 0; i < n; i++) {
		uint64_t va = seg[i].addr;
		uint32_t left = seg[i].len, run;

		while (left) {
			if (dma_run(va, left, &run) == UKARCH_NO_PHYS)
				return -EFAULT;
			va += run;
			left -= run;
			count++;
		}
	}
	return count;
}

int virtqueue_add(struct virtqueue *vq, const struct virtqueue_seg *seg,
		  unsigned int nout, unsigned int nin, void *cookie)
{
	unsigned int n = nout + nin, i, k, nd;
	uint16_t head, d;
	uint32_t in_bytes = 0;
	int count;

	if (vq_broken(vq))
		return -EIO;
	if (!n || !cookie || n > vq->num)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!seg[i].len)
			return -EINVAL;
	/* a segment may need a descriptor per run of frames */
	count = dma_count(seg, n);
	if (count < 0)
		return count;
	nd = (unsigned int)count;
	if (nd > vq->num)
		return -EINVAL;
	if (nd > vq->num_free)
		return -ENOSPC;
	head = d = vq->free_head;
	for (i = 0, k = 0; i < n; i++) {
		uint64_t va = seg[i].addr;
		uint32_t left = seg[i].len, run;

		if (i >= nout)
			in_bytes += seg[i].len;	/* n <= num: no overflow */
		while (left) {
			struct vring_desc *desc = &vq->desc[d];

			desc->addr = dma_run(va, left, &run);
			/* (pages unmapped meanwhile by another thread) */
			if (desc->addr == UKARCH_NO_PHYS || k == nd)
				return -EFAULT;	/* nothing published yet */
			desc->len = run;
			desc->flags = (i >= nout ? VRING_DESC_F_WRITE : 0) |
				      (k + 1 < nd ? VRING_DESC_F_NEXT : 0);
			desc->next = k + 1 < nd ? vq->slot[d].next : 0;
			d = vq->slot[d].next;
			k++;
			va += run;
			left -= run;
		}
	}
	if (k != nd)
		return -EFAULT;
	vq->free_head = d;
	vq->num_free -= nd;
	vq->slot[head].cookie = cookie;
	vq->slot[head].chain_len = nd;
	vq->slot[head].in_bytes = in_bytes;
	vq->in_flight++;
	SHARED_STORE(vq->avail->ring[vq->avail_idx & (vq->num - 1)], head);
	/* the descriptors and the ring entry before the index */
	fence_release();
	vq->avail_idx++;
	SHARED_STORE(vq->avail->idx, vq->avail_idx);
	return 0;
}

/* virtio 1.x 2.7.10.2: notify when new passes event since old. */
static bool need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

int virtqueue_kick(struct virtqueue *vq)
{
	uint16_t old = vq->kicked_idx, new_idx = vq->avail_idx;
	bool notify;

	if (vq_broken(vq))
		return -EIO;
	if (old == new_idx)
		return 0;
	/* our index store before the device's suppression word load */
	fence_full();
	if (vq->event_idx)
		notify = need_event(SHARED_LOAD(*avail_event(vq)), new_idx,
				    old);
	else
		notify = !(SHARED_LOAD(vq->used->flags) &
			   VRING_USED_F_NO_NOTIFY);
	vq->kicked_idx = new_idx;
	if (!notify)
		return 0;
	vq->dev->ops->vq_notify(vq->dev, vq->index);
	return 1;
}

bool virtqueue_pending(const struct virtqueue *vq)
{
	return !vq_broken(vq) &&
	       SHARED_LOAD(vq->used->idx) != vq->last_used;
}

static int vq_fault(struct virtqueue *vq, const char *what, unsigned int a,
		    unsigned int b)
{
	virtio_dev_broken(vq->dev, "queue %u: %s (%u, %u)", vq->index, what,
			  a, b);
	return -EIO;
}

static void chain_free(struct virtqueue *vq, uint16_t head)
{
	struct virtqueue_slot *s = &vq->slot[head];
	uint16_t tail = head, i;

	/* our private links, never the descriptors the device could touch */
	for (i = 1; i < s->chain_len; i++)
		tail = vq->slot[tail].next;
	vq->slot[tail].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += s->chain_len;
	vq->in_flight--;
	s->cookie = NULL;
	s->chain_len = 0;
	s->in_bytes = 0;
}

int virtqueue_get(struct virtqueue *vq, void **cookie, uint32_t *len)
{
	uint16_t used_idx, pending;
	uint32_t id, elen;
	struct vring_used_elem *e;

	if (vq_broken(vq))
		return -EIO;
	used_idx = SHARED_LOAD(vq->used->idx);
	pending = used_idx - vq->last_used;
	if (!pending)
		return 0;
	if (pending > vq->in_flight)
		return vq_fault(vq, "used index ran ahead of the buffers in flight (index, in flight)",
				used_idx, vq->in_flight);
	/* the entry is read after the index that published it */
	fence_acquire();
	e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	id = SHARED_LOAD(e->id);
	elen = SHARED_LOAD(e->len);
	if (id >= vq->num)
		return vq_fault(vq, "used id out of range (id, queue size)",
				id, vq->num);
	if (!vq->slot[id].cookie)
		return vq_fault(vq, "used id is not a chain in flight (id, used index)",
				id, vq->last_used);
	if (elen > vq->slot[id].in_bytes)
		return vq_fault(vq, "used length larger than offered (length, offered)",
				elen, vq->slot[id].in_bytes);
	*cookie = vq->slot[id].cookie;
	*len = elen;
	chain_free(vq, id);
	vq->last_used++;
	if (vq->event_idx && vq->intr_on) {
		SHARED_STORE(*used_event(vq), vq->last_used);
		/*
		 * The store before the next load of the device's index, as in
		 * virtqueue_intr_enable. Else (a store-load reordering, the
		 * host's store buffer under TCG) the device can read the old
		 * event and not interrupt while our next load still sees the
		 * old index: an entry then waits for ever. It was the
		 * console's control queue, a port's close (stdin's end of
		 * file) lost about once in 200 boots under load.
		 */
		fence_full();
	}
	return 1;
}

int virtqueue_intr_enable(struct virtqueue *vq)
{
	if (vq_broken(vq))
		return -EIO;
	vq->intr_on = true;
	if (vq->event_idx)
		SHARED_STORE(*used_event(vq), vq->last_used);
	else
		SHARED_STORE(vq->avail->flags, 0);
	/* our store before the load of the device's index */
	fence_full();
	return SHARED_LOAD(vq->used->idx) != vq->last_used;
}

void virtqueue_intr_disable(struct virtqueue *vq)
{
	vq->intr_on = false;
	if (vq_broken(vq))
		return;
	/* with the event index: an event half the index space away */
	if (vq->event_idx)
		SHARED_STORE(*used_event(vq), vq->last_used + 0x8000);
	SHARED_STORE(vq->avail->flags, VRING_AVAIL_F_NO_INTERRUPT);
}

int virtqueue_intr(struct virtqueue *vq)
{
	if (!vq->intr_on || !virtqueue_pending(vq) || !vq->callback)
		return 0;
	vq->callback(vq, vq->cb_arg);
	return 1;
}

void virtio_dev_broken(struct virtio_dev *dev, const char *fmt, ...)
{
	char msg[FAULT_MSG_MAX];
	va_list ap;

	if (dev->broken)
		return;
	dev->broken = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	uk_pr_err("virtio: %s: %s; device disabled\n", dev->name, msg);
	if (dev->irq_on && dev->ops->irq_disable) {
		dev->irq_on = false;
		dev->ops->irq_disable(dev);
	}
}

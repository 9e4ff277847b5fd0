/* SPDX-License-Identifier: BSD-3-Clause */
/* Intrusive circular doubly-linked list. */
#ifndef __UK_LIST_H__
#define __UK_LIST_H__

#include <uk/essentials.h>

struct uk_list_head {
	struct uk_list_head *next, *prev;
};

#define UK_LIST_HEAD_INIT(name) { &(name), &(name) }
#define UK_LIST_HEAD(name) struct uk_list_head name = UK_LIST_HEAD_INIT(name)

static inline void uk_list_init(struct uk_list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline void __uk_list_insert(struct uk_list_head *n,
				    struct uk_list_head *prev,
				    struct uk_list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* Insert @n right after @h (stack order). */
static inline void uk_list_add(struct uk_list_head *n, struct uk_list_head *h)
{
	__uk_list_insert(n, h, h->next);
}

/* Insert @n right before @h (queue order). */
static inline void uk_list_add_tail(struct uk_list_head *n,
				    struct uk_list_head *h)
{
	__uk_list_insert(n, h->prev, h);
}

static inline void uk_list_del(struct uk_list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	e->next = e;
	e->prev = e;
}

static inline int uk_list_empty(const struct uk_list_head *h)
{
	return h->next == h;
}

#define uk_list_entry(ptr, type, member) __containerof(ptr, type, member)
#define uk_list_first_entry(h, type, member) \
	uk_list_entry((h)->next, type, member)

#define uk_list_for_each(p, h) \
	for ((p) = (h)->next; (p) != (h); (p) = (p)->next)
#define uk_list_for_each_safe(p, n, h) \
	for ((p) = (h)->next, (n) = (p)->next; (p) != (h); \
	     (p) = (n), (n) = (p)->next)

/* Iterate over the entries of type @type linked by @member. */
#define uk_list_for_each_entry(e, h, member)				\
	for ((e) = uk_list_entry((h)->next, __typeof__(*(e)), member);	\
	     &(e)->member != (h);					\
	     (e) = uk_list_entry((e)->member.next, __typeof__(*(e)), member))

/* Same, allowing removal of @e while iterating (@n: lookahead). */
#define uk_list_for_each_entry_safe(e, n, h, member)			\
	for ((e) = uk_list_entry((h)->next, __typeof__(*(e)), member),	\
	     (n) = uk_list_entry((e)->member.next, __typeof__(*(e)), member); \
	     &(e)->member != (h);					\
	     (e) = (n),							\
	     (n) = uk_list_entry((n)->member.next, __typeof__(*(e)), member))

#endif /* __UK_LIST_H__ */

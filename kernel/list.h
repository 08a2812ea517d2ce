/*
 * list.h -- intrusive circular doubly-linked lists.
 */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
	struct list *next, *prev;
};

#define LIST_INIT(name) { &(name), &(name) }
#define container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))
#define list_entry(p, type, member) container_of(p, type, member)
#define list_first(l, type, member) list_entry((l)->next, type, member)
#define list_for_each(pos, l) \
	for ((pos) = (l)->next; (pos) != (l); (pos) = (pos)->next)
#define list_for_each_safe(pos, n, l) \
	for ((pos) = (l)->next, (n) = (pos)->next; (pos) != (l); \
	     (pos) = (n), (n) = (pos)->next)

static inline void
list_init(struct list *l)
{
	l->next = l->prev = l;
}

static inline bool
list_empty(const struct list *l)
{
	return l->next == l;
}

static inline void
list_insert_between(struct list *n, struct list *prev, struct list *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* Insert n at the front of l. */
static inline void
list_push(struct list *l, struct list *n)
{
	list_insert_between(n, l, l->next);
}

/* Insert n at the back of l. */
static inline void
list_append(struct list *l, struct list *n)
{
	list_insert_between(n, l->prev, l);
}

/* Insert n just before pos. */
static inline void
list_insert_before(struct list *pos, struct list *n)
{
	list_insert_between(n, pos->prev, pos);
}

/* Unlink n; it is left pointing at itself (list_empty(n) is true). */
static inline void
list_remove(struct list *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	n->next = n->prev = n;
}

#endif

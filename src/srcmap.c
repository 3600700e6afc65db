#include "config.h"
#include "srcmap.h"
#include "util.h"

#include <stdlib.h>

static size_t hash_ptr(const void *p, size_t mask)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x & mask;
}

void srcmap_init(struct srcmap *m)
{
	m->slots = NULL;
	m->n = m->cap = 0;
}

void srcmap_free(struct srcmap *m)
{
	free(m->slots);
	srcmap_init(m);
}

static struct srcmap_slot *find(const struct srcmap *m, const void *key)
{
	size_t mask = m->cap - 1;
	for (size_t i = hash_ptr(key, mask);; i = (i + 1) & mask)
		if (m->slots[i].key == key || !m->slots[i].key)
			return &m->slots[i];
}

static void grow(struct srcmap *m)
{
	struct srcmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 1024;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key) {
			*find(m, old.slots[i].key) = old.slots[i];
			m->n++;
		}
	free(old.slots);
}

void srcmap_put(struct srcmap *m, const void *node, struct srcpos pos)
{
	if ((m->n + 1) * 4 >= m->cap * 3)
		grow(m);
	struct srcmap_slot *s = find(m, node);
	if (!s->key)
		m->n++;
	s->key = node;
	s->pos = pos;
}

void srcmap_set_key(struct srcmap *m, const void *node, uint32_t kline, uint32_t kcol)
{
	if (!m->cap)
		return;
	struct srcmap_slot *s = find(m, node);
	if (s->key) {
		s->pos.kline = kline;
		s->pos.kcol = kcol;
	}
}

bool srcmap_get(const struct srcmap *m, const void *node, struct srcpos *out)
{
	if (!m->cap || !node)
		return false;
	const struct srcmap_slot *s = find(m, node);
	if (!s->key)
		return false;
	*out = s->pos;
	return true;
}

/* srcmap.h: where each node of a loaded document came from.
 *
 * jansson nodes carry no positions, so the loader records them here, keyed
 * by node address.  A map belongs to one loaded file and is valid while that
 * file's nodes are alive (addresses may be reused after they are freed). */
#ifndef CRDC_SRCMAP_H
#define CRDC_SRCMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct srcpos {
	uint32_t line, col;	/* the node itself (1-based) */
	uint32_t kline, kcol;	/* the key it was stored under, 0 if none */
};

struct srcmap {
	struct srcmap_slot {
		const void *key;
		struct srcpos pos;
	} *slots;
	size_t n, cap;
};

void srcmap_init(struct srcmap *m);
void srcmap_free(struct srcmap *m);
/* Inserts or replaces. */
void srcmap_put(struct srcmap *m, const void *node, struct srcpos pos);
/* Sets only the key position of an already recorded node. */
void srcmap_set_key(struct srcmap *m, const void *node, uint32_t kline, uint32_t kcol);
bool srcmap_get(const struct srcmap *m, const void *node, struct srcpos *out);

#endif

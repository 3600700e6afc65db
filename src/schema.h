/* schema.h: walking JSON Schema trees by their schema-valued keywords only,
 * so that data (a default, an enum value, a property named "$ref") is never
 * mistaken for schema. */
#ifndef CRDC_SCHEMA_H
#define CRDC_SCHEMA_H

#include <jansson.h>

#include "util.h"

/* One direct subschema: where it lives, so a visitor can replace it with
 * json_object_set(_new) / json_array_set(_new) on the container. */
struct subschema {
	json_t *node;		/* borrowed */
	json_t *container;	/* borrowed: the object or array holding node */
	const char *slot;	/* the keyword: "properties", "items", "allOf", ... */
	const char *member;	/* property name (maps), NULL otherwise */
	size_t index;		/* position in arrays of schemas */
	bool in_array;		/* container is an array */
};

typedef void (*schema_visit_fn)(const struct subschema *s, void *ctx);

/* Calls fn for each direct subschema of node, keywords in sorted order.
 * fn may replace the child it is given but must not add or remove keywords
 * of node. */
void schema_each_child(json_t *node, schema_visit_fn fn, void *ctx);

/* Appends the JSON Pointer step(s) from a schema to its child s. */
void schema_child_path(struct buf *path, const struct subschema *s);

#endif

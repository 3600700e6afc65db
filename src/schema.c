#include "config.h"
#include "schema.h"
#include "jsonutil.h"
#include "k8stable.h"

#include <stdlib.h>

static void visit_map(json_t *map, const char *slot, schema_visit_fn fn, void *ctx)
{
	if (!json_is_object(map))
		return;
	size_t n;
	struct json_member *m = json_sorted_members(map, &n);
	for (size_t i = 0; i < n; i++) {
		if (!json_is_object(m[i].value))
			continue;
		struct subschema s = {m[i].value, map, slot, m[i].key, 0, false};
		fn(&s, ctx);
	}
	free(m);
}

static void visit_array(json_t *arr, const char *slot, schema_visit_fn fn, void *ctx)
{
	size_t i;
	json_t *child;
	json_array_foreach(arr, i, child) {
		if (!json_is_object(child))
			continue;
		struct subschema s = {child, arr, slot, NULL, i, true};
		fn(&s, ctx);
	}
}

void schema_each_child(json_t *node, schema_visit_fn fn, void *ctx)
{
	if (!json_is_object(node))
		return;
	size_t n;
	struct json_member *m = json_sorted_members(node, &n);
	for (size_t i = 0; i < n; i++) {
		json_t *v = m[i].value;
		const char *key = m[i].key;
		struct subschema s = {v, node, key, NULL, 0, false};
		switch (k8s_schema_slot(key)) {
		case SLOT_SCHEMA_MAP:
			visit_map(v, key, fn, ctx);
			break;
		case SLOT_SCHEMA_ARRAY:
			if (json_is_array(v))
				visit_array(v, key, fn, ctx);
			break;
		case SLOT_SCHEMA_OR_ARRAY:
			if (json_is_array(v))
				visit_array(v, key, fn, ctx);
			else if (json_is_object(v))
				fn(&s, ctx);
			break;
		case SLOT_SCHEMA:
		case SLOT_SCHEMA_OR_BOOL:
			if (json_is_object(v))
				fn(&s, ctx);
			break;
		case SLOT_DEPENDENCIES: {
			/* Values are schemas or arrays of property names. */
			if (!json_is_object(v))
				break;
			visit_map(v, key, fn, ctx);
			break;
		}
		case SLOT_NONE:
			break;
		}
	}
	free(m);
}

void schema_child_path(struct buf *path, const struct subschema *s)
{
	ptr_append(path, s->slot);
	if (s->member)
		ptr_append(path, s->member);
	else if (s->in_array)
		ptr_append_index(path, s->index);
}

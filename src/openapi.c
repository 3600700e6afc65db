#include "config.h"
#include "openapi.h"
#include "jsonutil.h"
#include "k8stable.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

json_t *openapi_definitions(json_t *doc, int *major)
{
	json_t *defs = json_object_get(doc, "definitions");
	if (json_is_object(defs)) {
		*major = 2;
		return defs;
	}
	defs = json_object_get(json_object_get(doc, "components"), "schemas");
	if (json_is_object(defs)) {
		*major = 3;
		return defs;
	}
	return NULL;
}

const char *openapi_ref_name(const char *ref)
{
	static const char *const prefixes[] = {"#/definitions/", "#/components/schemas/"};
	for (size_t i = 0; i < 2; i++)
		if (str_has_prefix(ref, prefixes[i]) && ref[strlen(prefixes[i])] &&
		    !strchr(ref + strlen(prefixes[i]), '/'))
			return ref + strlen(prefixes[i]);
	return NULL;
}

/* In place on a private copy: refs, allOf wrappers, unknown keys. */
static void normalize_node(const struct subschema *s, void *ctx);

static void normalize_schema(json_t *node)
{
	/* allOf: [{$ref: X}] beside other keys is v3's way of describing a ref. */
	json_t *all = json_object_get(node, "allOf");
	if (json_is_array(all) && json_array_size(all) == 1 && !json_object_get(node, "$ref")) {
		json_t *only = json_array_get(all, 0);
		json_t *ref = json_object_get(only, "$ref");
		if (json_is_string(ref) && json_object_size(only) == 1) {
			json_object_set(node, "$ref", ref);
			json_object_del(node, "allOf");
		}
	}
	/* An inline int-or-string: v2's {type: string, format: int-or-string}
	 * or v3's {oneOf: [integer, string], format: int-or-string}. */
	if (json_is_string(json_object_get(node, "format")) &&
	    strcmp(json_string_value(json_object_get(node, "format")), "int-or-string") == 0) {
		json_object_del(node, "format");
		json_object_del(node, "type");
		json_object_del(node, "oneOf");
		json_object_set_new(node, "x-kubernetes-int-or-string", json_true());
		json_object_set_new(node, "anyOf", json_pack("[{s:s},{s:s}]", "type", "integer", "type", "string"));
	}
	json_t *ref = json_object_get(node, "$ref");
	if (json_is_string(ref)) {
		const char *name = openapi_ref_name(json_string_value(ref));
		if (name)
			json_object_set_new(node, "$ref", json_string(name));
	}
	/* Collect first: deleting while iterating is not allowed. */
	size_t n;
	const char **keys = json_sorted_keys(node, &n);
	for (size_t i = 0; i < n; i++)
		if (!k8s_is_schema_key(keys[i]))
			json_object_del(node, keys[i]);
	free(keys);
	schema_each_child(node, normalize_node, NULL);
}

static void normalize_node(const struct subschema *s, void *ctx)
{
	(void)ctx;
	normalize_schema(s->node);
}

/* Copies `default`s from v3 into the matching places of v2. */
static void lend_defaults(json_t *to, const json_t *from, int depth)
{
	if (!json_is_object(to) || !json_is_object(from) || depth > 64)
		return;
	json_t *d = json_object_get(from, "default");
	if (d && !json_object_get(to, "default"))
		json_object_set(to, "default", d);
	static const char *const maps[] = {"properties", NULL};
	for (const char *const *m = maps; *m; m++) {
		json_t *tp = json_object_get(to, *m), *fp = json_object_get(from, *m);
		const char *k;
		json_t *v;
		json_object_foreach(tp, k, v)
			lend_defaults(v, json_object_get(fp, k), depth + 1);
	}
	lend_defaults(json_object_get(to, "items"), json_object_get(from, "items"), depth + 1);
	lend_defaults(json_object_get(to, "additionalProperties"), json_object_get(from, "additionalProperties"),
		      depth + 1);
}

static json_t *zero_for_type(const char *type)
{
	if (!type)
		return NULL;
	if (strcmp(type, "string") == 0)
		return json_string("");
	if (strcmp(type, "integer") == 0)
		return json_integer(0);
	if (strcmp(type, "number") == 0)
		return json_real(0);
	if (strcmp(type, "boolean") == 0)
		return json_false();
	return NULL;
}

static bool array_has_string(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach((json_t *)arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

struct listmap_ctx {
	json_t *defs;		/* normalised set being finished */
	json_t *needed;		/* "def\nprop" -> true: defaults list-map keys depend on */
};

/* Makes every key of a list-map list required or defaulted.  The item
 * schema is either a ref to a definition (the usual case) or inline. */
static void fix_listmap(struct listmap_ctx *c, json_t *list)
{
	json_t *keys = json_object_get(list, "x-kubernetes-list-map-keys");
	json_t *items = json_object_get(list, "items");
	if (!json_is_array(keys) || !json_is_object(items))
		return;
	const char *defname = json_string_value(json_object_get(items, "$ref"));
	json_t *item = defname ? json_object_get(c->defs, defname) : items;
	if (!json_is_object(item))
		return;
	json_t *req = json_object_get(item, "required");
	json_t *props = json_object_get(item, "properties");
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k) {
		const char *key = json_string_value(k);
		json_t *prop = key ? json_object_get(props, key) : NULL;
		if (!json_is_object(prop) || (json_is_array(req) && array_has_string(req, key)))
			continue;
		if (!json_object_get(prop, "default")) {
			const char *text = defname ? k8s_listmap_default(defname, key) : NULL;
			json_t *d = text ? json_loads(text, JSON_DECODE_ANY, NULL)
					 : zero_for_type(json_string_value(json_object_get(prop, "type")));
			if (d)
				json_object_set_new(prop, "default", d);
		}
		if (defname) {
			char *id = xasprintf("%s\n%s", defname, key);
			json_object_set_new(c->needed, id, json_true());
			free(id);
		} else {
			/* Inline item: mark the node itself by address. */
			char *id = xasprintf("@%p", (void *)prop);
			json_object_set_new(c->needed, id, json_true());
			free(id);
		}
	}
}

static void find_listmaps(const struct subschema *s, void *ctx)
{
	if (json_object_get(s->node, "x-kubernetes-list-map-keys"))
		fix_listmap(ctx, s->node);
	schema_each_child(s->node, find_listmaps, ctx);
}

struct zero_ctx {
	json_t *needed;
	const char *defname;	/* set for the direct properties of a definition */
	bool top;
};

static void drop_zero_defaults(const struct subschema *s, void *ctx);

static void drop_zero_defaults_in(json_t *node, const char *defname, const char *prop, json_t *needed)
{
	json_t *d = json_object_get(node, "default");
	if (d && json_is_zero(d)) {
		char *id = prop ? xasprintf("%s\n%s", defname, prop) : NULL;
		char *self = xasprintf("@%p", (void *)node);
		if (!(id && json_object_get(needed, id)) && !json_object_get(needed, self))
			json_object_del(node, "default");
		free(id);
		free(self);
	}
	struct zero_ctx c = {needed, defname, false};
	schema_each_child(node, drop_zero_defaults, &c);
}

static void drop_zero_defaults(const struct subschema *s, void *ctx)
{
	struct zero_ctx *c = ctx;
	drop_zero_defaults_in(s->node, c->defname, c->top && strcmp(s->slot, "properties") == 0 ? s->member : NULL,
			      c->needed);
}

json_t *openapi_normalize(const json_t *defs, const json_t *defaults_from)
{
	json_t *out = json_object();
	const char *name;
	json_t *def;
	json_object_foreach((json_t *)defs, name, def) {
		if (!json_is_object(def))
			continue;
		json_t *copy = json_deep_copy(def);
		normalize_schema(copy);
		json_object_set_new(out, name, copy);
	}
	if (defaults_from) {
		json_t *from = openapi_normalize(defaults_from, NULL);
		json_object_foreach(out, name, def)
			lend_defaults(def, json_object_get(from, name), 0);
		json_decref(from);
	}
	struct listmap_ctx lc = {out, json_object()};
	json_object_foreach(out, name, def) {
		struct subschema s = {def, out, "", name, 0, false};
		find_listmaps(&s, &lc);
	}
	json_object_foreach(out, name, def) {
		json_t *d = json_object_get(def, "default");
		if (d && json_is_zero(d))
			json_object_del(def, "default");
		struct zero_ctx zc = {lc.needed, name, true};
		schema_each_child(def, drop_zero_defaults, &zc);
	}
	json_decref(lc.needed);
	return out;
}

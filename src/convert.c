#include "config.h"
#include "convert.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

struct cctx {
	const struct resolve_opts *o;
	bool in_junctor;	/* inside allOf/anyOf/oneOf/not: no types may be added */
};

char *convert_truncate(const char *desc, unsigned max)
{
	size_t n = strlen(desc);
	if (n <= max)
		return xstrdup(desc);
	size_t cut = max;
	/* Never split a UTF-8 sequence. */
	while (cut > 0 && ((unsigned char)desc[cut] & 0xC0) == 0x80)
		cut--;
	for (size_t i = cut; i-- > 0;)
		if (desc[i] == '.' || desc[i] == '!' || desc[i] == '?')
			return xstrndup(desc, i + 1);
	for (size_t i = cut; i-- > 0;)
		if (desc[i] == ' ' || desc[i] == '\n' || desc[i] == '\t')
			return xasprintf("%.*s...", (int)i, desc);
	return xasprintf("%.*s...", (int)cut, desc);
}

static bool is_true(json_t *node, const char *key)
{
	return json_is_true(json_object_get(node, key));
}

static void convert_node(json_t *node, const struct cctx *c);

static void visit(const struct subschema *s, void *ctx)
{
	const struct cctx *c = ctx;
	struct cctx cc = *c;
	if (!strcmp(s->slot, "allOf") || !strcmp(s->slot, "anyOf") || !strcmp(s->slot, "oneOf") ||
	    !strcmp(s->slot, "not"))
		cc.in_junctor = true;
	else if (!strcmp(s->slot, "properties") || !strcmp(s->slot, "items") ||
		 !strcmp(s->slot, "additionalProperties"))
		cc.in_junctor = false;
	convert_node(s->node, &cc);
}

static void convert_description(json_t *node, const struct resolve_opts *o)
{
	json_t *d = json_object_get(node, "description");
	if (!json_is_string(d))
		return;
	if (o->desc == DESC_STRIP_ALL || (o->desc == DESC_TRUNCATE && o->desc_max == 0)) {
		json_object_del(node, "description");
	} else if (o->desc == DESC_TRUNCATE && json_string_length(d) > o->desc_max) {
		char *t = convert_truncate(json_string_value(d), o->desc_max);
		json_object_set_new(node, "description", json_string(t));
		free(t);
	}
}

static void convert_node(json_t *node, const struct cctx *c)
{
	convert_description(node, c->o);
	const char *type = json_string_value(json_object_get(node, "type"));
	if (type && strcmp(type, "array") != 0) {
		json_object_del(node, "x-kubernetes-list-type");
		json_object_del(node, "x-kubernetes-list-map-keys");
	}
	if (!json_object_get(node, "type") && !c->in_junctor && !is_true(node, "x-kubernetes-int-or-string") &&
	    !is_true(node, "x-kubernetes-preserve-unknown-fields")) {
		if (json_object_get(node, "properties") || json_object_get(node, "additionalProperties"))
			json_object_set_new(node, "type", json_string("object"));
		else if (json_object_get(node, "items"))
			json_object_set_new(node, "type", json_string("array"));
	}
	schema_each_child(node, visit, (void *)c);
}

/* The API server allows the root's metadata to say only that it is an
 * object and to restrict name and generateName. */
static void reduce_root_metadata(json_t *schema)
{
	json_t *props = json_object_get(schema, "properties");
	json_t *meta = json_object_get(props, "metadata");
	if (!json_is_object(meta))
		return;
	json_t *out = json_pack("{s:s}", "type", "object");
	json_t *mp = json_object_get(meta, "properties");
	json_t *keep = json_object();
	static const char *const allowed[] = {"name", "generateName"};
	for (size_t i = 0; i < 2; i++) {
		json_t *p = json_object_get(mp, allowed[i]);
		if (!json_is_object(p))
			continue;
		json_t *cp = json_deep_copy(p);
		json_object_del(cp, "default");
		json_object_del(cp, "description");
		/* Only restrictions are worth keeping; a bare {type: string}
		 * (as ObjectMeta has) says nothing. */
		json_t *t = json_object_get(cp, "type");
		if (json_object_size(cp) == (t ? 1u : 0u)) {
			json_decref(cp);
			continue;
		}
		json_object_set_new(keep, allowed[i], cp);
	}
	if (json_object_size(keep))
		json_object_set_new(out, "properties", keep);
	else
		json_decref(keep);
	json_object_set_new(props, "metadata", out);
}

void convert_schema(json_t *schema, const struct resolve_opts *o, bool root)
{
	struct cctx c = {o, false};
	if (root) {
		reduce_root_metadata(schema);
		if (!json_object_get(schema, "type") && !is_true(schema, "x-kubernetes-preserve-unknown-fields"))
			json_object_set_new(schema, "type", json_string("object"));
	}
	convert_node(schema, &c);
}

void convert_crd(json_t *crd, const struct resolve_opts *o)
{
	json_t *spec = json_object_get(crd, "spec");
	json_t *versions = json_object_get(spec, "versions");
	size_t i;
	json_t *v;
	json_array_foreach(versions, i, v) {
		json_t *s = json_object_get(json_object_get(v, "schema"), "openAPIV3Schema");
		if (json_is_object(s))
			convert_schema(s, o, true);
	}
	json_t *s = json_object_get(json_object_get(spec, "validation"), "openAPIV3Schema");
	if (json_is_object(s))
		convert_schema(s, o, true);
}

/* The rules for a version's openAPIV3Schema, node by node, as the API
 * server applies them: the OpenAPI v3 checks and list/map types
 * (apis/apiextensions/validation), structural schemas
 * (apiserver/schema/validation.go, complete.go), defaults
 * (apiserver/schema/defaulting/validation.go), then crdc's own warnings
 * about types that reject what users write. */
#include "config.h"
#include "jsonutil.h"
#include "k8stable.h"
#include "lint_int.h"
#include "strfmt.h"
#include "validate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum level { L_ROOT, L_ITEM, L_FIELD };

/* What a node's place in the tree allows. */
struct sctx {
	enum level level;
	bool root;		/* the openAPIV3Schema itself */
	bool nested;		/* inside allOf/anyOf/oneOf/not */
	bool skip_nested;	/* the int-or-string anyOf: exempt from the nested rules */
	bool first_allof;	/* allOf[0] of a structural node: may hold that anyOf */
	bool meta;		/* inside a resource's TypeMeta or ObjectMeta */
	const char *no_default;	/* why a default is forbidden here, or NULL */
	const char *name;	/* the property name this schema is for, or NULL */
	const char *parent;	/* the property name of the enclosing object, or NULL */
	bool in_embedded;	/* a property of an x-kubernetes-embedded-resource object */
};

/* JSON types of JSONSchemaProps fields: s string, b boolean, i integer,
 * n number, o object, a array, S array of strings, * anything. */
struct keyword_kind {
	const char *key, *kinds;
};

static const struct keyword_kind keyword_kinds[] = {
	{"$ref", "s"}, {"$schema", "s"}, {"additionalItems", "ob"}, {"additionalProperties", "ob"}, {"allOf", "a"},
	{"anyOf", "a"}, {"default", "*"}, {"definitions", "o"}, {"dependencies", "o"}, {"description", "s"},
	{"enum", "a"}, {"example", "*"}, {"exclusiveMaximum", "b"}, {"exclusiveMinimum", "b"}, {"externalDocs", "o"},
	{"format", "s"}, {"id", "s"}, {"items", "oa"}, {"maxItems", "i"}, {"maxLength", "i"}, {"maxProperties", "i"},
	{"maximum", "n"}, {"minItems", "i"}, {"minLength", "i"}, {"minProperties", "i"}, {"minimum", "n"},
	{"multipleOf", "n"}, {"not", "o"}, {"nullable", "b"}, {"oneOf", "a"}, {"pattern", "s"},
	{"patternProperties", "o"}, {"properties", "o"}, {"required", "S"}, {"title", "s"}, {"type", "s"},
	{"uniqueItems", "b"}, {"x-kubernetes-embedded-resource", "b"}, {"x-kubernetes-int-or-string", "b"},
	{"x-kubernetes-list-map-keys", "S"}, {"x-kubernetes-list-type", "s"}, {"x-kubernetes-map-type", "s"},
	{"x-kubernetes-preserve-unknown-fields", "b"}, {"x-kubernetes-validations", "a"},
};

/* Keywords apiextensions v1 refuses, with the API server's detail. */
static const struct {
	const char *key, *detail;
} unsupported[] = {
	{"id", "id is not supported"},
	{"additionalItems", "additionalItems is not supported"},
	{"patternProperties", "patternProperties is not supported"},
	{"definitions", "definitions is not supported"},
	{"dependencies", "dependencies is not supported"},
	{"$ref", "$ref is not supported"},
	{"$schema", "OpenAPIV3Schema 'schema' is not supported"},
};

/* Keywords a junctor (allOf/anyOf/oneOf/not) must leave unset, with the
 * API server's wording; checked when the value is not the zero value. */
static const struct {
	const char *key, *detail;
} nested_forbidden[] = {
	{"type", "must be empty to be structural"},
	{"additionalProperties", "must be undefined to be structural"},
	{"default", "must be undefined to be structural"},
	{"title", "must be empty to be structural"},
	{"description", "must be empty to be structural"},
	{"nullable", "must be false to be structural"},
	{"externalDocs", "must be undefined to be structural"},
	{"x-kubernetes-preserve-unknown-fields", "must be false to be structural"},
	{"x-kubernetes-embedded-resource", "must be false to be structural"},
	{"x-kubernetes-int-or-string", "must be false to be structural"},
	{"x-kubernetes-list-map-keys", "must be empty to be structural"},
	{"x-kubernetes-list-type", "must be undefined to be structural"},
	{"x-kubernetes-map-type", "must be undefined to be structural"},
	{"x-kubernetes-validations", "must be empty to be structural"},
};

/* With the status subresource, the keywords allowed at the root, in
 * JSONSchemaProps field order (the API server reports the first other one). */
static const char *const status_root_order[] = {
	"id", "$schema", "$ref", "description", "type", "format", "title", "default", "maximum", "exclusiveMaximum",
	"minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
	"multipleOf", "enum", "maxProperties", "minProperties", "required", "items", "allOf", "oneOf", "anyOf", "not",
	"properties", "additionalProperties", "patternProperties", "dependencies", "additionalItems", "definitions",
	"externalDocs", "example", "nullable", "x-kubernetes-preserve-unknown-fields",
	"x-kubernetes-embedded-resource", "x-kubernetes-int-or-string", "x-kubernetes-list-map-keys",
	"x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-validations",
};
static const char *const status_root_allowed[] = {
	"description", "type", "format", "title", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
	"maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "required", "items",
	"properties", "externalDocs", "example", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations",
};

/* Fields Kubernetes types as IntOrString or Quantity, which a hand-written
 * `type: string` gets wrong: {parent property (NULL: any), property}. */
static const struct {
	const char *parent, *name;
	bool quantity;
} typed_fields[] = {
	{NULL, "targetPort", false}, {NULL, "maxUnavailable", false}, {NULL, "maxSurge", false},
	{NULL, "minAvailable", false}, {"httpGet", "port", false}, {"tcpSocket", "port", false},
	{"emptyDir", "sizeLimit", true}, {"resources", "limits", true}, {"resources", "requests", true},
};

static const char *const reasons[] = {"FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid",
				      "FieldValueRequired"};

/* --- helpers ---------------------------------------------------------------------------- */

/* A keyword's value; JSON null counts as absent, as for the API server.
 *
 * kw() runs some thirty times per schema node, and hashing a key each time
 * was a fifth of lint's cost.  A small cache keeps the keyword values of the
 * last few nodes, read in one pass over each.  It is emptied whenever a
 * public entry point starts, because nodes of an earlier CRD may have been
 * freed and their addresses reused; schemas are not modified while linted. */
enum { KWC_SLOTS = 4, KWC_KEYS = 24 };

static struct kwc {
	const json_t *node;
	unsigned n;
	uint64_t first;		/* bit (c & 63) for the first byte c of each key */
	const char *k[KWC_KEYS];
	const json_t *v[KWC_KEYS];
} kwc[KWC_SLOTS];
static unsigned kwc_next, kwc_last;

static void kw_reset(void)
{
	memset(kwc, 0, sizeof(kwc));
	kwc_next = kwc_last = 0;
}

static const json_t *kw(const json_t *s, const char *k)
{
	if (!json_is_object(s))
		return NULL;
	struct kwc *c = kwc[kwc_last].node == s ? &kwc[kwc_last] : NULL;
	for (unsigned i = 0; i < KWC_SLOTS && !c; i++)
		if (kwc[i].node == s)
			c = &kwc[kwc_last = i];
	if (!c) {
		if (json_object_size(s) > KWC_KEYS) {
			const json_t *v = json_object_get(s, k);
			return json_is_null(v) ? NULL : v;
		}
		kwc_last = kwc_next++ % KWC_SLOTS;
		c = &kwc[kwc_last];
		c->node = s;
		c->n = 0;
		c->first = 0;
		const char *key;
		json_t *val;
		json_object_foreach((json_t *)s, key, val) {
			c->k[c->n] = key;
			c->v[c->n++] = val;
			c->first |= (uint64_t)1 << ((unsigned char)key[0] & 63);
		}
	}
	/* Most lookups are for keywords the node does not have. */
	if (!(c->first & ((uint64_t)1 << ((unsigned char)k[0] & 63))))
		return NULL;
	for (unsigned i = 0; i < c->n; i++)
		if (c->k[i][0] == k[0] && !strcmp(c->k[i], k))
			return json_is_null(c->v[i]) ? NULL : c->v[i];
	return NULL;
}

static const char *kws(const json_t *s, const char *k)
{
	return json_string_value(kw(s, k));
}

static bool kwtrue(const json_t *s, const char *k)
{
	return json_is_true(kw(s, k));
}

static const json_t *prop(const json_t *s, const char *k)
{
	const json_t *p = json_object_get(kw(s, "properties"), k);
	return json_is_object(p) ? p : NULL;
}

/* Go's zero value for a JSONSchemaProps field: absent, false or "". */
static bool is_zero(const json_t *v)
{
	return !v || json_is_null(v) || json_is_false(v) || (json_is_string(v) && !json_string_length(v));
}

static bool in_list(const char *const *l, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(l[i], s))
			return true;
	return false;
}

static void invalid(struct lctx *c, const char *code, const char *extra, const json_t *v, const char *detail)
{
	char *val = lint_value(v);
	lint_at(c, code, extra, v, false, "Invalid value: %s: %s", val, detail);
	free(val);
}

/* Required value at extra when v is NULL, else Invalid value. */
static void required_or_invalid(struct lctx *c, const char *code, const char *extra, const json_t *v,
				const json_t *anchor, const char *detail)
{
	if (!v || (json_is_string(v) && !json_string_length(v)))
		lint_at(c, code, extra, anchor, false, "Required value: %s", detail);
	else
		invalid(c, code, extra, v, detail);
}

/* --- keys -------------------------------------------------------------------------------- */

static bool kinds_ok(const char *kinds, const json_t *v)
{
	size_t i;
	json_t *e;
	if (json_is_null(v))
		return true;
	for (const char *k = kinds; *k; k++) {
		switch (*k) {
		case '*': return true;
		case 's': if (json_is_string(v)) return true; break;
		case 'b': if (json_is_boolean(v)) return true; break;
		case 'i': if (json_is_integer(v)) return true; break;
		case 'n': if (json_is_number(v)) return true; break;
		case 'o': if (json_is_object(v)) return true; break;
		case 'a': if (json_is_array(v)) return true; break;
		case 'S':
			if (!json_is_array(v))
				break;
			json_array_foreach(v, i, e)
				if (!json_is_string(e))
					return false;
			return true;
		}
	}
	return false;
}

static const char *kinds_words(const char *kinds)
{
	static const struct {
		const char *kinds, *words;
	} w[] = {{"s", "a string"}, {"b", "a boolean"}, {"i", "an integer"}, {"n", "a number"}, {"o", "an object"},
		 {"a", "an array"}, {"S", "an array of strings"}, {"ob", "an object or a boolean"},
		 {"oa", "an object or an array"}};
	for (size_t i = 0; i < ARRAY_LEN(w); i++)
		if (!strcmp(w[i].kinds, kinds))
			return w[i].words;
	return kinds;
}

static int cmp_keyword(const void *key, const void *entry)
{
	return strcmp(key, ((const struct keyword_kind *)entry)->key);
}

/* The JSON kinds a keyword takes, NULL for a key that is not a keyword.
 * keyword_kinds is sorted by key (lint_tables_ok() checks it). */
static const char *keyword_kind(const char *key)
{
	const struct keyword_kind *e =
		bsearch(key, keyword_kinds, ARRAY_LEN(keyword_kinds), sizeof(keyword_kinds[0]), cmp_keyword);
	return e ? e->kinds : NULL;
}

bool lint_tables_ok(void)
{
	for (size_t i = 0; i < ARRAY_LEN(keyword_kinds); i++) {
		if (i && strcmp(keyword_kinds[i - 1].key, keyword_kinds[i].key) >= 0)
			return false;
		if (!k8s_is_schema_key(keyword_kinds[i].key))
			return false;
	}
	size_t n = 0;
	while (k8s_schema_keys[n])
		n++;
	return n == ARRAY_LEN(keyword_kinds);
}

static bool keys_fine(const json_t *s)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)s, key, v) {
		const char *kinds = keyword_kind(key);
		if (!kinds || !kinds_ok(kinds, v))
			return false;
	}
	return true;
}

static void check_keys(struct lctx *c, const json_t *s)
{
	/* The usual case, every key known and well typed, needs no sorting. */
	if (keys_fine(s))
		return;
	size_t n;
	const char **keys = json_sorted_keys(s, &n);
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(s, keys[i]);
		const char *kinds = keyword_kind(keys[i]);
		if (!kinds)
			lint_at(c, "schema-unknown-key", keys[i], v, true, "unknown field \"%s\": not a JSONSchemaProps field",
				keys[i]);
		else if (!kinds_ok(kinds, v))
			lint_at(c, "schema-bad-value", keys[i], v, false, "%s must be %s, not %s", keys[i],
				kinds_words(kinds), json_kind_name(v));
	}
	free(keys);
}

/* --- the OpenAPI v3 checks ------------------------------------------------------------ */

static void check_v3(struct lctx *c, const json_t *s, const struct sctx *x)
{
	static const char *const types[] = {"array", "boolean", "integer", "number", "object", "string"};
	const char *type = kws(s, "type");
	if (type && *type && !in_list(types, ARRAY_LEN(types), type))
		lint_at(c, "schema-type-invalid", "type", kw(s, "type"), false,
			"Unsupported value: \"%s\": supported values: \"array\", \"boolean\", \"integer\", \"number\", "
			"\"object\", \"string\"", type);
	if (type && !strcmp(type, "null"))
		lint_at(c, "schema-type-invalid", "type", kw(s, "type"), false,
			"Forbidden: type cannot be set to null, use nullable as an alternative");
	if (kw(s, "default") && x->no_default)
		lint_at(c, "schema-default-forbidden", "default", kw(s, "default"), true, "Forbidden: must not be set %s",
			x->no_default);
	for (size_t i = 0; i < ARRAY_LEN(unsupported); i++)
		if (kw(s, unsupported[i].key))
			lint_at(c, "schema-unsupported", unsupported[i].key, kw(s, unsupported[i].key), true, "Forbidden: %s",
				unsupported[i].detail);
	if (json_is_array(kw(s, "items")))
		lint_at(c, "schema-items-array", "items", kw(s, "items"), false,
			"Forbidden: items must be a schema object and not an array");
	if (x->meta && kwtrue(s, "x-kubernetes-embedded-resource"))
		lint_at(c, "schema-embedded-resource", "x-kubernetes-embedded-resource",
			kw(s, "x-kubernetes-embedded-resource"), false, "Forbidden: must not be used inside of resource meta");
	if (kwtrue(s, "uniqueItems"))
		lint_at(c, "schema-unique-items", "uniqueItems", kw(s, "uniqueItems"), false,
			"Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic");
	const json_t *ap = kw(s, "additionalProperties");
	if (ap && json_object_size(kw(s, "properties")) && (json_is_false(ap) || json_is_object(ap)))
		lint_at(c, "schema-additional-properties", "additionalProperties", ap, true,
			"Forbidden: additionalProperties and properties are mutual exclusive");
	if (json_is_false(kw(s, "x-kubernetes-preserve-unknown-fields")))
		lint_at(c, "schema-preserve-unknown-fields", "x-kubernetes-preserve-unknown-fields",
			kw(s, "x-kubernetes-preserve-unknown-fields"), false, "Invalid value: false: must be true or undefined");
}

static void check_map_type(struct lctx *c, const json_t *s)
{
	const json_t *mt = kw(s, "x-kubernetes-map-type");
	const char *type = kws(s, "type"), *m = json_string_value(mt);
	if (!mt)
		return;
	if (!type || strcmp(type, "object"))
		required_or_invalid(c, "schema-map-type", "type", kw(s, "type"), s,
				    "must be object if x-kubernetes-map-type is specified");
	if (m && strcmp(m, "atomic") && strcmp(m, "granular"))
		lint_at(c, "schema-map-type", "x-kubernetes-map-type", mt, false,
			"Unsupported value: \"%s\": supported values: \"atomic\", \"granular\"", m);
}

static void check_set_items(struct lctx *c, const json_t *items)
{
	const char *it = kws(items, "type");
	size_t m = lint_enter(c, "items");
	if (it && !strcmp(it, "array") && kws(items, "x-kubernetes-list-type") &&
	    strcmp(kws(items, "x-kubernetes-list-type"), "atomic"))
		invalid(c, "schema-list-type", "x-kubernetes-list-type", kw(items, "x-kubernetes-list-type"),
			"must be atomic as item of a list with x-kubernetes-list-type=set");
	else if (it && !strcmp(it, "object") &&
		 (!kws(items, "x-kubernetes-map-type") || strcmp(kws(items, "x-kubernetes-map-type"), "atomic")))
		required_or_invalid(c, "schema-list-type", "x-kubernetes-map-type", kw(items, "x-kubernetes-map-type"),
				    items, "must be atomic as item of a list with x-kubernetes-list-type=set");
	lint_leave(c, m);
}

static void check_map_keys(struct lctx *c, const json_t *s, const json_t *items)
{
	const json_t *keys = kw(s, "x-kubernetes-list-map-keys");
	size_t i, m;
	json_t *k;
	json_array_foreach(keys, i, k) {
		const char *name = json_string_value(k);
		const json_t *p = prop(items, name ? name : "");
		const char *pt = kws(p, "type");
		if (!p) {
			invalid(c, "schema-list-map-keys", "x-kubernetes-list-map-keys", keys,
				"entries must all be names of item properties");
		} else if (pt && (!strcmp(pt, "array") || !strcmp(pt, "object"))) {
			m = lint_enter(c, "items");
			size_t m2 = lint_enter(c, "properties"), m3 = lint_enter(c, name);
			invalid(c, "schema-list-map-keys", "type", kw(p, "type"),
				"must be a scalar type if parent array's x-kubernetes-list-type is map");
			lint_leave(c, m3);
			lint_leave(c, m2);
			lint_leave(c, m);
		}
		for (size_t j = 0; j < i; j++)
			if (name && json_string_value(json_array_get(keys, j)) &&
			    !strcmp(name, json_string_value(json_array_get(keys, j))))
				invalid(c, "schema-list-map-keys", "x-kubernetes-list-map-keys", keys,
					"must not contain duplicate entries");
	}
}

/* validateMapListKeysMapSet: no nullable items; map keys required or defaulted, not nullable. */
static void check_map_set_items(struct lctx *c, const json_t *s, const json_t *items, const char *lt)
{
	size_t m = lint_enter(c, "items");
	if (kwtrue(items, "nullable"))
		lint_at(c, "schema-list-type", "nullable", kw(items, "nullable"), false,
			"Forbidden: cannot be nullable when x-kubernetes-list-type is %s", lt);
	if (!strcmp(lt, "map")) {
		const json_t *keys = kw(s, "x-kubernetes-list-map-keys"), *req = kw(items, "required");
		size_t i, j;
		json_t *k, *r;
		json_array_foreach(keys, i, k) {
			const char *name = json_string_value(k);
			const json_t *p = prop(items, name ? name : "");
			bool required = false;
			if (!p)
				continue;
			json_array_foreach(req, j, r)
				required |= json_is_string(r) && !strcmp(json_string_value(r), name);
			size_t m2 = lint_enter(c, "properties"), m3 = lint_enter(c, name);
			if (!required && !kw(p, "default"))
				lint_at(c, "listmap-key-not-required", "default", p, false,
					"Required value: this property is in x-kubernetes-list-map-keys, so it must have a "
					"default or be a required property");
			if (kwtrue(p, "nullable"))
				lint_at(c, "schema-list-map-keys", "nullable", kw(p, "nullable"), false,
					"Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable");
			lint_leave(c, m3);
			lint_leave(c, m2);
		}
	}
	lint_leave(c, m);
}

static void check_list_type(struct lctx *c, const json_t *s)
{
	const json_t *ltv = kw(s, "x-kubernetes-list-type"), *items = kw(s, "items");
	const char *lt = json_string_value(ltv), *type = kws(s, "type");
	size_t nkeys = json_array_size(kw(s, "x-kubernetes-list-map-keys"));
	if (ltv && (!type || strcmp(type, "array")))
		required_or_invalid(c, "schema-list-type", "type", kw(s, "type"), s,
				    "must be array if x-kubernetes-list-type is specified");
	else if (lt && !strcmp(lt, "set") && json_is_object(items))
		check_set_items(c, items);
	if (lt && strcmp(lt, "atomic") && strcmp(lt, "set") && strcmp(lt, "map"))
		lint_at(c, "schema-list-type", "x-kubernetes-list-type", ltv, false,
			"Unsupported value: \"%s\": supported values: \"atomic\", \"set\", \"map\"", lt);
	if (nkeys && !ltv)
		lint_at(c, "schema-list-map-keys", "x-kubernetes-list-type", s, false,
			"Required value: must be map if x-kubernetes-list-map-keys is non-empty");
	else if (nkeys && (!lt || strcmp(lt, "map")))
		invalid(c, "schema-list-map-keys", "x-kubernetes-list-type", ltv,
			"must be map if x-kubernetes-list-map-keys is non-empty");
	if (lt && !strcmp(lt, "map")) {
		if (!nkeys)
			lint_at(c, "schema-list-map-keys", "x-kubernetes-list-map-keys", s, false,
				"Required value: must not be empty if x-kubernetes-list-type is map");
		if (!items)
			lint_at(c, "schema-list-type", "items", s, false,
				"Required value: must have a schema if x-kubernetes-list-type is map");
		else if (json_is_array(items))
			invalid(c, "schema-list-type", "items", items,
				"must only have a single schema if x-kubernetes-list-type is map");
		else if (!kws(items, "type") || strcmp(kws(items, "type"), "object")) {
			size_t m = lint_enter(c, "items");
			invalid(c, "schema-list-type", "type", kw(items, "type"),
				"must be object if parent array's x-kubernetes-list-type is map");
			lint_leave(c, m);
		} else
			check_map_keys(c, s, items);
	}
	if (lt && (!strcmp(lt, "set") || !strcmp(lt, "map")) && json_is_object(items))
		check_map_set_items(c, s, items, lt);
}

/* --- x-kubernetes-validations -------------------------------------------------------- */

static bool has_newline(const char *s)
{
	return s && strpbrk(s, "\r\n");
}

/* s with leading and trailing white space removed; new string. */
static char *trim(const char *s)
{
	if (!s)
		return xstrdup("");
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
		s++;
	size_t n = strlen(s);
	while (n && strchr(" \t\n\r\v\f", s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* cel.ValidFieldPath: .name, ['name'] steps through properties or
 * additionalProperties; nothing else. */
static bool field_path_valid(const json_t *s, const char *path)
{
	const char *p = path;
	while (*p) {
		char name[256];
		size_t n = 0;
		if (*p == '.') {
			p++;
			while (*p && *p != '.' && *p != '[' && *p != ']' && n < sizeof(name) - 1)
				name[n++] = *p++;
			if (!n && !*p)
				return false;
		} else if (*p == '[') {
			p++;
			if (*p != '\'')
				return false;
			for (p++; *p && !(*p == '\'' && p[-1] != '\\') && n < sizeof(name) - 1; p++)
				name[n++] = *p;
			if (*p != '\'' || p[1] != ']')
				return false;
			p += 2;
		} else {
			return false;
		}
		name[n] = 0;
		const json_t *props = kw(s, "properties"), *ap = kw(s, "additionalProperties");
		if (json_object_size(props))
			s = prop(s, name);
		else if (json_is_object(ap))
			s = ap;
		else
			return false;
		if (!s)
			return false;
	}
	return true;
}

static void check_rule(struct lctx *c, const json_t *s, const json_t *rule)
{
	const char *r = kws(rule, "rule"), *msg = kws(rule, "message"), *mexpr = kws(rule, "messageExpression");
	const char *reason = kws(rule, "reason"), *fp = kws(rule, "fieldPath");
	char *tr = trim(r), *tm = trim(msg), *te = trim(mexpr), *tf = trim(fp);
	if (!*tr)
		lint_at(c, "cel-rule", "rule", rule, false, "Required value: rule is not specified");
	else if (msg && *msg && !*tm)
		invalid(c, "cel-message", "message", kw(rule, "message"), "must be non-empty if specified");
	else if (has_newline(tm))
		invalid(c, "cel-message", "message", kw(rule, "message"), "must not contain line breaks");
	else if (has_newline(tr) && !*tm)
		lint_at(c, "cel-rule", "message", rule, false,
			"Required value: message must be specified if rule contains line breaks");
	if (mexpr && *mexpr && !*te)
		lint_at(c, "cel-message", "messageExpression", kw(rule, "messageExpression"), false,
			"Required value: messageExpression must be non-empty if specified");
	if (reason && !in_list(reasons, ARRAY_LEN(reasons), reason))
		lint_at(c, "cel-reason", "reason", kw(rule, "reason"), false,
			"Unsupported value: \"%s\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", "
			"\"FieldValueInvalid\", \"FieldValueRequired\"", reason);
	if (fp && *fp && !*tf)
		invalid(c, "cel-field-path", "fieldPath", kw(rule, "fieldPath"), "must be non-empty if specified");
	if (has_newline(fp))
		invalid(c, "cel-field-path", "fieldPath", kw(rule, "fieldPath"), "must not contain line breaks");
	if (fp && *fp && !field_path_valid(s, fp))
		invalid(c, "cel-field-path", "fieldPath", kw(rule, "fieldPath"), "must be a valid path");
	free(tr);
	free(tm);
	free(te);
	free(tf);
}

static void check_rules(struct lctx *c, const json_t *s)
{
	const json_t *rules = kw(s, "x-kubernetes-validations");
	size_t i;
	json_t *rule;
	size_t m = lint_enter(c, "x-kubernetes-validations");
	c->cel_rules += json_array_size(rules);
	json_array_foreach(rules, i, rule) {
		static const char *const fields[] = {"fieldPath", "message", "messageExpression", "optionalOldSelf",
						     "reason", "rule"};
		size_t mi = lint_enter_index(c, i);
		if (!json_is_object(rule)) {
			lint_at(c, "schema-bad-value", NULL, rule, false, "a validation rule must be an object");
			lint_leave(c, mi);
			continue;
		}
		const char *k;
		json_t *v;
		json_object_foreach(rule, k, v)
			if (!in_list(fields, ARRAY_LEN(fields), k))
				lint_at(c, "schema-unknown-key", k, v, true, "unknown field \"%s\" in a validation rule", k);
		check_rule(c, s, rule);
		lint_leave(c, mi);
	}
	lint_leave(c, m);
}

/* --- pattern and format -------------------------------------------------------------- */

static void check_pattern(struct lctx *c, const json_t *s)
{
	const json_t *p = kw(s, "pattern");
	if (!json_is_string(p) || !json_string_length(p))
		return;
	struct buf err = BUF_INIT;
	if (!re2_check(json_string_value(p), json_string_length(p), &err, NULL)) {
		char *d = xasprintf("must be a valid regular expression, but isn't: %s", err.p);
		invalid(c, "schema-pattern", "pattern", p, d);
		free(d);
	}
	buf_free(&err);
}

/* GetUnrecognizedFormats: which formats the API server ignores, by type. */
static void check_format(struct lctx *c, const json_t *s)
{
	const char *f = kws(s, "format"), *type = kws(s, "type");
	bool known;
	/* int-or-string-as-string says more about that one. */
	if (!f || !*f || !strcmp(f, "int-or-string"))
		return;
	if (!type || !*type || !strcmp(type, "string"))
		known = strfmt_known(f);
	else if (!strcmp(type, "integer"))
		known = !strcmp(f, "int32") || !strcmp(f, "int64");
	else if (!strcmp(type, "number"))
		known = !strcmp(f, "float") || !strcmp(f, "double");
	else
		known = false;
	if (!known)
		lint_at(c, "schema-format-unknown", "format", kw(s, "format"), false,
			"unrecognized format \"%s\"%s%s: the API server does not check it", f, type ? " for type " : "",
			type ? type : "");
}

/* --- structural schemas ------------------------------------------------------------------ */

static const char *const type_missing[] = {
	[L_ROOT] = "must not be empty at the root",
	[L_ITEM] = "must not be empty for specified array items",
	[L_FIELD] = "must not be empty for specified object fields",
};

/* Root metadata may say type object and restrict name and generateName only. */
static void check_root_metadata(struct lctx *c, const json_t *meta)
{
	size_t n;
	const char **keys = json_sorted_keys(meta, &n);
	bool bad = false;
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(meta, keys[i]);
		if (!strcmp(keys[i], "type") || !strcmp(keys[i], "default") || is_zero(v))
			continue;
		if (!strcmp(keys[i], "properties") && json_is_object(v)) {
			const char *k;
			json_t *e;
			bool other = false;
			json_object_foreach((json_t *)v, k, e)
				other |= strcmp(k, "name") && strcmp(k, "generateName");
			if (!other)
				continue;
		}
		bad = true;
	}
	free(keys);
	if (bad)
		lint_at(c, "structural-metadata", NULL, meta, false,
			"Forbidden: must not specify anything other than name and generateName, but metadata is "
			"implicitly specified");
}

static void check_metadata_props(struct lctx *c, const json_t *s, const struct sctx *x)
{
	bool check = x->root || kwtrue(s, "x-kubernetes-embedded-resource");
	static const char *const typed[] = {"kind", "apiVersion"};
	size_t m = lint_enter(c, "properties");
	for (size_t i = 0; check && i < ARRAY_LEN(typed); i++) {
		const json_t *p = prop(s, typed[i]);
		const char *t = kws(p, "type");
		if (p && (!t || strcmp(t, "string"))) {
			size_t m2 = lint_enter(c, typed[i]);
			invalid(c, "structural-metadata", "type", kw(p, "type"), "must be string");
			lint_leave(c, m2);
		}
	}
	const json_t *meta = prop(s, "metadata");
	if (meta) {
		size_t m2 = lint_enter(c, "metadata");
		const char *t = kws(meta, "type");
		if (check && (!t || strcmp(t, "object")))
			invalid(c, "structural-metadata", "type", kw(meta, "type"), "must be object");
		if (x->root)
			check_root_metadata(c, meta);
		lint_leave(c, m2);
	}
	lint_leave(c, m);
}

static void check_embedded(struct lctx *c, const json_t *s)
{
	const char *type = kws(s, "type");
	bool embedded = kwtrue(s, "x-kubernetes-embedded-resource");
	if (!embedded)
		return;
	if (!type || strcmp(type, "object"))
		required_or_invalid(c, "schema-embedded-resource", "type", kw(s, "type"), s,
				    "must be object if x-kubernetes-embedded-resource is true");
	if (kw(s, "additionalProperties"))
		lint_at(c, "schema-embedded-resource", "additionalProperties", kw(s, "additionalProperties"), true,
			"Forbidden: must not be used if x-kubernetes-embedded-resource is set");
	if (!kwtrue(s, "x-kubernetes-preserve-unknown-fields") && !json_object_size(kw(s, "properties")))
		lint_at(c, "schema-embedded-resource", "properties", s, false,
			"Required value: must not be empty if x-kubernetes-embedded-resource is true without "
			"x-kubernetes-preserve-unknown-fields");
}

static void check_structural(struct lctx *c, const json_t *s, const struct sctx *x)
{
	const char *type = kws(s, "type");
	bool ios = kwtrue(s, "x-kubernetes-int-or-string"), pres = kwtrue(s, "x-kubernetes-preserve-unknown-fields");
	if (type && !strcmp(type, "array") && !kw(s, "items"))
		lint_at(c, "structural-items-missing", "items", s, false, "Required value: must be specified");
	if (x->root && kw(s, "additionalProperties"))
		lint_at(c, "structural-root", "additionalProperties", kw(s, "additionalProperties"), true,
			"Forbidden: must not be used at the root");
	if (ios && pres)
		invalid(c, "schema-int-or-string", "x-kubernetes-preserve-unknown-fields",
			kw(s, "x-kubernetes-preserve-unknown-fields"), "must be false if x-kubernetes-int-or-string is true");
	if (ios && kwtrue(s, "x-kubernetes-embedded-resource"))
		invalid(c, "schema-int-or-string", "x-kubernetes-embedded-resource", kw(s, "x-kubernetes-embedded-resource"),
			"must be false if x-kubernetes-int-or-string is true");
	check_embedded(c, s);
	if (!kwtrue(s, "x-kubernetes-embedded-resource") && (!type || !*type) && !ios && !pres)
		lint_at(c, "structural-type-missing", "type", s, false, "Required value: %s", type_missing[x->level]);
	if (x->root && type && *type && strcmp(type, "object"))
		invalid(c, "structural-root", "type", kw(s, "type"), "must be object at the root");
	if (x->root && kwtrue(s, "nullable"))
		lint_at(c, "structural-root", "nullable", kw(s, "nullable"), false,
			"Forbidden: nullable cannot be true at the root");
	if (json_is_object(kw(s, "properties")))
		check_metadata_props(c, s, x);
}

static void check_nested(struct lctx *c, const json_t *s)
{
	for (size_t i = 0; i < ARRAY_LEN(nested_forbidden); i++) {
		const json_t *v = kw(s, nested_forbidden[i].key);
		if (is_zero(v) || (json_is_array(v) && !json_array_size(v)))
			continue;
		lint_at(c, "structural-junctor-forbidden", nested_forbidden[i].key, v, true, "Forbidden: %s",
			nested_forbidden[i].detail);
	}
	if (prop(s, "metadata")) {
		size_t m = lint_enter(c, "properties");
		lint_at(c, "structural-junctor-forbidden", "metadata", prop(s, "metadata"), true,
			"Forbidden: must not be specified in a nested context");
		lint_leave(c, m);
	}
}

/* {type: integer} or {type: string} and nothing else set. */
static bool only_type(const json_t *s, const char *type)
{
	const char *k;
	json_t *v;
	if (!json_is_object(s) || !kws(s, "type") || strcmp(kws(s, "type"), type))
		return false;
	json_object_foreach((json_t *)s, k, v)
		if (strcmp(k, "type") && !is_zero(v))
			return false;
	return true;
}

/* The one anyOf allowed to carry types: anyOf [{type: integer}, {type: string}]. */
static bool int_or_string_anyof(const json_t *s)
{
	const json_t *any = kw(s, "anyOf");
	return json_array_size(any) == 2 && only_type(json_array_get(any, 0), "integer") &&
	       only_type(json_array_get(any, 1), "string");
}

/* --- completeness: what a junctor names must exist outside it ---------------------------- */

static void complete_value(struct lctx *c, const json_t *v, const json_t *s, struct buf *sp, struct buf *vp);

static void missing(struct lctx *c, const json_t *anchor, struct buf *sp, struct buf *vp)
{
	char *where = lint_field_path(vp->p);
	lint_add(c->r, "structural-junctor-undefined", sp->p, anchor, false,
		 "Required value: because it is defined in %s", where);
	free(where);
}

static void complete_nested(struct lctx *c, const json_t *v, const json_t *s, const json_t *anchor, struct buf *sp,
			    struct buf *vp)
{
	if (!json_is_object(v))
		return;
	if (!s) {
		missing(c, anchor, sp, vp);
		return;
	}
	complete_value(c, v, s, sp, vp);
	size_t ms = sp->len, mv = vp->len;
	if (json_is_object(kw(v, "items"))) {
		buf_adds(sp, "/items");
		buf_adds(vp, "/items");
		const json_t *si = kw(s, "items");
		complete_nested(c, kw(v, "items"), json_is_object(si) ? si : NULL, s, sp, vp);
		buf_truncate(sp, ms);
		buf_truncate(vp, mv);
	}
	size_t n;
	const char **keys = json_sorted_keys(kw(v, "properties"), &n);
	for (size_t i = 0; i < n; i++) {
		buf_adds(sp, "/properties");
		ptr_append(sp, keys[i]);
		buf_adds(vp, "/properties");
		ptr_append(vp, keys[i]);
		const json_t *sprop = prop(s, keys[i]);
		if (!sprop)
			missing(c, s, sp, vp);
		else
			complete_nested(c, json_object_get(kw(v, "properties"), keys[i]), sprop, s, sp, vp);
		buf_truncate(sp, ms);
		buf_truncate(vp, mv);
	}
	free(keys);
}

/* The junctors of v (a structural node s, or a junctor applying to s). */
static void complete_value(struct lctx *c, const json_t *v, const json_t *s, struct buf *sp, struct buf *vp)
{
	static const char *const lists[] = {"allOf", "anyOf", "oneOf"};
	size_t mv = vp->len;
	if (json_is_object(kw(v, "not"))) {
		buf_adds(vp, "/not");
		complete_nested(c, kw(v, "not"), s, s, sp, vp);
		buf_truncate(vp, mv);
	}
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		size_t i;
		json_t *e;
		json_array_foreach(kw(v, lists[k]), i, e) {
			buf_addf(vp, "/%s/%zu", lists[k], i);
			complete_nested(c, e, s, s, sp, vp);
			buf_truncate(vp, mv);
		}
	}
}

/* --- crdc's warnings ------------------------------------------------------------------- */

static void check_typed_field(struct lctx *c, const json_t *s, const struct sctx *x)
{
	const char *type = kws(s, "type"), *format = kws(s, "format");
	if (type && !strcmp(type, "string") && format && !strcmp(format, "int-or-string")) {
		lint_at(c, "int-or-string-as-string", "type", kw(s, "type"), false,
			"type string with format int-or-string rejects integers such as 8786; write "
			"x-kubernetes-int-or-string: true with anyOf [{type: integer}, {type: string}] instead");
		return;
	}
	if (!x->name || kwtrue(s, "x-kubernetes-int-or-string") || kw(s, "enum") || kw(s, "pattern"))
		return;
	for (size_t i = 0; i < ARRAY_LEN(typed_fields); i++) {
		if (strcmp(typed_fields[i].name, x->name) ||
		    (typed_fields[i].parent && (!x->parent || strcmp(typed_fields[i].parent, x->parent))))
			continue;
		const json_t *ap = kw(s, "additionalProperties");
		bool map = !strcmp(x->name, "limits") || !strcmp(x->name, "requests");
		if (map && json_is_object(ap) && kws(ap, "type") && !strcmp(kws(ap, "type"), "string") &&
		    !kwtrue(ap, "x-kubernetes-int-or-string") && !kw(ap, "pattern"))
			lint_at(c, "quantity-as-string", "additionalProperties", ap, false,
				"%s values typed string reject numbers such as cpu: 1; Kubernetes types them as Quantity "
				"(x-kubernetes-int-or-string: true, anyOf integer/string)", x->name);
		else if (!map && type && !strcmp(type, "string"))
			lint_at(c, typed_fields[i].quantity ? "quantity-as-string" : "int-or-string-as-string", "type",
				kw(s, "type"), false,
				"%s typed string rejects %s; Kubernetes types it as %s (x-kubernetes-int-or-string: true, "
				"anyOf integer/string)", x->name, typed_fields[i].quantity ? "numbers such as 1" :
				"integers such as 8786", typed_fields[i].quantity ? "Quantity" : "IntOrString");
		return;
	}
}

static void check_warnings(struct lctx *c, const json_t *s, const struct sctx *x)
{
	check_typed_field(c, s, x);
	const json_t *ap = kw(s, "additionalProperties");
	if (json_is_false(ap) && !json_object_size(kw(s, "properties")))
		lint_at(c, "schema-additional-properties-false", "additionalProperties", ap, false,
			"additionalProperties: false without properties: the API server prunes every field of this object");
	const char *type = kws(s, "type");
	if (x->name && !strcmp(x->name, "metadata") && !x->root && !x->meta && !x->in_embedded && type &&
	    !strcmp(type, "object") && !json_object_size(kw(s, "properties")) && !json_is_object(ap) &&
	    !json_is_true(ap) && !kwtrue(s, "x-kubernetes-preserve-unknown-fields"))
		lint_at(c, "embedded-metadata-pruned", "type", kw(s, "type"), false,
			"metadata is a bare object: the API server prunes the labels and annotations written here; give it "
			"properties (crdc --embedded-metadata subset) or x-kubernetes-preserve-unknown-fields: true");
}

/* --- the walk ---------------------------------------------------------------------------- */

static void walk(struct lctx *c, const json_t *s, const struct sctx *x);

static void walk_junctors(struct lctx *c, const json_t *s, const struct sctx *x)
{
	static const char *const lists[] = {"allOf", "anyOf", "oneOf"};
	struct sctx n = *x;
	n.nested = true;
	n.root = false;
	n.name = n.parent = NULL;
	n.first_allof = false;
	/* The exemption holds at a structural node and in its allOf[0] only. */
	bool ios_any = (!x->nested || x->first_allof) && int_or_string_anyof(s);
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		if (!json_is_array(kw(s, lists[k])))
			continue;
		size_t i, m = lint_enter(c, lists[k]);
		json_t *e;
		json_array_foreach(kw(s, lists[k]), i, e) {
			if (!json_is_object(e))
				continue;
			size_t mi = lint_enter_index(c, i);
			n.skip_nested = k == 1 && ios_any;
			struct sctx sub = n;
			sub.first_allof = k == 0 && i == 0 && !x->nested;
			walk(c, e, &sub);
			lint_leave(c, mi);
		}
		lint_leave(c, m);
	}
	if (json_is_object(kw(s, "not"))) {
		size_t m = lint_enter(c, "not");
		n.skip_nested = false;
		walk(c, kw(s, "not"), &n);
		lint_leave(c, m);
	}
}

static void walk_properties(struct lctx *c, const json_t *s, const struct sctx *x)
{
	size_t n;
	const json_t *props = kw(s, "properties");
	const char **keys = json_sorted_keys(props, &n);
	bool embedded = kwtrue(s, "x-kubernetes-embedded-resource");
	size_t m = lint_enter(c, "properties");
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_object_get(props, keys[i]);
		if (!json_is_object(p))
			continue;
		struct sctx sub = *x;
		sub.level = L_FIELD;
		sub.root = false;
		sub.skip_nested = sub.first_allof = false;
		sub.name = keys[i];
		sub.parent = x->name;
		sub.in_embedded = embedded;
		bool meta = !strcmp(keys[i], "metadata") || !strcmp(keys[i], "kind") || !strcmp(keys[i], "apiVersion");
		if ((x->root || embedded) && meta && !x->nested) {
			sub.meta = true;
			if (x->root)
				sub.no_default = !strcmp(keys[i], "metadata") ? "in top-level metadata" :
						 !strcmp(keys[i], "kind") ? "in top-level kind" : "in top-level apiVersion";
		}
		size_t mi = lint_enter(c, keys[i]);
		walk(c, p, &sub);
		lint_leave(c, mi);
	}
	lint_leave(c, m);
	free(keys);
}

static void walk_children(struct lctx *c, const json_t *s, const struct sctx *x)
{
	walk_properties(c, s, x);
	const json_t *items = kw(s, "items"), *ap = kw(s, "additionalProperties");
	struct sctx sub = *x;
	sub.root = false;
	sub.skip_nested = sub.first_allof = false;
	sub.parent = x->name;
	sub.name = NULL;
	sub.in_embedded = false;
	if (json_is_object(items)) {
		sub.level = L_ITEM;
		size_t m = lint_enter(c, "items");
		walk(c, items, &sub);
		lint_leave(c, m);
	}
	if (json_is_object(ap)) {
		sub.level = L_FIELD;
		if (x->meta)
			sub.no_default = "inside additionalProperties applying to object metadata";
		size_t m = lint_enter(c, "additionalProperties");
		walk(c, ap, &sub);
		lint_leave(c, m);
	}
	walk_junctors(c, s, x);
}

static void walk(struct lctx *c, const json_t *s, const struct sctx *x)
{
	check_keys(c, s);
	check_v3(c, s, x);
	check_map_type(c, s);
	check_list_type(c, s);
	check_rules(c, s);
	check_pattern(c, s);
	check_format(c, s);
	if (x->nested) {
		if (!x->skip_nested)
			check_nested(c, s);
	} else {
		check_structural(c, s, x);
		check_warnings(c, s, x);
	}
	walk_children(c, s, x);
}

/* --- defaults ------------------------------------------------------------------------------ */

/* Checks every default on the structural tree (properties and items; the
 * API server does not look inside additionalProperties or junctors). */
static void check_defaults(struct lctx *c, const json_t *s, bool meta, bool root)
{
	const json_t *d = kw(s, "default");
	if (d && !meta) {
		json_t *copy = json_deep_copy(d);
		if (validate_prune(copy, s, kwtrue(s, "x-kubernetes-embedded-resource")))
			invalid(c, "schema-default-pruned", "default", d, "must not have unknown fields");
		json_decref(copy);
		struct lint_report scratch = {0};
		size_t m = lint_enter(c, "default");
		validate_value(d, s, c->ptr.p, "default", d, &c->re, &scratch);
		for (size_t i = 0; i < scratch.n; i++)
			if (scratch.v[i].sev == SEV_ERROR)
				lint_add(c->r, "schema-default-invalid", scratch.v[i].path, d, false, "%s", scratch.v[i].msg);
		lint_report_free(&scratch);
		lint_leave(c, m);
	}
	if (json_is_object(kw(s, "items"))) {
		size_t m = lint_enter(c, "items");
		check_defaults(c, kw(s, "items"), meta, false);
		lint_leave(c, m);
	}
	size_t n;
	const char **keys = json_sorted_keys(kw(s, "properties"), &n);
	size_t m = lint_enter(c, "properties");
	for (size_t i = 0; i < n; i++) {
		const json_t *p = prop(s, keys[i]);
		bool sub_meta = meta || ((root || kwtrue(s, "x-kubernetes-embedded-resource")) &&
					 (!strcmp(keys[i], "metadata") || !strcmp(keys[i], "kind") ||
					  !strcmp(keys[i], "apiVersion")));
		if (!p)
			continue;
		size_t mi = lint_enter(c, keys[i]);
		check_defaults(c, p, sub_meta, false);
		lint_leave(c, mi);
	}
	lint_leave(c, m);
	free(keys);
}

/* --- the root -------------------------------------------------------------------------------- */

static void check_status_root(struct lctx *c, const json_t *s)
{
	for (size_t i = 0; i < ARRAY_LEN(status_root_order); i++) {
		const char *k = status_root_order[i];
		const json_t *v = kw(s, k);
		if (is_zero(v))
			continue;
		if (!strcmp(k, "type")) {
			if (json_is_string(v) && !strcmp(json_string_value(v), "object"))
				continue;
			invalid(c, "crd-status-root", "type", v,
				"only \"object\" is allowed as the type at the root of the schema if the status subresource "
				"is enabled");
			return;
		}
		if (in_list(status_root_allowed, ARRAY_LEN(status_root_allowed), k))
			continue;
		lint_at(c, "crd-status-root", k, v, true,
			"Invalid value: ...: only [Description Type Format Title Maximum ExclusiveMaximum Minimum "
			"ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items "
			"Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root "
			"of the schema if the status subresource is enabled");
		return;
	}
}

void lint_schema(struct lctx *c, const json_t *schema, bool status_enabled)
{
	kw_reset();
	size_t errors = lint_report_count(c->r, SEV_ERROR);
	struct sctx x = {.level = L_ROOT, .root = true};
	if (status_enabled)
		check_status_root(c, schema);
	walk(c, schema, &x);
	struct buf sp = BUF_INIT, vp = BUF_INIT;
	buf_adds(&sp, c->ptr.p);
	buf_adds(&vp, c->ptr.p);
	complete_value(c, schema, schema, &sp, &vp);
	buf_free(&sp);
	buf_free(&vp);
	/* Like the API server, defaults are checked once the schema is structural. */
	if (lint_report_count(c->r, SEV_ERROR) == errors)
		check_defaults(c, schema, false, true);
	kw_reset();
}

const json_t *lint_schema_lookup(const json_t *schema, const char *dotted, bool *unknowable)
{
	kw_reset();
	const json_t *s = schema;
	*unknowable = false;
	for (const char *p = dotted; s && *p;) {
		if (*p != '.')
			return NULL;
		p++;
		size_t n = strcspn(p, ".");
		char *name = xstrndup(p, n);
		const json_t *next = prop(s, name);
		free(name);
		if (!next) {
			const json_t *ap = kw(s, "additionalProperties");
			if (kwtrue(s, "x-kubernetes-preserve-unknown-fields") || json_is_true(ap)) {
				*unknowable = true;
				return NULL;
			}
			next = json_is_object(ap) ? ap : NULL;
		}
		s = next;
		p += n;
	}
	return s;
}

/* CustomResourceDefinition rules above the schemas: names, versions,
 * subresources, printer columns, conversion, and the shape of the object.
 * The API server's checks are in apiextensions-apiserver's
 * pkg/apis/apiextensions/validation; this file follows them in order. */
#include "config.h"
#include "lint.h"
#include "jsonutil.h"
#include "k8sname.h"
#include "lint_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Client-side `kubectl apply` keeps the whole object in an annotation of at
 * most this size; etcd refuses requests over the other. */
#define APPLY_LIMIT 262144u
#define ETCD_LIMIT (1536u * 1024u)

const struct lint_rule lint_rules[] = {
	{"cel-field-path", SEV_ERROR, "x-kubernetes-validations fieldPath must be a valid path to a field of the schema"},
	{"cel-message", SEV_ERROR, "x-kubernetes-validations message/messageExpression must be non-empty, on one line"},
	{"cel-not-evaluated", SEV_NOTE, "x-kubernetes-validations rules are CEL, which crdc does not compile or run"},
	{"cel-reason", SEV_ERROR, "x-kubernetes-validations reason must be FieldValueInvalid, -Forbidden, -Required or -Duplicate"},
	{"cel-rule", SEV_ERROR, "x-kubernetes-validations rule must be non-empty; a multi-line rule needs a message"},
	{"crd-api-approval", SEV_ERROR, "groups under k8s.io and kubernetes.io need the api-approved.kubernetes.io annotation"},
	{"crd-api-version", SEV_ERROR, "apiVersion must be apiextensions.k8s.io/v1 (v1beta1 was removed in 1.22)"},
	{"crd-conversion", SEV_ERROR, "conversion: strategy None or Webhook; Webhook needs a client config and review versions"},
	{"crd-deprecation-warning", SEV_ERROR, "deprecationWarning: only on deprecated versions, 1 to 256 printable characters"},
	{"crd-field-type", SEV_ERROR, "a CRD field has the wrong JSON type, so the API server cannot decode the object"},
	{"crd-group", SEV_ERROR, "spec.group must be a DNS subdomain with at least one dot"},
	{"crd-kind", SEV_ERROR, "kind must be CustomResourceDefinition"},
	{"crd-name", SEV_ERROR, "metadata.name must be <spec.names.plural>.<spec.group>"},
	{"crd-names", SEV_ERROR, "spec.names: plural and kind required; DNS-1035 labels; kind and listKind differ"},
	{"crd-preserve-unknown-fields", SEV_ERROR, "spec.preserveUnknownFields: true is refused by apiextensions.k8s.io/v1"},
	{"crd-printer-column", SEV_ERROR, "additionalPrinterColumns: name, a known type and format, a jsonPath starting with ."},
	{"crd-printer-column-path", SEV_WARNING, "a printer column's jsonPath names no field of the schema: the column stays empty"},
	{"crd-scale", SEV_ERROR, "scale: specReplicasPath under .spec, statusReplicasPath under .status, simple paths"},
	{"crd-scale-path", SEV_WARNING, "a scale path names no integer field of the schema: the field is pruned or unusable"},
	{"crd-scope", SEV_ERROR, "spec.scope must be Namespaced or Cluster"},
	{"crd-selectable-field", SEV_ERROR, "selectableFields: at most 8 distinct paths to string, boolean or integer fields"},
	{"crd-size-apply", SEV_WARNING, "over 262144 bytes: client-side kubectl apply cannot store its annotation"},
	{"crd-size-etcd", SEV_ERROR, "over 1.5 MiB: etcd refuses the request"},
	{"crd-status-root", SEV_ERROR, "with the status subresource the root schema may hold only some keywords"},
	{"crd-storage-version", SEV_ERROR, "exactly one version must have storage: true"},
	{"crd-unknown-field", SEV_ERROR, "a field that CustomResourceDefinition v1 does not have (kubectl refuses it)"},
	{"crd-version-name", SEV_ERROR, "version names must be unique DNS-1035 labels"},
	{"crd-version-schema", SEV_ERROR, "every version needs schema.openAPIV3Schema"},
	{"embedded-metadata-pruned", SEV_WARNING, "metadata typed as a bare object: its labels and annotations are pruned"},
	{"embedded-resource", SEV_ERROR, "an embedded resource needs a valid apiVersion and kind"},
	{"int-or-string-as-string", SEV_WARNING, "an IntOrString field typed string: integers such as 8786 are rejected"},
	{"list-duplicate", SEV_ERROR, "a list-type set has a duplicate item, or a list-type map a duplicate key"},
	{"listmap-key-not-required", SEV_ERROR, "each x-kubernetes-list-map-keys key must be required or have a default"},
	{"metadata", SEV_ERROR, "metadata: name required, DNS subdomain names, valid labels and annotations"},
	{"metadata-namespace", SEV_WARNING, "metadata.namespace on a cluster-scoped resource is ignored"},
	{"not-a-crd", SEV_NOTE, "a document that is not a CustomResourceDefinition is skipped"},
	{"pattern-not-evaluated", SEV_WARNING, "a valid pattern crdc could not match (PCRE2 limits or Unicode tables)"},
	{"quantity-as-string", SEV_WARNING, "a Quantity field typed string: numbers such as cpu: 1 are rejected"},
	{"schema-additional-properties", SEV_ERROR, "additionalProperties and properties are mutually exclusive"},
	{"schema-additional-properties-false", SEV_WARNING, "additionalProperties: false without properties prunes every field"},
	{"schema-bad-value", SEV_ERROR, "a schema keyword has the wrong JSON type"},
	{"schema-default-forbidden", SEV_ERROR, "default is not allowed in top-level metadata, apiVersion, kind or metadata maps"},
	{"schema-default-invalid", SEV_ERROR, "a default does not validate against its own schema"},
	{"schema-default-pruned", SEV_ERROR, "a default holds fields its schema prunes"},
	{"schema-embedded-resource", SEV_ERROR, "x-kubernetes-embedded-resource: type object, properties or preserve-unknown-fields"},
	{"schema-format-unknown", SEV_WARNING, "a format the API server does not know: it is ignored"},
	{"schema-int-or-string", SEV_ERROR, "x-kubernetes-int-or-string excludes preserve-unknown-fields and embedded-resource"},
	{"schema-items-array", SEV_ERROR, "items must be one schema, not an array of schemas"},
	{"schema-list-map-keys", SEV_ERROR, "x-kubernetes-list-map-keys: with list-type map, names of scalar item properties"},
	{"schema-list-type", SEV_ERROR, "x-kubernetes-list-type: atomic, set or map, on arrays; set items atomic; map items objects"},
	{"schema-map-type", SEV_ERROR, "x-kubernetes-map-type: granular or atomic, on objects"},
	{"schema-pattern", SEV_ERROR, "pattern must compile with Go's regexp (RE2): no lookaround, backreferences, ..."},
	{"schema-preserve-unknown-fields", SEV_ERROR, "x-kubernetes-preserve-unknown-fields must be true or absent"},
	{"schema-type-invalid", SEV_ERROR, "type must be array, boolean, integer, number, object or string"},
	{"schema-unique-items", SEV_ERROR, "uniqueItems: true is refused (quadratic); use x-kubernetes-list-type: set"},
	{"schema-unknown-key", SEV_ERROR, "a key that is not a JSONSchemaProps field"},
	{"schema-unsupported", SEV_ERROR, "$ref, $schema, id, definitions, dependencies, patternProperties, additionalItems"},
	{"structural-items-missing", SEV_ERROR, "an array needs items"},
	{"structural-junctor-forbidden", SEV_ERROR, "inside allOf/anyOf/oneOf/not: no type, default, description, x-kubernetes-*, ..."},
	{"structural-junctor-undefined", SEV_ERROR, "a field named inside allOf/anyOf/oneOf/not must also be defined outside"},
	{"structural-metadata", SEV_ERROR, "root metadata may only restrict name and generateName; kind and apiVersion are strings"},
	{"structural-root", SEV_ERROR, "the root schema is an object, not nullable, without additionalProperties"},
	{"structural-type-missing", SEV_ERROR, "every schema needs a type, unless int-or-string or preserve-unknown-fields"},
	{"unknown-field", SEV_WARNING, "a field the schema does not have: the API server prunes it"},
	{"value-count", SEV_ERROR, "minItems/maxItems or minProperties/maxProperties"},
	{"value-enum", SEV_ERROR, "a value not in enum"},
	{"value-forbidden-field", SEV_ERROR, "a field where additionalProperties is false"},
	{"value-format", SEV_ERROR, "a string that does not fit its format"},
	{"value-junctor", SEV_ERROR, "allOf, anyOf, oneOf or not is not satisfied"},
	{"value-length", SEV_ERROR, "minLength/maxLength, counted in characters"},
	{"value-pattern", SEV_ERROR, "a string that does not match its pattern"},
	{"value-range", SEV_ERROR, "minimum/maximum (exclusive or not) or multipleOf"},
	{"value-required", SEV_ERROR, "a required field is missing"},
	{"value-type", SEV_ERROR, "a value of the wrong type, or null where nullable is not set"},
	{NULL, SEV_NOTE, NULL},
};

const struct lint_rule *lint_rule_find(const char *code)
{
	for (const struct lint_rule *r = lint_rules; r->code; r++)
		if (strcmp(r->code, code) == 0)
			return r;
	return NULL;
}

/* --- reports ----------------------------------------------------------------------- */

void lint_add(struct lint_report *r, const char *code, const char *path, const json_t *node, bool at_key,
	      const char *fmt, ...)
{
	const struct lint_rule *rule = lint_rule_find(code);
	if (!rule) {
		/* A code missing from the table is a bug in crdc. */
		fprintf(stderr, "crdc: internal error: unknown rule code '%s'\n", code);
		abort();
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	struct lint_finding *f = &r->v[r->n++];
	va_list ap;
	va_start(ap, fmt);
	f->msg = xvasprintf(fmt, ap);
	va_end(ap);
	f->sev = rule->sev;
	f->code = rule->code;
	f->path = xstrdup(path ? path : "");
	f->node = json_incref((json_t *)node);
	f->at_key = at_key;
}

size_t lint_report_count(const struct lint_report *r, enum severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].sev == sev;
	return n;
}

void lint_report_free(struct lint_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].msg);
		json_decref(r->v[i].node);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* --- places ------------------------------------------------------------------------- */

size_t lint_enter(struct lctx *c, const char *token)
{
	size_t m = c->ptr.len;
	ptr_append(&c->ptr, token);
	return m;
}

size_t lint_enter_index(struct lctx *c, size_t i)
{
	size_t m = c->ptr.len;
	ptr_append_index(&c->ptr, i);
	return m;
}

void lint_leave(struct lctx *c, size_t mark)
{
	buf_truncate(&c->ptr, mark);
}

void lint_at(struct lctx *c, const char *code, const char *extra, const json_t *node, bool at_key, const char *fmt,
	     ...)
{
	size_t m = c->ptr.len;
	if (extra)
		ptr_append(&c->ptr, extra);
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	lint_add(c->r, code, c->ptr.p ? c->ptr.p : "", node, at_key, "%s", msg);
	free(msg);
	buf_truncate(&c->ptr, m);
}

char *lint_field_path(const char *ptr)
{
	static const char *const maps[] = {"properties", "patternProperties", "definitions", "dependencies"};
	struct buf b = BUF_INIT;
	char **tok;
	size_t n;
	if (!ptr_split(ptr, &tok, &n))
		return xstrdup(ptr);
	for (size_t i = 0; i < n; i++) {
		bool key = false;
		for (size_t k = 0; i > 0 && k < ARRAY_LEN(maps); k++)
			key |= strcmp(tok[i - 1], maps[k]) == 0;
		size_t idx;
		if (key || ptr_index(tok[i], &idx))
			buf_addf(&b, "[%s]", tok[i]);
		else
			buf_addf(&b, "%s%s", b.len ? "." : "", tok[i]);
	}
	ptr_tokens_free(tok, n);
	return b.p ? buf_detach(&b, NULL) : xstrdup("");
}

char *lint_value(const json_t *v)
{
	if (json_is_string(v) || !v) {
		json_t *s = v ? json_incref((json_t *)v) : json_string("");
		char *q = json_dumps(s, JSON_ENCODE_ANY);
		json_decref(s);
		return q;
	}
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/* --- the shape of a CustomResourceDefinition ----------------------------------------- */

/* Each object of a v1 CRD with its fields and their JSON types: s string,
 * b boolean, i integer, o object, a array, S array of strings, * any.
 * Places are JSON Pointers with * for any index or key. */
static const struct shape {
	const char *at;
	const char *fields;
} shapes[] = {
	{"", "apiVersion:s kind:s metadata:o spec:o status:o"},
	{"/metadata", "annotations:o creationTimestamp:* deletionGracePeriodSeconds:i deletionTimestamp:* "
		      "finalizers:S generateName:s generation:i labels:o managedFields:a name:s namespace:s "
		      "ownerReferences:a resourceVersion:s selfLink:s uid:s"},
	{"/spec", "conversion:o group:s names:o preserveUnknownFields:b scope:s versions:a"},
	{"/spec/names", "categories:S kind:s listKind:s plural:s shortNames:S singular:s"},
	{"/spec/versions/*", "additionalPrinterColumns:a deprecated:b deprecationWarning:s name:s schema:o "
			     "selectableFields:a served:b storage:b subresources:o"},
	{"/spec/versions/*/schema", "openAPIV3Schema:o"},
	{"/spec/versions/*/subresources", "scale:o status:o"},
	{"/spec/versions/*/subresources/status", ""},
	{"/spec/versions/*/subresources/scale", "labelSelectorPath:s specReplicasPath:s statusReplicasPath:s"},
	{"/spec/versions/*/additionalPrinterColumns/*", "description:s format:s jsonPath:s name:s priority:i type:s"},
	{"/spec/versions/*/selectableFields/*", "jsonPath:s"},
	{"/spec/conversion", "strategy:s webhook:o"},
	{"/spec/conversion/webhook", "clientConfig:o conversionReviewVersions:S"},
	{"/spec/conversion/webhook/clientConfig", "caBundle:s service:o url:s"},
	{"/spec/conversion/webhook/clientConfig/service", "name:s namespace:s path:s port:i"},
};

static const char *kind_word(char t)
{
	switch (t) {
	case 's': return "string";
	case 'b': return "boolean";
	case 'i': return "integer";
	case 'o': return "object";
	default: return "array";
	}
}

static bool kind_ok(char t, const json_t *v)
{
	size_t i;
	json_t *e;
	switch (t) {
	case 's': return json_is_string(v);
	case 'b': return json_is_boolean(v);
	case 'i': return json_is_integer(v);
	case 'o': return json_is_object(v);
	case 'a': return json_is_array(v);
	case 'S':
		if (!json_is_array(v))
			return false;
		json_array_foreach(v, i, e)
			if (!json_is_string(e))
				return false;
		return true;
	default: return true;
	}
}

/* The type letter of field in a shape's list; 0 when not listed. */
static char field_kind(const char *fields, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = fields; *p;) {
		size_t l = strcspn(p, ":");
		if (l == n && strncmp(p, name, n) == 0)
			return p[l + 1];
		p += l + 2;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static void shape_walk(struct lctx *c, const json_t *node, struct buf *gen);

static void shape_fields(struct lctx *c, const json_t *node, const struct shape *sh, struct buf *gen)
{
	size_t n;
	const char **keys = json_sorted_keys(node, &n);
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(node, keys[i]);
		char t = field_kind(sh->fields, keys[i]);
		size_t m = lint_enter(c, keys[i]), g = gen->len;
		char *fp = lint_field_path(c->ptr.p);
		if (!t)
			lint_at(c, "crd-unknown-field", NULL, v, true, "unknown field \"%s\"", fp);
		else if (!json_is_null(v) && !kind_ok(t, v))
			lint_at(c, "crd-field-type", NULL, v, false, "must be %s%s, not %s", t == 'S' ? "an array of strings" : "a ",
				t == 'S' ? "" : kind_word(t), json_kind_name(v));
		else {
			buf_addf(gen, "/%s", keys[i]);
			shape_walk(c, v, gen);
		}
		free(fp);
		buf_truncate(gen, g);
		lint_leave(c, m);
	}
	free(keys);
}

/* Checks node against the shape listed for its place, then goes on inside. */
static void shape_walk(struct lctx *c, const json_t *node, struct buf *gen)
{
	const char *at = gen->p ? gen->p : "";
	if (json_is_array(node)) {
		size_t i;
		json_t *v;
		json_array_foreach(node, i, v) {
			size_t m = lint_enter_index(c, i), g = gen->len;
			buf_adds(gen, "/*");
			shape_walk(c, v, gen);
			buf_truncate(gen, g);
			lint_leave(c, m);
		}
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(shapes); i++)
		if (strcmp(shapes[i].at, at) == 0 && json_is_object(node)) {
			shape_fields(c, node, &shapes[i], gen);
			return;
		}
}

/* --- small helpers -------------------------------------------------------------------- */

static const json_t *get(const json_t *o, const char *k)
{
	return json_is_object(o) ? json_object_get(o, k) : NULL;
}

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(get(o, k));
}

/* Invalid value: "<v>": <detail> at c->ptr + extra. */
static void invalid(struct lctx *c, const char *code, const char *extra, const json_t *v, const char *detail)
{
	char *val = lint_value(v);
	lint_at(c, code, extra, v, false, "Invalid value: %s: %s", val, detail);
	free(val);
}

static void check_label(struct lctx *c, const char *code, const char *extra, const json_t *v,
			bool (*check)(const char *, struct buf *))
{
	struct buf why = BUF_INIT;
	if (json_is_string(v) && !check(json_string_value(v), &why))
		invalid(c, code, extra, v, why.p);
	buf_free(&why);
}

/* --- metadata, group, scope, names ------------------------------------------------------ */

static void check_name(struct lctx *c)
{
	const json_t *meta = get(c->crd, "metadata"), *spec = get(c->crd, "spec");
	const json_t *name = get(meta, "name");
	const char *plural = str(get(spec, "names"), "plural"), *group = str(spec, "group");
	size_t m = lint_enter(c, "metadata");
	if (!json_is_string(name)) {
		lint_at(c, "crd-name", "name", meta, false, "Required value: name or generateName is required");
	} else {
		struct buf why = BUF_INIT;
		k8s_dns1123_subdomain(json_string_value(name), &why);
		char *want = xasprintf("%s.%s", plural ? plural : "", group ? group : "");
		if (strcmp(want, json_string_value(name)) != 0)
			buf_addf(&why, "%smust be spec.names.plural+\".\"+spec.group (%s)", why.len ? "," : "", want);
		if (why.len)
			invalid(c, "crd-name", "name", name, why.p);
		free(want);
		buf_free(&why);
	}
	lint_leave(c, m);
}

/* Groups the Kubernetes project owns need the approval annotation
 * (apihelpers.IsProtectedCommunityGroup). */
static void check_api_approval(struct lctx *c, const char *group)
{
	static const char key[] = "api-approved.kubernetes.io";
	static const char see[] = "see https://github.com/kubernetes/enhancements/pull/1111";
	if (!group || !(str_has_suffix(group, ".k8s.io") || str_has_suffix(group, ".kubernetes.io") ||
			!strcmp(group, "k8s.io") || !strcmp(group, "kubernetes.io")))
		return;
	const json_t *ann = get(get(c->crd, "metadata"), "annotations"), *v = get(ann, key);
	const char *s = json_string_value(v);
	size_t m = lint_enter(c, "metadata");
	size_t m2 = lint_enter(c, "annotations");
	if (!s)
		lint_at(c, "crd-api-approval", key, c->crd, false,
			"Required value: protected groups must have approval annotation \"%s\", %s", key, see);
	else if (!str_has_prefix(s, "unapproved") && !str_has_prefix(s, "http://") && !str_has_prefix(s, "https://"))
		lint_at(c, "crd-api-approval", key, v, false,
			"Invalid value: \"%s\": protected groups must have approval annotation \"%s\" with either a URL or "
			"a reason starting with \"unapproved\", %s", s, key, see);
	lint_leave(c, m2);
	lint_leave(c, m);
}

static void check_group_scope(struct lctx *c, const json_t *spec)
{
	const json_t *group = get(spec, "group"), *scope = get(spec, "scope");
	const char *g = json_string_value(group), *s = json_string_value(scope);
	struct buf why = BUF_INIT;
	if (!g || !*g)
		lint_at(c, "crd-group", "group", spec, false, "Required value");
	else if (!k8s_dns1123_subdomain(g, &why))
		invalid(c, "crd-group", "group", group, why.p);
	else if (!strchr(g, '.'))
		invalid(c, "crd-group", "group", group, "should be a domain with at least one dot");
	buf_free(&why);
	if (!s || !*s)
		lint_at(c, "crd-scope", "scope", spec, false, "Required value");
	else if (strcmp(s, "Cluster") != 0 && strcmp(s, "Namespaced") != 0)
		lint_at(c, "crd-scope", "scope", scope, false,
			"Unsupported value: \"%s\": supported values: \"Cluster\", \"Namespaced\"", s);
}

static void check_label_list(struct lctx *c, const json_t *names, const char *field)
{
	const json_t *list = get(names, field);
	size_t i;
	json_t *v;
	size_t m = lint_enter(c, field);
	json_array_foreach(list, i, v) {
		size_t mi = lint_enter_index(c, i);
		check_label(c, "crd-names", NULL, v, k8s_dns1035_label);
		lint_leave(c, mi);
	}
	lint_leave(c, m);
}

/* v1 defaults singular (lower-case kind) and listKind (kind + "List")
 * before validating, so only plural and kind are required. */
static void check_names(struct lctx *c, const json_t *spec)
{
	const json_t *names = get(spec, "names");
	size_t m = lint_enter(c, "names");
	static const char *const required[] = {"plural", "kind"};
	for (size_t i = 0; i < ARRAY_LEN(required); i++) {
		const char *s = str(names, required[i]);
		if (!s || !*s)
			lint_at(c, "crd-names", required[i], names ? names : spec, false, "Required value");
	}
	check_label(c, "crd-names", "plural", get(names, "plural"), k8s_dns1035_label);
	check_label(c, "crd-names", "singular", get(names, "singular"), k8s_dns1035_label);
	check_label(c, "crd-names", "kind", get(names, "kind"), k8s_kind_name);
	check_label(c, "crd-names", "listKind", get(names, "listKind"), k8s_kind_name);
	const char *kind = str(names, "kind"), *list = str(names, "listKind");
	if (kind && list && *kind && !strcmp(kind, list))
		invalid(c, "crd-names", "listKind", get(names, "listKind"), "kind and listKind may not be the same");
	check_label_list(c, names, "shortNames");
	check_label_list(c, names, "categories");
	lint_leave(c, m);
}

/* --- versions ---------------------------------------------------------------------------- */

static void check_deprecation(struct lctx *c, const json_t *v)
{
	const json_t *w = get(v, "deprecationWarning");
	const char *s = json_string_value(w);
	if (!s)
		return;
	if (!json_is_true(get(v, "deprecated")))
		invalid(c, "crd-deprecation-warning", "deprecationWarning", w, "can only be set for deprecated versions");
	else if (!*s)
		invalid(c, "crd-deprecation-warning", "deprecationWarning", w, "must not be an empty string");
	else if (strlen(s) > 256)
		invalid(c, "crd-deprecation-warning", "deprecationWarning", w, "must be <= 256 characters long");
	for (size_t i = 0; s[i]; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			char *d = xasprintf("must only contain printable UTF-8 characters; non-printable character found "
					    "at index %zu", i);
			invalid(c, "crd-deprecation-warning", "deprecationWarning", w, d);
			free(d);
			break;
		}
}

static void check_simple_path(struct lctx *c, const char *code, const char *field, const json_t *v,
			      const char *prefix, const char *prefix2, const char *detail)
{
	const char *s = json_string_value(v);
	if (!s)
		return;
	if (!*s)
		invalid(c, code, field, v, "must not be empty");
	else if (s[0] != '.')
		invalid(c, code, field, v, "must be a simple json path starting with .");
	else if (prefix && !str_has_prefix(s, prefix) && !(prefix2 && str_has_prefix(s, prefix2)))
		invalid(c, code, field, v, detail);
}

/* The field a scale path names must survive pruning and hold an integer
 * (or a string, for the label selector). */
static void check_scale_field(struct lctx *c, const json_t *schema, const char *field, const json_t *v,
			      const char *want)
{
	const char *s = json_string_value(v);
	bool unknowable;
	if (!s || s[0] != '.' || !schema)
		return;
	const json_t *f = lint_schema_lookup(schema, s, &unknowable);
	const char *type = str(f, "type");
	if (!f && !unknowable)
		lint_at(c, "crd-scale-path", field, v, false, "%s names no field of the schema: the API server prunes it, "
			"so scaling cannot work", s);
	else if (f && type && strcmp(type, want) != 0)
		lint_at(c, "crd-scale-path", field, v, false, "%s is of type %s; the scale subresource needs %s", s, type,
			want);
}

static void check_subresources(struct lctx *c, const json_t *v, const json_t *schema)
{
	const json_t *scale = get(get(v, "subresources"), "scale");
	if (!json_is_object(scale))
		return;
	size_t m = lint_enter(c, "subresources"), m2 = lint_enter(c, "scale");
	static const struct {
		const char *field, *prefix, *prefix2, *detail, *type;
		bool required;
	} paths[] = {
		{"specReplicasPath", ".spec.", NULL, "should be a json path under .spec", "integer", true},
		{"statusReplicasPath", ".status.", NULL, "should be a json path under .status", "integer", true},
		{"labelSelectorPath", ".spec.", ".status.", "should be a json path under either .spec or .status", "string",
		 false},
	};
	for (size_t i = 0; i < ARRAY_LEN(paths); i++) {
		const json_t *p = get(scale, paths[i].field);
		if (!p && paths[i].required)
			lint_at(c, "crd-scale", paths[i].field, scale, false, "Required value");
		if (json_is_string(p) && !*json_string_value(p) && !paths[i].required)
			continue;
		check_simple_path(c, "crd-scale", paths[i].field, p, paths[i].prefix, paths[i].prefix2, paths[i].detail);
		check_scale_field(c, schema, paths[i].field, p, paths[i].type);
	}
	lint_leave(c, m2);
	lint_leave(c, m);
}

static void check_column(struct lctx *c, const json_t *col, const json_t *schema)
{
	static const char types[] = "must be one of boolean,date,integer,number,string";
	static const char *const type_list[] = {"boolean", "date", "integer", "number", "string"};
	static const char *const formats[] = {"byte", "date", "date-time", "double", "float", "int32", "int64",
					      "password"};
	const char *name = str(col, "name"), *type = str(col, "type"), *format = str(col, "format");
	const char *path = str(col, "jsonPath");
	bool ok = false;
	if (!name || !*name)
		lint_at(c, "crd-printer-column", "name", col, false, "Required value");
	for (size_t i = 0; type && i < ARRAY_LEN(type_list); i++)
		ok |= strcmp(type, type_list[i]) == 0;
	if (!type || !*type)
		lint_at(c, "crd-printer-column", "type", col, false, "Required value: %s", types);
	else if (!ok)
		invalid(c, "crd-printer-column", "type", get(col, "type"), types);
	ok = false;
	for (size_t i = 0; format && i < ARRAY_LEN(formats); i++)
		ok |= strcmp(format, formats[i]) == 0;
	if (format && *format && !ok)
		invalid(c, "crd-printer-column", "format", get(col, "format"),
			"must be one of byte,date,date-time,double,float,int32,int64,password");
	if (!path || !*path)
		lint_at(c, "crd-printer-column", "jsonPath", col, false, "Required value");
	else
		check_simple_path(c, "crd-printer-column", "jsonPath", get(col, "jsonPath"), NULL, NULL, NULL);
	/* The root's metadata, kind and apiVersion are always whole, whatever the schema says. */
	if (!path || path[0] != '.' || !schema || strpbrk(path, "[]*@?()\"' ") || str_has_prefix(path, ".metadata.") ||
	    !strcmp(path, ".metadata") || !strcmp(path, ".kind") || !strcmp(path, ".apiVersion"))
		return;
	bool unknowable;
	if (!lint_schema_lookup(schema, path, &unknowable) && !unknowable)
		lint_at(c, "crd-printer-column-path", "jsonPath", get(col, "jsonPath"), false,
			"%s names no field of the schema: the column will always be empty", path);
}

static void check_columns(struct lctx *c, const json_t *v, const json_t *schema)
{
	const json_t *cols = get(v, "additionalPrinterColumns");
	size_t i;
	json_t *col;
	size_t m = lint_enter(c, "additionalPrinterColumns");
	json_array_foreach(cols, i, col) {
		size_t mi = lint_enter_index(c, i);
		check_column(c, col, schema);
		lint_leave(c, mi);
	}
	lint_leave(c, m);
}

/* A selectable field's path: .a.b through properties only, ending at a
 * string, boolean or integer field outside metadata. */
static void check_selectable(struct lctx *c, const json_t *sf, const json_t *schema, const char **seen, size_t *nseen)
{
	const json_t *jp = get(sf, "jsonPath");
	const char *p = json_string_value(jp);
	if (!p || !*p) {
		lint_at(c, "crd-selectable-field", "jsonPath", sf, false, "Required value");
		return;
	}
	bool unknowable = false;
	const json_t *f = p[0] == '.' && !strchr(p, '[') ? lint_schema_lookup(schema, p, &unknowable) : NULL;
	const char *type = str(f, "type");
	if (!f)
		invalid(c, "crd-selectable-field", "jsonPath", jp, "is an invalid path: does not refer to a valid field");
	else if (str_has_prefix(p, ".metadata.") || !strcmp(p, ".metadata"))
		invalid(c, "crd-selectable-field", "jsonPath", jp, "must not point to fields in metadata");
	else if (!type || (strcmp(type, "string") && strcmp(type, "boolean") && strcmp(type, "integer")))
		invalid(c, "crd-selectable-field", "jsonPath", jp,
			"must point to a field of type string, boolean or integer. Enum string fields and strings with "
			"formats are allowed.");
	for (size_t i = 0; i < *nseen; i++)
		if (!strcmp(seen[i], p)) {
			lint_at(c, "crd-selectable-field", "jsonPath", jp, false, "Duplicate value: \"%s\"", p);
			return;
		}
	seen[(*nseen)++] = p;
}

static void check_selectables(struct lctx *c, const json_t *v, const json_t *schema)
{
	const json_t *list = get(v, "selectableFields");
	size_t n = json_array_size(list), nseen = 0, i;
	json_t *sf;
	if (!n)
		return;
	const char **seen = xcalloc(n, sizeof(*seen));
	size_t m = lint_enter(c, "selectableFields");
	if (!schema)
		lint_at(c, "crd-selectable-field", NULL, list, false,
			"Invalid value: \"\": may only be set when `version.schema.openAPIV3Schema` is not included");
	json_array_foreach(list, i, sf) {
		size_t mi = lint_enter_index(c, i);
		if (schema)
			check_selectable(c, sf, schema, seen, &nseen);
		lint_leave(c, mi);
	}
	if (nseen > 8)
		lint_at(c, "crd-selectable-field", NULL, list, false, "Too many: %zu: must have at most 8 items", nseen);
	lint_leave(c, m);
	free(seen);
}

static void check_version(struct lctx *c, const json_t *v)
{
	const json_t *name = get(v, "name");
	const json_t *schema = get(get(v, "schema"), "openAPIV3Schema");
	if (!json_is_object(schema))
		schema = NULL;
	if (!name)
		lint_at(c, "crd-version-name", "name", v, false, "Required value");
	check_label(c, "crd-version-name", "name", name, k8s_dns1035_label);
	check_deprecation(c, v);
	check_subresources(c, v, schema);
	check_columns(c, v, schema);
	check_selectables(c, v, schema);
	if (!schema) {
		size_t m = lint_enter(c, "schema");
		lint_at(c, "crd-version-schema", "openAPIV3Schema", v, false, "Required value");
		lint_leave(c, m);
		return;
	}
	bool status = json_is_object(get(get(v, "subresources"), "status"));
	size_t m = lint_enter(c, "schema"), m2 = lint_enter(c, "openAPIV3Schema");
	lint_schema(c, schema, status);
	lint_leave(c, m2);
	lint_leave(c, m);
}

static void check_versions(struct lctx *c, const json_t *spec)
{
	const json_t *versions = get(spec, "versions");
	size_t n = json_array_size(versions), storage = 0, i;
	json_t *v;
	const char *dup = NULL;
	size_t m = lint_enter(c, "versions");
	json_array_foreach(versions, i, v) {
		storage += json_is_true(get(v, "storage"));
		for (size_t k = 0; k < i && !dup; k++)
			if (str(v, "name") && str(json_array_get(versions, k), "name") &&
			    !strcmp(str(v, "name"), str(json_array_get(versions, k), "name")))
				dup = str(v, "name");
		size_t mi = lint_enter_index(c, i);
		check_version(c, v);
		lint_leave(c, mi);
	}
	if (dup)
		lint_at(c, "crd-version-name", NULL, versions, false,
			"Invalid value: ...: must contain unique version names (%s appears more than once)", dup);
	if (storage != 1)
		lint_at(c, "crd-storage-version", NULL, versions ? versions : spec, false,
			"Invalid value: ...: must have exactly one version marked as storage version (%zu of %zu are)",
			storage, n);
	lint_leave(c, m);
}

/* --- conversion ---------------------------------------------------------------------------- */

static void check_client_config(struct lctx *c, const json_t *cc)
{
	const json_t *url = get(cc, "url"), *svc = get(cc, "service");
	if (!url == !svc) {
		lint_at(c, "crd-conversion", NULL, cc, false, "Required value: exactly one of url or service is required");
		return;
	}
	const char *u = json_string_value(url);
	if (u) {
		if (!str_has_prefix(u, "https://"))
			invalid(c, "crd-conversion", "url", url, "'https' is the only allowed URL scheme");
		else if (strchr(u, '?'))
			invalid(c, "crd-conversion", "url", url, "query parameters are not allowed");
		else if (strchr(u, '#'))
			invalid(c, "crd-conversion", "url", url, "fragments are not allowed");
		return;
	}
	size_t m = lint_enter(c, "service");
	static const char *const req[] = {"name", "namespace"};
	for (size_t i = 0; i < ARRAY_LEN(req); i++)
		if (!str(svc, req[i]) || !*str(svc, req[i]))
			lint_at(c, "crd-conversion", req[i], svc, false, "Required value: service %s is required", req[i]);
	const char *path = str(svc, "path");
	if (path && path[0] != '/')
		invalid(c, "crd-conversion", "path", get(svc, "path"), "must start with a '/'");
	const json_t *port = get(svc, "port");
	if (json_is_integer(port) && (json_integer_value(port) < 1 || json_integer_value(port) > 65535))
		invalid(c, "crd-conversion", "port", port, "port is not valid: must be between 1 and 65535, inclusive");
	lint_leave(c, m);
}

static void check_review_versions(struct lctx *c, const json_t *wh)
{
	const json_t *list = get(wh, "conversionReviewVersions");
	size_t i, m = lint_enter(c, "conversionReviewVersions");
	json_t *v;
	bool accepted = false;
	if (!json_array_size(list))
		lint_at(c, "crd-conversion", NULL, wh, false, "Required value");
	json_array_foreach(list, i, v) {
		const char *s = json_string_value(v);
		size_t mi = lint_enter_index(c, i);
		for (size_t k = 0; s && k < i; k++)
			if (!strcmp(s, json_string_value(json_array_get(list, k)) ? json_string_value(json_array_get(list, k)) : ""))
				invalid(c, "crd-conversion", NULL, v, "duplicate version");
		check_label(c, "crd-conversion", NULL, v, k8s_dns1035_label);
		accepted |= s && (!strcmp(s, "v1") || !strcmp(s, "v1beta1"));
		lint_leave(c, mi);
	}
	if (json_array_size(list) && !accepted)
		invalid(c, "crd-conversion", NULL, list, "must include at least one of v1, v1beta1");
	lint_leave(c, m);
}

static void check_conversion(struct lctx *c, const json_t *spec)
{
	const json_t *conv = get(spec, "conversion");
	if (!json_is_object(conv))
		return;
	const char *strategy = str(conv, "strategy");
	const json_t *wh = get(conv, "webhook");
	size_t m = lint_enter(c, "conversion");
	if (!strategy || !*strategy)
		lint_at(c, "crd-conversion", "strategy", conv, false, "Required value");
	else if (strcmp(strategy, "None") && strcmp(strategy, "Webhook"))
		lint_at(c, "crd-conversion", "strategy", get(conv, "strategy"), false,
			"Unsupported value: \"%s\": supported values: \"None\", \"Webhook\"", strategy);
	if (strategy && !strcmp(strategy, "Webhook")) {
		size_t mw = lint_enter(c, "webhook");
		if (!json_is_object(get(wh, "clientConfig"))) {
			lint_at(c, "crd-conversion", "clientConfig", wh ? wh : conv, false,
				"Required value: required when strategy is set to Webhook");
		} else {
			size_t mc = lint_enter(c, "clientConfig");
			check_client_config(c, get(wh, "clientConfig"));
			lint_leave(c, mc);
		}
		check_review_versions(c, wh);
		lint_leave(c, mw);
	} else if (wh) {
		lint_at(c, "crd-conversion", "webhook", wh, true,
			"Forbidden: should not be set when strategy is not set to Webhook");
	}
	lint_leave(c, m);
}

/* --- size ---------------------------------------------------------------------------------- */

/* Bytes of s as a JSON string, quotes included (jansson's escapes). */
static size_t string_size(const char *s, size_t n)
{
	size_t size = 2;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\' || ch == '\b' || ch == '\f' || ch == '\n' || ch == '\r' || ch == '\t')
			size += 2;
		else if (ch < 0x20)
			size += 6;
		else
			size++;
	}
	return size;
}

size_t lint_json_size(const json_t *v)
{
	size_t size = 0, i;
	const char *k;
	json_t *e;
	char tmp[64];
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		size = 2 + (json_object_size(v) ? json_object_size(v) - 1 : 0);
		json_object_foreach((json_t *)v, k, e)
			size += string_size(k, strlen(k)) + 1 + lint_json_size(e);
		return size;
	case JSON_ARRAY:
		size = 2 + (json_array_size(v) ? json_array_size(v) - 1 : 0);
		json_array_foreach(v, i, e)
			size += lint_json_size(e);
		return size;
	case JSON_STRING: return string_size(json_string_value(v), json_string_length(v));
	case JSON_INTEGER: return (size_t)snprintf(tmp, sizeof(tmp), "%lld", (long long)json_integer_value(v));
	case JSON_REAL: {
		char *s = json_dumps(v, JSON_ENCODE_ANY);
		size = s ? strlen(s) : 0;
		free(s);
		return size;
	}
	case JSON_TRUE: return 4;
	case JSON_FALSE: return 5;
	default: return 4;
	}
}

/* The largest parts: descend while one child holds most of the bytes,
 * then name the biggest children there. */
static void largest_parts(const json_t *doc, struct buf *out)
{
	struct buf ptr = BUF_INIT;
	const json_t *node = doc;
	for (;;) {
		const json_t *best = NULL;
		const char *best_key = NULL;
		size_t best_size = 0, total = lint_json_size(node), i;
		const char *k;
		json_t *e;
		if (json_is_object(node))
			json_object_foreach((json_t *)node, k, e) {
				size_t s = lint_json_size(e);
				if (s > best_size || (s == best_size && best_key && strcmp(k, best_key) < 0))
					best = e, best_key = k, best_size = s;
			}
		else if (json_is_array(node))
			json_array_foreach(node, i, e) {
				size_t s = lint_json_size(e);
				if (s > best_size)
					best = e, best_size = s, best_key = NULL;
			}
		if (!best || best_size * 10 < total * 6)
			break;
		if (best_key)
			ptr_append(&ptr, best_key);
		else
			for (i = 0; i < json_array_size(node); i++)
				if (json_array_get(node, i) == best)
					ptr_append_index(&ptr, i);
		node = best;
	}
	/* The three biggest children of the node where the size splits. */
	const char *done[3] = {NULL, NULL, NULL};
	for (int round = 0; round < 3 && json_is_object(node); round++) {
		const char *k, *best_key = NULL;
		json_t *e;
		size_t best_size = 0;
		json_object_foreach((json_t *)node, k, e) {
			bool used = false;
			for (int d = 0; d < round; d++)
				used |= done[d] && !strcmp(done[d], k);
			size_t s = lint_json_size(e);
			if (!used && (s > best_size || (s == best_size && best_key && strcmp(k, best_key) < 0)))
				best_key = k, best_size = s;
		}
		if (!best_key)
			break;
		done[round] = best_key;
		size_t mark = ptr.len;
		ptr_append(&ptr, best_key);
		buf_addf(out, "%s%s (%zu bytes)", round ? ", " : "", ptr.p, best_size);
		buf_truncate(&ptr, mark);
	}
	if (!out->len)
		buf_addf(out, "%s (%zu bytes)", ptr.p ? ptr.p : "/", lint_json_size(node));
	buf_free(&ptr);
}

static void check_size(struct lctx *c)
{
	size_t size = lint_json_size(c->crd);
	if (size <= APPLY_LIMIT)
		return;
	struct buf parts = BUF_INIT;
	largest_parts(c->crd, &parts);
	if (size > ETCD_LIMIT)
		lint_at(c, "crd-size-etcd", NULL, c->crd, false,
			"%zu bytes as JSON is over the %u-byte request limit of etcd: the API server cannot store it; "
			"largest parts: %s", size, ETCD_LIMIT, parts.p);
	else
		lint_at(c, "crd-size-apply", NULL, c->crd, false,
			"%zu bytes as JSON is over the %u-byte limit of client-side 'kubectl apply'; use 'kubectl apply "
			"--server-side' or shrink it (crdc build --descriptions strip-kubernetes); largest parts: %s",
			size, APPLY_LIMIT, parts.p);
	buf_free(&parts);
}

/* --- entry point ---------------------------------------------------------------------------- */

static void check_spec(struct lctx *c, const json_t *spec)
{
	size_t m = lint_enter(c, "spec");
	check_group_scope(c, spec);
	check_names(c, spec);
	check_versions(c, spec);
	const json_t *puf = get(spec, "preserveUnknownFields");
	if (json_is_true(puf))
		lint_at(c, "crd-preserve-unknown-fields", "preserveUnknownFields", puf, false,
			"Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in "
			"spec.versions[*].schema instead");
	check_conversion(c, spec);
	lint_leave(c, m);
}

void lint_crd(const json_t *crd, const struct lint_opts *o, struct lint_report *r)
{
	struct lctx c = {.r = r, .crd = crd};
	const char *api = str(crd, "apiVersion"), *kind = str(crd, "kind");
	if (!json_is_object(crd)) {
		lint_add(r, "crd-kind", "", crd, false, "a CustomResourceDefinition is an object, not %s",
			 json_kind_name(crd));
		return;
	}
	if (!api || strcmp(api, "apiextensions.k8s.io/v1") != 0)
		lint_at(&c, "crd-api-version", "apiVersion", get(crd, "apiVersion") ? get(crd, "apiVersion") : crd, false,
			"apiVersion must be apiextensions.k8s.io/v1, not %s%s%s%s", api ? "\"" : "", api ? api : "none",
			api ? "\"" : "",
			api && !strcmp(api, "apiextensions.k8s.io/v1beta1") ? " (removed in Kubernetes 1.22)" : "");
	if (!kind || strcmp(kind, "CustomResourceDefinition") != 0)
		lint_at(&c, "crd-kind", "kind", get(crd, "kind") ? get(crd, "kind") : crd, false,
			"kind must be CustomResourceDefinition, not %s", kind ? kind : "none");
	struct buf gen = BUF_INIT;
	shape_walk(&c, crd, &gen);
	buf_free(&gen);
	check_name(&c);
	check_api_approval(&c, str(get(crd, "spec"), "group"));
	if (json_is_object(get(crd, "spec")))
		check_spec(&c, get(crd, "spec"));
	else
		lint_at(&c, "crd-field-type", "spec", crd, false, "Required value");
	if (!o || !o->no_size)
		check_size(&c);
	if (c.cel_rules)
		lint_add(r, "cel-not-evaluated", "", crd, false,
			 "%zu x-kubernetes-validations rule%s checked for form only: crdc does not compile CEL",
			 c.cel_rules, c.cel_rules == 1 ? "" : "s");
	buf_free(&c.ptr);
	re2_cache_free(&c.re);
}

/* --- output ---------------------------------------------------------------------------------- */

void lint_finding_pos(const struct yfile *file, const json_t *doc, const struct lint_finding *f, struct pos *out)
{
	memset(out, 0, sizeof(*out));
	out->file = file ? file->name : "-";
	out->path = f->path;
	if (f->node && yfile_pos(file, f->node, f->at_key, out))
		return;
	/* A node made by crdc (a default): the nearest ancestor from the input. */
	char **tok;
	size_t n;
	if (!ptr_split(f->path, &tok, &n))
		return;
	for (size_t k = n + 1; k-- > 0;) {
		json_t *node = ptr_get_tokens((json_t *)doc, tok, k);
		if (node && yfile_pos(file, node, false, out))
			break;
	}
	out->path = f->path;
	ptr_tokens_free(tok, n);
}

static const char *sev_word(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

void lint_print_text(FILE *out, const struct yfile *file, const json_t *doc, const struct lint_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];
		if (diag_quiet && f->sev != SEV_ERROR)
			continue;	/* -q: errors only */
		struct pos p;
		lint_finding_pos(file, doc, f, &p);
		if (p.line)
			fprintf(out, "%s:%u:%u: ", p.file, p.line, p.col ? p.col : 1);
		else
			fprintf(out, "%s: ", p.file);
		fprintf(out, "%s: [%s] %s: %s\n", sev_word(f->sev), f->code, f->path[0] ? f->path : "/", f->msg);
	}
}

void lint_append_json(json_t *arr, const struct yfile *file, const json_t *doc, const struct lint_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];
		struct pos p;
		lint_finding_pos(file, doc, f, &p);
		json_array_append_new(arr, json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:s}", "file", p.file, "line",
						     (json_int_t)p.line, "column", (json_int_t)p.col, "path", f->path,
						     "code", f->code, "severity", sev_word(f->sev), "message", f->msg));
	}
}

void lint_print_rules(FILE *out)
{
	for (const struct lint_rule *r = lint_rules; r->code; r++)
		fprintf(out, "%-36s %-8s %s\n", r->code, sev_word(r->sev), r->why);
}

void lint_report_flush(struct lint_report *r, const struct yfile *file, const json_t *doc, json_t *all,
		       size_t *errors, size_t *warnings)
{
	*errors += lint_report_count(r, SEV_ERROR);
	*warnings += lint_report_count(r, SEV_WARNING);
	if (all)
		lint_append_json(all, file, doc, r);
	else
		lint_print_text(stdout, file, doc, r);
	lint_report_free(r);
}

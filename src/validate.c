/* The API server's handling of a custom resource, step by step as in
 * apiextensions-apiserver: pruning (schema/pruning), dropping nulls and
 * defaulting (schema/defaulting), then kube-openapi's validator, list-type
 * uniqueness (schema/listtype) and embedded ObjectMeta (schema/objectmeta).
 * Messages are the API server's: "<field>: <type>: <detail>" without the
 * field, which the caller prints as a JSON Pointer. */
#include "config.h"
#include "validate.h"
#include "jsonutil.h"
#include "k8sname.h"
#include "strfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vctx {
	struct lint_report *r;	/* NULL: count only (pruning checks) */
	struct re2_cache *re;
	struct buf ptr;		/* JSON Pointer of the current value */
	struct buf fld;		/* the same place as the API server names it */
	const json_t *anchor;	/* when set, every finding points here */
	const json_t **rules;	/* schemas with x-kubernetes-validations seen */
	size_t nrules;
	size_t removed;		/* fields pruned */
};

struct mark {
	size_t ptr, fld;
};

/* ObjectMeta's fields: the rest of metadata is dropped by the API server. */
static const char *const object_meta_fields[] = {
	"annotations", "creationTimestamp", "deletionGracePeriodSeconds", "deletionTimestamp", "finalizers",
	"generateName", "generation", "labels", "managedFields", "name", "namespace", "ownerReferences",
	"resourceVersion", "selfLink", "uid",
};

/* TypeMeta and ObjectMeta: never pruned at a resource's root. */
static const char *const meta_fields[] = {"apiVersion", "kind", "metadata"};

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* --- places ---------------------------------------------------------------------- */

static struct mark enter_key(struct vctx *c, const char *k)
{
	struct mark m = {c->ptr.len, c->fld.len};
	ptr_append(&c->ptr, k);
	if (c->fld.len)
		buf_addc(&c->fld, '.');
	buf_adds(&c->fld, k);
	return m;
}

static struct mark enter_index(struct vctx *c, size_t i)
{
	struct mark m = {c->ptr.len, c->fld.len};
	ptr_append_index(&c->ptr, i);
	buf_addf(&c->fld, "[%zu]", i);
	return m;
}

static void leave(struct vctx *c, struct mark m)
{
	buf_truncate(&c->ptr, m.ptr);
	buf_truncate(&c->fld, m.fld);
}

static const char *fld(const struct vctx *c)
{
	return c->fld.p ? c->fld.p : "";
}

static void vfail(struct vctx *c, const char *code, const json_t *node, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void vfail(struct vctx *c, const char *code, const json_t *node, const char *fmt, ...)
{
	if (!c->r)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	lint_add(c->r, code, c->ptr.p ? c->ptr.p : "", c->anchor ? c->anchor : node, false, "%s", msg);
	free(msg);
}

/* --- Go's printing of values ------------------------------------------------------ */

/* Go's %v for a float64: shortest digits, exponent from 1e21 up. */
static void go_float(struct buf *b, double d)
{
	char tmp[64];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	double a = fabs(d);
	if (a != 0 && (a < 1e-4 || a >= 1e21)) {
		char *e = strchr(tmp, 'e');
		int exp = atoi(e + 1);
		buf_addf(b, "%.*se%c%02d", (int)(e - tmp), tmp, exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	char *e = strchr(tmp, 'e');
	int digits = (int)(e - tmp) - (strchr(tmp, '.') ? 2 : 1), exp = atoi(e + 1);
	int decimals = digits - exp > 0 ? digits - exp : 0;
	buf_addf(b, "%.*f", decimals, d);
}

static void quote(struct buf *b, const char *s)
{
	json_t *j = json_string(s);
	char *q = json_dumps(j, JSON_ENCODE_ANY);
	buf_adds(b, q ? q : "\"\"");
	free(q);
	json_decref(j);
}

/* The bad value as field.Error prints it: strings quoted, numbers and
 * booleans bare, compound values as JSON. */
static void go_value(struct buf *b, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: quote(b, json_string_value(v)); break;
	case JSON_INTEGER: buf_addf(b, "%lld", (long long)json_integer_value(v)); break;
	case JSON_REAL: go_float(b, json_real_value(v)); break;
	case JSON_TRUE: buf_adds(b, "true"); break;
	case JSON_FALSE: buf_adds(b, "false"); break;
	case JSON_NULL: buf_adds(b, "\"null\""); break;
	default: {
		char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		buf_adds(b, s ? s : "");
		free(s);
	}
	}
}

static char *value_str(const json_t *v)
{
	struct buf b = BUF_INIT;
	go_value(&b, v);
	return buf_detach(&b, NULL);
}

static char *num_str(const json_t *v)
{
	struct buf b = BUF_INIT;
	if (json_is_integer(v))
		buf_addf(&b, "%lld", (long long)json_integer_value(v));
	else
		go_float(&b, json_number_value(v));
	return buf_detach(&b, NULL);
}

/* --- the schema ---------------------------------------------------------------------- */

static const json_t *sget(const json_t *s, const char *k)
{
	return json_is_object(s) ? json_object_get(s, k) : NULL;
}

static bool sflag(const json_t *s, const char *k)
{
	return json_is_true(sget(s, k));
}

static const json_t *sprop(const json_t *s, const char *k)
{
	const json_t *p = json_object_get(sget(s, "properties"), k);
	return json_is_object(p) ? p : NULL;
}

/* The schema for field k: its property, else additionalProperties (NULL
 * when that is a boolean).  *known is false when neither applies. */
static const json_t *field_schema(const json_t *s, const char *k, bool *known)
{
	const json_t *p = sprop(s, k), *ap = sget(s, "additionalProperties");
	*known = p || ap;
	if (p)
		return p;
	return json_is_object(ap) ? ap : NULL;
}

static bool nullable(const json_t *s)
{
	return sflag(s, "nullable");
}

/* --- pruning ------------------------------------------------------------------------ */

static void prune(struct vctx *c, json_t *x, const json_t *s, bool embedded, bool skip);

static void prune_object(struct vctx *c, json_t *x, const json_t *s, bool embedded, bool skip)
{
	size_t n;
	const char **keys = json_sorted_keys(x, &n);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(x, keys[i]);
		if (s && embedded && in_list(meta_fields, ARRAY_LEN(meta_fields), keys[i]))
			continue;
		bool known = false;
		const json_t *fs = s ? field_schema(s, keys[i], &known) : NULL;
		struct mark m = enter_key(c, keys[i]);
		if (known) {
			prune(c, v, fs, sflag(fs, "x-kubernetes-embedded-resource"), false);
		} else if (!skip) {
			vfail(c, "unknown-field", v, "unknown field \"%s\" (the API server prunes it)", fld(c));
			c->removed++;
			json_object_del(x, keys[i]);
		}
		leave(c, m);
	}
	free(keys);
}

/* Go's prune and skipPrune in one: under preserve-unknown-fields (skip)
 * unknown keys stay, but known ones are still pruned inside. */
static void prune(struct vctx *c, json_t *x, const json_t *s, bool embedded, bool skip)
{
	if (s && sflag(s, "x-kubernetes-preserve-unknown-fields"))
		skip = true;
	if (skip && !s)
		return;
	if (json_is_object(x)) {
		prune_object(c, x, s, embedded, skip);
	} else if (json_is_array(x)) {
		const json_t *items = sget(s, "items");
		size_t i;
		json_t *v;
		json_array_foreach(x, i, v) {
			struct mark m = enter_index(c, i);
			prune(c, v, json_is_object(items) ? items : NULL, sflag(items, "x-kubernetes-embedded-resource"),
			      skip);
			leave(c, m);
		}
	}
}

/* The API server decodes metadata into ObjectMeta, dropping other fields. */
static void prune_metadata(struct vctx *c, json_t *obj)
{
	json_t *meta = json_object_get(obj, "metadata");
	if (!json_is_object(meta))
		return;
	struct mark m = enter_key(c, "metadata");
	size_t n;
	const char **keys = json_sorted_keys(meta, &n);
	for (size_t i = 0; i < n; i++) {
		if (in_list(object_meta_fields, ARRAY_LEN(object_meta_fields), keys[i]))
			continue;
		struct mark k = enter_key(c, keys[i]);
		vfail(c, "unknown-field", json_object_get(meta, keys[i]), "unknown field \"%s\" (the API server prunes it)",
		      fld(c));
		json_object_del(meta, keys[i]);
		leave(c, k);
	}
	free(keys);
	leave(c, m);
}

bool validate_prune(json_t *value, const json_t *schema, bool embedded)
{
	struct vctx c = {0};
	prune(&c, value, schema, embedded, false);
	buf_free(&c.ptr);
	buf_free(&c.fld);
	return c.removed > 0;
}

/* --- nulls and defaults -------------------------------------------------------------- */

/* Non-nullable nulls with no default to replace them are dropped. */
static void drop_nulls(json_t *x, const json_t *s)
{
	if (json_is_object(x)) {
		size_t n;
		const char **keys = json_sorted_keys(x, &n);
		for (size_t i = 0; i < n; i++) {
			json_t *v = json_object_get(x, keys[i]);
			bool known;
			const json_t *fs = field_schema(s, keys[i], &known);
			if (json_is_null(v) && fs && !nullable(fs) && !sget(fs, "default"))
				json_object_del(x, keys[i]);
			else
				drop_nulls(v, fs);
		}
		free(keys);
	} else if (json_is_array(x)) {
		const json_t *items = sget(s, "items");
		size_t i;
		json_t *v;
		json_array_foreach(x, i, v)
			drop_nulls(v, json_is_object(items) ? items : NULL);
	}
}

static void apply_defaults(json_t *x, const json_t *s);

static void default_object(json_t *x, const json_t *s)
{
	const json_t *props = sget(s, "properties"), *ap = sget(s, "additionalProperties");
	size_t n;
	const char **keys = json_sorted_keys(props, &n);
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_object_get(props, keys[i]), *d = sget(p, "default");
		json_t *cur = json_object_get(x, keys[i]);
		if (d && (!cur || (json_is_null(cur) && !nullable(p))))
			json_object_set_new(x, keys[i], json_deep_copy(d));
	}
	free(keys);
	keys = json_sorted_keys(x, &n);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(x, keys[i]);
		const json_t *p = sprop(s, keys[i]);
		if (p) {
			apply_defaults(v, p);
		} else if (json_is_object(ap)) {
			if (json_is_null(v) && !nullable(ap) && sget(ap, "default")) {
				v = json_deep_copy(sget(ap, "default"));
				json_object_set_new(x, keys[i], v);
			}
			apply_defaults(v, ap);
		}
	}
	free(keys);
}

/* Go's structural defaulting: missing fields, and non-nullable nulls,
 * take their schema's default, then defaulting goes on inside. */
static void apply_defaults(json_t *x, const json_t *s)
{
	if (!json_is_object(s))
		return;
	if (json_is_object(x)) {
		default_object(x, s);
	} else if (json_is_array(x)) {
		const json_t *items = sget(s, "items");
		size_t i;
		json_t *v;
		json_array_foreach(x, i, v) {
			if (json_is_null(v) && json_is_object(items) && !nullable(items) && sget(items, "default")) {
				json_array_set_new(x, i, json_deep_copy(sget(items, "default")));
				v = json_array_get(x, i);
			}
			apply_defaults(v, json_is_object(items) ? items : NULL);
		}
	}
}

/* --- validation ---------------------------------------------------------------------- */

static void vnode(struct vctx *c, const json_t *x, const json_t *s);

/* kube-openapi's name for the kind of a JSON value. */
static const char *data_type(const json_t *x)
{
	return json_kind_name(x);
}

static bool is_integral(const json_t *x)
{
	if (json_is_integer(x))
		return true;
	double d = json_real_value(x);
	return json_is_real(x) && d == floor(d) && fabs(d) < 9.2e18;
}

static bool type_allows(const char *types, const json_t *x)
{
	const char *k = data_type(x);
	char want[32];
	for (const char *t = types; *t;) {
		size_t l = strcspn(t, ",");
		snprintf(want, sizeof(want), "%.*s", (int)l, t);
		if (strcmp(want, k) == 0 || (strcmp(want, "number") == 0 && json_is_integer(x)) ||
		    (strcmp(want, "integer") == 0 && json_is_real(x) && is_integral(x)))
			return true;
		t += l + (t[l] == ',');
	}
	return false;
}

/* False when x has the wrong type (reported), so nothing else applies. */
static bool check_type(struct vctx *c, const json_t *x, const json_t *s)
{
	const char *type = json_string_value(sget(s, "type"));
	if (sflag(s, "x-kubernetes-int-or-string"))
		type = "integer,string";
	if (!type || !*type)
		return true;
	if (json_is_null(x)) {
		if (nullable(s))
			return true;
		vfail(c, "value-type", x, "Invalid value: \"null\": %s in body must be of type %s: \"null\"", fld(c), type);
		return false;
	}
	if (type_allows(type, x))
		return true;
	vfail(c, "value-type", x, "Invalid value: \"%s\": %s in body must be of type %s: \"%s\"", data_type(x), fld(c),
	      type, data_type(x));
	return false;
}

static bool same_value(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	return json_equal((json_t *)a, (json_t *)b);
}

static void check_enum(struct vctx *c, const json_t *x, const json_t *s)
{
	const json_t *e = sget(s, "enum");
	if (!json_is_array(e) || !json_array_size(e))
		return;
	size_t i;
	json_t *v;
	json_array_foreach(e, i, v)
		if (same_value(v, x))
			return;
	struct buf b = BUF_INIT;
	json_array_foreach(e, i, v) {
		if (i)
			buf_adds(&b, ", ");
		if (json_is_string(v)) {
			quote(&b, json_string_value(v));
		} else {
			char *j = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
			quote(&b, j ? j : "");
			free(j);
		}
	}
	char *val = value_str(x);
	vfail(c, "value-enum", x, "Unsupported value: %s: supported values: %s", val, b.p);
	free(val);
	buf_free(&b);
}

static size_t rune_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void check_string(struct vctx *c, const json_t *x, const json_t *s)
{
	const char *str = json_string_value(x), *type = json_string_value(sget(s, "type"));
	const char *format = json_string_value(sget(s, "format"));
	char *val = value_str(x);
	if (format && (!type || !strcmp(type, "string")) && strfmt_known(format) && !strfmt_check(format, str, c->re))
		vfail(c, "value-format", x, "Invalid value: %s: %s in body must be of type %s: %s", val, fld(c), format,
		      val);
	const json_t *maxl = sget(s, "maxLength"), *minl = sget(s, "minLength");
	size_t len = rune_count(str);
	if (json_is_integer(maxl) && (json_int_t)len > json_integer_value(maxl))
		vfail(c, "value-length", x, "Too long: may not be longer than %lld", (long long)json_integer_value(maxl));
	if (json_is_integer(minl) && (json_int_t)len < json_integer_value(minl))
		vfail(c, "value-length", x, "Invalid value: %s: %s in body should be at least %lld chars long", val, fld(c),
		      (long long)json_integer_value(minl));
	const char *pat = json_string_value(sget(s, "pattern")), *err;
	bool go_ok;
	if (pat) {
		const struct re2 *re = re2_cache_get(c->re, pat, &err, &go_ok);
		int m = re ? re2_match(re, str, json_string_length(x)) : go_ok ? -1 : 1;
		if (m == 0)
			vfail(c, "value-pattern", x, "Invalid value: %s: %s in body should match '%s'", val, fld(c), pat);
		else if (m < 0)
			vfail(c, "pattern-not-evaluated", x, "pattern '%s' was not checked: %s", pat,
			      err ? err : "PCRE2 gave up (match limit)");
	}
	free(val);
}

static void check_number(struct vctx *c, const json_t *x, const json_t *s)
{
	double v = json_number_value(x);
	const json_t *max = sget(s, "maximum"), *min = sget(s, "minimum"), *mult = sget(s, "multipleOf");
	char *val = num_str(x);
	if (json_is_number(mult) && json_number_value(mult) > 0) {
		double q = v / json_number_value(mult);
		if (fabs(q - round(q)) > 1e-9 * fmax(1, fabs(q))) {
			char *m = num_str(mult);
			vfail(c, "value-range", x, "Invalid value: %s: %s in body should be a multiple of %s", val, fld(c), m);
			free(m);
		}
	}
	if (json_is_number(max)) {
		bool ex = sflag(s, "exclusiveMaximum");
		double m = json_number_value(max);
		if (ex ? v >= m : v > m) {
			char *ms = num_str(max);
			vfail(c, "value-range", x, "Invalid value: %s: %s in body should be less than %s%s", val, fld(c),
			      ex ? "" : "or equal to ", ms);
			free(ms);
		}
	}
	if (json_is_number(min)) {
		bool ex = sflag(s, "exclusiveMinimum");
		double m = json_number_value(min);
		if (ex ? v <= m : v < m) {
			char *ms = num_str(min);
			vfail(c, "value-range", x, "Invalid value: %s: %s in body should be greater than %s%s", val, fld(c),
			      ex ? "" : "or equal to ", ms);
			free(ms);
		}
	}
	free(val);
}

/* Go's %#v of a list-map key value. */
static void go_sharp(struct buf *b, const json_t *v)
{
	if (json_is_null(v))
		buf_adds(b, "interface {}(nil)");
	else
		go_value(b, v);
}

struct keyed {
	char *key;
	size_t index;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int d = strcmp(x->key, y->key);
	return d ? d : (x->index > y->index) - (x->index < y->index);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The indexes of second occurrences, ascending (Go's validateListSet). */
static size_t *duplicates(json_t **vals, size_t n, size_t *ndup)
{
	struct keyed *k = xcalloc(n ? n : 1, sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		k[i].key = json_dumps(vals[i], JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		k[i].index = i;
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	size_t *dup = xmalloc((n ? n : 1) * sizeof(*dup));
	*ndup = 0;
	for (size_t i = 1; i < n; i++)
		if (!strcmp(k[i].key, k[i - 1].key) && (i < 2 || strcmp(k[i - 1].key, k[i - 2].key)))
			dup[(*ndup)++] = k[i].index;
	for (size_t i = 0; i < n; i++)
		free(k[i].key);
	free(k);
	qsort(dup, *ndup, sizeof(*dup), cmp_size);
	return dup;
}

static void report_dups(struct vctx *c, const json_t *x, json_t **keys, size_t n, const json_t *mapkeys)
{
	size_t ndup;
	size_t *dup = duplicates(keys, n, &ndup);
	for (size_t d = 0; d < ndup; d++) {
		size_t i = dup[d];
		struct buf b = BUF_INIT;
		if (!mapkeys) {
			go_value(&b, keys[i]);
		} else {
			buf_adds(&b, "map[string]interface {}{");
			size_t nk;
			const char **names = json_sorted_keys(keys[i], &nk);
			for (size_t k = 0; k < nk; k++) {
				buf_addf(&b, "%s", k ? ", " : "");
				quote(&b, names[k]);
				buf_addc(&b, ':');
				go_sharp(&b, json_object_get(keys[i], names[k]));
			}
			free(names);
			buf_addc(&b, '}');
		}
		struct mark m = enter_index(c, i);
		vfail(c, "list-duplicate", json_array_get(x, i), "Duplicate value: %s", b.p);
		leave(c, m);
		buf_free(&b);
	}
	free(dup);
}

/* x-kubernetes-list-type set and map: no two equal items, no two items
 * with equal keys. */
static void check_list_type(struct vctx *c, const json_t *x, const json_t *s)
{
	const char *lt = json_string_value(sget(s, "x-kubernetes-list-type"));
	size_t n = json_array_size(x);
	if (!lt || (strcmp(lt, "set") && strcmp(lt, "map")))
		return;
	bool map = !strcmp(lt, "map");
	const json_t *mk = sget(s, "x-kubernetes-list-map-keys");
	json_t **keys = xcalloc(n ? n : 1, sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(x, i);
		if (!map) {
			keys[i] = json_incref(item);
			continue;
		}
		if (!json_is_object(item) && !json_is_null(item)) {
			struct mark m = enter_index(c, i);
			char *val = value_str(item);
			vfail(c, "list-duplicate", item, "Invalid value: %s: must be an object for an array of list-type map",
			      val);
			free(val);
			leave(c, m);
			for (size_t k = 0; k < i; k++)
				json_decref(keys[k]);
			free(keys);
			return;
		}
		keys[i] = json_object();
		size_t k;
		json_t *name;
		json_array_foreach(mk, k, name) {
			json_t *v = json_object_get(item, json_string_value(name) ? json_string_value(name) : "");
			if (v)
				json_object_set(keys[i], json_string_value(name), v);
		}
	}
	report_dups(c, x, keys, n, map ? mk : NULL);
	for (size_t i = 0; i < n; i++)
		json_decref(keys[i]);
	free(keys);
}

static void check_array(struct vctx *c, const json_t *x, const json_t *s)
{
	const json_t *maxi = sget(s, "maxItems"), *mini = sget(s, "minItems"), *items = sget(s, "items");
	json_int_t n = (json_int_t)json_array_size(x);
	if (json_is_integer(maxi) && n > json_integer_value(maxi))
		vfail(c, "value-count", x, "Too many: %lld: must have at most %lld items", (long long)n,
		      (long long)json_integer_value(maxi));
	if (json_is_integer(mini) && n < json_integer_value(mini))
		vfail(c, "value-count", x, "Invalid value: %lld: %s in body should have at least %lld items", (long long)n,
		      fld(c), (long long)json_integer_value(mini));
	size_t i;
	json_t *v;
	if (json_is_object(items))
		json_array_foreach(x, i, v) {
			struct mark m = enter_index(c, i);
			vnode(c, v, items);
			leave(c, m);
		}
	check_list_type(c, x, s);
}

static void check_object(struct vctx *c, const json_t *x, const json_t *s)
{
	const json_t *maxp = sget(s, "maxProperties"), *minp = sget(s, "minProperties"), *req = sget(s, "required");
	const json_t *ap = sget(s, "additionalProperties");
	json_int_t n = (json_int_t)json_object_size(x);
	if (json_is_integer(maxp) && n > json_integer_value(maxp))
		vfail(c, "value-count", x, "Too many: %lld: must have at most %lld items", (long long)n,
		      (long long)json_integer_value(maxp));
	if (json_is_integer(minp) && n < json_integer_value(minp))
		vfail(c, "value-count", x, "Invalid value: %lld: %s in body should have at least %lld properties",
		      (long long)n, fld(c), (long long)json_integer_value(minp));
	size_t i;
	json_t *r;
	json_array_foreach(req, i, r) {
		const char *name = json_string_value(r);
		if (!name || json_object_get(x, name))
			continue;
		struct mark m = enter_key(c, name);
		vfail(c, "value-required", x, "Required value");
		leave(c, m);
	}
	size_t nk;
	const char **keys = json_sorted_keys(x, &nk);
	for (size_t k = 0; k < nk; k++) {
		const json_t *v = json_object_get(x, keys[k]), *p = sprop(s, keys[k]);
		struct mark m = enter_key(c, keys[k]);
		if (p)
			vnode(c, v, p);
		else if (json_is_object(ap))
			vnode(c, v, ap);
		else if (json_is_false(ap))
			vfail(c, "value-forbidden-field", v, "Invalid value: \"%s\": %s in body is a forbidden property", keys[k],
			      fld(c));
		leave(c, m);
	}
	free(keys);
}

/* Validates x against sub into a scratch report; the number of errors. */
static size_t trial(struct vctx *c, const json_t *x, const json_t *sub, struct lint_report *scratch)
{
	struct lint_report *saved = c->r;
	c->r = scratch;
	vnode(c, x, sub);
	c->r = saved;
	return lint_report_count(scratch, SEV_ERROR);
}

static void merge(struct vctx *c, struct lint_report *from)
{
	for (size_t i = 0; c->r && i < from->n; i++) {
		struct lint_finding *f = &from->v[i];
		lint_add(c->r, f->code, f->path, f->node, f->at_key, "%s", f->msg);
	}
}

static void check_junctors(struct vctx *c, const json_t *x, const json_t *s)
{
	static const char *const kinds[] = {"allOf", "anyOf", "oneOf"};
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
		const json_t *list = sget(s, kinds[k]);
		size_t n = json_array_size(list), valid = 0, best_err = SIZE_MAX;
		if (!n)
			continue;
		struct lint_report best = {0};
		for (size_t i = 0; i < n; i++) {
			struct lint_report t = {0};
			size_t e = trial(c, x, json_array_get(list, i), &t);
			valid += e == 0;
			if (e && e < best_err) {
				lint_report_free(&best);
				best = t;
				best_err = e;
			} else {
				lint_report_free(&t);
			}
		}
		if (k == 0 && valid != n)
			vfail(c, "value-junctor", x, "Invalid value: \"\": %s must validate all the schemas (allOf)", fld(c));
		else if (k == 1 && !valid)
			vfail(c, "value-junctor", x, "Invalid value: \"\": %s must validate at least one schema (anyOf)", fld(c));
		else if (k == 2 && valid != 1)
			vfail(c, "value-junctor", x,
			      "Invalid value: \"\": %s must validate one and only one schema (oneOf). Found %s", fld(c),
			      valid ? "more than one valid alternative" : "none valid");
		if ((k == 0 && valid != n) || (k == 1 && !valid) || (k == 2 && !valid))
			merge(c, &best);
		lint_report_free(&best);
	}
	const json_t *not = sget(s, "not");
	if (json_is_object(not)) {
		struct lint_report t = {0};
		if (trial(c, x, not, &t) == 0)
			vfail(c, "value-junctor", x, "Invalid value: \"\": %s must not validate the schema (not)", fld(c));
		lint_report_free(&t);
	}
}

static void check_api_version(struct vctx *c, const json_t *v)
{
	const char *s = json_string_value(v);
	char *val = value_str(v);
	if (!json_is_string(v))
		vfail(c, "embedded-resource", v, "Invalid value: %s: must be a string", val);
	else if (!*s)
		vfail(c, "embedded-resource", v, "Required value");
	else if (strchr(s, '/') && strchr(strchr(s, '/') + 1, '/'))
		vfail(c, "embedded-resource", v, "Invalid value: %s: unexpected GroupVersion string: %s", val, s);
	free(val);
}

/* x-kubernetes-embedded-resource: apiVersion and kind, and valid metadata. */
static void check_embedded(struct vctx *c, const json_t *x)
{
	static const char *const req[] = {"apiVersion", "kind"};
	for (size_t i = 0; i < ARRAY_LEN(req); i++) {
		const json_t *v = json_object_get(x, req[i]);
		struct mark m = enter_key(c, req[i]);
		if (!v)
			vfail(c, "embedded-resource", x, "Required value");
		else if (i == 0)
			check_api_version(c, v);
		else if (!json_is_string(v) || !*json_string_value(v))
			vfail(c, "embedded-resource", v, json_is_string(v) ? "Required value" : "Invalid value: must be a string");
		else {
			struct buf why = BUF_INIT;
			char *val = value_str(v);
			if (!k8s_kind_name(json_string_value(v), &why))
				vfail(c, "embedded-resource", v, "Invalid value: %s: %s", val, why.p);
			free(val);
			buf_free(&why);
		}
		leave(c, m);
	}
}

static void note_rules(struct vctx *c, const json_t *s)
{
	if (!json_array_size(sget(s, "x-kubernetes-validations")))
		return;
	for (size_t i = 0; i < c->nrules; i++)
		if (c->rules[i] == s)
			return;
	c->rules = xrealloc(c->rules, (c->nrules + 1) * sizeof(*c->rules));
	c->rules[c->nrules++] = s;
}

static void vnode(struct vctx *c, const json_t *x, const json_t *s)
{
	if (!json_is_object(s))
		return;
	note_rules(c, s);
	if (!check_type(c, x, s) || json_is_null(x))
		return;
	check_enum(c, x, s);
	if (json_is_string(x))
		check_string(c, x, s);
	else if (json_is_number(x))
		check_number(c, x, s);
	else if (json_is_array(x))
		check_array(c, x, s);
	else if (json_is_object(x))
		check_object(c, x, s);
	check_junctors(c, x, s);
	if (json_is_object(x) && sflag(s, "x-kubernetes-embedded-resource"))
		check_embedded(c, x);
}

/* --- metadata --------------------------------------------------------------------------- */

static void check_string_map(struct vctx *c, const json_t *meta, const char *field, bool labels)
{
	const json_t *m = json_object_get(meta, field);
	if (!m)
		return;
	struct mark mk = enter_key(c, field);
	if (!json_is_object(m)) {
		char *val = value_str(m);
		vfail(c, "metadata", m, "Invalid value: %s: must be a map of strings", val);
		free(val);
	}
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)m, k, v) {
		struct buf why = BUF_INIT;
		struct mark mv = enter_key(c, k);
		if (!k8s_qualified_name(k, &why))
			vfail(c, "metadata", v, "Invalid value: \"%s\": %s", k, why.p);
		else if (!json_is_string(v))
			vfail(c, "metadata", v, "Invalid value: must be a string");
		else if (labels && !k8s_label_value(json_string_value(v), &why))
			vfail(c, "metadata", v, "Invalid value: \"%s\": %s", json_string_value(v), why.p);
		leave(c, mv);
		buf_free(&why);
	}
	leave(c, mk);
}

/* What ValidateObjectMeta checks of a new object. */
static void check_metadata(struct vctx *c, const json_t *obj, bool namespaced)
{
	const json_t *meta = json_object_get(obj, "metadata");
	struct mark m = enter_key(c, "metadata");
	if (!json_is_object(meta)) {
		vfail(c, "metadata", meta ? meta : obj, meta ? "Invalid value: must be an object" : "Required value");
		leave(c, m);
		return;
	}
	const json_t *name = json_object_get(meta, "name"), *gen = json_object_get(meta, "generateName");
	const json_t *ns = json_object_get(meta, "namespace");
	struct buf why = BUF_INIT;
	struct mark k = enter_key(c, "name");
	if (!name && !gen)
		vfail(c, "metadata", meta, "Required value: name or generateName is required");
	else if (name && (!json_is_string(name) || !k8s_dns1123_subdomain(json_string_value(name), &why))) {
		char *val = value_str(name);
		vfail(c, "metadata", name, "Invalid value: %s: %s", val, why.p ? why.p : "must be a string");
		free(val);
	}
	leave(c, k);
	buf_free(&why);
	k = enter_key(c, "namespace");
	if (ns && !namespaced)
		vfail(c, "metadata-namespace", ns, "the resource is cluster-scoped: the API server ignores metadata.namespace");
	else if (ns && (!json_is_string(ns) || !k8s_dns1123_label(json_string_value(ns), &why))) {
		char *val = value_str(ns);
		vfail(c, "metadata", ns, "Invalid value: %s: %s", val, why.p ? why.p : "must be a string");
		free(val);
	}
	leave(c, k);
	buf_free(&why);
	check_string_map(c, meta, "labels", true);
	check_string_map(c, meta, "annotations", false);
	leave(c, m);
}

/* --- entry points ---------------------------------------------------------------------- */

static void finish(struct vctx *c, const json_t *anchor)
{
	if (c->nrules && c->r) {
		buf_truncate(&c->ptr, 0);
		lint_add(c->r, "cel-not-evaluated", "", anchor, false,
			 "%zu x-kubernetes-validations rule set%s not evaluated: crdc does not run CEL", c->nrules,
			 c->nrules == 1 ? " was" : "s were");
	}
	free(c->rules);
	buf_free(&c->ptr);
	buf_free(&c->fld);
}

void validate_resource(json_t *obj, const json_t *schema, const struct validate_opts *o, struct re2_cache *re,
		       struct lint_report *r)
{
	struct re2_cache own = {0};
	struct vctx c = {.r = r, .re = re ? re : &own};
	prune_metadata(&c, obj);
	prune(&c, obj, schema, true, false);
	drop_nulls(obj, schema);
	apply_defaults(obj, schema);
	vnode(&c, obj, schema);
	check_metadata(&c, obj, o->namespaced);
	finish(&c, obj);
	re2_cache_free(&own);
}

void validate_value(const json_t *value, const json_t *schema, const char *ptr, const char *field,
		    const json_t *anchor, struct re2_cache *re, struct lint_report *r)
{
	struct re2_cache own = {0};
	struct vctx c = {.r = r, .re = re ? re : &own, .anchor = anchor};
	buf_adds(&c.ptr, ptr);
	buf_adds(&c.fld, field);
	vnode(&c, value, schema);
	free(c.rules);
	buf_free(&c.ptr);
	buf_free(&c.fld);
	re2_cache_free(&own);
}

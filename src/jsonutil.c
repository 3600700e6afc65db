#include "config.h"
#include "jsonutil.h"

#include <stdlib.h>
#include <string.h>

bool ptr_split(const char *ptr, char ***tokens, size_t *n)
{
	*tokens = NULL;
	*n = 0;
	if (!*ptr)
		return true;
	if (*ptr != '/')
		return false;
	size_t cap = 1;
	for (const char *p = ptr; *p; p++)
		cap += *p == '/';
	char **t = xmalloc(cap * sizeof(*t));
	size_t k = 0;
	const char *p = ptr + 1;
	for (;;) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *tok = xmalloc(len + 1), *o = tok;
		for (size_t i = 0; i < len; i++) {
			if (p[i] != '~') {
				*o++ = p[i];
				continue;
			}
			if (i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
				*o++ = p[i + 1] == '0' ? '~' : '/';
				i++;
				continue;
			}
			free(tok);
			ptr_tokens_free(t, k);
			return false;
		}
		*o = '\0';
		t[k++] = tok;
		if (!end)
			break;
		p = end + 1;
	}
	*tokens = t;
	*n = k;
	return true;
}

void ptr_tokens_free(char **tokens, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(tokens[i]);
	free(tokens);
}

void ptr_append(struct buf *b, const char *token)
{
	size_t n = strcspn(token, "~/");
	buf_grow(b, n + 1);
	b->p[b->len++] = '/';
	memcpy(b->p + b->len, token, n);
	b->len += n;
	b->p[b->len] = '\0';
	if (!token[n])
		return;	/* the usual case: nothing to escape */
	for (const char *p = token + n; *p; p++) {
		if (*p == '~')
			buf_add(b, "~0", 2);
		else if (*p == '/')
			buf_add(b, "~1", 2);
		else
			buf_addc(b, *p);
	}
}

void ptr_append_index(struct buf *b, size_t i)
{
	/* Lint and the re-read build paths index by index: no printf here. */
	char d[24];
	size_t n = sizeof(d);
	do
		d[--n] = (char)('0' + i % 10);
	while ((i /= 10) != 0);
	d[--n] = '/';
	buf_add(b, d + n, sizeof(d) - n);
}

bool ptr_index(const char *tok, size_t *out)
{
	if (!tok[0] || (tok[0] == '0' && tok[1]) || strlen(tok) > 18)
		return false;
	size_t v = 0;
	for (const char *p = tok; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (size_t)(*p - '0');
	}
	*out = v;
	return true;
}

json_t *ptr_get_tokens(json_t *root, char *const *tokens, size_t n)
{
	json_t *cur = root;
	for (size_t i = 0; cur && i < n; i++) {
		if (json_is_object(cur)) {
			cur = json_object_get(cur, tokens[i]);
		} else if (json_is_array(cur)) {
			size_t idx;
			cur = ptr_index(tokens[i], &idx) ? json_array_get(cur, idx) : NULL;
		} else {
			cur = NULL;
		}
	}
	return cur;
}

json_t *ptr_get(json_t *root, const char *ptr)
{
	char **t;
	size_t n;
	if (!ptr_split(ptr, &t, &n))
		return NULL;
	json_t *v = ptr_get_tokens(root, t, n);
	ptr_tokens_free(t, n);
	return v;
}

json_t *merge_patch_new(json_t *target, const json_t *patch)
{
	if (!json_is_object(patch)) {
		json_decref(target);
		return json_deep_copy(patch);
	}
	if (!json_is_object(target)) {
		json_decref(target);
		target = json_object();
	}
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)patch, k, v) {
		if (json_is_null(v)) {
			json_object_del(target, k);
			continue;
		}
		json_t *cur = json_object_get(target, k);
		json_incref(cur);
		json_object_set_new(target, k, merge_patch_new(cur, v));
	}
	return target;
}

/* --- JSON Patch ---------------------------------------------------------- */

struct loc {
	json_t *parent;		/* borrowed; NULL when the location is the root */
	const char *key;	/* object member name or array index token */
};

/* Finds the parent of ptr.  Fails when the pointer is malformed or an
 * intermediate node is missing. */
static bool locate(json_t *root, const char *ptr, char ***toks, size_t *n, struct loc *out, struct buf *msg)
{
	if (!ptr_split(ptr, toks, n)) {
		buf_addf(msg, "malformed JSON Pointer '%s'", ptr);
		return false;
	}
	if (*n == 0) {
		out->parent = NULL;
		out->key = NULL;
		return true;
	}
	json_t *parent = ptr_get_tokens(root, *toks, *n - 1);
	if (!parent || (!json_is_object(parent) && !json_is_array(parent))) {
		buf_addf(msg, "path '%s' does not exist (its parent is missing or not a container)", ptr);
		ptr_tokens_free(*toks, *n);
		*toks = NULL;
		return false;
	}
	out->parent = parent;
	out->key = (*toks)[*n - 1];
	return true;
}

/* Takes value. */
static bool op_add(json_t **root, const char *path, json_t *value, struct buf *msg)
{
	char **t;
	size_t n;
	struct loc l;
	if (!locate(*root, path, &t, &n, &l, msg)) {
		json_decref(value);
		return false;
	}
	bool ok = true;
	if (!l.parent) {
		json_decref(*root);
		*root = value;
	} else if (json_is_object(l.parent)) {
		json_object_set_new(l.parent, l.key, value);
	} else {
		size_t idx, size = json_array_size(l.parent);
		if (strcmp(l.key, "-") == 0)
			json_array_append_new(l.parent, value);
		else if (ptr_index(l.key, &idx) && idx <= size)
			json_array_insert_new(l.parent, idx, value);
		else {
			buf_addf(msg, "array index '%s' is out of range (size %zu) in '%s'", l.key, size, path);
			json_decref(value);
			ok = false;
		}
	}
	ptr_tokens_free(t, n);
	return ok;
}

/* Removes the node at path; returns it (new) through *out if out is set. */
static bool op_remove(json_t **root, const char *path, json_t **out, struct buf *msg)
{
	char **t;
	size_t n;
	struct loc l;
	if (!locate(*root, path, &t, &n, &l, msg))
		return false;
	bool ok = true;
	if (!l.parent) {
		if (out)
			*out = *root;
		else
			json_decref(*root);
		*root = json_null();
	} else if (json_is_object(l.parent)) {
		json_t *v = json_object_get(l.parent, l.key);
		if (!v) {
			buf_addf(msg, "path '%s' does not exist", path);
			ok = false;
		} else {
			if (out)
				*out = json_incref(v);
			json_object_del(l.parent, l.key);
		}
	} else {
		size_t idx;
		if (!ptr_index(l.key, &idx) || idx >= json_array_size(l.parent)) {
			buf_addf(msg, "array index '%s' does not exist in '%s'", l.key, path);
			ok = false;
		} else {
			if (out)
				*out = json_incref(json_array_get(l.parent, idx));
			json_array_remove(l.parent, idx);
		}
	}
	ptr_tokens_free(t, n);
	return ok;
}

static const char *str_member(const json_t *op, const char *name)
{
	return json_string_value(json_object_get(op, name));
}

static bool apply_one(json_t **root, const json_t *op, struct buf *msg)
{
	const char *kind = str_member(op, "op");
	const char *path = str_member(op, "path");
	if (!json_is_object(op) || !kind || !path) {
		buf_adds(msg, "an operation needs string members 'op' and 'path'");
		return false;
	}
	json_t *value = json_object_get(op, "value");
	const char *from = str_member(op, "from");
	if (strcmp(kind, "add") == 0 || strcmp(kind, "replace") == 0 || strcmp(kind, "test") == 0) {
		if (!value) {
			buf_addf(msg, "'%s' needs a 'value'", kind);
			return false;
		}
	}
	if ((strcmp(kind, "move") == 0 || strcmp(kind, "copy") == 0) && !from) {
		buf_addf(msg, "'%s' needs a string 'from'", kind);
		return false;
	}
	if (strcmp(kind, "add") == 0)
		return op_add(root, path, json_deep_copy(value), msg);
	if (strcmp(kind, "remove") == 0)
		return op_remove(root, path, NULL, msg);
	if (strcmp(kind, "replace") == 0) {
		if (!ptr_get(*root, path)) {
			buf_addf(msg, "path '%s' does not exist", path);
			return false;
		}
		return op_remove(root, path, NULL, msg) && op_add(root, path, json_deep_copy(value), msg);
	}
	if (strcmp(kind, "test") == 0) {
		json_t *cur = ptr_get(*root, path);
		if (!cur) {
			buf_addf(msg, "path '%s' does not exist", path);
			return false;
		}
		if (!json_equal(cur, value)) {
			buf_addf(msg, "test failed: the value at '%s' differs", path);
			return false;
		}
		return true;
	}
	if (strcmp(kind, "copy") == 0) {
		json_t *src = ptr_get(*root, from);
		if (!src) {
			buf_addf(msg, "'from' path '%s' does not exist", from);
			return false;
		}
		return op_add(root, path, json_deep_copy(src), msg);
	}
	if (strcmp(kind, "move") == 0) {
		size_t fl = strlen(from);
		if (strncmp(path, from, fl) == 0 && path[fl] == '/') {
			buf_addf(msg, "cannot move '%s' into its own child '%s'", from, path);
			return false;
		}
		json_t *v = NULL;
		if (!op_remove(root, from, &v, msg))
			return false;
		return op_add(root, path, v, msg);
	}
	buf_addf(msg, "unknown operation '%s'", kind);
	return false;
}

bool json_patch_apply(json_t **root, const json_t *patch, size_t *failed_op, struct buf *msg)
{
	if (!json_is_array(patch)) {
		*failed_op = 0;
		buf_adds(msg, "a JSON Patch is an array of operations");
		return false;
	}
	size_t i;
	json_t *op;
	json_array_foreach((json_t *)patch, i, op) {
		if (!apply_one(root, op, msg)) {
			*failed_op = i;
			return false;
		}
	}
	return true;
}

/* --- comparisons --------------------------------------------------------- */

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **json_sorted_keys(const json_t *obj, size_t *n)
{
	size_t size = json_object_size(obj), k = 0;
	const char **keys = xmalloc((size ? size : 1) * sizeof(*keys));
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v)
		keys[k++] = key;
	qsort(keys, k, sizeof(*keys), cmp_keys);
	*n = k;
	return keys;
}

static int cmp_members(const void *a, const void *b)
{
	return strcmp(((const struct json_member *)a)->key, ((const struct json_member *)b)->key);
}

struct json_member *json_sorted_members(const json_t *obj, size_t *n)
{
	size_t size = json_object_size(obj), k = 0;
	struct json_member *m = xmalloc((size ? size : 1) * sizeof(*m));
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v)
		m[k++] = (struct json_member){key, v};
	if (k > 1)
		qsort(m, k, sizeof(*m), cmp_members);
	*n = k;
	return m;
}

bool json_same(const json_t *a, const json_t *b, struct buf *path)
{
	if (json_typeof(a) != json_typeof(b))
		return false;
	if (json_is_object(a)) {
		size_t na, nb;
		const char **ka = json_sorted_keys(a, &na);
		const char **kb = json_sorted_keys(b, &nb);
		bool same = true;
		for (size_t i = 0; same && i < na && i < nb; i++) {
			if (strcmp(ka[i], kb[i]) != 0) {
				ptr_append(path, strcmp(ka[i], kb[i]) < 0 ? ka[i] : kb[i]);
				same = false;
				break;
			}
			size_t mark = path->len;
			ptr_append(path, ka[i]);
			same = json_same(json_object_get(a, ka[i]), json_object_get(b, kb[i]), path);
			if (same)
				buf_truncate(path, mark);
		}
		if (same && na != nb) {
			ptr_append(path, na > nb ? ka[nb] : kb[na]);
			same = false;
		}
		free(ka);
		free(kb);
		return same;
	}
	if (json_is_array(a)) {
		size_t n = json_array_size(a), m = json_array_size(b);
		for (size_t i = 0; i < n && i < m; i++) {
			size_t mark = path->len;
			ptr_append_index(path, i);
			if (!json_same(json_array_get(a, i), json_array_get(b, i), path))
				return false;
			buf_truncate(path, mark);
		}
		if (n != m) {
			ptr_append_index(path, n < m ? n : m);
			return false;
		}
		return true;
	}
	return json_equal((json_t *)a, (json_t *)b);
}

const char *json_kind_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_STRING: return "string";
	case JSON_INTEGER: return "integer";
	case JSON_REAL: return "number";
	case JSON_TRUE:
	case JSON_FALSE: return "boolean";
	default: return "null";
	}
}

const char *json_kind_article(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

bool json_is_zero(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return json_object_size(v) == 0;
	case JSON_ARRAY: return json_array_size(v) == 0;
	case JSON_STRING: return json_string_length(v) == 0;
	case JSON_INTEGER: return json_integer_value(v) == 0;
	case JSON_REAL: return json_real_value(v) == 0.0;
	case JSON_FALSE:
	case JSON_NULL: return true;
	default: return false;
	}
}

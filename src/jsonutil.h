/* jsonutil.h: JSON Pointer (RFC 6901), JSON Merge Patch (RFC 7386), JSON
 * Patch (RFC 6902) and other small operations on jansson trees.
 *
 * Ownership follows jansson: "borrowed" results must not be decref'd,
 * "new" results must be, and functions named *_new steal their argument. */
#ifndef CRDC_JSONUTIL_H
#define CRDC_JSONUTIL_H

#include <jansson.h>
#include <stdbool.h>

#include "util.h"

/* Splits a JSON Pointer into unescaped tokens.  "" gives zero tokens.
 * Returns false on a malformed pointer (no leading '/', bad '~' escape). */
bool ptr_split(const char *ptr, char ***tokens, size_t *n);
void ptr_tokens_free(char **tokens, size_t n);
/* Appends "/" and the escaped token. */
void ptr_append(struct buf *b, const char *token);
void ptr_append_index(struct buf *b, size_t i);
/* Borrowed: the node at ptr, or NULL. */
json_t *ptr_get(json_t *root, const char *ptr);
json_t *ptr_get_tokens(json_t *root, char *const *tokens, size_t n);
/* Parses an array index token ("0", "12"; no sign, no leading zeros). */
bool ptr_index(const char *tok, size_t *out);

/* RFC 7386: applies patch to target (stolen) and returns the result (new).
 * patch is borrowed; its parts are copied. */
json_t *merge_patch_new(json_t *target, const json_t *patch);

/* RFC 6902: applies the operations of patch (an array) to *root in order.
 * On failure returns false, sets *failed_op to the index of the operation
 * and fills msg; *root is then partly patched and should be discarded. */
bool json_patch_apply(json_t **root, const json_t *patch, size_t *failed_op, struct buf *msg);

/* The keys of obj sorted bytewise (strcmp).  The array is new (free()), the
 * strings are borrowed from obj. */
const char **json_sorted_keys(const json_t *obj, size_t *n);

/* An object's members sorted bytewise by key: one pass, no lookups.  The
 * array is new (free()); keys and values are borrowed from obj. */
struct json_member {
	const char *key;
	json_t *value;
};
struct json_member *json_sorted_members(const json_t *obj, size_t *n);

/* Compares a and b (numbers by value and kind: 1 and 1.0 differ).  On a
 * difference returns false and appends the JSON Pointer of the first
 * difference, in sorted key order, to path. */
bool json_same(const json_t *a, const json_t *b, struct buf *path);

/* "object", "array", "string", "integer", "number", "boolean", "null". */
const char *json_kind_name(const json_t *v);
/* The same with an article: "an object", "a string", ..., "null". */
const char *json_kind_article(const json_t *v);

/* Go's zero values: "", 0, 0.0, false, {}, [], null. */
bool json_is_zero(const json_t *v);

#endif

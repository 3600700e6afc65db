/* lint_int.h: what lint.c and lint_schema.c share. */
#ifndef CRDC_LINT_INT_H
#define CRDC_LINT_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "lint.h"
#include "re2check.h"
#include "util.h"

struct lctx {
	struct lint_report *r;
	const json_t *crd;	/* borrowed */
	struct buf ptr;		/* JSON Pointer of the current place */
	struct re2_cache re;
	size_t cel_rules;	/* x-kubernetes-validations rules seen */
};

/* Appends a token to c->ptr and returns the length to go back to. */
size_t lint_enter(struct lctx *c, const char *token);
size_t lint_enter_index(struct lctx *c, size_t i);
void lint_leave(struct lctx *c, size_t mark);
/* A finding at c->ptr (plus an optional extra token). */
void lint_at(struct lctx *c, const char *code, const char *extra, const json_t *node, bool at_key, const char *fmt,
	     ...) __attribute__((format(printf, 6, 7)));

/* The API server's name for the place at a JSON Pointer:
 * /spec/versions/0/schema/openAPIV3Schema/properties/a -> spec.versions[0].schema.openAPIV3Schema.properties[a] */
char *lint_field_path(const char *ptr);
/* Value as the API server prints a bad value (strings quoted, JSON otherwise); new string. */
char *lint_value(const json_t *v);

/* The rules for one version's openAPIV3Schema at c->ptr. */
void lint_schema(struct lctx *c, const json_t *schema, bool status_enabled);

/* Follows a dotted path (.spec.replicas) through properties; the schema
 * found (borrowed), or NULL.  *unknowable is set when the schema allows
 * any field on the way (preserve-unknown-fields, additionalProperties). */
const json_t *lint_schema_lookup(const json_t *schema, const char *dotted, bool *unknowable);
/* Whether lint's keyword table is sorted and holds exactly the JSONSchemaProps
 * keywords (its lookups rely on both). */
bool lint_tables_ok(void);

#endif

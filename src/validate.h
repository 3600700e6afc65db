/* validate.h: a custom resource checked against one version's structural
 * schema as the API server checks it: unknown fields pruned (reported as
 * warnings), non-nullable nulls dropped, defaults applied, then the value
 * validations of kube-openapi, list-type uniqueness, embedded resources and
 * metadata.  x-kubernetes-validations (CEL) rules are not evaluated; a note
 * says how many were skipped. */
#ifndef CRDC_VALIDATE_H
#define CRDC_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>

#include "lint.h"
#include "re2check.h"

struct validate_opts {
	bool namespaced;	/* the CRD's scope: metadata.namespace is allowed */
	bool pruned_is_error;	/* unknown fields are errors (kubectl --validate=strict) */
};

/* Validates obj (a whole custom resource) against schema (an
 * openAPIV3Schema).  obj is modified: pruned and defaulted, as stored.
 * schema is borrowed.  re may be NULL (a private cache is used). */
void validate_resource(json_t *obj, const json_t *schema, const struct validate_opts *o, struct re2_cache *re,
		       struct lint_report *r);

/* Checks value against schema with no pruning or defaulting, as the API
 * server checks a schema's `default`.  Findings get paths under ptr (a JSON
 * Pointer) and point at anchor; field names the value in messages
 * (".spec.x.default" style, may be ""). value, schema and anchor are
 * borrowed. */
void validate_value(const json_t *value, const json_t *schema, const char *ptr, const char *field,
		    const json_t *anchor, struct re2_cache *re, struct lint_report *r);

/* Removes from value what the API server would prune under schema and
 * reports whether anything was removed (value is modified). */
bool validate_prune(json_t *value, const json_t *schema, bool embedded);

#endif

/* openapi.h: turning upstream OpenAPI documents (v2 swagger or v3
 * group-version files) into crdc's normalised definitions.
 *
 * A normalised definition is a JSON Schema in which
 *   - $ref holds a plain definition name ("io.k8s.api.core.v1.PodSpec");
 *   - v3's `allOf: [{$ref}]` wrappers are flattened (the outer keys win);
 *   - inline int-or-string schemas (`format: int-or-string`) take the CRD
 *     form, x-kubernetes-int-or-string with anyOf integer/string;
 *   - keys that are not JSONSchemaProps fields are removed
 *     (x-kubernetes-patch-strategy, x-kubernetes-group-version-kind, ...);
 *   - every list-map key is required or has a default, and no other
 *     zero-value default ("", 0, false, {}, []) is kept.
 * The build compiles these into bundles (see bundle.h); --schema files go
 * through the same code at run time. */
#ifndef CRDC_OPENAPI_H
#define CRDC_OPENAPI_H

#include <jansson.h>
#include <stdbool.h>

#include "util.h"

/* The definitions of doc (borrowed): v2 `definitions` or v3
 * `components.schemas`.  Sets *major to 2 or 3; NULL if neither. */
json_t *openapi_definitions(json_t *doc, int *major);

/* Normalises a set of definitions (name -> schema, borrowed) into a new
 * object.  Definitions in `defaults_from` (may be NULL), typically the v3
 * documents of the same release, lend their `default`s to the matching
 * places of `defs`, which is how v2-based bundles get `protocol: TCP`. */
json_t *openapi_normalize(const json_t *defs, const json_t *defaults_from);

/* The plain definition name of a $ref string: strips "#/definitions/" or
 * "#/components/schemas/".  NULL (not a reference to a definition) if the
 * ref has another form. */
const char *openapi_ref_name(const char *ref);

#endif

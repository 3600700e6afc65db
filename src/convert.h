/* convert.h: the structural conversions applied to every resolved schema,
 * after the by-name conversions of resolve.c:
 *   - descriptions stripped or truncated (--descriptions);
 *   - x-kubernetes-list-type / list-map-keys removed from non-arrays;
 *   - `type` filled in where properties or items make it certain;
 *   - the root's `metadata` reduced to what the API server allows
 *     (type: object, and only name/generateName restrictions). */
#ifndef CRDC_CONVERT_H
#define CRDC_CONVERT_H

#include <jansson.h>

#include "resolve.h"

/* Converts, in place, every openAPIV3Schema of crd. */
void convert_crd(json_t *crd, const struct resolve_opts *o);
/* Converts one schema in place; root says whether it is an openAPIV3Schema. */
void convert_schema(json_t *schema, const struct resolve_opts *o, bool root);
/* controller-gen's maxDescLen: a new string cut at the last sentence end
 * before max bytes, or at a word with "..." when there is none. */
char *convert_truncate(const char *desc, unsigned max);

#endif

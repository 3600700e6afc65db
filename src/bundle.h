/* bundle.h: compiled Kubernetes schema bundles (one file per version).
 *
 * The build turns the upstream OpenAPI documents of each Kubernetes version
 * into one bundle: normalised definitions (see openapi.h) as compact JSON,
 * indexed by name.  crdc maps the file and parses only the definitions a
 * template uses.  The layout is described in schemas/README.md. */
#ifndef CRDC_BUNDLE_H
#define CRDC_BUNDLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define BUNDLE_MAGIC "CRDCBND2"

struct bundle;

/* Writes defs (name -> normalised schema) and meta (an object, stored as
 * is) to path atomically.  false after a diagnostic. */
bool bundle_write(const char *path, const json_t *defs, const json_t *meta);

/* Maps and checks a bundle; NULL with a message in err. */
struct bundle *bundle_open(const char *path, struct buf *err);
void bundle_close(struct bundle *b);

/* The definition called name, parsed (new), or NULL if there is none.
 * A corrupt entry is reported in err and also gives NULL. */
json_t *bundle_get(struct bundle *b, const char *name, struct buf *err);
bool bundle_has(const struct bundle *b, const char *name);
size_t bundle_count(const struct bundle *b);
/* The i-th name in sorted order (borrowed, valid while b is open). */
const char *bundle_name(const struct bundle *b, size_t i);
/* The metadata object (borrowed). */
json_t *bundle_meta(const struct bundle *b);

#endif

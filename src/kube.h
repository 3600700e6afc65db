/* kube.h: the Kubernetes definitions a template is resolved against.
 *
 * A `struct kube` is one schema source: a bundled version, definitions from
 * --schema documents layered over it, or --schema documents alone. */
#ifndef CRDC_KUBE_H
#define CRDC_KUBE_H

#include <jansson.h>
#include <stdbool.h>

#include "util.h"

/* The bundled versions, found in $CRDC_SCHEMA_DIR, next to the executable
 * (../schemas, for the build tree) or in the installed data directory. */
struct kube_catalog {
	char *dir;
	char **versions;	/* "1.24" ... "1.36", ascending */
	size_t n;
};

/* false (diagnosed) when no bundle can be found anywhere. */
bool kube_catalog_load(struct kube_catalog *c);
void kube_catalog_free(struct kube_catalog *c);
/* "1.30", "v1.30", "1.30.4" -> the bundled "1.30" (borrowed from c).
 * Sets *patch when a patch level was given.  NULL if the text is not a
 * version (*malformed set) or names a version that is not bundled. */
const char *kube_catalog_match(const struct kube_catalog *c, const char *spec, bool *patch, bool *malformed);
/* "1.24, 1.25, ..." */
char *kube_catalog_list(const struct kube_catalog *c);
const char *kube_catalog_newest(const struct kube_catalog *c);

struct kube;

/* A bundled version (from kube_catalog_match); NULL after a diagnostic. */
struct kube *kube_open(const struct kube_catalog *c, const char *version);
/* A source with no bundle, for --schema alone. */
struct kube *kube_new_empty(void);
void kube_free(struct kube *k);

/* Layers the definitions of an OpenAPI v2 or v3 document (JSON or YAML)
 * over k.  false after a diagnostic. */
bool kube_add_schema(struct kube *k, const char *path);

/* The normalised definition called name (borrowed, cached), or NULL. */
json_t *kube_def(struct kube *k, const char *name);
/* Whether a --schema document supplied the definitions. */
bool kube_has_overlay(const struct kube *k);
/* "1.36", or what --schema documents say about themselves. */
const char *kube_label(const struct kube *k);
/* Whether the label is a Kubernetes version (a bundle, or a document whose
 * info.version is one) rather than "the schema in FILE". */
bool kube_is_versioned(const struct kube *k);
/* "v2" or "v3" for a bundle; "schema" for --schema alone. */
const char *kube_source(const struct kube *k);
size_t kube_count(const struct kube *k);

/* Appends up to three names close to name, ", "-separated; false if none. */
bool kube_suggest(struct kube *k, const char *name, struct buf *out);

#endif

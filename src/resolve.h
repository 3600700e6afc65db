/* resolve.h: expanding the $refs of a template into one self-contained CRD.
 *
 * Schemas are walked by their schema keywords only (see schema.h).  A $ref
 * is replaced by what it names, expanded recursively; the keys written
 * beside it are merged over the result with JSON Merge Patch (RFC 7386)
 * semantics, so they can override a description or delete `required`
 * (`required: null`).  Kubernetes types that a CRD cannot hold as they are
 * become what the conversion table (k8stable.h) says. */
#ifndef CRDC_RESOLVE_H
#define CRDC_RESOLVE_H

#include <jansson.h>
#include <stdbool.h>

#include "kube.h"
#include "load.h"

enum desc_mode {
	DESC_KEEP,		/* every description */
	DESC_STRIP_REFS,	/* drop those that came in through a $ref (resolve -r) */
	DESC_STRIP_K8S,		/* drop those of Kubernetes (and --schema) definitions only */
	DESC_STRIP_ALL,		/* drop them all */
	DESC_TRUNCATE,		/* cut each to desc_max bytes at a sentence boundary */
};

enum meta_mode {
	META_SUBSET,	/* name, namespace, labels, annotations, finalizers */
	META_FULL,	/* every ObjectMeta field but managedFields */
	META_OBJECT,	/* type: object only */
};

struct resolve_opts {
	enum desc_mode desc;
	unsigned desc_max;
	enum meta_mode meta;
	const char *root;		/* absolute: file refs must stay below it */
	bool allow_outside_root;
	const char *const *inc_pkg;	/* -I PACKAGE=DIR */
	const char *const *inc_dir;
	size_t ninc;
	bool allow_v1beta1;		/* crdc resolve also reads apiextensions/v1beta1 */
};

struct resolver;

/* dflt is the version from --kube-version, the newest bundled one, or the
 * --schema documents alone; explicit says the user chose it (then it also
 * wins over versions named in python://k8s_crd_resolver refs).  cat may be
 * NULL when there are no bundles.  Nothing is owned. */
struct resolver *resolver_new(const struct resolve_opts *o, const struct kube_catalog *cat, struct kube *dflt,
			      bool explicit);
void resolver_free(struct resolver *r);

/* Resolves the single CRD document of tpl; a new tree, or NULL after
 * diagnostics. */
json_t *resolve_crd(struct resolver *r, struct yfile *tpl);

/* A definition of the default version, expanded and converted (new), or
 * NULL after a diagnostic that suggests close names. */
json_t *resolve_definition(struct resolver *r, const char *name);

/* The Kubernetes versions the last resolve_crd() used: "1.36", or
 * "1.30 and 1.36" when refs named several. */
const char *resolver_versions_used(struct resolver *r);

/* The file cache key and display name of a path, for messages elsewhere. */
char *resolver_display(const struct resolver *r, const char *path);



/* Where a place in a resolved CRD came from: walks tpl along path (a JSON
 * Pointer into the output), following the $refs it crosses.  at is the
 * deepest position in a file the user wrote (the template, or a fragment
 * file); chain lists the $refs crossed, "$ref 'x' → io.k8s...PodSpec → ..."
 * (empty when the place is written in the template itself). */
struct trace {
	struct pos at;
	struct buf chain;
};
void resolve_trace(struct resolver *r, struct yfile *tpl, const char *path, struct trace *t);
#endif

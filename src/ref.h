/* ref.h: the forms a $ref may take in a template.
 *
 *   io.k8s.api.core.v1.PodSpec                      a Kubernetes definition
 *   '#/definitions/io.k8s.api.core.v1.PodSpec'      the same, as a JSON Pointer
 *   '#/components/schemas/io.k8s.api.core.v1.PodSpec'
 *   '#/definitions/Local'                           this file's own definitions, when it has them
 *   common.yaml#/definitions/Resources              a file, relative to the referring file
 *   common.yaml                                     a whole file
 *   python://k8s_crd_resolver/schemata/k8s-1.21.1.json#/definitions/<name>
 *                                                   k8s-crd-resolver's bundled schemas
 *   python://<package>/<path>#<pointer>             a file in a Python package (-I)
 *   http://..., https://...                         refused: use --schema
 */
#ifndef CRDC_REF_H
#define CRDC_REF_H

#include <stdbool.h>

#include "util.h"

enum ref_kind {
	REF_DEFINITION,	/* name: a definition, from the Kubernetes schemas */
	REF_POINTER,	/* pointer: "#/..." into the referring file, or a definition */
	REF_FILE,	/* path (+ pointer) */
	REF_RESOLVER,	/* version (may be NULL), name, pointer (rest after the name) */
	REF_PACKAGE,	/* package, path (+ pointer) */
	REF_URL,	/* refused */
};

struct ref {
	enum ref_kind kind;
	char *text;	/* the ref, trimmed */
	char *name;	/* definition name (REF_DEFINITION, REF_RESOLVER; REF_POINTER when it names one) */
	char *pointer;	/* JSON Pointer, "" for the whole document */
	char *path;	/* REF_FILE, REF_PACKAGE */
	char *package;	/* REF_PACKAGE */
	char *version;	/* REF_RESOLVER: "1.21.1" from k8s-1.21.1.json */
	char *rest;	/* REF_POINTER naming a definition: the pointer inside it ("" for all of it) */
};

/* "/definitions/NAME[/rest]" or "/components/schemas/NAME[/rest]": sets
 * *name (new) and *rest (new) and returns true. */
bool ref_definition_pointer(const char *ptr, char **name, char **rest);

/* Parses s; false with a message in err for a malformed ref. */
bool ref_parse(const char *s, struct ref *r, struct buf *err);
void ref_free(struct ref *r);

#endif

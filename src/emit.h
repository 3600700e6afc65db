/* emit.h: writing trees as block-style YAML or as JSON, deterministically
 * (keys sorted bytewise), and proving the YAML reads back unchanged. */
#ifndef CRDC_EMIT_H
#define CRDC_EMIT_H

#include <jansson.h>
#include <stdbool.h>

#include "util.h"

/* Appends doc as one YAML document.  Strings that a YAML 1.1 or 1.2 reader
 * would take for another type are quoted; multi-line strings use literal
 * blocks where that is exact.  Returns false only on an emitter failure. */
bool emit_yaml(struct buf *out, const json_t *doc);
/* Appends doc as indented JSON followed by a newline. */
bool emit_json(struct buf *out, const json_t *doc);

/* Parses YAML as kubectl's YAML 1.1 reader would (libyaml, YAML 1.1 types)
 * into a new tree; NULL on a parse error (message in err). */
json_t *reread_yaml(const char *text, size_t len, struct buf *err);
/* Re-reads emitted YAML and compares it with the tree it came from.
 * On a difference returns false and explains it in why. */
bool reread_check(const char *text, size_t len, const json_t *expect, struct buf *why);

#endif

/* load.h: YAML 1.2 (and JSON) files into jansson trees, with the position of
 * every node and limits that keep hostile input bounded.
 *
 * Reading is strict: invalid UTF-8, a byte-order mark, duplicate keys, merge
 * keys, unknown tags, .inf/.nan, out-of-range integers and NUL characters are
 * errors with a file:line:col.  Aliases are expanded (as copies), within a
 * budget, so an alias bomb is an error rather than an explosion. */
#ifndef CRDC_LOAD_H
#define CRDC_LOAD_H

#include <jansson.h>
#include <stdbool.h>

#include "diag.h"
#include "srcmap.h"

#define LOAD_MAX_DEPTH 512		/* nested mappings and sequences */
#define LOAD_MAX_NODES 500000u		/* nodes in one file, aliases included */
#define LOAD_MAX_FLOW_KEY 65536u	/* characters of a flow collection where a key may be */
#define LOAD_MAX_JSON (8u << 20)	/* a JSON file bigger than LOAD_MAX_FLOW_KEY goes to jansson */
#define LOAD_MAX_ALIAS_NODES 100000u	/* nodes created by expanding aliases */

struct yfile {
	char *name;		/* as shown in messages */
	char *path;		/* as opened ("-" for stdin), NULL when parsed from memory */
	struct srcmap map;
	json_t **docs;		/* owned; one per non-empty document */
	unsigned *doc_line;	/* line where each document starts */
	size_t ndocs;
};

enum {
	LOAD_MULTI = 1 << 0,	/* allow several documents (lint, validate) */
	LOAD_ALLOW_EMPTY = 1 << 1,	/* zero documents is not an error */
};

/* Reads and parses path (or stdin for "-"); NULL after a diagnostic. */
struct yfile *yfile_load(const char *path, const char *display, unsigned flags);
/* Parses a buffer; NULL after a diagnostic. */
struct yfile *yfile_parse(const char *display, const char *data, size_t len, unsigned flags);
void yfile_free(struct yfile *f);

/* The number of nodes (values, keys not counted) of the JSON text s, and
 * the deepest nesting of its collections, counted without building it;
 * counting stops once the nodes exceed stop.  Exact for valid JSON. */
size_t json_text_nodes(const char *s, size_t n, size_t stop, unsigned *max_depth);

/* The position of node (of its key when key is true) in f.  Returns false
 * when f has no record of the node (it was created after loading). */
bool yfile_pos(const struct yfile *f, const json_t *node, bool key, struct pos *out);

#endif

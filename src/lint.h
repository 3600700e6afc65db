/* lint.h: the API server's CustomResourceDefinition rules (apiextensions.k8s.io/v1,
 * Kubernetes 1.30 and later), checked offline on one CRD document.
 *
 * A finding names a stable code (one table, lint_rules[], holds every code
 * with its severity and a one-line explanation), the JSON Pointer of the
 * place, a message in the API server's words where it has any, and the node
 * it is about, so a caller maps it to file:line:col with yfile_pos(). */
#ifndef CRDC_LINT_H
#define CRDC_LINT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "load.h"

struct lint_rule {
	const char *code;
	enum severity sev;
	const char *why;	/* one line, for --list-rules and the README */
};

/* Every code lint and validate emit, sorted by code; ends with code NULL. */
extern const struct lint_rule lint_rules[];
const struct lint_rule *lint_rule_find(const char *code);

struct lint_finding {
	enum severity sev;
	const char *code;	/* static, from lint_rules[] */
	char *path;		/* JSON Pointer into the document */
	char *msg;
	json_t *node;		/* new reference: where to point (may be NULL) */
	bool at_key;		/* point at the key node is stored under, not at node */
};

struct lint_report {
	struct lint_finding *v;
	size_t n, cap;
};

struct lint_opts {
	bool no_size;		/* skip the size checks (the caller measures itself) */
};

/* Checks one CRD document; appends findings to r.  crd is borrowed and
 * not modified. */
void lint_crd(const json_t *crd, const struct lint_opts *o, struct lint_report *r);

/* Appends a finding with the severity of code's rule; node is borrowed
 * (the report takes its own reference). */
void lint_add(struct lint_report *r, const char *code, const char *path, const json_t *node, bool at_key,
	      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
size_t lint_report_count(const struct lint_report *r, enum severity sev);
void lint_report_free(struct lint_report *r);

/* Where finding f points in file: the node's (or key's) position, else the
 * nearest ancestor along f->path in doc that has one, else only the path. */
void lint_finding_pos(const struct yfile *file, const json_t *doc, const struct lint_finding *f, struct pos *out);

/* "file:line:col: error: [code] /path: message" lines (errors only with -q). */
void lint_print_text(FILE *out, const struct yfile *file, const json_t *doc, const struct lint_report *r);
/* Appends one JSON object per finding to arr (file, line, column, path, code, severity, message). */
void lint_append_json(json_t *arr, const struct yfile *file, const json_t *doc, const struct lint_report *r);

/* The end of one document's report: adds its errors and warnings to the
 * counters, prints it (text) or appends it to all (JSON, when all is not
 * NULL), and frees it. */
void lint_report_flush(struct lint_report *r, const struct yfile *file, const json_t *doc, json_t *all,
		       size_t *errors, size_t *warnings);
/* The rule table as text, for --list-rules. */
void lint_print_rules(FILE *out);

/* Size of doc as compact JSON, the form kubectl and the API server send. */
size_t lint_json_size(const json_t *doc);

#endif

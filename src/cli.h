/* cli.h: what build, resolve and show share: the options that choose the
 * Kubernetes schemas and how refs are resolved, and the pipeline
 * load -> resolve -> convert -> emit. */
#ifndef CRDC_CLI_H
#define CRDC_CLI_H

#include <jansson.h>
#include <pthread.h>

#include "kube.h"
#include "load.h"
#include "opts.h"
#include "resolve.h"

struct source_opts {
	const char *kube_version;
	struct strlist schemas;
	const char *descriptions;
	bool remove_descriptions;
	const char *meta;
	const char *root;
	bool outside_root;
	struct strlist includes;
	bool quiet;
};

#define SOURCE_OPTIONS(so)                                                                                         \
	{"kube-version", 0, OPT_VALUE, "V", "Kubernetes version: 1.30, v1.30 or 1.30.4 (default: newest bundled)", \
	 &(so).kube_version},                                                                                      \
	{"schema", 0, OPT_LIST, "FILE", "add or override definitions from an OpenAPI v2/v3 document (repeatable)",  \
	 &(so).schemas},                                                                                           \
	{"descriptions", 0, OPT_VALUE, "MODE", "keep, strip-refs, strip-kubernetes, strip, or N bytes",  \
	 &(so).descriptions},                                                                                      \
	{"remove-descriptions", 'r', OPT_FLAG, NULL, "drop descriptions that came in through a $ref",             \
	 &(so).remove_descriptions},                                                                               \
	{"embedded-metadata", 0, OPT_VALUE, "MODE", "embedded ObjectMeta: subset (default), full or object",      \
	 &(so).meta},                                                                                              \
	{"root", 0, OPT_VALUE, "DIR", "file refs must stay inside DIR (default: the current directory)",           \
	 &(so).root},                                                                                              \
	{"allow-outside-root", 0, OPT_FLAG, NULL, "let file refs leave the root directory", &(so).outside_root},  \
	{"include", 'I', OPT_LIST, "PKG=DIR", "look up python://PKG/... refs in DIR (repeatable)",                \
	 &(so).includes},                                                                                          \
	{"quiet", 'q', OPT_FLAG, NULL, "print errors only", &(so).quiet}

/* Everything a command needs to resolve templates. */
struct source {
	struct kube_catalog cat;
	bool have_cat;
	struct kube *dflt;
	struct resolve_opts ro;
	char *root;
	char **inc_pkg, **inc_dir;
	struct resolver *res;
};

/* Validates the options and opens the schemas; false after a message. */
bool source_open(struct source *s, const struct source_opts *o, const struct command *cmd, bool v1beta1);
void source_close(struct source *s);

/* Loads, resolves and converts the template at path; NULL after
 * diagnostics.  *tpl receives the loaded template (free with yfile_free). */
json_t *pipeline_resolve(struct source *s, const char *path, const char *display, struct yfile **tpl);

/* Appends the output for crd: YAML with the generated-code header (made
 * from `from` and the versions used), or JSON. */
bool pipeline_emit(struct source *s, const json_t *crd, const char *from, bool json, struct buf *out,
		   const char *display);

/* Re-reads YAML output (out, as pipeline_emit made it) the way a YAML 1.1
 * reader (kubectl's) would and compares it with crd.  Everything crdc writes
 * goes through this before it replaces anything; false (diagnosed) means a
 * bug in crdc. */
bool pipeline_verify(const json_t *crd, const struct buf *out, const char *display);

/* pipeline_verify() on a second thread: re-reading is a third to a half of
 * the cost of writing a CRD, and runs beside the next template's work.
 * crd and out are borrowed, unchanged, until verify_finish(); the re-read
 * touches no shared state but the (atomic) reference counts of crd's nodes.
 * Without a thread (pthread_create failing) it runs at verify_finish(). */
struct verify {
	pthread_t thread;
	bool threaded;
	const json_t *crd;
	const struct buf *out;
	struct buf why;		/* the first difference, when !ok */
	bool ok;
};
void verify_start(struct verify *v, const json_t *crd, const struct buf *out);
/* Waits for v; false (diagnosed, naming display) if the output differs. */
bool verify_finish(struct verify *v, const char *display);

/* Checks crd (resolved from tpl) against the API server's rules.  Errors
 * are printed at the template line that produced the bad node, with the
 * chain of $refs that led there; warnings too unless -q.  Returns false if
 * the API server would reject the CRD (errors), unless no_lint, which only
 * reports.  check_size adds the size warnings. */
bool pipeline_lint(struct source *s, struct yfile *tpl, const json_t *crd, bool no_lint, bool check_size);

/* Parses --format (yaml or json); false after a usage error. */
bool parse_format(const struct command *cmd, const char *value, bool *json);

#endif

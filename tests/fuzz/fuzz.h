/* fuzz.h: what the libFuzzer targets share: determinism, a memory sink for
 * printed findings, and the emitter oracle.
 *
 * Every target is built by `make fuzz` with clang from the library sources
 * (see Makefile.am), and by `make check` with replay.c in place of
 * libFuzzer, to replay the seed corpora.  A target must free everything it allocates for one
 * input (libFuzzer's leak detection is on) and must not keep state that
 * changes what the next input does. */
#ifndef CRDC_FUZZ_H
#define CRDC_FUZZ_H

#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "jsonutil.h"
#include "load.h"
#include "util.h"

/* Provided by the sanitizers' runtime; without one (the replay in
 * `make check` built plainly) the message goes to stderr. */
__attribute__((weak)) void __sanitizer_report_error_summary(const char *error_summary);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* jansson seeds its hash function from /dev/urandom; a fixed seed keeps
 * runs (and the coverage of a given input) repeatable. */
static inline void fuzz_init_common(void)
{
	json_object_seed(1);
}

/* A failed oracle: the message and the evidence, then abort() so libFuzzer
 * saves the input as a crash.  The message goes where sanitizer reports go,
 * which is still the terminal when `make fuzz-run` closes the targets'
 * stderr (-close_fd_mask) to silence crdc's diagnostics. */
static inline __attribute__((noreturn)) void fuzz_fail(const char *what, const char *detail, const char *text,
						       size_t len)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "fuzz: %s: %s", what, detail ? detail : "");
	if (text)
		buf_addf(&b, "\n--- output (%zu bytes) ---\n%.*s\n--- end ---", len, (int)(len < 3000 ? len : 3000), text);
	if (__sanitizer_report_error_summary)
		__sanitizer_report_error_summary(b.p);
	else
		fprintf(stderr, "%s\n", b.p);
	abort();
}

/* Where printed findings go: a FILE that writes into memory, so the text
 * paths run in full without output.  Close with fuzz_sink_close(). */
struct fuzz_sink {
	FILE *f;
	char *p;
	size_t n;
};

static inline void fuzz_sink_open(struct fuzz_sink *s)
{
	s->p = NULL;
	s->n = 0;
	s->f = open_memstream(&s->p, &s->n);
	if (!s->f)
		abort();
}

static inline void fuzz_sink_close(struct fuzz_sink *s)
{
	fclose(s->f);
	free(s->p);
}

/* Nesting (containers on the path to the deepest node) and the nodes the
 * loader would count (values and keys). */
static inline void fuzz_tree_size(const json_t *v, unsigned level, unsigned *depth, size_t *nodes)
{
	(*nodes)++;
	if (!json_is_object(v) && !json_is_array(v))
		return;
	if (level + 1 > *depth)
		*depth = level + 1;
	const char *k;
	json_t *c;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, c) {
			(*nodes)++;
			fuzz_tree_size(c, level + 1, depth, nodes);
		}
	} else {
		json_array_foreach(v, i, c)
			fuzz_tree_size(c, level + 1, depth, nodes);
	}
}

/* The emitter oracle for a tree crdc may write (text holds the YAML emitted
 * for doc, after an optional comment header):
 *   - a YAML 1.1 reader (libyaml, as kubectl) reads back exactly doc;
 *   - crdc's own YAML 1.2 loader reads back exactly doc, when doc is within
 *     the loader's limits;
 *   - the JSON emitter's output parses with jansson as exactly doc.
 * Any difference aborts. */
static inline void fuzz_check_yaml_text(const json_t *doc, const char *text, size_t len)
{
	struct buf why = BUF_INIT;
	if (!reread_check(text, len, doc, &why))
		fuzz_fail("the emitted YAML does not read back as YAML 1.1", why.p, text, len);
	buf_free(&why);

	unsigned depth = 0;
	size_t nodes = 0;
	fuzz_tree_size(doc, 0, &depth, &nodes);
	if (depth <= LOAD_MAX_DEPTH && nodes <= LOAD_MAX_NODES) {
		struct yfile *back = yfile_parse("<emitted>", text, len, LOAD_ALLOW_EMPTY);
		if (!back)
			fuzz_fail("crdc's loader refuses the emitted YAML", NULL, text, len);
		struct buf path = BUF_INIT;
		const json_t *got = back->ndocs ? back->docs[0] : json_null();
		if (back->ndocs > 1 || !json_same(doc, got, &path))
			fuzz_fail("crdc's loader reads the emitted YAML differently", path.p, text, len);
		buf_free(&path);
		yfile_free(back);
	}

	struct buf js = BUF_INIT;
	if (!emit_json(&js, doc))
		fuzz_fail("emit_json failed", NULL, NULL, 0);
	/* jansson's parser stops at 2048 levels. */
	if (depth < 2000) {
		json_error_t je;
		json_t *jback = json_loadb(js.p, js.len, JSON_DECODE_ANY, &je);
		if (!jback)
			fuzz_fail("the emitted JSON does not parse", je.text, js.p, js.len);
		struct buf path = BUF_INIT;
		if (!json_same(doc, jback, &path))
			fuzz_fail("the emitted JSON reads back differently", path.p, js.p, js.len);
		buf_free(&path);
		json_decref(jback);
	}
	buf_free(&js);
}

/* Emits doc as YAML and applies the oracle above. */
static inline void fuzz_check_yaml(const json_t *doc)
{
	struct buf out = BUF_INIT;
	if (!emit_yaml(&out, doc))
		fuzz_fail("emit_yaml failed", NULL, NULL, 0);
	fuzz_check_yaml_text(doc, out.p ? out.p : "", out.len);
	buf_free(&out);
}

#endif

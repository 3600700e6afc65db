/* fuzz_lint: `crdc lint` on one file from bytes: every document of a
 * multi-document load goes through lint_crd, CRD or not (the command skips
 * documents that do not claim to be CRDs; the rules must not trip over any
 * shape of input either way), and the findings are printed both ways, as
 * text into memory and as JSON, and checked for what every finding must
 * have: a code from the rule table with its severity, a JSON Pointer that
 * parses, a message.  lint_crd promises not to modify the document: it is
 * compared with a copy taken before. */
#include "fuzz.h"

#include "lint.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init_common();
	return 0;
}

static void check_findings(const struct lint_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];
		const struct lint_rule *rule = f->code ? lint_rule_find(f->code) : NULL;
		if (!rule || rule->sev != f->sev)
			fuzz_fail("a finding with a code not in lint_rules[] or another severity", f->code, NULL, 0);
		char **tok;
		size_t n;
		if (!f->path || !ptr_split(f->path, &tok, &n))
			fuzz_fail("a finding whose path is not a JSON Pointer", f->path, NULL, 0);
		ptr_tokens_free(tok, n);
		if (!f->msg || !f->msg[0])
			fuzz_fail("a finding without a message", f->code, NULL, 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yfile *f = yfile_parse("crds.yaml", (const char *)data, size, LOAD_MULTI | LOAD_ALLOW_EMPTY);
	if (!f)
		return 0;
	struct fuzz_sink sink;
	fuzz_sink_open(&sink);
	json_t *all = json_array();
	for (size_t i = 0; i < f->ndocs; i++) {
		struct lint_report r = {0};
		/* Every other document without the size checks, as the build
		 * does (it measures the file it writes instead). */
		struct lint_opts o = {.no_size = i % 2 == 1};
		json_t *before = json_deep_copy(f->docs[i]);
		lint_crd(f->docs[i], &o, &r);
		struct buf where = BUF_INIT;
		if (!json_same(before, f->docs[i], &where))
			fuzz_fail("lint_crd modified the document", where.p, NULL, 0);
		buf_free(&where);
		json_decref(before);
		check_findings(&r);
		lint_print_text(sink.f, f, f->docs[i], &r);
		lint_append_json(all, f, f->docs[i], &r);
		lint_report_free(&r);
	}
	char *s = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		fuzz_fail("json_dumps failed on the findings", NULL, NULL, 0);
	free(s);
	json_decref(all);
	fuzz_sink_close(&sink);
	yfile_free(f);
	return 0;
}

/* crdc resolve: k8s-crd-resolver's command line, one template in, one CRD out. */
#include "config.h"
#include "cli.h"
#include "commands.h"
#include "diag.h"
#include "fsutil.h"
#include "jsonutil.h"

#include <stdlib.h>
#include <string.h>

static const struct command resolve_cmd = {
	"resolve", "[options] SOURCE DESTINATION",
	"Resolve one CRD template (apiextensions.k8s.io/v1 or v1beta1) into DESTINATION, as\n"
	"k8s-crd-resolver does, but valid for the API server.  '-' is stdin or stdout.",
	cmd_resolve,
};

/* Applies the JSON Patch in file to *crd; false after a positioned error. */
static bool apply_patch_file(const char *file, json_t **crd)
{
	struct yfile *pf = yfile_load(file, file, LOAD_ALLOW_EMPTY);
	if (!pf)
		return false;
	bool ok = true;
	json_t *patch = pf->ndocs ? pf->docs[0] : NULL;
	struct pos at = {.file = pf->name, .line = pf->ndocs ? pf->doc_line[0] : 0};
	if (patch && !json_is_array(patch)) {
		yfile_pos(pf, patch, false, &at);
		diag_error(&at, "a JSON Patch file holds a list of operations, not %s", json_kind_article(patch));
		ok = false;
	} else if (patch) {
		size_t failed_op;
		struct buf msg = BUF_INIT;
		if (!json_patch_apply(crd, patch, &failed_op, &msg)) {
			json_t *op = json_array_get(patch, failed_op);
			if (op)
				yfile_pos(pf, op, false, &at);
			const char *kind = json_string_value(json_object_get(op, "op"));
			const char *path = json_string_value(json_object_get(op, "path"));
			diag_error(&at, "JSON Patch operation %zu (%s %s) failed: %s", failed_op, kind ? kind : "?",
				   path ? path : "?", msg.p);
			ok = false;
		}
		buf_free(&msg);
	}
	yfile_free(pf);
	return ok;
}

int cmd_resolve(int argc, char **argv)
{
	struct source_opts so = {0};
	struct strlist patches = {0};
	const char *format = NULL;
	bool no_lint = false;
	const struct opt opts[] = {
		{"jsonpatch", 'j', OPT_LIST, "FILE", "apply the RFC 6902 JSON Patch in FILE after resolving (repeatable)",
		 &patches},
		{"format", 0, OPT_VALUE, "FMT", "yaml (default) or json", &format},
		{"no-lint", 0, OPT_FLAG, NULL, "write the CRD even if the API server would reject it", &no_lint},
		SOURCE_OPTIONS(so),
		OPT_END,
	};
	struct strlist args = {0};
	bool help, json;
	int rc = EXIT_INPUT;
	struct source s = {0};
	if (!opts_parse(&resolve_cmd, opts, argc, argv, &args, &help))
		goto done;
	if (help) {
		rc = EXIT_OK;
		goto done;
	}
	if (args.n != 2) {
		opts_usage_error(&resolve_cmd, "expected SOURCE and DESTINATION, got %zu operand%s", args.n,
				 args.n == 1 ? "" : "s");
		goto done;
	}
	if (!parse_format(&resolve_cmd, format, &json) || !source_open(&s, &so, &resolve_cmd, true))
		goto done;
	const char *src = args.v[0], *dst = args.v[1];
	const char *display = strcmp(src, "-") == 0 ? "<stdin>" : src;
	struct yfile *tpl = NULL;
	json_t *crd = pipeline_resolve(&s, src, display, &tpl);
	bool ok = crd != NULL;
	for (size_t i = 0; ok && i < patches.n; i++)
		ok = apply_patch_file(patches.v[i], &crd);
	struct buf out = BUF_INIT;
	/* Emitted first so that the re-read of new output runs beside lint. */
	ok = ok && pipeline_emit(&s, crd, display, json, &out, display);
	bool to_stdout = strcmp(dst, "-") == 0;
	/* An unchanged DESTINATION was verified when it was written. */
	bool fresh = ok && (to_stdout || !fs_same_content(dst, out.p, out.len));
	struct verify v;
	if (fresh)
		verify_start(&v, crd, &out);
	ok = ok && pipeline_lint(&s, tpl, crd, no_lint, true);
	if (fresh)
		ok = verify_finish(&v, display) && ok;
	if (ok && fresh) {
		if (to_stdout) {
			ok = fwrite(out.p, 1, out.len, stdout) == out.len && fflush(stdout) == 0;
			if (!ok)
				diag_plain(SEV_ERROR, "cannot write to standard output");
		} else {
			char *dir = fs_dirname(dst);
			ok = fs_mkdirs(dir) && fs_write_atomic(dst, out.p, out.len);
			free(dir);
		}
	}
	buf_free(&out);
	json_decref(crd);
	yfile_free(tpl);
	rc = ok ? EXIT_OK : EXIT_INPUT;
done:
	source_close(&s);
	strlist_free(&args);
	strlist_free(&patches);
	strlist_free(&so.schemas);
	strlist_free(&so.includes);
	return rc;
}

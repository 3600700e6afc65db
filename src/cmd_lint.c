/* crdc lint: CustomResourceDefinitions checked against the API server's rules. */
#include "config.h"
#include "commands.h"
#include "diag.h"
#include "lint.h"
#include "load.h"
#include "opts.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command lint_cmd = {
	"lint", "[options] FILE...",
	"Check CustomResourceDefinitions (YAML or JSON files, several documents each, - for standard input)\n"
	"against the rules the API server applies to apiextensions.k8s.io/v1.  Documents that are not CRDs are\n"
	"skipped with a note.  Exit status: 0 clean, 1 errors (or warnings with --strict), 2 unreadable input.",
	cmd_lint,
};

struct totals {
	size_t files, crds, skipped, errors, warnings, unreadable;
};

/* Whether doc claims to be a CRD at all; other documents are skipped. */
static bool is_crd(const json_t *doc)
{
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	const char *api = json_string_value(json_object_get(doc, "apiVersion"));
	return (kind && !strcmp(kind, "CustomResourceDefinition")) || (api && str_has_prefix(api, "apiextensions.k8s.io/"));
}

static void lint_file(const char *path, bool json, json_t *all, struct totals *t)
{
	struct yfile *f = yfile_load(path, strcmp(path, "-") ? path : "<stdin>", LOAD_MULTI | LOAD_ALLOW_EMPTY);
	if (!f) {
		t->unreadable++;
		return;
	}
	t->files++;
	size_t crds = 0;
	for (size_t i = 0; i < f->ndocs; i++) {
		struct lint_report r = {0};
		const json_t *doc = f->docs[i];
		if (is_crd(doc)) {
			lint_crd(doc, NULL, &r);
			t->crds++;
			crds++;
		} else if (!diag_quiet || json) {
			const char *kind = json_string_value(json_object_get(doc, "kind"));
			lint_add(&r, "not-a-crd", "", doc, false, "skipped: %s%s is not a CustomResourceDefinition",
				 kind ? "kind " : "a document without a kind", kind ? kind : "");
			t->skipped++;
		}
		lint_report_flush(&r, f, doc, json ? all : NULL, &t->errors, &t->warnings);
	}
	/* Nothing to check is not a clean bill of health. */
	if (!crds) {
		struct pos at = {.file = f->name};
		diag_error(&at, "no CustomResourceDefinition in this file");
		t->unreadable++;
	}
	yfile_free(f);
}

int cmd_lint(int argc, char **argv)
{
	bool strict = false, list = false, quiet = false;
	const char *format = NULL;
	const struct opt opts[] = {
		{"strict", 0, OPT_FLAG, NULL, "exit 1 on warnings as well as errors", &strict},
		{"format", 0, OPT_VALUE, "FMT", "text (default) or json", &format},
		{"list-rules", 0, OPT_FLAG, NULL, "print every rule code with its severity and meaning", &list},
		{"quiet", 'q', OPT_FLAG, NULL, "print errors only", &quiet},
		OPT_END,
	};
	struct strlist files = {0};
	bool help, json = false;
	int rc = EXIT_INPUT;
	if (!opts_parse(&lint_cmd, opts, argc, argv, &files, &help))
		goto done;
	if (help || list) {
		if (list)
			lint_print_rules(stdout);
		rc = EXIT_OK;
		goto done;
	}
	if (format && strcmp(format, "text") && strcmp(format, "json")) {
		opts_usage_error(&lint_cmd, "--format must be text or json, not '%s'", format);
		goto done;
	}
	json = format && !strcmp(format, "json");
	if (!files.n) {
		opts_usage_error(&lint_cmd, "expected at least one FILE");
		goto done;
	}
	diag_quiet = quiet;
	struct totals t = {0};
	json_t *all = json_array();
	for (size_t i = 0; i < files.n; i++)
		lint_file(files.v[i], json, all, &t);
	if (json) {
		char *s = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
	}
	json_decref(all);
	fflush(stdout);
	if (!diag_quiet)
		fprintf(stderr, "crdc lint: %zu file%s, %zu CRD%s: %zu error%s, %zu warning%s%s\n", t.files,
			t.files == 1 ? "" : "s", t.crds, t.crds == 1 ? "" : "s", t.errors, t.errors == 1 ? "" : "s",
			t.warnings, t.warnings == 1 ? "" : "s", t.unreadable ? ", some input unreadable" : "");
	rc = t.unreadable ? EXIT_INPUT : (t.errors || (strict && t.warnings)) ? EXIT_STALE : EXIT_OK;
done:
	fflush(stdout);
	strlist_free(&files);
	return rc;
}

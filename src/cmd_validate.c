/* crdc validate: custom resources checked against their CRDs, as the API server would on create. */
#include "config.h"
#include "commands.h"
#include "diag.h"
#include "jsonutil.h"
#include "lint.h"
#include "load.h"
#include "opts.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command validate_cmd = {
	"validate", "--crd FILE [--crd FILE...] [options] RESOURCE...",
	"Validate custom resources (YAML or JSON, several documents per file, - for standard input) against\n"
	"the CRDs given with --crd, found by apiVersion (group/version) and kind: unknown fields are pruned,\n"
	"defaults applied, then the schema is checked.  x-kubernetes-validations (CEL) are not evaluated.\n"
	"Exit status: 0 valid, 1 invalid (or warnings with --strict), 2 unreadable input or no matching CRD.",
	cmd_validate,
};

struct crdset {
	struct yfile **files;
	size_t nfiles;
	const json_t **crds;	/* borrowed from files */
	size_t n;
};

struct vtotals {
	size_t resources, errors, warnings, failed;
};

static const char *sget(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static bool load_crds(const struct strlist *paths, struct crdset *set)
{
	bool ok = true;
	for (size_t i = 0; i < paths->n; i++) {
		struct yfile *f = yfile_load(paths->v[i], paths->v[i], LOAD_MULTI | LOAD_ALLOW_EMPTY);
		if (!f) {
			ok = false;
			continue;
		}
		set->files = xrealloc(set->files, (set->nfiles + 1) * sizeof(*set->files));
		set->files[set->nfiles++] = f;
		size_t before = set->n;
		for (size_t d = 0; d < f->ndocs; d++) {
			if (!sget(f->docs[d], "kind") || strcmp(sget(f->docs[d], "kind"), "CustomResourceDefinition"))
				continue;
			set->crds = xrealloc(set->crds, (set->n + 1) * sizeof(*set->crds));
			set->crds[set->n++] = f->docs[d];
		}
		if (set->n == before) {
			struct pos at = {.file = f->name};
			diag_error(&at, "no CustomResourceDefinition in this file");
			ok = false;
		}
	}
	return ok;
}

static void free_crds(struct crdset *set)
{
	for (size_t i = 0; i < set->nfiles; i++)
		yfile_free(set->files[i]);
	free(set->files);
	free(set->crds);
}

/* The served version's schema for apiVersion and kind; NULL after a message. */
static const json_t *find_schema(const struct crdset *set, const json_t *doc, const struct pos *at, bool *namespaced)
{
	const char *api = sget(doc, "apiVersion"), *kind = sget(doc, "kind");
	const char *slash = api ? strchr(api, '/') : NULL;
	if (!api || !kind || !slash) {
		diag_error(at, "a custom resource needs apiVersion GROUP/VERSION and kind (got %s%s%s)",
			   api ? api : "no apiVersion", kind ? ", kind " : ", no kind", kind ? kind : "");
		return NULL;
	}
	size_t glen = (size_t)(slash - api);
	for (size_t i = 0; i < set->n; i++) {
		const json_t *spec = json_object_get(set->crds[i], "spec");
		const char *group = sget(spec, "group"), *k = sget(json_object_get(spec, "names"), "kind");
		if (!group || !k || strlen(group) != glen || strncmp(group, api, glen) || strcmp(k, kind))
			continue;
		size_t v;
		json_t *ver;
		json_array_foreach(json_object_get(spec, "versions"), v, ver) {
			if (!sget(ver, "name") || strcmp(sget(ver, "name"), slash + 1))
				continue;
			if (!json_is_true(json_object_get(ver, "served"))) {
				diag_error(at, "%s %s: version %s is not served by its CRD", kind, api, slash + 1);
				return NULL;
			}
			*namespaced = sget(spec, "scope") && !strcmp(sget(spec, "scope"), "Namespaced");
			const json_t *schema = json_object_get(json_object_get(ver, "schema"), "openAPIV3Schema");
			if (!json_is_object(schema))
				diag_error(at, "%s %s: its CRD has no schema for version %s", kind, api, slash + 1);
			return json_is_object(schema) ? schema : NULL;
		}
		diag_error(at, "%s %s: its CRD has no version %s", kind, api, slash + 1);
		return NULL;
	}
	diag_error(at, "no CRD given with --crd defines kind %s in group %.*s", kind, (int)glen, api);
	return NULL;
}

static void validate_file(const char *path, const struct crdset *set, bool json, json_t *all,
			  struct re2_cache *re, struct vtotals *t)
{
	struct yfile *f = yfile_load(path, strcmp(path, "-") ? path : "<stdin>", LOAD_MULTI | LOAD_ALLOW_EMPTY);
	if (!f) {
		t->failed++;
		return;
	}
	if (!f->ndocs) {
		struct pos at = {.file = f->name};
		diag_error(&at, "no custom resource in this file");
		t->failed++;
	}
	for (size_t i = 0; i < f->ndocs; i++) {
		json_t *doc = f->docs[i];
		struct pos at = {.file = f->name, .line = f->doc_line[i], .col = 1};
		yfile_pos(f, doc, false, &at);
		bool namespaced = false;
		const json_t *schema = json_is_object(doc) ? find_schema(set, doc, &at, &namespaced) : NULL;
		if (!json_is_object(doc))
			diag_error(&at, "a custom resource is an object, not %s", json_kind_name(doc));
		if (!schema) {
			t->failed++;
			continue;
		}
		struct lint_report r = {0};
		struct validate_opts o = {.namespaced = namespaced};
		/* Validated in place: the tree keeps its positions, as pruned and defaulted. */
		validate_resource(doc, schema, &o, re, &r);
		t->resources++;
		lint_report_flush(&r, f, doc, json ? all : NULL, &t->errors, &t->warnings);
	}
	yfile_free(f);
}

int cmd_validate(int argc, char **argv)
{
	struct strlist crd_paths = {0}, files = {0};
	const char *format = NULL;
	bool strict = false, quiet = false;
	const struct opt opts[] = {
		{"crd", 0, OPT_LIST, "FILE", "a file of CRDs to validate against (repeatable)", &crd_paths},
		{"strict", 0, OPT_FLAG, NULL, "exit 1 on warnings (such as pruned fields) as well as errors", &strict},
		{"format", 0, OPT_VALUE, "FMT", "text (default) or json", &format},
		{"quiet", 'q', OPT_FLAG, NULL, "print errors only", &quiet},
		OPT_END,
	};
	bool help;
	int rc = EXIT_INPUT;
	struct crdset set = {0};
	if (!opts_parse(&validate_cmd, opts, argc, argv, &files, &help))
		goto done;
	if (help) {
		rc = EXIT_OK;
		goto done;
	}
	if (format && strcmp(format, "text") && strcmp(format, "json")) {
		opts_usage_error(&validate_cmd, "--format must be text or json, not '%s'", format);
		goto done;
	}
	if (!crd_paths.n || !files.n) {
		opts_usage_error(&validate_cmd, "expected --crd FILE and at least one RESOURCE file");
		goto done;
	}
	bool json = format && !strcmp(format, "json");
	diag_quiet = quiet;
	bool crds_ok = load_crds(&crd_paths, &set);
	struct vtotals t = {0};
	struct re2_cache re = {0};
	json_t *all = json_array();
	for (size_t i = 0; i < files.n; i++)
		validate_file(files.v[i], &set, json, all, &re, &t);
	if (json) {
		char *s = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
	}
	json_decref(all);
	re2_cache_free(&re);
	fflush(stdout);
	if (!diag_quiet)
		fprintf(stderr, "crdc validate: %zu resource%s: %zu error%s, %zu warning%s%s\n", t.resources,
			t.resources == 1 ? "" : "s", t.errors, t.errors == 1 ? "" : "s", t.warnings,
			t.warnings == 1 ? "" : "s", t.failed || !crds_ok ? ", some input unreadable or without a CRD" : "");
	rc = (t.failed || !crds_ok) ? EXIT_INPUT : (t.errors || (strict && t.warnings)) ? EXIT_STALE : EXIT_OK;
done:
	fflush(stdout);
	free_crds(&set);
	strlist_free(&crd_paths);
	strlist_free(&files);
	return rc;
}

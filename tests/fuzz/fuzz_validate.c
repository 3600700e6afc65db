/* fuzz_validate: `crdc validate` from bytes.  The input is one multi-document
 * YAML stream: the first document is the CRD, every later one a custom
 * resource validated against it (pruned, defaulted, checked), whatever
 * either holds.  The version is the CRD's version named by the resource's
 * apiVersion, else its first version with a schema; unknown fields are
 * errors for every other resource (--strict's pruning rule), warnings for
 * the rest.  Findings are printed as text into memory and as JSON.
 *
 * The pruned and defaulted resource is what the API server would store, and
 * what crdc would write: it goes through the emitter oracle (fuzz.h). */
#include "fuzz.h"

#include "lint.h"
#include "validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init_common();
	return 0;
}

static const char *sget(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The openAPIV3Schema of crd for resource doc (borrowed), or NULL. */
static const json_t *pick_schema(const json_t *crd, const json_t *doc)
{
	const char *api = sget(doc, "apiVersion");
	const char *slash = api ? strchr(api, '/') : NULL;
	const json_t *versions = json_object_get(json_object_get(crd, "spec"), "versions");
	const json_t *first = NULL;
	size_t i;
	json_t *v;
	json_array_foreach(versions, i, v) {
		const json_t *schema = json_object_get(json_object_get(v, "schema"), "openAPIV3Schema");
		if (!json_is_object(schema))
			continue;
		if (slash && sget(v, "name") && !strcmp(sget(v, "name"), slash + 1))
			return schema;
		if (!first)
			first = schema;
	}
	return first;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yfile *f = yfile_parse("input.yaml", (const char *)data, size, LOAD_MULTI | LOAD_ALLOW_EMPTY);
	if (!f)
		return 0;
	const json_t *crd = f->ndocs ? f->docs[0] : NULL;
	const char *scope = sget(json_object_get(crd, "spec"), "scope");
	struct fuzz_sink sink;
	fuzz_sink_open(&sink);
	json_t *all = json_array();
	struct re2_cache re = {0};
	for (size_t i = 1; i < f->ndocs; i++) {
		json_t *doc = f->docs[i];
		const json_t *schema = json_is_object(doc) ? pick_schema(crd, doc) : NULL;
		if (!schema)
			continue;
		struct validate_opts o = {
			.namespaced = scope && !strcmp(scope, "Namespaced"),
			.pruned_is_error = i % 2 == 0,
		};
		struct lint_report r = {0};
		validate_resource(doc, schema, &o, &re, &r);
		lint_print_text(sink.f, f, doc, &r);
		lint_append_json(all, f, doc, &r);
		lint_report_free(&r);
		fuzz_check_yaml(doc);
	}
	re2_cache_free(&re);
	char *s = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		fuzz_fail("json_dumps failed on the findings", NULL, NULL, 0);
	free(s);
	json_decref(all);
	fuzz_sink_close(&sink);
	yfile_free(f);
	return 0;
}

/* crdc-mkbundle: compiles the upstream OpenAPI documents of one Kubernetes
 * version into a crdc schema bundle.  Run by the build, never installed.
 *
 *   crdc-mkbundle [--v2-only|--v3-only] MANIFEST MIRROR VERSION OUTPUT
 *
 * By default a version with both documents uses v2 and borrows v3's
 * defaults; --v2-only and --v3-only build from one kind alone (the tests
 * compare them).
 * MANIFEST is schemas/upstream.tsv (version, file, sha256, URL); the files
 * are read from MIRROR, whose checksums the build has already verified. */
#include "config.h"
#include "bundle.h"
#include "diag.h"
#include "fsutil.h"
#include "openapi.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *load_json(const char *path)
{
	json_error_t je;
	json_t *doc = json_load_file(path, 0, &je);
	if (!doc) {
		fprintf(stderr, "%s:%d:%d: error: %s\n", path, je.line, je.column, je.text);
		exit(2);
	}
	return doc;
}

/* Adds the definitions of doc to into, checking that a name shared by two
 * group-version files means the same schema. */
static void merge_defs(json_t *into, json_t *doc, const char *path)
{
	int major;
	json_t *defs = openapi_definitions(doc, &major);
	if (!defs) {
		fprintf(stderr, "%s: error: no definitions or components.schemas\n", path);
		exit(2);
	}
	const char *k;
	json_t *v;
	json_object_foreach(defs, k, v) {
		json_t *prev = json_object_get(into, k);
		if (prev && !json_equal(prev, v))
			fprintf(stderr, "%s: warning: '%s' differs from an earlier file; keeping the first\n", path, k);
		if (!prev)
			json_object_set(into, k, v);
	}
}

int main(int argc, char **argv)
{
	bool v3_only = argc > 1 && strcmp(argv[1], "--v3-only") == 0;
	bool v2_only = argc > 1 && strcmp(argv[1], "--v2-only") == 0;
	if (v3_only || v2_only)
		argc--, argv++;
	if (argc != 5) {
		fputs("usage: crdc-mkbundle [--v2-only|--v3-only] MANIFEST MIRROR VERSION OUTPUT\n", stderr);
		return 2;
	}
	const char *manifest = argv[1], *mirror = argv[2], *version = argv[3], *output = argv[4];
	FILE *f = fopen(manifest, "r");
	if (!f) {
		perror(manifest);
		return 2;
	}
	json_t *v2 = NULL, *v3 = json_object(), *files = json_array();
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char *save = NULL;
		char *ver = strtok_r(line, "\t\n", &save), *file = strtok_r(NULL, "\t\n", &save);
		char *sha = strtok_r(NULL, "\t\n", &save), *url = strtok_r(NULL, "\t\n", &save);
		if (!ver || !file || !sha || !url || strcmp(ver, version) != 0)
			continue;
		bool is_v2 = str_has_suffix(file, "swagger.json");
		if ((is_v2 && v3_only) || (!is_v2 && v2_only))
			continue;
		char *path = fs_join(mirror, file);
		json_t *doc = load_json(path);
		if (is_v2) {
			int major;
			json_t *defs = openapi_definitions(doc, &major);
			if (!defs || major != 2) {
				fprintf(stderr, "%s: error: not an OpenAPI v2 document\n", path);
				return 2;
			}
			v2 = json_incref(defs);
		} else {
			merge_defs(v3, doc, path);
		}
		json_decref(doc);
		free(path);
		json_array_append_new(files, json_pack("{s:s, s:s, s:s}", "file", file, "sha256", sha, "url", url));
	}
	fclose(f);
	if (!json_array_size(files)) {
		fprintf(stderr, "crdc-mkbundle: error: %s lists no files for Kubernetes %s\n", manifest, version);
		return 2;
	}
	json_t *defs = v2 ? openapi_normalize(v2, json_object_size(v3) ? v3 : NULL) : openapi_normalize(v3, NULL);
	json_t *meta = json_pack("{s:s, s:s, s:o, s:I}", "version", version, "source", v2 ? "v2" : "v3", "files",
				 files, "definitions", (json_int_t)json_object_size(defs));
	bool ok = bundle_write(output, defs, meta);
	json_decref(meta);
	json_decref(defs);
	json_decref(v2);
	json_decref(v3);
	return ok ? 0 : 2;
}

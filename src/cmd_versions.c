/* crdc versions: the bundled Kubernetes versions. */
#include "config.h"
#include "commands.h"
#include "diag.h"
#include "emit.h"
#include "kube.h"
#include "opts.h"

#include <stdio.h>
#include <string.h>

static const struct command versions_cmd = {
	"versions", "[options]",
	"List the bundled Kubernetes versions, where each comes from (OpenAPI v2 or v3) and how many\n"
	"definitions it holds.  The newest is the default for --kube-version.",
	cmd_versions,
};

int cmd_versions(int argc, char **argv)
{
	const char *format = NULL;
	const struct opt opts[] = {
		{"format", 0, OPT_VALUE, "FMT", "text (default) or json", &format},
		OPT_END,
	};
	struct strlist args = {0};
	bool help;
	if (!opts_parse(&versions_cmd, opts, argc, argv, &args, &help))
		return EXIT_INPUT;
	if (help)
		return EXIT_OK;
	size_t nargs = args.n;
	strlist_free(&args);
	if (nargs) {
		opts_usage_error(&versions_cmd, "takes no operands");
		return EXIT_INPUT;
	}
	bool json = format && strcmp(format, "json") == 0;
	if (format && !json && strcmp(format, "text") != 0) {
		opts_usage_error(&versions_cmd, "--format must be text or json, not '%s'", format);
		return EXIT_INPUT;
	}
	struct kube_catalog cat;
	if (!kube_catalog_load(&cat))
		return EXIT_INPUT;
	json_t *list = json_array();
	int rc = EXIT_OK;
	for (size_t i = 0; i < cat.n; i++) {
		struct kube *k = kube_open(&cat, cat.versions[i]);
		if (!k) {
			rc = EXIT_INPUT;
			continue;
		}
		bool dflt = i + 1 == cat.n;
		if (json)
			json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:b}", "version", cat.versions[i], "source",
							      kube_source(k), "definitions", (json_int_t)kube_count(k),
							      "default", dflt));
		else
			printf("%-6s %s  %4zu definitions%s\n", cat.versions[i], kube_source(k), kube_count(k),
			       dflt ? "  (default)" : "");
		kube_free(k);
	}
	if (json) {
		struct buf out = BUF_INIT;
		emit_json(&out, list);
		fwrite(out.p, 1, out.len, stdout);
		buf_free(&out);
	}
	json_decref(list);
	kube_catalog_free(&cat);
	return rc;
}

/* crdc show: one Kubernetes definition as it appears inside a CRD. */
#include "config.h"
#include "cli.h"
#include "commands.h"
#include "convert.h"
#include "diag.h"
#include "emit.h"

#include <stdio.h>

static const struct command show_cmd = {
	"show", "[options] DEFINITION",
	"Print a Kubernetes definition (e.g. io.k8s.api.core.v1.PodTemplateSpec) fully expanded and\n"
	"converted, as crdc would embed it in a CRD.",
	cmd_show,
};

int cmd_show(int argc, char **argv)
{
	struct source_opts so = {0};
	const char *format = NULL;
	const struct opt opts[] = {
		{"format", 0, OPT_VALUE, "FMT", "yaml (default) or json", &format},
		SOURCE_OPTIONS(so),
		OPT_END,
	};
	struct strlist args = {0};
	bool help, json;
	int rc = EXIT_INPUT;
	struct source s = {0};
	if (!opts_parse(&show_cmd, opts, argc, argv, &args, &help))
		goto done;
	if (help) {
		rc = EXIT_OK;
		goto done;
	}
	if (args.n != 1) {
		opts_usage_error(&show_cmd, "expected one DEFINITION, got %zu", args.n);
		goto done;
	}
	if (!parse_format(&show_cmd, format, &json) || !source_open(&s, &so, &show_cmd, false))
		goto done;
	json_t *def = resolve_definition(s.res, args.v[0]);
	if (!def)
		goto done;
	convert_schema(def, &s.ro, false);
	struct buf out = BUF_INIT;
	bool ok = json ? emit_json(&out, def) : emit_yaml(&out, def);
	json_decref(def);
	if (ok && fwrite(out.p, 1, out.len, stdout) == out.len && fflush(stdout) == 0)
		rc = EXIT_OK;
	else
		diag_plain(SEV_ERROR, "cannot write to standard output");
	buf_free(&out);
done:
	source_close(&s);
	strlist_free(&args);
	strlist_free(&so.schemas);
	strlist_free(&so.includes);
	return rc;
}

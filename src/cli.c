#include "config.h"
#include "cli.h"
#include "convert.h"
#include "diag.h"
#include "emit.h"
#include "fsutil.h"
#include "lint.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool parse_descriptions(const struct command *cmd, const struct source_opts *o, struct resolve_opts *ro)
{
	ro->desc = o->remove_descriptions ? DESC_STRIP_REFS : DESC_KEEP;
	const char *d = o->descriptions;
	if (!d)
		return true;
	if (o->remove_descriptions && strcmp(d, "strip-refs") != 0) {
		opts_usage_error(cmd, "-r and --descriptions=%s contradict each other", d);
		return false;
	}
	if (strcmp(d, "keep") == 0)
		ro->desc = DESC_KEEP;
	else if (strcmp(d, "strip-refs") == 0)
		ro->desc = DESC_STRIP_REFS;
	else if (strcmp(d, "strip-kubernetes") == 0)
		ro->desc = DESC_STRIP_K8S;
	else if (strcmp(d, "strip") == 0)
		ro->desc = DESC_STRIP_ALL;
	else {
		char *end;
		unsigned long n = strtoul(d, &end, 10);
		if (!*d || *end || d[0] == '-' || n > 1000000) {
			opts_usage_error(cmd, "--descriptions must be keep, strip-refs, strip-kubernetes, strip or a length, "
					      "not '%s'", d);
			return false;
		}
		ro->desc = DESC_TRUNCATE;
		ro->desc_max = (unsigned)n;
	}
	return true;
}

static bool parse_meta(const struct command *cmd, const char *m, enum meta_mode *out)
{
	*out = META_SUBSET;
	if (!m || strcmp(m, "subset") == 0)
		return true;
	if (strcmp(m, "full") == 0)
		*out = META_FULL;
	else if (strcmp(m, "object") == 0)
		*out = META_OBJECT;
	else {
		opts_usage_error(cmd, "--embedded-metadata must be subset, full or object, not '%s'", m);
		return false;
	}
	return true;
}

bool parse_format(const struct command *cmd, const char *value, bool *json)
{
	*json = false;
	if (!value || strcmp(value, "yaml") == 0)
		return true;
	if (strcmp(value, "json") == 0) {
		*json = true;
		return true;
	}
	opts_usage_error(cmd, "--format must be yaml or json, not '%s'", value);
	return false;
}

static struct kube *open_default(struct source *s, const struct source_opts *o, const struct command *cmd)
{
	if (o->schemas.n && !o->kube_version) {
		/* --schema alone: for a version crdc does not bundle. */
		struct kube *k = kube_new_empty();
		for (size_t i = 0; i < o->schemas.n; i++)
			if (!kube_add_schema(k, o->schemas.v[i])) {
				kube_free(k);
				return NULL;
			}
		return k;
	}
	if (!kube_catalog_load(&s->cat))
		return NULL;
	s->have_cat = true;
	const char *v = kube_catalog_newest(&s->cat);
	if (o->kube_version) {
		bool patch, malformed;
		v = kube_catalog_match(&s->cat, o->kube_version, &patch, &malformed);
		if (!v) {
			char *list = kube_catalog_list(&s->cat);
			if (malformed)
				opts_usage_error(cmd, "'%s' is not a Kubernetes version (like 1.30, v1.30 or 1.30.4); "
						      "bundled: %s", o->kube_version, list);
			else
				diag_plain(SEV_ERROR, "Kubernetes %s is not bundled; bundled versions: %s (or pass its "
						      "OpenAPI document with --schema)", o->kube_version, list);
			free(list);
			return NULL;
		}
		if (patch)
			diag_plain(SEV_NOTE, "Kubernetes %s: using the bundled %s schemas", o->kube_version, v);
	}
	struct kube *k = kube_open(&s->cat, v);
	for (size_t i = 0; k && i < o->schemas.n; i++)
		if (!kube_add_schema(k, o->schemas.v[i])) {
			kube_free(k);
			return NULL;
		}
	return k;
}

bool source_open(struct source *s, const struct source_opts *o, const struct command *cmd, bool v1beta1)
{
	memset(s, 0, sizeof(*s));
	diag_quiet = o->quiet;
	if (!parse_descriptions(cmd, o, &s->ro) || !parse_meta(cmd, o->meta, &s->ro.meta))
		return false;
	char buf[PATH_MAX];
	const char *root = o->root ? o->root : ".";
	if (!realpath(root, buf) || !fs_is_dir(buf)) {
		opts_usage_error(cmd, "--root '%s' is not a directory", root);
		return false;
	}
	s->root = xstrdup(buf);
	s->ro.root = s->root;
	s->ro.allow_outside_root = o->outside_root;
	s->ro.allow_v1beta1 = v1beta1;
	s->inc_pkg = xcalloc(o->includes.n + 1, sizeof(char *));
	s->inc_dir = xcalloc(o->includes.n + 1, sizeof(char *));
	for (size_t i = 0; i < o->includes.n; i++) {
		const char *eq = strchr(o->includes.v[i], '=');
		if (!eq || eq == o->includes.v[i] || !eq[1]) {
			opts_usage_error(cmd, "-I needs PACKAGE=DIR, not '%s'", o->includes.v[i]);
			return false;
		}
		s->inc_pkg[i] = xstrndup(o->includes.v[i], (size_t)(eq - o->includes.v[i]));
		s->inc_dir[i] = xstrdup(eq + 1);
	}
	s->ro.inc_pkg = (const char *const *)s->inc_pkg;
	s->ro.inc_dir = (const char *const *)s->inc_dir;
	s->ro.ninc = o->includes.n;
	s->dflt = open_default(s, o, cmd);
	if (!s->dflt)
		return false;
	s->res = resolver_new(&s->ro, s->have_cat ? &s->cat : NULL, s->dflt,
			      o->kube_version != NULL || o->schemas.n > 0);
	return true;
}

void source_close(struct source *s)
{
	resolver_free(s->res);
	kube_free(s->dflt);
	if (s->have_cat)
		kube_catalog_free(&s->cat);
	for (size_t i = 0; s->inc_pkg && s->inc_pkg[i]; i++) {
		free(s->inc_pkg[i]);
		free(s->inc_dir[i]);
	}
	free(s->inc_pkg);
	free(s->inc_dir);
	free(s->root);
	memset(s, 0, sizeof(*s));
}

json_t *pipeline_resolve(struct source *s, const char *path, const char *display, struct yfile **tpl)
{
	*tpl = yfile_load(path, display, 0);
	if (!*tpl)
		return NULL;
	json_t *crd = resolve_crd(s->res, *tpl);
	if (!crd)
		return NULL;
	convert_crd(crd, &s->ro);
	return crd;
}

bool pipeline_emit(struct source *s, const json_t *crd, const char *from, bool json, struct buf *out,
		   const char *display)
{
	if (json)
		return emit_json(out, crd);
	buf_addf(out, "# Code generated by crdc from %s for Kubernetes %s. DO NOT EDIT.\n", from,
		 resolver_versions_used(s->res));
	struct pos at = {.file = display};
	if (!emit_yaml(out, crd)) {
		diag_error(&at, "internal error: the YAML emitter failed");
		return false;
	}
	return true;
}

static void *verify_run(void *arg)
{
	struct verify *v = arg;
	/* JSON output is written by a JSON writer jansson reads back in the tests. */
	v->ok = !v->out->len || v->out->p[0] != '#' || reread_check(v->out->p, v->out->len, v->crd, &v->why);
	return NULL;
}

void verify_start(struct verify *v, const json_t *crd, const struct buf *out)
{
	*v = (struct verify){.crd = crd, .out = out, .why = BUF_INIT};
	/* The thread inherits the mask: fatal signals go to the main thread. */
	sigset_t old;
	fs_block_signals(&old);
	v->threaded = pthread_create(&v->thread, NULL, verify_run, v) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

bool verify_finish(struct verify *v, const char *display)
{
	if (v->threaded)
		pthread_join(v->thread, NULL);
	else
		verify_run(v);
	if (!v->ok) {
		struct pos at = {.file = display};
		diag_error(&at, "internal error: the output does not read back as written (%s); nothing was written",
			   v->why.p);
	}
	buf_free(&v->why);
	return v->ok;
}

bool pipeline_verify(const json_t *crd, const struct buf *out, const char *display)
{
	struct verify v = {.crd = crd, .out = out, .why = BUF_INIT};	/* not threaded: runs now */
	return verify_finish(&v, display);
}

bool pipeline_lint(struct source *s, struct yfile *tpl, const json_t *crd, bool no_lint, bool check_size)
{
	const char *api = json_string_value(json_object_get(crd, "apiVersion"));
	if (!api || strcmp(api, "apiextensions.k8s.io/v1") != 0) {
		struct pos at = {.file = tpl->name};
		diag_note(&at, "not checked against the API server's rules: only apiextensions.k8s.io/v1 CRDs are "
			       "(v1beta1 was removed in Kubernetes 1.22)");
		return true;
	}
	struct lint_opts lo = {.no_size = !check_size};
	struct lint_report r = {0};
	lint_crd(crd, &lo, &r);
	size_t errors = 0;
	for (size_t i = 0; i < r.n; i++) {
		const struct lint_finding *f = &r.v[i];
		if (f->sev != SEV_ERROR && diag_quiet)
			continue;
		struct trace t;
		resolve_trace(s->res, tpl, f->path, &t);
		enum severity sev = f->sev == SEV_ERROR && no_lint ? SEV_WARNING : f->sev;
		diag(sev, &t.at, "[%s] %s: %s", f->code, f->path[0] ? f->path : "/", f->msg);
		if (t.chain.len)
			diag_note(&t.at, "through %s", t.chain.p);
		buf_free(&t.chain);
		errors += f->sev == SEV_ERROR;
	}
	lint_report_free(&r);
	if (errors && !no_lint) {
		struct pos at = {.file = tpl->name};
		diag_note(&at, "the API server would reject this CRD (%zu error%s), so it was not written; --no-lint "
			       "writes it anyway", errors, errors == 1 ? "" : "s");
		return false;
	}
	return true;
}

#include "config.h"
#include "resolve.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "k8stable.h"
#include "ref.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_REF_DEPTH 64		/* $refs entered at once */
#define MAX_SCHEMA_DEPTH 1000		/* nested schemas in the output */
/* Schema nodes in one CRD: about 90 PodTemplateSpecs, some 100 MB of memory;
 * the API server's 1.5 MiB limit allows far fewer. */
#define MAX_OUTPUT_NODES 120000u

/* One $ref being expanded: for cycle detection and for the chains printed
 * with errors. */
struct rframe {
	char *id;	/* "file:/abs#/ptr" or "k8s:1.36:name" */
	char *show;	/* "common.yaml#/definitions/A" or the definition name */
};

struct resolver {
	struct resolve_opts o;
	const struct kube_catalog *cat;
	struct kube *dflt;
	bool explicit;
	char *cwd;
	/* Bundles opened for versions named in python:// refs (owned). */
	struct kube **opened;
	size_t nopened;
	json_t *notes;		/* notes already printed */
	/* OpenAPI documents reached through file refs, as schema sources (owned). */
	struct kube **docs;
	char **docs_real;
	size_t ndocs;
	json_t *file_index;	/* real path -> index into files */
	struct yfile **files;
	char **file_real;
	size_t nfiles;
	struct rframe *stack;
	size_t depth, cap;
	json_t *used;		/* version labels used by the current CRD */
	char *used_text;
	size_t nodes;
	bool failed;
};

/* Where the walk is: which file (or Kubernetes definition) the node at hand
 * belongs to. */
struct ctx {
	struct yfile *file;	/* NULL inside Kubernetes definitions */
	const char *real;	/* real path of file, for relative refs and cycle ids */
	json_t *doc;		/* root of file's document, for "#/..." refs */
	struct kube *kube;	/* set inside Kubernetes definitions */
	bool from_ref;		/* reached through a $ref (descriptions go with -r) */
	unsigned depth;
	struct pos at;		/* the last position in a user file */
};

static void rfail(struct resolver *r, const struct pos *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void rfail(struct resolver *r, const struct pos *at, const char *fmt, ...)
{
	if (r->failed)
		return;
	r->failed = true;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_error(at, "%s", msg);
	free(msg);
}

static void note_once(struct resolver *r, const struct pos *at, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void note_once(struct resolver *r, const struct pos *at, const char *key, const char *fmt, ...)
{
	if (json_object_get(r->notes, key))
		return;
	json_object_set_new(r->notes, key, json_true());
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_note(at, "%s", msg);
	free(msg);
}

static struct pos pos_of(const struct ctx *c, const json_t *node)
{
	struct pos p;
	if (c->file && yfile_pos(c->file, node, false, &p))
		return p;
	return c->at;
}

struct resolver *resolver_new(const struct resolve_opts *o, const struct kube_catalog *cat, struct kube *dflt,
			      bool explicit)
{
	struct resolver *r = xcalloc(1, sizeof(*r));
	r->o = *o;
	r->cat = cat;
	r->dflt = dflt;
	r->explicit = explicit;
	char buf[PATH_MAX];
	r->cwd = xstrdup(getcwd(buf, sizeof(buf)) ? buf : ".");
	r->notes = json_object();
	r->file_index = json_object();
	r->used = json_object();
	return r;
}

void resolver_free(struct resolver *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nopened; i++)
		kube_free(r->opened[i]);
	free(r->opened);
	for (size_t i = 0; i < r->ndocs; i++) {
		kube_free(r->docs[i]);
		free(r->docs_real[i]);
	}
	free(r->docs);
	free(r->docs_real);
	for (size_t i = 0; i < r->nfiles; i++) {
		yfile_free(r->files[i]);
		free(r->file_real[i]);
	}
	free(r->files);
	free(r->file_real);
	free(r->stack);
	json_decref(r->notes);
	json_decref(r->file_index);
	json_decref(r->used);
	free(r->used_text);
	free(r->cwd);
	free(r);
}

char *resolver_display(const struct resolver *r, const char *path)
{
	char *rel = fs_relative(path, r->o.root);
	if (strcmp(rel, path) != 0)
		return rel;
	free(rel);
	return fs_relative(path, r->cwd);
}

/* --- the ref stack ------------------------------------------------------- */

static bool push(struct resolver *r, const char *id, const char *show, const struct pos *at)
{
	for (size_t i = 0; i < r->depth; i++) {
		if (strcmp(r->stack[i].id, id) != 0)
			continue;
		struct buf chain = BUF_INIT;
		for (size_t j = i; j < r->depth; j++)
			buf_addf(&chain, "%s \u2192 ", r->stack[j].show);
		buf_adds(&chain, show);
		rfail(r, at, "$ref cycle: %s", chain.p);
		buf_free(&chain);
		return false;
	}
	if (r->depth >= MAX_REF_DEPTH) {
		rfail(r, at, "$refs nest more than %d deep", MAX_REF_DEPTH);
		return false;
	}
	if (r->depth == r->cap)
		r->stack = xrealloc(r->stack, (r->cap = r->cap ? r->cap * 2 : 16) * sizeof(*r->stack));
	r->stack[r->depth++] = (struct rframe){xstrdup(id), xstrdup(show)};
	return true;
}

static void pop(struct resolver *r)
{
	struct rframe *f = &r->stack[--r->depth];
	free(f->id);
	free(f->show);
}

static bool on_stack(const struct resolver *r, const char *id)
{
	for (size_t i = 0; i < r->depth; i++)
		if (strcmp(r->stack[i].id, id) == 0)
			return true;
	return false;
}

/* --- schema walk --------------------------------------------------------- */

static json_t *res_schema(struct resolver *r, json_t *node, const struct ctx *c);

static bool drop_description(const struct resolver *r, const struct ctx *c)
{
	return (r->o.desc == DESC_STRIP_REFS && c->from_ref) || (r->o.desc == DESC_STRIP_K8S && c->kube);
}

/* Data (not schema) under a schema keyword.  Scalars are shared rather than
 * copied: nothing in crdc changes a string or number in place (values are
 * replaced, never edited), so sharing them is safe and saves a copy of every
 * description. */
static json_t *res_data(json_t *v)
{
	return json_is_object(v) || json_is_array(v) ? json_deep_copy(v) : json_incref(v);
}

static json_t *res_value(struct resolver *r, json_t *v, const struct ctx *c)
{
	return json_is_object(v) ? res_schema(r, v, c) : res_data(v);
}

static json_t *res_map(struct resolver *r, json_t *map, const struct ctx *c)
{
	if (!json_is_object(map))
		return res_data(map);
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(map, k, v) {
		json_t *nv = res_value(r, v, c);
		if (!nv) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, k, nv);
	}
	return out;
}

static json_t *res_array(struct resolver *r, json_t *arr, const struct ctx *c)
{
	json_t *out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_t *nv = res_value(r, v, c);
		if (!nv) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, nv);
	}
	return out;
}

/* One keyword of a schema: its new value, or NULL to leave it out (then
 * r->failed tells an error from an omission). */
static json_t *res_member(struct resolver *r, const char *k, json_t *v, const struct ctx *c)
{
	if (strcmp(k, "description") == 0 && drop_description(r, c))
		return NULL;
	struct ctx cc = *c;
	cc.depth++;
	switch (k8s_schema_slot(k)) {
	case SLOT_SCHEMA_MAP:
	case SLOT_DEPENDENCIES: return res_map(r, v, &cc);
	case SLOT_SCHEMA_ARRAY:
	case SLOT_SCHEMA_OR_ARRAY: return json_is_array(v) ? res_array(r, v, &cc) : res_value(r, v, &cc);
	case SLOT_SCHEMA:
	case SLOT_SCHEMA_OR_BOOL: return res_value(r, v, &cc);
	default: return res_data(v);
	}
}

static json_t *res_ref(struct resolver *r, json_t *node, json_t *refv, const struct ctx *c);

static json_t *res_schema(struct resolver *r, json_t *node, const struct ctx *c)
{
	if (r->failed)
		return NULL;
	if (c->depth > MAX_SCHEMA_DEPTH) {
		struct pos at = pos_of(c, node);
		rfail(r, &at, "schemas nest more than %d levels deep", MAX_SCHEMA_DEPTH);
		return NULL;
	}
	if (++r->nodes > MAX_OUTPUT_NODES) {
		struct pos at = pos_of(c, node);
		rfail(r, &at, "the resolved CRD has more than %u schema nodes; refusing to build it", MAX_OUTPUT_NODES);
		return NULL;
	}
	json_t *ref = json_object_get(node, "$ref");
	if (json_is_string(ref))
		return res_ref(r, node, ref, c);
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(node, k, v) {
		json_t *nv = res_member(r, k, v, c);
		if (r->failed) {
			json_decref(nv);
			json_decref(out);
			return NULL;
		}
		if (nv)
			json_object_set_new(out, k, nv);
	}
	return out;
}

/* --- Kubernetes definitions ------------------------------------------------ */

static json_t *converted(const struct conv_rule *rule)
{
	switch (rule->kind) {
	case CONV_INT_OR_STRING:
		return json_pack("{s:b, s:[{s:s},{s:s}]}", "x-kubernetes-int-or-string", 1, "anyOf", "type", "integer",
				 "type", "string");
	case CONV_QUANTITY:
		return json_pack("{s:b, s:[{s:s},{s:s}], s:s}", "x-kubernetes-int-or-string", 1, "anyOf", "type",
				 "integer", "type", "string", "pattern", k8s_quantity_pattern);
	case CONV_OBJECT_PRESERVE:
		return json_pack("{s:s, s:b}", "type", "object", "x-kubernetes-preserve-unknown-fields", 1);
	case CONV_ANY_PRESERVE: return json_pack("{s:b}", "x-kubernetes-preserve-unknown-fields", 1);
	case CONV_DATE_TIME: return json_pack("{s:s, s:s}", "type", "string", "format", "date-time");
	default: return NULL;
	}
}

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* Embedded ObjectMeta, per --embedded-metadata.  Takes meta. */
static json_t *embedded_meta(struct resolver *r, json_t *meta, const struct pos *at)
{
	if (r->o.meta == META_OBJECT) {
		note_once(r, at, "meta-object",
			  "embedded metadata is 'type: object' only (--embedded-metadata=object): the API server "
			  "prunes its labels and annotations");
		json_t *out = json_pack("{s:s}", "type", "object");
		json_t *d = json_object_get(meta, "description");
		if (d)
			json_object_set(out, "description", d);
		json_decref(meta);
		return out;
	}
	json_t *props = json_object_get(meta, "properties");
	size_t n;
	const char **keys = json_sorted_keys(props, &n);
	for (size_t i = 0; i < n; i++) {
		bool keep = r->o.meta == META_SUBSET ? in_list(k8s_meta_subset, keys[i])
						    : !in_list(k8s_meta_dropped, keys[i]);
		if (!keep)
			json_object_del(props, keys[i]);
	}
	free(keys);
	return meta;
}

static void suggest(struct resolver *r, struct kube *k, const char *name, const struct pos *at)
{
	struct buf s = BUF_INIT;
	if (kube_suggest(k, name, &s))
		diag_note(at, "did you mean %s?", s.p);
	buf_free(&s);
	(void)r;
}

/* Expands definition name (the part at pointer rest, "" for all of it) of
 * schema source k.  Nothing is cached: expanding again from the decoded
 * definitions (which kube caches) costs no more than copying an earlier
 * expansion would, and copies at every level of nesting cost far more. */
static json_t *expand_k8s(struct resolver *r, struct kube *k, const char *name, const char *rest,
			  const struct ctx *c, const struct pos *at)
{
	const struct conv_rule *rule = k8s_conv_rule(name);
	if (rule && rule->kind != CONV_OBJECT_META && !rest[0])
		return converted(rule);
	if (k == r->dflt || kube_is_versioned(k))
		json_object_set_new(r->used, kube_label(k), json_true());
	char *id = xasprintf("k8s:%p:%s", (void *)k, name);
	if (on_stack(r, id)) {
		/* A recursive Kubernetes type: a CRD cannot express recursion. */
		char *key = xasprintf("recursive %s", name);
		note_once(r, at, key, "%s is recursive; it is embedded as an object whose fields are preserved", name);
		free(key);
		free(id);
		return json_pack("{s:s, s:b}", "type", "object", "x-kubernetes-preserve-unknown-fields", 1);
	}
	json_t *def = kube_def(k, name);
	if (!def) {
		free(id);
		if (kube_has_overlay(k) && !strcmp(kube_source(k), "schema"))
			rfail(r, at, "unknown definition '%s' (not in the --schema documents)", name);
		else
			rfail(r, at, "unknown Kubernetes definition '%s' (Kubernetes %s)", name, kube_label(k));
		suggest(r, k, name, at);
		return NULL;
	}
	json_t *target = rest[0] ? ptr_get(def, rest) : def;
	if (!json_is_object(target)) {
		free(id);
		rfail(r, at, "'%s' has no schema at '%s'", name, rest);
		return NULL;
	}
	if (!push(r, id, name, at)) {
		free(id);
		return NULL;
	}
	free(id);
	struct ctx kc = {.file = NULL, .kube = k, .from_ref = true, .depth = c->depth, .at = *at};
	json_t *out = res_schema(r, target, &kc);
	pop(r);
	if (out && rule && rule->kind == CONV_OBJECT_META && !rest[0])
		out = embedded_meta(r, out, at);
	return out;
}

/* The schema source for a python://k8s_crd_resolver ref naming version. */
static struct kube *kube_for_version(struct resolver *r, const char *version, const struct pos *at)
{
	if (!version)
		return r->dflt;
	if (r->explicit) {
		bool patch, malformed;
		const char *v = r->cat ? kube_catalog_match(r->cat, version, &patch, &malformed) : NULL;
		if (v && strcmp(v, kube_label(r->dflt)) == 0)
			return r->dflt;
		char *key = xasprintf("explicit %s", version);
		note_once(r, at, key, "refs name Kubernetes %s; using %s as asked", version, kube_label(r->dflt));
		free(key);
		return r->dflt;
	}
	bool patch, malformed;
	const char *v = r->cat ? kube_catalog_match(r->cat, version, &patch, &malformed) : NULL;
	if (!v) {
		char *key = xasprintf("unbundled %s", version);
		note_once(r, at, key,
			  "refs name Kubernetes %s, which crdc does not bundle; using %s (choose with --kube-version)",
			  version, kube_label(r->dflt));
		free(key);
		return r->dflt;
	}
	if (strcmp(v, kube_label(r->dflt)) == 0)
		return r->dflt;
	for (size_t i = 0; i < r->nopened; i++)
		if (strcmp(kube_label(r->opened[i]), v) == 0)
			return r->opened[i];
	struct kube *k = kube_open(r->cat, v);
	if (!k)
		return NULL;
	r->opened = xrealloc(r->opened, (r->nopened + 1) * sizeof(*r->opened));
	r->opened[r->nopened++] = k;
	return k;
}

/* --- files ----------------------------------------------------------------- */

static bool below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0' || n == 1);
}

static bool allowed(const struct resolver *r, const char *real)
{
	if (r->o.allow_outside_root || below(real, r->o.root))
		return true;
	for (size_t i = 0; i < r->o.ninc; i++) {
		char buf[PATH_MAX];
		if (realpath(r->o.inc_dir[i], buf) && below(real, buf))
			return true;
	}
	return false;
}

static struct yfile *load_ref_file(struct resolver *r, const char *real, const char *written, const struct pos *at,
				   const char **realp)
{
	json_t *idx = json_object_get(r->file_index, real);
	if (idx) {
		*realp = r->file_real[json_integer_value(idx)];
		return r->files[json_integer_value(idx)];
	}
	struct stat st;
	if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		rfail(r, at, "$ref '%s' names %s, not a regular file", written,
		      S_ISDIR(st.st_mode) ? "a directory" : "a device, FIFO or socket");
		return NULL;
	}
	char *display = resolver_display(r, real);
	struct yfile *f = yfile_load(real, display, 0);
	free(display);
	if (!f) {
		diag_note(at, "in the file this $ref names");
		r->failed = true;
		return NULL;
	}
	r->files = xrealloc(r->files, (r->nfiles + 1) * sizeof(*r->files));
	r->file_real = xrealloc(r->file_real, (r->nfiles + 1) * sizeof(*r->file_real));
	r->files[r->nfiles] = f;
	r->file_real[r->nfiles] = xstrdup(real);
	json_object_set_new(r->file_index, real, json_integer((json_int_t)r->nfiles));
	*realp = r->file_real[r->nfiles++];
	return f;
}

/* An OpenAPI document (a swagger.json, say) reached through a file ref is a
 * schema source like --schema: its definitions are normalised and converted
 * (IntOrString, Quantity, ...) rather than copied as they are. */
static bool is_openapi(json_t *doc)
{
	return json_is_object(doc) && (json_object_get(doc, "swagger") || json_object_get(doc, "openapi")) &&
	       (json_object_get(doc, "definitions") || json_object_get(doc, "components"));
}

static struct kube *doc_kube(struct resolver *r, const char *real, const struct pos *at)
{
	for (size_t i = 0; i < r->ndocs; i++)
		if (strcmp(r->docs_real[i], real) == 0)
			return r->docs[i];
	struct kube *k = kube_new_empty();
	if (!kube_add_schema(k, real)) {
		kube_free(k);
		diag_note(at, "in the OpenAPI document this $ref names");
		r->failed = true;
		return NULL;
	}
	r->docs = xrealloc(r->docs, (r->ndocs + 1) * sizeof(*r->docs));
	r->docs_real = xrealloc(r->docs_real, (r->ndocs + 1) * sizeof(*r->docs_real));
	r->docs[r->ndocs] = k;
	r->docs_real[r->ndocs++] = xstrdup(real);
	return k;
}

/* Follows pointer into the file at path (absolute or relative to cwd). */
static json_t *follow_file(struct resolver *r, const char *path, const char *pointer, const char *written,
			   const struct ctx *c, const struct pos *at)
{
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		rfail(r, at, "cannot follow $ref '%s': %s: %s", written, path, strerror(errno));
		return NULL;
	}
	if (!allowed(r, real)) {
		rfail(r, at, "$ref '%s' leaves the root directory %s (use --root DIR or --allow-outside-root)", written,
		      r->o.root);
		return NULL;
	}
	const char *realp;
	struct yfile *f = load_ref_file(r, real, written, at, &realp);
	if (!f)
		return NULL;
	char *name, *rest;
	if (is_openapi(f->docs[0]) && ref_definition_pointer(pointer, &name, &rest)) {
		struct kube *k = doc_kube(r, realp, at);
		json_t *out = k ? expand_k8s(r, k, name, rest, c, at) : NULL;
		free(name);
		free(rest);
		return out;
	}
	json_t *node = ptr_get(f->docs[0], pointer);
	if (!node) {
		rfail(r, at, "$ref '%s': '%s' has nothing at '#%s'", written, f->name, pointer);
		return NULL;
	}
	if (!json_is_object(node)) {
		rfail(r, at, "$ref '%s' names %s, not a schema", written, json_kind_article(node));
		return NULL;
	}
	char *id = xasprintf("file:%s#%s", realp, pointer);
	char *show = pointer[0] ? xasprintf("%s#%s", f->name, pointer) : xstrdup(f->name);
	bool ok = push(r, id, show, at);
	free(id);
	free(show);
	if (!ok)
		return NULL;
	struct ctx fc = {.file = f, .real = realp, .doc = f->docs[0], .from_ref = true, .depth = c->depth, .at = *at};
	json_t *out = res_schema(r, node, &fc);
	pop(r);
	(void)c;
	return out;
}

/* A "#/..." pointer into the current file's own document. */
static json_t *follow_local(struct resolver *r, json_t *node, const char *written, const struct ctx *c,
			    const struct pos *at, const char *pointer)
{
	if (!json_is_object(node)) {
		rfail(r, at, "$ref '%s' names %s, not a schema", written, json_kind_article(node));
		return NULL;
	}
	char *id = xasprintf("file:%s#%s", c->real ? c->real : c->file->name, pointer);
	char *show = xasprintf("%s#%s", c->file->name, pointer);
	bool ok = push(r, id, show, at);
	free(id);
	free(show);
	if (!ok)
		return NULL;
	struct ctx lc = *c;
	lc.from_ref = true;
	lc.at = *at;
	json_t *out = res_schema(r, node, &lc);
	pop(r);
	return out;
}

static const char *include_dir(const struct resolver *r, const char *pkg)
{
	for (size_t i = r->o.ninc; i-- > 0;)
		if (strcmp(r->o.inc_pkg[i], pkg) == 0)
			return r->o.inc_dir[i];
	return NULL;
}

static json_t *follow(struct resolver *r, const struct ref *rf, const struct ctx *c, const struct pos *at)
{
	struct kube *k = c->kube ? c->kube : r->dflt;
	switch (rf->kind) {
	case REF_URL:
		rfail(r, at, "$ref '%s': crdc does not fetch URLs; save the document and pass it with --schema, or "
			     "refer to a local file", rf->text);
		return NULL;
	case REF_DEFINITION: return expand_k8s(r, k, rf->name, "", c, at);
	case REF_RESOLVER: {
		struct kube *vk = kube_for_version(r, rf->version, at);
		return vk ? expand_k8s(r, vk, rf->name, rf->pointer, c, at) : (r->failed = true, NULL);
	}
	case REF_POINTER: {
		json_t *local = c->doc ? ptr_get(c->doc, rf->pointer) : NULL;
		if (local)
			return follow_local(r, local, rf->text, c, at, rf->pointer);
		if (rf->name)
			return expand_k8s(r, k, rf->name, rf->rest ? rf->rest : "", c, at);
		rfail(r, at, "$ref '%s': this file has nothing at that pointer", rf->text);
		return NULL;
	}
	case REF_FILE: {
		if (rf->path[0] == '/') {
			rfail(r, at, "$ref '%s': file refs must be relative to the file that holds them", rf->text);
			return NULL;
		}
		char *dir = c->real ? fs_dirname(c->real) : xstrdup(r->cwd);
		char *path = fs_join(dir, rf->path);
		json_t *out = follow_file(r, path, rf->pointer, rf->text, c, at);
		free(path);
		free(dir);
		return out;
	}
	case REF_PACKAGE: {
		const char *dir = include_dir(r, rf->package);
		char *base = dir ? xstrdup(dir) : fs_join(r->cwd, rf->package);
		char *path = fs_join(base, rf->path);
		json_t *out = follow_file(r, path, rf->pointer, rf->text, c, at);
		free(path);
		free(base);
		return out;
	}
	}
	return NULL;
}

static json_t *res_ref(struct resolver *r, json_t *node, json_t *refv, const struct ctx *c)
{
	struct pos at = pos_of(c, refv);
	struct buf err = BUF_INIT;
	struct ref rf;
	if (!ref_parse(json_string_value(refv), &rf, &err)) {
		rfail(r, &at, "%s", err.p);
		buf_free(&err);
		return NULL;
	}
	buf_free(&err);
	json_t *target = follow(r, &rf, c, &at);
	ref_free(&rf);
	if (!target) {
		r->failed = true;
		return NULL;
	}
	json_t *patch = NULL;
	const char *k;
	json_t *v;
	json_object_foreach(node, k, v) {
		if (strcmp(k, "$ref") == 0)
			continue;
		json_t *nv = res_member(r, k, v, c);
		if (r->failed) {
			json_decref(nv);
			json_decref(patch);
			json_decref(target);
			return NULL;
		}
		if (!nv)
			continue;
		if (!patch)
			patch = json_object();
		json_object_set_new(patch, k, nv);
	}
	if (patch) {
		target = merge_patch_new(target, patch);
		json_decref(patch);
	}
	return target;
}

/* --- CRDs -------------------------------------------------------------------- */

static const char *str_at(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Checks that doc is a CRD crdc can resolve; diagnoses and returns false if
 * not. */
static bool check_crd(struct resolver *r, struct yfile *tpl, json_t *doc)
{
	struct pos at = {.file = tpl->name, .line = tpl->doc_line[0], .col = 1};
	yfile_pos(tpl, doc, false, &at);
	if (!json_is_object(doc)) {
		rfail(r, &at, "expected a CustomResourceDefinition, found %s", json_kind_article(doc));
		return false;
	}
	const char *api = str_at(doc, "apiVersion"), *kind = str_at(doc, "kind");
	bool v1 = api && strcmp(api, "apiextensions.k8s.io/v1") == 0;
	bool v1beta1 = api && strcmp(api, "apiextensions.k8s.io/v1beta1") == 0;
	if (!kind || strcmp(kind, "CustomResourceDefinition") != 0 || !(v1 || (v1beta1 && r->o.allow_v1beta1))) {
		bool kind_ok = kind && strcmp(kind, "CustomResourceDefinition") == 0;
		json_t *culprit = json_object_get(doc, kind_ok ? "apiVersion" : "kind");
		if (culprit)
			yfile_pos(tpl, culprit, false, &at);
		rfail(r, &at, "not an apiextensions.k8s.io/v1%s CustomResourceDefinition (apiVersion: %s, kind: %s)",
		      r->o.allow_v1beta1 ? " or v1beta1" : "", api ? api : "missing", kind ? kind : "missing");
		if (v1beta1)
			diag_note(&at, "apiextensions.k8s.io/v1beta1 was removed in Kubernetes 1.22; 'crdc resolve' still "
				       "reads it");
		return false;
	}
	json_t *spec = json_object_get(doc, "spec");
	json_t *versions = json_object_get(spec, "versions");
	if (v1 && (!json_is_array(versions) || !json_array_size(versions))) {
		if (spec)
			yfile_pos(tpl, spec, false, &at);
		rfail(r, &at, "spec.versions must be a non-empty list of versions");
		return false;
	}
	return true;
}

static bool resolve_at(struct resolver *r, struct yfile *tpl, const char *real, json_t *doc, json_t *out,
		       json_t *in_parent, json_t *out_parent, const char *key)
{
	json_t *schema = json_object_get(in_parent, key);
	if (!schema)
		return true;
	struct ctx c = {.file = tpl, .real = real, .doc = doc, .from_ref = false};
	c.at = pos_of(&c, schema);
	if (!c.at.file)
		c.at = (struct pos){.file = tpl->name};
	if (!json_is_object(schema)) {
		rfail(r, &c.at, "%s must be a schema (a mapping), not %s", key, json_kind_article(schema));
		return false;
	}
	json_t *res = res_schema(r, schema, &c);
	if (!res)
		return false;
	json_object_set_new(out_parent, key, res);
	(void)out;
	return true;
}

json_t *resolve_crd(struct resolver *r, struct yfile *tpl)
{
	json_t *doc = tpl->docs[0];
	r->failed = false;
	r->nodes = 0;
	json_object_clear(r->used);
	if (!check_crd(r, tpl, doc))
		return NULL;
	char real[PATH_MAX];
	const char *realp = tpl->path && strcmp(tpl->path, "-") != 0 && realpath(tpl->path, real) ? real : NULL;
	json_t *out = json_deep_copy(doc);
	/* A top-level `definitions` map is the template's own fragment store. */
	json_object_del(out, "definitions");
	json_t *spec_in = json_object_get(doc, "spec"), *spec_out = json_object_get(out, "spec");
	json_t *vin = json_object_get(spec_in, "versions"), *vout = json_object_get(spec_out, "versions");
	bool ok = true;
	for (size_t i = 0; ok && i < json_array_size(vin); i++) {
		json_t *sin = json_object_get(json_array_get(vin, i), "schema");
		json_t *sout = json_object_get(json_array_get(vout, i), "schema");
		if (json_is_object(sin))
			ok = resolve_at(r, tpl, realp, doc, out, sin, sout, "openAPIV3Schema");
	}
	json_t *val_in = json_object_get(spec_in, "validation"), *val_out = json_object_get(spec_out, "validation");
	if (ok && json_is_object(val_in))
		ok = resolve_at(r, tpl, realp, doc, out, val_in, val_out, "openAPIV3Schema");
	if (!ok || r->failed) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *resolve_definition(struct resolver *r, const char *name)
{
	r->failed = false;
	r->nodes = 0;
	struct pos at = {0};
	struct ctx c = {.at = at};
	json_t *out = expand_k8s(r, r->dflt, name, "", &c, &at);
	return r->failed ? (json_decref(out), NULL) : out;
}

const char *resolver_versions_used(struct resolver *r)
{
	free(r->used_text);
	struct buf b = BUF_INIT;
	size_t n;
	const char **keys = json_sorted_keys(r->used, &n);
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", keys[i]);
	free(keys);
	if (!n)
		buf_adds(&b, kube_label(r->dflt));
	r->used_text = buf_detach(&b, NULL);
	return r->used_text;
}

/* --- tracing a place in the output back to the template ------------------ */

static void chain_add(struct trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void chain_add(struct trace *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_addf(&t->chain, "%s%s", t->chain.len ? " \u2192 " : "", s);
	free(s);
}

/* Where the walk is: a node of a user file (file set) or of a Kubernetes
 * definition (kube set). */
struct tracer {
	struct resolver *r;
	json_t *node;
	struct yfile *file;
	const char *real;
	struct kube *kube;
};

/* Follows the $ref of w->node.  false when it cannot be followed (a
 * converted type, a broken ref): the walk stops there. */
static bool trace_ref(struct tracer *w, struct trace *t)
{
	struct resolver *r = w->r;
	struct ref rf;
	struct buf err = BUF_INIT;
	bool ok = ref_parse(json_string_value(json_object_get(w->node, "$ref")), &rf, &err);
	buf_free(&err);
	if (!ok)
		return false;
	json_t *next = NULL;
	const char *name = NULL, *rest = "";
	struct kube *k = w->kube ? w->kube : r->dflt;
	if (w->file)
		chain_add(t, "$ref '%s'", rf.text);
	switch (rf.kind) {
	case REF_DEFINITION: name = rf.name; break;
	case REF_RESOLVER:
		name = rf.name;
		rest = rf.pointer;
		if (!r->explicit && rf.version && r->cat) {
			bool patch, malformed;
			const char *v = kube_catalog_match(r->cat, rf.version, &patch, &malformed);
			for (size_t i = 0; v && i < r->nopened; i++)
				if (strcmp(kube_label(r->opened[i]), v) == 0)
					k = r->opened[i];
		}
		break;
	case REF_POINTER:
		next = w->file ? ptr_get(w->file->docs[0], rf.pointer) : NULL;
		if (!next && rf.name) {
			name = rf.name;
			rest = rf.rest ? rf.rest : "";
		}
		break;
	case REF_FILE:
	case REF_PACKAGE: {
		const char *dir_pkg = rf.kind == REF_PACKAGE ? include_dir(r, rf.package) : NULL;
		char *base = rf.kind == REF_PACKAGE ? (dir_pkg ? xstrdup(dir_pkg) : fs_join(r->cwd, rf.package))
						    : (w->real ? fs_dirname(w->real) : xstrdup(r->cwd));
		char *path = fs_join(base, rf.path);
		char real[PATH_MAX];
		json_t *idx = realpath(path, real) ? json_object_get(r->file_index, real) : NULL;
		free(base);
		free(path);
		if (idx) {
			size_t i = (size_t)json_integer_value(idx);
			w->file = r->files[i];
			w->real = r->file_real[i];
			next = ptr_get(w->file->docs[0], rf.pointer);
			if (next)
				w->kube = NULL;
		}
		break;
	}
	default: break;
	}
	if (name) {
		const struct conv_rule *rule = k8s_conv_rule(name);
		json_t *def = rule && rule->kind != CONV_OBJECT_META ? NULL : kube_def(k, name);
		next = def ? (rest[0] ? ptr_get(def, rest) : def) : NULL;
		chain_add(t, "%s", name);
		if (next) {
			w->file = NULL;
			w->real = NULL;
			w->kube = k;
		}
	}
	ref_free(&rf);
	if (!json_is_object(next))
		return false;
	w->node = next;
	return true;
}

void resolve_trace(struct resolver *r, struct yfile *tpl, const char *path, struct trace *t)
{
	t->at = (struct pos){.file = tpl->name, .line = tpl->doc_line[0], .col = 1};
	t->chain = (struct buf)BUF_INIT;
	char **tok;
	size_t n;
	if (!ptr_split(path, &tok, &n))
		return;
	char real[PATH_MAX];
	struct tracer w = {r, tpl->docs[0], tpl, tpl->path && realpath(tpl->path, real) ? real : NULL, NULL};
	for (size_t i = 0; i < n && w.node; i++) {
		/* Keys written beside a $ref win over what it names. */
		for (int hops = 0; json_is_object(w.node) && json_is_string(json_object_get(w.node, "$ref")) &&
				   !json_object_get(w.node, tok[i]) && hops < MAX_REF_DEPTH;
		     hops++)
			if (!trace_ref(&w, t))
				goto done;
		json_t *next = ptr_get_tokens(w.node, &tok[i], 1);
		if (!next)
			break;
		w.node = next;
		struct pos p;
		if (w.file && yfile_pos(w.file, w.node, false, &p))
			t->at = p;
	}
done:
	ptr_tokens_free(tok, n);
}

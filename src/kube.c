#include "config.h"
#include "kube.h"
#include "bundle.h"
#include "diag.h"
#include "fsutil.h"
#include "load.h"
#include "openapi.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CRDC_SCHEMA_DIR
#define CRDC_SCHEMA_DIR "/usr/local/share/crdc/schemas"
#endif

/* --- catalog ------------------------------------------------------------- */

static bool parse_minor(const char *s, unsigned *major, unsigned *minor, unsigned *patch, bool *has_patch)
{
	if (*s == 'v' || *s == 'V')
		s++;
	char *end;
	if (!isdigit((unsigned char)*s))
		return false;
	unsigned long a = strtoul(s, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return false;
	unsigned long b = strtoul(end + 1, &end, 10);
	unsigned long c = 0;
	*has_patch = false;
	if (*end == '.') {
		if (!isdigit((unsigned char)end[1]))
			return false;
		c = strtoul(end + 1, &end, 10);
		*has_patch = true;
	}
	if (*end || a > 99 || b > 999 || c > 9999)
		return false;
	*major = (unsigned)a, *minor = (unsigned)b, *patch = (unsigned)c;
	return true;
}

static int cmp_version(const void *x, const void *y)
{
	unsigned a1, b1, c1, a2, b2, c2;
	bool p;
	parse_minor(*(char *const *)x, &a1, &b1, &c1, &p);
	parse_minor(*(char *const *)y, &a2, &b2, &c2, &p);
	return a1 != a2 ? (a1 < a2 ? -1 : 1) : b1 != b2 ? (b1 < b2 ? -1 : 1) : 0;
}

static bool scan_dir(struct kube_catalog *c, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		if (!str_has_prefix(n, "k8s-") || !str_has_suffix(n, ".crdcb"))
			continue;
		char *v = xstrndup(n + 4, strlen(n) - 4 - 6);
		unsigned a, b, p;
		bool hp;
		if (!parse_minor(v, &a, &b, &p, &hp) || hp) {
			free(v);
			continue;
		}
		c->versions = xrealloc(c->versions, (c->n + 1) * sizeof(*c->versions));
		c->versions[c->n++] = v;
	}
	closedir(d);
	if (!c->n)
		return false;
	qsort(c->versions, c->n, sizeof(*c->versions), cmp_version);
	c->dir = xstrdup(dir);
	return true;
}

bool kube_catalog_load(struct kube_catalog *c)
{
	memset(c, 0, sizeof(*c));
	const char *env = getenv("CRDC_SCHEMA_DIR");
	if (env && *env) {
		if (scan_dir(c, env))
			return true;
		diag_plain(SEV_ERROR, "CRDC_SCHEMA_DIR=%s holds no schema bundles (k8s-*.crdcb)", env);
		return false;
	}
	/* The build tree: src/crdc next to schemas/. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *dir = fs_dirname(exe);
		char *cand = xasprintf("%s/../schemas", dir);
		bool found = scan_dir(c, cand);
		free(cand);
		free(dir);
		if (found)
			return true;
	}
	if (scan_dir(c, CRDC_SCHEMA_DIR))
		return true;
	diag_plain(SEV_ERROR, "no Kubernetes schema bundles found in %s (is crdc installed? set CRDC_SCHEMA_DIR)",
		   CRDC_SCHEMA_DIR);
	return false;
}

void kube_catalog_free(struct kube_catalog *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->versions[i]);
	free(c->versions);
	free(c->dir);
	memset(c, 0, sizeof(*c));
}

const char *kube_catalog_match(const struct kube_catalog *c, const char *spec, bool *patch, bool *malformed)
{
	unsigned a, b, p;
	*malformed = !parse_minor(spec, &a, &b, &p, patch);
	if (*malformed)
		return NULL;
	for (size_t i = 0; i < c->n; i++) {
		unsigned a2, b2, p2;
		bool hp;
		parse_minor(c->versions[i], &a2, &b2, &p2, &hp);
		if (a == a2 && b == b2)
			return c->versions[i];
	}
	return NULL;
}

char *kube_catalog_list(const struct kube_catalog *c)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->n; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", c->versions[i]);
	if (!b.len)
		buf_adds(&b, "none");
	return buf_detach(&b, NULL);
}

const char *kube_catalog_newest(const struct kube_catalog *c)
{
	return c->n ? c->versions[c->n - 1] : NULL;
}

/* --- one schema source --------------------------------------------------- */

struct kube {
	struct bundle *bundle;	/* NULL for --schema alone */
	char *label;
	bool versioned;		/* label is a Kubernetes version */
	char *source;
	json_t *overlay;	/* name -> normalised def from --schema, or NULL */
	json_t *cache;		/* name -> def parsed from the bundle */
};

struct kube *kube_open(const struct kube_catalog *c, const char *version)
{
	char *path = xasprintf("%s/k8s-%s.crdcb", c->dir, version);
	struct buf err = BUF_INIT;
	struct bundle *b = bundle_open(path, &err);
	free(path);
	if (!b) {
		diag_plain(SEV_ERROR, "%s", err.p);
		buf_free(&err);
		return NULL;
	}
	struct kube *k = xcalloc(1, sizeof(*k));
	k->bundle = b;
	k->label = xstrdup(version);
	k->versioned = true;
	const char *src = json_string_value(json_object_get(bundle_meta(b), "source"));
	k->source = xstrdup(src ? src : "?");
	k->cache = json_object();
	return k;
}

struct kube *kube_new_empty(void)
{
	struct kube *k = xcalloc(1, sizeof(*k));
	k->source = xstrdup("schema");
	k->cache = json_object();
	return k;
}

void kube_free(struct kube *k)
{
	if (!k)
		return;
	bundle_close(k->bundle);
	json_decref(k->overlay);
	json_decref(k->cache);
	free(k->label);
	free(k->source);
	free(k);
}

/* "v1.30.2" in info.version names the release the document describes. */
static char *doc_version(json_t *doc)
{
	const char *v = json_string_value(json_object_get(json_object_get(doc, "info"), "version"));
	unsigned a, b, p;
	bool hp;
	if (!v || !parse_minor(v, &a, &b, &p, &hp))
		return NULL;
	return hp ? xasprintf("%u.%u.%u", a, b, p) : xasprintf("%u.%u", a, b);
}

bool kube_add_schema(struct kube *k, const char *path)
{
	char *data;
	size_t len;
	if (!fs_read(path, path, FS_MAX_SCHEMA, &data, &len))
		return false;
	size_t i = 0;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	json_t *doc = NULL;
	struct pos at = {.file = path};
	if (i < len && data[i] == '{') {
		json_error_t je;
		doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
		if (!doc) {
			at.line = (unsigned)(je.line > 0 ? je.line : 0);
			at.col = (unsigned)(je.column > 0 ? je.column : 0);
			diag_error(&at, "%s", je.text);
		}
	} else {
		struct yfile *f = yfile_parse(path, data, len, 0);
		if (f) {
			doc = json_incref(f->docs[0]);
			yfile_free(f);
		}
	}
	free(data);
	if (!doc)
		return false;
	int major;
	json_t *defs = openapi_definitions(doc, &major);
	if (!defs) {
		diag_error(&at, "not an OpenAPI document: it has neither 'definitions' (v2) nor "
				"'components.schemas' (v3)");
		json_decref(doc);
		return false;
	}
	json_t *norm = openapi_normalize(defs, NULL);
	if (!k->overlay)
		k->overlay = json_object();
	json_object_update(k->overlay, norm);
	json_decref(norm);
	if (!k->bundle) {
		char *v = doc_version(doc);
		char *label = v ? v : xasprintf("the schema in %s", path);
		if (!k->label) {
			k->label = label;
			k->versioned = v != NULL;
		} else {
			free(label);
		}
	}
	json_decref(doc);
	return true;
}

json_t *kube_def(struct kube *k, const char *name)
{
	json_t *v = k->overlay ? json_object_get(k->overlay, name) : NULL;
	if (v || !k->bundle)
		return v;
	v = json_object_get(k->cache, name);
	if (v)
		return v;
	struct buf err = BUF_INIT;
	v = bundle_get(k->bundle, name, &err);
	if (err.len)
		diag_plain(SEV_ERROR, "%s", err.p);
	buf_free(&err);
	if (v)
		json_object_set_new(k->cache, name, v);
	return v;
}

bool kube_has_overlay(const struct kube *k)
{
	return k->overlay != NULL;
}

const char *kube_label(const struct kube *k)
{
	return k->label ? k->label : "?";
}

bool kube_is_versioned(const struct kube *k)
{
	return k->versioned;
}

const char *kube_source(const struct kube *k)
{
	return k->source;
}

size_t kube_count(const struct kube *k)
{
	size_t n = k->bundle ? bundle_count(k->bundle) : 0;
	const char *name;
	json_t *v;
	json_object_foreach(k->overlay, name, v)
		if (!k->bundle || !bundle_has(k->bundle, name))
			n++;
	return n;
}

/* --- suggestions ----------------------------------------------------------- */

static size_t lev(const char *a, const char *b, size_t cap)
{
	size_t n = strlen(a), m = strlen(b);
	if ((n > m ? n - m : m - n) > cap)
		return cap + 1;
	size_t *row = xmalloc((m + 1) * sizeof(*row));
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0], best = row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
			size_t v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > cap) {
			free(row);
			return cap + 1;
		}
	}
	size_t d = row[m];
	free(row);
	return d;
}

static const char *last_part(const char *s)
{
	const char *dot = strrchr(s, '.');
	return dot ? dot + 1 : s;
}

struct cand {
	const char *name;
	size_t score;
};

static void consider(struct cand best[3], const char *want, const char *name)
{
	size_t cap = strlen(want) / 3 + 2;
	size_t s = lev(want, name, cap);
	size_t s2 = lev(last_part(want), last_part(name), cap) + 1;
	if (s2 < s)
		s = s2;
	if (s > cap)
		return;
	for (int i = 0; i < 3; i++) {
		if (!best[i].name || s < best[i].score || (s == best[i].score && strcmp(name, best[i].name) < 0)) {
			for (int j = 2; j > i; j--)
				best[j] = best[j - 1];
			best[i] = (struct cand){name, s};
			return;
		}
	}
}

bool kube_suggest(struct kube *k, const char *name, struct buf *out)
{
	struct cand best[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
	if (k->bundle)
		for (size_t i = 0; i < bundle_count(k->bundle); i++)
			consider(best, name, bundle_name(k->bundle, i));
	const char *n;
	json_t *v;
	json_object_foreach(k->overlay, n, v)
		if (!k->bundle || !bundle_has(k->bundle, n))
			consider(best, name, n);
	for (int i = 0; i < 3 && best[i].name; i++)
		buf_addf(out, "%s%s", i ? ", " : "", best[i].name);
	return best[0].name != NULL;
}

#include "config.h"
#include "ref.h"
#include "jsonutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A URI fragment is percent-encoded (RFC 6901, section 6). */
static char *fragment_decode(const char *s, struct buf *err)
{
	struct buf b = BUF_INIT;
	for (; *s; s++) {
		if (*s != '%') {
			buf_addc(&b, *s);
			continue;
		}
		int hi = hexval(s[1]), lo = hi >= 0 ? hexval(s[2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			buf_addf(err, "bad percent-escape in fragment");
			buf_free(&b);
			return NULL;
		}
		buf_addc(&b, (char)(hi * 16 + lo));
		s += 2;
	}
	return buf_detach(&b, NULL);
}

bool ref_definition_pointer(const char *ptr, char **name, char **rest)
{
	static const char *const pre[] = {"/definitions/", "/components/schemas/"};
	for (size_t i = 0; i < 2; i++) {
		if (!str_has_prefix(ptr, pre[i]))
			continue;
		const char *n = ptr + strlen(pre[i]);
		const char *slash = strchr(n, '/');
		size_t len = slash ? (size_t)(slash - n) : strlen(n);
		if (!len)
			return false;
		char **toks;
		size_t nt;
		char *first = xasprintf("/%.*s", (int)len, n);
		bool ok = ptr_split(first, &toks, &nt) && nt == 1;
		free(first);
		if (!ok)
			return false;
		*name = toks[0];
		free(toks);
		*rest = xstrdup(slash ? slash : "");
		return true;
	}
	return false;
}

/* "k8s-1.21.1.json" -> "1.21.1" */
static char *resolver_version(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!str_has_prefix(base, "k8s-") || !str_has_suffix(base, ".json"))
		return NULL;
	size_t n = strlen(base) - 4 - 5;
	const char *v = base + 4;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)v[i]) && v[i] != '.')
			return NULL;
	return n ? xstrndup(v, n) : NULL;
}

/* Splits "path#fragment": *before and *pointer are new on success, NULL on
 * failure. */
static bool split_fragment(const char *s, char **before, char **pointer, struct buf *err)
{
	const char *hash = strchr(s, '#');
	*before = *pointer = NULL;
	char *frag = hash ? fragment_decode(hash + 1, err) : xstrdup("");
	if (!frag)
		return false;
	if (frag[0] && frag[0] != '/') {
		buf_addf(err, "the fragment '#%s' is not a JSON Pointer (it must start with '/')", frag);
		free(frag);
		return false;
	}
	char **toks;
	size_t n;
	if (!ptr_split(frag, &toks, &n)) {
		buf_addf(err, "the fragment '#%s' is not a valid JSON Pointer", frag);
		free(frag);
		return false;
	}
	ptr_tokens_free(toks, n);
	*before = hash ? xstrndup(s, (size_t)(hash - s)) : xstrdup(s);
	*pointer = frag;
	return true;
}

bool ref_parse(const char *s, struct ref *r, struct buf *err)
{
	memset(r, 0, sizeof(*r));
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n && is_space(s[n - 1]))
		n--;
	r->text = xstrndup(s, n);
	const char *t = r->text;
	if (!*t) {
		buf_adds(err, "empty $ref");
		goto fail;
	}
	for (const char *p = t; *p; p++)
		if (is_space(*p)) {
			buf_addf(err, "$ref '%s' contains white space", t);
			goto fail;
		}
	const char *colon = strstr(t, "://");
	if (colon) {
		size_t sl = (size_t)(colon - t);
		char *scheme = xstrndup(t, sl);
		for (char *p = scheme; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		bool web = strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0;
		bool py = strcmp(scheme, "python") == 0;
		free(scheme);
		if (web) {
			r->kind = REF_URL;
			return true;
		}
		if (!py) {
			buf_addf(err, "unsupported $ref form '%s' (crdc follows definition names, JSON Pointers, "
				      "relative files and python:// refs)", t);
			goto fail;
		}
		char *rest, *ptr;
		if (!split_fragment(colon + 3, &rest, &ptr, err))
			goto fail;
		char *slash = strchr(rest, '/');
		if (!slash || slash == rest || !slash[1]) {
			buf_addf(err, "python:// ref '%s' needs a package and a path", t);
			free(rest);
			free(ptr);
			goto fail;
		}
		r->package = xstrndup(rest, (size_t)(slash - rest));
		r->path = xstrdup(slash + 1);
		free(rest);
		r->pointer = ptr;
		if (strcmp(r->package, "k8s_crd_resolver") == 0 && str_has_prefix(r->path, "schemata/")) {
			char *rest_ptr;
			if (!ref_definition_pointer(r->pointer, &r->name, &rest_ptr)) {
				buf_addf(err, "k8s_crd_resolver ref '%s' must point at /definitions/<name>", t);
				goto fail;
			}
			free(r->pointer);
			r->pointer = rest_ptr;
			r->version = resolver_version(r->path);
			r->kind = REF_RESOLVER;
			return true;
		}
		r->kind = REF_PACKAGE;
		return true;
	}
	if (t[0] == '#') {
		char *before;
		if (!split_fragment(t, &before, &r->pointer, err))
			goto fail;
		free(before);
		ref_definition_pointer(r->pointer, &r->name, &r->rest);
		r->kind = REF_POINTER;
		return true;
	}
	bool fileish = strchr(t, '#') || strchr(t, '/') || str_has_suffix(t, ".yaml") ||
		       str_has_suffix(t, ".yml") || str_has_suffix(t, ".json");
	if (!fileish) {
		r->kind = REF_DEFINITION;
		r->name = xstrdup(t);
		r->pointer = xstrdup("");
		return true;
	}
	if (!split_fragment(t, &r->path, &r->pointer, err))
		goto fail;
	if (!r->path[0]) {
		buf_addf(err, "$ref '%s' names no file", t);
		goto fail;
	}
	r->kind = REF_FILE;
	return true;
fail:
	ref_free(r);
	return false;
}

void ref_free(struct ref *r)
{
	free(r->text);
	free(r->name);
	free(r->pointer);
	free(r->path);
	free(r->package);
	free(r->version);
	free(r->rest);
	memset(r, 0, sizeof(*r));
}

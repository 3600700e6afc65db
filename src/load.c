#include "config.h"
#include "load.h"
#include "fsutil.h"
#include "scalar.h"
#include "util.h"

#include <libfyaml.h>
#include <yaml.h>
#include <stdlib.h>
#include <string.h>

#define TAG_PREFIX "tag:yaml.org,2002:"

struct anchor {
	char *name;
	json_t *node;		/* borrowed from the tree being built */
	size_t nodes;		/* size of its subtree */
};

struct frame {
	json_t *node;		/* object or array under construction (owned here) */
	struct srcpos pos;
	char *key;		/* pending key of an object, NULL when a key is expected */
	size_t keylen;
	struct srcpos keypos;
	char *anchor;		/* this container's anchor, NULL if none */
	size_t nodes;		/* nodes in the subtree so far, the container included */
};

struct builder {
	struct yfile *f;
	const char *data;
	size_t len;		/* of data as libfyaml reads it */
	unsigned flags;
	bool yaml11;		/* the document declared %YAML 1.1 */
	struct frame *stack;
	size_t depth, cap;
	struct anchor *anchors;
	size_t nanchors, anchors_cap;
	size_t nodes, alias_nodes;
	json_t *root;
	struct srcpos root_pos;
	size_t root_nodes;
	bool failed;
};

static void berror(struct builder *b, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void berror(struct builder *b, unsigned line, unsigned col, const char *fmt, ...)
{
	if (b->failed)
		return;
	b->failed = true;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	struct pos at = {.file = b->f->name, .line = line, .col = col};
	diag_error(&at, "%s", msg);
	free(msg);
}

static struct srcpos mark_pos(struct fy_event *e)
{
	const struct fy_mark *m = fy_event_start_mark(e);
	struct srcpos p = {0, 0, 0, 0};
	if (m) {
		p.line = (uint32_t)m->line + 1;
		p.col = (uint32_t)m->column + 1;
	}
	return p;
}

/* Line and column (1-based, in bytes) of an offset, for errors found before
 * the YAML parser runs. */
static void offset_pos(const char *data, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n')
			l++, start = i + 1;
	*line = l;
	*col = (unsigned)(off - start) + 1;
}

/* Checks that data is UTF-8 made of characters YAML allows (c-printable). */
static bool check_text(struct builder *b, const unsigned char *s, size_t n)
{
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		berror(b, 1, 1, "file starts with a byte-order mark (U+FEFF); save it as UTF-8 without one");
		return false;
	}
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t len;
		unsigned cp;
		if (c < 0x80) {
			cp = c, len = 1;
		} else if ((c & 0xE0) == 0xC0) {
			cp = c & 0x1F, len = 2;
		} else if ((c & 0xF0) == 0xE0) {
			cp = c & 0x0F, len = 3;
		} else if ((c & 0xF8) == 0xF0) {
			cp = c & 0x07, len = 4;
		} else {
			goto bad_utf8;
		}
		if (i + len > n)
			goto bad_utf8;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad_utf8;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad_utf8;
		bool printable = cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0x7E) ||
				 cp == 0x85 || (cp >= 0xA0 && cp <= 0xFFFD) || cp >= 0x10000;
		if (!printable || cp == 0xFFFE) {
			unsigned line, col;
			offset_pos((const char *)s, i, &line, &col);
			berror(b, line, col, "character U+%04X is not allowed in YAML", cp);
			return false;
		}
		i += len;
		continue;
bad_utf8:;
		unsigned line, col;
		offset_pos((const char *)s, i, &line, &col);
		berror(b, line, col, "invalid UTF-8 (byte 0x%02X); crdc reads UTF-8 only", c);
		return false;
	}
	return true;
}

static const char *token_text(struct fy_token *t, size_t *len)
{
	const char *s = t ? fy_token_get_text(t, len) : NULL;
	if (!s) {
		*len = 0;
		return "";
	}
	return s;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t';
}

/* YAML single-quoted scalar content (between the quotes) to its value:
 * two quotes are one, and line breaks fold (one break is a space, n+1
 * breaks are n newlines; white space around breaks goes). */
static char *single_quoted(const char *raw, size_t n, size_t *outlen)
{
	struct buf out = BUF_INIT;
	size_t pending = 0;
	bool first = true;
	for (size_t i = 0; i <= n;) {
		size_t end = i;
		while (end < n && raw[end] != '\n')
			end++;
		bool last = end >= n;
		size_t a = i, z = end;
		if (z > a && raw[z - 1] == '\r')
			z--;
		if (!first)
			while (a < z && is_ws(raw[a]))
				a++;
		if (!last)
			while (z > a && is_ws(raw[z - 1]))
				z--;
		if (!first) {
			if (a == z && !last) {
				pending++;
				i = end + 1;
				continue;
			}
			if (pending)
				for (size_t k = 0; k < pending; k++)
					buf_addc(&out, '\n');
			else
				buf_addc(&out, ' ');
			pending = 0;
		}
		for (size_t k = a; k < z; k++) {
			buf_addc(&out, raw[k]);
			if (raw[k] == '\'' && k + 1 < z && raw[k + 1] == '\'')
				k++;
		}
		first = false;
		if (last)
			break;
		i = end + 1;
	}
	if (!out.p)
		buf_grow(&out, 0);
	return buf_detach(&out, outlen);
}

/* libfyaml 0.7.12 leaks memory when asked for the text of a block scalar
 * of lines of spaces that ends the file ("k: |2\n   \n", "k: |\n  "), or
 * of one in column 0 that is a whole document (found by fuzz_validate);
 * and it reads an empty one that ends the file ("k: |\n") as a NUL.  It
 * is asked for none of these.  A document that is a block scalar in column
 * 0 is refused (documents are mappings), as is a block scalar of only
 * spaces with an indentation indicator (its spaces may be content).  Any
 * other block scalar of only spaces and line breaks is all indentation:
 * empty, or its line breaks when it keeps them ('+').  Returns 0 when
 * libfyaml may be asked, 1 with the value in *owned and *len, -1 when
 * refused (diagnosed). */
#define BLOCK_REFUSED(what) "crdc cannot read " what " (libfyaml 0.7.12, its YAML parser, reads it wrongly)"
static int block_value(struct builder *b, struct fy_token *t, char **owned, size_t *len)
{
	const struct fy_mark *m0 = fy_token_start_mark(t), *m1 = fy_token_end_mark(t);
	if (!m0 || !m1 || m1->input_pos < m0->input_pos || m1->input_pos > b->len)
		return 0;
	const char *s = b->data, *body = s + m0->input_pos;
	size_t n = m1->input_pos - m0->input_pos, blank = 0;
	while (blank < n && (body[blank] == ' ' || body[blank] == '\n'))
		blank++;	/* not strspn: the text need not end in a NUL */
	if (blank < n) {
		/* Content: fine, unless a whole document's, starting in column 0. */
		if (b->depth > 0 || (blank > 0 && body[blank - 1] != '\n'))
			return 0;
		berror(b, m0->line + 1, m0->column + 1,
		       BLOCK_REFUSED("a document that is a block scalar not indented; documents are mappings"));
		return -1;
	}
	/* The header ends the line before the body: '|' or '>', then the
	 * indicators, then perhaps a comment; the first such '|' or '>' on
	 * the line is it (one in a quoted key is followed by other text). */
	size_t eol = m0->input_pos - (m0->input_pos > 0 && s[m0->input_pos - 1] == '\n'), bol = eol;
	while (bol > 0 && s[bol - 1] != '\n')
		bol--;
	bool keep = false, indicator = false;
	for (size_t i = bol; i < eol; i++) {
		if (s[i] != '|' && s[i] != '>')
			continue;
		size_t j = i + 1;
		bool k = false, ind = false;
		for (; j < eol && strchr("123456789+-", s[j]); j++) {
			k |= s[j] == '+';
			ind |= s[j] != '+' && s[j] != '-';
		}
		while (j < eol && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j == eol || s[j] == '#') {
			keep = k;
			indicator = ind;
			break;
		}
	}
	if (indicator && memchr(body, ' ', n)) {
		berror(b, m0->line + 1, m0->column + 1,
		       BLOCK_REFUSED("a block scalar of only spaces with an indentation indicator; quote the value"));
		return -1;
	}
	struct buf out = BUF_INIT;
	for (size_t i = 0; keep && i < n; i++)
		if (body[i] == '\n')
			buf_addc(&out, '\n');
	buf_grow(&out, 0);	/* "" rather than NULL when empty */
	*owned = buf_detach(&out, len);
	return 1;
}

/* The text of a scalar.  libfyaml 0.7.12 garbles single-quoted scalars that
 * hold two adjacent escaped quotes (four quotes in a row in the source read
 * as three, and the text after them shifts); those are unescaped here from
 * the input instead.  Block scalars: block_value().  *owned is set when the
 * result must be freed. */
static const char *scalar_text(struct builder *b, struct fy_event *e, size_t *len, char **owned)
{
	*owned = NULL;
	enum fy_scalar_style style = fy_token_scalar_style(e->scalar.value);
	if (style == FYSS_LITERAL || style == FYSS_FOLDED) {
		int r = block_value(b, e->scalar.value, owned, len);
		if (r)
			return r > 0 ? *owned : NULL;
	}
	if (fy_token_scalar_style(e->scalar.value) == FYSS_SINGLE_QUOTED) {
		const struct fy_mark *m0 = fy_token_start_mark(e->scalar.value);
		const struct fy_mark *m1 = fy_token_end_mark(e->scalar.value);
		if (m0 && m1 && m1->input_pos >= m0->input_pos) {
			const char *raw = b->data + m0->input_pos;
			size_t rn = m1->input_pos - m0->input_pos;
			for (size_t i = 0; i + 3 < rn; i++)
				if (!memcmp(raw + i, "''''", 4)) {
					/* Not even asking libfyaml for this text: its
					 * formatter also leaks memory on it. */
					*owned = single_quoted(raw, rn, len);
					return *owned;
				}
		}
	}
	return token_text(e->scalar.value, len);
}

static bool count_node(struct builder *b, struct srcpos p, size_t n)
{
	b->nodes += n;
	if (b->nodes > LOAD_MAX_NODES) {
		berror(b, p.line, p.col, "document has more than %u nodes; refusing to load it",
		       LOAD_MAX_NODES);
		return false;
	}
	return true;
}

static void set_anchor(struct builder *b, char *name, json_t *node, size_t nodes)
{
	if (!name)
		return;
	if (b->nanchors == b->anchors_cap)
		b->anchors = xrealloc(b->anchors, (b->anchors_cap = b->anchors_cap ? b->anchors_cap * 2 : 16) *
							  sizeof(*b->anchors));
	b->anchors[b->nanchors++] = (struct anchor){name, node, nodes};
}

static char *anchor_name(struct fy_token *t)
{
	if (!t)
		return NULL;
	size_t n;
	const char *s = token_text(t, &n);
	return xstrndup(s, n);
}

/* Stores a finished node in its parent (or as the document root).  Takes
 * the reference to v. */
static void attach(struct builder *b, json_t *v, struct srcpos p, size_t nodes, char *anchor)
{
	srcmap_put(&b->f->map, v, p);
	set_anchor(b, anchor, v, nodes);
	if (!b->depth) {
		if (b->root)
			json_decref(b->root);
		b->root = v;
		b->root_pos = p;
		b->root_nodes = nodes;
		return;
	}
	struct frame *top = &b->stack[b->depth - 1];
	top->nodes += nodes;
	if (json_is_array(top->node)) {
		json_array_append_new(top->node, v);
		return;
	}
	json_t *prev = json_object_getn(top->node, top->key, top->keylen);
	if (prev) {
		struct srcpos pp = {0, 0, 0, 0};
		srcmap_get(&b->f->map, prev, &pp);
		berror(b, top->keypos.line, top->keypos.col, "duplicate key '%s' (first defined at line %u)",
		       top->key, pp.kline ? pp.kline : pp.line);
		json_decref(v);
	} else {
		srcmap_set_key(&b->f->map, v, top->keypos.line, top->keypos.col);
		if (json_object_setn_new(top->node, top->key, top->keylen, v) != 0)
			berror(b, top->keypos.line, top->keypos.col, "mapping key is not valid UTF-8");
	}
	free(top->key);
	top->key = NULL;
}

static bool expecting_key(struct builder *b)
{
	return b->depth && json_is_object(b->stack[b->depth - 1].node) && !b->stack[b->depth - 1].key;
}

static bool check_tag(struct builder *b, struct fy_token *tag, struct srcpos p, const char *want)
{
	if (!tag)
		return true;
	size_t n;
	const char *t = token_text(tag, &n);
	char *s = xstrndup(t, n);
	bool ok = strcmp(s, "!") == 0 || (str_has_prefix(s, TAG_PREFIX) && strcmp(s + strlen(TAG_PREFIX), want) == 0);
	if (!ok)
		berror(b, p.line, p.col, "unsupported tag '%s' (crdc reads plain JSON-compatible YAML)", s);
	free(s);
	return ok;
}

/* Escapes such as "\uD800" can produce text that is not UTF-8. */
static json_t *make_string(struct builder *b, const char *s, size_t n, struct srcpos p)
{
	json_t *v = json_stringn(s, n);
	if (!v)
		berror(b, p.line, p.col, "string is not valid UTF-8 after unescaping");
	return v;
}

static json_t *scalar_value(struct builder *b, struct fy_event *e, struct srcpos p, const char *s, size_t n)
{
	if (memchr(s, '\0', n)) {
		berror(b, p.line, p.col, "string contains a NUL character");
		return NULL;
	}
	enum fy_scalar_style style = fy_token_scalar_style(e->scalar.value);
	const char *tag = NULL;
	size_t tn = 0;
	if (e->scalar.tag) {
		tag = token_text(e->scalar.tag, &tn);
		if (tn == 1 && tag[0] == '!')
			return make_string(b, s, n, p);
		if (tn < strlen(TAG_PREFIX) || memcmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0) {
			berror(b, p.line, p.col, "unsupported tag '%.*s' (crdc reads plain JSON-compatible YAML)",
			       (int)tn, tag);
			return NULL;
		}
		tag += strlen(TAG_PREFIX);
		tn -= strlen(TAG_PREFIX);
		if (tn == 3 && memcmp(tag, "str", 3) == 0)
			return make_string(b, s, n, p);
	} else if (style != FYSS_PLAIN) {
		return make_string(b, s, n, p);
	}
	struct scalar_val v;
	enum scalar_kind k = b->yaml11 ? yaml11_resolve(s, n, &v) : yaml12_resolve(s, n, &v);
	if (k == SK_TIMESTAMP || k == SK_MERGE || k == SK_VALUE)
		k = SK_STRING;
	if (tag) {
		bool ok = (tn == 3 && memcmp(tag, "int", 3) == 0 && (k == SK_INT || k == SK_INT_RANGE)) ||
			  (tn == 5 && memcmp(tag, "float", 5) == 0 &&
			   (k == SK_FLOAT || k == SK_INT || k == SK_INF_NAN)) ||
			  (tn == 4 && memcmp(tag, "bool", 4) == 0 && k == SK_BOOL) ||
			  (tn == 4 && memcmp(tag, "null", 4) == 0 && k == SK_NULL);
		if (!ok) {
			bool known = (tn == 3 && !memcmp(tag, "int", 3)) || (tn == 5 && !memcmp(tag, "float", 5)) ||
				     (tn == 4 && (!memcmp(tag, "bool", 4) || !memcmp(tag, "null", 4)));
			if (known)
				berror(b, p.line, p.col, "'%.*s' is not a valid !!%.*s", (int)n, s, (int)tn, tag);
			else
				berror(b, p.line, p.col, "unsupported tag '!!%.*s' (crdc reads plain JSON-compatible YAML)",
				       (int)tn, tag);
			return NULL;
		}
		if (tn == 5 && k == SK_INT)
			return json_real((double)v.i);
	}
	switch (k) {
	case SK_NULL: return json_null();
	case SK_BOOL: return json_boolean(v.b);
	case SK_INT: return json_integer(v.i);
	case SK_FLOAT: return json_real(v.d);
	case SK_INF_NAN:
		berror(b, p.line, p.col, "'%.*s' (infinity or NaN) cannot be represented in JSON", (int)n, s);
		return NULL;
	case SK_INT_RANGE:
		berror(b, p.line, p.col, "integer '%.*s' is outside the 64-bit range", (int)n, s);
		return NULL;
	default: return make_string(b, s, n, p);
	}
}

/* A scalar where a mapping expects a key. */
static void on_key(struct builder *b, struct fy_event *e, struct srcpos p)
{
	struct frame *top = &b->stack[b->depth - 1];
	size_t n;
	char *owned;
	const char *s = scalar_text(b, e, &n, &owned);
	if (!s) {
		/* diagnosed */
	} else if (e->scalar.anchor)
		berror(b, p.line, p.col, "anchors on mapping keys are not supported");
	else if (fy_token_scalar_style(e->scalar.value) == FYSS_PLAIN && n == 2 && !memcmp(s, "<<", 2) &&
		 !e->scalar.tag)
		berror(b, p.line, p.col, "merge keys ('<<') are not supported: crdc reads YAML 1.2; "
					 "write the keys out or use $ref");
	else if (memchr(s, '\0', n))
		berror(b, p.line, p.col, "mapping key contains a NUL character");
	else if (check_tag(b, e->scalar.tag, p, "str")) {
		top->key = xstrndup(s, n);
		top->keylen = n;
		top->keypos = p;
	}
	free(owned);
}

static void on_scalar(struct builder *b, struct fy_event *e)
{
	struct srcpos p = mark_pos(e);
	if (!count_node(b, p, 1))
		return;
	if (expecting_key(b)) {
		on_key(b, e, p);
		return;
	}
	size_t n;
	char *owned;
	const char *s = scalar_text(b, e, &n, &owned);
	if (!s)
		return;	/* diagnosed */
	json_t *v = scalar_value(b, e, p, s, n);
	free(owned);
	if (!v)
		return;
	attach(b, v, p, 1, anchor_name(e->scalar.anchor));
}

static void on_start(struct builder *b, struct fy_event *e, bool map)
{
	struct srcpos p = mark_pos(e);
	if (!count_node(b, p, 1))
		return;
	if (expecting_key(b)) {
		berror(b, p.line, p.col, "complex mapping keys are not supported");
		return;
	}
	if (b->depth >= LOAD_MAX_DEPTH) {
		berror(b, p.line, p.col, "nesting deeper than %d levels", LOAD_MAX_DEPTH);
		return;
	}
	struct fy_token *tag = map ? e->mapping_start.tag : e->sequence_start.tag;
	if (!check_tag(b, tag, p, map ? "map" : "seq"))
		return;
	if (b->depth == b->cap)
		b->stack = xrealloc(b->stack, (b->cap = b->cap ? b->cap * 2 : 32) * sizeof(*b->stack));
	struct frame *f = &b->stack[b->depth++];
	memset(f, 0, sizeof(*f));
	f->node = map ? json_object() : json_array();
	f->pos = p;
	f->anchor = anchor_name(map ? e->mapping_start.anchor : e->sequence_start.anchor);
	f->nodes = 1;
}

static void on_end(struct builder *b)
{
	struct frame f = b->stack[--b->depth];
	free(f.key);
	attach(b, f.node, f.pos, f.nodes, f.anchor);
}

static void on_alias(struct builder *b, struct fy_event *e)
{
	struct srcpos p = mark_pos(e);
	size_t n;
	const char *name = token_text(e->alias.anchor, &n);
	if (expecting_key(b)) {
		berror(b, p.line, p.col, "aliases as mapping keys are not supported");
		return;
	}
	for (size_t i = b->nanchors; i-- > 0;) {
		struct anchor *a = &b->anchors[i];
		if (strlen(a->name) != n || memcmp(a->name, name, n) != 0)
			continue;
		b->alias_nodes += a->nodes;
		if (b->alias_nodes > LOAD_MAX_ALIAS_NODES) {
			berror(b, p.line, p.col,
			       "aliases expand to more than %u nodes (an alias bomb?); refusing to expand them",
			       LOAD_MAX_ALIAS_NODES);
			return;
		}
		if (!count_node(b, p, a->nodes))
			return;
		/* A copy, so that nothing downstream ever sees shared nodes. */
		attach(b, json_deep_copy(a->node), p, a->nodes, NULL);
		return;
	}
	berror(b, p.line, p.col, "alias '*%.*s' refers to no anchor defined before it", (int)n, name);
}

static void add_doc(struct builder *b, unsigned line)
{
	struct yfile *f = b->f;
	json_t *root = b->root;
	b->root = NULL;
	if (!root || json_is_null(root)) {
		json_decref(root);
		return;	/* empty documents are skipped, as kubectl does */
	}
	if (f->ndocs && !(b->flags & LOAD_MULTI)) {
		berror(b, line, 1, "file holds more than one YAML document; a template must hold exactly one");
		json_decref(root);
		return;
	}
	f->docs = xrealloc(f->docs, (f->ndocs + 1) * sizeof(*f->docs));
	f->doc_line = xrealloc(f->doc_line, (f->ndocs + 1) * sizeof(*f->doc_line));
	f->docs[f->ndocs] = root;
	f->doc_line[f->ndocs++] = line;
}

static void report_parser_errors(struct builder *b, struct fy_diag *diag)
{
	void *it = NULL;
	struct fy_diag_error *de;
	while ((de = fy_diag_errors_iterate(diag, &it))) {
		if (de->type != FYET_ERROR)
			continue;
		berror(b, (unsigned)de->line + 1, (unsigned)de->column + 1, "%s", de->msg);
		/* libfyaml reports an unclosed [ or { at the end of the input:
		 * point at where it was opened too. */
		if (strstr(de->msg, "without a closing") && b->depth) {
			struct pos at = {.file = b->f->name, .line = b->stack[b->depth - 1].pos.line,
					 .col = b->stack[b->depth - 1].pos.col};
			diag_note(&at, "the unclosed collection starts here");
		}
		return;
	}
	berror(b, 0, 0, "invalid YAML");
}

static void run_parser(struct builder *b, const char *data, size_t len)
{
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = NULL;
	dcfg.colorize = false;
	struct fy_diag *diag = fy_diag_create(&dcfg);
	if (!diag) {
		berror(b, 0, 0, "cannot create YAML parser");
		return;
	}
	fy_diag_set_collect_errors(diag, true);
	struct fy_parse_cfg cfg = {
		.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_JSON_NONE | FYPCF_DISABLE_DEPTH_LIMIT |
			 FYPCF_DISABLE_MMAP_OPT | FYPCF_ALLOW_DUPLICATE_KEYS,
		.diag = diag,
	};
	struct fy_parser *p = fy_parser_create(&cfg);
	if (!p || fy_parser_set_string(p, data, len) != 0) {
		berror(b, 0, 0, "cannot create YAML parser");
		fy_parser_destroy(p);
		fy_diag_destroy(diag);
		return;
	}
	unsigned doc_line = 1;
	struct fy_event *e;
	while (!b->failed && (e = fy_parser_parse(p))) {
		switch (e->type) {
		case FYET_DOCUMENT_START: {
			struct srcpos dp = mark_pos(e);
			doc_line = dp.line ? dp.line : 1;
			const struct fy_version *v = fy_document_state_version(e->document_start.document_state);
			b->yaml11 = v && v->major == 1 && v->minor == 1 &&
				    fy_document_state_version_explicit(e->document_start.document_state);
			/* Anchors are scoped to their document. */
			for (size_t i = 0; i < b->nanchors; i++)
				free(b->anchors[i].name);
			b->nanchors = 0;
			break;
		}
		case FYET_DOCUMENT_END: add_doc(b, doc_line); break;
		case FYET_MAPPING_START: on_start(b, e, true); break;
		case FYET_SEQUENCE_START: on_start(b, e, false); break;
		case FYET_MAPPING_END:
		case FYET_SEQUENCE_END: on_end(b); break;
		case FYET_SCALAR: on_scalar(b, e); break;
		case FYET_ALIAS: on_alias(b, e); break;
		default: break;
		}
		fy_parser_event_free(p, e);
	}
	if (!b->failed && fy_parser_get_stream_error(p))
		report_parser_errors(b, diag);
	fy_parser_destroy(p);
	fy_diag_destroy(diag);
}

/* --- the flow-collection guard ----------------------------------------------
 *
 * libfyaml scans a flow collection ("[...]" or "{...}") that sits where
 * YAML allows an implicit key (a document, a sequence entry, a mapping key,
 * a value on a line of its own) to its end before producing any event, and
 * holds about 200 bytes of memory per byte it scans: a 6 MB "[0,0,...]"
 * takes 1.2 GB.  (Its streaming input, which would let crdc stop it, crashes
 * in 0.7.12.)  So before libfyaml sees a file with non-empty flow
 * collections, libyaml (whose scanner bounds simple keys) walks its events
 * and refuses such a collection longer than LOAD_MAX_FLOW_KEY characters. */

static bool has_flow_content(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '[' && s[i] != '{')
			continue;
		size_t j = i + 1;
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < n && s[j] != ']' && s[j] != '}')
			return true;
	}
	return false;
}

struct gframe {
	bool map, flow, candidate;
	bool expect_key;	/* maps: the next node is a key */
	size_t key_line;	/* block maps: line of the current key */
	size_t start;		/* character index of a flow collection's start */
	yaml_mark_t mark;
};

/* Whether a node starting at mark, under top, may be an implicit key. */
static bool key_position(const struct gframe *top, const yaml_mark_t *mark)
{
	if (!top)
		return true;
	if (!top->map)
		return true;
	if (top->expect_key)
		return true;
	return !top->flow && mark->line != top->key_line;
}

static void node_done(struct gframe *stack, size_t depth)
{
	if (depth && stack[depth - 1].map)
		stack[depth - 1].expect_key = !stack[depth - 1].expect_key;
}

static bool flow_guard(struct builder *b, const char *data, size_t len)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return true;
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	struct gframe *stack = NULL;
	size_t depth = 0, cap = 0;
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			/* A small file is safe whatever it holds: libfyaml reports
			 * its syntax errors, in its own words.  A large one libyaml
			 * cannot follow (a key of more than 1024 characters, say) is
			 * not given to libfyaml. */
			if (len > LOAD_MAX_FLOW_KEY) {
				berror(b, (unsigned)p.problem_mark.line + 1, (unsigned)p.problem_mark.column + 1,
				       "%s (crdc checks large files with flow collections with libyaml first)",
				       p.problem ? p.problem : "invalid YAML");
				ok = false;
			}
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT: done = true; break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			if (depth && stack[depth - 1].map && stack[depth - 1].expect_key)
				stack[depth - 1].key_line = ev.start_mark.line;
			node_done(stack, depth);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			bool map = ev.type == YAML_MAPPING_START_EVENT;
			bool flow = map ? ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
					: ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
			struct gframe *top = depth ? &stack[depth - 1] : NULL;
			if (top && top->map && top->expect_key)
				top->key_line = ev.start_mark.line;
			bool candidate = flow && key_position(top, &ev.start_mark);
			if (depth > LOAD_MAX_DEPTH)
				break;	/* the loader reports the depth */
			if (depth == cap)
				stack = xrealloc(stack, (cap = cap ? cap * 2 : 32) * sizeof(*stack));
			stack[depth++] = (struct gframe){map, flow, candidate, true, 0, ev.start_mark.index, ev.start_mark};
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			if (!depth)
				break;
			struct gframe f = stack[--depth];
			if (f.candidate && ev.end_mark.index - f.start > LOAD_MAX_FLOW_KEY) {
				berror(b, (unsigned)f.mark.line + 1, (unsigned)f.mark.column + 1,
				       "this %s runs on for more than %u characters where YAML allows a key, which "
				       "the YAML parser would hold in memory whole; write it in block style",
				       f.map ? "{...} mapping" : "[...] sequence", LOAD_MAX_FLOW_KEY);
				ok = false;
			}
			node_done(stack, depth);
			break;
		}
		default: break;
		}
		yaml_event_delete(&ev);
	}
	free(stack);
	yaml_parser_delete(&p);
	return ok;
}

/* A JSON document larger than the guard allows: jansson reads it (no node
 * positions, then; messages name JSON paths instead). */
static bool looks_like_json(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i < n && (s[i] == '{' || s[i] == '[');
}

static size_t count_nodes(const json_t *v, unsigned depth, unsigned *max_depth)
{
	if (depth > *max_depth)
		*max_depth = depth;
	size_t n = 1;
	const char *k;
	json_t *c;
	size_t i;
	if (json_is_object(v))
		json_object_foreach((json_t *)v, k, c)
			n += count_nodes(c, depth + 1, max_depth);
	else if (json_is_array(v))
		json_array_foreach(v, i, c)
			n += count_nodes(c, depth + 1, max_depth);
	return n;
}

size_t json_text_nodes(const char *s, size_t n, size_t stop, unsigned *max_depth)
{
	size_t nodes = 1;
	unsigned depth = 0;
	bool after_open = false;
	*max_depth = 0;
	for (size_t i = 0; i < n && nodes <= stop; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (after_open && c != ']' && c != '}')
			nodes++;	/* a collection's first element */
		after_open = false;
		switch (c) {
		case '"':
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			break;
		case '[':
		case '{':
			if (++depth > *max_depth)
				*max_depth = depth;
			after_open = true;
			break;
		case ']':
		case '}':
			depth -= depth > 0;
			break;
		case ',':
			nodes++;	/* every further element */
			break;
		default:
			break;
		}
	}
	return nodes;
}

static void parse_json(struct builder *b, const char *data, size_t len)
{
	if (len > LOAD_MAX_JSON) {
		berror(b, 1, 1, "JSON file is larger than the %u MiB limit for JSON input", LOAD_MAX_JSON >> 20);
		return;
	}
	/* Counted from the text first: a document over the limits is refused
	 * before jansson builds it (3 million numbers in 6 MB of text would
	 * take some 120 MB as a tree).  The text's depth may be one more than
	 * the tree's (an empty innermost collection); count_nodes() decides. */
	unsigned text_depth;
	if (json_text_nodes(data, len, LOAD_MAX_NODES, &text_depth) > LOAD_MAX_NODES ||
	    text_depth > LOAD_MAX_DEPTH + 1) {
		berror(b, 1, 1, "JSON document has more than %u nodes or deeper nesting than %d levels",
		       LOAD_MAX_NODES, LOAD_MAX_DEPTH);
		return;
	}
	json_error_t je;
	json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		berror(b, je.line > 0 ? (unsigned)je.line : 0, je.column > 0 ? (unsigned)je.column : 0, "%s", je.text);
		return;
	}
	unsigned max_depth = 0;
	if (count_nodes(doc, 0, &max_depth) > LOAD_MAX_NODES || max_depth > LOAD_MAX_DEPTH) {
		berror(b, 1, 1, "JSON document has more than %u nodes or deeper nesting than %d levels",
		       LOAD_MAX_NODES, LOAD_MAX_DEPTH);
		json_decref(doc);
		return;
	}
	b->root = doc;
	add_doc(b, 1);
}

/* YAML reads CR LF, CR and LF alike as one line break (LF in content), so
 * a copy with every break written LF means the same, at the same lines and
 * columns.  libfyaml 0.7.12 is given that copy: it leaks the text of a
 * quoted scalar that ends in five or more CR LF breaks.  NULL when data
 * holds no CR. */
static char *breaks_as_lf(const char *data, size_t len, size_t *outlen)
{
	if (!memchr(data, '\r', len))
		return NULL;
	char *out = xmalloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] != '\r')
			out[n++] = data[i];
		else if (i + 1 == len || data[i + 1] != '\n')
			out[n++] = '\n';
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

static void parse_yaml(struct builder *b, const char *data, size_t len)
{
	size_t n = len;
	char *lf = breaks_as_lf(data, len, &n);
	b->data = lf ? lf : data;
	b->len = n;
	run_parser(b, b->data, n);
	b->data = data;
	free(lf);
}

static void builder_free(struct builder *b)
{
	while (b->depth) {
		struct frame *f = &b->stack[--b->depth];
		json_decref(f->node);
		free(f->key);
		free(f->anchor);
	}
	free(b->stack);
	for (size_t i = 0; i < b->nanchors; i++)
		free(b->anchors[i].name);
	free(b->anchors);
	json_decref(b->root);
}

struct yfile *yfile_parse(const char *display, const char *data, size_t len, unsigned flags)
{
	struct yfile *f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(display);
	srcmap_init(&f->map);
	struct builder b = {.f = f, .data = data, .flags = flags};
	if (check_text(&b, (const unsigned char *)data, len)) {
		if (len > LOAD_MAX_FLOW_KEY && looks_like_json(data, len))
			parse_json(&b, data, len);
		else if (!has_flow_content(data, len) || flow_guard(&b, data, len))
			parse_yaml(&b, data, len);
	}
	builder_free(&b);
	if (!b.failed && !f->ndocs && !(flags & LOAD_ALLOW_EMPTY)) {
		struct pos at = {.file = f->name};
		diag_error(&at, "file is empty (no YAML document)");
		b.failed = true;
	}
	if (b.failed) {
		yfile_free(f);
		return NULL;
	}
	return f;
}

struct yfile *yfile_load(const char *path, const char *display, unsigned flags)
{
	char *data;
	size_t len;
	if (!fs_read(path, display, FS_MAX_INPUT, &data, &len))
		return NULL;
	struct yfile *f = yfile_parse(display, data, len, flags);
	free(data);
	if (f)
		f->path = xstrdup(path);
	return f;
}

void yfile_free(struct yfile *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->ndocs; i++)
		json_decref(f->docs[i]);
	free(f->docs);
	free(f->doc_line);
	srcmap_free(&f->map);
	free(f->name);
	free(f->path);
	free(f);
}

bool yfile_pos(const struct yfile *f, const json_t *node, bool key, struct pos *out)
{
	struct srcpos p;
	if (!f || !srcmap_get(&f->map, node, &p))
		return false;
	out->file = f->name;
	out->path = NULL;
	if (key && p.kline) {
		out->line = p.kline;
		out->col = p.kcol;
	} else {
		out->line = p.line;
		out->col = p.col;
	}
	return true;
}

#include "config.h"
#include "emit.h"
#include "jsonutil.h"
#include "scalar.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* --- YAML ----------------------------------------------------------------
 *
 * crdc writes YAML itself: block style, keys sorted, two-space indentation,
 * sequences not indented under their key (as kubectl writes them), no line
 * folding.  libyaml's emitter was tried first; writing directly is several
 * times faster and gives exact control of the scalar styles, and every
 * document is still read back with libyaml (reread_check) before it is used. */

/* Decodes the UTF-8 character at s[i] (input is valid UTF-8: jansson checks). */
static unsigned utf8_at(const unsigned char *s, size_t n, size_t i, size_t *len)
{
	unsigned c = s[i];
	if (c < 0x80 || i + 1 >= n)
		return *len = 1, c;
	if ((c & 0xE0) == 0xC0)
		return *len = 2, ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
	if ((c & 0xF0) == 0xE0 && i + 2 < n)
		return *len = 3, ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
	if (i + 3 < n)
		return *len = 4, ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
					 (s[i + 3] & 0x3F);
	return *len = 1, c;
}

/* Characters YAML 1.1 does not allow raw, or that some readers take for line
 * breaks (NEL, LS, PS) or drop (BOM): these need double-quoted escapes. */
static bool must_escape(unsigned cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

enum style { PLAIN, SINGLE, DOUBLE, LITERAL };

/* One pass over a string: what its content allows. */
struct scan {
	bool escapes;		/* must be double-quoted */
	bool newline;
	bool tab;
	bool indicators;	/* ": " or " #" inside, or ends with ':' */
	bool space_before_newline;
};

/* Bytes that need a closer look while scanning: everything but ordinary
 * printable ASCII.  Most of what crdc writes is long descriptions, so the
 * common case must be a table lookup per byte. */
/* 1 for: C0 controls (\n and \t among them), ':', '#', DEL and every byte >= 0x80. */
static const unsigned char special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static struct scan scan_string(const char *s, size_t n)
{
	struct scan sc = {false, false, false, false, false};
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		while (i < n && !special[u[i]])
			i++;
		if (i == n)
			break;
		unsigned c = u[i];
		if (c >= 0x80) {
			size_t len;
			if (must_escape(utf8_at(u, n, i, &len)))
				sc.escapes = true;
			i += len;
			continue;
		}
		if (c == '\n') {
			sc.newline = true;
			if (i && (u[i - 1] == ' ' || u[i - 1] == '\t'))
				sc.space_before_newline = true;
		} else if (c == '\t') {
			sc.tab = true;
		} else if (must_escape(c)) {
			sc.escapes = true;
		} else if ((c == ':' && (i + 1 == n || u[i + 1] == ' ')) || (c == '#' && i && u[i - 1] == ' ')) {
			sc.indicators = true;
		}
		i++;
	}
	return sc;
}

/* Plain is allowed for a one-line string that both YAML 1.1 and 1.2 read as
 * that string and that YAML syntax cannot mistake: no indicator first, no
 * ": " or " #" inside, no white space at either end.  Quoting more than
 * strictly needed is harmless; quoting less is not. */
static bool plain_ok(const char *s, size_t n, const struct scan *sc)
{
	if (!n || sc->escapes || sc->newline || sc->tab || sc->indicators)
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]) || s[n - 1] == ' ')
		return false;
	if (n >= 3 && (!memcmp(s, "...", 3) || !memcmp(s, "---", 3)))
		return false;
	return scalar_plain_is_string(s, n);
}

/* A literal block (|, |-) is exact and readable for text with content on its
 * first line, no tabs, no line ending in a space, and at most one final
 * newline (|+ would need care at the end of a document). */
static bool literal_ok(const char *s, size_t n, const struct scan *sc)
{
	if (!sc->newline || sc->escapes || sc->tab || sc->space_before_newline)
		return false;
	if (s[0] == '\n' || s[0] == ' ' || s[n - 1] == ' ')
		return false;
	return !(n >= 2 && s[n - 1] == '\n' && s[n - 2] == '\n');
}

static enum style string_style(const char *s, size_t n, bool key)
{
	struct scan sc = scan_string(s, n);
	if (plain_ok(s, n, &sc))
		return PLAIN;
	if (sc.escapes || (sc.newline && (key || !literal_ok(s, n, &sc))))
		return DOUBLE;
	return sc.newline ? LITERAL : SINGLE;
}

static void put_indent(struct buf *b, unsigned n)
{
	static const char spaces[] = "                                                                ";
	while (n) {
		unsigned k = n < 64 ? n : 64;
		buf_add(b, spaces, k);
		n -= k;
	}
}

static void put_double(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	buf_addc(b, '"');
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		unsigned cp = u[i] < 0x80 ? u[i] : utf8_at(u, n, i, &len);
		switch (cp) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case 0x85: buf_add(b, "\\N", 2); break;
		case 0x2028: buf_add(b, "\\L", 2); break;
		case 0x2029: buf_add(b, "\\P", 2); break;
		default:
			if (must_escape(cp))
				buf_addf(b, cp < 0x100 ? "\\x%02X" : "\\u%04X", cp);
			else
				buf_add(b, s + i, len);
		}
		i += len;
	}
	buf_addc(b, '"');
}

static void put_single(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '\'');
	for (const char *q; n && (q = memchr(s, '\'', n));) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_addc(b, '\'');
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	buf_add(b, s, n);
	buf_addc(b, '\'');
}

/* Writes a literal block's header and its lines at `indent`. */
static void put_literal(struct buf *b, const char *s, size_t n, unsigned indent)
{
	bool final_newline = s[n - 1] == '\n';
	buf_adds(b, final_newline ? "|\n" : "|-\n");
	if (final_newline)
		n--;
	for (size_t i = 0; i <= n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;
		if (end > i) {
			put_indent(b, indent);
			buf_add(b, s + i, end - i);
		}
		buf_addc(b, '\n');
		i = end + 1;
	}
}

/* A scalar value after "key: " or "- "; ends the line.  Literal blocks put
 * their content at `indent`. */
static void put_string(struct buf *b, const char *s, size_t n, unsigned indent)
{
	switch (string_style(s, n, false)) {
	case PLAIN: buf_add(b, s, n); break;
	case SINGLE: put_single(b, s, n); break;
	case DOUBLE: put_double(b, s, n); break;
	case LITERAL: put_literal(b, s, n, indent); return;
	}
	buf_addc(b, '\n');
}

/* libyaml (kubectl's parser family) limits implicit keys to 1024 characters
 * as written, escapes and quotes included; longer keys are written
 * explicitly ("? key"). */
#define MAX_IMPLICIT_KEY 1000

static void put_key(struct buf *b, const char *k, size_t n)
{
	switch (string_style(k, n, true)) {
	case PLAIN: buf_add(b, k, n); break;
	case SINGLE: put_single(b, k, n); break;
	default: put_double(b, k, n); break;
	}
}

static void put_scalar(struct buf *b, const json_t *v, unsigned indent)
{
	char num[64];
	switch (json_typeof(v)) {
	case JSON_STRING: put_string(b, json_string_value(v), json_string_length(v), indent); return;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT "\n", json_integer_value(v));
		buf_adds(b, num);
		return;
	case JSON_REAL:
		scalar_format_real(json_real_value(v), num);
		buf_adds(b, num);
		buf_addc(b, '\n');
		return;
	case JSON_TRUE: buf_add(b, "true\n", 5); return;
	case JSON_FALSE: buf_add(b, "false\n", 6); return;
	case JSON_OBJECT: buf_add(b, "{}\n", 3); return;
	case JSON_ARRAY: buf_add(b, "[]\n", 3); return;
	default: buf_add(b, "null\n", 5); return;
	}
}

static bool is_block(const json_t *v)
{
	return (json_is_object(v) && json_object_size(v)) || (json_is_array(v) && json_array_size(v));
}

static void put_node(struct buf *b, const json_t *v, unsigned indent, bool inline_first);

/* The entries of a non-empty mapping, keys at `indent`; with inline_first
 * the first key continues the current line (after "- "). */
static void put_mapping(struct buf *b, const json_t *obj, unsigned indent, bool inline_first)
{
	size_t n;
	struct json_member *m = json_sorted_members(obj, &n);
	for (size_t i = 0; i < n; i++) {
		json_t *v = m[i].value;
		const char *key = m[i].key;
		size_t kl = strlen(key);
		if (i || !inline_first)
			put_indent(b, indent);
		size_t at = b->len;
		put_key(b, key, kl);
		/* Measured as written: "\n" and "\x01" escapes make a key longer. */
		bool explicit_key = b->len - at > MAX_IMPLICIT_KEY;
		if (explicit_key) {
			buf_truncate(b, at);
			buf_add(b, "? ", 2);
			put_key(b, key, kl);
			buf_addc(b, '\n');
			put_indent(b, indent);
		}
		buf_addc(b, ':');
		if (json_is_object(v) && json_object_size(v)) {
			buf_addc(b, '\n');
			put_mapping(b, v, indent + 2, false);
		} else if (json_is_array(v) && json_array_size(v)) {
			buf_addc(b, '\n');
			/* Under a key, a sequence's dashes sit at the key's column. */
			put_node(b, v, explicit_key ? indent + 2 : indent, false);
		} else {
			buf_addc(b, ' ');
			put_scalar(b, v, indent + 2);
		}
	}
	free(m);
}

/* A non-empty sequence, dashes at `indent`. */
static void put_sequence(struct buf *b, const json_t *arr, unsigned indent, bool inline_first)
{
	size_t i;
	json_t *v;
	json_array_foreach((json_t *)arr, i, v) {
		if (i || !inline_first)
			put_indent(b, indent);
		buf_add(b, "- ", 2);
		if (is_block(v))
			put_node(b, v, indent + 2, true);
		else
			put_scalar(b, v, indent + 2);
	}
}

static void put_node(struct buf *b, const json_t *v, unsigned indent, bool inline_first)
{
	if (json_is_object(v) && json_object_size(v))
		put_mapping(b, v, indent, inline_first);
	else if (json_is_array(v) && json_array_size(v))
		put_sequence(b, v, indent, inline_first);
	else
		put_scalar(b, v, indent);
}

bool emit_yaml(struct buf *out, const json_t *doc)
{
	/* A literal block's lines are indented even at the top level, where
	 * libyaml reads unindented lines as the next (invalid) token. */
	if (is_block(doc))
		put_node(out, doc, 0, false);
	else
		put_scalar(out, doc, 2);
	return true;
}

/* --- JSON ---------------------------------------------------------------- */

static void json_string_out(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		case '\f': buf_add(b, "\\f", 2); break;
		default:
			if (c < 0x20 || c == 0x7F)
				buf_addf(b, "\\u%04x", c);
			else
				buf_addc(b, (char)c);
		}
	}
	buf_addc(b, '"');
}

static void indent(struct buf *b, unsigned level)
{
	buf_addc(b, '\n');
	for (unsigned i = 0; i < level; i++)
		buf_add(b, "  ", 2);
}

static void json_node_out(struct buf *b, const json_t *v, unsigned level)
{
	char num[64];
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n;
		struct json_member *m = json_sorted_members(v, &n);
		if (!n) {
			buf_add(b, "{}", 2);
			free(m);
			return;
		}
		buf_addc(b, '{');
		for (size_t i = 0; i < n; i++) {
			indent(b, level + 1);
			json_string_out(b, m[i].key, strlen(m[i].key));
			buf_add(b, ": ", 2);
			json_node_out(b, m[i].value, level + 1);
			if (i + 1 < n)
				buf_addc(b, ',');
		}
		indent(b, level);
		buf_addc(b, '}');
		free(m);
		return;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		if (!n) {
			buf_add(b, "[]", 2);
			return;
		}
		buf_addc(b, '[');
		for (size_t i = 0; i < n; i++) {
			indent(b, level + 1);
			json_node_out(b, json_array_get(v, i), level + 1);
			if (i + 1 < n)
				buf_addc(b, ',');
		}
		indent(b, level);
		buf_addc(b, ']');
		return;
	}
	case JSON_STRING: json_string_out(b, json_string_value(v), json_string_length(v)); return;
	case JSON_INTEGER: buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); return;
	case JSON_REAL:
		scalar_format_real(json_real_value(v), num);
		buf_adds(b, num);
		return;
	case JSON_TRUE: buf_add(b, "true", 4); return;
	case JSON_FALSE: buf_add(b, "false", 5); return;
	default: buf_add(b, "null", 4); return;
	}
}

bool emit_json(struct buf *out, const json_t *doc)
{
	json_node_out(out, doc, 0);
	buf_addc(out, '\n');
	return true;
}

/* --- re-reading as YAML 1.1 ---------------------------------------------- */

struct rframe {
	json_t *node;
	char *key;
};

static json_t *plain11(const char *s, size_t n, bool *ok)
{
	struct scalar_val v;
	*ok = true;
	switch (yaml11_resolve(s, n, &v)) {
	case SK_NULL: return json_null();
	case SK_BOOL: return json_boolean(v.b);
	case SK_INT: return json_integer(v.i);
	case SK_FLOAT: return json_real(v.d);
	case SK_STRING: return json_stringn(s, n);
	default: *ok = false; return NULL;	/* a timestamp, .inf, `<<`: not what crdc meant */
	}
}

json_t *reread_yaml(const char *text, size_t len, struct buf *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	if (!yaml_parser_initialize(&p)) {
		buf_adds(err, "cannot initialise libyaml");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	struct rframe *stack = NULL;
	size_t depth = 0, cap = 0;
	json_t *root = NULL;
	bool done = false, failed = false;
	while (!done && !failed) {
		if (!yaml_parser_parse(&p, &ev)) {
			buf_addf(err, "libyaml: %s at line %zu", p.problem ? p.problem : "parse error",
				 p.problem_mark.line + 1);
			failed = true;
			break;
		}
		json_t *node = NULL;
		bool is_start = false;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT: done = true; break;
		case YAML_ALIAS_EVENT:
			buf_adds(err, "unexpected alias");
			failed = true;
			break;
		case YAML_SCALAR_EVENT: {
			const char *s = (const char *)ev.data.scalar.value;
			size_t n = ev.data.scalar.length;
			if (ev.data.scalar.tag) {
				buf_addf(err, "unexpected tag at line %zu", ev.start_mark.line + 1);
				failed = true;
				break;
			}
			bool plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if (depth && json_is_object(stack[depth - 1].node) && !stack[depth - 1].key) {
				struct scalar_val v;
				if (plain && yaml11_resolve(s, n, &v) != SK_STRING) {
					buf_addf(err, "key '%.*s' at line %zu does not read back as a string", (int)n, s,
						 ev.start_mark.line + 1);
					failed = true;
				} else {
					stack[depth - 1].key = xstrndup(s, n);
				}
				break;
			}
			bool ok = true;
			node = plain ? plain11(s, n, &ok) : json_stringn(s, n);
			if (!ok || !node) {
				buf_addf(err, "scalar '%.*s' at line %zu does not read back as what was meant", (int)n, s,
					 ev.start_mark.line + 1);
				failed = true;
			}
			break;
		}
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			node = ev.type == YAML_MAPPING_START_EVENT ? json_object() : json_array();
			is_start = true;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			node = stack[--depth].node;
			free(stack[depth].key);
			break;
		default: break;
		}
		yaml_event_delete(&ev);
		if (failed || !node)
			continue;
		if (is_start) {
			if (depth == cap)
				stack = xrealloc(stack, (cap = cap ? cap * 2 : 32) * sizeof(*stack));
			stack[depth++] = (struct rframe){node, NULL};
			continue;
		}
		if (!depth) {
			json_decref(root);
			root = node;
		} else if (json_is_array(stack[depth - 1].node)) {
			json_array_append_new(stack[depth - 1].node, node);
		} else {
			struct rframe *f = &stack[depth - 1];
			if (json_object_get(f->node, f->key)) {
				buf_addf(err, "duplicate key '%s'", f->key);
				failed = true;
				json_decref(node);
			} else {
				json_object_set_new(f->node, f->key, node);
			}
			free(f->key);
			f->key = NULL;
		}
	}
	while (depth) {
		json_decref(stack[--depth].node);
		free(stack[depth].key);
	}
	free(stack);
	yaml_parser_delete(&p);
	if (failed) {
		json_decref(root);
		return NULL;
	}
	return root ? root : json_null();
}

/* Streaming comparison: walks libyaml's events alongside the expected tree
 * (keys in sorted order, as the emitter writes them) without building a
 * second tree. */
struct matcher {
	yaml_parser_t p;
	yaml_event_t ev;
	bool have;		/* ev holds an event not yet consumed */
	struct buf *why;
	struct buf path;
	bool failed;
};

static bool next_event(struct matcher *m)
{
	if (m->have)
		yaml_event_delete(&m->ev);
	m->have = false;
	if (!yaml_parser_parse(&m->p, &m->ev)) {
		buf_addf(m->why, "libyaml: %s at line %zu", m->p.problem ? m->p.problem : "parse error",
			 m->p.problem_mark.line + 1);
		m->failed = true;
		return false;
	}
	m->have = true;
	return true;
}

static bool mismatch(struct matcher *m, const char *what)
{
	if (!m->failed)
		buf_addf(m->why, "%s at '%s' (line %zu)", what, m->path.len ? m->path.p : "/",
			 m->ev.start_mark.line + 1);
	m->failed = true;
	return false;
}

/* Whether the scalar event means exactly v, as a YAML 1.1 reader types it. */
static bool scalar_is(const yaml_event_t *ev, const json_t *v)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	if (ev->data.scalar.tag)
		return false;
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return json_is_string(v) && json_string_length(v) == n && !memcmp(json_string_value(v), s, n);
	struct scalar_val sv;
	switch (yaml11_resolve(s, n, &sv)) {
	case SK_NULL: return json_is_null(v);
	case SK_BOOL: return json_is_boolean(v) && json_is_true(v) == sv.b;
	case SK_INT: return json_is_integer(v) && json_integer_value(v) == sv.i;
	case SK_FLOAT: return json_is_real(v) && json_real_value(v) == sv.d;
	case SK_STRING:
		return json_is_string(v) && json_string_length(v) == n && !memcmp(json_string_value(v), s, n);
	default: return false;	/* a timestamp, .inf, `<<`: never what crdc meant */
	}
}

/* Whether a key event reads back as the string key. */
static bool key_is(const yaml_event_t *ev, const char *key)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	struct scalar_val sv;
	if (ev->data.scalar.tag || strlen(key) != n || memcmp(key, s, n) != 0)
		return false;
	return ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || yaml11_resolve(s, n, &sv) == SK_STRING;
}

static bool match_node(struct matcher *m, const json_t *v);

static bool match_mapping(struct matcher *m, const json_t *obj)
{
	size_t n;
	struct json_member *mem = json_sorted_members(obj, &n);
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		size_t mark = m->path.len;
		ptr_append(&m->path, mem[i].key);
		ok = next_event(m) && (m->ev.type == YAML_SCALAR_EVENT || mismatch(m, "expected a key")) &&
		     (key_is(&m->ev, mem[i].key) || mismatch(m, "a key reads back differently")) &&
		     match_node(m, mem[i].value);
		if (ok)
			buf_truncate(&m->path, mark);
	}
	free(mem);
	return ok && next_event(m) && (m->ev.type == YAML_MAPPING_END_EVENT || mismatch(m, "an extra key"));
}

static bool match_sequence(struct matcher *m, const json_t *arr)
{
	size_t i;
	json_t *item;
	json_array_foreach((json_t *)arr, i, item) {
		size_t mark = m->path.len;
		ptr_append_index(&m->path, i);
		if (!match_node(m, item))
			return false;
		buf_truncate(&m->path, mark);
	}
	return next_event(m) && (m->ev.type == YAML_SEQUENCE_END_EVENT || mismatch(m, "an extra item"));
}

static bool match_node(struct matcher *m, const json_t *v)
{
	if (!next_event(m))
		return false;
	switch (m->ev.type) {
	case YAML_MAPPING_START_EVENT:
		return (json_is_object(v) || mismatch(m, "a mapping where another value was meant")) &&
		       match_mapping(m, v);
	case YAML_SEQUENCE_START_EVENT:
		return (json_is_array(v) || mismatch(m, "a sequence where another value was meant")) &&
		       match_sequence(m, v);
	case YAML_SCALAR_EVENT:
		/* An empty {} or [] is written in flow style: still a collection. */
		return scalar_is(&m->ev, v) || mismatch(m, "the value reads back differently");
	default: return mismatch(m, "unexpected YAML event");
	}
}

bool reread_check(const char *text, size_t len, const json_t *expect, struct buf *why)
{
	struct matcher m = {.why = why, .path = BUF_INIT};
	if (!yaml_parser_initialize(&m.p)) {
		buf_adds(why, "cannot initialise libyaml");
		return false;
	}
	yaml_parser_set_input_string(&m.p, (const unsigned char *)text, len);
	bool ok = next_event(&m) && m.ev.type == YAML_STREAM_START_EVENT && next_event(&m) &&
		  (m.ev.type == YAML_DOCUMENT_START_EVENT || mismatch(&m, "no document")) && match_node(&m, expect) &&
		  next_event(&m) && (m.ev.type == YAML_DOCUMENT_END_EVENT || mismatch(&m, "more than one value")) &&
		  next_event(&m) && (m.ev.type == YAML_STREAM_END_EVENT || mismatch(&m, "more than one document"));
	if (m.have)
		yaml_event_delete(&m.ev);
	yaml_parser_delete(&m.p);
	buf_free(&m.path);
	return ok;
}

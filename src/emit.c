#include "config.h"
#include "emit.h"
#include "jsonutil.h"
#include "scalar.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* --- YAML ---------------------------------------------------------------- */

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, buffer, size);
	return 1;
}

/* Characters that some YAML readers take as line breaks or drop (NEL, LS,
 * PS, BOM) and control characters: only double quotes, where libyaml
 * escapes them, are read back the same everywhere. */
static bool needs_escapes(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if ((u[i] < 0x20 && u[i] != '\n' && u[i] != '\t') || u[i] == 0x7F)
			return true;
		if (u[i] == 0xC2 && i + 1 < n && u[i + 1] == 0x85)
			return true;
		if (u[i] == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9))
			return true;
		if (u[i] == 0xEF && i + 2 < n && u[i + 1] == 0xBB && u[i + 2] == 0xBF)
			return true;
	}
	return false;
}

/* A literal block is exact and readable for text with content on its first
 * line, no line ending in a space or tab (block scalars keep them, but many
 * editors do not), no tabs, and at most one final newline (keep-chomping
 * makes libyaml end the document with "..."). */
static bool literal_ok(const char *s, size_t n)
{
	if (!n || s[0] == '\n' || s[0] == ' ')
		return false;
	if (n >= 2 && s[n - 1] == '\n' && s[n - 2] == '\n')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\t')
			return false;
		if (s[i] == '\n' && i > 0 && s[i - 1] == ' ')
			return false;
	}
	return s[n - 1] != ' ';
}

static yaml_scalar_style_t string_style(const char *s, size_t n)
{
	if (needs_escapes(s, n))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (memchr(s, '\n', n))
		return literal_ok(s, n) ? YAML_LITERAL_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (!scalar_plain_is_string(s, n))
		return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	/* libyaml falls back to quotes when YAML syntax needs them. */
	return YAML_PLAIN_SCALAR_STYLE;
}

static bool emit_scalar(yaml_emitter_t *em, const char *s, size_t n, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style))
		return false;
	return yaml_emitter_emit(em, &ev);
}

static bool emit_node(yaml_emitter_t *em, const json_t *v)
{
	yaml_event_t ev;
	char num[64];
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return false;
		size_t n;
		const char **keys = json_sorted_keys(v, &n);
		bool ok = true;
		for (size_t i = 0; ok && i < n; i++) {
			size_t kl = strlen(keys[i]);
			ok = emit_scalar(em, keys[i], kl, string_style(keys[i], kl)) &&
			     emit_node(em, json_object_get(v, keys[i]));
		}
		free(keys);
		return ok && yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	}
	case JSON_ARRAY: {
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return false;
		size_t i;
		json_t *item;
		json_array_foreach((json_t *)v, i, item)
			if (!emit_node(em, item))
				return false;
		return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	}
	case JSON_STRING: {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		return emit_scalar(em, s, n, string_style(s, n));
	}
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return emit_scalar(em, num, strlen(num), YAML_PLAIN_SCALAR_STYLE);
	case JSON_REAL:
		scalar_format_real(json_real_value(v), num);
		return emit_scalar(em, num, strlen(num), YAML_PLAIN_SCALAR_STYLE);
	case JSON_TRUE: return emit_scalar(em, "true", 4, YAML_PLAIN_SCALAR_STYLE);
	case JSON_FALSE: return emit_scalar(em, "false", 5, YAML_PLAIN_SCALAR_STYLE);
	default: return emit_scalar(em, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	}
}

bool emit_yaml(struct buf *out, const json_t *doc)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	if (!yaml_emitter_initialize(&em))
		return false;
	yaml_emitter_set_output(&em, write_handler, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);
	bool ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && yaml_emitter_emit(&em, &ev) &&
		  yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && yaml_emitter_emit(&em, &ev) &&
		  emit_node(&em, doc) && yaml_document_end_event_initialize(&ev, 1) &&
		  yaml_emitter_emit(&em, &ev) && yaml_stream_end_event_initialize(&ev) &&
		  yaml_emitter_emit(&em, &ev) && yaml_emitter_flush(&em);
	yaml_emitter_delete(&em);
	return ok;
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
		const char **keys = json_sorted_keys(v, &n);
		if (!n) {
			buf_add(b, "{}", 2);
			free(keys);
			return;
		}
		buf_addc(b, '{');
		for (size_t i = 0; i < n; i++) {
			indent(b, level + 1);
			json_string_out(b, keys[i], strlen(keys[i]));
			buf_add(b, ": ", 2);
			json_node_out(b, json_object_get(v, keys[i]), level + 1);
			if (i + 1 < n)
				buf_addc(b, ',');
		}
		indent(b, level);
		buf_addc(b, '}');
		free(keys);
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

bool reread_check(const char *text, size_t len, const json_t *expect, struct buf *why)
{
	json_t *back = reread_yaml(text, len, why);
	if (!back)
		return false;
	struct buf path = BUF_INIT;
	bool same = json_same(expect, back, &path);
	if (!same)
		buf_addf(why, "the value at '%s' reads back differently", path.len ? path.p : "/");
	buf_free(&path);
	json_decref(back);
	return same;
}

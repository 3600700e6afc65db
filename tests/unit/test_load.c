/* The YAML loader: values, positions, and everything it refuses. */
#include "unit.h"
#include "load.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct yfile *parse(const char *text, unsigned flags)
{
	return yfile_parse("t.yaml", text, strlen(text), flags);
}

static void values_yaml12(void **state)
{
	(void)state;
	struct yfile *f = parse("a: on\nb: 8786\nc: '8786'\nd: ~\ne: 1.5\nf: true\ng: !!str 12\nh: \"x\\ty\"\n", 0);
	assert_non_null(f);
	json_t *d = f->docs[0];
	assert_string_equal(json_string_value(json_object_get(d, "a")), "on");
	assert_int_equal(json_integer_value(json_object_get(d, "b")), 8786);
	assert_string_equal(json_string_value(json_object_get(d, "c")), "8786");
	assert_true(json_is_null(json_object_get(d, "d")));
	assert_true(json_real_value(json_object_get(d, "e")) == 1.5);
	assert_true(json_is_true(json_object_get(d, "f")));
	assert_string_equal(json_string_value(json_object_get(d, "g")), "12");
	assert_string_equal(json_string_value(json_object_get(d, "h")), "x\ty");
	yfile_free(f);
}

static void yaml11_directive(void **state)
{
	(void)state;
	struct yfile *f = parse("%YAML 1.1\n---\na: yes\n", 0);
	assert_non_null(f);
	assert_true(json_is_true(json_object_get(f->docs[0], "a")));
	yfile_free(f);
}

/* libfyaml 0.7.12 garbles single-quoted scalars with two adjacent escaped
 * quotes; the loader unescapes those itself, folding lines as YAML does. */
static void single_quote_pairs(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"k: 'a''''b'\n", "a''b"},
		{"k: ''''''\n", "''"},
		{"k: 'x'''' '''' y'\n", "x'' '' y"},
		{"k: 'a''''\n  b\n\n   c  \n  d '\n", "a'' b\nc d "},
		{"k: 'a''b'\n", "a'b"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct yfile *f = parse(cases[i][0], 0);
		assert_non_null(f);
		assert_string_equal(json_string_value(json_object_get(f->docs[0], "k")), cases[i][1]);
		yfile_free(f);
	}
	struct yfile *f = parse("'a''''b': 1\n", 0);
	assert_non_null(f);
	assert_non_null(json_object_get(f->docs[0], "a''b"));
	yfile_free(f);
}

/* Found by fuzz_emit: libfyaml 0.7.12 leaks the text of a quoted scalar
 * that ends in five or more CR LF breaks (ASan and valgrind runs of this
 * test catch the leak).  The loader hands it the text with every break
 * written LF, which YAML reads the same: same values, same positions. */
static void line_breaks(void **state)
{
	(void)state;
	static const char *const crlf[] = {
		"description: \"A widget.\r\n\r\n\r\n\r\n\r\n  \"\r\nname: 'x\r\n\r\n\r\n\r\n\r\n  '\r\nz: |\r\n  a\r\r\n",
		"description: \"A widget.\n\n\n\n\n  \"\nname: 'x\n\n\n\n\n  '\nz: |\n  a\n\n",
		"description: \"A widget.\r\r\r\r\r  \"\rname: 'x\r\r\r\r\r  '\rz: |\r  a\r\r",
	};
	json_t *want = json_pack("{s:s, s:s, s:s}", "description", "A widget.\n\n\n\n", "name", "x\n\n\n\n",
				 "z", "a\n");
	for (size_t i = 0; i < sizeof(crlf) / sizeof(crlf[0]); i++) {
		struct yfile *f = parse(crlf[i], 0);
		assert_non_null(f);
		assert_true(json_equal(f->docs[0], want));
		struct pos p;
		assert_true(yfile_pos(f, json_object_get(f->docs[0], "z"), true, &p));
		assert_int_equal(p.line, 13);
		assert_int_equal(p.col, 1);
		yfile_free(f);
	}
	json_decref(want);
}

static void positions(void **state)
{
	(void)state;
	struct yfile *f = parse("spec:\n  names:\n    kind: Foo\n  list:\n  - x\n", 0);
	assert_non_null(f);
	json_t *spec = json_object_get(f->docs[0], "spec");
	json_t *kind = json_object_get(json_object_get(spec, "names"), "kind");
	struct pos p;
	assert_true(yfile_pos(f, kind, false, &p));
	assert_int_equal(p.line, 3);
	assert_int_equal(p.col, 11);
	assert_true(yfile_pos(f, kind, true, &p));
	assert_int_equal(p.line, 3);
	assert_int_equal(p.col, 5);
	json_t *x = json_array_get(json_object_get(spec, "list"), 0);
	assert_true(yfile_pos(f, x, false, &p));
	assert_int_equal(p.line, 5);
	assert_int_equal(p.col, 5);
	yfile_free(f);
}

static void aliases_copied(void **state)
{
	(void)state;
	struct yfile *f = parse("a: &x {k: [1, 2]}\nb: *x\n", 0);
	assert_non_null(f);
	json_t *a = json_object_get(f->docs[0], "a"), *b = json_object_get(f->docs[0], "b");
	assert_true(json_equal(a, b));
	assert_ptr_not_equal(a, b);
	yfile_free(f);
}

static void documents(void **state)
{
	(void)state;
	assert_null(parse("a: 1\n---\nb: 2\n", 0));
	struct yfile *f = parse("a: 1\n---\nb: 2\n---\n", LOAD_MULTI);
	assert_non_null(f);
	assert_int_equal(f->ndocs, 2);
	assert_int_equal(f->doc_line[1], 2);
	yfile_free(f);
	/* An empty trailing document is not a second document. */
	f = parse("a: 1\n---\n", 0);
	assert_non_null(f);
	yfile_free(f);
	assert_null(parse("", 0));
	assert_null(parse("# only a comment\n", 0));
	f = parse("", LOAD_ALLOW_EMPTY);
	assert_non_null(f);
	assert_int_equal(f->ndocs, 0);
	yfile_free(f);
}

static void refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"a: 1\na: 2\n",				/* duplicate key */
		"a: [1\n",				/* syntax */
		"\xef\xbb\xbf" "a: 1\n",		/* byte-order mark */
		"a: \xff\n",				/* not UTF-8 */
		"a: \xc0\xaf\n",			/* overlong UTF-8 */
		"a: \x01\n",				/* control character */
		"<<: {a: 1}\n",				/* merge key */
		"a: !!binary aGk=\n",			/* binary tag */
		"a: !custom x\n",			/* custom tag */
		"a: !!int x\n",				/* tag that does not fit */
		"a: .inf\n",				/* not JSON */
		"a: 123456789012345678901234567890\n",	/* out of range */
		"a: *nothing\n",			/* unknown alias */
		"a: \"\\0\"\n",				/* NUL */
		"? [a]\n: 1\n",				/* complex key */
		"a: &x [*x]\n",				/* alias inside its own anchor */
		NULL,
	};
	for (const char *const *b = bad; *b; b++)
		if (parse(*b, 0))
			fail_msg("accepted: %s", *b);
}

static void alias_bomb(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 10; i++)
		buf_addf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i - 1,
			 i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	assert_null(yfile_parse("bomb.yaml", b.p, b.len, 0));
	buf_free(&b);
}

static void deep_nesting(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, ']');
	assert_null(yfile_parse("deep.yaml", b.p, b.len, 0));
	buf_free(&b);
	/* Well below the limit is fine. */
	for (int i = 0; i < 100; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < 100; i++)
		buf_addc(&b, ']');
	struct yfile *f = yfile_parse("ok.yaml", b.p, b.len, 0);
	assert_non_null(f);
	yfile_free(f);
	buf_free(&b);
}

/* Found by fuzz_validate: libfyaml 0.7.12 leaks (ASan and valgrind runs of
 * this test catch it) or misreads block scalars of only spaces at the end
 * of a file, and block scalars in column 0 that are whole documents. */
static void block_scalars(void **state)
{
	(void)state;
	static const char *const ok[][2] = {
		{"k: |\n", ""},
		{"k: |\n  ", ""},
		{"k: >\n ", ""},
		{"k: |-\n   \n", ""},
		{"k: |+\n  \n  \n", "\n\n"},
		{"k: |+\n", ""},
		{"k: |2\n\n", ""},
		{"k: |\n    \ny: 1\n", ""},
		{"k: |\n  a\n  b\n", "a\nb\n"},
		{"k: >\n  a\n  b\n\n  c\n", "a b\nc\n"},
		{"\"a|\": | # x|\n  \n", ""},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct yfile *f = parse(ok[i][0], 0);
		if (!f)
			fail_msg("refused: %s", ok[i][0]);
		json_t *v = json_object_get(f->docs[0], strncmp(ok[i][0], "\"a|\"", 4) ? "k" : "a|");
		if (!json_is_string(v) || strcmp(json_string_value(v), ok[i][1]))
			fail_msg("%s: read as %s", ok[i][0], json_is_string(v) ? json_string_value(v) : "(not a string)");
		yfile_free(f);
	}
	static const char *const refused[] = {
		"k: |2\n   \n", "a:\n  k: |1\n    \n", "k: |2-\n   \n",
		"---\n|\n1\n\n\n\n\n\n \nx", "--- |\n1\n\n\n\n\n\n \nx\n",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (parse(refused[i], LOAD_MULTI))
			fail_msg("accepted: %s", refused[i]);
	/* Found by fuzz_validate: the text need not end in a NUL (ASan and
	 * valgrind runs of this test catch a read past it). */
	static const char *const unterminated[] = {">", "k: |\n  ", "k: |2\n   \n"};
	for (size_t i = 0; i < sizeof(unterminated) / sizeof(unterminated[0]); i++) {
		size_t n = strlen(unterminated[i]);
		char *exact = xmalloc(n);
		memcpy(exact, unterminated[i], n);
		yfile_free(yfile_parse("t.yaml", exact, n, LOAD_MULTI | LOAD_ALLOW_EMPTY));
		free(exact);
	}
	/* An indented document that is a block scalar is read. */
	struct yfile *f = parse("--- |\n  a\n\n\n\n\n\n   \n  x\n", 0);
	assert_non_null(f);
	assert_string_equal(json_string_value(f->docs[0]), "a\n\n\n\n\n\n \nx\n");
	yfile_free(f);
}

/* json_text_nodes() counts from the text what the tree holds. */
static size_t tree_nodes(const json_t *v, unsigned depth, unsigned *max_depth)
{
	size_t n = 1;
	const char *k;
	json_t *c;
	size_t i;
	if ((json_is_object(v) || json_is_array(v)) && depth + 1 > *max_depth)
		*max_depth = depth + 1;
	if (json_is_object(v))
		json_object_foreach((json_t *)v, k, c)
			n += tree_nodes(c, depth + 1, max_depth);
	else if (json_is_array(v))
		json_array_foreach(v, i, c)
			n += tree_nodes(c, depth + 1, max_depth);
	return n;
}

static void json_text_count(void **state)
{
	(void)state;
	static const char *const docs[] = {
		"1", "\"s\"", "[]", "{}", "[[]]", "[{}, []]", " [ 1 , 2 ,3 ] ",
		"{\"a\": 1, \"b\": [true, false, null]}",
		"[\"a,[{\\\"}\", \"]\", \"\\\\\", \"{\\\\\\\"\", \",,\"]",
		"{\"k,\": [1, \"x]\"], \"e\": {}, \"n\": {\"m\": [[], [[]], {}]}}",
		"\r\n{\r\n\t\"a\" :\n[ 1.5e3 ,-0 ]\r\n}\n",
		"[\"\\u005d\", \"\\/\", \"\\t[\"]",
	};
	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		json_error_t je;
		json_t *v = json_loads(docs[d], JSON_DECODE_ANY, &je);
		assert_non_null(v);
		unsigned want_depth = 0, got_depth;
		size_t want = tree_nodes(v, 0, &want_depth);
		size_t got = json_text_nodes(docs[d], strlen(docs[d]), 1000, &got_depth);
		if (got != want || got_depth != want_depth)
			fail_msg("%s: %zu nodes, depth %u; the tree has %zu, depth %u", docs[d], got, got_depth, want,
				 want_depth);
		json_decref(v);
	}
	/* Counting stops just past the limit. */
	unsigned depth;
	assert_int_equal(json_text_nodes("[1, 2, 3, 4, 5]", 15, 3, &depth), 4);
}

/* JSON over 64 KiB goes to jansson, after its nodes and depth are counted
 * from the text (so an oversized document is refused before it is built).
 * The count must match the tree's exactly: strings holding brackets,
 * commas and escaped quotes, and empty collections, are counted right. */
static struct yfile *json_with_nodes(size_t want)
{
	static const struct {
		const char *text;
		size_t nodes;
	} parts[] = {
		{"\"a,[{\\\"}\"", 1},
		{"[]", 1},
		{"{}", 1},
		{"{\"k,\": [1, \"x]\"], \"e\": {}}", 5},
		{"[[[]], 2]", 4},
	};
	struct buf b = BUF_INIT;
	size_t nodes = 1, i = 0;
	buf_addc(&b, '[');
	while (nodes < want) {
		size_t k = i++ % 5;
		if (nodes + parts[k].nodes > want)
			k = 0;
		if (b.len > 1)
			buf_adds(&b, ", ");
		buf_adds(&b, parts[k].text);
		nodes += parts[k].nodes;
	}
	buf_adds(&b, "]\n");
	struct yfile *f = yfile_parse("big.json", b.p, b.len, 0);
	buf_free(&b);
	return f;
}

static void json_limits(void **state)
{
	(void)state;
	struct yfile *f = json_with_nodes(LOAD_MAX_NODES);
	assert_non_null(f);
	yfile_free(f);
	assert_null(json_with_nodes(LOAD_MAX_NODES + 1));
	/* Depth: 512 levels below the root, the innermost one empty, is the most. */
	for (int depth = LOAD_MAX_DEPTH + 1; depth <= LOAD_MAX_DEPTH + 2; depth++) {
		struct buf b = BUF_INIT;
		for (int i = 0; i < depth; i++)
			buf_addc(&b, '[');
		for (int i = 0; i < depth; i++)
			buf_addc(&b, ']');
		for (int i = 0; i < 70000; i++)
			buf_addc(&b, ' ');
		f = yfile_parse("deep.json", b.p, b.len, 0);
		if (depth == LOAD_MAX_DEPTH + 1)
			assert_non_null(f);
		else
			assert_null(f);
		yfile_free(f);
		buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_yaml12),
		cmocka_unit_test(yaml11_directive),
		cmocka_unit_test(single_quote_pairs),
		cmocka_unit_test(line_breaks),
		cmocka_unit_test(positions),
		cmocka_unit_test(aliases_copied),
		cmocka_unit_test(documents),
		cmocka_unit_test(refused),
		cmocka_unit_test(alias_bomb),
		cmocka_unit_test(deep_nesting),
		cmocka_unit_test(block_scalars),
		cmocka_unit_test(json_text_count),
		cmocka_unit_test(json_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

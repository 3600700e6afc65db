/* JSON Pointer, Merge Patch (RFC 7386) and JSON Patch (RFC 6902). */
#include "unit.h"
#include "jsonutil.h"

#include <stdlib.h>
#include <string.h>

static json_t *J(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &e);
	if (!v)
		fail_msg("bad test JSON: %s: %s", text, e.text);
	return v;
}

static void pointers(void **state)
{
	(void)state;
	json_t *doc = J("{\"foo\": [\"bar\", \"baz\"], \"\": 0, \"a/b\": 1, \"m~n\": 8, \" \": 7}");
	assert_ptr_equal(ptr_get(doc, ""), doc);
	assert_string_equal(json_string_value(ptr_get(doc, "/foo/0")), "bar");
	assert_int_equal(json_integer_value(ptr_get(doc, "/")), 0);
	assert_int_equal(json_integer_value(ptr_get(doc, "/a~1b")), 1);
	assert_int_equal(json_integer_value(ptr_get(doc, "/m~0n")), 8);
	assert_int_equal(json_integer_value(ptr_get(doc, "/ ")), 7);
	assert_null(ptr_get(doc, "/foo/01"));
	assert_null(ptr_get(doc, "/foo/-"));
	assert_null(ptr_get(doc, "/foo/2"));
	assert_null(ptr_get(doc, "foo"));
	assert_null(ptr_get(doc, "/m~2n"));
	struct buf b = BUF_INIT;
	ptr_append(&b, "a/b~c");
	assert_string_equal(b.p, "/a~1b~0c");
	buf_free(&b);
	json_decref(doc);
}

static void merge_rfc7386(void **state)
{
	(void)state;
	/* The examples of RFC 7386, appendix A. */
	static const char *const cases[][3] = {
		{"{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
		{"{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"},
		{"{\"a\":\"b\"}", "{\"a\":null}", "{}"},
		{"{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"},
		{"{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
		{"{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}"},
		{"{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"},
		{"{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"},
		{"[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]"},
		{"{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]"},
		{"{\"a\":\"foo\"}", "null", "null"},
		{"{\"a\":\"foo\"}", "\"bar\"", "\"bar\""},
		{"{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"},
		{"[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}"},
		{"{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *patch = J(cases[i][1]), *want = J(cases[i][2]);
		json_t *got = merge_patch_new(J(cases[i][0]), patch);
		if (!json_equal(got, want))
			fail_msg("merge case %zu: got %s", i, json_dumps(got, JSON_ENCODE_ANY));
		json_decref(got);
		json_decref(patch);
		json_decref(want);
	}
}

static void patch_ok(const char *doc, const char *patch, const char *want)
{
	json_t *d = J(doc), *p = J(patch), *w = J(want);
	size_t op;
	struct buf msg = BUF_INIT;
	if (!json_patch_apply(&d, p, &op, &msg))
		fail_msg("patch %s failed at %zu: %s", patch, op, msg.p);
	if (!json_equal(d, w))
		fail_msg("patch %s gave %s", patch, json_dumps(d, JSON_ENCODE_ANY));
	buf_free(&msg);
	json_decref(d);
	json_decref(p);
	json_decref(w);
}

static void patch_fails(const char *doc, const char *patch, size_t want_op)
{
	json_t *d = J(doc), *p = J(patch);
	size_t op = 99;
	struct buf msg = BUF_INIT;
	if (json_patch_apply(&d, p, &op, &msg))
		fail_msg("patch %s should fail", patch);
	assert_int_equal(op, want_op);
	assert_true(msg.len > 0);
	buf_free(&msg);
	json_decref(d);
	json_decref(p);
}

static void patch_rfc6902(void **state)
{
	(void)state;
	/* RFC 6902, appendix A. */
	patch_ok("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\"}]",
		 "{\"baz\":\"qux\",\"foo\":\"bar\"}");
	patch_ok("{\"foo\":[\"bar\",\"baz\"]}", "[{\"op\":\"add\",\"path\":\"/foo/1\",\"value\":\"qux\"}]",
		 "{\"foo\":[\"bar\",\"qux\",\"baz\"]}");
	patch_ok("{\"baz\":\"qux\",\"foo\":\"bar\"}", "[{\"op\":\"remove\",\"path\":\"/baz\"}]", "{\"foo\":\"bar\"}");
	patch_ok("{\"foo\":[\"bar\",\"qux\",\"baz\"]}", "[{\"op\":\"remove\",\"path\":\"/foo/1\"}]",
		 "{\"foo\":[\"bar\",\"baz\"]}");
	patch_ok("{\"baz\":\"qux\",\"foo\":\"bar\"}", "[{\"op\":\"replace\",\"path\":\"/baz\",\"value\":\"boo\"}]",
		 "{\"baz\":\"boo\",\"foo\":\"bar\"}");
	patch_ok("{\"foo\":{\"bar\":\"baz\",\"waldo\":\"fred\"},\"qux\":{\"corge\":\"grault\"}}",
		 "[{\"op\":\"move\",\"from\":\"/foo/waldo\",\"path\":\"/qux/thud\"}]",
		 "{\"foo\":{\"bar\":\"baz\"},\"qux\":{\"corge\":\"grault\",\"thud\":\"fred\"}}");
	patch_ok("{\"foo\":[\"all\",\"grass\",\"cows\",\"eat\"]}", "[{\"op\":\"move\",\"from\":\"/foo/1\",\"path\":\"/foo/3\"}]",
		 "{\"foo\":[\"all\",\"cows\",\"eat\",\"grass\"]}");
	patch_ok("{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}",
		 "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},{\"op\":\"test\",\"path\":\"/foo/1\",\"value\":2}]",
		 "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}");
	patch_fails("{\"baz\":\"qux\"}", "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]", 0);
	patch_ok("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/child\",\"value\":{\"grandchild\":{}}}]",
		 "{\"foo\":\"bar\",\"child\":{\"grandchild\":{}}}");
	patch_fails("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz/bat\",\"value\":\"qux\"}]", 0);
	patch_ok("{\"/\":9,\"~1\":10}", "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":10}]", "{\"/\":9,\"~1\":10}");
	patch_ok("{\"foo\":[\"bar\"]}", "[{\"op\":\"add\",\"path\":\"/foo/-\",\"value\":[\"abc\",\"def\"]}]",
		 "{\"foo\":[\"bar\",[\"abc\",\"def\"]]}");
	patch_ok("{\"a\":1}", "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"}]", "{\"a\":1,\"b\":1}");
	patch_ok("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"\",\"value\":[1]}]", "[1]");
	patch_fails("{\"a\":[1]}", "[{\"op\":\"add\",\"path\":\"/a/1\",\"value\":2},{\"op\":\"add\",\"path\":\"/a/5\",\"value\":2}]", 1);
	patch_fails("{\"a\":1}", "[{\"op\":\"remove\",\"path\":\"/b\"}]", 0);
	patch_fails("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"/b\",\"value\":1}]", 0);
	patch_fails("{\"a\":{\"b\":1}}", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/c\"}]", 0);
	patch_fails("{\"a\":1}", "[{\"op\":\"frob\",\"path\":\"/a\"}]", 0);
	patch_fails("{\"a\":1}", "[{\"path\":\"/a\"}]", 0);
	patch_fails("{\"a\":1}", "{\"op\":\"add\"}", 0);
}

static void same_paths(void **state)
{
	(void)state;
	json_t *a = J("{\"x\":{\"y\":[1,2,{\"z\":true}]},\"w\":1}");
	json_t *b = J("{\"x\":{\"y\":[1,2,{\"z\":false}]},\"w\":1}");
	struct buf p = BUF_INIT;
	assert_false(json_same(a, b, &p));
	assert_string_equal(p.p, "/x/y/2/z");
	buf_free(&p);
	json_t *c = J("{\"w\":1.0}"), *d = J("{\"w\":1}");
	assert_false(json_same(c, d, &p));
	buf_free(&p);
	assert_true(json_same(a, a, &p));
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(d);
	buf_free(&p);
}

/* Index tokens and formatted text, across the buffer's growth. */
static void buffers(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	ptr_append_index(&b, 0);
	ptr_append_index(&b, 7);
	ptr_append_index(&b, 10);
	ptr_append_index(&b, (size_t)-1);
	char max[64];
	snprintf(max, sizeof(max), "/0/7/10/%zu", (size_t)-1);
	assert_string_equal(b.p, max);
	buf_free(&b);
	char want[2048] = "";
	for (int i = 0; i < 300; i++) {
		buf_addf(&b, "%d,", i);
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%d,", i);
	}
	char longer[1000];
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	buf_addf(&b, "[%s]", longer);
	assert_int_equal(b.len, strlen(want) + 1001);
	assert_memory_equal(b.p, want, strlen(want));
	assert_int_equal(b.p[b.len - 1], ']');
	assert_int_equal(b.p[b.len], '\0');
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pointers),
		cmocka_unit_test(merge_rfc7386),
		cmocka_unit_test(patch_rfc6902),
		cmocka_unit_test(same_paths),
		cmocka_unit_test(buffers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

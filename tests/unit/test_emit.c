/* The emitter: block YAML that YAML 1.1 and 1.2 readers read back exactly. */
#include "unit.h"
#include "emit.h"
#include "jsonutil.h"
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *yaml_of(const json_t *v)
{
	struct buf b = BUF_INIT;
	assert_true(emit_yaml(&b, v));
	return buf_detach(&b, NULL);
}

/* Emits v, then reads it back with libyaml (YAML 1.1 types) and libfyaml
 * (YAML 1.2): both must give v. */
static void round_trip(const json_t *v)
{
	char *y = yaml_of(v);
	struct buf why = BUF_INIT;
	if (!reread_check(y, strlen(y), v, &why))
		fail_msg("YAML 1.1 re-read differs: %s\n%s", why.p, y);
	buf_free(&why);
	struct yfile *f = yfile_parse("t", y, strlen(y), 0);
	if (!f)
		fail_msg("libfyaml cannot read:\n%s", y);
	struct buf path = BUF_INIT;
	if (!json_same(v, f->docs[0], &path))
		fail_msg("YAML 1.2 re-read differs at %s:\n%s", path.p, y);
	buf_free(&path);
	yfile_free(f);
	free(y);
}

static const char *const awkward[] = {
	"on", "off", "yes", "no", "n", "y", "Y", "N", "null", "Null", "~", "true", "False", "1e3", "1E3",
	"0777", "0x1F", "0o17", "0b101", "1_000", "12:30", "190:20:30", "2024-01-01", "2001-12-14 21:59:43.10 -5",
	".inf", "-.Inf", ".NaN", "-", "--", "---", "...", ": x", "x:", "a: b", "- a", "? x", "?", "#c", "a #b",
	"a#b", " lead", "trail ", " both ", "\tlead-tab", "tab\tin", "a\nb", "a\nb\n", "a\n\nb\n\n", "\n", "\n\n",
	"\nlead", " x\ny", "x \ny", "x\n y", "x\n", "", " ", "'", "\"", "''", "a'b", "a\"b", "\\", "|", ">", "@x",
	"`x", "%x", "!x", "&x", "*x", "[a]", "{a}", "a,b", "<<", "=", "é ü", "日本", "\xf0\x9f\x98\x80",
	"\x01", "\x7f", "line\xe2\x80\xa8sep", "nel\xc2\x85x", "\xef\xbb\xbf" "bom", "\r", "a\r\nb", "0", "-0",
	"+1", "1.", ".5", "1.5e-7", "127.0.0.1", "v1.30", "500m", "1Gi", "http://x/y#z", "%", "{", "}", "[",
	"]", ",", "&", "*", "!", "a: ", "x\t", NULL,
};

static void awkward_values(void **state)
{
	(void)state;
	json_t *arr = json_array();
	for (const char *const *s = awkward; *s; s++) {
		json_t *one = json_pack("{s:s}", "v", *s);
		round_trip(one);
		json_decref(one);
		json_array_append_new(arr, json_string(*s));
	}
	round_trip(arr);
	json_decref(arr);
}

static void awkward_keys(void **state)
{
	(void)state;
	json_t *obj = json_object();
	for (const char *const *s = awkward; *s; s++)
		json_object_set_new(obj, *s, json_string(*s));
	round_trip(obj);
	json_decref(obj);
}

static void long_and_multiline_keys(void **state)
{
	(void)state;
	char big[1500];
	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	json_t *v = json_pack("{s:{s:i}, s:[i], s:s, s:s}", big, "a", 1, "multi\nline", 2, "x\ny", "v", "n", "on");
	round_trip(v);
	/* Found by fuzz_emit: short keys whose escapes ("\n", "\x01") or
	 * doubled quotes make them longer than libyaml's limit as written. */
	static const char *const units[] = {"a\n", "\x01", "'", "\xc2\x85"};
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		struct buf k = BUF_INIT;
		while (k.len < 800)
			buf_adds(&k, units[u]);
		json_t *o = json_pack("{s:i, s:i}", k.p, 1, "z", 2);
		round_trip(o);
		json_decref(o);
		buf_free(&k);
	}
	char *y = yaml_of(v);
	assert_non_null(strstr(y, "? kkkk"));
	assert_non_null(strstr(y, "\"multi\\nline\":\n- 2\n"));
	free(y);
	json_decref(v);
}

/* Found by fuzz_emit: a multi-line string as the whole document was written
 * as a literal block with unindented lines, which libyaml does not read. */
static void top_level_scalars(void **state)
{
	(void)state;
	for (const char *const *s = awkward; *s; s++) {
		json_t *v = json_string(*s);
		round_trip(v);
		json_decref(v);
	}
	json_t *v = json_string("g\ng");
	char *y = yaml_of(v);
	assert_string_equal(y, "|-\n  g\n  g\n");
	free(y);
	json_decref(v);
}

static void expected_styles(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:i, s:b, s:n, s:f, s:{}, s:[]}", "a", "on", "b", "TCP", "c",
			      "line1\nline2", "d", "", "e", 8786, "f", 1, "g", "h", 1.5, "i", "j");
	char *y = yaml_of(v);
	assert_string_equal(y, "a: 'on'\n"
			       "b: TCP\n"
			       "c: |-\n  line1\n  line2\n"
			       "d: ''\n"
			       "e: 8786\n"
			       "f: true\n"
			       "g: null\n"
			       "h: 1.5\n"
			       "i: {}\n"
			       "j: []\n");
	free(y);
	json_decref(v);
}

static void sorted_and_block(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:[s,s], s:{s:i}}", "zeta", "x", "z", "alpha", "k", 1);
	char *y = yaml_of(v);
	assert_string_equal(y, "alpha:\n  k: 1\nzeta:\n- x\n- z\n");
	free(y);
	json_decref(v);
}

static void json_output(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:s, s:[i, f], s:{}}", "b", "q\"\n\x01", "a", 1, 0.1, "c");
	struct buf b = BUF_INIT;
	assert_true(emit_json(&b, v));
	assert_string_equal(b.p, "{\n  \"a\": [\n    1,\n    0.1\n  ],\n  \"b\": \"q\\\"\\n\\u0001\",\n  \"c\": {}\n}\n");
	json_t *back = json_loads(b.p, 0, NULL);
	assert_true(json_equal(back, v));
	json_decref(back);
	buf_free(&b);
	json_decref(v);
}

/* --- random trees ----------------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static json_t *random_string(void)
{
	size_t nawk = 0;
	while (awkward[nawk])
		nawk++;
	if (next() % 3)
		return json_string(awkward[next() % nawk]);
	/* A concatenation of awkward pieces and random characters. */
	static const char pieces[] = " \n\t:#-?'\"\\,[]{}&*!|>%@`~0123456789.eExy";
	char buf[64];
	size_t n = next() % 20;
	for (size_t i = 0; i < n; i++)
		buf[i] = pieces[next() % (sizeof(pieces) - 1)];
	buf[n] = '\0';
	return json_string(buf);
}

static json_t *random_tree(int depth)
{
	switch (next() % (depth > 4 ? 6 : 8)) {
	case 0: return random_string();
	case 1: return json_integer((json_int_t)(next() % 100000) - 50000);
	case 2: return json_real((double)(int32_t)next() / (double)(1 + next() % 1000));
	case 3: return json_boolean(next() & 1);
	case 4: return json_null();
	case 5: return random_string();
	case 6: {
		json_t *a = json_array();
		for (uint32_t i = next() % 5; i > 0; i--)
			json_array_append_new(a, random_tree(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		for (uint32_t i = next() % 5; i > 0; i--) {
			json_t *k = random_string();
			json_object_set_new(o, json_string_value(k), random_tree(depth + 1));
			json_decref(k);
		}
		return o;
	}
	}
}

static void random_round_trips(void **state)
{
	(void)state;
	for (int i = 0; i < 5000; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "root", random_tree(0));
		round_trip(o);
		json_decref(o);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(awkward_values),
		cmocka_unit_test(awkward_keys),
		cmocka_unit_test(long_and_multiline_keys),
		cmocka_unit_test(top_level_scalars),
		cmocka_unit_test(expected_styles),
		cmocka_unit_test(sorted_and_block),
		cmocka_unit_test(json_output),
		cmocka_unit_test(random_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Go's regexp syntax: what it refuses (with Go's message) and what the
 * PCRE2 translation matches. */
#include "unit.h"
#include "k8stable.h"
#include "re2check.h"

#include <stdio.h>
#include <string.h>

/* Patterns and the error Go's regexp.Compile gives (NULL: accepted). */
static const char *const syntax[][2] = {
	{"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", NULL},
	{"(?i)^(true|false)$", NULL},
	{"(?P<name>a)(?<other>b)", NULL},
	{"\\pL\\p{Greek}\\P{Han}\\p{^Latin}[\\p{Lu}\\d_]", NULL},
	{"[[:alpha:][:^digit:]]", NULL},
	{"a{,5}", NULL},
	{"\\Qa.b*\\E", NULL},
	{"^*", NULL},
	{"\\101\\x41\\x{41}\\a\\f\\t\\n\\r\\v", NULL},
	{"(?i-m:a)(?s).", NULL},
	{"a(?=b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"},
	{"a(?!b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`"},
	{"(?<=a)b", "error parsing regexp: invalid named capture: `(?<=a)b`"},
	{"(?>a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?>`"},
	{"(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"},
	{"a++", "error parsing regexp: invalid nested repetition operator: `++`"},
	{"a*+", "error parsing regexp: invalid nested repetition operator: `*+`"},
	{"a{2}{3}", "error parsing regexp: invalid nested repetition operator: `{2}{3}`"},
	{"a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"},
	{"(a{100}){100}", "error parsing regexp: invalid repeat count: `{100}`"},
	{"a{3,2}", "error parsing regexp: invalid repeat count: `{3,2}`"},
	{"(?R)", "error parsing regexp: invalid or unsupported Perl syntax: `(?R`"},
	{"(?(1)a|b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?(`"},
	{"(?#comment)", "error parsing regexp: invalid or unsupported Perl syntax: `(?#`"},
	{"(?x)a b", "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"},
	{"\\C", "error parsing regexp: invalid escape sequence: `\\C`"},
	{"\\Z", "error parsing regexp: invalid escape sequence: `\\Z`"},
	{"\\G", "error parsing regexp: invalid escape sequence: `\\G`"},
	{"\\K", "error parsing regexp: invalid escape sequence: `\\K`"},
	{"\\h", "error parsing regexp: invalid escape sequence: `\\h`"},
	{"\\x{110000}", "error parsing regexp: invalid escape sequence: `\\x{110000`"},
	{"[[:word]", NULL},
	{"[[:foo:]]", "error parsing regexp: invalid character class range: `[:foo:]`"},
	{"\\p{Klingon}", "error parsing regexp: invalid character class range: `\\p{Klingon}`"},
	{"[z-a]", "error parsing regexp: invalid character class range: `z-a`"},
	{"[a-\\d]", "error parsing regexp: invalid escape sequence: `\\d`"},
	{"[abc", "error parsing regexp: missing closing ]: `[abc`"},
	{"(ab", "error parsing regexp: missing closing ): `(ab`"},
	{"ab)", "error parsing regexp: unexpected ): `ab)`"},
	{"*a", "error parsing regexp: missing argument to repetition operator: `*`"},
	{"a|?", "error parsing regexp: missing argument to repetition operator: `?`"},
	{"a\\", "error parsing regexp: trailing backslash at end of expression: ``"},
	{"(?P<a-b>x)", "error parsing regexp: invalid named capture: `(?P<a-b>`"},
	{"(?P=name)", "error parsing regexp: invalid or unsupported Perl syntax: `(?P`"},
};

/* Pattern, subject, whether Go's MatchString is true. */
static const struct {
	const char *pat, *s;
	int match;
} matching[] = {
	{"^[a-z]+$", "abc", 1},
	{"^[a-z]+$", "abc\n", 0},	/* Go's $ is the end of the text */
	{"(?m)^b$", "a\nb\nc", 1},
	{"a.c", "a\nc", 0},
	{"(?s)a.c", "a\nc", 1},
	{"\\s", "\v", 0},		/* Go's \s has no vertical tab */
	{"[\\S]", "\v", 1},
	{"^\\d{3}$", "\xd9\xa1\xd9\xa2\xd9\xa3", 0},	/* \d is ASCII */
	{"(?i)k", "\xe2\x84\xaa", 1},	/* the Kelvin sign folds to k */
	{"\\bfoo\\b", "a foo b", 1},
	{"\\Qa.b\\E", "axb", 0},
	{"\\Qa.b\\E", "a.b", 1},
	{"^\\p{Greek}+$", "\xce\xb1\xce\xb2", 1},
	{"^\\p{Greek}+$", "ab", 0},
	{"^a{2,3}$", "a", 0},
	{"^a{2,3}$", "aaa", 1},
	{"\\101", "A", 1},
	{"[^a]", "\n", 1},
	{"x*", "", 1},
	{"^$", "", 1},
	{"^(a|ab)(c|bcd)(d*)$", "abcd", 1},
	{"^\\x{1F600}$", "\xf0\x9f\x98\x80", 1},
	{"^[\\x{D800}-\\x{E000}]$", "\xee\x80\x80", 1},
	{"[\\S[:alpha:]]", "\xe2\x98\xba", 1},	/* PCRE2 10.42 loses this as [\S[:alpha:]] */
	{"[[:^alpha:]]", "\xe2\x98\xba", 1},
	{"^[\\W]$", "\xc3\xa9", 1},
};

static void go_syntax(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(syntax) / sizeof(syntax[0]); i++) {
		struct buf err = BUF_INIT;
		bool ok = re2_check(syntax[i][0], strlen(syntax[i][0]), &err, NULL);
		if (!syntax[i][1] && !ok)
			fail_msg("%s: unexpected error %s", syntax[i][0], err.p);
		if (syntax[i][1] && (ok || strcmp(err.p, syntax[i][1]) != 0))
			fail_msg("%s: got %s, want %s", syntax[i][0], ok ? "no error" : err.p, syntax[i][1]);
		buf_free(&err);
	}
}

static void matches(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(matching) / sizeof(matching[0]); i++) {
		struct buf err = BUF_INIT;
		bool go_ok;
		struct re2 *re = re2_compile(matching[i].pat, strlen(matching[i].pat), &err, &go_ok);
		if (!re)
			fail_msg("%s: %s", matching[i].pat, err.p);
		int got = re2_match(re, matching[i].s, strlen(matching[i].s));
		if (got != matching[i].match)
			fail_msg("%s on case %zu: got %d, want %d", matching[i].pat, i, got, matching[i].match);
		re2_free(re);
		buf_free(&err);
	}
}

/* The pattern crdc writes for Quantity accepts what Kubernetes accepts. */
static void quantity(void **state)
{
	(void)state;
	static const char *const good[] = {"1", "500m", "1.5Gi", "2e3", "+1", ".5", "1Ki"};
	static const char *const bad[] = {"abc", "1.5 Gi", "Gi", "1x", ""};
	struct re2_cache c = {0};
	const char *err;
	bool go_ok;
	const struct re2 *re = re2_cache_get(&c, k8s_quantity_pattern, &err, &go_ok);
	assert_non_null(re);
	assert_ptr_equal(re2_cache_get(&c, k8s_quantity_pattern, &err, &go_ok), re);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(re2_match(re, good[i], strlen(good[i])), 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(re2_match(re, bad[i], strlen(bad[i])), 0);
	assert_null(re2_cache_get(&c, "a(?=b)", &err, &go_ok));
	assert_false(go_ok);
	assert_non_null(strstr(err, "(?="));
	re2_cache_free(&c);
}

/* Go's limits: nesting depth and size; a long pattern stays fast. */
static void limits(void **state)
{
	(void)state;
	struct buf p = BUF_INIT, err = BUF_INIT;
	for (int i = 0; i < 1200; i++)
		buf_addc(&p, '(');
	buf_addc(&p, 'a');
	for (int i = 0; i < 1200; i++)
		buf_addc(&p, ')');
	assert_false(re2_check(p.p, p.len, &err, NULL));
	assert_non_null(strstr(err.p, "expression nests too deeply"));
	buf_free(&p);
	buf_free(&err);
	assert_false(re2_check("((((a{10}){10}){10}){10}){2}", 28, &err, NULL));
	assert_non_null(strstr(err.p, "invalid repeat count"));
	buf_free(&err);
	for (int i = 0; i < 200000; i++)
		buf_addc(&p, 'a');
	assert_true(re2_check(p.p, p.len, &err, NULL));
	buf_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(go_syntax),
		cmocka_unit_test(matches),
		cmocka_unit_test(quantity),
		cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

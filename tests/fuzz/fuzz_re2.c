/* fuzz_re2: re2check, the parser of Go's regexp syntax that lint uses for
 * `pattern` and validate uses to match.  The input's first line is the
 * pattern, the rest a string to match it against.  Checked:
 *   - re2_check and re2_compile agree on whether Go accepts the pattern,
 *     and a refusal is worded as Go words it ("error parsing regexp: ...");
 *   - what Go accepts, PCRE2 compiles, but for the limits re2check.h names
 *     (a Unicode property PCRE2 does not know; PCRE2's own size and nesting
 *     limits): anything else is a bad translation;
 *   - matching the rest of the input ends (PCRE2's budget) without a fault. */
#include "fuzz.h"

#include "re2check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init_common();
	return 0;
}

/* PCRE2 refusals that re2check.h allows for patterns Go accepts. */
static bool known_limit(const char *err)
{
	static const char *const ok[] = {
		"unknown property",
		"too deeply nested",
		"too large",
		"too complicated",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strstr(err, ok[i]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t plen = nl ? (size_t)(nl - s) : size;
	const char *subject = nl ? nl + 1 : s + size;
	size_t slen = size - (size_t)(subject - s);

	struct buf err = BUF_INIT, pcre = BUF_INIT;
	bool ok = re2_check(s, plen, &err, &pcre);
	if (ok && err.len)
		fuzz_fail("re2_check accepted the pattern with an error", err.p, NULL, 0);
	if (!ok && (!err.p || strncmp(err.p, "error parsing regexp: ", 22) != 0))
		fuzz_fail("re2_check refused the pattern without Go's message", err.p, s, plen);
	buf_free(&pcre);

	struct buf err2 = BUF_INIT;
	bool go_ok;
	struct re2 *re = re2_compile(s, plen, &err2, &go_ok);
	if (go_ok != ok)
		fuzz_fail("re2_compile and re2_check disagree on the pattern", err2.p, s, plen);
	if (ok && !re && (!err2.p || !known_limit(err2.p)))
		fuzz_fail("PCRE2 refuses the translation of a pattern Go accepts", err2.p, s, plen);
	if (re) {
		int m = re2_match(re, subject, slen);
		if (m < -1 || m > 1)
			fuzz_fail("re2_match returned something else than -1, 0 or 1", NULL, NULL, 0);
		re2_free(re);
	}
	buf_free(&err);
	buf_free(&err2);
	return 0;
}

/* re2check.h: `pattern` as the API server reads it.
 *
 * The API server compiles schema patterns with Go's regexp package (RE2
 * syntax with Perl flags) and matches them unanchored.  re2check parses a
 * pattern by Go's rules, reports the error Go would report (the text the API
 * server prints), and translates what Go accepts into a PCRE2 pattern with
 * the same meaning, so crdc can match with PCRE2. */
#ifndef CRDC_RE2CHECK_H
#define CRDC_RE2CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Parses pat (len bytes) as Go would.  On a syntax error returns false and
 * appends Go's message ("error parsing regexp: ...: `...`") to err.  When
 * pcre is not NULL, appends the PCRE2 translation to it. */
bool re2_check(const char *pat, size_t len, struct buf *err, struct buf *pcre);

struct re2;

/* Compiles pat; NULL with a message in err when Go rejects it, or when Go
 * accepts it but PCRE2 cannot hold the translation (such as a Unicode
 * script newer than PCRE2's tables); *go_ok says which. */
struct re2 *re2_compile(const char *pat, size_t len, struct buf *err, bool *go_ok);
/* 1 when re matches somewhere in s, 0 when not, -1 when PCRE2 gave up
 * (its match limits keep hostile patterns bounded). */
int re2_match(const struct re2 *re, const char *s, size_t len);
void re2_free(struct re2 *re);

/* Compiled patterns by text, so each distinct pattern compiles once. */
struct re2_cache {
	struct re2_cache_slot {
		char *pat;
		struct re2 *re;	/* NULL: did not compile */
		char *err;
		bool go_ok;
	} *slots;
	size_t n, cap;
};

/* Borrowed from the cache; NULL when it does not compile (then *err and
 * *go_ok describe why). */
const struct re2 *re2_cache_get(struct re2_cache *c, const char *pat, const char **err, bool *go_ok);
void re2_cache_free(struct re2_cache *c);

#endif

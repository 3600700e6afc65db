/* scalar.h: what a plain YAML scalar means.
 *
 * Templates are read as YAML 1.2 (core schema).  What crdc writes is read by
 * kubectl's YAML 1.1 parser, where `on`, `y`, `0777`, `1_000`, `12:30` and
 * `2024-01-01` are not strings.  The emitter writes a string plain only when
 * both schemas read it back as that same string. */
#ifndef CRDC_SCALAR_H
#define CRDC_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

enum scalar_kind {
	SK_STRING,
	SK_NULL,
	SK_BOOL,
	SK_INT,
	SK_FLOAT,
	SK_INF_NAN,	/* .inf, .nan: valid YAML, not representable in JSON */
	SK_INT_RANGE,	/* an integer outside int64 */
	SK_TIMESTAMP,	/* YAML 1.1 only */
	SK_MERGE,	/* YAML 1.1 `<<` */
	SK_VALUE,	/* YAML 1.1 `=` */
};

struct scalar_val {
	bool b;
	long long i;
	double d;
};

enum scalar_kind yaml12_resolve(const char *s, size_t n, struct scalar_val *v);
enum scalar_kind yaml11_resolve(const char *s, size_t n, struct scalar_val *v);

/* True when the string may be written as a plain scalar as far as typing
 * goes: both schemas read it as a string.  (The emitter still checks YAML
 * syntax, e.g. a leading `- ` or a `: ` inside.) */
bool scalar_plain_is_string(const char *s, size_t n);

/* Formats a double so that both YAML 1.1 and 1.2 read it back as the same
 * float: shortest round-trip digits, always a '.', signed exponent. */
void scalar_format_real(double d, char out[40]);

#endif

#include "config.h"
#include "scalar.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_odigit(char c) { return c >= '0' && c <= '7'; }
static bool is_xdigit(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool eq(const char *s, size_t n, const char *lit)
{
	return n && s[0] == lit[0] && strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static bool eq_any(const char *s, size_t n, const char *const *lits)
{
	for (; *lits; lits++)
		if (eq(s, n, *lits))
			return true;
	return false;
}

static const char *const nulls[] = {"~", "null", "Null", "NULL", NULL};
static const char *const trues12[] = {"true", "True", "TRUE", NULL};
static const char *const falses12[] = {"false", "False", "FALSE", NULL};
static const char *const trues11[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
				      "on", "On", "ON", NULL};
static const char *const falses11[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE",
				       "off", "Off", "OFF", NULL};

/* [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN) */
static bool is_inf_nan(const char *s, size_t n)
{
	static const char *const inf[] = {".inf", ".Inf", ".INF", NULL};
	static const char *const nan[] = {".nan", ".NaN", ".NAN", NULL};
	if (eq_any(s, n, nan))
		return true;
	if (n && (s[0] == '+' || s[0] == '-'))
		s++, n--;
	return eq_any(s, n, inf);
}

/* Copies the digits of s without '_' into a NUL-terminated buffer. */
static bool strip_underscores(const char *s, size_t n, char *out, size_t cap)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_')
			continue;
		if (j + 1 >= cap)
			return false;
		out[j++] = s[i];
	}
	out[j] = '\0';
	return true;
}

static enum scalar_kind parse_int(const char *s, size_t n, int base, bool neg,
				  struct scalar_val *v)
{
	char tmp[128];
	if (!strip_underscores(s, n, tmp, sizeof(tmp)) || !tmp[0])
		return SK_INT_RANGE;
	errno = 0;
	char *end;
	unsigned long long u = strtoull(tmp, &end, base);
	if (*end || errno == ERANGE)
		return SK_INT_RANGE;
	if (neg) {
		if (u > (unsigned long long)LLONG_MAX + 1)
			return SK_INT_RANGE;
		v->i = u == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)u;
	} else {
		if (u > (unsigned long long)LLONG_MAX)
			return SK_INT_RANGE;
		v->i = (long long)u;
	}
	return SK_INT;
}

static enum scalar_kind parse_float(const char *s, size_t n, struct scalar_val *v)
{
	char tmp[512];
	if (!strip_underscores(s, n, tmp, sizeof(tmp)))
		return SK_FLOAT; /* absurdly long digits: still a float, value approximate */
	v->d = strtod(tmp, NULL);
	if (!isfinite(v->d))
		return SK_INF_NAN;
	return SK_FLOAT;
}

/* YAML 1.2 core: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ */
static bool match_int12(const char *s, size_t n, int *base, size_t *skip, bool *neg)
{
	*neg = false;
	if (n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		bool hex = s[1] == 'x';
		for (size_t i = 2; i < n; i++)
			if (hex ? !is_xdigit(s[i]) : !is_odigit(s[i]))
				return false;
		*base = hex ? 16 : 8;
		*skip = 2;
		return true;
	}
	size_t i = 0;
	if (n && (s[0] == '+' || s[0] == '-'))
		*neg = s[0] == '-', i = 1;
	if (i == n)
		return false;
	for (; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	*base = 10;
	*skip = (n && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
	return true;
}

/* [-+]? ( \.[0-9]+ | [0-9]+ (\.[0-9]*)? ) ([eE][-+]?[0-9]+)?
 * With sign_exp, the exponent sign is required and the mantissa needs a '.'
 * (YAML 1.1's rule); otherwise this is YAML 1.2's and go-yaml's rule. */
static bool match_float_simple(const char *s, size_t n, bool underscores)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && (is_digit(s[i]) || (underscores && digits && s[i] == '_')))
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && (is_digit(s[i]) || (underscores && s[i] == '_')))
			i++, digits++;
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t e = 0;
		while (i < n && is_digit(s[i]))
			i++, e++;
		if (!e)
			return false;
	}
	return i == n;
}

/* Every non-string plain scalar of either schema is empty, starts with a
 * digit, a sign, '.', '~', '<' or '=', or is one of the null and boolean
 * words (null, true, false, yes, no, on, off, y, n in their cases), at most
 * five letters long.  Most strings are settled here, without a lookup. */
static bool surely_string(const char *s, size_t n)
{
	if (n && strchr("nNtTfFyYoO0123456789+-.~<=", s[0]) == NULL)
		return true;
	if (n && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		/* The YAML 1.2 words are among YAML 1.1's. */
		return n > 5 || !(eq_any(s, n, nulls) || eq_any(s, n, trues11) || eq_any(s, n, falses11));
	return false;
}

enum scalar_kind yaml12_resolve(const char *s, size_t n, struct scalar_val *v)
{
	if (surely_string(s, n))
		return SK_STRING;
	if (n == 0 || eq_any(s, n, nulls))
		return SK_NULL;
	if (eq_any(s, n, trues12))
		return v->b = true, SK_BOOL;
	if (eq_any(s, n, falses12))
		return v->b = false, SK_BOOL;
	int base;
	size_t skip;
	bool neg;
	if (match_int12(s, n, &base, &skip, &neg))
		return parse_int(s + skip, n - skip, base, neg, v);
	if (match_float_simple(s, n, false))
		return parse_float(s, n, v);
	if (is_inf_nan(s, n))
		return SK_INF_NAN;
	return SK_STRING;
}

/* YAML 1.1 sexagesimal: [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+ followed, for
 * floats, by \.[0-9_]* */
static bool match_base60(const char *s, size_t n, bool *is_float)
{
	size_t i = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i >= n || !is_digit(s[i]))
		return false;
	bool int_form = s[i] != '0';
	while (i < n && (is_digit(s[i]) || s[i] == '_'))
		i++;
	size_t groups = 0;
	while (i < n && s[i] == ':') {
		i++;
		size_t d = 0;
		while (i < n && is_digit(s[i]) && d < 2)
			i++, d++;
		if (!d || (d == 2 && s[i - 2] > '5'))
			return false;
		groups++;
	}
	if (!groups)
		return false;
	*is_float = false;
	if (i == n)
		return int_form;
	if (s[i] != '.')
		return false;
	for (i++; i < n; i++)
		if (!is_digit(s[i]) && s[i] != '_')
			return false;
	*is_float = true;
	return true;
}

/* YAML 1.1 ints: 0b[01_]+ | 0[0-7_]+ | (0|[1-9][0-9_]*) | 0x[0-9a-fA-F_]+,
 * each with an optional sign. */
static bool match_int11(const char *s, size_t n, int *base, size_t *skip, bool *neg)
{
	size_t i = 0;
	*neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		*neg = s[i] == '-', i++;
	if (i >= n || !is_digit(s[i]))
		return false;
	const char *p = s + i;
	size_t m = n - i;
	if (m > 2 && p[0] == '0' && (p[1] == 'b' || p[1] == 'x')) {
		bool hex = p[1] == 'x';
		bool any = false;
		for (size_t k = 2; k < m; k++) {
			if (p[k] == '_')
				continue;
			if (hex ? !is_xdigit(p[k]) : (p[k] != '0' && p[k] != '1'))
				return false;
			any = true;
		}
		*base = hex ? 16 : 2;
		*skip = i + 2;
		return any;
	}
	if (p[0] == '0' && m > 1) {
		for (size_t k = 1; k < m; k++)
			if (!is_odigit(p[k]) && p[k] != '_')
				return false;
		*base = 8;
		*skip = i + 1;
		return true;
	}
	for (size_t k = 0; k < m; k++)
		if (!is_digit(p[k]) && p[k] != '_')
			return false;
	*base = 10;
	*skip = i;
	return true;
}

static bool match_timestamp(const char *s, size_t n)
{
	/* [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}, optionally followed by a time part. */
	size_t i = 0;
	for (int k = 0; k < 4; k++, i++)
		if (i >= n || !is_digit(s[i]))
			return false;
	for (int part = 0; part < 2; part++) {
		if (i >= n || s[i] != '-')
			return false;
		i++;
		size_t d = 0;
		while (i < n && is_digit(s[i]) && d < 2)
			i++, d++;
		if (!d)
			return false;
	}
	if (i == n)
		return true;
	/* Anything after a date that starts like a time: be conservative. */
	return s[i] == 'T' || s[i] == 't' || s[i] == ' ' || s[i] == '\t';
}

enum scalar_kind yaml11_resolve(const char *s, size_t n, struct scalar_val *v)
{
	if (surely_string(s, n))
		return SK_STRING;
	if (n == 0 || eq_any(s, n, nulls))
		return SK_NULL;
	if (eq_any(s, n, trues11))
		return v->b = true, SK_BOOL;
	if (eq_any(s, n, falses11))
		return v->b = false, SK_BOOL;
	if (eq(s, n, "<<"))
		return SK_MERGE;
	if (eq(s, n, "="))
		return SK_VALUE;
	int base;
	size_t skip;
	bool neg, is_float;
	if (match_int11(s, n, &base, &skip, &neg))
		return parse_int(s + skip, n - skip, base, neg, v);
	if (match_base60(s, n, &is_float)) {
		/* The value is irrelevant to crdc: it never writes these plain. */
		v->i = 0;
		v->d = 0;
		return is_float ? SK_FLOAT : SK_INT;
	}
	if (match_float_simple(s, n, true))
		return parse_float(s, n, v);
	if (is_inf_nan(s, n))
		return SK_INF_NAN;
	if (match_timestamp(s, n))
		return SK_TIMESTAMP;
	return SK_STRING;
}

bool scalar_plain_is_string(const char *s, size_t n)
{
	if (surely_string(s, n))
		return true;
	struct scalar_val v;
	return yaml11_resolve(s, n, &v) == SK_STRING && yaml12_resolve(s, n, &v) == SK_STRING;
}

void scalar_format_real(double d, char out[40])
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, 40, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			break;
	}
	/* Make it a YAML 1.1 float: a '.' in the mantissa, a sign on the exponent. */
	char *e = strchr(out, 'e');
	char mant[24], exp[8] = "";
	if (e) {
		snprintf(exp, sizeof(exp), "%s", e);
		*e = '\0';
	}
	snprintf(mant, sizeof(mant), "%s", out);
	if (!strchr(mant, '.'))
		strcat(mant, ".0");
	snprintf(out, 40, "%s%s", mant, exp);
}

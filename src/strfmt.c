/* Each check follows the Go function kube-openapi registers for the format;
 * where that function is a library parser (net/mail, net/url), the check
 * here is a close approximation, noted beside it. */
#include "config.h"
#include "strfmt.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Formats defined by a regular expression (Go syntax, matched with re2check). */
#define UUID_RE "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?%s[0-9a-f]{3}-?%s[0-9a-f]{3}-?[0-9a-f]{12}$"
static const char hostname_re[] =
	"^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}"
	"\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z0-9\\p{S}\\p{L}])(-?[a-zA-Z0-9\\p{S}\\p{L}]){1,62})$";
static const char creditcard_re[] =
	"^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])"
	"[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11})$";
static const char rgbcolor_re[] =
	"^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*"
	"(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$";

static bool matches(struct re2_cache *c, const char *pat, const char *s)
{
	const char *err;
	bool go_ok;
	const struct re2 *re = re2_cache_get(c, pat, &err, &go_ok);
	return re && re2_match(re, s, strlen(s)) == 1;
}

static bool all(const char *s, size_t n, int (*cls)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!cls((unsigned char)s[i]))
			return false;
	return true;
}

static bool digits(const char *s, size_t n)
{
	return all(s, n, isdigit);
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* YYYY-MM-DD, a real date (Go's time.Parse checks the day of the month). */
static bool is_date(const char *s, size_t n)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) || !digits(s + 8, 2))
		return false;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

/* strfmt.ParseDateTime: RFC 3339 and the ISO 8601 variants kube-openapi
 * also accepts (no seconds, no zone, a space instead of T). */
static bool is_datetime(const char *s)
{
	size_t n = strlen(s);
	if (n < 16 || !is_date(s, 10) || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return false;
	const char *t = s + 11;
	if (!digits(t, 2) || t[2] != ':' || !digits(t + 3, 2) || num(t, 2) > 23 || num(t + 3, 2) > 59)
		return false;
	t += 5;
	if (*t == ':') {
		if (!digits(t + 1, 2) || num(t + 1, 2) > 59)
			return false;
		t += 3;
		if (*t == '.') {
			size_t k = 1;
			while (isdigit((unsigned char)t[k]))
				k++;
			if (k == 1)
				return false;
			t += k;
		}
	}
	if (*t == 0 || ((*t == 'Z' || *t == 'z') && t[1] == 0))
		return true;
	return (*t == '+' || *t == '-') && digits(t + 1, 2) && t[3] == ':' && digits(t + 4, 2) && t[6] == 0 &&
	       num(t + 1, 2) <= 23 && num(t + 4, 2) <= 59;
}

/* Go's base64.StdEncoding: padded, newlines ignored. */
static bool is_base64(const char *s)
{
	size_t n = 0, pad = 0;
	for (; *s; s++) {
		if (*s == '\r' || *s == '\n')
			continue;
		if (*s == '=') {
			pad++;
		} else if (pad || !(isalnum((unsigned char)*s) || *s == '+' || *s == '/')) {
			return false;
		}
		n++;
	}
	return n % 4 == 0 && pad <= 2;
}

static bool is_ip(const char *s, int family)
{
	unsigned char b[16];
	return inet_pton(family, s, b) == 1;
}

/* govalidator: net.ParseIP, and the text has a '.' (v4) or ':' (v6). */
static bool is_ipv4(const char *s)
{
	return strchr(s, '.') && (is_ip(s, AF_INET) || is_ip(s, AF_INET6));
}

static bool is_ipv6(const char *s)
{
	return strchr(s, ':') && is_ip(s, AF_INET6);
}

static bool is_cidr(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash || !slash[1] || strlen(slash + 1) > 3 || !digits(slash + 1, strlen(slash + 1)))
		return false;
	char *addr = xstrndup(s, (size_t)(slash - s));
	bool v4 = is_ip(addr, AF_INET), v6 = !v4 && is_ip(addr, AF_INET6);
	free(addr);
	int bits = num(slash + 1, strlen(slash + 1));
	if (slash[1] == '0' && slash[2])
		return false;
	return (v4 && bits <= 32) || (v6 && bits <= 128);
}

/* net.ParseMAC: 6, 8 or 20 octets as xx:xx.., xx-xx.. or xxxx.xxxx.. */
static bool is_mac(const char *s)
{
	size_t n = strlen(s);
	if (n < 14)
		return false;
	if (s[2] == ':' || s[2] == '-') {
		if ((n + 1) % 3 != 0)
			return false;
		size_t octets = (n + 1) / 3;
		if (octets != 6 && octets != 8 && octets != 20)
			return false;
		for (size_t i = 0; i < n; i += 3)
			if (!isxdigit((unsigned char)s[i]) || !isxdigit((unsigned char)s[i + 1]) ||
			    (i + 2 < n && s[i + 2] != s[2]))
				return false;
		return true;
	}
	if (s[4] != '.' || (n + 1) % 5 != 0)
		return false;
	size_t groups = (n + 1) / 5;
	if (groups * 2 != 6 && groups * 2 != 8 && groups * 2 != 20)
		return false;
	for (size_t i = 0; i < n; i += 5)
		if (!all(s + i, 4, isxdigit) || (i + 4 < n && s[i + 4] != '.'))
			return false;
	return true;
}

/* net/mail.ParseAddress, approximated: "Name <local@domain>" or local@domain
 * with a dot-atom or quoted local part and a dot-atom domain. */
static bool is_email(const char *s)
{
	const char *lt = strrchr(s, '<');
	char *addr = lt ? xstrdup(lt + 1) : xstrdup(s);
	size_t n = strlen(addr);
	bool ok = true;
	if (lt) {
		ok = n > 0 && addr[n - 1] == '>';
		addr[n ? n - 1 : 0] = 0;
	}
	char *at = strrchr(addr, '@');
	if (!ok || !at || at == addr || !at[1]) {
		free(addr);
		return false;
	}
	static const char atext[] = "!#$%&'*+-/=?^_`{|}~.";
	for (char *c = addr; c < at && ok; c++)
		ok = isalnum((unsigned char)*c) || strchr(atext, *c) || (unsigned char)*c >= 0x80 ||
		     (addr[0] == '"' && at[-1] == '"');
	for (char *c = at + 1; *c && ok; c++)
		ok = isalnum((unsigned char)*c) || *c == '-' || *c == '.' || (unsigned char)*c >= 0x80;
	ok = ok && addr[0] != '.' && at[-1] != '.' && at[1] != '.' && !strstr(at, "..");
	free(addr);
	return ok;
}

/* url.ParseRequestURI, approximated: an absolute path, or scheme ":" rest,
 * with no spaces or control characters. */
static bool is_uri(const char *s)
{
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			return false;
	if (s[0] == '/')
		return true;
	if (!isalpha((unsigned char)s[0]))
		return false;
	const char *c = s + 1;
	while (isalnum((unsigned char)*c) || *c == '+' || *c == '-' || *c == '.')
		c++;
	return *c == ':';
}

/* Go's time.ParseDuration, or kube-openapi's "N unit" form (3 days, 1 w). */
static bool is_duration(const char *s)
{
	static const char *const go_units[] = {"ns", "us", "\xc2\xb5s", "\xce\xbcs", "ms", "s", "m", "h"};
	static const char *const words[] = {"ns", "us", "ms", "s", "m", "h", "d", "w", "nanosecond", "nanoseconds",
					    "microsecond", "microseconds", "millisecond", "milliseconds", "second",
					    "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour",
					    "hours", "hr", "hrs", "day", "days", "week", "weeks"};
	const char *p = s;
	size_t k = 0;
	while (isdigit((unsigned char)p[k]))
		k++;
	if (k) {
		const char *u = p + k;
		while (*u == ' ')
			u++;
		for (size_t i = 0; i < ARRAY_LEN(words); i++)
			if (strcmp(u, words[i]) == 0)
				return true;
	}
	if (*p == '+' || *p == '-')
		p++;
	if (strcmp(p, "0") == 0)
		return true;
	if (!*p)
		return false;
	while (*p) {
		size_t d = 0, f = 0;
		while (isdigit((unsigned char)p[d]))
			d++;
		if (p[d] == '.')
			for (f = 1; isdigit((unsigned char)p[d + f]); f++)
				;
		if (d == 0 && f <= 1)
			return false;
		p += d + f;
		size_t best = 0;
		for (size_t i = 0; i < ARRAY_LEN(go_units); i++) {
			size_t l = strlen(go_units[i]);
			if (strncmp(p, go_units[i], l) == 0 && l > best)
				best = l;
		}
		if (!best)
			return false;
		p += best;
	}
	return true;
}

/* govalidator's ISBN-10 and ISBN-13 checksums, spaces and dashes ignored. */
static bool is_isbn(const char *s, int version)
{
	char d[32];
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (n == sizeof(d) - 1)
			return false;
		d[n++] = *s;
	}
	d[n] = 0;
	if ((version == 10 || version == 0) && n == 10 && digits(d, 9) && (isdigit((unsigned char)d[9]) || d[9] == 'X')) {
		int sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (i + 1) * (d[i] - '0');
		sum += d[9] == 'X' ? 100 : 10 * (d[9] - '0');
		if (sum % 11 == 0)
			return true;
	}
	if ((version == 13 || version == 0) && n == 13 && digits(d, 13)) {
		int sum = 0;
		for (int i = 0; i < 12; i++)
			sum += (i % 2 ? 3 : 1) * (d[i] - '0');
		return (10 - sum % 10) % 10 == d[12] - '0';
	}
	return false;
}

/* govalidator.IsCreditCard: non-digits dropped, a known issuer's shape, Luhn. */
static bool is_creditcard(const char *s, struct re2_cache *c)
{
	char d[64];
	size_t n = 0;
	for (; *s; s++)
		if (isdigit((unsigned char)*s)) {
			if (n == sizeof(d) - 1)
				return false;
			d[n++] = *s;
		}
	d[n] = 0;
	if (!matches(c, creditcard_re, d))
		return false;
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';
		if (i % 2) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

static bool is_hostname(const char *s, struct re2_cache *c)
{
	if (strlen(s) > 255 || !matches(c, hostname_re, s))
		return false;
	for (const char *p = s; *p;) {
		size_t l = strcspn(p, ".");
		if (l > 63)
			return false;
		p += l + (p[l] == '.');
	}
	return true;
}

/* version: the first digit of the third group; variant: of the fourth. */
static bool is_uuid(const char *s, const char *version, const char *variant, struct re2_cache *c)
{
	char pat[sizeof(UUID_RE) + 32];
	snprintf(pat, sizeof(pat), UUID_RE, version, variant);
	return matches(c, pat, s);
}

enum fmt_id { FMT_BSON, FMT_URI, FMT_EMAIL, FMT_HOSTNAME, FMT_IPV4, FMT_IPV6, FMT_CIDR, FMT_MAC, FMT_UUID,
	      FMT_UUID3, FMT_UUID4, FMT_UUID5, FMT_ISBN, FMT_ISBN10, FMT_ISBN13, FMT_CREDITCARD, FMT_SSN,
	      FMT_HEXCOLOR, FMT_RGBCOLOR, FMT_BYTE, FMT_PASSWORD, FMT_DATE, FMT_DURATION, FMT_DATETIME };

/* Names as kube-openapi normalises them (dashes removed). */
static const struct {
	const char *name;
	enum fmt_id id;
} formats[] = {
	{"bsonobjectid", FMT_BSON}, {"uri", FMT_URI}, {"email", FMT_EMAIL}, {"hostname", FMT_HOSTNAME},
	{"ipv4", FMT_IPV4}, {"ipv6", FMT_IPV6}, {"cidr", FMT_CIDR}, {"mac", FMT_MAC}, {"uuid", FMT_UUID},
	{"uuid3", FMT_UUID3}, {"uuid4", FMT_UUID4}, {"uuid5", FMT_UUID5}, {"isbn", FMT_ISBN},
	{"isbn10", FMT_ISBN10}, {"isbn13", FMT_ISBN13}, {"creditcard", FMT_CREDITCARD}, {"ssn", FMT_SSN},
	{"hexcolor", FMT_HEXCOLOR}, {"rgbcolor", FMT_RGBCOLOR}, {"byte", FMT_BYTE}, {"password", FMT_PASSWORD},
	{"date", FMT_DATE}, {"duration", FMT_DURATION}, {"datetime", FMT_DATETIME},
};

static int lookup(const char *format)
{
	char norm[32];
	size_t n = 0;
	for (; *format && n < sizeof(norm) - 1; format++)
		if (*format != '-')
			norm[n++] = *format;
	if (*format)
		return -1;
	norm[n] = 0;
	for (size_t i = 0; i < ARRAY_LEN(formats); i++)
		if (strcmp(formats[i].name, norm) == 0)
			return (int)formats[i].id;
	return -1;
}

bool strfmt_known(const char *format)
{
	return lookup(format) >= 0;
}

bool strfmt_check(const char *format, const char *s, struct re2_cache *c)
{
	switch ((enum fmt_id)lookup(format)) {
	case FMT_BSON: return strlen(s) == 24 && all(s, 24, isxdigit);
	case FMT_URI: return is_uri(s);
	case FMT_EMAIL: return is_email(s);
	case FMT_HOSTNAME: return is_hostname(s, c);
	case FMT_IPV4: return is_ipv4(s);
	case FMT_IPV6: return is_ipv6(s);
	case FMT_CIDR: return is_cidr(s);
	case FMT_MAC: return is_mac(s);
	case FMT_UUID: return is_uuid(s, "[0-9a-f]", "[0-9a-f]", c);
	case FMT_UUID3: return is_uuid(s, "3", "[0-9a-f]", c);
	case FMT_UUID4: return is_uuid(s, "4", "[89ab]", c);
	case FMT_UUID5: return is_uuid(s, "5", "[89ab]", c);
	case FMT_ISBN: return is_isbn(s, 0);
	case FMT_ISBN10: return is_isbn(s, 10);
	case FMT_ISBN13: return is_isbn(s, 13);
	case FMT_CREDITCARD: return is_creditcard(s, c);
	case FMT_SSN: return matches(c, "^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$", s);
	case FMT_HEXCOLOR: return matches(c, "^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", s);
	case FMT_RGBCOLOR: return matches(c, rgbcolor_re, s);
	case FMT_BYTE: return is_base64(s);
	case FMT_PASSWORD: return true;
	case FMT_DATE: return is_date(s, strlen(s));
	case FMT_DURATION: return is_duration(s);
	case FMT_DATETIME: return is_datetime(s);
	}
	return true;
}

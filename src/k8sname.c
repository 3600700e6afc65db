/* The patterns are apimachinery's (pkg/util/validation), checked by hand. */
#include "config.h"
#include "k8sname.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define DNS1035_MSG "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an " \
	"alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used " \
	"for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
#define DNS1123_LABEL_MSG "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " \
	"and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for " \
	"validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
#define DNS1123_SUBDOMAIN_MSG "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric " \
	"characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex " \
	"used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
#define QNAME_MSG "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " \
	"alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " \
	"'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
#define LABEL_VALUE_MSG "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' " \
	"or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or " \
	"'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

static void reason(struct buf *why, const char *prefix, const char *msg)
{
	if (why->len)
		buf_addc(why, ',');
	buf_addf(why, "%s%s", prefix, msg);
}

static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool alnum(char c)
{
	return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? over s[0..n); first_alpha for DNS-1035. */
static bool label_shape(const char *s, size_t n, bool first_alpha)
{
	if (n == 0 || !lower_alnum(s[0]) || !lower_alnum(s[n - 1]))
		return false;
	if (first_alpha && !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!lower_alnum(s[i]) && s[i] != '-')
			return false;
	return true;
}

static bool subdomain_shape(const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || s[i] == '.') {
			if (!label_shape(s + start, i - start, false))
				return false;
			start = i + 1;
		}
	return true;
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] */
static bool qname_shape(const char *s, size_t n)
{
	if (n == 0 || !alnum(s[0]) || !alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

static bool check_label(const char *s, struct buf *why, bool first_alpha, const char *msg)
{
	size_t n = strlen(s), before = why->len;
	if (n > 63)
		reason(why, "", "must be no more than 63 characters");
	if (!label_shape(s, n, first_alpha))
		reason(why, "", msg);
	return why->len == before;
}

bool k8s_dns1035_label(const char *s, struct buf *why)
{
	return check_label(s, why, true, DNS1035_MSG);
}

bool k8s_dns1123_label(const char *s, struct buf *why)
{
	return check_label(s, why, false, DNS1123_LABEL_MSG);
}

static bool subdomain(const char *s, size_t n, struct buf *why, const char *prefix)
{
	size_t before = why->len;
	if (n > 253)
		reason(why, prefix, "must be no more than 253 characters");
	if (!subdomain_shape(s, n))
		reason(why, prefix, DNS1123_SUBDOMAIN_MSG);
	return why->len == before;
}

bool k8s_dns1123_subdomain(const char *s, struct buf *why)
{
	return subdomain(s, strlen(s), why, "");
}

bool k8s_qualified_name(const char *s, struct buf *why)
{
	size_t before = why->len;
	const char *slash = strchr(s, '/'), *name = s;
	if (slash && strchr(slash + 1, '/')) {
		reason(why, "a qualified name ", QNAME_MSG " with an optional DNS subdomain prefix and '/' (e.g. "
						  "'example.com/MyName')");
		return false;
	}
	if (slash) {
		if (slash == s)
			reason(why, "prefix part ", "must be non-empty");
		else
			subdomain(s, (size_t)(slash - s), why, "prefix part ");
		name = slash + 1;
	}
	size_t n = strlen(name);
	if (n == 0)
		reason(why, "name part ", "must be non-empty");
	else if (n > 63)
		reason(why, "name part ", "must be no more than 63 characters");
	if (n && !qname_shape(name, n))
		reason(why, "name part ", QNAME_MSG);
	return why->len == before;
}

bool k8s_label_value(const char *s, struct buf *why)
{
	size_t n = strlen(s), before = why->len;
	if (n > 63)
		reason(why, "", "must be no more than 63 characters");
	if (n && !qname_shape(s, n))
		reason(why, "", LABEL_VALUE_MSG);
	return why->len == before;
}

bool k8s_kind_name(const char *s, struct buf *why)
{
	char *low = xstrdup(s);
	for (char *c = low; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	struct buf w = BUF_INIT;
	bool ok = k8s_dns1035_label(low, &w);
	if (!ok)
		reason(why, "may have mixed case, but should otherwise match: ", w.p);
	buf_free(&w);
	free(low);
	return ok;
}

#include "config.h"
#include "opts.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void opts_usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "crdc %s: ", cmd->name);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'crdc %s --help'.\n", cmd->name);
}

static void list_add(struct strlist *l, const char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = s;
}

void strlist_free(struct strlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void store(const struct opt *o, const char *value)
{
	switch (o->kind) {
	case OPT_FLAG: *(bool *)o->dest = true; break;
	case OPT_VALUE: *(const char **)o->dest = value; break;
	case OPT_LIST: list_add(o->dest, value); break;
	}
}

static const struct opt *find_long(const struct opt *opts, const char *name, size_t len)
{
	for (const struct opt *o = opts; o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static const struct opt *find_short(const struct opt *opts, char c)
{
	for (const struct opt *o = opts; o->name; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

bool opts_parse(const struct command *cmd, const struct opt *opts, int argc, char **argv, struct strlist *operands,
		bool *help)
{
	*help = false;
	bool only_operands = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_operands || a[0] != '-' || strcmp(a, "-") == 0) {
			list_add(operands, a);
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_operands = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			*help = true;
			opts_help(stdout, cmd, opts);
			return true;
		}
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const struct opt *o = find_long(opts, name, len);
			if (!o) {
				opts_usage_error(cmd, "unknown option '--%.*s'", (int)len, name);
				return false;
			}
			if (o->kind == OPT_FLAG) {
				if (eq) {
					opts_usage_error(cmd, "option '--%s' takes no value", o->name);
					return false;
				}
				store(o, NULL);
				continue;
			}
			const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (!value) {
				opts_usage_error(cmd, "option '--%s' needs a value (%s)", o->name, o->arg);
				return false;
			}
			store(o, value);
			continue;
		}
		/* -abc: flags clustered, the last may take a value (-oDIR or -o DIR). */
		for (const char *p = a + 1; *p; p++) {
			const struct opt *o = find_short(opts, *p);
			if (!o) {
				opts_usage_error(cmd, "unknown option '-%c'", *p);
				return false;
			}
			if (o->kind == OPT_FLAG) {
				store(o, NULL);
				continue;
			}
			const char *value = p[1] ? p + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (!value) {
				opts_usage_error(cmd, "option '-%c' needs a value (%s)", o->short_name, o->arg);
				return false;
			}
			store(o, value);
			break;
		}
	}
	return true;
}

void opts_help(FILE *f, const struct command *cmd, const struct opt *opts)
{
	fprintf(f, "Usage: crdc %s %s\n%s\n\nOptions:\n", cmd->name, cmd->usage, cmd->summary);
	for (const struct opt *o = opts; o->name; o++) {
		char left[64];
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-30s %s\n", left, o->help);
	}
	fprintf(f, "  %-30s %s\n", "-h, --help", "show this help");
}

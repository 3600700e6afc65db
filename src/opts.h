/* opts.h: one option parser for every subcommand.
 *
 * Each command declares a table of options, one line each with its help
 * text; the parser, `--help` and the man page test all read that table. */
#ifndef CRDC_OPTS_H
#define CRDC_OPTS_H

#include <stdbool.h>
#include <stdio.h>

struct strlist {
	const char **v;	/* borrowed from argv */
	size_t n;
};

enum opt_kind { OPT_FLAG, OPT_VALUE, OPT_LIST };

struct opt {
	const char *name;	/* long name, without "--" */
	char short_name;	/* 0 if none */
	enum opt_kind kind;
	const char *arg;	/* metavariable for OPT_VALUE / OPT_LIST */
	const char *help;
	void *dest;		/* bool *, const char **, struct strlist * */
};

#define OPT_END {NULL, 0, OPT_FLAG, NULL, NULL, NULL}

struct command {
	const char *name;
	const char *usage;	/* after "crdc NAME " */
	const char *summary;	/* one line */
	int (*run)(int argc, char **argv);
};

/* Parses argv[1..] against opts.  Operands go to *operands.  On a usage
 * error prints it and returns false; on --help prints help and sets *help. */
bool opts_parse(const struct command *cmd, const struct opt *opts, int argc, char **argv, struct strlist *operands,
		bool *help);
void opts_help(FILE *f, const struct command *cmd, const struct opt *opts);
/* "crdc CMD: message" and "Try 'crdc CMD --help'." on stderr. */
void opts_usage_error(const struct command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strlist_free(struct strlist *l);

#endif

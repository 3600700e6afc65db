#include "config.h"
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

bool diag_quiet;
static unsigned n_errors;

static const char *sev_name(enum severity sev)
{
	switch (sev) {
	case SEV_ERROR: return "error";
	case SEV_WARNING: return "warning";
	default: return "note";
	}
}

static void vdiag(enum severity sev, const struct pos *at, const char *fmt, va_list ap)
{
	if (sev == SEV_ERROR)
		n_errors++;
	else if (diag_quiet)
		return;
	/* Keep messages in order with what went to stdout (diffs, summaries)
	 * when both go to one log. */
	fflush(stdout);
	if (!at || !at->file)
		fputs("crdc", stderr);
	else if (at->line)
		fprintf(stderr, "%s:%u:%u", at->file, at->line, at->col ? at->col : 1);
	else if (at->path)
		fprintf(stderr, "%s:%s", at->file, at->path[0] ? at->path : "/");
	else
		fputs(at->file, stderr);
	fprintf(stderr, ": %s: ", sev_name(sev));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void diag(enum severity sev, const struct pos *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(sev, at, fmt, ap);
	va_end(ap);
}

void diag_error(const struct pos *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(SEV_ERROR, at, fmt, ap);
	va_end(ap);
}

void diag_warning(const struct pos *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(SEV_WARNING, at, fmt, ap);
	va_end(ap);
}

void diag_note(const struct pos *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(SEV_NOTE, at, fmt, ap);
	va_end(ap);
}

void diag_plain(enum severity sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(sev, NULL, fmt, ap);
	va_end(ap);
}

unsigned diag_error_count(void)
{
	return n_errors;
}

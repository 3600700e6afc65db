/* diag.h: every message crdc prints about its input has one shape:
 *   file:line:col: error: message          (a position in a file)
 *   file:/json/pointer: error: message     (a place with no position)
 *   crdc: error: message                   (no file at all)
 */
#ifndef CRDC_DIAG_H
#define CRDC_DIAG_H

#include <stdbool.h>

/* Exit statuses, documented in README and crdc(1). */
enum {
	EXIT_OK = 0,
	EXIT_STALE = 1,	/* --check found stale output; lint/validate found problems */
	EXIT_INPUT = 2,	/* usage error, unreadable or invalid input, I/O failure */
};

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

/* A place in an input: line and col are 1-based; line 0 means "unknown",
 * in which case path (a JSON Pointer) is printed if set. */
struct pos {
	const char *file;
	unsigned line, col;
	const char *path;
};

void diag(enum severity sev, const struct pos *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_error(const struct pos *at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warning(const struct pos *at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(const struct pos *at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "crdc: error: ..." for errors that belong to no file. */
void diag_plain(enum severity sev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Number of errors printed so far (warnings are not counted). */
unsigned diag_error_count(void);
/* -q: silence notes and warnings (errors are always printed). */
extern bool diag_quiet;

#endif

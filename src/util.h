/* util.h: allocation that never returns NULL, and a growable byte buffer. */
#ifndef CRDC_UTIL_H
#define CRDC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Out of memory is not recoverable for a command-line compiler: these print
 * one line and exit with status 2 instead of returning NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

struct buf {
	char *p;
	size_t len, cap;
};
#define BUF_INIT {NULL, 0, 0}

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents NUL-terminated; the buffer is left empty. */
char *buf_detach(struct buf *b, size_t *len);
void buf_free(struct buf *b);
void buf_truncate(struct buf *b, size_t len);

bool str_has_suffix(const char *s, const char *suffix);
bool str_has_prefix(const char *s, const char *prefix);

#endif

/* fsutil.h: reading inputs safely and writing outputs atomically. */
#ifndef CRDC_FSUTIL_H
#define CRDC_FSUTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* Largest input file crdc reads (templates, fragments, CRDs, resources).
 * The API server's own limit for a CRD is 1.5 MiB; this leaves room for
 * multi-document files while keeping hostile input bounded. */
#define FS_MAX_INPUT (32u << 20)
/* --schema documents (a cluster's /openapi/v2 is about 4 MB). */
#define FS_MAX_SCHEMA (64u << 20)

/* Reads a regular file (or stdin for "-") of at most max bytes.  FIFOs,
 * devices and directories are refused.  On failure prints a diagnostic
 * naming `display` and returns false. */
bool fs_read(const char *path, const char *display, size_t max, char **data, size_t *len);

/* An output being written: data goes to a temporary file beside the
 * destination, which replaces the destination only on fs_commit(). */
struct fs_out {
	char *dest;
	char *tmp;
	bool in_place;		/* dest is a device or FIFO: written on commit */
	const char *data;	/* borrowed until commit, for in_place */
	size_t len;
};

/* Writes data to a new temporary file next to dest (next to where dest
 * points, if it is a symlink).  false (diagnosed) on any failure, in which
 * case nothing is left behind.  A dest that is a device or FIFO (/dev/null,
 * /dev/stdout) is not replaced but written on commit; data must then stay
 * alive until fs_commit(). */
bool fs_stage(struct fs_out *o, const char *dest, const char *data, size_t len);
/* Renames the temporary file over the destination. */
bool fs_commit(struct fs_out *o);
/* Removes the temporary file. */
void fs_discard(struct fs_out *o);

/* Blocks the signals that make crdc remove its temporary files and die
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT) in the calling thread; *old receives
 * the previous mask.  Threads must start with them blocked. */
void fs_block_signals(sigset_t *old);

/* Writes data to dest atomically (stage + commit). */
bool fs_write_atomic(const char *dest, const char *data, size_t len);

/* Lists the regular .yaml, .yml and .json files directly inside dir, sorted
 * bytewise.  Returns false (diagnosed) if dir cannot be read. */
bool fs_list_templates(const char *dir, char ***names, size_t *n);

/* Whether path is a regular file holding exactly these bytes (no message
 * when it is not, or cannot be read). */
bool fs_same_content(const char *path, const char *data, size_t len);

bool fs_is_dir(const char *path);
/* Joins a and b with one '/'. */
char *fs_join(const char *a, const char *b);
/* The directory part of path ("." if none). */
char *fs_dirname(const char *path);
/* mkdir -p */
bool fs_mkdirs(const char *path);
/* Lexically normalises a path: removes "." and "x/.." pairs and doubled '/'. */
char *fs_normalize(const char *path);
/* path relative to base when path lies under base (both absolute or both
 * relative), else a copy of path. */
char *fs_relative(const char *path, const char *base);

#endif

/* diff.h: unified diffs for `crdc build --check`.
 *
 * crdc writes its own (Myers' O(ND) algorithm, linear-space variant):
 * jansson, libyaml and libfyaml have none, and running diff(1) would make
 * the pre-commit path depend on a program and a temporary file. */
#ifndef CRDC_DIFF_H
#define CRDC_DIFF_H

#include <stddef.h>

#include "util.h"

/* Appends to out the unified diff (3 lines of context) that turns a into b,
 * with headers naming a_name and b_name.  Appends nothing when the texts
 * are equal.  Returns the number of lines removed plus lines added. */
size_t diff_unified(struct buf *out, const char *a_name, const char *a, size_t alen, const char *b_name,
		    const char *b, size_t blen);

#endif

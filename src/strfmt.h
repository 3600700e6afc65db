/* strfmt.h: the string formats the API server validates in custom
 * resources (kube-openapi's strfmt registry as of Kubernetes 1.30).  Other
 * formats are accepted by the API server and ignored. */
#ifndef CRDC_STRFMT_H
#define CRDC_STRFMT_H

#include <stdbool.h>

#include "re2check.h"

/* Whether format names a checked string format ("date-time" and
 * "datetime" are the same: dashes are ignored, as kube-openapi does). */
bool strfmt_known(const char *format);
/* Whether s is valid for format; unknown formats accept everything.  re
 * caches the patterns some formats are defined by. */
bool strfmt_check(const char *format, const char *s, struct re2_cache *re);

#endif

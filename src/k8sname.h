/* k8sname.h: Kubernetes name syntax (DNS labels and subdomains, label keys
 * and values), with the API server's wording.  Each check returns true when
 * s is valid; otherwise it appends the API server's reasons, joined by ",",
 * to why. */
#ifndef CRDC_K8SNAME_H
#define CRDC_K8SNAME_H

#include <stdbool.h>

#include "util.h"

bool k8s_dns1035_label(const char *s, struct buf *why);
bool k8s_dns1123_label(const char *s, struct buf *why);
bool k8s_dns1123_subdomain(const char *s, struct buf *why);
/* A label or annotation key: an optional DNS subdomain prefix and '/', then a name. */
bool k8s_qualified_name(const char *s, struct buf *why);
bool k8s_label_value(const char *s, struct buf *why);
/* A Go identifier-ish Kind: a DNS-1035 label once lower-cased. */
bool k8s_kind_name(const char *s, struct buf *why);

#endif

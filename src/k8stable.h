/* k8stable.h: what crdc knows about Kubernetes, kept as data in one place
 * (k8stable.c).  Code asks these tables; it does not compare names itself. */
#ifndef CRDC_K8STABLE_H
#define CRDC_K8STABLE_H

#include <stdbool.h>

/* How a referenced Kubernetes type becomes CRD schema. */
enum conv_kind {
	CONV_NONE,		/* expand the definition as it is */
	CONV_INT_OR_STRING,	/* x-kubernetes-int-or-string, anyOf integer|string */
	CONV_QUANTITY,		/* the same plus the quantity pattern */
	CONV_OBJECT_PRESERVE,	/* type: object + x-kubernetes-preserve-unknown-fields */
	CONV_ANY_PRESERVE,	/* x-kubernetes-preserve-unknown-fields, no type (any JSON) */
	CONV_DATE_TIME,		/* type: string, format: date-time */
	CONV_OBJECT_META,	/* embedded ObjectMeta: see --embedded-metadata */
};

struct conv_rule {
	const char *name;	/* definition name, e.g. io.k8s.apimachinery.pkg.util.intstr.IntOrString */
	enum conv_kind kind;
	const char *why;	/* one line for README and `crdc show` */
};

/* The rule for a definition name, or NULL. */
const struct conv_rule *k8s_conv_rule(const char *name);
/* All rules, NULL-terminated by a rule with name NULL. */
extern const struct conv_rule k8s_conv_rules[];

/* The pattern controller-gen emits for resource.Quantity. */
extern const char k8s_quantity_pattern[];

/* Fields of an embedded ObjectMeta kept by --embedded-metadata=subset. */
extern const char *const k8s_meta_subset[];
/* Fields of ObjectMeta dropped even by --embedded-metadata=full. */
extern const char *const k8s_meta_dropped[];

/* Whether key is a field of apiextensions/v1 JSONSchemaProps. */
bool k8s_is_schema_key(const char *key);
extern const char *const k8s_schema_keys[];

/* Defaults for list-map keys that the upstream documents do not give (the
 * v2 documents carry no defaults at all).  JSON text of the default, or NULL. */
const char *k8s_listmap_default(const char *definition, const char *property);

/* Schema keywords whose value is a schema, a map of schemas, or an array of
 * schemas: the places where $ref is followed and descriptions live. */
enum schema_slot { SLOT_NONE, SLOT_SCHEMA, SLOT_SCHEMA_MAP, SLOT_SCHEMA_ARRAY, SLOT_SCHEMA_OR_ARRAY,
		   SLOT_SCHEMA_OR_BOOL, SLOT_DEPENDENCIES };
enum schema_slot k8s_schema_slot(const char *key);

#endif

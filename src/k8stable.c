#include "config.h"
#include "k8stable.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

const struct conv_rule k8s_conv_rules[] = {
	{"io.k8s.apimachinery.pkg.util.intstr.IntOrString", CONV_INT_OR_STRING,
	 "accepts 8786 and \"http\": x-kubernetes-int-or-string with anyOf integer/string"},
	{"io.k8s.apimachinery.pkg.api.resource.Quantity", CONV_QUANTITY,
	 "accepts 1 and \"500m\": int-or-string plus the quantity pattern"},
	{"io.k8s.apimachinery.pkg.runtime.RawExtension", CONV_OBJECT_PRESERVE,
	 "any embedded object: type object, unknown fields preserved"},
	{"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON", CONV_ANY_PRESERVE,
	 "any JSON value: unknown fields preserved, no type"},
	{"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSON", CONV_ANY_PRESERVE,
	 "any JSON value: unknown fields preserved, no type"},
	{"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", CONV_OBJECT_PRESERVE,
	 "recursive: type object, unknown fields preserved"},
	{"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps", CONV_OBJECT_PRESERVE,
	 "recursive: type object, unknown fields preserved"},
	{"io.k8s.apimachinery.pkg.apis.meta.v1.Time", CONV_DATE_TIME, "type string, format date-time"},
	{"io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime", CONV_DATE_TIME, "type string, format date-time"},
	{"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", CONV_OBJECT_META,
	 "embedded metadata: see --embedded-metadata"},
	{"io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1", CONV_OBJECT_PRESERVE,
	 "opaque field set: type object, unknown fields preserved"},
	{NULL, CONV_NONE, NULL},
};

const struct conv_rule *k8s_conv_rule(const char *name)
{
	for (const struct conv_rule *r = k8s_conv_rules; r->name; r++)
		if (strcmp(r->name, name) == 0)
			return r;
	return NULL;
}

const char k8s_quantity_pattern[] =
	"^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

const char *const k8s_meta_subset[] = {"annotations", "finalizers", "labels", "name", "namespace", NULL};
const char *const k8s_meta_dropped[] = {"managedFields", NULL};

/* apiextensions.k8s.io/v1 JSONSchemaProps, by JSON name. */
const char *const k8s_schema_keys[] = {
	"$ref", "$schema", "additionalItems", "additionalProperties", "allOf", "anyOf", "default",
	"definitions", "dependencies", "description", "enum", "example", "exclusiveMaximum",
	"exclusiveMinimum", "externalDocs", "format", "id", "items", "maxItems", "maxLength",
	"maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf",
	"not", "nullable", "oneOf", "pattern", "patternProperties", "properties", "required", "title",
	"type", "uniqueItems", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
	"x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type",
	"x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations", NULL,
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(a, *(const char *const *)b);
}

bool k8s_is_schema_key(const char *key)
{
	/* k8s_schema_keys is sorted (strcmp order); the unit tests check it. */
	return bsearch(key, k8s_schema_keys, ARRAY_LEN(k8s_schema_keys) - 1, sizeof(k8s_schema_keys[0]), cmp_key);
}

static const struct {
	const char *definition, *property, *json;
} listmap_defaults[] = {
	{"io.k8s.api.core.v1.ContainerPort", "protocol", "\"TCP\""},
	{"io.k8s.api.core.v1.ServicePort", "protocol", "\"TCP\""},
	{"io.k8s.api.core.v1.EndpointPort", "protocol", "\"TCP\""},
	{"io.k8s.api.discovery.v1.EndpointPort", "protocol", "\"TCP\""},
};

const char *k8s_listmap_default(const char *definition, const char *property)
{
	for (size_t i = 0; i < sizeof(listmap_defaults) / sizeof(listmap_defaults[0]); i++)
		if (strcmp(listmap_defaults[i].definition, definition) == 0 &&
		    strcmp(listmap_defaults[i].property, property) == 0)
			return listmap_defaults[i].json;
	return NULL;
}

enum schema_slot k8s_schema_slot(const char *key)
{
	/* Called for every key of every schema: a switch on the first letter
	 * settles most keys with at most two comparisons. */
	switch (key[0]) {
	case 'a':
		if (!strcmp(key, "additionalProperties") || !strcmp(key, "additionalItems"))
			return SLOT_SCHEMA_OR_BOOL;
		if (!strcmp(key, "allOf") || !strcmp(key, "anyOf"))
			return SLOT_SCHEMA_ARRAY;
		return SLOT_NONE;
	case 'd':
		return !strcmp(key, "definitions") ? SLOT_SCHEMA_MAP
		       : !strcmp(key, "dependencies") ? SLOT_DEPENDENCIES : SLOT_NONE;
	case 'i': return !strcmp(key, "items") ? SLOT_SCHEMA_OR_ARRAY : SLOT_NONE;
	case 'n': return !strcmp(key, "not") ? SLOT_SCHEMA : SLOT_NONE;
	case 'o': return !strcmp(key, "oneOf") ? SLOT_SCHEMA_ARRAY : SLOT_NONE;
	case 'p':
		return !strcmp(key, "properties") || !strcmp(key, "patternProperties") ? SLOT_SCHEMA_MAP : SLOT_NONE;
	default: return SLOT_NONE;
	}
}

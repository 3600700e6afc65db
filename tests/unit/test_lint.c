/* CRD rules: a clean CRD, then one JSON Patch per case that breaks exactly
 * one rule (code and JSON Pointer asserted) and a twin patch that passes. */
#include "unit.h"
#include "jsonutil.h"
#include "k8stable.h"
#include "lint.h"
#include "lint_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char base_crd[] =
	"{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
	"\"metadata\":{\"name\":\"widgets.example.com\"},"
	"\"spec\":{\"group\":\"example.com\",\"scope\":\"Namespaced\","
	"\"names\":{\"plural\":\"widgets\",\"singular\":\"widget\",\"kind\":\"Widget\",\"listKind\":\"WidgetList\"},"
	"\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,"
	"\"subresources\":{\"status\":{},\"scale\":{\"specReplicasPath\":\".spec.replicas\","
	"\"statusReplicasPath\":\".status.replicas\"}},"
	"\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{"
	"\"metadata\":{\"type\":\"object\"},"
	"\"spec\":{\"type\":\"object\",\"properties\":{"
	"\"replicas\":{\"type\":\"integer\",\"default\":1},"
	"\"port\":{\"x-kubernetes-int-or-string\":true,\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]},"
	"\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"},"
	"\"items\":{\"type\":\"array\",\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"],"
	"\"items\":{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"},"
	"\"value\":{\"type\":\"string\"}}}}}},"
	"\"status\":{\"type\":\"object\",\"properties\":{\"replicas\":{\"type\":\"integer\"}}}}}}}]}}";

#define V "/spec/versions/0"
#define S V "/schema/openAPIV3Schema"
#define P S "/properties/spec/properties"
#define OP(op, path, value) "{\"op\":\"" op "\",\"path\":\"" path "\",\"value\":" value "}"
#define ADD(path, value) OP("add", path, value)
#define REPLACE(path, value) OP("replace", path, value)
#define REMOVE(path) "{\"op\":\"remove\",\"path\":\"" path "\"}"

/* bad and good are JSON Patch operations (without the brackets); good ""
 * is the clean base itself. */
static const struct lcase {
	const char *code, *path, *bad, *good;
} cases[] = {
	{"crd-api-version", "/apiVersion", REPLACE("/apiVersion", "\"apiextensions.k8s.io/v1beta1\""), ""},
	{"crd-kind", "/kind", REPLACE("/kind", "\"Widget\""), ""},
	{"crd-name", "/metadata/name", REPLACE("/spec/names/plural", "\"gadgets\""),
	 REPLACE("/spec/names/plural", "\"gadgets\"") "," REPLACE("/metadata/name", "\"gadgets.example.com\"")},
	{"crd-group", "/spec/group", REPLACE("/spec/group", "\"example\"") "," REPLACE("/metadata/name", "\"widgets.example\""),
	 REPLACE("/spec/group", "\"example.org\"") "," REPLACE("/metadata/name", "\"widgets.example.org\"")},
	{"crd-scope", "/spec/scope", REPLACE("/spec/scope", "\"Global\""), REPLACE("/spec/scope", "\"Cluster\"")},
	{"crd-names", "/spec/names/shortNames/0", ADD("/spec/names/shortNames", "[\"W\"]"),
	 ADD("/spec/names/shortNames", "[\"wd\"]")},
	{"crd-names", "/spec/names/listKind", REPLACE("/spec/names/listKind", "\"Widget\""), REMOVE("/spec/names/listKind")},
	{"crd-names", "/spec/names/kind", REPLACE("/spec/names/kind", "\"Wid get\""), REMOVE("/spec/names/singular")},
	{"crd-storage-version", "/spec/versions", REPLACE(V "/storage", "false"), ""},
	{"crd-version-name", V "/name", REPLACE(V "/name", "\"V1\""), REPLACE(V "/name", "\"v1beta1\"")},
	{"crd-version-schema", V "/schema/openAPIV3Schema", REMOVE(V "/schema") "," REMOVE(V "/subresources"), ""},
	{"crd-unknown-field", V "/foo", ADD(V "/foo", "1"), ADD(V "/deprecated", "true")},
	{"crd-field-type", V "/served", REPLACE(V "/served", "\"yes\""), REPLACE(V "/served", "false")},
	{"crd-preserve-unknown-fields", "/spec/preserveUnknownFields", ADD("/spec/preserveUnknownFields", "true"),
	 ADD("/spec/preserveUnknownFields", "false")},
	{"crd-deprecation-warning", V "/deprecationWarning", ADD(V "/deprecationWarning", "\"old\""),
	 ADD(V "/deprecationWarning", "\"old\"") "," ADD(V "/deprecated", "true")},
	{"crd-scale", V "/subresources/scale/specReplicasPath",
	 REPLACE(V "/subresources/scale/specReplicasPath", "\".status.replicas\""), ""},
	{"crd-scale-path", V "/subresources/scale/specReplicasPath",
	 REPLACE(V "/subresources/scale/specReplicasPath", "\".spec.count\""), ""},
	{"crd-printer-column", V "/additionalPrinterColumns/0/type",
	 ADD(V "/additionalPrinterColumns", "[{\"name\":\"R\",\"type\":\"int\",\"jsonPath\":\".spec.replicas\"}]"),
	 ADD(V "/additionalPrinterColumns", "[{\"name\":\"R\",\"type\":\"integer\",\"jsonPath\":\".spec.replicas\"}]")},
	{"crd-printer-column-path", V "/additionalPrinterColumns/0/jsonPath",
	 ADD(V "/additionalPrinterColumns", "[{\"name\":\"R\",\"type\":\"integer\",\"jsonPath\":\".spec.count\"}]"),
	 ADD(V "/additionalPrinterColumns", "[{\"name\":\"Age\",\"type\":\"date\",\"jsonPath\":\".metadata.creationTimestamp\"}]")},
	{"crd-selectable-field", V "/selectableFields/0/jsonPath", ADD(V "/selectableFields", "[{\"jsonPath\":\".spec.port\"}]"),
	 ADD(V "/selectableFields", "[{\"jsonPath\":\".spec.name\"}]")},
	{"crd-conversion", "/spec/conversion/webhook/clientConfig", ADD("/spec/conversion", "{\"strategy\":\"Webhook\"}"),
	 ADD("/spec/conversion", "{\"strategy\":\"Webhook\",\"webhook\":{\"conversionReviewVersions\":[\"v1\"],"
				 "\"clientConfig\":{\"service\":{\"name\":\"w\",\"namespace\":\"ns\"}}}}")},
	{"crd-conversion", "/spec/conversion/webhook", ADD("/spec/conversion", "{\"strategy\":\"None\",\"webhook\":{}}"),
	 ADD("/spec/conversion", "{\"strategy\":\"None\"}")},
	{"crd-api-approval", "/metadata/annotations/api-approved.kubernetes.io",
	 REPLACE("/spec/group", "\"x.k8s.io\"") "," REPLACE("/metadata/name", "\"widgets.x.k8s.io\""),
	 REPLACE("/spec/group", "\"x.k8s.io\"") "," REPLACE("/metadata/name", "\"widgets.x.k8s.io\"") ","
	 ADD("/metadata/annotations", "{\"api-approved.kubernetes.io\":\"https://github.com/kubernetes/enhancements/pull/1111\"}")},
	{"crd-status-root", S "/minProperties", ADD(S "/minProperties", "1"), ADD(S "/description", "\"A widget\"")},
	{"structural-type-missing", P "/foo/type", ADD(P "/foo", "{}"), ADD(P "/foo", "{\"type\":\"boolean\"}")},
	{"structural-type-missing", P "/items/items/type", REMOVE(P "/items/items/type"), ""},
	{"structural-items-missing", P "/foo/items", ADD(P "/foo", "{\"type\":\"array\"}"),
	 ADD(P "/foo", "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}")},
	{"schema-unknown-key", P "/name/foo", ADD(P "/name/foo", "1"), ADD(P "/name/example", "\"abc\"")},
	{"schema-bad-value", P "/name/maxLength", ADD(P "/name/maxLength", "\"5\""), ADD(P "/name/maxLength", "5")},
	{"schema-type-invalid", P "/name/type", REPLACE(P "/name/type", "\"strng\""), ""},
	{"schema-unsupported", P "/foo/$ref", ADD(P "/foo", "{\"type\":\"object\",\"$ref\":\"#/definitions/X\"}"),
	 ADD(P "/foo", "{\"type\":\"object\"}")},
	{"schema-items-array", P "/foo/items", ADD(P "/foo", "{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}"),
	 ADD(P "/foo", "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}")},
	{"schema-unique-items", P "/foo/uniqueItems",
	 ADD(P "/foo", "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"uniqueItems\":true}"),
	 ADD(P "/foo", "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"x-kubernetes-list-type\":\"set\"}")},
	{"schema-additional-properties", P "/foo/additionalProperties",
	 ADD(P "/foo", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":{\"type\":\"string\"}}"),
	 ADD(P "/foo", "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}")},
	{"schema-additional-properties-false", P "/foo/additionalProperties",
	 ADD(P "/foo", "{\"type\":\"object\",\"additionalProperties\":false}"),
	 ADD(P "/foo", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":true}")},
	{"structural-junctor-forbidden", P "/foo/anyOf/0/type",
	 ADD(P "/foo", "{\"type\":\"string\",\"anyOf\":[{\"type\":\"string\"},{\"pattern\":\"a\"}]}"),
	 ADD(P "/foo", "{\"type\":\"string\",\"anyOf\":[{\"minLength\":1},{\"pattern\":\"a\"}]}")},
	{"structural-junctor-forbidden", P "/foo/anyOf/1/type",
	 ADD(P "/foo", "{\"x-kubernetes-int-or-string\":true,\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\",\"minLength\":1}]}"),
	 ADD(P "/foo", "{\"x-kubernetes-int-or-string\":true,\"allOf\":[{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]},"
		       "{\"pattern\":\"^[0-9]+$\"}]}")},
	{"structural-junctor-undefined", S "/properties/spec/properties/nope",
	 REMOVE(V "/subresources") "," ADD(S "/anyOf", "[{\"properties\":{\"spec\":{\"properties\":{\"nope\":{\"minLength\":1}}}}}]"),
	 REMOVE(V "/subresources") "," ADD(S "/anyOf", "[{\"properties\":{\"spec\":{\"properties\":{\"name\":{\"minLength\":1}}}}}]")},
	{"structural-root", S "/nullable", REMOVE(V "/subresources") "," ADD(S "/nullable", "true"),
	 REMOVE(V "/subresources") "," ADD(S "/nullable", "false")},
	{"structural-metadata", S "/properties/metadata", ADD(S "/properties/metadata/description", "\"meta\""),
	 ADD(S "/properties/metadata/properties", "{\"name\":{\"type\":\"string\",\"maxLength\":20}}")},
	{"schema-embedded-resource", P "/foo/properties",
	 ADD(P "/foo", "{\"type\":\"object\",\"x-kubernetes-embedded-resource\":true}"),
	 ADD(P "/foo", "{\"type\":\"object\",\"x-kubernetes-embedded-resource\":true,\"x-kubernetes-preserve-unknown-fields\":true}")},
	{"schema-int-or-string", P "/foo/x-kubernetes-preserve-unknown-fields",
	 ADD(P "/foo", "{\"x-kubernetes-int-or-string\":true,\"x-kubernetes-preserve-unknown-fields\":true}"),
	 ADD(P "/foo", "{\"x-kubernetes-int-or-string\":true}")},
	{"schema-preserve-unknown-fields", P "/foo/x-kubernetes-preserve-unknown-fields",
	 ADD(P "/foo", "{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":false}"),
	 ADD(P "/foo", "{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}")},
	{"schema-list-type", P "/foo/type", ADD(P "/foo", "{\"type\":\"string\",\"x-kubernetes-list-type\":\"set\"}"),
	 ADD(P "/foo", "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"x-kubernetes-list-type\":\"set\"}")},
	{"schema-list-type", P "/foo/items/x-kubernetes-map-type",
	 ADD(P "/foo", "{\"type\":\"array\",\"x-kubernetes-list-type\":\"set\",\"items\":{\"type\":\"object\"}}"),
	 ADD(P "/foo", "{\"type\":\"array\",\"x-kubernetes-list-type\":\"set\",\"items\":{\"type\":\"object\","
		       "\"x-kubernetes-map-type\":\"atomic\"}}")},
	{"schema-list-map-keys", P "/items/x-kubernetes-list-map-keys",
	 REPLACE(P "/items/x-kubernetes-list-map-keys", "[\"nope\"]"),
	 REPLACE(P "/items/x-kubernetes-list-map-keys", "[\"name\",\"value\"]") "," REPLACE(P "/items/items/required", "[\"name\",\"value\"]")},
	{"listmap-key-not-required", P "/items/items/properties/name/default", REMOVE(P "/items/items/required"),
	 REMOVE(P "/items/items/required") "," ADD(P "/items/items/properties/name/default", "\"x\"")},
	{"schema-map-type", P "/foo/type",
	 ADD(P "/foo", "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"x-kubernetes-map-type\":\"atomic\"}"),
	 ADD(P "/foo", "{\"type\":\"object\",\"x-kubernetes-map-type\":\"atomic\"}")},
	{"schema-pattern", P "/name/pattern", REPLACE(P "/name/pattern", "\"^(?!x)\""),
	 REPLACE(P "/name/pattern", "\"^[^x]\"")},
	{"schema-format-unknown", P "/name/format", ADD(P "/name/format", "\"colour\""),
	 ADD(P "/name/format", "\"hostname\"")},
	{"cel-rule", P "/name/x-kubernetes-validations/0/rule", ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\" \"}]"),
	 ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\"self != 'x'\"}]")},
	{"cel-rule", P "/name/x-kubernetes-validations/0/message",
	 ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\"self != 'x' &&\\nself != 'y'\"}]"),
	 ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\"self != 'x' &&\\nself != 'y'\",\"message\":\"not x or y\"}]")},
	{"cel-message", P "/name/x-kubernetes-validations/0/message",
	 ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\"true\",\"message\":\"a\\nb\"}]"),
	 ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\"true\",\"messageExpression\":\"'a' + self\"}]")},
	{"cel-reason", P "/name/x-kubernetes-validations/0/reason",
	 ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\"true\",\"reason\":\"Bad\"}]"),
	 ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\"true\",\"reason\":\"FieldValueForbidden\"}]")},
	{"cel-field-path", S "/properties/spec/x-kubernetes-validations/0/fieldPath",
	 ADD(S "/properties/spec/x-kubernetes-validations", "[{\"rule\":\"true\",\"fieldPath\":\".nope\"}]"),
	 ADD(S "/properties/spec/x-kubernetes-validations", "[{\"rule\":\"true\",\"fieldPath\":\".name\"}]")},
	{"schema-default-invalid", P "/replicas/default", REPLACE(P "/replicas/default", "\"one\""),
	 REPLACE(P "/replicas/default", "3")},
	{"schema-default-invalid", P "/name/default", ADD(P "/name/default", "\"ABC\""), ADD(P "/name/default", "\"abc\"")},
	{"schema-default-pruned", P "/foo/default",
	 ADD(P "/foo", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"default\":{\"b\":\"x\"}}"),
	 ADD(P "/foo", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"default\":{\"a\":\"x\"}}")},
	{"schema-default-forbidden", S "/properties/metadata/default", ADD(S "/properties/metadata/default", "{}"), ""},
	{"int-or-string-as-string", P "/foo/type", ADD(P "/foo", "{\"type\":\"string\",\"format\":\"int-or-string\"}"),
	 ADD(P "/foo", "{\"x-kubernetes-int-or-string\":true}")},
	{"int-or-string-as-string", P "/targetPort/type", ADD(P "/targetPort", "{\"type\":\"string\"}"),
	 ADD(P "/targetPort", "{\"x-kubernetes-int-or-string\":true}")},
	{"quantity-as-string", P "/resources/properties/limits/additionalProperties",
	 ADD(P "/resources", "{\"type\":\"object\",\"properties\":{\"limits\":{\"type\":\"object\",\"additionalProperties\":"
			     "{\"type\":\"string\"}}}}"),
	 ADD(P "/resources", "{\"type\":\"object\",\"properties\":{\"limits\":{\"type\":\"object\",\"additionalProperties\":"
			     "{\"x-kubernetes-int-or-string\":true,\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}}}}")},
	{"embedded-metadata-pruned", P "/template/properties/metadata/type",
	 ADD(P "/template", "{\"type\":\"object\",\"properties\":{\"metadata\":{\"type\":\"object\"}}}"),
	 ADD(P "/template", "{\"type\":\"object\",\"properties\":{\"metadata\":{\"type\":\"object\","
			    "\"x-kubernetes-preserve-unknown-fields\":true}}}")},
};

static json_t *J(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &e);
	if (!v)
		fail_msg("bad test JSON: %s: %s", text, e.text);
	return v;
}

static json_t *patched(const char *ops)
{
	json_t *crd = J(base_crd);
	char *text = xasprintf("[%s]", ops);
	json_t *patch = J(text);
	size_t op;
	struct buf msg = BUF_INIT;
	if (!json_patch_apply(&crd, patch, &op, &msg))
		fail_msg("patch %s: operation %zu: %s", text, op, msg.p);
	buf_free(&msg);
	json_decref(patch);
	free(text);
	return crd;
}

static void dump(const struct lint_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		fprintf(stderr, "    %s %s: %s\n", r->v[i].code, r->v[i].path, r->v[i].msg);
}

static void clean_base(void **state)
{
	(void)state;
	struct lint_report r = {0};
	json_t *crd = J(base_crd);
	lint_crd(crd, NULL, &r);
	if (r.n)
		dump(&r);
	assert_int_equal(r.n, 0);
	lint_report_free(&r);
	json_decref(crd);
}

static void one_rule_each(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct lcase *c = &cases[i];
		struct lint_report r = {0};
		json_t *crd = patched(c->bad);
		lint_crd(crd, NULL, &r);
		bool found = false;
		for (size_t k = 0; k < r.n; k++)
			found |= !strcmp(r.v[k].code, c->code) && !strcmp(r.v[k].path, c->path);
		if (!found) {
			dump(&r);
			fail_msg("case %zu: no %s at %s", i, c->code, c->path);
		}
		lint_report_free(&r);
		json_decref(crd);
		crd = patched(c->good);
		lint_crd(crd, NULL, &r);
		if (r.n != lint_report_count(&r, SEV_NOTE)) {
			dump(&r);
			fail_msg("case %zu (%s): the fixed twin has findings", i, c->code);
		}
		lint_report_free(&r);
		json_decref(crd);
	}
}

/* Rules are checked for form; a note says CEL is not compiled. */
static void cel_note(void **state)
{
	(void)state;
	struct lint_report r = {0};
	json_t *crd = patched(ADD(P "/name/x-kubernetes-validations", "[{\"rule\":\"a\"},{\"rule\":\"b\"}]"));
	lint_crd(crd, NULL, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0].code, "cel-not-evaluated");
	assert_int_equal(r.v[0].sev, SEV_NOTE);
	assert_non_null(strstr(r.v[0].msg, "2 x-kubernetes-validations rules"));
	lint_report_free(&r);
	json_decref(crd);
}

/* Messages in the API server's words. */
static void messages(void **state)
{
	(void)state;
	static const char *const want[][2] = {
		{ADD(P "/foo", "{}"), "Required value: must not be empty for specified object fields"},
		{ADD(P "/foo", "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"uniqueItems\":true}"),
		 "Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"},
		{REPLACE(P "/name/pattern", "\"a++\""),
		 "Invalid value: \"a++\": must be a valid regular expression, but isn't: error parsing regexp: invalid "
		 "nested repetition operator: `++`"},
		{REMOVE(P "/items/items/required"), "Required value: this property is in x-kubernetes-list-map-keys, so it "
						    "must have a default or be a required property"},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct lint_report r = {0};
		json_t *crd = patched(want[i][0]);
		lint_crd(crd, NULL, &r);
		assert_int_equal(r.n, 1);
		assert_string_equal(r.v[0].msg, want[i][1]);
		lint_report_free(&r);
		json_decref(crd);
	}
}

/* Size is measured as compact JSON, the form kubectl sends. */
static void size(void **state)
{
	(void)state;
	json_t *crd = J(base_crd);
	json_object_set_new(crd, "x", json_pack("[f, f, s, b, n, i]", 0.1, 1e300, "\xc3\xa9\"\\\n\x01", 1, -5));
	char *s = json_dumps(crd, JSON_COMPACT);
	assert_int_equal(lint_json_size(crd), strlen(s));
	free(s);
	json_decref(crd);
	struct lint_report r = {0};
	crd = J(base_crd);
	char *big = xmalloc(300001);
	memset(big, 'a', 300000);
	big[300000] = 0;
	json_object_set_new(json_object_get(crd, "metadata"), "annotations", json_pack("{s:s}", "big", big));
	lint_crd(crd, NULL, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0].code, "crd-size-apply");
	assert_non_null(strstr(r.v[0].msg, "/metadata/annotations/big"));
	lint_report_free(&r);
	struct lint_opts o = {.no_size = true};
	lint_crd(crd, &o, &r);
	assert_int_equal(r.n, 0);
	free(big);
	json_decref(crd);
}

/* The rule table: sorted, unique, every code explained; every JSONSchemaProps
 * field is a known key. */
static void rule_table(void **state)
{
	(void)state;
	for (const struct lint_rule *r = lint_rules; r->code; r++) {
		assert_true(strlen(r->why) > 10);
		if (r[1].code)
			assert_true(strcmp(r->code, r[1].code) < 0);
		assert_ptr_equal(lint_rule_find(r->code), r);
	}
	assert_null(lint_rule_find("no-such-rule"));
}

static void keyword_table(void **state)
{
	(void)state;
	assert_true(lint_tables_ok());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keyword_table),
		cmocka_unit_test(clean_base),
		cmocka_unit_test(one_rule_each),
		cmocka_unit_test(cel_note),
		cmocka_unit_test(messages),
		cmocka_unit_test(size),
		cmocka_unit_test(rule_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

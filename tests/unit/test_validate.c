/* Custom resources against schemas: one broken rule per case, each with a
 * twin that passes.  The schema and value go under .spec of a resource. */
#include "unit.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IOS "\"x-kubernetes-int-or-string\":true,\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]"
#define QUANTITY IOS ",\"pattern\":\"^(\\\\+|-)?(([0-9]+(\\\\.[0-9]*)?)|(\\\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE])?$\""
#define OBJ(props) "{\"type\":\"object\",\"properties\":{" props "}}"

static const struct vcase {
	const char *schema, *bad, *code, *path, *good;
} cases[] = {
	{"{\"type\":\"integer\"}", "\"x\"", "value-type", "/spec", "8786"},
	{"{" IOS "}", "true", "value-type", "/spec", "8786"},
	{"{" IOS "}", "1.5", "value-type", "/spec", "\"http\""},
	{"{" QUANTITY "}", "\"abc\"", "value-pattern", "/spec", "1"},
	{"{" QUANTITY "}", "\"1 Gi\"", "value-pattern", "/spec", "\"500m\""},
	{"{\"type\":\"integer\"}", "1.5", "value-type", "/spec", "2.0"},
	{"{\"type\":\"number\"}", "\"1\"", "value-type", "/spec", "1"},
	{"{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"string\"}}}", "{}", "value-required",
	 "/spec/a", "{\"a\":\"x\"}"},
	{"{\"type\":\"string\",\"enum\":[\"a\",\"b\"]}", "\"c\"", "value-enum", "/spec", "\"b\""},
	{"{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}", "\"abc\\n\"", "value-pattern", "/spec", "\"abc\""},
	{"{\"type\":\"string\",\"maxLength\":3}", "\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"", "value-length", "/spec",
	 "\"\xc3\xa9\xc3\xa9\xc3\xa9\""},
	{"{\"type\":\"string\",\"minLength\":2}", "\"a\"", "value-length", "/spec", "\"ab\""},
	{"{\"type\":\"integer\",\"maximum\":10,\"exclusiveMaximum\":true}", "10", "value-range", "/spec", "9"},
	{"{\"type\":\"integer\",\"minimum\":1}", "0", "value-range", "/spec", "1"},
	{"{\"type\":\"number\",\"multipleOf\":0.5}", "1.25", "value-range", "/spec", "1.5"},
	{"{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":1}", "[\"a\",\"b\"]", "value-count", "/spec",
	 "[\"a\"]"},
	{"{\"type\":\"object\",\"minProperties\":1,\"additionalProperties\":{\"type\":\"string\"}}", "{}", "value-count",
	 "/spec", "{\"k\":\"v\"}"},
	{"{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}", "{\"k\":\"v\"}", "value-type", "/spec/k",
	 "{\"k\":1}"},
	{"{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", "[null]", "value-type", "/spec/0", "[\"a\"]"},
	{"{\"type\":\"string\",\"format\":\"date-time\"}", "\"yesterday\"", "value-format", "/spec",
	 "\"2024-01-01T10:00:00Z\""},
	{"{\"type\":\"string\",\"format\":\"date\"}", "\"2023-02-29\"", "value-format", "/spec", "\"2024-02-29\""},
	{"{\"type\":\"string\",\"format\":\"ipv4\"}", "\"1.2.3\"", "value-format", "/spec", "\"10.0.0.1\""},
	{"{\"type\":\"string\",\"format\":\"uuid\"}", "\"x\"", "value-format", "/spec",
	 "\"123e4567-e89b-12d3-a456-426614174000\""},
	{"{\"type\":\"string\",\"format\":\"byte\"}", "\"abc\"", "value-format", "/spec", "\"YWJj\""},
	{"{\"type\":\"string\",\"format\":\"hostname\"}", "\"-bad-\"", "value-format", "/spec", "\"example.com\""},
	{"{\"type\":\"array\",\"x-kubernetes-list-type\":\"set\",\"items\":{\"type\":\"string\"}}", "[\"a\",\"b\",\"a\"]",
	 "list-duplicate", "/spec/2", "[\"a\",\"b\"]"},
	{"{\"type\":\"array\",\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"],\"items\":"
	 "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"v\":{\"type\":\"integer\"}}}}",
	 "[{\"name\":\"a\",\"v\":1},{\"name\":\"a\",\"v\":2}]", "list-duplicate", "/spec/1",
	 "[{\"name\":\"a\",\"v\":1},{\"name\":\"b\",\"v\":1}]"},
	{OBJ("\"a\":{\"type\":\"string\"}"), "{\"a\":\"x\",\"b\":1}", "unknown-field", "/spec/b", "{\"a\":\"x\"}"},
	{"{\"type\":\"object\",\"x-kubernetes-embedded-resource\":true,\"x-kubernetes-preserve-unknown-fields\":true}",
	 "{\"kind\":\"Pod\"}", "embedded-resource", "/spec/apiVersion", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}"},
	{"{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\",\"pattern\":\"^a\"}],\"x-kubernetes-int-or-string\":true}",
	 "\"b\"", "value-junctor", "/spec", "\"a\""},
	{"{\"type\":\"string\",\"not\":{\"pattern\":\"^a\"}}", "\"a\"", "value-junctor", "/spec", "\"b\""},
	{"{\"type\":\"object\",\"additionalProperties\":false,\"x-kubernetes-preserve-unknown-fields\":true}",
	 "{\"k\":1}", "value-forbidden-field", "/spec/k", "{}"},
};

static json_t *J(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &e);
	if (!v)
		fail_msg("bad test JSON: %s: %s", text, e.text);
	return v;
}

static json_t *resource(const char *spec)
{
	json_t *r = J("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}");
	json_object_set_new(r, "spec", J(spec));
	return r;
}

static json_t *root_schema(const char *spec)
{
	json_t *s = J("{\"type\":\"object\",\"properties\":{\"metadata\":{\"type\":\"object\"}}}");
	json_object_set_new(json_object_get(s, "properties"), "spec", J(spec));
	return s;
}

/* Validates; returns the report (caller frees) and the resource. */
static struct lint_report run(const char *schema, const char *value, json_t **out)
{
	struct lint_report r = {0};
	struct validate_opts o = {.namespaced = true};
	json_t *s = root_schema(schema), *obj = resource(value);
	validate_resource(obj, s, &o, NULL, &r);
	json_decref(s);
	if (out)
		*out = obj;
	else
		json_decref(obj);
	return r;
}

static void dump(const struct lint_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		fprintf(stderr, "    %s %s: %s\n", r->v[i].code, r->v[i].path, r->v[i].msg);
}

static void one_rule_each(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct vcase *c = &cases[i];
		struct lint_report r = run(c->schema, c->bad, NULL);
		bool found = false;
		for (size_t k = 0; k < r.n; k++)
			found |= !strcmp(r.v[k].code, c->code) && !strcmp(r.v[k].path, c->path);
		if (!found) {
			dump(&r);
			fail_msg("case %zu (%s): no %s at %s", i, c->bad, c->code, c->path);
		}
		lint_report_free(&r);
		r = run(c->schema, c->good, NULL);
		if (r.n) {
			dump(&r);
			fail_msg("case %zu twin (%s): expected no findings", i, c->good);
		}
		lint_report_free(&r);
	}
}

/* The API server's words, for the messages users search for. */
static void messages(void **state)
{
	(void)state;
	static const char *const want[][3] = {
		{"{\"type\":\"integer\"}", "\"x\"",
		 "Invalid value: \"string\": spec in body must be of type integer: \"string\""},
		{"{\"type\":\"string\",\"enum\":[\"a\",\"b\"]}", "\"c\"", "Unsupported value: \"c\": supported values: \"a\", \"b\""},
		{"{\"type\":\"integer\",\"maximum\":10}", "11", "Invalid value: 11: spec in body should be less than or equal to 10"},
		{"{\"type\":\"array\",\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"p\"],\"items\":"
		 "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"integer\"}}}}", "[{\"p\":80},{\"p\":80}]",
		 "Duplicate value: map[string]interface {}{\"p\":80}"},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct lint_report r = run(want[i][0], want[i][1], NULL);
		assert_int_equal(r.n, 1);
		assert_string_equal(r.v[0].msg, want[i][2]);
		lint_report_free(&r);
	}
}

/* Defaults first (nested, and for non-nullable nulls), then validation. */
static void defaults(void **state)
{
	(void)state;
	json_t *obj;
	struct lint_report r = run(OBJ("\"r\":{\"type\":\"integer\",\"default\":1},"
				       "\"o\":{\"type\":\"object\",\"default\":{},\"properties\":{\"x\":{\"type\":\"string\","
				       "\"default\":\"d\"}}},\"n\":{\"type\":\"string\",\"default\":\"z\"},"
				       "\"dropped\":{\"type\":\"string\"}"),
				   "{\"n\":null,\"dropped\":null}", &obj);
	assert_int_equal(r.n, 0);
	json_t *want = J("{\"r\":1,\"o\":{\"x\":\"d\"},\"n\":\"z\"}");
	assert_true(json_equal(json_object_get(obj, "spec"), want));
	json_decref(want);
	json_decref(obj);
	lint_report_free(&r);
	/* A default is validated like any value once applied. */
	r = run(OBJ("\"r\":{\"type\":\"integer\",\"default\":\"one\"}"), "{}", NULL);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0].code, "value-type");
	assert_string_equal(r.v[0].path, "/spec/r");
	lint_report_free(&r);
}

/* Pruning: unknown fields go, preserve-unknown-fields keeps them. */
static void pruning(void **state)
{
	(void)state;
	json_t *obj;
	struct lint_report r = run(OBJ("\"keep\":{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true},"
				       "\"typed\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"),
				   "{\"keep\":{\"any\":1},\"typed\":{\"a\":\"x\",\"b\":2},\"gone\":true}", &obj);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].path, "/spec/gone");
	assert_string_equal(r.v[1].path, "/spec/typed/b");
	assert_int_equal(r.v[0].sev, SEV_WARNING);
	json_t *want = J("{\"keep\":{\"any\":1},\"typed\":{\"a\":\"x\"}}");
	assert_true(json_equal(json_object_get(obj, "spec"), want));
	json_decref(want);
	json_decref(obj);
	lint_report_free(&r);
}

static void metadata_and_cel(void **state)
{
	(void)state;
	struct lint_report r = {0};
	struct validate_opts o = {.namespaced = false};
	json_t *s = root_schema("{\"type\":\"string\",\"x-kubernetes-validations\":[{\"rule\":\"self != ''\"}]}");
	json_t *obj = resource("\"x\"");
	json_object_set_new(json_object_get(obj, "metadata"), "name", json_string("Bad_Name"));
	json_object_set_new(json_object_get(obj, "metadata"), "namespace", json_string("default"));
	validate_resource(obj, s, &o, NULL, &r);
	bool name = false, ns = false, cel = false;
	for (size_t i = 0; i < r.n; i++) {
		name |= !strcmp(r.v[i].code, "metadata") && !strcmp(r.v[i].path, "/metadata/name");
		ns |= !strcmp(r.v[i].code, "metadata-namespace");
		cel |= !strcmp(r.v[i].code, "cel-not-evaluated") && r.v[i].sev == SEV_NOTE;
	}
	assert_true(name && ns && cel);
	lint_report_free(&r);
	json_decref(s);
	json_decref(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_rule_each),
		cmocka_unit_test(messages),
		cmocka_unit_test(defaults),
		cmocka_unit_test(pruning),
		cmocka_unit_test(metadata_and_cel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

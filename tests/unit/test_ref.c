/* Every $ref form a template may use. */
#include "unit.h"
#include "ref.h"

#include <string.h>

static struct ref parse_ok(const char *s)
{
	struct ref r;
	struct buf err = BUF_INIT;
	if (!ref_parse(s, &r, &err))
		fail_msg("'%s' rejected: %s", s, err.p);
	buf_free(&err);
	return r;
}

static void parse_bad(const char *s)
{
	struct ref r;
	struct buf err = BUF_INIT;
	if (ref_parse(s, &r, &err))
		fail_msg("'%s' accepted", s);
	assert_true(err.len > 0);
	buf_free(&err);
}

static void definitions(void **state)
{
	(void)state;
	struct ref r = parse_ok("io.k8s.api.core.v1.PodSpec");
	assert_int_equal(r.kind, REF_DEFINITION);
	assert_string_equal(r.name, "io.k8s.api.core.v1.PodSpec");
	ref_free(&r);
	r = parse_ok("#/definitions/io.k8s.api.core.v1.PodSpec");
	assert_int_equal(r.kind, REF_POINTER);
	assert_string_equal(r.name, "io.k8s.api.core.v1.PodSpec");
	assert_string_equal(r.rest, "");
	ref_free(&r);
	r = parse_ok("#/components/schemas/io.k8s.api.core.v1.PodSpec/properties/containers");
	assert_int_equal(r.kind, REF_POINTER);
	assert_string_equal(r.name, "io.k8s.api.core.v1.PodSpec");
	assert_string_equal(r.rest, "/properties/containers");
	ref_free(&r);
	r = parse_ok("#/spec/x");
	assert_int_equal(r.kind, REF_POINTER);
	assert_null(r.name);
	assert_string_equal(r.pointer, "/spec/x");
	ref_free(&r);
}

static void files(void **state)
{
	(void)state;
	struct ref r = parse_ok("common.yaml#/definitions/Resources");
	assert_int_equal(r.kind, REF_FILE);
	assert_string_equal(r.path, "common.yaml");
	assert_string_equal(r.pointer, "/definitions/Resources");
	ref_free(&r);
	r = parse_ok("../common/pod.json");
	assert_int_equal(r.kind, REF_FILE);
	assert_string_equal(r.path, "../common/pod.json");
	assert_string_equal(r.pointer, "");
	ref_free(&r);
	r = parse_ok("schema.yaml#/a%20b/c~1d");
	assert_string_equal(r.pointer, "/a b/c~1d");
	ref_free(&r);
	parse_bad("common.yaml#Resources");
	parse_bad("common.yaml#/a~2");
	parse_bad("#x");
}

static void python_urls(void **state)
{
	(void)state;
	struct ref r = parse_ok("python://k8s_crd_resolver/schemata/k8s-1.21.1.json#/definitions/io.k8s.api.core.v1.PodSpec");
	assert_int_equal(r.kind, REF_RESOLVER);
	assert_string_equal(r.version, "1.21.1");
	assert_string_equal(r.name, "io.k8s.api.core.v1.PodSpec");
	assert_string_equal(r.pointer, "");
	ref_free(&r);
	r = parse_ok("python://dask_kubernetes/operator/customresources/templates.yaml#/definitions/dask.k8s.api.v1.DaskWorker");
	assert_int_equal(r.kind, REF_PACKAGE);
	assert_string_equal(r.package, "dask_kubernetes");
	assert_string_equal(r.path, "operator/customresources/templates.yaml");
	assert_string_equal(r.pointer, "/definitions/dask.k8s.api.v1.DaskWorker");
	ref_free(&r);
	parse_bad("python://k8s_crd_resolver/schemata/k8s-1.21.1.json#/paths/x");
	parse_bad("python://onlypackage");
}

static void padded_and_refused(void **state)
{
	(void)state;
	/* `$ref: >-` folded scalars and trailing spaces. */
	struct ref r = parse_ok("\n  io.k8s.api.core.v1.PodSpec  \n");
	assert_string_equal(r.name, "io.k8s.api.core.v1.PodSpec");
	ref_free(&r);
	r = parse_ok("https://example.com/schema.json");
	assert_int_equal(r.kind, REF_URL);
	ref_free(&r);
	r = parse_ok("HTTP://example.com/x");
	assert_int_equal(r.kind, REF_URL);
	ref_free(&r);
	parse_bad("");
	parse_bad("   ");
	parse_bad("io.k8s.api core");
	parse_bad("ftp://x/y");
	parse_bad("file:///etc/passwd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(definitions),
		cmocka_unit_test(files),
		cmocka_unit_test(python_urls),
		cmocka_unit_test(padded_and_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

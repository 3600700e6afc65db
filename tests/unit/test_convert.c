/* Structural conversions and description truncation. */
#include "unit.h"
#include "convert.h"
#include "k8stable.h"

#include <stdlib.h>
#include <string.h>

static void truncation(void **state)
{
	(void)state;
	const char *d = "This is top level description. There is an empty schema. More to come";
	char *t = convert_truncate(d, (unsigned)strlen(d) - 5);
	assert_string_equal(t, "This is top level description. There is an empty schema.");
	free(t);
	d = "This is top level description of the root object";
	t = convert_truncate(d, (unsigned)strlen(d) - 2);
	assert_string_equal(t, "This is top level description of the root...");
	free(t);
	t = convert_truncate(d, (unsigned)strlen(d));
	assert_string_equal(t, d);
	free(t);
	/* Never cut inside a UTF-8 character. */
	t = convert_truncate("\xc3\xa9\xc3\xa9\xc3\xa9", 3);
	assert_string_equal(t, "\xc3\xa9...");
	free(t);
}

static json_t *J(const char *text)
{
	json_t *v = json_loads(text, 0, NULL);
	assert_non_null(v);
	return v;
}

static void structural(void **state)
{
	(void)state;
	struct resolve_opts o = {.desc = DESC_KEEP};
	json_t *s = J("{\"properties\":{"
		      "\"metadata\":{\"description\":\"d\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":9,"
		      "\"default\":\"x\"},\"labels\":{\"type\":\"object\"}}},"
		      "\"a\":{\"type\":\"string\",\"x-kubernetes-list-type\":\"atomic\"},"
		      "\"b\":{\"properties\":{\"c\":{\"type\":\"integer\"}}},"
		      "\"d\":{\"items\":{\"type\":\"string\"}},"
		      "\"e\":{\"anyOf\":[{\"properties\":{\"x\":{}}}]}}}");
	convert_schema(s, &o, true);
	json_t *want = J("{\"type\":\"object\",\"properties\":{"
			 "\"metadata\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":9}}},"
			 "\"a\":{\"type\":\"string\"},"
			 "\"b\":{\"type\":\"object\",\"properties\":{\"c\":{\"type\":\"integer\"}}},"
			 "\"d\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
			 "\"e\":{\"anyOf\":[{\"properties\":{\"x\":{}}}]}}}");
	if (!json_equal(s, want))
		fail_msg("got %s", json_dumps(s, JSON_SORT_KEYS));
	json_decref(s);
	json_decref(want);
}

static void description_modes(void **state)
{
	(void)state;
	struct resolve_opts o = {.desc = DESC_STRIP_ALL};
	json_t *s = J("{\"type\":\"object\",\"description\":\"root\",\"properties\":{\"description\":{\"type\":\"string\","
		      "\"description\":\"a field called description\"}}}");
	convert_schema(s, &o, false);
	json_t *want = J("{\"type\":\"object\",\"properties\":{\"description\":{\"type\":\"string\"}}}");
	assert_true(json_equal(s, want));
	json_decref(s);
	json_decref(want);
	o.desc = DESC_TRUNCATE;
	o.desc_max = 10;
	s = J("{\"type\":\"string\",\"description\":\"Short. And then much longer text\"}");
	convert_schema(s, &o, false);
	assert_string_equal(json_string_value(json_object_get(s, "description")), "Short.");
	json_decref(s);
}

/* k8s_is_schema_key() binary-searches the keyword table: it must stay sorted. */
static void tables_sorted(void **state)
{
	(void)state;
	for (size_t i = 1; k8s_schema_keys[i]; i++)
		if (strcmp(k8s_schema_keys[i - 1], k8s_schema_keys[i]) >= 0)
			fail_msg("k8s_schema_keys: '%s' before '%s'", k8s_schema_keys[i - 1], k8s_schema_keys[i]);
	for (size_t i = 0; k8s_schema_keys[i]; i++)
		assert_true(k8s_is_schema_key(k8s_schema_keys[i]));
	assert_false(k8s_is_schema_key("x-kubernetes-patch-strategy"));
	assert_false(k8s_is_schema_key(""));
	assert_int_equal(k8s_schema_slot("properties"), SLOT_SCHEMA_MAP);
	assert_int_equal(k8s_schema_slot("additionalItems"), SLOT_SCHEMA_OR_BOOL);
	assert_int_equal(k8s_schema_slot("anyOf"), SLOT_SCHEMA_ARRAY);
	assert_int_equal(k8s_schema_slot("items"), SLOT_SCHEMA_OR_ARRAY);
	assert_int_equal(k8s_schema_slot("dependencies"), SLOT_DEPENDENCIES);
	assert_int_equal(k8s_schema_slot("default"), SLOT_NONE);
	assert_int_equal(k8s_schema_slot("pattern"), SLOT_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(truncation),
		cmocka_unit_test(structural),
		cmocka_unit_test(description_modes),
		cmocka_unit_test(tables_sorted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

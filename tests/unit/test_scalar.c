/* YAML scalar typing: 1.2 for templates, 1.1 for what kubectl reads back. */
#include "unit.h"
#include "scalar.h"

#include <string.h>

static enum scalar_kind r12(const char *s)
{
	struct scalar_val v;
	return yaml12_resolve(s, strlen(s), &v);
}

static enum scalar_kind r11(const char *s)
{
	struct scalar_val v;
	return yaml11_resolve(s, strlen(s), &v);
}

static void yaml12_core(void **state)
{
	(void)state;
	assert_int_equal(r12(""), SK_NULL);
	assert_int_equal(r12("~"), SK_NULL);
	assert_int_equal(r12("null"), SK_NULL);
	assert_int_equal(r12("true"), SK_BOOL);
	assert_int_equal(r12("FALSE"), SK_BOOL);
	/* YAML 1.1 booleans are strings in 1.2. */
	assert_int_equal(r12("yes"), SK_STRING);
	assert_int_equal(r12("on"), SK_STRING);
	assert_int_equal(r12("y"), SK_STRING);
	assert_int_equal(r12("8786"), SK_INT);
	assert_int_equal(r12("-1"), SK_INT);
	assert_int_equal(r12("0o17"), SK_INT);
	assert_int_equal(r12("0x1F"), SK_INT);
	assert_int_equal(r12("0777"), SK_INT);	/* decimal 777 in 1.2 */
	assert_int_equal(r12("1_000"), SK_STRING);
	assert_int_equal(r12("12:30"), SK_STRING);
	assert_int_equal(r12("2024-01-01"), SK_STRING);
	assert_int_equal(r12("1e3"), SK_FLOAT);
	assert_int_equal(r12("1.5"), SK_FLOAT);
	assert_int_equal(r12(".5"), SK_FLOAT);
	assert_int_equal(r12(".inf"), SK_INF_NAN);
	assert_int_equal(r12("-.Inf"), SK_INF_NAN);
	assert_int_equal(r12(".nan"), SK_INF_NAN);
	assert_int_equal(r12("99999999999999999999"), SK_INT_RANGE);
	assert_int_equal(r12("1.2.3"), SK_STRING);
	assert_int_equal(r12("500m"), SK_STRING);
}

static void yaml12_values(void **state)
{
	(void)state;
	struct scalar_val v;
	assert_int_equal(yaml12_resolve("0x1F", 4, &v), SK_INT);
	assert_int_equal(v.i, 31);
	assert_int_equal(yaml12_resolve("0o17", 4, &v), SK_INT);
	assert_int_equal(v.i, 15);
	assert_int_equal(yaml12_resolve("-9223372036854775808", 20, &v), SK_INT);
	assert_true(v.i == INT64_MIN);
	assert_int_equal(yaml12_resolve("9223372036854775808", 19, &v), SK_INT_RANGE);
	assert_int_equal(yaml12_resolve("2.5e2", 5, &v), SK_FLOAT);
	assert_true(v.d == 250.0);
}

static void yaml11_types(void **state)
{
	(void)state;
	static const char *const not_strings[] = {
		"on", "off", "yes", "no", "y", "n", "Y", "N", "ON", "Off", "null", "~", "", "true", "False",
		"0777", "0x1F", "1_000", "12:30", "190:20:30", "1.5", ".5", "1.0e+3", "+1", "-1", "0b101",
		"2024-01-01", "2024-1-1", "2001-12-14t21:59:43.10-05:00", ".inf", "-.inf", ".NaN", "<<", "=",
		"1:20.5", NULL,
	};
	for (const char *const *s = not_strings; *s; s++) {
		if (r11(*s) == SK_STRING)
			fail_msg("'%s' should not be a string in YAML 1.1", *s);
	}
	static const char *const strings[] = {
		"http", "TCP", "500m", "1Gi", "a:b", "12:30x", "1.2.3", "v1.30", "0.0.0.0/0", "-", "--x",
		"nope", "yess", "Nn", "2024-01", "image:tag", "1e", NULL,
	};
	for (const char *const *s = strings; *s; s++) {
		if (r11(*s) != SK_STRING)
			fail_msg("'%s' should be a string in YAML 1.1", *s);
	}
}

static void plain_safety(void **state)
{
	(void)state;
	/* Every value from the issue must need quotes. */
	static const char *const quoted[] = {"on", "off", "yes", "n", "y", "null", "~", "1e3", "0777", "0x1F",
					     "1_000", "12:30", "2024-01-01", ".inf", "", "0o17", NULL};
	for (const char *const *s = quoted; *s; s++)
		assert_false(scalar_plain_is_string(*s, strlen(*s)));
	assert_true(scalar_plain_is_string("TCP", 3));
	assert_true(scalar_plain_is_string("io.k8s.api.core.v1.PodSpec", 26));
}

static void real_format(void **state)
{
	(void)state;
	char out[40];
	scalar_format_real(1e20, out);
	assert_string_equal(out, "1.0e+20");
	scalar_format_real(0.1, out);
	assert_string_equal(out, "0.1");
	scalar_format_real(100.0, out);
	assert_string_equal(out, "100.0");
	scalar_format_real(-2.5e-7, out);
	assert_string_equal(out, "-2.5e-07");
	struct scalar_val v;
	/* Both schemas read the formatted text back as the same float. */
	const double samples[] = {1e20, 0.1, 100.0, -2.5e-7, 1.0 / 3.0, 123456789.125};
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		scalar_format_real(samples[i], out);
		assert_int_equal(yaml11_resolve(out, strlen(out), &v), SK_FLOAT);
		assert_true(v.d == samples[i]);
		assert_int_equal(yaml12_resolve(out, strlen(out), &v), SK_FLOAT);
		assert_true(v.d == samples[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(yaml12_core),
		cmocka_unit_test(yaml12_values),
		cmocka_unit_test(yaml11_types),
		cmocka_unit_test(plain_safety),
		cmocka_unit_test(real_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

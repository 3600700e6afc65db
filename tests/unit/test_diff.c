/* Unified diffs for --check. */
#include "unit.h"
#include "diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *udiff(const char *a, const char *b, size_t *changes)
{
	struct buf out = BUF_INIT;
	*changes = diff_unified(&out, "a", a, strlen(a), "b", b, strlen(b));
	return out.p ? buf_detach(&out, NULL) : strdup("");
}

static void equal_texts(void **state)
{
	(void)state;
	size_t n;
	char *d = udiff("x\ny\n", "x\ny\n", &n);
	assert_int_equal(n, 0);
	assert_string_equal(d, "");
	free(d);
}

static void one_change(void **state)
{
	(void)state;
	size_t n;
	char *d = udiff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n", &n);
	assert_int_equal(n, 2);
	assert_string_equal(d, "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
	free(d);
}

static void insert_delete_ends(void **state)
{
	(void)state;
	size_t n;
	char *d = udiff("", "a\nb\n", &n);
	assert_int_equal(n, 2);
	assert_string_equal(d, "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n");
	free(d);
	d = udiff("a\nb\n", "a\n", &n);
	assert_string_equal(d, "--- a\n+++ b\n@@ -1,2 +1 @@\n a\n-b\n");
	free(d);
	d = udiff("a\n", "a", &n);
	assert_string_equal(d, "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n");
	free(d);
}

/* Applies a unified diff produced by diff_unified to a; the result must be b. */
static char *apply(const char *a, const char *diff)
{
	struct buf out = BUF_INIT;
	const char *p = a, *d = strstr(diff, "@@");
	size_t aline = 1;
	while (d && *d) {
		size_t start, dummy;
		if (sscanf(d, "@@ -%zu", &start) != 1)
			break;
		(void)dummy;
		if (start == 0)
			start = 1;
		if (strstr(d, ",0 +") && strstr(d, ",0 +") < strchr(d, '\n'))
			start++;
		while (aline < start) {
			const char *nl = strchr(p, '\n');
			buf_add(&out, p, (size_t)(nl - p + 1));
			p = nl + 1;
			aline++;
		}
		d = strchr(d, '\n') + 1;
		while (*d && *d != '@') {
			const char *nl = strchr(d, '\n');
			if (*d == ' ' || *d == '-') {
				const char *anl = strchr(p, '\n');
				if (*d == ' ')
					buf_add(&out, p, (size_t)(anl - p + 1));
				p = anl + 1;
				aline++;
			} else if (*d == '+') {
				buf_add(&out, d + 1, (size_t)(nl - d));
			}
			d = nl + 1;
		}
	}
	buf_adds(&out, p);
	return buf_detach(&out, NULL);
}

static void random_edits(void **state)
{
	(void)state;
	unsigned seed = 12345;
	for (int round = 0; round < 300; round++) {
		struct buf a = BUF_INIT, b = BUF_INIT;
		int n = 5 + (int)(rand_r(&seed) % 60);
		for (int i = 0; i < n; i++) {
			int v = (int)(rand_r(&seed) % 12);
			buf_addf(&a, "line %d\n", v);
			int r = (int)(rand_r(&seed) % 10);
			if (r == 0)
				continue;	/* deleted */
			if (r == 1)
				buf_addf(&b, "new %d\n", (int)(rand_r(&seed) % 5));
			buf_addf(&b, "line %d\n", v);
		}
		size_t changes;
		char *d = udiff(a.p, b.p, &changes);
		char *back = apply(a.p, d);
		if (strcmp(back, b.p) != 0)
			fail_msg("round %d: diff does not apply\n%s", round, d);
		free(back);
		free(d);
		buf_free(&a);
		buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(equal_texts),
		cmocka_unit_test(one_change),
		cmocka_unit_test(insert_delete_ends),
		cmocka_unit_test(random_edits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

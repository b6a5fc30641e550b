/*
 * Unit tests for lib/site.c, the dashboard: page names that records
 * cannot steer out of the folder or onto each other, text from records
 * escaped on every page, and a page that cannot be written stopping the
 * site.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "assess.h"

struct pages {
	char *names[16];
	size_t n;
	size_t fail_at;		/* 1-based page that fails; 0: none */
	int script;		/* a page held the record's markup unescaped */
};

static int keep(const char *name, const handoff_buf *page, void *payload)
{
	struct pages *p = payload;

	if (p->fail_at && p->n + 1 == p->fail_at)
		return HANDOFF_ERROR;
	assert_true(p->n < 16);
	p->names[p->n++] = handoff__strdup(name);
	if (strstr(page->ptr, "<script>") || strstr(page->ptr, "\"><x"))
		p->script = 1;
	return 0;
}

static void add(handoff_assessments *a, const char *path, const char *id,
	const char *owner, const char *account)
{
	struct assessment *as = handoff__assessments_add(a);

	assert_non_null(as);
	as->path = handoff__strdup(path);
	as->id = id ? handoff__strdup(id) : NULL;
	as->owner = owner ? handoff__strdup(owner) : NULL;
	as->account = account ? handoff__strdup(account) : NULL;
	as->kind = handoff__strdup("deal-handoff");
	as->start = as->created = 1793000000;	/* November 2026 */
}

static void odd_records(handoff_assessments *a)
{
	memset(a, 0, sizeof(*a));
	a->clock = handoff__strdup("committer");
	a->as_of = 1795000000;
	add(a, "handoffs/a.md", "../../etc/passwd", "a/b@x", "<script>alert(1)</script>");
	add(a, "handoffs/b.md", "../../etc/passwd", "\"><x onload=y>", NULL);
	add(a, "handoffs/c.md", NULL, NULL, "Plain");
}

static void release(struct pages *p, handoff_assessments *a)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->names[i]);
	handoff__assessments_release(a);
}

static void test_site__names_stay_in_the_folder_and_apart(void **state)
{
	handoff_assessments a;
	struct pages p = { { NULL }, 0, 0, 0 };
	size_t i, j;

	(void)state;
	odd_records(&a);
	assert_int_equal(handoff_site_write(&a, NULL, NULL, keep, &p), 0);
	/* the overview, 3 reps (one "(no rep)"), one team "(no team)", 3 handoffs */
	assert_int_equal(p.n, 8);
	assert_string_equal(p.names[0], "index.html");
	for (i = 0; i < p.n; i++) {
		const char *c = p.names[i];

		assert_true((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'));
		for (; *c; c++)
			assert_non_null(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"0123456789._-", *c));
		assert_non_null(strstr(p.names[i], ".html"));
		for (j = 0; j < i; j++)
			assert_string_not_equal(p.names[i], p.names[j]);
	}
	assert_false(p.script);
	release(&p, &a);
}

static void test_site__a_page_not_written_stops_the_site(void **state)
{
	handoff_assessments a;
	struct pages p = { { NULL }, 0, 2, 0 };

	(void)state;
	odd_records(&a);
	assert_int_equal(handoff_site_write(&a, NULL, NULL, keep, &p), HANDOFF_ERROR);
	assert_int_equal(p.n, 1);
	release(&p, &a);
}

static void test_site__a_bad_date_writes_nothing(void **state)
{
	handoff_assessments a;
	handoff_summary_options o = HANDOFF_SUMMARY_OPTIONS_INIT;
	struct pages p = { { NULL }, 0, 0, 0 };

	(void)state;
	odd_records(&a);
	o.since = "yesterday";
	assert_int_equal(handoff_site_write(&a, &o, NULL, keep, &p), HANDOFF_EINVALID);
	assert_int_equal(p.n, 0);
	release(&p, &a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site__names_stay_in_the_folder_and_apart),
		cmocka_unit_test(test_site__a_page_not_written_stops_the_site),
		cmocka_unit_test(test_site__a_bad_date_writes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

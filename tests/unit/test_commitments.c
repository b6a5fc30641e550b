/*
 * Unit tests for lib/commitments.c: where a commitment stands on a day
 * (open, due soon within the window, overdue, delivered on time or late,
 * dropped) and by how many days.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "commitments.h"

static enum commitment_state at(const char *status, const char *due,
	const char *delivered, const char *today, long window, long *days)
{
	struct commitment_result c;

	memset(&c, 0, sizeof(c));
	c.status = (char *)status;
	c.due = (char *)due;
	c.delivered = (char *)delivered;
	return handoff__commitment_state(&c, today, window, days);
}

static void test_commitments__open_soon_overdue(void **state)
{
	long days;

	(void)state;
	assert_int_equal(at(NULL, "2026-12-31", NULL, "2026-12-01", 14, &days), COMMITMENT_OPEN);
	assert_int_equal(days, 30);
	assert_int_equal(at("open", "2026-12-15", NULL, "2026-12-01", 14, &days), COMMITMENT_DUE_SOON);
	assert_int_equal(days, 14);
	assert_int_equal(at("at-risk", "2026-12-01", NULL, "2026-12-01", 14, &days), COMMITMENT_DUE_SOON);
	assert_int_equal(days, 0);
	assert_int_equal(at("in-progress", "2026-11-27", NULL, "2026-12-01", 14, &days), COMMITMENT_OVERDUE);
	assert_int_equal(days, -4);
	/* across a year and a leap day */
	assert_int_equal(at(NULL, "2028-03-01", NULL, "2028-02-28", 0, &days), COMMITMENT_OPEN);
	assert_int_equal(days, 2);
	/* no due date: open, never overdue */
	assert_int_equal(at(NULL, NULL, NULL, "2026-12-01", 14, &days), COMMITMENT_OPEN);
	assert_int_equal(days, 0);
}

static void test_commitments__delivered_and_dropped(void **state)
{
	long days;

	(void)state;
	assert_int_equal(at("delivered", "2026-12-15", "2026-12-15", "2027-01-01", 14, &days), COMMITMENT_ON_TIME);
	assert_int_equal(days, 0);
	assert_int_equal(at("done", "2026-12-15", "2026-12-18", "2026-12-01", 14, &days), COMMITMENT_LATE);
	assert_int_equal(days, 3);
	assert_int_equal(at("dropped", "2026-11-01", NULL, "2026-12-01", 14, &days), COMMITMENT_DROPPED);
	/* a delivery with no day is taken as on time, not guessed late */
	assert_int_equal(at("delivered", "2026-12-15", NULL, "2026-12-01", 14, &days), COMMITMENT_ON_TIME);
	assert_string_equal(handoff__commitment_state_name(COMMITMENT_DUE_SOON),
		"due soon");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commitments__open_soon_overdue),
		cmocka_unit_test(test_commitments__delivered_and_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

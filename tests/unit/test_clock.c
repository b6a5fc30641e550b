/*
 * The SLA clock (lib/clock.c): zones read from the system's zoneinfo,
 * date-only values at local midnight, business days across weekends and
 * zones, durations for people.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "common.h"
#include "format.h"
#include "time_at.h"

#define WEEKDAYS 0x1f

static struct tz *zone(const char *name)
{
	struct tz *tz = NULL;

	assert_int_equal(handoff__tz_load(&tz, name), 0);
	return tz;
}

static void test_clock__utc_needs_no_file(void **state)
{
	struct tz *tz = zone("UTC");

	(void)state;
	assert_int_equal(handoff__tz_offset(tz, at("2026-07-01T00:00:00Z")), 0);
	assert_string_equal(handoff__tz_name(tz), "UTC");
	handoff__tz_free(tz);
}

static void test_clock__offsets_and_dst(void **state)
{
	struct tz *tokyo = zone("Asia/Tokyo"), *ny = zone("America/New_York"),
		*jakarta = zone("Asia/Jakarta");

	(void)state;
	assert_int_equal(handoff__tz_offset(tokyo, at("2026-11-02T00:00:00Z")), 9 * 3600);
	assert_int_equal(handoff__tz_offset(jakarta, at("2026-11-02T00:00:00Z")), 7 * 3600);
	/* New York: EDT until 2026-11-01 06:00 UTC, then EST */
	assert_int_equal(handoff__tz_offset(ny, at("2026-11-01T05:59:59Z")), -4 * 3600);
	assert_int_equal(handoff__tz_offset(ny, at("2026-11-01T06:00:00Z")), -5 * 3600);
	assert_int_equal(handoff__tz_offset(ny, at("2026-07-01T12:00:00Z")), -4 * 3600);
	/* before the first transition: local mean time is not standard time */
	assert_int_equal(handoff__tz_offset(ny, at("1800-01-01T00:00:00Z")), -17762);
	handoff__tz_free(tokyo);
	handoff__tz_free(ny);
	handoff__tz_free(jakarta);
}

static void test_clock__unknown_and_hostile_names(void **state)
{
	struct tz *tz = (struct tz *)1;

	(void)state;
	assert_int_equal(handoff__tz_load(&tz, "Mars/Olympus_Mons"), HANDOFF_ENOTFOUND);
	assert_null(tz);
	assert_int_equal(handoff__tz_load(&tz, "../../etc/passwd"), HANDOFF_EINVALID);
	assert_int_equal(handoff__tz_load(&tz, "/etc/localtime"), HANDOFF_EINVALID);
	assert_int_equal(handoff__tz_load(&tz, ""), HANDOFF_EINVALID);
	/* a folder, not a file */
	assert_true(handoff__tz_load(&tz, "Asia") < 0);
	assert_null(tz);
}

/*
 * The zone files are where the program says (TZDIR, handed over with
 * handoff_set_environment); the library never reads the variable itself.
 */
static void test_clock__zone_files_from_the_environment_given(void **state)
{
	handoff_environment env = HANDOFF_ENVIRONMENT_INIT,
		none = HANDOFF_ENVIRONMENT_INIT;
	struct tz *tz = NULL;

	(void)state;
	env.tzdir = "/nonexistent/zoneinfo";
	handoff_set_environment(&env);
	assert_int_equal(handoff__tz_load(&tz, "Asia/Tokyo"), HANDOFF_ENOTFOUND);
	assert_null(tz);
	assert_non_null(strstr(handoff_error_last()->message,
		"/nonexistent/zoneinfo/Asia/Tokyo"));
	handoff_set_environment(&none);
	setenv("TZDIR", "/nonexistent/zoneinfo", 1);	/* not the library's business */
	tz = zone("Asia/Tokyo");
	unsetenv("TZDIR");
	handoff__tz_free(tz);
}

static void test_clock__date_only_is_local_midnight(void **state)
{
	struct tz *tokyo = zone("Asia/Tokyo"), *ny = zone("America/New_York");
	long long t;

	(void)state;
	assert_true(handoff__clock_parse(tokyo, "2026-11-02", 10, &t));
	assert_true(t == at("2026-11-01T15:00:00Z"));
	assert_true(handoff__clock_parse(ny, "2026-11-02", 10, &t));
	assert_true(t == at("2026-11-02T05:00:00Z"));
	/* the day clocks went back: midnight was still daylight time */
	assert_true(handoff__clock_parse(ny, "2026-11-01", 10, &t));
	assert_true(t == at("2026-11-01T04:00:00Z"));
	/* a date-time keeps its own offset whatever the zone */
	assert_true(handoff__clock_parse(tokyo, "2026-11-02T15:00:00+09:00", 25, &t));
	assert_true(t == at("2026-11-02T06:00:00Z"));
	assert_false(handoff__clock_parse(tokyo, "soon", 4, &t));
	handoff__tz_free(tokyo);
	handoff__tz_free(ny);
}

static void test_clock__calendar_durations(void **state)
{
	long long start = at("2026-11-06T15:00:00+09:00");	/* a Friday */

	(void)state;
	assert_true(handoff__clock_deadline(NULL, WEEKDAYS, start, 24 * 3600, 0) ==
		at("2026-11-07T15:00:00+09:00"));
	assert_true(handoff__clock_deadline(NULL, WEEKDAYS, start, 2 * 7 * 86400, 0) ==
		at("2026-11-20T15:00:00+09:00"));
}

static void test_clock__business_days_skip_weekends(void **state)
{
	struct tz *tokyo = zone("Asia/Tokyo");
	long long fri = at("2026-11-06T15:00:00+09:00");

	(void)state;
	/* Friday + 1bd = Monday, same local time */
	assert_true(handoff__clock_deadline(tokyo, WEEKDAYS, fri, 86400, 1) ==
		at("2026-11-09T15:00:00+09:00"));
	/* Friday + 5bd = next Friday */
	assert_true(handoff__clock_deadline(tokyo, WEEKDAYS, fri, 5 * 86400, 1) ==
		at("2026-11-13T15:00:00+09:00"));
	/* Saturday counts from Saturday: + 1bd = Monday */
	assert_true(handoff__clock_deadline(tokyo, WEEKDAYS, at("2026-11-07T10:00:00+09:00"),
		86400, 1) == at("2026-11-09T10:00:00+09:00"));
	/* Monday - 1bd = Friday */
	assert_true(handoff__clock_deadline(tokyo, WEEKDAYS, at("2026-11-09T15:00:00+09:00"),
		-86400, 1) == fri);
	/* a Sunday-to-Thursday week */
	assert_true(handoff__clock_deadline(tokyo, 0x4f, at("2026-11-05T10:00:00+09:00"),
		86400, 1) == at("2026-11-08T10:00:00+09:00"));
	handoff__tz_free(tokyo);
}

static void test_clock__business_days_in_the_zone_not_utc(void **state)
{
	struct tz *tokyo = zone("Asia/Tokyo"), *ny = zone("America/New_York");
	/* Friday 08:00 in Tokyo is still Thursday in UTC */
	long long fri_tokyo = at("2026-11-06T08:00:00+09:00");

	(void)state;
	assert_true(handoff__clock_deadline(tokyo, WEEKDAYS, fri_tokyo, 86400, 1) ==
		at("2026-11-09T08:00:00+09:00"));
	/* read in UTC, Thursday 23:00 + 1bd is Friday 23:00 UTC */
	assert_true(handoff__clock_deadline(NULL, WEEKDAYS, fri_tokyo, 86400, 1) ==
		at("2026-11-06T23:00:00Z"));
	/* across the end of daylight time: the same wall-clock hour */
	assert_true(handoff__clock_deadline(ny, WEEKDAYS, at("2026-10-30T09:00:00-04:00"),
		86400, 1) == at("2026-11-02T09:00:00-05:00"));
	handoff__tz_free(tokyo);
	handoff__tz_free(ny);
}

static void test_clock__spans(void **state)
{
	char buf[32];

	(void)state;
	handoff__clock_span(buf, sizeof(buf), 30 * 3600 + 120);
	assert_string_equal(buf, "1d 6h");
	handoff__clock_span(buf, sizeof(buf), 6 * 3600 + 300);
	assert_string_equal(buf, "6h 5m");
	handoff__clock_span(buf, sizeof(buf), -2400);
	assert_string_equal(buf, "40m");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock__utc_needs_no_file),
		cmocka_unit_test(test_clock__offsets_and_dst),
		cmocka_unit_test(test_clock__unknown_and_hostile_names),
		cmocka_unit_test(test_clock__zone_files_from_the_environment_given),
		cmocka_unit_test(test_clock__date_only_is_local_midnight),
		cmocka_unit_test(test_clock__calendar_durations),
		cmocka_unit_test(test_clock__business_days_skip_weekends),
		cmocka_unit_test(test_clock__business_days_in_the_zone_not_utc),
		cmocka_unit_test(test_clock__spans),
	};

	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}

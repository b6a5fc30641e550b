/*
 * at("2026-11-02T10:00:00Z"): the time of an RFC 3339 date-time, in
 * seconds since the epoch; the test fails when it does not parse.
 * Include cmocka.h before this header.
 */
#ifndef HANDOFF_TEST_TIME_AT_H
#define HANDOFF_TEST_TIME_AT_H

#include <string.h>

#include "format.h"

static inline long long at(const char *iso)
{
	long long t = 0;
	int date_only;

	assert_true(handoff__format_parse_time(iso, strlen(iso), &t, &date_only));
	return t;
}

#endif

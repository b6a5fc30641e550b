/*
 * The `format` checks (lib/format.c): the RFC grammars at their edges,
 * where loose checks say yes to what downstream programs cannot read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "format.h"

static int ok(const char *format, const char *s)
{
	return handoff__format_check(format, s, strlen(s));
}

static void test_format__known_names(void **state)
{
	(void)state;
	assert_true(handoff__format_known("date"));
	assert_true(handoff__format_known("date-time"));
	assert_true(handoff__format_known("email"));
	assert_true(handoff__format_known("uri"));
	assert_false(handoff__format_known("time"));
	assert_false(handoff__format_known("phone"));
	assert_false(handoff__format_known(""));
	assert_false(handoff__format_known("Date"));
	/* an unknown format checks nothing and says no */
	assert_int_equal(ok("phone", "+1 555"), 0);
}

static void test_format__date_valid(void **state)
{
	(void)state;
	assert_true(ok("date", "1963-06-19"));
	assert_true(ok("date", "2020-01-31"));
	assert_true(ok("date", "2020-02-29"));	/* leap year */
	assert_true(ok("date", "2000-02-29"));	/* divisible by 400 */
	assert_true(ok("date", "0400-02-29"));
	assert_true(ok("date", "0001-01-01"));
	assert_true(ok("date", "2020-04-30"));
	assert_true(ok("date", "2020-12-31"));
}

static void test_format__date_invalid(void **state)
{
	(void)state;
	assert_false(ok("date", "2026-13-01"));
	assert_false(ok("date", "2026-00-10"));
	assert_false(ok("date", "2026-01-00"));
	assert_false(ok("date", "2021-02-29"));	/* not a leap year */
	assert_false(ok("date", "2100-02-29"));	/* century, not by 400 */
	assert_false(ok("date", "1900-02-29"));
	assert_false(ok("date", "2020-04-31"));
	assert_false(ok("date", "2020-01-32"));
	assert_false(ok("date", "2020-1-01"));
	assert_false(ok("date", "2020-01-1"));
	assert_false(ok("date", "20-01-01"));
	assert_false(ok("date", "12020-01-01"));
	assert_false(ok("date", "+2020-01-01"));
	assert_false(ok("date", "2020/01/01"));
	assert_false(ok("date", "20230328"));
	assert_false(ok("date", "2023-W01"));
	assert_false(ok("date", "2013-350"));
	assert_false(ok("date", " 2024-01-15"));
	assert_false(ok("date", "2024-01-15 "));
	assert_false(ok("date", "2024-01-15\n"));
	assert_false(ok("date", "2020-01-01T00:00:00Z"));
	assert_false(ok("date", ""));
	assert_false(ok("date", "1963-06-1\xe0\xa7\xaa"));	/* Bengali four */
	assert_false(ok("date", "2020\xe2\x80\x93" "01\xe2\x80\x93" "01"));	/* en dashes */
	/* a NUL is a byte like any other, not the end */
	assert_false(handoff__format_check("date", "2020-01-01\0", 11));
	assert_true(handoff__format_check("date", "2020-01-01\0", 10));
}

static void test_format__date_time_valid(void **state)
{
	(void)state;
	assert_true(ok("date-time", "1963-06-19T08:30:06.283185Z"));
	assert_true(ok("date-time", "1963-06-19T08:30:06Z"));
	assert_true(ok("date-time", "1937-01-01T12:00:27.87+00:20"));
	assert_true(ok("date-time", "1990-12-31T15:59:50.123-08:00"));
	assert_true(ok("date-time", "1963-06-19t08:30:06.283185z"));
	assert_true(ok("date-time", "1985-04-12T00:59:59.999999999999999Z"));
	assert_true(ok("date-time", "2026-11-02T09:00:00+09:00"));
}

static void test_format__date_time_leap_seconds(void **state)
{
	(void)state;
	assert_true(ok("date-time", "1998-12-31T23:59:60Z"));
	assert_true(ok("date-time", "1998-12-31T15:59:60.123-08:00"));
	assert_true(ok("date-time", "1999-01-01T00:59:60+01:00"));
	assert_false(ok("date-time", "1998-12-31T23:59:61Z"));
	assert_false(ok("date-time", "1998-12-31T23:58:60Z"));
	assert_false(ok("date-time", "1998-12-31T22:59:60Z"));
	assert_false(ok("date-time", "2016-12-31T24:59:60+01:00"));
}

static void test_format__date_time_invalid(void **state)
{
	(void)state;
	assert_false(ok("date-time", "1990-02-31T15:59:59.123-08:00"));
	assert_false(ok("date-time", "1990-12-31T15:59:59-24:00"));
	assert_false(ok("date-time", "1990-12-31T10:00:00+10:60"));
	assert_false(ok("date-time", "1963-06-19T08:30:06.28123+01:00Z"));
	assert_false(ok("date-time", "1990-12-31T24:00:00Z"));
	assert_false(ok("date-time", "1990-12-31T15:60:00Z"));
	assert_false(ok("date-time", "06/19/1963 08:30:06 PST"));
	assert_false(ok("date-time", "2013-350T01:01:01"));
	assert_false(ok("date-time", "1985-04-12T23:20:50+01"));
	assert_false(ok("date-time", "1985-04-12T23:20:50"));	/* no offset */
	assert_false(ok("date-time", "1985-04-12 23:20:50Z"));
	assert_false(ok("date-time", "1985-04-12T23:20:50.Z"));
	assert_false(ok("date-time", "1985-04-12T23:20:50Z\n"));
	assert_false(ok("date-time", "1963-06-11T0\xe0\xa7\xaa:00:00Z"));
	assert_false(ok("date-time", "+11963-06-19T08:30:06.283185Z"));
}

static void test_format__email(void **state)
{
	(void)state;
	assert_true(ok("email", "joe.bloggs@example.com"));
	assert_true(ok("email", "te~st@example.com"));
	assert_true(ok("email", "~test@example.com"));
	assert_true(ok("email", "\"joe bloggs\"@example.com"));
	assert_true(ok("email", "\"joe..bloggs\"@example.com"));
	assert_true(ok("email", "\"joe@bloggs\"@example.com"));
	assert_true(ok("email", "\"a\\\"b\"@example.com"));
	assert_true(ok("email", "joe.bloggs@[127.0.0.1]"));
	assert_true(ok("email", "joe.bloggs@[IPv6:::1]"));
	assert_true(ok("email", "joe@[IPv6:2001:db8::7]"));
	assert_true(ok("email", "cs.manager+handoff@vendor.example"));
	assert_true(ok("email", "a@localhost"));

	assert_false(ok("email", "2962"));
	assert_false(ok("email", ".test@example.com"));
	assert_false(ok("email", "test.@example.com"));
	assert_false(ok("email", "te..st@example.com"));
	assert_false(ok("email", "joe.bloggs@invalid=domain.com"));
	assert_false(ok("email", "joe.bloggs@[127.0.0.300]"));
	assert_false(ok("email", "user1@oceania.org, user2@oceania.org"));
	assert_false(ok("email", "@example.com"));
	assert_false(ok("email", "joe.bloggs@"));
	assert_false(ok("email", "joe bloggs@example.com"));
	assert_false(ok("email", "joe@-example.com"));
	assert_false(ok("email", "joe@example-.com"));
	assert_false(ok("email", "joe@example..com"));
	assert_false(ok("email", "joe@example.com."));
	assert_false(ok("email", "j\xc3\xb6" "e@example.com"));	/* RFC 5321 is ASCII */
	assert_false(ok("email", "bob@"));
	/* a local part is at most 64 octets */
	assert_true(ok("email", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.com"));
	assert_false(ok("email", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.com"));
}

static void test_format__uri(void **state)
{
	(void)state;
	assert_true(ok("uri", "http://foo.bar/?baz=qux#quux"));
	assert_true(ok("uri", "http://foo.com/blah_(wikipedia)_blah#cite-1"));
	assert_true(ok("uri", "http://foo.bar/?q=Test%20URL-encoded%20stuff"));
	assert_true(ok("uri", "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com"));
	assert_true(ok("uri", "http://223.255.255.254"));
	assert_true(ok("uri", "ldap://[2001:db8::7]/c=GB?objectClass?one"));
	assert_true(ok("uri", "mailto:John.Doe@example.com"));
	assert_true(ok("uri", "urn:oasis:names:specification:docbook:dtd:xml:4.1.2"));
	assert_true(ok("uri", "tel:+1-816-555-1212"));
	assert_true(ok("uri", "http://999.999.999.999/"));
	assert_true(ok("uri", "http://[v1.fe80::a+en1]/"));
	assert_true(ok("uri", "https://example.com:8443/a/b"));
	assert_true(ok("uri", "file:///etc/hosts"));

	assert_false(ok("uri", "//foo.bar/?baz=qux#quux"));
	assert_false(ok("uri", "/abc"));
	assert_false(ok("uri", "abc"));
	assert_false(ok("uri", "\\\\WINDOWS\\fileshare"));
	assert_false(ok("uri", "http:// shouldfail.com"));
	assert_false(ok("uri", ":// should fail"));
	assert_false(ok("uri", "bar,baz:foo"));
	assert_false(ok("uri", "https://[@example.org/test.txt"));
	assert_false(ok("uri", "https://example.org/foobar\xc2\xae.txt"));
	assert_false(ok("uri", "https://example.org/foo bar.txt"));
	assert_false(ok("uri", "https://example.org/foobar|.txt"));
	assert_false(ok("uri", "https://example.org/foobar{}.txt"));
	assert_false(ok("uri", "http://example.com/%6G"));
	assert_false(ok("uri", "http://example.com/%A"));
	assert_false(ok("uri", "http://example.com/%"));
	assert_false(ok("uri", "1http://example.com"));
	assert_false(ok("uri", "ht_tp://example.com"));
	assert_false(ok("uri", "http://example.com:abc/path"));
	assert_false(ok("uri", "http://[::ffff:01.2.3.4]"));
	assert_false(ok("uri", "http:/[::1]"));
	assert_false(ok("uri", "http://[1:2:3:4:5:6:7:8:9]/"));
	assert_false(ok("uri", "http://[1::2::3]/"));
	assert_false(ok("uri", "http://example.com/#a#b"));
	assert_false(ok("uri", ""));
}

static long long parse_time(const char *s, int want_date_only)
{
	long long t = -1;
	int date_only = -1;

	assert_int_equal(handoff__format_parse_time(s, strlen(s), &t, &date_only), 1);
	assert_int_equal(date_only, want_date_only);
	return t;
}

static void test_format__parse_time(void **state)
{
	long long t;
	int d;

	(void)state;
	assert_int_equal(parse_time("1970-01-01", 1), 0);
	assert_int_equal(parse_time("2026-11-02", 1), 1793577600);
	assert_int_equal(parse_time("2026-11-02T08:00:00Z", 0), 1793606400);
	/* the same moment in Tokyo and in New York */
	assert_int_equal(parse_time("2026-11-02T17:00:00+09:00", 0), 1793606400);
	assert_int_equal(parse_time("2026-11-02T03:00:00.25-05:00", 0), 1793606400);
	assert_int_equal(parse_time("2000-02-29", 1), 951782400);
	assert_int_equal(parse_time("2100-01-01", 1), 4102444800LL);
	assert_int_equal(handoff__format_parse_time("2026-02-30", 10, &t, &d), 0);
	assert_int_equal(handoff__format_parse_time("2026-11-02T25:00:00Z", 20, &t, &d), 0);
	assert_int_equal(handoff__format_parse_time("yesterday", 9, &t, &d), 0);
	assert_int_equal(handoff__format_parse_time("2026", 4, &t, &d), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format__known_names),
		cmocka_unit_test(test_format__date_valid),
		cmocka_unit_test(test_format__date_invalid),
		cmocka_unit_test(test_format__date_time_valid),
		cmocka_unit_test(test_format__date_time_leap_seconds),
		cmocka_unit_test(test_format__date_time_invalid),
		cmocka_unit_test(test_format__email),
		cmocka_unit_test(test_format__uri),
		cmocka_unit_test(test_format__parse_time),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}

/*
 * Unit tests for lib/json.c, the bounded JSON reader: every kind of
 * value, escapes (surrogate pairs, a lone surrogate, an embedded NUL),
 * what RFC 8259 refuses (trailing commas, leading zeros, control
 * characters, invalid UTF-8, more after the value), the nesting and
 * value-count limits (ten thousand '[' is refused, not recursed into),
 * the accessors and the writer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "json.h"

#define LIT(s) (s), (sizeof(s) - 1)

static struct json *parse_ok(const char *s, size_t n)
{
	struct json *j = NULL;

	assert_int_equal(handoff__json_parse(&j, s, n, NULL, NULL), 0);
	assert_non_null(j);
	return j;
}

static enum json_problem parse_bad(const char *s, size_t n, const struct json_limits *l)
{
	struct json_error e;
	struct json *j = (struct json *)&e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(handoff__json_parse(&j, s, n, l, &e), HANDOFF_EINVALID);
	assert_null(j);
	assert_true(e.message[0] != '\0');
	assert_true(e.offset <= n);
	return e.problem;
}

static void test_json__values_and_lookups(void **state)
{
	struct json *j = parse_ok(LIT(" {\"id\": 7, \"method\": \"initialize\", \"params\": "
		"{\"a\": [true, false, null, -1.5e3, \"x\"], \"pos\": {\"line\": 3, \"character\": 0}}} \n"));
	const struct json *a;
	unsigned long v;

	(void)state;
	assert_int_equal(j->type, JSON_OBJECT);
	assert_int_equal(j->n, 3);
	assert_string_equal(handoff__json_get_str(j, "method"), "initialize");
	assert_null(handoff__json_get_str(j, "id"));
	assert_int_equal(handoff__json_get(j, "id")->type, JSON_NUMBER);
	assert_string_equal(handoff__json_get(j, "id")->str, "7");
	a = handoff__json_get(handoff__json_get(j, "params"), "a");
	assert_int_equal(a->n, 5);
	assert_int_equal(handoff__json_item(a, 0)->type, JSON_BOOL);
	assert_true(handoff__json_item(a, 0)->boolean);
	assert_false(handoff__json_item(a, 1)->boolean);
	assert_int_equal(handoff__json_item(a, 2)->type, JSON_NULL);
	assert_true(handoff__json_item(a, 3)->num == -1500.0);
	assert_string_equal(handoff__json_item(a, 4)->str, "x");
	assert_null(handoff__json_item(a, 5));
	assert_int_equal(handoff__json_get_uint(handoff__json_get(handoff__json_get(j, "params"), "pos"), "line", &v), 0);
	assert_int_equal(v, 3);
	assert_null(handoff__json_get(a, "x"));	/* not an object */
	handoff__json_free(j);
}

static void test_json__string_escapes(void **state)
{
	struct json *j;

	(void)state;
	j = parse_ok(LIT("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u65e5\""));
	assert_string_equal(j->str, "a\"b\\c/d\b\f\n\r\t\xc3\xa9\xe6\x97\xa5");
	handoff__json_free(j);
	/* a surrogate pair is one character; a lone one is U+FFFD */
	j = parse_ok(LIT("\"\\ud83d\\ude9a|\\ud83d|\\ude9a\""));
	assert_string_equal(j->str, "\xf0\x9f\x9a\x9a|\xef\xbf\xbd|\xef\xbf\xbd");
	handoff__json_free(j);
	/* an embedded NUL: the length says where the string ends */
	j = parse_ok(LIT("\"a\\u0000b\""));
	assert_int_equal(j->len, 3);
	assert_memory_equal(j->str, "a\0b", 3);
	handoff__json_free(j);
	/* UTF-8 as it is */
	j = parse_ok(LIT("\"\xe9\x85\x8d\xe9\x80\x81\xf0\x9f\x9a\x9a\""));
	assert_int_equal(j->len, 10);
	handoff__json_free(j);
}

static void test_json__not_json(void **state)
{
	static const char *const bad[] = {
		"", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", ".5", "1e", "+1",
		"\"abc", "\"a\nb\"", "\"\\x\"", "\"\\u12\"", "tru", "nul", "[1 2]",
		"{\"a\" 1}", "{1: 2}", "{} {}", "[1] x", "'a'", "NaN", "Infinity",
		"\"\xff\"", "\"\xc3\"", "\"\xed\xa0\x80\"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(parse_bad(bad[i], strlen(bad[i]), NULL), JSON_SYNTAX);
	/* a NUL byte in the text is not whitespace */
	assert_int_equal(parse_bad(LIT("1\0"), NULL), JSON_SYNTAX);
}

static void test_json__nesting_limit(void **state)
{
	struct json_limits l = JSON_LIMITS_INIT;
	char deep[20000 + 1];
	struct json *j;
	size_t i;

	(void)state;
	/* 64 deep is allowed, 65 is not */
	for (i = 0; i < 64; i++) {
		deep[i] = '[';
		deep[64 + i] = ']';
	}
	j = parse_ok(deep, 128);
	handoff__json_free(j);
	memmove(deep + 1, deep, 128);
	deep[0] = '[';
	deep[129] = ']';
	assert_int_equal(parse_bad(deep, 130, &l), JSON_TOO_DEEP);
	/* ten thousand: refused at the limit, never recursed into */
	for (i = 0; i < 10000; i++) {
		deep[i] = '[';
		deep[10000 + i] = ']';
	}
	assert_int_equal(parse_bad(deep, 20000, &l), JSON_TOO_DEEP);
	for (i = 0; i < 10000; i++)
		memcpy(deep + 2 * i, "{\"", 2);
	assert_int_equal(parse_bad(deep, 20000, &l), JSON_SYNTAX);
	l.max_depth = 2;
	assert_int_equal(parse_bad(LIT("{\"a\":{\"b\":[]}}"), &l), JSON_TOO_DEEP);
}

static void test_json__value_limit(void **state)
{
	struct json_limits l = { 64, 4 };
	struct json *j = NULL;

	(void)state;
	assert_int_equal(handoff__json_parse(&j, LIT("[1,2,3]"), &l, NULL), 0);
	handoff__json_free(j);
	assert_int_equal(parse_bad(LIT("[1,2,3,4]"), &l), JSON_TOO_MANY);
	assert_int_equal(parse_bad(LIT("{\"a\":{\"b\":{\"c\":{\"d\":1}}}}"), &l), JSON_TOO_MANY);
}

static void test_json__ids_and_numbers(void **state)
{
	struct json *a = parse_ok(LIT("[1, 1.0, \"1\", \"1\", 4294967296, -1, 2.5, 4294967295]"));
	struct json *o = parse_ok(LIT("{\"big\": 4294967296, \"neg\": -1, \"half\": 2.5, "
		"\"max\": 4294967295, \"s\": \"3\"}"));
	unsigned long v = 0;

	(void)state;
	assert_true(handoff__json_same_id(handoff__json_item(a, 0), handoff__json_item(a, 1)));
	assert_false(handoff__json_same_id(handoff__json_item(a, 0), handoff__json_item(a, 2)));
	assert_true(handoff__json_same_id(handoff__json_item(a, 2), handoff__json_item(a, 3)));
	assert_false(handoff__json_same_id(handoff__json_item(a, 0), NULL));
	assert_int_equal(handoff__json_get_uint(o, "big", &v), -1);
	assert_int_equal(handoff__json_get_uint(o, "neg", &v), -1);
	assert_int_equal(handoff__json_get_uint(o, "half", &v), -1);
	assert_int_equal(handoff__json_get_uint(o, "s", &v), -1);
	assert_int_equal(handoff__json_get_uint(o, "none", &v), -1);
	assert_int_equal(handoff__json_get_uint(o, "max", &v), 0);
	assert_int_equal(v, 4294967295UL);
	handoff__json_free(a);
	handoff__json_free(o);
}

static void test_json__write_round_trip(void **state)
{
	static const char text[] = "{\"id\":1.50,\"s\":\"a\\\"\\n\xc3\xa9\",\"l\":[true,null,{}],\"e\":[]}";
	handoff_buf b = HANDOFF_BUF_INIT;
	struct json *j = parse_ok(LIT(text));

	(void)state;
	assert_int_equal(handoff__json_write(&b, j), 0);
	assert_string_equal(b.ptr, text);	/* numbers as written */
	handoff_buf_dispose(&b);
	handoff__json_free(j);
	handoff__json_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json__values_and_lookups),
		cmocka_unit_test(test_json__string_escapes),
		cmocka_unit_test(test_json__not_json),
		cmocka_unit_test(test_json__nesting_limit),
		cmocka_unit_test(test_json__value_limit),
		cmocka_unit_test(test_json__ids_and_numbers),
		cmocka_unit_test(test_json__write_round_trip),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}

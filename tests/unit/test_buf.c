/*
 * Unit tests for lib/buf.c and lib/diag.c: handoff_buf growth through
 * many small and a few large appends, JSON string quoting (control
 * characters, quotes, invalid UTF-8 as U+FFFD, embedded NULs), JSON
 * pointer token escaping (~0, ~1), the string helpers, and the diagnostic
 * list (add, move, sort by position, error count).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common.h"

#define LIT(s) (s), (sizeof(s) - 1)

/* JSON-quote n bytes and compare with the expected literal. */
static void json_is(const char *s, size_t n, const char *want)
{
	handoff_buf b = HANDOFF_BUF_INIT;

	assert_int_equal(handoff__buf_json_str(&b, s, n), 0);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, want);
	assert_int_equal(b.size, strlen(want));
	handoff_buf_dispose(&b);
}

static void pointer_is(const char *s, const char *want)
{
	handoff_buf b = HANDOFF_BUF_INIT;

	assert_int_equal(handoff__buf_pointer_token(&b, s, strlen(s)), 0);
	assert_string_equal(b.ptr, want);
	handoff_buf_dispose(&b);
}

static void test_buf__printf_grows_over_many_appends(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	char want[16];
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(handoff__buf_printf(&b, "%04d,", i), 0);
	assert_int_equal(b.size, 5000);
	assert_true(b.asize > b.size);
	assert_int_equal(strlen(b.ptr), 5000);
	assert_memory_equal(b.ptr, "0000,0001,", 10);
	/* every entry is where it belongs, nothing lost in a realloc */
	for (i = 0; i < 1000; i += 97) {
		snprintf(want, sizeof(want), "%04d,", i);
		assert_memory_equal(b.ptr + 5 * i, want, 5);
	}
	assert_string_equal(b.ptr + 4995, "0999,");
	handoff_buf_dispose(&b);
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
	assert_int_equal(b.asize, 0);
}

static void test_buf__printf_one_large_append(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	char big[3001];

	(void)state;
	memset(big, 'x', 3000);
	big[3000] = '\0';
	assert_int_equal(handoff__buf_puts(&b, "<"), 0);
	/* far past the first allocation in one call */
	assert_int_equal(handoff__buf_printf(&b, "%s|%d>", big, 42), 0);
	assert_int_equal(b.size, 1 + 3000 + 4);
	assert_true(b.asize >= b.size + 1);
	assert_int_equal(b.ptr[0], '<');
	assert_int_equal(b.ptr[3000], 'x');
	assert_string_equal(b.ptr + 3001, "|42>");
	handoff_buf_dispose(&b);
}

/*
 * A text that fits the room left is written in place; one that needs the
 * room's last byte (kept for the NUL) or more grows the buffer first: at
 * each length around the room, the text and what was there are whole.
 */
static void test_buf__printf_at_the_edge_of_the_room(void **state)
{
	char text[200];
	size_t room, extra;

	(void)state;
	memset(text, 'y', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	for (extra = 0; extra < 4; extra++) {
		handoff_buf b = HANDOFF_BUF_INIT;

		assert_int_equal(handoff__buf_reserve(&b, 100), 0);
		assert_int_equal(handoff__buf_puts(&b, "head:"), 0);
		room = b.asize - b.size;
		assert_int_equal(handoff__buf_printf(&b, "%.*s", (int)(room - 2 + extra),
			text), 0);
		assert_int_equal(b.size, 5 + room - 2 + extra);
		assert_memory_equal(b.ptr, "head:", 5);
		assert_int_equal(b.ptr[b.size - 1], 'y');
		assert_int_equal(b.ptr[b.size], '\0');
		assert_int_equal(strlen(b.ptr), b.size);
		assert_true(b.asize > b.size);
		handoff_buf_dispose(&b);
	}
}

/* Whole numbers as %.17g writes them; anything else is left to printf. */
static void test_buf__put_whole_as_printf_would(void **state)
{
	static const double whole[] = { 0, 1, -1, 15, 100, -250, 999999999999999.0,
		-999999999999999.0, 1234567 };
	static const double other[] = { 0.5, -0.25, 1e15, -1e15, 1e300, 1.0 / 3 };
	char want[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(whole) / sizeof(*whole); i++) {
		handoff_buf b = HANDOFF_BUF_INIT;

		assert_int_equal(handoff__buf_put_whole(&b, whole[i]), 1);
		snprintf(want, sizeof(want), "%.17g", whole[i]);
		assert_string_equal(b.ptr, want);
		handoff_buf_dispose(&b);
	}
	for (i = 0; i < sizeof(other) / sizeof(*other); i++) {
		handoff_buf b = HANDOFF_BUF_INIT;

		assert_int_equal(handoff__buf_put_whole(&b, other[i]), 0);
		assert_null(b.ptr);
	}
	{
		handoff_buf b = HANDOFF_BUF_INIT;
		double zero = 0, nan = zero / zero;

		assert_int_equal(handoff__buf_put_whole(&b, -zero), 0);	/* %g writes -0 */
		assert_int_equal(handoff__buf_put_whole(&b, nan), 0);
		assert_int_equal(handoff__buf_put_whole(&b, 1 / zero), 0);
		assert_null(b.ptr);
	}
}

static void test_buf__empty_appends_give_an_empty_string(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;

	(void)state;
	assert_int_equal(handoff__buf_put(&b, "", 0), 0);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	assert_int_equal(handoff__buf_printf(&b, "%s", ""), 0);
	assert_int_equal(b.size, 0);
	assert_int_equal(handoff__buf_put(&b, "a\0b", 3), 0);
	assert_int_equal(b.size, 3);
	assert_memory_equal(b.ptr, "a\0b", 4);	/* still NUL-terminated */
	handoff_buf_dispose(&b);
	handoff_buf_dispose(&b);	/* twice is fine */
	handoff_buf_dispose(NULL);
}

static void test_buf__json_plain_and_utf8_pass_through(void **state)
{
	(void)state;
	json_is("", 0, "\"\"");
	json_is(LIT("hello world"), "\"hello world\"");
	json_is(LIT("a/b"), "\"a/b\"");
	json_is(LIT("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"),
		"\"caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\"");
}

static void test_buf__json_escapes(void **state)
{
	(void)state;
	json_is(LIT("say \"hi\""), "\"say \\\"hi\\\"\"");
	json_is(LIT("C:\\dir"), "\"C:\\\\dir\"");
	json_is(LIT("a\nb\rc\td"), "\"a\\nb\\rc\\td\"");
	json_is(LIT("\x01\x08\x0c\x1f"), "\"\\u0001\\u0008\\u000c\\u001f\"");
	json_is(LIT("del\x7f"), "\"del\\u007f\"");
	json_is(LIT("\x1b[31mred"), "\"\\u001b[31mred\"");
}

static void test_buf__json_embedded_nul(void **state)
{
	(void)state;
	json_is(LIT("a\0b"), "\"a\\u0000b\"");
}

static void test_buf__json_invalid_utf8_is_replaced(void **state)
{
	(void)state;
	json_is(LIT("a\xff" "b"), "\"a\\ufffdb\"");
	/* C0 AF: neither byte starts a valid sequence */
	json_is(LIT("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
	/* a surrogate: three bytes, none of them valid alone */
	json_is(LIT("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	/* a sequence cut off by the length: never read past n */
	json_is("x\xe6\x97\xa5", 3, "\"x\\ufffd\\ufffd\"");
	/* a good character right after a bad byte survives */
	json_is(LIT("\xff\xc3\xa9"), "\"\\ufffd\xc3\xa9\"");
}

static void test_buf__json_appends(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;

	(void)state;
	assert_int_equal(handoff__buf_puts(&b, "{\"k\":"), 0);
	assert_int_equal(handoff__buf_json_str(&b, LIT("v")), 0);
	assert_int_equal(handoff__buf_puts(&b, "}"), 0);
	assert_string_equal(b.ptr, "{\"k\":\"v\"}");
	handoff_buf_dispose(&b);
}

static void test_buf__pointer_token_escaping(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;

	(void)state;
	pointer_is("plain", "/plain");
	pointer_is("a/b", "/a~1b");
	pointer_is("c~d", "/c~0d");
	/* ~ first, so "~1" in a key is not read back as '/' */
	pointer_is("~1", "/~01");
	pointer_is("/~", "/~1~0");
	pointer_is("", "/");
	pointer_is("日本", "/日本");

	assert_int_equal(handoff__buf_pointer_token(&b, LIT("commitments")), 0);
	assert_int_equal(handoff__buf_pointer_token(&b, LIT("1")), 0);
	assert_int_equal(handoff__buf_pointer_token(&b, LIT("due/date")), 0);
	assert_string_equal(b.ptr, "/commitments/1/due~1date");
	handoff_buf_dispose(&b);
}

static void test_buf__string_helpers(void **state)
{
	char *s;

	(void)state;
	s = handoff__strndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = handoff__strdup("");
	assert_string_equal(s, "");
	free(s);
	s = handoff__asprintf("%s:%u:%u", "a.md", 3u, 5u);
	assert_string_equal(s, "a.md:3:5");
	free(s);
	s = handoff__asprintf("%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void test_buf__diag_add_keeps_fields(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 3, 5, "required",
		"/owners/csm", "missing '%s' (%d)", "csm", 7), 0);
	assert_int_equal(handoff__diag_add(&l, HANDOFF_SEVERITY_WARNING, 0, 0, "note",
		NULL, "%s", ""), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].severity, HANDOFF_SEVERITY_ERROR);
	assert_int_equal(l.v[0].line, 3);
	assert_int_equal(l.v[0].column, 5);
	assert_string_equal(l.v[0].code, "required");
	assert_string_equal(l.v[0].pointer, "/owners/csm");
	assert_string_equal(l.v[0].message, "missing 'csm' (7)");
	/* a NULL pointer and an empty message become empty strings */
	assert_non_null(l.v[1].pointer);
	assert_string_equal(l.v[1].pointer, "");
	assert_non_null(l.v[1].message);
	assert_string_equal(l.v[1].message, "");
	handoff__diag_list_release(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

static void test_buf__diag_list_grows(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;
	unsigned int i;

	(void)state;
	for (i = 1; i <= 100; i++)
		assert_int_equal(handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, i, 1, "c",
			"", "m%u", i), 0);
	assert_int_equal(l.n, 100);
	assert_string_equal(l.v[0].message, "m1");
	assert_string_equal(l.v[99].message, "m100");
	handoff__diag_list_release(&l);
}

static void test_buf__diag_list_errors_counts_only_errors(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(handoff__diag_list_errors(&l), 0);
	handoff__diag_add(&l, HANDOFF_SEVERITY_WARNING, 1, 1, "w", "", "w1");
	assert_int_equal(handoff__diag_list_errors(&l), 0);
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 2, 1, "e", "", "e1");
	handoff__diag_add(&l, HANDOFF_SEVERITY_WARNING, 3, 1, "w", "", "w2");
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 4, 1, "e", "", "e2");
	assert_int_equal(l.n, 4);
	assert_int_equal(handoff__diag_list_errors(&l), 2);
	handoff__diag_list_release(&l);
}

static void test_buf__diag_list_move(void **state)
{
	struct diag_list dst = DIAG_LIST_INIT, src = DIAG_LIST_INIT;

	(void)state;
	handoff__diag_add(&dst, HANDOFF_SEVERITY_ERROR, 1, 1, "a", "", "d1");
	handoff__diag_add(&src, HANDOFF_SEVERITY_ERROR, 2, 1, "b", "/p", "s1");
	handoff__diag_add(&src, HANDOFF_SEVERITY_WARNING, 3, 1, "c", "", "s2");
	assert_int_equal(handoff__diag_list_move(&dst, &src), 0);
	assert_int_equal(dst.n, 3);
	assert_string_equal(dst.v[0].message, "d1");
	assert_string_equal(dst.v[1].message, "s1");
	assert_string_equal(dst.v[1].pointer, "/p");
	assert_string_equal(dst.v[2].message, "s2");
	assert_int_equal(src.n, 0);
	assert_int_equal(src.alloc, 0);
	assert_null(src.v);

	/* moving an empty list changes nothing; the list stays usable */
	assert_int_equal(handoff__diag_list_move(&dst, &src), 0);
	assert_int_equal(dst.n, 3);
	handoff__diag_add(&src, HANDOFF_SEVERITY_ERROR, 9, 9, "z", "", "again");
	assert_int_equal(src.n, 1);
	assert_int_equal(handoff__diag_list_move(&dst, &src), 0);
	/* and dst can still grow after being sized exactly */
	handoff__diag_add(&dst, HANDOFF_SEVERITY_ERROR, 10, 1, "z", "", "last");
	assert_int_equal(dst.n, 5);
	assert_string_equal(dst.v[3].message, "again");
	assert_string_equal(dst.v[4].message, "last");
	handoff__diag_list_release(&dst);
	handoff__diag_list_release(&src);
}

static void test_buf__diag_list_move_into_empty(void **state)
{
	struct diag_list dst = DIAG_LIST_INIT, src = DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(handoff__diag_list_move(&dst, &src), 0);
	assert_int_equal(dst.n, 0);
	handoff__diag_add(&src, HANDOFF_SEVERITY_ERROR, 2, 1, "b", "", "only");
	assert_int_equal(handoff__diag_list_move(&dst, &src), 0);
	assert_int_equal(dst.n, 1);
	assert_string_equal(dst.v[0].message, "only");
	handoff__diag_list_release(&dst);
	handoff__diag_list_release(&src);
}

static void test_buf__diag_list_sort_by_position(void **state)
{
	struct diag_list l = DIAG_LIST_INIT;

	(void)state;
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 9, 1, "c", "/z", "nine");
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 2, 7, "c", "/b", "two-seven");
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 0, 0, "c", "", "none");
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 2, 3, "c", "/y", "two-three");
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 5, 1, "c", "/b", "five-b");
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 5, 1, "c", "/a", "five-a");
	handoff__diag_list_sort(&l);
	assert_string_equal(l.v[0].message, "none");
	assert_string_equal(l.v[1].message, "two-three");
	assert_string_equal(l.v[2].message, "two-seven");
	/* same position: the pointer breaks the tie */
	assert_string_equal(l.v[3].message, "five-a");
	assert_string_equal(l.v[4].message, "five-b");
	assert_string_equal(l.v[5].message, "nine");
	handoff__diag_list_release(&l);

	/* empty and single lists are fine */
	handoff__diag_list_sort(&l);
	handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, 1, 1, "c", "", "one");
	handoff__diag_list_sort(&l);
	assert_string_equal(l.v[0].message, "one");
	handoff__diag_list_release(&l);
}

/*
 * A buffer that failed to grow stays failed, so that a formatter that
 * went on appending cannot hand out a text with a hole in it as whole.
 */
static void test_buf__a_failed_append_is_sticky(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;

	(void)state;
	assert_int_equal(handoff__buf_puts(&b, "head "), 0);
	assert_false(handoff__buf_failed(&b));
	assert_true(handoff__buf_put(&b, "x", SIZE_MAX / 2) < 0);
	assert_true(handoff__buf_failed(&b));
	assert_true(handoff__buf_puts(&b, "tail") < 0);
	assert_true(handoff__buf_printf(&b, "%d", 1) < 0);
	assert_string_equal(b.ptr, "head ");
	handoff_buf_dispose(&b);
	assert_false(handoff__buf_failed(&b));
	assert_int_equal(handoff__buf_puts(&b, "again"), 0);
	assert_string_equal(b.ptr, "again");
	handoff_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf__printf_grows_over_many_appends),
		cmocka_unit_test(test_buf__printf_at_the_edge_of_the_room),
		cmocka_unit_test(test_buf__put_whole_as_printf_would),
		cmocka_unit_test(test_buf__a_failed_append_is_sticky),
		cmocka_unit_test(test_buf__printf_one_large_append),
		cmocka_unit_test(test_buf__empty_appends_give_an_empty_string),
		cmocka_unit_test(test_buf__json_plain_and_utf8_pass_through),
		cmocka_unit_test(test_buf__json_escapes),
		cmocka_unit_test(test_buf__json_embedded_nul),
		cmocka_unit_test(test_buf__json_invalid_utf8_is_replaced),
		cmocka_unit_test(test_buf__json_appends),
		cmocka_unit_test(test_buf__pointer_token_escaping),
		cmocka_unit_test(test_buf__string_helpers),
		cmocka_unit_test(test_buf__diag_add_keeps_fields),
		cmocka_unit_test(test_buf__diag_list_grows),
		cmocka_unit_test(test_buf__diag_list_errors_counts_only_errors),
		cmocka_unit_test(test_buf__diag_list_move),
		cmocka_unit_test(test_buf__diag_list_move_into_empty),
		cmocka_unit_test(test_buf__diag_list_sort_by_position),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}

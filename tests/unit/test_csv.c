/*
 * Unit tests for lib/csv.c, the reader of CRM exports: RFC 4180 fields
 * (quoted commas, doubled quotes, line breaks inside quotes), a byte
 * order mark, CRLF, LF and bare CR line ends, empty lines, and every
 * refusal with the line and the field it is at.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "csv.h"

#define LIT(s) (s), (sizeof(s) - 1)

static void expect_row(struct csv *c, size_t n, ...)
{
	va_list ap;
	size_t i;

	assert_int_equal(handoff__csv_next(c), 1);
	assert_int_equal(c->nfields, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(c->fields[i], va_arg(ap, const char *));
	va_end(ap);
}

static void test_csv__plain_rows(void **state)
{
	struct csv c;

	(void)state;
	handoff__csv_init(&c, LIT("a,b,c\n1,,3\n"), NULL);
	expect_row(&c, 3, "a", "b", "c");
	assert_int_equal(c.row_line, 1);
	expect_row(&c, 3, "1", "", "3");
	assert_int_equal(c.row_line, 2);
	assert_int_equal(handoff__csv_next(&c), 0);
	handoff__csv_release(&c);
}

static void test_csv__quoted_fields(void **state)
{
	struct csv c;

	(void)state;
	handoff__csv_init(&c, LIT("\"a,b\",\"say \"\"hi\"\"\",\"\"\n"), NULL);
	expect_row(&c, 3, "a,b", "say \"hi\"", "");
	assert_int_equal(handoff__csv_next(&c), 0);
	handoff__csv_release(&c);
}

static void test_csv__line_break_in_quotes_counts_lines(void **state)
{
	struct csv c;

	(void)state;
	handoff__csv_init(&c, LIT("h1,h2\r\nx,\"one\r\ntwo\"\r\ny,z\r\n"), NULL);
	expect_row(&c, 2, "h1", "h2");
	expect_row(&c, 2, "x", "one\ntwo");
	assert_int_equal(c.row_line, 2);
	assert_int_equal(c.lines[1], 2);
	expect_row(&c, 2, "y", "z");
	assert_int_equal(c.row_line, 4);
	handoff__csv_release(&c);
}

static void test_csv__bom_and_line_ends(void **state)
{
	struct csv c;

	(void)state;
	handoff__csv_init(&c,
		LIT("\xef\xbb\xbf\"Opportunity ID\",b\r1,2\n\n\r\n3,4"), NULL);
	expect_row(&c, 2, "Opportunity ID", "b");
	expect_row(&c, 2, "1", "2");
	expect_row(&c, 2, "3", "4");
	assert_int_equal(c.row_line, 5);
	assert_int_equal(handoff__csv_next(&c), 0);
	handoff__csv_release(&c);
}

static void test_csv__a_trailing_comma_is_an_empty_field(void **state)
{
	struct csv c;

	(void)state;
	handoff__csv_init(&c, LIT("a,\n"), NULL);
	expect_row(&c, 2, "a", "");
	handoff__csv_release(&c);
}

static void expect_error(const char *text, size_t len, unsigned int line,
	unsigned int col, const char *what)
{
	struct csv c;
	int r;

	handoff__csv_init(&c, text, len, NULL);
	while ((r = handoff__csv_next(&c)) > 0)
		;
	assert_int_equal(r, HANDOFF_EINVALID);
	assert_int_equal(c.err_line, line);
	assert_int_equal(c.err_col, col);
	assert_non_null(strstr(c.err, what));
	handoff__csv_release(&c);
}

static void test_csv__unterminated_quote_names_where_it_opened(void **state)
{
	(void)state;
	expect_error(LIT("a,b\nx,\"open\nmore\nand more"), 2, 2, "never closed");
}

static void test_csv__stray_quotes(void **state)
{
	(void)state;
	expect_error(LIT("a,b\nx,12\" rack\n"), 2, 2, "quote inside an unquoted field");
	expect_error(LIT("a,b\n\"x\"y,z\n"), 2, 1, "text after a closing quote");
}

static void test_csv__not_utf8_or_nul(void **state)
{
	(void)state;
	expect_error(LIT("a,b\nx,M\xfcller\n"), 2, 2, "not UTF-8");
	expect_error(LIT("a,b\n\"x\ny\xc3\",z\n"), 2, 1, "not UTF-8");
	expect_error(LIT("a,b\nx,y\0z\n"), 2, 2, "NUL");
}

static void test_csv__limits(void **state)
{
	struct csv_limits small = { 8, 3 };
	struct csv c;

	(void)state;
	handoff__csv_init(&c, LIT("a,b,c,d\n"), &small);
	assert_int_equal(handoff__csv_next(&c), HANDOFF_EINVALID);
	assert_int_equal(c.err_col, 4);
	assert_non_null(strstr(c.err, "more than 3 fields"));
	handoff__csv_release(&c);
	handoff__csv_init(&c, LIT("a,\"123456789\"\n"), &small);
	assert_int_equal(handoff__csv_next(&c), HANDOFF_EINVALID);
	assert_int_equal(c.err_col, 2);
	assert_non_null(strstr(c.err, "over 8 bytes"));
	handoff__csv_release(&c);
	handoff__csv_init(&c, LIT("123456789\n"), &small);
	assert_int_equal(handoff__csv_next(&c), HANDOFF_EINVALID);
	handoff__csv_release(&c);
}

static void test_csv__empty_input(void **state)
{
	struct csv c;

	(void)state;
	handoff__csv_init(&c, LIT(""), NULL);
	assert_int_equal(handoff__csv_next(&c), 0);
	handoff__csv_release(&c);
	handoff__csv_init(&c, LIT("\xef\xbb\xbf\r\n\n"), NULL);
	assert_int_equal(handoff__csv_next(&c), 0);
	handoff__csv_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv__plain_rows),
		cmocka_unit_test(test_csv__quoted_fields),
		cmocka_unit_test(test_csv__line_break_in_quotes_counts_lines),
		cmocka_unit_test(test_csv__bom_and_line_ends),
		cmocka_unit_test(test_csv__a_trailing_comma_is_an_empty_field),
		cmocka_unit_test(test_csv__unterminated_quote_names_where_it_opened),
		cmocka_unit_test(test_csv__stray_quotes),
		cmocka_unit_test(test_csv__not_utf8_or_nul),
		cmocka_unit_test(test_csv__limits),
		cmocka_unit_test(test_csv__empty_input),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}

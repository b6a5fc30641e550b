/*
 * Unit tests for lib/utf8.c: strict UTF-8 validation (overlongs,
 * surrogates, code points past U+10FFFF and sequences cut off at the end
 * are all invalid, as libyaml and JSON require), code point counts, and
 * the byte offset to line:column mapping, which must agree with libyaml's
 * (CRLF is one break, a bare CR is a break, NEL, LS and PS are breaks,
 * columns count characters, not bytes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* A string literal and its length, NULs and all. */
#define LIT(s) (s), (sizeof(s) - 1)

static void test_utf8__valid_prefix_lengths(void **state)
{
	(void)state;
	assert_int_equal(handoff__utf8_valid_prefix(LIT("a")), 1);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\x7f")), 1);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xc2\x80")), 2);	/* U+0080 */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xc3\xa9x")), 2);	/* é */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xe0\xa0\x80")), 3);	/* U+0800 */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xe6\x97\xa5")), 3);	/* 日 */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xef\xbf\xbd")), 3);	/* U+FFFD */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf0\x90\x80\x80")),
		4);	/* U+10000 */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf0\x9f\x98\x80")),
		4);	/* 😀 */
	assert_int_equal(handoff__utf8_valid_prefix("", 0), 0);
}

static void test_utf8__overlongs_are_invalid(void **state)
{
	size_t bad = 99;

	(void)state;
	/* C0 AF is '/' in two bytes, the classic path traversal overlong */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xc0\xaf")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xc1\xbf")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xe0\x80\xaf")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xe0\x9f\xbf")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf0\x80\x80\xaf")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf0\x8f\xbf\xbf")), 0);

	assert_int_equal(handoff__utf8_check(LIT("ab\xc0\xaf"), &bad), 0);
	assert_int_equal(bad, 2);
}

static void test_utf8__surrogates_are_invalid(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xed\xa0\x80")), 0);	/* D800 */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xed\xbf\xbf")), 0);	/* DFFF */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xed\x9f\xbf")), 3);	/* D7FF */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xee\x80\x80")), 3);	/* E000 */

	assert_int_equal(handoff__utf8_check(LIT("x\xc3\xa9\xed\xa0\x80y"), &bad), 0);
	assert_int_equal(bad, 3);
}

static void test_utf8__past_max_code_point_is_invalid(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf4\x8f\xbf\xbf")),
		4);	/* 10FFFF */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf4\x90\x80\x80")),
		0);	/* 110000 */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf5\x80\x80\x80")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf7\xbf\xbf\xbf")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xf8\x88\x80\x80\x80")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xff")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xfe")), 0);

	assert_int_equal(handoff__utf8_check(LIT("ok \xf4\x90\x80\x80"), &bad), 0);
	assert_int_equal(bad, 3);
}

static void test_utf8__truncated_sequence_at_end(void **state)
{
	size_t bad = 99;

	(void)state;
	/* the length given ends inside the sequence: no reading past it */
	assert_int_equal(handoff__utf8_valid_prefix("\xe6\x97\xa5", 2), 0);
	assert_int_equal(handoff__utf8_valid_prefix("\xf0\x9f\x98\x80", 3), 0);
	assert_int_equal(handoff__utf8_valid_prefix("\xc3\xa9", 1), 0);

	assert_int_equal(handoff__utf8_check("ab\xe6\x97\xa5", 4, &bad), 0);
	assert_int_equal(bad, 2);
	/* the same bytes, complete, are fine */
	assert_int_equal(handoff__utf8_check(LIT("ab\xe6\x97\xa5"), &bad), 1);
}

static void test_utf8__stray_continuation_bytes(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\x80")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xbf")), 0);
	/* a lead byte followed by a non-continuation */
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xc3(")), 0);
	assert_int_equal(handoff__utf8_valid_prefix(LIT("\xe6\x97(")), 0);

	assert_int_equal(handoff__utf8_check(LIT("abc\x80"), &bad), 0);
	assert_int_equal(bad, 3);
}

static void test_utf8__check_accepts_valid_text(void **state)
{
	size_t bad = 12345;

	(void)state;
	assert_int_equal(handoff__utf8_check("", 0, &bad), 1);
	assert_int_equal(handoff__utf8_check(LIT("plain ASCII\r\n\t"), &bad), 1);
	assert_int_equal(handoff__utf8_check(LIT("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac "
		"\xf0\x9f\x98\x80"), &bad), 1);
	/* NUL is valid UTF-8; binary detection is someone else's job */
	assert_int_equal(handoff__utf8_check(LIT("a\0b"), &bad), 1);
	/* untouched on success */
	assert_int_equal(bad, 12345);
}

static void test_utf8__decode(void **state)
{
	size_t len = 0;

	(void)state;
	assert_int_equal(handoff__utf8_decode("A", &len), 0x41);
	assert_int_equal(len, 1);
	assert_int_equal(handoff__utf8_decode("\xc3\xa9", &len), 0xe9);
	assert_int_equal(len, 2);
	assert_int_equal(handoff__utf8_decode("\xe6\x97\xa5", &len), 0x65e5);
	assert_int_equal(len, 3);
	assert_int_equal(handoff__utf8_decode("\xf0\x9f\x98\x80", &len), 0x1f600);
	assert_int_equal(len, 4);
	assert_int_equal(handoff__utf8_decode("\xf4\x8f\xbf\xbf", &len), 0x10ffff);
	assert_int_equal(len, 4);
}

static void test_utf8__count(void **state)
{
	(void)state;
	assert_int_equal(handoff__utf8_count("", 0), 0);
	assert_int_equal(handoff__utf8_count(LIT("abc")), 3);
	/* a, é, 日, 😀: 10 bytes, 4 code points */
	assert_int_equal(handoff__utf8_count(LIT("a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80")), 4);
	/* 日本語のテキスト */
	assert_int_equal(handoff__utf8_count(LIT("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
		"\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88")), 8);
	/* counting stops at enough, never past the end */
	assert_int_equal(handoff__utf8_count_upto(LIT("a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80"), 2), 2);
	assert_int_equal(handoff__utf8_count_upto(LIT("a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80"), 9), 4);
	assert_int_equal(handoff__utf8_count_upto(LIT("abc"), 0), 0);
}

static void pos(const char *s, size_t n, size_t offset, unsigned int want_line,
	unsigned int want_col)
{
	unsigned int line = 0, col = 0;

	handoff__text_position(s, n, offset, &line, &col);
	assert_int_equal(line, want_line);
	assert_int_equal(col, want_col);
}

static void test_utf8__position_lf(void **state)
{
	static const char s[] = "ab\ncd\n\nx";

	(void)state;
	pos(s, strlen(s), 0, 1, 1);
	pos(s, strlen(s), 1, 1, 2);
	pos(s, strlen(s), 2, 1, 3);	/* the LF itself is on line 1 */
	pos(s, strlen(s), 3, 2, 1);
	pos(s, strlen(s), 4, 2, 2);
	pos(s, strlen(s), 7, 4, 1);
}

static void test_utf8__position_crlf_is_one_break(void **state)
{
	static const char s[] = "ab\r\ncd\r\n\r\nx";

	(void)state;
	pos(s, strlen(s), 4, 2, 1);
	pos(s, strlen(s), 5, 2, 2);
	pos(s, strlen(s), 10, 4, 1);
}

static void test_utf8__position_bare_cr_is_a_break(void **state)
{
	static const char s[] = "ab\rcd\r\rx";

	(void)state;
	pos(s, strlen(s), 3, 2, 1);
	pos(s, strlen(s), 4, 2, 2);
	pos(s, strlen(s), 7, 4, 1);
	/* LF then CR is two breaks */
	pos(LIT("a\n\rb"), 3, 3, 1);
}

/*
 * text_offset undoes text_position at every character's start, with each
 * break libyaml counts (LF, CRLF, CR, NEL, LS, PS) and multibyte columns.
 */
static void test_utf8__offset_is_the_inverse_of_position(void **state)
{
	static const char s[] = "a\xc3\xa9\n\xe6\x97\xa5" "b\r\nc\rd\xc2\x85"
		"e\xe2\x80\xa8" "f\xe2\x80\xa9" "g";
	size_t i, n = strlen(s);
	unsigned int line, col;

	(void)state;
	for (i = 0; i <= n; i++) {
		if (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (i > 0 && s[i] == '\n' && s[i - 1] == '\r')
			continue;
		handoff__text_position(s, n, i, &line, &col);
		assert_int_equal(handoff__text_offset(s, n, line, col), i);
	}
	assert_int_equal(handoff__text_offset(s, n, 5, 1), 15);	/* "e", after the NEL */
	assert_int_equal(handoff__text_offset(s, n, 9, 1), n);	/* no line 9 */
}

static void test_utf8__position_nel_ls_ps(void **state)
{
	(void)state;
	/* U+0085 NEL */
	pos(LIT("ab\xc2\x85" "cd"), 4, 2, 1);
	pos(LIT("ab\xc2\x85" "cd"), 5, 2, 2);
	/* U+2028 LINE SEPARATOR */
	pos(LIT("ab\xe2\x80\xa8" "cd"), 5, 2, 1);
	/* U+2029 PARAGRAPH SEPARATOR */
	pos(LIT("a\xe2\x80\xa9\xe2\x80\xa9z"), 7, 3, 1);
	/* an ordinary E2 80 xx character (U+2019) is not a break */
	pos(LIT("a\xe2\x80\x99z"), 4, 1, 3);
}

static void test_utf8__position_multibyte_columns(void **state)
{
	/* 日本語x: x is the 4th character, at byte 9 */
	static const char s[] = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9ex";

	(void)state;
	pos(s, strlen(s), 3, 1, 2);
	pos(s, strlen(s), 9, 1, 4);
	/* é\né: after the second é */
	pos(LIT("\xc3\xa9\n\xc3\xa9!"), 5, 2, 2);
	/* 4-byte emoji, then a tab */
	pos(LIT("\xf0\x9f\x98\x80\tz"), 5, 1, 3);
}

/*
 * Counted on from the last offset, every position is the one counted from
 * the start: each step, every stride (a stop between the CR and LF of a
 * CRLF, inside a line separator, on a continuation byte) and a step back.
 */
static void test_utf8__position_at_carries_on(void **state)
{
	static const char s[] = "a\r\nb\r\r\n\xc2\x85" "c\xe2\x80\xa8\xe6\x97\xa5\n"
		"\r\n\xe2\x80\xa9x\xf0\x9f\x98\x80\ry\n";
	size_t n = sizeof(s) - 1, stride, off;
	unsigned int line, col;

	(void)state;
	for (stride = 1; stride <= 4; stride++) {
		struct text_pos at = TEXT_POS_INIT;

		for (off = 0; off <= n + 1; off += stride) {
			handoff__text_position(s, n, off, &line, &col);
			handoff__text_position_at(s, n, &at, off);
			assert_int_equal(at.line, line);
			assert_int_equal(at.col, col);
		}
		/* back to the start: counted again, not carried on */
		handoff__text_position_at(s, n, &at, 1);
		assert_int_equal(at.line, 1);
		assert_int_equal(at.col, 2);
	}
}

/* Offsets in order read the text once: the work of a single count to the end. */
static void test_utf8__position_at_reads_the_text_once(void **state)
{
	struct text_pos at = TEXT_POS_INIT;
	char s[4096];
	size_t off, before;

	(void)state;
	for (off = 0; off < sizeof(s); off++)
		s[off] = off % 80 == 79 ? '\n' : '?';
	before = handoff__text_position_bytes();
	for (off = 0; off < sizeof(s); off += 3)
		handoff__text_position_at(s, sizeof(s), &at, off);
	assert_true(handoff__text_position_bytes() - before < sizeof(s));
	assert_int_equal(at.line, 4095 / 80 + 1);
}

static void test_utf8__position_offset_past_end_is_clamped(void **state)
{
	(void)state;
	pos(LIT("ab\ncd"), 100, 2, 3);
	pos("", 0, 0, 1, 1);
}

static void name_is(const char *in, const char *encoding, const char *want)
{
	char *got = handoff__utf8_from_commit(in, encoding);

	assert_non_null(got);
	if (strcmp(got, want))
		print_error("'%s' (%s) gave '%s', want '%s'\n", in,
			encoding ? encoding : "no encoding", got, want);
	assert_string_equal(got, want);
	free(got);
}

/* RELIABILITY.md 4.15: a commit's name is always valid UTF-8 */
static void test_utf8__commit_names(void **state)
{
	(void)state;
	name_is("Jane Doe", NULL, "Jane Doe");
	name_is("\xe7\x94\xb0\xe4\xb8\xad", NULL, "\xe7\x94\xb0\xe4\xb8\xad");
	/* git writes the encoding header; iconv converts */
	name_is("Jos\xe9 M\xfcller", "ISO-8859-1", "Jos\xc3\xa9 M\xc3\xbcller");
	name_is("\x8a\xbf\x8e\x9a", "SHIFT_JIS", "\xe6\xbc\xa2\xe5\xad\x97");
	name_is("Ren\xc3\xa9" "e", "UTF-8", "Ren\xc3\xa9" "e");
	name_is("Ren\xc3\xa9" "e", "utf8", "Ren\xc3\xa9" "e");
	/* no header, or one iconv does not know: bad bytes are Latin-1 */
	name_is("Ren\xe9" "e", NULL, "Ren\xc3\xa9" "e");
	name_is("Ren\xe9" "e", "x-no-such-encoding", "Ren\xc3\xa9" "e");
	name_is("a\xff\xc3", NULL, "a\xc3\xbf\xc3\x83");
	name_is("", "ISO-8859-1", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8__valid_prefix_lengths),
		cmocka_unit_test(test_utf8__overlongs_are_invalid),
		cmocka_unit_test(test_utf8__surrogates_are_invalid),
		cmocka_unit_test(test_utf8__past_max_code_point_is_invalid),
		cmocka_unit_test(test_utf8__truncated_sequence_at_end),
		cmocka_unit_test(test_utf8__stray_continuation_bytes),
		cmocka_unit_test(test_utf8__check_accepts_valid_text),
		cmocka_unit_test(test_utf8__decode),
		cmocka_unit_test(test_utf8__count),
		cmocka_unit_test(test_utf8__position_lf),
		cmocka_unit_test(test_utf8__position_crlf_is_one_break),
		cmocka_unit_test(test_utf8__position_bare_cr_is_a_break),
		cmocka_unit_test(test_utf8__position_nel_ls_ps),
		cmocka_unit_test(test_utf8__position_multibyte_columns),
		cmocka_unit_test(test_utf8__position_offset_past_end_is_clamped),
		cmocka_unit_test(test_utf8__offset_is_the_inverse_of_position),
		cmocka_unit_test(test_utf8__position_at_carries_on),
		cmocka_unit_test(test_utf8__position_at_reads_the_text_once),
		cmocka_unit_test(test_utf8__commit_names),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}

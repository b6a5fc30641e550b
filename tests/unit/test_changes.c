/*
 * Unit tests for lib/changes.c and the piecewise output of lib/buf.c:
 * newest first turns the history's order round, one commit's changes
 * kept together and in their order, the work tree's first whatever they
 * sit between; a list written in pieces (handoff_changes_write) is
 * byte for byte the text and the JSON formatted whole, in more than one
 * piece when long; a write that fails stops it with an error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include "changes.h"

/* A change of `commit` (NULL: the work tree) at /field/`n`. */
static void add(handoff_changes *l, const char *commit, int n)
{
	char pointer[32], value[32], hex[41], path[] = "handoffs/D-1.md",
		author[] = "Jane Doe", email[] = "jane@vendor.example",
		before[] = "\"before\"";
	handoff_change c;

	memset(&c, 0, sizeof(c));
	snprintf(pointer, sizeof(pointer), "/field/%d", n);
	snprintf(value, sizeof(value), "\"value %d\"", n);
	snprintf(hex, sizeof(hex), "%s", commit ? commit : "");
	c.path = path;
	c.pointer = pointer;
	c.commit = commit ? hex : NULL;
	c.author = commit ? author : NULL;
	c.email = commit ? email : NULL;
	c.time = 1793491200 + n;
	c.offset = 540;
	c.op = HANDOFF_CHANGE_CHANGE;
	c.old_json = before;
	c.new_json = value;
	c.material = n % 2;
	assert_int_equal(handoff__changes_add(l, &c), 0);
}

static void order_is(const handoff_changes *l, const int *want, size_t n)
{
	size_t i;

	assert_int_equal(handoff_changes_count(l), n);
	for (i = 0; i < n; i++) {
		char pointer[32];

		snprintf(pointer, sizeof(pointer), "/field/%d", want[i]);
		assert_string_equal(handoff_changes_get(l, i)->pointer, pointer);
	}
}

static void test_changes__newest_first_keeps_each_commit_together(void **state)
{
	static const int want[] = { 6, 7, 4, 5, 3, 0, 1, 2 };
	handoff_changes *l = NULL;

	(void)state;
	assert_int_equal(handoff__changes_new(&l), 0);
	add(l, "aaaa", 0);
	add(l, "aaaa", 1);
	add(l, "aaaa", 2);
	add(l, "bbbb", 3);
	add(l, "cccc", 4);
	add(l, "cccc", 5);
	add(l, "dddd", 6);
	add(l, "dddd", 7);
	handoff__changes_sort_newest_first(l);
	order_is(l, want, 8);
	handoff_changes_free(l);
}

/*
 * The work tree's changes come first, in their order; one between two
 * changes of a commit parts them as it did in the history.
 */
static void test_changes__newest_first_puts_the_work_tree_first(void **state)
{
	static const int want[] = { 2, 5, 6, 3, 4, 1, 0 };
	handoff_changes *l = NULL;

	(void)state;
	assert_int_equal(handoff__changes_new(&l), 0);
	add(l, "aaaa", 0);
	add(l, "bbbb", 1);
	add(l, NULL, 2);
	add(l, "bbbb", 3);
	add(l, "bbbb", 4);
	add(l, NULL, 5);
	add(l, NULL, 6);
	handoff__changes_sort_newest_first(l);
	order_is(l, want, 7);
	handoff_changes_free(l);
}

static void test_changes__a_short_list_stays(void **state)
{
	static const int want[] = { 0 };
	handoff_changes *l = NULL;

	(void)state;
	assert_int_equal(handoff__changes_new(&l), 0);
	handoff__changes_sort_newest_first(l);
	assert_int_equal(handoff_changes_count(l), 0);
	add(l, "aaaa", 0);
	handoff__changes_sort_newest_first(l);
	order_is(l, want, 1);
	handoff_changes_free(l);
}

struct collect {
	handoff_buf text;
	size_t pieces;
	size_t fail_at;		/* the write of this piece fails; 0: none */
};

static int collect(const char *data, size_t len, void *payload)
{
	struct collect *c = payload;

	if (++c->pieces == c->fail_at)
		return -1;
	assert_true(len > 0);
	return handoff__buf_put(&c->text, data, len);
}

/* A log of `n` versions of a few changes each, newest first. */
static handoff_changes *long_log(size_t n)
{
	handoff_changes *l = NULL;
	size_t i;

	assert_int_equal(handoff__changes_new(&l), 0);
	for (i = 0; i < n; i++) {
		char commit[41];

		snprintf(commit, sizeof(commit), "%040zx", i + 1);
		add(l, commit, (int)(3 * i));
		add(l, commit, (int)(3 * i + 1));
		add(l, commit, (int)(3 * i + 2));
	}
	handoff__changes_sort_newest_first(l);
	return l;
}

static void same_in_pieces(const handoff_changes *l, handoff_format format,
	handoff_view view, size_t at_least)
{
	handoff_buf whole = HANDOFF_BUF_INIT;
	struct collect c = { HANDOFF_BUF_INIT, 0, 0 };

	assert_int_equal(handoff_changes_format(&whole, l, format, view,
		HANDOFF_DATE_ISO, 0), 0);
	assert_int_equal(handoff_changes_write(l, format, view, HANDOFF_DATE_ISO,
		0, collect, &c), 0);
	assert_true(c.pieces >= at_least);
	assert_int_equal(c.text.size, whole.size);
	assert_memory_equal(c.text.ptr, whole.ptr, whole.size);
	handoff_buf_dispose(&whole);
	handoff_buf_dispose(&c.text);
}

static void test_changes__written_in_pieces_as_formatted_whole(void **state)
{
	handoff_changes *l = long_log(5000), *one = long_log(1), *none = NULL;

	(void)state;
	same_in_pieces(l, HANDOFF_FORMAT_TEXT, HANDOFF_VIEW_LOG, 2);
	same_in_pieces(l, HANDOFF_FORMAT_JSON, HANDOFF_VIEW_LOG, 2);
	same_in_pieces(l, HANDOFF_FORMAT_TEXT, HANDOFF_VIEW_BLAME, 2);
	same_in_pieces(one, HANDOFF_FORMAT_TEXT, HANDOFF_VIEW_LOG, 1);
	same_in_pieces(one, HANDOFF_FORMAT_JSON, HANDOFF_VIEW_DIFF, 1);
	assert_int_equal(handoff__changes_new(&none), 0);
	same_in_pieces(none, HANDOFF_FORMAT_JSON, HANDOFF_VIEW_LOG, 1);
	handoff_changes_free(l);
	handoff_changes_free(one);
	handoff_changes_free(none);
}

static void test_changes__a_failed_write_stops_it(void **state)
{
	handoff_changes *l = long_log(5000);
	struct collect first = { HANDOFF_BUF_INIT, 0, 1 };
	struct collect last = { HANDOFF_BUF_INIT, 0, 0 };
	size_t pieces;

	(void)state;
	assert_int_equal(handoff_changes_write(l, HANDOFF_FORMAT_TEXT,
		HANDOFF_VIEW_LOG, HANDOFF_DATE_ISO, 0, collect, &first), HANDOFF_ERROR);
	assert_int_equal(first.pieces, 1);
	assert_int_equal(handoff_changes_write(l, HANDOFF_FORMAT_JSON,
		HANDOFF_VIEW_LOG, HANDOFF_DATE_ISO, 0, collect, &last), 0);
	pieces = last.pieces;
	handoff_buf_dispose(&last.text);
	memset(&last, 0, sizeof(last));
	last.fail_at = pieces;
	assert_int_equal(handoff_changes_write(l, HANDOFF_FORMAT_JSON,
		HANDOFF_VIEW_LOG, HANDOFF_DATE_ISO, 0, collect, &last), HANDOFF_ERROR);
	assert_int_equal(last.pieces, pieces);
	handoff_buf_dispose(&first.text);
	handoff_buf_dispose(&last.text);
	handoff_changes_free(l);
}

/* A buffer is handed on once it holds a piece, or whatever it holds for 0. */
static void test_changes__hand_on_waits_for_a_piece(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	struct collect c = { HANDOFF_BUF_INIT, 0, 0 };

	(void)state;
	assert_int_equal(handoff__buf_hand_on(&b, 0, collect, &c), 0);
	assert_int_equal(c.pieces, 0);
	assert_int_equal(handoff__buf_puts(&b, "abc"), 0);
	assert_int_equal(handoff__buf_hand_on(&b, 4, collect, &c), 0);
	assert_int_equal(c.pieces, 0);
	assert_int_equal(handoff__buf_puts(&b, "d"), 0);
	assert_int_equal(handoff__buf_hand_on(&b, 4, collect, &c), 0);
	assert_int_equal(c.pieces, 1);
	assert_int_equal(b.size, 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(handoff__buf_puts(&b, "e"), 0);
	assert_int_equal(handoff__buf_hand_on(&b, 0, collect, &c), 0);
	assert_int_equal(c.pieces, 2);
	assert_int_equal(c.text.size, 5);
	assert_memory_equal(c.text.ptr, "abcde", 5);
	/* a failed append is never handed on as if the text were whole */
	assert_int_equal(handoff__buf_puts(&b, "f"), 0);
	assert_true(handoff__buf_put(&b, "x", SIZE_MAX / 2) < 0);
	assert_int_equal(handoff__buf_hand_on(&b, 0, collect, &c), HANDOFF_ERROR);
	assert_int_equal(c.pieces, 2);
	handoff_buf_dispose(&b);
	handoff_buf_dispose(&c.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changes__newest_first_keeps_each_commit_together),
		cmocka_unit_test(test_changes__newest_first_puts_the_work_tree_first),
		cmocka_unit_test(test_changes__a_short_list_stays),
		cmocka_unit_test(test_changes__written_in_pieces_as_formatted_whole),
		cmocka_unit_test(test_changes__a_failed_write_stops_it),
		cmocka_unit_test(test_changes__hand_on_waits_for_a_piece),
	};

	return cmocka_run_group_tests_name("changes", tests, NULL, NULL);
}

/*
 * Unit tests for the parses of a record's versions by blob
 * (lib/record_cache.c): a blob read again is not parsed again, the same
 * blob at another path is another record, a parse handed out stays while
 * pinned, and the parses not pinned are bounded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sandbox.h"
#include "record_cache.h"

#include "sandbox_fixture.h"

/* The blob of a record whose id is `n`. */
static git_oid blob_of(int n)
{
	char text[128];
	git_oid id;

	snprintf(text, sizeof(text), "---\nkind: deal-handoff\nid: D-%d\n---\n# R\n", n);
	assert_int_equal(sandbox_write(sb, "r.md", text), 0);
	assert_int_equal(git_blob_create_from_disk(&id, sb->git, "r.md"), 0);
	return id;
}

static void test_record_cache__same_blob_parsed_once(void **state)
{
	struct record_cache c = RECORD_CACHE_INIT;
	struct record *a = NULL, *b = NULL;
	git_oid id = blob_of(1);

	(void)state;
	assert_int_equal(handoff__record_cache_load(&a, &c, sb->git, &id, "handoffs/r.md"), 0);
	assert_non_null(a);
	assert_string_equal(handoff__node_get_str(handoff__record_front(a), "id"), "D-1");
	assert_int_equal(handoff__record_cache_load(&b, &c, sb->git, &id, "handoffs/r.md"), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(c.reads, 1);
	handoff__record_cache_unpin(&c, a);
	handoff__record_cache_unpin(&c, b);
	/* given back, still kept: a revert to it later is not read again */
	assert_int_equal(handoff__record_cache_load(&b, &c, sb->git, &id, "handoffs/r.md"), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(c.reads, 1);
	handoff__record_cache_unpin(&c, b);
	handoff__record_cache_release(&c);
	assert_int_equal(c.n, 0);
}

static void test_record_cache__path_is_part_of_the_key(void **state)
{
	struct record_cache c = RECORD_CACHE_INIT;
	struct record *a = NULL, *b = NULL;
	git_oid id = blob_of(2);

	(void)state;
	assert_int_equal(handoff__record_cache_load(&a, &c, sb->git, &id, "handoffs/r.md"), 0);
	assert_int_equal(handoff__record_cache_load(&b, &c, sb->git, &id, "handoffs/s.md"), 0);
	assert_ptr_not_equal(a, b);
	assert_string_equal(a->path, "handoffs/r.md");
	assert_string_equal(b->path, "handoffs/s.md");
	assert_int_equal(c.reads, 2);
	handoff__record_cache_release(&c);
}

static void test_record_cache__zero_id_is_no_record(void **state)
{
	struct record_cache c = RECORD_CACHE_INIT;
	struct record *a = (struct record *)&c;
	git_oid zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	assert_int_equal(handoff__record_cache_load(&a, &c, sb->git, &zero, "handoffs/r.md"), 0);
	assert_null(a);
	assert_int_equal(c.n, 0);
	handoff__record_cache_unpin(&c, NULL);
	handoff__record_cache_release(&c);
}

static void test_record_cache__missing_blob_fails(void **state)
{
	struct record_cache c = RECORD_CACHE_INIT;
	struct record *a = NULL;
	git_oid id;

	(void)state;
	assert_int_equal(git_oid_fromstr(&id, "0123456789abcdef0123456789abcdef01234567"), 0);
	assert_true(handoff__record_cache_load(&a, &c, sb->git, &id, "handoffs/r.md") < 0);
	assert_null(a);
	assert_int_equal(c.n, 0);
	handoff__record_cache_release(&c);
}

/*
 * However many versions go through, the parses not pinned stay at
 * RECORD_CACHE_KEEP, the oldest dropped first; pinned ones stay whatever
 * their age.
 */
static void test_record_cache__bounded_least_recent_dropped(void **state)
{
	struct record_cache c = RECORD_CACHE_INIT;
	struct record *first = NULL, *r = NULL, *again = NULL;
	git_oid ids[3 * RECORD_CACHE_KEEP];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		ids[i] = blob_of(100 + (int)i);
	assert_int_equal(handoff__record_cache_load(&first, &c, sb->git, &ids[0], "a.md"), 0);
	for (i = 1; i < ARRAY_SIZE(ids); i++) {
		assert_int_equal(handoff__record_cache_load(&r, &c, sb->git, &ids[i], "a.md"), 0);
		handoff__record_cache_unpin(&c, r);
		assert_true(c.n <= RECORD_CACHE_KEEP + 1);
	}
	assert_int_equal(c.n, RECORD_CACHE_KEEP + 1);
	/* the pinned oldest is still there, and still the same parse */
	assert_string_equal(handoff__node_get_str(handoff__record_front(first), "id"), "D-100");
	assert_int_equal(handoff__record_cache_load(&again, &c, sb->git, &ids[0], "a.md"), 0);
	assert_ptr_equal(again, first);
	assert_int_equal(c.reads, ARRAY_SIZE(ids));
	handoff__record_cache_unpin(&c, again);
	/* the most recent ones are kept; an early one was dropped: read again */
	assert_int_equal(handoff__record_cache_load(&r, &c, sb->git, &ids[ARRAY_SIZE(ids) - 1], "a.md"), 0);
	handoff__record_cache_unpin(&c, r);
	assert_int_equal(c.reads, ARRAY_SIZE(ids));
	assert_int_equal(handoff__record_cache_load(&r, &c, sb->git, &ids[1], "a.md"), 0);
	handoff__record_cache_unpin(&c, r);
	assert_int_equal(c.reads, ARRAY_SIZE(ids) + 1);
	handoff__record_cache_unpin(&c, first);
	assert_true(c.n <= RECORD_CACHE_KEEP);
	handoff__record_cache_release(&c);
}

/*
 * A parse its holder alters (validation blanks placeholders in place) is
 * never handed out again; held by another too, the holder gets a fresh
 * parse and the other keeps the one it has.
 */
static void test_record_cache__altered_is_not_shared(void **state)
{
	struct record_cache c = RECORD_CACHE_INIT;
	struct record *a = NULL, *b = NULL, *mine = NULL, *again = NULL;
	git_oid id = blob_of(3);

	(void)state;
	/* held by two: the one who alters it gets its own */
	assert_int_equal(handoff__record_cache_load(&a, &c, sb->git, &id, "r.md"), 0);
	assert_int_equal(handoff__record_cache_load(&b, &c, sb->git, &id, "r.md"), 0);
	mine = b;
	assert_int_equal(handoff__record_cache_own(&mine, &c, sb->git, &id), 0);
	assert_ptr_not_equal(mine, a);
	assert_int_equal(c.reads, 2);
	assert_string_equal(handoff__node_get_str(handoff__record_front(mine), "id"), "D-3");
	/* a later load gets the unaltered one, never the altered one */
	assert_int_equal(handoff__record_cache_load(&again, &c, sb->git, &id, "r.md"), 0);
	assert_ptr_equal(again, a);
	handoff__record_cache_unpin(&c, again);
	handoff__record_cache_unpin(&c, mine);
	assert_int_equal(c.n, 1);	/* the altered one is dropped once given back */
	/* held by one: altered in place, and read again next time */
	assert_int_equal(handoff__record_cache_own(&a, &c, sb->git, &id), 0);
	assert_int_equal(c.reads, 2);
	assert_int_equal(handoff__record_cache_load(&again, &c, sb->git, &id, "r.md"), 0);
	assert_ptr_not_equal(again, a);
	assert_int_equal(c.reads, 3);
	handoff__record_cache_unpin(&c, a);
	handoff__record_cache_unpin(&c, again);
	assert_int_equal(c.n, 1);
	handoff__record_cache_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_cache__same_blob_parsed_once),
		cmocka_unit_test(test_record_cache__path_is_part_of_the_key),
		cmocka_unit_test(test_record_cache__zero_id_is_no_record),
		cmocka_unit_test(test_record_cache__missing_blob_fails),
		cmocka_unit_test(test_record_cache__bounded_least_recent_dropped),
		cmocka_unit_test(test_record_cache__altered_is_not_shared),
	};
	return cmocka_run_group_tests_name("record_cache", tests, setup, teardown);
}

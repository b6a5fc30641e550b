/*
 * Unit tests for receipts (lib/receipts.c), on real repositories with
 * notes written by git: a version timed by its commit's receipt, notes
 * that are not receipts ignored, backdated and future-dated commits, a
 * squashed branch traced back to its versions, and receipts whose blobs
 * point at each other in a circle (followed a bounded number of steps).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sandbox.h"
#include "common.h"
#include "format.h"
#include "time_at.h"
#include "receipts.h"

#define ZERO "0000000000000000000000000000000000000000"
#define DAY 86400.0

#include "sandbox_fixture.h"

static void commit(const char *date, const char *msg)
{
	sandbox_sh("git add -A && GIT_AUTHOR_NAME=Jane GIT_AUTHOR_EMAIL=jane@vendor.example "
		"GIT_COMMITTER_NAME=Jane GIT_COMMITTER_EMAIL=jane@vendor.example "
		"GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
		"git -c core.hooksPath=/dev/null -c commit.gpgsign=false commit -q -m '%s'",
		date, date, msg);
}

/* `path` written with `text`, then all committed at `date` */
static void commit_file(const char *path, const char *text, const char *date,
	const char *msg)
{
	sandbox_write(sb, path, text);
	commit(date, msg);
}

/* A note on `rev`; `text` goes through printf, so \n and $(...) work. */
static void note(const char *rev, const char *text)
{
	sandbox_sh("printf \"%s\" | git -c user.name=srv -c user.email=srv@x "
		"notes --ref=handoff add -f -F - %s", text, rev);
}

/* The history of HEAD with the receipts applied. */
static struct history *timed(struct receipts_use *use)
{
	struct history_options opts = HISTORY_OPTIONS_INIT;
	struct history *h = NULL;
	struct receipts *r = NULL;

	assert_int_equal(handoff__history_walk(&h, sb->git, &opts), 0);
	assert_int_equal(handoff__receipts_load(&r, sb->git), 0);
	assert_int_equal(handoff__receipts_apply(use, h, r, sb->git, DAY, 0), 0);
	handoff__receipts_free(r);
	return h;
}

static void test_receipts__a_version_takes_its_receipt_time(void **state)
{
	struct receipts_use use;
	struct history *h;

	(void)state;
	commit_file("handoffs/a.md", "one\n", "2026-11-02T10:00:00Z", "a");
	commit_file("handoffs/a.md", "two\n", "2026-11-02T11:00:00Z", "b");
	note("HEAD", "received: 2026-11-02T11:30:00Z\\npusher: jane\\n");
	note("HEAD^", "pusher: nobody said when\\nreceived: yesterday\\n");
	h = timed(&use);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->records[0].n, 2);
	/* a note without a time is no receipt: the commit's own date stands */
	assert_int_equal(h->records[0].v[0].commit_time, at("2026-11-02T10:00:00Z"));
	assert_int_equal(h->records[0].v[1].commit_time, at("2026-11-02T11:30:00Z"));
	assert_int_equal(h->records[0].v[1].author_time, at("2026-11-02T11:30:00Z"));
	assert_int_equal(use.times, 2);
	assert_int_equal(use.receipts, 1);
	assert_int_equal(use.nsignals, 0);
	handoff__receipts_use_release(&use);
	handoff__history_free(h);
}

static void test_receipts__backdated_and_future_dated_commits(void **state)
{
	struct receipts_use use;
	struct history *h;
	char *msg;

	(void)state;
	commit_file("handoffs/a.md", "one\n", "2026-11-01T00:00:00Z", "backdated");
	commit_file("handoffs/b.md", "one\n", "2026-11-20T00:00:00Z", "future");
	commit_file("handoffs/c.md", "one\n", "2026-11-04T12:00:00Z", "within the tolerance");
	note("HEAD~2", "received: 2026-11-05T00:00:00Z\\n");
	note("HEAD~1", "received: 2026-11-05T00:00:00Z\\n");
	note("HEAD", "received: 2026-11-05T00:00:00Z\\n");
	h = timed(&use);
	assert_int_equal(use.nsignals, 2);
	assert_int_equal(use.receipts, 3);
	assert_false(use.signals[0].future);
	assert_string_equal(use.signals[0].path, "handoffs/a.md");
	assert_true(use.signals[1].future);
	assert_string_equal(use.signals[1].email, "jane@vendor.example");
	msg = handoff__receipts_signal_message(&use.signals[0]);
	assert_non_null(strstr(msg, "is dated 2026-11-01T00:00:00+00:00, 4d 0h before "
		"the server received it at 2026-11-05T00:00:00+00:00"));
	free(msg);
	handoff__receipts_use_release(&use);
	handoff__history_free(h);
}

static void test_receipts__a_squashed_branch_is_traced_back(void **state)
{
	struct receipts_use use;
	struct history *h;
	git_oid b1;

	(void)state;
	commit_file("README", "x\n", "2026-11-01T00:00:00Z", "root");
	sandbox_sh("git checkout -q -b side");
	commit_file("handoffs/a.md", "one\n", "2026-11-02T10:00:00Z", "one");
	note("HEAD", "received: 2026-11-02T10:05:00Z\\n"
		"record: $(git rev-parse HEAD:handoffs/a.md) " ZERO " handoffs/a.md\\n");
	commit_file("handoffs/a.md", "two\n", "2026-11-03T10:00:00Z", "two");
	note("HEAD", "received: 2026-11-03T10:05:00Z\\n"
		"record: $(git rev-parse HEAD:handoffs/a.md) $(git rev-parse HEAD^:handoffs/a.md) handoffs/a.md\\n");
	sandbox_sh("git checkout -q main 2>/dev/null || git checkout -q master");
	sandbox_sh("git merge -q --squash side >/dev/null");
	commit("2026-11-09T00:00:00Z", "squashed");
	note("HEAD", "received: 2026-11-09T00:05:00Z\\n"
		"record: $(git rev-parse HEAD:handoffs/a.md) " ZERO " handoffs/a.md\\n");
	assert_int_equal(git_oid_fromstr(&b1, "5626abf0f72e58d7a153368ba57db4c673c0e171"), 0);
	h = timed(&use);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->records[0].n, 2);
	assert_true(git_oid_equal(&h->records[0].v[0].blob, &b1));	/* "one\n" */
	assert_int_equal(h->records[0].v[0].commit_time, at("2026-11-02T10:05:00Z"));
	assert_string_equal(h->records[0].v[0].author_email, "jane@vendor.example");
	assert_string_equal(h->records[0].v[0].path, "handoffs/a.md");
	assert_true(git_oid_equal(&h->records[0].v[1].parent_blob, &b1));
	assert_int_equal(h->records[0].v[1].commit_time, at("2026-11-03T10:05:00Z"));
	assert_int_equal(use.times, 2);
	assert_int_equal(use.receipts, 2);
	handoff__receipts_use_release(&use);
	handoff__history_free(h);
}

static void test_receipts__blobs_in_a_circle_end(void **state)
{
	struct receipts_use use;
	struct history *h;

	(void)state;
	commit_file("handoffs/a.md", "one\n", "2026-11-02T10:00:00Z", "one");
	commit_file("README", "x\n", "2026-11-02T11:00:00Z", "other");
	/* a.md's blob came from B, and B from a.md's blob */
	note("HEAD~1", "received: 2026-11-02T10:05:00Z\\n"
		"record: $(git rev-parse HEAD:handoffs/a.md) 1111111111111111111111111111111111111111 handoffs/a.md\\n");
	note("HEAD", "received: 2026-11-02T11:05:00Z\\n"
		"record: 1111111111111111111111111111111111111111 $(git rev-parse HEAD:handoffs/a.md) handoffs/a.md\\n");
	h = timed(&use);
	assert_int_equal(h->records[0].n, 1);
	assert_int_equal(h->records[0].v[0].commit_time, at("2026-11-02T10:05:00Z"));
	handoff__receipts_use_release(&use);
	handoff__history_free(h);
}

static void test_receipts__no_notes_is_no_receipt(void **state)
{
	struct receipts_use use;
	struct history *h;
	char label[128];
	git_oid tip;

	(void)state;
	commit_file("handoffs/a.md", "one\n", "2026-11-02T10:00:00Z", "a");
	assert_int_equal(handoff__receipts_tip(&tip, sb->git), HANDOFF_ENOTFOUND);
	h = timed(&use);
	assert_int_equal(use.receipts, 0);
	assert_int_equal(h->records[0].v[0].commit_time, at("2026-11-02T10:00:00Z"));
	handoff__receipts_clock_label(label, sizeof(label), use.receipts,
		use.times, "committer");
	assert_string_equal(label, "commit dates (self-asserted, committer time)");
	handoff__receipts_clock_label(label, sizeof(label), 3, 5, "author");
	assert_string_equal(label, "mixed: 3 of 5 from receipts, the rest author time");
	handoff__receipts_use_release(&use);
	handoff__history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_receipts__a_version_takes_its_receipt_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receipts__backdated_and_future_dated_commits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receipts__a_squashed_branch_is_traced_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receipts__blobs_in_a_circle_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receipts__no_notes_is_no_receipt, setup, teardown),
	};

	return cmocka_run_group_tests_name("receipts", tests, NULL, NULL);
}

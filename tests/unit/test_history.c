/*
 * Unit tests for the history walk (lib/history.c), on real repositories
 * written by real git with fixed authors and dates: versions with their
 * authors, times and offsets; a record renamed twice (once with an edit)
 * as one history; deleted and re-created; a merge whose side change is
 * counted once, at the side commit (at the merge with first parents
 * only); a conflict resolved in the merge; an empty repository; a
 * detached HEAD; an unknown revision; clock skew; the paths filter; a
 * symlink named like a record; big folders, against git's own tree
 * diff.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sandbox.h"
#include "common.h"
#include "history.h"

#include "sandbox_fixture.h"

/* Commit everything as `who` at `date` (git's date format). */
static void commit(const char *who, const char *date, const char *msg)
{
	sandbox_sh("git add -A && GIT_AUTHOR_NAME='%s' GIT_AUTHOR_EMAIL='%s@vendor.example' "
		"GIT_COMMITTER_NAME='%s' GIT_COMMITTER_EMAIL='%s@vendor.example' "
		"GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
		"git -c core.hooksPath=/dev/null -c commit.gpgsign=false commit -q "
		"--allow-empty -m '%s'", who, who, who, who, date, date, msg);
}

/* `path` written with `text`, then all committed by `who` at `date` */
static void commit_file(const char *path, const char *text, const char *who,
	const char *date, const char *msg)
{
	sandbox_write(sb, path, text);
	commit(who, date, msg);
}

static struct history *walk_opts(const char *rev, int first_parent,
	const char *const *paths, size_t npaths)
{
	struct history_options opts = HISTORY_OPTIONS_INIT;
	struct history *h = NULL;

	opts.rev = rev;
	opts.first_parent = first_parent;
	opts.paths = paths;
	opts.npaths = npaths;
	assert_int_equal(handoff__history_walk(&h, sb->git, &opts), 0);
	assert_non_null(h);
	return h;
}

static struct history *walk(void)
{
	return walk_opts(NULL, 0, NULL, 0);
}

static const char *head_short(const char *rev)
{
	static char hex[GIT_OID_HEXSZ + 1];
	git_object *obj;

	assert_int_equal(git_revparse_single(&obj, sb->git, rev), 0);
	git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
	git_object_free(obj);
	return hex;
}

static void assert_commit(const struct version *v, const char *rev)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &v->commit);
	assert_string_equal(hex, head_short(rev));
}

static void authors_and_times(void **state)
{
	struct history *h;
	const struct record_history *r;

	(void)state;
	sandbox_write(sb, "handoffs/a.md", "---\nid: A\n---\n");
	commit_file("notes.txt", "not a record\n", "jane", "2026-11-02T10:00:00+09:00", "a");
	commit_file("handoffs/a.md", "---\nid: A\nstage: signed\n---\n", "sam", "2026-11-03T09:30:00-05:00", "b");
	h = walk();
	assert_int_equal(h->n, 1);
	assert_int_equal(h->nnotes, 0);
	assert_int_equal(h->clock_skew, 0);
	r = &h->records[0];
	assert_string_equal(r->path, "handoffs/a.md");
	assert_int_equal(r->n, 2);
	assert_string_equal(r->v[0].author_name, "jane");
	assert_string_equal(r->v[0].author_email, "jane@vendor.example");
	assert_int_equal(r->v[0].commit_time, 1793581200);	/* 01:00 UTC */
	assert_int_equal(r->v[0].commit_offset, 540);
	assert_true(git_oid_is_zero(&r->v[0].parent_blob));
	assert_string_equal(r->v[1].author_name, "sam");
	assert_int_equal(r->v[1].author_offset, -300);
	assert_true(git_oid_equal(&r->v[1].parent_blob, &r->v[0].blob));
	assert_commit(&r->v[1], "HEAD");
	assert_commit(&r->v[0], "HEAD~1");
	handoff__history_free(h);
}

static void renamed_twice(void **state)
{
	static const char body[] = "---\nid: A\nacv: 1\n---\n## Overview\n"
		"one two three four five six seven eight nine ten\n"
		"eleven twelve thirteen fourteen fifteen\n";
	struct history *h;
	const struct record_history *r;

	(void)state;
	sandbox_write(sb, "handoffs/a.md", body);
	commit("jane", "2026-11-02T10:00:00Z", "a");
	sandbox_sh("git mv handoffs/a.md handoffs/b.md && sed -i 's/acv: 1/acv: 2/' handoffs/b.md");
	commit("omar", "2026-11-03T10:00:00Z", "rename with an edit");
	sandbox_sh("mkdir -p handoffs/2026 && git mv handoffs/b.md handoffs/2026/c.md");
	commit("sam", "2026-11-04T10:00:00Z", "rename");
	h = walk();
	assert_int_equal(h->n, 1);
	r = &h->records[0];
	assert_string_equal(r->path, "handoffs/2026/c.md");
	assert_int_equal(r->n, 3);
	assert_string_equal(r->v[0].path, "handoffs/a.md");
	assert_string_equal(r->v[1].path, "handoffs/b.md");
	assert_int_equal(r->v[1].flags, VERSION_RENAMED);
	assert_string_equal(r->v[1].author_name, "omar");
	assert_true(git_oid_equal(&r->v[1].parent_blob, &r->v[0].blob));
	assert_string_equal(r->v[2].path, "handoffs/2026/c.md");
	assert_int_equal(r->v[2].flags, VERSION_RENAMED);
	assert_true(git_oid_equal(&r->v[2].blob, &r->v[1].blob));
	/* found by any of its paths */
	assert_ptr_equal(handoff__history_find(h, "handoffs/a.md"), r);
	assert_ptr_equal(handoff__history_find(h, "handoffs/2026/c.md"), r);
	assert_null(handoff__history_find(h, "handoffs/x.md"));
	handoff__history_free(h);
}

static void deleted_and_recreated(void **state)
{
	struct history *h;
	const struct record_history *r;

	(void)state;
	commit_file("handoffs/a.md", "---\nid: A\n---\n", "jane", "2026-11-02T10:00:00Z", "a");
	sandbox_sh("git rm -q handoffs/a.md");
	commit("kim", "2026-11-03T10:00:00Z", "drop");
	commit_file("handoffs/a.md", "---\nid: A\nback: true\n---\n", "kim", "2026-11-04T10:00:00Z", "restore");
	h = walk();
	assert_int_equal(h->n, 1);
	r = &h->records[0];
	assert_int_equal(r->n, 3);
	assert_int_equal(r->v[1].flags, VERSION_DELETED);
	assert_true(git_oid_is_zero(&r->v[1].blob));
	assert_int_equal(r->v[2].flags, 0);
	assert_true(git_oid_is_zero(&r->v[2].parent_blob));
	handoff__history_free(h);
}

static void merge_counted_once(void **state)
{
	struct history *h;
	const struct record_history *a, *b;

	(void)state;
	sandbox_write(sb, "handoffs/a.md", "---\nid: A\n---\n");
	commit_file("handoffs/b.md", "---\nid: B\n---\n", "jane", "2026-11-02T10:00:00Z", "start");
	sandbox_sh("git checkout -q -b side");
	commit_file("handoffs/a.md", "---\nid: A\nside: 1\n---\n", "omar", "2026-11-03T10:00:00Z", "side");
	sandbox_sh("git checkout -q -");
	commit_file("handoffs/b.md", "---\nid: B\nmain: 1\n---\n", "sam", "2026-11-04T10:00:00Z", "main");
	sandbox_sh("GIT_COMMITTER_DATE=2026-11-05T10:00:00Z GIT_AUTHOR_DATE=2026-11-05T10:00:00Z "
		"GIT_AUTHOR_NAME=kim GIT_AUTHOR_EMAIL=kim@vendor.example "
		"GIT_COMMITTER_NAME=kim GIT_COMMITTER_EMAIL=kim@vendor.example "
		"git -c core.hooksPath=/dev/null merge -q --no-ff -m merge side");
	h = walk();
	assert_int_equal(h->n, 2);
	a = handoff__history_find(h, "handoffs/a.md");
	b = handoff__history_find(h, "handoffs/b.md");
	assert_int_equal(a->n, 2);
	assert_string_equal(a->v[1].author_name, "omar");
	assert_commit(&a->v[1], "side");
	assert_int_equal(b->n, 2);
	assert_string_equal(b->v[1].author_name, "sam");
	handoff__history_free(h);

	/* the main line got the side's change at the merge */
	h = walk_opts(NULL, 1, NULL, 0);
	a = handoff__history_find(h, "handoffs/a.md");
	assert_int_equal(a->n, 2);
	assert_commit(&a->v[1], "HEAD");
	assert_int_equal(a->v[1].flags, VERSION_MERGE);
	handoff__history_free(h);

	/* a detached HEAD and a revision are starts like any other */
	sandbox_sh("git checkout -q --detach side");
	h = walk();
	assert_int_equal(handoff__history_find(h, "handoffs/b.md")->n, 1);
	handoff__history_free(h);
	h = walk_opts("side~1", 0, NULL, 0);
	assert_int_equal(handoff__history_find(h, "handoffs/a.md")->n, 1);
	handoff__history_free(h);
}

static void merge_resolution(void **state)
{
	struct history *h;
	const struct record_history *a;

	(void)state;
	commit_file("handoffs/a.md", "---\nid: A\nv: 0\n---\n", "jane", "2026-11-02T10:00:00Z", "start");
	sandbox_sh("git checkout -q -b side");
	commit_file("handoffs/a.md", "---\nid: A\nv: 1\n---\n", "omar", "2026-11-03T10:00:00Z", "side");
	sandbox_sh("git checkout -q -");
	commit_file("handoffs/a.md", "---\nid: A\nv: 2\n---\n", "sam", "2026-11-04T10:00:00Z", "main");
	sandbox_sh("GIT_COMMITTER_NAME=kim GIT_COMMITTER_EMAIL=kim@vendor.example "
		"git -c core.hooksPath=/dev/null merge -q side >/dev/null 2>&1 || true");
	commit_file("handoffs/a.md", "---\nid: A\nv: 3\n---\n", "kim", "2026-11-05T10:00:00Z", "resolve");
	h = walk();
	a = handoff__history_find(h, "handoffs/a.md");
	assert_int_equal(a->n, 4);
	assert_int_equal(a->v[3].flags, VERSION_MERGE);
	assert_string_equal(a->v[3].author_name, "kim");
	handoff__history_free(h);
}

static void empty_and_unknown(void **state)
{
	struct history_options opts = HISTORY_OPTIONS_INIT;
	struct history *h;

	(void)state;
	h = walk();
	assert_int_equal(h->n, 0);
	handoff__history_free(h);
	opts.rev = "nope";
	assert_int_equal(handoff__history_walk(&h, sb->git, &opts), HANDOFF_ENOTFOUND);
	assert_null(h);
}

static void clock_skew(void **state)
{
	struct history *h;

	(void)state;
	commit_file("handoffs/a.md", "---\nid: A\n---\n", "jane", "2026-11-02T10:00:00Z", "a");
	commit_file("handoffs/a.md", "---\nid: A\nx: 1\n---\n", "jane", "2026-10-01T10:00:00Z", "dated before its parent");
	h = walk();
	assert_int_equal(h->clock_skew, 1);
	handoff__history_free(h);
}

static void paths_and_symlinks(void **state)
{
	static const char *const paths[] = { "handoffs/b.md" };
	struct history *h;

	(void)state;
	sandbox_write(sb, "handoffs/a.md", "---\nid: A\n---\n");
	sandbox_write(sb, "handoffs/b.md", "---\nid: B\n---\n");
	sandbox_sh("ln -s a.md handoffs/link.md");
	commit("jane", "2026-11-02T10:00:00Z", "a");
	h = walk();
	assert_int_equal(h->n, 2);	/* the symlink is no record */
	handoff__history_free(h);
	h = walk_opts(NULL, 0, paths, 1);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->records[0].path, "handoffs/b.md");
	handoff__history_free(h);
}

/* 300 commits with a merge in every ten: the tables grow many times. */
static void many_commits(void **state)
{
	struct history *h;
	const struct record_history *r;

	(void)state;
	sandbox_sh("awk 'BEGIN { for (i = 1; i <= 300; i++) {"
		" br = (i %% 10 == 5) ? \"side\" : \"main\";"
		" printf \"commit refs/heads/%%s\\nmark :%%d\\n\", br, i;"
		" printf \"committer A <a@x> %%d +0000\\ndata 1\\nc\\n\", 1790000000 + i * 60;"
		" if (i > 1) printf \"from :%%d\\n\", (i %% 10 == 6) ? i - 2 : i - 1;"
		" if (i %% 10 == 6) printf \"merge :%%d\\n\", i - 1;"
		" printf \"M 100644 inline handoffs/r%%d.md\\ndata 9\\n---\\nv: %%d\\n\\n\", i %% 7, i %% 10;"
		" } }' | git fast-import --quiet && git reset -q --hard main");
	h = walk();
	assert_int_equal(h->n, 7);
	r = handoff__history_find(h, "handoffs/r0.md");
	assert_non_null(r);
	assert_true(r->n > 10);
	handoff__history_free(h);
}

/*
 * Big folders, the way the walk skips what two trees share: 600 records
 * side by side with names of every length and 20 subfolders (more than
 * the trees kept from one commit to the next), then 300 commits that
 * edit, add and delete records anywhere in them. Every version the walk
 * finds is a path git's own tree diff names at that commit, and back.
 */
static void big_folders(void **state)
{
	struct history *h;
	FILE *f;
	size_t i, j;

	(void)state;
	sandbox_sh("awk 'function path(n) { return n %% 3 ? sprintf(\"handoffs/r%%d.md\", n) :"
		" sprintf(\"handoffs/d%%02d/r%%d.md\", n %% 20, n) }"
		" function put(n) { printf \"M 100644 inline %%s\\ndata <<E\\nv %%d of %%d\\nE\\n\", path(n), i, n }"
		" BEGIN { x = 7; for (i = 1; i <= 301; i++) {"
		" printf \"commit refs/heads/main\\ncommitter A <a@x> %%d +0000\\ndata 1\\nc\\n\", 1790000000 + i * 60;"
		" if (i == 1) { for (n = 0; n < 1800; n += 2) put(n); continue }"
		" x = (x * 16807) %% 2147483647; n = x %% 1800; k = i %% 4;"
		" if (k == 0) { put(n - n %% 2); put((n * 7) %% 1800 - ((n * 7) %% 1800) %% 2); put(0); put(1798) }"
		" else if (k == 1) { put(n - n %% 2 + 1); if (i %% 8 == 1) put(1800 + i) }"
		" else if (k == 2) printf \"D %%s\\n\", path(n - n %% 2);"
		" else { put(n); put((n + 900) %% 1800) } } }' | git fast-import --quiet && "
		"git reset -q --hard main");
	h = walk();
	assert_true(h->n > 900);
	assert_non_null(f = fopen("walk.txt", "w"));
	for (i = 0; i < h->n; i++)
		for (j = 0; j < h->records[i].n; j++) {
			char hex[GIT_OID_HEXSZ + 1];

			assert_int_equal(h->records[i].v[j].flags & VERSION_RENAMED, 0);
			git_oid_tostr(hex, sizeof(hex), &h->records[i].v[j].commit);
			fprintf(f, "%s %s\n", hex, h->records[i].v[j].path);
		}
	assert_int_equal(fclose(f), 0);
	handoff__history_free(h);
	sandbox_sh("git rev-list HEAD | while read c; do git diff-tree -r --root --no-renames "
		"--no-commit-id --name-only $c | sed \"s|^|$c |\"; done | sort >git.txt && "
		"sort walk.txt | cmp - git.txt");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(authors_and_times, setup, teardown),
		cmocka_unit_test_setup_teardown(renamed_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(deleted_and_recreated, setup, teardown),
		cmocka_unit_test_setup_teardown(merge_counted_once, setup, teardown),
		cmocka_unit_test_setup_teardown(merge_resolution, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_and_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(clock_skew, setup, teardown),
		cmocka_unit_test_setup_teardown(paths_and_symlinks, setup, teardown),
		cmocka_unit_test_setup_teardown(many_commits, setup, teardown),
		cmocka_unit_test_setup_teardown(big_folders, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

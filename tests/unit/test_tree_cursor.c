/*
 * Unit tests for the tree cursor (lib/tree_cursor.c): entries found by path
 * in the root and in folders, in path order and out of it; a folder that
 * is not there, a file where a folder is looked for, a name that is not
 * there; and each folder read once while lookups stay in it, which is
 * what keeps `validate --rev` and the push rules linear in the records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common.h"
#include "tree_cursor.h"

#include "sandbox_fixture.h"

/* The tree of a commit of `paths` (NULL-ended), each holding its own name. */
static git_tree *commit_tree(const char *const *paths)
{
	git_object *obj = NULL;

	for (; *paths; paths++)
		sandbox_write(sb, *paths, *paths);
	sandbox_sh("git add -A && git -c user.name=T -c user.email=t@example.com "
		"-c core.hooksPath=/dev/null -c commit.gpgsign=false commit -q -m t");
	assert_int_equal(git_revparse_single(&obj, sb->git, "HEAD^{tree}"), 0);
	return (git_tree *)obj;
}

static void expect_blob(struct tree_cursor *c, const char *path, const char *rev_path)
{
	git_oid id, want;
	unsigned int mode = 0;
	char spec[256];
	git_object *obj = NULL;

	snprintf(spec, sizeof(spec), "HEAD:%s", rev_path);
	assert_int_equal(git_revparse_single(&obj, sb->git, spec), 0);
	git_oid_cpy(&want, git_object_id(obj));
	git_object_free(obj);
	assert_int_equal(handoff__tree_cursor_find(c, path, &id, &mode), 0);
	assert_true(git_oid_equal(&id, &want));
	assert_int_equal(mode, GIT_FILEMODE_BLOB);
}

static void finds_by_path(void **state)
{
	static const char *const files[] = { "top.md", "handoffs/a.md", "handoffs/b.md",
		"handoffs/2026/c.md", "support/s.md", NULL };
	struct tree_cursor c = TREE_CURSOR_INIT(NULL);
	git_oid id;
	unsigned int mode = 0;
	git_tree *tree;

	(void)state;
	c.root = tree = commit_tree(files);

	expect_blob(&c, "handoffs/a.md", "handoffs/a.md");
	expect_blob(&c, "handoffs/b.md", "handoffs/b.md");
	expect_blob(&c, "handoffs/2026/c.md", "handoffs/2026/c.md");
	expect_blob(&c, "support/s.md", "support/s.md");
	expect_blob(&c, "handoffs/a.md", "handoffs/a.md");	/* back again */
	expect_blob(&c, "top.md", "top.md");
	/* a folder is an entry too, with its mode */
	assert_int_equal(handoff__tree_cursor_find(&c, "handoffs/2026", &id, &mode), 0);
	assert_int_equal(mode, GIT_FILEMODE_TREE);
	/* not there: a name, a folder, a file taken for a folder */
	assert_int_equal(handoff__tree_cursor_find(&c, "handoffs/z.md", &id, &mode),
		HANDOFF_ENOTFOUND);
	assert_int_equal(handoff__tree_cursor_find(&c, "nowhere/a.md", &id, &mode),
		HANDOFF_ENOTFOUND);
	assert_int_equal(handoff__tree_cursor_find(&c, "top.md/a.md", &id, &mode),
		HANDOFF_ENOTFOUND);
	expect_blob(&c, "support/s.md", "support/s.md");
	/* holds: the blob at the path, or (a zero id) no such path */
	assert_int_equal(handoff__tree_cursor_find(&c, "top.md", &id, &mode), 0);
	assert_int_equal(handoff__tree_cursor_holds(&c, "top.md", &id), 1);
	assert_int_equal(handoff__tree_cursor_holds(&c, "handoffs/a.md", &id), 0);
	assert_int_equal(handoff__tree_cursor_holds(&c, "handoffs/z.md", &id), 0);
	memset(&id, 0, sizeof(id));
	assert_int_equal(handoff__tree_cursor_holds(&c, "handoffs/z.md", &id), 1);
	assert_int_equal(handoff__tree_cursor_holds(&c, "top.md", &id), 0);
	handoff__tree_cursor_release(&c);
	git_tree_free(tree);
}

/* Lookups in one folder keep its tree: the same object, not read again. */
static void keeps_the_folder(void **state)
{
	static const char *const files[] = { "handoffs/a.md", "handoffs/b.md",
		"other/o.md", NULL };
	struct tree_cursor c = TREE_CURSOR_INIT(NULL);
	const git_tree *kept;
	git_oid id;
	unsigned int mode;
	git_tree *tree;

	(void)state;
	c.root = tree = commit_tree(files);
	assert_int_equal(handoff__tree_cursor_find(&c, "handoffs/a.md", &id, &mode), 0);
	kept = c.tree;
	assert_non_null(kept);
	assert_int_equal(handoff__tree_cursor_find(&c, "handoffs/b.md", &id, &mode), 0);
	assert_ptr_equal(c.tree, kept);
	assert_int_equal(handoff__tree_cursor_find(&c, "other/o.md", &id, &mode), 0);
	assert_string_equal(c.dir, "other");
	handoff__tree_cursor_release(&c);
	git_tree_free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(finds_by_path, setup, teardown),
		cmocka_unit_test_setup_teardown(keeps_the_folder, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for the lenient commit reader (lib/commit.c): commits git
 * shows and libgit2 1.5.1 refuses to parse are read as git reads them,
 * parts that are not there empty; one with no tree line is refused with
 * its cause; a revision with ~ and ^ steps is followed through them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "commit.h"
#include "common.h"
#include "sandbox.h"

static int setup(void **state)
{
	(void)sandbox_write;	/* shared by the tests that write files */
	return sandbox_init((struct sandbox **)state);
}

#define TREE "4b825dc642cb6eb9a060e54bf8d69288fbee4904"	/* the empty tree */

/* Write `text` as a commit object, unchecked (as hash-object --literally). */
static git_oid put(struct sandbox *sb, const char *text)
{
	git_odb *odb = NULL;
	git_oid id;

	assert_int_equal(git_repository_odb(&odb, sb->git), 0);
	assert_int_equal(git_odb_write(&id, odb, text, strlen(text), GIT_OBJECT_COMMIT), 0);
	git_odb_free(odb);
	return id;
}

static void read_ok(struct sandbox *sb, struct raw_commit *c, const git_oid *id)
{
	git_odb *odb = NULL;

	assert_int_equal(git_repository_odb(&odb, sb->git), 0);
	assert_int_equal(handoff__raw_commit_read(c, odb, id), 0);
	git_odb_free(odb);
}

static void test_commit__idents_git_shows(void **state)
{
	struct sandbox *sb = *state;
	struct raw_commit c;
	git_commit *lg = NULL;
	git_oid id;

	/* no brackets: git shows an empty name and email */
	id = put(sb, "tree " TREE "\nauthor Jane jane@x 1793606400 +0100\n"
		"committer Sam Lee <sam@x> 1793606460 -0230\n\nmsg\n");
	assert_int_not_equal(git_commit_lookup(&lg, sb->git, &id), 0);
	read_ok(sb, &c, &id);
	assert_string_equal(c.author.name, "");
	assert_string_equal(c.author.email, "");
	assert_int_equal(c.author.time, 0);
	assert_string_equal(c.committer.name, "Sam Lee");
	assert_string_equal(c.committer.email, "sam@x");
	assert_int_equal(c.committer.time, 1793606460);
	assert_int_equal(c.committer.offset, -150);
	assert_int_equal(c.nparents, 0);
	assert_string_equal(c.message, "msg\n");
	handoff__raw_commit_release(&c);

	/* a date that is no number, then no author line at all */
	id = put(sb, "tree " TREE "\nauthor Jane <jane@x> notadate +0000\n"
		"committer Jane <jane@x> 1793606400 +0000\n\nmsg\n");
	read_ok(sb, &c, &id);
	assert_string_equal(c.author.email, "jane@x");
	assert_int_equal(c.author.time, 0);
	handoff__raw_commit_release(&c);
	id = put(sb, "tree " TREE "\ncommitter Jane <jane@x> 1793606400 +0000\n"
		"encoding ISO-8859-1\ngpgsig -----BEGIN\n more\n\nmsg\n");
	read_ok(sb, &c, &id);
	assert_string_equal(c.author.name, "");
	assert_string_equal(c.encoding, "ISO-8859-1");
	assert_int_equal(c.committer.time, 1793606400);
	handoff__raw_commit_release(&c);
}

static void test_commit__no_tree_is_refused(void **state)
{
	struct sandbox *sb = *state;
	struct raw_commit c;
	git_odb *odb = NULL;
	git_oid id = put(sb, "not a header\n\nmsg\n"), missing;

	assert_int_equal(git_repository_odb(&odb, sb->git), 0);
	assert_int_equal(handoff__raw_commit_read(&c, odb, &id), HANDOFF_EINVALID);
	assert_string_equal(handoff_error_last()->message, "no tree line");
	assert_null(c.message);
	id = put(sb, "tree " TREE "\nparent 12345\n\nmsg\n");
	assert_int_equal(handoff__raw_commit_read(&c, odb, &id), HANDOFF_EINVALID);
	memset(&missing, 7, sizeof(missing));
	assert_int_equal(handoff__raw_commit_read(&c, odb, &missing), GIT_ENOTFOUND);
	git_odb_free(odb);
}

static void test_commit__resolve_through_odd_commits(void **state)
{
	struct sandbox *sb = *state;
	char text[512], hex[GIT_OID_HEXSZ + 1];
	git_oid root, odd, top, got;
	git_tree *tree = NULL;

	root = put(sb, "tree " TREE "\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nroot\n");
	snprintf(text, sizeof(text), "tree " TREE "\nparent %s\nauthor A a@x 2 +0000\n"
		"committer A <a@x> 2 +0000\n\nodd\n", git_oid_tostr_s(&root));
	odd = put(sb, text);
	snprintf(text, sizeof(text), "tree " TREE "\nparent %s\nauthor A <a@x> 3 +0000\n"
		"committer A <a@x> 3 +0000\n\ntop\n", git_oid_tostr_s(&odd));
	top = put(sb, text);
	assert_int_equal(git_reference_create(NULL, sb->git, "refs/heads/main", &top, 1, NULL), 0);
	assert_int_equal(git_repository_set_head(sb->git, "refs/heads/main"), 0);

	assert_int_equal(handoff__raw_commit_resolve(&got, sb->git, "HEAD~1"), 0);
	assert_true(git_oid_equal(&got, &odd));
	assert_int_equal(handoff__raw_commit_resolve(&got, sb->git, "main^^"), 0);
	assert_true(git_oid_equal(&got, &root));
	assert_int_equal(handoff__raw_commit_resolve(&got, sb->git, "HEAD~1^0"), 0);
	assert_true(git_oid_equal(&got, &odd));
	git_oid_tostr(hex, 9, &odd);
	assert_int_equal(handoff__raw_commit_resolve(&got, sb->git, hex), 0);
	assert_true(git_oid_equal(&got, &odd));
	assert_int_equal(handoff__raw_commit_resolve(&got, sb->git, "HEAD~3"), -1);
	assert_int_equal(handoff__raw_commit_resolve(&got, sb->git, "HEAD^2"), -1);
	assert_int_equal(handoff__raw_commit_resolve(&got, sb->git, "HEAD^{tree}"), -1);
	assert_int_equal(handoff__raw_commit_resolve(&got, sb->git, "nope"), -1);
	assert_int_equal(handoff__raw_commit_tree(&tree, sb->git, "HEAD~1"), 0);
	assert_string_equal(git_oid_tostr_s(git_tree_id(tree)), TREE);
	git_tree_free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit__idents_git_shows, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_commit__no_tree_is_refused, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_commit__resolve_through_odd_commits, setup, sandbox_teardown),
	};
	return cmocka_run_group_tests_name("commit", tests, NULL, NULL);
}

/*
 * What a commit stages, as the pre-commit hook reads it through git.
 * Each state of a real repository is compared with what `git diff
 * --cached --raw --no-renames` and `git cat-file` say of it.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common.h"
#include "staged.h"
#include "sandbox.h"

/*
 * GIT_INDEX_FILE and GIT_DIR as git names them to a hook (NULL: unset):
 * to the git this runs and to the library, as git-handoff hands them over.
 */
static void hook_env(const char *index, const char *gitdir)
{
	handoff_environment env = HANDOFF_ENVIRONMENT_INIT;

	if (index)
		setenv("GIT_INDEX_FILE", index, 1);
	else
		unsetenv("GIT_INDEX_FILE");
	if (gitdir)
		setenv("GIT_DIR", gitdir, 1);
	else
		unsetenv("GIT_DIR");
	env.git_index_file = getenv("GIT_INDEX_FILE");
	env.git_dir = getenv("GIT_DIR");
	handoff_set_environment(&env);
}

static int setup(void **state)
{
	struct sandbox *sb;

	if (sandbox_init(&sb) < 0)
		return -1;
	hook_env(".git/index", NULL);	/* as git names it to its hooks */
	sandbox_sh("git config user.name T && git config user.email t@vendor.example && "
		"git config core.hooksPath /dev/null");
	*state = sb;
	return 0;
}

static int teardown(void **state)
{
	hook_env(NULL, NULL);
	sandbox_free(*state);
	return 0;
}

static void append(handoff_buf *b, char status, unsigned int mode, const char *id,
	const char *path)
{
	assert_int_equal(handoff__buf_printf(b, "%c %06o %s %s\n", status, mode, id, path), 0);
}

/* git's answer, as "<D|U|C> <mode> <id> <path>" lines (C: added or changed) */
static char *gits(void)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	char meta[256], path[1024];
	FILE *f = popen("git diff --cached --raw -z --no-abbrev --no-renames", "r");

	assert_non_null(f);
	for (;;) {
		unsigned int old_mode, new_mode;
		char old_id[65], new_id[65], status;
		size_t i;
		int c = 0;

		for (i = 0; i < sizeof(meta) - 1 && (c = getc(f)) != EOF && c; i++)
			meta[i] = (char)c;
		meta[i] = '\0';
		if (c == EOF)
			break;
		for (i = 0; i < sizeof(path) - 1 && (c = getc(f)) != EOF && c; i++)
			path[i] = (char)c;
		path[i] = '\0';
		assert_int_equal(sscanf(meta, ":%o %o %64s %64s %c", &old_mode, &new_mode,
			old_id, new_id, &status), 5);
		append(&b, status == 'D' || status == 'U' ? status : 'C', new_mode, new_id, path);
	}
	assert_int_equal(pclose(f), 0);
	assert_int_equal(handoff__buf_reserve(&b, 0), 0);
	return b.ptr;
}

static char *ours(void)
{
	const struct staged_change *c;
	handoff_buf b = HANDOFF_BUF_INIT;
	struct staged *st = NULL;
	size_t i, n;

	assert_int_equal(handoff__staged_open(&st), 0);
	assert_int_equal(handoff__staged_list(st), 0);
	c = handoff__staged_changes(st, &n);
	for (i = 0; i < n; i++)
		append(&b, c[i].deleted ? 'D' : c[i].unmerged ? 'U' : 'C', c[i].mode, c[i].id,
			c[i].path);
	handoff__staged_free(st);
	assert_int_equal(handoff__buf_reserve(&b, 0), 0);
	return b.ptr;
}

static void same_as_git(int expect_changes)
{
	char *want = gits(), *got = ours();

	assert_string_equal(got, want);
	assert_int_equal(*want != '\0', expect_changes);
	free(want);
	free(got);
}

static void test_staged__every_kind_of_change(void **state)
{
	struct sandbox *sb = *state;

	assert_int_equal(sandbox_write(sb, "a.md", "a\n"), 0);
	assert_int_equal(sandbox_write(sb, "dir/b.md", "b\n"), 0);
	assert_int_equal(sandbox_write(sb, "dir/sub/c.md", "c\n"), 0);
	assert_int_equal(sandbox_write(sb, "sp ace.md", "s\n"), 0);
	assert_int_equal(sandbox_write(sb, "x.sh", "x\n"), 0);
	assert_int_equal(sandbox_write(sb, "a-b", "1\n"), 0);
	assert_int_equal(sandbox_write(sb, "a/x", "2\n"), 0);
	assert_int_equal(sandbox_write(sb, "a0", "3\n"), 0);
	sandbox_sh("ln -s a.md link && git add -A && git commit -q -m base");
	same_as_git(0);			/* nothing staged */

	assert_int_equal(sandbox_write(sb, "dir/b.md", "b2\n"), 0);
	assert_int_equal(sandbox_write(sb, "dir/new.md", "n\n"), 0);
	assert_int_equal(sandbox_write(sb, "\303\251t\303\251.md", "e\n"), 0);
	assert_int_equal(sandbox_write(sb, "a/y", "4\n"), 0);
	sandbox_sh("git rm -q a-b && chmod +x x.sh && rm link && echo l >link && "
		"git add -A && git add -N ita.md 2>/dev/null || "
		"{ touch ita.md && git add -N ita.md; }");
	same_as_git(1);

	/* a folder becomes a file, a file a folder */
	sandbox_sh("git rm -q -r dir/sub && echo f >dir/sub && git rm -q a0 && mkdir a0 && "
		"echo g >a0/g && git add -A");
	same_as_git(1);

	/* all of it in a pack, as deltas; version 4 of the index */
	sandbox_sh("git commit -q -m more && for i in 1 2 3 4 5 6; do echo $i >>dir/b.md && "
		"git commit -q -a -m $i; done && git repack -q -a -d -f --depth=50 --window=50 && "
		"git prune && echo 7 >>dir/b.md && git add dir/b.md");
	same_as_git(1);
	sandbox_sh("git update-index --index-version 4");
	same_as_git(1);
	sandbox_sh("git update-index --index-version 2");

	/* no cache tree at all: every tree of HEAD is read */
	sandbox_sh("git ls-files -s | GIT_INDEX_FILE=.git/bare-index git update-index --index-info");
	hook_env(".git/bare-index", NULL);
	same_as_git(1);
	hook_env(".git/index", NULL);
}

static void test_staged__a_conflict(void **state)
{
	struct sandbox *sb = *state;

	assert_int_equal(sandbox_write(sb, "a.md", "a\n"), 0);
	assert_int_equal(sandbox_write(sb, "z.md", "z\n"), 0);
	sandbox_sh("git add -A && git commit -q -m base && git branch other && "
		"echo main >a.md && echo main >new.md && git add -A && git commit -q -m main && "
		"git checkout -q other && echo other >a.md && echo other >new.md && git add -A && "
		"git commit -q -m other && git checkout -q - && "
		"{ git merge -q other >/dev/null 2>&1; true; }");
	same_as_git(1);
}

/* No commit yet, a split index, replace refs, no GIT_INDEX_FILE. */
static void test_staged__what_git_alone_knows(void **state)
{
	struct sandbox *sb = *state;

	assert_int_equal(sandbox_write(sb, "a.md", "a\n"), 0);
	sandbox_sh("git add a.md");
	same_as_git(1);			/* no commit yet */
	sandbox_sh("git commit -q -m base && echo b >>a.md && git add a.md && "
		"git update-index --split-index");
	same_as_git(1);			/* a split index */
	sandbox_sh("git update-index --no-split-index && "
		"git replace $(git rev-parse HEAD:a.md) $(echo z | git hash-object -w --stdin)");
	same_as_git(1);			/* replace refs */
	hook_env(NULL, NULL);		/* not from a hook */
	same_as_git(1);
	hook_env(".git/index", NULL);
}

/*
 * The listing the pre-commit hook's shell made (`listing` written by
 * `cmd`): what handoff__staged_list() makes of it, its changes in *n.
 */
static int listed(const char *cmd, size_t *n)
{
	struct staged *st = NULL;
	int fd, err;

	sandbox_sh("%s >.git/listing", cmd);
	assert_true((fd = open(".git/listing", O_RDONLY)) >= 0);
	assert_int_equal(handoff__staged_open_listed(&st, fd), 0);
	err = handoff__staged_list(st);
	handoff__staged_changes(st, n);
	handoff__staged_free(st);
	return err;
}

/*
 * hooks/pre-commit's own git diff: its listing is read as git's, and is
 * taken only whole, with the end the shell writes when git diff succeeded.
 */
static void test_staged__a_listing_from_the_hook(void **state)
{
	struct sandbox *sb = *state;
	const char *diff = "git diff --cached --raw -z --no-abbrev --no-renames";
	char cmd[256];
	size_t n = 0;

	assert_int_equal(sandbox_write(sb, "a.md", "a\n"), 0);
	assert_int_equal(sandbox_write(sb, "b.md", "b\n"), 0);
	sandbox_sh("git add -A && git commit -q -m base && echo more >>a.md && "
		"git rm -q b.md && echo c >c.md && git add -A");
	snprintf(cmd, sizeof(cmd), "{ %s && printf 'git-handoff: listed\\0'; }", diff);
	assert_int_equal(listed(cmd, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(listed("printf 'git-handoff: listed\\0'", &n), 0);
	assert_int_equal(n, 0);		/* nothing staged */
	assert_true(listed(diff, &n) < 0);	/* no end: git diff failed, or was cut */
	assert_true(listed("printf ''", &n) < 0);
	snprintf(cmd, sizeof(cmd), "{ %s | head -c 60; printf 'git-handoff: listed\\0'; }", diff);
	assert_true(listed(cmd, &n) < 0);	/* cut in a change */
	snprintf(cmd, sizeof(cmd), "{ printf 'git-handoff: listed\\0'; %s; }", diff);
	assert_true(listed(cmd, &n) < 0);	/* more after the end */
}

/* In a linked worktree, with GIT_DIR as git names it to hooks, and without. */
static void test_staged__a_linked_worktree(void **state)
{
	struct sandbox *sb = *state;
	char wt[PATH_MAX + 8], dir[PATH_MAX + 32], index[PATH_MAX + 40];

	assert_int_equal(sandbox_write(sb, "a.md", "a\n"), 0);
	sandbox_sh("git add a.md && git commit -q -m base");
	hook_env(NULL, NULL);
	sandbox_sh("git worktree add -q wt");
	snprintf(wt, sizeof(wt), "%s/wt", sb->dir);
	snprintf(dir, sizeof(dir), "%s/.git/worktrees/wt", sb->dir);
	snprintf(index, sizeof(index), "%s/index", dir);
	assert_int_equal(chdir(wt), 0);
	sandbox_sh("echo b >>a.md && git add a.md");
	hook_env(index, NULL);
	same_as_git(1);
	hook_env(index, dir);
	same_as_git(1);
	hook_env(".git/index", NULL);
	assert_int_equal(chdir(sb->dir), 0);
}

/* The same bytes as `git cat-file blob`, or a refusal where it refuses. */
static void same_read(const char *name)
{
	handoff_buf want = HANDOFF_BUF_INIT;
	char *cmd = handoff__asprintf("git cat-file blob '%s' 2>/dev/null",
		name), *got = NULL;
	char chunk[8192];
	struct staged *st = NULL;
	size_t len = 0, n;
	FILE *f;
	int err, status;

	assert_non_null(cmd);
	assert_non_null(f = popen(cmd, "r"));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(handoff__buf_put(&want, chunk, n), 0);
	status = pclose(f);
	assert_int_equal(handoff__buf_reserve(&want, 0), 0);
	assert_int_equal(handoff__staged_open(&st), 0);
	err = handoff__staged_read(st, name, &got, &len);
	handoff__staged_free(st);
	if (status) {
		assert_int_equal(err, HANDOFF_ENOTFOUND);
		assert_null(got);
	} else {
		assert_int_equal(err, 0);
		assert_int_equal(len, want.size);
		if (len > 1024 * 1024)		/* past 1 MiB: the size only */
			assert_string_equal(got, "");
		else
			assert_memory_equal(got, want.ptr, len);
	}
	free(got);
	free(cmd);
	handoff_buf_dispose(&want);
}

/* The id of `rev` as git names it; the caller frees it. */
static char *rev_parse(const char *rev)
{
	char *cmd = handoff__asprintf("git rev-parse %s", rev), id[80];
	FILE *f;

	assert_non_null(cmd);
	assert_non_null(f = popen(cmd, "r"));
	assert_non_null(fgets(id, sizeof(id), f));
	pclose(f);
	free(cmd);
	id[strcspn(id, "\n")] = '\0';
	return handoff__strdup(id);
}

static void test_staged__reads(void **state)
{
	struct sandbox *sb = *state;
	char *id;

	assert_int_equal(sandbox_write(sb, ".handoff/config.yaml", "records: [r/]\n"), 0);
	assert_int_equal(sandbox_write(sb, "r/a.md", "---\nkind: x\n---\n"), 0);
	sandbox_sh("head -c 1500000 /dev/zero | tr '\\0' x >big && git add -A && "
		"git commit -q -m base && echo more >>r/a.md && git add r/a.md");
	same_read("HEAD:.handoff/config.yaml");
	same_read("HEAD:r/a.md");
	same_read("HEAD:big");		/* past 1 MiB: the size only */
	same_read("HEAD:nope");
	same_read("HEAD:r");
	same_read("HEAD:r/a.md/x");
	assert_non_null(id = rev_parse(":r/a.md"));
	same_read(id);
	free(id);
	sandbox_sh("git repack -q -a -d && git prune");
	same_read("HEAD:.handoff/config.yaml");
	same_read("HEAD:big");
}

/* Read `name`; 0 with the bytes that were written there, else the error. */
static int read_as(struct staged *st, const char *name, const char *want)
{
	char *data = NULL;
	size_t len = 0;
	int err = handoff__staged_read(st, name, &data, &len);

	if (err == 0) {
		assert_int_equal(len, strlen(want));
		assert_memory_equal(data, want, len);
	}
	free(data);
	return err;
}

/*
 * A blob read by its id is asked of git once while it is among the last
 * few read: read again once git lost it, it is the same; a blob read by
 * "HEAD:path", or pushed out by later ones, is asked of git again.
 */
static void test_staged__blobs_read_again(void **state)
{
	struct sandbox *sb = *state;
	struct staged *st = NULL;
	char *ids[6], path[16], text[16], loose[128];
	int i;

	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "f%d", i);
		snprintf(text, sizeof(text), "text %d\n", i);
		assert_int_equal(sandbox_write(sb, path, text), 0);
	}
	sandbox_sh("git add -A && git commit -q -m base");
	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "HEAD:f%d", i);
		assert_non_null(ids[i] = rev_parse(path));
	}
	assert_int_equal(handoff__staged_open(&st), 0);
	assert_int_equal(read_as(st, ids[0], "text 0\n"), 0);
	assert_int_equal(read_as(st, "HEAD:f1", "text 1\n"), 0);
	for (i = 0; i < 2; i++) {
		snprintf(loose, sizeof(loose), "rm -f .git/objects/%.2s/%s", ids[i], ids[i] + 2);
		sandbox_sh(loose);
	}
	assert_int_equal(read_as(st, ids[0], "text 0\n"), 0);	/* kept */
	assert_true(read_as(st, "HEAD:f1", "text 1\n") < 0);	/* asked again: gone */
	for (i = 2; i < 6; i++) {
		snprintf(text, sizeof(text), "text %d\n", i);
		assert_int_equal(read_as(st, ids[i], text), 0);
	}
	assert_true(read_as(st, ids[0], "text 0\n") < 0);	/* pushed out: gone */
	handoff__staged_free(st);
	for (i = 0; i < 6; i++)
		free(ids[i]);
}

/* A damaged object is git's to report: never a crash, never a wrong answer. */
static void test_staged__a_damaged_object(void **state)
{
	struct sandbox *sb = *state;
	struct staged *st = NULL;
	char *data = NULL;
	size_t len;

	assert_int_equal(sandbox_write(sb, "a.md", "a\n"), 0);
	sandbox_sh("git add a.md && git commit -q -m base && "
		"f=.git/objects/$(git rev-parse HEAD:a.md | sed 's|^..|&/|') && "
		"chmod u+w $f && printf 'x\\234garbage' >$f");
	assert_int_equal(handoff__staged_open(&st), 0);
	assert_int_equal(handoff__staged_list(st), 0);
	assert_true(handoff__staged_read(st, "HEAD:a.md", &data, &len) < 0);
	assert_null(data);
	handoff__staged_free(st);
}

/* Open, list and read HEAD:a.md as far as they go: whatever fails, no crash. */
static void read_what_opens(void)
{
	struct staged *st = NULL;
	char *data = NULL;
	size_t len;

	if (handoff__staged_open(&st) == 0) {
		handoff__staged_list(st);
		if (handoff__staged_read(st, "HEAD:a.md", &data, &len) == 0)
			free(data);
		handoff__staged_free(st);
	}
}

/* A pack cut short, and one with its bytes turned over: as git has them. */
static void test_staged__a_damaged_pack(void **state)
{
	struct sandbox *sb = *state;

	assert_int_equal(sandbox_write(sb, "a.md", "a\n"), 0);
	sandbox_sh("git add a.md && git commit -q -m one && git repack -q -a -d && "
		"git prune && echo c >>a.md && git add a.md && p=$(ls .git/objects/pack/*.pack) && "
		"chmod u+w $p && cp $p .git/whole && truncate -s 40 $p");
	same_as_git(1);		/* git reads no HEAD tree in it, nor do we */
	sandbox_sh("p=$(ls .git/objects/pack/*.pack) && cp .git/whole $p && "
		"dd if=/dev/urandom of=$p bs=1 seek=40 count=200 conv=notrunc 2>/dev/null");
	read_what_opens();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_staged__every_kind_of_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged__a_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged__what_git_alone_knows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged__a_listing_from_the_hook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged__a_linked_worktree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged__reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged__blobs_read_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged__a_damaged_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged__a_damaged_pack, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

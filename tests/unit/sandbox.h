/*
 * A throw-away repository for unit tests (libgit2's cl_git_sandbox_init,
 * in our words): a fresh folder under $TMPDIR with `git init` done
 * through libgit2, files written into it, removed on teardown.
 */
#ifndef HANDOFF_TEST_SANDBOX_H
#define HANDOFF_TEST_SANDBOX_H

#include <git2.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sandbox {
	char dir[PATH_MAX];
	char oldcwd[PATH_MAX];
	git_repository *git;
};

static int sandbox_write(struct sandbox *sb, const char *path, const char *text)
{
	char full[PATH_MAX * 2], *slash;
	FILE *f;

	snprintf(full, sizeof(full), "%s/%s", sb->dir, path);
	for (slash = full + strlen(sb->dir) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(full, 0777);
		*slash = '/';
	}
	if (!(f = fopen(full, "wb")))
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int sandbox_init(struct sandbox **out)
{
	struct sandbox *sb = calloc(1, sizeof(*sb));
	const char *tmp = getenv("TMPDIR");

	if (!sb)
		return -1;
	snprintf(sb->dir, sizeof(sb->dir), "%s/handoff-unit.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(sb->dir) || !getcwd(sb->oldcwd, sizeof(sb->oldcwd))) {
		free(sb);
		return -1;
	}
	git_libgit2_init();
	if (git_repository_init(&sb->git, sb->dir, 0) < 0 || chdir(sb->dir) < 0) {
		free(sb);
		return -1;
	}
	*out = sb;
	return 0;
}

/*
 * Run a shell command (in the sandbox, the current folder); the test
 * fails when it does. Include cmocka.h before this header.
 */
static inline void sandbox_sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		print_error("failed: %s\n", cmd);
		fail();
	}
}

static void sandbox_free(struct sandbox *sb)
{
	char cmd[PATH_MAX + 16];

	if (!sb)
		return;
	if (chdir(sb->oldcwd) < 0)
		perror("chdir");
	git_repository_free(sb->git);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sb->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", sb->dir);
	free(sb);
	git_libgit2_shutdown();
}

/*
 * A fresh sandbox with files in it: `files` is pairs of a path and its
 * text, ended by NULL. The cmocka setup of most files that use a
 * sandbox; sandbox_teardown is its teardown.
 */
static inline int sandbox_init_with(struct sandbox **out, const char *const *files)
{
	struct sandbox *sb;

	if (sandbox_init(&sb) < 0)
		return -1;
	for (; *files; files += 2)
		if (sandbox_write(sb, files[0], files[1]) < 0) {
			sandbox_free(sb);
			return -1;
		}
	*out = sb;
	return 0;
}

static inline int sandbox_teardown(void **state)
{
	sandbox_free(*state);
	*state = NULL;
	return 0;
}

#endif

/*
 * The last error. Every failing library call leaves one line here for the
 * command to print; the three dependencies' errors are translated in this
 * file only, so their message conventions stay in one place.
 */
#include <errno.h>
#include <git2.h>

#include "common.h"

/* Each thread's own, as libgit2's: a worker's error is not another's. */
static __thread char message[1024];
static __thread handoff_error last;

const handoff_error *handoff_error_last(void)
{
	last.message = message;
	return &last;
}

int handoff__error_set(int klass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	last.message = message;
	last.klass = klass;
	return HANDOFF_ERROR;
}

/*
 * Repository features libgit2 1.5.1 cannot read, by the words of its
 * message, with what they are and how to do without them.
 */
static const struct {
	const char *said;	/* in libgit2's message */
	const char *what;
	const char *hint;
} unsupported[] = {
	{ "extension: 'link'", "a split index (core.splitIndex)",
	  "git config core.splitIndex false && git update-index --no-split-index" },
	{ "extension: 'sdir'", "a sparse index (index.sparse)",
	  "git sparse-checkout reapply --no-sparse-index" },
	{ "extensions.objectformat", "SHA-256 object names (extensions.objectFormat)",
	  "use a SHA-1 clone of this repository" },
	{ "extensions.refstorage", "reftable refs (extensions.refStorage)",
	  "use a clone with the files ref backend" },
	{ "extensions.relativeworktrees", "relative worktree paths (extensions.relativeWorktrees)",
	  "git worktree repair, with worktree.useRelativePaths false" },
};

int handoff__error_from_git(int giterr)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "unknown libgit2 error";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(unsupported); i++)
		if (strstr(msg, unsupported[i].said)) {
			handoff__error_set(HANDOFF_ERROR_GIT,
				"cannot read the repository: it uses %s, which libgit2 %d.%d "
				"cannot read (%s); to go on: %s", unsupported[i].what,
				LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR, msg, unsupported[i].hint);
			return HANDOFF_ERROR;
		}
	if (strstr(msg, "unsupported extension name")) {
		handoff__error_set(HANDOFF_ERROR_GIT,
			"cannot read the repository: %s, which libgit2 %d.%d does not know; "
			"use a clone without it", msg, LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
		return HANDOFF_ERROR;
	}
	/*
	 * An object the tree names but the store lacks: a partial clone
	 * (libgit2 cannot fetch from the promisor) or a damaged one. Not
	 * "no such file": the check cannot run.
	 */
	if (giterr == GIT_ENOTFOUND && e && e->klass == GIT_ERROR_ODB) {
		handoff__error_set(HANDOFF_ERROR_GIT,
			"cannot read an object of the repository: %s (a partial clone? "
			"libgit2 cannot fetch missing objects: use a full clone)", msg);
		return HANDOFF_ERROR;
	}
	handoff__error_set(HANDOFF_ERROR_GIT, "%s", msg);
	return giterr == GIT_ENOTFOUND ? HANDOFF_ENOTFOUND : HANDOFF_ERROR;
}

int handoff__error_oom(void)
{
	handoff__error_set(HANDOFF_ERROR_NOMEMORY, "out of memory");
	return HANDOFF_ERROR;
}

int handoff__error_os(const char *what, const char *path)
{
	int e = errno;

	handoff__error_set(HANDOFF_ERROR_OS, "cannot %s '%s': %s", what, path,
		strerror(e));
	return e == ENOENT ? HANDOFF_ENOTFOUND : HANDOFF_ERROR;
}

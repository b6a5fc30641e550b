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

int handoff__error_from_git(int giterr)
{
	const git_error *e = git_error_last();

	handoff__error_set(HANDOFF_ERROR_GIT, "%s",
		e && e->message ? e->message : "unknown libgit2 error");
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

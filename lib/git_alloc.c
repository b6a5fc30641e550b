/* libgit2's memory, with a ceiling a thread sets on one read (see git_alloc.h). */
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/alloc.h>

#include "git_alloc.h"

static __thread size_t ceiling;	/* 0: none */
static __thread int refused;

/* Whether `n` bytes go over this thread's ceiling (then noted). */
static int over(size_t n)
{
	if (!ceiling || n <= ceiling)
		return 0;
	refused = 1;
	return 1;
}

static void *git_malloc(size_t n, const char *file, int line)
{
	(void)file, (void)line;
	return over(n) ? NULL : malloc(n);
}

static void *git_calloc(size_t nelem, size_t elsize, const char *file, int line)
{
	(void)file, (void)line;
	if (elsize && nelem > SIZE_MAX / elsize)
		return NULL;
	return over(nelem * elsize) ? NULL : calloc(nelem, elsize);
}

static char *git_substrdup(const char *s, size_t n, const char *file, int line)
{
	char *p;

	if (n == SIZE_MAX || !(p = git_malloc(n + 1, file, line)))
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *git_strndup(const char *s, size_t n, const char *file, int line)
{
	const char *end = memchr(s, '\0', n);

	return git_substrdup(s, end ? (size_t)(end - s) : n, file, line);
}

static char *git_strdup(const char *s, const char *file, int line)
{
	return git_substrdup(s, strlen(s), file, line);
}

static void *git_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file, (void)line;
	return over(n) ? NULL : realloc(p, n);
}

static void *git_reallocarray(void *p, size_t nelem, size_t elsize, const char *file,
	int line)
{
	if (elsize && nelem > SIZE_MAX / elsize)
		return NULL;
	return git_realloc(p, nelem * elsize, file, line);
}

static void *git_mallocarray(size_t nelem, size_t elsize, const char *file, int line)
{
	return git_reallocarray(NULL, nelem, elsize, file, line);
}

void handoff__git_alloc_install(void)
{
	static git_allocator alloc = {
		git_malloc, git_calloc, git_strdup, git_strndup, git_substrdup,
		git_realloc, git_reallocarray, git_mallocarray, free
	};

	git_libgit2_opts(GIT_OPT_SET_ALLOCATOR, &alloc);
}

int handoff__git_alloc_ceiling(size_t bytes)
{
	int was = refused;

	ceiling = bytes;
	refused = 0;
	return was;
}

/*
 * The repository, opened through libgit2, and paths in it.
 */
#ifndef HANDOFF_REPO_H
#define HANDOFF_REPO_H

#include <git2.h>

#include "handoff.h"

struct handoff_repo {
	git_repository *git;	/* NULL: no repository, loose files only */
	char *workdir;		/* with a trailing '/', or NULL */
	char *prefix;		/* the current folder in the work tree, "" or with a '/' */
};

/* libgit2's settings for the process (memory, hashing); idempotent. */
void handoff__repo_git_options(void);

/*
 * Turn a path given on the command line into a repository-relative one
 * (in a bare repository, a relative path is already one).
 */
char *handoff__repo_relative_path(const handoff_repo *repo, const char *path);

void handoff__free_strings(char **v, size_t n);

#endif

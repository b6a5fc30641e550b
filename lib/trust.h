/*
 * The trusted base of a push (trust.c): the branch whose rules judge a
 * push that creates a branch, so that no push is judged by the config
 * it brings.
 */
#ifndef HANDOFF_TRUST_H
#define HANDOFF_TRUST_H

#include "repo.h"

/* The branch the repository's HEAD names (refs/heads/main); NULL: none. */
char *handoff__head_target(git_repository *git);

/*
 * The default branch as a full ref name that exists, into *out (NULL:
 * there is none): the `default_branch:` of the config at HEAD's branch,
 * else HEAD's branch; when HEAD's branch does not exist, the
 * `default_branch:` that the configs at the tips of the branches name,
 * when they agree.
 */
int handoff__default_branch(char **out, git_repository *git);

/* 1 when the repository has no ref at all: nothing judged before. */
int handoff__repo_is_empty(git_repository *git);

#endif

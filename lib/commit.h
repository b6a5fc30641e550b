/*
 * A commit read as git reads it, for the few that libgit2 1.5.1 refuses
 * to parse and git shows: an ident without its `<email>` brackets, a date
 * that is not a number, a missing author or committer line. libgit2 stays
 * the reader; this one is asked only where it failed. A part git would
 * show empty is empty here (an empty name and email, time 0).
 */
#ifndef HANDOFF_COMMIT_H
#define HANDOFF_COMMIT_H

#include <git2.h>

struct commit_ident {
	char *name, *email;
	git_time_t time;
	int offset;		/* minutes east of UTC */
};

struct raw_commit {
	git_oid tree;
	git_oid *parents;
	size_t nparents;
	struct commit_ident author, committer;
	char *encoding;		/* NULL: UTF-8 */
	char *message;
};

/*
 * Commit `id` from the object store. GIT_ENOTFOUND (as is) when it is not
 * there; HANDOFF_EINVALID, with the cause as the error, when the object
 * is no commit or has no tree line git could use.
 */
int handoff__raw_commit_read(struct raw_commit *out, git_odb *odb, const git_oid *id);
void handoff__raw_commit_release(struct raw_commit *c);

/*
 * `rev` as a ref or an object id followed by ~N and ^N steps, each
 * commit read leniently, so that a commit libgit2 cannot parse is no
 * dead end. Asked before git_revparse_single(), which leaks in libgit2
 * 1.5.1 when it meets such a commit. -1 for what it does not take (a tag,
 * ^{...}, @{...}, :path, an unborn HEAD): the caller asks libgit2.
 * HANDOFF_EINVALID, the error naming it, for a commit on the way that
 * cannot be read even so: libgit2 would fail (and leak) there too.
 */
int handoff__raw_commit_resolve(git_oid *out, git_repository *repo, const char *rev);
/* The tree of the commit `rev` names, as handoff__raw_commit_resolve() reads it. */
int handoff__raw_commit_tree(git_tree **out, git_repository *repo, const char *rev);

/*
 * What the audit asks of a commit besides its author: its Handoff-Reason
 * (*reason, a new string, or NULL), its committer's email (*committer,
 * the commit's) and whether it carries a signature (gpgsig).
 */
int handoff__commit_facts(const git_commit *c, char **reason, const char **committer,
	int *is_signed);

#endif

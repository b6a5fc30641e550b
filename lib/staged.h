/*
 * The staged changes and blobs of the commit being made, for the
 * pre-commit hook, as git tells them (`git diff --cached --raw`, `git
 * cat-file --batch`); see staged.c for why not through libgit2.
 */
#ifndef HANDOFF_STAGED_H
#define HANDOFF_STAGED_H

#include <stddef.h>

struct staged;

/* A path the index adds, changes or deletes against HEAD. */
struct staged_change {
	char *path;
	unsigned int mode;	/* 0100644, 0120000 (symlink), 0160000 (gitlink) */
	int deleted;
	int unmerged;		/* a conflict not yet resolved: stages 1-3 */
	char id[65];		/* the staged blob, in hex */
	char old_id[65];	/* HEAD's blob, in hex: all zeros when added */
};

/*
 * The changes of the repository in the current folder, with git's
 * environment: `git diff --cached` and `git cat-file --batch` started,
 * and handoff__staged_list() waits for the list. handoff__staged_changes() hands it out
 * (empty before).
 */
int handoff__staged_open(struct staged **out);
/*
 * The same with the listing of a `git diff --cached` that the caller's
 * pre-commit hook started (hooks/pre-commit has its arguments) on
 * listed_fd, which is then the staged set's to close; -1 runs git diff.
 */
int handoff__staged_open_listed(struct staged **out, int listed_fd);
int handoff__staged_list(struct staged *st);
/* 1 while git diff still works (its answer cannot be read yet); a `struct staged *`. */
int handoff__staged_diffing(void *st);
const struct staged_change *handoff__staged_changes(const struct staged *st, size_t *n);

/*
 * The blob that `name` (a blob id, or "HEAD:path") names:
 * HANDOFF_ENOTFOUND when there is none. Past 1 MiB *data is empty and
 * *len the real size, as repo_read_blob does. Threads may read at once.
 */
int handoff__staged_read(struct staged *st, const char *name, char **data, size_t *len);
void handoff__staged_free(struct staged *st);

/*
 * Each entry of the index at stage 0 (a conflict's stages and `git add
 * -N` entries left out): its path, mode and blob id in hex. A callback's
 * error stops the walk and is returned.
 */
typedef int (*staged_entry_cb)(const char *path, unsigned int mode, const char *id,
	void *payload);
int handoff__staged_foreach_entry(struct staged *st, staged_entry_cb cb, void *payload);
/* The repository's common git folder (for caches); NULL when unknown. Freed by the caller. */
char *handoff__staged_common_dir(struct staged *st);

#endif

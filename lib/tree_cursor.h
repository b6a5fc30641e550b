/*
 * The entries of one tree by path, keeping the last folder's tree: the
 * records of a folder looked up in path order read that folder once, not
 * once each. git_tree_entry_bypath reads every folder on the path again,
 * as libgit2 caches no tree over 4 KB, and at 10,000 records a folder is
 * 450 KB to inflate.
 */
#ifndef HANDOFF_TREE_CURSOR_H
#define HANDOFF_TREE_CURSOR_H

#include <git2.h>

struct tree_cursor {
	const git_tree *root;	/* NULL: no tree, nothing in it */
	char *dir;		/* the folder last looked in ("": the root); NULL: none yet */
	git_tree *tree;		/* its tree; NULL for the root or when it is no folder */
	int absent;		/* `dir` is no folder of root */
};

#define TREE_CURSOR_INIT(root) { (root), NULL, NULL, 0 }

/*
 * The entry at `path`: its id and mode. HANDOFF_ENOTFOUND when there is
 * none (or a folder on the way cannot be read), HANDOFF_ERROR when out
 * of memory.
 */
int handoff__tree_cursor_find(struct tree_cursor *c, const char *path, git_oid *id,
	unsigned int *mode);
/*
 * 1 when the tree holds `path` as blob `id` (a zero id: when it has no
 * such path), 0 when not, HANDOFF_ERROR when out of memory.
 */
int handoff__tree_cursor_holds(struct tree_cursor *c, const char *path, const git_oid *id);
void handoff__tree_cursor_release(struct tree_cursor *c);

#endif

/*
 * Entries of a tree by path, a folder at a time (see tree_cursor.h).
 */
#include "common.h"
#include "tree_cursor.h"

int handoff__tree_cursor_find(struct tree_cursor *c, const char *path, git_oid *id,
	unsigned int *mode)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	const git_tree_entry *e;

	if (!c->root)
		return HANDOFF_ENOTFOUND;
	if (!c->dir || strlen(c->dir) != n || memcmp(c->dir, path, n)) {
		git_tree_entry *d = NULL;
		char *dir = handoff__strndup(path, n);

		if (!dir)
			return HANDOFF_ERROR;
		git_tree_free(c->tree);
		free(c->dir);
		c->tree = NULL;
		c->dir = dir;
		c->absent = n && (git_tree_entry_bypath(&d, c->root, dir) < 0 ||
			git_tree_entry_type(d) != GIT_OBJECT_TREE ||
			git_tree_lookup(&c->tree, git_tree_owner(c->root), git_tree_entry_id(d)) < 0);
		git_tree_entry_free(d);
	}
	if (c->absent || !(e = git_tree_entry_byname(c->tree ? c->tree : c->root,
	    slash ? slash + 1 : path)))
		return HANDOFF_ENOTFOUND;
	git_oid_cpy(id, git_tree_entry_id(e));
	*mode = git_tree_entry_filemode(e);
	return 0;
}

int handoff__tree_cursor_holds(struct tree_cursor *c, const char *path, const git_oid *id)
{
	unsigned int mode;
	git_oid at;
	int err = handoff__tree_cursor_find(c, path, &at, &mode);

	if (err == HANDOFF_ENOTFOUND)
		return git_oid_is_zero(id);
	return err < 0 ? err : git_oid_equal(&at, id);
}

void handoff__tree_cursor_release(struct tree_cursor *c)
{
	git_tree_free(c->tree);
	free(c->dir);
	c->tree = NULL;
	c->dir = NULL;
}

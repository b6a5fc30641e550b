/*
 * A repository's objects read straight from .git/objects, loose and
 * packed, for the pre-commit hook (staged.c): no git process, no
 * libgit2. It serves the common layout only and says so (odb_open()
 * HANDOFF_EINVALID) for the rest: alternates, another object folder
 * named in the environment, reftable; the hook then asks git.
 */
#ifndef HANDOFF_ODB_H
#define HANDOFF_ODB_H

#include <stddef.h>

enum odb_type { ODB_NONE, ODB_COMMIT, ODB_TREE, ODB_BLOB, ODB_TAG };

struct odb;

/*
 * The objects of the repository git runs the hook in (the current
 * folder, or GIT_DIR), and HEAD's commit id (hash_size bytes: 20, or
 * 32 for SHA-256). HANDOFF_EINVALID: a layout this reader does not
 * take, or no commit yet.
 */
int odb_open(struct odb **out, unsigned char head[32], size_t *hash_size);

/*
 * Object `id`: HANDOFF_EINVALID when it cannot be read here (missing,
 * damaged, or in a form this reader does not take). Past `max` bytes
 * *data is NULL and *len the object's size.
 */
int odb_read(struct odb *db, const unsigned char *id, size_t max,
	enum odb_type *type, unsigned char **data, size_t *len);
/* One entry of a tree's data: "<octal mode> <name>\0<id>". */
struct odb_entry {
	unsigned int mode;
	const char *name;
	size_t len;
	const unsigned char *id;
};

/*
 * The entry at *pos (from 0) of a tree of `len` bytes, *pos moved past
 * it: 1, or 0 at the end, -1 when the bytes are not an entry.
 */
int odb_tree_next(const unsigned char *data, size_t len, size_t *pos,
	size_t hash_size, struct odb_entry *e);

/* The tree of the commit `id`, in its place. */
int odb_commit_tree(struct odb *db, unsigned char *id);
void odb_free(struct odb *db);
/* The repository's common folder (.git, or a linked worktree's main one); the caller frees it. */
char *odb_common_dir(const struct odb *db);

/* Ids as hex: -1 unless 2 * size lower-case hex digits. */
int odb_from_hex(unsigned char *id, const char *hex, size_t size);
void odb_to_hex(char *hex, const unsigned char *id, size_t size);

#endif

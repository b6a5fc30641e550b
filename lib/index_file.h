/*
 * git's index file, read as it is on disk (versions 2, 3 and 4): the
 * staged paths with their modes, stages and blob ids, and the cached
 * tree ids of the folders git has not touched since it last wrote a
 * tree. For the pre-commit hook (staged.c), which compares it with HEAD.
 */
#ifndef HANDOFF_INDEX_FILE_H
#define HANDOFF_INDEX_FILE_H

#include <stddef.h>

struct index_entry {
	const char *path;
	unsigned int mode;		/* 0100644, 0100755, 0120000, 0160000 */
	unsigned int stage;		/* 0, or 1-3 in a conflict */
	int intent_to_add;		/* `git add -N`: nothing staged yet */
	const unsigned char *id;	/* hash_size bytes */
};

struct index_file;

/*
 * Read `len` bytes of an index whose ids are `hash_size` bytes (20 for
 * SHA-1, 32 for SHA-256). HANDOFF_EINVALID when it is not an index this
 * reader takes: cut short, unsorted, an unknown version, or a part it
 * does not understand (a split or sparse index); git can still read it.
 * The entries point into `data`, which must outlive the index.
 */
int index_file_read(struct index_file **out, const unsigned char *data, size_t len,
	size_t hash_size);
const struct index_entry *index_file_entries(const struct index_file *ix, size_t *n);
/* The id of the tree the folder `path` ("" the top) holds, when git keeps it; or NULL. */
const unsigned char *index_file_tree(const struct index_file *ix, const char *path,
	size_t len);
void index_file_free(struct index_file *ix);

#endif

/*
 * One id, one record, in the commit being made: for the pre-commit hook.
 * The ids of the index's records come from a cache of blob id -> record
 * id (<common git dir>/handoff/ids), so a commit reads only the records
 * it has not seen before; see ids.c.
 */
#ifndef HANDOFF_IDS_H
#define HANDOFF_IDS_H

#include <stddef.h>

struct config;
struct staged;

/* A record the commit adds or changes whose id another record of the index has. */
struct id_clash {
	const char *path;
	unsigned int line, col;		/* of its `id:` value */
	const char *id;
	const char *other;		/* the other record's path */
};

typedef int (*ids_clash_cb)(const struct id_clash *clash, void *payload);

/*
 * Each of the `changed` paths (records staged, added or changed) whose id
 * is also the id of another record of the index (the records folders of
 * `cfg`): cb once for each other record, in order of id then path. The
 * cache is read, and rewritten when a record had to be read; a cache that
 * is missing, damaged or of another version is ignored and rebuilt, and
 * one that cannot be written is no error.
 */
int handoff__ids_check_staged(struct staged *st, const struct config *cfg,
	char *const *changed, size_t nchanged, ids_clash_cb cb, void *payload);

#endif

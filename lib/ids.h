/*
 * One id, one record, in the commit being made: for the pre-commit hook.
 * The ids of the index's records come from a cache of blob id -> record
 * id (<common git dir>/handoff/ids), so a commit reads only the records
 * it has not seen before; see ids.c. The push rules read the ids of a
 * pushed tip's records through the same cache (ids_reader, below).
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

/* Read blob `hex` (a record's bytes) into *data; HANDOFF_EINVALID when it is no record. */
typedef int (*ids_read_fn)(void *arg, const char *hex, char **data, size_t *len);

/*
 * The ids of a commit's records for the push rules, from the same cache
 * (in `common_dir`, the repository's common git folder): `read` reads a
 * blob it does not know. Closing with `save` rewrites the cache when
 * enough was read: a push that is refused leaves the server as it was.
 */
struct ids_reader;

int handoff__ids_reader_open(struct ids_reader **out, const char *common_dir,
	ids_read_fn read, void *arg);
/*
 * The id of the record in blob `hex`, read as Markdown or (yaml) YAML:
 * 1 with `id` (of `size` bytes), its line and column; 0 when it has none
 * or cannot be read; < 0 on an error.
 */
int handoff__ids_reader_get(struct ids_reader *r, const char *hex, int yaml,
	char *id, size_t size, unsigned int *line, unsigned int *col);
void handoff__ids_reader_close(struct ids_reader *r, int save);

#endif

/*
 * Where record bytes come from: the work tree, the index (the one git is
 * committing, inside a hook) or a commit's tree. Kinds and the config are
 * read from the same place as the records they judge, so `validate --rev R`
 * uses the rules as they stood at R.
 */
#ifndef HANDOFF_SOURCE_H
#define HANDOFF_SOURCE_H

#include <pthread.h>

#include "config.h"
#include "kind.h"
#include "repo.h"

struct tree_cursor;

struct record;
struct staged;

struct kind_entry {
	char *name;
	struct kind *kind;	/* NULL when it does not exist */
	int from_repo;
	int broken;		/* its schema has problems */
};

/* One place to read from, with the config and kinds found there. */
struct source {
	handoff_repo *repo;
	handoff_source type;
	git_index *index;	/* SOURCE_INDEX (borrowed from the repo) */
	git_tree *tree;		/* SOURCE_REV and SOURCE_RANGE */
	struct tree_cursor *cursor;	/* reading `tree` */
	struct config *config;
	struct kind_entry *kinds;
	size_t nkinds;
	struct diag_list schema_diags;	/* problems of kinds and config */
	char *schema_path;		/* the file those are about */
	/*
	 * Set while threads share the source: source_read and source_kind
	 * then take it (libgit2's objects and the kind cache are one
	 * thread's at a time); NULL otherwise.
	 */
	pthread_mutex_t *lock;
	struct staged *staged;	/* SOURCE_INDEX read through git, or NULL */
	/*
	 * Reading the index or tree above, and freeing them: set by
	 * handoff__source_open(), called through these pointers so that a program
	 * reading only staged blobs (the pre-commit hook's) links no libgit2.
	 */
	int (*read_git)(const struct source *src, const char *path,
		char **data, size_t *len, const char **why);
	void (*release_git)(struct source *src);
};

int handoff__source_open(struct source *src, handoff_repo *repo, handoff_source type,
	const char *rev);
void handoff__source_release(struct source *src);
/*
 * A broken config or kind stops the run: sets its problems, one per line
 * (`path:line:col: error: ...`), as the error; HANDOFF_ESCHEMA.
 */
int handoff__source_schema_error(const struct source *src);

/*
 * The repository to read history from: the source's, or, on a thread
 * between handoff__source_git_enter() and handoff__source_git_leave() (a pool's enter and
 * leave), that thread's own opening of it, since libgit2 objects are one
 * thread's at a time. What else the jobs read through the source takes
 * src->lock.
 */
git_repository *handoff__source_git(const struct source *src);
int handoff__source_git_enter(void **state, const struct source *src);
void handoff__source_git_leave(void *state);

/*
 * The index git is committing, read through git itself (staged.c); `st`
 * stays the caller's, and its changes are listed on return. Its config
 * is read, as HEAD has it, while git still diffs the index, and so are
 * the built-in kinds HEAD does not replace while ahead(st) says it still
 * does (staged_diffing; NULL for none), on a machine with a processor to
 * spare: a head start for the pre-commit hook. When the commit changes
 * anything in .handoff/ all that is dropped and the config read again.
 */
int handoff__source_open_staged(struct source *src, struct staged *st,
	int (*ahead)(void *));

/*
 * Read the repository-relative `path`. HANDOFF_ENOTFOUND when it is not
 * there, HANDOFF_EINVALID when it is there but not a regular file (a
 * symlink, a submodule: *why says which).
 */
int handoff__source_read(const struct source *src, const char *path, char **data,
	size_t *len, const char **why);

#define RECORD_MAX (1024 * 1024)	/* a bigger blob is no record: its size is told */

/*
 * A blob, as a record's bytes: a symlink or submodule mode is refused
 * (*why says why), and a blob over RECORD_MAX comes back empty with its
 * size in *len so the reader can say it is too large without loading it.
 */
int handoff__repo_read_blob(git_repository *git, const git_oid *id,
	unsigned int mode, char **data, size_t *len, const char **why);

/* A file on disk, by a path from the current folder. */
int handoff__source_read_disk(const char *path, char **data, size_t *len,
	const char **why);

/* Every record path under the config's folders, sorted. */
int handoff__source_list(const struct source *src, char ***paths, size_t *count);

/*
 * The kind called `name`: the repository's .handoff/schemas/NAME.yaml in
 * this source, else the built-in one. *out is NULL (and 0 returned) when
 * there is no such kind; HANDOFF_ESCHEMA when it is broken (the problems
 * are in src->schema_diags).
 */
int handoff__source_kind(struct kind **out, struct source *src, const char *name);

/*
 * Compile the built-in kinds that `src` has no file of its own for, one
 * after the other while more(arg) says to go on.
 */
int handoff__source_compile_builtins(struct source *src, int (*more)(void *), void *arg);

/*
 * The kind `rec` names, for diffing it: NULL for none, an unknown or a
 * broken kind (the record still diffs, by position, nothing material);
 * < 0 only when the kind could not be read (out of memory), never then
 * a diff that quietly lost its material changes.
 */
int handoff__source_kind_of(const struct kind **out, struct source *src,
	const struct record *rec);

/* The candidates among all the source's files (index, tree or work tree's index). */
int handoff__source_list_strays(const struct source *src, char ***paths, size_t *count);

#endif

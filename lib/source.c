/*
 * The sources of a record's bytes: the work tree, the index (the one git
 * is committing, inside a hook, read through git: staged.c) or a commit's
 * tree; the files each lists, and the config and kinds each holds.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commit.h"
#include "environment.h"
#include "git_alloc.h"
#include "pool.h"
#include "record.h"
#include "source.h"
#include "staged.h"
#include "tree_cursor.h"

#define BLOB_CEILING (2 * RECORD_MAX)	/* on one allocation of libgit2's, reading a blob */

/*
 * git-annex keeps a locked file as a symbolic link to its key under
 * .git/annex/objects/. The link is never followed; its target is given
 * as the file's bytes, which the record reader knows as an annex pointer.
 */
static int annex_link(const char *target, size_t n)
{
	static const char key[] = "annex/objects/";
	size_t i, k = sizeof(key) - 1;

	if (n >= 1024 || memchr(target, '\0', n))
		return 0;
	for (i = 0; i + k <= n; i++)
		if ((i == 0 || target[i - 1] == '/') && !memcmp(target + i, key, k))
			return 1;
	return 0;
}

/*
 * What lstat says of a path open() refused: a symbolic link (an annex
 * key, or not a record), not a regular file, or the error itself. Only
 * paths that are no plain readable file come here.
 */
static int refused(const char *path, int open_errno, char **data, size_t *len,
	const char **why)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return handoff__error_os("read", path);
	if (S_ISLNK(st.st_mode)) {
		char target[1024];
		ssize_t got = readlink(path, target, sizeof(target));

		if (got > 0 && annex_link(target, (size_t)got)) {
			*data = handoff__strndup(target, (size_t)got);
			*len = (size_t)got;
			return *data ? 0 : HANDOFF_ERROR;
		}
		*why = "a symbolic link, not a record";
		return HANDOFF_EINVALID;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		return HANDOFF_EINVALID;
	}
	errno = open_errno;
	return handoff__error_os("open", path);
}

/*
 * Four system calls a file: open (never through a final symbolic link,
 * never waiting on a fifo), fstat, one read, close. A link or anything
 * that is not a plain file is looked at again by refused().
 */
int handoff__source_read_disk(const char *path, char **data, size_t *len,
	const char **why)
{
	struct stat st;
	char *buf;
	size_t n, got = 0;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) < 0)
		return refused(path, errno, data, len, why);
	if (fstat(fd, &st) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return handoff__error_os("read", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		*why = "not a regular file";
		return HANDOFF_EINVALID;
	}
	/* read one byte past the 1 MiB limit so the reader can tell */
	n = (size_t)st.st_size > RECORD_MAX + 1 ? RECORD_MAX + 1 : (size_t)st.st_size;
	if (!(buf = malloc(n + 1))) {
		close(fd);
		return handoff__error_oom();
	}
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			saved = errno;
			close(fd);
			free(buf);
			errno = saved;
			return handoff__error_os("read", path);
		}
		if (r == 0)
			break;	/* shorter than it was: what is there */
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*data = buf;
	*len = (size_t)st.st_size > got ? (size_t)st.st_size : got;
	return 0;
}

int handoff__repo_read_blob(git_repository *git, const git_oid *id,
	unsigned int mode, char **data, size_t *len, const char **why)
{
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	size_t size, n;
	git_object_t type;
	int err;

	if (mode == GIT_FILEMODE_COMMIT) {
		*why = "a submodule, not a record";
		return HANDOFF_EINVALID;
	}
	if ((err = git_repository_odb(&odb, git)) < 0)
		return handoff__error_from_git(err);
	if (mode == GIT_FILEMODE_LINK) {
		/* the blob is the link's target: never followed */
		if ((err = git_odb_read(&obj, odb, id)) < 0) {
			err = handoff__error_from_git(err);
		} else if (annex_link(git_odb_object_data(obj), git_odb_object_size(obj))) {
			*len = git_odb_object_size(obj);
			if (!(*data = handoff__strndup(git_odb_object_data(obj), *len)))
				err = HANDOFF_ERROR;
		} else {
			*why = "a symbolic link, not a record";
			err = HANDOFF_EINVALID;
		}
		goto done;
	}
	/*
	 * A 2 GB blob is refused before it is loaded: read under a ceiling,
	 * its buffer is refused before anything is inflated into it; then
	 * its size is asked, and a record under the limit (with a big delta
	 * base) read again without one.
	 */
	handoff__git_alloc_ceiling(BLOB_CEILING);
	err = git_odb_read(&obj, odb, id);
	if (handoff__git_alloc_ceiling(0) && err < 0) {
		git_error_clear();
		if ((err = git_odb_read_header(&size, &type, odb, id)) == 0 &&
		    size <= RECORD_MAX)
			err = git_odb_read(&obj, odb, id);
	}
	if (err < 0) {
		err = handoff__error_from_git(err);
		goto done;
	}
	size = obj ? git_odb_object_size(obj) : size;
	if (size > RECORD_MAX) {
		if (!(*data = calloc(1, 1))) {
			err = handoff__error_oom();
			goto done;
		}
		*len = size;
		goto done;
	}
	n = git_odb_object_size(obj);
	if (!(*data = malloc(n + 1))) {
		err = handoff__error_oom();
		goto done;
	}
	memcpy(*data, git_odb_object_data(obj), n);
	(*data)[n] = '\0';
	*len = n;
done:
	git_odb_object_free(obj);
	git_odb_free(odb);
	return err;
}

/*
 * A changed path by the blob the diff named; any other is staged as it
 * is in HEAD (see staged.c for why not ":path").
 */
static int read_staged(struct staged *st, const char *path, char **data,
	size_t *len, const char **why)
{
	const struct staged_change *c;
	size_t i, n;
	char *name;
	int err;

	c = handoff__staged_changes(st, &n);
	for (i = 0; i < n; i++, c++) {
		if (strcmp(c->path, path))
			continue;
		if (c->unmerged) {
			*why = "unmerged path";
			return HANDOFF_EINVALID;
		}
		if (c->deleted) {
			handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is not staged", path);
			return HANDOFF_ENOTFOUND;
		}
		if (c->mode == GIT_FILEMODE_COMMIT) {
			*why = "a submodule, not a record";
			return HANDOFF_EINVALID;
		}
		if ((err = handoff__staged_read(st, c->id, data, len)) < 0 ||
		    c->mode != GIT_FILEMODE_LINK)
			return err;
		/* a link's blob is its target, never followed: an annex key or nothing */
		if (annex_link(*data, *len))
			return 0;
		free(*data);
		*data = NULL;
		*why = "a symbolic link, not a record";
		return HANDOFF_EINVALID;
	}
	if (!(name = handoff__asprintf("HEAD:%s", path)))
		return HANDOFF_ERROR;
	err = handoff__staged_read(st, name, data, len);
	free(name);
	return err;
}

/* The index or a commit's tree, through libgit2: src->read_git. */
static int read_git(const struct source *src, const char *path, char **data,
	size_t *len, const char **why)
{
	if (src->type == HANDOFF_SOURCE_INDEX) {
		const git_index_entry *e = git_index_get_bypath(src->index, path, 0);

		/* `git add -N`: a placeholder, not content; git commits none */
		if (e && (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD))
			e = NULL;
		if (!e) {
			if (git_index_get_bypath(src->index, path, 1) ||
			    git_index_get_bypath(src->index, path, 2)) {
				*why = "unmerged path";
				return HANDOFF_EINVALID;
			}
			handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is not staged", path);
			return HANDOFF_ENOTFOUND;
		}
		return handoff__repo_read_blob(src->repo->git, &e->id, e->mode,
			data, len, why);
	} else {
		git_oid id;
		unsigned int mode;
		int err = handoff__tree_cursor_find(src->cursor, path, &id, &mode);

		if (err == HANDOFF_ENOTFOUND)
			handoff__error_set(HANDOFF_ERROR_GIT,
				"'%s' is not in the tree", path);
		if (err < 0)
			return err;
		if (mode == GIT_FILEMODE_TREE)
			return (*why = "a folder, not a record", HANDOFF_EINVALID);
		return handoff__repo_read_blob(src->repo->git, &id, mode, data, len, why);
	}
}

static void release_git(struct source *src)
{
	git_index_free(src->index);
	if (src->cursor)
		handoff__tree_cursor_release(src->cursor);
	free(src->cursor);
	git_tree_free(src->tree);
}

static int read_source(const struct source *src, const char *path, char **data,
	size_t *len, const char **why)
{
	*data = NULL;
	*len = 0;
	*why = NULL;
	if (src->type == HANDOFF_SOURCE_WORKTREE) {
		char *full;
		int err;

		if (!src->repo->workdir)
			return handoff__source_read_disk(path, data, len, why);
		if (!(full = handoff__asprintf("%s%s", src->repo->workdir, path)))
			return HANDOFF_ERROR;
		err = handoff__source_read_disk(full, data, len, why);
		free(full);
		return err;
	}
	if (src->staged)
		return read_staged(src->staged, path, data, len, why);
	return src->read_git(src, path, data, len, why);
}

int handoff__source_read(const struct source *src, const char *path, char **data,
	size_t *len, const char **why)
{
	int err;

	if (src->type == HANDOFF_SOURCE_WORKTREE || !src->lock)
		return read_source(src, path, data, len, why);
	pthread_mutex_lock(src->lock);
	err = read_source(src, path, data, len, why);
	pthread_mutex_unlock(src->lock);
	return err;
}

struct strings {
	char **v;
	size_t n, alloc;
};

static int strings_add(struct strings *s, char *str)
{
	if (!str)
		return HANDOFF_ERROR;
	if (s->n == s->alloc) {
		size_t n = s->alloc ? s->alloc * 2 : 64;
		char **v = realloc(s->v, n * sizeof(*v));

		if (!v) {
			free(str);
			return handoff__error_oom();
		}
		s->v = v;
		s->alloc = n;
	}
	s->v[s->n++] = str;
	return 0;
}

/*
 * Whether a folder of `rel` (a records folder from the config, with its
 * trailing '/') is a symbolic link: such a folder is not followed, as git
 * does not follow it, so no record is read from outside the work tree.
 * HANDOFF_ERROR when out of memory.
 */
static int through_symlink(const char *root, const char *rel)
{
	char *path = handoff__asprintf("%s%s", root, rel), *p;
	size_t skip = strlen(root);
	struct stat st;
	int link = 0;

	if (!path)
		return HANDOFF_ERROR;
	for (p = path + skip; !link && (p = strchr(p, '/')); p++) {
		*p = '\0';
		link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
		*p = '/';
	}
	free(path);
	return link;
}

static int walk_disk(struct strings *out, const struct config *cfg,
	const char *root, const char *rel)
{
	char *full = handoff__asprintf("%s%s", root, rel);
	DIR *d;
	struct dirent *de;
	int err = 0;

	if (!full || (err = through_symlink(root, rel)) < 0) {
		free(full);
		return HANDOFF_ERROR;
	}
	if (err || !(d = opendir(full))) {
		/* a folder that does not exist holds no records; one we cannot read is an error */
		err = err || errno == ENOENT || errno == ENOTDIR ? 0 :
			handoff__error_os("read folder", full);
		free(full);
		return err;
	}
	while (!err && (de = readdir(d))) {
		struct stat st;
		char *path, *abs;

		/* dot-files are no records in any source (config_is_record_path) */
		if (de->d_name[0] == '.')
			continue;
		if (!(path = handoff__asprintf("%s%s", rel, de->d_name)) ||
		    !(abs = handoff__asprintf("%s%s", root, path))) {
			free(path);
			err = HANDOFF_ERROR;
			break;
		}
		if (lstat(abs, &st) == 0 && S_ISDIR(st.st_mode)) {
			char *sub = handoff__asprintf("%s/", path);

			err = sub ? walk_disk(out, cfg, root, sub) : HANDOFF_ERROR;
			free(sub);
			free(path);
		} else if (handoff__record_path_is_record(path) &&
		    handoff__config_is_record_path(cfg, path)) {
			err = strings_add(out, path);
		} else {
			free(path);
		}
		free(abs);
	}
	closedir(d);
	free(full);
	return err;
}

/* A walk of a tree collecting paths (tree_cb: records, stray_cb: strays). */
struct tree_walk {
	struct strings *out;
	const struct config *cfg;
	int err;
};

static int tree_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct tree_walk *w = payload;
	const char *name = git_tree_entry_name(e);
	char *path;

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		/* descend only into folders that are or lead to record folders */
		char *dir = handoff__asprintf("%s%s/", root, name);
		size_t i, n;
		int keep = 0;

		if (!dir)
			return (w->err = HANDOFF_ERROR);
		n = strlen(dir);
		for (i = 0; i < w->cfg->nrecords; i++) {
			const char *r = w->cfg->records[i];

			if (!strncmp(dir, r, n < strlen(r) ? n : strlen(r)))
				keep = 1;
		}
		free(dir);
		return keep ? 0 : 1;
	}
	if (!(path = handoff__asprintf("%s%s", root, name)))
		return (w->err = HANDOFF_ERROR);
	if (handoff__config_is_record_path(w->cfg, path) && handoff__record_path_is_record(path))
		return (w->err = strings_add(w->out, path)) < 0 ? -1 : 0;
	free(path);
	return 0;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int handoff__source_list(const struct source *src, char ***paths, size_t *count)
{
	struct strings out = { NULL, 0, 0 };
	size_t i, k;
	int err = 0;

	*paths = NULL;
	*count = 0;
	if (src->type == HANDOFF_SOURCE_WORKTREE) {
		if (!src->repo->workdir) {
			handoff__error_set(HANDOFF_ERROR_GIT,
				"not in a git work tree: name the records to check");
			return HANDOFF_ENOTFOUND;
		}
		for (i = 0; !err && i < src->config->nrecords; i++)
			err = walk_disk(&out, src->config, src->repo->workdir,
				src->config->records[i]);
	} else if (src->type == HANDOFF_SOURCE_INDEX) {
		size_t n = git_index_entrycount(src->index);

		for (i = 0; !err && i < n; i++) {
			const git_index_entry *e = git_index_get_byindex(src->index, i);

			if (handoff__config_is_record_path(src->config, e->path) &&
			    handoff__record_path_is_record(e->path) &&
			    !(e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) &&
			    !(out.n && !strcmp(e->path, out.v[out.n - 1])))
				err = strings_add(&out, handoff__strdup(e->path));
		}
	} else {
		struct tree_walk w = { &out, src->config, 0 };

		git_tree_walk(src->tree, GIT_TREEWALK_PRE, tree_cb, &w);
		err = w.err;
	}
	if (err < 0) {
		handoff__free_strings(out.v, out.n);
		return err;
	}
	if (out.n > 1)
		qsort(out.v, out.n, sizeof(*out.v), by_string);
	/* nested records folders walk a file once for each: keep it once */
	for (i = k = 0; i < out.n; i++) {
		if (k && !strcmp(out.v[i], out.v[k - 1]))
			free(out.v[i]);
		else
			out.v[k++] = out.v[i];
	}
	out.n = k;
	*paths = out.v;
	*count = out.n;
	return 0;
}

static int stray_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct tree_walk *w = payload;
	const char *name = git_tree_entry_name(e);
	char *path;

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return name[0] == '.' ? 1 : 0;
	/* by the name first: most files are not even looked at */
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	if (!(path = handoff__asprintf("%s%s", root, name)))
		return (w->err = HANDOFF_ERROR);
	if (!handoff__stray_candidate(w->cfg, path)) {
		free(path);
		return 0;
	}
	if ((w->err = strings_add(w->out, path)) < 0)
		return w->err;
	return 0;
}

int handoff__source_list_strays(const struct source *src, char ***paths, size_t *count)
{
	struct strings out = { NULL, 0, 0 };
	git_index *index = src->index;
	size_t i, n;
	int err = 0;

	*paths = NULL;
	*count = 0;
	if (!src->config)
		return 0;
	if (src->type == HANDOFF_SOURCE_WORKTREE && src->repo->git &&
	    (err = git_repository_index(&index, src->repo->git)) < 0)
		return handoff__error_from_git(err);
	if (index) {
		n = git_index_entrycount(index);
		for (i = 0; !err && i < n; i++) {
			const git_index_entry *e = git_index_get_byindex(index, i);

			if (!GIT_INDEX_ENTRY_STAGE(e) && S_ISREG(e->mode) &&
			    handoff__stray_candidate(src->config, e->path) &&
			    !(e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD))
				err = strings_add(&out, handoff__strdup(e->path));
		}
	} else if (src->tree) {
		struct tree_walk w = { &out, src->config, 0 };

		git_tree_walk(src->tree, GIT_TREEWALK_PRE, stray_cb, &w);
		err = w.err;
	}
	if (index != src->index)
		git_index_free(index);
	if (err < 0) {
		handoff__free_strings(out.v, out.n);
		return err;
	}
	*paths = out.v;
	*count = out.n;
	return 0;
}

int handoff__source_schema_error(const struct source *src)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i;

	if (src->lock)
		pthread_mutex_lock(src->lock);

	for (i = 0; i < src->schema_diags.n; i++) {
		const handoff_diagnostic *d = &src->schema_diags.v[i];

		handoff__buf_printf(&b, "%s%s:%u:%u: error: %s%s%s", i ? "\n" : "",
			src->schema_path ? src->schema_path : "schema", d->line, d->column,
			d->pointer, *d->pointer ? ": " : "", d->message);
	}
	if (src->lock)
		pthread_mutex_unlock(src->lock);
	handoff__error_set(HANDOFF_ERROR_SCHEMA, "%s", b.ptr ? b.ptr : "a broken schema");
	handoff_buf_dispose(&b);
	return HANDOFF_ESCHEMA;
}

static int load_config(struct source *src)
{
	char *data = NULL;
	size_t len;
	const char *why;
	int err;

	if (!src->repo->git && !src->staged)
		return handoff__config_default(&src->config);
	err = handoff__source_read(src, CONFIG_PATH, &data, &len, &why);
	if (err == HANDOFF_ENOTFOUND)
		return handoff__config_default(&src->config);
	if (err == HANDOFF_EINVALID) {
		handoff__diag_add(&src->schema_diags, HANDOFF_SEVERITY_ERROR, 0, 0,
			"config", "", "%s", why);
		err = HANDOFF_ESCHEMA;
	} else if (err == 0) {
		err = handoff__config_parse(&src->config, data, len, &src->schema_diags);
	}
	if (err == HANDOFF_ESCHEMA) {
		src->schema_path = handoff__strdup(CONFIG_PATH);
		/* commands that stop here say why, not only validate */
		handoff__source_schema_error(src);
	}
	free(data);
	return err;
}

int handoff__source_open(struct source *src, handoff_repo *repo, handoff_source type,
	const char *rev)
{
	git_object *obj = NULL;
	int err = 0;

	memset(src, 0, sizeof(*src));
	src->repo = repo;
	src->type = type;
	src->read_git = read_git;
	src->release_git = release_git;
	if (type != HANDOFF_SOURCE_WORKTREE && !repo->git) {
		handoff__error_set(HANDOFF_ERROR_GIT, "not a git repository");
		return HANDOFF_ENOTFOUND;
	}
	if (type == HANDOFF_SOURCE_INDEX) {
		if ((err = git_repository_index(&src->index, repo->git)) < 0)
			return handoff__error_from_git(err);
	} else if (type == HANDOFF_SOURCE_REV || type == HANDOFF_SOURCE_RANGE) {
		/* first as git reads it: a commit libgit2 cannot parse is no end (commit.h) */
		if ((err = handoff__raw_commit_tree(&src->tree, repo->git, rev)) == HANDOFF_EINVALID)
			return HANDOFF_ENOTFOUND;	/* named by raw_commit_tree */
		if (err < 0 &&
		    ((err = git_revparse_single(&obj, repo->git, rev)) < 0 ||
		    (err = git_object_peel((git_object **)&src->tree, obj,
		    GIT_OBJECT_TREE)) < 0)) {
			git_object_free(obj);
			handoff__error_from_git(err);
			handoff__error_set(HANDOFF_ERROR_GIT,
				"unknown revision '%s'", rev);
			return HANDOFF_ENOTFOUND;
		}
		git_object_free(obj);
		if (!(src->cursor = calloc(1, sizeof(*src->cursor))))
			return handoff__error_oom();
		src->cursor->root = src->tree;
	}
	return load_config(src);
}

static int open_staged(struct source *src, struct staged *st)
{
	static handoff_repo none;	/* no libgit2 repository: git reads for us */

	memset(src, 0, sizeof(*src));
	src->repo = &none;
	src->type = HANDOFF_SOURCE_INDEX;
	src->staged = st;
	return load_config(src);
}

int handoff__source_open_staged(struct source *src, struct staged *st,
	int (*ahead)(void *))
{
	const struct staged_change *c;
	size_t i, n;
	int err = open_staged(src, st), listed;

	if (err == 0 && ahead && handoff__pool_processors() > 1)
		err = handoff__source_compile_builtins(src, ahead, st);
	/* when both fail, git diff's own message says more */
	if ((listed = handoff__staged_list(st)) < 0 || (err < 0 && err != HANDOFF_ESCHEMA)) {
		handoff__source_release(src);
		return listed < 0 ? listed : err;
	}
	c = handoff__staged_changes(st, &n);
	for (i = 0; i < n && strncmp(c[i].path, ".handoff/", 9); i++)
		;
	if (i == n)
		return err;
	handoff__source_release(src);
	return open_staged(src, st);
}

void handoff__source_release(struct source *src)
{
	size_t i;

	for (i = 0; i < src->nkinds; i++) {
		free(src->kinds[i].name);
		handoff__kind_free(src->kinds[i].kind);
	}
	free(src->kinds);
	if (src->release_git)
		src->release_git(src);
	handoff__config_free(src->config);
	handoff__diag_list_release(&src->schema_diags);
	free(src->schema_path);
	memset(src, 0, sizeof(*src));
}

static int compile_from(struct kind **out, struct source *src,
	const char *name, const char *path, const char *data, size_t len)
{
	struct diag_list diags = DIAG_LIST_INIT;
	int err = handoff__kind_compile(out, name, path, data, len, &diags);

	/* the roles it names are the config's: a kind alone cannot know them */
	if (err == 0 && src->config &&
	    (err = handoff__kind_check_roles(*out, src->config, &diags)) < 0) {
		handoff__kind_free(*out);
		*out = NULL;
	}
	if (err == HANDOFF_ESCHEMA) {
		free(src->schema_path);
		src->schema_path = handoff__strdup(path);
		if (!src->schema_path || handoff__diag_list_move(&src->schema_diags, &diags) < 0)
			err = HANDOFF_ERROR;
	}
	handoff__diag_list_release(&diags);
	return err;
}

static int read_builtin(char **data, size_t *len, char **path, const char *name)
{
	const char *why;
	int err;

	if (!(*path = handoff__asprintf("%s/%s.yaml", handoff_builtin_dir(), name)))
		return HANDOFF_ERROR;
	err = handoff__source_read_disk(*path, data, len, &why);
	if (err == HANDOFF_EINVALID) {
		handoff__error_set(HANDOFF_ERROR_OS, "'%s' is %s", *path, why);
		err = HANDOFF_ERROR;
	}
	return err;
}

/*
 * The kind `name`, compiled and kept in src->kinds. With `builtin_only`
 * a kind the source has its own file for is left alone (*out NULL, not
 * kept) for a later call to read.
 */
static int find_kind(struct kind **out, struct source *src, const char *name,
	int builtin_only)
{
	struct kind_entry *e;
	char *data = NULL, *path = NULL;
	size_t i, len;
	const char *why;
	int err, from_repo = 1;

	*out = NULL;
	for (i = 0; i < src->nkinds; i++) {
		if (!strcmp(src->kinds[i].name, name)) {
			*out = src->kinds[i].kind;
			return src->kinds[i].broken ? HANDOFF_ESCHEMA : 0;
		}
	}
	if (!handoff__kind_name_valid(name))
		return 0;
	err = HANDOFF_ENOTFOUND;
	if (src->repo->git || src->staged) {
		if (!(path = handoff__asprintf(".handoff/schemas/%s.yaml", name)))
			return HANDOFF_ERROR;
		err = read_source(src, path, &data, &len, &why);
		if (builtin_only && err != HANDOFF_ENOTFOUND) {
			free(data);
			free(path);
			return err < 0 && err != HANDOFF_EINVALID ? err : 0;
		}
	}
	if (err == HANDOFF_ENOTFOUND) {
		free(path);
		from_repo = 0;
		err = read_builtin(&data, &len, &path, name);
	}
	if (err == 0)
		err = compile_from(out, src, name, path, data, len);
	else if (err == HANDOFF_ENOTFOUND)
		err = 0;
	free(data);
	free(path);
	if (err < 0 && err != HANDOFF_ESCHEMA)
		return err;
	if (!(e = realloc(src->kinds, (src->nkinds + 1) * sizeof(*e)))) {
		handoff__kind_free(*out);
		*out = NULL;
		return handoff__error_oom();
	}
	src->kinds = e;
	if (!(e[src->nkinds].name = handoff__strdup(name))) {
		handoff__kind_free(*out);
		*out = NULL;
		return HANDOFF_ERROR;
	}
	e[src->nkinds].kind = *out;
	e[src->nkinds].from_repo = from_repo;
	e[src->nkinds].broken = err == HANDOFF_ESCHEMA;
	src->nkinds++;
	return err;
}

int handoff__source_kind(struct kind **out, struct source *src, const char *name)
{
	int err;

	if (!src->lock)
		return find_kind(out, src, name, 0);
	pthread_mutex_lock(src->lock);
	err = find_kind(out, src, name, 0);
	pthread_mutex_unlock(src->lock);
	return err;
}

int handoff__source_compile_builtins(struct source *src, int (*more)(void *), void *arg)
{
	struct kind *kind;
	char **names;
	size_t i, n;
	int err;

	if ((err = handoff_kinds_list(&names, &n, NULL)) < 0)
		return err;
	for (i = 0; i < n && more(arg); i++)
		if ((err = find_kind(&kind, src, names[i], 1)) < 0 &&
		    err != HANDOFF_ESCHEMA)
			break;
	handoff__free_strings(names, n);
	return err < 0 && err != HANDOFF_ESCHEMA ? err : 0;
}

int handoff__source_kind_of(const struct kind **out, struct source *src,
	const struct record *rec)
{
	const char *name = rec ? handoff__node_get_str(handoff__record_front(rec), "kind") : NULL;
	struct kind *kind = NULL;
	int err = name ? handoff__source_kind(&kind, src, name) : 0;

	*out = err < 0 ? NULL : kind;
	return err < 0 && err != HANDOFF_ESCHEMA ? err : 0;
}

/* This thread's own repository while a pool runs; see handoff__source_git(). */
static __thread git_repository *thread_git;

git_repository *handoff__source_git(const struct source *src)
{
	return thread_git ? thread_git : src->repo->git;
}

int handoff__source_git_enter(void **state, const struct source *src)
{
	git_repository *git = NULL;
	int err;

	*state = NULL;
	if ((err = git_repository_open(&git, git_repository_path(src->repo->git))) < 0)
		return handoff__error_from_git(err);
	thread_git = git;
	*state = git;
	return 0;
}

void handoff__source_git_leave(void *state)
{
	thread_git = NULL;
	git_repository_free(state);
}

/*
 * The kinds a repository knows, .handoff/schemas/ then the built-ins:
 * here, below kinds.c, because compiling the built-ins ahead
 * (source_compile_builtins) lists them too.
 */
static int add_names(char ***v, size_t *n, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int err = 0;

	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		size_t len = strlen(de->d_name), i;
		char *name, **grown;

		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
			continue;
		if (!(name = handoff__strndup(de->d_name, len - 5))) {
			err = HANDOFF_ERROR;
			break;
		}
		for (i = 0; i < *n && strcmp((*v)[i], name); i++)
			;
		if (i < *n || !handoff__kind_name_valid(name)) {
			free(name);
			continue;
		}
		if (!(grown = realloc(*v, (*n + 1) * sizeof(*grown)))) {
			free(name);
			err = handoff__error_oom();
			break;
		}
		*v = grown;
		(*v)[(*n)++] = name;
	}
	closedir(d);
	return err;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int handoff_kinds_list(char ***out, size_t *count, handoff_repo *repo)
{
	char *local = NULL;
	int err = 0;

	*out = NULL;
	*count = 0;
	if (repo && repo->workdir &&
	    (local = handoff__asprintf("%s.handoff/schemas", repo->workdir)))
		err = add_names(out, count, local);
	free(local);
	if (!err)
		err = add_names(out, count, handoff_builtin_dir());
	if (err) {
		handoff__free_strings(*out, *count);
		*out = NULL;
		*count = 0;
		return err;
	}
	if (*count > 1)
		qsort(*out, *count, sizeof(**out), by_name);
	return 0;
}

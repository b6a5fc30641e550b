/*
 * `score --worktree`, `review --worktree`: a record as it stands in the
 * work tree, judged as if it were committed now. Its bytes go into an
 * object database held in memory (libgit2's mempack) added in front of
 * the repository's, so the history's readers find it like any blob and
 * nothing is written to .git. Its version has no commit (a zero id) and
 * VERSION_WORKTREE set, so the reports can say "work tree, not committed".
 */
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <time.h>

#include "history.h"
#include "source.h"

/* The in-memory database the work tree's blobs go to, added once per repository. */
static int memory_odb(git_odb **out, git_repository *git)
{
	git_odb_backend *mem = NULL;
	int err;

	if ((err = git_repository_odb(out, git)) < 0)
		return handoff__error_from_git(err);
	if ((err = git_mempack_new(&mem)) < 0 ||
	    (err = git_odb_add_backend(*out, mem, 1000)) < 0) {
		if (mem)
			mem->free(mem);
		git_odb_free(*out);
		*out = NULL;
		return handoff__error_from_git(err);
	}
	return 0;
}

static struct record_history *record_at(struct history *h, const char *path)
{
	struct record_history *r = (struct record_history *)handoff__history_find(h, path), *v;

	if (r)
		return r;
	if (!(v = realloc(h->records, (h->n + 1) * sizeof(*v))))
		return NULL;
	h->records = v;
	r = &v[h->n];
	memset(r, 0, sizeof(*r));
	if (!(r->path = handoff__history_str(h, path)))
		return NULL;
	h->n++;
	return r;
}

static int by_path(const void *x, const void *y)
{
	return strcmp(((const struct record_history *)x)->path,
		((const struct record_history *)y)->path);
}

/* A version for the bytes `data` of `path` unless its last one holds them already. */
static int add_version(struct history *h, git_odb *odb, const git_signature *who,
	const char *path, const char *data, size_t len)
{
	struct record_history *r;
	struct version *v;
	git_oid blob;
	int err;

	if ((err = git_odb_write(&blob, odb, data, len, GIT_OBJECT_BLOB)) < 0)
		return handoff__error_from_git(err);
	if (!(r = record_at(h, path)))
		return handoff__error_oom();
	if (r->n && git_oid_equal(&r->v[r->n - 1].blob, &blob) &&
	    !(r->v[r->n - 1].flags & VERSION_DELETED))
		return 0;	/* as committed */
	if (!(v = realloc(r->v, (r->n + 1) * sizeof(*v))))
		return handoff__error_oom();
	r->v = v;
	v = &v[r->n];
	memset(v, 0, sizeof(*v));
	if (r->n) {
		git_oid_cpy(&v->parent_blob, &r->v[r->n - 1].blob);
		git_oid_cpy(&v->config, &r->v[r->n - 1].config);
	}
	git_oid_cpy(&v->blob, &blob);
	v->author_time = v->commit_time = (git_time_t)time(NULL);
	v->flags = VERSION_WORKTREE;
	if (!(v->author_name = handoff__history_str(h, who ? who->name : "work tree")) ||
	    !(v->author_email = handoff__history_str(h, who ? who->email : "")) ||
	    !(v->path = handoff__history_str(h, path)))
		return HANDOFF_ERROR;
	r->n++;
	r->alloc = r->n;
	return 0;
}

int handoff__history_add_worktree(struct history *h, const handoff_repo *repo,
	const char *const *paths, size_t npaths)
{
	git_signature *who = NULL;
	git_odb *odb = NULL;
	size_t i;
	int err;

	if (!repo->workdir)
		return handoff__error_set(HANDOFF_ERROR_GIT, "a bare repository has "
			"no work tree"), HANDOFF_ENOTFOUND;
	if ((err = memory_odb(&odb, repo->git)) < 0)
		return err;
	if (git_signature_default(&who, repo->git) < 0)
		git_error_clear();	/* no user.name: the version is the work tree's */
	for (i = 0; !err && i < npaths; i++) {
		char *file = handoff__asprintf("%s%s", repo->workdir, paths[i]),
			*data = NULL;
		const char *why;
		size_t len = 0;

		if (!file)
			err = HANDOFF_ERROR;
		else if ((err = handoff__source_read_disk(file, &data, &len, &why)) == HANDOFF_EINVALID)
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s: %s", paths[i], why);
		else if (err == HANDOFF_ENOTFOUND)
			handoff__error_set(HANDOFF_ERROR_GIT,
				"'%s' is not in the work tree",
				paths[i]);
		else if (err == 0)
			err = add_version(h, odb, who, paths[i], data, len);
		free(data);
		free(file);
	}
	qsort(h->records, h->n, sizeof(*h->records), by_path);
	git_signature_free(who);
	git_odb_free(odb);
	return err;
}

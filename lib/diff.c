/*
 * diff: the semantic changes of the records that differ between two
 * states: two revisions, a revision and the index, or a revision and the
 * work tree (git diff's three forms). Renamed records are compared with
 * their old selves.
 */
#include "changes.h"
#include "commit.h"
#include "record.h"
#include "semdiff.h"
#include "source.h"

static int tree_of(git_tree **out, git_repository *git, const char *rev)
{
	git_object *obj = NULL;
	int err;

	/* first as git reads it: a commit libgit2 cannot parse is no end (commit.h) */
	if ((err = handoff__raw_commit_tree(out, git, rev ? rev : "HEAD")) != -1)
		return err == HANDOFF_EINVALID ? HANDOFF_ENOTFOUND : err;
	err = git_revparse_single(&obj, git, rev ? rev : "HEAD");
	if (err < 0 && !rev && (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH))
		return 0;	/* no commit yet: compare with nothing */
	if (err == 0)
		err = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	git_object_free(obj);
	if (err < 0) {
		handoff__error_set(HANDOFF_ERROR_GIT, "unknown revision '%s'",
			rev ? rev : "HEAD");
		return HANDOFF_ENOTFOUND;
	}
	return 0;
}

static int load_side(struct record **out, handoff_repo *repo,
	const git_diff_file *f, int from_disk)
{
	char *data = NULL, *full = NULL;
	const char *why;
	size_t len;
	int err;

	*out = NULL;
	if (!(f->flags & GIT_DIFF_FLAG_EXISTS))
		return 0;
	if (from_disk) {
		if (!(full = handoff__asprintf("%s%s", repo->workdir, f->path)))
			return HANDOFF_ERROR;
		err = handoff__source_read_disk(full, &data, &len, &why);
		free(full);
	} else {
		err = handoff__repo_read_blob(repo->git, &f->id, f->mode, &data,
			&len, &why);
	}
	if (err == HANDOFF_EINVALID)
		err = 0;	/* a symlink or submodule: not a record, no changes */
	else if (err == 0)
		err = handoff__record_parse(out, f->path, data, len, NULL);
	free(data);
	return err;
}

static int diff_delta(handoff_changes *out, struct source *src,
	const git_diff_delta *d, int to_disk)
{
	struct record *a = NULL, *b = NULL;
	struct change_list cl = CHANGE_LIST_INIT;
	const struct kind *kind = NULL;
	handoff_change hc;
	int err;

	if ((err = load_side(&a, src->repo, &d->old_file, 0)) < 0 ||
	    (err = load_side(&b, src->repo, &d->new_file, to_disk)) < 0)
		goto done;
	if ((err = handoff__source_kind_of(&kind, src, b ? b : a)) < 0 ||
	    (err = handoff__semdiff(&cl, kind, a, b, 0)) < 0)
		goto done;
	memset(&hc, 0, sizeof(hc));
	hc.path = (char *)(b ? d->new_file.path : d->old_file.path);
	err = handoff__change_list_publish(out, &cl, &hc);
done:
	handoff__change_list_release(&cl);
	handoff__record_free(a);
	handoff__record_free(b);
	return err;
}

static int is_record(const struct source *src, const git_diff_delta *d)
{
	const char *p = d->status == GIT_DELTA_DELETED ? d->old_file.path :
		d->new_file.path;

	return handoff__config_is_record_path(src->config,
		p) && handoff__record_path_is_record(p);
}

int handoff_diff(handoff_changes **out, handoff_repo *repo,
	const handoff_diff_options *opts)
{
	static const handoff_diff_options defaults = HANDOFF_DIFF_OPTIONS_INIT;
	git_diff_options dopts;
	git_diff_find_options fopts;
	handoff_changes *list = NULL;
	git_tree *from = NULL, *to = NULL;
	git_index *index = NULL;
	git_diff *diff = NULL;
	struct source src;
	char **rel = NULL;
	size_t i, n;
	int err, to_disk;

	*out = NULL;
	opts = opts ? opts : &defaults;
	to_disk = !opts->to && !opts->cached;
	if ((err = handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0) {
		handoff__source_release(&src);
		return err;
	}
	if (!repo->git || (to_disk && !repo->workdir)) {
		handoff__error_set(HANDOFF_ERROR_GIT, "diff needs a git work tree");
		err = HANDOFF_ENOTFOUND;
		goto done;
	}
	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	dopts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	if (opts->npaths) {
		if (!(rel = calloc(opts->npaths, sizeof(*rel)))) {
			err = handoff__error_oom();
			goto done;
		}
		for (i = 0; i < opts->npaths; i++)
			if (!(rel[i] = handoff__repo_relative_path(repo, opts->paths[i]))) {
				handoff__error_set(HANDOFF_ERROR_GIT,
					"'%s' is outside the repository", opts->paths[i]);
				err = HANDOFF_ENOTFOUND;
				goto done;
			}
		dopts.pathspec.strings = rel;
		dopts.pathspec.count = opts->npaths;
	}
	if ((err = tree_of(&from, repo->git, opts->from)) < 0 ||
	    (opts->to && (err = tree_of(&to, repo->git, opts->to)) < 0))
		goto done;
	if (opts->to)
		err = git_diff_tree_to_tree(&diff, repo->git, from, to, &dopts);
	else if (opts->cached && (err = git_repository_index(&index, repo->git)) == 0)
		err = git_diff_tree_to_index(&diff, repo->git, from, index, &dopts);
	else if (!opts->cached)
		err = git_diff_tree_to_workdir_with_index(&diff, repo->git, from, &dopts);
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	fopts.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
	fopts.rename_threshold = 50;
	if (err == 0)
		err = git_diff_find_similar(diff, &fopts);
	if (err < 0) {
		err = handoff__error_from_git(err);
		goto done;
	}
	if ((err = handoff__changes_new(&list)) < 0)
		goto done;
	n = git_diff_num_deltas(diff);
	for (i = 0; !err && i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (is_record(&src, d))
			err = diff_delta(list, &src, d, to_disk);
	}
done:
	git_diff_free(diff);
	git_index_free(index);
	git_tree_free(from);
	git_tree_free(to);
	handoff__free_strings(rel, opts->npaths);
	handoff__source_release(&src);
	if (err < 0) {
		handoff_changes_free(list);
		return err;
	}
	*out = list;
	return 0;
}

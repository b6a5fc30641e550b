/*
 * Opening the repository through libgit2 (the sources of bytes read from
 * it are source.c's).
 *
 * Inside a hook git tells us what it is committing through GIT_INDEX_FILE
 * (.git/index.lock for `git commit -a`, a next-index lock for
 * `git commit <path>`). libgit2 1.5.1 honours it only when the repository
 * is opened with GIT_REPOSITORY_OPEN_FROM_ENV, which fails outright when
 * GIT_WORK_TREE or GIT_COMMON_DIR is set (RELIABILITY.md 4.2-4.5); then
 * the repository is opened from GIT_DIR by hand and the index file is
 * opened and set on it explicitly. Either way the index is only read:
 * git holds its lock.
 */
#include <sys/stat.h>
#include <unistd.h>

#include <git2/sys/repository.h>

#include "environment.h"
#include "git_alloc.h"
#include "record.h"
#include "repo.h"

#ifndef HANDOFF_DATADIR
#define HANDOFF_DATADIR "/usr/local/share/git-handoff"
#endif

static char *data_dir, *schema_dir;

void handoff_set_data_dir(const char *dir)
{
	free(data_dir);
	free(schema_dir);
	data_dir = dir ? handoff__strdup(dir) : NULL;
	schema_dir = dir ? handoff__asprintf("%s/schemas", dir) : NULL;
}

const char *handoff__data_dir(void)
{
	return data_dir ? data_dir : HANDOFF_DATADIR;
}

const char *handoff_builtin_dir(void)
{
	const char *env = handoff__env()->schema_dir;

	if (env)
		return env;
	return schema_dir ? schema_dir : HANDOFF_DATADIR "/schemas";
}

void handoff__free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static char *with_slash(const char *dir)
{
	size_t n = strlen(dir);

	return n && dir[n - 1] == '/' ? handoff__strdup(dir) :
		handoff__asprintf("%s/", dir);
}

static int absolute_path(char **out, const char *path)
{
	char cwd[4096];

	if (path[0] == '/') {
		*out = handoff__strdup(path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return handoff__error_os("get", "the current folder");
		*out = handoff__asprintf("%s/%s", cwd, path);
	}
	return *out ? 0 : HANDOFF_ERROR;
}

/*
 * libgit2 1.5.1 answers a repository owned by someone else with "config
 * value 'safe.directory' was not found" (GIT_ENOTFOUND) when no
 * safe.directory is set at all, and with GIT_EOWNER when none matches.
 * Either way say what git says: whose it is and how to trust it (by its
 * path: libgit2 1.5.1 does not know safe.directory=*). Never "not a git
 * repository", and never open it anyway.
 */
static int dubious_ownership(int err, const char *start)
{
	const git_error *e = git_error_last();
	git_buf found = GIT_BUF_INIT;
	char *dir = NULL;
	size_t n;

	if (err != GIT_EOWNER && !(err == GIT_ENOTFOUND && e && e->message &&
	    strstr(e->message, "safe.directory")))
		return 0;
	if (git_repository_discover(&found, start, 0, NULL) == 0 && found.size) {
		n = found.size;
		if (n >= 6 && !strcmp(found.ptr + n - 6, "/.git/"))
			n -= 6;		/* the work tree is what git names */
		else if (found.ptr[n - 1] == '/')
			n--;
		dir = handoff__strndup(found.ptr, n);
	}
	git_buf_dispose(&found);
	handoff__error_set(HANDOFF_ERROR_GIT,
		"cannot open repository '%s': dubious ownership, it is not owned by "
		"you; if you trust it, run: git config --global --add safe.directory %s",
		dir ? dir : start, dir ? dir : start);
	free(dir);
	return 1;
}

static int same_folder(const char *a, const char *b)
{
	struct stat sa, sb;

	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
		sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* GIT_WORK_TREE or GIT_COMMON_DIR set: what FROM_ENV cannot do, by hand. */
static int open_from_hook_by_hand(git_repository **out)
{
	const handoff_environment *env = handoff__env();
	const char *gitdir = env->git_dir, *worktree = env->git_work_tree;
	const char *indexfile = env->git_index_file;
	git_index *index = NULL;
	char *abs = NULL;
	int err;

	if ((err = git_repository_open_ext(out, gitdir ? gitdir : ".",
	    gitdir ? GIT_REPOSITORY_OPEN_NO_SEARCH : 0, NULL)) < 0)
		return dubious_ownership(err, gitdir ? gitdir : ".") ? HANDOFF_ERROR :
			handoff__error_from_git(err);
	/* the work tree it has already (git --git-dir=X/.git --work-tree=X)
	   is not set again: libgit2 1.5.1 would leak the one it replaces */
	if (worktree && !same_folder(git_repository_workdir(*out), worktree) &&
	    (err = git_repository_set_workdir(*out, worktree, 0)) < 0)
		goto fail;
	if (indexfile) {
		if ((err = absolute_path(&abs, indexfile)) < 0)
			goto done;
		if ((err = git_index_open(&index, abs)) < 0)
			goto fail;
		git_repository_set_index(*out, index);
	}
	goto done;
fail:
	err = handoff__error_from_git(err);
done:
	git_index_free(index);
	free(abs);
	if (err < 0) {
		git_repository_free(*out);
		*out = NULL;
	}
	return err;
}

static int open_git(git_repository **out, const char *path, unsigned int flags)
{
	const handoff_environment *env = handoff__env();
	const char *index = env->git_index_file;
	struct stat st;
	int err;

	/*
	 * What git exports (a hook's GIT_INDEX_FILE, `git --git-dir=X
	 * --work-tree=Y handoff`, a push's quarantine) is honoured as git
	 * would, by every command: `validate --staged` run from a hook (the
	 * pre-commit framework's) judges the index being committed too. With
	 * no such variable this is a plain search from here.
	 */
	if ((flags & HANDOFF_REPO_OPEN_FROM_HOOK) ||
	    (!path && (env->git_dir || env->git_work_tree || env->git_index_file ||
	    env->git_common_dir))) {
		/* libgit2 makes an empty index of a missing file: nothing staged */
		if (index && stat(index, &st) < 0) {
			handoff__error_os("read the index named by GIT_INDEX_FILE", index);
			return HANDOFF_ERROR;
		}
		if (env->git_work_tree || env->git_common_dir)
			err = open_from_hook_by_hand(out);
		else if ((err = git_repository_open_ext(out, NULL,
		    GIT_REPOSITORY_OPEN_FROM_ENV, NULL)) < 0 &&
		    !dubious_ownership(err, env->git_dir ? env->git_dir : "."))
			err = handoff__error_from_git(err);
		else if (err < 0)
			err = HANDOFF_ERROR;
		return err;
	}
	err = git_repository_open_ext(out, path ? path : ".", 0, NULL);
	if (err < 0)
		return dubious_ownership(err, path ? path : ".") ? HANDOFF_ERROR :
			handoff__error_from_git(err);
	return 0;
}

/*
 * extensions.worktreeConfig: libgit2 1.5.1 accepts the extension but never
 * reads config.worktree, where git keeps a worktree's own settings
 * (core.hooksPath, core.commentChar). It is added by hand, above the
 * repository's config, as git ranks it.
 */
static int add_worktree_config(git_repository *git)
{
	git_config *cfg = NULL;
	struct stat st;
	char *path = NULL;
	int on = 0, err = 0;

	if (git_repository_config(&cfg, git) < 0)
		return 0;	/* no config to add to: nothing to read either */
	if (git_config_get_bool(&on, cfg, "extensions.worktreeconfig") == 0 && on &&
	    (path = handoff__asprintf("%sconfig.worktree", git_repository_path(git))) &&
	    stat(path, &st) == 0 &&
	    (err = git_config_add_file_ondisk(cfg, path, GIT_CONFIG_LEVEL_APP, git, 0)) < 0)
		err = handoff__error_from_git(err);
	free(path);
	git_config_free(cfg);
	return err;
}

/* libgit2's settings, for the whole process; before any object is read. */
void handoff__repo_git_options(void)
{
	/*
	 * libgit2 hashes every object it reads to check its id (for the
	 * history walk, 42 GB of SHA-1 over 100,000 commits). git checks ids
	 * where objects come in (index-pack, fsck), not on every read; so do
	 * we, and threads reading history never race to switch it.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * Memory follows the records, not the commits: a pack is mapped in
	 * windows of 1 MiB, at most 64 MiB at once (libgit2 maps a whole
	 * pack of up to 1 GiB in one window and keeps every page it touched:
	 * 173 MB of the 100,000-commit history), and parsed objects are
	 * cached up to 8 MiB. A history pass reads each commit and tree
	 * once; a bigger cache buys nothing (32 MiB made the walk slower, by
	 * its evictions). Small windows: two threads reading versions all
	 * over that pack unmapped and faulted 16 MiB windows in again and
	 * again (a cold score took 75 s, 44 s of it in the kernel; with
	 * 1 MiB windows 38-44 s, 20 s).
	 */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)1 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)64 << 20);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)8 << 20);
	handoff__git_alloc_install();
}

int handoff_repo_open(handoff_repo **out, const char *path, unsigned int flags)
{
	handoff_repo *repo;
	const char *wd;
	char cwd[4096];
	int err;

	*out = NULL;
	if (!(repo = calloc(1, sizeof(*repo))))
		return handoff__error_oom();
	/* reference counted by libgit2; handoff_repo_free shuts it down */
	git_libgit2_init();
	handoff__repo_git_options();
	err = open_git(&repo->git, path, flags);
	if (err == HANDOFF_ENOTFOUND && (flags & HANDOFF_REPO_OPEN_OPTIONAL)) {
		err = 0;
	} else if (err < 0) {
		if (err == HANDOFF_ENOTFOUND && handoff__env()->git_dir)
			handoff__error_set(HANDOFF_ERROR_GIT,
				"not a git repository: GIT_DIR is '%s'",
					handoff__env()->git_dir);
		else if (err == HANDOFF_ENOTFOUND)
			handoff__error_set(HANDOFF_ERROR_GIT,
				"not a git repository (or any of the parent folders)");
		goto done;
	}
	if (repo->git && (err = add_worktree_config(repo->git)) < 0)
		goto done;
	if (repo->git && (wd = git_repository_workdir(repo->git))) {
		size_t n;

		if (!(repo->workdir = with_slash(wd))) {
			err = HANDOFF_ERROR;
			goto done;
		}
		/* the current folder's place in the work tree, for paths */
		n = strlen(repo->workdir);
		if (getcwd(cwd, sizeof(cwd)) && !strncmp(cwd, repo->workdir, n - 1) &&
		    (cwd[n - 1] == '/' || cwd[n - 1] == '\0'))
			repo->prefix = cwd[n - 1] ? handoff__asprintf("%s/", cwd + n) :
				handoff__strdup("");
	}
done:
	if (err < 0) {
		handoff_repo_free(repo);
		return err;
	}
	*out = repo;
	return 0;
}

void handoff_repo_free(handoff_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo->prefix);
	free(repo);
	git_libgit2_shutdown();
}

const char *handoff_repo_workdir(const handoff_repo *repo)
{
	return repo ? repo->workdir : NULL;
}

/* Resolve ".", ".." and empty segments of a relative path in place. */
static int normalise(char *path)
{
	char *out = path, *seg = path;

	while (*seg) {
		char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);

		if (n == 0 || (n == 1 && seg[0] == '.')) {
			/* skip */
		} else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (out == path)
				return -1;	/* above the top */
			out--;
			while (out > path && out[-1] != '/')
				out--;
		} else {
			memmove(out, seg, n);
			out += n;
			if (end)
				*out++ = '/';
		}
		seg = end ? end + 1 : seg + n;
	}
	if (out > path && out[-1] == '/' && !(seg > path && seg[-1] == '/'))
		out--;
	*out = '\0';
	return 0;
}

char *handoff__repo_relative_path(const handoff_repo *repo, const char *path)
{
	char *joined;

	/* a bare repository's paths are from its root, as in `rev:path` */
	if (!repo->workdir && path[0] == '/')
		return NULL;
	if (!repo->workdir) {
		joined = handoff__strdup(path);
	} else if (path[0] == '/') {
		size_t n = strlen(repo->workdir);

		if (strncmp(path, repo->workdir, n))
			return NULL;
		joined = handoff__strdup(path + n);
	} else {
		joined = handoff__asprintf("%s%s", repo->prefix ? repo->prefix : "", path);
	}
	if (joined && normalise(joined) < 0) {
		free(joined);
		return NULL;
	}
	return joined;
}

/*
 * `init`: make a git repository a handoff repository. Writes the commented
 * config and the record folders, and installs the pre-commit hook. It
 * never overwrites what it did not write: a hook that was already there
 * is kept, renamed pre-commit.local, and our hook runs it first.
 *
 * In a server's bare repository it installs pre-receive, which guards
 * pushes, and post-receive, which writes the server's receipts, and
 * points HEAD at the default branch; in a clone it makes `git fetch`
 * bring those receipts along.
 */
#include "identity.h"
#include <errno.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "environment.h"
#include "source.h"
#include "trust.h"

#define HOOK_MARK "git handoff hook"

static const char config_text[] =
	"# git-handoff configuration. Records are the .md, .yaml and .yml files\n"
	"# under these folders; each one's `kind` field picks its schema.\n"
	"records: [handoffs/, transitions/, support/]\n"
	"\n"
	"# Date-only values are read in this zone; business days count `5bd`.\n"
	"timezone: UTC\n"
	"business_days: [mon, tue, wed, thu, fri]\n"
	"\n"
	"# A typed date this much earlier than the commit that first recorded\n"
	"# it is reported as backdated.\n"
	"backdate_tolerance: 24h\n"
	"\n"
	"# The roles people may have. Without this list: sales, sales_manager,\n"
	"# cs, cs_manager, ops, auditor, support_lead, account_manager. Each\n"
	"# kind names the roles that decide it (x-handoff deciders); ops\n"
	"# changes these rules.\n"
	"# roles: [sales, sales_manager, cs, cs_manager, ops, auditor, support_lead, account_manager]\n"
	"\n"
	"# People by email, with their roles. Roles decide who may accept a\n"
	"# handoff, approve a pre-close one, and change it after acceptance.\n"
	"people:\n"
	"  # jane@vendor.example: {name: Jane Doe, roles: [sales], team: east}\n"
	"  # sam@vendor.example: {name: Sam Lee, roles: [cs], team: east}\n"
	"  # kim@vendor.example: {name: Kim Park, roles: [cs_manager]}\n"
	"\n"
	"# Overrides of the kinds' SLA rules, by rule name.\n"
	"# sla:\n"
	"#   customer_introduction: 72h\n"
	"\n"
	"# The link export writes for a record ({commit}, {path}, {id}, {branch}).\n"
	"# record_url: https://git.example/handoffs/blob/{commit}/{path}\n";

/*
 * The default branch as a full ref name: `--default-branch`, else the
 * branch HEAD names (NULL, with no error set, when it names none).
 */
static char *default_ref(handoff_repo *repo, const handoff_init_options *opts)
{
	char *ref;
	int ok;

	if (!opts->default_branch)
		return handoff__head_target(repo->git);
	if (!(ref = !strncmp(opts->default_branch, "refs/heads/", 11) ?
	    handoff__strdup(opts->default_branch) :
	    handoff__asprintf("refs/heads/%s", opts->default_branch)))
		return NULL;
	if (git_reference_name_is_valid(&ok, ref) < 0 || !ok) {
		handoff__error_set(HANDOFF_ERROR_INVALID,
			"'%s' is not a branch name", opts->default_branch);
		free(ref);
		return NULL;
	}
	return ref;
}

/*
 * A server's HEAD names its default branch, whose rules judge a push that
 * creates a branch: `--default-branch`, else the one the branches'
 * configs name when HEAD's does not exist. When none does, a warning:
 * every new branch is refused until then.
 */
static int point_head(handoff_repo *repo, const handoff_init_options *opts,
	handoff_init_cb cb, void *payload)
{
	char *head = handoff__head_target(repo->git), *want = NULL;
	git_object *tip = NULL;
	int err = 0;

	if (opts->default_branch && !(want = default_ref(repo, opts)))
		err = HANDOFF_EINVALID;
	else if (!opts->default_branch)
		err = handoff__default_branch(&want, repo->git);
	if (!err && want && (!head || strcmp(head, want))) {
		if ((err = git_repository_set_head(repo->git, want)) < 0)
			err = handoff__error_from_git(err);
		else
			cb("pointed HEAD at", want, payload);
	} else if (!err && !want && head && !handoff__repo_is_empty(repo->git) &&
	    git_revparse_single(&tip, repo->git, head) < 0) {
		cb("warning: pushes that create a branch are refused until HEAD names "
			"one that exists (git handoff init --default-branch <branch>); "
			"HEAD names", head, payload);
	}
	git_object_free(tip);
	free(head);
	free(want);
	return err;
}

/*
 * The config as init writes it: the template, with the one who sets up in
 * people when git knows their email (else the commented examples only,
 * and the callback says how to add people), and the default branch.
 */
static int config_with_user(handoff_buf *out, handoff_repo *repo,
	const handoff_init_options *opts, handoff_init_cb cb, void *payload)
{
	static const char *const ops[] = { "ops" };
	handoff_person_spec me = HANDOFF_PERSON_SPEC_INIT;
	handoff_buf text = HANDOFF_BUF_INIT;
	git_config *cfg = NULL;
	git_buf name = GIT_BUF_INIT, email = GIT_BUF_INIT;
	char *ref = default_ref(repo, opts);
	int err = 0;

	if (!ref && opts->default_branch)
		return HANDOFF_EINVALID;
	err = handoff__buf_printf(&text, "%s\n"
		"# A push that creates a branch is judged by the roles and rules of\n"
		"# this branch, never by the config it brings.\n"
		"default_branch: %s\n", config_text,
		ref && !strncmp(ref, "refs/heads/", 11) ? ref + 11 : ref ? ref : "main");
	free(ref);
	if (err < 0)
		return err;
	if (git_repository_config_snapshot(&cfg, repo->git) == 0 &&
	    git_config_get_string_buf(&email, cfg, "user.email") == 0 && email.size) {
		if (git_config_get_string_buf(&name, cfg, "user.name") == 0 && name.size)
			me.name = name.ptr;
		me.email = email.ptr;
		me.roles = opts->nroles ? opts->roles : ops;
		me.nroles = opts->nroles ? opts->nroles : 1;
		if ((err = handoff__people_add_text(out, text.ptr, text.size,
		    &me)) == 0)
			cb("added you to people:", me.email, payload);
	} else {
		cb("git has no user.email: add people with",
			"git handoff people add <email> --role <role>", payload);
		err = handoff__buf_puts(out, text.ptr);
	}
	handoff_buf_dispose(&text);
	git_buf_dispose(&name);
	git_buf_dispose(&email);
	git_config_free(cfg);
	return err;
}

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static int read_small(const char *path, char **out)
{
	size_t len;
	const char *why;

	return handoff__source_read_disk(path, out, &len, &why);
}

/*
 * core.hooksPath as git reads a path-valued setting: `~/` is $HOME and
 * `~user/` that user's home folder. Without this the hook would go to a
 * folder literally named `~` that git never runs hooks from. NULL, with
 * the error set, when the home folder is not known (git refuses too).
 */
static char *expand_home(const char *path)
{
	const char *rest, *home = NULL;
	struct passwd *pw;
	char *user;

	if (path[0] != '~')
		return handoff__strdup(path);
	rest = path + 1 + strcspn(path + 1, "/");
	if (rest == path + 1) {
		home = handoff__env()->home;
	} else if ((user = handoff__asprintf("%.*s", (int)(rest - path - 1), path + 1))) {
		if ((pw = getpwnam(user)))
			home = pw->pw_dir;
		free(user);
	}
	if (!home || !*home) {
		handoff__error_set(HANDOFF_ERROR_OS,
			"cannot find the home folder of core.hooksPath '%s'", path);
		return NULL;
	}
	return handoff__asprintf("%s%s", home, rest);
}

static char *hooks_folder(handoff_repo *repo)
{
	git_config *cfg = NULL;
	git_buf val = { NULL, 0, 0 };
	char *dir = NULL, *path;

	if (git_repository_config_snapshot(&cfg, repo->git) == 0 &&
	    git_config_get_string_buf(&val, cfg, "core.hooksPath") == 0 && val.size) {
		if ((path = expand_home(val.ptr)))
			dir = path[0] == '/' ? handoff__strdup(path) :
				handoff__asprintf("%s%s", repo->workdir, path);
		free(path);
	} else {
		dir = handoff__asprintf("%shooks", git_repository_commondir(repo->git));
	}
	git_buf_dispose(&val);
	git_config_free(cfg);
	return dir;
}

static int install_hook(handoff_repo *repo, const handoff_init_options *opts,
	const char *name, handoff_init_cb cb, void *payload)
{
	char *dir = hooks_folder(repo), *hook = NULL, *local = NULL;
	char *ours = NULL, *theirs = NULL, *src = NULL;
	int err, updated = 0;

	if (!dir || !(hook = handoff__asprintf("%s/%s", dir, name)) ||
	    !(local = handoff__asprintf("%s/%s.local", dir, name)) ||
	    !(src = handoff__asprintf("%s/hooks/%s", handoff__data_dir(), name))) {
		err = HANDOFF_ERROR;
		goto done;
	}
	if ((err = read_small(src, &ours)) < 0) {
		handoff__error_set(HANDOFF_ERROR_OS,
			"cannot read the hook script '%s'", src);
		goto done;
	}
	if (exists(hook)) {
		if ((err = read_small(hook, &theirs)) == 0 && strstr(theirs, HOOK_MARK)) {
			/* ours: as it is, or of an earlier version, brought up to date */
			if (!strcmp(theirs, ours)) {
				cb("hook already installed", hook, payload);
				goto done;
			}
			updated = 1;
		}
		err = 0;
		if (!updated && !opts->force) {
			if (exists(local)) {
				handoff__error_set(HANDOFF_ERROR_OS,
					"'%s' and '%s' both exist; move one away or use --force",
					hook, local);
				err = HANDOFF_EEXISTS;
				goto done;
			}
			if (rename(hook, local) < 0) {
				err = handoff__error_os("rename", hook);
				goto done;
			}
			cb("kept the existing hook, chained as", local, payload);
		}
	}
	if ((err = handoff_write_file(hook, ours, strlen(ours), 0)) == 0 &&
	    chmod(hook, 0755) < 0)
		err = handoff__error_os("make executable", hook);
	if (!err)
		cb(updated ? "updated hook" : "installed hook", hook, payload);
done:
	free(dir);
	free(hook);
	free(local);
	free(ours);
	free(theirs);
	free(src);
	return err;
}

/* A clone of a server: `git fetch` brings the server's receipts too. */
static int fetch_receipts(handoff_repo *repo, handoff_init_cb cb, void *payload)
{
	static const char spec[] = "+" HANDOFF_RECEIPTS_REF ":" HANDOFF_RECEIPTS_REF;
	git_strarray have = { NULL, 0 };
	git_remote *remote = NULL;
	size_t i;
	int err = git_remote_lookup(&remote, repo->git, "origin");

	if (err == GIT_ENOTFOUND || err == GIT_EINVALIDSPEC) {
		git_error_clear();
		return 0;	/* not a clone */
	}
	if (err < 0 || (err = git_remote_get_fetch_refspecs(&have, remote)) < 0) {
		git_remote_free(remote);
		return handoff__error_from_git(err);
	}
	for (i = 0; i < have.count && strcmp(have.strings[i], spec); i++)
		;
	if (i < have.count)
		cb("receipts already fetched from", "origin", payload);
	else if ((err = git_remote_add_fetch(repo->git, "origin", spec)) < 0)
		err = handoff__error_from_git(err);
	else
		cb("fetches the server's receipts (" HANDOFF_RECEIPTS_REF ") from", "origin", payload);
	git_strarray_dispose(&have);
	git_remote_free(remote);
	return err < 0 ? err : 0;
}

int handoff_init(handoff_repo *repo, const handoff_init_options *opts,
	handoff_init_cb cb, void *payload)
{
	static const handoff_init_options defaults = HANDOFF_INIT_OPTIONS_INIT;
	static const char *const folders[] = { "handoffs", "transitions", "support" };
	handoff_buf text = HANDOFF_BUF_INIT;
	char *path;
	size_t i;
	int err;

	opts = opts ? opts : &defaults;
	if (!repo->git) {
		handoff__error_set(HANDOFF_ERROR_GIT,
			"init needs a git repository; run 'git init' first");
		return HANDOFF_ENOTFOUND;
	}
	/* a server's bare repository gets the hooks that guard and receipt pushes */
	if (repo->workdir && opts->require_identity)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "--require-identity is "
			"for a server's bare repository; here, write 'identity: required' "
			"in %s", CONFIG_PATH), HANDOFF_EINVALID;
	if (!repo->workdir && opts->require_identity &&
	    (err = handoff__identity_require(repo->git)) == 0)
		cb("set", "handoff.identity = required", payload);
	else if (!repo->workdir && opts->require_identity)
		return err;
	if (!repo->workdir)
		return (err = install_hook(repo, opts, "pre-receive", cb, payload)) < 0 ||
			(err = install_hook(repo, opts, "post-receive", cb, payload)) < 0 ?
			err : point_head(repo, opts, cb, payload);
	if (!(path = handoff__asprintf("%s%s", repo->workdir, CONFIG_PATH)))
		return HANDOFF_ERROR;
	if (exists(path))
		err = HANDOFF_EEXISTS;
	else if ((err = config_with_user(&text, repo, opts, cb, payload)) == 0)
		err = handoff_write_file(path, text.ptr, text.size, 1);
	handoff_buf_dispose(&text);
	if (err == HANDOFF_EEXISTS) {
		cb("kept the existing config", CONFIG_PATH, payload);
		err = 0;
	} else if (err == 0) {
		cb("wrote", CONFIG_PATH, payload);
	}
	free(path);
	for (i = 0; !err && i < ARRAY_SIZE(folders); i++) {
		if (!(path = handoff__asprintf("%s%s", repo->workdir, folders[i])))
			return HANDOFF_ERROR;
		if (mkdir(path, 0777) == 0)
			cb("created folder", folders[i], payload);
		else if (errno != EEXIST)
			err = handoff__error_os("create folder", path);
		free(path);
	}
	if (!err)
		err = install_hook(repo, opts, "pre-commit", cb, payload);
	if (!err)
		err = install_hook(repo, opts, "commit-msg", cb, payload);
	return err ? err : fetch_receipts(repo, cb, payload);
}

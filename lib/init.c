/*
 * `init`: make a git repository a handoff repository. Writes the commented
 * config and the record folders, and installs the pre-commit hook. It
 * never overwrites what it did not write: a hook that was already there
 * is kept, renamed pre-commit.local, and our hook runs it first.
 */
#include <errno.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "environment.h"
#include "repo.h"

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
 * The config as init writes it: the template, with the one who sets up in
 * people when git knows their email (else the commented examples only,
 * and the callback says how to add people).
 */
static int config_with_user(handoff_buf *out, handoff_repo *repo,
	const handoff_init_options *opts, handoff_init_cb cb, void *payload)
{
	static const char *const ops[] = { "ops" };
	handoff_person_spec me = HANDOFF_PERSON_SPEC_INIT;
	git_config *cfg = NULL;
	git_buf name = GIT_BUF_INIT, email = GIT_BUF_INIT;
	int err = 0;

	if (git_repository_config_snapshot(&cfg, repo->git) == 0 &&
	    git_config_get_string_buf(&email, cfg, "user.email") == 0 && email.size) {
		if (git_config_get_string_buf(&name, cfg, "user.name") == 0 && name.size)
			me.name = name.ptr;
		me.email = email.ptr;
		me.roles = opts->nroles ? opts->roles : ops;
		me.nroles = opts->nroles ? opts->nroles : 1;
		if ((err = handoff__people_add_text(out, config_text, strlen(config_text),
		    &me)) == 0)
			cb("added you to people:", me.email, payload);
	} else {
		cb("git has no user.email: add people with",
			"git handoff people add <email> --role <role>", payload);
		err = handoff__buf_puts(out, config_text);
	}
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

	return source_read_disk(path, out, &len, &why);
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
	int err;

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
			cb("hook already installed", hook, payload);
			goto done;
		}
		err = 0;
		if (!opts->force) {
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
		cb("installed hook", hook, payload);
done:
	free(dir);
	free(hook);
	free(local);
	free(ours);
	free(theirs);
	free(src);
	return err;
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
	/* a server's bare repository gets the hook that guards pushes */
	if (!repo->workdir)
		return install_hook(repo, opts, "pre-receive", cb, payload);
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
	return err ? err : install_hook(repo, opts, "commit-msg", cb, payload);
}

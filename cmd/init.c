/*
 * init: make the current git repository a handoff repository: the
 * commented .handoff/config.yaml, the record folders and the pre-commit
 * hook. Sets nothing global; a hook already there is kept and chained.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int given_force, given_require_identity;
static const char *given_default_branch;

static const struct cli_opt opts[] = {
	CLI_FLAG("force", 0, "replace an existing pre-commit hook instead of chaining it", &given_force),
	CLI_OPT("role", 0, "<role>", "your role in the new config's people (once per role; default ops)"),
	CLI_FLAG("require-identity", 0,
		"in a bare repository: refuse pushes whose pusher the server does not name",
		&given_require_identity),
	CLI_VALUE("default-branch", 0, "<branch>",
		"the branch whose rules judge new branches (default: the one HEAD names); "
		"in a server's bare repository, HEAD is pointed at it", &given_default_branch),
	CLI_OPT_END
};

static void say(const char *what, const char *path, void *payload)
{
	(void)payload;
	fprintf(strncmp(what, "warning:", 8) ? stdout : stderr, "%s %s\n", what, path);
}

static int run(int argc, char **argv)
{
	handoff_init_options io = HANDOFF_INIT_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_repo *repo = NULL;
	const char **roles;
	int opt, err;

	if (!(roles = calloc((size_t)argc, sizeof(*roles))))
		return EXIT_TROUBLE;
	io.roles = roles;
	given_force = given_require_identity = 0;
	given_default_branch = NULL;
	while ((opt = cli_next(&a, opts, "init")) != CLI_END) {
		if (opt == CLI_ERROR || opt == CLI_POSITIONAL) {
			free(roles);
			return opt == CLI_ERROR ? EXIT_USAGE :
				cli_usage_error("init", "unexpected argument '%s'", a.value);
		}
		if (CLI_IS(opts, opt, "role"))
			roles[io.nroles++] = a.value;
	}
	io.force = given_force;
	io.require_identity = given_require_identity;
	io.default_branch = given_default_branch;
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0) {
		free(roles);
		return cli_error_lib(NULL, err);
	}
	err = handoff_init(repo, &io, say, NULL);
	handoff_repo_free(repo);
	free(roles);
	if (err < 0) {
		cli_error_lib("init", err);
		return EXIT_TROUBLE;
	}
	return 0;
}

const struct cli_command init_command = {
	"init", run, "set up a handoff repository here (config, folders, hooks)",
	"init [--force] [--role <role>...] [--require-identity] [--default-branch <branch>]", opts
};

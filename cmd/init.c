/*
 * init: make the current git repository a handoff repository: the
 * commented .handoff/config.yaml, the record folders and the pre-commit
 * hook. Sets nothing global; a hook already there is kept and chained.
 */
#include "cmd.h"

static const struct cli_opt opts[] = {
	{ "force", 0, NULL, "replace an existing pre-commit hook instead of chaining it" },
	{ NULL, 0, NULL, NULL }
};

static void say(const char *what, const char *path, void *payload)
{
	(void)payload;
	printf("%s %s\n", what, path);
}

static int run(int argc, char **argv)
{
	handoff_init_options io = HANDOFF_INIT_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_repo *repo = NULL;
	int opt, err;

	while ((opt = cli_next(&a, opts, "init")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL)
			return cli_usage_error("init", "unexpected argument '%s'", a.value);
		io.force = 1;
	}
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0)
		return cli_error_lib(NULL, err);
	err = handoff_init(repo, &io, say, NULL);
	handoff_repo_free(repo);
	return err < 0 ? cli_error_lib("init", err) : 0;
}

const struct cli_command init_command = {
	"init", run, "set up a handoff repository here (config, folders, hooks)",
	"init [--force]", opts
};

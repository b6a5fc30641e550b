/*
 * render: a record as one readable Markdown document, front matter and
 * body together (handoff_render).
 */
#include "cmd.h"

static struct {
	const char *rev, *file;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("rev", 0, "<rev>", "the record as committed at <rev>, not the work tree's", &given.rev),
	CLI_VALUE("output", 'o', "<file>", "write to <file> instead of standard output", &given.file),
	CLI_OPT_END
};

static int run(int argc, char **argv)
{
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_repo *repo = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	const char *path = NULL;
	int opt, err, status;

	memset(&given, 0, sizeof(given));
	while ((opt = cli_next(&a, opts, "render")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL && path)
			return cli_usage_error("render", "one record at a time");
		if (opt == CLI_POSITIONAL)
			path = a.value;
	}
	if (!path)
		return cli_usage_error("render", "which record?");
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0 ||
	    (err = handoff_render(&out, repo, path, given.rev)) < 0)
		status = cli_error_lib("render", err);
	else
		status = cli_emit(&out, given.file);
	handoff_buf_dispose(&out);
	handoff_repo_free(repo);
	return status;
}

const struct cli_command render_command = {
	"render", run, "a record as one readable document, front matter and body together",
	"render <record> [--rev <rev>] [-o <file>]",
	opts
};

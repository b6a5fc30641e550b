/*
 * review: the packet a CS reviewer reads on a handoff's pull request,
 * as text, or as Markdown to post as the pull request's comment.
 */
#include <string.h>

#include "cmd.h"

static struct {
	const char *base, *format, *file;
	int worktree;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("base", 0, "<rev>", "show what changed since <rev> (the pull request's base)",
		&given.base),
	CLI_VALUE("format", 0, "<fmt>", "text (default), markdown or json", &given.format),
	CLI_VALUE("output", 'o', "<file>", "write to <file> instead of standard output", &given.file),
	CLI_FLAG("worktree", 0, "review the record as it stands in the work tree, not committed",
		&given.worktree),
	CLI_OPT_END
};

static int run(int argc, char **argv)
{
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_repo *repo = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	const char *path = NULL, *base = NULL, *file = NULL;
	int opt, err, status, format = HANDOFF_FORMAT_TEXT;

	memset(&given, 0, sizeof(given));
	while ((opt = cli_next(&a, opts, "review")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL && path)
			return cli_usage_error("review", "one record at a time");
		if (opt == CLI_POSITIONAL)
			path = a.value;
	}
	base = given.base;
	file = given.file;
	if (given.format && !strcmp(given.format, "markdown"))
		format = HANDOFF_FORMAT_MARKDOWN;
	else if (given.format && (format = cli_format(given.format, "review", 0)) < 0)
		return EXIT_USAGE;
	if (!path)
		return cli_usage_error("review", "which record?");
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0 ||
	    (err = (given.worktree ? handoff_review_worktree_format :
	    handoff_review_format)(&out, repo, path, base, (handoff_format)format)) < 0)
		status = cli_error_lib("review", err);
	else
		status = cli_emit(&out, file);
	handoff_buf_dispose(&out);
	handoff_repo_free(repo);
	return status;
}

const struct cli_command review_command = {
	"review", run, "the review packet of a handoff, for its pull request",
	"review <record> [--base <rev>] [--worktree] [--format text|markdown|json] [-o <file>]",
	opts
};

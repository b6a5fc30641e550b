/*
 * score: each record's handoff quality score and band, from its kind's
 * rules and its history; --explain shows every criterion and why. A
 * record in flight (not decided, something not yet due) is provisional:
 * its points so far, those still possible and the best band it can reach.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static struct {
	struct cli_history h;
	const char *format;
	int explain;
} given;

static const struct cli_opt opts[] = {
	CLI_HISTORY_OPTS(given.h),
	CLI_FLAG("explain", 0, "every criterion: points earned, maximum and why", &given.explain),
	CLI_VALUE("format", 0, "<fmt>", "text (default) or json", &given.format),
	CLI_FLAG("worktree", 0, "score the records as they stand in the work tree, as if committed now",
		&given.h.assess.worktree),
	CLI_OPT_END
};

static int run(int argc, char **argv)
{
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	const char **paths = NULL;
	int format = HANDOFF_FORMAT_TEXT, opt, err;

	memset(&given, 0, sizeof(given));
	cli_history_init(&given.h);
	if (!(paths = calloc((size_t)argc, sizeof(*paths))))
		return EXIT_TROUBLE;
	while ((opt = cli_next(&a, opts, "score")) != CLI_END) {
		if (opt == CLI_ERROR) {
			free(paths);
			return EXIT_USAGE;
		}
		if (opt == CLI_POSITIONAL)
			paths[given.h.assess.npaths++] = a.value;
	}
	given.h.assess.paths = given.h.assess.npaths ? paths : NULL;
	if (given.h.assess.worktree && given.h.assess.rev)
		err = cli_usage_error("score", "--worktree scores the work tree: not with --rev");
	else if (given.format && (format = cli_format(given.format, "score", 0)) < 0)
		err = EXIT_USAGE;
	else
		err = cli_history_assess(&as, NULL, &given.h, "score");
	if (!err) {
		if (handoff_score_format(&out, as, (handoff_format)format, given.explain,
		    cli_color(stdout)) < 0)
			err = cli_error_lib(NULL, HANDOFF_ERROR);
		else
			err = cli_emit(&out, NULL);
	}
	handoff_buf_dispose(&out);
	handoff_assessments_free(as);
	free(paths);
	return err;
}

const struct cli_command score_command = {
	"score", run, "each record's quality score (0-100) and band",
	"score [<record>...] [--rev <rev> | --worktree] [--as-of <time>] [--explain] [--format <fmt>]",
	opts
};

/*
 * score: each record's handoff quality score and band, from its kind's
 * rules and its history; --explain shows every criterion and why. A
 * record in flight (not decided, something not yet due) is provisional:
 * its points so far, those still possible and the best band it can reach.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const struct cli_opt opts[] = {
	{ "rev", 0, "<rev>", "score the history up to <rev>, by the rules there" },
	{ "explain", 0, NULL, "every criterion: points earned, maximum and why" },
	{ "first-parent", 0, NULL, "time a change by when it reached the main line" },
	{ "author-time", 0, NULL, "use author times, not committer times" },
	{ "format", 0, "<fmt>", "text (default) or json" },
	{ "as-of", 0, "<time>", "judge deadlines at <time> (YYYY-MM-DD or a date-time); default now" },
	{ "worktree", 0, NULL, "score the records as they stand in the work tree, as if committed now" },
	{ NULL, 0, NULL, NULL }
};

static int run(int argc, char **argv)
{
	handoff_assess_options o = HANDOFF_ASSESS_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	const char **paths = NULL, *as_of = NULL;
	long long when;
	int format = HANDOFF_FORMAT_TEXT, explain = 0, opt, err;

	if (!(paths = calloc((size_t)argc, sizeof(*paths))))
		return EXIT_TROUBLE;
	while ((opt = cli_next(&a, opts, "score")) != CLI_END) {
		switch (opt) {
		case CLI_ERROR:
			free(paths);
			return EXIT_USAGE;
		case CLI_POSITIONAL: paths[o.npaths++] = a.value; break;
		case 0: o.rev = a.value; break;
		case 1: explain = 1; break;
		case 2: o.first_parent = 1; break;
		case 3: o.author_time = 1; break;
		case 4:
			if ((format = cli_format(a.value, "score", 0)) < 0) {
				free(paths);
				return EXIT_USAGE;
			}
			break;
		case 5: as_of = a.value; break;
		case 6: o.worktree = 1; break;
		}
	}
	if (o.worktree && o.rev) {
		free(paths);
		return cli_usage_error("score", "--worktree scores the work tree: not with --rev");
	}
	o.paths = o.npaths ? paths : NULL;
	if ((err = cli_assess(&as, &o)) == 0 && as_of &&
	    handoff_time_parse(&when, as, as_of) < 0)
		err = cli_usage_error("score", "--as-of: %s", handoff_error_last()->message);
	else if (!err && as_of)
		handoff_assessments_set_time(as, when);
	if (!err) {
		if (handoff_score_format(&out, as, (handoff_format)format, explain,
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

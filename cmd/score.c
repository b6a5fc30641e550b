/*
 * score: each record's handoff quality score and band, from its kind's
 * rules and its history; --explain shows every criterion and why.
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
	{ NULL, 0, NULL, NULL }
};

static int run(int argc, char **argv)
{
	handoff_assess_options o = HANDOFF_ASSESS_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	const char **paths = NULL;
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
		}
	}
	o.paths = o.npaths ? paths : NULL;
	if ((err = cli_assess(&as, &o)) == 0) {
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
	"score [<record>...] [--rev <rev>] [--explain] [--format <fmt>]",
	opts
};

/*
 * status: the board of open handoffs: stage, next item due, what is
 * overdue and by how long, who owns it, and what to escalate.
 */
#include <string.h>
#include <time.h>

#include "cmd.h"

static const struct cli_opt opts[] = {
	{ "as-of", 0, "<time>", "the board at <time> (YYYY-MM-DD or a date-time); default now" },
	{ "fail-on-breach", 0, NULL, "exit 1 when anything is overdue (for CI)" },
	{ "rev", 0, "<rev>", "the history up to <rev>" },
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
	const char *as_of = NULL;
	long long when = (long long)time(NULL);
	size_t overdue = 0;
	int format = HANDOFF_FORMAT_TEXT, fail = 0, opt, err;

	while ((opt = cli_next(&a, opts, "status")) != CLI_END) {
		switch (opt) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_POSITIONAL:
			return cli_usage_error("status", "status takes no records: it shows every open handoff");
		case 0: as_of = a.value; break;
		case 1: fail = 1; break;
		case 2: o.rev = a.value; break;
		case 3: o.first_parent = 1; break;
		case 4: o.author_time = 1; break;
		case 5:
			if ((format = cli_format(a.value, "status", 0)) < 0)
				return EXIT_USAGE;
			break;
		}
	}
	if ((err = cli_assess(&as, &o)) != 0)
		return err;
	if (as_of && handoff_time_parse(&when, as, as_of) < 0)
		err = cli_usage_error("status", "--as-of: %s", handoff_error_last()->message);
	else if (handoff_status_format(&out, &overdue, as, when, (handoff_format)format,
	    cli_color(stdout)) < 0)
		err = cli_error_lib(NULL, HANDOFF_ERROR);
	else if ((err = cli_emit(&out, NULL)) == 0 && fail && overdue)
		err = EXIT_FINDINGS;
	handoff_buf_dispose(&out);
	handoff_assessments_free(as);
	return err;
}

const struct cli_command status_command = {
	"status", run, "the board: open handoffs, what is due, overdue and to escalate",
	"status [--as-of <time>] [--fail-on-breach] [--format <fmt>]",
	opts
};

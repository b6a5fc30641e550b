/*
 * log and blame: one record's history as changes of meaning (a commitment's
 * due date moved, a checklist item ticked), not of text lines, with the
 * commit, author and date of each; blame names who last set each field.
 */
#include <string.h>

#include "cmd.h"

static const struct cli_opt opts[] = {
	CLI_OPT("rev", 0, "<rev>", "start from <rev> instead of HEAD"),
	CLI_OPT("first-parent", 0, NULL, "follow only the first parent of merges"),
	CLI_OPT("author-time", 0, NULL, "date changes by author time, not committer time"),
	CLI_OPT("date", 0, "<how>", "iso (default, the commit's own offset), local or relative"),
	CLI_OPT("format", 0, "<fmt>", "text (default) or json"),
	CLI_OPT_END
};

static int run(int argc, char **argv, const char *name, int view)
{
	handoff_history_options ho = HANDOFF_HISTORY_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_changes *changes = NULL;
	handoff_repo *repo = NULL;
	const char *path = NULL;
	int format = HANDOFF_FORMAT_TEXT, dates = HANDOFF_DATE_ISO, opt, err;

	while ((opt = cli_next(&a, opts, name)) != CLI_END) {
		switch (opt) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_POSITIONAL:
			if (path)
				return cli_usage_error(name, "one record at a time");
			path = a.value;
			break;
		case 0: ho.rev = a.value; break;
		case 1: ho.first_parent = 1; break;
		case 2: ho.author_time = 1; break;
		case 3:
			if ((dates = cli_date_mode(a.value, name)) < 0)
				return EXIT_USAGE;
			break;
		case 4:
			if ((format = cli_format(a.value, name, 0)) < 0)
				return EXIT_USAGE;
			break;
		}
	}
	if (!path)
		return cli_usage_error(name, "which record?");
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0)
		return cli_error_lib(NULL, err);
	err = view == HANDOFF_VIEW_BLAME ?
		handoff_blame(&changes, repo, path, &ho) :
		handoff_log(&changes, repo, path, &ho);
	handoff_repo_free(repo);
	if (err < 0)
		return cli_error_lib(NULL, err);
	cli_print_changes(changes, format, view, dates);
	handoff_changes_free(changes);
	return 0;
}

static int run_log(int argc, char **argv)
{
	return run(argc, argv, "log", HANDOFF_VIEW_LOG);
}

static int run_blame(int argc, char **argv)
{
	return run(argc, argv, "blame", HANDOFF_VIEW_BLAME);
}

const struct cli_command log_command = {
	"log", run_log, "a record's history as semantic changes, newest first",
	"log <record> [--rev <rev>] [--first-parent] [--date <how>] [--format <fmt>]",
	opts
};

const struct cli_command blame_command = {
	"blame", run_blame, "who last set each field, list item and checklist item",
	"blame <record> [--rev <rev>] [--first-parent] [--date <how>] [--format <fmt>]",
	opts
};

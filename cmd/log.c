/*
 * log and blame: one record's history as changes of meaning (a commitment's
 * due date moved, a checklist item ticked), not of text lines, with the
 * commit, author and date of each; blame names who last set each field.
 */
#include <string.h>

#include "cmd.h"

static struct {
	handoff_history_options ho;
	const char *date, *format;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("rev", 0, "<rev>", "start from <rev> instead of HEAD", &given.ho.rev),
	CLI_FLAG("first-parent", 0, "follow only the first parent of merges", &given.ho.first_parent),
	CLI_FLAG("author-time", 0, "date changes by author time, not committer time",
		&given.ho.author_time),
	CLI_VALUE("date", 0, "<how>", "iso (default, the commit's own offset), local or relative",
		&given.date),
	CLI_VALUE("format", 0, "<fmt>", "text (default) or json", &given.format),
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

	memset(&given, 0, sizeof(given));
	given.ho = ho;
	while ((opt = cli_next(&a, opts, name)) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL && path)
			return cli_usage_error(name, "one record at a time");
		if (opt == CLI_POSITIONAL)
			path = a.value;
	}
	ho = given.ho;
	if (given.date && (dates = cli_date_mode(given.date, name)) < 0)
		return EXIT_USAGE;
	if (given.format && (format = cli_format(given.format, name, 0)) < 0)
		return EXIT_USAGE;
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
	err = cli_print_changes(changes, format, view, dates);
	handoff_changes_free(changes);
	return err;
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

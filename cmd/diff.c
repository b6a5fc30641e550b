/*
 * diff: records changed between two states, as changes of meaning. Like
 * git diff: no revision compares HEAD with the work tree (--cached: with
 * the index); A compares A with the work tree; A..B and A B compare two
 * revisions. List items are matched by the kind's keys, so a reordered
 * list with one changed date is one change.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static struct {
	const char *format;
	int cached;
} given;

static const struct cli_opt opts[] = {
	CLI_FLAG("cached", 0, "compare HEAD (or <rev>) with the index", &given.cached),
	CLI_FLAG("staged", 0, "the same as --cached", &given.cached),
	CLI_VALUE("format", 0, "<fmt>", "text (default) or json", &given.format),
	CLI_OPT_END
};

static int run(int argc, char **argv)
{
	handoff_diff_options d = HANDOFF_DIFF_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_changes *changes = NULL;
	handoff_repo *repo = NULL;
	const char **revs = calloc((size_t)argc, sizeof(char *));
	const char **paths = calloc((size_t)argc, sizeof(char *));
	char *range = NULL;
	size_t nrevs = 0;
	int format = HANDOFF_FORMAT_TEXT, opt, err, status = 0;

	if (!revs || !paths) {
		status = EXIT_TROUBLE;
		goto done;
	}
	memset(&given, 0, sizeof(given));
	while ((opt = cli_next(&a, opts, "diff")) != CLI_END) {
		if (opt == CLI_ERROR) {
			status = EXIT_USAGE;
			goto done;
		} else if (opt == CLI_POSITIONAL && a.no_more_options) {
			paths[d.npaths++] = a.value;
		} else if (opt == CLI_POSITIONAL) {
			revs[nrevs++] = a.value;
		}
	}
	d.cached = given.cached;
	if (given.format && (format = cli_format(given.format, "diff", 0)) < 0) {
		status = EXIT_USAGE;
		goto done;
	}
	if (nrevs == 1 && strstr(revs[0], "..")) {
		char *dots;

		if (!(range = strdup(revs[0]))) {
			status = EXIT_TROUBLE;
			goto done;
		}
		dots = strstr(range, "..");
		*dots = '\0';
		d.from = *range ? range : "HEAD";
		d.to = dots[2] ? dots + 2 : "HEAD";
	} else if (nrevs <= 2) {
		d.from = nrevs ? revs[0] : NULL;
		d.to = nrevs == 2 ? revs[1] : NULL;
	} else {
		status = cli_usage_error("diff", "at most two revisions; paths go after '--'");
		goto done;
	}
	d.paths = paths;
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0 ||
	    (err = handoff_diff(&changes, repo, &d)) < 0) {
		status = cli_error_lib(NULL, err);
		goto done;
	}
	status = cli_print_changes(changes, format, HANDOFF_VIEW_DIFF, HANDOFF_DATE_ISO);
done:
	handoff_changes_free(changes);
	handoff_repo_free(repo);
	free(revs);
	free(paths);
	free(range);
	return status;
}

const struct cli_command diff_command = {
	"diff", run, "records changed between revisions, as changes of meaning",
	"diff [<a>..<b> | <a> [<b>]] [--cached] [--format <fmt>] [-- <path>...]",
	opts
};

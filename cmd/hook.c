/*
 * hook: what the hook scripts in hooks/ run.
 *
 * pre-commit judges exactly what is being committed: the staged blobs of
 * the records this commit adds or changes, read from the index git names
 * in GIT_INDEX_FILE (so `git commit -a` and `git commit <path>` are judged
 * on what they really commit), never the work tree. Unchanged records
 * are not read. Paths given (by the pre-commit framework) narrow the set.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int pre_commit(int argc, char **argv)
{
	handoff_validate_options vo = HANDOFF_VALIDATE_OPTIONS_INIT;
	handoff_report *report = NULL;
	handoff_repo *repo = NULL;
	int err, status;

	vo.source = HANDOFF_SOURCE_INDEX;
	vo.changed_only = 1;
	/* the framework's file names; a leading "--" is not one */
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	vo.paths = (const char *const *)(argv + 1);
	vo.npaths = (size_t)(argc - 1);
	if ((err = handoff_repo_open(&repo, NULL, HANDOFF_REPO_OPEN_FROM_HOOK)) < 0)
		return cli_error_lib("pre-commit", err);
	err = handoff_validate(&report, repo, &vo);
	if (err < 0 && err != HANDOFF_ESCHEMA) {
		status = cli_error_lib("pre-commit", err);
		goto done;
	}
	cli_print_report(report, HANDOFF_FORMAT_TEXT);
	if (err == HANDOFF_ESCHEMA) {
		cli_warn("pre-commit: the schema or config above is broken; commit refused");
		status = EXIT_TROUBLE;
	} else if (!handoff_report_ok(report)) {
		fprintf(stderr, "git-handoff: commit refused: %zu problem%s in the staged records\n"
			"(fix them and 'git add' again; 'git commit --no-verify' skips this check,\n"
			"but CI and the server run it too)\n",
			handoff_report_errors(report),
			handoff_report_errors(report) == 1 ? "" : "s");
		status = EXIT_FINDINGS;
	} else {
		status = 0;
	}
done:
	handoff_report_free(report);
	handoff_repo_free(repo);
	return status;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("hook", "which hook? (pre-commit)");
	if (!strcmp(argv[1], "pre-commit"))
		return pre_commit(argc - 1, argv + 1);
	return cli_usage_error("hook", "unknown hook '%s'", argv[1]);
}

const struct cli_command hook_command = {
	"hook", run, "what the installed git hooks run",
	"hook pre-commit [<path>...]", NULL
};

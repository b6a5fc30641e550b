/*
 * validate: is each record complete? Every record of the repository (with
 * the repository-wide rules), or the named ones; as they are on disk, as
 * staged, at a revision; or each commit of a range, by the rules the
 * server's pre-receive hook keeps (roles, reasons, acceptance).
 * Diagnostics name file, line, column and JSON pointer, all in one run.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static struct {
	const char *rev, *range, *format;
	int staged, quiet, protected_range;
} given;

static const struct cli_opt opts[] = {
	CLI_FLAG("staged", 0, "check the staged version of each record", &given.staged),
	CLI_VALUE("rev", 0, "<rev>", "check the records as they are at <rev>", &given.rev),
	CLI_VALUE("range", 0, "<a>..<b>", "judge each commit of <a>..<b> as the server's pre-receive hook does",
		&given.range),
	CLI_VALUE("format", 0, "<fmt>", "text (default), json, sarif or github", &given.format),
	CLI_FLAG("quiet", 'q', "no summary line", &given.quiet),
	CLI_FLAG("protected", 0, "with --range: <b> is to land on a protected branch, which takes no draft",
		&given.protected_range),
	CLI_OPT_END
};

static int run(int argc, char **argv)
{
	handoff_validate_options vo = HANDOFF_VALIDATE_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_report *report = NULL;
	handoff_repo *repo = NULL;
	const char **paths = NULL;
	int format = HANDOFF_FORMAT_TEXT, quiet = 0, modes = 0, opt, err, status;

	if (!(paths = calloc((size_t)argc, sizeof(*paths))))
		return EXIT_TROUBLE;
	memset(&given, 0, sizeof(given));
	while ((opt = cli_next(&a, opts, "validate")) != CLI_END) {
		if (opt == CLI_ERROR) {
			free(paths);
			return EXIT_USAGE;
		}
		if (opt == CLI_POSITIONAL)
			paths[vo.npaths++] = a.value;
	}
	modes = !!given.staged + !!given.rev + !!given.range;
	if (given.staged)
		vo.source = HANDOFF_SOURCE_INDEX;
	else if (given.rev || given.range)
		vo.source = given.rev ? HANDOFF_SOURCE_REV : HANDOFF_SOURCE_RANGE;
	vo.rev = given.rev ? given.rev : given.range;
	vo.protected_range = given.protected_range;
	quiet = given.quiet;
	if (given.format && (format = cli_format(given.format, "validate", 1)) < 0) {
		free(paths);
		return EXIT_USAGE;
	}
	if (vo.protected_range && vo.source != HANDOFF_SOURCE_RANGE) {
		free(paths);
		return cli_usage_error("validate", "--protected goes with --range");
	}
	if (modes > 1) {
		free(paths);
		return cli_usage_error("validate",
			"--staged, --rev and --range cannot be combined");
	}
	vo.paths = paths;
	if ((err = handoff_repo_open(&repo, NULL,
	    vo.npaths && vo.source == HANDOFF_SOURCE_WORKTREE ?
	    HANDOFF_REPO_OPEN_OPTIONAL : 0)) < 0) {
		status = cli_error_lib(NULL, err);
		goto done;
	}
	err = handoff_validate(&report, repo, &vo);
	if (err < 0 && err != HANDOFF_ESCHEMA) {
		status = cli_error_lib("cannot validate", err);
		goto done;
	}
	cli_print_report(report, format);
	if (err == HANDOFF_ESCHEMA) {
		cli_warn("the schema or config above is broken; no record was judged against it");
		status = EXIT_TROUBLE;
		goto done;
	}
	status = handoff_report_ok(report) ? 0 : EXIT_FINDINGS;
	if (!quiet && format == HANDOFF_FORMAT_TEXT && vo.source == HANDOFF_SOURCE_RANGE) {
		size_t n = handoff_report_errors(report);

		fprintf(stderr, "%zu problem%s in the commits of %s\n", n, n == 1 ? "" : "s",
			vo.rev);
	} else if (!quiet && format == HANDOFF_FORMAT_TEXT) {
		size_t i, bad = 0, drafts = 0, warnings = 0, n = handoff_report_count(report);

		for (i = 0; i < n; i++) {
			const handoff_file_result *f = handoff_report_file(report, i);
			size_t j;

			for (j = 0; j < f->count; j++)
				if (f->diagnostics[j].severity == HANDOFF_SEVERITY_ERROR)
					break;
			bad += j < f->count || f->omitted_errors;
			if (!f->state || strcmp(f->state, "draft"))
				continue;
			drafts++;
			warnings += f->omitted - f->omitted_errors;
			for (j = 0; j < f->count; j++)
				warnings += f->diagnostics[j].severity == HANDOFF_SEVERITY_WARNING;
		}
		fprintf(stderr, "%zu record%s checked, %zu with problems (%zu error%s)",
			n, n == 1 ? "" : "s", bad, handoff_report_errors(report),
			handoff_report_errors(report) == 1 ? "" : "s");
		/* what a draft still lacks is not an error yet: say it will be */
		if (drafts)
			fprintf(stderr, ", %zu draft%s (%zu warning%s until %s submitted)",
				drafts, drafts == 1 ? "" : "s", warnings,
				warnings == 1 ? "" : "s", drafts == 1 ? "it is" : "they are");
		fputc('\n', stderr);
	}
done:
	handoff_report_free(report);
	handoff_repo_free(repo);
	free(paths);
	return status;
}

const struct cli_command validate_command = {
	"validate", run, "check that handoff records are complete",
	"validate [<path>...] [--staged | --rev <rev> | --range <a>..<b> [--protected]] [--format <fmt>]",
	opts
};

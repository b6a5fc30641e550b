/*
 * submit: the rep hands a complete record over to CS. A record is a draft
 * while it is written (it commits and pushes to a branch with warnings
 * for what it still lacks); submitting sets its state to `submitted`,
 * which only a complete record may have, and which a protected branch
 * asks for. The record's acceptance block is rewritten by the same
 * verified rewrite as CS's decisions (handoff_decide); nothing else of
 * the file changes, and nothing is written when the record is not
 * complete: its problems are printed instead.
 *
 * With --commit, as for accept: the record as committed is submitted and
 * committed alone by git itself (so the hooks run), its path always a
 * literal path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int given_commit;

static const struct cli_opt opts[] = {
	CLI_FLAG("commit", 0, "commit the record alone", &given_commit),
	CLI_OPT_END
};

static int commit(const char *path)
{
	char subject[512];
	const char *add[] = { "git", "add", "--", path, NULL };
	const char *argv[] = { "git", "commit", "-q", "--only", "-m", subject,
		"--", path, NULL };
	int st;

	snprintf(subject, sizeof(subject), "Submit handoff %s", path);
	st = cli_run_git(add);
	if (st == 0)
		st = cli_run_git(argv);
	if (st != 0) {
		cli_warn("%s is submitted but not committed (git exited %d); "
			"commit it", path, st);
		return EXIT_FINDINGS;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	handoff_decide_options o = HANDOFF_DECIDE_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	const char *path = NULL;
	int opt, status, do_commit = 0;

	given_commit = 0;
	while ((opt = cli_next(&a, opts, "submit")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL && path)
			return cli_usage_error("submit", "one record at a time");
		if (opt == CLI_POSITIONAL)
			path = a.value;
	}
	do_commit = given_commit;
	if (!path)
		return cli_usage_error("submit", "which record?");
	o.decision = HANDOFF_DECISION_SUBMIT;
	status = cli_decide_write(path, &o, "submit", "a handoff is submitted", do_commit);
	if (status == 0) {
		printf("%s: submitted\n", path);
		status = do_commit ? commit(path) : 0;
	}
	return status;
}

const struct cli_command submit_command = {
	"submit", run, "hand a complete draft over to CS (state: submitted)",
	"submit <record> [--commit]", opts
};

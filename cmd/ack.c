/*
 * ack: ops acknowledges a tamper signal once, with a reason. The
 * acknowledgement is appended to .handoff/acks.yaml and committed alone
 * (by git itself, so the hooks run), with a Handoff-Ack trailer: it is
 * kept in the history, and the server takes it from ops only, as any
 * change under .handoff/. From then on score, status and report no
 * longer warn of that signal; audit lists it with the acknowledgement.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static struct {
	const char *reason;
	int no_commit;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("reason", 0, "<text>", "why the signal is all right (required)", &given.reason),
	CLI_FLAG("no-commit", 0, "write .handoff/acks.yaml, do not commit it", &given.no_commit),
	CLI_OPT_END
};

static int commit(const char *signal, const char *reason)
{
	static const char *const path = ":(top).handoff/acks.yaml";
	char subject[128], trailer[128];
	const char *add[] = { "git", "add", "--", path, NULL };
	const char *argv[] = { "git", "commit", "-q", "--only", "-m", subject, "-m",
		reason, "-m", trailer, "--", path, NULL };
	int st;

	snprintf(subject, sizeof(subject), "Acknowledge signal %s", signal);
	snprintf(trailer, sizeof(trailer), "Handoff-Ack: %s", signal);
	st = cli_run_git(add);
	if (st == 0)
		st = cli_run_git(argv);
	if (st != 0) {
		cli_warn("the acknowledgement is written to .handoff/acks.yaml but not "
			"committed (git exited %d); commit it", st);
		return EXIT_FINDINGS;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_repo *repo = NULL;
	const char *signal = NULL, *reason;
	int opt, err, status = 0;

	memset(&given, 0, sizeof(given));
	while ((opt = cli_next(&a, opts, "ack")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL && signal)
			return cli_usage_error("ack", "one signal at a time");
		if (opt == CLI_POSITIONAL)
			signal = a.value;
	}
	reason = given.reason;
	if (!signal)
		return cli_usage_error("ack", "which signal? (git handoff audit lists them)");
	if (!reason)
		return cli_usage_error("ack", "say why: --reason <text>");
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0 ||
	    (err = handoff_ack(repo, signal, reason)) < 0)
		status = cli_error_lib("ack", err);
	else if (!given.no_commit)
		status = commit(signal, reason);
	else
		fprintf(stderr, "acknowledged %s in .handoff/acks.yaml (commit it)\n", signal);
	handoff_repo_free(repo);
	return status;
}

const struct cli_command ack_command = {
	"ack", run, "ops acknowledges a tamper signal once, with a reason",
	"ack <signal> --reason <text> [--no-commit]",
	opts
};

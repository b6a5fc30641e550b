/*
 * accept, reject, revise: CS's decision on a handoff, written into the
 * record's acceptance block (handoff_decide) and, with --commit, committed
 * alone by git itself (so the hooks run and the author is git's user)
 * with a `Handoff-Decision:` trailer. Nothing from the record reaches a
 * shell: git is run with an argument vector, and the record's path is
 * always a literal path, never a pattern. With --commit the decision is
 * taken on the record as committed: a record with changes of its own,
 * staged or not, is refused, so nothing unreviewed rides along.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"

static int given_commit;

static const struct cli_opt opts[] = {
	CLI_OPT("gap", 0, "<text>", "what is missing (once per gap; required to reject or revise)"),
	CLI_FLAG("commit", 0, "commit the record alone, with a Handoff-Decision trailer", &given_commit),
	CLI_OPT("reason", 0, "<code>",
		"why, a code of the kind's rejection reasons (repeatable; reject, revise)"),
	CLI_OPT_END
};

static const char *const status_names[] = { "accepted", "rejected", "needs-revision" };

int cli_run_git(const char *const argv[])
{
	pid_t pid;
	int st;

	fflush(NULL);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		execvp("git", (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int cli_committed_as_is(const char *path, const char *name, const char *who)
{
	const char *const diff[] = { "git", "diff", "--quiet", "HEAD", "--", path, NULL };
	const char *const staged[] = { "git", "diff", "--quiet", "--cached", "--", path, NULL };
	char *spec = malloc(strlen(path) + 8);
	const char *exists[] = { "git", "cat-file", "-e", NULL, NULL };
	int st;

	if (!spec)
		return EXIT_TROUBLE;
	/* HEAD:./path is the path from here, and never a pattern */
	sprintf(spec, "HEAD:%s%s", path[0] == '/' ? "" : "./", path);
	exists[3] = spec;
	st = cli_run_git(exists);
	free(spec);
	if (st != 0) {
		cli_warn("%s: %s is not committed; %s as committed: commit it "
			"first", name, path, who);
		return EXIT_FINDINGS;
	}
	if ((st = cli_run_git(staged)) == 0)
		st = cli_run_git(diff);
	if (st == 1)
		cli_warn("%s: %s has changes that are not committed; %s as "
			"committed: commit them (or 'git restore %s') first", name, path,
			who, path);
	return st == 0 ? 0 : st == 1 ? EXIT_FINDINGS : EXIT_TROUBLE;
}

/*
 * Whether the decision commit is signed (-S): when git has a signing key.
 * A repository whose rules want decisions signed (`decisions: signed`)
 * refuses to decide without an SSH one, before anything is written.
 */
static int signing(int *sign, const char *name)
{
	handoff_repo *repo = NULL;
	int required = 0, err;

	if ((err = handoff_repo_open(&repo, NULL, 0)) == 0)
		err = handoff_decision_signing(sign, &required, repo);
	handoff_repo_free(repo);
	if (err < 0)
		return cli_error_lib(name, err);
	if (required && *sign != HANDOFF_SIGN_SSH) {
		cli_warn("%s: this repository wants decisions signed with your SSH key "
			"('decisions: signed' in .handoff/config.yaml), and git has %s; set it "
			"up with\n"
			"  git config gpg.format ssh\n"
			"  git config user.signingkey ~/.ssh/id_ed25519.pub\n"
			"and ask ops to add that public key to your signing_keys in "
			".handoff/config.yaml", name, *sign ? "a signing key that is not "
			"an SSH one (gpg.format)" : "no signing key (user.signingkey)");
		return EXIT_FINDINGS;
	}
	return 0;
}

static int commit(const char *path, handoff_decision d, const char *const *gaps,
	size_t ngaps, int sign)
{
	static const char *const subjects[] = { "Accept handoff %s",
		"Reject handoff %s", "Ask for a revision of handoff %s" };
	char subject[512], trailer[64], *body = NULL;
	const char *add[] = { "git", "add", "--", path, NULL };
	const char *argv[17];
	size_t i, n = 0, len = 8;
	int st;

	snprintf(subject, sizeof(subject), subjects[d], path);
	snprintf(trailer, sizeof(trailer), "Handoff-Decision: %s", status_names[d]);
	for (i = 0; i < ngaps; i++)
		len += strlen(gaps[i]) + 4;
	if (!(body = malloc(len)))
		return EXIT_TROUBLE;
	strcpy(body, "Gaps:");
	for (i = 0; i < ngaps; i++) {
		strcat(body, "\n- ");
		strcat(body, gaps[i]);
	}
	argv[n++] = "git";
	argv[n++] = "commit";
	argv[n++] = "-q";
	argv[n++] = "--only";
	if (sign)
		argv[n++] = "-S";
	argv[n++] = "-m";
	argv[n++] = subject;
	if (ngaps) {
		argv[n++] = "-m";
		argv[n++] = body;
	}
	argv[n++] = "-m";
	argv[n++] = trailer;
	argv[n++] = "--";
	argv[n++] = path;
	argv[n] = NULL;
	st = cli_run_git(add);
	if (st == 0)
		st = cli_run_git(argv);
	free(body);
	if (st != 0) {
		cli_warn("the decision is written to %s but not committed (git exited %d); "
			"commit it with the trailer '%s'", path, st, trailer);
		return EXIT_FINDINGS;
	}
	return 0;
}

int cli_decide_write(const char *path, const handoff_decide_options *o,
	const char *name, const char *who, int as_committed)
{
	handoff_report *problems = NULL;
	handoff_repo *repo = NULL;
	int err, status = 0;

	if (as_committed) {
		/* every path git is given from here on is a literal path */
		setenv("GIT_LITERAL_PATHSPECS", "1", 1);
		if ((status = cli_committed_as_is(path, name, who)) != 0)
			return status;
	}
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0) {
		status = cli_error_lib(NULL, err);
	} else if ((err = handoff_decide(&problems, repo, path, o)) < 0) {
		if (problems)
			cli_print_report(problems, HANDOFF_FORMAT_TEXT);
		status = cli_error_lib(name, err);
	}
	handoff_report_free(problems);
	handoff_repo_free(repo);
	return status;
}

static int decide(int argc, char **argv, handoff_decision d, const char *name)
{
	handoff_decide_options o = HANDOFF_DECIDE_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	const char **gaps, **reasons, *path = NULL;
	int opt, status, do_commit = 0, sign = 0;

	if (!(gaps = calloc((size_t)argc, sizeof(*gaps))))
		return EXIT_TROUBLE;
	if (!(reasons = calloc((size_t)argc, sizeof(*reasons)))) {
		free(gaps);
		return EXIT_TROUBLE;
	}
	o.reasons = reasons;
	given_commit = 0;
	while ((opt = cli_next(&a, opts, name)) != CLI_END) {
		if (opt == CLI_ERROR || (opt == CLI_POSITIONAL && path)) {
			free(gaps);
			free(reasons);
			return opt == CLI_ERROR ? EXIT_USAGE :
				cli_usage_error(name, "one record at a time");
		}
		if (opt == CLI_POSITIONAL)
			path = a.value;
		else if (CLI_IS(opts, opt, "gap"))
			gaps[o.ngaps++] = a.value;
		else if (CLI_IS(opts, opt, "reason"))
			reasons[o.nreasons++] = a.value;
	}
	do_commit = given_commit;
	if (!path) {
		free(gaps);
		free(reasons);
		return cli_usage_error(name, "which record?");
	}
	o.decision = d;
	o.gaps = gaps;
	status = do_commit ? signing(&sign, name) : 0;
	if (status == 0)
		status = cli_decide_write(path, &o, name, "CS decides on a handoff", do_commit);
	if (status == 0) {
		printf("%s: %s\n", path, status_names[d]);
		status = do_commit ? commit(path, d, gaps, o.ngaps, sign) : 0;
	}
	free(gaps);
	free(reasons);
	return status;
}

static int accept(int argc, char **argv)
{
	return decide(argc, argv, HANDOFF_DECISION_ACCEPT, "accept");
}

static int reject(int argc, char **argv)
{
	return decide(argc, argv, HANDOFF_DECISION_REJECT, "reject");
}

static int revise(int argc, char **argv)
{
	return decide(argc, argv, HANDOFF_DECISION_REVISE, "revise");
}

const struct cli_command accept_command = {
	"accept", accept, "CS accepts a handoff (its acceptance block, nothing else)",
	"accept <record> [--commit]", opts
};

const struct cli_command reject_command = {
	"reject", reject, "CS rejects a handoff, saying what is missing",
	"reject <record> --gap <text>... [--reason <code>...] [--commit]", opts
};

const struct cli_command revise_command = {
	"revise", revise, "CS asks for a revision, saying what is missing",
	"revise <record> --gap <text>... [--reason <code>...] [--commit]", opts
};

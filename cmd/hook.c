/*
 * hook: what the hook scripts in hooks/ run.
 *
 * pre-commit judges exactly what is being committed: the staged blobs of
 * the records this commit adds or changes, read from the index git names
 * in GIT_INDEX_FILE (so `git commit -a` and `git commit <path>` are judged
 * on what they really commit), never the work tree. Unchanged records
 * are not read. Paths given (by the pre-commit framework) narrow the set.
 *
 * commit-msg asks for a Handoff-Reason trailer when the staged changes
 * touch a material path of an accepted record, and warns (exit 0) when
 * the one committing lacks a role the server will ask for: a decision,
 * a material change after acceptance, a change to the rules. When this
 * commit's pre-commit hook left a clear verdict for the index still
 * staged, it knows there is none without opening the repository.
 *
 * pre-receive, on the server, reads `<old> <new> <ref>` lines and judges
 * every commit the push brings (policy rules, see handoff_check_commits)
 * with the objects still in git's quarantine; it refuses the whole push
 * when one commit breaks a rule, and any push to the receipts' notes ref,
 * which only the server writes. Its messages reach the pusher.
 *
 * post-receive writes the server's receipt of every commit the push
 * brought (see handoff_receipts_write): its time, the pusher the server
 * authenticated, and the ref. It cannot refuse anything: a failure is
 * reported and the push stands.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

extern char **environ;

/*
 * GIT_HANDOFF_LISTED=<pid of git>: hooks/pre-commit started `git diff
 * --cached` itself and pipes its listing to our stdin; -1 when it did
 * not. Taken out of the environment: it is for this program alone.
 */
static long listed_by(void)
{
	const char *v = getenv("GIT_HANDOFF_LISTED");
	char *end;
	long pid;

	if (!v)
		return -1;
	pid = strtol(v, &end, 10);
	if (pid <= 0 || *end || end == v)
		pid = 0x7fffffff;	/* no process of ours: no verdict, still the check */
	unsetenv("GIT_HANDOFF_LISTED");
	return pid;
}

int hook_pre_commit(int argc, char **argv)
{
	handoff_report *report = NULL;
	long git = listed_by();
	int err, status;

	/* the framework's file names; a leading "--" is not one */
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	if (git >= 0 && argc > 1)
		return cli_usage_error("hook pre-commit",
			"GIT_HANDOFF_LISTED is for the whole commit, without paths");
	if (git >= 0)
		err = handoff_validate_listed(&report, dup(0), git);	/* -1: its own diff */
	else
		err = handoff_validate_commit(&report, (const char *const *)(argv + 1),
			(size_t)(argc - 1));
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
		size_t i, j, n = handoff_report_count(report), w;

		/* a draft commits: say what it still lacks before it can be submitted */
		for (i = 0; i < n; i++) {
			const handoff_file_result *f = handoff_report_file(report, i);

			if (!f->state || strcmp(f->state, "draft"))
				continue;
			for (j = 0, w = f->omitted - f->omitted_errors; j < f->count; j++)
				w += f->diagnostics[j].severity == HANDOFF_SEVERITY_WARNING;
			if (w)
				fprintf(stderr, "git-handoff: %s is a draft: %zu warning%s "
					"until it is submitted (git handoff submit %s)\n",
					f->path, w, w == 1 ? "" : "s", f->path);
		}
		status = 0;
	}
done:
	handoff_report_free(report);
	return status;
}

/* Print the findings (warnings and notes too); 1 when there are errors. */
static int refuse(const handoff_report *report, const char *what, const char *hint)
{
	size_t n = handoff_report_errors(report);

	cli_print_report(report, HANDOFF_FORMAT_TEXT);
	if (!n)
		return 0;
	fprintf(stderr, "git-handoff: %s refused: %zu problem%s\n%s", what, n,
		n == 1 ? "" : "s", hint);
	return EXIT_FINDINGS;
}

static int commit_msg(int argc, char **argv)
{
	handoff_report *report = NULL;
	handoff_repo *repo = NULL;
	char *msg = NULL;
	size_t len = 0;
	int err, status;

	if (argc != 2)
		return cli_usage_error("hook", "commit-msg takes the message file");
	if (handoff_verdict_clear(argv[1]))
		return 0;
	if (cli_read_file(argv[1], &msg, &len) < 0)
		return EXIT_TROUBLE;
	if ((err = handoff_repo_open(&repo, NULL, HANDOFF_REPO_OPEN_FROM_HOOK)) < 0 ||
	    (err = handoff_check_message(&report, repo, msg, len, 0)) < 0)
		status = cli_error_lib("commit-msg", err);
	else	/* its warnings too: a role the server will ask for */
		status = refuse(report, "commit",
		    "(add a line 'Handoff-Reason: <why>' at the end of the message,\n"
		    "after a blank line: git commit --trailer 'Handoff-Reason: <why>')\n");
	handoff_report_free(report);
	handoff_repo_free(repo);
	free(msg);
	return status;
}

/* Receipts are the server's word: no client writes them. */
static int refuse_receipts(const handoff_ref_update *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(u[i].ref, HANDOFF_RECEIPTS_REF)) {
			fprintf(stderr, "git-handoff: push refused: %s holds the server's "
				"receipts; only the server writes it\n", HANDOFF_RECEIPTS_REF);
			return EXIT_FINDINGS;
		}
	return 0;
}

static int pre_receive(int argc, char **argv)
{
	handoff_check_options co = HANDOFF_CHECK_OPTIONS_INIT;
	handoff_ref_update *updates = NULL;
	handoff_report *report = NULL;
	handoff_repo *repo = NULL;
	char *text = NULL;
	size_t len;
	int err, status;

	(void)argv;
	if (argc != 1)
		return cli_usage_error("hook", "pre-receive reads its input from stdin");
	if (cli_read_stream(stdin, &text, &len) < 0) {
		status = EXIT_TROUBLE;
		goto done;
	}
	if ((err = handoff_ref_updates_parse(&updates, &co.nupdates, text)) < 0) {
		status = cli_error_lib("pre-receive", HANDOFF_ERROR);
		goto done;
	}
	co.updates = updates;
	if ((status = refuse_receipts(updates, co.nupdates)) != 0)
		goto done;
	co.env = (const char *const *)environ;	/* who pushed: the server says */
	if ((err = handoff_repo_open(&repo, NULL, HANDOFF_REPO_OPEN_FROM_HOOK)) < 0 ||
	    (err = handoff_check_commits(&report, repo, &co)) < 0)
		status = cli_error_lib("pre-receive", err);
	else
		status = refuse(report, "push",
			"(fix the commits named above and push again; the rules are in\n"
			"'git handoff --help' and .handoff/config.yaml)\n");
done:
	handoff_report_free(report);
	handoff_repo_free(repo);
	free(updates);
	free(text);
	return status;
}

/* The server's clock; GIT_HANDOFF_NOW (seconds, "@" allowed) for the tests. */
static long long server_now(void)
{
	const char *v = getenv("GIT_HANDOFF_NOW");
	char *end;
	long long t;

	if (v && *v == '@')
		v++;
	if (v && *v && (t = strtoll(v, &end, 10)) > 0 && !*end)
		return t;
	return (long long)time(NULL);
}

static int post_receive(int argc, char **argv)
{
	handoff_receipts_options ro = HANDOFF_RECEIPTS_OPTIONS_INIT;
	handoff_ref_update *updates = NULL;
	handoff_repo *repo = NULL;
	char *text = NULL;
	size_t len, n = 0;
	int err, status = 0;

	(void)argv;
	if (argc != 1)
		return cli_usage_error("hook", "post-receive reads its input from stdin");
	if (cli_read_stream(stdin, &text, &len) < 0) {
		status = EXIT_TROUBLE;
		goto done;
	}
	if (handoff_ref_updates_parse(&updates, &ro.nupdates, text) < 0) {
		status = cli_error_lib("post-receive", HANDOFF_ERROR);
		goto done;
	}
	ro.updates = updates;
	ro.env = (const char *const *)environ;	/* who pushed: the server says */
	ro.now = server_now();
	if ((err = handoff_repo_open(&repo, NULL, HANDOFF_REPO_OPEN_FROM_HOOK)) < 0 ||
	    (err = handoff_receipts_write(&n, repo, &ro)) < 0)
		status = cli_error_lib("post-receive", err);
	else if (n)
		fprintf(stderr, "git-handoff: %zu receipt%s written\n", n, n == 1 ? "" : "s");
done:
	handoff_repo_free(repo);
	free(updates);
	free(text);
	return status;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("hook", "which hook? (pre-commit, commit-msg, pre-receive, post-receive)");
	if (!strcmp(argv[1], "pre-commit"))
		return hook_pre_commit(argc - 1, argv + 1);
	if (!strcmp(argv[1], "commit-msg"))
		return commit_msg(argc - 1, argv + 1);
	if (!strcmp(argv[1], "pre-receive"))
		return pre_receive(argc - 1, argv + 1);
	if (!strcmp(argv[1], "post-receive"))
		return post_receive(argc - 1, argv + 1);
	return cli_usage_error("hook", "unknown hook '%s'", argv[1]);
}

const struct cli_command hook_command = {
	"hook", run, "what the installed git hooks run",
	"hook pre-commit [<path>...] | commit-msg <file> | pre-receive | post-receive", NULL
};

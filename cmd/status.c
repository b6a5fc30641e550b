/*
 * status: the board of open handoffs: stage, next item due, what is
 * overdue and by how long, who owns it, and what to escalate.
 *
 * With --notify, each escalation not sent before is also sent: its JSON
 * payload on the stdin of the config's notify.command, run once per
 * message and without a shell (so nothing from a record is ever run),
 * or, with --notify-mbox, appended to an mbox for sendmail. So is, to
 * the rep, each commit that changed a material field of an accepted
 * handoff, made by someone else (the audit's). What was
 * sent is remembered in git notes; what failed is not, and is tried
 * again on the next run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

static struct {
	struct cli_history h;
	const char *format, *mbox, *soon;
	int fail, notify;
} given;

static const struct cli_opt opts[] = {
	CLI_HISTORY_OPTS(given.h),
	CLI_FLAG("fail-on-breach", 0, "exit 1 when anything is overdue (for CI)", &given.fail),
	CLI_VALUE("format", 0, "<fmt>", "text (default) or json", &given.format),
	CLI_FLAG("notify", 0, "send the escalations not sent before through the config's notify.command",
		&given.notify),
	CLI_VALUE("notify-mbox", 0, "<file>", "append them to an mbox <file> instead (for sendmail)",
		&given.mbox),
	CLI_VALUE("due-soon", 0, "<days>", "show commitments of accepted handoffs due within <days> (default: the config's commitments_due_soon, 14)",
		&given.soon),
	CLI_OPT_END
};

extern char **environ;

/*
 * Run `argv` with `payload` on its stdin and its stdout on our stderr
 * (the board keeps stdout). 0 when it ran and exited 0.
 */
static int run_command(const char *const *argv, const char *payload)
{
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	size_t len = strlen(payload), off = 0;
	int fd[2], status = 0, err;
	pid_t pid;

	if (pipe(fd) < 0) {
		cli_warn("cannot run '%s': %s", argv[0], strerror(errno));
		return -1;
	}
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[0], 0);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[0]);
	if (err) {
		close(fd[1]);
		cli_warn("cannot run '%s': %s", argv[0], strerror(err));
		return -1;
	}
	/* a command that does not read its stdin is its own business */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (off < len) {
		ssize_t n = write(fd[1], payload + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		cli_warn("cannot notify: '%s' exited with %d", argv[0], WEXITSTATUS(status));
	else
		cli_warn("cannot notify: '%s' was killed by signal %d", argv[0],
			WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

/* Append every message to `path`, flushed to disk: all are sent, or none. */
static int write_mbox(handoff_notices *n, const char *path)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i, count = handoff_notices_count(n, NULL), off = 0;
	int fd, ok = 1;

	for (i = 0; i < count; i++)
		if (handoff_notice_mbox(&b, n, i, (long long)time(NULL)) < 0) {
			handoff_buf_dispose(&b);
			return cli_error_lib("cannot write a message", HANDOFF_ERROR);
		}
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		cli_warn("cannot write '%s': %s", path, strerror(errno));
		handoff_buf_dispose(&b);
		return EXIT_TROUBLE;
	}
	while (ok && off < b.size) {
		ssize_t w = write(fd, b.ptr + off, b.size - off);

		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += ok ? (size_t)w : 0;
	}
	ok = ok && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	handoff_buf_dispose(&b);
	if (!ok) {
		cli_warn("cannot write '%s': %s", path, strerror(errno));
		return EXIT_TROUBLE;
	}
	for (i = 0; i < count; i++)
		handoff_notice_sent(n, i);
	return 0;
}

/*
 * Send what is new on the board as of `when`, then remember it. A send
 * that failed leaves exit status 2 (the board itself was fine).
 */
static int notify(const handoff_assessments *as, long long when, const char *rev,
	const char *mbox)
{
	handoff_audit_options ao = HANDOFF_AUDIT_OPTIONS_INIT;
	handoff_audit *audit = NULL;
	handoff_repo *repo = NULL;
	handoff_notices *n = NULL;
	const char *const *argv;
	size_t i, count, already, sent = 0;
	int err;

	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0)
		return cli_error_lib(NULL, err);
	/* the escalations, and the rep told of material changes after acceptance */
	ao.rev = rev;
	ao.after_acceptance = 1;
	if ((err = handoff_notify_collect(&n, repo, as, when, rev)) < 0 ||
	    (err = handoff_audit_run(&audit, repo, &ao)) < 0 ||
	    (err = handoff_notify_changes(n, audit, as, when)) < 0) {
		handoff_audit_free(audit);
		handoff_notices_free(n);
		handoff_repo_free(repo);
		return cli_error_lib("cannot notify", err);
	}
	handoff_audit_free(audit);
	count = handoff_notices_count(n, &already);
	argv = handoff_notify_command(n);
	if (!mbox && !argv) {
		err = cli_usage_error("status", "--notify needs a command in the config "
			"(notify: {command: [...]}) or --notify-mbox <file>");
	} else if (mbox) {
		err = count ? write_mbox(n, mbox) : 0;
		sent = err ? 0 : count;
	} else {
		for (i = 0; i < count; i++)
			if (run_command(argv, handoff_notice_json(n, i)) == 0) {
				handoff_notice_sent(n, i);
				sent++;
			} else {
				err = EXIT_TROUBLE;
			}
	}
	if (sent && handoff_notify_remember(repo, n) < 0)
		err = cli_error_lib("cannot remember the notifications sent", HANDOFF_ERROR);
	if (mbox || argv)
		cli_warn("notified %zu of %zu new escalation%s (%zu sent before)",
			sent, count, count == 1 ? "" : "s", already);
	handoff_notices_free(n);
	handoff_repo_free(repo);
	return err;
}

static int run(int argc, char **argv)
{
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	long long when;
	size_t overdue = 0;
	int format = HANDOFF_FORMAT_TEXT, opt, err, nerr;

	memset(&given, 0, sizeof(given));
	cli_history_init(&given.h);
	while ((opt = cli_next(&a, opts, "status")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL)
			return cli_usage_error("status", "status takes no records: it shows every open handoff");
	}
	if (given.format && (format = cli_format(given.format, "status", 0)) < 0)
		return EXIT_USAGE;
	if (given.soon && (strspn(given.soon, "0123456789") != strlen(given.soon) ||
	    !*given.soon || strlen(given.soon) > 5))
		return cli_usage_error("status", "--due-soon: a number of days, not '%s'", given.soon);
	if ((err = cli_history_assess(&as, &when, &given.h, "status")) != 0)
		return err;
	if (given.soon)
		handoff_assessments_set_due_soon(as, atoll(given.soon) * 86400);
	if (handoff_status_format(&out, &overdue, as, when, (handoff_format)format,
	    cli_color(stdout)) < 0)
		err = cli_error_lib(NULL, HANDOFF_ERROR);
	else if ((err = cli_emit(&out, NULL)) == 0 && given.fail && overdue)
		err = EXIT_FINDINGS;
	if ((given.notify || given.mbox) && (err == 0 || err == EXIT_FINDINGS) &&
	    (nerr = notify(as, when, given.h.assess.rev, given.mbox)) != 0)
		err = nerr;
	handoff_buf_dispose(&out);
	handoff_assessments_free(as);
	return err;
}

const struct cli_command status_command = {
	"status", run, "the board: open handoffs, what is due, overdue and to escalate",
	"status [--as-of <time>] [--due-soon <days>] [--fail-on-breach] [--format <fmt>] [--notify | --notify-mbox <file>]",
	opts
};

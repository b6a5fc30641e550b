/*
 * lsp: a Language Server Protocol server on standard input and output,
 * so that any editor with an LSP client shows, in handoff records, what
 * `validate` would say while the rep types, completes front matter keys
 * and values from the kind, explains a field on hover and ticks a
 * checklist item or inserts a missing section as a code action.
 *
 * This file is the only place that reads standard input and writes
 * standard output; the protocol is the library's (lib/lsp.c). Input is
 * read as it comes and handed over; the queued messages are answered
 * once nothing more is waiting to be read, so that a $/cancelRequest
 * sent right behind its request still finds it unanswered. Nothing is
 * ever written to a file.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const struct cli_opt opts[] = {
	CLI_OPT("stdio", 0, NULL, "talk on standard input and output (the default, and the only way)"),
	CLI_OPT_END
};

static int send_stdout(const char *data, size_t len, void *payload)
{
	(void)payload;
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) == EOF)
		return -1;
	return 0;
}

/* Whether more input is there to read at once. */
static int input_waiting(void)
{
	struct pollfd p = { 0, POLLIN, 0 };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP));
}

static int run(int argc, char **argv)
{
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_repo *repo = NULL;
	handoff_lsp *lsp = NULL;
	static char buf[65536];
	int opt, err, status = EXIT_TROUBLE, closed = 0;
	ssize_t n;

	while ((opt = cli_next(&a, opts, "lsp")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL)
			return cli_usage_error("lsp", "unexpected argument '%s'", a.value);
	}
	/* a client that goes away is a write error to report, not a signal */
	signal(SIGPIPE, SIG_IGN);
	if ((err = handoff_repo_open(&repo, NULL, HANDOFF_REPO_OPEN_OPTIONAL)) < 0 ||
	    (err = handoff_lsp_new(&lsp, repo, NULL, send_stdout, NULL)) < 0) {
		status = cli_error_lib("cannot start the language server", err);
		goto done;
	}
	while (handoff_lsp_exit_status(lsp, 0) < 0) {
		n = read(0, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "git-handoff: cannot read from the client: %s\n",
				strerror(errno));
			goto done;
		}
		if (n == 0) {
			closed = 1;
			break;
		}
		if ((err = handoff_lsp_feed(lsp, buf, (size_t)n)) < 0)
			goto fail;
		while (handoff_lsp_pending(lsp) && !input_waiting())
			if ((err = handoff_lsp_work(lsp)) < 0)
				goto fail;
	}
	/* the client closed its end: what it sent before is still answered */
	while (closed && handoff_lsp_pending(lsp))
		if ((err = handoff_lsp_work(lsp)) < 0)
			goto fail;
	if (closed && handoff_lsp_exit_status(lsp, 1))
		fprintf(stderr, "git-handoff: lsp: the client closed the connection "
			"without shutdown and exit\n");
	status = handoff_lsp_exit_status(lsp, 1);
	goto done;
fail:
	status = cli_error_lib("language server", err);
done:
	handoff_lsp_free(lsp);
	handoff_repo_free(repo);
	return status;
}

const struct cli_command lsp_command = {
	"lsp", run, "a language server for editors (LSP on stdin and stdout)",
	"lsp [--stdio]", opts
};

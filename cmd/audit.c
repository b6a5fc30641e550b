/*
 * audit: every change to a material path of every record, who made it
 * and when, whether the record was accepted then and whether the change
 * was authorised; and the signs of tampering. Exit 1 when a change was
 * not authorised or a signal was found.
 */
#include <string.h>

#include "cmd.h"

static struct {
	handoff_audit_options o;
	const char *format, *file;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("since", 0, "<date>", "changes on or after <date>", &given.o.since),
	CLI_VALUE("until", 0, "<date>", "changes on or before <date>", &given.o.until),
	CLI_FLAG("after-acceptance", 0, "only changes made to accepted handoffs",
		&given.o.after_acceptance),
	CLI_VALUE("format", 0, "<fmt>", "text (default), json or csv", &given.format),
	CLI_VALUE("rev", 0, "<rev>", "the history up to <rev>", &given.o.rev),
	CLI_VALUE("output", 'o', "<file>", "write to <file> instead of standard output", &given.file),
	CLI_OPT_END
};

static int run(int argc, char **argv)
{
	handoff_audit_options o = HANDOFF_AUDIT_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_audit *audit = NULL;
	handoff_repo *repo = NULL;
	struct cli_out out;
	const char *file = NULL;
	int opt, err, status, format = HANDOFF_FORMAT_TEXT;

	memset(&given, 0, sizeof(given));
	given.o = o;
	while ((opt = cli_next(&a, opts, "audit")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL)
			return cli_usage_error("audit", "audit reads every record; it takes no paths");
	}
	o = given.o;
	file = given.file;
	if (given.format && !strcmp(given.format, "csv"))
		format = HANDOFF_FORMAT_CSV;
	else if (given.format && (format = cli_format(given.format, "audit", 0)) < 0)
		return EXIT_USAGE;
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0 ||
	    (err = handoff_audit_run(&audit, repo, &o)) < 0) {
		status = cli_error_lib("audit", err);
	} else if (!(status = cli_out_open(&out, file))) {
		err = handoff_audit_write(audit, (handoff_format)format,
			!file && cli_color(stdout), cli_out_write, &out);
		status = cli_out_close(&out, err == 0);
		if (err < 0 && !status)
			status = cli_error_lib("audit", err);
		if (!status && handoff_audit_findings(audit))
			status = EXIT_FINDINGS;
	}
	handoff_audit_free(audit);
	handoff_repo_free(repo);
	return status;
}

const struct cli_command audit_command = {
	"audit", run, "every change to material fields: who, when, authorised or not",
	"audit [--since <date>] [--until <date>] [--after-acceptance] [--format text|json|csv]",
	opts
};

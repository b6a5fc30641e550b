/*
 * report: handoff quality and SLA figures by rep, csm, team, month,
 * segment or kind, as text, CSV, JSON or one self-contained HTML page.
 * A person's figures are of the SLAs their role owns, and scores of two
 * kinds are never averaged together.
 */
#include <string.h>

#include "cmd.h"

static const struct cli_opt opts[] = {
	{ "by", 0, "<what>", "rep, csm, team, month, segment or kind (default: all of a kind together)" },
	{ "since", 0, "<date>", "handoffs dated on or after <date> (signature, transition date)" },
	{ "until", 0, "<date>", "handoffs dated on or before <date>" },
	{ "format", 0, "<fmt>", "text (default), csv, json or html" },
	{ "output", 'o', "<file>", "write to <file> instead of standard output" },
	{ "rev", 0, "<rev>", "the history up to <rev>" },
	{ "first-parent", 0, NULL, "time a change by when it reached the main line" },
	{ "author-time", 0, NULL, "use author times, not committer times" },
	{ "no-cache", 0, NULL, "walk the history again; neither read nor write .git/handoff/" },
	{ "as-of", 0, "<time>", "judge deadlines at <time> (YYYY-MM-DD or a date-time); default now" },
	{ "kind", 0, "<kind>", "only handoffs of <kind> (default: deal-handoff for rep, csm and team; else a table per kind)" },
	{ NULL, 0, NULL, NULL }
};

static int parse_by(const char *s)
{
	static const char *const names[] = { "all", "rep", "team", "month", "segment",
		"csm", "kind", NULL };
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static int parse_format(const char *s)
{
	if (!strcmp(s, "csv"))
		return HANDOFF_FORMAT_CSV;
	if (!strcmp(s, "html"))
		return HANDOFF_FORMAT_HTML;
	if (!strcmp(s, "text"))
		return HANDOFF_FORMAT_TEXT;
	if (!strcmp(s, "json"))
		return HANDOFF_FORMAT_JSON;
	return -1;
}

static int run(int argc, char **argv)
{
	handoff_assess_options o = HANDOFF_ASSESS_OPTIONS_INIT;
	handoff_summary_options so = HANDOFF_SUMMARY_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	const char *file = NULL, *as_of = NULL;
	long long when;
	int format = HANDOFF_FORMAT_TEXT, by, opt, err;

	while ((opt = cli_next(&a, opts, "report")) != CLI_END) {
		switch (opt) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_POSITIONAL:
			return cli_usage_error("report", "report takes no records: it covers them all");
		case 0:
			if ((by = parse_by(a.value)) < 0)
				return cli_usage_error("report", "--by: rep, csm, team, month, segment or kind, not '%s'", a.value);
			so.by = (handoff_group_by)by;
			break;
		case 1: so.since = a.value; break;
		case 2: so.until = a.value; break;
		case 3:
			if ((format = parse_format(a.value)) < 0)
				return cli_usage_error("report", "unknown format '%s' (text, csv, json, html)", a.value);
			break;
		case 4: file = a.value; break;
		case 5: o.rev = a.value; break;
		case 6: o.first_parent = 1; break;
		case 7: o.author_time = 1; break;
		case 8: o.no_cache = 1; break;
		case 9: as_of = a.value; break;
		case 10: so.kind = a.value; break;
		}
	}
	if ((err = cli_assess(&as, &o)) != 0)
		return err;
	if (as_of && handoff_time_parse(&when, as, as_of) < 0) {
		err = cli_usage_error("report", "--as-of: %s", handoff_error_last()->message);
		handoff_assessments_free(as);
		return err;
	}
	if (as_of)
		handoff_assessments_set_time(as, when);
	cli_print_assess_notes(as);
	if ((err = handoff_summary_format(&out, as, &so, (handoff_format)format)) < 0)
		err = err == HANDOFF_EINVALID ?
			cli_usage_error("report", "%s", handoff_error_last()->message) :
			cli_error_lib(NULL, err);
	else if ((err = cli_emit(&out, file)) == 0 && file)
		fprintf(stderr, "wrote %s\n", file);
	handoff_buf_dispose(&out);
	handoff_assessments_free(as);
	return err;
}

const struct cli_command report_command = {
	"report", run, "quality and SLA figures by rep, csm, team, month, segment or kind",
	"report [--by rep|csm|team|month|segment|kind] [--kind <kind>] [--since <date>] [--until <date>] [--as-of <time>] [--format text|csv|json|html] [-o <file>]",
	opts
};

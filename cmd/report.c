/*
 * report: handoff quality and SLA figures by rep, csm, team, month,
 * segment or kind, as text, CSV, JSON or one self-contained HTML page.
 * A person's figures are of the SLAs their role owns, and scores of two
 * kinds are never averaged together. With --html, the dashboard: a
 * folder of static pages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"

static const struct cli_opt opts[] = {
	{ "by", 0, "<what>", "rep, csm, team, month, segment, kind or reason (default: all of a kind together)" },
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
	{ "html", 0, "<dir>", "write the dashboard, a static site, into folder <dir>" },
	{ "commitments", 0, NULL, "commitment delivery by account, csm or rep: on time, late, dropped with reason, open, overdue" },
	{ NULL, 0, NULL, NULL }
};

static int parse_by(const char *s)
{
	static const char *const names[] = { "all", "rep", "team", "month", "segment",
		"csm", "kind", "reason", "account", NULL };
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

struct site_out {
	const char *dir;
	size_t pages;
	int failed;	/* a page not written, already told */
};

/* Each page replaces its file whole (cli_emit), so a reader never sees half a page. */
static int write_page(const char *name, const handoff_buf *page, void *payload)
{
	struct site_out *o = payload;
	size_t n = strlen(o->dir) + strlen(name) + 2;
	char *path = malloc(n);
	int err;

	if (!path) {
		cli_warn("cannot write '%s': out of memory", name);
		o->failed = 1;
		return HANDOFF_ERROR;
	}
	snprintf(path, n, "%s/%s", o->dir, name);
	err = cli_emit(page, path);
	free(path);
	o->pages++;
	o->failed = err != 0;
	return err ? HANDOFF_ERROR : 0;
}

/*
 * The pages of the handoffs show what was changed after acceptance: the
 * audit of the same history, those changes only.
 */
static int write_site(const handoff_assessments *as,
	const handoff_summary_options *so, const char *rev, const char *dir)
{
	handoff_audit_options ao = HANDOFF_AUDIT_OPTIONS_INIT;
	struct site_out o = { dir, 0, 0 };
	handoff_audit *audit = NULL;
	handoff_repo *repo = NULL;
	struct stat st;
	int err;

	if (mkdir(dir, 0777) < 0 && (errno != EEXIST || stat(dir, &st) < 0 ||
	    !S_ISDIR(st.st_mode))) {
		cli_warn("cannot create '%s': %s", dir, errno == EEXIST ?
			"not a folder" : strerror(errno));
		return EXIT_TROUBLE;
	}
	ao.rev = rev;
	ao.after_acceptance = 1;
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0 ||
	    (err = handoff_audit_run(&audit, repo, &ao)) < 0) {
		handoff_repo_free(repo);
		return cli_error_lib(NULL, err);
	}
	err = handoff_site_write(as, so, audit, write_page, &o);
	handoff_audit_free(audit);
	handoff_repo_free(repo);
	if (err < 0 && o.failed)
		return EXIT_TROUBLE;	/* cli_emit told why */
	if (err < 0)
		return err == HANDOFF_EINVALID ?
			cli_usage_error("report", "%s", handoff_error_last()->message) :
			cli_error_lib(NULL, err);
	fprintf(stderr, "wrote %zu pages to %s\n", o.pages, dir);
	return 0;
}

static int run(int argc, char **argv)
{
	handoff_assess_options o = HANDOFF_ASSESS_OPTIONS_INIT;
	handoff_summary_options so = HANDOFF_SUMMARY_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	const char *file = NULL, *as_of = NULL, *site = NULL;
	long long when;
	int format = HANDOFF_FORMAT_TEXT, by, opt, err, formatted = 0, promised = 0;

	while ((opt = cli_next(&a, opts, "report")) != CLI_END) {
		switch (opt) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_POSITIONAL:
			return cli_usage_error("report", "report takes no records: it covers them all");
		case 0:
			if ((by = parse_by(a.value)) < 0)
				return cli_usage_error("report", "--by: rep, csm, team, month, segment or kind (or account, with --commitments), not '%s'", a.value);
			so.by = (handoff_group_by)by;
			break;
		case 1: so.since = a.value; break;
		case 2: so.until = a.value; break;
		case 3:
			if ((format = parse_format(a.value)) < 0)
				return cli_usage_error("report", "unknown format '%s' (text, csv, json, html)", a.value);
			formatted = 1;
			break;
		case 4: file = a.value; break;
		case 5: o.rev = a.value; break;
		case 6: o.first_parent = 1; break;
		case 7: o.author_time = 1; break;
		case 8: o.no_cache = 1; break;
		case 9: as_of = a.value; break;
		case 10: so.kind = a.value; break;
		case 11: site = a.value; break;
		case 12: promised = 1; break;
		}
	}
	if (so.by == HANDOFF_BY_ACCOUNT && !promised)
		return cli_usage_error("report", "--by account is for --commitments");
	if (site && promised)
		return cli_usage_error("report", "--html and --commitments are two reports: pick one");
	if (site && (formatted || file || so.by != HANDOFF_BY_ALL || so.kind))
		return cli_usage_error("report", "--html writes a folder of pages: "
			"not with --format, --by, --kind or -o");
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
	if (site) {
		err = write_site(as, &so, o.rev, site);
		handoff_assessments_free(as);
		return err;
	}
	if ((err = promised ?
	    handoff_commitments_format(&out, as, &so, (handoff_format)format) :
	    handoff_summary_format(&out, as, &so, (handoff_format)format)) < 0)
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
	"report", run, "quality and SLA figures by rep, csm, team, month, segment, kind or reason",
	"report [--commitments] [--by rep|csm|team|month|segment|kind|reason|account] [--kind <kind>] [--since <date>] [--until <date>] [--as-of <time>] [--format text|csv|json|html] [-o <file>] [--html <dir>]",
	opts
};

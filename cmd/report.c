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

static struct {
	struct cli_history h;
	const char *by, *format, *file, *site;
	int promised;
	handoff_summary_options so;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("by", 0, "<what>", "rep, csm, team, month, segment, kind or reason (default: all of a kind together)", &given.by),
	CLI_VALUE("since", 0, "<date>", "handoffs dated on or after <date> (signature, transition date)", &given.so.since),
	CLI_VALUE("until", 0, "<date>", "handoffs dated on or before <date>", &given.so.until),
	CLI_VALUE("format", 0, "<fmt>", "text (default), csv, json or html", &given.format),
	CLI_VALUE("output", 'o', "<file>", "write to <file> instead of standard output", &given.file),
	CLI_HISTORY_OPTS(given.h),
	CLI_FLAG("no-cache", 0, "walk the history again; neither read nor write .git/handoff/",
		&given.h.assess.no_cache),
	CLI_VALUE("kind", 0, "<kind>", "only handoffs of <kind> (default: deal-handoff for rep, csm and team; else a table per kind)", &given.so.kind),
	CLI_VALUE("html", 0, "<dir>", "write the dashboard, a static site, into folder <dir>", &given.site),
	CLI_FLAG("commitments", 0, "commitment delivery by account, csm or rep: on time, late, dropped with reason, open, overdue",
		&given.promised),
	CLI_OPT_END
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
	static const handoff_summary_options so_init = HANDOFF_SUMMARY_OPTIONS_INIT;
	handoff_summary_options *so = &given.so;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	int format = HANDOFF_FORMAT_TEXT, by, opt, err;

	memset(&given, 0, sizeof(given));
	cli_history_init(&given.h);
	given.so = so_init;
	while ((opt = cli_next(&a, opts, "report")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL)
			return cli_usage_error("report", "report takes no records: it covers them all");
	}
	if (given.by && (by = parse_by(given.by)) < 0)
		return cli_usage_error("report", "--by: rep, csm, team, month, segment or kind (or account, with --commitments), not '%s'", given.by);
	if (given.by)
		so->by = (handoff_group_by)by;
	if (given.format && (format = parse_format(given.format)) < 0)
		return cli_usage_error("report", "unknown format '%s' (text, csv, json, html)", given.format);
	if (so->by == HANDOFF_BY_ACCOUNT && !given.promised)
		return cli_usage_error("report", "--by account is for --commitments");
	if (given.site && given.promised)
		return cli_usage_error("report", "--html and --commitments are two reports: pick one");
	if (given.site && (given.format || given.file || so->by != HANDOFF_BY_ALL || so->kind))
		return cli_usage_error("report", "--html writes a folder of pages: "
			"not with --format, --by, --kind or -o");
	if ((err = cli_history_assess(&as, NULL, &given.h, "report")) != 0)
		return err;
	cli_print_assess_notes(as);
	if (given.site) {
		err = write_site(as, so, given.h.assess.rev, given.site);
		handoff_assessments_free(as);
		return err;
	}
	if ((err = given.promised ?
	    handoff_commitments_format(&out, as, so, (handoff_format)format) :
	    handoff_summary_format(&out, as, so, (handoff_format)format)) < 0)
		err = err == HANDOFF_EINVALID ?
			cli_usage_error("report", "%s", handoff_error_last()->message) :
			cli_error_lib(NULL, err);
	else if ((err = cli_emit(&out, given.file)) == 0 && given.file)
		fprintf(stderr, "wrote %s\n", given.file);
	handoff_buf_dispose(&out);
	handoff_assessments_free(as);
	return err;
}

const struct cli_command report_command = {
	"report", run, "quality and SLA figures by rep, csm, team, month, segment, kind or reason",
	"report [--commitments] [--by rep|csm|team|month|segment|kind|reason|account] [--kind <kind>] [--since <date>] [--until <date>] [--as-of <time>] [--format text|csv|json|html] [-o <file>] [--html <dir>]",
	opts
};

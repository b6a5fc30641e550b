/*
 * The dashboard: a static site, one HTML page per file, that a CI job
 * publishes as it is (GitLab or GitHub Pages) and a browser opens from
 * the disk. An overview (index.html), a page per rep, per team and per
 * handoff. Every page stands alone: its style is inline, its charts are
 * inline SVG drawn here, it runs no script and fetches nothing, and its
 * links are to sibling files. The figures are summary.c's, so the site
 * says what `report` says; the records in flight, whose scores are
 * provisional, are listed apart from the final ones, as there. As
 * there too, scores of two kinds are never put together: the overview
 * has a section per kind, and a rep's or a team's page covers the kind
 * report --by rep covers (deal handoffs), her SLAs the ones she owns.
 *
 * Page names come from ids, emails and team names: only letters,
 * digits, '.', '_' and '-' are kept, and a name that lost anything (or
 * would clash with another page) gets a hash of the whole key, so no
 * record can name a file outside the folder or overwrite another page.
 */
#include <time.h>

#include "format.h"
#include "json.h"
#include "kind.h"
#include "out.h"
#include "site.h"
#include "summary.h"

#define NAME_MAX_KEY 80

struct site {
	const handoff_assessments *a;
	const handoff_summary_options *o;
	struct tz *tz;
	long long now;
	const char *order[8];	/* band names, best first */
	size_t norder;
	char (*names)[128];	/* each handoff's page; "" when out of range */
	const struct summary *reps, *teams;	/* the groups that have a page */
	const struct json *changes;	/* the audit's, after acceptance; or NULL */
	handoff_page_cb page;
	void *payload;
};

/* FNV-1a: names a page whose key could not be kept as it is. */
static unsigned long hash32(const char *s)
{
	unsigned long h = 2166136261UL;

	for (; *s; s++)
		h = ((h ^ (unsigned char)*s) * 16777619UL) & 0xffffffffUL;
	return h;
}

static void page_name(char *out, size_t size, const char *prefix,
	const char *key, int force_hash)
{
	size_t i, n = 0;
	char safe[NAME_MAX_KEY + 1];
	int lossy = force_hash || !*key;

	for (i = 0; key[i]; i++) {
		char c = key[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		if (n == NAME_MAX_KEY) {
			lossy = 1;
			break;
		}
		if (!ok)
			lossy = 1;
		/* '@' becomes '.', so jane@vendor.example still reads as an address */
		safe[n++] = ok ? c : c == '@' ? '.' : '-';
	}
	safe[n] = '\0';
	if (lossy)
		snprintf(out, size, "%s-%s-%08lx.html", prefix, safe, hash32(key));
	else
		snprintf(out, size, "%s-%s.html", prefix, safe);
}

/* The rep as report --by rep finds her. */
static const char *rep_of(const struct assessment *as)
{
	const char *p = handoff__summary_person(as, HANDOFF_BY_REP);

	return p ? p : "(no rep)";
}

static const char *team_of(const struct assessment *as)
{
	return as->team ? as->team : "(no team)";
}

static const char *label_of(const struct assessment *as)
{
	return as->id ? as->id : as->path;
}

static void time_text(handoff_buf *b, const struct site *s, long long t)
{
	char buf[40];

	if (!t) {
		handoff__buf_puts(b, "-");
		return;
	}
	handoff__out_time(buf, sizeof(buf), s->tz, t);
	buf[10] = ' ';
	buf[16] = '\0';	/* to the minute: the offset is said once, at the top */
	handoff__buf_puts(b, buf);
}

static void link(handoff_buf *b, const char *file, const char *text)
{
	handoff__buf_puts(b, "<a href=\"");
	handoff__html_esc(b, file);
	handoff__buf_puts(b, "\">");
	handoff__html_esc(b, text);
	handoff__buf_puts(b, "</a>");
}

static const struct group *group_of(const struct summary *s, const char *kind,
	const char *key)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (!strcmp(s->v[i].key, key) && (!kind || !s->v[i].kind ||
		    !strcmp(s->v[i].kind, kind)))
			return &s->v[i];
	return NULL;
}

/* A person by name; a link to her page when she has one. */
static void rep_link(handoff_buf *b, const struct site *s, const char *rep)
{
	const char *shown = handoff__assessments_person(s->a, rep);
	char name[128];

	if (!group_of(s->reps, NULL, rep)) {
		handoff__html_esc(b, shown ? shown : rep);
		return;
	}
	page_name(name, sizeof(name), "rep", rep, 0);
	link(b, name, shown ? shown : rep);
}

static void team_link(handoff_buf *b, const struct site *s, const char *team)
{
	char name[128];

	if (!group_of(s->teams, NULL, team)) {
		handoff__html_esc(b, team);
		return;
	}
	page_name(name, sizeof(name), "team", team, 0);
	link(b, name, team);
}

/* `key` as an id attribute: what a page name keeps of it. */
static void slug(char *out, size_t size, const char *key)
{
	size_t n = 0;

	for (; *key && n + 1 < size; key++)
		out[n++] = (*key >= 'a' && *key <= 'z') || (*key >= 'A' && *key <= 'Z') ||
			(*key >= '0' && *key <= '9') || *key == '_' ? *key : '-';
	out[n] = '\0';
}

static void head(handoff_buf *b, const struct site *s, const char *title,
	const char *title2)
{
	handoff__buf_puts(b,
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width\"><title>");
	handoff__html_esc(b, title);
	handoff__html_esc(b, title2);
	handoff__buf_printf(b, "</title><style>%s</style></head><body>\n"
		"<nav><a href=\"index.html\">Overview</a></nav>\n<h1>",
			handoff__html_style);
	handoff__html_esc(b, title);
	handoff__html_esc(b, title2);
	handoff__buf_puts(b, "</h1>\n");
	handoff__html_band_defs(b);
	(void)s;
}

static int emit(struct site *s, const char *name, handoff_buf *b)
{
	int err;

	handoff__buf_puts(b, "</body></html>\n");
	err = handoff__buf_failed(b) ? HANDOFF_ERROR : s->page(name, b, s->payload);
	handoff_buf_dispose(b);
	return err < 0 ? err : 0;
}

/* ---- figures --------------------------------------------------------- */

static void band_chart(handoff_buf *b, const struct site *s, const char *id,
	const struct group *g)
{
	struct html_bar bars[8];
	size_t i, j, n = 0;

	for (i = 0; g && i < s->norder; i++)
		for (j = 0; j < g->nbands; j++)
			if (!strcmp(g->bands[j].name, s->order[i])) {
				bars[n].label = s->order[i];
				bars[n].fill = (int)i;
				bars[n++].value = (double)g->bands[j].count;
			}
	handoff__html_chart(b, id, "Final scores by band (handoffs), best first", bars, n,
		g ? (double)g->nscores : 0, "");
}

static int sla_chart(handoff_buf *b, const char *id, const struct group *g)
{
	struct html_bar *bars;
	size_t i, n = g ? g->nsla : 0;

	if (!(bars = calloc(n + 1, sizeof(*bars))))
		return handoff__error_oom();
	for (i = 0; i < n; i++) {
		bars[i].label = g->sla[i].name;
		bars[i].fill = -1;
		bars[i].value = (double)(long)(1000.0 * g->sla[i].met / g->sla[i].all + .5) / 10;
	}
	handoff__html_chart(b, id,
		"SLA attainment by rule (% met of those decided)", bars, n,
		100, "%");
	free(bars);
	return 0;
}

static void figures_header(handoff_buf *b, const char *what)
{
	handoff__buf_printf(b, "<table class=\"figures\"><tr><th>%s</th><th>handoffs</th>"
		"<th>in flight</th><th>mean</th><th>median</th><th>SLAs met</th>"
		"<th>time to handoff (median, p90)</th><th>rejections</th></tr>\n", what);
}

static void figures_row(handoff_buf *b, const struct site *s,
	const struct group *g, int kind)
{
	handoff__buf_puts(b, "<tr data-key=\"");
	handoff__html_esc(b, g->key);
	handoff__buf_printf(b, "\" data-count=\"%zu\" data-mean=\"%g\"><td>",
		g->count, g->mean);
	if (kind == 'r')
		rep_link(b, s, g->key);
	else if (kind == 't')
		team_link(b, s, g->key);
	else
		handoff__html_esc(b, g->name ? g->name : g->key);
	handoff__buf_printf(b, "</td><td>%zu</td><td>%zu</td>", g->count, g->provisional);
	if (g->nscores)
		handoff__buf_printf(b, "<td>%g</td><td>%g</td>", g->mean, g->median);
	else
		handoff__buf_puts(b, "<td>-</td><td>-</td>");
	if (g->within_pct < 0)
		handoff__buf_puts(b, "<td>-</td>");
	else
		handoff__buf_printf(b, "<td>%g%%</td>", g->within_pct);
	if (g->ntth)
		handoff__buf_printf(b, "<td>%g h, %g h</td>", g->tth_median, g->tth_p90);
	else
		handoff__buf_puts(b, "<td>-</td>");
	handoff__buf_printf(b, "<td>%u</td></tr>\n", g->rejections);
}

/*
 * The handoffs `keep` selects, final ones in one table and those in
 * flight in another, apart, as the figures count them.
 */
static void handoff_tables(handoff_buf *b, const struct site *s,
	int (*keep)(const struct assessment *, const struct group *),
	const struct group *arg)
{
	size_t i, pass, n;

	for (pass = 0; pass < 2; pass++) {
		for (i = n = 0; i < s->a->n; i++) {
			const struct assessment *as = &s->a->v[i];
			struct standing st;

			if (!s->names[i][0] || (keep && !keep(as, arg)))
				continue;
			handoff__assessment_standing(&st, as, s->now);
			if (st.provisional != (int)pass)
				continue;
			if (!n++ && pass == 0)
				handoff__buf_puts(b,
					"<h2 id=\"final\">Handoffs</h2>\n<table "
					"class=\"handoffs\"><tr><th>handoff</th><th>account</th>"
					"<th>kind</th><th>rep</th><th>team</th><th>state</th>"
					"<th>score</th><th>band</th></tr>\n");
			else if (n == 1)
				handoff__buf_puts(b,
					"<section class=\"flight\"><h2 id=\"in-flight\">"
					"In flight: provisional scores</h2>\n<p>Not decided, and some "
					"points not yet due: in none of the figures. The band is the "
					"best each can still reach on time.</p>\n<table class=\"handoffs "
					"provisional\"><tr><th>handoff</th><th>account</th><th>kind</th>"
					"<th>rep</th><th>team</th><th>state</th><th>so far</th>"
					"<th>still possible</th><th>band if on time</th></tr>\n");
			handoff__buf_puts(b, "<tr data-id=\"");
			handoff__html_esc(b, label_of(as));
			handoff__buf_puts(b, "\"><td>");
			link(b, s->names[i], label_of(as));
			handoff__buf_puts(b, "</td><td>");
			handoff__html_esc(b, as->account ? as->account : "-");
			handoff__buf_puts(b, "</td><td>");
			handoff__html_esc(b, as->kind ? as->kind : "-");
			handoff__buf_puts(b, "</td><td>");
			rep_link(b, s, rep_of(as));
			handoff__buf_puts(b, "</td><td>");
			team_link(b, s, team_of(as));
			handoff__buf_puts(b, "</td><td>");
			handoff__html_esc(b, as->acceptance ? as->acceptance : "draft");
			if (pass == 0)
				handoff__buf_printf(b, "</td><td>%g</td><td>", as->score);
			else
				handoff__buf_printf(b, "</td><td>%g</td><td>%g</td><td>",
					st.score, st.possible);
			handoff__html_band_swatch(b, s->order, s->norder,
				pass ? st.band : as->band);
			handoff__buf_puts(b, "</td></tr>\n");
		}
		if (n)
			handoff__buf_puts(b, pass ? "</table></section>\n" : "</table>\n");
	}
}

static void range_text(handoff_buf *b, const struct site *s)
{
	char clock[128];

	handoff__buf_printf(b, "<p>As of ");
	time_text(b, s, s->now);
	handoff__assessments_clock(clock, sizeof(clock), s->a);
	handoff__buf_printf(b, " (%s); clock: %s.",
		s->a->timezone ? s->a->timezone : "UTC", clock);
	if (s->o->since || s->o->until) {
		handoff__buf_puts(b, " Handoffs started");
		if (s->o->since)
			handoff__buf_printf(b, " from %s", s->o->since);
		if (s->o->until)
			handoff__buf_printf(b, " until %s", s->o->until);
		handoff__buf_puts(b, ".");
	}
	handoff__buf_puts(b, "</p>\n");
}

/* ---- the overview ---------------------------------------------------- */

/*
 * A kind's figures: its bands, its mean final score by month, its SLA
 * attainment by rule and its time to handoff by month.
 */
static int kind_section(handoff_buf *b, const struct site *s, const struct group *g,
	const struct summary *months)
{
	struct html_bar *bars;
	char id[64], fig[96];
	size_t i, n;
	int err;

	if (!(bars = calloc(months->n + 1, sizeof(*bars))))
		return handoff__error_oom();
	slug(id, sizeof(id), g->kind ? g->kind : "all");
	handoff__buf_printf(b, "<section id=\"kind-%s\"><h2>", id);
	handoff__html_esc(b, g->kind ? g->kind : "all");
	handoff__buf_printf(b, "</h2>\n<p>%zu handoffs, %zu of them in flight.</p>\n",
		g->count, g->provisional);
	snprintf(fig, sizeof(fig), "bands-%s", id);
	band_chart(b, s, fig, g);
	for (i = n = 0; i < months->n; i++)
		if (months->v[i].nscores && months->v[i].kind && g->kind &&
		    !strcmp(months->v[i].kind, g->kind)) {
			bars[n].label = months->v[i].key;
			bars[n++].value = months->v[i].mean;
		}
	snprintf(fig, sizeof(fig), "trend-%s", id);
	handoff__html_line_chart(b, fig, "Mean final score by month (of 100)",
		bars, n, 100, "");
	snprintf(fig, sizeof(fig), "sla-by-rule-%s", id);
	err = sla_chart(b, fig, g);
	for (i = n = 0; i < months->n; i++)
		if (months->v[i].ntth && months->v[i].kind && g->kind &&
		    !strcmp(months->v[i].kind, g->kind)) {
			bars[n].label = months->v[i].key;
			bars[n].fill = -1;
			bars[n++].value = months->v[i].tth_median;
		}
	snprintf(fig, sizeof(fig), "tth-by-month-%s", id);
	handoff__html_chart(b, fig,
		"Median time to handoff by month (hours from signature to "
		"a complete record)", bars, n, g->ntth ? g->tth[g->ntth - 1] : 0, " h");
	handoff__buf_puts(b, "</section>\n");
	free(bars);
	return err;
}

static int overview(struct site *s, const struct summary *all)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	struct summary months;
	size_t i;
	int err;

	if ((err = handoff__summarize(&months, s->a, HANDOFF_BY_MONTH, s->o->since,
	    s->o->until, s->tz)) < 0)
		return err;
	head(&b, s, "Handoff dashboard", "");
	range_text(&b, s);
	handoff__buf_puts(&b, "<p>Means, medians and bands are of final scores; scores "
		"of different kinds are never put together.</p>\n");
	for (i = 0; err == 0 && i < all->n; i++)
		err = kind_section(&b, s, &all->v[i], &months);
	handoff__summary_release(&months);
	handoff__buf_puts(&b, "<h2 id=\"reps\">Reps</h2>\n<p>Deal handoffs by account "
		"executive; SLAs met counts the SLAs sales owns.</p>\n");
	figures_header(&b, "rep");
	for (i = 0; i < s->reps->n; i++)
		figures_row(&b, s, &s->reps->v[i], 'r');
	handoff__buf_puts(&b, "</table>\n<h2 id=\"teams\">Teams</h2>\n");
	figures_header(&b, "team");
	for (i = 0; i < s->teams->n; i++)
		figures_row(&b, s, &s->teams->v[i], 't');
	handoff__buf_puts(&b, "</table>\n");
	handoff_tables(&b, s, NULL, NULL);
	for (i = 0; i < s->a->nnotes; i++) {
		handoff__buf_puts(&b, "<p class=\"note\">warning: ");
		handoff__html_esc(&b, s->a->notes[i]);
		handoff__buf_puts(&b, "</p>\n");
	}
	if (err < 0) {
		handoff_buf_dispose(&b);
		return err;
	}
	return emit(s, "index.html", &b);
}

/* ---- a rep's and a team's page --------------------------------------- */

/* The handoffs behind a group's figures: of its kind, and its rep's or team's. */
static int is_rep(const struct assessment *as, const struct group *g)
{
	return (!g->kind || (as->kind && !strcmp(as->kind, g->kind))) &&
		!strcmp(rep_of(as), g->key);
}

static int is_team(const struct assessment *as, const struct group *g)
{
	return (!g->kind || (as->kind && !strcmp(as->kind, g->kind))) &&
		!strcmp(team_of(as), g->key);
}

static int group_page(struct site *s, const struct group *g, int kind)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	char name[128];
	int err;

	page_name(name, sizeof(name), kind == 'r' ? "rep" : "team", g->key, 0);
	head(&b, s, kind == 'r' ? "Rep: " : "Team: ", g->name ? g->name : g->key);
	range_text(&b, s);
	handoff__buf_puts(&b, "<p>");
	handoff__html_esc(&b, g->kind ? g->kind : "every kind");
	handoff__buf_puts(&b,
		kind == 'r' ? "s by this account executive (" : "s of the team's "
		"account executives; SLAs met counts the SLAs sales owns.</p>\n");
	if (kind == 'r') {
		handoff__html_esc(&b, g->key);
		handoff__buf_puts(&b, "); SLAs met counts the SLAs she owns.</p>\n");
	}
	figures_header(&b, kind == 'r' ? "rep" : "team");
	figures_row(&b, s, g, 0);
	handoff__buf_puts(&b, "</table>\n");
	band_chart(&b, s, "bands", g);
	if ((err = sla_chart(&b, "sla-by-rule", g)) < 0) {
		handoff_buf_dispose(&b);
		return err;
	}
	handoff_tables(&b, s, kind == 'r' ? is_rep : is_team, g);
	return emit(s, name, &b);
}

/* ---- a handoff's page ------------------------------------------------ */

static const char *sla_word(const struct sla_result *r, long long now)
{
	switch (r->state) {
	case SLA_MET: return "met";
	case SLA_LATE: return "late";
	case SLA_OPEN: return r->due < now ? "overdue" : "open";
	default: return "not-started";
	}
}

#define TL_LEFT 340
#define TL_WIDTH 500
#define TL_ROW 30
#define TL_TOP 44

static double tl_x(long long t, long long t0, long long t1)
{
	double x = TL_LEFT + TL_WIDTH * (double)(t - t0) / (double)(t1 - t0);

	return x < TL_LEFT - 8 ? TL_LEFT - 8 : x > TL_LEFT + TL_WIDTH + 8 ?
		TL_LEFT + TL_WIDTH + 8 : x;
}

static void tl_mark(handoff_buf *b, double x, size_t h, const char *what)
{
	handoff__buf_printf(b, "<line class=\"mark\" x1=\"%.1f\" x2=\"%.1f\" y1=\"30\" "
		"y2=\"%zu\"/><text x=\"%.1f\" y=\"%zu\" text-anchor=\"middle\">%s</text>",
		x, x, h - 16, x, h - 4, what);
}

/*
 * The SLA clock as a chart: a row per SLA, its window from when its
 * clock started to its deadline (a bar ending in a tick), when it was
 * done (a filled dot when met, a hollow one when late) or a dashed line
 * past the deadline while it is overdue; signature, kickoff and "now"
 * as vertical marks. The axis runs from the signature (or the earliest
 * clock start) to the last deadline or completion.
 */
static void timeline(handoff_buf *b, const struct site *s, const struct assessment *as)
{
	long long t0 = as->signed_at, t1 = 0, kickoff = 0;
	size_t i, h = TL_TOP + TL_ROW * (as->nsla ? as->nsla : 1) + 30;
	char when[40];

	for (i = 0; i < as->nsla; i++) {
		const struct sla_result *r = &as->sla[i];

		if (r->state == SLA_NOT_STARTED)
			continue;
		if (r->started && (!t0 || r->started < t0))
			t0 = r->started;
		if (r->due > t1)
			t1 = r->due;
		if (r->done > t1)
			t1 = r->done;
		if (r->done && strstr(r->name, "kickoff_held"))
			kickoff = r->done;
	}
	if (!t0)
		t0 = as->created;
	if (t1 <= t0)
		t1 = t0 + 86400;
	handoff__buf_printf(b,
		"<figure id=\"timeline\"><figcaption>SLA timeline, signature "
		"to kickoff</figcaption><svg class=\"timeline\" "
		"width=\"%d\" height=\"%zu\" role=\"img\" aria-label=\"SLA timeline\">",
		TL_LEFT + TL_WIDTH + 80, h);
	for (i = 0; i <= 4; i++) {
		long long t = t0 + (t1 - t0) * (long long)i / 4;
		double x = tl_x(t, t0, t1);

		handoff__buf_printf(b,
			"<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"26\" "
			"y2=\"%zu\"/><text x=\"%.1f\" y=\"18\" text-anchor=\"middle\">", x, x,
			h - 30, x);
		time_text(b, s, t);
		handoff__buf_puts(b, "</text>");
	}
	if (as->signed_at)
		tl_mark(b, tl_x(as->signed_at, t0, t1), h, "signature");
	if (kickoff)
		tl_mark(b, tl_x(kickoff, t0, t1), h, "kickoff");
	if (s->now > t0 && s->now < t1)
		tl_mark(b, tl_x(s->now, t0, t1), h, "now");
	if (!as->nsla)
		handoff__buf_printf(b, "<text x=\"4\" y=\"%d\">no SLA</text>", TL_TOP + 18);
	for (i = 0; i < as->nsla; i++) {
		const struct sla_result *r = &as->sla[i];
		const char *word = sla_word(r, s->now);
		size_t y = TL_TOP + TL_ROW * i;

		handoff__buf_puts(b, "<g class=\"sla\" data-sla=\"");
		handoff__html_esc(b, r->name);
		handoff__buf_printf(b, "\" data-state=\"%s\" data-due=\"", word);
		if (r->state != SLA_NOT_STARTED) {
			handoff__out_time(when, sizeof(when), s->tz, r->due);
			handoff__buf_puts(b, when);
		}
		handoff__buf_puts(b, "\" data-done=\"");
		if (r->done) {
			handoff__out_time(when, sizeof(when), s->tz, r->done);
			handoff__buf_puts(b, when);
		}
		handoff__buf_printf(b, "\"><text x=\"%d\" y=\"%zu\" text-anchor=\"end\">",
			TL_LEFT - 12, y + 16);
		handoff__html_esc(b, r->title ? r->title : r->name);
		handoff__buf_puts(b, "</text>");
		if (r->state == SLA_NOT_STARTED) {
			handoff__buf_printf(b,
				"<text x=\"%d\" y=\"%zu\">not started</text></g>",
				TL_LEFT, y + 16);
			continue;
		}
		{
			/* a clock started after its deadline (a date anchor's record
			   written late) draws its window from the axis's start */
			double xs = tl_x(r->started && r->started < r->due ? r->started : t0,
				t0, t1), xd = tl_x(r->due, t0, t1);

			handoff__buf_printf(b,
				"<rect class=\"window\" x=\"%.1f\" y=\"%zu\" "
				"width=\"%.1f\" height=\"14\"/><line class=\"due\" x1=\"%.1f\" "
				"x2=\"%.1f\" y1=\"%zu\" y2=\"%zu\"><title>due ", xs, y + 4,
				xd > xs ? xd - xs : 0, xd, xd, y + 1, y + 21);
			time_text(b, s, r->due);
			handoff__buf_puts(b, "</title></line>");
			if (r->done) {
				handoff__buf_printf(b,
					"<circle class=\"%s\" cx=\"%.1f\" cy=\"%zu\" "
					"r=\"6\"><title>%s ", word, tl_x(r->done, t0, t1), y + 11,
					word);
				time_text(b, s, r->done);
				handoff__buf_puts(b, "</title></circle>");
			} else if (r->due < s->now)
				handoff__buf_printf(b,
					"<line class=\"overdue\" x1=\"%.1f\" x2=\"%d\" "
					"y1=\"%zu\" y2=\"%zu\"/>", xd, TL_LEFT + TL_WIDTH + 8,
					y + 11, y + 11);
			handoff__buf_printf(b, "<text x=\"%d\" y=\"%zu\">%s</text></g>",
				TL_LEFT + TL_WIDTH + 14, y + 16, word);
		}
	}
	handoff__buf_puts(b, "</svg></figure>\n");
}

static void criteria(handoff_buf *b, const struct site *s, const struct assessment *as)
{
	static const char *const sign[] = { "&#10003; ", "&#10007; ", "&#8230; " };
	size_t i;

	handoff__buf_puts(b, "<h2 id=\"criteria\">Score, criterion by criterion</h2>\n"
		"<table class=\"criteria\"><tr><th>group</th><th>criterion</th><th>points</th>"
		"<th>of</th><th>state</th><th>why</th></tr>\n");
	for (i = 0; i < as->ncrit; i++) {
		const struct criterion_result *c = &as->crit[i];
		enum criterion_state st = handoff__criterion_state(c, s->now);

		handoff__buf_puts(b, "<tr data-criterion=\"");
		handoff__html_esc(b, c->name);
		handoff__buf_printf(b, "\" data-state=\"%s\"><td>",
			handoff__criterion_state_name(st));
		handoff__html_esc(b, c->group ? c->group : "-");
		handoff__buf_puts(b, "</td><td>");
		handoff__html_esc(b, c->title ? c->title : c->name);
		handoff__buf_printf(b,
			"</td><td>%g</td><td>%g</td><td class=\"%s\">%s%s</td>"
			"<td class=\"why\">", c->points, c->max,
				handoff__criterion_state_name(st),
			sign[st], handoff__criterion_state_name(st));
		handoff__html_esc(b, c->why ? c->why : "");
		handoff__buf_puts(b, "</td></tr>\n");
	}
	handoff__buf_puts(b, "</table>\n");
}

static void sla_table(handoff_buf *b, const struct site *s, const struct assessment *as)
{
	size_t i;

	if (!as->nsla)
		return;
	handoff__buf_puts(b, "<table class=\"slas\"><tr><th>SLA</th><th>owner</th>"
		"<th>clock started</th><th>due</th><th>done</th><th>state</th></tr>\n");
	for (i = 0; i < as->nsla; i++) {
		const struct sla_result *r = &as->sla[i];

		handoff__buf_puts(b, "<tr><td>");
		handoff__html_esc(b, r->title ? r->title : r->name);
		handoff__buf_puts(b, "</td><td>");
		handoff__html_esc(b,
			r->owner ? handoff__assessments_person(s->a, r->owner) : "-");
		handoff__buf_puts(b, "</td><td>");
		time_text(b, s, r->state == SLA_NOT_STARTED ? 0 : r->started);
		handoff__buf_puts(b, "</td><td>");
		time_text(b, s, r->state == SLA_NOT_STARTED ? 0 : r->due);
		handoff__buf_puts(b, "</td><td>");
		time_text(b, s, r->done);
		handoff__buf_printf(b, "</td><td>%s%s</td></tr>\n",
			r->state == SLA_NOT_STARTED ?
			"not started" : sla_word(r, s->now), r->backdated ? " (backdated)" : "");
	}
	handoff__buf_puts(b, "</table>\n");
}

/* A value of the audit as text: a string as it is, else its JSON. */
static void audit_value(handoff_buf *b, const struct json *v)
{
	handoff_buf t = HANDOFF_BUF_INIT;

	if (!v || v->type == JSON_NULL)
		handoff__buf_puts(b, "-");
	else if (v->type == JSON_STRING)
		handoff__html_esc(b, v->str);
	else {
		handoff__json_write(&t, v);
		handoff__html_esc(b, t.ptr);
		handoff_buf_dispose(&t);
	}
}

/*
 * The material changes made to the record after it was accepted, from
 * the audit: when, by whom in what role, what changed from what to what,
 * the reason given and whether the change was authorised.
 */
static void changes(handoff_buf *b, const struct site *s, const struct assessment *as)
{
	const struct json *c;
	size_t n = 0;

	if (!s->changes)
		return;
	handoff__buf_puts(b, "<h2 id=\"changes\">Material changes after acceptance</h2>\n");
	for (c = s->changes->child; c; c = c->next) {
		const char *path = handoff__json_get_str(c, "path"),
			*who = handoff__json_get_str(c, "author"),
			*role = handoff__json_get_str(c, "role"), *reason = handoff__json_get_str(c, "reason");
		const struct json *ok = handoff__json_get(c, "authorised");

		if (!path || strcmp(path, as->path))
			continue;
		if (!n++)
			handoff__buf_puts(b,
				"<table class=\"changes\"><tr><th>when</th><th>who"
				"</th><th>what</th><th>was</th><th>now</th><th>reason</th>"
				"<th>authorised</th></tr>\n");
		handoff__buf_puts(b, "<tr data-pointer=\"");
		handoff__html_esc(b, handoff__json_get_str(c, "pointer"));
		handoff__buf_puts(b, "\"><td>");
		handoff__html_esc(b, handoff__json_get_str(c, "time"));
		handoff__buf_puts(b, "</td><td>");
		handoff__html_esc(b, who ? who : handoff__json_get_str(c, "email"));
		if (role && *role) {
			handoff__buf_puts(b, " (");
			handoff__html_esc(b, role);
			handoff__buf_puts(b, ")");
		}
		handoff__buf_puts(b, "</td><td>");
		handoff__html_esc(b, handoff__json_get_str(c, "op"));
		handoff__buf_puts(b, " ");
		handoff__html_esc(b, handoff__json_get_str(c, "pointer"));
		handoff__buf_puts(b, "</td><td>");
		audit_value(b, handoff__json_get(c, "old"));
		handoff__buf_puts(b, "</td><td>");
		audit_value(b, handoff__json_get(c, "new"));
		handoff__buf_puts(b, "</td><td>");
		handoff__html_esc(b, reason ? reason : "-");
		handoff__buf_printf(b, "</td><td>%s</td></tr>\n",
			ok && ok->type == JSON_BOOL && ok->boolean ? "yes" : "no");
	}
	handoff__buf_puts(b, n ? "</table>\n" : "<p>None.</p>\n");
}

static int handoff_page(struct site *s, size_t k)
{
	const struct assessment *as = &s->a->v[k];
	handoff_buf b = HANDOFF_BUF_INIT;
	struct standing st;
	size_t i;

	handoff__assessment_standing(&st, as, s->now);
	head(&b, s, "Handoff ", label_of(as));
	handoff__buf_puts(&b, "<table class=\"facts\">");
	handoff__buf_puts(&b, "<tr><th>account</th><td>");
	handoff__html_esc(&b, as->account ? as->account : "-");
	handoff__buf_puts(&b, "</td></tr><tr><th>kind</th><td>");
	handoff__html_esc(&b, as->kind ? as->kind : "-");
	handoff__buf_puts(&b, "</td></tr><tr><th>record</th><td>");
	handoff__html_esc(&b, as->path);
	if (as->commit) {
		handoff__buf_puts(&b, " at ");
		handoff__buf_put(&b, as->commit,
			strlen(as->commit) > 12 ? 12 : strlen(as->commit));
	}
	handoff__buf_puts(&b, "</td></tr><tr><th>rep</th><td>");
	rep_link(&b, s, rep_of(as));
	handoff__buf_puts(&b, "</td></tr><tr><th>team</th><td>");
	team_link(&b, s, team_of(as));
	handoff__buf_puts(&b, "</td></tr><tr><th>CS owner</th><td>");
	handoff__html_esc(&b,
		as->cs_owner ? handoff__assessments_person(s->a, as->cs_owner) : "-");
	handoff__buf_puts(&b, "</td></tr><tr><th>segment</th><td>");
	handoff__html_esc(&b, as->segment ? as->segment : "-");
	handoff__buf_puts(&b, "</td></tr><tr><th>state</th><td>");
	handoff__html_esc(&b, as->acceptance ? as->acceptance : "draft");
	handoff__buf_puts(&b, "</td></tr><tr><th>signed</th><td>");
	time_text(&b, s, as->signed_at);
	handoff__buf_puts(&b, "</td></tr><tr><th>first complete</th><td>");
	time_text(&b, s, as->completed);
	handoff__buf_puts(&b, "</td></tr></table>\n");
	if (st.provisional) {
		handoff__buf_printf(&b,
			"<section class=\"flight\" id=\"in-flight\"><h2>In flight: "
			"provisional score</h2>\n<p class=\"score\" data-provisional=\"true\">%g so far, "
			"%g still possible; ", st.score, st.possible);
		handoff__html_band_swatch(&b, s->order, s->norder, st.band);
		handoff__buf_puts(&b, " if the rest is on time.</p></section>\n");
	} else if (as->max > 0) {
		handoff__buf_printf(&b,
			"<p class=\"score\" data-provisional=\"false\">Score %g "
			"of 100: ", as->score);
		handoff__html_band_swatch(&b, s->order, s->norder, as->band);
		handoff__buf_puts(&b, "</p>\n");
	}
	if (as->ncrit)
		criteria(&b, s, as);
	handoff__buf_puts(&b, "<h2 id=\"slas\">SLAs</h2>\n");
	timeline(&b, s, as);
	sla_table(&b, s, as);
	handoff__buf_puts(&b, "<h2 id=\"decisions\">Decisions</h2>\n");
	if (!as->ndecisions)
		handoff__buf_puts(&b, "<p>None yet.</p>\n");
	else
		handoff__buf_puts(&b, "<ol class=\"decisions\">");
	for (i = 0; i < as->ndecisions; i++) {
		handoff__buf_puts(&b, "<li>");
		time_text(&b, s, as->decisions[i].at);
		handoff__buf_puts(&b, ": ");
		handoff__html_esc(&b, as->decisions[i].status);
		if (as->decisions[i].reasons) {	/* "major_gaps,..." as given */
			handoff__buf_puts(&b, " <span class=\"reasons\">(");
			handoff__html_esc(&b, as->decisions[i].reasons);
			handoff__buf_puts(&b, ")</span>");
		}
		handoff__buf_puts(&b, "</li>");
	}
	if (as->ndecisions)
		handoff__buf_puts(&b, "</ol>\n");
	changes(&b, s, as);
	return emit(s, s->names[k], &b);
}

/* ---- the site -------------------------------------------------------- */

static int date_ok(const char *d)
{
	return !d || (strlen(d) == 10 && handoff__format_check("date", d, 10));
}

/* Each handoff's page name: by id, by path for a second record with the same id. */
static void name_handoffs(struct site *s)
{
	size_t i, j;

	for (i = 0; i < s->a->n; i++) {
		const struct assessment *as = &s->a->v[i];

		if (!handoff__summary_in_range(as, s->o->since, s->o->until, s->tz))
			continue;
		page_name(s->names[i], sizeof(s->names[i]), "handoff", label_of(as), 0);
		for (j = 0; j < i; j++)
			if (!strcmp(s->names[j], s->names[i])) {
				page_name(s->names[i], sizeof(s->names[i]), "handoff",
					as->path, 1);
				break;
			}
	}
}

static int collect(const char *data, size_t len, void *payload)
{
	return handoff__buf_put(payload, data, len);
}

/*
 * The audit as its JSON says it, the one form the library gives it
 * whole; read back with limits as wide as our own output can be.
 */
static int read_audit(struct json **out, const handoff_audit *audit)
{
	struct json_limits lim = { 16, (size_t)-1 };
	handoff_buf b = HANDOFF_BUF_INIT;
	int err;

	if ((err = handoff_audit_write(audit, HANDOFF_FORMAT_JSON, 0, collect, &b)) == 0)
		err = handoff__buf_failed(&b) ? HANDOFF_ERROR :
			handoff__json_parse(out, b.ptr, b.size, &lim, NULL);
	handoff_buf_dispose(&b);
	return err < 0 ? HANDOFF_ERROR : 0;
}

int handoff_site_write(const handoff_assessments *a,
	const handoff_summary_options *opts, const handoff_audit *audit,
	handoff_page_cb page, void *payload)
{
	static const handoff_summary_options defaults = HANDOFF_SUMMARY_OPTIONS_INIT;
	struct summary all, reps, teams;
	struct json *trail = NULL;
	struct site s;
	size_t i;
	int err;

	memset(&s, 0, sizeof(s));
	s.a = a;
	s.o = opts ? opts : &defaults;
	s.page = page;
	s.payload = payload;
	s.now = a->as_of ? a->as_of : (long long)time(NULL);
	if (!date_ok(s.o->since) || !date_ok(s.o->until))
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"--since and --until take a date, YYYY-MM-DD"), HANDOFF_EINVALID;
	if ((err = handoff__tz_load(&s.tz, a->timezone ? a->timezone : "UTC")) < 0)
		return err;
	if (!(s.names = calloc(a->n + 1, sizeof(*s.names)))) {
		handoff__tz_free(s.tz);
		return handoff__error_oom();
	}
	s.norder = handoff__html_band_order(s.order, ARRAY_SIZE(s.order), a);
	name_handoffs(&s);
	memset(&all, 0, sizeof(all));
	memset(&reps, 0, sizeof(reps));
	memset(&teams, 0, sizeof(teams));
	if (audit && (err = read_audit(&trail, audit)) < 0)
		goto done;
	s.changes = trail ? handoff__json_get(trail, "changes") : NULL;
	if ((err = handoff__summarize(&all, a, HANDOFF_BY_ALL, s.o->since, s.o->until, s.tz)) < 0 ||
	    (err = handoff__summarize(&reps, a, HANDOFF_BY_REP, s.o->since, s.o->until, s.tz)) < 0 ||
	    (err = handoff__summarize(&teams, a, HANDOFF_BY_TEAM, s.o->since, s.o->until, s.tz)) < 0)
		goto done;
	s.reps = &reps;
	s.teams = &teams;
	err = overview(&s, &all);
	for (i = 0; err == 0 && i < reps.n; i++)
		err = group_page(&s, &reps.v[i], 'r');
	for (i = 0; err == 0 && i < teams.n; i++)
		err = group_page(&s, &teams.v[i], 't');
	for (i = 0; err == 0 && i < a->n; i++)
		if (s.names[i][0])
			err = handoff_page(&s, i);
done:
	handoff__json_free(trail);
	handoff__summary_release(&all);
	handoff__summary_release(&reps);
	handoff__summary_release(&teams);
	free(s.names);
	handoff__tz_free(s.tz);
	return err;
}

/*
 * The report as one HTML page: inline CSS, inline SVG bar charts, no
 * script and nothing fetched. Every figure is one of summary.c's, and
 * each table row carries them in data- attributes so a test can hold
 * the page to the JSON report. The handoffs in flight, whose scores are
 * provisional and in none of the figures, have their own table.
 */
#include "clock.h"
#include "out.h"
#include "summary.h"

static void esc(handoff_buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': handoff__buf_puts(b, "&lt;"); break;
		case '>': handoff__buf_puts(b, "&gt;"); break;
		case '&': handoff__buf_puts(b, "&amp;"); break;
		case '"': handoff__buf_puts(b, "&quot;"); break;
		default: handoff__buf_put(b, s, 1);
		}
}

struct bar {
	const char *label;
	double value;
};

/* A horizontal bar chart, bars scaled to `max`. */
static void chart(handoff_buf *b, const char *id, const char *title,
	const struct bar *bars, size_t n, double max, const char *unit)
{
	size_t i, h = 28 * (n ? n : 1) + 10;

	handoff__buf_printf(b, "<figure id=\"%s\"><figcaption>", id);
	esc(b, title);
	handoff__buf_printf(b, "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"560\" height=\"%zu\" role=\"img\">", h);
	if (!n)
		handoff__buf_puts(b, "<text x=\"4\" y=\"20\">no data</text>");
	for (i = 0; i < n; i++) {
		double w = max > 0 ? 320 * bars[i].value / max : 0;

		handoff__buf_printf(b, "<text x=\"176\" y=\"%zu\" text-anchor=\"end\">",
			28 * i + 22);
		esc(b, bars[i].label);
		handoff__buf_printf(b, "</text><rect x=\"184\" y=\"%zu\" width=\"%.1f\" "
			"height=\"20\" class=\"bar\"/><text x=\"%.1f\" y=\"%zu\">%g%s</text>",
			28 * i + 6, w, 190 + w, 28 * i + 22, bars[i].value, unit);
	}
	handoff__buf_puts(b, "</svg></figure>\n");
}

static int charts(handoff_buf *b, const handoff_assessments *a,
	const handoff_summary_options *o, const struct tz *tz)
{
	struct summary all, reps, months;
	struct bar *bars = NULL;
	size_t i, n;
	int err;

	if ((err = summarize(&all, a, HANDOFF_BY_ALL, o->since, o->until, tz)) < 0)
		return err;
	if ((err = summarize(&reps, a, HANDOFF_BY_REP, o->since, o->until, tz)) < 0) {
		summary_release(&all);
		return err;
	}
	if ((err = summarize(&months, a, HANDOFF_BY_MONTH, o->since, o->until, tz)) < 0)
		goto done;
	n = reps.n > months.n ? reps.n : months.n;
	if (!(bars = calloc(n + 8, sizeof(*bars)))) {
		err = handoff__error_oom();
		goto done;
	}
	for (i = 0; all.n && i < all.v[0].nbands; i++) {
		bars[i].label = all.v[0].bands[i].name;
		bars[i].value = (double)all.v[0].bands[i].count;
	}
	chart(b, "bands", "Score distribution by band (handoffs)", bars,
		all.n ? all.v[0].nbands : 0, all.n ? (double)all.v[0].nscores : 0, "");
	for (i = 0; i < reps.n; i++) {
		bars[i].label = reps.v[i].key;
		bars[i].value = reps.v[i].mean;
	}
	chart(b, "mean-by-rep", "Mean score by rep (of 100)", bars, reps.n, 100, "");
	for (i = n = 0; i < months.n; i++)
		if (months.v[i].within_pct >= 0) {
			bars[n].label = months.v[i].key;
			bars[n++].value = months.v[i].within_pct;
		}
	chart(b, "sla-by-month", "SLAs met by month (%)", bars, n, 100, "%");
	for (i = n = 0; i < months.n; i++)
		if (months.v[i].ntth) {
			bars[n].label = months.v[i].key;
			bars[n++].value = months.v[i].tth_median;
		}
	chart(b, "tth-by-month", "Median time to handoff by month (hours from signature)",
		bars, n, all.n && all.v[0].ntth ? all.v[0].tth[all.v[0].ntth - 1] : 0, " h");
done:
	free(bars);
	summary_release(&all);
	summary_release(&reps);
	summary_release(&months);
	return err;
}

/*
 * The next deadline of a record in flight: the earliest of its pending
 * criteria; "not started" when every one waits for its clock to start.
 */
static void next_due(handoff_buf *b, const struct assessment *as,
	long long as_of, const struct tz *tz)
{
	long long next = 0;
	char t[40];
	size_t i;

	for (i = 0; i < as->ncrit; i++) {
		const struct criterion_result *c = &as->crit[i];

		if (criterion_state(c, as_of) == CRITERION_PENDING &&
		    c->deadline != CRITERION_NOT_STARTED && (!next || c->deadline < next))
			next = c->deadline;
	}
	out_time(t, sizeof(t), tz, next);
	handoff__buf_puts(b, next ? t : "not started");
}

/* Each handoff in flight: what it has earned, what it can still earn, by when. */
static void in_flight(handoff_buf *b, const handoff_assessments *a,
	const handoff_summary_options *o, const struct tz *tz)
{
	char t[40];
	size_t i, n = 0;

	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];
		struct standing st;

		if (!summary_in_range(as, o->since, o->until, tz))
			continue;
		assessment_standing(&st, as, a->as_of);
		if (!st.provisional)
			continue;
		if (!n++) {
			out_time(t, sizeof(t), tz, a->as_of);
			handoff__buf_printf(b, "<h2 id=\"in-flight\">In flight: provisional scores</h2>\n"
				"<p>Not decided, and some points not yet due as of %s: these scores are "
				"in none of the figures above. The band is the best each can still "
				"reach on time.</p>\n<table id=\"provisional\"><tr><th>handoff</th>"
				"<th>rep</th><th>so far</th><th>still possible</th><th>band if on time"
				"</th><th>next due</th></tr>\n", t);
		}
		handoff__buf_puts(b, "<tr data-id=\"");
		esc(b, as->id ? as->id : as->path);
		handoff__buf_printf(b, "\" data-score=\"%g\" data-possible=\"%g\" data-band=\"",
			st.score, st.possible);
		esc(b, st.band);
		handoff__buf_puts(b, "\"><td>");
		esc(b, as->id ? as->id : as->path);
		handoff__buf_puts(b, "</td><td>");
		esc(b, as->owner ? as->owner : "-");
		handoff__buf_printf(b, "</td><td>%g</td><td>%g</td><td>", st.score, st.possible);
		esc(b, st.band);
		handoff__buf_puts(b, "</td><td>");
		next_due(b, as, a->as_of, tz);
		handoff__buf_puts(b, "</td></tr>\n");
	}
	if (n)
		handoff__buf_puts(b, "</table>\n");
}

static const char *const style =
	"body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:980px;color:#1d2430}"
	"h1{font-size:1.5em}figure{display:inline-block;margin:1em 1em 1em 0;vertical-align:top}"
	"figcaption{font-weight:600;margin-bottom:.3em}svg text{font-size:13px;fill:#1d2430}"
	".bar{fill:#3b6fd8}table{border-collapse:collapse;margin-top:1em}"
	"td,th{padding:.3em .7em;border-bottom:1px solid #dde;text-align:right}"
	"td:first-child,th:first-child{text-align:left}.note{color:#8a4b00}";

int summary_html(handoff_buf *out, const handoff_assessments *a,
	const handoff_summary_options *opts, const struct tz *tz)
{
	static const char *const by[] = { "all", "rep", "team", "month", "segment" };
	struct summary s;
	size_t i;
	int err;

	if ((err = summarize(&s, a, opts->by, opts->since, opts->until, tz)) < 0)
		return err;
	handoff__buf_printf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>Handoff report</title><style>%s</style></head><body>\n"
		"<h1>Handoff quality and SLAs</h1>\n<p>Times are %s times of commits, "
		"dates in %s.", style, a->clock, a->timezone ? a->timezone : "UTC");
	if (opts->since || opts->until) {
		handoff__buf_puts(out, " Handoffs started ");
		if (opts->since)
			handoff__buf_printf(out, "from %s ", opts->since);
		if (opts->until)
			handoff__buf_printf(out, "until %s", opts->until);
		handoff__buf_puts(out, ".");
	}
	handoff__buf_puts(out, "</p>\n");
	if ((err = charts(out, a, opts, tz)) == 0) {
		handoff__buf_printf(out, "<p>Means, medians and bands are of final scores; "
			"handoffs in flight are counted apart and listed below.</p>\n"
			"<table id=\"groups\"><tr><th>%s</th><th>count</th><th>in flight</th>"
			"<th>mean</th><th>median</th><th>SLAs met</th><th>time to handoff "
			"(median, p90)</th><th>rejections</th></tr>\n", by[opts->by]);
		for (i = 0; i < s.n; i++) {
			const struct group *g = &s.v[i];

			handoff__buf_puts(out, "<tr data-key=\"");
			esc(out, g->key);
			handoff__buf_printf(out, "\" data-count=\"%zu\" data-mean=\"%g\" "
				"data-median=\"%g\" data-within=\"%g\" data-rejections=\"%u\" "
				"data-provisional=\"%zu\"><td>",
				g->count, g->mean, g->median, g->within_pct, g->rejections,
				g->provisional);
			esc(out, g->key);
			handoff__buf_printf(out, "</td><td>%zu</td><td>%zu</td><td>%g</td><td>%g</td><td>",
				g->count, g->provisional, g->mean, g->median);
			if (g->within_pct < 0)
				handoff__buf_puts(out, "-");
			else
				handoff__buf_printf(out, "%g%%", g->within_pct);
			handoff__buf_printf(out, "</td><td>%g h, %g h</td><td>%u</td></tr>\n",
				g->tth_median, g->tth_p90, g->rejections);
		}
		handoff__buf_puts(out, "</table>\n");
		in_flight(out, a, opts, tz);
		for (i = 0; i < a->nnotes; i++) {
			handoff__buf_puts(out, "<p class=\"note\">warning: ");
			esc(out, a->notes[i]);
			handoff__buf_puts(out, "</p>\n");
		}
		handoff__buf_puts(out, "</body></html>\n");
	}
	summary_release(&s);
	return err;
}

/*
 * The report as one HTML page: inline CSS, inline SVG bar charts, no
 * script and nothing fetched. Every figure is one of summary.c's, and
 * each table row carries them in data- attributes so a test can hold
 * the page to the JSON report. The handoffs in flight, whose scores are
 * provisional and in none of the figures, have their own table.
 *
 * The pieces the dashboard (site.c) draws with live here too (site.h):
 * escaping, the style, the band fills and the bar and line charts.
 */
#include "clock.h"
#include "out.h"
#include "site.h"
#include "summary.h"

void handoff__html_esc(handoff_buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': handoff__buf_puts(b, "&lt;"); break;
		case '>': handoff__buf_puts(b, "&gt;"); break;
		case '&': handoff__buf_puts(b, "&amp;"); break;
		case '"': handoff__buf_puts(b, "&quot;"); break;
		case '\'': handoff__buf_puts(b, "&#39;"); break;
		default: handoff__buf_put(b, s, 1);
		}
}

/*
 * Dark to light, each with its own texture: solid, stripes, dots, a
 * cross-hatch, then plain lines for any band past the fourth. In
 * greyscale the lightness and the texture still tell them apart, and the
 * name is always written beside them.
 */
static const char *const band_fill[] = {
	"<rect width=\"8\" height=\"8\" fill=\"#1f5130\"/>",
	"<rect width=\"8\" height=\"8\" fill=\"#4f8f5f\"/>"
	"<path d=\"M0 8L8 0\" stroke=\"#d8eadc\" stroke-width=\"2\"/>",
	"<rect width=\"8\" height=\"8\" fill=\"#e3c35a\"/>"
	"<circle cx=\"4\" cy=\"4\" r=\"1.4\" fill=\"#5a4700\"/>",
	"<rect width=\"8\" height=\"8\" fill=\"#fbe4e4\"/>"
	"<path d=\"M0 0L8 8M8 0L0 8\" stroke=\"#a61b1b\" stroke-width=\"1.3\"/>",
	"<rect width=\"8\" height=\"8\" fill=\"#e4e4e4\"/>"
	"<path d=\"M0 4H8\" stroke=\"#555\" stroke-width=\"1\"/>",
};

void handoff__html_band_defs(handoff_buf *b)
{
	size_t i;

	handoff__buf_puts(b, "<svg width=\"0\" height=\"0\" style=\"position:absolute\" "
		"aria-hidden=\"true\"><defs>");
	for (i = 0; i < ARRAY_SIZE(band_fill); i++)
		handoff__buf_printf(b, "<pattern id=\"band%zu\" width=\"8\" height=\"8\" "
			"patternUnits=\"userSpaceOnUse\">%s</pattern>", i, band_fill[i]);
	handoff__buf_puts(b, "</defs></svg>\n");
}

static void fill(handoff_buf *b, int rank)
{
	if (rank < 0)
		handoff__buf_puts(b, " class=\"bar\"");
	else
		handoff__buf_printf(b, " fill=\"url(#band%d)\" stroke=\"#1d2430\" "
			"stroke-width=\".5\"", rank < (int)ARRAY_SIZE(band_fill) ?
			rank : (int)ARRAY_SIZE(band_fill) - 1);
}

size_t handoff__html_band_order(const char **out, size_t max, const handoff_assessments *a)
{
	double top[16];
	size_t i, j, k, n = 0;

	if (max > ARRAY_SIZE(top))
		max = ARRAY_SIZE(top);
	for (i = 0; i < a->n; i++)
		for (j = 0; j < a->v[i].nbands; j++) {
			const struct score_band *sb = &a->v[i].bands[j];

			for (k = 0; k < n && strcmp(out[k], sb->name); k++)
				;
			if (k < n && sb->min > top[k])
				top[k] = sb->min;
			else if (k == n && n < max) {
				out[n] = sb->name;
				top[n++] = sb->min;
			}
		}
	/* an insertion sort: a handful of bands */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && top[j] > top[j - 1]; j--) {
			const char *t = out[j];
			double m = top[j];

			out[j] = out[j - 1];
			top[j] = top[j - 1];
			out[j - 1] = t;
			top[j - 1] = m;
		}
	return n;
}

size_t handoff__html_band_rank(const char *const *order, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (!strcmp(order[i], name))
			return i;
	return n;
}

void handoff__html_band_swatch(handoff_buf *b, const char *const *order, size_t n,
	const char *name)
{
	handoff__buf_puts(b, "<span class=\"band\"><svg width=\"14\" height=\"14\" "
		"aria-hidden=\"true\"><rect width=\"14\" height=\"14\"");
	fill(b, (int)handoff__html_band_rank(order, n, name));
	handoff__buf_puts(b, "/></svg> ");
	handoff__html_esc(b, name ? name : "-");
	handoff__buf_puts(b, "</span>");
}

void handoff__html_chart(handoff_buf *b, const char *id, const char *title,
	const struct html_bar *bars, size_t n, double max, const char *unit)
{
	size_t i, h = 28 * (n ? n : 1) + 10;

	handoff__buf_printf(b, "<figure id=\"%s\"><figcaption>", id);
	handoff__html_esc(b, title);
	handoff__buf_printf(b, "</figcaption><svg "
		"width=\"560\" height=\"%zu\" role=\"img\">", h);
	if (!n)
		handoff__buf_puts(b, "<text x=\"4\" y=\"20\">no data</text>");
	for (i = 0; i < n; i++) {
		double w = max > 0 ? 320 * bars[i].value / max : 0;

		handoff__buf_printf(b, "<text x=\"176\" y=\"%zu\" text-anchor=\"end\">",
			28 * i + 22);
		handoff__html_esc(b, bars[i].label);
		handoff__buf_printf(b, "</text><rect x=\"184\" y=\"%zu\" width=\"%.1f\" "
			"height=\"20\"", 28 * i + 6, w);
		fill(b, bars[i].fill);
		handoff__buf_printf(b, "/><text x=\"%.1f\" y=\"%zu\">%g%s</text>",
			190 + w, 28 * i + 22, bars[i].value, unit);
	}
	handoff__buf_puts(b, "</svg></figure>\n");
}

void handoff__html_line_chart(handoff_buf *b, const char *id, const char *title,
	const struct html_bar *points, size_t n, double max, const char *unit)
{
	size_t i;

	handoff__buf_printf(b, "<figure id=\"%s\"><figcaption>", id);
	handoff__html_esc(b, title);
	handoff__buf_puts(b, "</figcaption><svg "
		"width=\"560\" height=\"200\" role=\"img\">");
	if (!n || max <= 0) {
		handoff__buf_puts(b,
			"<text x=\"4\" y=\"20\">no data</text></svg></figure>\n");
		return;
	}
	for (i = 0; i <= 2; i++)
		handoff__buf_printf(b, "<line x1=\"44\" x2=\"540\" y1=\"%zu\" y2=\"%zu\" "
			"class=\"grid\"/><text x=\"38\" y=\"%zu\" text-anchor=\"end\">%g</text>",
			160 - 70 * i, 160 - 70 * i, 164 - 70 * i, max * (double)i / 2);
	handoff__buf_puts(b, "<polyline class=\"trend\" points=\"");
	for (i = 0; i < n; i++)
		handoff__buf_printf(b, "%s%.1f,%.1f", i ? " " : "",
			n > 1 ? 60 + 460.0 * (double)i / (double)(n - 1) : 290.0,
			160 - 140 * points[i].value / max);
	handoff__buf_puts(b, "\"/>");
	for (i = 0; i < n; i++) {
		double x = n > 1 ? 60 + 460.0 * (double)i / (double)(n - 1) : 290.0,
			y = 160 - 140 * points[i].value / max;

		handoff__buf_printf(b,
			"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" class=\"dot\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g%s</text>"
			"<text x=\"%.1f\" y=\"186\" text-anchor=\"middle\">", x, y, x, y - 9,
			points[i].value, unit, x);
		handoff__html_esc(b, points[i].label);
		handoff__buf_puts(b, "</text>");
	}
	handoff__buf_puts(b, "</svg></figure>\n");
}

static int charts(handoff_buf *b, const handoff_assessments *a,
	const handoff_summary_options *o, const struct tz *tz)
{
	struct summary all, reps, months;
	struct html_bar *bars = NULL;
	char (*labels)[96] = NULL;
	const char *order[8];
	size_t norder = handoff__html_band_order(order, ARRAY_SIZE(order), a);
	size_t i, k, n;
	int err;

	if ((err = handoff__summarize(&all, a, HANDOFF_BY_ALL, o->since, o->until, tz)) < 0)
		return err;
	if ((err = handoff__summarize(&reps, a, HANDOFF_BY_REP, o->since, o->until, tz)) < 0) {
		handoff__summary_release(&all);
		return err;
	}
	if ((err = handoff__summarize(&months, a, HANDOFF_BY_MONTH, o->since, o->until, tz)) < 0)
		goto done;
	n = reps.n > months.n ? reps.n : months.n;
	if (!(bars = calloc(n + ARRAY_SIZE(order), sizeof(*bars)))) {
		err = handoff__error_oom();
		goto done;
	}
	/*
	 * A chart per kind (scores of two kinds are never put together), in
	 * the bands' order, best first, each in its own fill.
	 */
	for (k = 0; k < all.n; k++) {
		const struct group *g = &all.v[k];
		char id[80], title[160];
		size_t j;

		for (i = n = 0; i < norder; i++)
			for (j = 0; j < g->nbands; j++)
				if (!strcmp(g->bands[j].name, order[i])) {
					bars[n].label = order[i];
					bars[n].fill = (int)i;
					bars[n++].value = (double)g->bands[j].count;
				}
		snprintf(id, sizeof(id), "bands-%zu", k);
		snprintf(title, sizeof(title), "Final scores by band (handoffs): %s",
			g->kind ? g->kind : "all");
		handoff__html_chart(b, id, title, bars, n, (double)g->nscores, "");
	}
	for (i = 0; i < reps.n; i++) {
		bars[i].label = reps.v[i].name ? reps.v[i].name : reps.v[i].key;
		bars[i].value = reps.v[i].mean;
		bars[i].fill = -1;
	}
	handoff__html_chart(b, "mean-by-rep", "Mean score by rep (of 100)",
		bars, reps.n, 100, "");
	/* a month is a group per kind: say which, when there is more than one */
	if (months.n && !(labels = calloc(months.n, sizeof(*labels)))) {
		err = handoff__error_oom();
		goto done;
	}
	for (i = 0; i < months.n; i++)
		snprintf(labels[i], sizeof(labels[i]), all.n > 1 && months.v[i].kind ?
			"%s %s" : "%s", months.v[i].key, months.v[i].kind);
	for (i = n = 0; i < months.n; i++)
		if (months.v[i].within_pct >= 0) {
			bars[n].label = labels[i];
			bars[n].fill = -1;
			bars[n++].value = months.v[i].within_pct;
		}
	handoff__html_chart(b, "sla-by-month", "SLAs met by month (%)", bars, n, 100, "%");
	for (i = n = 0; i < months.n; i++)
		if (months.v[i].ntth) {
			bars[n].label = labels[i];
			bars[n].fill = -1;
			bars[n++].value = months.v[i].tth_median;
		}
	handoff__html_chart(b, "tth-by-month",
		"Median time to handoff by month (hours from signature)",
		bars, n, all.n && all.v[0].ntth ? all.v[0].tth[all.v[0].ntth - 1] : 0, " h");
done:
	free(bars);
	free(labels);
	handoff__summary_release(&all);
	handoff__summary_release(&reps);
	handoff__summary_release(&months);
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

		if (handoff__criterion_state(c, as_of) == CRITERION_PENDING &&
		    c->deadline != CRITERION_NOT_STARTED && (!next || c->deadline < next))
			next = c->deadline;
	}
	handoff__out_time(t, sizeof(t), tz, next);
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

		if (!handoff__summary_in_range(as, o->since, o->until, tz))
			continue;
		handoff__assessment_standing(&st, as, a->as_of);
		if (!st.provisional)
			continue;
		if (!n++) {
			handoff__out_time(t, sizeof(t), tz, a->as_of);
			handoff__buf_printf(b,
				"<h2 id=\"in-flight\">In flight: provisional scores</h2>\n"
				"<p>Not decided, and some points not yet due as of %s: these scores are "
				"in none of the figures above. The band is the best each can still "
				"reach on time.</p>\n<table id=\"provisional\"><tr><th>handoff</th>"
				"<th>rep</th><th>so far</th><th>still possible</th><th>band if on time"
				"</th><th>next due</th></tr>\n", t);
		}
		handoff__buf_puts(b, "<tr data-id=\"");
		handoff__html_esc(b, as->id ? as->id : as->path);
		handoff__buf_printf(b,
			"\" data-score=\"%g\" data-possible=\"%g\" data-band=\"",
			st.score, st.possible);
		handoff__html_esc(b, st.band);
		handoff__buf_puts(b, "\"><td>");
		handoff__html_esc(b, as->id ? as->id : as->path);
		handoff__buf_puts(b, "</td><td>");
		handoff__html_esc(b, as->owner ? as->owner : "-");
		handoff__buf_printf(b, "</td><td>%g</td><td>%g</td><td>",
			st.score, st.possible);
		handoff__html_esc(b, st.band);
		handoff__buf_puts(b, "</td><td>");
		next_due(b, as, a->as_of, tz);
		handoff__buf_puts(b, "</td></tr>\n");
	}
	if (n)
		handoff__buf_puts(b, "</table>\n");
}

const char *const handoff__html_style =
	"body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:980px;color:#1d2430}"
	"h1{font-size:1.5em}figure{display:inline-block;margin:1em 1em 1em 0;vertical-align:top}"
	"figcaption{font-weight:600;margin-bottom:.3em}svg text{font-size:13px;fill:#1d2430}"
	".bar{fill:#3b6fd8}table{border-collapse:collapse;margin-top:1em}"
	"td,th{padding:.3em .7em;border-bottom:1px solid #dde;text-align:right}"
	"td:first-child,th:first-child{text-align:left}.note{color:#8a4b00}"
	".grid{stroke:#ccd;stroke-width:1}.trend{fill:none;stroke:#1d2430;stroke-width:2}"
	".dot{fill:#1d2430}.band{white-space:nowrap}.band svg{vertical-align:-2px}"
	"nav{margin-bottom:1em}nav a{margin-right:1em}td.why{text-align:left;font-size:.9em}"
	".earned{color:#1f5130}.missed{color:#a61b1b}.pending{color:#6b5600}"
	".flight{border-left:4px dashed #6b5600;padding-left:1em}"
	".window{fill:#dfe5ee}.due{stroke:#1d2430;stroke-width:2}"
	".met{fill:#1d2430}.late{fill:#fff;stroke:#a61b1b;stroke-width:2}"
	".overdue{stroke:#a61b1b;stroke-width:2;stroke-dasharray:5 3}"
	".mark{stroke:#6b7280;stroke-width:1;stroke-dasharray:2 2}"
	".facts th,.facts td,.criteria td,.slas td{text-align:left}"
	".timeline text{font-size:12px}";

static int summary_html(handoff_buf *out, const handoff_assessments *a,
	const handoff_summary_options *opts, const struct tz *tz)
{
	static const char *const by[] = { "all", "rep", "team", "month", "segment" };
	struct summary s;
	size_t i;
	int err;

	if ((err = handoff__summarize(&s, a, opts->by, opts->since, opts->until, tz)) < 0)
		return err;
	handoff__buf_printf(out,
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>Handoff report</title><style>%s</style></head><body>\n"
		"<h1>Handoff quality and SLAs</h1>\n<p>Times are %s times of commits, "
		"dates in %s.", handoff__html_style, a->clock,
			a->timezone ? a->timezone : "UTC");
	if (opts->since || opts->until) {
		handoff__buf_puts(out, " Handoffs started ");
		if (opts->since)
			handoff__buf_printf(out, "from %s ", opts->since);
		if (opts->until)
			handoff__buf_printf(out, "until %s", opts->until);
		handoff__buf_puts(out, ".");
	}
	handoff__buf_puts(out, "</p>\n");
	handoff__html_band_defs(out);
	if ((err = charts(out, a, opts, tz)) == 0) {
		handoff__buf_printf(out, "<p>Means, medians and bands are of final scores; "
			"handoffs in flight are counted apart and listed below.</p>\n"
			"<table id=\"groups\"><tr><th>%s</th><th>count</th><th>in flight</th>"
			"<th>mean</th><th>median</th><th>SLAs met</th><th>time to handoff "
			"(median, p90)</th><th>rejections</th></tr>\n", by[opts->by]);
		for (i = 0; i < s.n; i++) {
			const struct group *g = &s.v[i];

			handoff__buf_puts(out, "<tr data-key=\"");
			handoff__html_esc(out, g->key);
			handoff__buf_printf(out, "\" data-count=\"%zu\" data-mean=\"%g\" "
				"data-median=\"%g\" data-within=\"%g\" data-rejections=\"%u\" "
				"data-provisional=\"%zu\"><td>",
				g->count, g->mean, g->median, g->within_pct, g->rejections,
				g->provisional);
			handoff__html_esc(out, g->key);
			handoff__buf_printf(out,
				"</td><td>%zu</td><td>%zu</td><td>%g</td><td>%g</td><td>",
				g->count, g->provisional, g->mean, g->median);
			if (g->within_pct < 0)
				handoff__buf_puts(out, "-");
			else
				handoff__buf_printf(out, "%g%%", g->within_pct);
			handoff__buf_printf(out,
				"</td><td>%g h, %g h</td><td>%u</td></tr>\n",
				g->tth_median, g->tth_p90, g->rejections);
		}
		handoff__buf_puts(out, "</table>\n");
		in_flight(out, a, opts, tz);
		for (i = 0; i < a->nnotes; i++) {
			handoff__buf_puts(out, "<p class=\"note\">warning: ");
			handoff__html_esc(out, a->notes[i]);
			handoff__buf_puts(out, "</p>\n");
		}
		handoff__buf_puts(out, "</body></html>\n");
	}
	handoff__summary_release(&s);
	return err;
}

/*
 * The report in any format: HTML here, the others summary.c's, so that
 * summary.c (grouping and figures) needs nothing of the pages built on it.
 * An append that failed midway is an error, never a text with a piece
 * missing.
 */
int handoff_summary_format(handoff_buf *out, const handoff_assessments *a,
	const handoff_summary_options *opts, handoff_format format)
{
	static const handoff_summary_options defaults = HANDOFF_SUMMARY_OPTIONS_INIT;
	struct tz *tz = NULL;
	int err;

	opts = opts ? opts : &defaults;
	if (format != HANDOFF_FORMAT_HTML)
		err = handoff__summary_format(out, a, opts, format);
	else if ((err = handoff__summary_check_dates(opts)) == 0 &&
	    (err = handoff__tz_load(&tz, a->timezone ? a->timezone : "UTC")) == 0) {
		if (opts->by > HANDOFF_BY_SEGMENT) {
			handoff__error_set(HANDOFF_ERROR_INVALID,
				"--by csm, kind and reason are text, csv or json");
			err = HANDOFF_EINVALID;
		} else {
			err = summary_html(out, a, opts, tz);
		}
		handoff__tz_free(tz);
	}
	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

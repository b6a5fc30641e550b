/*
 * The report: assessments grouped by rep, team, month or segment, with
 * count, mean and median score, band counts, SLAs met, time to handoff
 * and rejections; as text, CSV, JSON, or one HTML page (html.c) whose
 * numbers are these same numbers. A score still in flight (provisional:
 * not decided, something not yet due) would pull the means down by
 * pipeline timing alone, so only final scores are in them and the
 * provisional records are counted apart.
 */
#include <math.h>
#include <time.h>

#include "assess.h"
#include "format.h"
#include "out.h"
#include "summary.h"

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The value at fraction `q` of a sorted list (nearest rank). */
static double quantile(const double *v, size_t n, double q)
{
	size_t k = (size_t)ceil(q * (double)n);

	return n ? v[k ? k - 1 : 0] : 0;
}

static const char *key_of(const struct assessment *as, handoff_group_by by,
	const struct tz *tz, char *buf, size_t size)
{
	switch (by) {
	case HANDOFF_BY_REP:
		return as->owner ? as->owner : "(no rep)";
	case HANDOFF_BY_TEAM:
		return as->team ? as->team : "(no team)";
	case HANDOFF_BY_SEGMENT:
		return as->segment ? as->segment : "(no segment)";
	case HANDOFF_BY_MONTH:
		out_time(buf, size, tz, as->start);
		buf[7] = '\0';
		return buf;
	default:
		return "all";
	}
}

static struct group *group_for(struct summary *s, const char *key)
{
	size_t i;
	struct group *g;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].key, key))
			return &s->v[i];
	if (!(g = realloc(s->v, (s->n + 1) * sizeof(*g))))
		return NULL;
	s->v = g;
	g = &s->v[s->n++];
	memset(g, 0, sizeof(*g));
	if (!(g->key = handoff__strdup(key)))
		s->n--;
	return s->n && g == &s->v[s->n - 1] ? g : NULL;
}

static int push(double **v, size_t *n, double x)
{
	double *grown = realloc(*v, (*n + 1) * sizeof(**v));

	if (!grown)
		return handoff__error_oom();
	*v = grown;
	(*v)[(*n)++] = x;
	return 0;
}

static int count_band(struct group *g, const char *band)
{
	size_t i;

	for (i = 0; i < g->nbands; i++)
		if (!strcmp(g->bands[i].name, band)) {
			g->bands[i].count++;
			return 0;
		}
	if (g->nbands == ARRAY_SIZE(g->bands))
		return 0;
	g->bands[g->nbands].name = band;
	g->bands[g->nbands++].count = 1;
	return 0;
}

static int add_sla(struct group *g, const struct sla_result *r, long long now)
{
	size_t i;
	int met = r->state == SLA_MET,
		missed = r->state == SLA_LATE || (r->state == SLA_OPEN && r->due < now);

	if (!met && !missed)
		return 0;
	g->sla_met += met;
	g->sla_all++;
	for (i = 0; i < g->nsla && strcmp(g->sla[i].name, r->name); i++)
		;
	if (i == g->nsla) {
		struct sla_count *v = realloc(g->sla, (g->nsla + 1) * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		g->sla = v;
		memset(&v[i], 0, sizeof(v[i]));
		v[i].name = r->name;
		g->nsla++;
	}
	g->sla[i].met += met;
	g->sla[i].all++;
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->key, ((const struct group *)b)->key);
}

static void finish(struct group *g)
{
	size_t i;
	double sum = 0;

	if (g->nscores)	/* qsort of a NULL array is undefined, even empty */
		qsort(g->scores, g->nscores, sizeof(double), by_double);
	if (g->ntth)
		qsort(g->tth, g->ntth, sizeof(double), by_double);
	for (i = 0; i < g->nscores; i++)
		sum += g->scores[i];
	g->mean = g->nscores ? round(sum / (double)g->nscores * 10) / 10 : 0;
	g->median = g->nscores % 2 || !g->nscores ? quantile(g->scores, g->nscores, 0.5) :
		(g->scores[g->nscores / 2 - 1] + g->scores[g->nscores / 2]) / 2;
	g->median = round(g->median * 10) / 10;
	g->within_pct = g->sla_all ? round(100.0 * g->sla_met / g->sla_all * 10) / 10 : -1;
	g->tth_median = round(quantile(g->tth, g->ntth, 0.5) * 10) / 10;
	g->tth_p90 = round(quantile(g->tth, g->ntth, 0.9) * 10) / 10;
}

void summary_release(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].key);
		free(s->v[i].scores);
		free(s->v[i].tth);
		free(s->v[i].sla);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int summary_in_range(const struct assessment *as, const char *since,
	const char *until, const struct tz *tz)
{
	char day[40];

	out_time(day, sizeof(day), tz, as->start);
	day[10] = '\0';
	return !(since && strcmp(day, since) < 0) && !(until && strcmp(day, until) > 0);
}

int summarize(struct summary *s, const handoff_assessments *a,
	handoff_group_by by, const char *since, const char *until,
	const struct tz *tz)
{
	long long now = a->as_of ? a->as_of : (long long)time(NULL);
	char buf[40];
	size_t i, j;
	int err = 0;

	memset(s, 0, sizeof(*s));
	for (i = 0; !err && i < a->n; i++) {
		const struct assessment *as = &a->v[i];
		struct standing st;
		struct group *g;

		if (!summary_in_range(as, since, until, tz))
			continue;
		if (!(g = group_for(s, key_of(as, by, tz, buf, sizeof(buf))))) {
			err = handoff__error_oom();
			break;
		}
		g->count++;
		g->rejections += as->rejections;
		g->states[kind_state_of_value(as->acceptance)]++;
		assessment_standing(&st, as, now);
		g->provisional += st.provisional;
		if (as->max > 0 && !st.provisional &&
		    !(err = push(&g->scores, &g->nscores, as->score)))
			err = count_band(g, as->band);
		if (!err && as->signed_at && as->completed)
			err = push(&g->tth, &g->ntth,
				(double)(as->completed - as->signed_at) / 3600);
		for (j = 0; !err && j < as->nsla; j++)
			err = add_sla(g, &as->sla[j], now);
	}
	if (err) {
		summary_release(s);
		return err;
	}
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), by_key);
	for (i = 0; i < s->n; i++)
		finish(&s->v[i]);
	return 0;
}

/* ---- text, CSV, JSON ------------------------------------------------- */

static const char *by_name(handoff_group_by by)
{
	static const char *const names[] = { "all", "rep", "team", "month", "segment" };

	return names[by];
}

static void pct(handoff_buf *out, double v, const char *none)
{
	if (v < 0)
		handoff__buf_puts(out, none);
	else
		handoff__buf_printf(out, "%g", v);
}

/*
 * The states counted, as each record stands now (a record with no state
 * written is a draft; `pending` is submitted); a value the schema
 * refuses is not counted.
 */
static const enum kind_state report_states[] = { KIND_STATE_DRAFT,
	KIND_STATE_SUBMITTED, KIND_STATE_ACCEPTED, KIND_STATE_REJECTED,
	KIND_STATE_REVISION };

static void json_group(handoff_buf *out, const struct group *g)
{
	size_t i;

	handoff__buf_puts(out, "{\"key\":");
	out_json_str(out, g->key);
	handoff__buf_printf(out, ",\"count\":%zu,\"scored\":%zu,\"mean_score\":%g,"
		"\"median_score\":%g,\"bands\":{", g->count, g->nscores, g->mean, g->median);
	for (i = 0; i < g->nbands; i++) {
		handoff__buf_puts(out, i ? "," : "");
		out_json_str(out, g->bands[i].name);
		handoff__buf_printf(out, ":%zu", g->bands[i].count);
	}
	handoff__buf_puts(out, "},\"within_sla_pct\":");
	pct(out, g->within_pct, "null");
	handoff__buf_puts(out, ",\"sla\":{");
	for (i = 0; i < g->nsla; i++) {
		handoff__buf_puts(out, i ? "," : "");
		out_json_str(out, g->sla[i].name);
		handoff__buf_printf(out, ":%g", round(100.0 * g->sla[i].met / g->sla[i].all * 10) / 10);
	}
	handoff__buf_printf(out, "},\"time_to_handoff_hours\":{\"median\":%g,\"p90\":%g,\"n\":%zu},"
		"\"rejections\":%u,\"provisional\":%zu,\"states\":{", g->tth_median,
		g->tth_p90, g->ntth, g->rejections, g->provisional);
	for (i = 0; i < ARRAY_SIZE(report_states); i++)
		handoff__buf_printf(out, "%s\"%s\":%zu", i ? "," : "",
			kind_state_name(report_states[i]), g->states[report_states[i]]);
	handoff__buf_puts(out, "}}");
}

static void text_or_csv(handoff_buf *out, const struct summary *s,
	handoff_group_by by, int csv)
{
	static const char *const bands[] = { "excellent", "good", "acceptable", "substandard" };
	size_t i, j, k;

	if (csv) {
		handoff__buf_printf(out, "%s,count,mean_score,median_score,excellent,good,"
			"acceptable,substandard,within_sla_pct,time_to_handoff_median_h,"
			"time_to_handoff_p90_h,rejections,provisional,draft,submitted,"
			"accepted,rejected,needs_revision\r\n", by_name(by));
	} else {
		handoff__buf_puts(out, "Mean, median and bands are of final scores; prov: "
			"handoffs in flight (not decided, something not yet due), counted apart.\n");
		handoff__buf_printf(out, "%-28s %5s %5s %6s %6s %4s %4s %4s %4s %7s %8s %8s %4s"
			" %5s %5s %5s %5s %5s\n",
			by_name(by), "count", "prov", "mean", "median", "exc", "good", "acc", "sub",
			"sla %", "tth med", "tth p90", "rej", "draft", "subm", "acptd",
			"rjctd", "revis");
	}
	for (i = 0; i < s->n; i++) {
		const struct group *g = &s->v[i];
		size_t n[4] = { 0, 0, 0, 0 };

		for (j = 0; j < g->nbands; j++)
			for (k = 0; k < 4; k++)
				if (!strcmp(g->bands[j].name, bands[k]))
					n[k] = g->bands[j].count;
		if (csv) {
			out_csv_field(out, g->key);
			handoff__buf_printf(out, ",%zu,%g,%g,%zu,%zu,%zu,%zu,", g->count,
				g->mean, g->median, n[0], n[1], n[2], n[3]);
			pct(out, g->within_pct, "");
			handoff__buf_printf(out, ",%g,%g,%u,%zu", g->tth_median, g->tth_p90,
				g->rejections, g->provisional);
			for (k = 0; k < ARRAY_SIZE(report_states); k++)
				handoff__buf_printf(out, ",%zu", g->states[report_states[k]]);
			handoff__buf_puts(out, "\r\n");
		} else {
			handoff__buf_printf(out, "%-28s %5zu %5zu ", g->key, g->count,
				g->provisional);
			if (g->nscores)
				handoff__buf_printf(out, "%6g %6g ", g->mean, g->median);
			else	/* every score still in flight: no mean yet, not a 0 */
				handoff__buf_printf(out, "%6s %6s ", "-", "-");
			handoff__buf_printf(out, "%4zu %4zu %4zu %4zu ", n[0], n[1], n[2], n[3]);
			if (g->within_pct < 0)
				handoff__buf_printf(out, "%7s", "-");
			else
				handoff__buf_printf(out, "%7g", g->within_pct);
			handoff__buf_printf(out, " %7gh %7gh %4u", g->tth_median, g->tth_p90,
				g->rejections);
			for (k = 0; k < ARRAY_SIZE(report_states); k++)
				handoff__buf_printf(out, " %5zu", g->states[report_states[k]]);
			handoff__buf_puts(out, "\n");
		}
	}
}

static int date_ok(const char *d)
{
	return !d || (strlen(d) == 10 && format_check("date", d, 10));
}

static int format_summary_whole(handoff_buf *out, const handoff_assessments *a,
	const handoff_summary_options *opts, handoff_format format)
{
	static const handoff_summary_options defaults = HANDOFF_SUMMARY_OPTIONS_INIT;
	struct summary s;
	struct tz *tz = NULL;
	size_t i;
	int err;

	opts = opts ? opts : &defaults;
	if (!date_ok(opts->since) || !date_ok(opts->until))
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"--since and --until take a date, YYYY-MM-DD"), HANDOFF_EINVALID;
	if ((err = tz_load(&tz, a->timezone ? a->timezone : "UTC")) < 0)
		return err;
	if (format == HANDOFF_FORMAT_HTML) {
		err = summary_html(out, a, opts, tz);
		tz_free(tz);
		return err;
	}
	if ((err = summarize(&s, a, opts->by, opts->since, opts->until, tz)) < 0) {
		tz_free(tz);
		return err;
	}
	if (format == HANDOFF_FORMAT_JSON) {
		handoff__buf_printf(out, "{\"version\":1,\"by\":\"%s\",\"clock\":", by_name(opts->by));
		out_json_str(out, a->clock);
		handoff__buf_puts(out, ",\"groups\":[");
		for (i = 0; i < s.n; i++) {
			handoff__buf_puts(out, i ? "," : "");
			json_group(out, &s.v[i]);
		}
		handoff__buf_puts(out, "]}\n");
	} else if (format == HANDOFF_FORMAT_TEXT || format == HANDOFF_FORMAT_CSV) {
		text_or_csv(out, &s, opts->by, format == HANDOFF_FORMAT_CSV);
	} else {
		handoff__error_set(HANDOFF_ERROR_INVALID,
			"report is written as text, csv, json or html");
		err = HANDOFF_EINVALID;
	}
	summary_release(&s);
	tz_free(tz);
	return err;
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_summary_format(handoff_buf *out, const handoff_assessments *a,
	const handoff_summary_options *opts, handoff_format format)
{
	int err = format_summary_whole(out, a, opts, format);

	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

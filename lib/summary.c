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

/* The kind a grouping covers when no --kind is given; NULL: each apart. */
static const char *default_kind(handoff_group_by by)
{
	return by == HANDOFF_BY_REP || by == HANDOFF_BY_CSM ||
		by == HANDOFF_BY_TEAM ? "deal-handoff" : NULL;
}

const char *handoff__summary_role(handoff_group_by by)
{
	if (by == HANDOFF_BY_REP || by == HANDOFF_BY_TEAM)
		return "sales";
	return by == HANDOFF_BY_CSM ? "cs" : NULL;
}

/*
 * The person a handoff counts for in a group by rep or csm: the owner
 * of its SLA rules of that role (the account executive of a deal, the
 * CSM), else the kind's summary owner (rep) or cs_owner (csm).
 */
const char *handoff__summary_person(const struct assessment *as, handoff_group_by by)
{
	const char *role = handoff__summary_role(by);
	size_t i;

	for (i = 0; i < as->nsla; i++)
		if (as->sla[i].owner && as->sla[i].owner_role &&
		    !strcmp(as->sla[i].owner_role, role))
			return as->sla[i].owner;
	return by == HANDOFF_BY_CSM ? as->cs_owner : as->owner;
}

static const char *key_of(const struct assessment *as, handoff_group_by by,
	const struct tz *tz, char *buf, size_t size)
{
	const char *p;

	switch (by) {
	case HANDOFF_BY_REP:
		return (p = handoff__summary_person(as, by)) ? p : "(no rep)";
	case HANDOFF_BY_CSM:
		return (p = handoff__summary_person(as, by)) ? p : "(no csm)";
	case HANDOFF_BY_TEAM:
		return as->team ? as->team : "(no team)";
	case HANDOFF_BY_SEGMENT:
		return as->segment ? as->segment : "(no segment)";
	case HANDOFF_BY_KIND:
		return as->kind ? as->kind : "(no kind)";
	case HANDOFF_BY_MONTH:
		handoff__out_time(buf, size, tz, as->start);
		buf[7] = '\0';
		return buf;
	default:
		return "all";
	}
}

static struct group *group_for(struct summary *s, const char *kind, const char *key)
{
	size_t i;
	struct group *g;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].key, key) &&
		    (s->v[i].kind == kind || (kind && s->v[i].kind && !strcmp(s->v[i].kind, kind))))
			return &s->v[i];
	if (!(g = realloc(s->v, (s->n + 1) * sizeof(*g))))
		return NULL;
	s->v = g;
	g = &s->v[s->n++];
	memset(g, 0, sizeof(*g));
	g->kind = kind;
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

static int add_sla(struct group *g, const struct sla_result *r, long long now,
	const char *role)
{
	size_t i;
	int met = r->state == SLA_MET,
		missed = r->state == SLA_LATE || (r->state == SLA_OPEN && r->due < now);

	if ((!met && !missed) || (role && (!r->owner_role || strcmp(r->owner_role, role))))
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

/* By kind, then as shown (a person's name), then by key. */
static int by_key(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c = strcmp(x->kind ? x->kind : "", y->kind ? y->kind : "");

	if (!c)
		c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->key, y->key);
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

void handoff__summary_release(struct summary *s)
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

int handoff__summary_in_range(const struct assessment *as, const char *since,
	const char *until, const struct tz *tz)
{
	char day[40];

	handoff__out_time(day, sizeof(day), tz, as->start);
	day[10] = '\0';
	return !(since && strcmp(day, since) < 0) && !(until && strcmp(day, until) > 0);
}

/* One handoff into the group of `key`, with the rejections it counts there. */
static int add_handoff(struct summary *s, const handoff_assessments *a,
	const struct assessment *as, const char *key, unsigned int rejections,
	const char *role, long long now)
{
	struct standing st;
	struct group *g;
	size_t j;
	int err = 0;

	/* one group per kind and key: scores of two kinds never meet */
	if (!(g = group_for(s, as->kind, key)))
		return handoff__error_oom();
	g->name = role ? handoff__assessments_person(a, g->key) : g->key;
	g->count++;
	g->rejections += rejections;
	g->states[handoff__kind_state_of_value(as->acceptance)]++;
	handoff__assessment_standing(&st, as, now);
	g->provisional += st.provisional;
	if (as->max > 0 && !st.provisional &&
	    !(err = push(&g->scores, &g->nscores, as->score)))
		err = count_band(g, as->band);
	if (!err && as->signed_at && as->completed)
		err = push(&g->tth, &g->ntth,
			(double)(as->completed - as->signed_at) / 3600);
	for (j = 0; !err && j < as->nsla; j++)
		err = add_sla(g, &as->sla[j], now, role);
	return err;
}

/*
 * One rejection giving `reason` (n bytes): the handoff joins the reason's
 * group the first time (`last` remembers it), and the group counts the
 * rejection.
 */
static int count_reason(struct summary *s, const handoff_assessments *a,
	const struct assessment *as, const char *reason, size_t n, long long now)
{
	char *key = handoff__strndup(reason, n);
	struct group *g = key ? group_for(s, as->kind, key) : NULL;
	int err = 0;

	if (!g)
		err = key ? handoff__error_oom() : HANDOFF_ERROR;
	else if (g->last != as && (err = add_handoff(s, a, as, key, 0, NULL, now)) == 0)
		(g = group_for(s, as->kind, key))->last = as;	/* there: not moved */
	if (!err)
		g->rejections++;
	free(key);
	return err;
}

/*
 * By reason: a handoff is in the row of each reason its rejections gave,
 * "(no reason given)" for a rejection with none; never rejected, in none.
 * One pass over its decisions.
 */
static int add_by_reason(struct summary *s, const handoff_assessments *a,
	const struct assessment *as, long long now)
{
	static const char none[] = "(no reason given)";
	size_t i;
	int err = 0;

	for (i = 0; !err && i < as->ndecisions; i++) {
		const char *r = as->decisions[i].reasons;

		if (!handoff__acceptance_is_rejection(as->decisions[i].status))
			continue;
		if (!r || !*r)
			err = count_reason(s, a, as, none, sizeof(none) - 1, now);
		while (!err && r && *r) {
			size_t n = strcspn(r, ",");

			err = count_reason(s, a, as, r, n, now);
			r += n + (r[n] == ',');
		}
	}
	return err;
}

int handoff__summarize_kind(struct summary *s, const handoff_assessments *a,
	handoff_group_by by, const char *kind, const char *since,
	const char *until, const struct tz *tz)
{
	long long now = a->as_of ? a->as_of : (long long)time(NULL);
	const char *role = handoff__summary_role(by);
	char buf[40];
	size_t i;
	int err = 0;

	memset(s, 0, sizeof(*s));
	kind = kind ? kind : default_kind(by);
	for (i = 0; !err && i < a->n; i++) {
		const struct assessment *as = &a->v[i];

		if (!handoff__summary_in_range(as, since, until, tz) ||
		    (kind && (!as->kind || strcmp(as->kind, kind))))
			continue;
		if (by == HANDOFF_BY_REASON)
			err = add_by_reason(s, a, as, now);
		else
			err = add_handoff(s, a, as, key_of(as, by, tz, buf, sizeof(buf)),
				as->rejections, role, now);
	}
	if (err) {
		handoff__summary_release(s);
		return err;
	}
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), by_key);
	for (i = 0; i < s->n; i++)
		finish(&s->v[i]);
	return 0;
}

int handoff__summarize(struct summary *s, const handoff_assessments *a,
	handoff_group_by by, const char *since, const char *until,
	const struct tz *tz)
{
	return handoff__summarize_kind(s, a, by, NULL, since, until, tz);
}

/* ---- text, CSV, JSON ------------------------------------------------- */

static const char *by_name(handoff_group_by by)
{
	static const char *const names[] = { "all", "rep", "team", "month", "segment",
		"csm", "kind", "reason" };

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

static void json_group(handoff_buf *out, const struct group *g, int person)
{
	size_t i;

	handoff__buf_puts(out, "{\"key\":");
	handoff__out_json_str(out, g->key);
	handoff__buf_printf(out, ",\"count\":%zu,\"scored\":%zu,\"mean_score\":%g,"
		"\"median_score\":%g,\"bands\":{", g->count, g->nscores, g->mean, g->median);
	for (i = 0; i < g->nbands; i++) {
		handoff__buf_puts(out, i ? "," : "");
		handoff__out_json_str(out, g->bands[i].name);
		handoff__buf_printf(out, ":%zu", g->bands[i].count);
	}
	handoff__buf_puts(out, "},\"within_sla_pct\":");
	pct(out, g->within_pct, "null");
	handoff__buf_puts(out, ",\"sla\":{");
	for (i = 0; i < g->nsla; i++) {
		handoff__buf_puts(out, i ? "," : "");
		handoff__out_json_str(out, g->sla[i].name);
		handoff__buf_printf(out, ":%g",
			round(100.0 * g->sla[i].met / g->sla[i].all * 10) / 10);
	}
	handoff__buf_printf(out,
		"},\"time_to_handoff_hours\":{\"median\":%g,\"p90\":%g,\"n\":%zu},"
		"\"rejections\":%u,\"provisional\":%zu,\"states\":{", g->tth_median,
		g->tth_p90, g->ntth, g->rejections, g->provisional);
	for (i = 0; i < ARRAY_SIZE(report_states); i++)
		handoff__buf_printf(out, "%s\"%s\":%zu", i ? "," : "",
			handoff__kind_state_name(report_states[i]),
				g->states[report_states[i]]);
	/* added fields come last: the older ones keep their order */
	handoff__buf_puts(out, "}");
	if (person) {
		handoff__buf_puts(out, ",\"name\":");
		handoff__out_json_str(out, g->name);
	}
	handoff__buf_puts(out, ",\"kind\":");
	if (g->kind)
		handoff__out_json_str(out, g->kind);
	else
		handoff__buf_puts(out, "null");
	handoff__buf_puts(out, "}");
}

/*
 * What the table covers, said before it: which handoffs, whose SLAs.
 * A reader comparing two reps must know that CS's SLAs are not in them.
 */
static void scope_line(handoff_buf *out, handoff_group_by by, const char *kind)
{
	const char *role = handoff__summary_role(by);

	kind = kind ? kind : default_kind(by);
	if (by == HANDOFF_BY_REP || by == HANDOFF_BY_CSM)
		handoff__buf_printf(out, "By %s: each %s by its %s, named by the owner of "
			"its SLAs owned by %s; sla %% counts those SLAs only.\n",
			by_name(by), kind, by == HANDOFF_BY_REP ? "rep" : "CSM", role);
	else if (by == HANDOFF_BY_TEAM)
		handoff__buf_printf(out, "By team: each %s by its rep's team; sla %% "
			"counts the SLAs owned by %s only.\n", kind, role);
	else if (kind && by == HANDOFF_BY_ALL)
		handoff__buf_printf(out, "All together: %s only.\n", kind);
	else if (kind)
		handoff__buf_printf(out, "By %s: %s only.\n", by_name(by), kind);
	else if (by == HANDOFF_BY_KIND)
		handoff__buf_puts(out, "By kind: one row per kind.\n");
	else if (by == HANDOFF_BY_REASON)
		handoff__buf_puts(out, "By reason: the common failure patterns; a handoff "
			"in the row of each reason its rejections gave, rej the rejections "
			"giving it.\n");
	else if (by == HANDOFF_BY_ALL)
		handoff__buf_puts(out, "All together: one table per kind; scores of "
			"different kinds are never averaged together.\n");
	else
		handoff__buf_printf(out, "By %s: one table per kind; scores of different "
			"kinds are never averaged together.\n", by_name(by));
}

static int same_kind(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

static void text_or_csv(handoff_buf *out, const struct summary *s,
	handoff_group_by by, const char *kind, int csv)
{
	static const char *const bands[] = { "excellent", "good", "acceptable", "substandard" };
	size_t i, j, k;

	if (csv) {
		handoff__buf_printf(out, "%s,count,mean_score,median_score,excellent,good,"
			"acceptable,substandard,within_sla_pct,time_to_handoff_median_h,"
			"time_to_handoff_p90_h,rejections,provisional,draft,submitted,"
			"accepted,rejected,needs_revision,kind\r\n", by_name(by));
	} else {
		handoff__buf_puts(out, "Mean, median and bands are of final scores; prov: "
			"handoffs in flight (not decided, something not yet due), counted apart.\n");
		scope_line(out, by, kind);
	}
	for (i = 0; i < s->n; i++) {
		const struct group *g = &s->v[i];
		size_t n[4] = { 0, 0, 0, 0 };

		/* a table per kind, under its name; by kind, one table */
		if (!csv && (by == HANDOFF_BY_KIND ? !i :
		    !i || !same_kind(g->kind, s->v[i - 1].kind))) {
			if (by != HANDOFF_BY_KIND)
				handoff__buf_printf(out, "\n%s\n",
					g->kind ? g->kind : "(no kind)");
			handoff__buf_printf(out,
				"%-28s %5s %5s %6s %6s %4s %4s %4s %4s %7s %8s %8s %4s"
				" %5s %5s %5s %5s %5s\n",
				by_name(by), "count", "prov", "mean", "median", "exc", "good", "acc", "sub",
				"sla %", "tth med", "tth p90", "rej", "draft", "subm", "acptd",
				"rjctd", "revis");
		}
		for (j = 0; j < g->nbands; j++)
			for (k = 0; k < 4; k++)
				if (!strcmp(g->bands[j].name, bands[k]))
					n[k] = g->bands[j].count;
		if (csv) {
			handoff__out_csv_field(out, g->name);
			handoff__buf_printf(out, ",%zu,%g,%g,%zu,%zu,%zu,%zu,", g->count,
				g->mean, g->median, n[0], n[1], n[2], n[3]);
			pct(out, g->within_pct, "");
			handoff__buf_printf(out, ",%g,%g,%u,%zu", g->tth_median, g->tth_p90,
				g->rejections, g->provisional);
			for (k = 0; k < ARRAY_SIZE(report_states); k++)
				handoff__buf_printf(out, ",%zu",
					g->states[report_states[k]]);
			handoff__buf_puts(out, ",");
			handoff__out_csv_field(out, g->kind ? g->kind : "");
			handoff__buf_puts(out, "\r\n");
		} else {
			handoff__buf_printf(out, "%-28s %5zu %5zu ", g->name, g->count,
				g->provisional);
			if (g->nscores)
				handoff__buf_printf(out, "%6g %6g ", g->mean, g->median);
			else	/* every score still in flight: no mean yet, not a 0 */
				handoff__buf_printf(out, "%6s %6s ", "-", "-");
			handoff__buf_printf(out, "%4zu %4zu %4zu %4zu ", n[0],
				n[1], n[2], n[3]);
			if (g->within_pct < 0)
				handoff__buf_printf(out, "%7s", "-");
			else
				handoff__buf_printf(out, "%7g", g->within_pct);
			handoff__buf_printf(out, " %7gh %7gh %4u",
				g->tth_median, g->tth_p90,
				g->rejections);
			for (k = 0; k < ARRAY_SIZE(report_states); k++)
				handoff__buf_printf(out, " %5zu",
					g->states[report_states[k]]);
			handoff__buf_puts(out, "\n");
		}
	}
}

static int date_ok(const char *d)
{
	return !d || (strlen(d) == 10 && handoff__format_check("date", d, 10));
}

int handoff__summary_check_dates(const handoff_summary_options *opts)
{
	if (!date_ok(opts->since) || !date_ok(opts->until))
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"--since and --until take a date, YYYY-MM-DD"), HANDOFF_EINVALID;
	return 0;
}

int handoff__summary_format(handoff_buf *out, const handoff_assessments *a,
	const handoff_summary_options *opts, handoff_format format)
{
	struct summary s;
	struct tz *tz = NULL;
	size_t i;
	int err;

	if ((err = handoff__summary_check_dates(opts)) < 0 ||
	    (err = handoff__tz_load(&tz, a->timezone ? a->timezone : "UTC")) < 0)
		return err;
	if ((err = handoff__summarize_kind(&s, a, opts->by, opts->kind, opts->since,
	    opts->until, tz)) < 0) {
		handoff__tz_free(tz);
		return err;
	}
	if (format == HANDOFF_FORMAT_JSON) {
		const char *kind = opts->kind ? opts->kind : default_kind(opts->by),
			*role = handoff__summary_role(opts->by);

		handoff__buf_printf(out,
			"{\"version\":1,\"by\":\"%s\",\"clock\":", by_name(opts->by));
		handoff__out_json_str(out, a->clock);
		handoff__assessments_clock_json(out, a);
		handoff__buf_puts(out, ",\"kind\":");
		if (kind)
			handoff__out_json_str(out, kind);
		else
			handoff__buf_puts(out, "null");
		handoff__buf_puts(out, ",\"sla_owner_role\":");
		if (role)
			handoff__out_json_str(out, role);
		else
			handoff__buf_puts(out, "null");
		handoff__buf_puts(out, ",\"groups\":[");
		for (i = 0; i < s.n; i++) {
			handoff__buf_puts(out, i ? "," : "");
			json_group(out, &s.v[i], role != NULL && opts->by != HANDOFF_BY_TEAM);
		}
		handoff__buf_puts(out, "]}\n");
	} else if (format == HANDOFF_FORMAT_TEXT || format == HANDOFF_FORMAT_CSV) {
		text_or_csv(out, &s, opts->by, opts->kind, format == HANDOFF_FORMAT_CSV);
		if (format == HANDOFF_FORMAT_TEXT) {
			char clock[128];

			handoff__assessments_clock(clock, sizeof(clock), a);
			handoff__buf_printf(out, "clock: %s\n", clock);
		}
	} else {
		handoff__error_set(HANDOFF_ERROR_INVALID,
			"report is written as text, csv, json or html");
		err = HANDOFF_EINVALID;
	}
	handoff__summary_release(&s);
	handoff__tz_free(tz);
	return err;
}

/*
 * The board (`status`): the open handoffs as of a moment, read from the
 * assessments. A handoff is open until it is accepted and every SLA it
 * started is done. Something done after `as_of` was not done then, so
 * the board of any past moment can be read again.
 */
#include "assess.h"
#include "commitments.h"
#include "kind.h"
#include "notify.h"
#include "out.h"

enum item_state { ITEM_NOT_STARTED, ITEM_OPEN, ITEM_OVERDUE, ITEM_MET, ITEM_LATE };

static enum item_state state_at(const struct sla_result *s, long long as_of)
{
	if (s->state == SLA_NOT_STARTED || s->started > as_of)
		return ITEM_NOT_STARTED;
	if ((s->state == SLA_MET || s->state == SLA_LATE) && s->done <= as_of)
		return s->state == SLA_MET ? ITEM_MET : ITEM_LATE;
	return s->due < as_of ? ITEM_OVERDUE : ITEM_OPEN;
}

static const char *item_state_name(enum item_state s)
{
	static const char *const names[] = { "not started", "open", "overdue", "met", "late" };

	return names[s];
}

/* The acceptance status as of then: a decision taken later was not taken yet. */
static const char *acceptance_at(const struct assessment *as, long long as_of)
{
	const char *status = "pending";
	size_t i;

	for (i = 0; i < as->ndecisions && as->decisions[i].at <= as_of; i++)
		status = as->decisions[i].status;
	return status;
}

static unsigned int rejections_at(const struct assessment *as, long long as_of)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < as->ndecisions && as->decisions[i].at <= as_of; i++)
		n += handoff__acceptance_is_rejection(as->decisions[i].status);
	return n;
}

static int escalated_at(const struct assessment *as, long long as_of)
{
	return as->escalate_rejections &&
		rejections_at(as, as_of) >= as->escalate_rejections;
}

/* What the board judges commitments by: the day, and how far ahead it looks. */
struct board_day {
	char today[40];
	long window;	/* days */
};

/*
 * A commitment of a handoff accepted by then that the board shows:
 * overdue, or due within the window.
 */
static int commitment_shown(const struct assessment *as, size_t i,
	const struct board_day *d, long long as_of, enum commitment_state *st, long *days)
{
	if (strcmp(acceptance_at(as, as_of), "accepted"))
		return 0;
	*st = handoff__commitment_state(&as->commitments[i], d->today, d->window, days);
	return *st == COMMITMENT_OVERDUE || *st == COMMITMENT_DUE_SOON;
}

/* On the board: it existed then, and was not yet accepted with every SLA
 * done and no commitment overdue or due soon. */
static int is_open(const struct assessment *as, long long as_of,
	const struct board_day *d)
{
	enum commitment_state cs;
	long days;
	size_t i;

	if (as->created > as_of)
		return 0;
	if (strcmp(acceptance_at(as, as_of), "accepted"))
		return 1;
	for (i = 0; i < as->nsla; i++) {
		enum item_state s = state_at(&as->sla[i], as_of);

		if (s == ITEM_OPEN || s == ITEM_OVERDUE)
			return 1;
	}
	for (i = 0; d && i < as->ncommitments; i++)
		if (commitment_shown(as, i, d, as_of, &cs, &days))
			return 1;
	return 0;
}

/*
 * Where it stands then: draft while the rep writes it (also a record set
 * to submitted that is not complete: CS cannot take it), submitted once
 * it waits for CS, then CS's decision.
 */
static const char *stage(const struct assessment *as, long long as_of)
{
	const char *status = acceptance_at(as, as_of);
	enum kind_state st = handoff__kind_state_of_value(status);

	if (st == KIND_STATE_DRAFT || !as->completed || as->completed > as_of)
		return "draft";
	if (st == KIND_STATE_SUBMITTED)
		return "submitted, awaiting acceptance";
	return status;
}

/* The late time in hours, or -1 when it is not late. */
static double late_hours(const struct sla_result *s, enum item_state st,
	long long as_of)
{
	if (st == ITEM_LATE)
		return (double)(s->done - s->due) / 3600;
	if (st == ITEM_OVERDUE)
		return (double)(as_of - s->due) / 3600;
	return -1;
}

/* "people":["a@x","b@y"] from "a@x, b@y" */
static void people_json(handoff_buf *out, const char *list)
{
	handoff__buf_puts(out, ",\"people\":[");
	while (list && *list) {
		size_t n = strcspn(list, ",");

		handoff__buf_json_str(out, list, n);
		list += n + strspn(list + n, ", ");
		handoff__buf_puts(out, *list ? "," : "");
	}
	handoff__buf_puts(out, "]}");
}

static void escalations_json(handoff_buf *out, const struct assessment *as,
	long long as_of)
{
	size_t i;
	int n = 0;

	handoff__buf_puts(out, ",\"escalations\":[");
	for (i = 0; i < as->nsla; i++) {
		enum item_state st = state_at(&as->sla[i], as_of);

		if (st != ITEM_OVERDUE && st != ITEM_LATE)
			continue;
		handoff__buf_printf(out, "%s{\"reason\":\"sla\",\"item\":", n++ ? "," : "");
		handoff__out_json_str(out, as->sla[i].name);
		handoff__buf_puts(out, as->sla[i].escalate_to ? ",\"to\":\"team_manager\"" :
			",\"to\":\"cs_manager\"");
		people_json(out, as->sla[i].escalate_to ? as->sla[i].escalate_to : as->sla_to);
	}
	if (escalated_at(as, as_of))
	{
		handoff__buf_printf(out,
			"%s{\"reason\":\"rejections\",\"count\":%u,\"to\":\"sales_manager\"",
			n ? "," : "", rejections_at(as, as_of));
		people_json(out, as->rejections_to);
	}
	handoff__buf_puts(out, "]");
}

/* "commitments":[...]: those the board shows, with who answers for each. */
static void commitments_json(handoff_buf *out, const struct assessment *as,
	long long as_of, const struct board_day *d)
{
	enum commitment_state st;
	long days;
	size_t i;
	int n = 0;

	handoff__buf_puts(out, ",\"commitments\":[");
	for (i = 0; i < as->ncommitments; i++) {
		const struct commitment_result *c = &as->commitments[i];

		if (!commitment_shown(as, i, d, as_of, &st, &days))
			continue;
		handoff__buf_puts(out, n++ ? ",{\"id\":" : "{\"id\":");
		handoff__out_json_str(out, c->id);
		handoff__buf_puts(out, ",\"text\":");
		handoff__out_json_str(out, c->text);
		handoff__buf_puts(out, ",\"due\":");
		handoff__out_json_str(out, c->due);
		handoff__buf_printf(out, ",\"state\":\"%s\",\"days\":%ld,\"owner\":",
			handoff__commitment_state_name(st), days);
		handoff__out_json_str(out, c->owner);
		handoff__buf_puts(out, ",\"person\":");
		handoff__out_json_str(out, c->person);
		handoff__buf_puts(out, "}");
	}
	handoff__buf_puts(out, "]");
}

static void record_json(handoff_buf *out, const struct assessment *as,
	const struct tz *tz, long long as_of, const struct board_day *d, int first)
{
	char t[40];
	size_t i, n = 0;

	handoff__buf_puts(out, first ? "{\"path\":" : ",{\"path\":");
	handoff__out_json_str(out, as->path);
	handoff__buf_puts(out, ",\"id\":");
	handoff__out_json_str(out, as->id);
	handoff__buf_puts(out, ",\"stage\":");
	handoff__out_json_str(out, stage(as, as_of));
	handoff__buf_printf(out, ",\"backfilled\":%s", as->backfilled ? "true" : "false");
	handoff__buf_printf(out, ",\"rejections\":%u,\"due\":[", rejections_at(as, as_of));
	for (i = 0; i < as->nsla; i++) {
		const struct sla_result *s = &as->sla[i];
		enum item_state st = state_at(s, as_of);
		double late = late_hours(s, st, as_of);

		if (st == ITEM_NOT_STARTED)
			continue;
		handoff__buf_puts(out, n++ ? ",{\"item\":" : "{\"item\":");
		handoff__out_json_str(out, s->name);
		handoff__buf_puts(out, ",\"title\":");
		handoff__out_json_str(out, s->title);
		handoff__out_time(t, sizeof(t), tz, s->due);
		handoff__buf_printf(out, ",\"due\":\"%s\",\"done\":", t);
		handoff__out_time(t, sizeof(t), tz, st >= ITEM_MET ? s->done : 0);
		handoff__out_json_str(out, *t ? t : NULL);
		handoff__buf_printf(out, ",\"state\":\"%s\",\"late_by_hours\":",
			item_state_name(st));
		if (late < 0)
			handoff__buf_puts(out, "null");
		else
			handoff__buf_printf(out, "%.1f", late);
		handoff__buf_puts(out, ",\"owner\":");
		handoff__out_json_str(out, s->owner);
		handoff__buf_printf(out, ",\"backdated\":%s}",
			s->backdated ? "true" : "false");
	}
	handoff__buf_puts(out, "]");
	commitments_json(out, as, as_of, d);
	escalations_json(out, as, as_of);
	handoff__buf_puts(out, "}");
}

/* "overdue  commitment C1 SSO live: due 2026-11-27, 9 days overdue; owner cs (sam@x)" */
static void commitments_text(handoff_buf *out, const handoff_assessments *a,
	const struct assessment *as, long long as_of, const struct board_day *d,
	const char *red, const char *reset)
{
	enum commitment_state st;
	long days;
	size_t i;

	for (i = 0; i < as->ncommitments; i++) {
		const struct commitment_result *c = &as->commitments[i];
		const char *who = handoff__assessments_person(a, c->person);

		if (!commitment_shown(as, i, d, as_of, &st, &days))
			continue;
		if (st == COMMITMENT_OVERDUE)
			handoff__buf_printf(out,
				"  %soverdue%s  commitment %s %s: due %s, %ld day%s overdue",
				red, reset, c->id ? c->id : "-", c->text ? c->text : "-",
				c->due, -days, days == -1 ? "" : "s");
		else
			handoff__buf_printf(out,
				"  due      commitment %s %s: due %s (%s%ld day%s)",
				c->id ? c->id : "-", c->text ? c->text : "-", c->due,
				days ? "in " : "today", days, days == 1 ? "" : "s");
		handoff__buf_printf(out, "; owner %s%s%s%s\n", c->owner ? c->owner : "-",
			who ? " (" : "", who ? who : "", who ? ")" : "");
	}
}

static void record_text(handoff_buf *out, const handoff_assessments *a,
	const struct assessment *as, const struct tz *tz, long long as_of,
	const struct board_day *d, int color)
{
	const char *red = color ? "\033[31m" : "", *bold = color ? "\033[1m" : "",
		*reset = color ? "\033[m" : "";
	const struct sla_result *next = NULL;
	char t[40], span[32];
	size_t i;

	handoff__buf_printf(out, "%s%s%s  %s  %s%s\n", bold, as->id ? as->id : "-",
		reset, as->path, stage(as, as_of), as->backfilled ? " (backfilled)" : "");
	for (i = 0; i < as->nsla; i++) {
		const struct sla_result *s = &as->sla[i];
		enum item_state st = state_at(s, as_of);

		if (st == ITEM_OVERDUE) {
			handoff__out_time(t, sizeof(t), tz, s->due);
			handoff__clock_span(span, sizeof(span), as_of - s->due);
			handoff__buf_printf(out,
				"  %soverdue%s  %s: due %s, %s overdue; owner %s\n",
				red, reset, s->title, t, span, s->owner ? s->owner : "-");
		} else if (st == ITEM_OPEN && (!next || s->due < next->due)) {
			next = s;
		}
	}
	if (next) {
		handoff__out_time(t, sizeof(t), tz, next->due);
		handoff__clock_span(span, sizeof(span), next->due - as_of);
		handoff__buf_printf(out, "  next     %s: due %s (in %s); owner %s\n",
			next->title, t, span, next->owner ? next->owner : "-");
	}
	commitments_text(out, a, as, as_of, d, red, reset);
	for (i = 0; i < as->nsla; i++) {
		enum item_state st = state_at(&as->sla[i], as_of);

		if (st == ITEM_OVERDUE || st == ITEM_LATE)
			handoff__buf_printf(out, "  %sescalate%s  SLA missed (%s): to %s\n",
				red, reset, as->sla[i].name, as->sla[i].escalate_to ?
				as->sla[i].escalate_to : as->sla_to ? as->sla_to :
				"the CS managers (nobody has the role)");
	}
	if (escalated_at(as, as_of))
		handoff__buf_printf(out,
			"  %sescalate%s  rejected %u times: to sales leadership (%s)\n",
			red, reset, rejections_at(as, as_of),
			as->rejections_to ? as->rejections_to : "nobody has the role");
}

static int format_status_whole(handoff_buf *out, size_t *overdue,
	const handoff_assessments *a, long long as_of, handoff_format format,
	int color)
{
	struct tz *tz = NULL;
	struct board_day d;
	enum commitment_state cs;
	char t[40], clock[128];
	size_t i, j, shown = 0, late = 0, promised = 0;
	long days;
	int err;

	if (format != HANDOFF_FORMAT_TEXT && format != HANDOFF_FORMAT_JSON)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"status is written as text or json"), HANDOFF_EINVALID;
	if ((err = handoff__tz_load(&tz, a->timezone ? a->timezone : "UTC")) < 0)
		return err;
	handoff__out_time(t, sizeof(t), tz, as_of);
	handoff__commitment_today(d.today, sizeof(d.today), tz, as_of);
	d.window = (long)(a->due_soon / 86400);
	if (format == HANDOFF_FORMAT_JSON)
	{
		handoff__buf_printf(out,
			"{\"version\":1,\"as_of\":\"%s\",\"clock\":\"%s\"", t, a->clock);
		handoff__assessments_clock_json(out, a);
		handoff__buf_puts(out, ",\"handoffs\":[");
	}
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];

		if (!is_open(as, as_of, &d))
			continue;
		for (j = 0; j < as->nsla; j++)
			late += state_at(&as->sla[j], as_of) == ITEM_OVERDUE;
		for (j = 0; j < as->ncommitments; j++)
			promised += commitment_shown(as, j, &d, as_of, &cs, &days) &&
				cs == COMMITMENT_OVERDUE;
		if (format == HANDOFF_FORMAT_JSON)
			record_json(out, as, tz, as_of, &d, !shown);
		else
			record_text(out, a, as, tz, as_of, &d, color);
		shown++;
	}
	if (format == HANDOFF_FORMAT_JSON) {
		handoff__buf_printf(out,
			"],\"overdue\":%zu,\"commitments_overdue\":%zu,\"warnings\":[",
			late, promised);
		for (i = 0; i < a->nnotes; i++) {
			handoff__buf_puts(out, i ? "," : "");
			handoff__out_json_str(out, a->notes[i]);
		}
		handoff__buf_puts(out, "]}\n");
	} else {
		handoff__assessments_clock(clock, sizeof(clock), a);
		handoff__buf_printf(out,
			"%zu open handoff%s, %zu item%s overdue, as of %s (clock: %s)\n",
			shown, shown == 1 ? "" : "s", late, late == 1 ? "" : "s", t, clock);
		if (promised)
			handoff__buf_printf(out, "%zu commitment%s overdue\n", promised,
				promised == 1 ? "" : "s");
		for (i = 0; i < a->nnotes; i++)
			handoff__buf_printf(out, "warning: %s\n", a->notes[i]);
	}
	if (overdue)
		*overdue = late + promised;
	handoff__tz_free(tz);
	return 0;
}

/* When the decision that made the rejections reach the limit was taken. */
static long long escalated_since(const struct assessment *as, long long as_of)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < as->ndecisions && as->decisions[i].at <= as_of; i++)
		if ((n += handoff__acceptance_is_rejection(as->decisions[i].status)) ==
		    as->escalate_rejections)
			return as->decisions[i].at;
	return 0;
}

int handoff__status_escalations(const handoff_assessments *a, long long as_of,
	int (*fn)(const struct board_item *item, void *payload), void *payload)
{
	size_t i, j;
	int err;

	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];
		struct board_item it;

		if (!is_open(as, as_of, NULL))
			continue;
		memset(&it, 0, sizeof(it));
		it.as = as;
		it.stage = stage(as, as_of);
		it.rejections = rejections_at(as, as_of);
		for (j = 0; j < as->nsla; j++) {
			enum item_state st = state_at(&as->sla[j], as_of);

			if (st != ITEM_OVERDUE && st != ITEM_LATE)
				continue;
			it.sla = &as->sla[j];
			it.due = as->sla[j].due;
			it.late_hours = late_hours(&as->sla[j], st, as_of);
			it.overdue = st == ITEM_OVERDUE;
			if ((err = fn(&it, payload)) < 0)
				return err;
		}
		if (escalated_at(as, as_of)) {
			it.sla = NULL;
			it.due = escalated_since(as, as_of);
			it.late_hours = -1;
			it.overdue = 0;
			if ((err = fn(&it, payload)) < 0)
				return err;
		}
	}
	return 0;
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_status_format(handoff_buf *out, size_t *overdue,
	const handoff_assessments *a, long long as_of, handoff_format format,
	int color)
{
	int err = format_status_whole(out, overdue, a, as_of, format, color);

	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

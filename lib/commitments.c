/*
 * Commitments to done: each promise of a handoff judged on a day, and the
 * delivery report (report --commitments): per account, CSM or rep, how
 * many were delivered on time, late, dropped (with the reason), are
 * still open or overdue. Dates are the record's own YYYY-MM-DD; a day is
 * the config's time zone's.
 */
#include "commitments.h"
#include "format.h"
#include "out.h"
#include "summary.h"

/* `to` - `from` in days; 0 when either is not a date. */
static long days_between(const char *from, const char *to)
{
	long long a, b;
	int date_only;

	if (!from || !to || !handoff__format_parse_time(from, strlen(from), &a, &date_only) ||
	    !handoff__format_parse_time(to, strlen(to), &b, &date_only))
		return 0;
	return (long)((b - a) / 86400);
}

void handoff__commitment_today(char *day, size_t size, const struct tz *tz, long long t)
{
	handoff__out_time(day, size, tz, t);
	if (size > 10)
		day[10] = '\0';
}

enum commitment_state handoff__commitment_state(const struct commitment_result *c,
	const char *today, long window, long *days)
{
	const char *s = c->status ? c->status : "open";

	*days = 0;
	if (!strcmp(s, "dropped"))
		return COMMITMENT_DROPPED;
	if (!strcmp(s, "delivered") || !strcmp(s, "done")) {
		*days = days_between(c->due, c->delivered);
		return *days > 0 ? COMMITMENT_LATE : COMMITMENT_ON_TIME;
	}
	if (!c->due)
		return COMMITMENT_OPEN;
	*days = days_between(today, c->due);
	if (*days < 0)
		return COMMITMENT_OVERDUE;
	return *days <= window ? COMMITMENT_DUE_SOON : COMMITMENT_OPEN;
}

const char *handoff__commitment_state_name(enum commitment_state s)
{
	static const char *const names[] = { "open", "due soon", "overdue",
		"on time", "late", "dropped" };

	return names[s];
}

/* ---- report --commitments -------------------------------------------- */

struct tally {
	const char *key;
	size_t n[COMMITMENT_DROPPED + 1];
};

static int in_scope(const struct assessment *as, const handoff_summary_options *o,
	const struct tz *tz)
{
	return as->ncommitments && handoff__summary_in_range(as, o->since, o->until, tz) &&
		!(o->kind && (!as->kind || strcmp(as->kind, o->kind)));
}

static const char *group_key(const struct assessment *as, handoff_group_by by)
{
	const char *p;

	if (by == HANDOFF_BY_ACCOUNT)
		return as->account ? as->account : "(no account)";
	if (by == HANDOFF_BY_REP || by == HANDOFF_BY_CSM)
		return (p = handoff__summary_person(as, by)) ? p : by == HANDOFF_BY_REP ?
			"(no rep)" : "(no csm)";
	return "all";
}

static struct tally *tally_for(struct tally **v, size_t *n, const char *key)
{
	struct tally *t;
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i].key, key))
			return &(*v)[i];
	if (!(t = realloc(*v, (*n + 1) * sizeof(*t))))
		return NULL;
	*v = t;
	memset(&t[*n], 0, sizeof(*t));
	t[*n].key = key;
	return &t[(*n)++];
}

static int by_key(const void *x, const void *y)
{
	return strcmp(((const struct tally *)x)->key, ((const struct tally *)y)->key);
}

/* An item's fields, in the order of the csv's columns and the json's names. */
#define ITEM_FIELDS 12
static const char *const item_names[ITEM_FIELDS] = { "group", "record", "path", "id", "text",
	"owner", "person", "due", "status", "delivered", "reason", "state" };

static void item_fields(const char *f[ITEM_FIELDS], const handoff_assessments *a,
	const char *key, const struct assessment *as, const struct commitment_result *c,
	enum commitment_state st)
{
	const char *v[ITEM_FIELDS] = { key, as->id, as->path, c->id, c->text, c->owner,
		handoff__assessments_person(a, c->person), c->due,
		c->status ? c->status : "open",
		c->delivered, c->reason, handoff__commitment_state_name(st) };

	memcpy(f, v, sizeof(v));
}

static void item_csv(handoff_buf *out, const handoff_assessments *a,
	const char *key, const struct assessment *as, const struct commitment_result *c,
	enum commitment_state st, long days)
{
	const char *f[ITEM_FIELDS];
	size_t i;

	item_fields(f, a, key, as, c, st);
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		handoff__buf_puts(out, i ? "," : "");
		handoff__out_csv_field(out, f[i]);
	}
	handoff__buf_printf(out, ",%ld\r\n", days);
}

static void item_json(handoff_buf *out, const handoff_assessments *a,
	const char *key, const struct assessment *as, const struct commitment_result *c,
	enum commitment_state st, long days, int first)
{
	const char *f[ITEM_FIELDS];
	size_t i;

	item_fields(f, a, key, as, c, st);
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		handoff__buf_printf(out, "%s\"%s\":",
			i ? "," : first ? "{" : ",{", item_names[i]);
		handoff__out_json_str(out, f[i]);
	}
	handoff__buf_printf(out, ",\"days\":%ld}", days);
}

/* The text report's detail: what was dropped and why, what came late or is overdue. */
static void item_text(handoff_buf *out, const handoff_assessments *a,
	const struct assessment *as, const struct commitment_result *c,
	enum commitment_state st, long days)
{
	const char *who = handoff__assessments_person(a, c->person);

	if (st == COMMITMENT_DROPPED)
		handoff__buf_printf(out, "  dropped  %s %s %s: %s\n",
			as->id ? as->id : as->path,
			c->id ? c->id : "-", c->text ? c->text : "-",
			c->reason ? c->reason : "(no reason written)");
	else if (st == COMMITMENT_LATE || st == COMMITMENT_OVERDUE)
		handoff__buf_printf(out,
			"  %-7s  %s %s %s: due %s, %ld day%s %s; owner %s%s%s%s\n",
			st == COMMITMENT_LATE ? "late" : "overdue",
			as->id ? as->id : as->path, c->id ? c->id : "-", c->text ? c->text : "-",
			c->due ? c->due : "-", days < 0 ? -days : days,
			(days == 1 || days == -1) ? "" : "s",
			st == COMMITMENT_LATE ? "late" : "overdue", c->owner ? c->owner : "-",
			who ? " (" : "", who ? who : "", who ? ")" : "");
}

int handoff_commitments_format(handoff_buf *out, const handoff_assessments *a,
	const handoff_summary_options *opts, handoff_format format)
{
	static const char *const heads[] = { "open", "due_soon", "overdue",
		"on_time", "late", "dropped" };
	struct tally *v = NULL;
	struct tz *tz = NULL;
	char today[40];
	size_t nv = 0, i, j, k, shown = 0;
	long days, window = (long)(a->due_soon / 86400);
	int err;

	if (opts->by != HANDOFF_BY_ALL && opts->by != HANDOFF_BY_ACCOUNT &&
	    opts->by != HANDOFF_BY_REP && opts->by != HANDOFF_BY_CSM)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"commitments are reported by account, csm or rep"), HANDOFF_EINVALID;
	if (format == HANDOFF_FORMAT_HTML)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"commitments are reported as text, csv or json"), HANDOFF_EINVALID;
	if ((err = handoff__tz_load(&tz, a->timezone ? a->timezone : "UTC")) < 0)
		return err;
	handoff__commitment_today(today, sizeof(today), tz, a->as_of);
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];
		struct tally *t;

		if (!in_scope(as, opts, tz))
			continue;
		if (!(t = tally_for(&v, &nv, group_key(as, opts->by)))) {
			err = handoff__error_oom();
			goto done;
		}
		for (j = 0; j < as->ncommitments; j++)
			t->n[handoff__commitment_state(&as->commitments[j], today, window, &days)]++;
	}
	qsort(v, nv, sizeof(*v), by_key);
	if (format == HANDOFF_FORMAT_CSV)
		handoff__buf_puts(out, "group,record,path,id,text,owner,person,due,status,"
			"delivered,reason,state,days\r\n");
	else if (format == HANDOFF_FORMAT_JSON)
		handoff__buf_printf(out,
			"{\"version\":1,\"as_of\":\"%s\",\"groups\":[", today);
	else
		handoff__buf_printf(out, "Commitments as of %s: delivered on time or late, "
			"dropped, still open, overdue.\n%-32s %5s %7s %5s %7s %5s %7s\n", today,
			opts->by == HANDOFF_BY_ALL ? "" : opts->by == HANDOFF_BY_ACCOUNT ?
			"account" : opts->by == HANDOFF_BY_REP ? "rep" : "csm",
			"total", "on time", "late", "dropped", "open", "overdue");
	for (k = 0; k < nv; k++) {
		size_t total = 0, n = 0;

		for (j = 0; j < ARRAY_SIZE(v[k].n); j++)
			total += v[k].n[j];
		if (format == HANDOFF_FORMAT_JSON) {
			handoff__buf_puts(out, k ? ",{\"key\":" : "{\"key\":");
			handoff__out_json_str(out, v[k].key);
			handoff__buf_puts(out, ",\"name\":");
			handoff__out_json_str(out,
				handoff__assessments_person(a, v[k].key));
			handoff__buf_printf(out, ",\"total\":%zu", total);
			for (j = 0; j < ARRAY_SIZE(heads); j++)
				handoff__buf_printf(out, ",\"%s\":%zu",
					heads[j], v[k].n[j]);
			handoff__buf_puts(out, ",\"items\":[");
		} else if (format == HANDOFF_FORMAT_TEXT) {
			handoff__buf_printf(out, "%-32s %5zu %7zu %5zu %7zu %5zu %7zu\n",
				handoff__assessments_person(a, v[k].key), total,
				v[k].n[COMMITMENT_ON_TIME], v[k].n[COMMITMENT_LATE],
				v[k].n[COMMITMENT_DROPPED],
				v[k].n[COMMITMENT_OPEN] + v[k].n[COMMITMENT_DUE_SOON],
				v[k].n[COMMITMENT_OVERDUE]);
		}
		for (i = 0; format != HANDOFF_FORMAT_TEXT && i < a->n; i++) {
			const struct assessment *as = &a->v[i];

			if (!in_scope(as, opts, tz) || strcmp(group_key(as, opts->by), v[k].key))
				continue;
			for (j = 0; j < as->ncommitments; j++) {
				const struct commitment_result *c = &as->commitments[j];
				enum commitment_state st = handoff__commitment_state(c, today, window, &days);

				if (format == HANDOFF_FORMAT_CSV)
					item_csv(out, a, v[k].key, as, c, st, days);
				else
					item_json(out, a, v[k].key, as, c, st, days, !n++);
			}
		}
		if (format == HANDOFF_FORMAT_JSON)
			handoff__buf_puts(out, "]}");
	}
	if (format == HANDOFF_FORMAT_JSON)
		handoff__buf_puts(out, "]}\n");
	for (i = 0; format == HANDOFF_FORMAT_TEXT && i < a->n; i++) {
		const struct assessment *as = &a->v[i];

		if (!in_scope(as, opts, tz))
			continue;
		for (j = 0; j < as->ncommitments; j++) {
			enum commitment_state st = handoff__commitment_state(&as->commitments[j], today,
				window, &days);

			if (!shown && (st == COMMITMENT_DROPPED || st == COMMITMENT_LATE ||
			    st == COMMITMENT_OVERDUE))
				handoff__buf_puts(out, "\n");
			shown += st == COMMITMENT_DROPPED || st == COMMITMENT_LATE ||
				st == COMMITMENT_OVERDUE;
			item_text(out, a, as, &as->commitments[j], st, days);
		}
	}
	err = handoff__buf_failed(out) ? HANDOFF_ERROR : 0;
done:
	free(v);
	handoff__tz_free(tz);
	return err;
}

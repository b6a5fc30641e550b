/*
 * Rendering assessments one record at a time: `score` (text, --explain,
 * JSON) and `export` (the seeds' CRM handoff record, RFC 4180 CSV).
 */
#include "assess.h"
#include "changes.h"
#include "out.h"

int out_json_str(handoff_buf *b, const char *s)
{
	return s ? handoff__buf_json_str(b, s, strlen(s)) : handoff__buf_puts(b, "null");
}

int out_csv_field(handoff_buf *b, const char *s)
{
	if (!s)
		return 0;
	if (!s[strcspn(s, ",\"\r\n")])
		return handoff__buf_puts(b, s);
	handoff__buf_puts(b, "\"");
	for (; *s; s++)
		handoff__buf_put(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	return handoff__buf_puts(b, "\"");
}

/* Seconds as ISO 8601 in `tz`; "" for 0. */
void out_time(char *buf, size_t size, const struct tz *tz, long long t)
{
	if (!t)
		*buf = '\0';
	else
		format_iso_time(buf, size, t, (int)(tz_offset(tz, t) / 60));
}

static int notes(handoff_buf *out, const handoff_assessments *a, int json)
{
	size_t i;

	if (json) {
		handoff__buf_puts(out, "\"warnings\":[");
		for (i = 0; i < a->nnotes; i++) {
			if (i)
				handoff__buf_puts(out, ",");
			out_json_str(out, a->notes[i]);
		}
		return handoff__buf_puts(out, "]");
	}
	for (i = 0; i < a->nnotes; i++)
		handoff__buf_printf(out, "warning: %s\n", a->notes[i]);
	return 0;
}

static int score_json(handoff_buf *out, const handoff_assessments *a)
{
	size_t i, j, n = 0;

	handoff__buf_puts(out, "{\"version\":1,\"clock\":");
	out_json_str(out, a->clock);
	handoff__buf_puts(out, ",\"records\":[");
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];

		if (!as->max)
			continue;
		handoff__buf_puts(out, n++ ? ",{\"path\":" : "{\"path\":");
		out_json_str(out, as->path);
		handoff__buf_puts(out, ",\"id\":");
		out_json_str(out, as->id);
		handoff__buf_printf(out, ",\"score\":%g,\"max\":100,\"band\":", as->score);
		out_json_str(out, as->band);
		handoff__buf_puts(out, ",\"criteria\":[");
		for (j = 0; j < as->ncrit; j++) {
			const struct criterion_result *c = &as->crit[j];

			handoff__buf_puts(out, j ? ",{\"group\":" : "{\"group\":");
			out_json_str(out, c->group);
			handoff__buf_puts(out, ",\"name\":");
			out_json_str(out, c->name);
			handoff__buf_puts(out, ",\"title\":");
			out_json_str(out, c->title);
			handoff__buf_printf(out, ",\"points\":%g,\"max\":%g,\"why\":",
				c->points, c->max);
			out_json_str(out, c->why);
			handoff__buf_puts(out, "}");
		}
		handoff__buf_puts(out, "]}");
	}
	handoff__buf_puts(out, "],");
	notes(out, a, 1);
	return handoff__buf_puts(out, "}\n");
}

int handoff_score_format(handoff_buf *out, const handoff_assessments *a,
	handoff_format format, int explain, int color)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[m" : "";
	size_t i, j;

	if (format == HANDOFF_FORMAT_JSON)
		return score_json(out, a);
	if (format != HANDOFF_FORMAT_TEXT)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"score is written as text or json"), HANDOFF_EINVALID;
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];

		if (!as->max)
			continue;
		handoff__buf_printf(out, "%s%s%s  %s  %g/100  %s\n", bold, as->path,
			reset, as->id ? as->id : "-", as->score, as->band);
		for (j = 0; explain && j < as->ncrit; j++) {
			const struct criterion_result *c = &as->crit[j];

			handoff__buf_printf(out, "  %-13s %-38s %5g / %-3g  %s\n",
				c->group, c->title, c->points, c->max, c->why);
		}
	}
	if (explain)
		handoff__buf_printf(out, "clock: %s time of commits\n", a->clock);
	return notes(out, a, 0);
}

int handoff_export_format(handoff_buf *out, const handoff_assessments *a)
{
	static const char *const header = "id,path,account,handoff_date_time,"
		"participants,meeting_recording,record_link,score,band,"
		"cs_acceptance,customer_introduction_date,kickoff_scheduled_date\r\n";
	struct tz *tz = NULL;
	size_t i;
	int err;

	if ((err = tz_load(&tz, a->timezone ? a->timezone : "UTC")) < 0)
		return err;
	handoff__buf_puts(out, header);
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];
		const struct sla_result *intro = assessment_sla(as, "customer_introduction"),
			*kickoff = assessment_sla(as, "kickoff_scheduled");
		char t1[40], t2[40], score[32], *link;

		out_time(t1, sizeof(t1), tz, intro && intro->state >= SLA_MET ? intro->done : 0);
		out_time(t2, sizeof(t2), tz, kickoff && kickoff->state >= SLA_MET ? kickoff->done : 0);
		snprintf(score, sizeof(score), "%g", as->score);
		link = handoff__asprintf("%s@%.12s", as->path, as->commit);
		{
			const char *const fields[] = { as->id, as->path, as->account,
				as->meeting, as->participants, as->recording, link,
				as->max ? score : NULL, as->band, as->acceptance };
			size_t k;

			for (k = 0; k < ARRAY_SIZE(fields); k++) {
				if (k)
					handoff__buf_puts(out, ",");
				out_csv_field(out, fields[k]);
			}
		}
		handoff__buf_printf(out, ",%s,%s\r\n", t1, t2);
		free(link);
	}
	tz_free(tz);
	return 0;
}

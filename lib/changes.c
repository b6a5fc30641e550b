/*
 * Lists of semantic changes and how people and programs read them. Text
 * is for a person at a terminal: grouped by commit (log) or by record
 * (diff), or one line per field (blame), long values shortened. JSON is
 * the machine contract of DESIGN section 8, always with ISO 8601 times.
 */
#include <time.h>

#include "changes.h"
#include "clock.h"

int handoff__changes_new(handoff_changes **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return handoff__error_oom();
	return 0;
}

/* Copy `s` (NULL stays NULL) to *at, moving *at past it. */
static char *put_str(char **at, const char *s)
{
	char *d = *at;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*at += n;
	return d;
}

/*
 * The strings of a change live in one block that starts with its pointer
 * (never NULL), which frees them all: a blame of a list of 100,000 items
 * makes 100,000 allocations, not 700,000, and stays within 64 MiB.
 */
int handoff__changes_add(handoff_changes *l, const handoff_change *c)
{
	const char *const s[] = { c->pointer ? c->pointer : "", c->path, c->commit,
		c->author, c->email, c->old_json, c->new_json };
	handoff_change *d;
	size_t i, size = 0;
	char *block;

	if (l->n == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 16;
		handoff_change *v = realloc(l->v, n * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		l->v = v;
		l->alloc = n;
	}
	for (i = 0; i < ARRAY_SIZE(s); i++)
		size += s[i] ? strlen(s[i]) + 1 : 0;
	if (!(block = malloc(size)))
		return handoff__error_oom();
	d = &l->v[l->n];
	*d = *c;
	d->pointer = put_str(&block, s[0]);
	d->path = put_str(&block, c->path);
	d->commit = put_str(&block, c->commit);
	d->author = put_str(&block, c->author);
	d->email = put_str(&block, c->email);
	d->old_json = put_str(&block, c->old_json);
	d->new_json = put_str(&block, c->new_json);
	l->n++;
	return 0;
}

int handoff__changes_note(handoff_changes *l, const char *note)
{
	char **v = realloc(l->notes, (l->nnotes + 1) * sizeof(*v));

	if (!v)
		return handoff__error_oom();
	l->notes = v;
	if (!(l->notes[l->nnotes] = handoff__strdup(note)))
		return HANDOFF_ERROR;
	l->nnotes++;
	return 0;
}

static void reverse(handoff_change *v, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		handoff_change t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
}

/*
 * The list comes oldest first in the history's order, parents before
 * children whatever their dates say; newest first is that order turned
 * round, one commit's changes kept together and in their order. Dates are
 * written by the committer and can be anything (RELIABILITY.md 4.15), so
 * they never decide the order. In place, but for the work tree's changes
 * (a record's worth at most): a log of a long history is a long list.
 */
void handoff__changes_sort_newest_first(handoff_changes *l)
{
	handoff_change *tree = NULL;
	size_t i, start, k = 0, n = l->n;

	if (n < 2)
		return;
	for (i = 0; i < n; i++)
		k += !l->v[i].commit;
	if (k && !(tree = malloc(k * sizeof(*tree))))
		return;
	/* turned round, then each commit's changes back in their order */
	reverse(l->v, n);
	for (start = 0; start < n; start = i) {
		for (i = start + 1; l->v[start].commit && i < n && l->v[i].commit &&
		    !strcmp(l->v[i].commit, l->v[start].commit); i++)
			;
		reverse(l->v + start, i - start);
	}
	if (!k)
		return;
	/* the work tree is newer than any commit: first, in its order */
	for (i = n, start = n, k = 0; i-- > 0; )
		if (l->v[i].commit)
			l->v[--start] = l->v[i];
		else
			tree[k++] = l->v[i];
	memcpy(l->v, tree, k * sizeof(*tree));
	free(tree);
}

size_t handoff_changes_count(const handoff_changes *c)
{
	return c ? c->n : 0;
}

const handoff_change *handoff_changes_get(const handoff_changes *c, size_t i)
{
	return c && i < c->n ? &c->v[i] : NULL;
}

size_t handoff_changes_notes(const handoff_changes *c, const char *const **out)
{
	*out = c ? (const char *const *)c->notes : NULL;
	return c ? c->nnotes : 0;
}

void handoff_changes_free(handoff_changes *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		free(c->v[i].pointer);	/* the block of all its strings */
	free(c->v);
	for (i = 0; i < c->nnotes; i++)
		free(c->notes[i]);
	free(c->notes);
	free(c);
}

/* `v` (0 <= v < 10^n) in `n` decimal digits, zero-padded. */
static void put_digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void handoff__format_iso_time(char *buf, size_t size, long long t, int offset)
{
	time_t shifted = (time_t)(t + (long long)offset * 60);
	struct tm tm;
	int off = offset < 0 ? -offset : offset;

	if (!gmtime_r(&shifted, &tm)) {
		snprintf(buf, size, "@%lld", t);
		return;
	}
	if (size < 26 || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999 ||
	    off / 60 > 99) {
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
			tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', off / 60, off % 60);
		return;
	}
	/* by hand: an audit writes a million of these */
	put_digits(buf, tm.tm_year + 1900, 4);
	buf[4] = '-';
	put_digits(buf + 5, tm.tm_mon + 1, 2);
	buf[7] = '-';
	put_digits(buf + 8, tm.tm_mday, 2);
	buf[10] = 'T';
	put_digits(buf + 11, tm.tm_hour, 2);
	buf[13] = ':';
	put_digits(buf + 14, tm.tm_min, 2);
	buf[16] = ':';
	put_digits(buf + 17, tm.tm_sec, 2);
	buf[19] = offset < 0 ? '-' : '+';
	put_digits(buf + 20, off / 60, 2);
	buf[22] = ':';
	put_digits(buf + 23, off % 60, 2);
	buf[25] = '\0';
}

/* Seconds as ISO 8601 in `tz`; "" for 0. */
void handoff__out_time(char *buf, size_t size, const struct tz *tz, long long t)
{
	if (!t)
		*buf = '\0';
	else
		handoff__format_iso_time(buf, size, t,
			(int)(handoff__tz_offset(tz, t) / 60));
}

static void format_date(char *buf, size_t size, const handoff_change *c,
	handoff_date_mode mode)
{
	if (!c->commit) {
		snprintf(buf, size, "(not committed)");
	} else if (mode == HANDOFF_DATE_LOCAL) {
		time_t t = (time_t)c->time;
		struct tm tm;

		if (localtime_r(&t, &tm))
			handoff__format_iso_time(buf, size, c->time,
				(int)(tm.tm_gmtoff / 60));
		else
			handoff__format_iso_time(buf, size, c->time, 0);
	} else if (mode == HANDOFF_DATE_RELATIVE) {
		static const struct { long long secs; const char *unit; } units[] = {
			{ 365LL * 86400, "year" }, { 30LL * 86400, "month" },
			{ 7LL * 86400, "week" }, { 86400, "day" }, { 3600, "hour" },
			{ 60, "minute" }, { 1, "second" }
		};
		long long d = (long long)time(NULL) - c->time;
		size_t i;

		if (d < 0) {
			snprintf(buf, size, "in the future");
			return;
		}
		for (i = 0; i < ARRAY_SIZE(units) - 1 && d < units[i].secs; i++)
			;
		snprintf(buf, size, "%lld %s%s ago", d / units[i].secs, units[i].unit,
			d / units[i].secs == 1 ? "" : "s");
	} else {
		handoff__format_iso_time(buf, size, c->time, c->offset);
	}
}

static const char *op_name(handoff_change_op op)
{
	return op == HANDOFF_CHANGE_ADD ? "add" :
		op == HANDOFF_CHANGE_REMOVE ? "remove" : "change";
}

static int put_json_or_null(handoff_buf *out, const char *s)
{
	return s ? handoff__buf_json_str(out, s, strlen(s)) :
		handoff__buf_puts(out, "null");
}

static int format_json(const struct sink *s, const handoff_changes *l)
{
	handoff_buf *out = s->out;
	size_t i;
	int err = handoff__buf_puts(out, "{\"version\":1,\"changes\":[");

	for (i = 0; !err && i < l->n; i++) {
		const handoff_change *c = &l->v[i];
		char when[40];

		if ((err = handoff__sink_hand_on(s)) < 0)
			break;
		err = handoff__buf_puts(out, i ? ",{\"path\":" : "{\"path\":");
		if (!err)
			err = put_json_or_null(out, c->path);
		if (!err)
			err = handoff__buf_puts(out, ",\"commit\":");
		if (!err)
			err = put_json_or_null(out, c->commit);
		if (!err)
			err = handoff__buf_puts(out, ",\"author\":");
		if (!err)
			err = put_json_or_null(out, c->author);
		if (!err)
			err = handoff__buf_puts(out, ",\"email\":");
		if (!err)
			err = put_json_or_null(out, c->email);
		if (!err)
			err = handoff__buf_puts(out, ",\"time\":");
		if (!err && c->commit) {
			handoff__format_iso_time(when, sizeof(when), c->time, c->offset);
			err = handoff__buf_printf(out, "\"%s\"", when);
		} else if (!err) {
			err = handoff__buf_puts(out, "null");
		}
		if (!err)
			err = handoff__buf_puts(out, ",\"pointer\":");
		if (!err)
			err = handoff__buf_json_str(out, c->pointer, strlen(c->pointer));
		if (!err)
			err = handoff__buf_printf(out,
				",\"op\":\"%s\",\"old\":%s,\"new\":%s,\"material\":%s}",
				op_name(c->op), c->old_json ? c->old_json : "null",
				c->new_json ? c->new_json : "null",
				c->material ? "true" : "false");
	}
	if (!err)
		err = handoff__buf_puts(out, "],\"warnings\":[");
	for (i = 0; !err && i < l->nnotes; i++) {
		if (i)
			err = handoff__buf_puts(out, ",");
		if (!err)
			err = handoff__buf_json_str(out, l->notes[i], strlen(l->notes[i]));
	}
	return err ? err : handoff__buf_puts(out, "]}\n");
}

int handoff__changes_put_short(handoff_buf *out, const char *json)
{
	size_t n = strlen(json), i = 0, shown = 0;

	while (i < n && shown < 72) {
		i++;
		while (i < n && ((unsigned char)json[i] & 0xc0) == 0x80)
			i++;	/* the rest of a UTF-8 character */
		shown++;
	}
	if (handoff__buf_put(out, json, i) < 0)
		return HANDOFF_ERROR;
	return i < n ? handoff__buf_puts(out, "...") : 0;
}

struct palette {
	const char *add, *remove, *change, *head, *dim, *reset;
};

static int put_change_line(handoff_buf *out, const handoff_change *c,
	const struct palette *p)
{
	const char *sign = c->op == HANDOFF_CHANGE_ADD ? "+" :
		c->op == HANDOFF_CHANGE_REMOVE ? "-" : "~";
	const char *col = c->op == HANDOFF_CHANGE_ADD ? p->add :
		c->op == HANDOFF_CHANGE_REMOVE ? p->remove : p->change;
	int err;

	if (!*c->pointer && c->op != HANDOFF_CHANGE_CHANGE)
		return handoff__buf_printf(out, "  %s%s record %s%s\n", col, sign,
			c->op == HANDOFF_CHANGE_ADD ? "created" : "deleted", p->reset);
	err = handoff__buf_printf(out, "  %s%s %s%s", col, sign, c->pointer,
		p->reset);
	if (!err && c->op == HANDOFF_CHANGE_CHANGE) {
		err = handoff__buf_puts(out, ": ");
		if (!err)
			err = handoff__changes_put_short(out,
				c->old_json ? c->old_json : "null");
		if (!err)
			err = handoff__buf_puts(out, " -> ");
		if (!err)
			err = handoff__changes_put_short(out,
				c->new_json ? c->new_json : "null");
	} else if (!err) {
		err = handoff__buf_puts(out, ": ");
		if (!err)
			err = handoff__changes_put_short(out, c->op == HANDOFF_CHANGE_ADD ?
				(c->new_json ? c->new_json : "null") :
				(c->old_json ? c->old_json : "null"));
	}
	if (!err && c->material)
		err = handoff__buf_printf(out, "  %s[material]%s", p->head, p->reset);
	return err ? err : handoff__buf_puts(out, "\n");
}

static int format_text(const struct sink *s, const handoff_changes *l,
	handoff_view view, handoff_date_mode dates, const struct palette *p)
{
	handoff_buf *out = s->out;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < l->n; i++) {
		const handoff_change *c = &l->v[i], *prev = i ? &l->v[i - 1] : NULL;
		char when[64];

		if ((err = handoff__sink_hand_on(s)) < 0)
			break;
		format_date(when, sizeof(when), c, dates);
		if (view == HANDOFF_VIEW_BLAME) {
			err = handoff__buf_printf(out, "%s%.8s%s %-16.16s %-25s %s%s%s = ",
				p->head, c->commit ? c->commit : "--------", p->reset,
				c->author ? c->author : "", when, p->change, c->pointer,
				p->reset);
			if (!err)
				err = handoff__changes_put_short(out,
					c->new_json ? c->new_json : "null");
			if (!err)
				err = handoff__buf_puts(out, "\n");
			continue;
		}
		if (view == HANDOFF_VIEW_LOG && (!prev || !prev->commit || !c->commit ||
		    strcmp(prev->commit, c->commit) || strcmp(prev->path, c->path)))
			err = handoff__buf_printf(out,
				"%s%scommit %s%s  %s <%s>  %s%s%s  %s\n",
				prev ? "\n" : "", p->head, c->commit ? c->commit : "(work tree)",
				p->reset, c->author ? c->author : "", c->email ? c->email : "",
				p->dim, when, p->reset, c->path);
		else if (view == HANDOFF_VIEW_DIFF && (!prev || strcmp(prev->path, c->path)))
			err = handoff__buf_printf(out, "%s%s%s%s\n", prev ? "\n" : "",
				p->head, c->path, p->reset);
		if (!err)
			err = put_change_line(out, c, p);
	}
	return err;
}

static int format_changes(const struct sink *s, const handoff_changes *c,
	handoff_format format, handoff_view view, handoff_date_mode dates,
	int color)
{
	static const struct palette plain = { "", "", "", "", "", "" };
	static const struct palette ansi = { "\033[32m", "\033[31m", "\033[36m",
		"\033[1;33m", "\033[2m", "\033[m" };

	if (format == HANDOFF_FORMAT_JSON)
		return format_json(s, c);
	if (format != HANDOFF_FORMAT_TEXT)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"changes are text or json");
	return format_text(s, c, view, dates, color ? &ansi : &plain);
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_changes_format(handoff_buf *out, const handoff_changes *c,
	handoff_format format, handoff_view view, handoff_date_mode dates,
	int color)
{
	struct sink s = { out, NULL, NULL };
	int err = format_changes(&s, c, format, view, dates, color);

	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

int handoff_changes_write(const handoff_changes *c, handoff_format format,
	handoff_view view, handoff_date_mode dates, int color,
	handoff_write_cb write, void *payload)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	struct sink s = { &out, write, payload };

	return handoff__sink_finish(&s, format_changes(&s, c, format, view, dates, color));
}

/*
 * Notifications (`status --notify`): each escalation of the board (an SLA
 * overdue or met late, a handoff rejected too often) becomes a message,
 * a JSON payload for the config's `notify.command` or a mail for an mbox,
 * once. An item is named by a key, `<record id>/<item>/<due, UTC>`, so
 * the same escalation of the same record is the same key on every run;
 * the keys sent are one note, sorted lines, under refs/notes/handoff-notify
 * on a fixed blob. Git carries that ref between CI runs like any other,
 * and two runs that raced merge with `git notes merge -s cat_sort_uniq`.
 *
 * This file only builds the messages and keeps the keys: running the
 * command and writing the file are the program's.
 */
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <strings.h>

#include "clock.h"
#include "json.h"
#include "notify.h"
#include "out.h"
#include "source.h"

#define NOTES_REF "refs/notes/handoff-notify"
/* the blob the note is on: written on every run, so it is always there */
static const char anchor[] = "git-handoff notify: the escalations sent\n";

struct notice {
	char *key, *id, *to, *subject, *text, *json;
};

struct handoff_notices {
	struct notice *v;
	size_t n, alloc;
	size_t already;		/* on the board, sent before */
	char **sent;		/* the keys in the note, sorted */
	size_t nsent, asent;
	int *done;		/* v[i] sent on this run */
	char **command;		/* NULL-terminated, or NULL */
	char *from;
};

struct collect {
	handoff_notices *n;
	struct tz *utc, *tz;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_sent(handoff_notices *n, const char *key, size_t len)
{
	if (n->nsent == n->asent) {
		size_t na = n->asent ? 2 * n->asent : 16;
		char **v = realloc(n->sent, na * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		n->sent = v;
		n->asent = na;
	}
	if (!(n->sent[n->nsent] = handoff__strndup(key, len)))
		return HANDOFF_ERROR;
	n->nsent++;
	return 0;
}

static int was_sent(const handoff_notices *n, const char *key)
{
	return n->nsent && bsearch(&key, n->sent, n->nsent, sizeof(char *), cmp_str);
}

static int anchor_oid(git_oid *out)
{
	return git_odb_hash(out, anchor, sizeof(anchor) - 1, GIT_OBJECT_BLOB) < 0 ?
		handoff__error_from_git(-1) : 0;
}

static int read_sent(handoff_notices *n, git_repository *git)
{
	git_note *note = NULL;
	const char *s;
	git_oid oid;
	int err;

	if ((err = anchor_oid(&oid)) < 0)
		return err;
	if ((err = git_note_read(&note, git, NOTES_REF, &oid)) == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return handoff__error_from_git(err);
	for (s = git_note_message(note); !err && s && *s; ) {
		size_t len = strcspn(s, "\n");

		if (len)
			err = add_sent(n, s, len);
		s += len + (s[len] == '\n');
	}
	git_note_free(note);
	if (!err)
		qsort(n->sent, n->nsent, sizeof(char *), cmp_str);
	return err;
}

/* A key is one line of the note: no space or control character in it. */
static void key_clean(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			*s = '_';
}

/* A notice's JSON up to its account: what every notice says first. */
static void json_head(handoff_buf *b, const struct notice *no,
	const struct assessment *as, const char *reason)
{
	handoff__buf_puts(b, "{\"version\":1,\"key\":");
	handoff__out_json_str(b, no->key);
	handoff__buf_printf(b, ",\"reason\":\"%s\",\"id\":", reason);
	handoff__out_json_str(b, as->id);
	handoff__buf_puts(b, ",\"path\":");
	handoff__out_json_str(b, as->path);
	handoff__buf_puts(b, ",\"kind\":");
	handoff__out_json_str(b, as->kind);
	handoff__buf_puts(b, ",\"account\":");
	handoff__out_json_str(b, as->account);
}

/* Record text put into a mail header or a line: no line breaks. */
static char *one_line(char *s)
{
	char *p;

	for (p = s; p && *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return s;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static int build(struct notice *no, const struct board_item *it, struct collect *c)
{
	const struct assessment *as = it->as;
	const char *name = as->id ? as->id : as->path;
	const char *to = !it->sla ? as->rejections_to :
		it->sla->escalate_to ? it->sla->escalate_to : as->sla_to;
	const char *reason = !it->sla ? "rejections" : it->overdue ? "sla_overdue" : "sla_late";
	handoff_buf b = HANDOFF_BUF_INIT;
	char due[40], when[40];

	if (!to || !*to)	/* nobody has the role: the owner hears it */
		to = it->sla && it->sla->owner ? it->sla->owner : as->owner;
	handoff__out_time(due, sizeof(due), c->utc, it->due);
	if (!(no->key = handoff__asprintf("%s/%s/%s", name,
	    it->sla ? it->sla->name : "rejections", due)))
		return HANDOFF_ERROR;
	key_clean(no->key);
	if (!(no->id = handoff__strdup(name)) || (to && !(no->to = handoff__strdup(to))))
		return HANDOFF_ERROR;
	one_line(no->to);
	handoff__out_time(when, sizeof(when), c->tz, it->due);
	if (it->sla) {
		no->subject = handoff__asprintf("[handoff] %s %s: %s %s", name,
			or_dash(as->account), it->sla->title ? it->sla->title : it->sla->name,
			it->overdue ? "overdue" : "met late");
		handoff__buf_printf(&b, "%s (%s): %s (%s) %s: due %s, %.1f hours late.\n"
			"Owner: %s. Stage: %s.\n",
			name, or_dash(as->account), it->sla->title ? it->sla->title : it->sla->name,
			it->sla->name, it->overdue ? "is overdue" : "was met late", when,
			it->late_hours, or_dash(it->sla->owner), it->stage);
	} else {
		no->subject = handoff__asprintf("[handoff] %s %s: rejected %u times",
			name, or_dash(as->account), it->rejections);
		handoff__buf_printf(&b, "%s (%s): rejected %u times (the latest on %s): "
			"escalated to sales leadership.\nOwner: %s. Stage: %s.\n",
			name, or_dash(as->account), it->rejections, when,
			or_dash(as->owner), it->stage);
	}
	handoff__buf_printf(&b, "Record: %s\n", as->path);
	if (!no->subject || handoff__buf_failed(&b)) {
		handoff_buf_dispose(&b);
		return HANDOFF_ERROR;
	}
	one_line(no->subject);
	no->text = b.ptr;
	b.ptr = NULL;
	b.size = b.asize = 0;

	json_head(&b, no, as, reason);
	handoff__buf_puts(&b, ",\"stage\":");
	handoff__out_json_str(&b, it->stage);
	handoff__buf_puts(&b, ",\"item\":");
	handoff__out_json_str(&b, it->sla ? it->sla->name : "rejections");
	handoff__buf_puts(&b, ",\"title\":");
	handoff__out_json_str(&b, it->sla ? it->sla->title : NULL);
	handoff__buf_printf(&b, ",\"due\":\"%s\",\"late_by_hours\":", when);
	if (it->late_hours < 0)
		handoff__buf_puts(&b, "null");
	else
		handoff__buf_printf(&b, "%.1f", it->late_hours);
	handoff__buf_printf(&b, ",\"rejections\":%u,\"owner\":", it->rejections);
	handoff__out_json_str(&b, it->sla ? it->sla->owner : as->owner);
	handoff__buf_puts(&b, ",\"to\":[");
	for (to = no->to; to && *to; ) {
		size_t len = strcspn(to, ",");

		handoff__buf_json_str(&b, to, len);
		to += len + strspn(to + len, ", ");
		handoff__buf_puts(&b, *to ? "," : "");
	}
	/* `text` first among equals: a Slack or Teams webhook shows it as is */
	handoff__buf_puts(&b, "],\"text\":");
	handoff__out_json_str(&b, no->text);
	handoff__buf_puts(&b, "}\n");
	if (handoff__buf_failed(&b)) {
		handoff_buf_dispose(&b);
		return HANDOFF_ERROR;
	}
	no->json = b.ptr;
	return 0;
}

/* A new notice at the end of the list, zeroed. */
static struct notice *new_notice(handoff_notices *n)
{
	if (n->n == n->alloc) {
		size_t na = n->alloc ? 2 * n->alloc : 8;
		struct notice *v = realloc(n->v, na * sizeof(*v));

		if (!v) {
			handoff__error_oom();
			return NULL;
		}
		n->v = v;
		n->alloc = na;
	}
	memset(&n->v[n->n], 0, sizeof(n->v[0]));
	return &n->v[n->n++];
}

/* The notice just built: kept unless sent before or already in the list. */
static void keep_if_new(handoff_notices *n)
{
	struct notice *no = &n->v[n->n - 1];
	size_t i;

	/* sent before, or twice on one board (two records with one id): drop it */
	for (i = 0; i + 1 < n->n && strcmp(n->v[i].key, no->key); i++)
		;
	if (was_sent(n, no->key) || i + 1 < n->n) {
		n->already += was_sent(n, no->key);
		free(no->key);
		free(no->id);
		free(no->to);
		free(no->subject);
		free(no->text);
		free(no->json);
		n->n--;
	}
}

static int collect_one(const struct board_item *it, void *payload)
{
	struct collect *c = payload;
	struct notice *no = new_notice(c->n);
	int err;

	if (!no)
		return handoff__error_oom();
	if ((err = build(no, it, c)) < 0)
		return err;
	keep_if_new(c->n);
	return 0;
}

static int read_config(handoff_notices *n, handoff_repo *repo, const char *rev)
{
	struct source src;
	size_t i, k;
	int err;

	err = rev ? handoff__source_open(&src, repo, HANDOFF_SOURCE_REV, rev) :
		handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL);
	if (err < 0) {
		handoff__source_release(&src);
		return err;
	}
	if (src.config->notify_from && !(n->from = handoff__strdup(src.config->notify_from)))
		err = HANDOFF_ERROR;
	for (k = 0; src.config->notify_command && src.config->notify_command[k]; k++)
		;
	if (!err && k && !(n->command = calloc(k + 1, sizeof(char *))))
		err = handoff__error_oom();
	for (i = 0; !err && i < k; i++)
		if (!(n->command[i] = handoff__strdup(src.config->notify_command[i])))
			err = HANDOFF_ERROR;
	handoff__source_release(&src);
	return err;
}

int handoff_notify_collect(handoff_notices **out, handoff_repo *repo,
	const handoff_assessments *a, long long as_of, const char *rev)
{
	handoff_notices *n;
	struct collect c = { NULL, NULL, NULL };
	int err;

	*out = NULL;
	if (!repo->git)
		return handoff__error_set(HANDOFF_ERROR_GIT, "not a git repository"),
			HANDOFF_ENOTFOUND;
	if (!(n = calloc(1, sizeof(*n))))
		return handoff__error_oom();
	c.n = n;
	if ((err = read_config(n, repo, rev)) == 0 &&
	    (err = read_sent(n, repo->git)) == 0 &&
	    (err = handoff__tz_load(&c.utc, "UTC")) == 0 &&
	    (err = handoff__tz_load(&c.tz, a->timezone ? a->timezone : "UTC")) == 0)
		err = handoff__status_escalations(a, as_of, collect_one, &c);
	if (!err && n->n && !(n->done = calloc(n->n, sizeof(int))))
		err = handoff__error_oom();
	handoff__tz_free(c.utc);
	handoff__tz_free(c.tz);
	if (err) {
		handoff_notices_free(n);
		return err;
	}
	*out = n;
	return 0;
}

/* ---- material changes after acceptance ---------------------------------- */

static int collect_audit(const char *data, size_t len, void *payload)
{
	return handoff__buf_put(payload, data, len);
}

/*
 * One commit's material changes to one accepted record, made by someone
 * other than its rep: a notice to the rep, keyed by the commit.
 */
static int change_notice(handoff_notices *n, const struct assessment *as,
	const struct json *first, const handoff_buf *pointers)
{
	const char *name = as->id ? as->id : as->path;
	const char *commit = handoff__json_get_str(first, "commit"),
		*who = handoff__json_get_str(first, "email");
	const char *when = handoff__json_get_str(first, "time"),
		*reason = handoff__json_get_str(first, "reason");
	struct notice *no = new_notice(n);
	handoff_buf b = HANDOFF_BUF_INIT;

	if (!no)
		return HANDOFF_ERROR;
	if (!(no->key = handoff__asprintf("%s/material_change/%.12s", name, or_dash(commit))) ||
	    !(no->id = handoff__strdup(name)) || !(no->to = handoff__strdup(as->owner)) ||
	    !(no->subject = handoff__asprintf("[handoff] %s %s: changed after acceptance",
	    name, or_dash(as->account))))
		return HANDOFF_ERROR;
	key_clean(no->key);
	one_line(no->to);
	one_line(no->subject);
	handoff__buf_printf(&b,
		"%s (%s) was changed after CS accepted it, by %s on %s: %s.\n"
		"Reason: %s.\nRecord: %s\n", name, or_dash(as->account), or_dash(who),
		or_dash(when), pointers->ptr, or_dash(reason), as->path);
	if (handoff__buf_failed(&b))
		return HANDOFF_ERROR;
	no->text = b.ptr;
	b.ptr = NULL;
	b.size = b.asize = 0;
	json_head(&b, no, as, "material_change");
	handoff__buf_puts(&b, ",\"commit\":");
	handoff__out_json_str(&b, commit);
	handoff__buf_puts(&b, ",\"by\":");
	handoff__out_json_str(&b, who);
	handoff__buf_puts(&b, ",\"time\":");
	handoff__out_json_str(&b, when);
	handoff__buf_puts(&b, ",\"changed\":");
	handoff__out_json_str(&b, pointers->ptr);
	handoff__buf_puts(&b, ",\"to\":[");
	handoff__out_json_str(&b, as->owner);
	handoff__buf_puts(&b, "],\"text\":");
	handoff__out_json_str(&b, no->text);
	handoff__buf_puts(&b, "}\n");
	if (handoff__buf_failed(&b))
		return HANDOFF_ERROR;
	no->json = b.ptr;
	keep_if_new(n);
	return 0;
}

static int by_path(const void *x, const void *y)
{
	const struct assessment *a = *(const struct assessment *const *)x;
	const struct assessment *b = *(const struct assessment *const *)y;

	return strcmp(a->path ? a->path : "", b->path ? b->path : "");
}

/* The assessment of `path`, from the assessments sorted by path. */
static const struct assessment *assessment_at(const struct assessment **sorted,
	size_t n, const char *path)
{
	struct assessment key;
	const struct assessment *k = &key, **hit;

	if (!path || !n)
		return NULL;
	key.path = (char *)path;
	hit = bsearch(&k, sorted, n, sizeof(*sorted), by_path);
	return hit ? *hit : NULL;
}

/* The record's, when the change is one to tell the rep of: after acceptance, by another. */
static const struct assessment *to_tell(const struct assessment **sorted, size_t n,
	const struct json *c, const struct tz *utc, long long as_of)
{
	const struct json *after = handoff__json_get(c, "after_acceptance");
	const struct assessment *as = assessment_at(sorted, n,
		handoff__json_get_str(c, "path"));
	const char *who = handoff__json_get_str(c, "email"),
		*when = handoff__json_get_str(c, "time");
	long long t;

	if (!after || after->type != JSON_BOOL || !after->boolean || !as ||
	    !as->owner || (who && !strcasecmp(who, as->owner)) || !when ||
	    !handoff__clock_parse(utc, when, strlen(when), &t) || t > as_of)
		return NULL;
	return as;
}

int handoff_notify_changes(handoff_notices *n, const handoff_audit *audit,
	const handoff_assessments *a, long long as_of)
{
	struct tz *utc = NULL;
	const struct assessment **sorted = a->n ? malloc(a->n * sizeof(*sorted)) : NULL;
	struct json_limits lim = { 16, (size_t)-1 };
	handoff_buf b = HANDOFF_BUF_INIT, ptrs = HANDOFF_BUF_INIT;
	struct json *trail = NULL;
	const struct json *changes, *c, *first = NULL;
	const struct assessment *as = NULL;
	int *done;
	size_t i;
	int err = a->n && !sorted ? handoff__error_oom() : handoff__tz_load(&utc, "UTC");

	for (i = 0; !err && i < a->n; i++)
		sorted[i] = &a->v[i];
	if (!err && a->n > 1)
		qsort(sorted, a->n, sizeof(*sorted), by_path);
	if (!err)
		err = handoff_audit_write(audit, HANDOFF_FORMAT_JSON, 0, collect_audit, &b);
	if (!err)
		err = handoff__buf_failed(&b) ? HANDOFF_ERROR :
			handoff__json_parse(&trail, b.ptr, b.size, &lim,
				NULL) < 0 ? HANDOFF_ERROR : 0;
	changes = trail ? handoff__json_get(trail, "changes") : NULL;
	/* the changes come by time: one commit's to one record are together */
	for (c = changes ? changes->child : NULL; !err && c; c = c->next) {
		const struct assessment *this = to_tell(sorted, a->n, c, utc, as_of);

		if (first && (this != as || strcmp(or_dash(handoff__json_get_str(c, "commit")),
		    or_dash(handoff__json_get_str(first, "commit"))))) {
			err = change_notice(n, as, first, &ptrs);
			first = NULL;
		}
		if (!this || err)
			continue;
		if (!first) {
			first = c;
			as = this;
			ptrs.size = 0;
		}
		handoff__buf_printf(&ptrs, "%s%s", ptrs.size ? ", " : "",
			or_dash(handoff__json_get_str(c, "pointer")));
	}
	if (!err && first)
		err = change_notice(n, as, first, &ptrs);
	if (!err && n->n && !(done = realloc(n->done, n->n * sizeof(int))))
		err = handoff__error_oom();
	else if (!err && n->n) {
		n->done = done;
		memset(n->done, 0, n->n * sizeof(int));
	}
	handoff__json_free(trail);
	free(sorted);
	handoff__tz_free(utc);
	handoff_buf_dispose(&b);
	handoff_buf_dispose(&ptrs);
	return err;
}

size_t handoff_notices_count(const handoff_notices *n, size_t *already)
{
	if (already)
		*already = n->already;
	return n->n;
}

const char *handoff_notice_key(const handoff_notices *n, size_t i)
{
	return n->v[i].key;
}

const char *handoff_notice_json(const handoff_notices *n, size_t i)
{
	return n->v[i].json;
}

const char *const *handoff_notify_command(const handoff_notices *n)
{
	return (const char *const *)n->command;
}

void handoff_notice_sent(handoff_notices *n, size_t i)
{
	n->done[i] = 1;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void put_base64(handoff_buf *b, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3)
		handoff__buf_printf(b, "%c%c%c%c", b64[s[i] >> 2],
			b64[(s[i] & 3) << 4 | s[i + 1] >> 4],
			b64[(s[i + 1] & 15) << 2 | s[i + 2] >> 6], b64[s[i + 2] & 63]);
	if (n - i == 1)
		handoff__buf_printf(b, "%c%c==", b64[s[i] >> 2], b64[(s[i] & 3) << 4]);
	else if (n - i == 2)
		handoff__buf_printf(b, "%c%c%c=", b64[s[i] >> 2],
			b64[(s[i] & 3) << 4 | s[i + 1] >> 4], b64[(s[i + 1] & 15) << 2]);
}

/*
 * A header value of any text: as is when it is printable ASCII, else
 * RFC 2047 encoded words of at most 45 bytes each (60 characters of
 * base64), never cutting a UTF-8 sequence, on folded lines.
 */
static void put_header_text(handoff_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len = strlen(s);
	int plain = 1;

	for (i = 0; i < len; i++)
		plain &= u[i] >= ' ' && u[i] < 0x7f;
	if (plain && !strstr(s, "=?")) {
		handoff__buf_puts(b, s);
		return;
	}
	for (i = 0; i < len; ) {
		size_t n = len - i > 45 ? 45 : len - i;

		while (n < len - i && n > 1 && (u[i + n] & 0xc0) == 0x80)
			n--;
		handoff__buf_puts(b, i ? "\n =?UTF-8?B?" : "=?UTF-8?B?");
		put_base64(b, u + i, n);
		handoff__buf_puts(b, "?=");
		i += n;
	}
}

/* The address of "Name <addr>" or of "addr". */
static void put_addr(handoff_buf *b, const char *from)
{
	const char *lt = strrchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	if (lt && gt && gt > lt + 1)
		handoff__buf_put(b, lt + 1, (size_t)(gt - lt - 1));
	else if (!strpbrk(from, " \t"))
		handoff__buf_puts(b, from);
	else
		handoff__buf_puts(b, "MAILER-DAEMON");
}

/* "Name <addr>": the name may be encoded, never the address. */
static int put_from(handoff_buf *b, const char *from)
{
	const char *lt = strrchr(from, '<');
	char *name;

	if (!lt || lt == from) {
		put_header_text(b, from);
		return 0;
	}
	if (!(name = handoff__strndup(from, (size_t)(lt - from))))
		return HANDOFF_ERROR;
	while (*name && name[strlen(name) - 1] == ' ')
		name[strlen(name) - 1] = '\0';
	put_header_text(b, name);
	handoff__buf_printf(b, " %s", lt);
	free(name);
	return 0;
}

int handoff_notice_mbox(handoff_buf *out, const handoff_notices *n, size_t i,
	long long now)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	const struct notice *no = &n->v[i];
	const char *from = n->from ? n->from : "git-handoff <git-handoff@localhost>";
	const char *s;
	time_t t = (time_t)now;
	struct tm tm;
	git_oid mid;
	char hex[GIT_OID_HEXSZ + 1];

	if (!gmtime_r(&t, &tm) ||
	    git_odb_hash(&mid, no->key, strlen(no->key), GIT_OBJECT_BLOB) < 0)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"cannot date or name a message"),
			HANDOFF_ERROR;
	git_oid_tostr(hex, sizeof(hex), &mid);
	/* RFC 4155: "From " sender asctime-date */
	handoff__buf_puts(out, "From ");
	put_addr(out, from);
	handoff__buf_printf(out, " %s %s %2d %02d:%02d:%02d %d\n", days[tm.tm_wday],
		months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		tm.tm_year + 1900);
	handoff__buf_puts(out, "From: ");
	if (put_from(out, from) < 0)
		return HANDOFF_ERROR;
	handoff__buf_puts(out, "\nTo: ");
	handoff__buf_puts(out, no->to && *no->to ? no->to : "undisclosed-recipients:;");
	handoff__buf_puts(out, "\nSubject: ");
	put_header_text(out, no->subject);
	handoff__buf_printf(out, "\nDate: %s, %02d %s %d %02d:%02d:%02d +0000\n",
		days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
		tm.tm_hour, tm.tm_min, tm.tm_sec);
	handoff__buf_printf(out, "Message-ID: <%s@git-handoff>\n", hex);
	handoff__buf_puts(out, "MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=UTF-8\n"
		"Content-Transfer-Encoding: 8bit\n"
		"X-Handoff-Key: ");
	handoff__buf_puts(out, no->key);
	handoff__buf_puts(out, "\n\n");
	/* mboxrd: a body line that would read as a From_ line gets one more '>' */
	for (s = no->text; *s; ) {
		size_t len = strcspn(s, "\n"), q = strspn(s, ">");

		if (len - q >= 5 && !strncmp(s + q, "From ", 5))
			handoff__buf_puts(out, ">");
		handoff__buf_put(out, s, len);
		handoff__buf_puts(out, "\n");
		s += len + (s[len] == '\n');
	}
	handoff__buf_puts(out, "\n");
	return handoff__buf_failed(out) ? HANDOFF_ERROR : 0;
}

/*
 * The note becomes the keys it had and those sent now, sorted, one a
 * line: the union, so a run that saw an older note loses nothing but
 * its own, and `cat_sort_uniq` merges two.
 */
int handoff_notify_remember(handoff_repo *repo, handoff_notices *n)
{
	git_signature *sig = NULL;
	handoff_buf b = HANDOFF_BUF_INIT;
	git_oid oid, blob, note;
	size_t i, fresh = 0;
	int err = 0;

	/* none of n->v is in the note: collect_one() left those out */
	for (i = 0; !err && i < n->n; i++)
		if (n->done[i]) {
			err = add_sent(n, n->v[i].key, strlen(n->v[i].key));
			fresh++;
		}
	if (err || !fresh)
		return err;
	qsort(n->sent, n->nsent, sizeof(char *), cmp_str);
	for (i = 0; i < n->nsent; i++)
		handoff__buf_printf(&b, "%s\n", n->sent[i]);
	if (handoff__buf_failed(&b))
		err = HANDOFF_ERROR;
	else if ((err = anchor_oid(&oid)) == 0 &&
	    (git_blob_create_from_buffer(&blob, repo->git, anchor, sizeof(anchor) - 1) < 0 ||
	    ((git_signature_default(&sig, repo->git) < 0 &&
	      git_signature_now(&sig, "git-handoff", "git-handoff@localhost") < 0)) ||
	    git_note_create(&note, repo->git, NOTES_REF, sig, sig, &oid, b.ptr, 1) < 0))
		err = handoff__error_from_git(-1);
	git_signature_free(sig);
	handoff_buf_dispose(&b);
	return err;
}

void handoff_notices_free(handoff_notices *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		free(n->v[i].key);
		free(n->v[i].id);
		free(n->v[i].to);
		free(n->v[i].subject);
		free(n->v[i].text);
		free(n->v[i].json);
	}
	for (i = 0; i < n->nsent; i++)
		free(n->sent[i]);
	for (i = 0; n->command && n->command[i]; i++)
		free(n->command[i]);
	free(n->command);
	free(n->from);
	free(n->sent);
	free(n->done);
	free(n->v);
	free(n);
}

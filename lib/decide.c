/*
 * CS's decision on a handoff (`accept`, `reject`, `revise`): the record's
 * `acceptance` block is rewritten and nothing else. The block is the
 * lines from its key to the next top-level key (less the blank lines and
 * unindented comments before that key, which belong to what follows);
 * a record without one gets it just before the closing `---` (or `...`).
 * The new lines keep the file's line ending and the block's indentation;
 * every other byte stays as it was.
 *
 * Two notions of a line meet here. The reader (libyaml 0.2.5, a YAML 1.1
 * parser) also breaks lines at NEL, LS and PS, and reports positions so;
 * YAML 1.2, and every editor, breaks them only at LF, CR and CRLF, and
 * those three characters are ordinary text, common in pasted prose. So a
 * key's position is turned back into a byte offset by the reader's rule
 * (text_offset), and the block's own lines are cut by YAML 1.2's. Then,
 * since a slip here would silently damage a record, the result is read
 * back before anything is written: it must parse, hold the decision, and
 * keep every other key, the bytes before the front matter and the body
 * exactly; else nothing is written.
 *
 * Only a person with one of the roles that decide the record's kind
 * (x-handoff `deciders`) in the committed config and kinds (HEAD's, so
 * an uncommitted edit grants nothing) may decide; a draft is not decided
 * on (it is submitted first); a handoff that does not validate cannot be
 * accepted; a rejection says what is missing. `submit` goes through the
 * same rewrite: the block becomes {status: submitted}, for anyone, when
 * the record is complete. The file is replaced atomically.
 */
#include <time.h>

#include "changes.h"
#include "clock.h"
#include "decide.h"
#include "environment.h"
#include "record.h"
#include "report.h"
#include "source.h"
#include "utf8.h"
#include "validate.h"

/* Whether offset i of s starts a line, counting from `from`. */
static int at_line_start(const char *s, size_t from, size_t i)
{
	return i == from || s[i - 1] == '\n' || s[i - 1] == '\r';
}

/* Where the line at i ends, before its break. */
static size_t line_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

/* Where the line after the one at i starts (n at the end). */
static size_t next_line(const char *s, size_t n, size_t i)
{
	i = line_end(s, n, i);
	if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
		return i + 2;
	return i < n ? i + 1 : n;
}

/* Where the line before the one starting at i (> from) starts. */
static size_t prev_line(const char *s, size_t from, size_t i)
{
	i--;
	if (s[i] == '\n' && i > from && s[i - 1] == '\r')
		i--;
	while (i > from && s[i - 1] != '\n' && s[i - 1] != '\r')
		i--;
	return i;
}

/* A blank line or an unindented comment: it belongs to what follows. */
static int blank_or_comment(const char *s, size_t n, size_t i)
{
	size_t end = line_end(s, n, i), j = i;

	while (j < end && (s[j] == ' ' || s[j] == '\t'))
		j++;
	return j == end || s[i] == '#';
}

/* A document end marker: `...`, then nothing or a space, a tab. */
static int is_document_end(const char *s, size_t n, size_t i)
{
	return n - i >= 3 && !memcmp(s + i, "...", 3) &&
		(i + 3 == n || s[i + 3] == ' ' || s[i + 3] == '\t' ||
		 s[i + 3] == '\n' || s[i + 3] == '\r');
}

/*
 * A YAML double-quoted scalar. What libyaml would not read back as
 * itself is escaped: C0 and C1 controls, DEL, and NEL, LS and PS (line
 * breaks to libyaml, folded into a space or kept), the byte order mark,
 * U+FFFE and U+FFFF.
 */
static void put_quoted(handoff_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	handoff__buf_puts(b, "\"");
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			handoff__buf_printf(b, "\\%c", *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			handoff__buf_printf(b, "\\x%02x", *p);
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			handoff__buf_printf(b, "\\x%02x", p[1]);	/* \x85 is NEL */
			p++;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			handoff__buf_puts(b, p[2] == 0xa8 ? "\\L" : "\\P");
			p += 2;
		} else if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
			handoff__buf_puts(b, "\\uFEFF");
			p += 2;
		} else if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
			handoff__buf_printf(b, "\\uFF%02X", p[2]);
			p += 2;
		} else {
			handoff__buf_put(b, (const char *)p, 1);
		}
	}
	handoff__buf_puts(b, "\"");
}

/*
 * Written plain, an address reads back as the same string: a letter or
 * digit first (`@`, `%` and `-` start other things) and an `@` in it, so
 * that no `123`, `null` or `true` changes type.
 */
static int plain_safe(const char *s)
{
	unsigned char c = (unsigned char)*s;

	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ?
		strchr(s, '@') && s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-@")] == '\0' : 0;
}

static const char *const status_names[] = { "accepted", "rejected",
	"needs-revision", "submitted" };

static int new_block(handoff_buf *b, const handoff_decide_options *o,
	const char *by, const char *at, const char *indent, const char *eol)
{
	size_t i;

	if (o->decision == HANDOFF_DECISION_SUBMIT) {	/* no one decided yet */
		handoff__buf_printf(b, "acceptance:%s%sstatus: %s%s", eol, indent,
			status_names[o->decision], eol);
		return b->ptr ? 0 : handoff__error_oom();
	}
	handoff__buf_printf(b, "acceptance:%s%sstatus: %s%s%sby: ", eol, indent,
		status_names[o->decision], eol, indent);
	if (plain_safe(by))
		handoff__buf_puts(b, by);
	else
		put_quoted(b, by);
	handoff__buf_printf(b, "%s%sat: %s%s", eol, indent, at, eol);
	if (o->ngaps)
		handoff__buf_printf(b, "%sgaps:%s", indent, eol);
	for (i = 0; i < o->ngaps; i++) {
		handoff__buf_printf(b, "%s  - ", indent);
		put_quoted(b, o->gaps[i]);
		handoff__buf_puts(b, eol);
	}
	if (o->nreasons)
		handoff__buf_printf(b, "%sreasons:%s", indent, eol);
	for (i = 0; i < o->nreasons; i++) {
		handoff__buf_printf(b, "%s  - ", indent);
		put_quoted(b, o->reasons[i]);
		handoff__buf_puts(b, eol);
	}
	return b->ptr ? 0 : handoff__error_oom();
}

/*
 * The front matter's bytes [*from, *to) in the record's text: as the
 * reader found them, less, in a YAML file, a `...` document end marker
 * and what follows it (comments), where a new block must not go.
 */
static void front_span(const struct record *rec, size_t *from, size_t *to)
{
	const char *s = rec->text;
	size_t i;

	*from = rec->front_start;
	*to = rec->front_end;
	if (!rec->is_yaml)
		return;
	for (i = *from; i < *to; i = next_line(s, *to, i))
		if (is_document_end(s, *to, i)) {
			*to = i;
			return;
		}
}

/*
 * The bytes [*first, *end) that the acceptance block holds, or an empty
 * range where a new one goes; both at the start of a line.
 */
static int find_block(const struct record *rec, size_t from, size_t to,
	size_t *first, size_t *end)
{
	const struct node *front = handoff__record_front(rec);
	const char *s = rec->text;
	size_t i, key, next;

	for (i = 0; front && i < front->n; i++) {
		const struct node *k = front->pairs[i].key, *nk;

		if (strcmp(k->str, "acceptance"))
			continue;
		key = handoff__text_offset(s, rec->len, k->line, k->col);
		if (k->col != 1 || key < from || key >= to || !at_line_start(s, from, key))
			return HANDOFF_EINVALID;
		next = to;
		if (i + 1 < front->n) {
			nk = front->pairs[i + 1].key;
			next = handoff__text_offset(s, rec->len, nk->line, nk->col);
			if (next <= key || next > to || !at_line_start(s, from, next))
				return HANDOFF_EINVALID;
		}
		*first = key;
		*end = next;
		while (*end > next_line(s, to, key) &&
		    blank_or_comment(s, to, prev_line(s, from, *end)))
			*end = prev_line(s, from, *end);
		return 0;
	}
	*first = *end = to;
	return 0;
}

/* The line break that ends the line at i, or NULL at the end. */
static const char *break_of(const char *s, size_t n, size_t i)
{
	i = line_end(s, n, i);
	if (i == n)
		return NULL;
	if (s[i] == '\n')
		return "\n";
	return i + 1 < n && s[i + 1] == '\n' ? "\r\n" : "\r";
}

/*
 * The new block's line break: the old block's, else that of the line it
 * follows, else the file's first, else LF. A bare CR before an LF would
 * make one break of two lines: CRLF then.
 */
static const char *block_break(const struct record *rec, size_t from,
	size_t first, size_t end)
{
	const char *s = rec->text, *eol = NULL;

	if (first < end)
		eol = break_of(s, rec->len, first);
	else if (first > from && at_line_start(s, from, first))
		eol = break_of(s, rec->len, prev_line(s, from, first));
	if (!eol && !(eol = break_of(s, rec->len, 0)))
		eol = "\n";
	if (!strcmp(eol, "\r") && end < rec->len && s[end] == '\n')
		eol = "\r\n";
	return eol;
}

char *handoff__decide_git_email(git_repository *git)
{
	const handoff_environment *env = handoff__env();
	git_config *cfg = NULL;
	git_buf v = GIT_BUF_INIT;
	char *email = NULL;

	if (env->git_author_email)
		return handoff__strdup(env->git_author_email);
	if (git_repository_config_snapshot(&cfg, git) == 0 &&
	    git_config_get_string_buf(&v, cfg, "user.email") == 0 && v.size)
		email = handoff__strdup(v.ptr);
	git_buf_dispose(&v);
	git_config_free(cfg);
	if (!email && env->email)
		email = handoff__strdup(env->email);
	if (!email)
		handoff__error_set(HANDOFF_ERROR_INVALID, "who is deciding? set git's "
			"user.email (git config user.email you@example.com)");
	return email;
}

/*
 * One of the deciders' roles of the record's kind (`kind_name`, NULL when
 * the record names none), both as committed: HEAD's config and kinds.
 */
static int check_role(handoff_repo *repo, const char *email, const char *kind_name)
{
	struct source head;
	struct kind *kind = NULL;
	handoff_buf roles = HANDOFF_BUF_INIT;
	const struct person *p;
	int err = git_repository_head_unborn(repo->git) == 1 ?
		handoff__source_open(&head, repo, HANDOFF_SOURCE_WORKTREE, NULL) :
		handoff__source_open(&head, repo, HANDOFF_SOURCE_REV, "HEAD");

	if (err < 0) {
		handoff__source_release(&head);
		return err;
	}
	/* a kind not known is CS's, as by default; a broken one decides nothing */
	if (kind_name && (err = handoff__source_kind(&kind, &head, kind_name)) < 0) {
		if (err == HANDOFF_ESCHEMA)
			err = handoff__source_schema_error(&head);
		handoff__source_release(&head);
		return err;
	}
	p = handoff__config_person(head.config, email);
	if (!handoff__kind_may_decide(kind, p)) {
		if ((err = handoff__kind_deciders_text(&roles, kind, 0)) == 0) {
			handoff__error_set(HANDOFF_ERROR_INVALID,
				"%s has no %s role in the "
				"committed %s; only people with the %s role may decide a %s",
				email, roles.ptr, CONFIG_PATH, roles.ptr,
				kind ? kind->name : "handoff");
			err = HANDOFF_EINVALID;
		}
	}
	handoff_buf_dispose(&roles);
	handoff__source_release(&head);
	return err;
}

/*
 * When the decision is made, in the config's zone: `t`, else the time
 * git will give the commit (GIT_AUTHOR_DATE as "@secs" or ISO 8601),
 * else now.
 */
static int now_text(char *buf, size_t size, const struct config *cfg, long long t)
{
	const char *env = handoff__env()->git_author_date;
	struct tz *tz = NULL;
	int err = handoff__tz_load(&tz, cfg->timezone);

	if (err < 0)
		return err;
	if (!t && env && *env == '@')
		t = strtoll(env + 1, NULL, 10);
	else if (!t && env)
		handoff__clock_parse(tz, env, strlen(env), &t);
	if (!t)
		t = (long long)time(NULL);
	handoff__format_iso_time(buf, size, t, (int)(handoff__tz_offset(tz, t) / 60));
	handoff__tz_free(tz);
	return 0;
}

/* The record's bytes with the new acceptance block. */
static int edit(handoff_buf *out, const struct record *rec,
	const handoff_decide_options *o, const char *by, const char *at)
{
	const char *s = rec->text, *eol;
	size_t from, to, first, end, head = (size_t)(rec->text - rec->data);
	char indent[16] = "  ";
	int err;

	front_span(rec, &from, &to);
	if ((err = find_block(rec, from, to, &first, &end)) < 0)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "%s: the acceptance "
			"block is not a plain top-level key; edit it by hand", rec->path), err;
	eol = block_break(rec, from, first, end);
	if (first < end && next_line(s, to, first) < end) {
		/* keep the block's own indentation */
		size_t second = next_line(s, to, first), k = strspn(s + second, " ");

		if (k > 0 && k < sizeof(indent) && second + k < line_end(s, to, second)) {
			memset(indent, ' ', k);
			indent[k] = '\0';
		}
	}
	/* the bytes before the block (a BOM included), the block, the rest */
	handoff__buf_put(out, rec->data, head + first);
	if (!at_line_start(s, from, first))
		handoff__buf_puts(out, eol);	/* a last line without its break */
	if ((err = new_block(out, o, by, at, indent, eol)) < 0)
		return err;
	handoff__buf_put(out, s + end, rec->len - end);
	return out->ptr ? 0 : handoff__error_oom();
}

/* Two trees the same as written: types, texts, quoting, order. */
static int same_tree(const struct node *a, const struct node *b)
{
	size_t i;

	if (a->type != b->type || a->flags != b->flags || a->n != b->n ||
	    a->len != b->len || !a->str != !b->str ||
	    (a->str && memcmp(a->str, b->str, a->len)))
		return 0;
	for (i = 0; a->type == NODE_SEQ && i < a->n; i++)
		if (!same_tree(a->items[i], b->items[i]))
			return 0;
	for (i = 0; a->type == NODE_MAP && i < a->n; i++)
		if (!same_tree(a->pairs[i].key, b->pairs[i].key) ||
		    !same_tree(a->pairs[i].value, b->pairs[i].value))
			return 0;
	return 1;
}

/* The root's keys but `acceptance`, the same and in the same order. */
static int same_but_acceptance(const struct node *a, const struct node *b)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < a->n && !strcmp(a->pairs[i].key->str, "acceptance"))
			i++;
		while (j < b->n && !strcmp(b->pairs[j].key->str, "acceptance"))
			j++;
		if (i == a->n || j == b->n)
			return i == a->n && j == b->n;
		if (!same_tree(a->pairs[i].key, b->pairs[j].key) ||
		    !same_tree(a->pairs[i].value, b->pairs[j].value))
			return 0;
		i++, j++;
	}
}

static int is_string(const struct node *n, const char *s)
{
	return n && n->type == NODE_STRING && n->len == strlen(s) &&
		!memcmp(n->str, s, n->len);
}

/* acceptance: {status, by, at, gaps} as decided, and nothing more. */
static int holds_decision(const struct node *front,
	const handoff_decide_options *o, const char *by, const char *at)
{
	const struct node *a = handoff__node_get(front, "acceptance"), *gaps, *why = NULL;
	size_t i;

	if (o->decision == HANDOFF_DECISION_SUBMIT)
		return a && a->type == NODE_MAP && a->n == 1 &&
			is_string(handoff__node_get(a, "status"),
				status_names[o->decision]);
	if (!a || a->type != NODE_MAP ||
	    a->n != 3u + (o->ngaps > 0) + (o->nreasons > 0) ||
	    !is_string(handoff__node_get(a, "status"), status_names[o->decision]) ||
	    !is_string(handoff__node_get(a, "by"),
		by) || !is_string(handoff__node_get(a, "at"), at))
		return 0;
	if (o->nreasons && (!(why = handoff__node_get(a, "reasons")) ||
	    why->type != NODE_SEQ || why->n != o->nreasons))
		return 0;
	for (i = 0; i < o->nreasons; i++)
		if (!is_string(why->items[i], o->reasons[i]))
			return 0;
	if (!o->ngaps)
		return 1;
	if (!(gaps = handoff__node_get(a, "gaps")) || gaps->type != NODE_SEQ || gaps->n != o->ngaps)
		return 0;
	for (i = 0; i < o->ngaps; i++)
		if (!is_string(gaps->items[i], o->gaps[i]))
			return 0;
	return 1;
}

static size_t count_errors(const struct record *rec)
{
	size_t i, n = 0;

	for (i = 0; i < rec->diags.n; i++)
		n += rec->diags.v[i].severity == HANDOFF_SEVERITY_ERROR;
	return n;
}

/*
 * Read `out` back as the reader will: what is wrong with it as the
 * rewrite of `rec`, or NULL when it is right.
 */
static const char *check_rewrite(const struct record *rec, const handoff_buf *out,
	const handoff_decide_options *o, const char *by, const char *at, int *oom)
{
	struct record *now = NULL;
	size_t from, to, head = (size_t)(rec->text - rec->data), tail;
	const char *why = NULL;

	front_span(rec, &from, &to);
	tail = rec->len - to;
	if (handoff__record_parse(&now, rec->path, out->ptr, out->size, NULL) < 0) {
		*oom = 1;
		return "out of memory";
	}
	if (!handoff__record_front(now) || count_errors(now) > count_errors(rec))
		why = "it would not parse";
	else if (now->text - now->data != (ptrdiff_t)head ||
	    now->front_start != rec->front_start ||
	    memcmp(now->data, rec->data, head + from))
		why = "the lines before the front matter would change";
	else if (now->len < tail || memcmp(now->text + now->len - tail, rec->text + to, tail) ||
	    (!rec->is_yaml && now->front_end != now->len - tail))
		why = rec->is_yaml ? "the end of the file would change" :
			"the closing delimiter or the body would change";
	else if (!same_but_acceptance(handoff__record_front(rec), handoff__record_front(now)))
		why = "a key outside the acceptance block would change";
	else if (!holds_decision(handoff__record_front(now), o, by, at))
		why = "the acceptance block would not read back as decided";
	handoff__record_free(now);
	return why;
}

int handoff__decide_rewrite(handoff_buf *out, const struct record *rec,
	const handoff_decide_options *o, const char *by, const char *at)
{
	const char *why;
	int err, oom = 0;

	if (!handoff__record_front(rec))
		return handoff__error_set(HANDOFF_ERROR_INVALID, "%s: the front matter "
			"cannot be read; run 'git handoff validate %s'", rec->path,
			rec->path), HANDOFF_EINVALID;
	if ((err = edit(out, rec, o, by, at)) < 0)
		return err;
	if (!(why = check_rewrite(rec, out, o, by, at, &oom)))
		return 0;
	if (oom)
		return HANDOFF_ERROR;
	return handoff__error_set(HANDOFF_ERROR_INVALID, "%s: the decision cannot be "
		"written safely (%s); nothing is written: edit the acceptance block "
		"by hand", rec->path, why), HANDOFF_ERROR;
}

/* A handoff about to be accepted or submitted must validate, as it will be. */
static int check_valid(handoff_report *problems, handoff_repo *repo,
	const char *path, const char *text, size_t len, handoff_decision decision)
{
	struct source src;
	struct record *rec = NULL;
	struct diag_list d = DIAG_LIST_INIT;
	int err;

	if ((err = handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0) {
		handoff__source_release(&src);
		return err;
	}
	if ((err = handoff__record_parse(&rec, path, text, len, NULL)) == 0 &&
	    (err = handoff__validate_record_complete(&d, &src, rec)) == 0 &&
	    (err = handoff__diag_list_move(&d, &rec->diags)) == 0 && handoff__diag_list_errors(&d)) {
		err = handoff__report_add(problems, path, NULL, NULL, &d);
		if (!err && decision == HANDOFF_DECISION_SUBMIT) {
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s is not complete: "
				"it stays a draft until the problems above are fixed", path);
			err = HANDOFF_EINVALID;
		} else if (!err) {
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s does not validate; "
				"reject it with the gaps, or ask for a revision", path);
			err = HANDOFF_EINVALID;
		}
	}
	handoff__diag_list_release(&d);
	handoff__record_free(rec);
	handoff__source_release(&src);
	return err;
}

/*
 * Each reason is a code of the kind's /acceptance/reasons enum (the deal
 * handoff's rejection criteria), so that `report --by reason` counts
 * like with like.
 */
static int check_reasons(struct source *src, const struct record *rec,
	const handoff_decide_options *o)
{
	const char *name = handoff__node_get_str(handoff__record_front(rec), "kind");
	const struct node *codes = NULL;
	struct kind *kind = NULL;
	handoff_buf list = HANDOFF_BUF_INIT;
	size_t i, j;
	int err = 0;

	if (!o->nreasons)
		return 0;
	if (o->decision == HANDOFF_DECISION_ACCEPT || o->decision == HANDOFF_DECISION_SUBMIT)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "--reason says why a "
			"handoff is rejected or sent back; not to accept or submit"),
			HANDOFF_EINVALID;
	if (name && handoff__source_kind(&kind, src, name) == 0 && kind && kind->doc)
		codes = handoff__node_at(kind->doc->root,
			"/properties/acceptance/properties/reasons/items/enum");
	if (!codes || codes->type != NODE_SEQ)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "%s: its kind '%s' "
			"has no rejection reasons (acceptance.reasons); say what is missing "
			"with --gap", rec->path, name ? name : ""), HANDOFF_EINVALID;
	for (i = 0; !err && i < o->nreasons; i++) {
		for (j = 0; j < codes->n && !is_string(codes->items[j], o->reasons[i]); j++)
			;
		if (j < codes->n)
			continue;
		for (j = 0; j < codes->n; j++)
			handoff__buf_printf(&list, "%s%s", j ? ", " : "",
				codes->items[j]->str ? codes->items[j]->str : "");
		handoff__error_set(HANDOFF_ERROR_INVALID, "'%s' is not a rejection "
			"reason of a %s; one of: %s", o->reasons[i], name, list.ptr ? list.ptr : "");
		err = HANDOFF_EINVALID;
	}
	handoff_buf_dispose(&list);
	return err;
}

/*
 * CS decides on what was handed over: a draft is submitted first. And a
 * submission hands over what is not decided yet: an accepted record is
 * taken back by CS, not resubmitted.
 */
static int check_state(struct source *src, const struct record *rec,
	handoff_decision decision)
{
	enum kind_state st = handoff__validate_record_state(src, rec);

	if (decision == HANDOFF_DECISION_SUBMIT && st == KIND_STATE_ACCEPTED)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "%s is accepted "
			"already; nothing to submit", rec->path), HANDOFF_EINVALID;
	if (decision != HANDOFF_DECISION_SUBMIT && st == KIND_STATE_DRAFT)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "%s is a draft: "
			"submit it first (git handoff submit %s), once it is complete",
			rec->path, rec->path), HANDOFF_EINVALID;
	return 0;
}

int handoff_decide(handoff_report **problems, handoff_repo *repo, const char *path,
	const handoff_decide_options *opts)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	struct record *rec = NULL;
	struct source wt;
	char *email = NULL, *rel = NULL, *full = NULL, *data = NULL, at[40];
	const char *why;
	size_t len;
	int err, wt_open = 0, submit = opts->decision == HANDOFF_DECISION_SUBMIT;

	*problems = NULL;
	if (!repo->git || !repo->workdir)
		return handoff__error_set(HANDOFF_ERROR_GIT, "a decision is made in a "
			"git work tree"), HANDOFF_ENOTFOUND;
	if (opts->decision != HANDOFF_DECISION_ACCEPT && !submit && !opts->ngaps)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "say what is missing: "
			"--gap TEXT, once for each gap"), HANDOFF_EINVALID;
	if ((err = handoff__report_new(problems)) < 0)
		return err;
	if (!(rel = handoff__repo_relative_path(repo, path)) ||
	    !(full = handoff__asprintf("%s%s", repo->workdir, rel))) {
		err = rel ? HANDOFF_ERROR : (handoff__error_set(HANDOFF_ERROR_GIT,
			"'%s' is outside the repository", path), HANDOFF_ENOTFOUND);
		goto done;
	}
	if (!submit && !(email = opts->email ? handoff__strdup(opts->email) :
	    handoff__decide_git_email(repo->git))) {
		err = HANDOFF_EINVALID;
		goto done;
	}
	wt_open = 1;	/* released when it fails too: a broken config's problems */
	if ((err = handoff__source_open(&wt, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0)
		goto done;
	if ((err = handoff__source_read_disk(full, &data, &len, &why)) < 0) {
		if (err == HANDOFF_EINVALID)
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s: %s", rel, why);
		goto done;
	}
	if ((err = handoff__record_parse(&rec, rel, data, len, NULL)) < 0 ||
	    (!submit && (err = check_role(repo, email,
	    handoff__node_get_str(handoff__record_front(rec), "kind"))) < 0) ||
	    (err = check_state(&wt, rec, opts->decision)) < 0 ||
	    (err = check_reasons(&wt, rec, opts)) < 0 ||
	    (err = now_text(at, sizeof(at), wt.config, opts->at)) < 0 ||
	    (err = handoff__decide_rewrite(&out, rec, opts, submit ? "" : email, at)) < 0)
		goto done;
	if ((opts->decision == HANDOFF_DECISION_ACCEPT || submit) &&
	    (err = check_valid(*problems, repo, rel, out.ptr, out.size,
	    opts->decision)) < 0)
		goto done;
	err = handoff_write_file(full, out.ptr, out.size, 0);
done:
	if (wt_open)
		handoff__source_release(&wt);
	handoff_buf_dispose(&out);
	handoff__record_free(rec);
	free(data);
	free(email);
	free(full);
	free(rel);
	return err;
}

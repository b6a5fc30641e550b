/*
 * The review packet (`review`): what a CS reviewer needs on the pull
 * request of one handoff, read from the committed record (HEAD): score
 * and band with the points it misses and why, every validation problem,
 * the commitments (verbal ones marked: nothing on paper backs them), the
 * risks, what changed since the base of the pull request, and the SLA
 * clock so far. As text, as a Markdown comment ready to post (with the
 * record as one document, folded: render.c), or JSON.
 */
#include <time.h>

#include "assess.h"
#include "changes.h"
#include "out.h"
#include "record.h"
#include "render.h"
#include "report.h"
#include "source.h"

struct packet {
	const char *path;
	const struct kind *kind;		/* NULL: unknown kind, no lists */
	const struct assessment *as;		/* NULL: the kind has no rules */
	const handoff_file_result *problems;	/* NULL: none */
	const struct node *front;
	const struct record *rec;		/* for the document as a whole */
	const handoff_changes *changes;		/* NULL: no base */
	const char *base;
	const struct tz *tz;
	long long now;
	const handoff_assessments *all;	/* the run p->as is of: its clock */
	int worktree;		/* the work tree's version, not committed */
};

static const char *str(const struct node *n, const char *key)
{
	const struct node *v = handoff__node_get(n, key);

	return v && handoff__node_is_scalar(v) && v->type != NODE_NULL ? v->str : NULL;
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static const struct node *list(const struct packet *p, const struct kind_list_view *v)
{
	const struct node *n = p->front ? handoff__node_at(p->front, v->list) : NULL;

	return n && n->type == NODE_SEQ ? n : NULL;
}

/* An item the kind marks (a verbal commitment: nothing on paper). */
static int is_marked(const struct kind_list_view *v, const struct node *item)
{
	const char *s = v->flag_column ? str(item, v->flag_column) : NULL;

	return s && !strcmp(s, v->flag_value);
}

/* SLA state as of now, as status names it. */
static const char *sla_now(const struct sla_result *s, long long now)
{
	if (s->state == SLA_MET || s->state == SLA_LATE)
		return handoff__sla_state_name(s->state);
	if (s->state == SLA_NOT_STARTED)
		return "not started";
	return s->due < now ? "overdue" : "open";
}

/* ---- Markdown and text ---------------------------------------------- */

/* A table cell: one line, pipes escaped. */
static void cell(handoff_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			handoff__buf_puts(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			handoff__buf_puts(b, " ");
		else
			handoff__buf_put(b, s, 1);
	}
}

static void md_score(handoff_buf *b, const struct packet *p, int md)
{
	struct standing st;
	size_t i;

	if (!p->as) {
		handoff__buf_puts(b, "No score: this kind has no score rules.\n");
		return;
	}
	handoff__assessment_standing(&st, p->as, p->now);
	if (st.provisional)
		handoff__buf_printf(b, md ? "**Score so far %.1f / 100, %g still possible: "
			"provisional, %s if on time.**" : "Score so far %.1f / 100, %g still "
			"possible: provisional, %s if on time.", st.score, st.possible, st.band);
	else
		handoff__buf_printf(b,
			md ? "**Score %.1f / 100: %s.**" : "Score %.1f / 100: %s.",
			st.score, st.band ? st.band : "-");
	handoff__buf_puts(b, p->as->score < 100 ? " Points missing:\n\n" : "\n");
	for (i = 0; i < p->as->ncrit; i++) {
		const struct criterion_result *c = &p->as->crit[i];

		if (c->points >= c->max)
			continue;
		handoff__buf_printf(b, "- %s (-%.4g of %.4g%s): %s\n", c->title,
			c->max - c->points, c->max,
			handoff__criterion_state(c,
				p->now) == CRITERION_PENDING ? ", not yet due" : "",
			c->why);
	}
}

static void md_problems(handoff_buf *b, const struct packet *p, int md)
{
	size_t i;

	if (!p->problems || !p->problems->count) {
		handoff__buf_puts(b,
			"The record validates: nothing required is missing.\n");
		return;
	}
	for (i = 0; i < p->problems->count; i++) {
		const handoff_diagnostic *d = &p->problems->diagnostics[i];

		handoff__buf_printf(b,
			md ? "- %s line %u: `%s` %s\n" : "- %s line %u: %s %s\n",
			d->severity == HANDOFF_SEVERITY_ERROR ? "error" : "warning",
			d->line, *d->pointer ? d->pointer : "/", d->message);
	}
	if (p->problems->omitted)	/* past the 200 kept for a record */
		handoff__buf_printf(b, "- and %zu more not shown (%zu of them errors)\n",
			p->problems->omitted, p->problems->omitted_errors);
}

static void md_items(handoff_buf *b, const struct packet *p, int md,
	const struct kind_list_view *view)
{
	const struct node *l = list(p, view);
	size_t i, k;

	if (!l || !l->n) {
		handoff__buf_printf(b, "None listed.\n");
		return;
	}
	if (md) {
		handoff__buf_puts(b, "|");
		for (k = 0; k < view->ncolumns; k++)
			handoff__buf_printf(b, " %s |", view->columns[k]);
		handoff__buf_puts(b, "\n|");
		for (k = 0; k < view->ncolumns; k++)
			handoff__buf_puts(b, " --- |");
		handoff__buf_puts(b, "\n");
	}
	for (i = 0; i < l->n; i++) {
		const struct node *it = l->items[i];
		int marked = is_marked(view, it), more = 0;

		if (it->type != NODE_MAP)
			continue;
		if (!md) {	/* "- C2: text (type, source, owner, due)" */
			handoff__buf_printf(b, "- %s: ",
				or_dash(str(it, view->columns[0])));
			handoff__buf_puts(b, view->ncolumns > 1 ?
				or_dash(str(it, view->columns[1])) : "");
			for (k = 2; k < view->ncolumns; k++) {
				const char *v = str(it, view->columns[k]);

				if (v) {
					handoff__buf_puts(b, more++ ? ", " : " (");
					handoff__buf_puts(b, v);
				}
			}
			handoff__buf_puts(b, more ? ")" : "");
			if (marked)
				handoff__buf_printf(b, "  [%s]", view->flag_say);
			handoff__buf_puts(b, "\n");
			continue;
		}
		handoff__buf_puts(b, "|");
		for (k = 0; k < view->ncolumns; k++) {
			handoff__buf_puts(b, " ");
			if (marked && !strcmp(view->columns[k], view->flag_column))
				handoff__buf_printf(b, "**%s**", view->flag_say);
			else
				cell(b, str(it, view->columns[k]));
			handoff__buf_puts(b, " |");
		}
		handoff__buf_puts(b, "\n");
	}
}

static void md_changes(handoff_buf *b, const struct packet *p, int md)
{
	size_t i, n = p->changes ? handoff_changes_count(p->changes) : 0;

	if (!p->base) {
		handoff__buf_puts(b, "No base given (--base).\n");
		return;
	}
	if (!n)
		handoff__buf_printf(b, "Nothing changed since %s.\n", p->base);
	for (i = 0; i < n; i++) {
		const handoff_change *c = handoff_changes_get(p->changes, i);

		handoff__buf_printf(b, md ? "- `%s` %s: " : "- %s %s: ",
			*c->pointer ? c->pointer : "(the record)",
			c->op == HANDOFF_CHANGE_ADD ? "added" :
			c->op == HANDOFF_CHANGE_REMOVE ? "removed" : "changed");
		handoff__changes_put_short(b, c->old_json ? c->old_json : "-");
		handoff__buf_puts(b, " -> ");
		handoff__changes_put_short(b, c->new_json ? c->new_json : "-");
		handoff__buf_puts(b,
			c->material ? (md ? " **(material)**\n" : " (material)\n") : "\n");
	}
}

/* An SLA's due and done times as the packet writes them: "" for none. */
static void sla_times(char *due, char *done, size_t size, const struct packet *p,
	const struct sla_result *s)
{
	handoff__out_time(due, size, p->tz, s->state == SLA_NOT_STARTED ? 0 : s->due);
	handoff__out_time(done, size, p->tz,
		s->state == SLA_MET || s->state == SLA_LATE ? s->done : 0);
}

static void md_sla(handoff_buf *b, const struct packet *p, int md)
{
	size_t i;

	if (!p->as || !p->as->nsla) {
		handoff__buf_puts(b, "No SLA applies.\n");
		return;
	}
	if (md)
		handoff__buf_puts(b,
			"| SLA | due | done | state |\n| --- | --- | --- | --- |\n");
	for (i = 0; i < p->as->nsla; i++) {
		const struct sla_result *s = &p->as->sla[i];
		char due[40], done[40];

		sla_times(due, done, sizeof(due), p, s);
		if (md) {
			handoff__buf_puts(b, "| ");
			cell(b, s->title);
			handoff__buf_printf(b, " | %s | %s | %s%s |\n", *due ? due : "-",
				*done ? done : "-", sla_now(s, p->now),
				s->backdated ? ", backdated" : "");
		} else {
			handoff__buf_printf(b, "- %s: %s; due %s%s%s\n", s->title,
				sla_now(s, p->now), *due ? due : "-", *done ? ", done " : "", done);
		}
	}
}

/* Who may decide, as the kind says (x-handoff `deciders`). */
static void md_deciders(handoff_buf *b, const struct packet *p, int md)
{
	handoff__buf_printf(b, "\n%sWho decides\n\n", md ? "#### " : "== ");
	handoff__buf_puts(b, "People with the ");
	handoff__kind_deciders_text(b, p->kind, 0);
	handoff__buf_printf(b, " role in %s accept, reject or ask for a revision "
		"(git handoff accept, reject, revise).\n", CONFIG_PATH);
}

static void packet_text(handoff_buf *b, const struct packet *p, int md)
{
	const char *id = p->front ? str(p->front, "id") : NULL;
	const char *h = md ? "#### " : "== ";
	char clock[128];
	size_t i;

	enum kind_state st = handoff__kind_record_state(p->kind, p->front);

	handoff__buf_printf(b,
		md ? "### Handoff review: %s (`%s`)" : "Handoff review: %s (%s)",
		id ? id : "-", p->path);
	/* where it stands comes first: a draft is shared for comments, not decided */
	if (st != KIND_STATE_NONE)
		handoff__buf_printf(b, md ? ": **%s**" : ": %s",
			handoff__kind_state_name(st));
	handoff__buf_puts(b, "\n\n");
	if (p->worktree)
		handoff__buf_puts(b, "As in the work tree, not committed: scored and "
			"timed as if committed now.\n\n");
	if (st == KIND_STATE_DRAFT)
		handoff__buf_puts(b, "A draft: not submitted yet, so not for a decision; "
			"what it still lacks shows as warnings.\n\n");
	md_score(b, p, md);
	handoff__buf_printf(b, "\n%sValidation\n\n", h);
	md_problems(b, p, md);
	for (i = 0; p->kind && i < p->kind->views.nreview; i++) {
		handoff__buf_printf(b, "\n%s%s\n\n", h, p->kind->views.review[i].title);
		md_items(b, p, md, &p->kind->views.review[i]);
	}
	handoff__buf_printf(b, "\n%sChanged since %s\n\n", h,
		p->base ? p->base : "the base");
	md_changes(b, p, md);
	handoff__buf_printf(b, "\n%sSLA clock\n\n", h);
	md_sla(b, p, md);
	handoff__assessments_clock(clock, sizeof(clock), p->all);
	handoff__buf_printf(b, "%sclock: %s\n", md ? "\n" : "", clock);
	md_deciders(b, p, md);
	if (md && p->rec) {	/* the record itself, read as one document (render) */
		handoff__buf_puts(b, "\n<details><summary>The handoff as one document "
			"(git handoff render)</summary>\n\n");
		handoff__render_record(b, p->kind, p->rec);
		handoff__buf_puts(b, "</details>\n");
	}
}

/* ---- JSON --------------------------------------------------------------- */

/* "lists":[{"list":"/commitments","title":..,"items":[{column: value...,"marked":bool}]}] */
static void json_lists(handoff_buf *b, const struct packet *p)
{
	size_t i, j, k;

	handoff__buf_puts(b, ",\"lists\":[");
	for (i = 0; p->kind && i < p->kind->views.nreview; i++) {
		const struct kind_list_view *v = &p->kind->views.review[i];
		const struct node *l = list(p, v);

		handoff__buf_puts(b, i ? ",{\"list\":" : "{\"list\":");
		handoff__out_json_str(b, v->list);
		handoff__buf_puts(b, ",\"title\":");
		handoff__out_json_str(b, v->title);
		handoff__buf_puts(b, ",\"items\":[");
		for (j = 0; l && j < l->n; j++) {
			const struct node *it = l->items[j];

			handoff__buf_puts(b, j ? ",{" : "{");
			for (k = 0; k < v->ncolumns; k++) {
				handoff__buf_puts(b, k ? "," : "");
				handoff__out_json_str(b, v->columns[k]);
				handoff__buf_puts(b, ":");
				handoff__out_json_str(b,
					it->type == NODE_MAP ? str(it, v->columns[k]) : NULL);
			}
			handoff__buf_printf(b, ",\"marked\":%s}",
				is_marked(v, it) ? "true" : "false");
		}
		handoff__buf_puts(b, "]}");
	}
	handoff__buf_puts(b, "]");
}

static void packet_json(handoff_buf *b, const struct packet *p)
{
	const char *const *roles;
	size_t i, n;
	enum kind_state state = handoff__kind_record_state(p->kind, p->front);

	handoff__buf_puts(b, "{\"version\":1,\"path\":");
	handoff__out_json_str(b, p->path);
	handoff__buf_puts(b, ",\"id\":");
	handoff__out_json_str(b, p->front ? str(p->front, "id") : NULL);
	handoff__buf_puts(b, ",\"state\":");
	handoff__out_json_str(b,
		state != KIND_STATE_NONE ? handoff__kind_state_name(state) : NULL);
	handoff__assessments_clock_json(b, p->all);
	handoff__buf_printf(b, ",\"worktree\":%s", p->worktree ? "true" : "false");
	if (p->as) {
		struct standing st;

		handoff__assessment_standing(&st, p->as, p->now);
		handoff__buf_printf(b, ",\"score\":%.1f,\"band\":", st.score);
		handoff__out_json_str(b, st.band);
		handoff__buf_printf(b, ",\"provisional\":%s,\"possible\":%g",
			st.provisional ? "true" : "false", st.possible);
	} else {
		handoff__buf_puts(b, ",\"score\":null,\"band\":null");
	}
	handoff__buf_puts(b, ",\"missing\":[");
	for (i = n = 0; p->as && i < p->as->ncrit; i++) {
		const struct criterion_result *c = &p->as->crit[i];

		if (c->points >= c->max)
			continue;
		handoff__buf_puts(b, n++ ? ",{\"criterion\":" : "{\"criterion\":");
		handoff__out_json_str(b, c->name);
		handoff__buf_printf(b, ",\"points_missing\":%.4g,\"why\":",
			c->max - c->points);
		handoff__out_json_str(b, c->why);
		handoff__buf_printf(b, ",\"state\":\"%s\"}",
			handoff__criterion_state_name(handoff__criterion_state(c, p->now)));
	}
	handoff__buf_puts(b, "],\"problems\":[");
	for (i = 0; p->problems && i < p->problems->count; i++) {
		const handoff_diagnostic *d = &p->problems->diagnostics[i];

		handoff__buf_printf(b,
			"%s{\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"pointer\":",
			i ? "," : "", d->line, d->column,
			d->severity == HANDOFF_SEVERITY_ERROR ? "error" : "warning");
		handoff__out_json_str(b, d->pointer);
		handoff__buf_puts(b, ",\"message\":");
		handoff__out_json_str(b, d->message);
		handoff__buf_puts(b, "}");
	}
	handoff__buf_puts(b, "]");
	json_lists(b, p);
	handoff__buf_puts(b, ",\"changes\":[");
	n = p->changes ? handoff_changes_count(p->changes) : 0;
	for (i = 0; i < n; i++) {
		const handoff_change *c = handoff_changes_get(p->changes, i);

		handoff__buf_puts(b, i ? ",{\"pointer\":" : "{\"pointer\":");
		handoff__out_json_str(b, c->pointer);
		handoff__buf_printf(b,
			",\"op\":\"%s\",\"old\":%s,\"new\":%s,\"material\":%s}",
			c->op == HANDOFF_CHANGE_ADD ? "add" : c->op == HANDOFF_CHANGE_REMOVE ?
			"remove" : "change", c->old_json ? c->old_json : "null",
			c->new_json ? c->new_json : "null", c->material ? "true" : "false");
	}
	handoff__buf_puts(b, "],\"sla\":[");
	for (i = 0; p->as && i < p->as->nsla; i++) {
		const struct sla_result *s = &p->as->sla[i];
		char due[40], done[40];

		sla_times(due, done, sizeof(due), p, s);
		handoff__buf_puts(b, i ? ",{\"item\":" : "{\"item\":");
		handoff__out_json_str(b, s->name);
		handoff__buf_puts(b, ",\"due\":");
		handoff__out_json_str(b, *due ? due : NULL);
		handoff__buf_puts(b, ",\"done\":");
		handoff__out_json_str(b, *done ? done : NULL);
		handoff__buf_printf(b, ",\"state\":\"%s\",\"backdated\":%s}",
			sla_now(s, p->now),
			s->backdated ? "true" : "false");
	}
	handoff__buf_puts(b, "],\"deciders\":[");
	roles = handoff__kind_deciders(p->kind, &n);
	for (i = 0; i < n; i++) {
		handoff__buf_puts(b, i ? "," : "");
		handoff__out_json_str(b, roles[i]);
	}
	handoff__buf_puts(b, "]}\n");
}

/* ---- gathering -------------------------------------------------------- */

/* The record as committed (or in the work tree), and its kind there (kept open in `src`). */
static int read_front(struct record **rec, struct kind **kind, struct source *src,
	handoff_repo *repo, const char *rel, int worktree)
{
	char *data = NULL;
	size_t len;
	const char *why, *name;
	int err = worktree ? handoff__source_open(src, repo,
		HANDOFF_SOURCE_WORKTREE, NULL) :
		handoff__source_open(src, repo, HANDOFF_SOURCE_REV, "HEAD");

	if (err == 0 && (err = handoff__source_read(src, rel, &data, &len, &why)) == 0 &&
	    (err = handoff__record_parse(rec, rel, data, len, NULL)) == 0 &&
	    (name = handoff__node_get_str(handoff__record_front(*rec), "kind")) &&
	    handoff__source_kind(kind, src, name) < 0)
		*kind = NULL;	/* validation says what is wrong with it */
	else if (err == HANDOFF_ENOTFOUND && worktree)
		handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is not in the work tree", rel);
	else if (err == HANDOFF_ENOTFOUND)
		handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is not committed: review "
			"reads the handoff as committed on this branch (--worktree: as it "
			"stands in the work tree)", rel);
	else if (err == HANDOFF_EINVALID)
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s: %s", rel, why);
	free(data);
	return err;
}

static int format_review_whole(handoff_buf *out, handoff_repo *repo, const char *path,
	const char *base, handoff_format format, int worktree)
{
	handoff_assess_options ao = HANDOFF_ASSESS_OPTIONS_INIT;
	handoff_validate_options vo = HANDOFF_VALIDATE_OPTIONS_INIT;
	handoff_diff_options dopts = HANDOFF_DIFF_OPTIONS_INIT;
	handoff_assessments *as = NULL;
	handoff_report *report = NULL;
	handoff_changes *changes = NULL;
	struct record *rec = NULL;
	struct kind *kind = NULL;
	struct source src;
	struct tz *tz = NULL;
	struct packet p;
	char *rel = NULL;
	int err;

	if (format != HANDOFF_FORMAT_TEXT && format != HANDOFF_FORMAT_JSON &&
	    format != HANDOFF_FORMAT_MARKDOWN)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"review is written as text, markdown or json"), HANDOFF_EINVALID;
	memset(&p, 0, sizeof(p));
	memset(&src, 0, sizeof(src));
	if (!repo->git)
		return handoff__error_set(HANDOFF_ERROR_GIT, "not a git repository"),
			HANDOFF_ENOTFOUND;
	if (!(rel = handoff__repo_relative_path(repo, path)))
		return handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is outside the "
			"repository", path), HANDOFF_ENOTFOUND;
	ao.rev = worktree ? NULL : "HEAD";
	ao.paths = &path;
	ao.npaths = 1;
	ao.no_cache = 1;
	ao.worktree = worktree;
	vo.source = worktree ? HANDOFF_SOURCE_WORKTREE : HANDOFF_SOURCE_REV;
	vo.rev = worktree ? NULL : "HEAD";
	vo.paths = &path;
	vo.npaths = 1;
	dopts.from = base;
	dopts.to = worktree ? NULL : "HEAD";
	dopts.paths = &path;
	dopts.npaths = 1;
	if ((err = read_front(&rec, &kind, &src, repo, rel, worktree)) < 0 ||
	    (err = handoff_assess(&as, repo, &ao)) < 0 ||
	    (err = handoff_validate(&report, repo, &vo)) < 0 ||
	    (base && (err = handoff_diff(&changes, repo, &dopts)) < 0) ||
	    (err = handoff__tz_load(&tz, as->timezone ? as->timezone : "UTC")) < 0)
		goto done;
	p.path = rel;
	p.kind = kind;
	p.as = as->n ? &as->v[0] : NULL;
	p.problems = handoff_report_count(report) ? handoff_report_file(report, 0) : NULL;
	p.front = handoff__record_front(rec);
	p.rec = rec;
	p.changes = changes;
	p.base = base;
	p.tz = tz;
	p.now = (long long)time(NULL);
	p.all = as;
	p.worktree = worktree;
	if (format == HANDOFF_FORMAT_JSON)
		packet_json(out, &p);
	else
		packet_text(out, &p, format == HANDOFF_FORMAT_MARKDOWN);
	err = out->ptr ? 0 : handoff__error_oom();
done:
	handoff__tz_free(tz);
	handoff__record_free(rec);
	handoff__source_release(&src);
	handoff_changes_free(changes);
	handoff_report_free(report);
	handoff_assessments_free(as);
	free(rel);
	return err;
}

/* An append that failed midway is an error, never a text with a piece missing. */
static int review_format(handoff_buf *out, handoff_repo *repo, const char *path,
	const char *base, handoff_format format, int worktree)
{
	int err = format_review_whole(out, repo, path, base, format, worktree);

	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

int handoff_review_format(handoff_buf *out, handoff_repo *repo, const char *path,
	const char *base, handoff_format format)
{
	return review_format(out, repo, path, base, format, 0);
}

int handoff_review_worktree_format(handoff_buf *out, handoff_repo *repo,
	const char *path, const char *base, handoff_format format)
{
	return review_format(out, repo, path, base, format, 1);
}

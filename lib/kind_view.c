/*
 * What the reports read from a record of a kind, as the kind's data:
 *
 *   summary:  the pointers of the account, the owner, the segment, the
 *             handoff meeting... (score, status, report, export); `start`
 *             lists the dates that start the handoff, the first present
 *   review:   the lists the review packet shows as tables, with columns,
 *             and the items to mark (a verbal commitment)
 *   export:   the extra columns of export: the time an SLA was met, a
 *             field, or a person by name
 */
#include "kind_view.h"
#include "rules.h"
#include "xh.h"

const char *const handoff__kind_field_names[KIND_FIELDS] = { "account", "owner", "cs_owner",
	"escalate_to", "segment", "type", "signed", "meeting", "recording",
	"participants", "commitments" };

struct views_ctx {
	struct xh_ctx *xh;
	struct kind_views *v;		/* what is read */
	const struct rules *rules;	/* the SLA rules an export column may name */
};

/* A list of strings (column names) at map[key]. */
static const char **strings(struct views_ctx *c, const struct node *map,
	const char *key, const char *where, size_t *n)
{
	const struct node *seq = handoff__node_get(map, key);
	const char **out;
	size_t i;

	*n = 0;
	if (!seq || seq->type != NODE_SEQ || !seq->n) {
		handoff__xh_problem(c->xh, seq ? seq : map, where,
			"'%s' must be a non-empty list", key);
		return NULL;
	}
	if (!(out = handoff__xh_alloc(c->xh, seq->n, sizeof(*out))))
		return NULL;
	for (i = 0; i < seq->n; i++) {
		if (seq->items[i]->type != NODE_STRING)
			handoff__xh_problem(c->xh, seq->items[i], where,
				"'%s' lists names", key);
		else
			out[(*n)++] = seq->items[i]->str;
	}
	return out;
}

/* One pointer to a date, or a list of them: the first present counts. */
static void read_start(struct views_ctx *c, const struct node *v)
{
	size_t j, n = v->type == NODE_SEQ ? v->n : 1;

	if (!(c->v->start = handoff__xh_alloc(c->xh, n, sizeof(char *))))
		return;
	for (j = 0; j < n; j++) {
		const struct node *p = v->type == NODE_SEQ ? v->items[j] : v;

		if (handoff__xh_is_pointer(p))
			c->v->start[c->v->nstart++] = p->str;
		else
			handoff__xh_problem(c->xh, p, "/x-handoff/summary/start",
				"'start' is a JSON pointer to a date, or a list of them");
	}
}

static void read_summary(struct views_ctx *c, const struct node *xh)
{
	const struct node *m = handoff__node_get(xh, "summary");
	size_t i, f;

	if (!m)
		return;
	if (m->type != NODE_MAP) {
		handoff__xh_problem(c->xh, m, "/x-handoff/summary",
			"'summary' maps names to pointers");
		return;
	}
	for (i = 0; i < m->n; i++) {
		const struct node *key = m->pairs[i].key, *v = m->pairs[i].value;

		if (!strcmp(key->str, "start")) {
			read_start(c, v);
			continue;
		}
		for (f = 0; f < KIND_FIELDS && strcmp(handoff__kind_field_names[f], key->str); f++)
			;
		if (f == KIND_FIELDS)
			handoff__xh_problem(c->xh, key, "/x-handoff/summary",
				"unknown summary field '%s' "
				"(account, owner, cs_owner, escalate_to, segment, type, signed, "
				"meeting, recording, participants, commitments, start)", key->str);
		else if (!handoff__xh_is_pointer(v))
			handoff__xh_problem(c->xh, v, "/x-handoff/summary",
				"'%s' must be a JSON pointer "
				"such as /account/name", key->str);
		else
			c->v->fields[f] = v->str;
	}
}

/*
 * 1 when `m` is a mapping, its keys checked against `allowed`; else 0,
 * with `what` (what it is and an example) said at `where`.
 */
static int mapping(struct views_ctx *c, const struct node *m, const char *where,
	const char *what, const char *const *allowed)
{
	if (m->type != NODE_MAP) {
		handoff__xh_problem(c->xh, m, where, "%s", what);
		return 0;
	}
	handoff__xh_check_keys(c->xh, m, where, allowed);
	return 1;
}

static void read_review(struct views_ctx *c, const struct node *xh)
{
	static const char *const allowed[] = { "list", "title", "columns", "mark", NULL };
	static const char *const mark_keys[] = { "column", "value", "say", NULL };
	const struct node *seq = handoff__xh_want_seq(c->xh, xh, "review");
	size_t i;

	if (!seq || !(c->v->review = handoff__xh_alloc(c->xh, seq->n, sizeof(*c->v->review))))
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *m = seq->items[i], *mark;
		struct kind_list_view *v = &c->v->review[c->v->nreview];

		if (!mapping(c, m, "/x-handoff/review", "a review list is a mapping: "
		    "{list: /commitments, title: Commitments, columns: [id, text]}", allowed))
			continue;
		v->list = handoff__xh_want_str(c->xh, m, "list", "/x-handoff/review", 1);
		v->title = handoff__xh_want_str(c->xh, m, "title", "/x-handoff/review", 1);
		v->columns = strings(c, m, "columns", "/x-handoff/review", &v->ncolumns);
		if (v->list && v->list[0] != '/')
			handoff__xh_problem(c->xh, handoff__node_get(m, "list"),
				"/x-handoff/review",
				"'list' is a JSON pointer such as /commitments");
		if ((mark = handoff__node_get(m, "mark")) && mapping(c, mark,
		    "/x-handoff/review", "'mark' is a mapping: "
		    "{column: source, value: verbal, say: nothing on paper}", mark_keys)) {
			v->flag_column = handoff__xh_want_str(c->xh,
				mark, "column", "/x-handoff/review", 1);
			v->flag_value = handoff__xh_want_str(c->xh,
				mark, "value", "/x-handoff/review", 1);
			v->flag_say = handoff__xh_want_str(c->xh, mark,
				"say", "/x-handoff/review", 1);
		}
		c->v->nreview++;
	}
}

static void read_export(struct views_ctx *c, const struct node *xh)
{
	static const char *const allowed[] = { "column", "sla", "field", "person", NULL };
	const struct node *seq = handoff__xh_want_seq(c->xh, xh, "export");
	size_t i;

	if (!seq || !(c->v->export = handoff__xh_alloc(c->xh, seq->n, sizeof(*c->v->export))))
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *m = seq->items[i];
		struct kind_export_column *e = &c->v->export[c->v->nexport];

		if (!mapping(c, m, "/x-handoff/export", "an export column is a mapping: "
		    "{column: kickoff_scheduled_date, sla: kickoff_scheduled}", allowed))
			continue;
		e->name = handoff__xh_want_str(c->xh, m, "column", "/x-handoff/export", 1);
		e->sla = handoff__xh_want_str(c->xh, m, "sla", "/x-handoff/export", 0);
		e->pointer = handoff__xh_want_str(c->xh, m, "field",
			"/x-handoff/export", 0);
		e->person = handoff__xh_want_str(c->xh, m, "person",
			"/x-handoff/export", 0);
		if (!!e->sla + !!e->pointer + !!e->person != 1)
			handoff__xh_problem(c->xh, m, "/x-handoff/export",
				"an export column has one of 'sla', 'field' or 'person'");
		else if (e->person && e->person[0] != '/')
			handoff__xh_problem(c->xh,
				handoff__node_get(m, "person"), "/x-handoff/export",
				"'person' is a JSON pointer to an email such as /owners/ae");
		if (e->sla && !handoff__rules_sla(c->rules, e->sla))
			handoff__xh_problem(c->xh, handoff__node_get(m, "sla"),
				"/x-handoff/export",
				"no SLA rule is called '%s'", e->sla);
		c->v->nexport++;
	}
}

void handoff__kind_views_compile(struct kind_views *out, struct xh_ctx *xc,
	const struct node *xh, const struct rules *rules)
{
	struct views_ctx c = { xc, out, rules };

	read_summary(&c, xh);
	read_review(&c, xh);
	read_export(&c, xh);
}

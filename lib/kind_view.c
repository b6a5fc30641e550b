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
#include "kind_int.h"

const char *const kind_field_names[KIND_FIELDS] = { "account", "owner", "cs_owner",
	"escalate_to", "segment", "type", "signed", "meeting", "recording",
	"participants", "commitments" };

static int is_pointer(const struct node *n)
{
	return n && n->type == NODE_STRING && n->str[0] == '/';
}

/* A list of strings (column names) at map[key]. */
static const char **strings(struct kind_ctx *c, const struct node *map,
	const char *key, const char *where, size_t *n)
{
	const struct node *seq = node_get(map, key);
	const char **out;
	size_t i;

	*n = 0;
	if (!seq || seq->type != NODE_SEQ || !seq->n) {
		kind__problem(c, seq ? seq : map, where, "'%s' must be a non-empty list", key);
		return NULL;
	}
	if (!(out = kind__alloc(c, seq->n, sizeof(*out))))
		return NULL;
	for (i = 0; i < seq->n; i++) {
		if (seq->items[i]->type != NODE_STRING)
			kind__problem(c, seq->items[i], where, "'%s' lists names", key);
		else
			out[(*n)++] = seq->items[i]->str;
	}
	return out;
}

/* One pointer to a date, or a list of them: the first present counts. */
static void read_start(struct kind_ctx *c, const struct node *v)
{
	size_t j, n = v->type == NODE_SEQ ? v->n : 1;

	if (!(c->kind->start = kind__alloc(c, n, sizeof(char *))))
		return;
	for (j = 0; j < n; j++) {
		const struct node *p = v->type == NODE_SEQ ? v->items[j] : v;

		if (is_pointer(p))
			c->kind->start[c->kind->nstart++] = p->str;
		else
			kind__problem(c, p, "/x-handoff/summary/start",
				"'start' is a JSON pointer to a date, or a list of them");
	}
}

static void read_summary(struct kind_ctx *c, const struct node *xh)
{
	const struct node *m = node_get(xh, "summary");
	size_t i, f;

	if (!m)
		return;
	if (m->type != NODE_MAP) {
		kind__problem(c, m, "/x-handoff/summary", "'summary' maps names to pointers");
		return;
	}
	for (i = 0; i < m->n; i++) {
		const struct node *key = m->pairs[i].key, *v = m->pairs[i].value;

		if (!strcmp(key->str, "start")) {
			read_start(c, v);
			continue;
		}
		for (f = 0; f < KIND_FIELDS && strcmp(kind_field_names[f], key->str); f++)
			;
		if (f == KIND_FIELDS)
			kind__problem(c, key, "/x-handoff/summary", "unknown summary field '%s' "
				"(account, owner, cs_owner, escalate_to, segment, type, signed, "
				"meeting, recording, participants, commitments, start)", key->str);
		else if (!is_pointer(v))
			kind__problem(c, v, "/x-handoff/summary", "'%s' must be a JSON pointer "
				"such as /account/name", key->str);
		else
			c->kind->fields[f] = v->str;
	}
}

static void read_review(struct kind_ctx *c, const struct node *xh)
{
	static const char *const allowed[] = { "list", "title", "columns", "mark", NULL };
	static const char *const mark_keys[] = { "column", "value", "say", NULL };
	const struct node *seq = kind__want_seq(c, xh, "review");
	size_t i;

	if (!seq || !(c->kind->review = kind__alloc(c, seq->n, sizeof(*c->kind->review))))
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *m = seq->items[i], *mark;
		struct kind_list_view *v = &c->kind->review[c->kind->nreview];

		if (m->type != NODE_MAP) {
			kind__problem(c, m, "/x-handoff/review", "a review list is a mapping: "
				"{list: /commitments, title: Commitments, columns: [id, text]}");
			continue;
		}
		kind__check_keys(c, m, "/x-handoff/review", allowed);
		v->list = kind__want_str(c, m, "list", "/x-handoff/review", 1);
		v->title = kind__want_str(c, m, "title", "/x-handoff/review", 1);
		v->columns = strings(c, m, "columns", "/x-handoff/review", &v->ncolumns);
		if (v->list && v->list[0] != '/')
			kind__problem(c, node_get(m, "list"), "/x-handoff/review",
				"'list' is a JSON pointer such as /commitments");
		if ((mark = node_get(m, "mark"))) {
			if (mark->type != NODE_MAP) {
				kind__problem(c, mark, "/x-handoff/review", "'mark' is a mapping: "
					"{column: source, value: verbal, say: nothing on paper}");
			} else {
				kind__check_keys(c, mark, "/x-handoff/review", mark_keys);
				v->flag_column = kind__want_str(c, mark, "column", "/x-handoff/review", 1);
				v->flag_value = kind__want_str(c, mark, "value", "/x-handoff/review", 1);
				v->flag_say = kind__want_str(c, mark, "say", "/x-handoff/review", 1);
			}
		}
		c->kind->nreview++;
	}
}

static void read_export(struct kind_ctx *c, const struct node *xh)
{
	static const char *const allowed[] = { "column", "sla", "field", "person", NULL };
	const struct node *seq = kind__want_seq(c, xh, "export");
	size_t i, j;

	if (!seq || !(c->kind->export = kind__alloc(c, seq->n, sizeof(*c->kind->export))))
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *m = seq->items[i];
		struct kind_export_column *e = &c->kind->export[c->kind->nexport];

		if (m->type != NODE_MAP) {
			kind__problem(c, m, "/x-handoff/export", "an export column is a mapping: "
				"{column: kickoff_scheduled_date, sla: kickoff_scheduled}");
			continue;
		}
		kind__check_keys(c, m, "/x-handoff/export", allowed);
		e->name = kind__want_str(c, m, "column", "/x-handoff/export", 1);
		e->sla = kind__want_str(c, m, "sla", "/x-handoff/export", 0);
		e->pointer = kind__want_str(c, m, "field", "/x-handoff/export", 0);
		e->person = kind__want_str(c, m, "person", "/x-handoff/export", 0);
		if (!!e->sla + !!e->pointer + !!e->person != 1)
			kind__problem(c, m, "/x-handoff/export",
				"an export column has one of 'sla', 'field' or 'person'");
		else if (e->person && e->person[0] != '/')
			kind__problem(c, node_get(m, "person"), "/x-handoff/export",
				"'person' is a JSON pointer to an email such as /owners/ae");
		for (j = 0; e->sla && j < c->kind->rules.nsla &&
		    strcmp(c->kind->rules.sla[j].name, e->sla); j++)
			;
		if (e->sla && j == c->kind->rules.nsla)
			kind__problem(c, node_get(m, "sla"), "/x-handoff/export",
				"no SLA rule is called '%s'", e->sla);
		c->kind->nexport++;
	}
}

void kind_views_compile(struct kind_ctx *c, const struct node *xh)
{
	read_summary(c, xh);
	read_review(c, xh);
	read_export(c, xh);
}

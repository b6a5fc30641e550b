/*
 * Compiling a kind: the schema through the JSON Schema engine, then the
 * x-handoff block by hand, with every problem named by line and column
 * of the schema file, all of them in one pass.
 */
#include <strings.h>

#include "config.h"
#include "kind.h"
#include "kind_int.h"
#include "regex.h"
#include "schema.h"
#include "utf8.h"
#include "xh.h"

/* A kind being compiled: what is read, and the problems. */
struct kind_ctx {
	struct xh_ctx xh;
	struct kind *kind;
};

int handoff__kind_name_valid(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c == '-' && i > 0)))
			return 0;
	}
	return 1;
}

/* `t` maps languages to titles: {ja: ..., id: ..., ms: ...} */
static void read_titles(struct kind_ctx *c, const struct node *t,
	const char *where, const char **titles)
{
	size_t i;

	if (!t)
		return;
	if (t->type != NODE_MAP) {
		handoff__xh_problem(&c->xh, t, where,
			"'titles' must map languages to headings");
		return;
	}
	for (i = 0; i < t->n; i++) {
		const struct node *k = t->pairs[i].key, *v = t->pairs[i].value;
		int lang = handoff__kind_lang_index(k->str);

		if (lang <= 0)
			handoff__xh_problem(&c->xh, k, where,
				"unknown language '%s' (ja, id, ms)",
				k->str);
		else if (v->type != NODE_STRING || !v->len)
			handoff__xh_problem(&c->xh, v, where,
				"a title must be a non-empty string");
		else
			titles[lang] = v->str;
	}
}

/* `data: [/stakeholders]`: the front matter a section is written from. */
static void read_section_data(struct kind_ctx *c, const struct node *seq,
	const char *where, struct kind_section *s)
{
	size_t i;

	if (!seq)
		return;
	if (seq->type != NODE_SEQ || !seq->n ||
	    !(s->data = handoff__xh_alloc(&c->xh, seq->n, sizeof(char *)))) {
		handoff__xh_problem(&c->xh, seq, where,
			"'data' must be a list of JSON pointers such as /stakeholders");
		return;
	}
	for (i = 0; i < seq->n; i++) {
		if (seq->items[i]->type != NODE_STRING || seq->items[i]->str[0] != '/')
			handoff__xh_problem(&c->xh, seq->items[i], where,
				"'data' must be a list of JSON pointers such as /stakeholders");
		else
			s->data[s->ndata++] = seq->items[i]->str;
	}
}

int handoff__kind_section_from_data(const struct kind *kind, const struct kind_section *s,
	const struct node *front)
{
	size_t i;

	for (i = 0; i < s->ndata; i++) {
		const struct node *n = front ? handoff__node_at(front, s->data[i]) : NULL;

		if (!n || n->type == NODE_NULL ||
		    ((n->type == NODE_MAP || n->type == NODE_SEQ) && !n->n) ||
		    (n->type == NODE_STRING && (!n->len || handoff__kind_is_placeholder(kind, n) != 0)))
			return 0;
	}
	return s->ndata > 0;
}

static void read_sections(struct kind_ctx *c, const struct node *xh)
{
	static const char *const allowed[] = { "heading", "min_words", "hint",
		"titles", "data", NULL };
	const struct node *seq = handoff__xh_want_seq(&c->xh, xh, "sections");
	size_t i;

	if (!seq || !(c->kind->sections = handoff__xh_alloc(&c->xh, seq->n,
	    sizeof(struct kind_section))))
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *m = seq->items[i], *w;
		struct kind_section *s = &c->kind->sections[c->kind->nsections];
		char where[64];

		snprintf(where, sizeof(where), "/x-handoff/sections/%zu", i);
		if (m->type != NODE_MAP) {
			handoff__xh_problem(&c->xh, m, where,
				"a section must be a mapping");
			continue;
		}
		handoff__xh_check_keys(&c->xh, m, where, allowed);
		s->titles[0] = handoff__xh_want_str(&c->xh, m, "heading", where, 1);
		s->hint = handoff__xh_want_str(&c->xh, m, "hint", where, 0);
		s->min_words = 1;
		if ((w = handoff__node_get(m, "min_words"))) {
			if (w->type != NODE_INT || w->num < 0 || w->num > 100000)
				handoff__xh_problem(&c->xh, w, where,
					"'min_words' must be a whole number");
			else
				s->min_words = (unsigned int)w->num;
		}
		read_titles(c, handoff__node_get(m, "titles"), where, s->titles);
		read_section_data(c, handoff__node_get(m, "data"), where, s);
		s->line = m->line;
		s->col = m->col;
		if (s->titles[0])
			c->kind->nsections++;
	}
}

/* `ticked_by: [cs, cs_manager]`: only people with one of these roles tick it. */
static void read_ticked_by(struct kind_ctx *c, const struct node *seq,
	const char *where, struct kind_item *it)
{
	size_t i;

	if (!seq)
		return;
	if (seq->type != NODE_SEQ || !seq->n) {
		handoff__xh_problem(&c->xh, seq, where,
			"'ticked_by' must be a list of roles, such as [cs, cs_manager]");
		return;
	}
	if (!(it->ticked_by = handoff__xh_alloc(&c->xh, seq->n, sizeof(char *))))
		return;
	for (i = 0; i < seq->n; i++) {
		if (seq->items[i]->type != NODE_STRING || !seq->items[i]->len)
			handoff__xh_problem(&c->xh, seq->items[i], where,
				"'ticked_by' must be a list of roles, such as [cs, cs_manager]");
		else
			it->ticked_by[it->nticked_by++] = seq->items[i]->str;
	}
}

static void read_checklist(struct kind_ctx *c, const struct node *xh)
{
	static const char *const allowed[] = { "item", "phase", "must_tick",
		"ticked_by", "titles", NULL };
	const struct node *seq = handoff__xh_want_seq(&c->xh, xh, "checklist");
	size_t i;

	c->kind->checklist_titles[0] = handoff__xh_want_str(&c->xh, xh, "checklist_heading",
		"/x-handoff", 0);
	read_titles(c, handoff__node_get(xh, "checklist_titles"),
		"/x-handoff/checklist_titles", c->kind->checklist_titles);
	if (!seq || !(c->kind->items = handoff__xh_alloc(&c->xh, seq->n,
	    sizeof(struct kind_item))))
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *m = seq->items[i], *tick;
		struct kind_item *it = &c->kind->items[c->kind->nitems];
		char where[64];

		snprintf(where, sizeof(where), "/x-handoff/checklist/%zu", i);
		if (m->type != NODE_MAP) {
			handoff__xh_problem(&c->xh, m, where,
				"a checklist item must be a mapping");
			continue;
		}
		handoff__xh_check_keys(&c->xh, m, where, allowed);
		it->titles[0] = handoff__xh_want_str(&c->xh, m, "item", where, 1);
		it->phase = handoff__xh_want_str(&c->xh, m, "phase", where, 0);
		if ((tick = handoff__node_get(m, "must_tick"))) {
			if (tick->type != NODE_BOOL)
				handoff__xh_problem(&c->xh, tick, where,
					"'must_tick' must be true or false");
			else
				it->must_tick = tick->boolean;
		}
		read_ticked_by(c, handoff__node_get(m, "ticked_by"), where, it);
		read_titles(c, handoff__node_get(m, "titles"), where, it->titles);
		it->line = m->line;
		it->col = m->col;
		if (it->titles[0])
			c->kind->nitems++;
	}
}

static void read_placeholders(struct kind_ctx *c, const struct node *xh)
{
	const struct node *seq = handoff__xh_want_seq(&c->xh, xh, "placeholders");
	size_t i;

	if (!seq || !seq->n)
		return;
	if (!(c->kind->placeholders = calloc(seq->n, sizeof(struct regex *)))) {
		c->xh.bad = -1;
		return;
	}
	for (i = 0; i < seq->n; i++) {
		const struct node *p = seq->items[i];
		struct regex_error rerr;
		char where[64];

		snprintf(where, sizeof(where), "/x-handoff/placeholders/%zu", i);
		if (p->type != NODE_STRING || !p->len) {
			handoff__xh_problem(&c->xh, p, where,
				"a placeholder must be a pattern string");
			continue;
		}
		switch (handoff__regex_compile(&c->kind->placeholders[c->kind->nplaceholders],
		    p->str, p->len, &rerr)) {
		case 0:
			break;
		case HANDOFF_EINVALID:
			handoff__xh_problem(&c->xh, p, where,
				"bad pattern '%s': %s at offset %zu",
				p->str, rerr.message, rerr.offset);
			continue;
		default:
			c->xh.bad = -1;	/* out of memory */
			return;
		}
		c->kind->nplaceholders++;
	}
	if (handoff__regex_set_new(&c->kind->placeholder_set, c->kind->placeholders,
	    c->kind->nplaceholders) < 0)
		c->xh.bad = -1;
}

static void read_keys(struct kind_ctx *c, const struct node *xh)
{
	const struct node *m = handoff__node_get(xh, "keys");
	size_t i;

	if (!m)
		return;
	if (m->type != NODE_MAP) {
		handoff__xh_problem(&c->xh, m, "/x-handoff/keys",
			"'keys' must map lists to fields");
		return;
	}
	if (!(c->kind->keys = handoff__xh_alloc(&c->xh, m->n, sizeof(struct kind_key))))
		return;
	for (i = 0; i < m->n; i++) {
		const struct node *v = m->pairs[i].value;

		if (v->type != NODE_STRING || !v->len) {
			handoff__xh_problem(&c->xh, v, "/x-handoff/keys",
				"a key field must be a string");
			continue;
		}
		c->kind->keys[c->kind->nkeys].list = m->pairs[i].key->str;
		c->kind->keys[c->kind->nkeys++].field = v->str;
	}
}

/* A list of JSON pointers into the front matter: material, claims. */
static void read_pointers(struct kind_ctx *c, const struct node *xh, const char *name,
	const char ***out, size_t *n)
{
	const struct node *seq = handoff__xh_want_seq(&c->xh, xh, name);
	char where[32];
	size_t i;

	snprintf(where, sizeof(where), "/x-handoff/%s", name);
	if (!seq || !(*out = handoff__xh_alloc(&c->xh, seq->n, sizeof(char *))))
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *p = seq->items[i];

		if (p->type != NODE_STRING || p->str[0] != '/')
			handoff__xh_problem(&c->xh, p, where,
				"'%s' lists JSON pointers such as '%s'",
				name, !strcmp(name, "claims") ? "/meeting/held" : "/contract");
		else
			(*out)[(*n)++] = p->str;
	}
}

static void read_roles(struct kind_ctx *c, const struct node *xh)
{
	const struct node *m = handoff__node_get(xh, "roles");
	size_t i, j;

	if (!m)
		return;
	if (m->type != NODE_MAP) {
		handoff__xh_problem(&c->xh, m, "/x-handoff/roles",
			"'roles' must map pointers to role lists");
		return;
	}
	if (!(c->kind->roles = handoff__xh_alloc(&c->xh, m->n, sizeof(struct kind_role_rule))))
		return;
	for (i = 0; i < m->n; i++) {
		const struct node *k = m->pairs[i].key, *v = m->pairs[i].value;
		struct kind_role_rule *r = &c->kind->roles[c->kind->nroles];

		if (k->str[0] != '/' || v->type != NODE_SEQ || !v->n) {
			handoff__xh_problem(&c->xh, k, "/x-handoff/roles",
				"a role rule is a pointer and a list of roles");
			continue;
		}
		if (!(r->roles = handoff__xh_alloc(&c->xh, v->n, sizeof(char *))))
			return;
		r->pointer = k->str;
		for (j = 0; j < v->n; j++) {
			if (v->items[j]->type != NODE_STRING ||
			    !handoff__role_known(v->items[j]->str))
				handoff__xh_problem(&c->xh, v->items[j], "/x-handoff/roles",
					"'%s' is not a role name (lowercase letters, digits, "
					"'_' and '-', starting with a letter)",
					v->items[j]->type == NODE_STRING ? v->items[j]->str : "");
			else
				r->roles[r->nroles++] = v->items[j]->str;
		}
		c->kind->nroles++;
	}
}

/*
 * `deciders: [support_lead, cs_manager]`: who accepts, rejects or asks
 * to revise a record of this kind, and (with ops) changes an accepted
 * one. Whether the config declares each is judged when both are read
 * (kind_check_roles).
 */
static void read_deciders(struct kind_ctx *c, const struct node *xh)
{
	const struct node *seq = handoff__node_get(xh, "deciders");
	size_t i;

	if (!seq)
		return;
	if (seq->type != NODE_SEQ || !seq->n) {
		handoff__xh_problem(&c->xh, seq, "/x-handoff/deciders",
			"'deciders' must be a list of roles, such as [cs, cs_manager]");
		return;
	}
	if (!(c->kind->deciders = handoff__xh_alloc(&c->xh, seq->n, sizeof(char *))))
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *r = seq->items[i];

		if (r->type != NODE_STRING || !handoff__role_known(r->str))
			handoff__xh_problem(&c->xh, r, "/x-handoff/deciders",
				"'%s' is not a role name (lowercase letters, digits, "
				"'_' and '-', starting with a letter)",
				r->type == NODE_STRING ? r->str : "");
		else
			c->kind->deciders[c->kind->ndeciders++] = r->str;
	}
}

static void read_xhandoff(struct kind_ctx *c, const struct node *xh)
{
	static const char *const allowed[] = { "sections", "checklist",
		"checklist_heading", "checklist_titles", "placeholders", "keys",
		"material", "claims", "roles", "template", "folder", "score", "sla",
		"escalate_after_rejections", "summary", "review", "export", "state",
		"deciders", NULL };

	if (xh->type != NODE_MAP) {
		handoff__xh_problem(&c->xh, xh, "/x-handoff",
			"x-handoff must be a mapping");
		return;
	}
	handoff__xh_check_keys(&c->xh, xh, "/x-handoff", allowed);
	read_sections(c, xh);
	read_checklist(c, xh);
	handoff__rules_compile(&c->kind->rules, &c->xh, xh, c->kind->sections,
		c->kind->nsections, c->kind->items, c->kind->nitems);
	handoff__kind_views_compile(&c->kind->views, &c->xh, xh, &c->kind->rules);
	read_placeholders(c, xh);
	read_keys(c, xh);
	read_pointers(c, xh, "material", &c->kind->material, &c->kind->nmaterial);
	read_pointers(c, xh, "claims", &c->kind->claims, &c->kind->nclaims);
	read_roles(c, xh);
	read_deciders(c, xh);
	c->kind->template = handoff__xh_want_str(&c->xh, xh, "template", "/x-handoff", 0);
	c->kind->folder = handoff__xh_want_str(&c->xh, xh, "folder", "/x-handoff", 0);
	c->kind->state = handoff__xh_want_str(&c->xh, xh, "state", "/x-handoff", 0);
	if (c->kind->state && c->kind->state[0] != '/') {
		handoff__xh_problem(&c->xh, handoff__node_get(xh, "state"),
			"/x-handoff/state",
			"'state' must be a JSON pointer, e.g. /acceptance/status");
		c->kind->state = NULL;
	}
}

/*
 * The tree of `text`: made at build time when it is a built-in schema's
 * text to the byte (the schemas' YAML was two thirds of compiling them),
 * else loaded.
 */
static int load(struct doc **out, const char *text, size_t len,
	struct diag_list *diags)
{
	const struct frozen_doc *f;

	for (f = handoff__kind_frozen; f->text; f++)
		if (f->len == len && !memcmp(f->text, text, len)) {
			if (!(*out = handoff__doc_new()))
				return HANDOFF_ERROR;
			(*out)->root = f->root;		/* static: handoff__doc_free() leaves it */
			return 0;
		}
	return handoff__yaml_load(out, text, len, 1, NULL, diags);
}

int handoff__kind_compile(struct kind **out, const char *name, const char *path,
	const char *text, size_t len, struct diag_list *diags)
{
	struct kind_ctx c = { { NULL, diags, 0 }, NULL };
	const struct node *root, *xh;
	int err;

	*out = NULL;
	if (!(c.kind = calloc(1, sizeof(*c.kind))))
		return handoff__error_oom();
	if (!(c.kind->name = handoff__strdup(name)) ||
	    !(c.kind->path = handoff__strdup(path))) {
		err = HANDOFF_ERROR;
		goto done;
	}
	if ((err = load(&c.kind->doc, text, len, diags)) < 0) {
		err = err == HANDOFF_EINVALID ? HANDOFF_ESCHEMA : err;
		goto done;
	}
	c.xh.doc = c.kind->doc;
	root = c.kind->doc->root;
	if (!root || root->type != NODE_MAP) {
		handoff__diag_add(diags, HANDOFF_SEVERITY_ERROR, root ? root->line : 1,
			root ? root->col : 1, "schema", "",
			"a kind's schema must be a mapping");
		err = HANDOFF_ESCHEMA;
		goto done;
	}
	err = handoff__schema_compile(&c.kind->schema, root, path, SCHEMA_STRICT, diags);
	if (err && err != HANDOFF_ESCHEMA)
		goto done;
	if ((xh = handoff__node_get(root, "x-handoff")))
		read_xhandoff(&c, xh);
	if (c.xh.bad < 0) {
		err = handoff__error_oom();
		goto done;
	}
	if (c.xh.bad || err)
		err = HANDOFF_ESCHEMA;
done:
	if (err) {
		handoff__kind_free(c.kind);
		return err;
	}
	*out = c.kind;
	return 0;
}

void handoff__kind_free(struct kind *kind)
{
	size_t i;

	if (!kind)
		return;
	handoff__schema_free(kind->schema);
	handoff__regex_set_free(kind->placeholder_set);
	for (i = 0; i < kind->nplaceholders; i++)
		handoff__regex_free(kind->placeholders[i]);
	free(kind->placeholders);
	handoff__doc_free(kind->doc);
	free(kind->name);
	free(kind->path);
	free(kind);
}

int handoff__kind_content_words(const struct kind *kind, const char *s, size_t n,
	size_t enough, size_t *words, kind_placeholder_cb cb, void *payload)
{
	const char *text = s;	/* the copy, once a match is blanked out of it */
	char *copy = NULL;
	size_t i, bad;
	uint64_t may;
	int err = 0, valid;

	*words = 0;
	if (!kind->nplaceholders) {
		*words = handoff__text_count_words_upto(s, n, enough);
		return 0;
	}
	/*
	 * Blank every placeholder match out, then count what is left; the
	 * text is copied at the first match (blanking whole characters out
	 * keeps valid text valid).
	 */
	/*
	 * One pass over the text rules out each pattern none of whose first
	 * bytes it holds (most of them, for most sections); blanks are
	 * spaces, so what may start at a space stays in.
	 */
	may = kind->placeholder_set ? handoff__regex_set_may(kind->placeholder_set, s, n) |
		handoff__regex_set_may(kind->placeholder_set, " ", 1) : ~(uint64_t)0;
	valid = handoff__utf8_check(s, n, &bad);
	for (i = 0; i < kind->nplaceholders && !err; i++) {
		const struct regex *re = kind->placeholders[i];
		size_t pos = 0, ms, me;

		if (kind->placeholder_set &&
		    !handoff__regex_set_may_match(kind->placeholder_set, may, i, n))
			continue;
		while (pos <= n) {
			int r = valid ? handoff__regex_search_valid_at(re, text,
				n, pos, &ms, &me) :
				handoff__regex_search_at(re, text, n, pos, &ms, &me);

			if (r < 0) {
				err = r;
				break;
			}
			if (r == 0)
				break;
			if (cb && (err = cb(ms, me, payload)) < 0)
				break;
			if (!copy && !(copy = handoff__strndup(s, n))) {
				err = HANDOFF_ERROR;
				break;
			}
			text = copy;
			memset(copy + ms, ' ', me - ms);
			if (me > ms)
				pos = me;
			else	/* past an empty match: to the next character */
				pos = ms + (valid && ms < n && handoff__utf8_valid_prefix(text + ms, n - ms) ?
					handoff__utf8_valid_prefix(text + ms, n - ms) : 1);
		}
	}
	if (!err)
		*words = handoff__text_count_words_upto(text, n, enough);
	free(copy);
	return err;
}

int handoff__kind_is_placeholder(const struct kind *kind, const struct node *n)
{
	if (n->type != NODE_STRING || !kind->placeholder_set)
		return 0;
	return handoff__regex_set_search(kind->placeholder_set, n->str, n->len);
}

int handoff__kind_is_placeholder_valid(const struct kind *kind, const struct node *n)
{
	if (n->type != NODE_STRING || !kind->placeholder_set)
		return 0;
	return handoff__regex_set_search_valid(kind->placeholder_set, n->str, n->len);
}

/*
 * The values a state field takes. `pending`, the only value before
 * drafts existed, is read as `submitted` so that older records and their
 * history keep their meaning.
 */
static const struct {
	const char *name;
	enum kind_state state;
} state_names[] = {
	{ "draft", KIND_STATE_DRAFT }, { "submitted", KIND_STATE_SUBMITTED },
	{ "pending", KIND_STATE_SUBMITTED }, { "accepted", KIND_STATE_ACCEPTED },
	{ "rejected", KIND_STATE_REJECTED },
	{ "needs-revision", KIND_STATE_REVISION }
};

enum kind_state handoff__kind_state_of_value(const char *value)
{
	size_t i;

	if (!value)
		return KIND_STATE_DRAFT;
	for (i = 0; i < ARRAY_SIZE(state_names); i++)
		if (!strcmp(value, state_names[i].name))
			return state_names[i].state;
	return KIND_STATE_OTHER;
}

enum kind_state handoff__kind_record_state(const struct kind *kind,
	const struct node *front)
{
	const struct node *n;

	if (!kind || !kind->state)
		return KIND_STATE_NONE;
	n = front ? handoff__node_at(front, kind->state) : NULL;
	/* no state, or one still to be written, is a record being drafted */
	if (!n || n->type == NODE_NULL || (n->type == NODE_STRING &&
	    (n->len == 0 || handoff__kind_is_placeholder(kind, n) > 0)))
		return KIND_STATE_DRAFT;
	return n->type == NODE_STRING ? handoff__kind_state_of_value(n->str) :
		KIND_STATE_OTHER;
}

const char *handoff__kind_state_name(enum kind_state s)
{
	static const char *const names[] = { "", "draft", "submitted",
		"accepted", "rejected", "needs-revision", "unknown" };

	return (size_t)s < ARRAY_SIZE(names) ? names[s] : "unknown";
}

/* ---- who decides ------------------------------------------------------- */

/* A kind that names no deciders is decided by CS, as every kind once was. */
static const char *const default_deciders[] = { "cs", "cs_manager" };

const char *const *handoff__kind_deciders(const struct kind *kind, size_t *n)
{
	if (kind && kind->ndeciders) {
		*n = kind->ndeciders;
		return kind->deciders;
	}
	*n = ARRAY_SIZE(default_deciders);
	return default_deciders;
}

int handoff__kind_may_decide(const struct kind *kind, const struct person *p)
{
	size_t i, n;
	const char *const *roles = handoff__kind_deciders(kind, &n);

	for (i = 0; i < n; i++)
		if (handoff__person_has_role(p, roles[i]))
			return 1;
	return 0;
}

int handoff__kind_may_tick(const struct kind_item *it, const struct person *p)
{
	size_t i;

	for (i = 0; i < it->nticked_by; i++)
		if (handoff__person_has_role(p, it->ticked_by[i]))
			return 1;
	return !it->nticked_by || handoff__person_has_role(p, "ops");
}

int handoff__kind_may_change_accepted(const struct kind *kind, const struct person *p)
{
	return handoff__kind_may_decide(kind, p) || handoff__person_has_role(p, "ops");
}

int handoff__kind_deciders_text(handoff_buf *b, const struct kind *kind, int with_ops)
{
	size_t i, n;
	const char *const *roles = handoff__kind_deciders(kind, &n);
	size_t all = n + (with_ops != 0);
	int err = 0;

	for (i = 0; !err && i < all; i++)
		err = handoff__buf_printf(b, "%s%s", i == 0 ? "" :
			i + 1 == all ? " or " : ", ", i < n ? roles[i] : "ops");
	return err;
}

/* Each role of `seq` (a list of names) the config does not declare. */
static void undeclared(struct kind_ctx *c, const struct config *cfg,
	const struct node *seq, const char *pointer)
{
	size_t i;

	for (i = 0; seq && seq->type == NODE_SEQ && i < seq->n; i++) {
		const struct node *r = seq->items[i];

		if (r->type == NODE_STRING && !handoff__config_role_declared(cfg, r->str))
			handoff__xh_problem(&c->xh, r, pointer,
				"kind '%s' names role '%s', which %s "
				"does not declare; declare it in roles:", c->kind->name,
				r->str, CONFIG_PATH);
	}
}

int handoff__kind_check_roles(const struct kind *kind, const struct config *cfg,
	struct diag_list *diags)
{
	struct kind_ctx c = { { kind->doc, diags, 0 }, (struct kind *)kind };
	const struct node *root = kind->doc ? kind->doc->root : NULL;
	const struct node *xh = root && root->type == NODE_MAP ?
		handoff__node_get(root, "x-handoff") : NULL;
	const struct node *m;
	size_t i;

	if (!xh || xh->type != NODE_MAP)
		return 0;
	undeclared(&c, cfg, handoff__node_get(xh, "deciders"), "/x-handoff/deciders");
	m = handoff__node_get(xh, "roles");
	for (i = 0; m && m->type == NODE_MAP && i < m->n; i++)
		undeclared(&c, cfg, m->pairs[i].value, "/x-handoff/roles");
	m = handoff__node_get(xh, "checklist");
	for (i = 0; m && m->type == NODE_SEQ && i < m->n; i++)
		undeclared(&c, cfg, handoff__node_get(m->items[i], "ticked_by"),
			"/x-handoff/checklist");
	return c.xh.bad < 0 ? HANDOFF_ERROR : c.xh.bad ? HANDOFF_ESCHEMA : 0;
}

/*
 * Compiling the x-handoff `score` and `sla` blocks (see rules.h), every
 * problem named by its line and column in the schema file.
 */
#include "config.h"
#include "outline.h"
#include "rules.h"
#include "xh.h"

static const char *const spec_names[] = { "date", "appeared", "complete",
	"accepted", "rejected", "revised", "ticked", "set" };

struct rules_ctx {
	struct xh_ctx *xh;
	struct rules *r;		/* what is read */
	const struct kind_section *sections;	/* what the tests may name */
	size_t nsections;
	const struct kind_item *items;
	size_t nitems;
};

static const struct kind_item *find_item(const struct rules_ctx *c,
	const struct node *n)
{
	size_t i;

	for (i = 0; n->type == NODE_STRING && i < c->nitems; i++)
		if (handoff__kind_match_title(c->items[i].titles, n->str, n->len))
			return &c->items[i];
	return NULL;
}

/* A list of JSON pointers (or of checklist items, with `items`). */
static const char **read_list(struct rules_ctx *c, const struct node *seq,
	const char *where, size_t *n, const struct kind_item ***items)
{
	const char **out;
	size_t i;

	*n = 0;
	if (!seq || seq->type != NODE_SEQ || !seq->n) {
		handoff__xh_problem(c->xh, seq, where,
			"'%s' must be a non-empty list", where);
		return NULL;
	}
	if (!(out = handoff__xh_alloc(c->xh, seq->n, sizeof(char *))) ||
	    (items && !(*items = handoff__xh_alloc(c->xh, seq->n, sizeof(**items)))))
		return NULL;
	for (i = 0; i < seq->n; i++) {
		const struct node *v = seq->items[i];

		const struct kind_item *item = items ? find_item(c, v) : NULL;

		if (items && !item)
			handoff__xh_problem(c->xh, v, where,
				"'%s' is not an item of this kind's checklist",
				v->str ? v->str : "");
		else if (!items && !handoff__xh_is_pointer(v))
			handoff__xh_problem(c->xh, v, where,
				"'%s' lists JSON pointers such as /contract/signed",
				where);
		else {
			if (items)
				(*items)[*n] = item;
			out[(*n)++] = v->str;
		}
	}
	return out;
}

static void read_when(struct rules_ctx *c, const struct node *m,
	const struct rule_when **out, size_t *n)
{
	const struct node *w = handoff__node_get(m, "when");
	struct rule_when *v;
	size_t i;

	if (!w)
		return;
	if (w->type != NODE_MAP || !w->n) {
		handoff__xh_problem(c->xh, w, "when",
			"'when' maps pointers to lists of values, e.g. {/segment: [enterprise]}");
		return;
	}
	if (!(v = handoff__xh_alloc(c->xh, w->n, sizeof(*v))))
		return;
	for (i = 0; i < w->n; i++) {
		const struct node *k = w->pairs[i].key, *vals = w->pairs[i].value;

		if (k->str[0] != '/' || vals->type != NODE_SEQ || !vals->n)
			handoff__xh_problem(c->xh, k, "when",
				"'when' maps pointers to lists of values, e.g. {/segment: [enterprise]}");
		v[i].pointer = k->str;
		v[i].values = vals;
	}
	*out = v;
	*n = w->n;
}

/* A non-empty list of field names. */
static const char **read_names(struct rules_ctx *c, const struct node *v, size_t *n)
{
	const char **out;
	size_t i;

	*n = 0;
	if (v->type != NODE_SEQ || !v->n ||
	    !(out = handoff__xh_alloc(c->xh, v->n, sizeof(char *)))) {
		handoff__xh_problem(c->xh, v, "items",
			"'fields' must be a non-empty list of names");
		return NULL;
	}
	for (i = 0; i < v->n; i++)
		if (v->items[i]->type == NODE_STRING)
			out[(*n)++] = v->items[i]->str;
	return out;
}

/* `sections: [Risk Factors]`: each a section of the kind. */
static void read_sections_test(struct rules_ctx *c, const struct node *v,
	struct rule_test *t)
{
	size_t i, k;

	if (v->type != NODE_SEQ || !v->n ||
	    !(t->sections = handoff__xh_alloc(c->xh, v->n, sizeof(*t->sections)))) {
		handoff__xh_problem(c->xh, v, "sections",
			"'sections' must be a non-empty list of the kind's sections");
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *s = v->items[i];

		for (k = 0; s->type == NODE_STRING && k < c->nsections; k++)
			if (handoff__kind_match_title(c->sections[k].titles, s->str, s->len))
				break;
		if (s->type != NODE_STRING || k == c->nsections)
			handoff__xh_problem(c->xh, s, "sections",
				"'%s' is not a section of this kind",
				s->type == NODE_STRING ? s->str : "");
		else
			t->sections[t->nsections++] = &c->sections[k];
	}
}

static void read_items_test(struct rules_ctx *c, const struct node *m,
	struct rule_test *t)
{
	static const char *const allowed[] = { "list", "key", "require",
		"fields", "each", "min", NULL };
	const struct node *v;

	if (m->type != NODE_MAP) {
		handoff__xh_problem(c->xh, m, "items",
			"'items' is a mapping: {list, key, require, fields, each, min}");
		return;
	}
	handoff__xh_check_keys(c->xh, m, "items", allowed);
	if (!handoff__xh_is_pointer(handoff__node_get(m, "list")))
		handoff__xh_problem(c->xh, m, "items",
			"'items' needs 'list', the list's pointer");
	t->list = handoff__node_get_str(m, "list");
	t->key = handoff__xh_want_str(c->xh, m, "key", "items", 0);
	if ((v = handoff__node_get(m, "require"))) {
		size_t i;

		if (!t->key)
			handoff__xh_problem(c->xh, v, "items",
				"'require' names items by their 'key'");
		if (v->type != NODE_SEQ || !v->n ||
		    !(t->require = handoff__xh_alloc(c->xh, v->n, sizeof(char *))) ||
		    !(t->require_fields = handoff__xh_alloc(c->xh, v->n, sizeof(struct rule_fields)))) {
			handoff__xh_problem(c->xh, v, "items",
				"'require' must be a non-empty list");
			return;
		}
		for (i = 0; i < v->n; i++) {
			const struct node *r = v->items[i];

			/* {end_users: [department, count, use_cases]}: its own fields */
			if (r->type == NODE_MAP && r->n == 1) {
				t->require_fields[t->nrequire].v = read_names(c,
					r->pairs[0].value, &t->require_fields[t->nrequire].n);
				t->require[t->nrequire++] = r->pairs[0].key->str;
			} else if (handoff__node_is_scalar(r) && r->str)
				t->require[t->nrequire++] = r->str;
			else
				handoff__xh_problem(c->xh, r, "items",
					"a 'require' entry is a key, or {key: [fields]}");
		}
	}
	if ((v = handoff__node_get(m, "fields")) && !(t->fields = read_names(c, v, &t->nfields)))
		return;
	v = handoff__node_get(m, "each");
	t->each = v && v->type == NODE_BOOL && v->boolean;
	v = handoff__node_get(m, "min");
	t->min = 1;
	if (v && (v->type != NODE_INT || v->num < 1 || v->num > 1000))
		handoff__xh_problem(c->xh, v, "items",
			"'min' must be a whole number from 1");
	else if (v)
		t->min = (unsigned int)v->num;
}

static void read_contains_test(struct rules_ctx *c, const struct node *m,
	struct rule_test *t)
{
	if (m->type != NODE_MAP || !handoff__xh_is_pointer(handoff__node_get(m, "list"))) {
		handoff__xh_problem(c->xh, m, "contains",
			"'contains' is a mapping: {list: <pointer>, values: [<pointers>]}");
		return;
	}
	t->list = handoff__node_get_str(m, "list");
	if (!handoff__node_get(m, "values")) {
		handoff__xh_problem(c->xh, m, "contains",
			"'contains' needs 'values', the pointers to look for");
		return;
	}
	t->pointers = read_list(c, handoff__node_get(m, "values"), "values",
		&t->npointers, NULL);
}

/* `name` must be one of the kind's SLA rules. */
static void check_sla_name(struct rules_ctx *c, const struct node *at,
	const char *where, const char *name)
{
	if (!handoff__rules_sla(c->r, name))
		handoff__xh_problem(c->xh, at, where, "no SLA rule is called '%s'", name);
}

static const char *const test_keys[] = { "complete", "present", "empty",
	"items", "contains", "ticked", "sla", "sections", NULL };

/* The tests of one criterion: each test key it carries. */
static void read_tests(struct rules_ctx *c, const struct node *m,
	struct criterion *cr)
{
	struct rule_test *tests;
	size_t i, k;

	if (!(tests = handoff__xh_alloc(c->xh, ARRAY_SIZE(test_keys), sizeof(*tests))))
		return;
	for (k = 0; test_keys[k]; k++) {
		const struct node *v = handoff__node_get(m, test_keys[k]);
		struct rule_test *t = &tests[cr->ntests];

		if (!v)
			continue;
		t->type = (enum test_type)k;
		switch (t->type) {
		case TEST_COMPLETE:
			if (v->type != NODE_BOOL || !v->boolean)
				handoff__xh_problem(c->xh, v, "complete",
					"'complete' can only be true");
			break;
		case TEST_PRESENT:
		case TEST_EMPTY:
			t->pointers = read_list(c, v, test_keys[k], &t->npointers, NULL);
			break;
		case TEST_ITEMS:
			read_items_test(c, v, t);
			break;
		case TEST_CONTAINS:
			read_contains_test(c, v, t);
			break;
		case TEST_TICKED:
			read_list(c, v, "ticked", &t->nitems, (const struct kind_item ***)&t->items);
			break;
		case TEST_SLA:
			if (v->type != NODE_STRING)
				handoff__xh_problem(c->xh, v, "sla",
					"'sla' names an SLA rule of this kind");
			t->sla = v->str;
			break;
		case TEST_SECTIONS:
			read_sections_test(c, v, t);
			break;
		}
		cr->ntests++;
	}
	if (!cr->ntests)
		handoff__xh_problem(c->xh, m, "criteria",
			"criterion '%s' tests nothing (one of complete, present, empty, items, contains, ticked, sla, sections)",
			cr->name ? cr->name : "");
	cr->tests = tests;
	for (i = 0; i < cr->ntests; i++)
		if (tests[i].type == TEST_SLA && tests[i].sla)
			check_sla_name(c, handoff__node_get(m, "sla"), "sla", tests[i].sla);
}

static void read_criterion(struct rules_ctx *c, const struct node *m,
	const char *group, struct criterion *cr)
{
	static const char *const allowed[] = { "name", "title", "points",
		"partial", "by", "when", "complete", "present", "empty", "items",
		"contains", "ticked", "sla", "sections", NULL };
	const struct node *v;

	if (m->type != NODE_MAP) {
		handoff__xh_problem(c->xh, m, "criteria",
			"a criterion is a mapping: {name, title, points, ...}");
		return;
	}
	handoff__xh_check_keys(c->xh, m, "criterion", allowed);
	cr->group = group;
	cr->name = handoff__xh_want_str(c->xh, m, "name", "criterion", 1);
	cr->title = handoff__xh_want_str(c->xh, m, "title", "criterion", 0);
	if (!cr->title)
		cr->title = cr->name;
	v = handoff__node_get(m, "points");
	if (!v || !handoff__node_is_number(v) || v->num <= 0 || v->num > 1000)
		handoff__xh_problem(c->xh, v ? v : m, "points",
			"'points' must be a number above 0");
	else
		cr->points = v->num;
	v = handoff__node_get(m, "partial");
	cr->partial = v && v->type == NODE_BOOL && v->boolean;
	if ((v = handoff__node_get(m, "by")) && v->type != NODE_STRING)
		handoff__xh_problem(c->xh, v, "by",
			"'by' names the SLA rule the criterion is due with");
	else if (v)
		check_sla_name(c, v, "by", cr->by = v->str);
	read_when(c, m, &cr->when, &cr->nwhen);
	read_tests(c, m, cr);
}

static void read_score(struct rules_ctx *c, const struct node *s)
{
	static const char *const allowed[] = { "groups", "bands", NULL };
	struct rules *r = c->r;
	const struct node *groups, *bands;
	struct criterion *crit;
	struct band *b;
	size_t i, j, total = 0;

	if (s->type != NODE_MAP) {
		handoff__xh_problem(c->xh, s, "/x-handoff/score",
			"'score' is a mapping: {groups, bands}");
		return;
	}
	handoff__xh_check_keys(c->xh, s, "score", allowed);
	groups = handoff__node_get(s, "groups");
	bands = handoff__node_get(s, "bands");
	if (!groups || groups->type != NODE_SEQ || !groups->n ||
	    !bands || bands->type != NODE_SEQ || !bands->n) {
		handoff__xh_problem(c->xh, s, "/x-handoff/score",
			"'score' needs non-empty 'groups' and 'bands' lists");
		return;
	}
	for (i = 0; i < groups->n; i++) {
		const struct node *cr = handoff__node_get(groups->items[i], "criteria");

		if (!cr || cr->type != NODE_SEQ) {
			handoff__xh_problem(c->xh, groups->items[i],
				"/x-handoff/score/groups",
				"a group is {group: <name>, criteria: [...]}");
			return;
		}
		total += cr->n;
	}
	if (!(crit = handoff__xh_alloc(c->xh, total, sizeof(*crit))) ||
	    !(b = handoff__xh_alloc(c->xh, bands->n, sizeof(*b))))
		return;
	for (i = 0; i < groups->n; i++) {
		const struct node *g = groups->items[i],
			*cr = handoff__node_get(g, "criteria");
		const char *name = handoff__xh_want_str(c->xh, g, "group",
			"/x-handoff/score/groups", 1);

		for (j = 0; j < cr->n; j++)
			read_criterion(c, cr->items[j], name, &crit[r->ncriteria++]);
	}
	for (i = 0; i < bands->n; i++) {
		const struct node *m = bands->items[i], *min = handoff__node_get(m, "min");

		b[i].name = handoff__xh_want_str(c->xh, m, "name",
			"/x-handoff/score/bands", 1);
		if (!min || !handoff__node_is_number(min) || min->num < 0 || min->num > 100 ||
		    (i && min->num >= b[i - 1].min))
			handoff__xh_problem(c->xh, min ? min : m, "/x-handoff/score/bands",
				"bands go from the highest 'min' (0-100) down");
		else
			b[i].min = min->num;
	}
	if (bands->n && b[bands->n - 1].min != 0)
		handoff__xh_problem(c->xh, bands->items[bands->n - 1],
			"/x-handoff/score/bands",
			"the last band must start at 0, so every score has one");
	r->criteria = crit;
	r->bands = b;
	r->nbands = bands->n;
}

/* "complete", "rejected", ...; a pointer; {ticked: item} or {set: pointer}. */
static void read_spec(struct rules_ctx *c, const struct node *v,
	struct event_spec *s, int anchor)
{
	size_t i;

	if (v && v->type == NODE_STRING && v->str[0] == '/') {
		s->type = anchor ? SPEC_DATE : SPEC_SET;
		s->arg = v->str;
		return;
	}
	if (v && v->type == NODE_STRING)
		for (i = SPEC_APPEARED; i <= SPEC_REVISED; i++)
			if (!strcmp(v->str, spec_names[i]) &&
			    (i != SPEC_REVISED || !anchor)) {
				s->type = (enum spec_type)i;
				return;
			}
	if (v && v->type == NODE_MAP && v->n == 1) {
		const struct node *k = v->pairs[0].key, *a = v->pairs[0].value;

		if (!strcmp(k->str, "ticked") && (s->item = find_item(c, a))) {
			s->type = SPEC_TICKED;
			s->arg = a->str;
			return;
		}
		if (!strcmp(k->str, "set") && handoff__xh_is_pointer(a)) {
			s->type = SPEC_SET;
			s->arg = a->str;
			return;
		}
	}
	handoff__xh_problem(c->xh, v, "/x-handoff/sla",
		"an event is appeared, complete, accepted, rejected%s, {ticked: <checklist item>}, {set: <pointer>}%s",
		anchor ? "" : ", revised", anchor ? " or a date's pointer" : "");
}

static void read_sla_rule(struct rules_ctx *c, const struct node *m,
	struct sla_rule *s)
{
	static const char *const allowed[] = { "name", "title", "when",
		"event", "after", "before", "within", "owner", "owner_role",
		"sample", NULL };
	const struct node *after, *before, *within, *sample;

	if (m->type != NODE_MAP) {
		handoff__xh_problem(c->xh, m, "/x-handoff/sla",
			"an SLA rule is a mapping: {name, event, after, within, ...}");
		return;
	}
	handoff__xh_check_keys(c->xh, m, "sla", allowed);
	s->name = handoff__xh_want_str(c->xh, m, "name", "/x-handoff/sla", 1);
	s->title = handoff__xh_want_str(c->xh, m, "title", "/x-handoff/sla", 0);
	if (!s->title)
		s->title = s->name ? s->name : "";
	if (!s->name)
		s->name = "";
	read_when(c, m, &s->when, &s->nwhen);
	if ((sample = handoff__node_get(m, "sample")) && (sample->type != NODE_INT ||
	    sample->num < 1 || sample->num > 99))
		handoff__xh_problem(c->xh, sample, "/x-handoff/sla/sample",
			"'sample' is the percent of records the rule applies to, 1 to 99");
	else if (sample)
		s->sample = (unsigned int)sample->num;
	read_spec(c, handoff__node_get(m, "event"), &s->event, 0);
	after = handoff__node_get(m, "after");
	before = handoff__node_get(m, "before");
	if (!after == !before)
		handoff__xh_problem(c->xh, m, "/x-handoff/sla",
			"an SLA rule has one of 'after' or 'before'");
	else
		read_spec(c, after ? after : before, &s->anchor, 1);
	s->before = before != NULL;
	within = handoff__node_get(m, "within");
	if (!within || within->type != NODE_STRING ||
	    handoff__parse_duration(&s->within, within->str, &s->business) < 0)
		handoff__xh_problem(c->xh, within ? within : m, "/x-handoff/sla",
			"'within' must be a duration such as 24h, 3d, 5bd or 2w");
	s->owner = handoff__node_get_str(m, "owner");
	if (handoff__node_get(m, "owner") && !handoff__xh_is_pointer(handoff__node_get(m, "owner")))
		handoff__xh_problem(c->xh, handoff__node_get(m, "owner"), "/x-handoff/sla",
			"'owner' is the pointer to the owner's email, e.g. /owners/ae");
	/* whose figure the rule is in report (summary.c): a role, as data */
	s->owner_role = handoff__node_get_str(m, "owner_role");
	if (handoff__node_get(m, "owner_role") && (!s->owner_role || !handoff__role_known(s->owner_role))) {
		handoff__xh_problem(c->xh, handoff__node_get(m, "owner_role"),
			"/x-handoff/sla/owner_role",
			"'owner_role' is the role that owns the rule, e.g. sales or cs");
		s->owner_role = NULL;
	}
}

static void read_rules(struct rules_ctx *c, const struct node *xh)
{
	const struct node *sla = handoff__xh_want_seq(c->xh, xh, "sla"),
		*score = handoff__node_get(xh, "score"),
		*esc = handoff__node_get(xh, "escalate_after_rejections");
	struct rules *r = c->r;
	struct sla_rule *rules;
	size_t i;

	if (sla && (rules = handoff__xh_alloc(c->xh, sla->n, sizeof(*rules)))) {
		for (i = 0; i < sla->n; i++)
			read_sla_rule(c, sla->items[i], &rules[i]);
		r->sla = rules;
		r->nsla = sla->n;
	}
	if (score)
		read_score(c, score);
	if (esc && (esc->type != NODE_INT || esc->num < 1))
		handoff__xh_problem(c->xh, esc, "/x-handoff/escalate_after_rejections",
			"'escalate_after_rejections' must be a whole number from 1");
	else if (esc)
		r->escalate_rejections = (unsigned int)esc->num;
}

void handoff__rules_compile(struct rules *out, struct xh_ctx *xc, const struct node *xh,
	const struct kind_section *sections, size_t nsections,
	const struct kind_item *items, size_t nitems)
{
	struct rules_ctx c = { xc, out, sections, nsections, items, nitems };

	read_rules(&c, xh);
}

static int scalar_is(const struct node *n, const char *s)
{
	return n && handoff__node_is_scalar(n) && n->str && !strcmp(n->str, s);
}

int handoff__rules_when(const struct rule_when *w, size_t n, const struct node *front)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct node *v = handoff__node_at(front, w[i].pointer);

		for (j = 0; j < w[i].values->n; j++)
			if (v && handoff__node_is_scalar(v) && scalar_is(w[i].values->items[j], v->str))
				break;
		if (j == w[i].values->n)
			return 0;
	}
	return 1;
}

int handoff__rules_sampled(unsigned int percent, const char *id)
{
	uint32_t h = 2166136261u;

	if (!percent)
		return 1;
	for (; id && *id; id++)
		h = (h ^ (unsigned char)*id) * 16777619u;
	return id && h % 100 < percent;
}

const struct sla_rule *handoff__rules_sla(const struct rules *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nsla; i++)
		if (!strcmp(r->sla[i].name, name))
			return &r->sla[i];
	return NULL;
}

const char *handoff__rules_band(const struct rules *r, double pct)
{
	size_t i;

	for (i = 0; i < r->nbands; i++)
		if (pct >= r->bands[i].min)
			return r->bands[i].name;
	return r->nbands ? r->bands[r->nbands - 1].name : "";
}

const char *handoff__spec_describe(const struct event_spec *s, char *buf, size_t size)
{
	switch (s->type) {
	case SPEC_DATE:
		return s->arg;
	case SPEC_TICKED:
		snprintf(buf, size, "'%s' ticked", s->item->titles[0]);
		return buf;
	case SPEC_SET:
		snprintf(buf, size, "%s set", s->arg);
		return buf;
	default:
		return spec_names[s->type];
	}
}

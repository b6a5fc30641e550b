/*
 * Score and SLA rules: the x-handoff `score` and `sla` blocks of a kind,
 * compiled (DESIGN section 6). The engine (assess.c) evaluates whatever
 * they say; a re-weighted criterion or a new SLA is a schema edit.
 *
 * A criterion earns its points when every one of its tests passes; with
 * `partial`, it earns them in proportion to its weakest test (3 of 4
 * stakeholder roles: 7.5 of 10). Criteria and SLA rules may carry a
 * `when` (pointer: [values]); several with one name are alternatives, and
 * the first whose `when` matches the record is the one used.
 *
 * A criterion is earned, missed, or pending while its deadline has not
 * come: an `sla` test is due when its SLA is, and `by: <SLA>` gives any
 * criterion that SLA's due time (the meeting's agenda is due with the
 * meeting). A criterion with neither is not time-bound: what it lacks is
 * missed at once.
 */
#ifndef HANDOFF_RULES_H
#define HANDOFF_RULES_H

#include <stddef.h>

struct node;
struct kind_item;
struct kind_section;

struct rule_when {
	const char *pointer;
	const struct node *values;	/* a list of scalars */
};

enum test_type {
	TEST_COMPLETE,	/* the record validates: every required field and section */
	TEST_PRESENT,	/* each pointer holds a value that is not a placeholder */
	TEST_EMPTY,	/* each pointer is absent or empty */
	TEST_ITEMS,	/* list items with the fields filled */
	TEST_CONTAINS,	/* a list holds the values found at other pointers */
	TEST_TICKED,	/* checklist items ticked */
	TEST_SLA,	/* an SLA rule met */
	TEST_SECTIONS	/* body sections holding their min_words */
};

/* The fields one required item must have: its own, or the test's `fields`. */
struct rule_fields {
	const char **v;
	size_t n;
};

struct rule_test {
	enum test_type type;
	const char **pointers;	/* PRESENT, EMPTY; CONTAINS: the values */
	size_t npointers;
	const char *list;	/* ITEMS, CONTAINS */
	const char *key;	/* ITEMS: the field naming an item */
	const char **require;	/* ITEMS: these keys must be there */
	size_t nrequire;
	struct rule_fields *require_fields;	/* ITEMS: per key, when given */
	const char **fields;	/* ITEMS: filled in each counted item */
	size_t nfields;
	int each;		/* ITEMS: every item counts, not `min` of them */
	unsigned int min;	/* ITEMS: at least this many (default 1) */
	const struct kind_item **items;	/* TICKED */
	size_t nitems;
	const char *sla;	/* SLA: the rule's name */
	const struct kind_section **sections;	/* SECTIONS */
	size_t nsections;
};

struct criterion {
	const char *group, *name, *title;
	double points;
	int partial;
	const char *by;		/* due when this SLA rule is, or NULL */
	const struct rule_when *when;
	size_t nwhen;
	const struct rule_test *tests;
	size_t ntests;
};

struct band {
	const char *name;
	double min;
};

enum spec_type {
	SPEC_DATE,	/* a date in the record: arg is its pointer */
	SPEC_APPEARED,
	SPEC_COMPLETE,	/* first valid */
	SPEC_ACCEPTED,	/* acceptance first set to accepted */
	SPEC_REJECTED,	/* the latest rejection or request for revision */
	SPEC_REVISED,	/* the first version after the anchor */
	SPEC_TICKED,	/* a checklist item first ticked: item */
	SPEC_SET	/* a field's first value: arg is its pointer */
};

struct event_spec {
	enum spec_type type;
	const char *arg;
	const struct kind_item *item;
};

struct sla_rule {
	const char *name, *title;
	const struct rule_when *when;
	size_t nwhen;
	struct event_spec event;	/* what must happen */
	struct event_spec anchor;	/* after or before what */
	int before;			/* due `within` before the anchor */
	double within;			/* seconds; business days when business */
	int business;
	const char *owner;		/* pointer to the owner's email */
	const char *owner_role;		/* the role it counts for (sales, cs), or NULL */
	unsigned int sample;		/* 1-99: only that percent of records; 0: all */
};

struct rules {
	const struct criterion *criteria;
	size_t ncriteria;
	const struct band *bands;	/* highest first */
	size_t nbands;
	const struct sla_rule *sla;
	size_t nsla;
	unsigned int escalate_rejections;	/* 0: never */
};

struct xh_ctx;

/*
 * Read the x-handoff `sla`, `score` and `escalate_after_rejections` of
 * `xh` into `out` (zeroed by the caller): a test names the kind's
 * checklist `items` and body `sections`. Problems go to `c`.
 */
void handoff__rules_compile(struct rules *out, struct xh_ctx *c, const struct node *xh,
	const struct kind_section *sections, size_t nsections,
	const struct kind_item *items, size_t nitems);

/* 1 when every `when` of the list holds for the record's front matter. */
int handoff__rules_when(const struct rule_when *w, size_t n, const struct node *front);

/*
 * 1 when the record `id` is in a `percent` sample (0: every record): by
 * a 32-bit FNV-1a hash of the id, the same records on every run and
 * every machine.
 */
int handoff__rules_sampled(unsigned int percent, const char *id);

/* The SLA rule called `name`, or NULL. */
const struct sla_rule *handoff__rules_sla(const struct rules *r, const char *name);

/* The band of a score of `pct` (0-100). */
const char *handoff__rules_band(const struct rules *r, double pct);

const char *handoff__spec_describe(const struct event_spec *s, char *buf, size_t size);

#endif

/*
 * A kind: one schema file, compiled. The JSON Schema part judges the
 * front matter; the x-handoff block says what the body must hold (its
 * sections and checklist), what text is only a placeholder, how list
 * items are identified (keys), which paths are material, which dates
 * claim when something happened (checked against the history), who may appear
 * where (roles), and the template `new` writes.
 */
#ifndef HANDOFF_KIND_H
#define HANDOFF_KIND_H

#include "node.h"
#include "outline.h"
#include "rules.h"
#include "kind_view.h"

struct schema;
struct person;
struct config;
struct regex;
struct regex_set;

struct kind_role_rule {
	const char *pointer;
	const char **roles;
	size_t nroles;
};

struct kind_key {
	const char *list;	/* top-level list name, e.g. commitments */
	const char *field;	/* e.g. id */
};

struct kind {
	char *name;
	char *path;		/* where the schema came from, for messages */
	struct doc *doc;
	struct schema *schema;
	struct kind_section *sections;
	size_t nsections;
	const char *checklist_titles[KIND_LANGS];
	struct kind_item *items;
	size_t nitems;
	struct regex **placeholders;
	size_t nplaceholders;
	struct regex_set *placeholder_set;	/* the same, searched together */
	struct kind_key *keys;
	size_t nkeys;
	const char **material;
	size_t nmaterial;
	const char **claims;	/* dates that say when something happened */
	size_t nclaims;
	struct kind_role_rule *roles;
	size_t nroles;
	const char **deciders;	/* who decides (x-handoff `deciders`); none: CS */
	size_t ndeciders;
	const char *template;
	const char *folder;	/* where `new` puts records, e.g. handoffs/ */
	const char *state;	/* the pointer of the record's state; NULL: none */
	struct rules rules;	/* score and SLA rules; empty when the kind has none */
	struct kind_views views;	/* summary, review and export */
};

/* 1 when `name` may name a kind: [a-z0-9][a-z0-9-]*, at most 64 chars. */
int handoff__kind_name_valid(const char *name);

/*
 * Compile the schema text `text` read from `path` as kind `name`. Every
 * problem is a diagnostic in `diags` naming the schema's line and column;
 * then HANDOFF_ESCHEMA is returned and *out is NULL.
 */
int handoff__kind_compile(struct kind **out, const char *name, const char *path,
	const char *text, size_t len, struct diag_list *diags);
void handoff__kind_free(struct kind *kind);

/*
 * Where a record stands (x-handoff `state`). A kind with no state field
 * has no drafts: NONE, and every record is judged whole.
 */
enum kind_state {
	KIND_STATE_NONE = 0,
	KIND_STATE_DRAFT,	/* also: no state written yet */
	KIND_STATE_SUBMITTED,	/* ready for a decision; also `pending` */
	KIND_STATE_ACCEPTED,
	KIND_STATE_REJECTED,
	KIND_STATE_REVISION,	/* needs-revision */
	KIND_STATE_OTHER	/* a value the schema refuses */
};

enum kind_state handoff__kind_record_state(const struct kind *kind,
	const struct node *front);
/* A state field's value as a state: NULL is DRAFT, an unknown one OTHER. */
enum kind_state handoff__kind_state_of_value(const char *value);
/* "draft", "submitted", ... ("" for NONE). */
const char *handoff__kind_state_name(enum kind_state s);

/*
 * Who decides a record of `kind` (NULL: a kind not known): its
 * `deciders`, else cs and cs_manager. `n` is set to their number.
 */
const char *const *handoff__kind_deciders(const struct kind *kind, size_t *n);
/* 1 when `p` (may be NULL) has one of the kind's deciders' roles. */
int handoff__kind_may_decide(const struct kind *kind, const struct person *p);
/* 1 when `p` (may be NULL) may tick `it`: it names no roles, p has one, or ops. */
int handoff__kind_may_tick(const struct kind_item *it, const struct person *p);
/* 1 when `p` may change an accepted record: a decider, or ops. */
int handoff__kind_may_change_accepted(const struct kind *kind, const struct person *p);
/* "support_lead or cs_manager" (", or ops" added with `with_ops`) into `b`. */
int handoff__kind_deciders_text(handoff_buf *b, const struct kind *kind, int with_ops);
/*
 * Each role the kind names (deciders, roles) that `cfg` does not declare
 * is a problem at the schema's line and column: HANDOFF_ESCHEMA.
 */
int handoff__kind_check_roles(const struct kind *kind, const struct config *cfg,
	struct diag_list *diags);

/*
 * 1 when the section has `data` and the front matter `front` holds all
 * of it (each pointer a value that is neither empty nor a placeholder):
 * the prose may then only refer to it, and its min_words do not apply.
 */
int handoff__kind_section_from_data(const struct kind *kind, const struct kind_section *s,
	const struct node *front);

/*
 * 1 when the string scalar `n` holds a placeholder ("TBD", "<fill in>"),
 * 0 when not (and for other scalars), <0 when a pattern hit its limit.
 */
int handoff__kind_is_placeholder(const struct kind *kind, const struct node *n);
/* The same for a scalar known to be valid UTF-8 (see regex_search_valid). */
int handoff__kind_is_placeholder_valid(const struct kind *kind, const struct node *n);

/* Called with the byte span of each placeholder found in a text. */
typedef int (*kind_placeholder_cb)(size_t start, size_t end, void *payload);

/*
 * The number of words in [s, s+n) once every placeholder match is taken
 * out, counted no further than `enough`; `cb`, if not NULL, hears of
 * each match. Returns <0 only when a placeholder pattern hit its limit
 * (or `cb` failed).
 */
int handoff__kind_content_words(const struct kind *kind, const char *s, size_t n,
	size_t enough, size_t *words, kind_placeholder_cb cb, void *payload);

#endif

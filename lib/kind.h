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
#include "rules.h"

struct schema;
struct person;
struct config;
struct regex;
struct regex_set;

/* Localised titles: en is the heading itself; ja, id, ms optional. */
#define KIND_LANGS 4
extern const char *const kind_langs[KIND_LANGS];	/* en, ja, id, ms */

struct kind_section {
	const char *titles[KIND_LANGS];	/* [0] is the heading */
	const char *hint;
	unsigned int min_words;
	const char **data;	/* front matter it is written from: JSON pointers */
	size_t ndata;
	unsigned int line, col;
};

struct kind_item {
	const char *titles[KIND_LANGS];
	const char *phase;
	int must_tick;
	const char **ticked_by;	/* the roles that may tick it; none: anyone */
	size_t nticked_by;
	unsigned int line, col;
};

struct kind_role_rule {
	const char *pointer;
	const char **roles;
	size_t nroles;
};

struct kind_key {
	const char *list;	/* top-level list name, e.g. commitments */
	const char *field;	/* e.g. id */
};

/*
 * What the reports read from a record, by role, so that no kind's field
 * names live in the code (x-handoff `summary`).
 */
enum kind_field {
	FIELD_ACCOUNT,		/* the customer's name */
	FIELD_OWNER,		/* who wrote the handoff: report --by rep and team */
	FIELD_CS_OWNER,		/* who receives it */
	FIELD_ESCALATE_TO,	/* who hears of a missed SLA (else every cs_manager) */
	FIELD_SEGMENT,
	FIELD_TYPE,
	FIELD_SIGNED,		/* time to a complete record is counted from it */
	FIELD_MEETING,		/* when the handoff meeting was held */
	FIELD_RECORDING,
	FIELD_PARTICIPANTS,	/* a list of emails */
	FIELD_COMMITMENTS,	/* the list of promises: id, text, owner, due, status */
	KIND_FIELDS
};

extern const char *const kind_field_names[KIND_FIELDS];

/* A list the review packet shows as a table (x-handoff `review`). */
struct kind_list_view {
	const char *list, *title;
	const char **columns;
	size_t ncolumns;
	const char *flag_column, *flag_value, *flag_say;	/* mark such items */
};

/*
 * An export column (x-handoff `export`): the time an SLA was met, a
 * field, or the person whose email is at a pointer, by name.
 */
struct kind_export_column {
	const char *name;
	const char *sla;
	const char *pointer;
	const char *person;
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
	const char *fields[KIND_FIELDS];	/* pointers; NULL when the kind has none */
	const char **start;	/* the first date of these starts a handoff */
	size_t nstart;
	struct kind_list_view *review;
	size_t nreview;
	struct kind_export_column *export;
	size_t nexport;
};

/* 1 when `name` may name a kind: [a-z0-9][a-z0-9-]*, at most 64 chars. */
int kind_name_valid(const char *name);

/*
 * Compile the schema text `text` read from `path` as kind `name`. Every
 * problem is a diagnostic in `diags` naming the schema's line and column;
 * then HANDOFF_ESCHEMA is returned and *out is NULL.
 */
int kind_compile(struct kind **out, const char *name, const char *path,
	const char *text, size_t len, struct diag_list *diags);
void kind_free(struct kind *kind);

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

enum kind_state kind_record_state(const struct kind *kind,
	const struct node *front);
/* A state field's value as a state: NULL is DRAFT, an unknown one OTHER. */
enum kind_state kind_state_of_value(const char *value);
/* "draft", "submitted", ... ("" for NONE). */
const char *kind_state_name(enum kind_state s);

/*
 * Who decides a record of `kind` (NULL: a kind not known): its
 * `deciders`, else cs and cs_manager. `n` is set to their number.
 */
const char *const *kind_deciders(const struct kind *kind, size_t *n);
/* 1 when `p` (may be NULL) has one of the kind's deciders' roles. */
int kind_may_decide(const struct kind *kind, const struct person *p);
/* 1 when `p` (may be NULL) may tick `it`: it names no roles, p has one, or ops. */
int kind_may_tick(const struct kind_item *it, const struct person *p);
/* 1 when `p` may change an accepted record: a decider, or ops. */
int kind_may_change_accepted(const struct kind *kind, const struct person *p);
/* "support_lead or cs_manager" (", or ops" added with `with_ops`) into `b`. */
int kind_deciders_text(handoff_buf *b, const struct kind *kind, int with_ops);
/*
 * Each role the kind names (deciders, roles) that `cfg` does not declare
 * is a problem at the schema's line and column: HANDOFF_ESCHEMA.
 */
int kind_check_roles(const struct kind *kind, const struct config *cfg,
	struct diag_list *diags);

/*
 * 1 when the section has `data` and the front matter `front` holds all
 * of it (each pointer a value that is neither empty nor a placeholder):
 * the prose may then only refer to it, and its min_words do not apply.
 */
int kind_section_from_data(const struct kind *kind, const struct kind_section *s,
	const struct node *front);

/* Language index of `lang` (en 0, ja 1, id 2, ms 3), or -1. */
int kind_lang_index(const char *lang);

/*
 * 1 when the string scalar `n` holds a placeholder ("TBD", "<fill in>"),
 * 0 when not (and for other scalars), <0 when a pattern hit its limit.
 */
int kind_is_placeholder(const struct kind *kind, const struct node *n);

/* Called with the byte span of each placeholder found in a text. */
typedef int (*kind_placeholder_cb)(size_t start, size_t end, void *payload);

/*
 * The number of words in [s, s+n) once every placeholder match is taken
 * out, counted no further than `enough`; `cb`, if not NULL, hears of
 * each match. Returns <0 only when a placeholder pattern hit its limit
 * (or `cb` failed).
 */
int kind_content_words(const struct kind *kind, const char *s, size_t n,
	size_t enough, size_t *words, kind_placeholder_cb cb, void *payload);

/*
 * Does heading or item text [s, s+n) name one of `titles` (any language)?
 * Case-insensitive for ASCII; a trailing ':' is ignored.
 */
int kind_match_title(const char *const *titles, const char *s, size_t n);

/* The length of a checklist item's text without a typed date: "Sent (2026-11-03)". */
size_t kind_item_text_length(const char *s, size_t n);

#endif

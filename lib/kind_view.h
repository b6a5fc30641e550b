/*
 * A kind's views: what the reports read from a record of the kind, as the
 * kind's data (x-handoff `summary`, `review` and `export`; see
 * kind_view.c), so that no kind's field names live in the code.
 */
#ifndef HANDOFF_KIND_VIEW_H
#define HANDOFF_KIND_VIEW_H

#include <stddef.h>

struct node;
struct rules;
struct xh_ctx;

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

extern const char *const handoff__kind_field_names[KIND_FIELDS];

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

struct kind_views {
	const char *fields[KIND_FIELDS];	/* pointers; NULL when the kind has none */
	const char **start;	/* the first date of these starts a handoff */
	size_t nstart;
	struct kind_list_view *review;
	size_t nreview;
	struct kind_export_column *export;
	size_t nexport;
};

/*
 * Read the x-handoff block `xh` into `out` (zeroed by the caller); an
 * export column's SLA must be one of `rules`. Problems go to `c`.
 */
void handoff__kind_views_compile(struct kind_views *out, struct xh_ctx *c,
	const struct node *xh, const struct rules *rules);

#endif

/*
 * The semantic diff: what changed in a record's meaning between two
 * versions, not in its lines. The front matter is compared as data, so
 * reordered keys, quoting, flow or block style and comments are no
 * change. List items are matched by the kind's keys (a commitment by its
 * id, wherever it moved in the list); lists of plain values without a
 * key are compared as sets. The body is compared section by section, its
 * text with whitespace folded, and checklist items by their tick.
 *
 * Pointers name list items by key where the kind gives one
 * (/commitments/C2/due), body sections as /body/<heading> and checklist
 * items as /checklist/<item>, both by the kind's English title when the
 * record uses one of its languages, so a translated heading is the same
 * section.
 */
#ifndef HANDOFF_SEMDIFF_H
#define HANDOFF_SEMDIFF_H

#include "kind.h"
#include "record.h"

/*
 * One change as the diff finds it: the op is the public one
 * (handoff_change_op), so log, diff, blame and the events read it as is.
 */
struct change {
	char *pointer;
	handoff_change_op op;
	char *old_json;		/* NULL for an add */
	char *new_json;		/* NULL for a remove */
	int material;
	unsigned int line;	/* in the newer version (the older for a remove) */
};

struct change_list {
	struct change *v;
	size_t n, alloc;
};

#define CHANGE_LIST_INIT { NULL, 0, 0 }

/* semdiff flags */
#define SEMDIFF_LEAVES	(1u << 0)	/* an added or removed mapping or list is
					   reported field by field, not whole */
#define SEMDIFF_MATERIAL (1u << 1)	/* of the body, only the material changes:
					   the others are not worked out */

/*
 * Append to `out` the changes from `a` to `b`, in the order of `b`'s
 * front matter, then its body. `a` NULL: the record was created, one add
 * at "" (field by field with SEMDIFF_LEAVES); `b` NULL: deleted, one
 * remove at "". `kind` may be NULL: lists are then matched by position
 * or as sets, and nothing is material.
 */
int handoff__semdiff(struct change_list *out, const struct kind *kind,
	const struct record *a, const struct record *b, unsigned int flags);
/*
 * semdiff into `leaves` with SEMDIFF_LEAVES and into `whole` without, in
 * one pass: the two differ only where a mapping, a list or the record is
 * added or removed whole.
 */
int handoff__semdiff_both(struct change_list *leaves, struct change_list *whole,
	const struct kind *kind, const struct record *a, const struct record *b);
void handoff__change_list_release(struct change_list *l);

/*
 * Each change of `cl` appended to `out` as a handoff_change that has
 * `who`'s path, commit, author and time: the changes as a user sees them.
 */
int handoff__change_list_publish(handoff_changes *out, const struct change_list *cl,
	const handoff_change *who);

/* Is a change at `pointer` material per the kind (at, under or above a material path)? */
int handoff__semdiff_is_material(const struct kind *kind, const char *pointer);

/* 1 when `parent` is `pointer` or one of its ancestors ("" is everyone's). */
int handoff__pointer_covers(const char *parent, const char *pointer);

/* The key field of lists called `list`, or NULL. */
const char *handoff__kind_key_of(const struct kind *kind, const char *list);

/*
 * The name the diff gives a section heading or the checklist item `task`
 * of `rec`: the kind's English title when it matches one in any language,
 * else the text itself (an item without its typed date). Appended to
 * `out` as a pointer token, after "/body" or "/checklist". An item's
 * match is kept in `rec`, read by one thread at a time (record.h).
 */
int handoff__semdiff_section_pointer(handoff_buf *out, const struct kind *kind,
	const struct section *s);
int handoff__semdiff_item_pointer(handoff_buf *out, const struct kind *kind,
	const struct record *rec, size_t task);

#endif

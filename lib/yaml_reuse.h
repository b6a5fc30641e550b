/*
 * Parse only what changed: consecutive versions of a record share most of
 * their front matter. A document whose top level is a plain block mapping
 * splits into blocks, each a line at column 0 that starts a `key:` and the
 * lines under it; a block whose bytes are those of a block of the
 * document loaded before is not parsed again. New blocks are parsed at
 * their own lines; a block still where its parse had it is that parse's
 * tree, shared by the documents that have it (each holds a reference to
 * the parse, node.h), and one that moved is copied with its lines moved.
 *
 * The tree is the one handoff__yaml_load builds from the same text
 * (values, styles, lines, columns, key order, diagnostics): whatever the
 * split cannot vouch for (a column-0 line that is not a plain `key:`, a
 * line break libyaml counts that '\n' does not, a block that does not
 * parse alone into one pair, a key that repeats across blocks, more nodes
 * than the limit) is parsed whole.
 *
 * A block whose lines are those of the remembered block but for values
 * changed in place (a plain scalar alone at the end of its line, in block
 * context, ASCII, into another such: a date, an amount, a name) is the
 * remembered tree with those values spelled anew and typed again.
 *
 * Each node of a block's value has an origin of its own (node.h), the
 * same in every version that kept the node: a block kept or moved keeps
 * them all, an edited one all but the nodes at or above an edit. A
 * comparison of two versions skips a node whose origin is the other's.
 * A whole parse leaves origins at zero.
 *
 * A reuse keeps the blocks of the last document alone; it is one walk's
 * (one record's versions), for one thread.
 */
#ifndef HANDOFF_YAML_REUSE_H
#define HANDOFF_YAML_REUSE_H

#include "node.h"

struct yaml_reuse;

struct yaml_reuse *handoff__yaml_reuse_new(void);
void handoff__yaml_reuse_free(struct yaml_reuse *r);

/*
 * Blocks parsed, reused and edited (reused, scalars spelled anew) so far,
 * for tests and measures.
 */
void handoff__yaml_reuse_counts(const struct yaml_reuse *r, size_t *parsed,
	size_t *reused, size_t *edited);

/*
 * handoff__yaml_load, with the blocks `r` remembers: same arguments, same
 * results. `r` then remembers this document's blocks (none when it was
 * parsed whole). A NULL `r` is a plain load.
 */
int handoff__yaml_load_reusing(struct doc **out, const char *text, size_t len,
	unsigned int first_line, const struct yaml_limits *limits,
	struct diag_list *diags, struct yaml_reuse *r);

/*
 * Make every node of `d` its own: a document built through a reuse shares
 * trees with others, and must copy them before it changes one. Its nodes
 * lose their origins (node.h): they will no longer be what those say.
 */
int handoff__doc_own(struct doc *d);

#endif

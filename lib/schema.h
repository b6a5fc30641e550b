/*
 * The JSON Schema engine: a kind's front matter rules, compiled once from
 * the schema's YAML node tree and then run against many records.
 *
 * The language is a subset of JSON Schema 2020-12 (see schema.c for the
 * list of keywords). Compiling checks the schema itself and names every
 * problem with the schema file's line and column; validating names every
 * problem of a record with the line and column of the value concerned
 * and its JSON pointer.
 */
#ifndef HANDOFF_SCHEMA_H
#define HANDOFF_SCHEMA_H

#include "node.h"

struct schema;

/* unknown keywords are errors (kinds); without, ignored (conformance) */
#define SCHEMA_STRICT (1u << 0)

/*
 * Compile the schema whose root node is `root` (a mapping or a boolean),
 * read from the file `path` (for messages). The compiled schema borrows
 * from the tree (names, enum values), so the tree must outlive it.
 * Every problem becomes a diagnostic in `diags` (code "schema", the
 * line and column of the offending key or value, the JSON pointer of the
 * place in the schema) and then HANDOFF_ESCHEMA is returned, with every
 * problem found reported, not just the first. HANDOFF_ERROR when out of
 * memory. *out is NULL on failure.
 */
int handoff__schema_compile(struct schema **out, const struct node *root,
	const char *path, unsigned int flags, struct diag_list *diags);

/*
 * Validate `instance` (NULL means an empty mapping), appending one
 * diagnostic per problem: severity error, line and column of the value
 * concerned (of the mapping, for a missing property), code the keyword
 * ("type", "required", ...), pointer the JSON pointer of the value (of
 * the missing property, for "required"). The alternatives of anyOf and
 * oneOf, the schema of `not` and an `if` condition are tried silently and
 * summed up in one diagnostic. A pattern that hits its match limits is a
 * failed check with code "pattern-limit", wherever it happens, and so is
 * running out of SCHEMA_BUDGET units of work (code "schema-budget", once,
 * naming the schema file).
 * Returns 0 when valid, 1 when not, HANDOFF_ERROR when out of memory.
 */
int handoff__schema_validate(const struct schema *s, const struct node *instance,
	struct diag_list *diags);

/*
 * schema_validate for an instance whose strings are all known to be valid
 * UTF-8 (libyaml read them from text that passed utf8_check): patterns
 * search them without checking them again. Never for unchecked bytes.
 */
int handoff__schema_validate_utf8(const struct schema *s, const struct node *instance,
	struct diag_list *diags);

/*
 * The work one validation may do, in units: one per subschema applied to
 * a value and one per property name, enum value or array item compared.
 * A record of a built-in kind needs a few hundred to a few thousand (the
 * worst a record within the size limits can need with them is about a
 * million); this many take well under a second.
 */
#define SCHEMA_BUDGET 10000000ul

/*
 * schema_validate with a budget of its own (units as above), telling in
 * *spent (may be NULL) how many units it used.
 */
int handoff__schema_validate_counted(const struct schema *s,
	const struct node *instance, unsigned long budget, unsigned long *spent,
	struct diag_list *diags);

void handoff__schema_free(struct schema *s);

#endif

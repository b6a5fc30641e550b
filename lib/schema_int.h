/*
 * Inside the schema engine: the compiled form schema.c builds and
 * schema_eval.c walks, and the URI helpers that resolve $ref and $id.
 * Nothing outside lib/schema*.c includes this.
 *
 * A compiled subschema (struct sch) holds what validation needs ready to
 * use: keyword values already type-checked, patterns compiled, $ref
 * already pointing at its target. It borrows names, enum values and
 * numbers from the schema's node tree.
 */
#ifndef HANDOFF_SCHEMA_INT_H
#define HANDOFF_SCHEMA_INT_H

#include "common.h"
#include "node.h"

struct regex;

/* JSON types, as a bit set for `type` */
#define SCH_T_NULL	(1u << 0)
#define SCH_T_BOOLEAN	(1u << 1)
#define SCH_T_OBJECT	(1u << 2)
#define SCH_T_ARRAY	(1u << 3)
#define SCH_T_NUMBER	(1u << 4)
#define SCH_T_STRING	(1u << 5)
#define SCH_T_INTEGER	(1u << 6)

/* which optional numbers of struct sch are set */
#define SCH_MIN_LENGTH		(1u << 0)
#define SCH_MAX_LENGTH		(1u << 1)
#define SCH_MIN_ITEMS		(1u << 2)
#define SCH_MAX_ITEMS		(1u << 3)
#define SCH_MIN_PROPERTIES	(1u << 4)
#define SCH_MAX_PROPERTIES	(1u << 5)
#define SCH_MIN_CONTAINS	(1u << 6)
#define SCH_MAX_CONTAINS	(1u << 7)
#define SCH_UNIQUE		(1u << 8)

struct sch;

struct sch_prop {
	const struct node *name;	/* the key node in `properties` */
	struct sch *schema;
};

struct sch_pattern_prop {
	struct regex *re;
	struct sch *schema;
};

struct sch_dependent {
	const struct node *name;	/* when this property is present */
	const struct node *required;	/* sequence of names also required */
};

struct sch {
	const struct node *node;	/* the schema's own node */
	int is_false;			/* the boolean schema false */
	int tracks;			/* has unevaluatedProperties */
	unsigned int has;		/* SCH_MIN_LENGTH ... */

	unsigned int types;		/* 0: no `type` */
	const struct node *type_node;	/* as written, for messages */
	const struct node *enum_values;	/* a sequence */
	const struct node *const_value;

	const struct node *minimum, *maximum;
	const struct node *exclusive_minimum, *exclusive_maximum;
	const struct node *multiple_of;

	size_t min_length, max_length;
	struct regex *pattern;
	const char *format;		/* NULL: none, or one not checked */

	struct sch **prefix_items;
	size_t nprefix_items;
	struct sch *items;
	struct sch *contains;
	size_t min_items, max_items, min_contains, max_contains;

	const struct node *required;	/* a sequence of strings */
	struct sch_prop *props;
	size_t nprops;
	struct sch_pattern_prop *pattern_props;
	size_t npattern_props;
	struct sch *additional;
	struct sch *unevaluated;
	struct sch *property_names;
	struct sch_dependent *dependents;
	size_t ndependents;
	size_t min_properties, max_properties;

	struct sch *ref;
	const struct node *ref_node;	/* the $ref value, for messages */
	struct sch **all_of, **any_of, **one_of;
	size_t nall_of, nany_of, none_of;
	struct sch *not_schema;
	struct sch *if_schema, *then_schema, *else_schema;
	const char *description;	/* borrowed from the schema's tree */

	size_t dfs_index;		/* compile time only: cycle search */
};

struct schema {
	struct sch *root;
	char *path;			/* the file, for messages at records */
	struct sch **all;		/* every compiled subschema, to free */
	size_t nall, alloc;
	int tracks;			/* some subschema has unevaluatedProperties */
};

/*
 * RFC 3986 reference resolution of `ref` against `base` (either may be
 * relative; "" is no base). Returns a new string, or NULL when out of
 * memory.
 */
char *handoff__schema_uri_resolve(const char *base, const char *ref);

/* Percent-decode n bytes of s into a new string (*outlen its length). */
char *handoff__schema_uri_unescape(const char *s, size_t n, size_t *outlen);

#endif

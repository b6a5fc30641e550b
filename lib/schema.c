/*
 * Compiling a schema: from the YAML node tree of a kind (or of a test
 * suite case) to the struct sch graph that schema_eval.c runs.
 *
 * The language is this subset of JSON Schema 2020-12:
 *   any value   type, enum, const, allOf, anyOf, oneOf, not, if/then/else,
 *               $ref, $defs, $id, $anchor, $schema, $comment, title,
 *               description, default, examples, deprecated, readOnly,
 *               writeOnly
 *   numbers     minimum, maximum, exclusiveMinimum, exclusiveMaximum,
 *               multipleOf
 *   strings     minLength, maxLength (in code points), pattern (see
 *               regex.c for the dialect), format (date, date-time, email,
 *               uri: assertions)
 *   arrays      items, prefixItems, contains, minContains, maxContains,
 *               minItems, maxItems, uniqueItems
 *   objects     properties, patternProperties, additionalProperties,
 *               unevaluatedProperties, propertyNames, required,
 *               dependentRequired, minProperties, maxProperties
 *   any key starting with "x-" is left to others (x-handoff is the kind's)
 * and true and false are schemas wherever a schema goes.
 *
 * Compiling is also the schema's own check, so it never stops at the
 * first problem: every keyword is looked at and every problem becomes a
 * diagnostic with the line and column of the key or value at fault and
 * the JSON pointer of that place. With SCHEMA_STRICT an unknown keyword
 * or format is a problem (a typo such as `requried` would otherwise
 * silently check nothing); without it, as the test suite wants, they are
 * ignored.
 *
 * $ref works within the document: "#", JSON pointers ("#/$defs/a~1b",
 * percent-decoded first), anchors ("#name"), and URIs resolved against
 * the $id base URIs of the enclosing schemas (RFC 3986), naming schemas
 * that carry that $id in the same document. Nothing is fetched. Refs are
 * resolved after the whole tree is compiled, so they may point forward,
 * and one subschema is compiled once however many refs reach it.
 *
 * A chain of $ref and in-place applicators (allOf, anyOf, oneOf, not,
 * if, then, else) that comes back to where it started without looking
 * at a part of the value (`$ref: '#'` at the root, two $defs referring
 * to each other) would make validation loop forever; it is found here,
 * by a depth-first search of those edges, and refused. So is a schema
 * whose $refs multiply: definitions that each refer to the next twice
 * on the same value make a small schema check one value 2^n times, so
 * a subschema that would be applied to one value more than a thousand
 * times is refused too, and so are more than 100,000 applied to one value
 * in all (see find_blowup). schema_eval.c's budget of work stops whatever
 * this misses.
 */
#include <math.h>

#include "format.h"
#include "regex.h"
#include "schema.h"
#include "schema_int.h"

#define SCHEMA_2020_12 "https://json-schema.org/draft/2020-12/schema"

/* a schema node already compiled, and the base URI in force inside it */
struct seen {
	const struct node *node;
	struct sch *sch;
	const char *base;
};

/* a URI (without fragment) or URI#anchor naming a node of the document */
struct named {
	char *uri;
	const struct node *node;
	const char *base;	/* base URI inside that node */
	char *pointer;		/* its JSON pointer in the document */
};

struct pending {
	struct sch *from;
	const struct node *value;	/* the $ref string node */
	char *target;			/* resolved against the base */
	char *pointer;			/* of the $ref, in the schema */
};

struct cctx {
	struct schema *schema;
	unsigned int flags;
	struct diag_list *diags;
	int problems;
	int oom;
	handoff_buf ptr;		/* the JSON pointer of where we are */

	struct seen *seen;		/* open addressing, by node address */
	size_t nseen, aseen;
	struct named *names;
	size_t nnames, anames;
	struct pending *refs;
	size_t nrefs, arefs;
	char **strings;			/* base URIs, freed at the end */
	size_t nstrings, astrings;
};

/*
 * Room for element n of the array v of *alloc elements of `size` bytes:
 * v itself, or a larger copy (*alloc updated), or NULL when out of memory
 * (v is then left as it was).
 */
static void *room(void *v, size_t *alloc, size_t n, size_t size)
{
	size_t cap;

	if (n < *alloc && v)
		return v;
	cap = *alloc ? *alloc * 2 : 16;
	if (!(v = realloc(v, cap * size))) {
		handoff__error_oom();
		return NULL;
	}
	*alloc = cap;
	return v;
}

static void problem(struct cctx *c, const struct node *at, const char *fmt,
	...) PRINTF_LIKE(3, 4);

static void problem(struct cctx *c, const struct node *at, const char *fmt,
	...)
{
	va_list ap;

	va_start(ap, fmt);
	if (handoff__diag_vadd(c->diags, HANDOFF_SEVERITY_ERROR, at ? at->line : 0,
	    at ? at->col : 0, "schema", c->ptr.ptr ? c->ptr.ptr : "", fmt, ap) < 0)
		c->oom = 1;
	va_end(ap);
	c->problems++;
}

static size_t push_key(struct cctx *c, const char *s, size_t n)
{
	size_t mark = c->ptr.size;

	if (handoff__buf_pointer_token(&c->ptr, s, n) < 0)
		c->oom = 1;
	return mark;
}

static size_t push_index(struct cctx *c, size_t i)
{
	size_t mark = c->ptr.size;

	if (handoff__buf_printf(&c->ptr, "/%zu", i) < 0)
		c->oom = 1;
	return mark;
}

static void pop(struct cctx *c, size_t mark)
{
	c->ptr.size = mark;
	if (c->ptr.ptr)
		c->ptr.ptr[mark] = '\0';
}

static const char *cur_pointer(struct cctx *c)
{
	return c->ptr.ptr ? c->ptr.ptr : "";
}

/* Keep a string until the end of compilation. */
static char *keep(struct cctx *c, char *s)
{
	char **v;

	if (!s) {
		c->oom = 1;
		return NULL;
	}
	if (!(v = room(c->strings, &c->astrings, c->nstrings, sizeof(*v)))) {
		free(s);
		c->oom = 1;
		return NULL;
	}
	c->strings = v;
	c->strings[c->nstrings++] = s;
	return s;
}

/* ---- the table of compiled nodes */

static size_t hash_ptr(const void *p, size_t size)
{
	size_t h = (size_t)p;

	h ^= h >> 17;
	h *= (size_t)0x9E3779B97F4A7C15ull;
	h ^= h >> 29;
	return h & (size - 1);
}

#define NEXT_SLOT(i, size) (((i) + 1) & ((size) - 1))

static struct seen *seen_find(struct cctx *c, const struct node *n)
{
	size_t i;

	if (!c->aseen)
		return NULL;
	for (i = hash_ptr(n, c->aseen); c->seen[i].node; i = NEXT_SLOT(i, c->aseen))
		if (c->seen[i].node == n)
			return &c->seen[i];
	return NULL;
}

static int seen_add(struct cctx *c, const struct node *n, struct sch *s,
	const char *base)
{
	size_t i;

	if ((c->nseen + 1) * 2 > c->aseen) {
		size_t cap = c->aseen ? c->aseen * 2 : 64, j;
		struct seen *old = c->seen, *v = calloc(cap, sizeof(*v));

		if (!v)
			return handoff__error_oom();
		for (j = 0; j < c->aseen; j++) {
			if (!old[j].node)
				continue;
			for (i = hash_ptr(old[j].node, cap); v[i].node;
			    i = NEXT_SLOT(i, cap))
				;
			v[i] = old[j];
		}
		free(old);
		c->seen = v;
		c->aseen = cap;
	}
	for (i = hash_ptr(n, c->aseen); c->seen[i].node; i = NEXT_SLOT(i, c->aseen))
		;
	c->seen[i].node = n;
	c->seen[i].sch = s;
	c->seen[i].base = base;
	c->nseen++;
	return 0;
}

/* ---- names: $id and $anchor */

static struct named *name_find(struct cctx *c, const char *uri)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i].uri, uri))
			return &c->names[i];
	return NULL;
}

static void name_add(struct cctx *c, char *uri, const struct node *n,
	const struct node *at, const char *base, const char *what)
{
	struct named *old, *v;

	if (!uri) {
		c->oom = 1;
		return;
	}
	if ((old = name_find(c, uri)) != NULL) {
		if (old->node != n)
			problem(c, at, "%s '%s' is already used at '%s'", what,
				uri, old->pointer);
		free(uri);
		return;
	}
	if (!(v = room(c->names, &c->anames, c->nnames, sizeof(*v)))) {
		free(uri);
		c->oom = 1;
		return;
	}
	c->names = v;
	c->names[c->nnames].uri = uri;
	c->names[c->nnames].node = n;
	c->names[c->nnames].base = base;
	if (!(c->names[c->nnames].pointer = handoff__strdup(cur_pointer(c)))) {
		free(uri);
		c->oom = 1;
		return;
	}
	c->nnames++;
}

/* ---- describing values in messages */

static const char *kind_of(const struct node *n)
{
	switch (n->type) {
	case NODE_NULL: return "null";
	case NODE_BOOL: return "a boolean";
	case NODE_INT: return "an integer";
	case NODE_FLOAT: return "a number";
	case NODE_STRING: return "a string";
	case NODE_MAP: return "a mapping";
	case NODE_SEQ: return "a list";
	}
	return "something else";
}

/* ---- keyword checks */

static struct sch *compile_node(struct cctx *c, const struct node *n,
	const char *base);

static int is_string(const struct node *v)
{
	return v->type == NODE_STRING;
}

static int want_string(struct cctx *c, const char *kw, const struct node *v)
{
	if (is_string(v))
		return 1;
	problem(c, v, "'%s' must be a string, not %s", kw, kind_of(v));
	return 0;
}

static int want_count(struct cctx *c, const char *kw, const struct node *v,
	size_t *out)
{
	if (!handoff__node_is_number(v) || !isfinite(v->num) || v->num != floor(v->num) ||
	    v->num < 0) {
		if (handoff__node_is_number(v))
			problem(c, v, "'%s' must be a non-negative integer, not %s",
				kw, v->str);
		else
			problem(c, v, "'%s' must be a non-negative integer, not %s",
				kw, kind_of(v));
		return 0;
	}
	*out = v->num >= 1e15 ? (size_t)1e15 : (size_t)v->num;
	return 1;
}

static int want_number(struct cctx *c, const char *kw, const struct node *v)
{
	if (handoff__node_is_number(v) && !isnan(v->num))
		return 1;
	problem(c, v, "'%s' must be a number, not %s", kw, kind_of(v));
	return 0;
}

static struct sch *sub(struct cctx *c, const struct node *v, const char *base)
{
	return compile_node(c, v, base);
}

/* A list of subschemas (prefixItems, allOf, anyOf, oneOf). */
static struct sch **sub_list(struct cctx *c, const char *kw,
	const struct node *v, const char *base, size_t *count)
{
	struct sch **list;
	size_t i;

	*count = 0;
	if (v->type != NODE_SEQ || v->n == 0) {
		problem(c, v, "'%s' must be a non-empty list of schemas", kw);
		return NULL;
	}
	if (!(list = calloc(v->n, sizeof(*list)))) {
		c->oom = 1;
		return NULL;
	}
	for (i = 0; i < v->n; i++) {
		size_t mark = push_index(c, i);

		list[i] = sub(c, v->items[i], base);
		pop(c, mark);
	}
	*count = v->n;
	return list;
}

static const char *const type_names[] = {
	"null", "boolean", "object", "array", "number", "string", "integer"
};

static unsigned int type_bit(const struct node *v)
{
	size_t i;

	if (v->type != NODE_STRING)
		return 0;
	for (i = 0; i < ARRAY_SIZE(type_names); i++)
		if (!strcmp(v->str, type_names[i]))
			return 1u << i;
	return 0;
}

static void kw_type(struct cctx *c, struct sch *s, const struct node *v)
{
	size_t i;

	s->type_node = v;
	if (v->type == NODE_SEQ) {
		if (v->n == 0)
			problem(c, v, "'type' must name at least one type");
		for (i = 0; i < v->n; i++) {
			unsigned int bit = type_bit(v->items[i]);
			size_t mark = push_index(c, i);

			if (!bit)
				problem(c, v->items[i], "unknown type '%s' (null, boolean, object, array, number, string, integer)",
					v->items[i]->str ? v->items[i]->str : "");
			else if (s->types & bit)
				problem(c, v->items[i], "type '%s' is listed twice",
					v->items[i]->str);
			s->types |= bit;
			pop(c, mark);
		}
		return;
	}
	if (v->type != NODE_STRING) {
		problem(c, v, "'type' must be a type name or a list of them, not %s",
			kind_of(v));
		return;
	}
	if (!(s->types = type_bit(v)))
		problem(c, v, "unknown type '%s' (null, boolean, object, array, number, string, integer)",
			v->str);
}

/* A list of property names without repeats (required, dependentRequired). */
static int name_list(struct cctx *c, const char *kw, const struct node *v)
{
	size_t i, j;
	int ok = 1;

	if (v->type != NODE_SEQ) {
		problem(c, v, "'%s' must be a list of property names, not %s", kw,
			kind_of(v));
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *it = v->items[i];
		size_t mark = push_index(c, i);

		if (!is_string(it)) {
			problem(c, it, "'%s' must list property names, and %s is not a string",
				kw, it->str ? it->str : kind_of(it));
			ok = 0;
		} else {
			for (j = 0; j < i; j++)
				if (handoff__node_equal(v->items[j], it)) {
					problem(c, it, "'%s' lists '%s' twice", kw, it->str);
					ok = 0;
					break;
				}
		}
		pop(c, mark);
	}
	return ok;
}

static void kw_properties(struct cctx *c, struct sch *s, const struct node *v,
	const char *base)
{
	size_t i;

	if (v->type != NODE_MAP) {
		problem(c, v, "'properties' must map property names to schemas, not %s",
			kind_of(v));
		return;
	}
	if (!(s->props = calloc(v->n ? v->n : 1, sizeof(*s->props)))) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->pairs[i].key;
		size_t mark = push_key(c, k->str, k->len);

		s->props[s->nprops].name = k;
		s->props[s->nprops++].schema = sub(c, v->pairs[i].value, base);
		pop(c, mark);
	}
}

static void kw_pattern_properties(struct cctx *c, struct sch *s,
	const struct node *v, const char *base)
{
	size_t i;

	if (v->type != NODE_MAP) {
		problem(c, v, "'patternProperties' must map patterns to schemas, not %s",
			kind_of(v));
		return;
	}
	s->pattern_props = calloc(v->n ? v->n : 1, sizeof(*s->pattern_props));
	if (!s->pattern_props) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->pairs[i].key;
		struct sch_pattern_prop *pp = &s->pattern_props[s->npattern_props];
		size_t mark = push_key(c, k->str, k->len);
		struct regex_error rerr;
		int r;

		pp->schema = sub(c, v->pairs[i].value, base);
		r = handoff__regex_compile(&pp->re, k->str, k->len, &rerr);
		if (r == HANDOFF_EINVALID)
			problem(c, k, "bad pattern '%s': %s at offset %zu", k->str,
				rerr.message, rerr.offset);
		else if (r < 0)
			c->oom = 1;
		else
			s->npattern_props++;
		pop(c, mark);
	}
}

static void kw_dependent_required(struct cctx *c, struct sch *s,
	const struct node *v)
{
	size_t i;

	if (v->type != NODE_MAP) {
		problem(c, v, "'dependentRequired' must map property names to lists of names, not %s",
			kind_of(v));
		return;
	}
	if (!(s->dependents = calloc(v->n ? v->n : 1, sizeof(*s->dependents)))) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->pairs[i].key;
		size_t mark = push_key(c, k->str, k->len);

		if (name_list(c, "dependentRequired", v->pairs[i].value)) {
			s->dependents[s->ndependents].name = k;
			s->dependents[s->ndependents++].required = v->pairs[i].value;
		}
		pop(c, mark);
	}
}

static void kw_defs(struct cctx *c, const struct node *v, const char *base)
{
	size_t i;

	if (v->type != NODE_MAP) {
		problem(c, v, "'$defs' must map names to schemas, not %s", kind_of(v));
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->pairs[i].key;
		size_t mark = push_key(c, k->str, k->len);

		sub(c, v->pairs[i].value, base);
		pop(c, mark);
	}
}

static void kw_pattern(struct cctx *c, struct sch *s, const struct node *v)
{
	struct regex_error rerr;
	int r;

	if (!want_string(c, "pattern", v))
		return;
	r = handoff__regex_compile(&s->pattern, v->str, v->len, &rerr);
	if (r == HANDOFF_EINVALID)
		problem(c, v, "bad pattern '%s': %s at offset %zu", v->str,
			rerr.message, rerr.offset);
	else if (r < 0)
		c->oom = 1;
}

static void kw_format(struct cctx *c, struct sch *s, const struct node *v)
{
	if (!want_string(c, "format", v))
		return;
	if (handoff__format_known(v->str))
		s->format = v->str;
	else if (c->flags & SCHEMA_STRICT)
		problem(c, v, "unknown format '%s' (date, date-time, email, uri)",
			v->str);
}

static void kw_ref(struct cctx *c, struct sch *s, const struct node *v,
	const char *base)
{
	struct pending *p = NULL;
	char *target, *pointer;

	if (!want_string(c, "$ref", v))
		return;
	target = handoff__schema_uri_resolve(base, v->str);
	pointer = handoff__strdup(cur_pointer(c));
	if (!target || !pointer ||
	    !(p = room(c->refs, &c->arefs, c->nrefs, sizeof(*p)))) {
		free(target);
		free(pointer);
		c->oom = 1;
		return;
	}
	c->refs = p;
	p = &c->refs[c->nrefs++];
	p->from = s;
	p->value = v;
	p->target = target;
	p->pointer = pointer;
	s->ref_node = v;
}

static int anchor_name_ok(const char *s)
{
	size_t i;

	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	    s[0] == '_'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-' ||
		    s[i] == '.'))
			return 0;
	return 1;
}

static void kw_anchor(struct cctx *c, const struct node *n,
	const struct node *v, const char *base)
{
	if (!want_string(c, "$anchor", v))
		return;
	if (!anchor_name_ok(v->str)) {
		problem(c, v, "'$anchor' must be a name such as 'node' (a letter or '_', then letters, digits, '_', '-', '.'), not '%s'",
			v->str);
		return;
	}
	name_add(c, handoff__asprintf("%s#%s", base, v->str), n, v, base,
		"$anchor");
}

/* ---- the keyword table */

enum kw {
	KW_IGNORED, KW_STRING, KW_BOOL, KW_LIST, KW_ANY,
	KW_SCHEMA_URI, KW_ID, KW_ANCHOR, KW_REF, KW_DEFS,
	KW_TYPE, KW_ENUM, KW_CONST,
	KW_MINIMUM, KW_MAXIMUM, KW_XMINIMUM, KW_XMAXIMUM, KW_MULTIPLE_OF,
	KW_MIN_LENGTH, KW_MAX_LENGTH, KW_PATTERN, KW_FORMAT,
	KW_ITEMS, KW_PREFIX_ITEMS, KW_CONTAINS, KW_MIN_CONTAINS,
	KW_MAX_CONTAINS, KW_MIN_ITEMS, KW_MAX_ITEMS, KW_UNIQUE_ITEMS,
	KW_PROPERTIES, KW_PATTERN_PROPERTIES, KW_ADDITIONAL, KW_UNEVALUATED,
	KW_PROPERTY_NAMES, KW_REQUIRED, KW_DEPENDENT_REQUIRED,
	KW_MIN_PROPERTIES, KW_MAX_PROPERTIES,
	KW_ALL_OF, KW_ANY_OF, KW_ONE_OF, KW_NOT, KW_IF, KW_THEN, KW_ELSE
};

static const struct {
	const char *name;
	enum kw kw;
} keywords[] = {
	{ "$schema", KW_SCHEMA_URI }, { "$id", KW_ID },
	{ "$anchor", KW_ANCHOR }, { "$ref", KW_REF }, { "$defs", KW_DEFS },
	{ "$comment", KW_STRING }, { "title", KW_STRING },
	{ "description", KW_STRING }, { "default", KW_ANY },
	{ "examples", KW_LIST }, { "deprecated", KW_BOOL },
	{ "readOnly", KW_BOOL }, { "writeOnly", KW_BOOL },
	{ "type", KW_TYPE }, { "enum", KW_ENUM }, { "const", KW_CONST },
	{ "minimum", KW_MINIMUM }, { "maximum", KW_MAXIMUM },
	{ "exclusiveMinimum", KW_XMINIMUM }, { "exclusiveMaximum", KW_XMAXIMUM },
	{ "multipleOf", KW_MULTIPLE_OF },
	{ "minLength", KW_MIN_LENGTH }, { "maxLength", KW_MAX_LENGTH },
	{ "pattern", KW_PATTERN }, { "format", KW_FORMAT },
	{ "items", KW_ITEMS }, { "prefixItems", KW_PREFIX_ITEMS },
	{ "contains", KW_CONTAINS }, { "minContains", KW_MIN_CONTAINS },
	{ "maxContains", KW_MAX_CONTAINS }, { "minItems", KW_MIN_ITEMS },
	{ "maxItems", KW_MAX_ITEMS }, { "uniqueItems", KW_UNIQUE_ITEMS },
	{ "properties", KW_PROPERTIES },
	{ "patternProperties", KW_PATTERN_PROPERTIES },
	{ "additionalProperties", KW_ADDITIONAL },
	{ "unevaluatedProperties", KW_UNEVALUATED },
	{ "propertyNames", KW_PROPERTY_NAMES }, { "required", KW_REQUIRED },
	{ "dependentRequired", KW_DEPENDENT_REQUIRED },
	{ "minProperties", KW_MIN_PROPERTIES },
	{ "maxProperties", KW_MAX_PROPERTIES },
	{ "allOf", KW_ALL_OF }, { "anyOf", KW_ANY_OF }, { "oneOf", KW_ONE_OF },
	{ "not", KW_NOT }, { "if", KW_IF }, { "then", KW_THEN },
	{ "else", KW_ELSE },
};

/* Levenshtein distance, capped: for "did you mean" on typos. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[32], prev, tmp;

	if (la >= 31 || lb >= 31)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static void unknown_keyword(struct cctx *c, const struct node *k)
{
	const char *best = NULL;
	size_t i, d, bestd = 3;

	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if ((d = distance(k->str, keywords[i].name)) < bestd) {
			bestd = d;
			best = keywords[i].name;
		}
	if (best)
		problem(c, k, "unknown keyword '%s' (did you mean '%s'?)", k->str,
			best);
	else
		problem(c, k, "unknown keyword '%s'", k->str);
}

static void keyword(struct cctx *c, struct sch *s, const struct node *n,
	const struct node *k, const struct node *v, const char *base)
{
	const char *name = k->str;
	size_t i;
	enum kw kw = KW_IGNORED;
	int found = 0;

	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(keywords[i].name, name) && strlen(name) == k->len) {
			kw = keywords[i].kw;
			found = 1;
			break;
		}
	if (!found) {
		if (!strncmp(name, "x-", 2))
			return;		/* extensions belong to someone else */
		if (c->flags & SCHEMA_STRICT) {
			/* point at the key itself */
			unknown_keyword(c, k);
		}
		return;
	}

	switch (kw) {
	case KW_IGNORED:
	case KW_ANY:
		break;
	case KW_STRING:
		/* a then's or else's description is said with its problems */
		if (want_string(c, name, v) && !strcmp(name, "description"))
			s->description = v->str;
		break;
	case KW_SCHEMA_URI:
		/* another draft's keywords mean other things (items, say) */
		if (want_string(c, name, v) && (c->flags & SCHEMA_STRICT) &&
		    strcmp(v->str, SCHEMA_2020_12) &&
		    strcmp(v->str, SCHEMA_2020_12 "#"))
			problem(c, v, "only JSON Schema 2020-12 is supported ('%s'), not '%s'",
				SCHEMA_2020_12, v->str);
		break;
	case KW_ID:
		want_string(c, name, v);	/* applied in compile_node */
		break;
	case KW_BOOL:
	case KW_UNIQUE_ITEMS:
		if (v->type != NODE_BOOL)
			problem(c, v, "'%s' must be true or false, not %s", name,
				kind_of(v));
		else if (kw == KW_UNIQUE_ITEMS && v->boolean)
			s->has |= SCH_UNIQUE;
		break;
	case KW_LIST:
		if (v->type != NODE_SEQ)
			problem(c, v, "'%s' must be a list, not %s", name, kind_of(v));
		break;
	case KW_ANCHOR:
		kw_anchor(c, n, v, base);
		break;
	case KW_REF:
		kw_ref(c, s, v, base);
		break;
	case KW_DEFS:
		kw_defs(c, v, base);
		break;
	case KW_TYPE:
		kw_type(c, s, v);
		break;
	case KW_ENUM:
		if (v->type != NODE_SEQ)
			problem(c, v, "'enum' must be a list of the allowed values, not %s",
				kind_of(v));
		else
			s->enum_values = v;
		break;
	case KW_CONST:
		s->const_value = v;
		break;
	case KW_MINIMUM:
		if (want_number(c, name, v))
			s->minimum = v;
		break;
	case KW_MAXIMUM:
		if (want_number(c, name, v))
			s->maximum = v;
		break;
	case KW_XMINIMUM:
		if (want_number(c, name, v))
			s->exclusive_minimum = v;
		break;
	case KW_XMAXIMUM:
		if (want_number(c, name, v))
			s->exclusive_maximum = v;
		break;
	case KW_MULTIPLE_OF:
		if (!handoff__node_is_number(v) || !(v->num > 0) || !isfinite(v->num))
			problem(c, v, "'multipleOf' must be a number greater than 0, not %s",
				handoff__node_is_number(v) ? v->str : kind_of(v));
		else
			s->multiple_of = v;
		break;
	case KW_MIN_LENGTH:
		if (want_count(c, name, v, &s->min_length))
			s->has |= SCH_MIN_LENGTH;
		break;
	case KW_MAX_LENGTH:
		if (want_count(c, name, v, &s->max_length))
			s->has |= SCH_MAX_LENGTH;
		break;
	case KW_PATTERN:
		kw_pattern(c, s, v);
		break;
	case KW_FORMAT:
		kw_format(c, s, v);
		break;
	case KW_ITEMS:
		if (v->type == NODE_SEQ)
			problem(c, v, "'items' must be a schema; a list of schemas per position is 'prefixItems'");
		else
			s->items = sub(c, v, base);
		break;
	case KW_PREFIX_ITEMS:
		s->prefix_items = sub_list(c, name, v, base, &s->nprefix_items);
		break;
	case KW_CONTAINS:
		s->contains = sub(c, v, base);
		break;
	case KW_MIN_CONTAINS:
		if (want_count(c, name, v, &s->min_contains))
			s->has |= SCH_MIN_CONTAINS;
		break;
	case KW_MAX_CONTAINS:
		if (want_count(c, name, v, &s->max_contains))
			s->has |= SCH_MAX_CONTAINS;
		break;
	case KW_MIN_ITEMS:
		if (want_count(c, name, v, &s->min_items))
			s->has |= SCH_MIN_ITEMS;
		break;
	case KW_MAX_ITEMS:
		if (want_count(c, name, v, &s->max_items))
			s->has |= SCH_MAX_ITEMS;
		break;
	case KW_PROPERTIES:
		kw_properties(c, s, v, base);
		break;
	case KW_PATTERN_PROPERTIES:
		kw_pattern_properties(c, s, v, base);
		break;
	case KW_ADDITIONAL:
		s->additional = sub(c, v, base);
		break;
	case KW_UNEVALUATED:
		s->unevaluated = sub(c, v, base);
		s->tracks = 1;
		c->schema->tracks = 1;
		break;
	case KW_PROPERTY_NAMES:
		s->property_names = sub(c, v, base);
		break;
	case KW_REQUIRED:
		if (name_list(c, name, v))
			s->required = v;
		break;
	case KW_DEPENDENT_REQUIRED:
		kw_dependent_required(c, s, v);
		break;
	case KW_MIN_PROPERTIES:
		if (want_count(c, name, v, &s->min_properties))
			s->has |= SCH_MIN_PROPERTIES;
		break;
	case KW_MAX_PROPERTIES:
		if (want_count(c, name, v, &s->max_properties))
			s->has |= SCH_MAX_PROPERTIES;
		break;
	case KW_ALL_OF:
		s->all_of = sub_list(c, name, v, base, &s->nall_of);
		break;
	case KW_ANY_OF:
		s->any_of = sub_list(c, name, v, base, &s->nany_of);
		break;
	case KW_ONE_OF:
		s->one_of = sub_list(c, name, v, base, &s->none_of);
		break;
	case KW_NOT:
		s->not_schema = sub(c, v, base);
		break;
	case KW_IF:
		s->if_schema = sub(c, v, base);
		break;
	case KW_THEN:
		s->then_schema = sub(c, v, base);
		break;
	case KW_ELSE:
		s->else_schema = sub(c, v, base);
		break;
	}
}

static struct sch *new_sch(struct cctx *c, const struct node *n)
{
	struct schema *sc = c->schema;
	struct sch **all, *s;

	if (!(all = room(sc->all, &sc->alloc, sc->nall, sizeof(*all)))) {
		c->oom = 1;
		return NULL;
	}
	sc->all = all;
	if (!(s = calloc(1, sizeof(*s)))) {
		c->oom = 1;
		return NULL;
	}
	s->node = n;
	sc->all[sc->nall++] = s;
	return s;
}

/*
 * Compile the schema at node `n`, inside which the base URI is `base`
 * unless `n` has its own $id. NULL only when out of memory.
 */
static struct sch *compile_node(struct cctx *c, const struct node *n,
	const char *base)
{
	struct seen *old = seen_find(c, n);
	const struct node *id;
	struct sch *s;
	char *own = NULL;
	size_t i;

	if (old)
		return old->sch;
	if (c->oom || !(s = new_sch(c, n)))
		return NULL;
	if (n->type == NODE_BOOL) {
		s->is_false = !n->boolean;
		if (seen_add(c, n, s, NULL) < 0)
			c->oom = 1;
		return s;
	}
	if (n->type != NODE_MAP) {
		problem(c, n, "a schema must be a mapping or true or false, not %s",
			kind_of(n));
		return s;
	}

	/* $id first: it is the base for the rest, $ref included */
	id = handoff__node_get(n, "$id");
	if (id && id->type == NODE_STRING) {
		const char *hash = strchr(id->str, '#');
		char *uri;

		if (hash && hash[1]) {
			size_t mark = push_key(c, "$id", 3);

			problem(c, id, "'$id' must not have a fragment ('%s'); use $anchor for names",
				hash);
			pop(c, mark);
		}
		uri = handoff__schema_uri_resolve(base, id->str);
		if (uri && (hash = strchr(uri, '#')))
			uri[hash - uri] = '\0';
		if (!(own = keep(c, uri)))
			return NULL;
		base = own;
		name_add(c, handoff__strdup(own), n, id, own, "$id");
	}
	if (seen_add(c, n, s, base) < 0) {
		c->oom = 1;
		return NULL;
	}
	for (i = 0; i < n->n && !c->oom; i++) {
		const struct node *k = n->pairs[i].key;
		size_t mark = push_key(c, k->str, k->len);

		keyword(c, s, n, k, n->pairs[i].value, base);
		pop(c, mark);
	}
	return s;
}

/* ---- resolving $ref */

/* Follow a percent-decoded JSON pointer from `n`. */
static const struct node *follow(const struct node *n, const char *p,
	size_t len)
{
	size_t i = 0;

	while (n && i < len) {
		char tok[1024];
		size_t t = 0, j;

		if (p[i] != '/')
			return NULL;
		for (i++; i < len && p[i] != '/'; i++) {
			char ch = p[i];

			if (ch == '~' && i + 1 < len &&
			    (p[i + 1] == '0' || p[i + 1] == '1'))
				ch = p[++i] == '0' ? '~' : '/';
			if (t + 1 >= sizeof(tok))
				return NULL;
			tok[t++] = ch;
		}
		if (n->type == NODE_MAP) {
			const struct node *next = NULL;

			for (j = 0; j < n->n; j++)
				if (n->pairs[j].key->len == t &&
				    !memcmp(n->pairs[j].key->str, tok, t)) {
					next = n->pairs[j].value;
					break;
				}
			n = next;
		} else if (n->type == NODE_SEQ) {
			size_t idx = 0;

			if (t == 0 || (t > 1 && tok[0] == '0'))
				return NULL;
			for (j = 0; j < t; j++) {
				if (tok[j] < '0' || tok[j] > '9' || idx > 100000000)
					return NULL;
				idx = idx * 10 + (size_t)(tok[j] - '0');
			}
			n = idx < n->n ? n->items[idx] : NULL;
		} else {
			return NULL;
		}
	}
	return n;
}

static void resolve_ref(struct cctx *c, size_t which)
{
	struct pending r = c->refs[which];	/* c->refs may move */
	const char *hash = strchr(r.target, '#');
	size_t ulen = hash ? (size_t)(hash - r.target) : strlen(r.target);
	const struct node *target = NULL;
	const struct named *res;
	const char *tbase;
	char *uri, *frag = NULL;
	size_t flen = 0;
	struct seen *seen;

	pop(c, 0);
	if (handoff__buf_puts(&c->ptr, r.pointer) < 0 ||
	    !(uri = handoff__strndup(r.target, ulen))) {
		c->oom = 1;
		return;
	}
	res = name_find(c, uri);
	if (hash && !(frag = handoff__schema_uri_unescape(hash + 1, strlen(hash + 1),
	    &flen))) {
		c->oom = 1;
		free(uri);
		return;
	}
	if (!res) {
		if (strchr(uri, ':') && strncmp(r.value->str, uri, ulen))
			problem(c, r.value, "$ref '%s' refers to another document ('%s'); only references inside this schema are supported",
				r.value->str, uri);
		else if (strchr(uri, ':'))
			problem(c, r.value, "$ref '%s' refers to another document; only references inside this schema are supported",
				r.value->str);
		else
			problem(c, r.value, "$ref '%s' does not point to anything in this schema",
				r.value->str);
		goto done;
	}
	tbase = res->base;
	if (!frag || flen == 0) {
		target = res->node;
	} else if (frag[0] == '/') {
		target = follow(res->node, frag, flen);
	} else {
		char *anchor = handoff__asprintf("%s#%s", uri, frag);
		const struct named *a;

		if (!anchor) {
			c->oom = 1;
			goto done;
		}
		a = name_find(c, anchor);
		free(anchor);
		if (a) {
			target = a->node;
			tbase = a->base;
		}
	}
	if (!target) {
		problem(c, r.value, "$ref '%s' does not point to anything in this schema",
			r.value->str);
		goto done;
	}
	if (target->type != NODE_MAP && target->type != NODE_BOOL) {
		problem(c, r.value, "$ref '%s' points to %s, not to a schema",
			r.value->str, kind_of(target));
		goto done;
	}
	if ((seen = seen_find(c, target)) != NULL) {
		r.from->ref = seen->sch;
		goto done;
	}
	/* somewhere no keyword led: compile it now, named by where it is */
	pop(c, 0);
	if (handoff__buf_puts(&c->ptr, res->pointer) < 0) {
		c->oom = 1;
		goto done;
	}
	if (frag && flen && frag[0] == '/' &&
	    handoff__buf_put(&c->ptr, frag, flen) < 0)
		c->oom = 1;
	r.from->ref = compile_node(c, target, tbase);
done:
	free(uri);
	free(frag);
}

/* ---- cycles that never descend into the instance */

/* The k-th in-place child of s (NULL past the end); *is_ref for $ref. */
static int inplace_child(const struct sch *s, size_t k, struct sch **out,
	int *is_ref)
{
	*is_ref = 0;
	if (k == 0) {
		*out = s->ref;
		*is_ref = 1;
		return 1;
	}
	k--;
	if (k < s->nall_of) {
		*out = s->all_of[k];
		return 1;
	}
	k -= s->nall_of;
	if (k < s->nany_of) {
		*out = s->any_of[k];
		return 1;
	}
	k -= s->nany_of;
	if (k < s->none_of) {
		*out = s->one_of[k];
		return 1;
	}
	k -= s->none_of;
	switch (k) {
	case 0: *out = s->not_schema; return 1;
	case 1: *out = s->if_schema; return 1;
	case 2: *out = s->then_schema; return 1;
	case 3: *out = s->else_schema; return 1;
	}
	return 0;
}

static const struct pending *pending_of(struct cctx *c, const struct sch *s)
{
	size_t i;

	for (i = 0; i < c->nrefs; i++)
		if (c->refs[i].from == s)
			return &c->refs[i];
	return NULL;
}

static void report_cycle(struct cctx *c, const struct sch *s)
{
	const struct pending *p = pending_of(c, s);

	if (!p)
		return;
	pop(c, 0);
	if (handoff__buf_puts(&c->ptr, p->pointer) < 0) {
		c->oom = 1;
		return;
	}
	problem(c, s->ref_node, "$ref '%s' leads back to the same schema without going into the value, so checking would never end",
		s->ref_node->str);
}

struct frame {
	struct sch *s;
	size_t next;		/* the next child to visit */
	int via_ref;		/* the child being visited came through $ref */
};

static void find_cycles(struct cctx *c)
{
	struct schema *sc = c->schema;
	unsigned char *color;	/* 0 new, 1 on the path, 2 done */
	unsigned char *reported;
	struct frame *stack;
	size_t i, depth;

	color = calloc(sc->nall ? sc->nall : 1, 1);
	reported = calloc(sc->nall ? sc->nall : 1, 1);
	stack = malloc((sc->nall ? sc->nall : 1) * sizeof(*stack));
	if (!color || !reported || !stack) {
		c->oom = 1;
		goto done;
	}
	for (i = 0; i < sc->nall; i++)
		sc->all[i]->dfs_index = i;
	for (i = 0; i < sc->nall; i++) {
		if (color[i])
			continue;
		depth = 0;
		stack[depth].s = sc->all[i];
		stack[depth].next = 0;
		stack[depth++].via_ref = 0;
		color[i] = 1;
		while (depth) {
			struct frame *f = &stack[depth - 1];
			struct sch *child;
			int is_ref;

			if (!inplace_child(f->s, f->next++, &child, &is_ref)) {
				color[f->s->dfs_index] = 2;
				depth--;
				continue;
			}
			if (!child)
				continue;
			f->via_ref = is_ref;
			if (color[child->dfs_index] == 1) {
				/*
				 * A cycle: blame the nearest $ref on it, the
				 * edge that closes it if that is one.
				 */
				size_t j = depth;

				while (j > 0 && !stack[j - 1].via_ref &&
				    stack[j - 1].s != child)
					j--;
				if (j > 0 && stack[j - 1].via_ref &&
				    !reported[stack[j - 1].s->dfs_index]) {
					reported[stack[j - 1].s->dfs_index] = 1;
					report_cycle(c, stack[j - 1].s);
				}
				continue;
			}
			if (color[child->dfs_index] == 2)
				continue;
			color[child->dfs_index] = 1;
			stack[depth].s = child;
			stack[depth].next = 0;
			stack[depth++].via_ref = 0;
		}
	}
done:
	free(color);
	free(reported);
	free(stack);
}

/* ---- $refs that multiply the work */

/*
 * How many times one subschema may be applied to one value, and how many
 * subschemas in all. A schema written out in full applies each of its
 * parts once to a value; only $refs to one definition from several places
 * can apply it more often, and when such definitions refer on to each
 * other twice at each step the count doubles with every step: 40 steps of
 * 60 bytes make a schema of 2.6 KB that would check one value 2^40 times.
 * The total is for many $refs to big definitions (or a huge anyOf): a
 * 64 KiB schema written out in full applies at most about 20,000.
 */
#define MAX_APPLIED 1000
#define MAX_APPLIED_ALL 100000
#define SATURATED ((int64_t)1 << 60)
/* the work this check may do; past it, the validation budget guards */
#define MAX_CHECK_WORK 1000000u	/* about 10 ms */

struct blowup {
	struct schema *sc;
	size_t *order;		/* in-place parents before their children */
	int64_t *count;		/* applications to one value, from one top */
	int64_t *all;		/* of each: itself and what it applies in place */
	size_t *tops;		/* indexes in order of the tops to look at */
};

static const struct blowup *sorting;	/* for by_all; compiling is one thread's */

/* the biggest totals first: where a blow-up is, whatever else there is */
static int by_all(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int64_t ta = sorting->all[sorting->order[a]];
	int64_t tb = sorting->all[sorting->order[b]];

	if (ta != tb)
		return ta > tb ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int64_t sat_add(int64_t a, int64_t b)
{
	return a + b > SATURATED ? SATURATED : a + b;
}

/* Kahn's order of the in-place edges, which find_cycles found acyclic. */
static int in_place_order(struct blowup *b, size_t *indeg)
{
	size_t n = b->sc->nall, i, k, head = 0, tail = 0;
	struct sch *child;
	int is_ref;

	for (i = 0; i < n; i++)
		for (k = 0; inplace_child(b->sc->all[i], k, &child, &is_ref); k++)
			if (child)
				indeg[child->dfs_index]++;
	for (i = 0; i < n; i++)
		if (!indeg[i])
			b->order[tail++] = i;
	while (head < tail) {
		const struct sch *s = b->sc->all[b->order[head++]];

		for (k = 0; inplace_child(s, k, &child, &is_ref); k++)
			if (child && --indeg[child->dfs_index] == 0)
				b->order[tail++] = child->dfs_index;
	}
	return tail == n ? 0 : 1;	/* 1: a cycle after all; leave it */
}

static void show_count(char *buf, size_t size, int64_t n)
{
	if (n >= SATURATED)
		snprintf(buf, size, "more than 2^60");
	else
		snprintf(buf, size, "%lld", (long long)n);
}

/*
 * Blame the $ref that brought subschema t to its count from `top` (the
 * last $ref to it, where the count went over), or t itself.
 */
static void report_blowup(struct cctx *c, const struct blowup *b, size_t top,
	size_t t, int all)
{
	const struct sch *to = b->sc->all[t];
	const struct pending *p = NULL;
	char times[32], total[32];
	size_t i;

	for (i = 0; i < c->nrefs; i++)
		if (c->refs[i].from->ref == to &&
		    b->count[c->refs[i].from->dfs_index])
			p = &c->refs[i];
	show_count(times, sizeof(times), b->count[t]);
	show_count(total, sizeof(total), b->all[top]);
	pop(c, 0);
	if (p && handoff__buf_puts(&c->ptr, p->pointer) < 0) {
		c->oom = 1;
		return;
	}
	if (p && !all)
		problem(c, p->value, "$ref '%s' applies what it names to one value %s times (at most %d): $refs that lead to one place more than once multiply, so checking a record would take too long",
			p->value->str, times, MAX_APPLIED);
	else if (p)
		problem(c, p->value, "$ref '%s' applies what it names to one value %s times, and with the rest %s subschemas apply to that value (at most %d): checking a record would take too long",
			p->value->str, times, total, MAX_APPLIED_ALL);
	else
		problem(c, to->node, "%s subschemas would apply to one value here (at most %d): checking a record would take too long",
			total, MAX_APPLIED_ALL);
}

/*
 * For every subschema that nothing applies in place (the root, and those
 * applied to a part of the value: properties, items...), count the ways
 * it applies each subschema to the same value through $ref and the
 * in-place applicators (anyOf counted in full), and refuse the schema
 * when one is applied more than MAX_APPLIED times or all of them more
 * than MAX_APPLIED_ALL. The total of each subschema is one pass from the
 * leaves up; only a top whose total is over MAX_APPLIED needs the counts
 * one by one, a pass over the subschemas after it, biggest totals first.
 * Work that multiplies down the levels of the value (a property whose
 * schema applies the root twice) is left to the validation budget, as is
 * what is left when this check has used its own budget of work (many big
 * tops that each apply a thousand different subschemas).
 */
static void find_blowup(struct cctx *c)
{
	struct blowup b;
	size_t n = c->schema->nall, i, j, k, t, ntops = 0, work = 0;
	size_t *indeg = NULL;
	struct sch *child;
	int is_ref;

	memset(&b, 0, sizeof(b));
	b.sc = c->schema;
	if (!n)
		return;
	b.order = malloc(n * sizeof(*b.order));
	b.count = calloc(n, sizeof(*b.count));
	b.all = calloc(n, sizeof(*b.all));
	b.tops = malloc(n * sizeof(*b.tops));
	indeg = calloc(n, sizeof(*indeg));
	if (!b.order || !b.count || !b.all || !b.tops || !indeg) {
		handoff__error_oom();
		c->oom = 1;
		goto done;
	}
	for (i = 0; i < n; i++)
		b.sc->all[i]->dfs_index = i;
	if (in_place_order(&b, indeg) != 0)
		goto done;
	for (i = n; i-- > 0;) {
		size_t v = b.order[i];

		b.all[v] = 1;
		for (k = 0; inplace_child(b.sc->all[v], k, &child, &is_ref); k++)
			if (child)
				b.all[v] = sat_add(b.all[v], b.all[child->dfs_index]);
	}
	/* the tops come first in Kahn's order: those with no parent */
	for (i = 0; i < n; i++)
		for (k = 0; inplace_child(b.sc->all[i], k, &child, &is_ref); k++)
			if (child)
				indeg[child->dfs_index] = 1;
	for (i = 0; i < n && !indeg[b.order[i]]; i++)
		if (b.all[b.order[i]] > MAX_APPLIED)	/* else no count can be */
			b.tops[ntops++] = i;
	sorting = &b;
	qsort(b.tops, ntops, sizeof(*b.tops), by_all);
	sorting = NULL;
	for (t = 0; t < ntops && work < MAX_CHECK_WORK; t++) {
		size_t top = b.order[b.tops[t]], most = top;

		i = b.tops[t];
		b.count[top] = 1;
		for (j = i; j < n; j++) {
			size_t v = b.order[j];
			int64_t m = b.count[v];

			if (!m)
				continue;
			if (m > MAX_APPLIED) {
				report_blowup(c, &b, top, v, 0);
				goto done;
			}
			if (m > b.count[most])
				most = v;
			for (k = 0; inplace_child(b.sc->all[v], k, &child, &is_ref); k++)
				if (child)
					b.count[child->dfs_index] =
						sat_add(b.count[child->dfs_index], m);
			work += k;
		}
		if (b.all[top] > MAX_APPLIED_ALL) {
			report_blowup(c, &b, top, most, 1);
			goto done;
		}
		for (j = i; j < n; j++)
			b.count[b.order[j]] = 0;
		work += n - i;
	}
done:
	free(indeg);
	free(b.order);
	free(b.count);
	free(b.all);
	free(b.tops);
}

/* ---- the whole */

static void sch_free(struct sch *s)
{
	size_t i;

	handoff__regex_free(s->pattern);
	for (i = 0; i < s->npattern_props; i++)
		handoff__regex_free(s->pattern_props[i].re);
	free(s->pattern_props);
	free(s->props);
	free(s->dependents);
	free(s->prefix_items);
	free(s->all_of);
	free(s->any_of);
	free(s->one_of);
	free(s);
}

void handoff__schema_free(struct schema *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nall; i++)
		sch_free(s->all[i]);
	free(s->all);
	free(s->path);
	free(s);
}

int handoff__schema_compile(struct schema **out, const struct node *root,
	const char *path, unsigned int flags, struct diag_list *diags)
{
	struct cctx c;
	size_t i;
	int err = 0;

	/* the diagnostics' list belongs to that file already: path is for
	 * the messages at records */
	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.flags = flags;
	c.diags = diags;
	if (!(c.schema = calloc(1, sizeof(*c.schema))))
		return handoff__error_oom();
	if (!(c.schema->path = handoff__strdup(path ? path : ""))) {
		free(c.schema);
		return HANDOFF_ERROR;
	}
	if (!root || (root->type != NODE_MAP && root->type != NODE_BOOL)) {
		handoff__diag_add(diags, HANDOFF_SEVERITY_ERROR, root ? root->line : 1,
			root ? root->col : 1, "schema", "",
			"a schema must be a mapping or true or false, not %s",
			root ? kind_of(root) : "empty");
		err = HANDOFF_ESCHEMA;
		goto done;
	}
	/* the document itself, before any $id, is the resource "" */
	name_add(&c, handoff__strdup(""), root, root, "", "$id");
	c.schema->root = compile_node(&c, root, "");
	for (i = 0; i < c.nrefs && !c.oom; i++)
		resolve_ref(&c, i);
	if (!c.oom)
		find_cycles(&c);
	if (!c.oom)
		find_blowup(&c);
	if (c.oom)
		err = handoff__error_oom();
	else if (c.problems)
		err = HANDOFF_ESCHEMA;
done:
	for (i = 0; i < c.nnames; i++) {
		free(c.names[i].uri);
		free(c.names[i].pointer);
	}
	free(c.names);
	for (i = 0; i < c.nrefs; i++) {
		free(c.refs[i].target);
		free(c.refs[i].pointer);
	}
	free(c.refs);
	for (i = 0; i < c.nstrings; i++)
		free(c.strings[i]);
	free(c.strings);
	free(c.seen);
	handoff_buf_dispose(&c.ptr);
	if (err) {
		handoff__schema_free(c.schema);
		return err;
	}
	*out = c.schema;
	return 0;
}

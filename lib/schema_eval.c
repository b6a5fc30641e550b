/*
 * Validation: one value against a compiled schema, every problem found
 * reported with the line, column and JSON pointer of the value at fault.
 *
 * It runs for every record of every run (ten thousand records is an
 * ordinary run), so it allocates nothing on the way except the
 * diagnostics themselves: the JSON pointer of where we are is a stack of
 * (key node or index) steps on the C stack, turned into text only when a
 * problem is reported, and the messages are formatted only then too.
 *
 * The alternatives of anyOf and oneOf, the schema of `not` and the
 * condition of `if` are tried quietly (no diagnostics at all, stopping at
 * the first failure) and summed up in one diagnostic; `then`, `else`,
 * allOf and $ref report as themselves. A pattern that hits its limits is
 * reported wherever it happens, quietly tried or not, and makes the
 * whole value invalid: a hostile pattern must not turn a `not` into a
 * pass.
 *
 * unevaluatedProperties needs to know which properties the in-place
 * subschemas that passed have looked at; only schemas that use it pay for
 * that, with bit sets taken from a per-validation pool.
 *
 * Recursion follows the value (its depth is bounded) and the schema's
 * in-place chains (which schema.c has checked are not cycles); a counter
 * bounds both anyway and fails closed.
 *
 * Depth is not all: $refs that each apply the next definition twice make
 * a small schema cost 2^n checks of one value, and a long list of
 * properties met by a long mapping costs their product. So the work of
 * one validation is counted, as pcre2 counts a match's steps: one unit
 * per subschema applied and per name, enum value or item compared, and
 * past the budget the value is given up on, reported once where the work
 * ran out, and the whole instance is invalid (fail closed, like a pattern
 * that hits its limit). schema.c refuses the schemas it can tell will
 * multiply like that; the budget is for whatever it cannot tell.
 */
#include <float.h>
#include <math.h>

#include "format.h"
#include "regex.h"
#include "schema.h"
#include "schema_int.h"
#include "utf8.h"

#define MAX_PATH 128		/* nested values followed */
#define MAX_CALLS 1000		/* nested subschemas applied */
#define NO_MARKS ((size_t)-1)
#define SHOW_SIZE 320		/* a value shown in a message */

struct step {
	const struct node *key;	/* NULL: an index */
	size_t index;
};

struct vctx {
	struct diag_list *out;	/* NULL while trying quietly */
	struct diag_list *top;	/* the caller's list */
	struct step path[MAX_PATH];
	size_t depth;
	unsigned int calls;
	unsigned long spent, budget;	/* units of work: see spend() */
	const char *schema_path;	/* for the budget's message */
	int over;			/* the budget ran out */
	int hard_fail;		/* a limit was hit: invalid whatever else */
	int deep;		/* a "depth" problem was reported */
	int utf8_valid;		/* every string of the instance is valid UTF-8 */
	unsigned char *marks;	/* bit sets for unevaluatedProperties */
	size_t nmarks, amarks;
	/*
	 * Room to show values in a message being written: here rather than
	 * on the stack of functions that recurse.
	 */
	char show1[SHOW_SIZE], show2[SHOW_SIZE];
};

static int eval(struct vctx *c, const struct sch *s, const struct node *in,
	size_t marks);

/* ---- reporting */

static int pointer(handoff_buf *b, const struct vctx *c, const char *extra,
	size_t extralen)
{
	size_t i;
	int err = handoff__buf_puts(b, "");

	for (i = 0; !err && i < c->depth; i++) {
		const struct step *st = &c->path[i];

		if (st->key)
			err = handoff__buf_pointer_token(b, st->key->str, st->key->len);
		else
			err = handoff__buf_printf(b, "/%zu", st->index);
	}
	if (!err && extra)
		err = handoff__buf_pointer_token(b, extra, extralen);
	return err;
}

static int vreport(struct vctx *c, struct diag_list *to, const struct node *at,
	const char *code, const char *extra, size_t extralen, const char *fmt,
	va_list ap)
{
	handoff_buf ptr = HANDOFF_BUF_INIT;
	int err;

	if ((err = pointer(&ptr, c, extra, extralen)) == 0)
		err = handoff__diag_vadd(to, HANDOFF_SEVERITY_ERROR, at->line,
			at->col, code,
			ptr.ptr, fmt, ap);
	handoff_buf_dispose(&ptr);
	return err;
}

static int fail(struct vctx *c, const struct node *at, const char *code,
	const char *fmt, ...) PRINTF_LIKE(4, 5);
static int fail_at(struct vctx *c, const struct node *at, const char *code,
	const struct node *key, const char *fmt, ...) PRINTF_LIKE(5, 6);

/* A problem with the value `at` (the current place): 1, or <0. */
static int fail(struct vctx *c, const struct node *at, const char *code,
	const char *fmt, ...)
{
	va_list ap;
	int err;

	if (!c->out || c->over)	/* quiet, or past the budget: said once */
		return 1;
	va_start(ap, fmt);
	err = vreport(c, c->out, at, code, NULL, 0, fmt, ap);
	va_end(ap);
	return err < 0 ? err : 1;
}

/* A problem with the property `key` of the current mapping (at: where). */
static int fail_at(struct vctx *c, const struct node *at, const char *code,
	const struct node *key, const char *fmt, ...)
{
	va_list ap;
	int err;

	if (!c->out || c->over)	/* quiet, or past the budget: said once */
		return 1;
	va_start(ap, fmt);
	err = vreport(c, c->out, at, code, key->str, key->len, fmt, ap);
	va_end(ap);
	return err < 0 ? err : 1;
}

/* A limit was hit: reported to the caller's list even when quiet. */
static int hard(struct vctx *c, const struct node *at, const char *code,
	const char *fmt, ...) PRINTF_LIKE(4, 5);

static int hard(struct vctx *c, const struct node *at, const char *code,
	const char *fmt, ...)
{
	va_list ap;
	int err;

	c->hard_fail = 1;
	va_start(ap, fmt);
	err = vreport(c, c->top, at, code, NULL, 0, fmt, ap);
	va_end(ap);
	return err < 0 ? err : 1;
}

/*
 * A value for a message: a string in quotes, cut at about 60 characters,
 * control characters escaped; anything else as compact JSON, cut too.
 */
static void show(char *buf, size_t size, const struct node *n)
{
	handoff_buf json = HANDOFF_BUF_INIT;
	const char *s;
	size_t len, i = 0, o = 0, chars = 0;
	int quote = n->type == NODE_STRING;

	if (n->type == NODE_NULL || n->type == NODE_BOOL) {
		/* canonical, whatever YAML spelling (~, True) was used */
		s = n->type == NODE_NULL ? "null" : n->boolean ? "true" : "false";
		len = strlen(s);
	} else if (quote || ((n->type == NODE_INT || n->type == NODE_FLOAT) &&
	    n->str)) {
		s = n->str;
		len = n->len;
	} else if (handoff__node_to_json(&json, n) == 0 && json.ptr) {
		s = json.ptr;
		len = json.size;
	} else {
		s = "?";
		len = 1;
	}
	if (quote)
		buf[o++] = '\'';
	while (i < len && o + 12 < size) {
		unsigned char ch = (unsigned char)s[i];
		size_t k = handoff__utf8_valid_prefix(s + i, len - i);

		if (chars == 60) {
			memcpy(buf + o, "...", 3);
			o += 3;
			i = len;
			break;
		}
		if (ch == '\n' || ch == '\t' || ch == '\r') {
			buf[o++] = '\\';
			buf[o++] = ch == '\n' ? 'n' : ch == '\t' ? 't' : 'r';
			i++;
		} else if (ch < 0x20 || ch == 0x7f || k == 0) {
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", ch);
			i++;
		} else {
			memcpy(buf + o, s + i, k);
			o += k;
			i += k;
		}
		chars++;
	}
	if (i < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	if (quote)
		buf[o++] = '\'';
	buf[o] = '\0';
	handoff_buf_dispose(&json);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* ---- evaluated-property bit sets */

static int marks_alloc(struct vctx *c, size_t bits, size_t *off)
{
	size_t bytes = (bits + 7) / 8;

	if (bytes == 0)
		bytes = 1;
	if (c->nmarks + bytes > c->amarks) {
		size_t cap = c->amarks ? c->amarks : 256;
		unsigned char *p;

		while (cap < c->nmarks + bytes)
			cap *= 2;
		if (!(p = realloc(c->marks, cap)))
			return handoff__error_oom();
		c->marks = p;
		c->amarks = cap;
	}
	memset(c->marks + c->nmarks, 0, bytes);
	*off = c->nmarks;
	c->nmarks += bytes;
	return 0;
}

static void mark(struct vctx *c, size_t off, size_t i)
{
	if (off != NO_MARKS)
		c->marks[off + i / 8] |= (unsigned char)(1u << (i % 8));
}

static int marked(const struct vctx *c, size_t off, size_t i)
{
	return (c->marks[off + i / 8] >> (i % 8)) & 1;
}

/*
 * Apply `s` in place to `in`; when `marks` is wanted, the properties it
 * evaluated are added to them if (and only if) it passes.
 */
static int apply(struct vctx *c, const struct sch *s, const struct node *in,
	size_t marks)
{
	size_t saved = c->nmarks, tmp, i;
	int r;

	if (marks == NO_MARKS || in->type != NODE_MAP)
		return eval(c, s, in, NO_MARKS);
	if (marks_alloc(c, in->n, &tmp) < 0)
		return HANDOFF_ERROR;
	r = eval(c, s, in, tmp);
	if (r == 0)
		for (i = 0; i < (in->n + 7) / 8; i++)
			c->marks[marks + i] |= c->marks[tmp + i];
	c->nmarks = saved;
	return r;
}

/*
 * A `then` or `else`: a rule that holds only in some records. Its
 * description, when it has one, says why with each problem it finds
 * ("required property signed is missing: a pre-close handoff is
 * accepted once signed"), where the bare problem would puzzle.
 */
static int apply_explained(struct vctx *c, const struct sch *s,
	const struct node *in, size_t marks)
{
	size_t from = c->out ? c->out->n : 0, i;
	int r = apply(c, s, in, marks);

	for (i = from; r > 0 && s->description && c->out && i < c->out->n; i++) {
		char *m = handoff__asprintf("%s: %s", c->out->v[i].message, s->description);

		if (!m)
			return HANDOFF_ERROR;
		free(c->out->v[i].message);
		c->out->v[i].message = m;
	}
	return r;
}

/* Apply `s` quietly: 0 it passes, 1 it does not, <0 error. */
static int try_quietly(struct vctx *c, const struct sch *s,
	const struct node *in, size_t marks)
{
	struct diag_list *out = c->out;
	int r;

	c->out = NULL;
	r = apply(c, s, in, marks);
	c->out = out;
	return r;
}

/* ---- descending into the value */

/* Past MAX_PATH or MAX_CALLS: report once, fail closed. */
static int too_deep(struct vctx *c, const struct node *at, const char *what)
{
	c->hard_fail = 1;
	if (c->deep)
		return 1;
	c->deep = 1;
	return hard(c, at, "depth", "the %s nests too deeply to check", what);
}

/*
 * Count n units of work: 0 while within the budget, else 1 (the first
 * time also reported, at `at`). The budget running out ends every loop
 * and makes the whole value invalid.
 */
static int spend(struct vctx *c, const struct node *at, unsigned long n)
{
	if (c->over)
		return 1;
	if (n <= c->budget - c->spent) {
		c->spent += n;
		return 0;
	}
	c->over = 1;
	return hard(c, at, "schema-budget",
		"checking against the schema '%s' took more than %lu steps and was stopped here, so the record cannot be valid (does the schema apply a $ref many times? see git handoff schema check)",
		c->schema_path ? c->schema_path : "", c->budget) < 0 ?
		HANDOFF_ERROR : 1;
}

/* a * b, or the most there is */
static unsigned long units(size_t a, size_t b)
{
	if (a && b > (unsigned long)-1 / a)
		return (unsigned long)-1;
	return (unsigned long)(a * b);
}

static int descend_key(struct vctx *c, const struct sch *s,
	const struct node *key, const struct node *value)
{
	int r;

	if (c->depth == MAX_PATH)
		return too_deep(c, value, "value");
	c->path[c->depth].key = key;
	c->path[c->depth++].index = 0;
	r = eval(c, s, value, NO_MARKS);
	c->depth--;
	return r;
}

static int descend_index(struct vctx *c, const struct sch *s,
	const struct node *in, size_t i, int quiet)
{
	struct diag_list *out = c->out;
	int r;

	if (c->depth == MAX_PATH)
		return too_deep(c, in->items[i], "value");
	c->path[c->depth].key = NULL;
	c->path[c->depth++].index = i;
	if (quiet)
		c->out = NULL;
	r = eval(c, s, in->items[i], NO_MARKS);
	c->out = out;
	c->depth--;
	return r;
}

/* A false subschema where a value should be: "is not allowed". */
static int not_allowed(struct vctx *c, const struct node *key,
	const char *code)
{
	char *k = c->show1;
	struct node name = *key;

	if (!c->out)
		return 1;
	name.type = NODE_STRING;
	show(k, SHOW_SIZE, &name);
	return fail_at(c, key, code, key, "property %s is not allowed", k);
}

/* ---- keywords, by the type of value they look at */

static unsigned int type_of(const struct node *n)
{
	switch (n->type) {
	case NODE_NULL: return SCH_T_NULL;
	case NODE_BOOL: return SCH_T_BOOLEAN;
	case NODE_STRING: return SCH_T_STRING;
	case NODE_MAP: return SCH_T_OBJECT;
	case NODE_SEQ: return SCH_T_ARRAY;
	case NODE_INT:
	case NODE_FLOAT:
		if (isfinite(n->num) && n->num == floor(n->num))
			return SCH_T_NUMBER | SCH_T_INTEGER;
		return SCH_T_NUMBER;
	}
	return 0;
}

static int check_type(struct vctx *c, const struct sch *s,
	const struct node *in)
{
	const struct node *t = s->type_node;
	handoff_buf want = HANDOFF_BUF_INIT;
	size_t i;
	int err = 0;

	if (!s->types || (s->types & type_of(in)))
		return 0;
	if (!c->out)
		return 1;
	/* the names in the schema's order: "expected string or null" */
	if (t->type == NODE_STRING)
		err = handoff__buf_puts(&want, t->str);
	for (i = 0; !err && t->type == NODE_SEQ && i < t->n; i++) {
		if (i)
			err = handoff__buf_puts(&want, i + 1 == t->n ? " or " : ", ");
		if (!err)
			err = handoff__buf_puts(&want, t->items[i]->str);
	}
	if (!err)
		err = fail(c, in, "type", "expected %s, got %s", want.ptr,
			handoff__node_type_name(in->type));
	handoff_buf_dispose(&want);
	return err;
}

static int check_enum(struct vctx *c, const struct sch *s,
	const struct node *in)
{
	handoff_buf list = HANDOFF_BUF_INIT;
	char *v = c->show1;
	size_t i;
	int err = 0;

	if (s->enum_values) {
		const struct node *e = s->enum_values;

		if ((err = spend(c, in, e->n)) != 0)
			return err;
		for (i = 0; i < e->n; i++)
			if (handoff__node_equal(e->items[i], in))
				break;
		if (i == e->n) {
			if (!c->out)
				return 1;
			for (i = 0; !err && i < e->n && i < 20; i++) {
				const struct node *it = e->items[i];

				if (i)
					err = handoff__buf_puts(&list, ", ");
				if (err)
					break;
				if (it->type == NODE_STRING) {
					err = handoff__buf_put(&list, it->str, it->len);
				} else {
					show(v, SHOW_SIZE, it);
					err = handoff__buf_puts(&list, v);
				}
			}
			if (!err && e->n > 20)
				err = handoff__buf_puts(&list, ", ...");
			show(v, SHOW_SIZE, in);
			if (!err)
				err = fail(c, in, "enum", e->n ? "%s is not one of: %s" :
					"%s is not allowed: the list of allowed values is empty%s",
					v, list.ptr ? list.ptr : "");
			handoff_buf_dispose(&list);
			if (err < 0)
				return err;
		}
	}
	if (s->const_value && !handoff__node_equal(s->const_value, in)) {
		char *w = c->show2;

		if (!c->out)
			return 1;
		show(w, SHOW_SIZE, s->const_value);
		show(v, SHOW_SIZE, in);
		return fail(c, in, "const", "expected %s, got %s", w, v);
	}
	return err;
}

static int is_multiple(double x, double d)
{
	double q, r;

	if (x == 0)
		return 1;
	if (x == floor(x) && d == floor(d) && fabs(x) < 9007199254740992.0)
		return fmod(x, d) == 0;
	q = x / d;
	if (!isfinite(q))
		return 0;
	r = floor(q + 0.5);
	/* a few units in the last place of slack for decimals such as 0.0001 */
	return fabs(q - r) <= 8 * DBL_EPSILON * fabs(q);
}

static int check_number(struct vctx *c, const struct sch *s,
	const struct node *in)
{
	double x = in->num;
	int bad = 0, r;

	if (s->minimum && !(x >= s->minimum->num)) {
		if ((r = fail(c, in, "minimum", "must be at least %s",
		    s->minimum->str)) < 0 || !c->out)
			return r;
		bad = 1;
	}
	if (s->maximum && !(x <= s->maximum->num)) {
		if ((r = fail(c, in, "maximum", "must be at most %s",
		    s->maximum->str)) < 0 || !c->out)
			return r;
		bad = 1;
	}
	if (s->exclusive_minimum && !(x > s->exclusive_minimum->num)) {
		if ((r = fail(c, in, "exclusiveMinimum", "must be greater than %s",
		    s->exclusive_minimum->str)) < 0 || !c->out)
			return r;
		bad = 1;
	}
	if (s->exclusive_maximum && !(x < s->exclusive_maximum->num)) {
		if ((r = fail(c, in, "exclusiveMaximum", "must be less than %s",
		    s->exclusive_maximum->str)) < 0 || !c->out)
			return r;
		bad = 1;
	}
	if (s->multiple_of && !is_multiple(x, s->multiple_of->num)) {
		if ((r = fail(c, in, "multipleOf", "must be a multiple of %s",
		    s->multiple_of->str)) < 0 || !c->out)
			return r;
		bad = 1;
	}
	return bad;
}

/*
 * A pattern search: *matched is 1 or 0, or -1 when the pattern hit its
 * limits, which is reported here (and makes the whole value invalid).
 */
static int search(struct vctx *c, const struct regex *re, const char *str,
	size_t len, const struct node *at, const struct node *where, int *matched)
{
	int r = c->utf8_valid ? handoff__regex_search_valid(re, str, len) :
		handoff__regex_search(re, str, len);

	*matched = r == 1;
	if (r == HANDOFF_EINVALID) {
		*matched = -1;
		/* where: the pattern in the schema, so that both ends are named */
		return hard(c, at, "pattern-limit", where ? "%s (schema line %u:%u)" : "%s",
			handoff_error_last()->message, where ? where->line : 0,
			where ? where->col : 0) < 0 ? HANDOFF_ERROR : 0;
	}
	return r < 0 ? r : 0;
}

static int check_string(struct vctx *c, const struct sch *s,
	const struct node *in)
{
	char *v = c->show1;
	int bad = 0, r, m;

	/* counting, searching and parsing a string take time by its length */
	if ((s->has & (SCH_MIN_LENGTH | SCH_MAX_LENGTH) || s->pattern ||
	    s->format) && (r = spend(c, in, in->len / 32)) != 0)
		return r;
	if (s->has & (SCH_MIN_LENGTH | SCH_MAX_LENGTH)) {
		/* never more code points than bytes: count only what decides */
		size_t enough = (s->has & SCH_MAX_LENGTH) && in->len > s->max_length ?
			in->len : (s->has & SCH_MIN_LENGTH) ? s->min_length : 0;
		size_t n = handoff__utf8_count_upto(in->str, in->len, enough);

		if ((s->has & SCH_MIN_LENGTH) && n < s->min_length) {
			if ((r = fail(c, in, "minLength", "must be at least %zu %s long",
			    s->min_length, plural(s->min_length, "character",
			    "characters"))) < 0 || !c->out)
				return r;
			bad = 1;
		}
		if ((s->has & SCH_MAX_LENGTH) && n > s->max_length) {
			if ((r = fail(c, in, "maxLength", "must be at most %zu %s long",
			    s->max_length, plural(s->max_length, "character",
			    "characters"))) < 0 || !c->out)
				return r;
			bad = 1;
		}
	}
	if (s->pattern) {
		if ((r = search(c, s->pattern, in->str, in->len, in,
		    handoff__node_get(s->node, "pattern"), &m)) < 0)
			return r;
		if (m < 0) {
			if (!c->out)
				return 1;
			bad = 1;
		} else if (!m) {
			if (!c->out)
				return 1;
			show(v, SHOW_SIZE, in);
			if ((r = fail(c, in, "pattern", "%s does not match pattern '%s'",
			    v, handoff__regex_pattern(s->pattern))) < 0)
				return r;
			bad = 1;
		}
	}
	if (s->format && !handoff__format_check(s->format, in->str, in->len)) {
		if (!c->out)
			return 1;
		show(v, SHOW_SIZE, in);
		if ((r = fail(c, in, "format", "%s is not a valid %s", v,
		    !strcmp(s->format, "email") ? "email address" :
		    !strcmp(s->format, "uri") ? "URI" : s->format)) < 0)
			return r;
		bad = 1;
	}
	return bad;
}

/* ---- uniqueItems: a hash consistent with node_equal, for long arrays */

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static uint64_t hash_node(const struct node *n)
{
	uint64_t h;
	size_t i;

	switch (n->type) {
	case NODE_NULL:
		return 1;
	case NODE_BOOL:
		return 2 + (uint64_t)(n->boolean != 0);
	case NODE_INT:
	case NODE_FLOAT: {
		double d = n->num == 0 ? 0 : n->num;	/* -0 == 0 */
		uint64_t bits;

		memcpy(&bits, &d, sizeof(bits));
		return mix(bits ^ 4);
	}
	case NODE_STRING:
		return mix(handoff__fnv1a(HANDOFF_FNV_BASIS, n->str, n->len) ^ 5);
	case NODE_SEQ:
		h = 6;
		for (i = 0; i < n->n; i++)
			h = mix(h * 31 + hash_node(n->items[i]));
		return h;
	case NODE_MAP:
		/* order does not count: a sum of the pairs */
		h = 7;
		for (i = 0; i < n->n; i++)
			h += mix(handoff__fnv1a(HANDOFF_FNV_BASIS, n->pairs[i].key->str,
				n->pairs[i].key->len) ^ (hash_node(n->pairs[i].value) * 3));
		return mix(h);
	}
	return 0;
}

struct hashed {
	uint64_t h;
	size_t i;
};

static int by_hash(const void *a, const void *b)
{
	const struct hashed *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The first pair of equal items (i < j), or 0 when they are all unique. */
static int find_duplicate(const struct node *in, size_t *di, size_t *dj)
{
	struct hashed *v;
	size_t i, j, best_j = (size_t)-1;

	if (in->n <= 64) {
		for (j = 1; j < in->n; j++)
			for (i = 0; i < j; i++)
				if (handoff__node_equal(in->items[i], in->items[j])) {
					*di = i;
					*dj = j;
					return 1;
				}
		return 0;
	}
	if (!(v = malloc(in->n * sizeof(*v))))
		return handoff__error_oom();
	for (i = 0; i < in->n; i++) {
		v[i].h = hash_node(in->items[i]);
		v[i].i = i;
	}
	qsort(v, in->n, sizeof(*v), by_hash);
	for (i = 0; i < in->n; i++)
		for (j = i + 1; j < in->n && v[j].h == v[i].h; j++)
			if (v[j].i < best_j &&
			    handoff__node_equal(in->items[v[i].i], in->items[v[j].i])) {
				best_j = v[j].i;
				*di = v[i].i;
				*dj = v[j].i;
			}
	free(v);
	return best_j != (size_t)-1;
}

/*
 * One check inside a check_* function (which has `int bad, r`): an error
 * returns at once, and so does a failure while trying quietly, because
 * then nobody wants to hear about the rest.
 */
#define STEP(expr) do { \
		if ((r = (expr)) < 0) \
			return r; \
		if (r) { \
			if (!c->out || c->over) \
				return 1; \
			bad = 1; \
		} \
	} while (0)

static int check_array(struct vctx *c, const struct sch *s,
	const struct node *in)
{
	size_t i, n = in->n;
	int bad = 0, r;

	for (i = 0; i < n && i < s->nprefix_items; i++)
		STEP(descend_index(c, s->prefix_items[i], in, i, 0));
	if (s->items && n > s->nprefix_items) {
		if (s->items->is_false)
			STEP(fail(c, in, "items", "must have at most %zu %s",
				s->nprefix_items, plural(s->nprefix_items, "item", "items")));
		else
			for (i = s->nprefix_items; i < n; i++)
				STEP(descend_index(c, s->items, in, i, 0));
	}
	if (s->contains) {
		size_t found = 0;
		size_t min = (s->has & SCH_MIN_CONTAINS) ? s->min_contains : 1;
		int has_max = (s->has & SCH_MAX_CONTAINS) != 0;

		for (i = 0; i < n; i++) {
			if ((r = descend_index(c, s->contains, in, i, 1)) < 0)
				return r;
			found += r == 0;
			if (found >= min && (!has_max || found > s->max_contains))
				break;
		}
		if (found < min)
			STEP(fail(c, in, (s->has & SCH_MIN_CONTAINS) ? "minContains" :
				"contains", "must contain at least %zu %s matching the schema in 'contains'",
				min, plural(min, "item", "items")));
		if (has_max && found > s->max_contains)
			STEP(fail(c, in, "maxContains",
				"must contain at most %zu %s matching the schema in 'contains'",
				s->max_contains, plural(s->max_contains, "item", "items")));
	}
	if ((s->has & SCH_MIN_ITEMS) && n < s->min_items)
		STEP(fail(c, in, "minItems", "must have at least %zu %s",
			s->min_items, plural(s->min_items, "item", "items")));
	if ((s->has & SCH_MAX_ITEMS) && n > s->max_items)
		STEP(fail(c, in, "maxItems", "must have at most %zu %s",
			s->max_items, plural(s->max_items, "item", "items")));
	if (s->has & SCH_UNIQUE) {
		size_t a = 0, b = 0;

		if ((r = spend(c, in, in->n)) != 0)
			return r;
		if ((r = find_duplicate(in, &a, &b)) < 0)
			return r;
		if (r)
			STEP(fail(c, in, "uniqueItems",
				"items %zu and %zu are equal; items must be unique", a, b));
	}
	return bad;
}

static const struct node_pair *find_pair(const struct node *map,
	const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->len == len &&
		    !memcmp(map->pairs[i].key->str, name, len))
			return &map->pairs[i];
	return NULL;
}

static int check_object(struct vctx *c, const struct sch *s,
	const struct node *in, size_t marks)
{
	char *k = c->show1, *w = c->show2;
	size_t i, j;
	int bad = 0, r, m;

	if (s->required) {
		const struct node *req = s->required;

		/* each name is looked for among all of the value's */
		if ((r = spend(c, in, units(req->n, in->n))) != 0)
			return r;
		for (i = 0; i < req->n; i++) {
			const struct node *name = req->items[i];

			if (find_pair(in, name->str, name->len))
				continue;
			if (!c->out)
				return 1;
			show(k, SHOW_SIZE, name);
			STEP(fail_at(c, in, "required", name,
				"required property %s is missing", k));
		}
	}
	for (i = 0; i < in->n; i++) {
		const struct node *key = in->pairs[i].key;
		const struct node *value = in->pairs[i].value;
		int matched = 0;

		for (j = 0; j < s->nprops; j++) {
			const struct node *name = s->props[j].name;

			if (name->len != key->len ||
			    memcmp(name->str, key->str, key->len))
				continue;
			matched = 1;
			mark(c, marks, i);
			if (s->props[j].schema->is_false)
				STEP(not_allowed(c, key, "properties"));
			else
				STEP(descend_key(c, s->props[j].schema, key, value));
			break;
		}
		if ((r = spend(c, key, j + 1 + s->npattern_props)) != 0)
			return r;
		for (j = 0; j < s->npattern_props; j++) {
			const struct sch_pattern_prop *pp = &s->pattern_props[j];

			if ((r = search(c, pp->re, key->str, key->len, key, NULL, &m)) < 0)
				return r;
			if (!m)
				continue;
			matched = 1;	/* a limit hit is not "additional" too */
			mark(c, marks, i);
			if (m < 0)
				STEP(1);
			else if (pp->schema->is_false)
				STEP(not_allowed(c, key, "patternProperties"));
			else
				STEP(descend_key(c, pp->schema, key, value));
		}
		if (!matched && s->additional) {
			mark(c, marks, i);
			if (s->additional->is_false)
				STEP(not_allowed(c, key, "additionalProperties"));
			else
				STEP(descend_key(c, s->additional, key, value));
		}
		if (s->property_names) {
			struct node name = *key;

			/* a name is a string, whatever YAML made of `2026:` */
			name.type = NODE_STRING;
			if ((r = try_quietly(c, s->property_names, &name, NO_MARKS)) < 0)
				return r;
			if (r) {
				if (!c->out)
					return 1;
				show(k, SHOW_SIZE, &name);
				STEP(fail_at(c, key, "propertyNames", key,
					"property name %s does not match the schema in 'propertyNames'",
					k));
			}
		}
	}
	for (i = 0; i < s->ndependents; i++) {
		const struct sch_dependent *d = &s->dependents[i];

		if ((r = spend(c, in, units(d->required->n + 1, in->n))) != 0)
			return r;
		if (!find_pair(in, d->name->str, d->name->len))
			continue;
		for (j = 0; j < d->required->n; j++) {
			const struct node *name = d->required->items[j];
			struct node dn = *d->name;

			if (find_pair(in, name->str, name->len))
				continue;
			if (!c->out)
				return 1;
			dn.type = NODE_STRING;
			show(k, SHOW_SIZE, name);
			show(w, SHOW_SIZE, &dn);
			STEP(fail_at(c, in, "dependentRequired", name,
				"property %s is required when %s is present", k, w));
		}
	}
	if ((s->has & SCH_MIN_PROPERTIES) && in->n < s->min_properties)
		STEP(fail(c, in, "minProperties", "must have at least %zu %s",
			s->min_properties, plural(s->min_properties, "property",
			"properties")));
	if ((s->has & SCH_MAX_PROPERTIES) && in->n > s->max_properties)
		STEP(fail(c, in, "maxProperties", "must have at most %zu %s",
			s->max_properties, plural(s->max_properties, "property",
			"properties")));
	return bad;
}

static int check_applicators(struct vctx *c, const struct sch *s,
	const struct node *in, size_t marks)
{
	size_t i, valid, first = 0, second = 0;
	int bad = 0, r;

	if (s->ref)
		STEP(apply(c, s->ref, in, marks));
	for (i = 0; i < s->nall_of; i++)
		STEP(apply(c, s->all_of[i], in, marks));
	if (s->nany_of) {
		for (i = 0, valid = 0; i < s->nany_of; i++) {
			if ((r = try_quietly(c, s->any_of[i], in, marks)) < 0)
				return r;
			valid += r == 0;
			if (valid && marks == NO_MARKS)
				break;	/* nobody needs the others' annotations */
		}
		if (!valid)
			STEP(fail(c, in, "anyOf",
				"does not match any of the %zu alternatives of anyOf",
				s->nany_of));
	}
	if (s->none_of) {
		for (i = 0, valid = 0; i < s->none_of && valid < 2; i++) {
			if ((r = try_quietly(c, s->one_of[i], in, marks)) < 0)
				return r;
			if (r == 0) {
				if (valid++ == 0)
					first = i;
				else
					second = i;
			}
		}
		if (!valid)
			STEP(fail(c, in, "oneOf",
				"does not match any of the %zu alternatives of oneOf",
				s->none_of));
		else if (valid > 1)
			STEP(fail(c, in, "oneOf",
				"matches alternatives %zu and %zu of oneOf, but must match exactly one",
				first + 1, second + 1));
	}
	if (s->not_schema) {
		if ((r = try_quietly(c, s->not_schema, in, NO_MARKS)) < 0)
			return r;
		if (r == 0)
			STEP(fail(c, in, "not", "must not match the schema in 'not'"));
	}
	if (s->if_schema &&
	    (s->then_schema || s->else_schema || marks != NO_MARKS)) {
		if ((r = try_quietly(c, s->if_schema, in, marks)) < 0)
			return r;
		if (r == 0 && s->then_schema)
			STEP(apply_explained(c, s->then_schema, in, marks));
		else if (r != 0 && s->else_schema)
			STEP(apply_explained(c, s->else_schema, in, marks));
	}
	return bad;
}

static int check_unevaluated(struct vctx *c, const struct sch *s,
	const struct node *in, size_t marks)
{
	size_t i;
	int bad = 0, r;

	for (i = 0; i < in->n; i++) {
		const struct node *key = in->pairs[i].key;

		if (marked(c, marks, i))
			continue;
		mark(c, marks, i);
		if (s->unevaluated->is_false)
			STEP(not_allowed(c, key, "unevaluatedProperties"));
		else
			STEP(descend_key(c, s->unevaluated, key, in->pairs[i].value));
	}
	return bad;
}

/* STEP for eval(), which has bit sets to give back on the way out */
#define EVAL_STEP(expr) do { \
		if ((r = (expr)) < 0) \
			goto done; \
		if (r) { \
			bad = 1; \
			if (!c->out || c->over) \
				goto done; \
		} \
	} while (0)

static int eval(struct vctx *c, const struct sch *s, const struct node *in,
	size_t marks)
{
	size_t saved = c->nmarks;
	unsigned int t;
	int bad = 0, r = 0;

	if (s->is_false)
		return fail(c, in, "false", "no value is allowed here");
	if (c->calls >= MAX_CALLS)
		return too_deep(c, in, "schema");
	if ((r = spend(c, in, 1)) != 0)
		return r;
	c->calls++;
	if (in->type != NODE_MAP)
		marks = NO_MARKS;
	else if (s->tracks && marks == NO_MARKS &&
	    (r = marks_alloc(c, in->n, &marks)) < 0)
		goto done;

	EVAL_STEP(check_type(c, s, in));
	EVAL_STEP(check_enum(c, s, in));
	t = type_of(in);
	if (t & SCH_T_NUMBER)
		EVAL_STEP(check_number(c, s, in));
	else if (t & SCH_T_STRING)
		EVAL_STEP(check_string(c, s, in));
	else if (t & SCH_T_ARRAY)
		EVAL_STEP(check_array(c, s, in));
	else if (t & SCH_T_OBJECT)
		EVAL_STEP(check_object(c, s, in, marks));
	EVAL_STEP(check_applicators(c, s, in, marks));
	if (s->unevaluated && marks != NO_MARKS)
		EVAL_STEP(check_unevaluated(c, s, in, marks));
	r = 0;
done:
	c->calls--;
	c->nmarks = saved;
	return r < 0 ? r : bad;
}

static int validate(const struct schema *s, const struct node *instance,
	unsigned long budget, unsigned long *spent, int utf8_valid,
	struct diag_list *diags)
{
	static const struct node empty = { NODE_MAP, 0, 0, 0, NULL, 0, 0, 0, 0,
		NULL, NULL, 0 };
	struct vctx c;
	int r;

	c.out = diags;
	c.top = diags;
	c.depth = 0;
	c.calls = 0;
	c.spent = 0;
	c.budget = budget;
	c.schema_path = s->path;
	c.over = 0;
	c.hard_fail = 0;
	c.deep = 0;
	c.utf8_valid = utf8_valid;
	c.marks = NULL;
	c.nmarks = c.amarks = 0;
	r = eval(&c, s->root, instance ? instance : &empty, NO_MARKS);
	free(c.marks);
	if (spent)
		*spent = c.spent;
	if (r < 0)
		return r;
	return r || c.hard_fail ? 1 : 0;
}

int handoff__schema_validate_counted(const struct schema *s,
	const struct node *instance, unsigned long budget, unsigned long *spent,
	struct diag_list *diags)
{
	return validate(s, instance, budget, spent, 0, diags);
}

int handoff__schema_validate(const struct schema *s, const struct node *instance,
	struct diag_list *diags)
{
	return validate(s, instance, SCHEMA_BUDGET, NULL, 0, diags);
}

int handoff__schema_validate_utf8(const struct schema *s, const struct node *instance,
	struct diag_list *diags)
{
	return validate(s, instance, SCHEMA_BUDGET, NULL, 1, diags);
}

/*
 * YAML text to node tree, on libyaml's event parser.
 *
 * libyaml 0.2.5 accepts duplicate keys, expands nothing but happily links
 * aliases into cycles, has no nesting limit and reports reader errors by
 * byte offset only (RELIABILITY.md 1). So this loader builds its own
 * tree from events, with a depth, node and scalar budget checked as the
 * events arrive, rejects aliases and duplicate keys, turns every error
 * into a file line and column, and types scalars itself by the YAML 1.2
 * core schema.
 */
#include <math.h>
#include <stdint.h>
#include <yaml.h>

#include "node.h"
#include "utf8.h"
#include "yaml_heap.h"

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	/* C99 has no max_align_t; a double keeps the data aligned for nodes */
	double data[];
};

#define ARENA_BLOCK 16384	/* the size of every block but an outsize one */
#define ARENA_SPARE 8		/* blocks a thread keeps for its next documents */

/*
 * This thread's blocks of freed documents, for the next: a document after
 * a document takes no new block, and a large request to malloc (which
 * first merges all of its small free chunks) is made once per thread, not
 * once per block of every record. Given back by handoff__doc_thread_release().
 */
static __thread struct arena_block *spare;
static __thread size_t nspare;

void handoff__doc_thread_release(void)
{
	struct arena_block *b;

	handoff__yaml_heap_release();	/* libyaml's block, kept alike */
	while ((b = spare)) {
		spare = b->next;
		free(b);
	}
	nspare = 0;
}

struct doc *handoff__doc_new(void)
{
	struct doc *d = calloc(1, sizeof(*d));

	if (!d)
		handoff__error_oom();
	return d;
}

void *handoff__doc_alloc(struct doc *d, size_t size)
{
	struct arena_block *b = d->blocks;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (!b || b->size - b->used < size) {
		size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;

		if (cap == ARENA_BLOCK && spare) {
			b = spare;
			spare = b->next;
			nspare--;
		} else if (!(b = malloc(sizeof(*b) + cap))) {
			handoff__error_oom();
			return NULL;
		}
		b->size = cap;
		b->used = 0;
		b->next = d->blocks;
		d->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

struct doc *handoff__doc_ref(struct doc *d)
{
	__atomic_add_fetch(&d->refs, 1, __ATOMIC_RELAXED);
	return d;
}

void handoff__doc_free(struct doc *d)
{
	struct arena_block *b, *next;
	size_t i;

	if (!d || __atomic_fetch_sub(&d->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (i = 0; i < d->nborrowed; i++)
		handoff__doc_free(d->borrowed[i]);
	for (b = d->blocks; b; b = next) {
		next = b->next;
		if (b->size == ARENA_BLOCK && nspare < ARENA_SPARE) {
			b->next = spare;
			spare = b;
			nspare++;
		} else {
			free(b);
		}
	}
	free(d);
}

/* One open collection while its events arrive. */
struct frame {
	struct node *node;
	struct node **kids;	/* maps: key, value, key, value, ... */
	size_t n, alloc;
};

struct loader {
	yaml_parser_t parser;
	const char *text;
	size_t len;
	unsigned int first_line;
	struct yaml_limits limits;
	struct diag_list *diags;
	struct doc *doc;
	struct frame *stack;
	size_t depth, stack_alloc;
	size_t nodes;
	int documents;
};

static int fail(struct loader *l, unsigned int line, unsigned int col,
	const char *code, const char *fmt, ...) PRINTF_LIKE(5, 6);

static int fail(struct loader *l, unsigned int line, unsigned int col,
	const char *code, const char *fmt, ...)
{
	va_list ap;

	int err;

	va_start(ap, fmt);
	err = handoff__diag_vadd(l->diags, HANDOFF_SEVERITY_ERROR, line, col,
		code, "", fmt, ap);
	va_end(ap);
	return err < 0 ? err : HANDOFF_EINVALID;	/* never invalid without a why */
}

static void mark_pos(const struct loader *l, const yaml_mark_t *m,
	unsigned int *line, unsigned int *col)
{
	*line = (unsigned int)m->line + l->first_line;
	*col = (unsigned int)m->column + 1;
}

static int parser_error(struct loader *l)
{
	yaml_parser_t *p = &l->parser;
	unsigned int line, col;

	if (p->error == YAML_MEMORY_ERROR)
		return handoff__error_oom();
	if (p->error == YAML_READER_ERROR) {
		/* reader errors carry only a byte offset */
		handoff__text_position(l->text, l->len, p->problem_offset, &line, &col);
		line += l->first_line - 1;
		if (p->problem_value != -1)
			return fail(l, line, col, "yaml", "%s (byte 0x%02x)",
				p->problem, (unsigned int)p->problem_value);
		return fail(l, line, col, "yaml", "%s", p->problem);
	}
	mark_pos(l, &p->problem_mark, &line, &col);
	if (p->context)
		return fail(l, line, col, "yaml", "%s %s", p->context,
			p->problem ? p->problem : "");
	return fail(l, line, col, "yaml", "%s",
		p->problem ? p->problem : "malformed YAML");
}

/* Regular expressions of the YAML 1.2 core schema, by hand. */
static int all_digits(const char *s, size_t n, int base)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (base == 8 && !(c >= '0' && c <= '7'))
			return 0;
		if (base == 10 && !(c >= '0' && c <= '9'))
			return 0;
		if (base == 16 && !((c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static int is_float(const char *s, size_t n)
{
	size_t i = 0, mant = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, mant++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, mant++;
	}
	if (mant == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (exp == 0)
			return 0;
	}
	return i == n;
}

static int one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (*s == **words && !strcmp(s, *words))
			return 1;
	return 0;
}

void handoff__yaml_resolve_plain(struct node *nd)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	static const char *const infs[] = { ".inf", ".Inf", ".INF", NULL };
	static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
	const char *s = nd->str;
	size_t n = nd->len, sign = (n && (s[0] == '-' || s[0] == '+'));
	int word;

	nd->type = NODE_STRING;
	/* every null, bool and number is short or starts like a number */
	if (n > 5 && !strchr("0123456789+-.", s[0]))
		return;
	if (strlen(s) != n)
		return;		/* a NUL inside: only a string can hold it */
	if (n && !strchr("~nNtTfF.+-0123456789", s[0]))
		return;		/* a word: only a string */
	/* null, true, .inf and the like: at most five bytes, not a digit first */
	word = n <= 5 && !(s[0] >= '0' && s[0] <= '9');
	if (word && one_of(s, nulls)) {
		nd->type = NODE_NULL;
	} else if (word && (one_of(s, trues) || one_of(s, falses))) {
		nd->type = NODE_BOOL;
		nd->boolean = one_of(s, trues);
	} else if (all_digits(s + sign, n - sign, 10)) {
		nd->type = NODE_INT;
		nd->num = strtod(s, NULL);
	} else if (n > 2 && s[0] == '0' && s[1] == 'o' && all_digits(s + 2, n - 2, 8)) {
		nd->type = NODE_INT;
		nd->num = (double)strtoull(s + 2, NULL, 8);
	} else if (n > 2 && s[0] == '0' && s[1] == 'x' && all_digits(s + 2, n - 2, 16)) {
		nd->type = NODE_INT;
		nd->num = (double)strtoull(s + 2, NULL, 16);
	} else if (is_float(s, n)) {
		nd->type = NODE_FLOAT;
		nd->num = strtod(s, NULL);
	} else if (word && one_of(s + sign, infs)) {
		nd->type = NODE_FLOAT;
		nd->num = s[0] == '-' ? -INFINITY : INFINITY;
	} else if (word && one_of(s, nans)) {
		nd->type = NODE_FLOAT;
		nd->num = NAN;
	}
}

#define YAML_TAG(t) "tag:yaml.org,2002:" t

/* An explicit tag: only the core ones, which must fit their text. */
static int apply_tag(struct loader *l, struct node *nd, const char *tag)
{
	enum node_type want;

	if (!strcmp(tag, "!") || !strcmp(tag, YAML_TAG("str"))) {
		nd->type = NODE_STRING;
		return 0;
	}
	if (!strcmp(tag, YAML_TAG("null")))
		want = NODE_NULL;
	else if (!strcmp(tag, YAML_TAG("bool")))
		want = NODE_BOOL;
	else if (!strcmp(tag, YAML_TAG("int")))
		want = NODE_INT;
	else if (!strcmp(tag, YAML_TAG("float")))
		want = NODE_FLOAT;
	else
		return fail(l, nd->line, nd->col, "yaml-tag",
			"tag '%s' is not supported", tag);
	handoff__yaml_resolve_plain(nd);
	if (nd->type == NODE_INT && want == NODE_FLOAT)
		nd->type = NODE_FLOAT;
	if (nd->type != want)
		return fail(l, nd->line, nd->col, "yaml-tag",
			"'%s' is not a valid %s", nd->str, tag + strlen(YAML_TAG("")));
	return 0;
}

static int push_kid(struct frame *f, struct node *kid)
{
	if (f->n == f->alloc) {
		size_t n = f->alloc ? f->alloc * 2 : 8;
		struct node **v = realloc(f->kids, n * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		f->kids = v;
		f->alloc = n;
	}
	f->kids[f->n++] = kid;
	return 0;
}

static int expecting_key(const struct loader *l)
{
	const struct frame *top;

	if (l->depth == 0)
		return 0;
	top = &l->stack[l->depth - 1];
	return top->node->type == NODE_MAP && top->n % 2 == 0;
}

static int attach(struct loader *l, struct node *nd)
{
	if (l->depth == 0) {
		l->doc->root = nd;
		return 0;
	}
	return push_kid(&l->stack[l->depth - 1], nd);
}

static struct node *new_node(struct loader *l, enum node_type t,
	const yaml_mark_t *m)
{
	struct node *nd;

	if (++l->nodes > l->limits.max_nodes) {
		unsigned int line, col;

		mark_pos(l, m, &line, &col);
		fail(l, line, col, "too-many-nodes",
			"more than %zu YAML nodes", l->limits.max_nodes);
		return NULL;
	}
	if (!(nd = handoff__doc_alloc(l->doc, sizeof(*nd))))
		return NULL;
	nd->type = t;
	mark_pos(l, m, &nd->line, &nd->col);
	return nd;
}

static int on_scalar(struct loader *l, yaml_event_t *ev)
{
	struct node *nd;
	char *text;
	size_t len = ev->data.scalar.length;
	int key = expecting_key(l);

	if (!(nd = new_node(l, NODE_STRING, &ev->start_mark)))
		return l->nodes > l->limits.max_nodes ? HANDOFF_EINVALID : HANDOFF_ERROR;
	if (len > l->limits.max_scalar)
		return fail(l, nd->line, nd->col, "too-large",
			"scalar of %zu bytes is over the %zu byte limit", len,
			l->limits.max_scalar);
	if (!(text = handoff__doc_alloc(l->doc, len + 1)))
		return HANDOFF_ERROR;
	memcpy(text, ev->data.scalar.value, len);
	nd->str = text;
	nd->len = len;
	if (ev->data.scalar.tag) {
		int err = apply_tag(l, nd, (const char *)ev->data.scalar.tag);

		if (err)
			return err;
	} else if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if (key && !strcmp(text, "<<"))
			return fail(l, nd->line, nd->col, "yaml-merge",
				"merge keys ('<<') are not supported");
		handoff__yaml_resolve_plain(nd);
	} else {
		nd->flags |= NODE_QUOTED;
	}
	return attach(l, nd);
}

static int on_start(struct loader *l, yaml_event_t *ev, enum node_type t)
{
	const char *tag = (const char *)(t == NODE_MAP ?
		ev->data.mapping_start.tag : ev->data.sequence_start.tag);
	struct node *nd;
	struct frame *f;

	if (!(nd = new_node(l, t, &ev->start_mark)))
		return l->nodes > l->limits.max_nodes ? HANDOFF_EINVALID : HANDOFF_ERROR;
	if (tag && strcmp(tag, "!") &&
	    strcmp(tag, t == NODE_MAP ? YAML_TAG("map") : YAML_TAG("seq")))
		return fail(l, nd->line, nd->col, "yaml-tag",
			"tag '%s' is not supported", tag);
	if (expecting_key(l))
		return fail(l, nd->line, nd->col, "yaml-complex-key",
			"a %s as a mapping key is not supported",
			t == NODE_MAP ? "mapping" : "sequence");
	if (l->depth >= l->limits.max_depth)
		return fail(l, nd->line, nd->col, "depth",
			"nesting deeper than %u levels", l->limits.max_depth);
	if (l->depth == l->stack_alloc) {
		size_t n = l->stack_alloc ? l->stack_alloc * 2 : 16;
		struct frame *v = realloc(l->stack, n * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		memset(v + l->stack_alloc, 0, (n - l->stack_alloc) * sizeof(*v));
		l->stack = v;
		l->stack_alloc = n;
	}
	/* a frame keeps its room for kids from one collection to the next */
	f = &l->stack[l->depth++];
	f->node = nd;
	f->n = 0;
	return 0;
}

static int key_cmp(const struct node *a, const struct node *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->str, b->str, n);

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int earlier(const struct node *a, const struct node *b)
{
	return a->line != b->line ? a->line < b->line : a->col < b->col;
}

static int by_key(const void *x, const void *y)
{
	const struct node_pair *a = x, *b = y;
	int c = key_cmp(a->key, b->key);

	/* equal keys: file order, so the first one is reported as first */
	return c ? c : earlier(a->key, b->key) ? -1 : earlier(b->key, a->key);
}

/*
 * The first key, in file order, that repeats an earlier one (*dup, or
 * NULL) and that earlier one (*first). A small mapping is compared pair
 * by pair; a larger one sorted, where equal keys stay in file order.
 */
static int repeated_key(const struct node *map, const struct node **first,
	const struct node **dup)
{
	struct node_pair *sorted;
	size_t i, j;

	*dup = NULL;
	if (map->n <= 16) {
		for (j = 1; j < map->n && !*dup; j++)
			for (i = 0; i < j && !*dup; i++)
				if (key_cmp(map->pairs[i].key, map->pairs[j].key) == 0) {
					*first = map->pairs[i].key;
					*dup = map->pairs[j].key;
				}
		return 0;
	}
	if (!(sorted = malloc(map->n * sizeof(*sorted))))
		return handoff__error_oom();
	memcpy(sorted, map->pairs, map->n * sizeof(*sorted));
	qsort(sorted, map->n, sizeof(*sorted), by_key);
	for (i = 1; i < map->n; i++) {
		const struct node *a = sorted[i - 1].key, *b = sorted[i].key;

		if (key_cmp(a, b) != 0 || (i > 1 && key_cmp(sorted[i - 2].key, a) == 0))
			continue;	/* not the second of a run of equal keys */
		if (!*dup || earlier(b, *dup)) {
			*first = a;
			*dup = b;
		}
	}
	free(sorted);
	return 0;
}

static int check_duplicates(struct loader *l, const struct node *map)
{
	const struct node *first = NULL, *dup;
	int err = repeated_key(map, &first, &dup);

	if (err || !dup)
		return err;
	return fail(l, dup->line, dup->col, "duplicate-key",
		"duplicate key '%s' (first at line %u)", dup->str, first->line);
}

static int on_end(struct loader *l)
{
	struct frame *f = &l->stack[--l->depth];
	struct node *nd = f->node;
	size_t i;
	int err = 0;

	if (nd->type == NODE_SEQ) {
		nd->n = f->n;
		if (f->n && !(nd->items = handoff__doc_alloc(l->doc, f->n * sizeof(*nd->items))))
			err = HANDOFF_ERROR;
		else if (f->n)
			memcpy(nd->items, f->kids, f->n * sizeof(*nd->items));
	} else {
		nd->n = f->n / 2;
		if (nd->n && !(nd->pairs = handoff__doc_alloc(l->doc, nd->n * sizeof(*nd->pairs))))
			err = HANDOFF_ERROR;
		for (i = 0; !err && i < nd->n; i++) {
			nd->pairs[i].key = f->kids[2 * i];
			nd->pairs[i].value = f->kids[2 * i + 1];
		}
		if (!err)
			err = check_duplicates(l, nd);
	}
	return err ? err : attach(l, nd);
}

static int on_document_start(struct loader *l, yaml_event_t *ev)
{
	yaml_version_directive_t *v = ev->data.document_start.version_directive;
	unsigned int line, col;

	mark_pos(l, &ev->start_mark, &line, &col);
	if (++l->documents > 1)
		return fail(l, line, col, "yaml-documents",
			"expected 1 YAML document, found another");
	if (v && !(v->major == 1 && (v->minor == 1 || v->minor == 2)))
		return fail(l, line, col, "yaml-version",
			"YAML %d.%d is not supported", v->major, v->minor);
	if (v && v->minor == 1)
		handoff__diag_add(l->diags, HANDOFF_SEVERITY_WARNING, line, col,
			"yaml-version", "",
			"%%YAML 1.1: scalars are still typed by YAML 1.2 rules");
	return 0;
}

static int load_events(struct loader *l)
{
	yaml_event_t ev;
	int done = 0, err = 0;

	while (!done && !err) {
		unsigned int line, col;

		if (!yaml_parser_parse(&l->parser, &ev))
			return parser_error(l);
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			err = on_document_start(l, &ev);
			break;
		case YAML_SCALAR_EVENT:
			err = on_scalar(l, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			err = on_start(l, &ev, NODE_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			err = on_start(l, &ev, NODE_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			err = on_end(l);
			break;
		case YAML_ALIAS_EVENT:
			mark_pos(l, &ev.start_mark, &line, &col);
			err = fail(l, line, col, "alias",
				"aliases ('*%s') are not allowed",
				(const char *)ev.data.alias.anchor);
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	return err;
}

int handoff__yaml_load(struct doc **out, const char *text, size_t len,
	unsigned int first_line, const struct yaml_limits *limits,
	struct diag_list *diags)
{
	static const struct yaml_limits defaults = YAML_LIMITS_INIT;
	struct loader l;
	size_t i;
	int err;

	*out = NULL;
	/* libyaml would count a byte order mark as column 1 of line 1 */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		text += 3, len -= 3;
	memset(&l, 0, sizeof(l));
	l.text = text;
	l.len = len;
	l.first_line = first_line ? first_line : 1;
	l.limits = limits ? *limits : defaults;
	l.diags = diags;
	if (!(l.doc = handoff__doc_new()))
		return HANDOFF_ERROR;
	/* all that libyaml allocates from here is freed before the end */
	handoff__yaml_heap_begin();
	if (!yaml_parser_initialize(&l.parser)) {
		handoff__yaml_heap_end();
		handoff__doc_free(l.doc);
		return handoff__error_oom();
	}
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&l.parser, YAML_UTF8_ENCODING);
	err = load_events(&l);
	for (i = 0; i < l.stack_alloc; i++)
		free(l.stack[i].kids);
	free(l.stack);
	yaml_parser_delete(&l.parser);
	handoff__yaml_heap_end();
	if (err) {
		handoff__doc_free(l.doc);
		return err == HANDOFF_EINVALID ? HANDOFF_EINVALID : err;
	}
	*out = l.doc;
	return 0;
}

/*
 * Parse only the top-level blocks that changed (see yaml_reuse.h).
 */
#include <stdint.h>

#include "utf8.h"
#include "yaml_reuse.h"

/* Past this size a front matter is parsed whole and not remembered. */
#define YAML_REUSE_MAX (64 * 1024)

struct block {
	size_t off, len;	/* in the text it was split from */
	unsigned int line;	/* file line of its first line */
	uint64_t hash;		/* of its key */
	struct doc *doc;	/* where its pair lives (lines as parsed there): a reference */
	const struct node *key, *value;
	size_t nodes;		/* of the pair, plus one for a mapping */
};

struct blocks {
	struct block *v;
	size_t n, alloc;
};

struct yaml_reuse {
	struct blocks last;	/* of the last document, into text */
	char *text;
	size_t parsed, reused, edited;
};

struct yaml_reuse *handoff__yaml_reuse_new(void)
{
	struct yaml_reuse *r = calloc(1, sizeof(*r));

	if (!r)
		handoff__error_oom();
	return r;
}

static void blocks_release(struct blocks *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		handoff__doc_free(b->v[i].doc);
	free(b->v);
	memset(b, 0, sizeof(*b));
}

static void forget(struct yaml_reuse *r)
{
	blocks_release(&r->last);
	free(r->text);
	r->text = NULL;
}

void handoff__yaml_reuse_free(struct yaml_reuse *r)
{
	if (!r)
		return;
	forget(r);
	free(r);
}

void handoff__yaml_reuse_counts(const struct yaml_reuse *r, size_t *parsed,
	size_t *reused, size_t *edited)
{
	*parsed = r ? r->parsed : 0;
	*reused = r ? r->reused : 0;
	*edited = r ? r->edited : 0;
}

/*
 * A line at column 0 that opens a block: a plain key, then ':' and a
 * space or the end. The length of the key, or 0.
 */
static size_t key_line(const char *s, const char *end)
{
	const char *p = s;

	while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '_' || (p > s && (*p == '-' || *p == '.'))))
		p++;
	if (p == s || p == end || *p != ':')
		return 0;
	if (p + 1 == end || p[1] == ' ' || p[1] == '\n')
		return (size_t)(p - s);
	return 0;
}

/*
 * A line at column 0 that stays in the block above: indented, empty, a
 * comment, or an item of a sequence written at column 0.
 */
static int continues(const char *s, const char *end)
{
	if (s == end || *s == ' ' || *s == '#')
		return 1;
	return *s == '-' && (s + 1 == end || s[1] == ' ');
}

/*
 * A line break that libyaml counts and a split on '\n' would not: '\r',
 * NEL (U+0085), LS (U+2028), PS (U+2029).
 */
static int odd_break(const char *s, size_t len)
{
	static const unsigned char leads[] = { 0xc2, 0xe2 };	/* of NEL; of LS, PS */
	const char *p, *end = s + len;
	size_t k;

	if (memchr(s, '\r', len))
		return 1;
	for (k = 0; k < sizeof(leads); k++)
		for (p = s; (p = memchr(p, leads[k], (size_t)(end - p))) != NULL; p++)
			if (handoff__line_break(s, len, (size_t)(p - s)))
				return 1;
	return 0;
}

/*
 * The blocks of `text`, or 0 when it does not split: its first line opens
 * a block, and every other line opens one or continues the one above.
 */
static int split(struct blocks *out, const char *text, size_t len,
	unsigned int first_line)
{
	const char *p = text, *end = text + len;
	unsigned int line = first_line;
	struct block *b = NULL;
	size_t key;

	if (len == 0 || odd_break(text, len))
		return 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *next = eol ? eol + 1 : end;

		if (!continues(p, eol ? eol : end)) {
			if (!(key = key_line(p, eol ? eol : end)))
				return 0;
			if (handoff__array_grow((void **)&out->v, &out->alloc, out->n + 1,
			    sizeof(*out->v)) < 0)
				return -1;
			b = &out->v[out->n++];
			memset(b, 0, sizeof(*b));
			b->off = (size_t)(p - text);
			b->line = line;
			b->hash = handoff__fnv1a(HANDOFF_FNV_BASIS, p, key);
		} else if (!b) {
			return 0;
		}
		b->len = (size_t)(next - text) - b->off;
		p = next;
		line++;
	}
	return 1;
}

static size_t count_nodes(const struct node *n)
{
	size_t i, c = 1;

	if (n->type == NODE_MAP)
		for (i = 0; i < n->n; i++)
			c += count_nodes(n->pairs[i].key) + count_nodes(n->pairs[i].value);
	else if (n->type == NODE_SEQ)
		for (i = 0; i < n->n; i++)
			c += count_nodes(n->items[i]);
	return c;
}

/* Origins given so far, by every reuse: each node's own (node.h). */
static uint64_t origins;

/* `n` origins no other node has, the first of them. */
static uint64_t new_origins(size_t n)
{
	return __atomic_add_fetch(&origins, n, __ATOMIC_RELAXED) - n + 1;
}

/* Each node of `n` its own origin, from *next on. */
static void give_origins(struct node *n, uint64_t *next)
{
	size_t i;

	n->origin = (*next)++;
	for (i = 0; i < n->n; i++)
		give_origins(n->type == NODE_MAP ? n->pairs[i].value : n->items[i], next);
}

/*
 * Parse blocks `from` to `to` (excluded) of `text`, none remembered and
 * one after the other in it, in one document of their bytes at their own
 * lines: 1 when it is a mapping of one pair per block, each key at column
 * 1 of its block's first line, else 0.
 */
static int parse_run(struct blocks *nb, size_t from, size_t to, const char *text,
	const struct yaml_limits *limits)
{
	struct diag_list d = DIAG_LIST_INIT;
	const struct block *last = &nb->v[to - 1];
	struct doc *doc = NULL;
	const struct node *root;
	size_t i, taken = 0;
	uint64_t serial;
	int err, ok = 0;

	err = handoff__yaml_load(&doc, text + nb->v[from].off,
		last->off + last->len - nb->v[from].off, nb->v[from].line, limits, &d);
	if (err == 0 && d.n == 0 && (root = doc->root) && root->type == NODE_MAP &&
	    root->n == to - from) {
		for (i = from, ok = 1; i < to && ok; i++) {
			struct block *b = &nb->v[i];
			struct node_pair *pair = &root->pairs[i - from];

			ok = pair->key->line == b->line && pair->key->col == 1;
			b->key = pair->key;
			b->value = pair->value;
			b->nodes = 1 + count_nodes(b->key) + count_nodes(b->value);
			serial = new_origins(b->nodes);
			give_origins(pair->value, &serial);
			b->doc = taken++ ? handoff__doc_ref(doc) : doc;
		}
	}
	handoff__diag_list_release(&d);
	if (!taken)
		handoff__doc_free(doc);
	if (err < 0 && err != HANDOFF_EINVALID)
		return err;
	return ok;
}

/* Parse the blocks not remembered, a run of adjacent ones at a time. */
static int parse_new(struct blocks *nb, const char *text, const struct yaml_limits *limits)
{
	size_t i = 0, j;
	int ok = 1;

	while (ok > 0 && i < nb->n) {
		if (nb->v[i].doc) {
			i++;
			continue;
		}
		for (j = i + 1; j < nb->n && !nb->v[j].doc; j++)
			;
		ok = parse_run(nb, i, j, text, limits);
		i = j;
	}
	return ok;
}

/*
 * The remembered block of the key of `b`, if there is one (keys of a
 * remembered document are unique), looked for where it was likeliest
 * first.
 */
static struct block *remembered(struct yaml_reuse *r, const struct block *b,
	size_t *next, const size_t *table, size_t mask)
{
	struct block *old = NULL;
	size_t i;

	if (*next < r->last.n && r->last.v[*next].hash == b->hash)
		old = &r->last.v[*next];
	for (i = b->hash & mask; !old && table[i] != (size_t)-1; i = (i + 1) & mask)
		if (r->last.v[table[i]].hash == b->hash)
			old = &r->last.v[table[i]];
	if (old)
		*next = (size_t)(old - r->last.v) + 1;
	return old && old->doc ? old : NULL;
}

/* Move the parse of `old` to `b` when the two have the same bytes. */
static int take_same(struct yaml_reuse *r, struct block *old, struct block *b,
	const char *text)
{
	if (old->len != b->len || memcmp(r->text + old->off, text + b->off, b->len))
		return 0;
	b->doc = old->doc;
	b->key = old->key;
	b->value = old->value;
	b->nodes = old->nodes;
	old->doc = NULL;
	return 1;
}

/*
 * Scalars a version changed in place. Most edits of a record change values
 * written on one line each (a date moved, a box ticked, an amount): a
 * block whose lines are those of its remembered parse but for such values
 * is that parse with the values spelled anew, not parsed again.
 */
#define EDITS_MAX 32	/* changed lines of a block, past which it is parsed */

/* A changed line, and the scalar of the remembered parse it changes. */
struct edit {
	unsigned int line;		/* in the remembered parse */
	const char *was, *now;		/* the line before and after */
	size_t was_len, now_len;
	size_t same;			/* bytes the two begin with in common */
	const struct node *node;	/* the scalar, once found */
	size_t at;			/* where it starts in both lines */
};

struct edits {
	struct edit v[EDITS_MAX];
	size_t n;
	const char *text;		/* the remembered block */
	size_t len;
	unsigned int first;		/* its first line, in its parse */
};

static int ascii_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int all_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/*
 * Text libyaml reads as a plain scalar of exactly these bytes wherever
 * such a scalar stood alone at the end of a line in block context: ASCII,
 * no space at either end, nothing that starts a comment (" #"), a mapping
 * value (": ", or ':' last), a flow collection, a tag, an anchor, an
 * alias, a quoted or a block scalar.
 */
static int plain_one_line(const char *s, size_t n)
{
	static const char punct[] = "-_.,/+()$=;@%'~";
	size_t i;

	if (n == 0 || s[n - 1] == ' ')
		return 0;
	if (!ascii_alnum(s[0]) && !(n == 1 && s[0] == '~') &&
	    !(n > 1 && (s[0] == '-' || s[0] == '+') && (ascii_alnum(s[1]) || s[1] == '.')) &&
	    !(n > 1 && s[0] == '.' && ascii_alnum(s[1])))
		return 0;
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (ascii_alnum(c) || c == ' ' || (c && strchr(punct, c)) ||
		    (c == ':' && i + 1 < n && s[i + 1] != ' '))
			continue;
		return 0;
	}
	return 1;
}

/*
 * The lines of the new block that differ from the remembered one's, into
 * `e`: 1 when the two have as many lines and at most EDITS_MAX of them
 * differ, each all ASCII; else 0.
 */
static int changed_lines(struct edits *e, const char *now, size_t now_len)
{
	const char *a = e->text, *a_end = a + e->len, *b = now, *b_end = now + now_len;
	unsigned int line = e->first;

	e->n = 0;
	while (a < a_end && b < b_end) {
		const char *ae = memchr(a, '\n', (size_t)(a_end - a));
		const char *be = memchr(b, '\n', (size_t)(b_end - b));
		size_t al = (size_t)((ae ? ae : a_end) - a), bl = (size_t)((be ? be : b_end) - b);

		if (!ae != !be)
			return 0;
		if (al != bl || memcmp(a, b, al)) {
			struct edit *x = &e->v[e->n];

			if (e->n == EDITS_MAX || !all_ascii(a, al) || !all_ascii(b, bl))
				return 0;
			memset(x, 0, sizeof(*x));
			x->line = line;
			x->was = a;
			x->was_len = al;
			x->now = b;
			x->now_len = bl;
			while (x->same < al && x->same < bl && a[x->same] == b[x->same])
				x->same++;
			e->n++;
		}
		a += al + (ae != NULL);
		b += bl + (be != NULL);
		line++;
	}
	return a == a_end && b == b_end && e->n > 0;
}

/*
 * Whether the collection `c` of the remembered block may be a flow one
 * (its first character '[' or '{'), where a ',' ends a scalar: 1 also
 * when its position cannot be read as bytes.
 */
static int maybe_flow(const struct edits *e, const struct node *c)
{
	const char *s = e->text, *end = s + e->len;
	unsigned int line;

	if (c->line < e->first || c->col == 0)
		return 1;
	for (line = e->first; line < c->line; line++) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));

		if (!eol)
			return 1;
		s = eol + 1;
	}
	if ((size_t)(end - s) < c->col || !all_ascii(s, c->col))
		return 1;
	return s[c->col - 1] == '[' || s[c->col - 1] == '{';
}

/*
 * Each edit whose change lies in the value `n` (under the collection
 * `parent`, NULL at the top): a plain scalar alone at the end of its line
 * in block context, before and after (plain_one_line).
 */
static void find_edited(struct edits *e, const struct node *n, const struct node *parent)
{
	size_t i;

	if (n->type == NODE_MAP) {
		for (i = 0; i < n->n; i++)
			find_edited(e, n->pairs[i].value, n);
		return;
	}
	if (n->type == NODE_SEQ) {
		for (i = 0; i < n->n; i++)
			find_edited(e, n->items[i], n);
		return;
	}
	for (i = 0; i < e->n; i++) {
		struct edit *x = &e->v[i];
		size_t at = n->col - 1;

		if (x->line != n->line || x->node || n->col == 0 || (n->flags & NODE_QUOTED) ||
		    at > x->same || n->len != x->was_len - at || memcmp(n->str, x->was + at, n->len) ||
		    !plain_one_line(x->was + at, x->was_len - at) ||
		    !plain_one_line(x->now + at, x->now_len - at) ||
		    (parent && maybe_flow(e, parent)))
			continue;
		x->node = n;
		x->at = at;
	}
}

/* The edit of `n`, if it is an edited scalar. */
static const struct edit *edit_of(const struct edits *e, const struct node *n)
{
	size_t i;

	for (i = 0; e && i < e->n; i++)
		if (e->v[i].node == n)
			return &e->v[i];
	return NULL;
}

/*
 * `n` into `d`, lines moved by `shift`, the scalars of `e` spelled anew.
 * A node with an edit at or under it gets an origin of its own and sets
 * *edited (unless NULL); the others keep theirs, their trees still equal.
 */
static struct node *copy(struct doc *d, const struct node *n, long shift,
	const struct edits *e, int *edited)
{
	struct node *c = handoff__doc_alloc(d, sizeof(*c));
	const struct edit *x = edit_of(e, n);
	int under = 0;
	size_t i;

	if (!c)
		return NULL;
	*c = *n;
	c->line = (unsigned int)((long)n->line + shift);
	if (x) {
		c->str = x->now + x->at;
		c->len = x->now_len - x->at;
	}
	if (c->str) {
		char *s = handoff__doc_alloc(d, c->len + 1);

		if (!s)
			return NULL;
		memcpy(s, c->str, c->len);
		s[c->len] = '\0';
		c->str = s;
	}
	if (x) {
		c->type = NODE_STRING;
		c->num = 0;
		c->boolean = 0;
		handoff__yaml_resolve_plain(c);
	}
	if (n->type == NODE_MAP && n->n) {
		if (!(c->pairs = handoff__doc_alloc(d, n->n * sizeof(*c->pairs))))
			return NULL;
		for (i = 0; i < n->n; i++)
			if (!(c->pairs[i].key = copy(d, n->pairs[i].key, shift, e, &under)) ||
			    !(c->pairs[i].value = copy(d, n->pairs[i].value, shift, e, &under)))
				return NULL;
	} else if (n->type == NODE_SEQ && n->n) {
		if (!(c->items = handoff__doc_alloc(d, n->n * sizeof(*c->items))))
			return NULL;
		for (i = 0; i < n->n; i++)
			if (!(c->items[i] = copy(d, n->items[i], shift, e, &under)))
				return NULL;
	}
	if (x || under) {
		c->origin = new_origins(1);
		if (edited)
			*edited = 1;
	}
	return c;
}

/*
 * `b` from the parse of `old`, its edited scalars spelled anew: 1 when
 * every line that changed changes one plain scalar into another, each
 * alone at the end of the line, in block context; else 0.
 */
static int take_edited(struct yaml_reuse *r, const struct block *old, struct block *b,
	const char *text, const struct yaml_limits *limits)
{
	struct edits e;
	struct doc *doc;
	size_t i;

	e.text = r->text + old->off;
	e.len = old->len;
	e.first = old->key->line;
	if (!changed_lines(&e, text + b->off, b->len))
		return 0;
	find_edited(&e, old->value, NULL);
	for (i = 0; i < e.n; i++)
		if (!e.v[i].node || e.v[i].now_len - e.v[i].at > limits->max_scalar)
			return 0;
	if (!(doc = handoff__doc_new()))
		return HANDOFF_ERROR;
	if (!(b->key = copy(doc, old->key, 0, NULL, NULL)) ||
	    !(b->value = copy(doc, old->value, 0, &e, NULL))) {
		handoff__doc_free(doc);
		return HANDOFF_ERROR;
	}
	b->doc = doc;
	b->nodes = old->nodes;
	return 1;
}

static void forget_origins(struct node *n)
{
	size_t i;

	n->origin = 0;
	for (i = 0; i < n->n; i++)
		forget_origins(n->type == NODE_MAP ? n->pairs[i].value : n->items[i]);
}

int handoff__doc_own(struct doc *d)
{
	struct node *root;
	size_t i;

	if (!d || !d->root)
		return 0;
	if (d->nborrowed) {
		if (!(root = copy(d, d->root, 0, NULL, NULL)))
			return HANDOFF_ERROR;
		d->root = root;
		for (i = 0; i < d->nborrowed; i++)
			handoff__doc_free(d->borrowed[i]);
		d->nborrowed = 0;
	}
	/* its trees are about to change: even its own copies of moved blocks */
	forget_origins(d->root);
	return 0;
}

static int key_order(const void *x, const void *y)
{
	const struct node *a = *(const struct node *const *)x;
	const struct node *b = *(const struct node *const *)y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->str, b->str, n);

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Whether two blocks have the same key: the whole parse reports it. */
static int keys_repeat(const struct blocks *nb)
{
	const struct node **keys = malloc(nb->n * sizeof(*keys));
	size_t i;
	int rep = 0;

	if (!keys)
		return handoff__error_oom();
	for (i = 0; i < nb->n; i++)
		keys[i] = nb->v[i].key;
	qsort(keys, nb->n, sizeof(*keys), key_order);
	for (i = 1; i < nb->n && !rep; i++)
		rep = key_order(&keys[i - 1], &keys[i]) == 0;
	free(keys);
	return rep;
}

/*
 * The document from its blocks: one mapping of their pairs. A block where
 * its parse had it is that parse's tree, shared (the document holds a
 * reference to the parse's); one that moved is copied, its lines moved.
 */
static int assemble(struct doc **out, const struct blocks *nb)
{
	struct doc *d = handoff__doc_new();
	struct node *root;
	size_t i;

	if (!d)
		return HANDOFF_ERROR;
	if (!(root = handoff__doc_alloc(d, sizeof(*root))) ||
	    !(root->pairs = handoff__doc_alloc(d, nb->n * sizeof(*root->pairs))) ||
	    !(d->borrowed = handoff__doc_alloc(d, nb->n * sizeof(*d->borrowed))))
		goto oom;
	root->type = NODE_MAP;
	root->line = nb->v[0].line;
	root->col = 1;
	root->n = nb->n;
	for (i = 0; i < nb->n; i++) {
		const struct block *b = &nb->v[i];
		long shift = (long)b->line - (long)b->key->line;
		struct doc *from = b->doc;

		if (shift == 0) {
			root->pairs[i].key = (struct node *)b->key;
			root->pairs[i].value = (struct node *)b->value;
			if (!d->nborrowed || d->borrowed[d->nborrowed - 1] != from)
				d->borrowed[d->nborrowed++] = handoff__doc_ref(from);
		} else if (!(root->pairs[i].key = copy(d, b->key, shift, NULL, NULL)) ||
		    !(root->pairs[i].value = copy(d, b->value, shift, NULL, NULL))) {
			goto oom;
		}
	}
	d->root = root;
	*out = d;
	return 0;
oom:
	handoff__doc_free(d);
	return HANDOFF_ERROR;
}

/*
 * The document from blocks, the remembered ones reused: 1 done, 0 when it
 * must be parsed whole, or an error.
 */
static int load_blocks(struct doc **out, const char *text, size_t len,
	unsigned int first_line, const struct yaml_limits *limits,
	struct yaml_reuse *r, struct blocks *nb)
{
	size_t i, next = 0, todo, total = 1, mask = 0, *table = NULL;
	int ok;

	if ((ok = split(nb, text, len, first_line)) <= 0)
		return ok;
	if (r->last.n) {
		size_t size = 4;

		while (size < 2 * r->last.n)
			size *= 2;
		if (!(table = malloc(size * sizeof(*table))))
			return handoff__error_oom();
		memset(table, 0xff, size * sizeof(*table));
		mask = size - 1;
		for (i = 0; i < r->last.n; i++) {
			size_t k = r->last.v[i].hash & mask;

			while (table[k] != (size_t)-1)
				k = (k + 1) & mask;
			table[k] = i;
		}
	}
	for (i = 0, todo = 0; i < nb->n; i++) {
		struct block *old = table ? remembered(r, &nb->v[i], &next, table, mask) : NULL;

		if (old && take_same(r, old, &nb->v[i], text)) {
			r->reused++;
		} else if (old && (ok = take_edited(r, old, &nb->v[i], text, limits)) != 0) {
			if (ok < 0) {
				free(table);
				return ok;
			}
			r->edited++;
		} else {
			todo++;
		}
	}
	free(table);
	r->parsed += todo;
	if (todo && (ok = parse_new(nb, text, limits)) <= 0)
		return ok;
	for (i = 0; i < nb->n; i++)
		total += nb->v[i].nodes - 1;
	if (total > limits->max_nodes || (ok = keys_repeat(nb)) != 0)
		return ok < 0 ? ok : 0;
	return assemble(out, nb) < 0 ? HANDOFF_ERROR : 1;
}

int handoff__yaml_load_reusing(struct doc **out, const char *text, size_t len,
	unsigned int first_line, const struct yaml_limits *limits,
	struct diag_list *diags, struct yaml_reuse *r)
{
	static const struct yaml_limits defaults = YAML_LIMITS_INIT;
	struct blocks nb = { NULL, 0, 0 };
	char *copy_of_text;
	int ok;

	*out = NULL;
	if (r && len > YAML_REUSE_MAX)
		forget(r);	/* a big document: its blocks are not worth their memory */
	if (!r || len > YAML_REUSE_MAX)
		return handoff__yaml_load(out, text, len, first_line, limits, diags);
	if (!first_line)
		first_line = 1;
	ok = load_blocks(out, text, len, first_line, limits ? limits : &defaults, r, &nb);
	forget(r);
	if (ok == 1 && !(copy_of_text = malloc(len ? len : 1))) {
		ok = handoff__error_oom();
	} else if (ok == 1) {
		memcpy(copy_of_text, text, len);
		r->text = copy_of_text;
		r->last = nb;
		return 0;
	}
	blocks_release(&nb);
	if (*out) {
		handoff__doc_free(*out);
		*out = NULL;
	}
	return ok < 0 ? ok : handoff__yaml_load(out, text, len, first_line, limits, diags);
}

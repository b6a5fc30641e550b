/*
 * The semantic diff (see semdiff.h). Both sides are walked together;
 * whatever is matched by name (mapping keys, list items by their key,
 * sections, checklist items) is matched through a sorted index, so a
 * hostile record with 50,000 keys costs n log n, not n squared.
 */
#include "changes.h"
#include "semdiff.h"

struct diff {
	struct change_list *out;
	struct change_list *whole;	/* semdiff_both's: as without SEMDIFF_LEAVES */
	unsigned int in_added;		/* inside what `whole` has whole: out's alone */
	int whole_only;			/* the change `whole` has whole */
	const struct kind *kind;
	unsigned int flags;
	handoff_buf ptr;	/* the pointer of the node being compared */
};

/* A name and where it came from, for matching two sides by name. */
struct named {
	const char *name;
	size_t len;
	size_t index;
	int used;
};

static int named_cmp(const void *x, const void *y)
{
	const struct named *a = x, *b = y;
	int c = memcmp(a->name, b->name, a->len < b->len ? a->len : b->len);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int named_by_index(const void *x, const void *y)
{
	const struct named *a = x, *b = y;

	return a->index < b->index ? -1 : a->index > b->index;
}

static void named_sort(struct named *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), named_cmp);
}

static int named_is(const struct named *e, const char *name, size_t len)
{
	return e->len == len && !memcmp(e->name, name, len);
}

/*
 * The first entry called [name, name+len) not used yet, or NULL. Callers
 * mark what it returns used, so the used entries of a name are the first
 * of its run: both ends are found by bisection, and 200,000 sections of
 * one heading cost n log n, not n squared.
 */
static struct named *named_find(struct named *v, size_t n, const char *name,
	size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(v[mid].name, name, v[mid].len < len ? v[mid].len : len);

		if (c < 0 || (c == 0 && v[mid].len < len))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = n; lo < hi; ) {
		size_t mid = lo + (hi - lo) / 2;

		if (named_is(&v[mid], name, len) && v[mid].used)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && named_is(&v[lo], name, len) && !v[lo].used ? &v[lo] : NULL;
}

void handoff__change_list_release(struct change_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].pointer);
		free(l->v[i].old_json);
		free(l->v[i].new_json);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

int handoff__change_list_publish(handoff_changes *out, const struct change_list *cl,
	const handoff_change *who)
{
	handoff_change hc = *who;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < cl->n; i++) {
		hc.pointer = cl->v[i].pointer;
		hc.op = cl->v[i].op;
		hc.old_json = cl->v[i].old_json;
		hc.new_json = cl->v[i].new_json;
		hc.material = cl->v[i].material;
		err = handoff__changes_add(out, &hc);
	}
	return err;
}

int handoff__pointer_covers(const char *parent, const char *pointer)
{
	size_t n = strlen(parent);

	return !strncmp(parent, pointer, n) &&
		(pointer[n] == '\0' || pointer[n] == '/');
}

int handoff__semdiff_is_material(const struct kind *kind, const char *pointer)
{
	size_t i;

	for (i = 0; kind && i < kind->nmaterial; i++)
		if (handoff__pointer_covers(kind->material[i], pointer) ||
		    handoff__pointer_covers(pointer, kind->material[i]))
			return 1;
	return 0;
}

const char *handoff__kind_key_of(const struct kind *kind, const char *list)
{
	size_t i;

	for (i = 0; kind && list && i < kind->nkeys; i++)
		if (!strcmp(kind->keys[i].list, list))
			return kind->keys[i].field;
	return NULL;
}

/* Takes `old_json` and `new_json` whatever happens. */
static int add_to(struct change_list *l, const struct diff *d, handoff_change_op op,
	char *old_json, char *new_json, unsigned int line)
{
	struct change *c;
	char *pointer = handoff__strdup(d->ptr.ptr);

	if (pointer && handoff__array_grow((void **)&l->v, &l->alloc, l->n + 1,
	    sizeof(*l->v)) < 0) {
		free(pointer);
		pointer = NULL;
	}
	if (!pointer) {
		free(old_json);
		free(new_json);
		return handoff__error_oom();
	}
	c = &l->v[l->n++];
	c->pointer = pointer;
	c->op = op;
	c->old_json = old_json;
	c->new_json = new_json;
	c->material = handoff__semdiff_is_material(d->kind, pointer);
	c->line = line;
	return 0;
}

/* A change for `out`, and a copy for `whole` unless it has the whole already. */
static int add_change(struct diff *d, handoff_change_op op, char *old_json,
	char *new_json, unsigned int line)
{
	char *old_copy = NULL, *new_copy = NULL;
	int err = 0;

	if (d->whole_only)
		return add_to(d->whole, d, op, old_json, new_json, line);
	if (d->whole && !d->in_added) {
		if ((old_json && !(old_copy = handoff__strdup(old_json))) ||
		    (new_json && !(new_copy = handoff__strdup(new_json)))) {
			free(old_copy);
			err = HANDOFF_ERROR;
		} else {
			err = add_to(d->whole, d, op, old_copy, new_copy, line);
		}
	}
	if (err < 0) {
		free(old_json);
		free(new_json);
		return err;
	}
	return add_to(d->out, d, op, old_json, new_json, line);
}

static int to_json(char **out, const struct node *n)
{
	handoff_buf b = HANDOFF_BUF_INIT;

	*out = NULL;
	if (!n)
		return 0;
	if (handoff__node_to_json(&b, n) < 0) {
		handoff_buf_dispose(&b);
		return HANDOFF_ERROR;
	}
	*out = b.ptr;
	return 0;
}

static int node_change(struct diff *d, const struct node *a,
	const struct node *b)
{
	char *old_json, *new_json = NULL;

	if (to_json(&old_json, a) < 0 || to_json(&new_json, b) < 0) {
		free(old_json);
		return HANDOFF_ERROR;
	}
	return add_change(d, !a ? HANDOFF_CHANGE_ADD : !b ? HANDOFF_CHANGE_REMOVE : HANDOFF_CHANGE_CHANGE,
		old_json, new_json, (b ? b : a)->line);
}

/* Push a pointer token; returns the mark to pop back to. */
static size_t push(struct diff *d, const char *s, size_t n, int *err)
{
	size_t mark = d->ptr.size;

	*err = handoff__buf_pointer_token(&d->ptr, s, n);
	return mark;
}

static size_t push_index(struct diff *d, size_t i, int *err)
{
	char digits[24];
	size_t mark = d->ptr.size, n = sizeof(digits);

	do
		digits[--n] = (char)('0' + i % 10);
	while ((i /= 10) && n > 1);
	digits[--n] = '/';
	*err = handoff__buf_put(&d->ptr, digits + n, sizeof(digits) - n);
	return mark;
}

static void pop(struct diff *d, size_t mark)
{
	d->ptr.size = mark;
	d->ptr.ptr[mark] = '\0';
}

static int diff_node(struct diff *d, const struct node *a, const struct node *b,
	const char *name);

/* Whether two mappings have the same keys in the same order. */
static int same_keys(const struct node *a, const struct node *b)
{
	size_t i;

	if (!a || !b || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		const struct node *x = a->pairs[i].key, *y = b->pairs[i].key;

		if (x->len != y->len || memcmp(x->str, y->str, x->len))
			return 0;
	}
	return 1;
}

static int diff_map(struct diff *d, const struct node *a, const struct node *b)
{
	size_t na = a ? a->n : 0, nb = b ? b->n : 0, i, mark;
	struct named *idx;
	int err = 0;

	/* the common case: key i matches key i, nothing is gone */
	if (same_keys(a, b)) {
		for (i = 0; !err && i < nb; i++) {
			const struct node *k = b->pairs[i].key;

			mark = push(d, k->str, k->len, &err);
			if (!err)
				err = diff_node(d, a->pairs[i].value, b->pairs[i].value,
					k->str);
			pop(d, mark);
		}
		return err;
	}
	if (!(idx = calloc(na + 1, sizeof(*idx))))
		return handoff__error_oom();
	for (i = 0; i < na; i++) {
		idx[i].name = a->pairs[i].key->str;
		idx[i].len = a->pairs[i].key->len;
		idx[i].index = i;
	}
	named_sort(idx, na);
	for (i = 0; !err && i < nb; i++) {
		const struct node *k = b->pairs[i].key;
		struct named *m = named_find(idx, na, k->str, k->len);

		if (m)
			m->used = 1;
		mark = push(d, k->str, k->len, &err);
		if (!err)
			err = diff_node(d, m ? a->pairs[m->index].value : NULL,
				b->pairs[i].value, k->str);
		pop(d, mark);
	}
	/* what is gone, in the old order */
	for (i = 0; i < na; i++)
		idx[i].len = idx[i].used;	/* the sort is done with: len is free */
	qsort(idx, na, sizeof(*idx), named_by_index);
	for (i = 0; !err && i < na; i++) {
		const struct node *k = a->pairs[i].key;

		if (idx[i].len)
			continue;
		mark = push(d, k->str, k->len, &err);
		if (!err)
			err = diff_node(d, a->pairs[i].value, NULL, k->str);
		pop(d, mark);
	}
	free(idx);
	return err;
}

/* The key of each item of `seq` by `field`, or 0 when an item has none or two share one. */
static int key_index(struct named *idx, const struct node *seq, const char *field)
{
	size_t i;

	for (i = 0; seq && i < seq->n; i++) {
		const struct node *k = handoff__node_get(seq->items[i], field);

		if (!k || !handoff__node_is_scalar(k) || !k->str || !k->len)
			return 0;
		idx[i].name = k->str;
		idx[i].len = k->len;
		idx[i].index = i;
	}
	named_sort(idx, seq ? seq->n : 0);
	for (i = 1; seq && i < seq->n; i++)
		if (idx[i].len == idx[i - 1].len &&
		    !memcmp(idx[i].name, idx[i - 1].name, idx[i].len))
			return 0;
	return 1;
}

/* Items matched by key: a reordered list is no change, a moved item keeps its name. */
static int diff_keyed(struct diff *d, const struct node *a, const struct node *b,
	struct named *ia, const struct named *ib)
{
	size_t na = a ? a->n : 0, nb = b ? b->n : 0, i, mark;
	int err = 0;

	for (i = 0; !err && i < nb; i++) {
		const struct named *k = &ib[i];
		struct named *m = named_find(ia, na, k->name, k->len);

		if (m)
			m->used = 1;
		mark = push(d, k->name, k->len, &err);
		if (!err)
			err = diff_node(d, m ? a->items[m->index] : NULL,
				b->items[k->index], NULL);
		pop(d, mark);
	}
	for (i = 0; !err && i < na; i++) {
		if (ia[i].used)
			continue;
		mark = push(d, ia[i].name, ia[i].len, &err);
		if (!err)
			err = diff_node(d, a->items[ia[i].index], NULL, NULL);
		pop(d, mark);
	}
	return err;
}

/* Order of plain values consistent with node_equal: 1 and 1.0 are one value. */
static int scalar_cmp(const struct node *a, const struct node *b)
{
	int ca = handoff__node_is_number(a) ? NODE_INT : (int)a->type;
	int cb = handoff__node_is_number(b) ? NODE_INT : (int)b->type;

	if (ca != cb)
		return ca < cb ? -1 : 1;
	switch (a->type) {
	case NODE_BOOL:
		return a->boolean - b->boolean;
	case NODE_INT:
	case NODE_FLOAT:
		return a->num < b->num ? -1 : a->num > b->num;
	case NODE_STRING: {
		int c = memcmp(a->str, b->str, a->len < b->len ? a->len : b->len);

		return c ? c : a->len < b->len ? -1 : a->len > b->len;
	}
	default:
		return 0;
	}
}

struct member {
	const struct node *n;
	size_t index;
	int matched;
};

static int member_cmp(const void *x, const void *y)
{
	const struct member *a = x, *b = y;
	int c = scalar_cmp(a->n, b->n);

	return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

static int all_scalars(const struct node *seq)
{
	size_t i;

	for (i = 0; seq && i < seq->n; i++)
		if (!handoff__node_is_scalar(seq->items[i]))
			return 0;
	return 1;
}

static int by_index(const void *x, const void *y)
{
	const struct member *a = x, *b = y;

	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * Plain values compared as a set: a reordered list of features is no
 * change; each value gone or new is one change at its index.
 */
static int diff_set(struct diff *d, const struct node *a, const struct node *b)
{
	size_t na = a->n, nb = b->n, i = 0, j = 0, mark;
	struct member *ma = calloc(na + 1, sizeof(*ma));
	struct member *mb = calloc(nb + 1, sizeof(*mb));
	int err = 0;

	if (!ma || !mb) {
		free(ma);
		free(mb);
		return handoff__error_oom();
	}
	for (i = 0; i < na; i++)
		ma[i].n = a->items[i], ma[i].index = i;
	for (i = 0; i < nb; i++)
		mb[i].n = b->items[i], mb[i].index = i;
	qsort(ma, na, sizeof(*ma), member_cmp);
	qsort(mb, nb, sizeof(*mb), member_cmp);
	for (i = 0; i < na && j < nb;) {
		int c = scalar_cmp(ma[i].n, mb[j].n);

		if (c == 0)
			ma[i++].matched = mb[j++].matched = 1;
		else if (c < 0)
			i++;
		else
			j++;
	}
	qsort(ma, na, sizeof(*ma), by_index);
	qsort(mb, nb, sizeof(*mb), by_index);
	for (i = 0; !err && i < nb; i++) {
		if (mb[i].matched)
			continue;
		mark = push_index(d, i, &err);
		if (!err)
			err = node_change(d, NULL, mb[i].n);
		pop(d, mark);
	}
	for (i = 0; !err && i < na; i++) {
		if (ma[i].matched)
			continue;
		mark = push_index(d, i, &err);
		if (!err)
			err = node_change(d, ma[i].n, NULL);
		pop(d, mark);
	}
	free(ma);
	free(mb);
	return err;
}

static int diff_seq(struct diff *d, const struct node *a, const struct node *b,
	const char *name)
{
	const char *field = handoff__kind_key_of(d->kind, name);
	size_t na = a ? a->n : 0, nb = b ? b->n : 0, i, mark;
	int err = 0;

	if (field) {
		struct named *ia = calloc(na + 1, sizeof(*ia));
		struct named *ib = calloc(nb + 1, sizeof(*ib));

		if (!ia || !ib)
			err = handoff__error_oom();
		else if (key_index(ia, a, field) && key_index(ib, b, field))
			err = diff_keyed(d, a, b, ia, ib) ? HANDOFF_ERROR : 1;
		free(ia);
		free(ib);
		if (err)
			return err < 0 ? err : 0;
	}
	if (a && b && all_scalars(a) && all_scalars(b))
		return diff_set(d, a, b);
	for (i = 0; !err && i < (na > nb ? na : nb); i++) {
		mark = push_index(d, i, &err);
		if (!err)
			err = diff_node(d, i < na ? a->items[i] : NULL,
				i < nb ? b->items[i] : NULL, NULL);
		pop(d, mark);
	}
	return err;
}

static int is_container(const struct node *n)
{
	return n && (n->type == NODE_MAP || n->type == NODE_SEQ) && n->n;
}

/* A mapping or list added or removed, field by field; whole for `whole`. */
static int leaves(struct diff *d, const struct node *a, const struct node *b,
	const char *name)
{
	int err = 0;

	if (d->whole && !d->in_added) {
		d->whole_only = 1;
		err = node_change(d, a, b);
		d->whole_only = 0;
	}
	d->in_added++;
	if (!err && (a ? a : b)->type == NODE_MAP)
		err = diff_map(d, a, b);
	else if (!err)
		err = diff_seq(d, a, b, name);
	d->in_added--;
	return err;
}

/* Compare a and b (either may be NULL: absent) at the current pointer. */
static int diff_node(struct diff *d, const struct node *a, const struct node *b,
	const char *name)
{
	if (!a && !b)
		return 0;
	if (a && b && a->origin && a->origin == b->origin)
		return 0;	/* the same parse of the same text */
	if (a && b && a->type == NODE_MAP && b->type == NODE_MAP)
		return diff_map(d, a, b);
	if (a && b && a->type == NODE_SEQ && b->type == NODE_SEQ)
		return diff_seq(d, a, b, name);
	if (a && b)
		return handoff__node_equal(a, b) ? 0 : node_change(d, a, b);
	/* one side absent: whole, or field by field when asked */
	if (!(d->flags & SEMDIFF_LEAVES) || !is_container(a ? a : b))
		return node_change(d, a, b);
	return leaves(d, a, b, name);
}

/* ---- the body ---- */

static int put_token(handoff_buf *out, const char *prefix, const char *s, size_t n)
{
	if (handoff__buf_puts(out, prefix) < 0)
		return HANDOFF_ERROR;
	return handoff__buf_pointer_token(out, s, n);
}

int handoff__semdiff_section_pointer(handoff_buf *out, const struct kind *kind,
	const struct section *s)
{
	size_t i;

	for (i = 0; kind && i < kind->nsections; i++)
		if (handoff__kind_match_title(kind->sections[i].titles, s->heading,
		    s->heading_len))
			return put_token(out, "/body", kind->sections[i].titles[0],
				strlen(kind->sections[i].titles[0]));
	return put_token(out, "/body", s->heading, s->heading_len);
}

#define NO_ITEM ((size_t)-1)

/*
 * Which item of `kind` task `task` of `rec` is: its index, or kind->nitems
 * for none. Asked of the tasks of every version compared, so kept in the
 * record (record.h).
 */
static size_t item_of(const struct kind *kind, const struct record *rec, size_t task)
{
	struct record *own = (struct record *)rec;	/* its memo alone changes */
	const struct task *t = &rec->tasks[task];
	size_t i, n;

	if (rec->items_kind != kind) {	/* asked first, or of another kind */
		free(own->task_items);
		own->items_kind = kind;
		if ((own->task_items = malloc(rec->ntasks * sizeof(size_t))) != NULL)
			for (i = 0; i < rec->ntasks; i++)
				own->task_items[i] = NO_ITEM;
	}
	if (rec->task_items && rec->task_items[task] != NO_ITEM)
		return rec->task_items[task];
	n = handoff__kind_item_text_length(t->text, t->len);
	for (i = 0; i < kind->nitems; i++)
		if (handoff__kind_match_title(kind->items[i].titles, t->text, n))
			break;
	if (rec->task_items)
		own->task_items[task] = i;
	return i;
}

int handoff__semdiff_item_pointer(handoff_buf *out, const struct kind *kind,
	const struct record *rec, size_t task)
{
	const struct task *t = &rec->tasks[task];
	size_t i = kind ? item_of(kind, rec, task) : 0;

	if (kind && i < kind->nitems)
		return put_token(out, "/checklist", kind->items[i].titles[0],
			strlen(kind->items[i].titles[0]));
	return put_token(out, "/checklist", t->text,
		handoff__kind_item_text_length(t->text, t->len));
}

/* One body part as the diff sees it: its pointer and its value as JSON. */
struct part {
	char *pointer;
	char *json;		/* NULL until needed, for a section */
	unsigned int line;
	/* a section's text: equal bytes are an equal section, no JSON needed */
	const struct record *rec;
	size_t start, end;
};

struct parts {
	struct part *v;
	size_t n, alloc;
};

static void parts_release(struct parts *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].pointer);
		free(p->v[i].json);
	}
	free(p->v);
}

static size_t line_start(const char *s, size_t from, size_t at)
{
	while (at > from && s[at - 1] != '\n' && s[at - 1] != '\r')
		at--;
	return at;
}

static size_t line_end(const char *s, size_t len, size_t at)
{
	while (at < len && s[at] != '\n' && s[at] != '\r')
		at++;
	return at;
}

/* ' ', '\t', '\n', '\v', '\f' or '\r', by one test of a bit */
static int is_space(char c)
{
	unsigned char u = (unsigned char)c;

	return u <= ' ' && (0x100003e00ull >> u & 1);
}

/* Where task t's text starts, as an offset in the record's text. */
static size_t task_at(const struct record *rec, size_t t)
{
	return (size_t)(rec->tasks[t].text - rec->text);
}

/*
 * The text of [start, end) with whitespace runs folded to one space and
 * the task lines in it left out (their ticks are compared on their own),
 * as a JSON string.
 */
static int fold_json(char **out, const struct record *rec, size_t start,
	size_t end)
{
	handoff_buf text = HANDOFF_BUF_INIT, json = HANDOFF_BUF_INIT;
	size_t pos = start, lo = 0, hi = rec->ntasks, word;
	int err = handoff__buf_reserve(&text, end - start), space = 0;

	while (lo < hi) {	/* the first task at or after start */
		size_t mid = lo + (hi - lo) / 2;

		if (task_at(rec, mid) < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (!err && pos < end) {
		size_t from = end, to = end;

		if (lo < rec->ntasks && task_at(rec, lo) < end) {
			from = line_start(rec->text, pos, task_at(rec, lo));
			to = line_end(rec->text, end, task_at(rec, lo));
			lo++;
		}
		/* never longer than [start, end): written in place */
		while (pos < from) {
			if (is_space(rec->text[pos])) {
				space = 1;
				pos++;
				continue;
			}
			if (space && text.size)
				text.ptr[text.size++] = ' ';
			space = 0;
			for (word = pos; word < from && !is_space(rec->text[word]); word++)
				;
			memcpy(text.ptr + text.size, rec->text + pos, word - pos);
			text.size += word - pos;
			pos = word;
		}
		space = space || from < end;
		pos = to > pos ? to : pos;
	}
	if (!err) {
		text.ptr[text.size] = '\0';
		err = handoff__buf_reserve(&json, text.size + text.size / 8 + 2);
	}
	if (!err)
		err = handoff__buf_json_str(&json, text.ptr, text.size);
	handoff_buf_dispose(&text);
	*out = json.ptr;
	if (err) {
		handoff_buf_dispose(&json);
		*out = NULL;
	}
	return err;
}

/*
 * fold_json of [start, end), a copy of the record's own (record.h) once
 * made: a version's parts are compared with both its neighbours'.
 */
static int section_json(char **out, const struct record *rec, size_t start,
	size_t end)
{
	struct record *own = (struct record *)rec;	/* its memo alone changes */
	struct part_json *v;
	size_t i;
	int err;

	for (i = 0; i < rec->nparts; i++)
		if (rec->parts[i].start == start && rec->parts[i].end == end)
			return (*out = handoff__strdup(rec->parts[i].json)) ? 0 : HANDOFF_ERROR;
	if ((err = fold_json(out, rec, start, end)) < 0)
		return err;
	/* kept when there is memory for it; never needed */
	if ((v = realloc(own->parts, (rec->nparts + 1) * sizeof(*v))) != NULL) {
		own->parts = v;
		v[own->nparts].start = start;
		v[own->nparts].end = end;
		if ((v[own->nparts].json = strdup(*out)) != NULL)
			own->nparts++;
	}
	return 0;
}

static int part_add(struct parts *p, handoff_buf *pointer, char *json,
	unsigned int line)
{
	struct part *v = p->v;
	size_t alloc = p->alloc ? p->alloc * 2 : 16;

	if (p->n == p->alloc) {
		if (!(v = realloc(p->v, alloc * sizeof(*v)))) {
			free(json);
			return handoff__error_oom();
		}
		p->alloc = alloc;
	}
	p->v = v;
	memset(&v[p->n], 0, sizeof(v[p->n]));
	v[p->n].pointer = pointer->ptr;
	v[p->n].json = json;
	v[p->n].line = line;
	p->n++;
	memset(pointer, 0, sizeof(*pointer));
	return 0;
}

/*
 * The sections of a record. A repeated heading gives two parts of one
 * name; they are matched in order.
 */
static int body_sections(struct parts *p, const struct kind *kind,
	const struct record *rec)
{
	size_t i, first;
	int err = 0;

	/* what comes before the first section: the title, an introduction */
	first = rec->nsections ? line_start(rec->text, rec->body_start,
		(size_t)(rec->sections[0].heading - rec->text)) : rec->len;
	if (!rec->is_yaml && rec->body_start < first) {
		handoff_buf ptr = HANDOFF_BUF_INIT;
		char *json = NULL;

		err = handoff__buf_puts(&ptr, "/body/");
		if (!err)
			err = section_json(&json, rec, rec->body_start, first);
		if (!err && strcmp(json, "\"\""))
			err = part_add(p, &ptr, json, rec->body_line);
		else
			free(json);
		handoff_buf_dispose(&ptr);
	}
	for (i = 0; !err && i < rec->nsections; i++) {
		const struct section *s = &rec->sections[i];
		handoff_buf ptr = HANDOFF_BUF_INIT;

		err = handoff__semdiff_section_pointer(&ptr, kind, s);
		if (!err && (err = part_add(p, &ptr, NULL, s->line)) == 0) {
			p->v[p->n - 1].rec = rec;
			p->v[p->n - 1].start = s->start;
			p->v[p->n - 1].end = s->end;
		}
		handoff_buf_dispose(&ptr);
	}
	return err;
}

static int body_items(struct parts *p, const struct kind *kind,
	const struct record *rec)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < rec->ntasks; i++) {
		handoff_buf ptr = HANDOFF_BUF_INIT;
		char *json;

		err = handoff__semdiff_item_pointer(&ptr, kind, rec, i);
		if (!err && !(json = handoff__strdup(rec->tasks[i].checked ?
		    "true" : "false")))
			err = HANDOFF_ERROR;
		if (!err)
			err = part_add(p, &ptr, json, rec->tasks[i].line);
		handoff_buf_dispose(&ptr);
	}
	return err;
}

static int part_json(struct part *p)
{
	if (p->json || !p->rec)
		return 0;
	return section_json(&p->json, p->rec, p->start, p->end);
}

static int same_bytes(const struct part *a, const struct part *b)
{
	return a->rec && b->rec && a->end - a->start == b->end - b->start &&
		!memcmp(a->rec->text + a->start, b->rec->text + b->start, a->end - a->start);
}

/* Whether two parts fold to the same JSON; -1 out of memory. */
static int same_json(struct part *a, struct part *b)
{
	if (part_json(a) < 0 || part_json(b) < 0)
		return -1;
	return !strcmp(a->json, b->json);
}

/* Whether two parts are equal: a section's bytes first, then its JSON. */
static int same_part(struct part *a, struct part *b)
{
	return same_bytes(a, b) ? 1 : same_json(a, b);
}

/*
 * Whether a change of the body at `pointer` is to be worked out: any,
 * unless only material ones are asked for (folding a long section to JSON
 * to compare it is most of the cost of a diff).
 */
static int wanted(const struct diff *d, const char *pointer)
{
	return !(d->flags & SEMDIFF_MATERIAL) || handoff__semdiff_is_material(d->kind, pointer);
}

/* Match two lists of parts by pointer (the first of a repeated name wins). */
static int diff_parts(struct diff *d, struct parts *a, struct parts *b)
{
	struct named *idx = calloc(a->n + 1, sizeof(*idx));
	size_t i;
	int err = 0;

	if (!idx)
		return handoff__error_oom();
	for (i = 0; i < a->n; i++) {
		idx[i].name = a->v[i].pointer;
		idx[i].len = strlen(a->v[i].pointer);
		idx[i].index = i;
	}
	named_sort(idx, a->n);
	for (i = 0; !err && i < b->n; i++) {
		struct part *pb = &b->v[i];
		struct named *m = named_find(idx, a->n, pb->pointer, strlen(pb->pointer));
		struct part *pa = m ? &a->v[m->index] : NULL;

		if (m)
			m->used = 1;
		if (!wanted(d, pb->pointer))
			continue;
		if (pa && (err = same_part(pa, pb)) != 0) {
			err = err < 0 ? err : 0;
			continue;
		}
		if ((err = part_json(pb)) < 0)
			break;
		d->ptr.size = 0;
		if ((err = handoff__buf_puts(&d->ptr, pb->pointer)) < 0)
			break;
		err = add_change(d, pa ? HANDOFF_CHANGE_CHANGE : HANDOFF_CHANGE_ADD,
			pa ? pa->json : NULL, pb->json, pb->line);
		if (pa)
			pa->json = NULL;
		pb->json = NULL;
	}
	for (i = 0; !err && i < a->n; i++) {
		struct part *pa = &a->v[idx[i].index];

		if (idx[i].used || !wanted(d, pa->pointer))
			continue;
		if ((err = part_json(pa)) < 0)
			break;
		d->ptr.size = 0;
		if ((err = handoff__buf_puts(&d->ptr, pa->pointer)) < 0)
			break;
		err = add_change(d, HANDOFF_CHANGE_REMOVE, pa->json, NULL, pa->line);
		pa->json = NULL;
	}
	free(idx);
	return err;
}

/*
 * The common case of an edit: both versions have the same headings, in
 * the same order (the same items). Matching by name then pairs part i
 * with part i, so only a part that changed needs its name worked out.
 * What the matching would report, in the order it would report it.
 */
static int same_headings(const struct kind *kind, const struct record *a,
	const struct record *b)
{
	size_t i;

	if (a->nsections != b->nsections || a->is_yaml != b->is_yaml)
		return 0;
	for (i = 0; kind && i < kind->nsections; i++)
		if (!kind->sections[i].titles[0][0])
			return 0;	/* a section could be named like the introduction */
	for (i = 0; i < a->nsections; i++) {
		const struct section *x = &a->sections[i], *y = &b->sections[i];

		/* an empty heading is named like the introduction, "/body/" */
		if (!x->heading_len || x->heading_len != y->heading_len ||
		    memcmp(x->heading, y->heading, x->heading_len))
			return 0;
	}
	return 1;
}

static int same_items(const struct record *a, const struct record *b)
{
	size_t i;

	if (a->ntasks != b->ntasks)
		return 0;
	for (i = 0; i < a->ntasks; i++)
		if (a->tasks[i].len != b->tasks[i].len ||
		    memcmp(a->tasks[i].text, b->tasks[i].text, a->tasks[i].len))
			return 0;
	return 1;
}

/* The introduction's part (what comes before the first section), if any. */
static int intro_part(struct part *out, const struct record *rec)
{
	size_t first = rec->nsections ? line_start(rec->text, rec->body_start,
		(size_t)(rec->sections[0].heading - rec->text)) : rec->len;

	memset(out, 0, sizeof(*out));
	if (rec->is_yaml || rec->body_start >= first)
		return 0;
	out->rec = rec;
	out->start = rec->body_start;
	out->end = first;
	out->line = rec->body_line;
	return 1;
}

static int change_at(struct diff *d, const char *pointer,
	handoff_change_op op, char **old_json, char **new_json, unsigned int line)
{
	int err;

	d->ptr.size = 0;
	if ((err = handoff__buf_puts(&d->ptr, pointer)) < 0)
		return err;
	err = add_change(d, op, old_json ? *old_json : NULL,
		new_json ? *new_json : NULL, line);
	if (old_json)
		*old_json = NULL;
	if (new_json)
		*new_json = NULL;
	return err;
}

static int diff_sections_paired(struct diff *d, const struct record *a,
	const struct record *b)
{
	struct part ia, ib, x, y;
	int has_a = intro_part(&ia, a), has_b = intro_part(&ib, b), err = 0;
	size_t i;

	/* an introduction that folds to nothing is no part */
	if ((has_a && has_b && same_part(&ia, &ib) == 1) || !wanted(d, "/body/"))
		has_a = has_b = 0;
	if (has_a && (err = part_json(&ia)) == 0 && !strcmp(ia.json, "\"\""))
		has_a = 0;
	if (!err && has_b && (err = part_json(&ib)) == 0 && !strcmp(ib.json, "\"\""))
		has_b = 0;
	if (!err && has_b && (!has_a || strcmp(ia.json, ib.json)))
		err = change_at(d, "/body/", has_a ? HANDOFF_CHANGE_CHANGE :
			HANDOFF_CHANGE_ADD, has_a ? &ia.json : NULL, &ib.json, ib.line);
	for (i = 0; !err && i < b->nsections; i++) {
		handoff_buf ptr = HANDOFF_BUF_INIT;

		memset(&x, 0, sizeof(x));
		memset(&y, 0, sizeof(y));
		x.rec = a;
		x.start = a->sections[i].start;
		x.end = a->sections[i].end;
		y.rec = b;
		y.start = b->sections[i].start;
		y.end = b->sections[i].end;
		if (!same_bytes(&x, &y) &&
		    (err = handoff__semdiff_section_pointer(&ptr, d->kind, &b->sections[i])) == 0 &&
		    wanted(d, ptr.ptr) && (err = same_json(&x, &y)) == 0)
			err = change_at(d, ptr.ptr, HANDOFF_CHANGE_CHANGE, &x.json,
				&y.json, b->sections[i].line);
		err = err < 0 ? err : 0;
		handoff_buf_dispose(&ptr);
		free(x.json);
		free(y.json);
	}
	if (!err && has_a && !has_b)
		err = change_at(d, "/body/", HANDOFF_CHANGE_REMOVE, &ia.json, NULL,
			ia.line);
	free(ia.json);
	free(ib.json);
	return err;
}

static int diff_items_paired(struct diff *d, const struct record *a,
	const struct record *b)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < b->ntasks; i++) {
		handoff_buf ptr = HANDOFF_BUF_INIT;
		char *old_json, *new_json;

		if (!a->tasks[i].checked == !b->tasks[i].checked)
			continue;
		old_json = handoff__strdup(a->tasks[i].checked ? "true" : "false");
		new_json = handoff__strdup(b->tasks[i].checked ? "true" : "false");
		if (!old_json || !new_json)
			err = HANDOFF_ERROR;
		else if ((err = handoff__semdiff_item_pointer(&ptr, d->kind, b, i)) == 0)
			err = change_at(d, ptr.ptr, HANDOFF_CHANGE_CHANGE, &old_json,
				&new_json, b->tasks[i].line);
		free(old_json);
		free(new_json);
		handoff_buf_dispose(&ptr);
	}
	return err;
}

static int diff_body(struct diff *d, const struct record *a,
	const struct record *b)
{
	struct parts pa = { NULL, 0, 0 }, pb = { NULL, 0, 0 };
	int err = 0, same = a && b && a->len - a->body_start == b->len - b->body_start &&
		!memcmp(a->text + a->body_start, b->text + b->body_start,
		a->len - a->body_start);

	if (same)	/* the same bytes: the same sections and items */
		return 0;
	if (a && b && same_headings(d->kind, a, b)) {
		err = diff_sections_paired(d, a, b);
	} else {
		if (a)
			err = body_sections(&pa, d->kind, a);
		if (!err && b)
			err = body_sections(&pb, d->kind, b);
		if (!err)
			err = diff_parts(d, &pa, &pb);
		parts_release(&pa);
		parts_release(&pb);
		memset(&pa, 0, sizeof(pa));
		memset(&pb, 0, sizeof(pb));
	}
	if (!err && a && b && same_items(a, b))
		return diff_items_paired(d, a, b);
	if (!err && a)
		err = body_items(&pa, d->kind, a);
	if (!err && b)
		err = body_items(&pb, d->kind, b);
	if (!err)
		err = diff_parts(d, &pa, &pb);
	parts_release(&pa);
	parts_release(&pb);
	return err;
}

/* A whole record's front matter as JSON: null without one. */
static int record_json(char **out, const struct record *rec)
{
	*out = NULL;
	if (!rec)
		return 0;
	if (handoff__record_front(rec))
		return to_json(out, handoff__record_front(rec));
	return (*out = handoff__strdup("null")) ? 0 : HANDOFF_ERROR;
}

static int run(struct diff *d, const struct record *a, const struct record *b)
{
	int err;

	if (!a && !b)
		return 0;
	if ((err = handoff__buf_puts(&d->ptr, "")) < 0)
		return err;
	if ((!a || !b) && (!(d->flags & SEMDIFF_LEAVES) || d->whole)) {
		/* created or deleted: the record as a whole */
		char *old_json = NULL, *new_json = NULL;

		if (record_json(&old_json, a) < 0 || record_json(&new_json, b) < 0) {
			free(old_json);
			return HANDOFF_ERROR;
		}
		d->whole_only = d->whole != NULL;
		err = add_change(d, a ? HANDOFF_CHANGE_REMOVE : HANDOFF_CHANGE_ADD, old_json,
			new_json, 1);
		d->whole_only = 0;
		if (err < 0 || !(d->flags & SEMDIFF_LEAVES))
			return err;
		d->in_added = 1;
	}
	err = diff_node(d, a ? handoff__record_front(a) : NULL,
		b ? handoff__record_front(b) : NULL, NULL);
	if (!err)
		err = diff_body(d, a, b);
	return err;
}

int handoff__semdiff(struct change_list *out, const struct kind *kind,
	const struct record *a, const struct record *b, unsigned int flags)
{
	struct diff d = { out, NULL, 0, 0, kind, flags, HANDOFF_BUF_INIT };
	int err = run(&d, a, b);

	handoff_buf_dispose(&d.ptr);
	return err;
}

int handoff__semdiff_both(struct change_list *leaves, struct change_list *whole,
	const struct kind *kind, const struct record *a, const struct record *b)
{
	struct diff d = { leaves, whole, 0, 0, kind, SEMDIFF_LEAVES, HANDOFF_BUF_INIT };
	int err = run(&d, a, b);

	handoff_buf_dispose(&d.ptr);
	return err;
}

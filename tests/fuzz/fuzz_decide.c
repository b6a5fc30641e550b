/*
 * The decision rewriter: the input is a record, read once as Markdown
 * and once as YAML, and each decision (accept; reject and revise with
 * gaps that need quoting and escaping) is applied to it. A rewrite that
 * is refused is fine; one that is not must read back right, checked here
 * apart from the library's own check: it parses, its acceptance block
 * holds what was decided, every other key and the body are unchanged,
 * and deciding again on the result gives the same bytes. Anything else
 * aborts.
 */
#include "decide.h"
#include "fuzz.h"

#define AT "2026-11-02T08:00:00+09:00"

static const char *const gaps1[] = { "Economic buyer: not named",
	"Say \"when\" \\ for C2", "tab\there, bell\a, del\x7f" };
static const char *const gaps2[] = { "line\xe2\x80\xa8sep, para\xe2\x80\xa9sep, "
	"next\xc2\x85line, bom\xef\xbb\xbf, c1\xc2\x9b", "- [ ] not a task: {a: 1}" };

static const char *const status_names[] = { "accepted", "rejected", "needs-revision" };

static int same(const struct node *a, const struct node *b)
{
	size_t i;

	if (a->type != b->type || a->flags != b->flags || a->n != b->n ||
	    a->len != b->len || (a->str && memcmp(a->str, b->str, a->len)))
		return 0;
	for (i = 0; a->type == NODE_SEQ && i < a->n; i++)
		if (!same(a->items[i], b->items[i]))
			return 0;
	for (i = 0; a->type == NODE_MAP && i < a->n; i++)
		if (!same(a->pairs[i].key, b->pairs[i].key) ||
		    !same(a->pairs[i].value, b->pairs[i].value))
			return 0;
	return 1;
}

static int is(const struct node *n, const char *s)
{
	return n && n->type == NODE_STRING && !strcmp(n->str, s);
}

static void check(const struct record *rec, const handoff_buf *out,
	const handoff_decide_options *o, const char *by)
{
	struct record *now = NULL;
	const struct node *a, *b, *acc, *gaps;
	size_t i, j;
	handoff_buf again = HANDOFF_BUF_INIT;

	if (handoff__record_parse(&now, rec->path, out->ptr, out->size, NULL) < 0)
		return;		/* out of memory */
	a = handoff__record_front(rec);
	if (!(b = handoff__record_front(now)))
		abort();
	/* one acceptance key (the loader refuses duplicates), as decided */
	acc = handoff__node_get(b, "acceptance");
	if (!acc || acc->type != NODE_MAP || !is(handoff__node_get(acc, "status"),
	    status_names[o->decision]) || !is(handoff__node_get(acc, "by"), by) ||
	    !is(handoff__node_get(acc, "at"), AT) || acc->n != 3 + (o->ngaps > 0))
		abort();
	gaps = handoff__node_get(acc, "gaps");
	if (o->ngaps && (!gaps || gaps->type != NODE_SEQ || gaps->n != o->ngaps))
		abort();
	for (i = 0; i < o->ngaps; i++)
		if (!is(gaps->items[i], o->gaps[i]))
			abort();
	/* every other key, in order */
	for (i = j = 0; i < a->n || j < b->n; i++, j++) {
		while (i < a->n && !strcmp(a->pairs[i].key->str, "acceptance"))
			i++;
		while (j < b->n && !strcmp(b->pairs[j].key->str, "acceptance"))
			j++;
		if ((i < a->n) != (j < b->n))
			abort();
		if (i < a->n && (!same(a->pairs[i].key, b->pairs[j].key) ||
		    !same(a->pairs[i].value, b->pairs[j].value)))
			abort();
	}
	/* the body, byte for byte */
	if (!rec->is_yaml && (rec->len - rec->body_start != now->len - now->body_start ||
	    memcmp(rec->text + rec->body_start, now->text + now->body_start,
	    rec->len - rec->body_start)))
		abort();
	/* the same decision again: the same bytes */
	if (handoff__decide_rewrite(&again, now, o, by, AT) == 0 &&
	    (again.size != out->size || memcmp(again.ptr, out->ptr, out->size)))
		abort();
	handoff_buf_dispose(&again);
	handoff__record_free(now);
}

static void try(const char *path, const uint8_t *data, size_t size)
{
	struct record *rec = NULL;
	handoff_decide_options o = HANDOFF_DECIDE_OPTIONS_INIT;
	static const char *const by[] = { "kim@vendor.example", "@odd \"one\"", "123" };
	int d;

	if (handoff__record_parse(&rec, path, (const char *)data, size, NULL) < 0)
		return;
	for (d = 0; d < 3 && handoff__record_front(rec); d++) {
		handoff_buf out = HANDOFF_BUF_INIT;

		o.decision = (handoff_decision)d;
		o.gaps = d == 0 ? NULL : d == 1 ? gaps1 : gaps2;
		o.ngaps = d == 0 ? 0 : d == 1 ? 3 : 2;
		if (handoff__decide_rewrite(&out, rec, &o, by[d], AT) == 0)
			check(rec, &out, &o, by[d]);
		handoff_buf_dispose(&out);
	}
	handoff__record_free(rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	try("handoffs/f.md", data, size);
	try("handoffs/f.yaml", data, size);
	return 0;
}

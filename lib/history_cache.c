/*
 * The history walk's cache (see history_cache.h). A line per commit,
 *
 *   C <id> <tree> <config|\-> <committer time> <merge> <n> <parent>...
 *
 * then, if it changed records, its author and times
 *
 *   W <author time> <offset> <committer time> <offset> <name> <email>
 *
 * and a line per record path it changed: F <old> <new> <path> <from|\->.
 * Read a line at a time (cachefile.h), never whole: each string is kept
 * once however many lines name it (a path, an author), in blocks.
 */
#include "history_cache.h"

struct history_cache {
	struct str_set *strs;	/* the caller's: names and paths */
	struct known_commit *v;
	size_t n, alloc;
	git_oid *parents;
	size_t nparents, palloc;
	struct known_change *changes;
	size_t nchanges, calloc_;
	size_t *slots;		/* open addressing: index + 1 */
	size_t cap;
	struct cache_reader file;	/* read whole, still open (history_cache_extend) */
};

static size_t *slot(const struct history_cache *c, const git_oid *id)
{
	size_t i, h;

	memcpy(&h, id->id, sizeof(h));
	for (i = h & (c->cap - 1); c->slots[i]; i = (i + 1) & (c->cap - 1))
		if (git_oid_equal(&c->v[c->slots[i] - 1].id, id))
			break;
	return &c->slots[i];
}

/* An id, or "\-" for the zero id. */
static void zero_or_oid(git_oid *out, struct cache_line *l)
{
	if (l->end - l->p >= 3 && !memcmp(l->p + 1, "\\-", 2)) {
		memset(out, 0, sizeof(*out));
		if (handoff__cache_take(l))
			l->bad = 1;
		return;
	}
	handoff__cache_take_oid(out, l);
}

static int parse_line(struct history_cache *c, struct cache_line *l)
{
	struct known_commit *k = c->n ? &c->v[c->n - 1] : NULL;
	char tag = *l->p++;
	long long i, n;
	int oom = 0;

	if (tag == 'C') {
		if (handoff__array_grow((void **)&c->v, &c->alloc, c->n + 1, sizeof(*c->v)) < 0)
			return HANDOFF_ERROR;
		k = &c->v[c->n++];
		memset(k, 0, sizeof(*k));
		handoff__cache_take_oid(&k->id, l);
		handoff__cache_take_oid(&k->tree, l);
		zero_or_oid(&k->config, l);
		k->time = (git_time_t)handoff__cache_take_num(l);
		k->merge = (int)handoff__cache_take_num(l);
		n = handoff__cache_take_num(l);
		if (n < 0 || n > 32)
			return HANDOFF_EINVALID;
		k->nparents = (unsigned int)n;
		/* an index until the arrays stop moving (history_cache_read) */
		k->parents = (const git_oid *)(uintptr_t)c->nparents;
		for (i = 0; i < n; i++) {
			if (handoff__array_grow((void **)&c->parents, &c->palloc, c->nparents + 1,
			    sizeof(git_oid)) < 0)
				return HANDOFF_ERROR;
			handoff__cache_take_oid(&c->parents[c->nparents++], l);
		}
		k->changes = (const struct known_change *)(uintptr_t)c->nchanges;
	} else if (tag == 'W' && k && !k->name) {
		k->author_time = (git_time_t)handoff__cache_take_num(l);
		k->author_offset = (int)handoff__cache_take_num(l);
		k->commit_time = (git_time_t)handoff__cache_take_num(l);
		k->commit_offset = (int)handoff__cache_take_num(l);
		k->name = handoff__str_keep(c->strs, handoff__cache_take(l), &oom);
		k->email = handoff__str_keep(c->strs, handoff__cache_take(l), &oom);
		if (oom)
			return handoff__error_oom();
		if (!k->name || !k->email)
			return HANDOFF_EINVALID;
	} else if (tag == 'F' && k && k->name) {
		struct known_change *f;

		if (handoff__array_grow((void **)&c->changes, &c->calloc_, c->nchanges + 1,
		    sizeof(*f)) < 0)
			return HANDOFF_ERROR;
		f = &c->changes[c->nchanges++];
		zero_or_oid(&f->old, l);
		zero_or_oid(&f->new, l);
		f->path = handoff__str_keep(c->strs, handoff__cache_take(l), &oom);
		f->from = handoff__str_keep(c->strs, handoff__cache_take(l), &oom);
		k->nchanges++;
		if (oom)
			return handoff__error_oom();
		if (!f->path)
			return HANDOFF_EINVALID;
	} else {
		return HANDOFF_EINVALID;
	}
	return l->bad || l->p != l->end ? HANDOFF_EINVALID : 0;
}

/* An array grown by doubling cut to the `n` it holds. */
static void shrink(void **v, size_t *alloc, size_t n, size_t size)
{
	void *p;

	if (n && n < *alloc && (p = realloc(*v, n * size))) {
		*v = p;
		*alloc = n;
	}
}

int handoff__history_cache_read(struct history_cache **out, git_repository *git,
	const char *name, const char *key, struct str_set *strs)
{
	struct history_cache *c;
	struct cache_line l;
	size_t i;
	int err = 0, got;

	*out = NULL;
	if (!(c = calloc(1, sizeof(*c))))
		return handoff__error_oom();
	if (handoff__cache_reader_open(&c->file, git, name, HISTORY_CACHE_MAGIC, key) < 0) {
		free(c);
		return 0;
	}
	c->strs = strs;
	while (!err && (got = handoff__cache_reader_next(&l, &c->file)) == 1)
		err = parse_line(c, &l);
	if (!err && got != 0)
		err = HANDOFF_EINVALID;		/* cut short or damaged */
	shrink((void **)&c->v, &c->alloc, c->n, sizeof(*c->v));
	shrink((void **)&c->parents, &c->palloc, c->nparents, sizeof(*c->parents));
	shrink((void **)&c->changes, &c->calloc_, c->nchanges, sizeof(*c->changes));
	for (c->cap = 1024; !err && c->cap < 2 * c->n + 2; c->cap *= 2)
		;
	if (!err && !(c->slots = calloc(c->cap, sizeof(*c->slots))))
		err = handoff__error_oom();
	for (i = 0; !err && i < c->n; i++) {
		struct known_commit *k = &c->v[i];

		k->parents = c->parents + (uintptr_t)k->parents;
		k->changes = c->changes + (uintptr_t)k->changes;
		*slot(c, &k->id) = i + 1;
	}
	if (err) {
		handoff__history_cache_free(c);
		return err == HANDOFF_EINVALID ? 0 : err;	/* unusable: none */
	}
	*out = c;
	return 0;
}

const struct known_commit *handoff__history_cache_find(const struct history_cache *c,
	const git_oid *id)
{
	size_t s = c ? *slot(c, id) : 0;

	return s ? &c->v[s - 1] : NULL;
}

size_t handoff__history_cache_count(const struct history_cache *c)
{
	return c ? c->n : 0;
}

void handoff__history_cache_free(struct history_cache *c)
{
	if (!c)
		return;
	handoff__cache_reader_close(&c->file);
	free(c->v);
	free(c->parents);
	free(c->changes);
	free(c->slots);
	free(c);
}

int handoff__history_cache_extend(struct cache_writer *w, const struct history_cache *c,
	git_repository *git, const char *name, const char *key)
{
	return handoff__cache_writer_extend(w, &c->file, git, name, HISTORY_CACHE_MAGIC, key);
}

static void put_oid(handoff_buf *b, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	if (git_oid_is_zero(id)) {
		handoff__cache_put(b, NULL);
		return;
	}
	git_oid_tostr(hex, sizeof(hex), id);
	handoff__cache_put(b, hex);
}

void handoff__history_cache_add(handoff_buf *b, const struct known_commit *k)
{
	size_t i;

	handoff__buf_puts(b, "C");
	put_oid(b, &k->id);
	put_oid(b, &k->tree);
	put_oid(b, &k->config);
	handoff__buf_printf(b, "\t%lld\t%d\t%u", (long long)k->time, k->merge,
		k->nparents);
	for (i = 0; i < k->nparents; i++)
		put_oid(b, &k->parents[i]);
	handoff__buf_puts(b, "\n");
	if (!k->name)
		return;
	handoff__buf_printf(b, "W\t%lld\t%d\t%lld\t%d", (long long)k->author_time,
		k->author_offset, (long long)k->commit_time, k->commit_offset);
	handoff__cache_put(b, k->name);
	handoff__cache_put(b, k->email);
	handoff__buf_puts(b, "\n");
	for (i = 0; i < k->nchanges; i++) {
		const struct known_change *f = &k->changes[i];

		handoff__buf_puts(b, "F");
		put_oid(b, &f->old);
		put_oid(b, &f->new);
		handoff__cache_put(b, f->path);
		handoff__cache_put(b, f->from);
		handoff__buf_puts(b, "\n");
	}
}

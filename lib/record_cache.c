/*
 * The parses of one record's versions, by blob (see record_cache.h).
 */
#include "record_cache.h"
#include "source.h"
#include "yaml_reuse.h"

/* history_load, the blocks of the front matter read before reused. */
static int load_reusing(struct record **out, git_repository *git, const git_oid *id,
	const char *path, struct yaml_reuse *reuse)
{
	char *data = NULL;
	const char *why;
	size_t len;
	int err;

	*out = NULL;
	if (git_oid_is_zero(id))
		return 0;
	err = handoff__repo_read_blob(git, id, GIT_FILEMODE_BLOB, &data, &len, &why);
	if (err) {
		free(data);
		return err;
	}
	return handoff__record_parse_reusing(out, path, data, len, NULL, reuse);
}

int handoff__history_load(struct record **out, git_repository *git, const git_oid *id,
	const char *path)
{
	return load_reusing(out, git, id, path, NULL);
}

/* The cache's memory of front matter blocks, made when first needed. */
static struct yaml_reuse *fronts_of(struct record_cache *c)
{
	if (!c->fronts)
		c->fronts = handoff__yaml_reuse_new();
	return c->fronts;	/* NULL: parsed whole */
}

static struct record_cache_entry *find(struct record_cache *c,
	const git_oid *id, const char *path)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!c->v[i].altered && git_oid_equal(&c->v[i].id, id) &&
		    !strcmp(c->v[i].rec->path, path))
			return &c->v[i];
	return NULL;
}

static void drop(struct record_cache *c, size_t i)
{
	handoff__record_free(c->v[i].rec);
	c->v[i] = c->v[--c->n];
}

/*
 * Drop what was altered and is given back, then the least recently used
 * parses not pinned, down to the limit.
 */
static void trim(struct record_cache *c)
{
	size_t i;

	for (i = c->n; i-- > 0; )
		if (c->v[i].altered && !c->v[i].pins)
			drop(c, i);
	for (;;) {
		size_t idle = 0, oldest = c->n;

		for (i = 0; i < c->n; i++)
			if (!c->v[i].pins) {
				idle++;
				if (oldest == c->n || c->v[i].used < c->v[oldest].used)
					oldest = i;
			}
		if (idle <= RECORD_CACHE_KEEP)
			return;
		drop(c, oldest);
	}
}

static struct record_cache_entry *entry_of(struct record_cache *c,
	const struct record *rec)
{
	size_t i;

	for (i = 0; rec && i < c->n; i++)
		if (c->v[i].rec == rec)
			return &c->v[i];
	return NULL;
}

int handoff__record_cache_load(struct record **out, struct record_cache *c,
	git_repository *git, const git_oid *id, const char *path)
{
	struct record_cache_entry *e;
	struct record *rec;
	int err;

	*out = NULL;
	if (git_oid_is_zero(id))
		return 0;
	if (!(e = find(c, id, path))) {
		if ((err = load_reusing(&rec, git, id, path, fronts_of(c))) < 0 || !rec)
			return err;
		if (handoff__array_grow((void **)&c->v, &c->alloc, c->n + 1,
		    sizeof(*c->v)) < 0) {
			handoff__record_free(rec);
			return HANDOFF_ERROR;
		}
		e = &c->v[c->n++];
		git_oid_cpy(&e->id, id);
		e->rec = rec;
		e->pins = 0;
		e->altered = 0;
		c->reads++;
	}
	e->pins++;
	e->used = ++c->clock;
	*out = e->rec;
	trim(c);
	return 0;
}

int handoff__record_cache_own(struct record **rec, struct record_cache *c,
	git_repository *git, const git_oid *id)
{
	struct record_cache_entry *e = entry_of(c, *rec);
	struct record *fresh;
	int err;

	if (!e || e->pins <= 1) {
		if (e)
			e->altered = 1;
		return 0;
	}
	if ((err = load_reusing(&fresh, git, id, (*rec)->path, fronts_of(c))) < 0)
		return err;
	if (handoff__array_grow((void **)&c->v, &c->alloc, c->n + 1,
	    sizeof(*c->v)) < 0) {
		handoff__record_free(fresh);
		return HANDOFF_ERROR;
	}
	e = entry_of(c, *rec);	/* the array may have moved */
	e->pins--;
	e = &c->v[c->n++];
	git_oid_cpy(&e->id, id);
	e->rec = fresh;
	e->pins = 1;
	e->used = ++c->clock;
	e->altered = 1;
	c->reads++;
	*rec = fresh;
	return 0;
}

void handoff__record_cache_unpin(struct record_cache *c, const struct record *rec)
{
	struct record_cache_entry *e = entry_of(c, rec);

	if (e && e->pins)
		e->pins--;
	trim(c);
}

void handoff__record_cache_release(struct record_cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		handoff__record_free(c->v[i].rec);
	free(c->v);
	handoff__yaml_reuse_free(c->fronts);
	memset(c, 0, sizeof(*c));
}

/*
 * The assessment cache (see cache.h). A sealed file (cachefile.h): the
 * tip line "T", the walk's notes "n", then for each record "r" and its
 * digest, followed by its assessment's lines (a record, its criteria,
 * bands, SLAs, exports and decisions) and its notes. Fields split by
 * tabs with \\, \t, \n escaped and \- for "none". Anything unexpected in
 * it is a miss, never an error: the cache is only ever a shortcut.
 */
#include <stdio.h>

#include "cache.h"
#include "cachefile.h"
#include "commit.h"
#include "pool.h"
#include "receipts.h"
#include "source.h"

/* 5: a draft is never complete; 6: criteria carry their deadline, records
   their kind's bands; 8: record by record, sealed, records carry their
   commitments and backfill, SLAs whom to escalate to */
#define MAGIC "git-handoff assessments 9"

static int add_file(handoff_buf *b, const struct source *src, const char *path,
	const char *disk)
{
	char *data = NULL;
	size_t len = 0;
	const char *why;
	int err = disk ? handoff__source_read_disk(disk, &data, &len, &why) :
		handoff__source_read(src, path, &data, &len, &why);

	handoff__buf_printf(b, "%s %d %zu\n", path, err, len);
	if (err == 0)
		handoff__buf_put(b, data, len);
	free(data);
	return err == HANDOFF_ERROR ? err : 0;
}

/*
 * The tip as the history reads it first (commit.h), and the history
 * visible from it: a clone deepened later must not keep the answers of
 * its shallow days. NULL when there is no commit to key on.
 */
static int tip_of(char **out, struct source *src, const char *rev)
{
	git_object *tip = NULL;
	char hex[GIT_OID_HEXSZ + 1], shallow[GIT_OID_HEXSZ + 1] = "-", *path, *data = NULL;
	FILE *f;
	long size = 0;
	git_oid id;
	int err;

	*out = NULL;
	if ((err = handoff__raw_commit_resolve(&id, src->repo->git,
	    rev ? rev : "HEAD")) == HANDOFF_EINVALID)
		return 0;	/* an unreadable tip: no cache */
	if (err == 0) {
		git_oid_tostr(hex, sizeof(hex), &id);
	} else if (git_revparse_single(&tip, src->repo->git, rev ? rev : "HEAD") < 0) {
		git_error_clear();
		return 0;	/* unborn: nothing to cache */
	} else {
		git_oid_tostr(hex, sizeof(hex), git_object_id(tip));
		git_object_free(tip);
	}
	if (!(path = handoff__asprintf("%sshallow", git_repository_commondir(src->repo->git))))
		return HANDOFF_ERROR;
	f = fopen(path, "rb");
	free(path);
	err = 0;
	if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)size)) &&
	    fread(data, 1, (size_t)size, f) == (size_t)size)
		err = handoff__cache_hash(shallow, data, (size_t)size);
	else if (f && size)
		err = HANDOFF_EINVALID;	/* there but unreadable: no cache */
	free(data);
	if (f)
		fclose(f);
	if (err)
		return err == HANDOFF_EINVALID ? 0 : err;
	*out = handoff__asprintf("%s %s", hex, shallow);
	return *out ? 0 : HANDOFF_ERROR;
}

int handoff__cache_key(char *key, char **tip, struct source *src,
	const handoff_assess_options *opts)
{
	char what[64];

	snprintf(what, sizeof(what), "%s\n%d %d", MAGIC, opts->first_parent,
		opts->author_time);
	return handoff__cache_key_for(key, tip, src, opts->rev, what);
}

int handoff__cache_key_for(char *key, char **tip, struct source *src, const char *rev,
	const char *what)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	char **kinds = NULL;
	size_t n = 0, i;
	int err;

	*key = '\0';
	if ((err = tip_of(tip, src, rev)) < 0 || !*tip)
		return err;
	handoff__buf_printf(&b, "%s\n%s\n", HANDOFF_VERSION, what);
	err = add_file(&b, src, CONFIG_PATH, NULL);
	if (!err)
		err = handoff_kinds_list(&kinds, &n, src->repo);
	for (i = 0; !err && i < n; i++) {
		char *local = handoff__asprintf(".handoff/schemas/%s.yaml", kinds[i]),
			*builtin = handoff__asprintf("%s/%s.yaml", handoff_builtin_dir(), kinds[i]);

		err = local && builtin ? add_file(&b, src, local, NULL) : HANDOFF_ERROR;
		if (!err)
			err = add_file(&b, src, builtin, builtin);
		free(local);
		free(builtin);
	}
	handoff__free_strings(kinds, n);
	if (!err)
		err = handoff__buf_failed(&b) || !b.ptr ? handoff__error_oom() :
			handoff__cache_hash(key, b.ptr, b.size);
	handoff_buf_dispose(&b);
	if (err) {
		*key = '\0';
		free(*tip);
		*tip = NULL;
	}
	return err;
}

int handoff__cache_tip_receipts(char **tip, git_repository *git)
{
	git_oid notes;
	char *t;

	if (!*tip || handoff__receipts_tip(&notes, git) < 0) {
		git_error_clear();
		return 0;
	}
	if (!(t = handoff__asprintf("%s notes %s", *tip, git_oid_tostr_s(&notes))))
		return HANDOFF_ERROR;
	free(*tip);
	*tip = t;
	return 0;
}

struct run_start {
	char *parts;
	unsigned char *known;
	char (*digests)[CACHE_DIGEST_SIZE];
	const struct record_history *records;
	size_t size;
	void *cache;
	void *(*find)(void *cache, const char *digest);
};

/*
 * Record i's digest and cached part. Jobs may run at once: each writes
 * its own slots and the part it found, the digests it looks up by are
 * never written.
 */
static int start_one(size_t i, void *unused, void *payload)
{
	struct run_start *s = payload;
	void *hit;
	int err = handoff__cache_record_digest(s->digests[i], &s->records[i]);

	(void)unused;
	if (!err && s->cache && (hit = s->find(s->cache, s->digests[i])) != NULL) {
		memcpy(s->parts + i * s->size, hit, s->size);
		memset(hit, 0, s->size);
		s->known[i] = 1;
	}
	return err;
}

int handoff__cache_run_start(void **parts, unsigned char **known,
	char (**digests)[CACHE_DIGEST_SIZE], const struct record_history *records,
	size_t n, size_t size, int keyed, void *cache,
	void *(*find)(void *cache, const char *digest), void (*release)(void *cache))
{
	static const struct pool_ops ops = { start_one, NULL, NULL };
	struct run_start s = { NULL, NULL, NULL, records, size, cache, find };
	int err = 0;

	if (!(*parts = calloc(n ? n : 1, size)) || !(*known = calloc(n ? n : 1, 1)) ||
	    (keyed && !(*digests = calloc(n ? n : 1, sizeof(**digests)))))
		err = handoff__error_oom();
	if (!err && keyed) {
		s.parts = *parts;
		s.known = *known;
		s.digests = *digests;
		err = handoff__pool_run(n, 512, &ops, &s);	/* sha1 of every version */
	}
	if (cache)
		release(cache);
	return err;
}

/*
 * Everything a record's answer reads of its history: each version's
 * commit, times (as the run's clock sees them), blob, path and flags.
 */
int handoff__cache_record_digest(char *out, const struct record_history *rh)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i;
	int err;

	/* field by field, fixed sizes and NUL-ended text: no two histories alike */
	handoff__buf_put(&b, rh->path, strlen(rh->path) + 1);
	for (i = 0; i < rh->n; i++) {
		const struct version *v = &rh->v[i];
		long long t[2] = { (long long)v->author_time, (long long)v->commit_time };
		int n[2] = { v->author_offset, v->commit_offset };

		handoff__buf_put(&b, (const char *)v->commit.id, GIT_OID_RAWSZ);
		handoff__buf_put(&b, (const char *)v->blob.id, GIT_OID_RAWSZ);
		handoff__buf_put(&b, (const char *)v->parent_blob.id, GIT_OID_RAWSZ);
		handoff__buf_put(&b, (const char *)v->config.id, GIT_OID_RAWSZ);
		handoff__buf_put(&b, (const char *)t, sizeof(t));
		handoff__buf_put(&b, (const char *)n, sizeof(n));
		handoff__buf_put(&b, (const char *)&v->flags, sizeof(v->flags));
		handoff__buf_put(&b, v->path, strlen(v->path) + 1);
	}
	err = handoff__buf_failed(&b) ? handoff__error_oom() : handoff__cache_hash(out, b.ptr, b.size);
	handoff_buf_dispose(&b);
	return err;
}

/* ---- writing --------------------------------------------------------- */

static void put_num(handoff_buf *b, double v)
{
	handoff__buf_puts(b, "\t");
	if (!handoff__buf_put_whole(b, v))
		handoff__buf_printf(b, "%.17g", v);
}

/* A line: `tag`, the `ns` strings at `s`, then the `nd` numbers at `d`. */
static void put_line(handoff_buf *b, const char *tag, const char *const *s, size_t ns,
	const double *d, size_t nd)
{
	size_t i;

	handoff__cache_put_all(b, tag, s, ns);
	for (i = 0; i < nd; i++)
		put_num(b, d[i]);
	handoff__buf_puts(b, "\n");
}

static void put_assessments(handoff_buf *b, const handoff_assessments *a)
{
	size_t i, j;

	if (a->times || a->receipts) {	/* the walk's: how many versions a receipt timed */
		handoff__buf_puts(b, "N");
		put_num(b, (double)a->times);
		put_num(b, (double)a->receipts);
		handoff__buf_puts(b, "\n");
	}
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];
		const char *s[] = { as->path, as->id, as->kind, as->commit,
			as->account, as->segment, as->type, as->owner, as->cs_owner, as->team,
			as->acceptance, as->meeting, as->recording, as->participants,
			as->band, as->sla_to, as->rejections_to };
		const double d[] = { (double)as->start, (double)as->completed,
			(double)as->signed_at, (double)as->created, as->score, as->earned, as->max,
			as->rejections, as->escalate_rejections };

		put_line(b, "a", s, ARRAY_SIZE(s), d, ARRAY_SIZE(d));
		for (j = 0; j < as->ncrit; j++) {
			const struct criterion_result *c = &as->crit[j];
			const char *cs[] = { c->group, c->name, c->title, c->why };
			const double cd[] = { c->points, c->max, (double)c->deadline };

			put_line(b, "c", cs, ARRAY_SIZE(cs), cd, ARRAY_SIZE(cd));
		}
		for (j = 0; j < as->nbands; j++) {
			const char *bs[] = { as->bands[j].name };
			const double bd[] = { as->bands[j].min };

			put_line(b, "b", bs, ARRAY_SIZE(bs), bd, ARRAY_SIZE(bd));
		}
		for (j = 0; j < as->nsla; j++) {
			const struct sla_result *r = &as->sla[j];
			const char *rs[] = { r->name, r->title, r->owner, r->owner_role,
				r->escalate_to };
			const double rd[] = { r->state, (double)r->started, (double)r->due,
				(double)r->done, r->backdated };

			put_line(b, "s", rs, ARRAY_SIZE(rs), rd, ARRAY_SIZE(rd));
		}
		for (j = 0; j < as->nexports; j++) {
			const char *xs[] = { as->exports[j].name, as->exports[j].value };
			const double xd[] = { as->exports[j].type };

			put_line(b, "x", xs, ARRAY_SIZE(xs), xd, ARRAY_SIZE(xd));
		}
		if (as->backfilled)
			handoff__buf_puts(b, "B\n");
		for (j = 0; j < as->ncommitments; j++) {
			const struct commitment_result *c = &as->commitments[j];
			const char *ms[] = { c->id, c->text, c->owner, c->person, c->status,
				c->reason, c->due, c->delivered };

			put_line(b, "m", ms, ARRAY_SIZE(ms), NULL, 0);
		}
		for (j = 0; j < as->ndecisions; j++) {
			handoff__buf_puts(b, "d");
			handoff__cache_put(b, as->decisions[j].status);
			put_num(b, (double)as->decisions[j].at);
			handoff__cache_put(b, as->decisions[j].reasons);
			handoff__buf_puts(b, "\n");
		}
	}
	for (i = 0; i < a->nnotes; i++) {
		handoff__buf_puts(b, "n");
		handoff__cache_put(b, a->notes[i]);
		handoff__buf_puts(b, "\n");
	}
}

int handoff__cache_write(handoff_repo *repo, const char *key, const char *tip,
	const handoff_assessments *head, const handoff_assessments *parts,
	const char (*digests)[CACHE_DIGEST_SIZE], size_t n, const struct cache_reader *old)
{
	struct cache_writer w;
	size_t i;
	int err = handoff__cache_writer_open(&w, repo->git, "assessments", MAGIC, key);

	if (err)
		return err;
	handoff__buf_puts(&w.body, "T");
	handoff__cache_put(&w.body, tip);
	handoff__buf_puts(&w.body, "\n");
	put_assessments(&w.body, head);
	for (i = 0; !err && i < n; i++) {
		if (parts[i].cached_len) {
			err = handoff__cache_writer_keep(&w, old, parts[i].cached_at,
				parts[i].cached_len);
		} else {
			handoff__buf_printf(&w.body, "r\t%s\n", digests[i]);
			put_assessments(&w.body, &parts[i]);
			err = handoff__cache_writer_step(&w);
		}
	}
	return err ? err : handoff__cache_writer_commit(&w);
}

/* ---- reading --------------------------------------------------------- */

/* The next field, a copy the caller frees; NULL for none (or with l->bad set). */
static char *field(struct cache_line *l)
{
	char *s = handoff__cache_take(l), *copy = s ? handoff__strdup(s) : NULL;

	if (s && !copy)
		l->bad = 1;
	return copy;
}

static double num(struct cache_line *l)
{
	char *s = handoff__cache_take(l), *end;
	double v = s ? strtod(s, &end) : 0;

	if (!s || !*s || *end)
		l->bad = 1;
	return v;
}

static int read_line(handoff_assessments *a, struct cache_line *l)
{
	struct assessment *as = a->n ? &a->v[a->n - 1] : NULL;
	char tag = *l->p++;
	char *note;

	if (tag == 'N') {
		a->times = (size_t)num(l);
		a->receipts = (size_t)num(l);
	} else if (tag == 'n') {
		note = handoff__cache_take(l);
		if (!note || handoff__assessments_note(a, note) < 0)
			l->bad = 1;
	} else if (tag == 'a') {
		char **s[17];
		size_t j;

		if (!(as = handoff__assessments_add(a)))
			return HANDOFF_ERROR;
		s[0] = &as->path; s[1] = &as->id; s[2] = &as->kind;
		s[3] = &as->commit; s[4] = &as->account; s[5] = &as->segment;
		s[6] = &as->type; s[7] = &as->owner; s[8] = &as->cs_owner; s[9] = &as->team;
		s[10] = &as->acceptance; s[11] = &as->meeting; s[12] = &as->recording;
		s[13] = &as->participants; s[14] = &as->band;
		s[15] = &as->sla_to; s[16] = &as->rejections_to;
		for (j = 0; j < ARRAY_SIZE(s); j++)
			*s[j] = field(l);
		as->start = (long long)num(l);
		as->completed = (long long)num(l);
		as->signed_at = (long long)num(l);
		as->created = (long long)num(l);
		as->score = num(l);
		as->earned = num(l);
		as->max = num(l);
		as->rejections = (unsigned int)num(l);
		as->escalate_rejections = (unsigned int)num(l);
		if (!as->path || !as->kind)
			l->bad = 1;
	} else if (tag == 'c' && as) {
		struct criterion_result *c, *v = realloc(as->crit, (as->ncrit + 1) * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		as->crit = v;
		c = &v[as->ncrit++];
		c->group = field(l);
		c->name = field(l);
		c->title = field(l);
		c->why = field(l);
		c->points = num(l);
		c->max = num(l);
		c->deadline = (long long)num(l);
		if (!c->group || !c->name || !c->title || !c->why)
			l->bad = 1;
	} else if (tag == 'b' && as) {
		struct score_band *v = realloc(as->bands, (as->nbands + 1) * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		as->bands = v;
		v[as->nbands].name = field(l);
		v[as->nbands].min = num(l);
		if (!v[as->nbands++].name)
			l->bad = 1;
	} else if (tag == 's' && as) {
		struct sla_result *r, *v = realloc(as->sla, (as->nsla + 1) * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		as->sla = v;
		r = &v[as->nsla++];
		r->name = field(l);
		r->title = field(l);
		r->owner = field(l);
		r->owner_role = field(l);
		r->escalate_to = field(l);
		r->state = (enum sla_state)((int)num(l) & 3);
		r->started = (long long)num(l);
		r->due = (long long)num(l);
		r->done = (long long)num(l);
		r->backdated = (int)num(l);
		if (!r->name || !r->title)
			l->bad = 1;
	} else if (tag == 'x' && as) {
		char *name = handoff__cache_take(l), *value = handoff__cache_take(l);
		int type = (int)num(l);

		if (!name || type < EXPORT_TEXT || type > EXPORT_SLA ||
		    handoff__assessment_export(as, name, value, (enum export_type)type) < 0)
			l->bad = 1;
	} else if (tag == 'B' && as) {
		as->backfilled = 1;
	} else if (tag == 'm' && as) {
		struct commitment_result c;

		c.id = handoff__cache_take(l); c.text = handoff__cache_take(l); c.owner = handoff__cache_take(l);
		c.person = handoff__cache_take(l); c.status = handoff__cache_take(l); c.reason = handoff__cache_take(l);
		c.due = handoff__cache_take(l); c.delivered = handoff__cache_take(l);
		if (handoff__assessment_commit(as, &c) < 0)
			l->bad = 1;
	} else if (tag == 'd' && as) {
		char *status = handoff__cache_take(l);
		long long at = (long long)num(l);
		char *reasons = handoff__cache_take(l);

		if (!status || handoff__assessment_decide(as, at, status, reasons) < 0)
			l->bad = 1;
	} else {
		l->bad = 1;
	}
	return l->bad || l->p != l->end ? HANDOFF_EINVALID : 0;
}

static int digest_cmp(const void *x, const void *y)
{
	return strcmp((*(struct cached_record *const *)x)->digest,
		(*(struct cached_record *const *)y)->digest);
}

/* A record's entry named by the digest at `hex`: where its lines go. */
static handoff_assessments *add_record(struct assess_cache *c, const char *hex)
{
	struct cached_record *r;

	if (c->n == c->alloc) {
		size_t want = c->alloc ? 2 * c->alloc : 64;

		if (!(r = realloc(c->v, want * sizeof(*r)))) {
			handoff__error_oom();
			return NULL;
		}
		c->v = r;
		c->alloc = want;
	}
	r = &c->v[c->n++];
	memset(r, 0, sizeof(*r));
	memcpy(r->digest, hex, CACHE_DIGEST_SIZE - 1);
	return &r->part;
}

int handoff__cache_read(struct assess_cache *c, struct cache_reader *r,
	handoff_repo *repo, const char *key, const char *tip)
{
	handoff_assessments *target;
	struct cache_line l;
	size_t i, at;
	int err, got;

	memset(c, 0, sizeof(*c));
	if (handoff__cache_reader_open(r, repo->git, "assessments", MAGIC, key) < 0)
		return HANDOFF_ENOTFOUND;
	/* the tip first: another tip's answer is read no further */
	err = handoff__cache_reader_next(&l, r) == 1 && *l.p++ == 'T' &&
		(c->tip = field(&l)) && l.p == l.end && (!tip || !strcmp(c->tip, tip)) ?
		0 : HANDOFF_ENOTFOUND;
	target = &c->head;
	/* each part's place in the file: from its "r" line to the next one's */
	while (!err && (at = r->size, got = handoff__cache_reader_next(&l, r)) != 0) {
		if (got > 0 && *l.p == 'r' && target != &c->head)
			target->cached_len = at - target->cached_at;
		if (got < 0)
			err = HANDOFF_ENOTFOUND;
		else if (*l.p == 'r' && (l.end - l.p != CACHE_DIGEST_SIZE + 1 || l.p[1] != '\t'))
			err = HANDOFF_ENOTFOUND;
		else if (*l.p == 'r' && !(target = add_record(c, l.p + 2)))
			err = HANDOFF_ERROR;
		else if (*l.p == 'r')
			target->cached_at = at;
		else
			err = read_line(target, &l);
	}
	if (!err && target != &c->head)
		target->cached_len = r->size - target->cached_at;
	if (err) {
		handoff__cache_reader_close(r);
		handoff__cache_release(c);
		return err == HANDOFF_EINVALID ? HANDOFF_ENOTFOUND : err;
	}
	if (!(c->by_digest = malloc((c->n + 1) * sizeof(*c->by_digest)))) {
		handoff__cache_release(c);
		return handoff__error_oom();
	}
	for (i = 0; i < c->n; i++)
		c->by_digest[i] = &c->v[i];
	qsort(c->by_digest, c->n, sizeof(*c->by_digest), digest_cmp);
	return 0;
}

handoff_assessments *handoff__cache_find(struct assess_cache *c, const char *digest)
{
	struct cached_record want, *w = &want, **hit;

	memcpy(want.digest, digest, CACHE_DIGEST_SIZE);
	hit = c->n ? bsearch(&w, c->by_digest, c->n, sizeof(*c->by_digest), digest_cmp) : NULL;
	return hit ? &(*hit)->part : NULL;
}

void handoff__cache_release(struct assess_cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		handoff__assessments_release(&c->v[i].part);
	free(c->v);
	free(c->by_digest);
	handoff__assessments_release(&c->head);
	free(c->tip);
	memset(c, 0, sizeof(*c));
}

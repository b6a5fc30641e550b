/*
 * The assessment cache (see cache.h). One text file: a header with the
 * key, then a line per record, criterion, SLA and note, fields split by
 * tabs with \\, \t, \n escaped and \- for "none". Anything unexpected in
 * it is a miss, never an error: the cache is only ever a shortcut.
 */
#include "cache.h"
#include "commit.h"
#include "repo.h"

/* 5: a draft is never complete; 6: criteria carry their deadline, records their kind's bands */
/* 8: records carry their commitments and backfill, SLAs whom to escalate to */
#define MAGIC "git-handoff assessments 8"

static int add_file(handoff_buf *b, const struct source *src, const char *path,
	const char *disk)
{
	char *data = NULL;
	size_t len = 0;
	const char *why;
	int err = disk ? source_read_disk(disk, &data, &len, &why) :
		source_read(src, path, &data, &len, &why);

	handoff__buf_printf(b, "%s %d %zu\n", path, err, len);
	if (err == 0)
		handoff__buf_put(b, data, len);
	free(data);
	return err == HANDOFF_ERROR ? err : 0;
}

int cache_key(char *key, struct source *src, const handoff_assess_options *opts)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	git_object *tip = NULL;
	char **kinds = NULL, hex[GIT_OID_HEXSZ + 1];
	size_t n = 0, i;
	git_oid id;
	int err;

	*key = '\0';
	/* as the history reads it first (commit.h); an unreadable tip: no cache */
	if ((err = raw_commit_resolve(&id, src->repo->git,
	    opts->rev ? opts->rev : "HEAD")) == HANDOFF_EINVALID)
		return 0;
	if (err == 0) {
		git_oid_tostr(hex, sizeof(hex), &id);
	} else if (git_revparse_single(&tip, src->repo->git, opts->rev ? opts->rev : "HEAD") < 0) {
		git_error_clear();
		return 0;	/* unborn: nothing to cache */
	} else {
		git_oid_tostr(hex, sizeof(hex), git_object_id(tip));
		git_object_free(tip);
	}
	handoff__buf_printf(&b, "%s %s\n%s %d %d\n", MAGIC, HANDOFF_VERSION, hex,
		opts->first_parent, opts->author_time);
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
	free_strings(kinds, n);
	if (!err && (!b.ptr || git_odb_hash(&id, b.ptr, b.size, GIT_OBJECT_BLOB) < 0))
		err = handoff__error_oom();
	if (!err)
		git_oid_tostr(key, GIT_OID_HEXSZ + 1, &id);
	handoff_buf_dispose(&b);
	return err;
}

static char *cache_path(handoff_repo *repo)
{
	return handoff__asprintf("%shandoff/assessments",
		git_repository_commondir(repo->git));
}

/* ---- writing --------------------------------------------------------- */

static void put(handoff_buf *b, const char *s)
{
	handoff__buf_puts(b, "\t");
	if (!s) {
		handoff__buf_puts(b, "\\-");
		return;
	}
	for (; *s; s++)
		if (*s == '\\' || *s == '\t' || *s == '\n')
			handoff__buf_put(b, *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : "\\n", 2);
		else
			handoff__buf_put(b, s, 1);
}

static void put_num(handoff_buf *b, double v)
{
	handoff__buf_printf(b, "\t%.17g", v);
}

int cache_write(const handoff_assessments *a, handoff_repo *repo, const char *key)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	char *path = cache_path(repo);
	size_t i, j;
	int err;

	handoff__buf_printf(&b, "%s\t%s\nN", MAGIC, key);
	put(&b, a->clock);
	put(&b, a->timezone);
	handoff__buf_puts(&b, "\n");
	for (i = 0; i < a->nnotes; i++) {
		handoff__buf_puts(&b, "n");
		put(&b, a->notes[i]);
		handoff__buf_puts(&b, "\n");
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

		handoff__buf_puts(&b, "a");
		for (j = 0; j < ARRAY_SIZE(s); j++)
			put(&b, s[j]);
		for (j = 0; j < ARRAY_SIZE(d); j++)
			put_num(&b, d[j]);
		handoff__buf_puts(&b, "\n");
		for (j = 0; j < as->ncrit; j++) {
			const struct criterion_result *c = &as->crit[j];

			handoff__buf_puts(&b, "c");
			put(&b, c->group);
			put(&b, c->name);
			put(&b, c->title);
			put(&b, c->why);
			put_num(&b, c->points);
			put_num(&b, c->max);
			put_num(&b, (double)c->deadline);
			handoff__buf_puts(&b, "\n");
		}
		for (j = 0; j < as->nbands; j++) {
			handoff__buf_puts(&b, "b");
			put(&b, as->bands[j].name);
			put_num(&b, as->bands[j].min);
			handoff__buf_puts(&b, "\n");
		}
		for (j = 0; j < as->nsla; j++) {
			const struct sla_result *r = &as->sla[j];

			handoff__buf_puts(&b, "s");
			put(&b, r->name);
			put(&b, r->title);
			put(&b, r->owner);
			put(&b, r->owner_role);
			put(&b, r->escalate_to);
			put_num(&b, r->state);
			put_num(&b, (double)r->started);
			put_num(&b, (double)r->due);
			put_num(&b, (double)r->done);
			put_num(&b, r->backdated);
			handoff__buf_puts(&b, "\n");
		}
		for (j = 0; j < as->nexports; j++) {
			handoff__buf_puts(&b, "x");
			put(&b, as->exports[j].name);
			put(&b, as->exports[j].value);
			put_num(&b, as->exports[j].type);
			handoff__buf_puts(&b, "\n");
		}
		if (as->backfilled)
			handoff__buf_puts(&b, "B\n");
		for (j = 0; j < as->ncommitments; j++) {
			const struct commitment_result *c = &as->commitments[j];

			handoff__buf_puts(&b, "m");
			put(&b, c->id);
			put(&b, c->text);
			put(&b, c->owner);
			put(&b, c->person);
			put(&b, c->status);
			put(&b, c->reason);
			put(&b, c->due);
			put(&b, c->delivered);
			handoff__buf_puts(&b, "\n");
		}
		for (j = 0; j < as->ndecisions; j++) {
			handoff__buf_puts(&b, "d");
			put(&b, as->decisions[j].status);
			put_num(&b, (double)as->decisions[j].at);
			handoff__buf_puts(&b, "\n");
		}
	}
	err = path && b.ptr ? handoff_write_file(path, b.ptr, b.size, 0) : HANDOFF_ERROR;
	handoff_buf_dispose(&b);
	free(path);
	return err;
}

/* ---- reading --------------------------------------------------------- */

struct line {
	char *p, *end;
	int bad;
};

/* The next field (after its tab), unescaped; NULL for \- or at the end. */
static char *field(struct line *l)
{
	char *out, *o;

	if (l->p >= l->end || *l->p != '\t') {
		l->bad = 1;
		return NULL;
	}
	l->p++;
	if (l->end - l->p >= 2 && l->p[0] == '\\' && l->p[1] == '-' &&
	    (l->p + 2 == l->end || l->p[2] == '\t')) {
		l->p += 2;
		return NULL;
	}
	if (!(o = out = malloc((size_t)(l->end - l->p) + 1))) {
		l->bad = 1;
		return NULL;
	}
	while (l->p < l->end && *l->p != '\t') {
		if (*l->p == '\\' && l->p + 1 < l->end) {
			l->p++;
			*o++ = *l->p == 't' ? '\t' : *l->p == 'n' ? '\n' : *l->p;
			l->p++;
		} else {
			*o++ = *l->p++;
		}
	}
	*o = '\0';
	return out;
}

static double num(struct line *l)
{
	char *s = field(l), *end;
	double v = s ? strtod(s, &end) : 0;

	if (!s || *end)
		l->bad = 1;
	free(s);
	return v;
}

static int read_line(handoff_assessments *a, struct line *l)
{
	struct assessment *as = a->n ? &a->v[a->n - 1] : NULL;
	char tag = *l->p++;
	char *note;

	if (tag == 'N') {
		free(a->clock);
		free(a->timezone);
		a->clock = field(l);
		a->timezone = field(l);
	} else if (tag == 'n') {
		note = field(l);
		if (!note || assessments_note(a, note) < 0)
			l->bad = 1;
		free(note);
	} else if (tag == 'a') {
		char **s[17];
		size_t j;

		if (!(as = assessments_add(a)))
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
		char *name = field(l), *value = field(l);
		int type = (int)num(l);

		if (!name || type < EXPORT_TEXT || type > EXPORT_SLA ||
		    assessment_export(as, name, value, (enum export_type)type) < 0)
			l->bad = 1;
		free(name);
		free(value);
	} else if (tag == 'B' && as) {
		as->backfilled = 1;
	} else if (tag == 'm' && as) {
		struct commitment_result c;

		c.id = field(l); c.text = field(l); c.owner = field(l); c.person = field(l);
		c.status = field(l); c.reason = field(l); c.due = field(l);
		c.delivered = field(l);
		if (assessment_commit(as, &c) < 0)
			l->bad = 1;
		free(c.id); free(c.text); free(c.owner); free(c.person);
		free(c.status); free(c.reason); free(c.due); free(c.delivered);
	} else if (tag == 'd' && as) {
		char *status = field(l);
		long long at = (long long)num(l);

		if (!status)
			l->bad = 1;
		else if (assessment_decide(as, at, status) < 0)
			l->bad = 1;
		free(status);
	} else {
		l->bad = 1;
	}
	return l->bad || l->p != l->end ? HANDOFF_EINVALID : 0;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)size + 1)) &&
	    fread(data, 1, (size_t)size, f) == (size_t)size) {
		*len = (size_t)size;
		data[size] = '\0';
	} else {
		free(data);
		data = NULL;
	}
	if (f)
		fclose(f);
	return data;
}

int cache_read(handoff_assessments *a, handoff_repo *repo, const char *key)
{
	handoff_assessments got;
	char *path = cache_path(repo), *data, *p, *stop;
	size_t len = 0, hlen = strlen(MAGIC) + 1 + strlen(key);
	int err;

	data = path ? read_all(path, &len) : NULL;
	free(path);
	if (!data)
		return HANDOFF_ENOTFOUND;
	memset(&got, 0, sizeof(got));
	err = len > hlen && !memcmp(data, MAGIC "\t", strlen(MAGIC) + 1) &&
		!memcmp(data + strlen(MAGIC) + 1, key, strlen(key)) &&
		data[hlen] == '\n' ? 0 : HANDOFF_ENOTFOUND;
	for (p = data + hlen + 1, stop = data + len; !err && p < stop; ) {
		struct line l;

		l.p = p;
		if (!(l.end = memchr(p, '\n', (size_t)(stop - p))))
			l.end = stop;
		l.bad = 0;
		err = read_line(&got, &l);
		p = l.end + 1;
	}
	free(data);
	if (err) {
		assessments_release(&got);
		return err;
	}
	assessments_release(a);
	*a = got;
	return 0;
}

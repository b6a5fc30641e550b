/*
 * Receipts (see receipts.h): written by the server's post-receive, read
 * into an overlay once per run, applied to the history's versions.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "changes.h"
#include "clock.h"
#include "format.h"
#include "identity.h"
#include "receipts.h"
#include "source.h"

#define NOTE_MAX	(1u << 20)	/* a bigger note is not ours: skipped */
#define RECORDS_MAX	10000		/* record: lines in one receipt */
#define FUTURE_SLACK	300		/* seconds of clock skew a commit may be ahead */
#define WRITE_TRIES	16		/* concurrent pushes moving the ref first */

struct commit_receipt {
	git_oid commit;
	long long time;
	int signalled;
	char *pusher;		/* the login the server named; NULL: unknown */
};

struct blob_receipt {
	git_oid blob, parent, commit;
	char *path;
	long long time;
};

struct receipts {
	struct commit_receipt *c;
	size_t nc, ac;
	struct blob_receipt *b;
	size_t nb, ab;
};

void handoff__receipts_free(struct receipts *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nb; i++)
		free(r->b[i].path);
	free(r->b);
	for (i = 0; i < r->nc; i++)
		free(r->c[i].pusher);
	free(r->c);
	free(r);
}

/* ---- reading ---------------------------------------------------------- */

/* The value after "key: " on the line [p, end), or NULL. */
static const char *value(const char *p, const char *end, const char *key)
{
	size_t n = strlen(key);

	if ((size_t)(end - p) < n + 2 || memcmp(p, key, n) || p[n] != ':' || p[n + 1] != ' ')
		return NULL;
	return p + n + 2;
}

/* "record: <blob> <parent> <path>" */
static int add_record(struct receipts *r, const git_oid *commit, long long t,
	const char *p, const char *end)
{
	struct blob_receipt *b;

	if (end - p < 2 * GIT_OID_HEXSZ + 3 || p[GIT_OID_HEXSZ] != ' ' ||
	    p[2 * GIT_OID_HEXSZ + 1] != ' ')
		return 0;
	if (handoff__array_grow((void **)&r->b, &r->ab, r->nb + 1, sizeof(*r->b)) < 0)
		return HANDOFF_ERROR;
	b = &r->b[r->nb];
	if (git_oid_fromstrn(&b->blob, p, GIT_OID_HEXSZ) < 0 ||
	    git_oid_fromstrn(&b->parent, p + GIT_OID_HEXSZ + 1, GIT_OID_HEXSZ) < 0) {
		git_error_clear();
		return 0;
	}
	p += 2 * GIT_OID_HEXSZ + 2;
	if (!(b->path = handoff__strndup(p, (size_t)(end - p))))
		return HANDOFF_ERROR;
	b->commit = *commit;
	b->time = t;
	r->nb++;
	return 0;
}

static int parse_note(struct receipts *r, const git_oid *commit,
	const char *text, size_t len)
{
	const char *p = text, *end = text + len, *eol, *v;
	long long t = 0;
	int date_only = 1, err = 0;

	/* the time first: record lines are read only when the note has one */
	for (p = text; p < end && date_only; p = eol + 1) {
		if (!(eol = memchr(p, '\n', (size_t)(end - p))))
			eol = end;
		if ((v = value(p, eol, "received")) &&
		    !handoff__format_parse_time(v, (size_t)(eol - v), &t, &date_only))
			date_only = 1;
	}
	if (date_only)
		return 0;
	if (handoff__array_grow((void **)&r->c, &r->ac, r->nc + 1, sizeof(*r->c)) < 0)
		return HANDOFF_ERROR;
	r->c[r->nc].commit = *commit;
	r->c[r->nc].time = t;
	r->c[r->nc].signalled = 0;
	r->c[r->nc].pusher = NULL;
	r->nc++;
	for (p = text; !err && p < end; p = eol + 1) {
		if (!(eol = memchr(p, '\n', (size_t)(end - p))))
			eol = end;
		if ((v = value(p, eol, "record")))
			err = add_record(r, commit, t, v, eol);
		else if ((v = value(p, eol, "pusher")) && !r->c[r->nc - 1].pusher &&
		    !(eol - v == 7 && !memcmp(v, "unknown", 7)) &&
		    !(r->c[r->nc - 1].pusher = handoff__strndup(v, (size_t)(eol - v))))
			err = HANDOFF_ERROR;
	}
	return err;
}

static int by_commit(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct commit_receipt *)a)->commit,
		&((const struct commit_receipt *)b)->commit);
}

/* By blob and path, the earliest first. */
/* What a lookup names: the blob and its path. */
static int by_blob_path(const void *a, const void *b)
{
	const struct blob_receipt *x = a, *y = b;
	int c = git_oid_cmp(&x->blob, &y->blob);

	return c ? c : strcmp(x->path, y->path);
}

static int by_blob(const void *a, const void *b)
{
	const struct blob_receipt *x = a, *y = b;
	int c = by_blob_path(a, b);

	if (!c)
		c = (x->time > y->time) - (x->time < y->time);
	return c ? c : git_oid_cmp(&x->commit, &y->commit);
}

/* Sorted for lookups; of a blob at a path only its first receipt kept. */
static void index_receipts(struct receipts *r)
{
	size_t i, n = 0;

	if (r->nc)
		qsort(r->c, r->nc, sizeof(*r->c), by_commit);
	if (r->nb)
		qsort(r->b, r->nb, sizeof(*r->b), by_blob);
	for (i = 0; i < r->nb; i++) {
		if (n && !by_blob_path(&r->b[n - 1], &r->b[i])) {
			free(r->b[i].path);
			continue;
		}
		r->b[n++] = r->b[i];
	}
	r->nb = n;
}

int handoff__receipts_parse(struct receipts **out, const git_oid *commit,
	const char *text, size_t len)
{
	struct receipts *r = calloc(1, sizeof(*r));
	int err;

	*out = NULL;
	if (!r)
		return handoff__error_oom();
	if ((err = parse_note(r, commit, text, len)) < 0) {
		handoff__receipts_free(r);
		return err;
	}
	index_receipts(r);
	*out = r;
	return 0;
}

int handoff__receipts_tip(git_oid *out, git_repository *git)
{
	int err = git_reference_name_to_id(out, git, HANDOFF_RECEIPTS_REF);

	if (err == GIT_ENOTFOUND) {
		git_error_clear();
		return HANDOFF_ENOTFOUND;
	}
	return err < 0 ? handoff__error_from_git(err) : 0;
}

int handoff__receipts_load(struct receipts **out, git_repository *git)
{
	struct receipts *r = calloc(1, sizeof(*r));
	git_note_iterator *it = NULL;
	git_oid note_id, commit_id;
	int err;

	*out = NULL;
	if (!r)
		return handoff__error_oom();
	if ((err = git_note_iterator_new(&it, git, HANDOFF_RECEIPTS_REF)) == GIT_ENOTFOUND) {
		git_error_clear();
		*out = r;
		return 0;
	}
	if (err < 0) {
		handoff__receipts_free(r);
		return handoff__error_from_git(err);
	}
	while ((err = git_note_next(&note_id, &commit_id, it)) == 0) {
		git_blob *blob = NULL;

		if (git_blob_lookup(&blob, git, &note_id) < 0) {
			git_error_clear();
			continue;
		}
		if (git_blob_rawsize(blob) <= NOTE_MAX)
			err = parse_note(r, &commit_id, git_blob_rawcontent(blob),
				(size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		if (err < 0)
			break;
	}
	git_note_iterator_free(it);
	if (err == GIT_ITEROVER) {
		git_error_clear();
		err = 0;
	} else if (err != HANDOFF_ERROR) {
		err = handoff__error_from_git(err);
	}
	if (err < 0) {
		handoff__receipts_free(r);
		return err;
	}
	index_receipts(r);
	*out = r;
	return 0;
}

static struct commit_receipt *find_commit(const struct receipts *r, const git_oid *id)
{
	struct commit_receipt key;

	if (!r->nc)
		return NULL;
	key.commit = *id;
	return bsearch(&key, r->c, r->nc, sizeof(*r->c), by_commit);
}

int handoff__receipts_any(const struct receipts *r)
{
	return r && r->nc;
}

const char *handoff__receipts_pusher(const struct receipts *r, const git_oid *commit)
{
	const struct commit_receipt *c = r ? find_commit(r, commit) : NULL;

	return c ? c->pusher : NULL;
}

static const struct blob_receipt *find_blob(const struct receipts *r,
	const git_oid *blob, const char *path)
{
	struct blob_receipt key;

	if (!r->nb)
		return NULL;
	key.blob = *blob;
	key.path = (char *)path;
	return bsearch(&key, r->b, r->nb, sizeof(*r->b), by_blob_path);
}

/* ---- applying --------------------------------------------------------- */

void handoff__receipts_use_release(struct receipts_use *u)
{
	size_t i;

	for (i = 0; i < u->nsignals; i++) {
		free(u->signals[i].path);
		free(u->signals[i].email);
	}
	free(u->signals);
	memset(u, 0, sizeof(*u));
}

static int check_signal(struct receipts_use *out, struct commit_receipt *c,
	const struct version *v, double tolerance)
{
	struct receipt_signal *s;
	int future = v->commit_time > c->time + FUTURE_SLACK;

	if (c->signalled || (!future && (double)v->commit_time + tolerance >= (double)c->time))
		return 0;
	c->signalled = 1;
	if (handoff__array_grow((void **)&out->signals, &out->asignals, out->nsignals + 1, sizeof(*s)) < 0)
		return HANDOFF_ERROR;
	s = &out->signals[out->nsignals++];
	s->commit = c->commit;
	s->committed = v->commit_time;
	s->received = c->time;
	s->future = future;
	s->path = handoff__strdup(v->path);
	s->email = v->author_email ? handoff__strdup(v->author_email) : NULL;
	return s->path && (s->email || !v->author_email) ? 0 : HANDOFF_ERROR;
}

/* A version made again from a received commit's receipt of `b`. */
static int fill_version(struct version *nv, const struct version *tmpl,
	const struct blob_receipt *b, git_repository *git, struct history *h)
{
	git_commit *c = NULL;
	const git_signature *who = NULL;

	memset(nv, 0, sizeof(*nv));
	nv->commit = b->commit;
	nv->blob = b->blob;
	nv->parent_blob = b->parent;
	nv->config = tmpl->config;
	nv->commit_time = nv->author_time = b->time;
	if (git_commit_lookup(&c, git, &b->commit) == 0)
		who = git_commit_author(c);
	git_error_clear();
	nv->author_name = who ? handoff__history_str(h, who->name) : tmpl->author_name;
	nv->author_email = who ? handoff__history_str(h, who->email) : tmpl->author_email;
	nv->path = tmpl->path;
	git_commit_free(c);
	return nv->author_name && nv->author_email && nv->path ? 0 : HANDOFF_ERROR;
}

/*
 * Version i's blob traced back through the receipts, from `b`, to the
 * record's blob before it: the versions of a squashed branch, made again
 * before version i. *added says how many.
 */
static int expand(struct history *h, struct record_history *rh, size_t i,
	const struct blob_receipt *b, const struct receipts *r,
	git_repository *git, size_t *added)
{
	const struct blob_receipt **chain = NULL, *cur = b;
	size_t n = 0, alloc = 0, k;
	int err = 0;

	*added = 0;
	for (;;) {
		if (n == r->nb)		/* a cycle: no way back */
			goto done;
		if ((err = handoff__array_grow((void **)&chain, &alloc, n + 1, sizeof(*chain))) < 0)
			goto done;
		chain[n++] = cur;
		if (!git_oid_cmp(&cur->parent, &rh->v[i].parent_blob))
			break;
		if (git_oid_is_zero(&cur->parent) ||
		    !(cur = find_blob(r, &cur->parent, rh->v[i].path)))
			goto done;
	}
	if (n < 2 || (err = handoff__array_grow((void **)&rh->v, &rh->alloc, rh->n + n - 1,
	    sizeof(*rh->v))) < 0)
		goto done;
	memmove(&rh->v[i + n - 1], &rh->v[i], (rh->n - i) * sizeof(*rh->v));
	for (k = 0; k < n - 1; k++) {
		rh->n++;
		if ((err = fill_version(&rh->v[i + k], &rh->v[i + n - 1],
		    chain[n - 1 - k], git, h)) < 0) {
			/* the rest left empty, not half made */
			memset(&rh->v[i + k + 1], 0, (n - 2 - k) * sizeof(*rh->v));
			rh->n += n - 2 - k;
			goto done;
		}
	}
	rh->v[i + n - 1].parent_blob = b->parent;
	*added = n - 1;
done:
	free(chain);
	return err;
}

static void set_time(struct version *v, long long t)
{
	v->commit_time = v->author_time = t;
	v->commit_offset = v->author_offset = 0;
}

static int apply_record(struct receipts_use *out, struct history *h,
	struct record_history *rh, struct receipts *r, git_repository *git,
	double tolerance, int own_only)
{
	long long floor = LLONG_MIN;
	size_t i, k, added;
	int err = 0;

	for (i = 0; !err && i < rh->n; i++) {
		struct version *v = &rh->v[i];
		struct commit_receipt *own = find_commit(r, &v->commit);
		const struct blob_receipt *b = NULL;
		long long t = LLONG_MAX;

		if (own && (err = check_signal(out, own, v, tolerance)) < 0)
			break;
		if (!own_only && !(v->flags & VERSION_DELETED))
			b = find_blob(r, &v->blob, v->path);
		if (b && git_oid_cmp(&b->parent, &v->parent_blob)) {
			if ((err = expand(h, rh, i, b, r, git, &added)) < 0)
				break;
			for (k = 0; k < added; k++, i++) {
				floor = rh->v[i].commit_time > floor ? rh->v[i].commit_time : floor;
				set_time(&rh->v[i], floor);
				out->times++;
				out->receipts++;
			}
			v = &rh->v[i];
		}
		out->times++;
		if (own)
			t = own->time;
		if (b && b->time < t)
			t = b->time;
		if (t == LLONG_MAX)
			continue;
		floor = t > floor ? t : floor;
		set_time(v, floor);
		out->receipts++;
	}
	return err;
}

int handoff__receipts_apply(struct receipts_use *out, struct history *h,
	struct receipts *r, git_repository *git, double tolerance, int own_only)
{
	size_t i;
	int err = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; !err && i < h->n; i++)
		err = apply_record(out, h, &h->records[i], r, git, tolerance, own_only);
	return err;
}

void handoff__receipts_clock_label(char *buf, size_t size, size_t receipts, size_t times,
	const char *clock)
{
	if (!receipts)
		snprintf(buf, size, "commit dates (self-asserted, %s time)", clock);
	else if (receipts == times)
		snprintf(buf, size, "server receipts");
	else
		snprintf(buf, size, "mixed: %zu of %zu from receipts, the rest %s time",
			receipts, times, clock);
}

void handoff__receipts_clock_json(handoff_buf *b, size_t receipts, size_t times,
	const char *clock)
{
	char label[128];

	handoff__receipts_clock_label(label, sizeof(label), receipts, times, clock);
	handoff__buf_puts(b, ",\"clock_source\":{\"label\":");
	handoff__buf_json_str(b, label, strlen(label));
	handoff__buf_printf(b, ",\"receipts\":%zu,\"times\":%zu}", receipts, times);
}

char *handoff__receipts_signal_message(const struct receipt_signal *s)
{
	char hex[8], dated[40], received[40], span[32];

	git_oid_tostr(hex, sizeof(hex), &s->commit);
	handoff__format_iso_time(dated, sizeof(dated), s->committed, 0);
	handoff__format_iso_time(received, sizeof(received), s->received, 0);
	handoff__clock_span(span, sizeof(span), s->future ? s->committed - s->received :
		s->received - s->committed);
	return handoff__asprintf("commit %s is dated %s, %s %s the server received it at %s",
		hex, dated, span, s->future ? "after" : "before", received);
}

/* ---- writing (the server's post-receive) ------------------------------ */

static int is_zero_hex(const char *hex)
{
	return strspn(hex, "0") == strlen(hex);
}

/* The printable part of an environment value, for one line of a note. */
static void put_line(handoff_buf *b, const char *key, const char *s)
{
	handoff__buf_printf(b, "%s: ", key);
	for (; s && *s; s++)
		handoff__buf_put(b, (unsigned char)*s < 0x20 || *s == 0x7f ? "?" : s, 1);
	handoff__buf_puts(b, "\n");
}

/* The Markdown files `c` adds or changes against its first parent. */
static int put_records(handoff_buf *b, git_repository *git, git_commit *c)
{
	git_commit *parent = NULL;
	git_tree *old = NULL, *cur = NULL;
	git_diff *diff = NULL;
	size_t i, n, kept = 0;
	int err;

	if ((err = git_commit_tree(&cur, c)) < 0 ||
	    (git_commit_parentcount(c) && ((err = git_commit_parent(&parent, c, 0)) < 0 ||
	    (err = git_commit_tree(&old, parent)) < 0)) ||
	    (err = git_diff_tree_to_tree(&diff, git, old, cur, NULL)) < 0) {
		err = handoff__error_from_git(err);
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n && kept < RECORDS_MAX; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path;
		size_t len = strlen(path);
		char blob[GIT_OID_HEXSZ + 1], was[GIT_OID_HEXSZ + 1];

		if (d->status == GIT_DELTA_DELETED || len < 3 || strcmp(path + len - 3, ".md") ||
		    strchr(path, '\n'))
			continue;
		git_oid_tostr(blob, sizeof(blob), &d->new_file.id);
		git_oid_tostr(was, sizeof(was), &d->old_file.id);
		handoff__buf_printf(b, "record: %s %s %s\n", blob, was, path);
		kept++;
	}
done:
	git_diff_free(diff);
	git_tree_free(old);
	git_tree_free(cur);
	git_commit_free(parent);
	return err;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * What the server had before the push, read once for all its updates:
 * every pushed ref's old value and every ref the push left alone (not
 * the notes). Into *out (owned), *n of them.
 */
static int known_before(git_oid **out, size_t *n, git_repository *git,
	const handoff_receipts_options *o)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	const char **pushed = NULL;
	git_oid *v = NULL;
	size_t alloc = 0, j;
	int err = 0;

	*out = NULL;
	*n = 0;
	if (!(pushed = calloc(o->nupdates ? o->nupdates : 1, sizeof(*pushed))))
		return handoff__error_oom();
	for (j = 0; j < o->nupdates; j++)
		pushed[j] = o->updates[j].ref;
	qsort(pushed, o->nupdates, sizeof(*pushed), by_name);
	for (j = 0; !err && j < o->nupdates; j++)
		if (!is_zero_hex(o->updates[j].old_id) &&
		    (err = handoff__array_grow((void **)&v, &alloc, *n + 1, sizeof(*v))) == 0 &&
		    git_oid_fromstr(&v[*n], o->updates[j].old_id) == 0)
			(*n)++;
	if (!err && git_reference_iterator_new(&it, git) < 0)
		err = handoff__error_from_git(-1);
	while (!err && git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);
		git_object *peeled = NULL;

		if (strncmp(name, "refs/notes/", 11) &&
		    !bsearch(&name, pushed, o->nupdates, sizeof(*pushed), by_name) &&
		    git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0 &&
		    (err = handoff__array_grow((void **)&v, &alloc, *n + 1, sizeof(*v))) == 0)
			v[(*n)++] = *git_object_id(peeled);
		git_object_free(peeled);
		git_reference_free(ref);
	}
	git_error_clear();
	git_reference_iterator_free(it);
	free(pushed);
	if (err < 0) {
		free(v);
		*n = 0;
		return err;
	}
	*out = v;
	return 0;
}

/*
 * The commits update u brought: reachable from its new value, not from
 * what the server had before (`before`, known_before()'s).
 */
static int walk_new(git_revwalk **out, git_repository *git,
	const handoff_receipts_options *o, size_t u, const git_oid *before, size_t nbefore)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t j;
	int err;

	*out = NULL;
	if ((err = git_revwalk_new(&w, git)) < 0 ||
	    (err = git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE)) < 0 ||
	    (err = git_oid_fromstr(&id, o->updates[u].new_id)) < 0)
		goto done;
	if (git_revwalk_push(w, &id) < 0) {
		git_error_clear();	/* a tag of a tree or a blob: no commits */
		goto done;
	}
	for (j = 0; j < nbefore; j++)
		if (git_revwalk_hide(w, &before[j]) < 0)
			git_error_clear();	/* one that is gone hides nothing */
	err = 0;
done:
	if (err < 0) {
		git_revwalk_free(w);
		return handoff__error_from_git(err);
	}
	*out = w;
	return 0;
}

/* The receipt of `c`, by this push. */
static int note_text(handoff_buf *b, git_repository *git, git_commit *c,
	const handoff_receipts_options *o, const char *ref)
{
	char when[40];
	time_t t = (time_t)o->now;
	struct tm tm;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	handoff__buf_printf(b, "received: %s\n", when);
	put_line(b, "pusher", o->pusher.login ? o->pusher.login : "unknown");
	put_line(b, "via", o->pusher.via ? o->pusher.via : "none");
	put_line(b, "ref", ref);
	return put_records(b, git, c);
}

/*
 * One attempt: every new commit without a receipt gets one, in notes
 * commits on top of `*tip` (NULL: none yet); *tip becomes the last.
 */
static int add_notes(git_commit **tip, size_t *written, git_repository *git,
	const handoff_receipts_options *o, const git_signature *sig)
{
	git_oid *before = NULL;
	size_t u, nbefore = 0;
	int err = known_before(&before, &nbefore, git, o);

	for (u = 0; !err && u < o->nupdates; u++) {
		git_revwalk *w = NULL;
		git_note *had = NULL;
		git_oid id;

		if (is_zero_hex(o->updates[u].new_id) ||
		    !strcmp(o->updates[u].ref, HANDOFF_RECEIPTS_REF) ||
		    git_oid_fromstr(&id, o->updates[u].new_id) < 0)
			continue;
		/* a tip received already (by this push, say) brought nothing new */
		if (*tip && git_note_commit_read(&had, git, *tip, &id) == 0) {
			git_note_free(had);
			continue;
		}
		git_error_clear();
		if ((err = walk_new(&w, git, o, u, before, nbefore)) < 0)
			break;
		while (!err && git_revwalk_next(&id, w) == 0) {
			handoff_buf text = HANDOFF_BUF_INIT;
			git_note *note = NULL;
			git_commit *c = NULL, *next = NULL;
			git_oid next_id, blob_id;

			if (*tip && git_note_commit_read(&note, git, *tip, &id) == 0) {
				git_note_free(note);
				continue;	/* a commit keeps its first receipt */
			}
			git_error_clear();
			if ((err = git_commit_lookup(&c, git, &id)) < 0) {
				err = handoff__error_from_git(err);
				break;
			}
			if ((err = note_text(&text, git, c, o, o->updates[u].ref)) == 0 &&
			    handoff__buf_failed(&text))
				err = HANDOFF_ERROR;
			if (!err && ((err = git_note_commit_create(&next_id, &blob_id, git, *tip,
			    sig, sig, &id, text.ptr, 0)) < 0 ||
			    (err = git_commit_lookup(&next, git, &next_id)) < 0))
				err = handoff__error_from_git(err);
			if (!err) {
				git_commit_free(*tip);
				*tip = next;
				(*written)++;
			}
			handoff_buf_dispose(&text);
			git_commit_free(c);
		}
		git_error_clear();
		git_revwalk_free(w);
	}
	free(before);
	return err;
}

/*
 * One notes commit for the whole push (its tree the last of add_notes'),
 * the ref moved only from the value it had: 1 when another push moved it
 * first, to try again.
 */
static int try_write(size_t *written, git_repository *git,
	const handoff_receipts_options *o, const git_signature *sig)
{
	git_commit *base = NULL, *tip = NULL;
	git_reference *ref = NULL;
	git_tree *tree = NULL;
	git_oid old, id;
	int have_old, err;

	*written = 0;
	have_old = handoff__receipts_tip(&old, git) == 0;
	if (have_old && (err = git_commit_lookup(&base, git, &old)) < 0)
		return handoff__error_from_git(err);
	if (base && (err = git_commit_dup(&tip, base)) < 0) {
		git_commit_free(base);
		return handoff__error_from_git(err);
	}
	if ((err = add_notes(&tip, written, git, o, sig)) < 0 || !*written)
		goto done;
	if ((err = git_commit_tree(&tree, tip)) < 0 ||
	    (err = git_commit_create(&id, git, NULL, sig, sig, NULL,
	    "receipts of a push\n", tree, base ? 1 : 0,
	    (const git_commit **)&base)) < 0) {
		err = handoff__error_from_git(err);
		goto done;
	}
	err = git_reference_create_matching(&ref, git, HANDOFF_RECEIPTS_REF, &id,
		have_old, have_old ? &old : NULL, "git-handoff: receipts of a push");
	if (err == GIT_EMODIFIED || err == GIT_EEXISTS || err == GIT_ELOCKED) {
		git_error_clear();
		err = 1;
	} else if (err < 0) {
		err = handoff__error_from_git(err);
	}
done:
	git_reference_free(ref);
	git_tree_free(tree);
	git_commit_free(tip);
	git_commit_free(base);
	return err;
}

/* Who pushed, as the config at HEAD (after the push) reads `env`. */
static int pusher_of(handoff_receipts_options *o, struct pusher *p, handoff_repo *repo)
{
	struct source src;
	struct config *dflt = NULL;
	int err = handoff__source_open(&src, repo, HANDOFF_SOURCE_REV, "HEAD");

	if (err < 0 && (err = handoff__config_default(&dflt)) < 0)
		return err;
	git_error_clear();
	handoff__identity_pusher(p, err < 0 ? dflt : src.config, o->env);
	if (err >= 0)
		handoff__source_release(&src);
	handoff__config_free(dflt);
	o->pusher.login = p->login ? p->login : p->email[0] ? p->email : NULL;
	o->pusher.via = p->login || p->email[0] ? p->from : "none";
	return 0;
}

int handoff_receipts_write(size_t *written, handoff_repo *repo,
	const handoff_receipts_options *options)
{
	handoff_receipts_options copy = *options, *opts = &copy;
	struct pusher p;
	git_signature *sig = NULL;
	size_t n = 0;
	int err, tries;

	if (written)
		*written = 0;
	if (!repo->git)
		return handoff__error_set(HANDOFF_ERROR_GIT, "not a git repository"),
			HANDOFF_ERROR;
	if (opts->env && (err = pusher_of(opts, &p, repo)) < 0)
		return err;
	if ((err = git_signature_new(&sig, "git-handoff", "git-handoff@receipts",
	    (git_time_t)opts->now, 0)) < 0)
		return handoff__error_from_git(err);
	for (tries = 0; (err = try_write(&n, repo->git, opts, sig)) == 1; tries++) {
		/* the other push holds the ref for a moment: wait a little longer each time */
		struct timespec pause = { 0, 5000000L * (tries + 1) };

		nanosleep(&pause, NULL);
		if (tries == WRITE_TRIES) {
			handoff__error_set(HANDOFF_ERROR_GIT, "'%s' kept moving: "
				"%d concurrent pushes in a row", HANDOFF_RECEIPTS_REF, WRITE_TRIES);
			err = HANDOFF_ERROR;
			break;
		}
	}
	git_signature_free(sig);
	if (!err && written)
		*written = n;
	return err < 0 ? HANDOFF_ERROR : err;
}

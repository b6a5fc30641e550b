/*
 * One id, one record, checked by the pre-commit hook (ids.h).
 *
 * A copy of a record keeps its id, and the copy's own lines say nothing
 * of it: only the other records of the commit do. Reading 10,000 records
 * in every commit would cost more than the rest of the hook, so the id
 * of each blob is remembered in <common git dir>/handoff/ids, one line a
 * blob:
 *
 *	git-handoff ids 1
 *	<blob id> <m|y> <line> <col> <record id>
 *	<blob id> <m|y> 0 0			(no id)
 *
 * sorted by blob id and reader ('m': a Markdown record, its front
 * matter; 'y': a YAML one, the same bytes can say different things to
 * each). A blob's bytes never change, so an entry is never stale: the
 * cache can be old, but not wrong. Anything unexpected in the file (cut
 * short, out of order, another version) makes the whole of it ignored;
 * the ids are read again and the file rewritten. Only the `id:` line of
 * a record is read (record_peek), as the server does; no YAML is parsed.
 * It runs only when the commit adds or changes a record.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "config.h"
#include "ids.h"
#include "record.h"
#include "repo.h"
#include "staged.h"

#define MAGIC "git-handoff ids 1\n"
#define CACHE_MAX (256u * 1024 * 1024)

/* What a blob says its id is, to one reader. */
struct known {
	const char *blob;	/* hex */
	char reader;		/* 'm' or 'y' */
	unsigned int line, col;	/* 0 0: no id */
	const char *id;		/* "" when none */
	int used;		/* a record of this index */
};

struct table {
	struct known *v;
	size_t n, alloc;
};

/* A record of the index. */
struct entry {
	char *path;
	char blob[65];
	char reader;
	const struct known *k;
	char *blob_copy, *id_copy;	/* owned by the entry when read now */
	struct known fresh;
	int changed;
};

struct walk {
	const struct config *cfg;
	struct entry *v;
	size_t n, alloc;
};

static int by_blob(const void *a, const void *b)
{
	const struct known *x = a, *y = b;
	int c = strcmp(x->blob, y->blob);

	return c ? c : (x->reader > y->reader) - (x->reader < y->reader);
}

static int is_yaml(const char *p)
{
	size_t n = strlen(p);

	return (n > 5 && !strcmp(p + n - 5, ".yaml")) || (n > 4 && !strcmp(p + n - 4, ".yml"));
}

static int push(struct table *t, const struct known *k)
{
	if (t->n == t->alloc) {
		size_t more = t->alloc ? 2 * t->alloc : 256;
		struct known *v = realloc(t->v, more * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		t->v = v;
		t->alloc = more;
	}
	t->v[t->n++] = *k;
	return 0;
}

/* A decimal number ending at `stop`; 0 when it is not one. */
static int number(char **s, char stop, unsigned int *out)
{
	unsigned long v = 0;
	char *p = *s;

	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (unsigned long)(*p - '0')) > 1000000000ul)
			return 0;
	if (*p != stop)
		return 0;
	*out = (unsigned int)v;
	*s = p + 1;
	return 1;
}

/*
 * The lines of the cache file `text` (NUL-terminated, changed in place
 * to end each field) into t; 0 when the file is not one, and t is empty.
 */
static int parse(struct table *t, char *text)
{
	char *p;

	if (strncmp(text, MAGIC, strlen(MAGIC)))
		return 0;
	for (p = text + strlen(MAGIC); *p; ) {
		struct known k;
		size_t h = strspn(p, "0123456789abcdef");
		char *nl;

		memset(&k, 0, sizeof(k));
		if ((h != 40 && h != 64) || p[h] != ' ' ||
		    (p[h + 1] != 'm' && p[h + 1] != 'y') || p[h + 2] != ' ')
			goto bad;
		k.blob = p;
		k.reader = p[h + 1];
		p[h] = '\0';
		p += h + 3;
		if (!number(&p, ' ', &k.line))
			goto bad;
		if (!k.line) {
			if (*p != '0' || p[1] != '\n')
				goto bad;
			k.id = "";
			p += 2;
		} else {
			if (!number(&p, ' ', &k.col) || !k.col || !(nl = strchr(p, '\n')) ||
			    nl == p || nl - p >= 128)
				goto bad;
			*nl = '\0';
			k.id = p;
			p = nl + 1;
		}
		if ((t->n && by_blob(&t->v[t->n - 1], &k) >= 0) || push(t, &k) < 0)
			goto bad;
	}
	return 1;
bad:
	t->n = 0;
	return 0;
}

/* The cache file whole, NUL-terminated; NULL when there is none to read. */
static char *slurp(const char *path)
{
	struct stat sb;
	char *text = NULL;
	size_t got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= 0 &&
	    (unsigned long long)sb.st_size < CACHE_MAX &&
	    (text = malloc((size_t)sb.st_size + 1))) {
		while (got < (size_t)sb.st_size) {
			ssize_t r = read(fd, text + got, (size_t)sb.st_size - got);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		text[got] = '\0';
		if (got != (size_t)sb.st_size || memchr(text, '\0', got)) {
			free(text);
			text = NULL;
		}
	}
	close(fd);
	return text;
}

static int add_entry(const char *path, unsigned int mode, const char *id, void *payload)
{
	struct walk *w = payload;
	struct entry *e;

	if ((mode & 0170000) != 0100000 || strlen(id) > 64 ||
	    !config_is_record_path(w->cfg, path) || !record_path_is_record(path))
		return 0;
	if (w->n == w->alloc) {
		size_t more = w->alloc ? 2 * w->alloc : 256;

		if (!(e = realloc(w->v, more * sizeof(*e))))
			return handoff__error_oom();
		w->v = e;
		w->alloc = more;
	}
	e = &w->v[w->n];
	memset(e, 0, sizeof(*e));
	if (!(e->path = handoff__strdup(path)))
		return HANDOFF_ERROR;
	strcpy(e->blob, id);
	e->reader = is_yaml(path) ? 'y' : 'm';
	w->n++;
	return 0;
}

/* What e's blob says, read now: ENOTFOUND when it cannot be read (no id, not kept). */
static int read_id(struct staged *st, struct entry *e)
{
	char *data = NULL, name[128];
	size_t len = 0;
	int err;

	if ((err = staged_read(st, e->blob, &data, &len)) < 0)
		return err == HANDOFF_EINVALID ? HANDOFF_ENOTFOUND : err;
	e->fresh.reader = e->reader;
	if (record_peek(data, len, e->reader == 'm', "id", name, sizeof(name),
	    &e->fresh.line, &e->fresh.col) && !strchr(name, '\n')) {
		e->id_copy = handoff__strdup(name);
	} else {
		e->fresh.line = e->fresh.col = 0;
		e->id_copy = handoff__strdup("");
	}
	free(data);
	if (!e->id_copy || !(e->blob_copy = handoff__strdup(e->blob)))
		return HANDOFF_ERROR;
	e->fresh.blob = e->blob_copy;
	e->fresh.id = e->id_copy;
	e->k = &e->fresh;
	return 0;
}

/* The cache rewritten: the ids of this index, and older ones while they are few. */
static void save(const char *path, struct table *old, const struct walk *w)
{
	struct table t = { NULL, 0, 0 };
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i, keep_unused;
	int err = 0;

	/* a branch's other versions stay, up to about the index's size again */
	keep_unused = old->n <= 2 * w->n + 1024;
	for (i = 0; !err && i < old->n; i++)
		if (old->v[i].used || keep_unused)
			err = push(&t, &old->v[i]);
	for (i = 0; !err && i < w->n; i++)
		if (w->v[i].k == &w->v[i].fresh)
			err = push(&t, &w->v[i].fresh);
	if (err < 0)
		goto done;
	qsort(t.v, t.n, sizeof(*t.v), by_blob);
	err = handoff__buf_puts(&b, MAGIC);
	for (i = 0; !err && i < t.n; i++) {
		const struct known *k = &t.v[i];

		if (i && !by_blob(&t.v[i - 1], k))
			continue;	/* one blob at two paths, read twice */
		err = k->line ? handoff__buf_printf(&b, "%s %c %u %u %s\n", k->blob,
			k->reader, k->line, k->col, k->id) :
			handoff__buf_printf(&b, "%s %c 0 0\n", k->blob, k->reader);
	}
	/* a cache that cannot be written is only slower next time */
	if (!err)
		handoff_write_file(path, b.ptr, b.size, 0);
done:
	handoff_buf_dispose(&b);
	free(t.v);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct entry *sort_base;

static int by_id(const void *a, const void *b)
{
	const struct entry *x = &sort_base[*(const size_t *)a],
		*y = &sort_base[*(const size_t *)b];
	int c = strcmp(x->k->id, y->k->id);

	return c ? c : strcmp(x->path, y->path);
}

int ids_check_staged(struct staged *st, const struct config *cfg,
	char *const *changed, size_t nchanged, ids_clash_cb cb, void *payload)
{
	struct walk w = { cfg, NULL, 0, 0 };
	struct table old = { NULL, 0, 0 };
	char *dir = NULL, *path = NULL, *text = NULL, **sorted = NULL;
	size_t i, a, b, end, k = 0, misses = 0, *order = NULL;
	int err;

	if (!nchanged || !cfg)
		return 0;
	if ((err = staged_foreach_entry(st, add_entry, &w)) < 0)
		goto done;
	if ((dir = staged_common_dir(st)) &&
	    (path = handoff__asprintf("%s/handoff/ids", dir)) && (text = slurp(path)))
		parse(&old, text);
	if (!(sorted = malloc(nchanged * sizeof(*sorted))) ||
	    !(order = malloc((w.n ? w.n : 1) * sizeof(*order)))) {
		err = handoff__error_oom();
		goto done;
	}
	memcpy(sorted, changed, nchanged * sizeof(*sorted));
	qsort(sorted, nchanged, sizeof(*sorted), by_path);
	for (i = 0; !err && i < w.n; i++) {
		struct entry *e = &w.v[i];
		struct known key, *hit;

		key.blob = e->blob;
		key.reader = e->reader;
		hit = old.n ? bsearch(&key, old.v, old.n, sizeof(*old.v), by_blob) : NULL;
		if (hit) {
			hit->used = 1;
			e->k = hit;
		} else if ((err = read_id(st, e)) == 0) {
			misses++;
		} else if (err == HANDOFF_ENOTFOUND) {
			err = 0;	/* an object git cannot give: not a record to compare */
			continue;
		}
		e->changed = bsearch(&e->path, sorted, nchanged, sizeof(*sorted), by_path) != NULL;
		if (!err && e->k && *e->k->id)
			order[k++] = i;
	}
	if (err < 0)
		goto done;
	sort_base = w.v;
	qsort(order, k, sizeof(*order), by_id);
	for (i = 0; !err && i < k; i = end) {
		for (end = i + 1; end < k && !strcmp(w.v[order[i]].k->id,
		    w.v[order[end]].k->id); end++)
			;
		for (a = i; !err && end - i > 1 && a < end; a++) {
			const struct entry *e = &w.v[order[a]];

			for (b = i; !err && e->changed && b < end; b++) {
				struct id_clash c;

				if (a == b)
					continue;
				c.path = e->path;
				c.line = e->k->line;
				c.col = e->k->col;
				c.id = e->k->id;
				c.other = w.v[order[b]].path;
				err = cb(&c, payload);
			}
		}
	}
	if (!err && misses && path)
		save(path, &old, &w);
done:
	for (i = 0; i < w.n; i++) {
		free(w.v[i].path);
		free(w.v[i].blob_copy);
		free(w.v[i].id_copy);
	}
	free(w.v);
	free(old.v);
	free(order);
	free(sorted);
	free(text);
	free(path);
	free(dir);
	return err;
}

/*
 * One id, one record, checked by the pre-commit hook (ids.h), and the
 * cache of blob ids it keeps, which the push rules read too.
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
 * written in order of blob id and reader ('m': a Markdown record, its
 * front matter; 'y': a YAML one, the same bytes can say different things
 * to each). A blob's bytes never change, so an entry is never stale: the
 * cache can be old, but not wrong. Anything unexpected in the file (cut
 * short, a line not of this form, a blob twice, another version) makes
 * it ignored; the ids are read again and the file rewritten. Only the `id:` line of
 * a record is read (record_peek), as the server does; no YAML is parsed.
 *
 * It runs only when the commit adds or changes a record: the ids of the
 * changed records first, then one pass over the index's entries, each
 * looked up in the file (mapped, never copied) through a hash table of
 * its lines. Nothing is kept per record but a match.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "config.h"
#include "ids.h"
#include "record.h"
#include "repo.h"
#include "staged.h"

#define MAGIC "git-handoff ids 1\n"
#define MAGIC_LEN (sizeof(MAGIC) - 1)
#define CACHE_MAX (256u * 1024 * 1024)
#define ID_MAX 128

/* What a blob says its id is, to one reader ('m' or 'y'). */
struct known {
	char blob[65];
	char reader;
	unsigned int line, col;	/* 0 0: no id */
	char id[ID_MAX];	/* "" when none */
};

/* The cache file, mapped, and its lines by blob. */
struct cache {
	const char *text;	/* NULL: none, or not a good one */
	size_t len;
	size_t hexlen;		/* of every line's blob id */
	size_t *slots;		/* a line's offset + 1; 0 empty */
	unsigned char *used;	/* per slot: a blob of this index */
	size_t mask, lines;
	int bad;		/* there is a file, not a good one */
};

/* A changed record: its path, blob and id, and HEAD's blob of it. */
struct mine {
	const char *path;
	const char *old_blob;
	struct known k;
};

struct check {
	struct staged *st;
	ids_read_fn read;	/* a blob the cache does not know */
	void *read_arg;
	const struct config *cfg;
	struct cache c;
	struct mine *mine;
	size_t nmine;
	size_t *by_path, next;	/* mine in path order, the index's; the next to meet */
	size_t *by_id;		/* hash table of mine by id: index + 1 */
	size_t id_mask;
	struct known *fresh;	/* read now, for the file */
	size_t nfresh, afresh, records;
	ids_clash_cb cb;
	void *payload;
};

static int is_yaml(const char *p)
{
	size_t n = strlen(p);

	return (n > 5 && !strcmp(p + n - 5, ".yaml")) || (n > 4 && !strcmp(p + n - 4, ".yml"));
}

/* The first 16 hex digits of a blob id: git's ids are uniformly spread. */
static size_t hash_blob(const char *hex, char reader)
{
	unsigned long long h = 0;
	int i;

	for (i = 0; i < 16; i++)
		h = h << 4 | (unsigned long long)(hex[i] <= '9' ? hex[i] - '0' : hex[i] - 'a' + 10);
	return (size_t)(h ^ (h >> 29) ^ (unsigned char)reader);
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* A decimal number at *p before `end`, followed by `stop`; 0 when it is not one. */
static int number(const char **p, const char *end, char stop, unsigned int *out)
{
	unsigned long v = 0;
	const char *s = *p;

	if (s == end || *s < '0' || *s > '9')
		return 0;
	for (; s < end && *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (unsigned long)(*s - '0')) > 1000000000ul)
			return 0;
	if (s == end || *s != stop)
		return 0;
	*out = (unsigned int)v;
	*p = s + 1;
	return 1;
}

/*
 * The line at `p` (its end at `nl`, the '\n') as an entry: 1, or 0 when
 * it is not one. With k NULL only checked, its blob id too.
 */
static int parse_line(const char *p, const char *nl, size_t hexlen, struct known *k)
{
	unsigned int line, col;
	const char *s = p + hexlen + 3;
	size_t i;

	if (!nl || (size_t)(nl - p) < hexlen + 6 || p[hexlen] != ' ' ||
	    (p[hexlen + 1] != 'm' && p[hexlen + 1] != 'y') || p[hexlen + 2] != ' ')
		return 0;
	/* with k, p starts with the id asked for, already compared */
	for (i = 0; !k && i < hexlen; i++)
		if (!is_hex(p[i]))
			return 0;
	if (!number(&s, nl, ' ', &line))
		return 0;
	if (!line) {
		if (nl - s != 1 || *s != '0')
			return 0;
		col = 0;
	} else if (!number(&s, nl, ' ', &col) || !col || s == nl || nl - s >= ID_MAX ||
	    memchr(s, '\0', (size_t)(nl - s))) {
		return 0;
	}
	if (k) {
		memcpy(k->blob, p, hexlen);
		k->blob[hexlen] = '\0';
		k->reader = p[hexlen + 1];
		k->line = line;
		k->col = col;
		memcpy(k->id, s, line ? (size_t)(nl - s) : 0);
		k->id[line ? nl - s : 0] = '\0';
	}
	return 1;
}

static void handoff__cache_release(struct cache *c)
{
	if (c->text)
		munmap((void *)c->text, c->len);
	free(c->slots);
	free(c->used);
	memset(c, 0, sizeof(*c));
}

static void cache_release_keep_bad(struct cache *c)
{
	int bad = c->bad;

	handoff__cache_release(c);
	c->bad = bad;
}

/*
 * The cache file mapped and its lines hashed; c->text NULL when there is
 * no good one. Only the framing of each line is checked here (a line,
 * a blob id of the file's length, a reader, each blob once); a line is
 * read whole, and checked whole, when a record of the index asks for it:
 * one that is not good then makes the file ignored from there on
 * (cache_find) and rewritten.
 */
static int cache_open(struct cache *c, const char *path)
{
	const char *p, *end, *nl;
	size_t size = 16, max;
	struct stat sb;
	void *map;
	int fd;

	memset(c, 0, sizeof(*c));
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    (unsigned long long)sb.st_size <= MAGIC_LEN ||
	    (unsigned long long)sb.st_size > CACHE_MAX ||
	    (map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		close(fd);
		return 0;
	}
	close(fd);
	c->text = map;
	c->len = (size_t)sb.st_size;
	end = c->text + c->len;
	if (memcmp(c->text, MAGIC, MAGIC_LEN) || end[-1] != '\n')
		goto bad;
	p = c->text + MAGIC_LEN;
	nl = memchr(p, ' ', (size_t)(end - p));
	c->hexlen = nl ? (size_t)(nl - p) : 0;
	if (c->hexlen != 40 && c->hexlen != 64)
		goto bad;
	/* a line is at least "<id> m 0 0\n": that many lines at most */
	max = (size_t)(end - p) / (c->hexlen + 7) + 1;
	while (size < 2 * max)
		size *= 2;
	c->mask = size - 1;
	if (!(c->slots = calloc(size, sizeof(*c->slots))) || !(c->used = calloc(size, 1))) {
		handoff__cache_release(c);
		return handoff__error_oom();
	}
	for (; p < end; p = nl + 1) {
		size_t s;

		nl = memchr(p, '\n', (size_t)(end - p));
		if ((size_t)(nl - p) < c->hexlen + 6 || p[c->hexlen] != ' ' || c->lines == max)
			goto bad;
		for (s = hash_blob(p, p[c->hexlen + 1]) & c->mask; c->slots[s]; s = (s + 1) & c->mask) {
			const char *q = c->text + c->slots[s] - 1;

			if (!memcmp(q, p, c->hexlen + 2))
				goto bad;	/* a blob twice, perhaps with two ids */
		}
		c->slots[s] = (size_t)(p - c->text) + 1;
		c->lines++;
	}
	return 0;
bad:
	handoff__cache_release(c);
	c->bad = 1;
	return 0;
}

/* What the cache says of a blob to a reader: 1 and *k, or 0. */
static int handoff__cache_find(struct cache *c, const char *hex, char reader,
	struct known *k)
{
	size_t s, hexlen = strlen(hex);

	if (!c->text || hexlen != c->hexlen)
		return 0;
	for (s = hash_blob(hex, reader) & c->mask; c->slots[s]; s = (s + 1) & c->mask) {
		const char *p = c->text + c->slots[s] - 1;

		if (p[hexlen + 1] != reader || memcmp(p, hex, hexlen))
			continue;
		if (!parse_line(p, memchr(p, '\n', (size_t)(c->text + c->len - p)), hexlen, k)) {
			c->bad = 1;	/* not ours: believe none of it */
			cache_release_keep_bad(c);
			return 0;
		}
		c->used[s] = 1;
		return 1;
	}
	return 0;
}

/* What the blob says, read now (and kept for the file): ENOTFOUND when it cannot be read. */
static int read_id(struct check *ck, const char *hex, char reader, struct known *k)
{
	char *data = NULL;
	size_t len = 0;
	int err;

	if ((err = ck->read(ck->read_arg, hex, &data, &len)) < 0)
		return err == HANDOFF_EINVALID ? HANDOFF_ENOTFOUND : err;
	memset(k, 0, sizeof(*k));
	snprintf(k->blob, sizeof(k->blob), "%s", hex);
	k->reader = reader;
	if (!handoff__record_peek(data, len, reader == 'm', "id", k->id, sizeof(k->id),
	    &k->line, &k->col) || strchr(k->id, '\n'))
		k->line = k->col = 0, k->id[0] = '\0';
	free(data);
	if (ck->nfresh == ck->afresh) {
		size_t more = ck->afresh ? 2 * ck->afresh : 16;
		struct known *v = realloc(ck->fresh, more * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		ck->fresh = v;
		ck->afresh = more;
	}
	ck->fresh[ck->nfresh++] = *k;
	return 0;
}

/* The id a blob gives a reader: from the cache, else read. */
static int lookup(struct check *ck, const char *hex, char reader, struct known *k)
{
	if (handoff__cache_find(&ck->c, hex, reader, k))
		return 0;
	return read_id(ck, hex, reader, k);
}

/* An index entry: a record of the commit, compared with the changed ones. */
static int visit(const char *path, unsigned int mode, const char *hex, void *payload)
{
	struct check *ck = payload;
	struct known k;
	size_t s;
	int err = 0;

	/* in every commit that stages a record, for each of the index's files */
	if ((mode & 0170000) != 0100000 || !handoff__config_is_record_path(ck->cfg, path) ||
	    !handoff__record_path_is_record(path) || strlen(hex) < 16)
		return 0;
	ck->records++;
	/* a changed record is met once more here: not looked up twice */
	while (ck->next < ck->nmine && strcmp(ck->mine[ck->by_path[ck->next]].path, path) < 0)
		ck->next++;
	if (ck->next < ck->nmine && !strcmp(ck->mine[ck->by_path[ck->next]].path, path))
		k = ck->mine[ck->by_path[ck->next]].k;
	else if ((err = lookup(ck, hex, is_yaml(path) ? 'y' : 'm', &k)) < 0)
		return err == HANDOFF_ENOTFOUND ? 0 : err;
	if (!k.line)
		return 0;
	for (s = handoff__str_hash(k.id) & ck->id_mask; !err && ck->by_id[s]; s = (s + 1) & ck->id_mask) {
		const struct mine *m = &ck->mine[ck->by_id[s] - 1];
		struct id_clash c;

		if (strcmp(m->k.id, k.id) || !strcmp(m->path, path))
			continue;
		c.path = m->path;
		c.line = m->k.line;
		c.col = m->k.col;
		c.id = m->k.id;
		c.other = path;
		err = ck->cb(&c, ck->payload);
	}
	return err;
}

static const struct mine *sort_mine;

static int by_mine_path(const void *a, const void *b)
{
	return strcmp(sort_mine[*(const size_t *)a].path, sort_mine[*(const size_t *)b].path);
}

static int by_blob(const void *a, const void *b)
{
	const struct known *x = a, *y = b;
	int c = strcmp(x->blob, y->blob);

	return c ? c : (x->reader > y->reader) - (x->reader < y->reader);
}

static int by_offset(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/*
 * The file rewritten: the lines of the blobs of this index and those
 * read now, and the other lines while they are not too many (a branch's
 * other versions), merged in order.
 */
static void save(struct check *ck, const char *path)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	struct cache *c = &ck->c;
	size_t i = 0, s, nlines = 0, *lines = NULL;
	int keep_unused = c->lines <= 2 * ck->records + 1024, err = 0;

	if (ck->nfresh)
		qsort(ck->fresh, ck->nfresh, sizeof(*ck->fresh), by_blob);
	if (c->text && !(lines = malloc((c->lines ? c->lines : 1) * sizeof(*lines))))
		return;
	for (s = 0; c->text && s <= c->mask; s++) {
		const char *p;

		if (!c->slots[s])
			continue;
		p = c->text + c->slots[s] - 1;
		/* a line kept unread is checked now: nothing bad is copied on */
		if (c->used[s] || (keep_unused && parse_line(p,
		    memchr(p, '\n', (size_t)(c->text + c->len - p)), c->hexlen, NULL)))
			lines[nlines++] = c->slots[s] - 1;
	}
	/* in file order: in blob order, as written */
	if (nlines)
		qsort(lines, nlines, sizeof(*lines), by_offset);
	err = handoff__buf_puts(&b, MAGIC);
	for (s = 0; !err && (s < nlines || i < ck->nfresh); ) {
		const char *p = s < nlines ? c->text + lines[s] : NULL;
		const struct known *k = i < ck->nfresh ? &ck->fresh[i] : NULL;
		int cmp = !p ? 1 : !k ? -1 : strncmp(p, k->blob, c->hexlen);

		if (p && k && !cmp)
			cmp = k->blob[c->hexlen] ? -1 :
				(p[c->hexlen + 1] > k->reader) - (p[c->hexlen + 1] < k->reader);
		if (cmp <= 0) {
			const char *nl = memchr(p, '\n', (size_t)(c->text + c->len - p));

			err = handoff__buf_put(&b, p, (size_t)(nl + 1 - p));
			s++;
			i += cmp == 0;		/* the same blob, read again */
			continue;
		}
		if (i && !by_blob(&ck->fresh[i - 1], k)) {
			i++;			/* one blob at two paths, read twice */
			continue;
		}
		err = k->line ? handoff__buf_printf(&b, "%s %c %u %u %s\n", k->blob,
			k->reader, k->line, k->col, k->id) :
			handoff__buf_printf(&b, "%s %c 0 0\n", k->blob, k->reader);
		i++;
	}
	/* a cache that cannot be written is only slower next time */
	if (!err)
		handoff_write_file(path, b.ptr, b.size, 0);
	handoff_buf_dispose(&b);
	free(lines);
}

/*
 * 1 when every changed record has the id its blob in HEAD had: the commit
 * then brings no clash HEAD did not have, and the index need not be
 * walked (nor the cache rewritten). A blob that cannot be read is 0.
 */
static int ids_kept(struct check *ck)
{
	struct known k;
	size_t i;

	for (i = 0; i < ck->nmine; i++) {
		const struct mine *m = &ck->mine[i];

		if (strspn(m->old_blob, "0") == strlen(m->old_blob) ||
		    lookup(ck, m->old_blob, m->k.reader, &k) < 0 || strcmp(k.id, m->k.id))
			return 0;
	}
	return 1;
}

static int read_staged(void *st, const char *hex, char **data, size_t *len)
{
	return handoff__staged_read(st, hex, data, len);
}

int handoff__ids_check_staged(struct staged *st, const struct config *cfg,
	char *const *changed, size_t nchanged, ids_clash_cb cb, void *payload)
{
	struct check ck;
	const struct staged_change *sc;
	char *dir = NULL, *path = NULL;
	size_t i, j, n, s, size = 16;
	int err = 0;

	if (!nchanged || !cfg)
		return 0;
	memset(&ck, 0, sizeof(ck));
	ck.st = st;
	ck.read = read_staged;
	ck.read_arg = st;
	ck.cfg = cfg;
	ck.cb = cb;
	ck.payload = payload;
	while (size < 2 * nchanged)
		size *= 2;
	ck.id_mask = size - 1;
	if (!(ck.mine = calloc(nchanged, sizeof(*ck.mine))) ||
	    !(ck.by_path = calloc(nchanged, sizeof(*ck.by_path))) ||
	    !(ck.by_id = calloc(size, sizeof(*ck.by_id)))) {
		err = handoff__error_oom();
		goto done;
	}
	/* the changed records' ids, from their staged blobs */
	sc = handoff__staged_changes(st, &n);
	for (i = 0; !err && i < nchanged; i++) {
		struct mine *m = &ck.mine[ck.nmine];

		for (j = 0; j < n && strcmp(sc[j].path, changed[i]); j++)
			;
		if (j == n || sc[j].deleted || sc[j].unmerged)
			continue;
		m->path = changed[i];
		m->old_blob = sc[j].old_id;
		err = lookup(&ck, sc[j].id, is_yaml(changed[i]) ? 'y' : 'm', &m->k);
		if (err == HANDOFF_ENOTFOUND)
			err = 0;
		else if (!err && m->k.line) {
			for (s = handoff__str_hash(m->k.id) & ck.id_mask; ck.by_id[s]; s = (s + 1) & ck.id_mask)
				;
			ck.by_id[s] = ++ck.nmine;
		}
	}
	for (i = 0; i < ck.nmine; i++)
		ck.by_path[i] = i;
	sort_mine = ck.mine;
	if (ck.nmine)
		qsort(ck.by_path, ck.nmine, sizeof(*ck.by_path), by_mine_path);
	/* the changed records' blobs are read, not looked up: the cache is for the walk */
	if (err || !ck.nmine || ids_kept(&ck))
		goto done;
	if ((dir = handoff__staged_common_dir(st)) &&
	    (path = handoff__asprintf("%s/handoff/ids", dir)) &&
	    (err = cache_open(&ck.c, path)) < 0)
		goto done;
	err = handoff__staged_foreach_entry(st, visit, &ck);
	/*
	 * Rewritten when it was not there or not good, else once the blobs
	 * it lacks cost about what reading it costs: a commit's own new blob
	 * is read again by the next commit rather than the whole file
	 * written (and synced) in each.
	 */
	if (!err && path && ck.nmine && ck.nfresh &&
	    (!ck.c.text || ck.c.bad || ck.nfresh >= 1 + ck.records / 256))
		save(&ck, path);
done:
	handoff__cache_release(&ck.c);
	free(ck.mine);
	free(ck.by_path);
	free(ck.by_id);
	free(ck.fresh);
	free(path);
	free(dir);
	return err;
}

struct ids_reader {
	struct check ck;
	char *path;		/* the cache file */
};

int handoff__ids_reader_open(struct ids_reader **out, const char *common_dir,
	ids_read_fn read, void *arg)
{
	struct ids_reader *r = calloc(1, sizeof(*r));
	int err;

	*out = NULL;
	if (!r || !(r->path = handoff__asprintf("%s/handoff/ids", common_dir))) {
		free(r);
		return handoff__error_oom();
	}
	r->ck.read = read;
	r->ck.read_arg = arg;
	if ((err = cache_open(&r->ck.c, r->path)) < 0) {
		handoff__ids_reader_close(r, 0);
		return err;
	}
	*out = r;
	return 0;
}

int handoff__ids_reader_get(struct ids_reader *r, const char *hex, int yaml,
	char *id, size_t size, unsigned int *line, unsigned int *col)
{
	struct known k;
	int err = lookup(&r->ck, hex, yaml ? 'y' : 'm', &k);

	r->ck.records++;
	if (err < 0)
		return err == HANDOFF_ENOTFOUND ? 0 : err;
	if (!k.line || strlen(k.id) >= size)
		return 0;
	memcpy(id, k.id, strlen(k.id) + 1);
	*line = k.line;
	*col = k.col;
	return 1;
}

void handoff__ids_reader_close(struct ids_reader *r, int save_it)
{
	if (!r)
		return;
	/* rewritten as the hook's check rewrites it (above) */
	if (save_it && r->ck.nfresh && (!r->ck.c.text || r->ck.c.bad ||
	    r->ck.nfresh >= 1 + r->ck.records / 256))
		save(&r->ck, r->path);
	handoff__cache_release(&r->ck.c);
	free(r->ck.fresh);
	free(r->path);
	free(r);
}

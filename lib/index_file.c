/*
 * git's index file, as Documentation/technical/index-format.txt has it:
 *
 *   "DIRC", version, count; then each entry: ten 32-bit stat fields,
 *   mode among them, the id, 16 bits of flags (assume-valid, extended,
 *   stage, name length), in version 3 and later 16 more when extended
 *   (skip-worktree, intent-to-add), then the path: NUL-padded to a
 *   multiple of 8 bytes in versions 2 and 3; in version 4 a varint of
 *   how many bytes to drop from the end of the path before, then what to
 *   add, NUL-terminated. Then extensions (four bytes of signature, 32 of
 *   size), then the file's hash.
 *
 * Of the extensions only the cache tree ("TREE") is read: per folder,
 * its path, how many entries it covers (-1 once something under it was
 * staged), how many subfolders follow, and the tree's id while valid.
 * An extension whose signature starts with a capital letter may be
 * ignored; any other (a split index's "link", a sparse index's "sdir")
 * changes what the entries mean, and this reader declines the file.
 * Nothing here trusts a count or a length before checking it against
 * the bytes that are left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "index_file.h"

struct cached_tree {
	size_t path;			/* offset in names */
	size_t len;
	const unsigned char *id;	/* NULL: invalid */
};

struct index_file {
	struct index_entry *entries;
	size_t n;
	struct cached_tree *trees;
	size_t ntrees, trees_alloc;
	char *names;			/* every path, NUL-terminated */
};

struct reader {
	const unsigned char *p, *end;
	size_t hash_size;
	handoff_buf names;
};

/* Append n bytes of b's own text from `at`: reserved first, so they stay put. */
static int put_own(handoff_buf *b, size_t at, size_t n)
{
	return handoff__buf_reserve(b, n) < 0 ? -1 :
		handoff__buf_put(b, b->ptr ? b->ptr + at : "", n);
}

/* One entry; its path goes to r->names (from the one before's, in version 4). */
static int read_entry(struct reader *r, unsigned int version, struct index_entry *e,
	size_t *path, size_t *prev_len)
{
	const unsigned char *start = r->p, *name;
	size_t fixed = 40 + r->hash_size + 2, len, prev = *path;
	uint32_t mode;
	unsigned int flags, ext = 0;

	if ((size_t)(r->end - r->p) < fixed)
		return -1;
	mode = handoff__be32(r->p + 24);
	e->id = r->p + 40;
	flags = (unsigned int)r->p[40 + r->hash_size] << 8 | r->p[41 + r->hash_size];
	r->p += fixed;
	if (flags & 0x4000) {
		if (version < 3 || r->end - r->p < 2)
			return -1;
		ext = (unsigned int)r->p[0] << 8 | r->p[1];
		r->p += 2;
		fixed += 2;
	}
	switch (mode & 0170000) {
	case 0100000:
		e->mode = mode & 0100 ? 0100755 : 0100644;
		break;
	case 0120000: case 0160000:
		e->mode = mode & 0170000;
		break;
	default:		/* 040000: a sparse index's folder */
		return -1;
	}
	e->stage = (flags >> 12) & 3;
	e->intent_to_add = (ext & 0x2000) != 0;
	*path = r->names.size;
	if (version == 4) {
		size_t drop;

		if (!(r->p = handoff__git_varint(r->p, r->end, &drop)) || drop > *prev_len ||
		    put_own(&r->names, prev, *prev_len - drop) < 0)
			return -1;
	}
	name = r->p;
	if (!(r->p = memchr(name, '\0', (size_t)(r->end - name))))
		return -1;
	len = (size_t)(r->p - name);
	if (handoff__buf_put(&r->names, (const char *)name, len) < 0 ||
	    handoff__buf_put(&r->names, "", 1) < 0)
		return -1;
	r->p++;
	if (version < 4) {
		/* NUL-padded: the entry is a multiple of 8 bytes, with 1 to 8 NULs */
		size_t size = (fixed + len + 8) & ~(size_t)7;

		if ((size_t)(r->end - start) < size)
			return -1;
		r->p = start + size;
	}
	*prev_len = r->names.size - *path - 1;
	return 0;
}

/*
 * A folder of the cache tree, then as many subfolders as it says, each
 * named under it: its path is parent/name (name alone under the top).
 */
static int read_tree(struct reader *r, struct index_file *ix, size_t *cap,
	size_t parent, size_t parent_len, int depth)
{
	const unsigned char *name = r->p, *nl;
	struct cached_tree *t;
	char *end;
	long entries, subtrees, i;
	size_t len, self, self_len;

	if (depth > 4096 || !(r->p = memchr(name, '\0', (size_t)(r->end - name))))
		return -1;
	len = (size_t)(r->p - name);
	r->p++;
	if (!(nl = memchr(r->p, '\n', (size_t)(r->end - r->p))))
		return -1;
	entries = strtol((const char *)r->p, &end, 10);
	if (end == (const char *)r->p || *end != ' ')
		return -1;
	subtrees = strtol(end + 1, &end, 10);
	if (end != (const char *)nl || subtrees < 0)
		return -1;
	r->p = nl + 1;
	self = r->names.size;
	if ((parent_len && (put_own(&r->names, parent, parent_len) < 0 ||
	    handoff__buf_put(&r->names, "/", 1) < 0)) ||
	    handoff__buf_put(&r->names, (const char *)name, len) < 0 ||
	    handoff__buf_put(&r->names, "", 1) < 0)
		return -1;
	self_len = r->names.size - self - 1;
	if (ix->ntrees == *cap) {
		size_t more = *cap ? 2 * *cap : 16;

		if (!(t = realloc(ix->trees, more * sizeof(*t))))
			return -1;
		ix->trees = t;
		*cap = more;
	}
	t = &ix->trees[ix->ntrees++];
	t->path = self;
	t->len = self_len;
	t->id = NULL;
	if (entries >= 0) {
		if ((size_t)(r->end - r->p) < r->hash_size)
			return -1;
		t->id = r->p;
		r->p += r->hash_size;
	}
	for (i = 0; i < subtrees; i++)
		if (read_tree(r, ix, cap, self, self_len, depth + 1) < 0)
			return -1;
	return 0;
}

static int read_extensions(struct reader *r, struct index_file *ix)
{
	while (r->p < r->end) {
		const unsigned char *sig = r->p;
		uint32_t size;

		if (r->end - r->p < 8)
			return -1;
		size = handoff__be32(r->p + 4);
		r->p += 8;
		if ((size_t)(r->end - r->p) < size)
			return -1;
		if (sig[0] < 'A' || sig[0] > 'Z')
			return -1;		/* "link", "sdir": the entries are not all */
		if (!memcmp(sig, "TREE", 4) && size) {
			struct reader t = *r;

			t.end = r->p + size;
			ix->ntrees = 0;		/* only one is right; the last one read counts */
			if (read_tree(&t, ix, &ix->trees_alloc, 0, 0, 0) < 0 || t.p != t.end)
				ix->ntrees = 0;	/* an odd cache tree is only a lost shortcut */
			r->names = t.names;
		}
		r->p += size;
	}
	return 0;
}

/* Entries in git's order: by path, bytewise, then by stage. */
static int in_order(const struct index_entry *a, const struct index_entry *b)
{
	int c = strcmp(a->path, b->path);

	return c < 0 || (c == 0 && a->stage < b->stage);
}

int index_file_read(struct index_file **out, const unsigned char *data, size_t len,
	size_t hash_size)
{
	struct reader r;
	struct index_file *ix;
	unsigned int version;
	size_t i, count, prev_len = 0, *paths = NULL, at = 0;
	int err = HANDOFF_EINVALID;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	if (len < 12 + hash_size || memcmp(data, "DIRC", 4))
		return HANDOFF_EINVALID;
	version = handoff__be32(data + 4);
	count = handoff__be32(data + 8);
	if (version < 2 || version > 4 || count > (len - 12) / (40 + hash_size + 3))
		return HANDOFF_EINVALID;
	if (!(ix = calloc(1, sizeof(*ix))) ||
	    !(ix->entries = calloc(count ? count : 1, sizeof(*ix->entries))) ||
	    !(paths = calloc(count ? count : 1, sizeof(*paths)))) {
		err = handoff__error_oom();
		goto done;
	}
	r.p = data + 12;
	r.end = data + len - hash_size;		/* the file's own hash */
	r.hash_size = hash_size;
	for (i = 0; i < count; i++) {
		if (read_entry(&r, version, &ix->entries[i], &at, &prev_len) < 0)
			goto done;
		paths[i] = at;
	}
	ix->n = count;
	if (read_extensions(&r, ix) < 0)
		goto done;
	if (handoff__buf_reserve(&r.names, 0) < 0) {
		err = handoff__error_oom();
		goto done;
	}
	ix->names = r.names.ptr;
	r.names.ptr = NULL;
	for (i = 0; i < count; i++) {
		ix->entries[i].path = ix->names + paths[i];
		if (i && !in_order(&ix->entries[i - 1], &ix->entries[i]))
			goto done;
	}
	err = 0;
done:
	free(paths);
	handoff_buf_dispose(&r.names);
	if (err) {
		index_file_free(ix);
		return err;
	}
	*out = ix;
	return 0;
}

const struct index_entry *index_file_entries(const struct index_file *ix, size_t *n)
{
	*n = ix->n;
	return ix->entries;
}

const unsigned char *index_file_tree(const struct index_file *ix, const char *path,
	size_t len)
{
	size_t i;

	for (i = 0; i < ix->ntrees; i++)
		if (ix->trees[i].len == len && !memcmp(ix->names + ix->trees[i].path, path, len))
			return ix->trees[i].id;
	return NULL;
}

void index_file_free(struct index_file *ix)
{
	if (!ix)
		return;
	free(ix->entries);
	free(ix->trees);
	free(ix->names);
	free(ix);
}

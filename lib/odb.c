/*
 * Objects from .git/objects without git, as gitformat-pack(5) and
 * gitrepository-layout(5) describe them.
 *
 *   loose:  objects/xx/<rest of the hex id>, zlib of "<type> <size>\0"
 *           and the content;
 *   packed: objects/pack/pack-*.idx (version 2: "\377tOc", 2, a fanout
 *           table of 256 counts, the sorted ids, their CRCs, 31-bit
 *           offsets whose top bit points into a table of 64-bit ones)
 *           beside its .pack: at the offset, the type and size in a
 *           varint, then zlib; a delta (OFS_DELTA: its base so many
 *           bytes back; REF_DELTA: its base by id) is the base's and
 *           result's sizes, then copy-from-base and insert ops.
 *
 * Every count, offset and size is checked against the bytes there are
 * before it is used, and a delta chain is at most MAX_CHAIN long: a
 * damaged or hostile repository makes odb_read() say it cannot read
 * the object, never read out of bounds; the caller then asks git, which
 * has the words for what is wrong.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "common.h"
#include "environment.h"
#include "odb.h"

#define MAX_CHAIN 10000
#define MAX_OBJECT (1024u * 1024 * 1024)

struct pack {
	const unsigned char *idx, *data;
	size_t idx_len, len;
	uint32_t count;
};

struct odb {
	char *objects;
	size_t hash_size;
	struct pack *packs;
	size_t npacks;
	int packs_read;
};

/* A small file whole, NUL-terminated; NULL when there is none. */
static char *slurp(const char *path, size_t limit)
{
	struct stat sb;
	char *text = NULL;
	size_t n, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size <= limit &&
	    (text = malloc((n = (size_t)sb.st_size) + 1))) {
		ssize_t r = 1;

		while (got < n && (r = read(fd, text + got, n - got)) > 0)
			got += (size_t)r;
		if (r < 0) {
			free(text);
			text = NULL;
		} else {
			text[got] = '\0';
		}
	}
	close(fd);
	return text;
}

static int exists(const char *dir, const char *name)
{
	char *path = handoff__asprintf("%s/%s", dir, name);
	int yes = path && access(path, F_OK) == 0;

	free(path);
	return yes;
}

static const char digits[] = "0123456789abcdef";

int odb_from_hex(unsigned char *id, const char *hex, size_t size)
{
	size_t i;

	for (i = 0; i < 2 * size; i++) {
		const char *d = hex[i] ? strchr(digits, hex[i]) : NULL;

		if (!d)
			return -1;
		id[i / 2] = (unsigned char)(i % 2 ? id[i / 2] << 4 | (d - digits) : d - digits);
	}
	return 0;
}

void odb_to_hex(char *hex, const unsigned char *id, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		hex[2 * i] = digits[id[i] >> 4];
		hex[2 * i + 1] = digits[id[i] & 15];
	}
	hex[2 * size] = '\0';
}

/* A hex id of 40 or 64 digits at the start of `s`: its length, else 0. */
static size_t hex_length(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return (n == 40 || n == 64) && (s[n] == '\n' || s[n] == ' ' || s[n] == '\0') ? n : 0;
}

/* A ref's id, from its loose file or packed-refs; symbolic refs followed. */
static int resolve(const char *gitdir, const char *common, const char *ref,
	char hex[65], int depth)
{
	char *path, *text, *at;
	size_t n;

	if (depth > 5 || strstr(ref, "..") || ref[0] == '/' || strchr(ref, '\\'))
		return HANDOFF_EINVALID;
	path = handoff__asprintf("%s/%s", strcmp(ref, "HEAD") ? common : gitdir, ref);
	text = path ? slurp(path, 4096) : NULL;
	free(path);
	if (text && !strncmp(text, "ref: ", 5)) {
		int err;

		text[strcspn(text, "\n")] = '\0';
		err = resolve(gitdir, common, text + 5, hex, depth + 1);
		free(text);
		return err;
	}
	if (text && (n = hex_length(text))) {
		memcpy(hex, text, n);
		hex[n] = '\0';
		free(text);
		return 0;
	}
	free(text);
	if (!strcmp(ref, "HEAD") || !(path = handoff__asprintf("%s/packed-refs", common)))
		return HANDOFF_EINVALID;
	text = slurp(path, 64u * 1024 * 1024);
	free(path);
	/* "<id> <ref>\n" lines, after a "# pack-refs" header, peeled "^<id>" lines between */
	for (at = text; at && *at; at += strcspn(at, "\n"), at += *at == '\n') {
		size_t len = strlen(ref);

		if ((n = hex_length(at)) && at[n] == ' ' && !strncmp(at + n + 1, ref, len) &&
		    (at[n + 1 + len] == '\n' || at[n + 1 + len] == '\0')) {
			memcpy(hex, at, n);
			hex[n] = '\0';
			free(text);
			return 0;
		}
	}
	free(text);
	return HANDOFF_EINVALID;	/* no commit yet */
}

/* Whether refs/replace/ has a ref, loose or packed: git would read through it. */
static int replaces(const char *common)
{
	char *path = handoff__asprintf("%s/refs/replace", common), *text;
	DIR *d = path ? opendir(path) : NULL;
	struct dirent *e;
	int yes = !path;

	while (d && !yes && (e = readdir(d)))
		yes = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	free(path);
	if (!yes && (path = handoff__asprintf("%s/packed-refs", common))) {
		text = slurp(path, 64u * 1024 * 1024);
		yes = text && strstr(text, " refs/replace/");
		free(text);
		free(path);
	}
	return yes;
}

/* The .git folder a .git file ("gitdir: <path>") names, else `dir` itself. */
static char *real_git_dir(const char *dir)
{
	struct stat sb;
	const char *slash;
	char *text, *path;

	if (stat(dir, &sb) < 0 || S_ISDIR(sb.st_mode))
		return handoff__strdup(dir);
	if (!(text = slurp(dir, 4096)) || strncmp(text, "gitdir: ", 8)) {
		free(text);
		return NULL;
	}
	text[strcspn(text, "\n")] = '\0';
	slash = strrchr(dir, '/');
	/* a relative path is from the folder the file is in */
	path = text[8] == '/' || !slash ? handoff__strdup(text + 8) :
		handoff__asprintf("%.*s/%s", (int)(slash - dir), dir, text + 8);
	free(text);
	return path;
}

int odb_open(struct odb **out, unsigned char head[32], size_t *hash_size)
{
	const handoff_environment *env = handoff__env();
	char *gitdir, *common = NULL, *text = NULL, hex[65];
	struct odb *db = NULL;
	int err = HANDOFF_EINVALID;

	*out = NULL;
	/* what git reads elsewhere than this layout: let git read it */
	if (env->git_object_directory || env->git_alternate_object_directories ||
	    env->git_common_dir || env->git_namespace || env->git_replace_ref_base)
		return HANDOFF_EINVALID;
	if (!(gitdir = real_git_dir(env->git_dir ? env->git_dir : ".git")))
		return HANDOFF_EINVALID;
	if ((common = handoff__asprintf("%s/commondir", gitdir)))
		text = slurp(common, 4096);
	free(common);
	if (text) {
		text[strcspn(text, "\n")] = '\0';
		common = text[0] == '/' ? handoff__strdup(text) :
			handoff__asprintf("%s/%s", gitdir, text);
	} else {
		common = handoff__strdup(gitdir);
	}
	if (!common || exists(common, "reftable") || replaces(common) ||
	    exists(common, "objects/info/alternates") ||
	    resolve(gitdir, common, "HEAD", hex, 0) < 0)
		goto done;
	*hash_size = strlen(hex) / 2;
	if (odb_from_hex(head, hex, *hash_size) < 0 || !(db = calloc(1, sizeof(*db))) ||
	    !(db->objects = handoff__asprintf("%s/objects", common)))
		goto done;
	db->hash_size = *hash_size;
	*out = db;
	db = NULL;
	err = 0;
done:
	odb_free(db);
	free(gitdir);
	free(common);
	free(text);
	return err;
}

/*
 * zlib from `in` (n bytes; NULL: go on with zs) into exactly `want`
 * bytes at `out`, where the stream must end.
 */
static int inflate_all(z_stream *zs, const unsigned char *in, size_t n,
	unsigned char *out, size_t want)
{
	unsigned char extra;
	int ret, spare = 0;

	if (in) {
		memset(zs, 0, sizeof(*zs));
		if (inflateInit(zs) != Z_OK)
			return -1;
		zs->next_in = (unsigned char *)in;
		zs->avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
	}
	zs->next_out = out;
	zs->avail_out = (uInt)want;
	for (;;) {
		ret = inflate(zs, Z_FINISH);
		if (ret == Z_STREAM_END)
			break;
		if ((ret != Z_OK && ret != Z_BUF_ERROR) || spare ||
		    (ret == Z_BUF_ERROR && zs->avail_out))
			goto fail;
		if (!zs->avail_out) {	/* all of it: only the stream's end may follow */
			zs->next_out = &extra;
			zs->avail_out = 1;
			spare = 1;
		}
	}
	if (zs->avail_out != (uInt)spare)
		goto fail;
	inflateEnd(zs);
	return 0;
fail:
	inflateEnd(zs);
	return -1;
}

static enum odb_type type_named(const char *s, size_t n)
{
	static const char *const names[] = { NULL, "commit", "tree", "blob", "tag" };
	int t;

	for (t = ODB_COMMIT; t <= ODB_TAG; t++)
		if (strlen(names[t]) == n && !memcmp(s, names[t], n))
			return (enum odb_type)t;
	return ODB_NONE;
}

/* objects/xx/..., or HANDOFF_ENOTFOUND when it is not there. */
static int read_loose(struct odb *db, const unsigned char *id, size_t max,
	enum odb_type *type, unsigned char **data, size_t *len)
{
	char path[4200], hex[65], *p;
	unsigned char head[64], *nul, *map;
	unsigned long size;
	struct stat sb;
	z_stream zs;
	size_t got;
	int fd, ret, err = HANDOFF_EINVALID;

	if (strlen(db->objects) > 4000)
		return HANDOFF_EINVALID;
	odb_to_hex(hex, id, db->hash_size);
	sprintf(path, "%s/%.2s/%s", db->objects, hex, hex + 2);
	if ((fd = open(path, O_RDONLY)) < 0)
		return HANDOFF_ENOTFOUND;
	if (fstat(fd, &sb) < 0 || sb.st_size <= 0 ||
	    (map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		close(fd);
		return HANDOFF_EINVALID;
	}
	close(fd);
	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		goto unmap;
	zs.next_in = map;
	zs.avail_in = (uInt)sb.st_size;
	zs.next_out = head;
	zs.avail_out = sizeof(head);
	do
		ret = inflate(&zs, Z_SYNC_FLUSH);
	while (ret == Z_OK && zs.avail_out && !memchr(head, '\0', sizeof(head) - zs.avail_out));
	got = sizeof(head) - zs.avail_out;
	if (!(nul = memchr(head, '\0', got)) || !(p = memchr(head, ' ', (size_t)(nul - head))) ||
	    !(*type = type_named((char *)head, (size_t)(p - (char *)head))) ||
	    (size = strtoul(p + 1, NULL, 10)) > MAX_OBJECT) {
		inflateEnd(&zs);
		goto unmap;
	}
	*len = (size_t)size;
	got -= (size_t)(nul + 1 - head);
	if (got > *len) {
		inflateEnd(&zs);
		goto unmap;
	}
	if (*len > max) {
		inflateEnd(&zs);
		err = 0;
		goto unmap;
	}
	if (!(*data = malloc(*len + 1))) {
		inflateEnd(&zs);
		err = handoff__error_oom();
		goto unmap;
	}
	memcpy(*data, nul + 1, got);
	if (inflate_all(&zs, NULL, 0, *data + got, *len - got) < 0) {
		free(*data);
		*data = NULL;
		goto unmap;
	}
	(*data)[*len] = '\0';
	err = 0;
unmap:
	munmap(map, (size_t)sb.st_size);
	return err;
}

static void read_packs(struct odb *db)
{
	char *dir = handoff__asprintf("%s/pack", db->objects);
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;

	db->packs_read = 1;
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name), fanout = 8 + 256 * 4;
		char *idx, *pack;
		struct pack p;
		struct stat sb;
		int fd;

		if (n < 5 || strcmp(e->d_name + n - 4, ".idx"))
			continue;
		memset(&p, 0, sizeof(p));
		idx = handoff__asprintf("%s/%s", dir, e->d_name);
		pack = handoff__asprintf("%s/%.*s.pack", dir, (int)(n - 4), e->d_name);
		if (idx && (fd = open(idx, O_RDONLY)) >= 0) {
			if (fstat(fd, &sb) == 0 && (size_t)sb.st_size >= fanout &&
			    (p.idx = mmap(NULL, p.idx_len = (size_t)sb.st_size, PROT_READ,
			    MAP_PRIVATE, fd, 0)) == MAP_FAILED)
				p.idx = NULL;
			close(fd);
		}
		if (p.idx && pack && (fd = open(pack, O_RDONLY)) >= 0) {
			if (fstat(fd, &sb) == 0 && (size_t)sb.st_size >= 12 + db->hash_size &&
			    (p.data = mmap(NULL, p.len = (size_t)sb.st_size, PROT_READ,
			    MAP_PRIVATE, fd, 0)) == MAP_FAILED)
				p.data = NULL;
			close(fd);
		}
		free(idx);
		free(pack);
		/* version 2 of the index, whole; a pack of version 2 or 3 */
		if (p.idx && p.data && !memcmp(p.idx, "\377tOc\0\0\0\2", 8) &&
		    !memcmp(p.data, "PACK", 4) && (handoff__be32(p.data + 4) == 2 || handoff__be32(p.data + 4) == 3) &&
		    (p.count = handoff__be32(p.idx + fanout - 4)) <= (p.idx_len - fanout) /
		    (db->hash_size + 8)) {
			struct pack *v = realloc(db->packs, (db->npacks + 1) * sizeof(*v));

			if (v) {
				db->packs = v;
				db->packs[db->npacks++] = p;
				continue;
			}
		}
		if (p.idx)
			munmap((void *)p.idx, p.idx_len);
		if (p.data)
			munmap((void *)p.data, p.len);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* Where `id` starts in a pack: 1 when found (*pack, *offset), else 0. */
static int find_packed(struct odb *db, const unsigned char *id, struct pack **pack,
	size_t *offset)
{
	size_t i, hs = db->hash_size;

	if (!db->packs_read)
		read_packs(db);
	for (i = 0; i < db->npacks; i++) {
		struct pack *p = &db->packs[i];
		const unsigned char *fanout = p->idx + 8, *ids = fanout + 1024;
		uint32_t lo = id[0] ? handoff__be32(fanout + 4 * (id[0] - 1)) : 0, hi = handoff__be32(fanout + 4 * id[0]);
		size_t tables = 8 + 1024 + (size_t)p->count * (hs + 8);

		if (hi > p->count || lo > hi)
			continue;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			int c = memcmp(ids + (size_t)mid * hs, id, hs);

			if (c == 0) {
				const unsigned char *o = ids + (size_t)p->count * (hs + 4) + 4 * (size_t)mid;
				uint64_t off = handoff__be32(o);

				if (off & 0x80000000u) {	/* in the table of 64-bit offsets */
					size_t at = tables + 8 * (off & 0x7fffffffu);

					if (at + 8 > p->idx_len)
						return 0;
					off = (uint64_t)handoff__be32(p->idx + at) << 32 | handoff__be32(p->idx + at + 4);
				}
				if (off < 12 || off >= p->len - hs)
					return 0;
				*pack = p;
				*offset = (size_t)off;
				return 1;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return 0;
}

/* A delta's sizes: 7 bits a byte, least significant first. */
static int delta_size(const unsigned char **p, const unsigned char *end, size_t *out)
{
	size_t v = 0;
	int shift = 0;

	do {
		if (*p == end || shift > 56)
			return -1;
		v |= (size_t)(**p & 127) << shift;
		shift += 7;
	} while (*(*p)++ & 128);
	*out = v;
	return 0;
}

/* The result of `delta` on `base`, or NULL. */
static unsigned char *apply(const unsigned char *base, size_t base_len,
	const unsigned char *delta, size_t delta_len, size_t *out_len)
{
	const unsigned char *p = delta, *end = delta + delta_len;
	unsigned char *out, *w;
	size_t src, dst;

	if (delta_size(&p, end, &src) < 0 || src != base_len ||
	    delta_size(&p, end, &dst) < 0 || dst > MAX_OBJECT || !(out = malloc(dst + 1)))
		return NULL;
	w = out;
	while (p < end) {
		unsigned char op = *p++;

		if (op & 128) {		/* copy: offset and size bytes as the bits say */
			size_t off = 0, n = 0;
			int i;

			for (i = 0; i < 4; i++)
				if (op & (1 << i)) {
					if (p == end)
						goto bad;
					off |= (size_t)*p++ << (8 * i);
				}
			for (i = 0; i < 3; i++)
				if (op & (16 << i)) {
					if (p == end)
						goto bad;
					n |= (size_t)*p++ << (8 * i);
				}
			if (!n)
				n = 0x10000;
			if (off > base_len || n > base_len - off || n > dst - (size_t)(w - out))
				goto bad;
			memcpy(w, base + off, n);
			w += n;
		} else if (op) {	/* insert the next op bytes */
			if ((size_t)(end - p) < op || op > dst - (size_t)(w - out))
				goto bad;
			memcpy(w, p, op);
			w += op;
			p += op;
		} else {
			goto bad;
		}
	}
	if ((size_t)(w - out) != dst)
		goto bad;
	out[dst] = '\0';
	*out_len = dst;
	return out;
bad:
	free(out);
	return NULL;
}

struct delta {
	unsigned char *data;
	size_t len;
};

/* An entry's header: its kind (1-4 an object, 6-7 a delta) and size. */
static const unsigned char *entry_header(const unsigned char *at, const unsigned char *end,
	unsigned int *kind, size_t *size)
{
	unsigned char c;
	int shift = 4;

	if (at >= end)
		return NULL;
	c = *at++;
	*kind = (c >> 4) & 7;
	*size = c & 15;
	while (c & 128) {
		if (at == end || shift > 56)
			return NULL;
		c = *at++;
		*size |= (size_t)(c & 127) << shift;
		shift += 7;
	}
	return *size > MAX_OBJECT ? NULL : at;
}

/* Past a delta's base: the offset it is at (OFS_DELTA) or its id (REF_DELTA). */
static const unsigned char *delta_base(struct odb *db, const unsigned char *at,
	const unsigned char *end, unsigned int kind, struct pack **p, size_t *offset)
{
	size_t back;

	if (kind == 7) {
		if ((size_t)(end - at) < db->hash_size || !find_packed(db, at, p, offset))
			return NULL;
		return at + db->hash_size;
	}
	if (!(at = handoff__git_varint(at, end, &back)) || back == 0 || back > *offset)
		return NULL;
	*offset -= back;
	return at;
}

/*
 * The object at `offset` of `p`: its deltas inflated down to the base,
 * then applied back up. Past `max` (the first delta names the size)
 * only the headers are read on, for the type.
 */
static int read_packed(struct odb *db, struct pack *p, size_t offset, size_t max,
	enum odb_type *type, unsigned char **data, size_t *len)
{
	struct delta *chain = NULL;
	size_t depth = 0, cap = 0, i, size, base_len = 0;
	unsigned char *base = NULL;
	int err = HANDOFF_EINVALID, size_only = 0;
	const unsigned char *at, *end;
	unsigned int kind;
	z_stream zs;

	for (;;) {
		end = p->data + p->len - db->hash_size;
		if (!(at = entry_header(p->data + offset, end, &kind, &size)))
			goto done;
		if (kind >= 1 && kind <= 4)
			break;
		if ((kind != 6 && kind != 7) || depth >= MAX_CHAIN ||
		    !(at = delta_base(db, at, end, kind, &p, &offset)))
			goto done;
		if (size_only)
			continue;
		if (depth == cap) {
			struct delta *v = realloc(chain, (cap = cap ? 2 * cap : 8) * sizeof(*v));

			if (!v) {
				err = handoff__error_oom();
				goto done;
			}
			chain = v;
		}
		if (!(chain[depth].data = malloc(size + 1))) {
			err = handoff__error_oom();
			goto done;
		}
		chain[depth].len = size;
		if (inflate_all(&zs, at, (size_t)(end - at), chain[depth++].data, size) < 0)
			goto done;
		if (depth == 1) {	/* the object's own size is the delta's second */
			const unsigned char *q = chain[0].data;
			size_t src;

			if (delta_size(&q, q + size, &src) < 0 || delta_size(&q, q + size, len) < 0)
				goto done;
			size_only = *len > max;
		}
	}
	*type = (enum odb_type)kind;	/* 1-4: commit, tree, blob, tag, as in enum odb_type */
	if (size_only || (!depth && size > max)) {
		*len = depth ? *len : size;
		err = 0;
		goto done;
	}
	if (!(base = malloc(size + 1))) {
		err = handoff__error_oom();
		goto done;
	}
	if (inflate_all(&zs, at, (size_t)(end - at), base, size) < 0)
		goto done;
	base[size] = '\0';
	base_len = size;
	for (i = depth; i-- > 0; ) {
		unsigned char *next = apply(base, base_len, chain[i].data, chain[i].len, &base_len);

		free(base);
		if (!(base = next))
			goto done;
	}
	*data = base;
	*len = base_len;
	base = NULL;
	err = 0;
done:
	for (i = 0; i < depth; i++)
		free(chain[i].data);
	free(chain);
	free(base);
	return err;
}

int odb_read(struct odb *db, const unsigned char *id, size_t max,
	enum odb_type *type, unsigned char **data, size_t *len)
{
	struct pack *p;
	size_t offset;
	int err;

	*data = NULL;
	*len = 0;
	*type = ODB_NONE;
	if ((err = read_loose(db, id, max, type, data, len)) != HANDOFF_ENOTFOUND)
		return err;
	if (!find_packed(db, id, &p, &offset))
		return HANDOFF_EINVALID;
	return read_packed(db, p, offset, max, type, data, len);
}

void odb_free(struct odb *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->npacks; i++) {
		munmap((void *)db->packs[i].idx, db->packs[i].idx_len);
		munmap((void *)db->packs[i].data, db->packs[i].len);
	}
	free(db->packs);
	free(db->objects);
	free(db);
}

char *odb_common_dir(const struct odb *db)
{
	size_t n = strlen(db->objects) - strlen("/objects");

	return handoff__asprintf("%.*s", (int)n, db->objects);
}

int odb_commit_tree(struct odb *db, unsigned char *id)
{
	enum odb_type type;
	unsigned char *data;
	size_t len, hex = 2 * db->hash_size;
	int err;

	if ((err = odb_read(db, id, 1024 * 1024, &type, &data, &len)) < 0)
		return err;
	/* "tree <hex>\n" comes first */
	err = data && type == ODB_COMMIT && len > 5 + hex && !memcmp(data, "tree ", 5) &&
		data[5 + hex] == '\n' && odb_from_hex(id, (char *)data + 5, db->hash_size) == 0 ?
		0 : HANDOFF_EINVALID;
	free(data);
	return err;
}

int odb_tree_next(const unsigned char *data, size_t len, size_t *pos,
	size_t hash_size, struct odb_entry *e)
{
	const char *p = (const char *)data + *pos, *end = (const char *)data + len;
	const char *sp, *nul;
	unsigned long mode;
	char *stop;

	if (*pos >= len)
		return 0;
	if (!(sp = memchr(p, ' ', (size_t)(end - p))) ||
	    !(nul = memchr(sp, '\0', (size_t)(end - sp))) || nul == sp + 1 ||
	    (size_t)(end - nul - 1) < hash_size)
		return -1;
	mode = strtoul(p, &stop, 8);
	if (stop != sp || mode > 0177777)
		return -1;
	e->mode = (unsigned int)mode;
	e->name = sp + 1;
	e->len = (size_t)(nul - sp - 1);
	e->id = (const unsigned char *)nul + 1;
	*pos = (size_t)(nul + 1 - (const char *)data) + hash_size;
	return 1;
}

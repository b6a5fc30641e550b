/*
 * Sealed cache files (see cachefile.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#include "cachefile.h"

#define FLUSH_AT 65536	/* bytes a writer keeps before writing them */
#define COPY_AT (1024 * 1024)	/* bytes of an old body copied at a time */
#define READ_AT 65536	/* bytes a reader reads at a time */

int handoff__cache_hash(char *hex, const void *p, size_t len)
{
	git_oid id;

	if (git_odb_hash(&id, p, len, GIT_OBJECT_BLOB) < 0)
		return handoff__error_oom();
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &id);
	return 0;
}

/*
 * CRC-32C (Castagnoli, as iSCSI and ext4), which x86-64 computes eight
 * bytes an instruction (SSE4.2); elsewhere eight bytes a step through
 * tables ("slicing by 8": table k holds the CRC of a byte followed by k
 * zero bytes). Cache files are tens of megabytes, summed when written
 * and when read.
 */
static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;
static int crc_by_cpu;

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("sse4.2")))
static uint32_t crc_cpu(uint32_t c, const unsigned char *p, size_t len)
{
	uint64_t c8 = c, v;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&v, p, 8);
		c8 = __builtin_ia32_crc32di(c8, v);
	}
	for (c = (uint32_t)c8; len--; p++)
		c = __builtin_ia32_crc32qi(c, *p);
	return c;
}
#define HAVE_CRC_CPU 1
#endif

static void crc_make_table(void)
{
	uint32_t c, i, k;

	for (i = 0; i < 256; i++) {
		for (c = i, k = 0; k < 8; k++)
			c = c & 1 ? 0x82f63b78u ^ (c >> 1) : c >> 1;
		crc_table[0][i] = c;
	}
	for (k = 1; k < 8; k++)
		for (i = 0; i < 256; i++)
			crc_table[k][i] = (crc_table[k - 1][i] >> 8) ^
				crc_table[0][crc_table[k - 1][i] & 0xff];
#ifdef HAVE_CRC_CPU
	crc_by_cpu = __builtin_cpu_supports("sse4.2");
#endif
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

unsigned long handoff__crc32c_tables(unsigned long crc, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t c = ~(uint32_t)crc, lo, hi;

	pthread_once(&crc_once, crc_make_table);
	for (; len >= 8; p += 8, len -= 8) {
		lo = c ^ le32(p);
		hi = le32(p + 4);
		c = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^
			crc_table[5][(lo >> 16) & 0xff] ^ crc_table[4][lo >> 24] ^
			crc_table[3][hi & 0xff] ^ crc_table[2][(hi >> 8) & 0xff] ^
			crc_table[1][(hi >> 16) & 0xff] ^ crc_table[0][hi >> 24];
	}
	while (len--)
		c = crc_table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

unsigned long handoff__crc32c(unsigned long crc, const void *data, size_t len)
{
	pthread_once(&crc_once, crc_make_table);
#ifdef HAVE_CRC_CPU
	if (crc_by_cpu)
		return ~crc_cpu(~(uint32_t)crc, data, len);
#endif
	return handoff__crc32c_tables(crc, data, len);
}

static void trailer(char *out, size_t size, unsigned long crc, size_t len)
{
	snprintf(out, size, "end %zu %08lx\n", len, crc & 0xffffffffUL);
}

int handoff__cache_file_open(const char **body, size_t *len, const char *data,
	size_t size, const char *magic, const char *key)
{
	size_t mlen = strlen(magic), klen = strlen(key), hlen = mlen + klen + 2, tlen;
	const char *end;
	char want[96];

	*body = NULL;
	*len = 0;
	if (size < hlen || memcmp(data, magic, mlen) || data[mlen] != '\t' ||
	    memcmp(data + mlen + 1, key, klen) || data[hlen - 1] != '\n' ||
	    data[size - 1] != '\n')
		return HANDOFF_ENOTFOUND;
	/* the trailer: the last line */
	for (end = data + size - 1; end > data + hlen && end[-1] != '\n'; end--)
		;
	if (end < data + hlen)
		return HANDOFF_ENOTFOUND;
	trailer(want, sizeof(want), handoff__crc32c(0, data + hlen,
		(size_t)(end - data) - hlen), (size_t)(end - data) - hlen);
	tlen = strlen(want);
	if ((size_t)(data + size - end) != tlen || memcmp(end, want, tlen))
		return HANDOFF_ENOTFOUND;
	*body = data + hlen;
	*len = (size_t)(end - data) - hlen;
	return 0;
}

int handoff__cache_file_seal(handoff_buf *out, const char *magic, const char *key,
	const char *body, size_t len)
{
	char t[96];

	trailer(t, sizeof(t), handoff__crc32c(0, body, len), len);
	handoff__buf_printf(out, "%s\t%s\n", magic, key);
	if (len)
		handoff__buf_put(out, body, len);
	handoff__buf_puts(out, t);
	return handoff__buf_failed(out) ? handoff__error_oom() : 0;
}

static char *cache_path(git_repository *git, const char *name)
{
	return handoff__asprintf("%shandoff/%s", git_repository_commondir(git), name);
}

/* The next line of the file into r->line[slot]: its length, 0 at the end, -1 on error. */
static ssize_t read_line(struct cache_reader *r, int slot)
{
	ssize_t n = getline(&r->line[slot], &r->alloc[slot], r->f);

	if (n < 0)
		return ferror(r->f) ? -1 : 0;
	r->len[slot] = (size_t)n;
	return n;
}

int handoff__cache_reader_open(struct cache_reader *r, git_repository *git,
	const char *name, const char *magic, const char *key)
{
	char *path = cache_path(git, name);
	size_t mlen = strlen(magic), klen = strlen(key);

	memset(r, 0, sizeof(*r));
	r->f = path ? fopen(path, "rb") : NULL;
	free(path);
	/* tens of megabytes: read 64 KiB at a time, not stdio's 4 KiB */
	if (r->f && (r->buf = malloc(READ_AT)) != NULL)
		setvbuf(r->f, r->buf, _IOFBF, READ_AT);
	/* the header, then the first line ahead: a body line or the trailer */
	if (!r->f || read_line(r, 0) <= 0 || r->len[0] != mlen + klen + 2 ||
	    memcmp(r->line[0], magic, mlen) || r->line[0][mlen] != '\t' ||
	    memcmp(r->line[0] + mlen + 1, key, klen) || r->line[0][mlen + 1 + klen] != '\n' ||
	    read_line(r, 1) <= 0) {
		handoff__cache_reader_close(r);
		return HANDOFF_ENOTFOUND;
	}
	r->head = r->len[0];
	r->ahead = 1;
	return 0;
}

int handoff__cache_reader_next(struct cache_line *l, struct cache_reader *r)
{
	int cur = r->ahead, next = !r->ahead;
	char *p = r->line[cur];
	size_t len = r->len[cur];
	char want[96];
	ssize_t n;

	if (!r->f)
		return HANDOFF_ENOTFOUND;
	if (!len || p[len - 1] != '\n' || (n = read_line(r, next)) < 0)
		goto bad;
	if (n == 0) {	/* the line ahead was the last: the trailer */
		trailer(want, sizeof(want), r->crc, r->size);
		if (len != strlen(want) || memcmp(p, want, len))
			goto bad;
		r->whole = 1;
		return 0;
	}
	r->crc = handoff__crc32c(r->crc, p, len);
	r->size += len;
	r->ahead = next;
	l->p = p;
	l->end = p + len - 1;
	l->bad = 0;
	return 1;
bad:
	fclose(r->f);
	r->f = NULL;
	free(r->buf);
	r->buf = NULL;
	return HANDOFF_ENOTFOUND;
}

void handoff__cache_reader_close(struct cache_reader *r)
{
	if (r->f)
		fclose(r->f);
	free(r->buf);	/* after the fclose that last used it */
	free(r->line[0]);
	free(r->line[1]);
	memset(r, 0, sizeof(*r));
}

int handoff__cache_writer_open(struct cache_writer *w, git_repository *git,
	const char *name, const char *magic, const char *key)
{
	char *path = cache_path(git, name);
	int err = path ? handoff_file_open(&w->f, path, 0) : HANDOFF_ERROR;

	free(path);
	if (!err)
		handoff__file_no_sync(w->f);
	memset(&w->body, 0, sizeof(w->body));
	w->crc = 0;
	w->len = 0;
	w->kept = NULL;
	w->kept_at = w->kept_len = 0;
	if (err) {
		w->f = NULL;
		return err;
	}
	handoff__buf_printf(&w->body, "%s\t%s\n", magic, key);
	if ((err = handoff__buf_failed(&w->body) ? handoff__error_oom() :
	    handoff_file_write(w->f, w->body.ptr, w->body.size)) < 0) {
		handoff__cache_writer_abort(w);
		return err;
	}
	w->body.size = 0;
	return 0;
}

/*
 * The `len` bytes of the file `fd` at `at`, written to w's file as they
 * are; with `sum`, counted in its sum and length.
 */
static int copy_bytes(struct cache_writer *w, int fd, off_t at, size_t len, int sum)
{
	char *buf;
	ssize_t n;
	int err;

	if (!sum && (err = handoff__file_copy(w->f, fd, at, len)) != 1)
		return err;
	err = (buf = malloc(len < COPY_AT ? len + 1 : COPY_AT)) ? 0 : handoff__error_oom();

	while (!err && len) {
		if ((n = pread(fd, buf, len < COPY_AT ? len : COPY_AT, at)) < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			handoff__error_set(HANDOFF_ERROR_OS, "cannot read a cache file: %s",
				n ? strerror(errno) : "cut short");
			err = HANDOFF_ERROR;
		} else if ((err = handoff_file_write(w->f, buf, (size_t)n)) == 0) {
			if (sum) {
				w->crc = handoff__crc32c(w->crc, buf, (size_t)n);
				w->len += (size_t)n;
			}
			at += n;
			len -= (size_t)n;
		}
	}
	free(buf);
	return err;
}

int handoff__cache_writer_extend(struct cache_writer *w, const struct cache_reader *r,
	git_repository *git, const char *name, const char *magic, const char *key)
{
	int err;

	if (!r->f || !r->whole)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "no whole cache file read"),
			HANDOFF_EINVALID;
	if ((err = handoff__cache_writer_open(w, git, name, magic, key)) < 0)
		return err;
	if ((err = copy_bytes(w, fileno(r->f), (off_t)r->head, r->size, 0)) < 0) {
		handoff__cache_writer_abort(w);
		return err;
	}
	w->crc = r->crc;
	w->len = r->size;
	return 0;
}

/* What the writer holds, in order: the bytes kept from an old file, then `body`. */
static int flush(struct cache_writer *w)
{
	int err = 0;

	if (handoff__buf_failed(&w->body))
		return handoff__error_oom();
	if (w->kept_len)
		err = copy_bytes(w, fileno(w->kept->f), (off_t)(w->kept->head + w->kept_at),
			w->kept_len, 1);
	w->kept_len = 0;
	if (err || !w->body.size)
		return err;
	w->crc = handoff__crc32c(w->crc, w->body.ptr, w->body.size);
	w->len += w->body.size;
	err = handoff_file_write(w->f, w->body.ptr, w->body.size);
	w->body.size = 0;
	w->body.ptr[0] = '\0';
	return err;
}

int handoff__cache_writer_keep(struct cache_writer *w, const struct cache_reader *r,
	size_t at, size_t len)
{
	int err = 0;

	if (!r->f || !r->whole || at > r->size || len > r->size - at) {
		handoff__cache_writer_abort(w);
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"no such part of a whole cache file read"), HANDOFF_EINVALID;
	}
	if (w->kept_len && w->kept == r && w->kept_at + w->kept_len == at && !w->body.size) {
		w->kept_len += len;	/* the next part of the same run */
		return 0;
	}
	if ((err = flush(w)) < 0) {
		handoff__cache_writer_abort(w);
		return err;
	}
	w->kept = r;
	w->kept_at = at;
	w->kept_len = len;
	return 0;
}

int handoff__cache_writer_step(struct cache_writer *w)
{
	int err = w->body.size >= FLUSH_AT || handoff__buf_failed(&w->body) ?
		flush(w) : 0;

	if (err)
		handoff__cache_writer_abort(w);
	return err;
}

int handoff__cache_writer_commit(struct cache_writer *w)
{
	char t[96];
	int err = flush(w);

	trailer(t, sizeof(t), w->crc, w->len);
	if (!err)
		err = handoff_file_write(w->f, t, strlen(t));
	if (err) {
		handoff__cache_writer_abort(w);
		return err;
	}
	handoff_buf_dispose(&w->body);
	err = handoff_file_commit(w->f);
	w->f = NULL;
	return err;
}

void handoff__cache_writer_abort(struct cache_writer *w)
{
	if (w->f)
		handoff_file_abort(w->f);
	w->f = NULL;
	handoff_buf_dispose(&w->body);
}

void handoff__cache_put(handoff_buf *b, const char *s)
{
	const char *run;

	handoff__buf_puts(b, "\t");
	if (!s) {
		handoff__buf_puts(b, "\\-");
		return;
	}
	while (*s) {
		for (run = s; *s && *s != '\\' && *s != '\t' && *s != '\n'; s++)
			;
		handoff__buf_put(b, run, (size_t)(s - run));
		if (*s) {
			handoff__buf_put(b,
				*s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : "\\n", 2);
			s++;
		}
	}
}

void handoff__cache_put_all(handoff_buf *b, const char *tag, const char *const *s,
	size_t n)
{
	size_t i;

	handoff__buf_puts(b, tag);
	for (i = 0; i < n; i++)
		handoff__cache_put(b, s[i]);
}

char *handoff__cache_take(struct cache_line *l)
{
	size_t len;

	return handoff__cache_take_len(l, &len);
}

char *handoff__cache_take_len(struct cache_line *l, size_t *len)
{
	char *in, *out, *start, *stop;

	/* a field's tab may be a NUL already: where the one before it ended */
	*len = 0;
	if (l->p >= l->end || (*l->p != '\t' && *l->p != '\0')) {
		l->bad = 1;
		return NULL;
	}
	in = out = start = ++l->p;
	if (l->end - in >= 2 && in[0] == '\\' && in[1] == '-' &&
	    (in + 2 == l->end || in[2] == '\t')) {
		l->p = in + 2;
		return NULL;
	}
	/* most fields hold no escape: found with memchr, ended where they are */
	if (!(stop = memchr(in, '\t', (size_t)(l->end - in))))
		stop = l->end;
	if (!memchr(in, '\\', (size_t)(stop - in))) {
		l->p = stop;
		*stop = '\0';
		*len = (size_t)(stop - start);
		return start;
	}
	while (in < l->end && *in != '\t') {
		if (*in == '\\' && in + 1 < l->end) {
			in++;
			*out++ = *in == 't' ? '\t' : *in == 'n' ? '\n' : *in;
			in++;
		} else {
			*out++ = *in++;
		}
	}
	l->p = in;
	*out = '\0';	/* on the tab or the newline that ended it, or before */
	*len = (size_t)(out - start);
	return start;
}

/* Each hex digit's value plus one; 0 for any other byte. */
static const unsigned char hex_plus_one[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/*
 * The next field as an id; *bad set when it is none. Read here through
 * a table, not by git_oid_fromstr(): a history cache holds a million.
 */
int handoff__cache_take_oid(git_oid *out, struct cache_line *l)
{
	const unsigned char *s = (const unsigned char *)handoff__cache_take(l);
	unsigned int hi, lo, ok = s != NULL;
	int i;

	for (i = 0; ok && i < GIT_OID_RAWSZ; i++) {
		hi = hex_plus_one[s[2 * i]];
		lo = hi ? hex_plus_one[s[2 * i + 1]] : 0;
		ok = hi && lo;
		out->id[i] = (unsigned char)((hi - 1) << 4 | (lo - 1));
	}
	if (!ok || s[2 * GIT_OID_RAWSZ]) {
		l->bad = 1;
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

/* The next field as a number of at most 18 digits, maybe negative. */
long long handoff__cache_take_num(struct cache_line *l)
{
	const char *s = handoff__cache_take(l);
	long long v = 0;
	int neg, n;

	if (!s) {
		l->bad = 1;
		return 0;
	}
	neg = *s == '-';
	for (s += neg, n = 0; *s >= '0' && *s <= '9' && n < 18; s++, n++)
		v = v * 10 + (*s - '0');
	if (!n || *s)
		l->bad = 1;
	return neg ? -v : v;
}

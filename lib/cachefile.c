/*
 * Sealed cache files (see cachefile.h).
 */
#include <stdio.h>

#include "cachefile.h"

int cache_hash(char *hex, const void *p, size_t len)
{
	git_oid id;

	if (git_odb_hash(&id, p, len, GIT_OBJECT_BLOB) < 0)
		return handoff__error_oom();
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &id);
	return 0;
}

static int trailer(char *out, size_t size, const char *body, size_t len)
{
	char hex[GIT_OID_HEXSZ + 1];
	int err = cache_hash(hex, body ? body : "", len);

	if (!err)
		snprintf(out, size, "end %zu %s\n", len, hex);
	return err;
}

int cache_file_open(const char **body, size_t *len, const char *data,
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
	if (end < data + hlen || trailer(want, sizeof(want), data + hlen,
	    (size_t)(end - data) - hlen) < 0)
		return HANDOFF_ENOTFOUND;
	tlen = strlen(want);
	if ((size_t)(data + size - end) != tlen || memcmp(end, want, tlen))
		return HANDOFF_ENOTFOUND;
	*body = data + hlen;
	*len = (size_t)(end - data) - hlen;
	return 0;
}

int cache_file_seal(handoff_buf *out, const char *magic, const char *key,
	const char *body, size_t len)
{
	char t[96];
	int err = trailer(t, sizeof(t), body, len);

	if (!err)
		handoff__buf_printf(out, "%s\t%s\n", magic, key);
	if (!err && len)
		handoff__buf_put(out, body, len);
	if (!err)
		handoff__buf_puts(out, t);
	return err ? err : handoff__buf_failed(out) ? HANDOFF_ERROR : 0;
}

static char *cache_path(git_repository *git, const char *name)
{
	return handoff__asprintf("%shandoff/%s", git_repository_commondir(git), name);
}

int cache_file_read(char **data, const char **body, size_t *len,
	git_repository *git, const char *name, const char *magic, const char *key)
{
	char *path = cache_path(git, name), *p = NULL;
	FILE *f = path ? fopen(path, "rb") : NULL;
	long size = -1;

	*data = NULL;
	free(path);
	if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)size + 1)) &&
	    fread(p, 1, (size_t)size, f) == (size_t)size) {
		p[size] = '\0';
	} else {
		free(p);
		p = NULL;
	}
	if (f)
		fclose(f);
	if (!p || cache_file_open(body, len, p, (size_t)size, magic, key) < 0) {
		free(p);
		return HANDOFF_ENOTFOUND;
	}
	*data = p;
	return 0;
}

int cache_file_write(git_repository *git, const char *name, const char *magic,
	const char *key, const char *body, size_t len)
{
	char *path = cache_path(git, name);
	char head[256], t[96];
	handoff_file *f = NULL;
	int err = path ? trailer(t, sizeof(t), body, len) : HANDOFF_ERROR;

	snprintf(head, sizeof(head), "%s\t%s\n", magic, key);
	if (!err)
		err = handoff_file_open(&f, path, 0);
	free(path);
	if (err)
		return err;
	if ((err = handoff_file_write(f, head, strlen(head))) < 0 ||
	    (len && (err = handoff_file_write(f, body, len)) < 0) ||
	    (err = handoff_file_write(f, t, strlen(t))) < 0) {
		handoff_file_abort(f);
		return err;
	}
	return handoff_file_commit(f);
}

void cache_put(handoff_buf *b, const char *s)
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
			handoff__buf_put(b, *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : "\\n", 2);
			s++;
		}
	}
}

char *cache_take(struct cache_line *l)
{
	char *in, *out, *start;

	/* a field's tab may be a NUL already: where the one before it ended */
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
	return start;
}

/* The next field as an id; *bad set when it is none. */
int cache_take_oid(git_oid *out, struct cache_line *l)
{
	char *s = cache_take(l);

	if (!s || strlen(s) != GIT_OID_HEXSZ || git_oid_fromstr(out, s) < 0) {
		l->bad = 1;
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

long long cache_take_num(struct cache_line *l)
{
	char *s = cache_take(l), *end;
	long long v = s ? strtoll(s, &end, 10) : 0;

	if (!s || !*s || *end)
		l->bad = 1;
	return v;
}

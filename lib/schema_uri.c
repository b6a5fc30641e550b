/*
 * URI references for $id and $ref, resolved as RFC 3986 section 5.2 says
 * (components, merge, dot-segment removal), because a schema that nests
 * `$id: nested/foo.json` under `$id: https://example.com/a/base.json` and
 * refers to `./bar.json` must find the same subschema every validator
 * finds. Only the text is handled: nothing is ever fetched.
 */
#include "schema_int.h"

struct uri {
	const char *scheme, *authority, *path, *query, *fragment;
	size_t nscheme, nauthority, npath, nquery, nfragment;
	int has_scheme, has_authority, has_query, has_fragment;
};

static int scheme_char(int c, int first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return !first && ((c >= '0' && c <= '9') || c == '+' || c == '-' ||
		c == '.');
}

/* Split a reference into its five components (RFC 3986 appendix B). */
static void uri_split(struct uri *u, const char *s)
{
	size_t i = 0, n = strlen(s), start;

	memset(u, 0, sizeof(*u));
	while (i < n && scheme_char((unsigned char)s[i], i == 0))
		i++;
	if (i > 0 && i < n && s[i] == ':') {
		u->has_scheme = 1;
		u->scheme = s;
		u->nscheme = i;
		s += i + 1;
		n -= i + 1;
	}
	i = 0;
	if (n >= 2 && s[0] == '/' && s[1] == '/') {
		start = i = 2;
		while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
			i++;
		u->has_authority = 1;
		u->authority = s + start;
		u->nauthority = i - start;
	}
	start = i;
	while (i < n && s[i] != '?' && s[i] != '#')
		i++;
	u->path = s + start;
	u->npath = i - start;
	if (i < n && s[i] == '?') {
		start = ++i;
		while (i < n && s[i] != '#')
			i++;
		u->has_query = 1;
		u->query = s + start;
		u->nquery = i - start;
	}
	if (i < n && s[i] == '#') {
		u->has_fragment = 1;
		u->fragment = s + i + 1;
		u->nfragment = n - i - 1;
	}
}

/* RFC 3986 5.2.4, appending the result to `out`. */
static int remove_dots(handoff_buf *out, const char *in, size_t n)
{
	size_t base = out->size;
	int err = 0;

	while (!err && n > 0) {
		if (n >= 3 && !memcmp(in, "../", 3)) {
			in += 3, n -= 3;
		} else if (n >= 2 && !memcmp(in, "./", 2)) {
			in += 2, n -= 2;
		} else if (n >= 3 && !memcmp(in, "/./", 3)) {
			in += 2, n -= 2;
		} else if (n == 2 && !memcmp(in, "/.", 2)) {
			in = "/", n = 1;
		} else if ((n >= 4 && !memcmp(in, "/../", 4)) ||
		    (n == 3 && !memcmp(in, "/..", 3))) {
			/* drop the last segment written, and its '/' */
			if (n == 3)
				in = "/", n = 1;
			else
				in += 3, n -= 3;
			while (out->size > base && out->ptr[out->size - 1] != '/')
				out->size--;
			if (out->size > base)
				out->size--;
			if (out->ptr)
				out->ptr[out->size] = '\0';
		} else if ((n == 1 && in[0] == '.') || (n == 2 && !memcmp(in, "..", 2))) {
			n = 0;
		} else {
			size_t seg = in[0] == '/' ? 1 : 0;

			while (seg < n && in[seg] != '/')
				seg++;
			err = handoff__buf_put(out, in, seg);
			in += seg, n -= seg;
		}
	}
	return err;
}

static int put_opt(handoff_buf *b, const char *prefix, const char *s,
	size_t n, int present)
{
	int err = 0;

	if (!present)
		return 0;
	if (prefix)
		err = handoff__buf_puts(b, prefix);
	return err ? err : handoff__buf_put(b, s, n);
}

char *handoff__schema_uri_resolve(const char *base, const char *ref)
{
	handoff_buf out = HANDOFF_BUF_INIT, merged = HANDOFF_BUF_INIT;
	struct uri b, r;
	const struct uri *auth_from, *query_from;
	int err = 0;

	uri_split(&b, base ? base : "");
	uri_split(&r, ref);
	/* the scheme of the result, and where authority and query come from */
	if (r.has_scheme) {
		err = put_opt(&out, NULL, r.scheme, r.nscheme, 1);
		auth_from = &r;
		query_from = &r;
	} else {
		err = put_opt(&out, NULL, b.scheme, b.nscheme, b.has_scheme);
		auth_from = r.has_authority ? &r : &b;
		query_from = (r.has_authority || r.npath || r.has_query) ? &r : &b;
	}
	if (!err && out.size)
		err = handoff__buf_puts(&out, ":");
	if (!err && auth_from->has_authority)
		err = put_opt(&out, "//", auth_from->authority,
			auth_from->nauthority, 1);

	if (err) {
		/* nothing */
	} else if (r.has_scheme || r.has_authority) {
		err = remove_dots(&out, r.path, r.npath);
	} else if (r.npath == 0) {
		err = handoff__buf_put(&out, b.path, b.npath);
	} else if (r.path[0] == '/') {
		err = remove_dots(&out, r.path, r.npath);
	} else {
		/* 5.2.3 merge: the base path up to its last '/', then ref's */
		if (b.has_authority && b.npath == 0) {
			err = handoff__buf_puts(&merged, "/");
		} else {
			size_t keep = b.npath;

			while (keep > 0 && b.path[keep - 1] != '/')
				keep--;
			err = handoff__buf_put(&merged, b.path, keep);
		}
		if (!err)
			err = handoff__buf_put(&merged, r.path, r.npath);
		if (!err)
			err = remove_dots(&out, merged.ptr, merged.size);
	}
	if (!err)
		err = put_opt(&out, "?", query_from->query, query_from->nquery,
			query_from->has_query);
	if (!err)
		err = put_opt(&out, "#", r.fragment, r.nfragment, r.has_fragment);
	if (!err && !out.ptr)
		err = handoff__buf_puts(&out, "");
	handoff_buf_dispose(&merged);
	if (err) {
		handoff_buf_dispose(&out);
		return NULL;
	}
	return out.ptr;
}

char *handoff__schema_uri_unescape(const char *s, size_t n, size_t *outlen)
{
	char *out = malloc(n + 1);
	size_t i, o = 0;

	if (!out) {
		handoff__error_oom();
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    handoff__hex_digit((unsigned char)s[i + 1]) >= 0 &&
		    handoff__hex_digit((unsigned char)s[i + 2]) >= 0) {
			out[o++] = (char)(handoff__hex_digit((unsigned char)s[i + 1]) * 16 +
				handoff__hex_digit((unsigned char)s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

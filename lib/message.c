/*
 * Trailers in commit messages (see message.h).
 */
#include <ctype.h>
#include <strings.h>

#include "message.h"

struct line {
	const char *p;
	size_t n;
};

static int is_comment(const struct line *l, char comment)
{
	if (!comment || !l->n)
		return 0;
	if (comment == '*')
		return strchr("#;@!$%^&|:", l->p[0]) != NULL;
	return l->p[0] == comment;
}

/* git's cut line: a comment character, then " ------------------------ >8" */
static int is_scissors(const struct line *l, char comment)
{
	static const char cut[] = " ------------------------ >8 ";

	return is_comment(l, comment) && l->n > sizeof(cut) - 1 &&
		!memcmp(l->p + 1, cut, sizeof(cut) - 1);
}

static int is_blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!isspace((unsigned char)l->p[i]))
			return 0;
	return 1;
}

/* "Token: value": the length of the token, or 0. */
static size_t trailer_key(const struct line *l)
{
	size_t i = 0;

	while (i < l->n && (isalnum((unsigned char)l->p[i]) || l->p[i] == '-'))
		i++;
	return i && i < l->n && l->p[i] == ':' ? i : 0;
}

/* The message's lines without comments and the part below the scissors. */
static size_t split(struct line **out, const char *msg, size_t len, char comment)
{
	struct line *v = NULL, l;
	size_t n = 0, alloc = 0;
	const char *end = msg + len;

	while (msg < end) {
		const char *nl = memchr(msg, '\n', (size_t)(end - msg));

		l.p = msg;
		l.n = (size_t)((nl ? nl : end) - msg);
		msg = nl ? nl + 1 : end;
		if (l.n && l.p[l.n - 1] == '\r')
			l.n--;
		if (is_scissors(&l, comment))
			break;
		if (is_comment(&l, comment))
			continue;
		if (n == alloc) {
			struct line *w = realloc(v, (alloc = alloc ? alloc * 2 : 32) * sizeof(*v));

			if (!w) {
				free(v);
				*out = NULL;
				return 0;
			}
			v = w;
		}
		v[n++] = l;
	}
	*out = v;
	return n;
}

char *handoff__message_trailer(const char *msg, size_t len, const char *key, char comment)
{
	struct line *v;
	size_t n = split(&v, msg, len, comment), start, i, trailers = 0;
	char *value = NULL;

	while (n && is_blank(&v[n - 1]))
		n--;
	for (start = n; start && !is_blank(&v[start - 1]); start--)
		;
	/* the subject alone is no trailer block; nor is a paragraph of prose */
	if (!start) {
		free(v);
		return NULL;
	}
	for (i = start; i < n; i++)
		trailers += trailer_key(&v[i]) > 0;
	for (i = start; !value && trailers * 4 >= n - start && i < n; i++) {
		size_t k = trailer_key(&v[i]), b, e;

		if (!k || k != strlen(key) || strncasecmp(v[i].p, key, k))
			continue;
		for (b = k + 1; b < v[i].n && isspace((unsigned char)v[i].p[b]); b++)
			;
		for (e = v[i].n; e > b && isspace((unsigned char)v[i].p[e - 1]); e--)
			;
		if (e > b && !(value = handoff__strndup(v[i].p + b, e - b)))
			break;
	}
	free(v);
	return value;
}

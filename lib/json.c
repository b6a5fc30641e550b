/*
 * The JSON reader (json.h): RFC 8259, strictly. A recursive descent that
 * counts how deep it is and how many values it has made, and stops with
 * a message and the byte offset at the first thing it cannot take, so a
 * message built to exhaust the stack (ten thousand '[') or the memory
 * (millions of tiny values) costs no more than the limits allow. Strings
 * must be valid UTF-8; \u escapes are decoded, a lone surrogate becomes
 * U+FFFD, as an editor would show it.
 */
#include <errno.h>
#include <math.h>

#include "json.h"
#include "utf8.h"

struct reader {
	const char *s;
	size_t len, at;
	const struct json_limits *limits;
	size_t nodes;
	struct json_error *error;
	int oom;
};

static int fail(struct reader *r, enum json_problem problem, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static int fail(struct reader *r, enum json_problem problem, const char *fmt, ...)
{
	va_list ap;

	if (r->error) {
		r->error->problem = problem;
		r->error->offset = r->at;
		va_start(ap, fmt);
		vsnprintf(r->error->message, sizeof(r->error->message), fmt, ap);
		va_end(ap);
	}
	handoff__error_set(HANDOFF_ERROR_INVALID, "JSON at byte %zu: %s", r->at,
		r->error ? r->error->message : "not valid");
	return HANDOFF_EINVALID;
}

static void skip_space(struct reader *r)
{
	while (r->at < r->len && (r->s[r->at] == ' ' || r->s[r->at] == '\t' ||
	    r->s[r->at] == '\n' || r->s[r->at] == '\r'))
		r->at++;
}

static int new_node(struct json **out, struct reader *r, enum json_type type)
{
	struct json *j;

	if (r->nodes >= r->limits->max_nodes)
		return fail(r, JSON_TOO_MANY, "more than %zu values",
			r->limits->max_nodes);
	if (!(j = calloc(1, sizeof(*j)))) {
		r->oom = 1;
		return handoff__error_oom();
	}
	r->nodes++;
	j->type = type;
	*out = j;
	return 0;
}

static int hex4(const char *p, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int put_utf8(handoff_buf *b, uint32_t c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	return handoff__buf_put(b, u, n);
}

/* A \uXXXX escape at r->at (past the backslash and 'u'), pairs joined. */
static int read_escape_u(struct reader *r, handoff_buf *b)
{
	unsigned int hi, lo;

	if (r->len - r->at < 4 || hex4(r->s + r->at, &hi) < 0)
		return fail(r, JSON_SYNTAX, "bad \\u escape");
	r->at += 4;
	if (hi >= 0xd800 && hi < 0xdc00 && r->len - r->at >= 6 &&
	    r->s[r->at] == '\\' && r->s[r->at + 1] == 'u' &&
	    hex4(r->s + r->at + 2, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
		r->at += 6;
		return put_utf8(b, 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00));
	}
	if (hi >= 0xd800 && hi < 0xe000)
		hi = 0xfffd;	/* a lone surrogate */
	return put_utf8(b, hi);
}

/* A string at r->at (the opening quote): decoded into a new buffer. */
static int read_string(struct reader *r, char **out, size_t *len)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	int err = 0;

	r->at++;
	if ((err = handoff__buf_reserve(&b, 0)) < 0)
		goto oom;
	while (!err) {
		size_t start = r->at, n;
		unsigned char c;

		while (r->at < r->len && (unsigned char)r->s[r->at] >= 0x20 &&
		    (unsigned char)r->s[r->at] < 0x80 && r->s[r->at] != '"' &&
		    r->s[r->at] != '\\')
			r->at++;
		if (r->at > start && (err = handoff__buf_put(&b, r->s + start, r->at - start)) < 0)
			goto oom;
		if (r->at >= r->len) {
			err = fail(r, JSON_SYNTAX, "unterminated string");
			break;
		}
		c = (unsigned char)r->s[r->at];
		if (c == '"') {
			r->at++;
			*out = b.ptr;
			*len = b.size;
			return 0;
		}
		if (c < 0x20) {
			err = fail(r, JSON_SYNTAX, "control character in a string");
		} else if (c >= 0x80) {
			if (!(n = handoff__utf8_valid_prefix(r->s + r->at, r->len - r->at)))
				err = fail(r, JSON_SYNTAX, "invalid UTF-8");
			else if ((err = handoff__buf_put(&b, r->s + r->at, n)) < 0)
				goto oom;
			else
				r->at += n;
		} else {	/* a backslash */
			const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t", *p;

			if (++r->at >= r->len) {
				err = fail(r, JSON_SYNTAX, "unterminated string");
			} else if (r->s[r->at] == 'u') {
				r->at++;
				err = read_escape_u(r, &b);
				if (err < 0 && err != HANDOFF_EINVALID)
					goto oom;
			} else if (r->s[r->at] && (p = strchr(from, r->s[r->at]))) {
				if ((err = handoff__buf_put(&b, to + (p - from), 1)) < 0)
					goto oom;
				r->at++;
			} else {
				err = fail(r, JSON_SYNTAX, "bad escape");
			}
		}
	}
	handoff_buf_dispose(&b);
	return err;
oom:
	r->oom = 1;
	handoff_buf_dispose(&b);
	return HANDOFF_ERROR;
}

static int digits(struct reader *r)
{
	size_t start = r->at;

	while (r->at < r->len && r->s[r->at] >= '0' && r->s[r->at] <= '9')
		r->at++;
	return r->at > start;
}

static int read_number(struct reader *r, struct json *j)
{
	size_t start = r->at;

	if (r->s[r->at] == '-')
		r->at++;
	if (r->at < r->len && r->s[r->at] == '0')
		r->at++;
	else if (!digits(r))
		return fail(r, JSON_SYNTAX, "bad number");
	if (r->at < r->len && r->s[r->at] == '.') {
		r->at++;
		if (!digits(r))
			return fail(r, JSON_SYNTAX, "bad number");
	}
	if (r->at < r->len && (r->s[r->at] == 'e' || r->s[r->at] == 'E')) {
		r->at++;
		if (r->at < r->len && (r->s[r->at] == '+' || r->s[r->at] == '-'))
			r->at++;
		if (!digits(r))
			return fail(r, JSON_SYNTAX, "bad number");
	}
	if (!(j->str = handoff__strndup(r->s + start, r->at - start))) {
		r->oom = 1;
		return HANDOFF_ERROR;
	}
	j->len = r->at - start;
	j->num = strtod(j->str, NULL);	/* the grammar above is strtod's, in any locale's C part */
	return 0;
}

static int literal(struct reader *r, const char *word)
{
	size_t n = strlen(word);

	if (r->len - r->at < n || memcmp(r->s + r->at, word, n))
		return fail(r, JSON_SYNTAX, "unexpected character");
	r->at += n;
	return 0;
}

static int read_value(struct json **out, struct reader *r, unsigned int depth);

/* The items of an array or the members of an object, at r->at ('[' or '{'). */
static int read_children(struct reader *r, struct json *j, unsigned int depth)
{
	char close = j->type == JSON_ARRAY ? ']' : '}';
	struct json **tail = &j->child;
	int err;

	if (depth >= r->limits->max_depth)
		return fail(r, JSON_TOO_DEEP, "nested deeper than %u",
			r->limits->max_depth);
	r->at++;
	skip_space(r);
	if (r->at < r->len && r->s[r->at] == close) {
		r->at++;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		size_t key_len = 0;
		struct json *child = NULL;

		if (j->type == JSON_OBJECT) {
			if (r->at >= r->len || r->s[r->at] != '"')
				return fail(r, JSON_SYNTAX, "expected a member name");
			if ((err = read_string(r, &key, &key_len)) < 0)
				return err;
			skip_space(r);
			if (r->at >= r->len || r->s[r->at] != ':') {
				free(key);
				return fail(r, JSON_SYNTAX, "expected ':'");
			}
			r->at++;
		}
		err = read_value(&child, r, depth + 1);
		if (err < 0) {
			free(key);
			return err;
		}
		child->key = key;
		child->key_len = key_len;
		*tail = child;
		tail = &child->next;
		j->n++;
		skip_space(r);
		if (r->at < r->len && r->s[r->at] == ',') {
			r->at++;
			skip_space(r);
			continue;
		}
		if (r->at < r->len && r->s[r->at] == close) {
			r->at++;
			return 0;
		}
		return fail(r, JSON_SYNTAX, "expected ',' or '%c'", close);
	}
}

static int read_value(struct json **out, struct reader *r, unsigned int depth)
{
	struct json *j = NULL;
	char c;
	int err;

	skip_space(r);
	if (r->at >= r->len)
		return fail(r, JSON_SYNTAX, "unexpected end");
	c = r->s[r->at];
	switch (c) {
	case '{':
	case '[':
		if ((err = new_node(&j, r, c == '{' ? JSON_OBJECT : JSON_ARRAY)) < 0)
			return err;
		err = read_children(r, j, depth);
		break;
	case '"':
		if ((err = new_node(&j, r, JSON_STRING)) < 0)
			return err;
		err = read_string(r, &j->str, &j->len);
		break;
	case 't':
	case 'f':
		if ((err = new_node(&j, r, JSON_BOOL)) < 0)
			return err;
		j->boolean = c == 't';
		err = literal(r, c == 't' ? "true" : "false");
		break;
	case 'n':
		if ((err = new_node(&j, r, JSON_NULL)) < 0)
			return err;
		err = literal(r, "null");
		break;
	default:
		if (c != '-' && (c < '0' || c > '9'))
			return fail(r, JSON_SYNTAX, "unexpected character");
		if ((err = new_node(&j, r, JSON_NUMBER)) < 0)
			return err;
		err = read_number(r, j);
	}
	if (err < 0) {
		handoff__json_free(j);
		return err;
	}
	*out = j;
	return 0;
}

int handoff__json_parse(struct json **out, const char *text, size_t len,
	const struct json_limits *limits, struct json_error *error)
{
	static const struct json_limits defaults = JSON_LIMITS_INIT;
	struct reader r;
	struct json *j = NULL;
	int err;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.s = text;
	r.len = len;
	r.limits = limits ? limits : &defaults;
	r.error = error;
	if ((err = read_value(&j, &r, 0)) < 0)
		return r.oom ? HANDOFF_ERROR : err;
	skip_space(&r);
	if (r.at < r.len) {
		handoff__json_free(j);
		return fail(&r, JSON_SYNTAX, "more after the value");
	}
	*out = j;
	return 0;
}

/* Depth-first, children before their parent: bounded by the reader's limits. */
void handoff__json_free(struct json *j)
{
	while (j) {
		struct json *next = j->next;

		handoff__json_free(j->child);
		free(j->key);
		free(j->str);
		free(j);
		j = next;
	}
}

const struct json *handoff__json_get(const struct json *obj, const char *key)
{
	const struct json *c;
	size_t n = strlen(key);

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (c = obj->child; c; c = c->next)
		if (c->key_len == n && !memcmp(c->key, key, n))
			return c;
	return NULL;
}

const char *handoff__json_get_str(const struct json *obj, const char *key)
{
	const struct json *j = handoff__json_get(obj, key);

	return j && j->type == JSON_STRING ? j->str : NULL;
}

int handoff__json_get_uint(const struct json *obj, const char *key, unsigned long *out)
{
	const struct json *j = handoff__json_get(obj, key);

	if (!j || j->type != JSON_NUMBER || !(j->num >= 0) || j->num > 4294967295.0 ||
	    j->num != floor(j->num))
		return -1;
	*out = (unsigned long)j->num;
	return 0;
}

const struct json *handoff__json_item(const struct json *arr, size_t i)
{
	const struct json *c;

	if (!arr || arr->type != JSON_ARRAY)
		return NULL;
	for (c = arr->child; c && i; c = c->next)
		i--;
	return c;
}

int handoff__json_same_id(const struct json *a, const struct json *b)
{
	if (!a || !b || a->type != b->type)
		return 0;
	if (a->type == JSON_NUMBER)
		return a->num == b->num;
	if (a->type == JSON_STRING)
		return a->len == b->len && !memcmp(a->str, b->str, a->len);
	return 0;
}

int handoff__json_write(handoff_buf *out, const struct json *j)
{
	const struct json *c;
	int err = 0;

	switch (j->type) {
	case JSON_NULL:
		return handoff__buf_puts(out, "null");
	case JSON_BOOL:
		return handoff__buf_puts(out, j->boolean ? "true" : "false");
	case JSON_NUMBER:
		return handoff__buf_put(out, j->str, j->len);
	case JSON_STRING:
		return handoff__buf_json_str(out, j->str, j->len);
	default:
		break;
	}
	err = handoff__buf_puts(out, j->type == JSON_ARRAY ? "[" : "{");
	for (c = j->child; !err && c; c = c->next) {
		if (c != j->child)
			err = handoff__buf_puts(out, ",");
		if (!err && c->key)
			err = handoff__buf_json_str(out, c->key, c->key_len);
		if (!err && c->key)
			err = handoff__buf_puts(out, ":");
		if (!err)
			err = handoff__json_write(out, c);
	}
	return err ? err : handoff__buf_puts(out, j->type == JSON_ARRAY ? "]" : "}");
}

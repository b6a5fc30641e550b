/*
 * A small JSON reader for messages that come from another program (the
 * language server's JSON-RPC): the text becomes a tree, within limits
 * on nesting and on the number of values, so that no message can make
 * the reader recurse or allocate without bound. The writer is
 * handoff__buf_json_str (buf.c) and handoff__buf_printf.
 */
#ifndef HANDOFF_JSON_H
#define HANDOFF_JSON_H

#include "common.h"

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json {
	enum json_type type;
	char *key;		/* a member of an object: its name, else NULL */
	size_t key_len;
	/*
	 * JSON_STRING: the decoded text (it may hold a NUL: see len);
	 * JSON_NUMBER: the number as written, so an id goes back unchanged.
	 */
	char *str;
	size_t len;
	double num;		/* JSON_NUMBER */
	int boolean;		/* JSON_BOOL */
	size_t n;		/* JSON_ARRAY, JSON_OBJECT: how many children */
	struct json *child;	/* the first of them */
	struct json *next;	/* the next sibling */
};

struct json_limits {
	unsigned int max_depth;	/* arrays and objects inside each other: 64 */
	size_t max_nodes;	/* values in all: 262144 */
};

#define JSON_LIMITS_INIT { 64, 262144 }

/* Why a text was refused. */
enum json_problem {
	JSON_SYNTAX = 1,	/* not JSON (or not UTF-8) */
	JSON_TOO_DEEP,
	JSON_TOO_MANY
};

struct json_error {
	enum json_problem problem;
	size_t offset;		/* the byte where reading stopped */
	char message[96];
};

/*
 * Read `len` bytes as one JSON value (whitespace around it allowed).
 * HANDOFF_EINVALID with *error filled (if not NULL) when the text is not
 * JSON or goes past a limit; HANDOFF_ERROR when out of memory. *out is
 * set only on success; free it with handoff__json_free().
 */
int handoff__json_parse(struct json **out, const char *text, size_t len,
	const struct json_limits *limits, struct json_error *error);
void handoff__json_free(struct json *j);

/* The member `key` of object `obj`, or NULL (absent, or not an object). */
const struct json *handoff__json_get(const struct json *obj, const char *key);
/* The string member `key`, or NULL when absent or not a string. */
const char *handoff__json_get_str(const struct json *obj, const char *key);
/*
 * The member `key` as a whole number from 0 to UINT32_MAX (what LSP's
 * positions are): 0 and *out set, or -1.
 */
int handoff__json_get_uint(const struct json *obj, const char *key, unsigned long *out);
/* Item i of an array, or NULL. */
const struct json *handoff__json_item(const struct json *arr, size_t i);
/* 1 when two ids (numbers or strings) are the same id. */
int handoff__json_same_id(const struct json *a, const struct json *b);
/* The value as compact JSON, appended (ids echoed back as they came). */
int handoff__json_write(handoff_buf *out, const struct json *j);

#endif

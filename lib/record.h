/*
 * A record as read from bytes: the front matter as a node tree, the body's
 * `##` sections and its task-list items, each with its position, and the
 * problems met while reading (never a crash, never a silent skip).
 */
#ifndef HANDOFF_RECORD_H
#define HANDOFF_RECORD_H

#include "node.h"

struct section {
	const char *heading;	/* into the record's text, not NUL-terminated */
	size_t heading_len;
	unsigned int line, col;	/* of the heading's text */
	size_t start, end;	/* byte range of the content */
};

struct task {
	const char *text;	/* the item's text, trimmed; not NUL-terminated */
	size_t len;
	int checked;
	unsigned int line, col;	/* of the item's text */
	size_t section;		/* index in sections, or NO_SECTION */
};

#define NO_SECTION ((size_t)-1)

struct record_limits {
	size_t max_size;	/* 1 MiB */
	struct yaml_limits yaml;
};

#define RECORD_LIMITS_INIT { 1024 * 1024, YAML_LIMITS_INIT }

struct record {
	char *path;
	char *data;		/* a copy of the file */
	size_t size;
	const char *text;	/* data past any byte order mark */
	size_t len;
	int is_yaml;		/* a pure YAML record, no body */
	struct doc *front;	/* NULL when the front matter could not be read */
	size_t front_start;	/* the front matter's bytes in text: between the */
	size_t front_end;	/* delimiter lines (the whole text for YAML) */
	size_t body_start;	/* offset in text */
	unsigned int body_line;
	struct section *sections;
	size_t nsections;
	struct task *tasks;
	size_t ntasks;
	struct diag_list diags;	/* problems met while reading */
};

/*
 * Read `len` bytes named `path`. Returns 0 with *out set even when the
 * bytes are not a readable record (its diags say why); only running out
 * of memory fails.
 */
int record_parse(struct record **out, const char *path, const char *data,
	size_t len, const struct record_limits *limits);
void record_free(struct record *rec);

/* The front matter's root mapping, or NULL (absent, empty, or unreadable). */
const struct node *record_front(const struct record *rec);

/* acceptance.status, or NULL; `rec` may be NULL. */
const char *record_acceptance(const struct record *rec);

/*
 * 1 when the change of a record from `old` to `rec` (NULL: deleted) is
 * CS's decision: acceptance set to accepted, rejected or needs-revision,
 * or an acceptance taken back. Setting it back to pending to resubmit
 * is the rep's to do.
 */
int record_decision_changed(const struct record *old, const struct record *rec);

/*
 * Words in text: runs of letters or digits, with each CJK character
 * (Han, kana, Hangul) counted as a word of its own, so a well-filled
 * Japanese section is not judged empty.
 */
size_t text_count_words(const char *s, size_t n);
/* The same, counting no further than `limit`: for "at least N words". */
size_t text_count_words_upto(const char *s, size_t n, size_t limit);

/* 1 when s ends in .md, .markdown, .yaml or .yml (a record's extensions). */
int record_path_is_record(const char *path);

#endif

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

/*
 * A line that nearly is a `##` heading or a task item: another heading
 * level (`### Risk Factors`, `##Risk Factors`), another bullet or box
 * (`• [x] item`, `- [ x ] item`, `- [✓] item`). Kept so that a missing
 * section or item is reported where it was nearly written.
 */
struct near_miss {
	int is_heading;		/* else a task item */
	const char *written;	/* the line as written, trimmed; into text */
	size_t written_len;
	const char *text;	/* the title or the item's text; into text */
	size_t len;
	int checked;		/* an item: its box is ticked */
	unsigned int line, col;	/* of the line's first character */
};

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
	struct near_miss *near;
	size_t nnear;
	/*
	 * The text with HTML comments (`<!-- ... -->`) blanked to spaces,
	 * line breaks kept, so offsets and lines are the text's: what the
	 * body's content is judged on. NULL when the body has no comment.
	 */
	char *content;
	struct diag_list diags;	/* problems met while reading */
	/*
	 * semdiff's own: a part of the body as JSON, made the first time the
	 * part is compared and kept for the record's next comparison (a
	 * version is compared with the one before and the one after). A
	 * record is read by one thread at a time.
	 */
	struct part_json { size_t start, end; char *json; } *parts;
	size_t nparts;
	/* semdiff's too: which item of `items_kind` each task is, once asked */
	const struct kind *items_kind;
	size_t *task_items;
};

/*
 * Read `len` bytes named `path`. Returns 0 with *out set even when the
 * bytes are not a readable record (its diags say why); only running out
 * of memory fails.
 */
int handoff__record_parse(struct record **out, const char *path, const char *data,
	size_t len, const struct record_limits *limits);

/*
 * The same, the front matter's top-level blocks that `reuse` (one walk's,
 * NULL for none) remembers from the version read before not parsed again
 * (yaml_reuse.h): the same record. The record takes `data` (malloc'd,
 * data[len] a '\0'), freed with it, or here when there is no record.
 */
struct yaml_reuse;
int handoff__record_parse_reusing(struct record **out, const char *path,
	char *data, size_t len, const struct record_limits *limits,
	struct yaml_reuse *reuse);
void handoff__record_free(struct record *rec);

/* The front matter's root mapping, or NULL (absent, empty, or unreadable). */
const struct node *handoff__record_front(const struct record *rec);

/* The text content is judged on: text with HTML comments blanked. */
const char *handoff__record_content(const struct record *rec);

/*
 * Characters in the front matter that look like a space or a quote but
 * are not YAML's: a no-break space, a zero-width character, curly quotes
 * opening a value. An error for each where it changes what the YAML says
 * (a key, an indentation, the edge of a value), naming the character and
 * the fix. The line of a top-level `kind:` is left to the kind lookup.
 */
int handoff__record_front_hazards(struct diag_list *out, const struct record *rec);

/*
 * `s` (a kind's name as written) without curly quotes, no-break spaces
 * and zero-width characters at its edges or within, into buf (of `size`
 * bytes); *what names what was taken out (NULL: nothing was).
 */
void handoff__record_clean_name(char *buf, size_t size, const char *s, const char **what);

/* acceptance.status, or NULL; `rec` may be NULL. */
const char *handoff__record_acceptance(const struct record *rec);

/*
 * 1 when the change of a record from `old` to `rec` (NULL: deleted) is
 * CS's decision: acceptance set to accepted, rejected or needs-revision,
 * or an acceptance taken back. Setting it to draft, or to submitted
 * (pending) to resubmit, is the rep's to do.
 */
int handoff__record_decision_changed(const struct record *old, const struct record *rec);

/* The record extension `path` ends with in some letter case, or NULL. */
const char *handoff__record_extension(const char *path);
/*
 * 1 when `path` could be a stray record by its name alone (see
 * validate_stray in repo.h): a record's extension in any letter case,
 * outside the records folders or not in lowercase, no name starting
 * with '.'.
 */
struct config;
int handoff__stray_candidate(const struct config *cfg, const char *path);
/*
 * The value of a top-level `key:` line among a file's first lines (in
 * the front matter of a Markdown one), without reading its YAML: into
 * `out` (of `size` bytes), with its line and column; 0 when there is none.
 */
int handoff__record_peek(const char *s, size_t len, int markdown, const char *key,
	char *out, size_t size, unsigned int *line, unsigned int *col);
/* 1 when s ends in .md, .markdown, .yaml or .yml (a record's extensions). */
int handoff__record_path_is_record(const char *path);

#endif

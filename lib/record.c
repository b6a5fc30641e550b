/*
 * The record reader. A record is UTF-8 Markdown whose first line is
 * `---`, then YAML front matter, then a closing `---` (or `...`) line, then
 * the body; or a pure YAML file. Only the first two delimiter lines
 * count, so a `---` in the body (a thematic break, a code block) is body.
 *
 * The body is read for what the schemas ask of it: level-2 ATX headings
 * (`## Customer Overview`) split it into sections, and task-list items
 * (`- [ ]`, `- [x]`) are the checklist. Fenced code blocks are skipped.
 */
#include <stdint.h>

#include "config.h"
#include "kind.h"
#include "record.h"
#include "utf8.h"
#include "yaml_reuse.h"

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int handoff__record_path_is_record(const char *path)
{
	return has_suffix(path, ".md") || has_suffix(path, ".markdown") ||
		has_suffix(path, ".yaml") || has_suffix(path, ".yml");
}

/* A line of the text: [start, end) without its line break. */
struct line {
	size_t start, end, next;
};

/* Whether any byte of the 64-bit word w is b (the classic bit trick). */
#define ONES 0x0101010101010101ULL
#define HAS_BYTE(w, b) ((((w) ^ (ONES * (b))) - ONES) & ~((w) ^ (ONES * (b))) & \
	(ONES * 0x80))

/*
 * The index in a word read by memcpy of its first byte that `marks`
 * (from HAS_BYTE: its lowest bit is exact, carries only set higher ones).
 */
static size_t first_marked(uint64_t marks)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(marks) / 8;
#else
	(void)marks;
	return 0;	/* byte by byte from there */
#endif
}

static int next_line(const char *s, size_t n, size_t pos, struct line *l)
{
	size_t i = pos, br = 0;

	const unsigned char *p = (const unsigned char *)s;

	if (pos >= n)
		return 0;
	while (i < n) {
		uint64_t w, stop;

		/* eight bytes at a time, on to the first CR, LF or non-ASCII one */
		if (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			stop = HAS_BYTE(w, '\n') | HAS_BYTE(w, '\r') | (w & ONES * 0x80);
			if (!stop) {
				i += 8;
				continue;
			}
			i += first_marked(stop);
		}
		if ((br = handoff__line_break(s, n, i)))
			break;
		i++;
	}
	l->start = pos;
	l->end = i;
	l->next = i + br;
	return 1;
}

/* `---` (or `...` when closing), then nothing but spaces and tabs. */
static int is_delimiter(const char *s, const struct line *l, int closing)
{
	size_t i = l->start;

	if (l->end - l->start < 3)
		return 0;
	if (memcmp(s + i, "---", 3) && !(closing && !memcmp(s + i, "...", 3)))
		return 0;
	for (i += 3; i < l->end; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

static int rec_error(struct record *rec, unsigned int line, unsigned int col,
	const char *code, const char *fmt, ...) PRINTF_LIKE(5, 6);

static int rec_error(struct record *rec, unsigned int line, unsigned int col,
	const char *code, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = handoff__diag_vadd(&rec->diags, HANDOFF_SEVERITY_ERROR, line, col, code,
		"", fmt, ap);
	va_end(ap);
	return err;
}

static int grow(void **v, size_t *alloc, size_t n, size_t size)
{
	void *p;
	size_t want;

	if (n < *alloc)
		return 0;
	want = *alloc ? *alloc * 2 : 16;
	if (!(p = realloc(*v, want * size)))
		return handoff__error_oom();
	*v = p;
	*alloc = want;
	return 0;
}

static size_t skip_spaces(const char *s, size_t i, size_t end)
{
	while (i < end && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Columns count characters, as libyaml's do. */
static unsigned int column_of(const char *s, const struct line *l, size_t at)
{
	return 1 + (unsigned int)handoff__utf8_count(s + l->start, at - l->start);
}

/*
 * An opening or closing code fence: up to 3 spaces, then 3 or more ` or ~.
 * *blank says whether only spaces follow the run (a closing fence's rule).
 */
static size_t fence_length(const char *s, const struct line *l, char *ch,
	int *blank)
{
	size_t i = l->start, n = 0;

	while (i < l->end && s[i] == ' ' && i - l->start < 3)
		i++;
	if (i < l->end && (s[i] == '`' || s[i] == '~')) {
		*ch = s[i];
		while (i + n < l->end && s[i + n] == *ch)
			n++;
	}
	*blank = skip_spaces(s, i + n, l->end) == l->end;
	return n >= 3 ? n : 0;
}

static int add_section(struct record *rec, size_t *alloc, const char *s,
	const struct line *l, size_t at, unsigned int lineno)
{
	struct section *sec;
	size_t end = l->end;

	/* trailing spaces, then an optional closing run of '#' */
	while (end > at && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	if (end > at && s[end - 1] == '#') {
		size_t e = end;

		while (e > at && s[e - 1] == '#')
			e--;
		if (e == at || s[e - 1] == ' ' || s[e - 1] == '\t')
			end = e;
		while (end > at && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
	}
	if (rec->nsections && rec->sections[rec->nsections - 1].end == SIZE_MAX)
		rec->sections[rec->nsections - 1].end = l->start;
	if (grow((void **)&rec->sections, alloc, rec->nsections, sizeof(*sec)) < 0)
		return HANDOFF_ERROR;
	sec = &rec->sections[rec->nsections++];
	sec->heading = rec->text + at;
	sec->heading_len = end - at;
	sec->line = lineno;
	sec->col = column_of(rec->text, l, at);
	sec->start = l->next;
	sec->end = SIZE_MAX;
	return 0;
}

static void close_section(struct record *rec, size_t at)
{
	if (rec->nsections && rec->sections[rec->nsections - 1].end == SIZE_MAX)
		rec->sections[rec->nsections - 1].end = at;
}

/* `- [ ] text`, `* [x] text`, `1. [X] text`; returns 1 and fills t. */
static int parse_task(const struct record *rec, const char *s,
	const struct line *l, struct task *t, unsigned int lineno)
{
	size_t i = skip_spaces(s, l->start, l->end), end = l->end;

	if (i < end && (s[i] == '-' || s[i] == '*' || s[i] == '+')) {
		i++;
	} else {
		size_t d = i;

		while (i < end && s[i] >= '0' && s[i] <= '9' && i - d < 9)
			i++;
		if (i == d || i >= end || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
	}
	if (i >= end || (s[i] != ' ' && s[i] != '\t'))
		return 0;
	i = skip_spaces(s, i, end);
	if (end - i < 3 || s[i] != '[' || s[i + 2] != ']' ||
	    (s[i + 1] != ' ' && s[i + 1] != 'x' && s[i + 1] != 'X'))
		return 0;
	t->checked = s[i + 1] != ' ';
	i += 3;
	if (i < end && s[i] != ' ' && s[i] != '\t')
		return 0;
	i = skip_spaces(s, i, end);
	while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	t->text = rec->text + i;
	t->len = end - i;
	t->line = lineno;
	t->col = column_of(rec->text, l, i);
	return 1;
}

static size_t trim_end(const char *s, size_t start, size_t end)
{
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	return end;
}

static int add_near(struct record *rec, size_t *alloc, const struct line *l,
	size_t first, size_t text, size_t text_end, int is_heading, int checked,
	unsigned int lineno)
{
	struct near_miss *m;

	if (grow((void **)&rec->near, alloc, rec->nnear, sizeof(*m)) < 0)
		return HANDOFF_ERROR;
	m = &rec->near[rec->nnear++];
	m->is_heading = is_heading;
	m->written = rec->text + first;
	m->written_len = trim_end(rec->text, first, l->end) - first;
	m->text = rec->text + text;
	m->len = text_end - text;
	m->checked = checked;
	m->line = lineno;
	m->col = column_of(rec->text, l, first);
	return 0;
}

/* The length of a bullet other than '-', '*', '+' at s[i]: •, ◦, ‣, ▪, ·, –, —. */
static size_t other_bullet(const char *s, size_t i, size_t end)
{
	static const char *const bullets[] = { "\xe2\x80\xa2", "\xe2\x97\xa6",
		"\xe2\x80\xa3", "\xe2\x96\xaa", "\xc2\xb7", "\xe2\x80\x93",
		"\xe2\x80\x94", NULL };
	size_t k, n;

	/* all of them start with one of two bytes: most lines start with neither */
	if (i >= end || (s[i] != '\xe2' && s[i] != '\xc2'))
		return 0;
	for (k = 0; bullets[k]; k++) {
		n = strlen(bullets[k]);
		if (end - i >= n && !memcmp(s + i, bullets[k], n))
			return n;
	}
	return 0;
}

/*
 * A line that is nearly a task item (parse_task said no): any bullet or
 * none, a box with spaces around its mark, or ✓ / ✔ for the mark, or no
 * space after it. Returns 1 with the item's text in [*text, *text_end).
 */
static int near_task(const char *s, const struct line *l, size_t *first,
	size_t *text, size_t *text_end, int *checked)
{
	size_t i = skip_spaces(s, l->start, l->end), end = l->end, n, mark;

	*first = i;
	if (i < end && (s[i] == '-' || s[i] == '*' || s[i] == '+')) {
		i++;
	} else if ((n = other_bullet(s, i, end))) {
		i += n;
	} else if (i < end && s[i] >= '0' && s[i] <= '9') {
		while (i < end && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i >= end || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
	}
	i = skip_spaces(s, i, end);
	if (i >= end || s[i] != '[')
		return 0;
	i = skip_spaces(s, i + 1, end);
	mark = i;
	if (i < end && (s[i] == 'x' || s[i] == 'X' || s[i] == 'v' || s[i] == 'V'))
		i++;
	else if (end - i >= 3 && (!memcmp(s + i, "\xe2\x9c\x93", 3) ||
	    !memcmp(s + i, "\xe2\x9c\x94", 3) || !memcmp(s + i, "\xe2\x9c\x85", 3)))
		i += 3;		/* ✓ ✔ ✅ */
	*checked = i > mark;
	i = skip_spaces(s, i, end);
	if (i >= end || s[i] != ']')
		return 0;
	i = skip_spaces(s, i + 1, end);
	*text = i;
	*text_end = trim_end(s, i, end);
	return *text_end > *text;
}

/*
 * More sections and checklist items than the node budget (a body of
 * 200,000 "## H" lines fits in 1 MiB): an error at the first one too many,
 * and none of them kept, so that no later step (a diff of two such
 * versions, say) pays for them.
 */
static int too_many_parts(struct record *rec, size_t max, unsigned int line)
{
	free(rec->sections);
	free(rec->tasks);
	free(rec->near);
	rec->sections = NULL;
	rec->tasks = NULL;
	rec->near = NULL;
	rec->nsections = rec->ntasks = rec->nnear = 0;
	return rec_error(rec, line, 1, "too-many-nodes",
		"more than %zu sections and checklist items", max);
}

/* The first `needle` in s[from, end), or end: memchr finds each candidate. */
static size_t find(const char *s, size_t from, size_t end, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;

	while (from + n <= end &&
	    (p = memchr(s + from, needle[0], end - from - n + 1))) {
		from = (size_t)(p - s);
		if (!memcmp(p, needle, n))
			return from;
		from++;
	}
	return end;
}

/*
 * Blank the HTML comments of a line (from `from` on) in w, carrying an
 * open comment from line to line in *open. A code span's `<!--` is
 * text, so backtick runs are stepped over.
 */
static void blank_comments(char *w, const struct line *l, size_t from, int *open)
{
	size_t i = from;

	while (i < l->end) {
		if (*open) {
			size_t close = find(w, i, l->end, "-->");
			size_t stop = close < l->end ? close + 3 : l->end;

			memset(w + i, ' ', stop - i);
			i = stop;
			*open = close == l->end;
		} else if (w[i] == '`') {
			size_t run = 0, j;

			while (i + run < l->end && w[i + run] == '`')
				run++;
			for (j = i + run; j < l->end; j++) {
				size_t k = 0;

				while (j + k < l->end && w[j + k] == '`')
					k++;
				if (k == run)
					break;
				j += k;
			}
			i = j < l->end ? j + run : i + run;
		} else if (w[i] == '<' && l->end - i >= 4 && !memcmp(w + i, "<!--", 4)) {
			*open = 1;
			memset(w + i, ' ', 4);
			i += 4;
		} else {
			i++;
		}
	}
}

static int parse_body(struct record *rec, size_t max)
{
	const char *s = rec->text;
	size_t pos = rec->body_start, sec_alloc = 0, task_alloc = 0, near_alloc = 0;
	unsigned int lineno = rec->body_line;
	size_t fence = 0;
	char fence_ch = 0;
	int comment = 0;
	struct line l;

	/* comments are blanked in a copy, only when there is one */
	if (find(rec->text, rec->body_start, rec->len, "<!--") < rec->len) {
		if (!(rec->content = malloc(rec->len + 1)))
			return handoff__error_oom();
		memcpy(rec->content, rec->text, rec->len + 1);
		s = rec->content;
	}
	for (; next_line(s, rec->len, pos, &l); pos = l.next, lineno++) {
		size_t i, hashes = 0, n, first, text, text_end;
		char ch = 0;
		int blank, checked;
		struct task t;

		if (comment)
			blank_comments(rec->content, &l, l.start, &comment);
		if (fence) {
			if (fence_length(s, &l, &ch, &blank) >= fence &&
			    ch == fence_ch && blank)
				fence = 0;
			continue;
		}
		if ((n = fence_length(s, &l, &ch, &blank))) {
			fence = n;
			fence_ch = ch;
			continue;
		}
		if (rec->content)
			blank_comments(rec->content, &l, l.start, &comment);
		i = l.start;
		while (i < l.end && s[i] == ' ' && i - l.start < 3)
			i++;
		while (i + hashes < l.end && s[i + hashes] == '#')
			hashes++;
		if (hashes >= 1 && hashes <= 6 && (i + hashes == l.end ||
		    s[i + hashes] == ' ' || s[i + hashes] == '\t')) {
			size_t at = skip_spaces(s, i + hashes, l.end);

			if (hashes == 2) {
				if (add_section(rec, &sec_alloc, s, &l, at, lineno) < 0)
					return HANDOFF_ERROR;
			} else {
				if (hashes == 1)
					close_section(rec, l.start);
				if (at < l.end && add_near(rec, &near_alloc, &l, i, at,
				    trim_end(s, at, l.end), 1, 0, lineno) < 0)
					return HANDOFF_ERROR;
			}
			if (rec->nsections + rec->ntasks + rec->nnear > max)
				return too_many_parts(rec, max, lineno);
			continue;
		}
		if (hashes >= 1 && hashes <= 6 && i + hashes < l.end &&
		    s[i + hashes] != '#') {
			/* `##Risk Factors`: not a heading, nearly one */
			if (add_near(rec, &near_alloc, &l, i, i + hashes,
			    trim_end(s, i + hashes, l.end), 1, 0, lineno) < 0)
				return HANDOFF_ERROR;
		} else if (parse_task(rec, s, &l, &t, lineno)) {
			t.section = rec->nsections &&
				rec->sections[rec->nsections - 1].end == SIZE_MAX ?
				rec->nsections - 1 : NO_SECTION;
			if (grow((void **)&rec->tasks, &task_alloc, rec->ntasks,
			    sizeof(t)) < 0)
				return HANDOFF_ERROR;
			rec->tasks[rec->ntasks++] = t;
		} else if (near_task(s, &l, &first, &text, &text_end, &checked)) {
			if (add_near(rec, &near_alloc, &l, first, text, text_end, 0,
			    checked, lineno) < 0)
				return HANDOFF_ERROR;
		} else {
			continue;
		}
		if (rec->nsections + rec->ntasks + rec->nnear > max)
			return too_many_parts(rec, max, lineno);
	}
	close_section(rec, rec->len);
	return 0;
}

/*
 * Merge conflict markers at the start of a line: `<<<<<<< `, then the
 * `|||||||`, `=======` and `>>>>>>> ` lines that follow one (alone, a
 * `=======` is a Markdown heading's underline). An error at each, before
 * YAML has a say: its message would be about a key, not the conflict.
 */
static int conflict_markers(struct record *rec, int *found)
{
	static const char *const marks[] = { "<<<<<<<", "|||||||", "=======", ">>>>>>>" };
	const char *s = rec->text;
	size_t pos = 0, k;
	unsigned int lineno = 1;
	int open = 0, err = 0;
	struct line l;

	*found = 0;
	if (find(s, 0, rec->len, "<<<<<<<") == rec->len)
		return 0;
	for (; !err && next_line(s, rec->len, pos, &l); pos = l.next, lineno++) {
		if (l.end - l.start < 7 || !strchr("<|=>", s[l.start]))
			continue;
		for (k = 0; k < 4; k++)
			if (!memcmp(s + l.start, marks[k], 7) &&
			    (l.end - l.start == 7 || s[l.start + 7] == ' ' ||
			    s[l.start + 7] == '\t'))
				break;
		if (k == 4 || (k > 0 && !open) || (k == 2 && l.end - l.start > 7))
			continue;
		open = k < 3;
		*found = 1;
		err = rec_error(rec, lineno, 1, "conflict",
			"a merge conflict marker ('%s'): resolve the merge conflict, "
			"keep one version and remove the marker lines", marks[k]);
	}
	return err;
}

/* A character that looks like a space or a quote to a person, not to YAML. */
struct hazard {
	uint32_t c;
	size_t at, len;		/* its bytes in the text */
	unsigned int line, col;
	int structural;		/* it changes what the YAML says */
};

static const char *hazard_name(uint32_t c)
{
	switch (c) {
	case '\t': return "a tab";
	case 0xa0: return "a no-break space";
	case 0x200b: return "a zero-width space";
	case 0x200c: return "a zero-width non-joiner";
	case 0x200d: return "a zero-width joiner";
	case 0xfeff: return "a zero-width no-break space (byte order mark)";
	case 0x201c: return "a left double quotation mark";
	case 0x201d: return "a right double quotation mark";
	case 0x2018: return "a left single quotation mark";
	default: return "a right single quotation mark";
	}
}

static const char *hazard_fix(uint32_t c)
{
	if (c == '\t' || c == 0xa0)
		return "use a plain space";
	if (c >= 0x2018 && c <= 0x201d)
		return "use straight quotes \" or '";
	return "remove it";
}

static int is_curly(uint32_t c)
{
	return c == 0x201c || c == 0x201d || c == 0x2018 || c == 0x2019;
}

/* The hazard whose bytes start at p[0..n), or 0; *len its length. */
static uint32_t hazard_at(const unsigned char *p, size_t n, size_t *len)
{
	*len = 1;
	if (p[0] == '\t')
		return '\t';
	if (p[0] == 0xc2 && n >= 2 && p[1] == 0xa0) {
		*len = 2;
		return 0xa0;
	}
	*len = 3;
	if (p[0] == 0xef && n >= 3 && p[1] == 0xbb && p[2] == 0xbf)
		return 0xfeff;
	if (p[0] == 0xe2 && n >= 3 && p[1] == 0x80 &&
	    ((p[2] >= 0x8b && p[2] <= 0x8d) || p[2] == 0x98 || p[2] == 0x99 ||
	    p[2] == 0x9c || p[2] == 0x9d))
		return 0x2000 + (p[2] - 0x80);
	return 0;
}

/* Spaces and hazards (other than curly quotes) only, from i back to start. */
static int only_blank_before(const char *s, size_t start, size_t i)
{
	size_t j = start, len;

	while (j < i) {
		uint32_t c = hazard_at((const unsigned char *)s + j, i - j, &len);

		if (s[j] == ' ')
			len = 1;
		else if (!c || is_curly(c))
			return 0;
		j += len;
	}
	return 1;
}

/*
 * Whether the hazard changes what the YAML says: in the indentation or
 * a key, at the edge of a value, beside a ':'; a curly quote opening a
 * value. A no-break space, joiner or curly quote within text is text.
 */
static int structural(const char *s, const struct line *l, const struct hazard *h)
{
	size_t i = h->at, after = h->at + h->len, key, start, value;

	start = skip_spaces(s, l->start, l->end);
	if (start + 1 < l->end && s[start] == '-' && s[start + 1] == ' ')
		start = skip_spaces(s, start + 1, l->end);	/* a list item */
	key = start;
	while (key < l->end && !(s[key] == ':' && (key + 1 == l->end ||
	    s[key + 1] == ' ' || s[key + 1] == '\t')))
		key++;
	value = key < l->end ? skip_spaces(s, key + 1, l->end) : start;
	if (only_blank_before(s, l->start, i))
		return h->c != '\t' || i < start;	/* in the indentation */
	if (h->c == '\t')
		return 0;
	if (key < l->end && i < key)
		return 1;			/* in a key */
	if (is_curly(h->c))
		return i == value;		/* opening the value */
	if (h->c == 0x200b || h->c == 0xfeff)
		return 1;
	return i == value || (i > l->start && s[i - 1] == ':') ||
		(after < l->end && s[after] == ':') ||
		only_blank_before(s, after, l->end);
}

/*
 * The hazards of the front matter, in order, to `cb` (which returns
 * non-zero to stop). Lines as in the file: the front matter's first is
 * line 2 of a Markdown record, 1 of a YAML one.
 */
/*
 * Whether [s, s + n) holds a tab or a byte that may start a hazard (all of
 * them are 0xc2 or above): most front matter is plain ASCII, and is then
 * looked at eight bytes at a time, not split into lines.
 */
static int may_hold_hazard(const char *s, size_t n)
{
	const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, t;

		memcpy(&w, s + i, 8);
		t = w ^ (ones * '\t');
		if ((w & high) || ((t - ones) & ~t & high))
			return 1;
	}
	for (; i < n; i++)
		if (s[i] == '\t' || (unsigned char)s[i] >= 0xc2)
			return 1;
	return 0;
}

static int foreach_hazard(const struct record *rec,
	int (*cb)(const struct hazard *, const char *, const struct line *, void *),
	void *payload)
{
	const char *s = rec->text;
	size_t pos = rec->front_start;
	unsigned int lineno = rec->is_yaml ? 1 : 2;
	struct line l;
	int r = 0;

	if (rec->front_end <= pos || !may_hold_hazard(s + pos, rec->front_end - pos))
		return 0;

	for (; !r && pos < rec->front_end && next_line(s, rec->front_end, pos, &l);
	    pos = l.next, lineno++) {
		size_t i;

		for (i = l.start; !r && i < l.end; i++) {
			unsigned char b = (unsigned char)s[i];
			struct hazard h;

			if (b != '\t' && b != 0xc2 && b != 0xe2 && b != 0xef)
				continue;
			if (!(h.c = hazard_at((const unsigned char *)s + i, l.end - i,
			    &h.len)))
				continue;
			if (h.c == 0xfeff && i == 0)
				continue;	/* a byte order mark: taken off already */
			h.at = i;
			h.line = lineno;
			h.col = column_of(s, &l, i);
			h.structural = structural(s, &l, &h);
			r = cb(&h, s, &l, payload);
			i += h.len - 1;
		}
	}
	return r;
}

struct blame {
	unsigned int line, col;	/* of the YAML error */
	struct hazard found;
	int have;
};

/* The last hazard on the YAML error's line or the one before, up to it. */
static int blame_hazard(const struct hazard *h, const char *s,
	const struct line *l, void *payload)
{
	struct blame *b = payload;

	(void)s;
	(void)l;
	if (h->line > b->line || (h->line == b->line && h->col > b->col))
		return 1;
	if (h->line + 1 >= b->line && (h->structural || h->c == '\t')) {
		b->found = *h;
		b->have = 1;
	}
	return 0;
}

/*
 * YAML could not read the front matter: when a hazard stands on or just
 * before the line it stopped at, it is named with its fix. A tab keeps
 * YAML's position (YAML names tabs itself); any other is reported where
 * it stands, YAML's message after it.
 */
static int yaml_error_hazard(struct record *rec, struct diag_list *yd)
{
	handoff_diagnostic *d = NULL;
	struct blame b;
	const struct hazard *h = &b.found;
	size_t i;
	int err;

	for (i = yd->n; i > 0 && !d; i--)
		if (yd->v[i - 1].severity == HANDOFF_SEVERITY_ERROR)
			d = &yd->v[i - 1];
	memset(&b, 0, sizeof(b));
	if (!d)
		return handoff__diag_list_move(&rec->diags, yd);
	b.line = d->line;
	b.col = d->column;
	foreach_hazard(rec, blame_hazard, &b);
	if (!b.have)
		return handoff__diag_list_move(&rec->diags, yd);
	if (h->c == '\t')
		err = rec_error(rec, d->line, d->column, d->code,
			"%s; %s (U+%04X) at %u:%u: %s", d->message, hazard_name(h->c),
			(unsigned int)h->c, h->line, h->col, hazard_fix(h->c));
	else
		err = rec_error(rec, h->line, h->col, d->code,
			"%s (U+%04X) at %u:%u: %s (the YAML reader stopped at %u:%u: %s)",
			hazard_name(h->c), (unsigned int)h->c, h->line, h->col,
			hazard_fix(h->c), d->line, d->column, d->message);
	/* the warnings stay, the error is replaced */
	free(d->message);
	free(d->pointer);
	memmove(d, d + 1, (size_t)((yd->v + yd->n) - (d + 1)) * sizeof(*d));
	yd->n--;
	return err < 0 ? err : handoff__diag_list_move(&rec->diags, yd);
}

static int report_hazard(const struct hazard *h, const char *s,
	const struct line *l, void *payload)
{
	struct diag_list *out = payload;

	if (!h->structural || h->c == '\t')
		return 0;
	if (l->end - l->start >= 5 && !memcmp(s + l->start, "kind:", 5))
		return 0;	/* the kind lookup says it, with the name meant */
	return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, h->line, h->col, "character",
		"", "%s (U+%04X) at %u:%u in the front matter: %s",
		hazard_name(h->c), (unsigned int)h->c, h->line, h->col,
		hazard_fix(h->c)) < 0;
}

int handoff__record_front_hazards(struct diag_list *out, const struct record *rec)
{
	return foreach_hazard(rec, report_hazard, out) ? HANDOFF_ERROR : 0;
}

void handoff__record_clean_name(char *buf, size_t size, const char *s, const char **what)
{
	size_t k = 0, len, n = strlen(s);
	const char *p = s;

	*what = NULL;
	while (*p && k + 1 < size) {
		uint32_t c = hazard_at((const unsigned char *)p, n - (size_t)(p - s), &len);

		if (c && c != '\t') {
			if (!*what || is_curly(c))
				*what = is_curly(c) ? "curly quotes" : hazard_name(c);
			p += len;
			continue;
		}
		buf[k++] = *p++;
	}
	buf[k] = '\0';
}

static const char *encoding_of_bom(const unsigned char *p, size_t n)
{
	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
		return "UTF-16";
	return NULL;
}

static int read_front(struct record *rec, const struct record_limits *lim,
	struct yaml_reuse *reuse)
{
	const char *s = rec->text;
	struct diag_list yd = DIAG_LIST_INIT;
	struct line first, l;
	size_t pos;
	unsigned int lineno = 2;
	int err;

	if (rec->is_yaml) {
		rec->front_end = rec->body_start = rec->len;
		err = handoff__yaml_load_reusing(&rec->front, s, rec->len, 1, &lim->yaml, &yd,
			reuse);
		if (err == HANDOFF_EINVALID)
			err = yaml_error_hazard(rec, &yd);
		else if (!err)
			err = handoff__diag_list_move(&rec->diags, &yd);
		handoff__diag_list_release(&yd);
		return err;
	}
	if (!next_line(s, rec->len, 0, &first) || !is_delimiter(s, &first, 0))
		return rec_error(rec, 1, 1, "front-matter",
			"missing front matter: a record starts with a '---' line");
	for (pos = first.next; next_line(s, rec->len, pos, &l); pos = l.next, lineno++) {
		if (!is_delimiter(s, &l, 1))
			continue;
		rec->front_start = first.next;
		rec->front_end = l.start;
		err = handoff__yaml_load_reusing(&rec->front, s + first.next,
			l.start - first.next, 2, &lim->yaml, &yd, reuse);
		if (err == HANDOFF_EINVALID)
			err = yaml_error_hazard(rec, &yd);
		else if (!err)
			err = handoff__diag_list_move(&rec->diags, &yd);
		handoff__diag_list_release(&yd);
		if (err)
			return err;
		rec->body_start = l.next;
		rec->body_line = lineno + 1;
		return parse_body(rec, lim->yaml.max_nodes);
	}
	return rec_error(rec, 1, 1, "front-matter",
		"unterminated front matter (opened at 1:1): no closing '---' line");
}

/*
 * A Git LFS pointer (the LFS spec: a "version" line naming the spec, then
 * "oid" and "size") or a git-annex one (an unlocked file's
 * "/annex/objects/KEY", or a locked file's symlink target) stands for a
 * record whose bytes are not here: which store it is, or NULL. Such a
 * file is recognised and skipped with a warning, never parsed as YAML.
 */
static const char *pointer_kind(const char *s, size_t len)
{
	static const char lfs[] = "version https://git-lfs.github.com/spec/v1\n";
	const char *p = s, *end = s + len;

	if (len > 1024)
		return NULL;
	if (len > sizeof(lfs) - 1 && !memcmp(s, lfs, sizeof(lfs) - 1) &&
	    strstr(s, "\noid sha256:") && strstr(s, "\nsize "))
		return "a Git LFS pointer, not the record itself: not checked "
			"(run 'git lfs pull')";
	while (end - p >= 3 && !memcmp(p, "../", 3))
		p += 3;
	if (end - p >= 5 && !memcmp(p, ".git/", 5))
		p += 5;
	if ((end - p >= 15 && !memcmp(p, "/annex/objects/", 15)) ||
	    (end - p >= 14 && !memcmp(p, "annex/objects/", 14) && p > s))
		return !memchr(s, '\n', len) || memchr(s, '\n', len) == end - 1 ?
			"a git-annex pointer, not the record itself: not checked "
			"(run 'git annex get')" : NULL;
	return NULL;
}

int handoff__record_parse(struct record **out, const char *path, const char *data,
	size_t len, const struct record_limits *limits)
{
	static const struct record_limits defaults = RECORD_LIMITS_INIT;
	char *copy = NULL;

	/* too large: refused, never copied */
	if (len <= (limits ? limits : &defaults)->max_size &&
	    !(copy = handoff__strndup(data, len))) {
		*out = NULL;
		return HANDOFF_ERROR;
	}
	return handoff__record_parse_reusing(out, path, copy, len, limits, NULL);
}

int handoff__record_parse_reusing(struct record **out, const char *path,
	char *data, size_t len, const struct record_limits *limits,
	struct yaml_reuse *reuse)
{
	static const struct record_limits defaults = RECORD_LIMITS_INIT;
	const struct record_limits *lim = limits ? limits : &defaults;
	struct record *rec;
	const char *enc;
	size_t bad, head = len < 8000 ? len : 8000;
	int err = 0, conflict;

	*out = NULL;
	if (!(rec = calloc(1, sizeof(*rec)))) {
		free(data);
		return handoff__error_oom();
	}
	rec->data = data;
	if (!(rec->path = handoff__strdup(path)))
		goto oom;
	rec->is_yaml = has_suffix(path, ".yaml") || has_suffix(path, ".yml");
	if (len > lim->max_size) {
		err = rec_error(rec, 1, 1, "too-large",
			"file is %zu bytes, over the %zu byte limit", len,
			lim->max_size);
		goto done;
	}
	rec->size = len;
	rec->text = rec->data;
	rec->len = len;
	if ((enc = encoding_of_bom((const unsigned char *)data, len))) {
		err = rec_error(rec, 1, 1, "encoding",
			"unsupported encoding (%s); save the file as UTF-8", enc);
		goto done;
	}
	if (memchr(data, '\0', head)) {
		err = rec_error(rec, 1, 1, "binary", "binary file, not a record");
		goto done;
	}
	if ((enc = pointer_kind(rec->text, rec->len))) {
		err = handoff__diag_add(&rec->diags, HANDOFF_SEVERITY_WARNING,
			1, 1, "pointer",
			"", "%s", enc);
		goto done;
	}
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		rec->text += 3;
		rec->len -= 3;
	}
	if (!handoff__utf8_check(rec->text, rec->len, &bad)) {
		unsigned int line, col;

		handoff__text_position(rec->text, rec->len, bad, &line, &col);
		err = rec_error(rec, line, col, "utf8",
			"invalid UTF-8 (byte 0x%02x)", (unsigned char)rec->text[bad]);
		goto done;
	}
	if ((err = conflict_markers(rec, &conflict)) < 0 || conflict)
		goto done;
	if ((err = read_front(rec, lim, reuse)) < 0)
		goto done;
	if (rec->front && rec->front->root && rec->front->root->type != NODE_MAP)
		err = rec_error(rec, rec->front->root->line, rec->front->root->col,
			"front-matter", "front matter must be a mapping, not %s %s",
			rec->front->root->type == NODE_SEQ ||
			rec->front->root->type == NODE_INT ? "an" : "a",
			handoff__node_type_name(rec->front->root->type));
done:
	if (err < 0) {
		handoff__record_free(rec);
		return err;
	}
	*out = rec;
	return 0;
oom:
	handoff__record_free(rec);
	return handoff__error_oom();
}

void handoff__record_free(struct record *rec)
{
	if (!rec)
		return;
	handoff__doc_free(rec->front);
	handoff__diag_list_release(&rec->diags);
	free(rec->sections);
	free(rec->tasks);
	free(rec->near);
	free(rec->content);
	free(rec->data);
	free(rec->path);
	while (rec->nparts)
		free(rec->parts[--rec->nparts].json);
	free(rec->parts);
	free(rec->task_items);
	free(rec);
}

const char *handoff__record_content(const struct record *rec)
{
	return rec->content ? rec->content : rec->text;
}

const struct node *handoff__record_front(const struct record *rec)
{
	const struct node *root = rec->front ? rec->front->root : NULL;

	return root && root->type == NODE_MAP ? root : NULL;
}

const char *handoff__record_acceptance(const struct record *rec)
{
	const struct node *n = rec ? handoff__node_at(handoff__record_front(rec), "/acceptance/status") : NULL;

	return n && n->type == NODE_STRING ? n->str : NULL;
}

int handoff__record_decision_changed(const struct record *old, const struct record *rec)
{
	const char *was = handoff__record_acceptance(old),
		*now = handoff__record_acceptance(rec);
	int was_accepted = was && !strcmp(was, "accepted");

	if (!rec || was == now || (was && now && !strcmp(was, now)))
		return 0;
	/* drafting and submitting are the rep's: no decision */
	return !(now && (handoff__kind_state_of_value(now) == KIND_STATE_DRAFT ||
		handoff__kind_state_of_value(now) == KIND_STATE_SUBMITTED) && !was_accepted);
}

/*
 * What a path and the first lines of a file say without reading YAML:
 * the stray-record checks of validate and of the server's hook.
 */
const char *handoff__record_extension(const char *path)
{
	static const char *const exts[] = { ".md", ".markdown", ".yaml", ".yml", NULL };
	size_t n = strlen(path), k, m;

	for (k = 0; exts[k]; k++) {
		m = strlen(exts[k]);
		if (n > m && !strcasecmp(path + n - m, exts[k]))
			return path + n - m;
	}
	return NULL;
}

int handoff__stray_candidate(const struct config *cfg, const char *path)
{
	const char *ext = handoff__record_extension(path), *p;

	if (!ext || !cfg)
		return 0;
	for (p = path; *p; p++)
		if (*p == '.' && (p == path || p[-1] == '/') && p != ext)
			return 0;
	return !handoff__config_is_record_path(cfg,
		path) || !handoff__record_path_is_record(path);
}

int handoff__record_peek(const char *s, size_t len, int markdown, const char *key,
	char *name, size_t size, unsigned int *line, unsigned int *col)
{
	size_t pos = 0, end, v, e, klen = strlen(key);
	unsigned int lineno = 1;

	if (len > 1024 * 1024 || memchr(s, '\0', len < 8000 ? len : 8000))
		return 0;
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		pos = 3;
	if (len > 65536)
		len = 65536;	/* a kind is stated near the top */
	if (markdown && (len - pos < 3 || memcmp(s + pos, "---", 3)))
		return 0;
	for (; pos < len; pos = end + 1, lineno++) {
		const char *nl = memchr(s + pos, '\n', len - pos);

		end = nl ? (size_t)(nl - s) : len;
		if (markdown && lineno > 1 && end - pos >= 3 &&
		    (!memcmp(s + pos, "---", 3) || !memcmp(s + pos, "...", 3)))
			return 0;	/* the end of the front matter */
		if (end - pos <= klen || memcmp(s + pos, key, klen) || s[pos + klen] != ':')
			continue;
		for (v = pos + klen + 1; v < end && (s[v] == ' ' || s[v] == '\t'); v++)
			;
		for (e = v; e < end && s[e] != '#' && s[e] != '\r'; e++)
			;
		while (e > v && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		if (e - v >= 2 && (s[v] == '"' || s[v] == '\'') && s[e - 1] == s[v])
			v++, e--;
		if (e == v || e - v >= size)
			return 0;
		memcpy(name, s + v, e - v);
		name[e - v] = '\0';
		*line = lineno;
		*col = 1 + (unsigned int)handoff__utf8_count(s + pos, v - pos);
		return 1;
	}
	return 0;
}

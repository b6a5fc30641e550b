/*
 * Unit tests for the record reader (lib/record.c).
 *
 * The front matter splitter and the hostile cases of RELIABILITY.md
 * section 2: which lines are delimiters, missing and unterminated front
 * matter, a file that is only `---`, byte order marks, UTF-16, CRLF and
 * bare CR, binary and oversized files, invalid UTF-8, YAML errors given
 * as file lines, front matter that is not a mapping or is empty. Then the
 * body: `##` sections (fenced code skipped, closing hashes stripped, `###`
 * inside, `#` ending one), task items with their positions and sections,
 * pure YAML records, word counts in several scripts, and the record file
 * extensions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "record.h"
#include "utf8.h"

#define LIT(s) (s), (sizeof(s) - 1)

static struct record *parse_n(const char *path, const char *text, size_t len)
{
	struct record *rec = NULL;

	assert_int_equal(handoff__record_parse(&rec, path, text, len, NULL), 0);
	assert_non_null(rec);
	return rec;
}

static struct record *parse(const char *text)
{
	return parse_n("handoffs/D-1.md", text, strlen(text));
}

/* A record that must read without a single diagnostic. */
static struct record *clean(const char *path, const char *text, size_t len)
{
	struct record *rec = parse_n(path, text, len);

	if (rec->diags.n) {
		const handoff_diagnostic *d = &rec->diags.v[0];

		print_error("unexpected %s at %u:%u: %s\n", d->code, d->line,
			d->column, d->message);
		handoff__record_free(rec);
		fail();
	}
	return rec;
}

/*
 * Read text that must give exactly one error: `code` at line:col, whose
 * message contains `part` (when not NULL). Checked after freeing, so a
 * failing case leaks nothing. Returns nothing: the record is gone.
 */
static void error_is(const char *path, const char *text, size_t len,
	const char *code, unsigned int line, unsigned int col, const char *part)
{
	struct record *rec = parse_n(path, text, len);
	const handoff_diagnostic *d = rec->diags.n ? &rec->diags.v[0] : NULL;
	int ok;

	ok = rec->diags.n == 1 && d->severity == HANDOFF_SEVERITY_ERROR &&
		!strcmp(d->code, code) && d->line == line && d->column == col &&
		(!part || strstr(d->message, part));
	if (!ok) {
		print_error("want %s at %u:%u (%s)\n", code, line, col,
			part ? part : "");
		print_error("got %zu diagnostic(s)\n", rec->diags.n);
		if (d)
			print_error("first: %s at %u:%u: %s\n", d->code, d->line,
				d->column, d->message);
	}
	handoff__record_free(rec);
	assert_true(ok);
}

static void md_error_is(const char *text, const char *code, unsigned int line,
	unsigned int col, const char *part)
{
	error_is("handoffs/D-1.md", text, strlen(text), code, line, col, part);
}

static int heading_is(const struct section *s, const char *want)
{
	return s->heading_len == strlen(want) &&
		!memcmp(s->heading, want, s->heading_len);
}

static void assert_heading(const struct section *s, const char *want)
{
	if (!heading_is(s, want)) {
		print_error("heading '%.*s', want '%s'\n", (int)s->heading_len,
			s->heading, want);
		fail();
	}
}

static void assert_task(const struct task *t, const char *text, int checked,
	unsigned int line, unsigned int col, size_t section)
{
	if (t->len != strlen(text) || memcmp(t->text, text, t->len)) {
		print_error("task '%.*s', want '%s'\n", (int)t->len, t->text, text);
		fail();
	}
	assert_int_equal(t->checked, checked);
	assert_int_equal(t->line, line);
	assert_int_equal(t->col, col);
	assert_int_equal(t->section, section);
}

/* ---- front matter delimiters ------------------------------------------- */

static void test_record__front_matter_split(void **state)
{
	static const char text[] = "---\nkind: deal-handoff\nid: D-1\n---\n"
		"## Customer Overview\nText\n";
	struct record *rec;
	const struct node *front, *id;

	(void)state;
	rec = clean("handoffs/D-1.md", LIT(text));
	assert_false(rec->is_yaml);
	assert_string_equal(rec->path, "handoffs/D-1.md");
	front = handoff__record_front(rec);
	assert_non_null(front);
	assert_string_equal(handoff__node_get_str(front, "kind"), "deal-handoff");
	id = handoff__node_get(front, "id");
	assert_string_equal(id->str, "D-1");
	/* file positions: the first key is on file line 2 */
	assert_int_equal(front->pairs[0].key->line, 2);
	assert_int_equal(id->line, 3);
	assert_int_equal(id->col, 5);
	assert_int_equal(rec->body_line, 5);
	assert_int_equal(rec->body_start, 35);
	assert_memory_equal(rec->text + rec->body_start, "## Customer", 11);
	assert_int_equal(rec->nsections, 1);
	assert_int_equal(rec->sections[0].line, 5);
	handoff__record_free(rec);
}

static void test_record__closing_dots(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---\na: 1\n...\n## S\n"));
	assert_float_equal(handoff__node_get(handoff__record_front(rec), "a")->num, 1, 0);
	assert_int_equal(rec->body_line, 4);
	assert_int_equal(rec->nsections, 1);
	assert_int_equal(rec->sections[0].line, 4);
	handoff__record_free(rec);
	/* but not as the opening line */
	md_error_is("...\na: 1\n---\n", "front-matter", 1, 1, "missing");
}

static void test_record__delimiter_trailing_spaces(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---  \na: 1\n--- \t\n## S\n"));
	assert_non_null(handoff__record_front(rec));
	assert_float_equal(handoff__node_get(handoff__record_front(rec), "a")->num, 1, 0);
	assert_int_equal(rec->sections[0].line, 4);
	handoff__record_free(rec);
}

static void test_record__not_a_delimiter(void **state)
{
	(void)state;
	md_error_is("----\na: 1\n---\n", "front-matter", 1, 1, "missing");
	md_error_is("---yaml\na: 1\n---\n", "front-matter", 1, 1, "missing");
	md_error_is("--- a: 1\n---\n", "front-matter", 1, 1, "missing");
	/* nothing may come before the opening line, not even a blank line */
	md_error_is("\n---\na: 1\n---\n", "front-matter", 1, 1, "missing");
	md_error_is(" ---\na: 1\n---\n", "front-matter", 1, 1, "missing");
	/* `----` and an indented `---` do not close it either */
	md_error_is("---\na: 1\n----\nbody\n", "front-matter", 1, 1, "unterminated");
	md_error_is("---\na: 1\n ---\nbody\n", "front-matter", 1, 1, "unterminated");
}

static void test_record__missing_front_matter(void **state)
{
	struct record *rec;

	(void)state;
	md_error_is("# Title\nno front matter here\n", "front-matter", 1, 1,
		"missing front matter");
	md_error_is("", "front-matter", 1, 1, "missing front matter");
	rec = parse("# Title\n## Section\n- [ ] task\n");
	assert_null(rec->front);
	assert_null(handoff__record_front(rec));
	/* the body of something that is not a record is not read */
	assert_int_equal(rec->nsections, 0);
	assert_int_equal(rec->ntasks, 0);
	handoff__record_free(rec);
}

static void test_record__unterminated(void **state)
{
	struct record *rec;

	(void)state;
	md_error_is("---\na: 1\n## Body\n- [ ] task\n", "front-matter", 1, 1,
		"unterminated");
	rec = parse("---\na: 1\n## Body\n");
	/* the body is neither parsed as YAML nor dropped into sections */
	assert_null(handoff__record_front(rec));
	assert_int_equal(rec->nsections, 0);
	assert_int_equal(rec->diags.n, 1);
	handoff__record_free(rec);
}

static void test_record__only_dashes(void **state)
{
	(void)state;
	error_is("a.md", LIT("---"), "front-matter", 1, 1, "unterminated");
	error_is("a.md", LIT("---\n"), "front-matter", 1, 1, "unterminated");
	error_is("a.md", LIT("---\r\n"), "front-matter", 1, 1, "unterminated");
	error_is("a.md", LIT("---\n\n\n"), "front-matter", 1, 1, "unterminated");
	error_is("a.md", LIT("---\r"), "front-matter", 1, 1, "unterminated");
}

static void test_record__closing_at_end_of_file(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---\na: 1\n---"));
	assert_non_null(handoff__record_front(rec));
	assert_int_equal(rec->body_start, rec->len);
	assert_int_equal(rec->nsections, 0);
	handoff__record_free(rec);
}

/* ---- encodings and line ends ------------------------------------------- */

static void test_record__utf8_bom(void **state)
{
	static const char text[] = "\xef\xbb\xbf---\nkind: x\nid: y\n---\n"
		"## S\n- [ ] t\n";
	struct record *rec;
	const struct node *front;

	(void)state;
	rec = clean("a.md", LIT(text));
	front = handoff__record_front(rec);
	assert_non_null(front);
	assert_string_equal(handoff__node_get_str(front, "kind"), "x");
	/* line numbers (and columns of line 1) do not move */
	assert_int_equal(handoff__node_get(front, "id")->line, 3);
	assert_int_equal(front->pairs[1].key->col, 1);
	assert_int_equal(rec->sections[0].line, 5);
	assert_int_equal(rec->sections[0].col, 4);
	assert_int_equal(rec->tasks[0].line, 6);
	assert_int_equal(rec->tasks[0].col, 7);
	assert_int_equal(rec->len, sizeof(text) - 1 - 3);
	handoff__record_free(rec);

	error_is("a.md", LIT("\xef\xbb\xbf---\na: 1\n\tb: 2\n---\n"), "yaml", 3, 1,
		NULL);
	/* and a pure YAML record with a BOM reads too */
	rec = clean("a.yaml", LIT("\xef\xbb\xbfkind: x\nid: y\n"));
	assert_int_equal(handoff__node_get(handoff__record_front(rec), "id")->line, 2);
	assert_int_equal(handoff__record_front(rec)->pairs[0].key->col, 1);
	handoff__record_free(rec);
}

static void test_record__utf16_rejected(void **state)
{
	(void)state;
	error_is("a.md", LIT("\xff\xfe-\0-\0-\0\n\0"), "encoding", 1, 1, "UTF-16");
	error_is("a.md", LIT("\xfe\xff\0-\0-\0-\0\n"), "encoding", 1, 1, "UTF-16");
	error_is("a.yaml", LIT("\xff\xfek\0:\0 \0v\0"), "encoding", 1, 1,
		"unsupported encoding");
}

static void test_record__crlf(void **state)
{
	static const char text[] = "---\r\nkind: x\r\nid: y\r\n---\r\n"
		"## Risks  \r\n- [x] Done\r\n";
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT(text));
	assert_string_equal(handoff__node_get_str(handoff__record_front(rec), "id"), "y");
	assert_int_equal(handoff__node_get(handoff__record_front(rec), "id")->line, 3);
	assert_int_equal(rec->nsections, 1);
	assert_heading(&rec->sections[0], "Risks");
	assert_int_equal(rec->sections[0].line, 5);
	assert_int_equal(rec->ntasks, 1);
	assert_task(&rec->tasks[0], "Done", 1, 6, 7, 0);
	handoff__record_free(rec);
}

static void test_record__crlf_yaml_error_line(void **state)
{
	(void)state;
	md_error_is("---\r\na: 1\r\nb: 2\r\n\tc: 3\r\n---\r\n## S\r\n", "yaml", 4, 1,
		NULL);
	md_error_is("---\r\na: 1\r\na: 2\r\n---\r\n", "duplicate-key", 3, 1,
		"first at line 2");
}

static void test_record__bare_cr(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---\rkind: x\rid: y\r---\r## S\r- [ ] t\r"));
	assert_int_equal(handoff__node_get(handoff__record_front(rec), "id")->line, 3);
	assert_int_equal(rec->sections[0].line, 5);
	assert_int_equal(rec->tasks[0].line, 6);
	handoff__record_free(rec);
	md_error_is("---\ra: 1\ra: 2\r---\r", "duplicate-key", 3, 1, NULL);
}

static void test_record__yaml_error_is_a_file_line(void **state)
{
	struct record *rec;

	(void)state;
	/* front matter line 3 is file line 4 */
	md_error_is("---\nkind: x\nid: y\nid: z\n---\n", "duplicate-key", 4, 1,
		"first at line 3");
	md_error_is("---\na: 1\nb: 2\nc: d: e\n---\nbody\n", "yaml", 4, 5,
		"mapping values");
	/* a reader error (byte offset only) lands on the file line too */
	error_is("a.md", LIT("---\na: 1\nb: x\x01y\n---\n"), "yaml", 3, 5,
		"control characters");
	/* the body is still read after a front matter error */
	rec = parse("---\na: [\n---\n## S\n- [ ] t\n");
	assert_null(handoff__record_front(rec));
	assert_int_equal(rec->diags.n, 1);
	assert_string_equal(rec->diags.v[0].code, "yaml");
	assert_int_equal(rec->nsections, 1);
	assert_int_equal(rec->ntasks, 1);
	handoff__record_free(rec);
}

/*
 * libyaml breaks lines at NEL, LS and PS as well as at CR and LF; the
 * splitter and the body reader count only CR and LF. Whichever rule wins,
 * one file must have one set of line numbers: here `b` is two lines above
 * the heading, so that is what the positions must say.
 */
static void test_record__nel_in_front_matter_keeps_lines_consistent(void **state)
{
	static const char text[] = "---\na: \"x\xc2\x85y\"\nb: 1\n---\n## S\n";
	struct record *rec;
	unsigned int b_line, s_line;

	(void)state;
	rec = clean("a.md", LIT(text));
	assert_non_null(handoff__node_get(handoff__record_front(rec), "b"));
	assert_int_equal(rec->nsections, 1);
	b_line = handoff__node_get(handoff__record_front(rec), "b")->line;
	s_line = rec->sections[0].line;
	handoff__record_free(rec);
	if (s_line != b_line + 2)
		print_error("b at line %u, heading at line %u\n", b_line, s_line);
	assert_int_equal(s_line, b_line + 2);
}

static void test_record__binary(void **state)
{
	char *buf = malloc(8001);
	struct record *rec;

	(void)state;
	error_is("a.md", LIT("---\na: 1\n---\nab\0cd\n"), "binary", 1, 1, "binary");
	assert_non_null(buf);
	memcpy(buf, "---\na: 1\n---\n", 13);
	memset(buf + 13, 'x', 8001 - 13);
	buf[7999] = '\0';
	error_is("a.md", buf, 8001, "binary", 1, 1, NULL);
	/* only the first 8000 bytes are sniffed, as git does */
	buf[7999] = 'x';
	buf[8000] = '\0';
	rec = clean("a.md", buf, 8001);
	assert_non_null(handoff__record_front(rec));
	handoff__record_free(rec);
	free(buf);
}

static void test_record__too_large(void **state)
{
	struct record_limits lim = RECORD_LIMITS_INIT;
	static const char text[] = "---\na: 1\n---\n0123456789abcdefghi\n";	/* 33 */
	struct record *rec = NULL;
	size_t big = 1024 * 1024 + 1;
	char *buf;

	(void)state;
	assert_int_equal(sizeof(text) - 1, 33);
	lim.max_size = 32;
	assert_int_equal(handoff__record_parse(&rec, "a.md", LIT(text), &lim), 0);
	assert_int_equal(rec->diags.n, 1);
	assert_string_equal(rec->diags.v[0].code, "too-large");
	assert_int_equal(rec->diags.v[0].line, 1);
	assert_int_equal(rec->diags.v[0].column, 1);
	assert_non_null(strstr(rec->diags.v[0].message, "33 bytes"));
	assert_null(handoff__record_front(rec));
	handoff__record_free(rec);

	lim.max_size = 33;
	assert_int_equal(handoff__record_parse(&rec, "a.md", LIT(text), &lim), 0);
	assert_int_equal(rec->diags.n, 0);
	handoff__record_free(rec);

	/* the default limit is 1 MiB */
	buf = malloc(big);
	assert_non_null(buf);
	memcpy(buf, "---\na: 1\n---\n", 13);
	memset(buf + 13, 'x', big - 13);
	error_is("a.md", buf, big, "too-large", 1, 1, "1048576");
	rec = clean("a.md", buf, big - 1);
	handoff__record_free(rec);
	free(buf);
}

static void test_record__invalid_utf8(void **state)
{
	(void)state;
	error_is("a.md", LIT("---\na: 1\n---\nok\nab\xff" "cd\n"), "utf8", 5, 3,
		"0xff");
	/* columns count characters: 日本 then the bad byte */
	error_is("a.md", LIT("---\na: 1\n---\n\xe6\x97\xa5\xe6\x9c\xac\xc0\xaf\n"),
		"utf8", 4, 3, "0xc0");
	/* in the front matter it is caught before YAML sees it */
	error_is("a.md", LIT("---\na: \xed\xa0\x80\n---\n"), "utf8", 2, 4, NULL);
	/* cut off at the very end */
	error_is("a.md", LIT("---\na: 1\n---\n\xe6\x97"), "utf8", 4, 1, NULL);
	/* CRLF lines */
	error_is("a.md", LIT("---\r\na: 1\r\n---\r\nx\r\n\xff"), "utf8", 5, 1, NULL);
}

static void test_record__front_matter_not_a_mapping(void **state)
{
	struct record *rec;

	(void)state;
	md_error_is("---\n- a\n- b\n---\n", "front-matter", 2, 1, "not an array");
	md_error_is("---\nhello\n---\n", "front-matter", 2, 1, "not a string");
	md_error_is("---\n42\n---\n", "front-matter", 2, 1, "not an integer");
	md_error_is("---\n  [1, 2]\n---\n", "front-matter", 2, 3, "array");
	rec = parse("---\n- a\n---\n## S\n");
	assert_null(handoff__record_front(rec));
	assert_int_equal(rec->nsections, 1);
	handoff__record_free(rec);
}

static void test_record__empty_front_matter(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---\n---\n## S\n"));
	assert_null(handoff__record_front(rec));
	assert_int_equal(rec->diags.n, 0);
	assert_int_equal(rec->nsections, 1);
	assert_int_equal(rec->sections[0].line, 3);
	handoff__record_free(rec);
	rec = clean("a.md", LIT("---\n# only a comment\n\n---\nbody\n"));
	assert_null(handoff__record_front(rec));
	assert_int_equal(rec->body_line, 5);
	handoff__record_free(rec);
}

/* ---- pointer files and the body's budget (RELIABILITY.md 5.3, 0) ------- */

/* A file that is a pointer: one warning, no front matter, no body read. */
static void pointer_is(const char *text, const char *part)
{
	struct record *rec = parse_n("handoffs/p.md", text, strlen(text));
	int ok = rec->diags.n == 1 && rec->diags.v[0].severity == HANDOFF_SEVERITY_WARNING &&
		!strcmp(rec->diags.v[0].code, "pointer") && rec->diags.v[0].line == 1 &&
		strstr(rec->diags.v[0].message,
			part) && !handoff__record_front(rec) && !rec->nsections;

	if (!ok)
		print_error("not read as a pointer: %s\n", text);
	handoff__record_free(rec);
	assert_true(ok);
}

static void test_record__lfs_and_annex_pointers(void **state)
{
	(void)state;
	pointer_is("version https://git-lfs.github.com/spec/v1\n"
		"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
		"size 12345\n", "git lfs pull");
	pointer_is("/annex/objects/SHA256E-s100--abc.md\n", "git annex get");
	pointer_is("../../.git/annex/objects/Xx/Yy/SHA256E-s1--k.md/SHA256E-s1--k.md", "git-annex");
	/* what only starts like one is read as a record */
	md_error_is("version https://git-lfs.github.com/spec/v1\nnothing else\n",
		"front-matter", 1, 1, "missing");
	md_error_is("/annex/objects/key\nand a second line\n", "front-matter", 1, 1, NULL);
	md_error_is("annex/objects/key\n", "front-matter", 1, 1, NULL);
}

static void test_record__body_over_the_node_budget(void **state)
{
	struct record_limits lim = RECORD_LIMITS_INIT;
	struct record *rec = NULL;

	(void)state;
	lim.yaml.max_nodes = 4;
	assert_int_equal(handoff__record_parse(&rec, "a.md",
		LIT("---\na: 1\n---\n## A\n- [ ] a\n## B\n- [ ] b\n"), &lim), 0);
	assert_int_equal(rec->diags.n, 0);
	assert_int_equal(rec->nsections + rec->ntasks, 4);
	handoff__record_free(rec);
	assert_int_equal(handoff__record_parse(&rec, "a.md",
		LIT("---\na: 1\n---\n## A\n- [ ] a\n## B\n- [ ] b\n## C\n"), &lim), 0);
	assert_int_equal(rec->diags.n, 1);
	assert_string_equal(rec->diags.v[0].code, "too-many-nodes");
	assert_int_equal(rec->diags.v[0].line, 8);
	/* none kept: nothing downstream pays for them */
	assert_int_equal(rec->nsections + rec->ntasks, 0);
	assert_non_null(handoff__record_front(rec));
	handoff__record_free(rec);
}

/* ---- body sections ------------------------------------------------------ */

static void test_record__dashes_in_code_block_are_body(void **state)
{
	static const char text[] =
		"---\n"
		"a: 1\n"
		"---\n"
		"```md\n"		/* 4 */
		"---\n"
		"## Not a section\n"
		"- [ ] not a task\n"
		"```\n"			/* 8 */
		"~~~\n"
		"## Also not\n"
		"```\n"			/* a ``` does not close a ~~~ fence */
		"still code\n"
		"~~~\n"			/* 13 */
		"## Real\n"		/* 14 */
		"````\n"
		"```\n"			/* shorter: does not close */
		"## Hidden\n"
		"````\n"		/* 18 */
		"- [ ] real task\n";	/* 19 */
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT(text));
	assert_float_equal(handoff__node_get(handoff__record_front(rec), "a")->num, 1, 0);
	assert_int_equal(handoff__record_front(rec)->n, 1);
	assert_int_equal(rec->nsections, 1);
	assert_heading(&rec->sections[0], "Real");
	assert_int_equal(rec->sections[0].line, 14);
	assert_int_equal(rec->ntasks, 1);
	assert_task(&rec->tasks[0], "real task", 0, 19, 7, 0);
	handoff__record_free(rec);
}

static void test_record__thematic_break_is_body(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---\na: 1\n---\n## A\ntext\n---\nmore\n## B\n"));
	assert_int_equal(handoff__record_front(rec)->n, 1);
	assert_int_equal(rec->nsections, 2);
	assert_int_equal(rec->sections[1].line, 8);
	handoff__record_free(rec);
}

static void test_record__unclosed_fence_runs_to_the_end(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---\na: 1\n---\n## A\n   ```\n## B\n- [ ] t\n"));
	assert_int_equal(rec->nsections, 1);
	assert_int_equal(rec->ntasks, 0);
	handoff__record_free(rec);
	/* four spaces is not a fence (it is indented code) */
	rec = clean("a.md", LIT("---\na: 1\n---\n    ```\n## B\n"));
	assert_int_equal(rec->nsections, 1);
	handoff__record_free(rec);
}

static void test_record__sections(void **state)
{
	static const char text[] =
		"---\n"
		"a: 1\n"
		"---\n"
		"Intro text\n"			/* 4 */
		"## Customer Overview ##\n"	/* 5 */
		"Text one.\n"
		"### Sub heading\n"		/* 7: part of Customer Overview */
		"More text.\n"
		"## Risks\n"			/* 9 */
		"- [ ] r\n"
		"# Appendix\n"			/* 11: ends Risks */
		"- [ ] after\n"
		"##   Spaced   \n"		/* 13 */
		"## C#\n"			/* 14 */
		"##\n"				/* 15 */
		"#hashtag\n"			/* not a heading */
		"####### seven\n";		/* not a heading */
	struct record *rec;
	const struct section *s;
	const char *p;

	(void)state;
	rec = clean("a.md", LIT(text));
	assert_int_equal(rec->nsections, 5);

	s = &rec->sections[0];
	assert_heading(s, "Customer Overview");
	assert_int_equal(s->line, 5);
	assert_int_equal(s->col, 4);
	p = rec->text + s->start;
	assert_int_equal(s->end - s->start, strlen("Text one.\n### Sub heading\nMore text.\n"));
	assert_memory_equal(p, "Text one.\n### Sub heading\nMore text.\n", s->end - s->start);

	s = &rec->sections[1];
	assert_heading(s, "Risks");
	assert_int_equal(s->line, 9);
	assert_memory_equal(rec->text + s->start, "- [ ] r\n", s->end - s->start);
	assert_memory_equal(rec->text + s->end, "# Appendix", 10);

	s = &rec->sections[2];
	assert_heading(s, "Spaced");
	assert_int_equal(s->line, 13);
	assert_int_equal(s->col, 6);

	assert_heading(&rec->sections[3], "C#");
	assert_heading(&rec->sections[4], "");
	assert_int_equal(rec->sections[4].line, 15);
	assert_int_equal(rec->sections[4].end, rec->len);

	assert_int_equal(rec->ntasks, 2);
	assert_task(&rec->tasks[0], "r", 0, 10, 7, 1);
	assert_task(&rec->tasks[1], "after", 0, 12, 7, NO_SECTION);
	handoff__record_free(rec);
}

static void test_record__heading_closing_hashes(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---\na: 1\n---\n## Heading ##\n## Two ###   \n"
		"## Keep#this\n## a ## b\n  ## Indented\n##\tTabbed\n"));
	assert_int_equal(rec->nsections, 6);
	assert_heading(&rec->sections[0], "Heading");
	assert_heading(&rec->sections[1], "Two");
	assert_heading(&rec->sections[2], "Keep#this");
	assert_heading(&rec->sections[3], "a ## b");
	assert_heading(&rec->sections[4], "Indented");
	assert_int_equal(rec->sections[4].col, 6);
	assert_heading(&rec->sections[5], "Tabbed");
	handoff__record_free(rec);
}

static void test_record__heading_multibyte_column(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT("---\na: 1\n---\n## \xe9\xa1\xa7\xe5\xae\xa2\xe6\xa6\x82\xe8\xa6\x81\n"
		"- [ ] \xe7\xa2\xba\xe8\xaa\x8d\n"));
	assert_heading(&rec->sections[0], "\xe9\xa1\xa7\xe5\xae\xa2\xe6\xa6\x82\xe8\xa6\x81");
	assert_int_equal(rec->sections[0].col, 4);
	assert_task(&rec->tasks[0], "\xe7\xa2\xba\xe8\xaa\x8d", 0, 5, 7, 0);
	handoff__record_free(rec);
}

/* ---- tasks -------------------------------------------------------------- */

static void test_record__tasks(void **state)
{
	static const char text[] =
		"---\n"
		"a: 1\n"
		"---\n"
		"- [ ] Before any section\n"	/* 4 */
		"## Checklist\n"
		"- [ ] First item\n"		/* 6 */
		"  * [x] Second item  \n"	/* 7 */
		"1. [X] Third item\n"		/* 8 */
		"+ [ ] Fourth item\n"		/* 9 */
		"- [ ]no-space\n"
		"- [] nope\n"
		"- [y] nope\n"
		"-[ ] nope\n"
		"10) [ ] Fifth item\n"		/* 14 */
		"- [x]\n"			/* 15: empty text */
		"a. [ ] letters are not a list\n"
		"- \t[ ]\tTabbed\n";		/* 17 */
	struct record *rec;

	(void)state;
	rec = clean("a.md", LIT(text));
	assert_int_equal(rec->nsections, 1);
	assert_int_equal(rec->ntasks, 8);
	assert_task(&rec->tasks[0], "Before any section", 0, 4, 7, NO_SECTION);
	assert_task(&rec->tasks[1], "First item", 0, 6, 7, 0);
	assert_task(&rec->tasks[2], "Second item", 1, 7, 9, 0);
	assert_task(&rec->tasks[3], "Third item", 1, 8, 8, 0);
	assert_task(&rec->tasks[4], "Fourth item", 0, 9, 7, 0);
	assert_task(&rec->tasks[5], "Fifth item", 0, 14, 9, 0);
	assert_task(&rec->tasks[6], "", 1, 15, 6, 0);
	assert_task(&rec->tasks[7], "Tabbed", 0, 17, 8, 0);
	handoff__record_free(rec);
}

/* ---- pure YAML records -------------------------------------------------- */

static void test_record__pure_yaml(void **state)
{
	static const char text[] = "kind: support-handoff\nid: S-1\n## a comment\n";
	struct record *rec;

	(void)state;
	rec = clean("support/S-1.yaml", LIT(text));
	assert_true(rec->is_yaml);
	assert_non_null(handoff__record_front(rec));
	assert_string_equal(handoff__node_get_str(handoff__record_front(rec), "id"), "S-1");
	assert_int_equal(handoff__node_get(handoff__record_front(rec), "id")->line, 2);
	assert_int_equal(rec->nsections, 0);
	assert_int_equal(rec->ntasks, 0);
	assert_int_equal(rec->body_start, rec->len);
	handoff__record_free(rec);

	rec = clean("support/S-1.yml", LIT("---\nkind: x\n"));
	assert_true(rec->is_yaml);
	assert_int_equal(handoff__node_get(handoff__record_front(rec), "kind")->line, 2);
	handoff__record_free(rec);

	error_is("a.yaml", LIT("kind: x\nkind: y\n"), "duplicate-key", 2, 1, NULL);
	error_is("a.yml", LIT("- a\n"), "front-matter", 1, 1, "array");
	error_is("a.yaml", LIT("a: 1\n---\nb: 2\n"), "yaml-documents", 2, 1, NULL);
}

static void test_record__pure_yaml_empty(void **state)
{
	struct record *rec;

	(void)state;
	rec = clean("a.yaml", "", 0);
	assert_null(handoff__record_front(rec));
	handoff__record_free(rec);
	handoff__record_free(NULL);
}

/* ---- word counts -------------------------------------------------------- */

static size_t words(const char *s)
{
	return handoff__text_count_words(s, strlen(s));
}

static void test_record__words_english(void **state)
{
	(void)state;
	assert_int_equal(words(""), 0);
	assert_int_equal(words("   \n\t "), 0);
	assert_int_equal(words("The quick brown fox."), 4);
	assert_int_equal(words("Hello, world! (It's) ready -- really..."), 5);
	assert_int_equal(words("don't stop"), 2);
	assert_int_equal(words("well-known state-of-the-art"), 2);
	assert_int_equal(words("SSO via Okta; go-live 2027-01-15"), 5);
	assert_int_equal(words("caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9"), 2);
	assert_int_equal(words("??? !!! ... --- ***"), 0);
}

static void test_record__words_bullets_not_counted(void **state)
{
	(void)state;
	assert_int_equal(words("- one\n- two\n* three\n+ four\n"), 4);
	assert_int_equal(words("-\n*\n+\n"), 0);
}

static void test_record__words_cjk(void **state)
{
	(void)state;
	/* 日本語のテキスト: eight characters, eight words */
	assert_int_equal(words("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
		"\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88"), 8);
	/* 顧客は、導入を希望。: the ideographic comma and full stop are not */
	assert_int_equal(words("\xe9\xa1\xa7\xe5\xae\xa2\xe3\x81\xaf\xe3\x80\x81"
		"\xe5\xb0\x8e\xe5\x85\xa5\xe3\x82\x92\xe5\xb8\x8c\xe6\x9c\x9b\xe3\x80\x82"), 8);
	/* Acme社の導入: one Latin word and four CJK characters */
	assert_int_equal(words("Acme\xe7\xa4\xbe\xe3\x81\xae\xe5\xb0\x8e\xe5\x85\xa5"), 5);
	/* 고객 정보: Hangul syllables count one by one */
	assert_int_equal(words("\xea\xb3\xa0\xea\xb0\x9d \xec\xa0\x95\xeb\xb3\xb4"), 4);
}

static void test_record__words_indonesian(void **state)
{
	(void)state;
	assert_int_equal(words("Pelanggan sudah menandatangani kontrak tahunan."), 5);
	assert_int_equal(words("Rapat serah-terima dijadwalkan minggu depan; "
		"tim CS akan menghubungi pelanggan."), 10);
}

static void test_record__words_invalid_bytes_separate(void **state)
{
	(void)state;
	assert_int_equal(handoff__text_count_words(LIT("ab\xff" "cd")), 2);
	assert_int_equal(handoff__text_count_words(LIT("\xc0\xaf")), 0);
}

/* "at least N words" stops counting at N, and not before */
static void test_record__words_up_to_a_limit(void **state)
{
	(void)state;
	assert_int_equal(handoff__text_count_words_upto(LIT("one two three four five"), 3), 3);
	assert_int_equal(handoff__text_count_words_upto(LIT("one two"), 3), 2);
	assert_int_equal(handoff__text_count_words_upto(LIT("one two three"), 3), 3);
	assert_int_equal(handoff__text_count_words_upto(LIT("概要 田中"), 3), 3);
	assert_int_equal(handoff__text_count_words_upto(LIT(""), 1), 0);
}

/*
 * "punctuation and symbols are not" words: an emoji or the katakana
 * middle dot must not make a section look filled.
 */
static void test_record__words_symbols_are_not_words(void **state)
{
	(void)state;
	/* ✅ 🎉 🙂 */
	assert_int_equal(words("Done \xe2\x9c\x85 \xf0\x9f\x8e\x89 \xf0\x9f\x99\x82"), 1);
	/* 日本・韓国 */
	assert_int_equal(words("\xe6\x97\xa5\xe6\x9c\xac\xe3\x83\xbb\xe9\x9f\x93"
		"\xe5\x9b\xbd"), 4);
}

/* ---- paths -------------------------------------------------------------- */

static void test_record__path_is_record(void **state)
{
	(void)state;
	assert_true(handoff__record_path_is_record("handoffs/D-1.md"));
	assert_true(handoff__record_path_is_record("a.markdown"));
	assert_true(handoff__record_path_is_record("support/S-1.yaml"));
	assert_true(handoff__record_path_is_record("x.yml"));
	assert_true(handoff__record_path_is_record("dir with space/a b.md"));
	assert_false(handoff__record_path_is_record("a.txt"));
	assert_false(handoff__record_path_is_record("a.md.bak"));
	assert_false(handoff__record_path_is_record("amd"));
	assert_false(handoff__record_path_is_record("a.yamlx"));
	assert_false(handoff__record_path_is_record("md"));
	assert_false(handoff__record_path_is_record(""));
}

static void test_record__near_miss_items_and_headings(void **state)
{
	struct record *rec = parse("---\nkind: k\n---\n### Risk Factors\n"
		"##Scope\n\xe2\x80\xa2 [x] Deal summary complete\n- [ x ] CRM updated\n"
		"- [\xe2\x9c\x93] Kickoff held\n* [x] Real item\n1) [ ] Numbered\n");

	(void)state;
	assert_int_equal(rec->ntasks, 2);	/* * and 1) are GitHub's own */
	assert_int_equal(rec->nnear, 5);
	assert_true(rec->near[0].is_heading);
	assert_int_equal(rec->near[0].line, 4);
	assert_int_equal(rec->near[0].len, 12);
	assert_memory_equal(rec->near[1].text, "Scope", 5);
	assert_false(rec->near[2].is_heading);
	assert_true(rec->near[2].checked);
	assert_int_equal(rec->near[2].line, 6);
	assert_int_equal(rec->near[2].written_len, strlen("\xe2\x80\xa2 [x] Deal summary complete"));
	assert_memory_equal(rec->near[3].text, "CRM updated", 11);
	assert_true(rec->near[3].checked);
	assert_true(rec->near[4].checked);
	handoff__record_free(rec);
}

static void test_record__comments_are_not_content(void **state)
{
	struct record *rec = parse("---\nkind: k\n---\n## A\n<!-- one two\n"
		"- [x] Hidden\n-->\n- [x] \xc3\xa9t\xc3\xa9 <!-- x --> \n"
		"`<!--` code\n- [x] Shown\n");
	const char *c = handoff__record_content(rec);

	(void)state;
	assert_int_equal(rec->ntasks, 2);	/* the one in the comment is gone */
	assert_int_equal(rec->tasks[0].line, 8);
	assert_int_equal(rec->tasks[0].col, 7);
	assert_int_equal(rec->tasks[1].line, 10);
	assert_memory_equal(rec->tasks[1].text, "Shown", 5);
	assert_int_equal(handoff__text_count_words(c + rec->sections[0].start,
		rec->sections[0].end - rec->sections[0].start), 5);
	assert_ptr_not_equal(c, rec->text);	/* the text itself is kept */
	assert_non_null(strstr(rec->text, "<!-- one two"));
	handoff__record_free(rec);
}

static void test_record__conflict_markers(void **state)
{
	struct record *rec = parse("---\n<<<<<<< HEAD\nkind: a\n=======\nkind: b\n"
		">>>>>>> theirs\n---\nTitle\n=======\n");

	(void)state;
	assert_int_equal(rec->diags.n, 3);
	assert_string_equal(rec->diags.v[0].code, "conflict");
	assert_int_equal(rec->diags.v[0].line, 2);
	assert_int_equal(rec->diags.v[1].line, 4);
	assert_int_equal(rec->diags.v[2].line, 6);
	assert_non_null(strstr(rec->diags.v[0].message, "resolve the merge conflict"));
	assert_null(rec->front);
	handoff__record_free(rec);
	/* a lone underline is Markdown */
	handoff__record_free(clean("handoffs/D-1.md", LIT("---\nkind: k\n---\nTitle\n=======\n")));
}

static void test_record__front_hazards(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct record *rec;

	(void)state;
	/* a no-break space after a colon: YAML fails, the space is named */
	error_is("handoffs/D-1.md", LIT("---\nkind: k\nsegment:\xc2\xa0smb\nid: 1\n---\n"),
		"yaml", 3, 9, "a no-break space (U+00A0) at 3:9: use a plain space");
	/* a tab in the indentation: YAML's position, the tab named */
	error_is("handoffs/D-1.md", LIT("---\na:\n  b: 1\n\tc: 2\n---\n"),
		"yaml", 4, 1, "a tab (U+0009) at 4:1: use a plain space");
	rec = parse("---\nkind: \xe2\x80\x9c" "deal\xe2\x80\x9d\nname: \xe2\x80\x98x\xe2\x80\x99\n"
		"note: the customer\xe2\x80\x99s \xe2\x80\x9cplan\xe2\x80\x9d, 10\xc2\xa0" "000\n"
		"\xe2\x80\x8bseg: a\nb: c\xe2\x80\x8d" "\n---\n");
	assert_int_equal(handoff__record_front_hazards(&d, rec), 0);
	assert_int_equal(d.n, 3);	/* not the kind's line, not text */
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].column, 7);
	assert_non_null(strstr(d.v[0].message, "(U+2018)"));
	assert_non_null(strstr(d.v[0].message, "use straight quotes"));
	assert_int_equal(d.v[1].line, 5);
	assert_non_null(strstr(d.v[1].message, "zero-width space (U+200B) at 5:1"));
	assert_int_equal(d.v[2].line, 6);
	assert_int_equal(d.v[2].column, 5);
	assert_non_null(strstr(d.v[2].message, "remove it"));
	handoff__diag_list_release(&d);
	handoff__record_free(rec);
}

static void test_record__clean_name(void **state)
{
	char buf[64];
	const char *what;

	(void)state;
	handoff__record_clean_name(buf, sizeof(buf),
		"\xe2\x80\x9c" "deal-handoff\xe2\x80\x9d", &what);
	assert_string_equal(buf, "deal-handoff");
	assert_string_equal(what, "curly quotes");
	handoff__record_clean_name(buf, sizeof(buf), "deal-handoff\xe2\x80\x8b", &what);
	assert_string_equal(buf, "deal-handoff");
	assert_string_equal(what, "a zero-width space");
	handoff__record_clean_name(buf, sizeof(buf), "deal-handoff", &what);
	assert_null(what);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record__near_miss_items_and_headings),
		cmocka_unit_test(test_record__comments_are_not_content),
		cmocka_unit_test(test_record__conflict_markers),
		cmocka_unit_test(test_record__front_hazards),
		cmocka_unit_test(test_record__clean_name),
		cmocka_unit_test(test_record__lfs_and_annex_pointers),
		cmocka_unit_test(test_record__body_over_the_node_budget),
		cmocka_unit_test(test_record__front_matter_split),
		cmocka_unit_test(test_record__closing_dots),
		cmocka_unit_test(test_record__delimiter_trailing_spaces),
		cmocka_unit_test(test_record__not_a_delimiter),
		cmocka_unit_test(test_record__missing_front_matter),
		cmocka_unit_test(test_record__unterminated),
		cmocka_unit_test(test_record__only_dashes),
		cmocka_unit_test(test_record__closing_at_end_of_file),
		cmocka_unit_test(test_record__utf8_bom),
		cmocka_unit_test(test_record__utf16_rejected),
		cmocka_unit_test(test_record__crlf),
		cmocka_unit_test(test_record__crlf_yaml_error_line),
		cmocka_unit_test(test_record__bare_cr),
		cmocka_unit_test(test_record__yaml_error_is_a_file_line),
		cmocka_unit_test(test_record__nel_in_front_matter_keeps_lines_consistent),
		cmocka_unit_test(test_record__binary),
		cmocka_unit_test(test_record__too_large),
		cmocka_unit_test(test_record__invalid_utf8),
		cmocka_unit_test(test_record__front_matter_not_a_mapping),
		cmocka_unit_test(test_record__empty_front_matter),
		cmocka_unit_test(test_record__dashes_in_code_block_are_body),
		cmocka_unit_test(test_record__thematic_break_is_body),
		cmocka_unit_test(test_record__unclosed_fence_runs_to_the_end),
		cmocka_unit_test(test_record__sections),
		cmocka_unit_test(test_record__heading_closing_hashes),
		cmocka_unit_test(test_record__heading_multibyte_column),
		cmocka_unit_test(test_record__tasks),
		cmocka_unit_test(test_record__pure_yaml),
		cmocka_unit_test(test_record__pure_yaml_empty),
		cmocka_unit_test(test_record__words_english),
		cmocka_unit_test(test_record__words_bullets_not_counted),
		cmocka_unit_test(test_record__words_cjk),
		cmocka_unit_test(test_record__words_indonesian),
		cmocka_unit_test(test_record__words_invalid_bytes_separate),
		cmocka_unit_test(test_record__words_up_to_a_limit),
		cmocka_unit_test(test_record__words_symbols_are_not_words),
		cmocka_unit_test(test_record__path_is_record),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}

/*
 * Unit tests for reports (lib/report.c): building one from diagnostic
 * lists, the verdict counts (warnings are not errors), diagnostics sorted
 * by position, and each output format exactly: text
 * (`path:line:col: error: /pointer: message`, one line per problem, odd
 * paths quoted), the JSON machine contract, SARIF 2.1.0 as GitHub code
 * scanning reads it (lines from 1, no region without a line, no empty
 * objects, URIs percent-encoded) and GitHub workflow commands with their
 * escaping; each the same handed on in pieces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "report.h"

/* Print s for a failure report with its control bytes made visible. */
static void print_visible(const char *label, const char *s)
{
	char buf[512];
	size_t n = 0;

	for (; *s && n + 5 < sizeof(buf); s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\\x%02x",
				(unsigned char)*s);
		else
			buf[n++] = *s;
	}
	buf[n] = '\0';
	print_error("%s [%s]\n", label, buf);
}

/* A report of one file with one diagnostic. */
static handoff_report *one(const char *path, handoff_severity sev,
	unsigned int line, unsigned int col, const char *code,
	const char *pointer, const char *msg)
{
	struct diag_list diags = DIAG_LIST_INIT;
	handoff_report *r = NULL;

	assert_int_equal(handoff__report_new(&r), 0);
	assert_int_equal(handoff__diag_add(&diags, sev, line, col, code, pointer, "%s", msg), 0);
	assert_int_equal(handoff__report_add(r, path, "deal-handoff", "D-1", &diags), 0);
	handoff__diag_list_release(&diags);
	return r;
}

static handoff_report *sample(void)
{
	return one("a.md", HANDOFF_SEVERITY_ERROR, 3, 5, "required", "/x", "m");
}

/* The report rendered; caller frees. Never NULL. */
static char *render(const handoff_report *r, handoff_format format, int color)
{
	handoff_buf b = HANDOFF_BUF_INIT;

	assert_int_equal(handoff_report_format(&b, r, format, color), 0);
	return b.ptr ? b.ptr : handoff__strdup("");
}

/* Render, free the report, then compare: a failure leaks nothing. */
static void renders_as(handoff_report *r, handoff_format format, int color,
	const char *want)
{
	char *got = render(r, format, color);
	int same = !strcmp(got, want);

	if (!same) {
		print_visible("want", want);
		print_visible(" got", got);
	}
	free(got);
	handoff_report_free(r);
	assert_true(same);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)); hay += strlen(needle))
		n++;
	return n;
}

/* Control bytes other than the line feed that ends each problem. */
static size_t stray_controls(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += (unsigned char)*s < 0x20 && *s != '\n';
	return n;
}

/* ---- building and counting ---------------------------------------------- */

static void test_report__counts(void **state)
{
	struct diag_list a = DIAG_LIST_INIT, b = DIAG_LIST_INIT, c = DIAG_LIST_INIT;
	handoff_report *r = NULL;
	const handoff_file_result *f;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	assert_int_equal(handoff_report_count(r), 0);
	assert_true(handoff_report_ok(r));

	handoff__diag_add(&a, HANDOFF_SEVERITY_ERROR, 1, 1, "required", "/id", "missing");
	handoff__diag_add(&a, HANDOFF_SEVERITY_WARNING, 2, 1, "style", "", "hmm");
	handoff__diag_add(&a, HANDOFF_SEVERITY_ERROR, 3, 1, "type", "/acv", "not a number");
	handoff__diag_add(&b, HANDOFF_SEVERITY_WARNING, 1, 1, "style", "",
		"only a warning");
	assert_int_equal(handoff__report_add(r, "a.md", "deal-handoff", "D-1", &a), 0);
	assert_int_equal(handoff__report_add(r, "b.md", NULL, NULL, &b), 0);
	assert_int_equal(handoff__report_add(r, "c.md", "support-handoff", "S-1", &c), 0);

	assert_int_equal(handoff_report_count(r), 3);
	assert_int_equal(handoff_report_errors(r), 2);
	assert_false(handoff_report_ok(r));
	f = handoff_report_file(r, 1);
	assert_non_null(f);
	assert_string_equal(f->path, "b.md");
	assert_null(f->kind);
	assert_null(f->id);
	assert_int_equal(f->count, 1);
	f = handoff_report_file(r, 0);
	assert_string_equal(f->kind, "deal-handoff");
	assert_string_equal(f->id, "D-1");
	assert_int_equal(f->count, 3);
	assert_int_equal(handoff_report_file(r, 2)->count, 0);
	assert_null(handoff_report_file(r, 3));

	/* the lists were moved out: empty, and fine to release */
	assert_int_equal(a.n, 0);
	assert_null(a.v);
	handoff__diag_list_release(&a);
	handoff__diag_list_release(&b);
	handoff__diag_list_release(&c);
	handoff_report_free(r);
}

static void test_report__warnings_are_not_errors(void **state)
{
	handoff_report *r;

	(void)state;
	r = one("a.md", HANDOFF_SEVERITY_WARNING, 1, 1, "yaml-version", "", "w");
	assert_int_equal(handoff_report_errors(r), 0);
	assert_true(handoff_report_ok(r));
	assert_int_equal(handoff_report_count(r), 1);
	handoff_report_free(r);
}

static void test_report__null_report(void **state)
{
	const char *const *notes = (const char *const *)&notes;

	(void)state;
	assert_int_equal(handoff_report_count(NULL), 0);
	assert_int_equal(handoff_report_errors(NULL), 0);
	assert_true(handoff_report_ok(NULL));
	assert_null(handoff_report_file(NULL, 0));
	assert_int_equal(handoff_report_notes(NULL, &notes), 0);
	assert_null(notes);
	handoff_report_free(NULL);
}

static void test_report__sorted_by_line(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	handoff_report *r = NULL;
	const handoff_file_result *f;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR, 9, 1, "c", "/n", "nine");
	handoff__diag_add(&d, HANDOFF_SEVERITY_WARNING, 2, 8, "c", "/t", "two-eight");
	handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR, 5, 1, "c", "/f", "five");
	handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR, 2, 3, "c", "/t", "two-three");
	handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR, 0, 0, "c", "", "file-wide");
	assert_int_equal(handoff__report_add(r, "a.md", NULL, NULL, &d), 0);
	f = handoff_report_file(r, 0);
	assert_int_equal(f->count, 5);
	assert_string_equal(f->diagnostics[0].message, "file-wide");
	assert_string_equal(f->diagnostics[1].message, "two-three");
	assert_string_equal(f->diagnostics[2].message, "two-eight");
	assert_string_equal(f->diagnostics[3].message, "five");
	assert_string_equal(f->diagnostics[4].message, "nine");
	handoff_report_free(r);
	handoff__diag_list_release(&d);
}

static void test_report__notes(void **state)
{
	handoff_report *r = NULL;
	const char *const *notes = NULL;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	assert_int_equal(handoff_report_notes(r, &notes), 0);
	assert_int_equal(handoff__report_note(r, "history truncated at %s", "abc123"), 0);
	assert_int_equal(handoff__report_note(r, "%d shallow", 2), 0);
	assert_int_equal(handoff_report_notes(r, &notes), 2);
	assert_string_equal(notes[0], "history truncated at abc123");
	assert_string_equal(notes[1], "2 shallow");
	/* notes are not findings */
	assert_true(handoff_report_ok(r));
	handoff_report_free(r);
}

/* ---- text --------------------------------------------------------------- */

static void test_report__text(void **state)
{
	(void)state;
	renders_as(sample(), HANDOFF_FORMAT_TEXT, 0, "a.md:3:5: error: /x: m\n");
}

static void test_report__text_without_pointer(void **state)
{
	(void)state;
	renders_as(one("a.md", HANDOFF_SEVERITY_ERROR, 3, 5, "yaml", "",
		"duplicate key 'id' (first at line 2)"), HANDOFF_FORMAT_TEXT, 0,
		"a.md:3:5: error: duplicate key 'id' (first at line 2)\n");
}

static void test_report__text_without_position(void **state)
{
	(void)state;
	renders_as(one("a.md", HANDOFF_SEVERITY_ERROR, 0, 0, "duplicate-id", "/id",
		"also in b.md"), HANDOFF_FORMAT_TEXT, 0,
		"a.md: error: /id: also in b.md\n");
}

static void test_report__text_warning(void **state)
{
	(void)state;
	renders_as(one("t/x.yaml", HANDOFF_SEVERITY_WARNING, 1, 2, "yaml-version",
		"/w", "careful"), HANDOFF_FORMAT_TEXT, 0,
		"t/x.yaml:1:2: warning: /w: careful\n");
}

static void test_report__text_several_files(void **state)
{
	struct diag_list a = DIAG_LIST_INIT, b = DIAG_LIST_INIT, c = DIAG_LIST_INIT;
	handoff_report *r = NULL;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	handoff__diag_add(&a, HANDOFF_SEVERITY_ERROR, 9, 1, "c", "", "nine");
	handoff__diag_add(&a, HANDOFF_SEVERITY_ERROR, 2, 1, "c", "", "two");
	handoff__diag_add(&c, HANDOFF_SEVERITY_ERROR, 1, 1, "c", "/k", "one");
	handoff__report_add(r, "a.md", NULL, NULL, &a);
	handoff__report_add(r, "b.md", NULL, NULL, &b);	/* clean: prints nothing */
	handoff__report_add(r, "c.md", NULL, NULL, &c);
	renders_as(r, HANDOFF_FORMAT_TEXT, 0,
		"a.md:2:1: error: two\na.md:9:1: error: nine\nc.md:1:1: error: /k: one\n");
}

static void test_report__text_color(void **state)
{
	(void)state;
	renders_as(sample(), HANDOFF_FORMAT_TEXT, 1,
		"\033[1ma.md:3:5:\033[m \033[1;31merror\033[m: /x: m\n");
	renders_as(one("a.md", HANDOFF_SEVERITY_WARNING, 3, 5, "c", "", "w"),
		HANDOFF_FORMAT_TEXT, 1,
		"\033[1ma.md:3:5:\033[m \033[1;33mwarning\033[m: w\n");
}

static void test_report__text_quotes_odd_paths(void **state)
{
	(void)state;
	renders_as(one("a\nb.md", HANDOFF_SEVERITY_ERROR, 3, 5, "c", "", "m"),
		HANDOFF_FORMAT_TEXT, 0, "\"a\\nb.md\":3:5: error: m\n");
	renders_as(one("x\"y\\z\t.md", HANDOFF_SEVERITY_ERROR, 1, 1, "c", "", "m"),
		HANDOFF_FORMAT_TEXT, 0, "\"x\\\"y\\\\z\\t.md\":1:1: error: m\n");
	renders_as(one("cr\r.md", HANDOFF_SEVERITY_ERROR, 1, 1, "c", "", "m"),
		HANDOFF_FORMAT_TEXT, 0, "\"cr\\r.md\":1:1: error: m\n");
	/* spaces and UTF-8 need no quoting */
	renders_as(one("my deals/\xe6\x97\xa5.md", HANDOFF_SEVERITY_ERROR, 1, 1,
		"c", "", "m"), HANDOFF_FORMAT_TEXT, 0,
		"my deals/\xe6\x97\xa5.md:1:1: error: m\n");
}

/* Bytes that are not UTF-8 are quoted as git does, never written raw. */
static void test_report__text_quotes_bytes_that_are_not_utf8(void **state)
{
	(void)state;
	renders_as(one("bad\377name.md", HANDOFF_SEVERITY_ERROR, 3, 1, "c", "", "m"),
		HANDOFF_FORMAT_TEXT, 0, "\"bad\\377name.md\":3:1: error: m\n");
	renders_as(one("\xe6\x97\xa5\xc3.md", HANDOFF_SEVERITY_ERROR, 1, 1, "c", "", "m"),
		HANDOFF_FORMAT_TEXT, 0, "\"\xe6\x97\xa5\\303.md\":1:1: error: m\n");
}

/*
 * "Text output uses git-style C quoting" (RELIABILITY.md 5.1): a path
 * with an escape sequence or another control byte must come out quoted,
 * never raw, so a file name cannot drive the terminal.
 */
static void test_report__text_quotes_control_bytes_in_paths(void **state)
{
	handoff_report *r;
	char *out;
	size_t stray;
	int quoted;

	(void)state;
	r = one("a\033[2Jb\x01.md", HANDOFF_SEVERITY_ERROR, 3, 5, "c", "", "m");
	out = render(r, HANDOFF_FORMAT_TEXT, 0);
	stray = stray_controls(out);
	quoted = out[0] == '"';
	if (stray || !quoted)
		print_visible("got", out);
	free(out);
	handoff_report_free(r);
	assert_int_equal(stray, 0);
	assert_true(quoted);
}

/*
 * One line per problem: a message that carries a line break or an escape
 * from the file (a duplicate key "a\nb", say) must not break the line or
 * reach the terminal raw.
 */
static void test_report__text_one_line_per_problem(void **state)
{
	handoff_report *r;
	char *out;
	size_t lines, stray;

	(void)state;
	r = one("a.md", HANDOFF_SEVERITY_ERROR, 3, 5, "duplicate-key", "",
		"duplicate key 'a\nb\033[2J' (first at line 2)");
	out = render(r, HANDOFF_FORMAT_TEXT, 0);
	lines = count_of(out, "\n");
	stray = stray_controls(out);
	if (lines != 1 || stray)
		print_visible("got", out);
	free(out);
	handoff_report_free(r);
	assert_int_equal(lines, 1);
	assert_int_equal(stray, 0);
}

/* ---- JSON --------------------------------------------------------------- */

static void test_report__json(void **state)
{
	(void)state;
	renders_as(sample(), HANDOFF_FORMAT_JSON, 0,
		"{\"version\":1,\"ok\":false,\"files\":[{\"path\":\"a.md\","
		"\"kind\":\"deal-handoff\",\"id\":\"D-1\",\"ok\":false,"
		"\"diagnostics\":[{\"line\":3,\"column\":5,\"severity\":\"error\","
		"\"code\":\"required\",\"pointer\":\"/x\",\"message\":\"m\"}]}]}\n");
}

static void test_report__json_clean_and_empty(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	handoff_report *r = NULL;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	renders_as(r, HANDOFF_FORMAT_JSON, 0,
		"{\"version\":1,\"ok\":true,\"files\":[]}\n");

	assert_int_equal(handoff__report_new(&r), 0);
	handoff__report_add(r, "b.md", NULL, NULL, &d);
	renders_as(r, HANDOFF_FORMAT_JSON, 0,
		"{\"version\":1,\"ok\":true,\"files\":[{\"path\":\"b.md\",\"kind\":null,"
		"\"id\":null,\"ok\":true,\"diagnostics\":[]}]}\n");
}

static void test_report__json_warning_keeps_ok(void **state)
{
	(void)state;
	renders_as(one("a.md", HANDOFF_SEVERITY_WARNING, 1, 1, "yaml-version", "",
		"w"), HANDOFF_FORMAT_JSON, 0,
		"{\"version\":1,\"ok\":true,\"files\":[{\"path\":\"a.md\","
		"\"kind\":\"deal-handoff\",\"id\":\"D-1\",\"ok\":true,"
		"\"diagnostics\":[{\"line\":1,\"column\":1,\"severity\":\"warning\","
		"\"code\":\"yaml-version\",\"pointer\":\"\",\"message\":\"w\"}]}]}\n");
}

static void test_report__json_several(void **state)
{
	struct diag_list a = DIAG_LIST_INIT, b = DIAG_LIST_INIT;
	handoff_report *r = NULL;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	handoff__diag_add(&a, HANDOFF_SEVERITY_ERROR, 2, 1, "c", "", "x");
	handoff__diag_add(&a, HANDOFF_SEVERITY_ERROR, 1, 1, "c", "", "y");
	handoff__report_add(r, "a.md", NULL, NULL, &a);
	handoff__report_add(r, "b.md", NULL, NULL, &b);
	renders_as(r, HANDOFF_FORMAT_JSON, 0,
		"{\"version\":1,\"ok\":false,\"files\":["
		"{\"path\":\"a.md\",\"kind\":null,\"id\":null,\"ok\":false,\"diagnostics\":["
		"{\"line\":1,\"column\":1,\"severity\":\"error\",\"code\":\"c\","
		"\"pointer\":\"\",\"message\":\"y\"},"
		"{\"line\":2,\"column\":1,\"severity\":\"error\",\"code\":\"c\","
		"\"pointer\":\"\",\"message\":\"x\"}]},"
		"{\"path\":\"b.md\",\"kind\":null,\"id\":null,\"ok\":true,"
		"\"diagnostics\":[]}]}\n");
}

static void test_report__json_escapes_hostile_bytes(void **state)
{
	(void)state;
	renders_as(one("a\"b\n\xff.md", HANDOFF_SEVERITY_ERROR, 1, 1, "c",
		"/k~1\x01", "bad \\ \x1b"), HANDOFF_FORMAT_JSON, 0,
		"{\"version\":1,\"ok\":false,\"files\":[{\"path\":\"a\\\"b\\n\\ufffd.md\","
		"\"kind\":\"deal-handoff\",\"id\":\"D-1\",\"ok\":false,"
		"\"diagnostics\":[{\"line\":1,\"column\":1,\"severity\":\"error\","
		"\"code\":\"c\",\"pointer\":\"/k~1\\u0001\","
		"\"message\":\"bad \\\\ \\u001b\"}]}]}\n");
}

/* ---- SARIF -------------------------------------------------------------- */

static void test_report__sarif(void **state)
{
	handoff_report *r = sample();
	char *out = render(r, HANDOFF_FORMAT_SARIF, 0);

	(void)state;
	handoff_report_free(r);
	assert_non_null(strstr(out, "\"version\":\"2.1.0\""));
	assert_non_null(strstr(out, "\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\""));
	assert_non_null(strstr(out, "\"name\":\"git-handoff\""));
	assert_non_null(strstr(out, "\"version\":\"" HANDOFF_VERSION "\""));
	assert_non_null(strstr(out, "\"rules\":[{\"id\":\"required\","));
	assert_non_null(strstr(out, "\"ruleId\":\"required\""));
	assert_non_null(strstr(out, "\"level\":\"error\""));
	assert_non_null(strstr(out, "\"message\":{\"text\":\"/x: m\"}"));
	assert_non_null(strstr(out, "\"artifactLocation\":{\"uri\":\"a.md\"}"));
	assert_non_null(strstr(out, "\"region\":{\"startLine\":3,\"startColumn\":5}"));
	assert_null(strstr(out, "{}"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
}

static void test_report__sarif_without_position(void **state)
{
	handoff_report *r;
	char *out;

	(void)state;
	r = one("a.md", HANDOFF_SEVERITY_WARNING, 0, 0, "duplicate-id", "", "dup");
	out = render(r, HANDOFF_FORMAT_SARIF, 0);
	handoff_report_free(r);
	/* no region at all, rather than a zero or empty one */
	assert_null(strstr(out, "region"));
	assert_null(strstr(out, "startLine"));
	assert_null(strstr(out, "{}"));
	assert_non_null(strstr(out, "\"level\":\"warning\""));
	assert_non_null(strstr(out, "\"message\":{\"text\":\"dup\"}"));
	free(out);

	/* a line without a column starts at column 1 */
	r = one("a.md", HANDOFF_SEVERITY_ERROR, 7, 0, "c", "", "m");
	out = render(r, HANDOFF_FORMAT_SARIF, 0);
	handoff_report_free(r);
	assert_non_null(strstr(out, "\"region\":{\"startLine\":7,\"startColumn\":1}"));
	assert_null(strstr(out, "\"startColumn\":0"));
	free(out);
}

static void test_report__sarif_uri_encoding(void **state)
{
	handoff_report *r;
	char *out;

	(void)state;
	r = one("my deals/a b#1%\xe6\x97\xa5.md", HANDOFF_SEVERITY_ERROR, 1, 1,
		"c", "", "m");
	out = render(r, HANDOFF_FORMAT_SARIF, 0);
	handoff_report_free(r);
	assert_non_null(strstr(out,
		"\"uri\":\"my%20deals/a%20b%231%25%E6%97%A5.md\""));
	free(out);
}

static void test_report__sarif_rules_once_each(void **state)
{
	struct diag_list a = DIAG_LIST_INIT, b = DIAG_LIST_INIT;
	handoff_report *r = NULL;
	char *out;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	handoff__diag_add(&a, HANDOFF_SEVERITY_ERROR, 1, 1, "required", "/a", "m");
	handoff__diag_add(&a, HANDOFF_SEVERITY_ERROR, 2, 1, "type", "/b", "m");
	handoff__diag_add(&b, HANDOFF_SEVERITY_ERROR, 3, 1, "required", "/c", "m");
	handoff__report_add(r, "a.md", NULL, NULL, &a);
	handoff__report_add(r, "b.md", NULL, NULL, &b);
	out = render(r, HANDOFF_FORMAT_SARIF, 0);
	handoff_report_free(r);
	assert_int_equal(count_of(out, "{\"id\":\"required\""), 1);
	assert_int_equal(count_of(out, "{\"id\":\"type\""), 1);
	assert_int_equal(count_of(out, "\"ruleId\":"), 3);
	assert_int_equal(count_of(out, "\"startLine\":"), 3);
	assert_int_equal(count_of(out, "\"startLine\":0"), 0);
	assert_null(strstr(out, "{}"));
	free(out);
}

static void test_report__sarif_empty_report(void **state)
{
	handoff_report *r = NULL;
	char *out;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	out = render(r, HANDOFF_FORMAT_SARIF, 0);
	handoff_report_free(r);
	assert_non_null(strstr(out, "\"rules\":[]"));
	assert_non_null(strstr(out, "\"results\":[]"));
	assert_null(strstr(out, "{}"));
	free(out);
}

/* ---- GitHub workflow commands ------------------------------------------- */

static void test_report__github(void **state)
{
	(void)state;
	renders_as(sample(), HANDOFF_FORMAT_GITHUB, 0,
		"::error file=a.md,line=3,col=5,title=required::/x: m\n");
	renders_as(one("a.md", HANDOFF_SEVERITY_WARNING, 2, 1, "style", "", "w"),
		HANDOFF_FORMAT_GITHUB, 0,
		"::warning file=a.md,line=2,col=1,title=style::w\n");
	renders_as(one("a.md", HANDOFF_SEVERITY_ERROR, 0, 0, "duplicate-id", "",
		"dup"), HANDOFF_FORMAT_GITHUB, 0,
		"::error file=a.md,title=duplicate-id::dup\n");
}

static void test_report__github_escaping(void **state)
{
	(void)state;
	/* properties escape % CR LF : and , */
	renders_as(one("a,b:c%d\ne.md", HANDOFF_SEVERITY_ERROR, 1, 2, "c", "",
		"m"), HANDOFF_FORMAT_GITHUB, 0,
		"::error file=a%2Cb%3Ac%25d%0Ae.md,line=1,col=2,title=c::m\n");
	/* the message escapes % CR LF only */
	renders_as(one("a.md", HANDOFF_SEVERITY_ERROR, 1, 2, "c", "/a:b,c",
		"50% done\nnext: step, ok\r"), HANDOFF_FORMAT_GITHUB, 0,
		"::error file=a.md,line=1,col=2,title=c::/a:b,c: 50%25 done%0Anext: step, ok%0D\n");
}

static void test_report__unknown_format(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	handoff_report *r = sample();
	int rc;

	(void)state;
	rc = handoff_report_format(&b, r, (handoff_format)42, 0);
	handoff_report_free(r);
	handoff_buf_dispose(&b);
	assert_int_equal(rc, HANDOFF_ERROR);
	assert_string_equal(handoff_error_last()->message, "unknown format");
}

/* Pieces written: how many, and all of them, to compare with the whole. */
struct pieces {
	handoff_buf all;
	size_t n, fail_at;	/* fail_at: the piece that fails, 0: none */
};

static int take_piece(const char *data, size_t len, void *payload)
{
	struct pieces *p = payload;

	if (++p->n == p->fail_at)
		return -1;
	return handoff__buf_put(&p->all, data, len);
}

/* 3,000 files of a problem each: handed on in pieces, the same bytes. */
static void test_report__written_in_pieces(void **state)
{
	static const handoff_format formats[] = { HANDOFF_FORMAT_TEXT,
		HANDOFF_FORMAT_JSON, HANDOFF_FORMAT_SARIF, HANDOFF_FORMAT_GITHUB };
	handoff_report *r = NULL;
	char path[32];
	size_t i;

	(void)state;
	assert_int_equal(handoff__report_new(&r), 0);
	for (i = 0; i < 3000; i++) {
		struct diag_list d = DIAG_LIST_INIT;

		snprintf(path, sizeof(path), "handoffs/r%zu.md", i);
		handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR, 3, 5, "duplicate-id", "/id",
			"id 'D-1' is also used by handoffs/r%zu.md", i + 1);
		assert_int_equal(handoff__report_add(r, path, "deal-handoff", "D-1", &d), 0);
	}
	for (i = 0; i < sizeof(formats) / sizeof(*formats); i++) {
		handoff_buf whole = HANDOFF_BUF_INIT;
		struct pieces p = { HANDOFF_BUF_INIT, 0, 0 };

		assert_int_equal(handoff_report_format(&whole, r, formats[i], 0), 0);
		assert_int_equal(handoff_report_write(r, formats[i], 0, take_piece, &p), 0);
		assert_true(whole.size > 3 * SINK_PIECE);
		assert_true(p.n > 3 && p.n < whole.size / SINK_PIECE + 2);
		assert_int_equal(p.all.size, whole.size);
		assert_memory_equal(p.all.ptr, whole.ptr, whole.size);
		handoff_buf_dispose(&p.all);
		/* a write that fails stops it, with an error */
		p.n = 0;
		p.fail_at = 2;
		assert_int_equal(handoff_report_write(r, formats[i], 0, take_piece, &p),
			HANDOFF_ERROR);
		assert_int_equal(p.n, 2);
		handoff_buf_dispose(&p.all);
		handoff_buf_dispose(&whole);
	}
	handoff_report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report__counts),
		cmocka_unit_test(test_report__warnings_are_not_errors),
		cmocka_unit_test(test_report__null_report),
		cmocka_unit_test(test_report__sorted_by_line),
		cmocka_unit_test(test_report__notes),
		cmocka_unit_test(test_report__text),
		cmocka_unit_test(test_report__text_without_pointer),
		cmocka_unit_test(test_report__text_without_position),
		cmocka_unit_test(test_report__text_warning),
		cmocka_unit_test(test_report__text_several_files),
		cmocka_unit_test(test_report__text_color),
		cmocka_unit_test(test_report__text_quotes_odd_paths),
		cmocka_unit_test(test_report__text_quotes_control_bytes_in_paths),
		cmocka_unit_test(test_report__text_quotes_bytes_that_are_not_utf8),
		cmocka_unit_test(test_report__text_one_line_per_problem),
		cmocka_unit_test(test_report__json),
		cmocka_unit_test(test_report__json_clean_and_empty),
		cmocka_unit_test(test_report__json_warning_keeps_ok),
		cmocka_unit_test(test_report__json_several),
		cmocka_unit_test(test_report__json_escapes_hostile_bytes),
		cmocka_unit_test(test_report__sarif),
		cmocka_unit_test(test_report__sarif_without_position),
		cmocka_unit_test(test_report__sarif_uri_encoding),
		cmocka_unit_test(test_report__sarif_rules_once_each),
		cmocka_unit_test(test_report__sarif_empty_report),
		cmocka_unit_test(test_report__github),
		cmocka_unit_test(test_report__github_escaping),
		cmocka_unit_test(test_report__unknown_format),
		cmocka_unit_test(test_report__written_in_pieces),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}

/*
 * Validation of records against a kind, end to end inside the library: a
 * sandbox repository with its own kind in .handoff/schemas/, records on
 * disk, and the report handoff_validate() gives. Covers placeholders,
 * sections, the checklist, roles, duplicate ids and broken schemas; and
 * the kinds the pre-commit hook compiles ahead while git diffs the index.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "handoff.h"
#include "common.h"
#include "sandbox.h"
#include "source.h"
#include "staged.h"
#include "utf8.h"
#include "validate.h"

static const char kind_text[] =
	"type: object\n"
	"required: [kind, id, owner, due]\n"
	"properties:\n"
	"  kind: {const: test-kind}\n"
	"  id: {type: string, pattern: '^T-[0-9]+$'}\n"
	"  owner: {type: string, format: email}\n"
	"  due: {type: string, format: date}\n"
	"  size: {type: integer, minimum: 1}\n"
	"x-handoff:\n"
	"  sections:\n"
	"    - {heading: Overview, min_words: 5, titles: {ja: 概要}}\n"
	"    - {heading: Risks, min_words: 2}\n"
	"  checklist:\n"
	"    - {item: Summary done, must_tick: true}\n"
	"    - {item: Intro sent, must_tick: false}\n"
	"  placeholders: ['(?i)\\bTBD\\b', '<fill in>', '\\[[^\\]\\n]{2,}\\]']\n"
	"  roles: {/owner: [cs]}\n"
	"  folder: tests/\n"
	"  template: |\n"
	"    kind: test-kind\n"
	"    id: {{id}}\n";

static const char config_text[] =
	"records: [tests/]\n"
	"people:\n"
	"  sam@vendor.example: {name: Sam, roles: [cs]}\n"
	"  jane@vendor.example: {name: Jane, roles: [sales]}\n";

static const char good[] =
	"---\n"
	"kind: test-kind\n"
	"id: T-1\n"
	"owner: sam@vendor.example\n"
	"due: 2026-12-01\n"
	"---\n"
	"## Overview\n"
	"One two three four five six.\n"
	"## Risks\n"
	"Budget risk.\n"
	"## Checklist\n"
	"- [x] Summary done\n"
	"- [ ] Intro sent (2026-11-03)\n";

static int setup(void **state)
{
	const char *const files[] = {
		".handoff/schemas/test-kind.yaml", kind_text,
		".handoff/config.yaml", config_text, NULL
	};

	return sandbox_init_with((struct sandbox **)state, files);
}

static handoff_report *run(const char *path)
{
	handoff_validate_options o = HANDOFF_VALIDATE_OPTIONS_INIT;
	handoff_repo *repo = NULL;
	handoff_report *r = NULL;
	const char *paths[1];

	paths[0] = path;
	o.paths = path ? paths : NULL;
	o.npaths = path ? 1 : 0;
	assert_int_equal(handoff_repo_open(&repo, NULL, 0), 0);
	assert_int_equal(handoff_validate(&r, repo, &o), 0);
	handoff_repo_free(repo);
	return r;
}

/* `text` written at `path`, then validated alone: its file result */
static const handoff_file_result *run_text(struct sandbox *sb, const char *path,
	const char *text, handoff_report **r)
{
	assert_int_equal(sandbox_write(sb, path, text), 0);
	*r = run(path);
	return handoff_report_file(*r, 0);
}

/* The diagnostic with this pointer, or NULL. */
static const handoff_diagnostic *find(const handoff_file_result *f,
	const char *pointer)
{
	size_t i;

	for (i = 0; i < f->count; i++)
		if (!strcmp(f->diagnostics[i].pointer, pointer))
			return &f->diagnostics[i];
	return NULL;
}

static size_t errors(const handoff_file_result *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->count; i++)
		n += f->diagnostics[i].severity == HANDOFF_SEVERITY_ERROR;
	return n;
}

static void test_validate__good_record_has_no_problems(void **state)
{
	handoff_report *r;

	assert_int_equal(sandbox_write(*state, "tests/a.md", good), 0);
	r = run("tests/a.md");
	assert_int_equal(handoff_report_count(r), 1);
	assert_int_equal(handoff_report_file(r, 0)->count, 0);
	assert_string_equal(handoff_report_file(r, 0)->kind, "test-kind");
	assert_string_equal(handoff_report_file(r, 0)->id, "T-1");
	assert_true(handoff_report_ok(r));
	handoff_report_free(r);
}

static void test_validate__placeholder_is_one_diagnostic(void **state)
{
	const handoff_file_result *f;
	const handoff_diagnostic *d;
	handoff_report *r;
	char text[sizeof(good) + 16];

	snprintf(text, sizeof(text), "%s", good);
	memcpy(strstr(text, "2026-12-01"), "TBD       ", 10);
	f = run_text(*state, "tests/a.md", text, &r);
	assert_int_equal(f->count, 1);
	assert_non_null(d = find(f, "/due"));
	assert_string_equal(d->code, "placeholder");
	assert_int_equal(d->line, 5);
	assert_int_equal(d->column, 6);
	handoff_report_free(r);
}

static void test_validate__five_problems_five_diagnostics(void **state)
{
	static const char bad[] =
		"---\n"
		"kind: test-kind\n"
		"id: X-1\n"			/* pattern */
		"owner: jane@vendor.example\n"	/* role */
		"size: 0\n"			/* minimum */
		"---\n"				/* due missing: required */
		"## Overview\n"
		"Too short.\n"			/* section words */
		"## Risks\n"
		"[Name, title] two words\n"
		"- [x] Summary done\n"
		"- [ ] Intro sent\n";
	const handoff_file_result *f;
	handoff_report *r;

	f = run_text(*state, "tests/b.md", bad, &r);
	assert_int_equal(errors(f), 5);
	/* and the placeholder left in a section, as a warning where it is */
	assert_int_equal(f->count, 6);
	assert_int_equal(find(f, "/body/Risks")->severity, HANDOFF_SEVERITY_WARNING);
	assert_int_equal(find(f, "/body/Risks")->line, 10);
	assert_int_equal(find(f, "/body/Risks")->column, 1);
	assert_string_equal(find(f, "/id")->code, "pattern");
	assert_int_equal(find(f, "/id")->line, 3);
	assert_string_equal(find(f, "/owner")->code, "role");
	assert_int_equal(find(f, "/owner")->line, 4);
	assert_string_equal(find(f, "/size")->code, "minimum");
	assert_int_equal(find(f, "/size")->line, 5);
	assert_string_equal(find(f, "/due")->code, "required");
	assert_string_equal(find(f, "/body/Overview")->code, "section");
	assert_int_equal(find(f, "/body/Overview")->line, 7);
	handoff_report_free(r);
}

/* A kind with a state field, and a record of it in the state `st`. */
static const char state_kind[] =
	"type: object\n"
	"required: [kind, id, owner, due, acceptance]\n"
	"properties:\n"
	"  kind: {const: state-kind}\n"
	"  id: {type: string, pattern: '^T-[0-9]+$'}\n"
	"  owner: {type: string, format: email}\n"
	"  due: {type: string, format: date}\n"
	"  tags: {type: array, minItems: 1}\n"
	"  acceptance:\n"
	"    type: object\n"
	"    properties:\n"
	"      status: {enum: [draft, submitted, pending, accepted]}\n"
	"x-handoff:\n"
	"  state: /acceptance/status\n"
	"  sections:\n"
	"    - {heading: Overview, min_words: 5}\n"
	"  checklist:\n"
	"    - {item: Summary done, must_tick: true}\n"
	"  placeholders: ['(?i)\\bTBD\\b']\n"
	"  roles: {/owner: [cs]}\n";

static void write_stated(struct sandbox *sb, const char *path, const char *st)
{
	char text[1024];

	snprintf(text, sizeof(text),
		"---\n"
		"kind: state-kind\n"
		"id: X-1\n"			/* pattern: structural */
		"owner: jane@vendor.example\n"	/* role: structural */
		"tags: []\n"			/* minItems: completeness */
		"acceptance: {status: %s}\n"	/* due missing: required */
		"---\n"
		"## Overview\n"
		"TBD\n"			/* placeholder, short section */
		"- [ ] Summary done\n",		/* not ticked */
		st);
	assert_int_equal(sandbox_write(sb, ".handoff/schemas/state-kind.yaml",
		state_kind), 0);
	assert_int_equal(sandbox_write(sb, path, text), 0);
}

/* What a draft may lack, and only that: the one list the checks read. */
static void test_validate__completeness_codes(void **state)
{
	static const char *const lacks[] = { "required", "dependentRequired",
		"placeholder", "minLength", "minItems", "minContains",
		"minProperties", "section", "checklist" };
	static const char *const breaks[] = { "type", "enum", "const", "pattern",
		"format", "additionalProperties", "kind", "role", "duplicate-id",
		"misplaced", "character", "yaml", "minimum", "anyOf", "draft" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(lacks); i++)
		assert_true(handoff__validate_is_completeness(lacks[i]));
	for (i = 0; i < ARRAY_SIZE(breaks); i++)
		assert_false(handoff__validate_is_completeness(breaks[i]));
	assert_false(handoff__validate_is_completeness(NULL));
}

/* A draft's completeness problems are warnings; its structural ones errors. */
static void test_validate__draft_lacks_are_warnings(void **state)
{
	const handoff_file_result *f;
	handoff_report *r;

	write_stated(*state, "tests/d.md", "draft");
	r = run("tests/d.md");
	f = handoff_report_file(r, 0);
	assert_string_equal(f->state, "draft");
	assert_int_equal(errors(f), 2);
	assert_int_equal(find(f, "/id")->severity, HANDOFF_SEVERITY_ERROR);
	assert_int_equal(find(f, "/owner")->severity, HANDOFF_SEVERITY_ERROR);
	assert_int_equal(find(f, "/due")->severity, HANDOFF_SEVERITY_WARNING);
	assert_int_equal(find(f, "/tags")->severity, HANDOFF_SEVERITY_WARNING);
	assert_int_equal(find(f, "/body/Overview")->severity, HANDOFF_SEVERITY_WARNING);
	assert_int_equal(find(f, "/checklist/Summary done")->severity,
		HANDOFF_SEVERITY_WARNING);
	handoff_report_free(r);
}

/* Submitted (or pending, its old name), the same record is judged whole. */
static void test_validate__submitted_is_judged_whole(void **state)
{
	static const char *const states[] = { "submitted", "pending" };
	const handoff_file_result *f;
	handoff_report *r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(states); i++) {
		write_stated(*state, "tests/s.md", states[i]);
		r = run("tests/s.md");
		f = handoff_report_file(r, 0);
		assert_string_equal(f->state, "submitted");
		assert_int_equal(find(f, "/due")->severity, HANDOFF_SEVERITY_ERROR);
		assert_int_equal(find(f, "/tags")->severity, HANDOFF_SEVERITY_ERROR);
		assert_int_equal(find(f, "/checklist/Summary done")->severity,
			HANDOFF_SEVERITY_ERROR);
		assert_int_equal(errors(f), f->count - 1);	/* the TBD in the body warns */
		handoff_report_free(r);
	}
}

/*
 * Past the cap, a draft's lacks are counted as warnings, not errors: the
 * severity is decided as each is added, so the verdict holds however many.
 */
static void test_validate__draft_flood_counted_as_warnings(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	const handoff_file_result *f;
	handoff_report *r;
	size_t i;

	assert_int_equal(sandbox_write(*state, ".handoff/schemas/state-kind.yaml",
		state_kind), 0);
	handoff__buf_puts(&b, "---\nkind: state-kind\nid: T-1\n"
		"owner: sam@vendor.example\ndue: 2026-12-01\n"
		"acceptance: {status: draft}\ntags:\n");
	for (i = 0; i < 500; i++)
		handoff__buf_puts(&b, "  - TBD\n");
	handoff__buf_puts(&b, "---\n## Overview\nOne two three four five.\n"
		"- [x] Summary done\n");
	f = run_text(*state, "tests/f.md", b.ptr, &r);
	assert_int_equal(f->count, DIAG_MAX_PER_RECORD);
	assert_int_equal(f->omitted, 300);
	assert_int_equal(f->omitted_errors, 0);
	assert_int_equal(errors(f), 0);
	assert_true(handoff_report_ok(r));
	handoff_report_free(r);
	handoff_buf_dispose(&b);
}

static void test_validate__sections_and_checklist(void **state)
{
	static const char text[] =
		"---\nkind: test-kind\nid: T-2\nowner: sam@vendor.example\ndue: 2026-12-01\n---\n"
		"## 概要\n"
		"日本語の説明です\n"		/* CJK: 8 characters, 8 words */
		"## Risks\n"
		"TBD\n"
		"## Checklist\n"
		"- [ ] Summary done\n";
	const handoff_file_result *f;
	handoff_report *r;

	f = run_text(*state, "tests/c.md", text, &r);
	assert_null(find(f, "/body/Overview"));
	assert_non_null(find(f, "/body/Risks"));
	assert_non_null(strstr(find(f, "/body/Risks")->message, "only placeholders"));
	assert_int_equal(find(f, "/checklist/Summary done")->line, 12);
	assert_non_null(strstr(find(f, "/checklist/Summary done")->message, "ticked"));
	assert_non_null(strstr(find(f, "/checklist/Intro sent")->message, "missing"));
	assert_int_equal(errors(f), 3);
	assert_int_equal(f->count, 4);	/* and the warning at the TBD */
	handoff_report_free(r);
}

static void test_validate__duplicate_ids_name_both(void **state)
{
	handoff_report *r;
	const handoff_file_result *a, *b;

	assert_int_equal(sandbox_write(*state, "tests/a.md", good), 0);
	assert_int_equal(sandbox_write(*state, "tests/b.md", good), 0);
	r = run(NULL);
	assert_int_equal(handoff_report_count(r), 2);
	a = handoff_report_file(r, 0);
	b = handoff_report_file(r, 1);
	assert_string_equal(a->path, "tests/a.md");
	assert_non_null(strstr(find(a, "/id")->message, "tests/b.md"));
	assert_non_null(strstr(find(b, "/id")->message, "tests/a.md"));
	assert_int_equal(find(a, "/id")->line, 3);
	handoff_report_free(r);
}

static void test_validate__unparsable_file_in_records_folder_is_an_error(void **state)
{
	handoff_report *r;

	assert_int_equal(sandbox_write(*state, "tests/notes.md", "just notes\n"), 0);
	assert_int_equal(sandbox_write(*state, "tests/ignored.txt", "x"), 0);
	r = run(NULL);
	assert_int_equal(handoff_report_count(r), 1);
	assert_string_equal(handoff_report_file(r, 0)->diagnostics[0].code, "front-matter");
	handoff_report_free(r);
}

/*
 * Validation of the whole repository stops at HANDOFF_ESCHEMA; its report's
 * first file (or last, `last`) is `path`, whose first problem is at `line`
 * (and `col` when not 0) with `part` in its message (when not NULL).
 */
static void eschema_names(int last, const char *path, unsigned int line,
	unsigned int col, const char *part)
{
	handoff_validate_options o = HANDOFF_VALIDATE_OPTIONS_INIT;
	handoff_repo *repo = NULL;
	handoff_report *r = NULL;
	const handoff_file_result *f;

	assert_int_equal(handoff_repo_open(&repo, NULL, 0), 0);
	assert_int_equal(handoff_validate(&r, repo, &o), HANDOFF_ESCHEMA);
	f = handoff_report_file(r, last ? handoff_report_count(r) - 1 : 0);
	assert_string_equal(f->path, path);
	assert_int_equal(f->diagnostics[0].line, line);
	if (col)
		assert_int_equal(f->diagnostics[0].column, col);
	if (part)
		assert_non_null(strstr(f->diagnostics[0].message, part));
	handoff_report_free(r);
	handoff_repo_free(repo);
}

static void test_validate__broken_schema_is_eschema(void **state)
{
	assert_int_equal(sandbox_write(*state, ".handoff/schemas/test-kind.yaml",
		"type: object\nproperties:\n  id: {tpye: string}\n"), 0);
	assert_int_equal(sandbox_write(*state, "tests/a.md", good), 0);
	eschema_names(1, ".handoff/schemas/test-kind.yaml", 3, 0, "tpye");
}

static void test_validate__broken_config_names_line(void **state)
{
	assert_int_equal(sandbox_write(*state, ".handoff/config.yaml",
		"records: [tests/]\npeople:\n  sam@vendor.example: {roles: [boss]}\n"), 0);
	eschema_names(0, ".handoff/config.yaml", 3, 32, NULL);
}

static void test_validate__template_is_a_record(void **state)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	handoff_repo *repo = NULL;
	handoff_new_options no = HANDOFF_NEW_OPTIONS_INIT;
	char *path = NULL;

	(void)state;
	assert_int_equal(handoff_repo_open(&repo, NULL, 0), 0);
	assert_int_equal(handoff_record_template(&out, repo, "test-kind",
		"T-9", &no), 0);
	assert_non_null(strstr(out.ptr, "id: \"T-9\"\n"));
	assert_non_null(strstr(out.ptr, "## Overview\n"));
	assert_non_null(strstr(out.ptr, "- [ ] Summary done\n"));
	assert_int_equal(handoff_record_default_path(&path, repo, "test-kind", "T-9"), 0);
	assert_string_equal(path, "tests/T-9.md");
	no.lang = "ja";
	handoff_buf_dispose(&out);
	assert_int_equal(handoff_record_template(&out, repo, "test-kind", "T-9", &no), 0);
	assert_non_null(strstr(out.ptr, "## 概要\n"));
	assert_int_equal(handoff_record_template(&out, repo, "test-kind", "../x", &no),
		HANDOFF_EINVALID);
	free(path);
	handoff_buf_dispose(&out);
	handoff_repo_free(repo);
}

/*
 * A record of the test kind with `errors` placeholder values in its front
 * matter (an error each), `warnings` lines of "TBD" in its Risks section
 * (a warning each), and "Summary done" ticked or not (an error at the
 * very end).
 */
static void write_flood(void *sb, size_t errors, size_t warnings, int ticked)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i;

	handoff__buf_puts(&b, "---\nkind: test-kind\nid: T-1\n"
		"owner: sam@vendor.example\ndue: 2026-12-01\n");
	for (i = 0; i < errors; i++)
		handoff__buf_printf(&b, "x%04zu: TBD\n", i);
	handoff__buf_puts(&b, "---\n## Overview\nOne two three four five six.\n"
		"## Risks\nBudget risk.\n");
	for (i = 0; i < warnings; i++)
		handoff__buf_puts(&b, "TBD\n");
	handoff__buf_printf(&b, "## Checklist\n- [%c] Summary done\n"
		"- [ ] Intro sent\n", ticked ? 'x' : ' ');
	assert_int_equal(sandbox_write(sb, "tests/a.md", b.ptr), 0);
	handoff_buf_dispose(&b);
}

static void test_validate__diagnostics_capped_at_200(void **state)
{
	const handoff_file_result *f;
	handoff_report *r;
	size_t i;

	write_flood(*state, 0, 1000, 1);
	r = run("tests/a.md");
	f = handoff_report_file(r, 0);
	assert_int_equal(f->count, 200);
	assert_int_equal(f->omitted, 800);
	assert_int_equal(f->omitted_errors, 0);
	assert_true(handoff_report_ok(r));
	/* the first 200 of the file, in order: lines 11 to 210 */
	for (i = 0; i < f->count; i++) {
		assert_string_equal(f->diagnostics[i].code, "placeholder");
		assert_int_equal(f->diagnostics[i].line, 11 + i);
		assert_int_equal(f->diagnostics[i].column, 1);
	}
	handoff_report_free(r);
}

static void test_validate__errors_kept_before_warnings(void **state)
{
	const handoff_file_result *f;
	handoff_report *r;

	/* the one error comes after 1000 warnings in the file */
	write_flood(*state, 0, 1000, 0);
	r = run("tests/a.md");
	f = handoff_report_file(r, 0);
	assert_int_equal(f->count, 200);
	assert_int_equal(errors(f), 1);
	assert_int_equal(f->diagnostics[199].severity, HANDOFF_SEVERITY_ERROR);
	assert_string_equal(f->diagnostics[199].pointer, "/checklist/Summary done");
	assert_int_equal(f->diagnostics[198].line, 11 + 198);
	assert_int_equal(f->omitted, 801);
	assert_int_equal(f->omitted_errors, 0);
	assert_false(handoff_report_ok(r));
	handoff_report_free(r);
}

/* Errors past the cap are not shown, but the verdict counts every one. */
static void test_validate__omitted_errors_still_counted(void **state)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	const handoff_file_result *f;
	handoff_report *r;
	const char *last;
	size_t i, lines = 0;

	write_flood(*state, 300, 1000, 1);
	r = run("tests/a.md");
	f = handoff_report_file(r, 0);
	assert_int_equal(f->count, 200);
	assert_int_equal(errors(f), 200);
	assert_int_equal(f->diagnostics[0].line, 6);	/* the first: x0000 */
	assert_int_equal(f->omitted, 1100);
	assert_int_equal(f->omitted_errors, 100);
	assert_int_equal(handoff_report_errors(r), 300);
	assert_false(handoff_report_ok(r));

	assert_int_equal(handoff_report_format(&out, r, HANDOFF_FORMAT_TEXT, 0), 0);
	for (i = 0; i < out.size; i++)
		lines += out.ptr[i] == '\n';
	assert_int_equal(lines, 201);
	last = out.ptr + out.size - 1;
	while (last > out.ptr && last[-1] != '\n')
		last--;
	assert_string_equal(last,
		"tests/a.md: note: and 1100 more diagnostics not shown (100 of them errors)\n");
	handoff_buf_dispose(&out);

	assert_int_equal(handoff_report_format(&out, r, HANDOFF_FORMAT_JSON, 0), 0);
	assert_non_null(strstr(out.ptr, "\"ok\":false,"));
	assert_non_null(strstr(out.ptr, "}],\"omitted\":1100,\"omitted_errors\":100}]}\n"));
	handoff_buf_dispose(&out);

	assert_int_equal(handoff_report_format(&out, r, HANDOFF_FORMAT_GITHUB, 0), 0);
	assert_non_null(strstr(out.ptr, "\n::notice file=tests/a.md,title=omitted::"
		"and 1100 more diagnostics not shown (100 of them errors)\n"));
	handoff_buf_dispose(&out);

	assert_int_equal(handoff_report_format(&out, r, HANDOFF_FORMAT_SARIF, 0), 0);
	assert_non_null(strstr(out.ptr, "\"invocations\":[{\"executionSuccessful\":true,"
		"\"toolExecutionNotifications\":[{\"level\":\"note\",\"message\":{\"text\":"
		"\"and 1100 more diagnostics not shown (100 of them errors)\"}"));
	handoff_buf_dispose(&out);
	handoff_report_free(r);
}

/*
 * The line and column of each placeholder in a section are counted on
 * from the last one: the bytes counted over stay a few times the
 * record's length (a pass per pattern of the kind), however many
 * placeholders it holds; from the start of the file for each of 4000
 * they would be some 4000 / 2 times it.
 */
static void test_validate__placeholder_positions_counted_once(void **state)
{
	handoff_report *r;
	size_t before, len = 0, i;

	for (i = 1000; i <= 4000; i *= 4) {
		write_flood(*state, 0, i, 1);
		len = 200 + 4 * i;	/* the record's length, and some */
		before = handoff__text_position_bytes();
		r = run("tests/a.md");
		assert_int_equal(handoff_report_file(r, 0)->omitted, i - 200);
		assert_true(handoff__text_position_bytes() - before < 5 * len);
		handoff_report_free(r);
	}
}

/*
 * Placeholders in a list, each also a schema verdict (a null is no
 * string) to be dropped: each verdict is looked up among the
 * placeholders, not compared with all 2000 of them.
 */
static void test_validate__placeholder_cover_is_looked_up(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	const handoff_file_result *f;
	handoff_report *r;
	size_t i, before;

	assert_int_equal(sandbox_write(*state, ".handoff/schemas/list-kind.yaml",
		"type: object\n"
		"properties:\n"
		"  v: {type: array, items: {type: string}}\n"
		"x-handoff:\n"
		"  placeholders: ['(?i)\\bTBD\\b']\n"
		"  folder: tests/\n"), 0);
	handoff__buf_puts(&b, "---\nkind: list-kind\nid: L-1\nv:\n");
	for (i = 0; i < 2000; i++)
		handoff__buf_puts(&b, "  - TBD\n");
	handoff__buf_puts(&b, "---\n");
	assert_int_equal(sandbox_write(*state, "tests/l.md", b.ptr), 0);
	handoff_buf_dispose(&b);
	before = handoff__validate_covered_probes();
	r = run("tests/l.md");
	f = handoff_report_file(r, 0);
	/* one error for each placeholder, none for the schema's nulls */
	assert_int_equal(handoff_report_errors(r), 2000);
	for (i = 0; i < f->count; i++)
		assert_string_equal(f->diagnostics[i].code, "placeholder");
	/* "", "/v", "/v/N": three lookups of 11 probes at most, each */
	assert_true(handoff__validate_covered_probes() - before <= 2000 * 3 * 11);
	assert_true(handoff__validate_covered_probes() - before >= 2000);
	handoff_report_free(r);
}

static int always(void *unused)
{
	(void)unused;
	return 1;
}

/* Where `name` is in src->kinds, or src->nkinds. */
static size_t kind_at(const struct source *src, const char *name)
{
	size_t i;

	for (i = 0; i < src->nkinds && strcmp(src->kinds[i].name, name); i++)
		;
	return i;
}

static void test_validate__kinds_ahead_of_the_diff(void **state)
{
	struct sandbox *sb = *state;
	handoff_environment env = HANDOFF_ENVIRONMENT_INIT, none = HANDOFF_ENVIRONMENT_INIT;
	char dir[PATH_MAX + 16];
	struct staged *st = NULL;
	struct source src;
	struct kind *kind = NULL;
	size_t i;

	snprintf(dir, sizeof(dir), "%s/schemas", sb->oldcwd);
	env.schema_dir = dir;
	env.threads = 2;
	handoff_set_environment(&env);
	sandbox_sh("git add -A && git -c core.hooksPath=/dev/null -c user.name=T "
		"-c user.email=t@vendor.example commit -q -m base");

	/* a record staged: the built-ins HEAD does not replace come ready */
	assert_int_equal(sandbox_write(sb, "tests/a.md", good), 0);
	sandbox_sh("git add tests/a.md");
	assert_int_equal(handoff__staged_open(&st), 0);
	assert_int_equal(handoff__source_open_staged(&src, st, always), 0);
	i = kind_at(&src, "deal-handoff");
	assert_true(i < src.nkinds);
	assert_non_null(src.kinds[i].kind);
	assert_false(src.kinds[i].from_repo);
	assert_int_equal(kind_at(&src, "test-kind"), src.nkinds);	/* HEAD has its own */
	handoff__source_release(&src);
	handoff__staged_free(st);

	/* a kind staged in .handoff/schemas: nothing made ahead is kept */
	assert_int_equal(sandbox_write(sb, ".handoff/schemas/deal-handoff.yaml", kind_text), 0);
	sandbox_sh("git add .handoff");
	assert_int_equal(handoff__staged_open(&st), 0);
	assert_int_equal(handoff__source_open_staged(&src, st, always), 0);
	assert_int_equal(src.nkinds, 0);
	assert_int_equal(handoff__source_kind(&kind, &src, "deal-handoff"), 0);
	assert_non_null(kind);
	assert_true(src.kinds[kind_at(&src, "deal-handoff")].from_repo);
	handoff__source_release(&src);
	handoff__staged_free(st);
	handoff_set_environment(&none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_validate__good_record_has_no_problems, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__placeholder_is_one_diagnostic, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__five_problems_five_diagnostics, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__sections_and_checklist, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__duplicate_ids_name_both, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__unparsable_file_in_records_folder_is_an_error, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__broken_schema_is_eschema, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__broken_config_names_line, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__template_is_a_record, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__kinds_ahead_of_the_diff, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__diagnostics_capped_at_200, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__errors_kept_before_warnings, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__omitted_errors_still_counted, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__placeholder_positions_counted_once, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__placeholder_cover_is_looked_up, setup, sandbox_teardown),
		cmocka_unit_test(test_validate__completeness_codes),
		cmocka_unit_test_setup_teardown(test_validate__draft_lacks_are_warnings, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__submitted_is_judged_whole, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_validate__draft_flood_counted_as_warnings, setup, sandbox_teardown),
	};
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}

/*
 * Unit tests for .handoff/config.yaml (lib/config.c): the defaults (the
 * three record folders, UTC, Monday to Friday, 24 h tolerance), a full
 * valid file with people, roles and teams, and the strict reading: every
 * wrong key or value is a "config" problem at its line and column, all of
 * them reported in one run. Then durations and record paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "diag_check.h"

static const char full[] =
	"records: [deals, \"accounts/\", support/tickets]\n"
	"timezone: Asia/Tokyo              # for date-only values\n"
	"business_days: [mon, tue, wed, thu, sat]\n"
	"backdate_tolerance: 3d\n"
	"people:\n"
	"  jane@vendor.example: {name: Jane Doe, roles: [sales], team: east}\n"
	"  sam@vendor.example:  {name: Sam Lee, roles: [cs, ops], team: east}\n"
	"  Kim@Vendor.Example:\n"
	"    name: Kim Park\n"
	"    roles: [cs_manager, auditor]\n"
	"sla:\n"
	"  customer_introduction: 72h\n"
	"kinds:\n";

static struct config *parse_ok(const char *text)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct config *cfg = NULL;
	int clean;

	clean = diags_clean(handoff__config_parse(&cfg, text, strlen(text), &diags), &diags);
	if (!clean)
		handoff__config_free(cfg);
	assert_true(clean);
	assert_non_null(cfg);
	return cfg;
}

/*
 * Parse text that must fail with HANDOFF_ESCHEMA and exactly the problems
 * in `want` (in order), each with code `code`.
 */
static void problems_are(const char *text, const char *code,
	const struct want *want, size_t nwant)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct config *cfg = (struct config *)&diags;
	int rc, ok;

	rc = handoff__config_parse(&cfg, text, strlen(text), &diags);
	ok = diags_are(rc, HANDOFF_ESCHEMA, cfg == NULL, &diags, code, want, nwant);
	if (cfg != (struct config *)&diags)
		handoff__config_free(cfg);
	handoff__diag_list_release(&diags);
	assert_true(ok);
}

static void one_problem(const char *text, unsigned int line, unsigned int col,
	const char *pointer, const char *part)
{
	struct want w;

	w.line = line;
	w.col = col;
	w.pointer = pointer;
	w.part = part;
	problems_are(text, "config", &w, 1);
}

static void test_config__defaults(void **state)
{
	struct config *cfg = NULL;

	(void)state;
	assert_int_equal(handoff__config_default(&cfg), 0);
	assert_non_null(cfg);
	assert_int_equal(cfg->nrecords, 3);
	assert_string_equal(cfg->records[0], "handoffs/");
	assert_string_equal(cfg->records[1], "transitions/");
	assert_string_equal(cfg->records[2], "support/");
	assert_string_equal(cfg->timezone, "UTC");
	assert_int_equal(cfg->business_days, 0x1f);	/* Mon-Fri */
	assert_float_equal(cfg->backdate_tolerance, 24 * 3600, 0);
	assert_int_equal(cfg->npeople, 0);
	assert_false(cfg->has_people);
	assert_null(handoff__config_person(cfg, "jane@vendor.example"));
	handoff__config_free(cfg);
	handoff__config_free(NULL);
}

static void test_config__empty_file_is_the_defaults(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("");
	assert_int_equal(cfg->nrecords, 3);
	assert_string_equal(cfg->records[1], "transitions/");
	assert_string_equal(cfg->timezone, "UTC");
	assert_int_equal(cfg->business_days, 0x1f);
	handoff__config_free(cfg);
	cfg = parse_ok("# all commented out\n# records: [x]\n");
	assert_int_equal(cfg->nrecords, 3);
	handoff__config_free(cfg);
}

static void test_config__full(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok(full);
	assert_int_equal(cfg->nrecords, 3);
	/* a trailing '/' is added where it is missing */
	assert_string_equal(cfg->records[0], "deals/");
	assert_string_equal(cfg->records[1], "accounts/");
	assert_string_equal(cfg->records[2], "support/tickets/");
	assert_string_equal(cfg->timezone, "Asia/Tokyo");
	/* bit 0 Monday ... bit 6 Sunday */
	assert_int_equal(cfg->business_days, 0x01 | 0x02 | 0x04 | 0x08 | 0x20);
	assert_float_equal(cfg->backdate_tolerance, 3 * 86400, 0);
	assert_true(cfg->has_people);
	assert_int_equal(cfg->npeople, 3);
	handoff__config_free(cfg);
}

static void test_config__people(void **state)
{
	struct config *cfg;
	const struct person *jane, *sam, *kim;

	(void)state;
	cfg = parse_ok(full);
	jane = handoff__config_person(cfg, "jane@vendor.example");
	assert_non_null(jane);
	assert_string_equal(jane->email, "jane@vendor.example");
	assert_string_equal(jane->name, "Jane Doe");
	assert_string_equal(jane->team, "east");
	assert_int_equal(jane->nroles, 1);
	assert_true(handoff__person_has_role(jane, "sales"));
	assert_false(handoff__person_has_role(jane, "cs"));
	assert_false(handoff__person_has_role(jane, "sales_manager"));

	sam = handoff__config_person(cfg, "sam@vendor.example");
	assert_non_null(sam);
	assert_true(handoff__person_has_role(sam, "cs"));
	assert_true(handoff__person_has_role(sam, "ops"));
	assert_false(handoff__person_has_role(sam, "cs_manager"));

	/* emails match regardless of case, either way round */
	kim = handoff__config_person(cfg, "kim@vendor.example");
	assert_non_null(kim);
	assert_string_equal(kim->name, "Kim Park");
	assert_null(kim->team);
	assert_true(handoff__person_has_role(kim, "cs_manager"));
	assert_true(handoff__person_has_role(kim, "auditor"));
	assert_ptr_equal(handoff__config_person(cfg, "JANE@Vendor.EXAMPLE"), jane);

	assert_null(handoff__config_person(cfg, "jane@vendor.exampl"));
	assert_null(handoff__config_person(cfg, "nobody@vendor.example"));
	assert_null(handoff__config_person(cfg, ""));
	assert_false(handoff__person_has_role(NULL, "cs"));
	handoff__config_free(cfg);
}

static void test_config__people_empty(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("people:\n");
	assert_true(cfg->has_people);
	assert_int_equal(cfg->npeople, 0);
	handoff__config_free(cfg);
}

static void test_config__unknown_top_level_key(void **state)
{
	(void)state;
	one_problem("records: [a/]\nbogus: 1\n", 2, 1, "", "unknown key 'bogus'");
	/* keys are case-sensitive */
	one_problem("Records: [a/]\n", 1, 1, "", "'Records'");
}

static void test_config__unknown_role(void **state)
{
	(void)state;
	one_problem("people:\n  a@b.example: {roles: [sales, wizard]}\n", 2, 32,
		"/people", "unknown role 'wizard'");
	one_problem("people:\n  a@b.example:\n    roles:\n      - cs\n      - CS\n",
		5, 9, "/people", "'CS'");
	one_problem("people:\n  a@b.example: {roles: cs}\n", 2, 24, "/people",
		"must be a list");
}

/* Roles are the config's: the default set, or its own `roles:` list. */
static void test_config__roles_declared(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("people:\n  a@b.example: {roles: [support_lead]}\n"
		"  c@d.example: {roles: [account_manager, auditor]}\n");
	assert_true(handoff__config_role_declared(cfg, "support_lead"));
	assert_true(handoff__config_role_declared(cfg, "ops"));
	assert_false(handoff__config_role_declared(cfg, "legal"));
	assert_true(handoff__person_has_role(handoff__config_person(cfg, "a@b.example"), "support_lead"));
	handoff__config_free(cfg);
	/* declared after people: read first all the same */
	cfg = parse_ok("people:\n  a@b.example: {roles: [legal]}\n"
		"roles: [sales, cs, ops, legal, legal]\n");
	assert_int_equal(cfg->nroles, 4);
	assert_true(handoff__config_role_declared(cfg, "legal"));
	assert_false(handoff__config_role_declared(cfg, "cs_manager"));
	handoff__config_free(cfg);
	one_problem("roles: [sales, cs]\npeople:\n  a@b.example: {roles: [cs_manager]}\n",
		3, 25, "/people", "unknown role 'cs_manager'; declare it in roles:");
	one_problem("roles: [sales, Legal]\n", 1, 16, "/roles", "'Legal' is not a role name");
	one_problem("roles: sales\n", 1, 8, "/roles", "must be a list");
	one_problem("roles: []\n", 1, 8, "/roles", "must be a list");
	one_problem("roles: [sales, [x]]\n", 1, 16, "/roles", "not a role name");
}

static void test_config__person_problems(void **state)
{
	(void)state;
	one_problem("people:\n  jane: {roles: [cs]}\n", 2, 3, "/people",
		"'jane' is not an email address");
	one_problem("people:\n  a@b.example: {roles: [cs], age: 3}\n", 2, 30,
		"/people", "unknown key 'age'");
	one_problem("people:\n  a@b.example: {name: [A, B]}\n", 2, 23, "/people",
		"'name' must be a string");
	one_problem("people:\n  a@b.example: cs\n", 2, 16, "/people",
		"a person is a mapping");
	one_problem("people: [a@b.example]\n", 1, 9, "/people", "map emails");
}

static void test_config__records_problems(void **state)
{
	(void)state;
	one_problem("records: handoffs/\n", 1, 10, "/records", "must be a list");
	one_problem("records: []\n", 1, 10, "/records", "must be a list");
	one_problem("records: [ok/, /etc/]\n", 1, 16, "/records", "relative path");
	one_problem("records: [ok/, ../up/]\n", 1, 16, "/records", "relative path");
	one_problem("records: [ok/, \"\"]\n", 1, 16, "/records", "relative path");
	one_problem("records: [ok/, 12]\n", 1, 16, "/records", "relative path");
}

static void test_config__bad_duration(void **state)
{
	(void)state;
	one_problem("backdate_tolerance: 24 hours\n", 1, 21, "/backdate_tolerance",
		"must be a duration");
	/* a bare number says nothing of its unit */
	one_problem("backdate_tolerance: 24\n", 1, 21, "/backdate_tolerance", NULL);
	one_problem("backdate_tolerance: -1h\n", 1, 21, "/backdate_tolerance", NULL);
}

static void test_config__bad_day(void **state)
{
	(void)state;
	one_problem("business_days: [mon, funday]\n", 1, 22, "/business_days",
		"unknown day");
	one_problem("business_days: [Mon]\n", 1, 17, "/business_days", NULL);
	one_problem("business_days: mon\n", 1, 16, "/business_days", "must be a list");
	one_problem("business_days: []\n", 1, 16, "/business_days", NULL);
}

static void test_config__other_problems(void **state)
{
	(void)state;
	one_problem("timezone: 9\n", 1, 11, "/timezone", "zone name");
	one_problem("timezone: ''\n", 1, 11, "/timezone", NULL);
	one_problem("sla: 24h\n", 1, 6, "/sla", "'sla' maps rule names to durations, e.g. customer_introduction: 72h");
	one_problem("sla: {customer_introduction: soon}\n", 1, 30, "/sla", "SLA 'customer_introduction' must be a duration such as 24h, 3d, 5bd or 2w");
	one_problem("timezone: Mars/Base\n", 1, 11, "/timezone", "unknown time zone 'Mars/Base' (a zoneinfo name such as Asia/Tokyo)");
	one_problem("kinds: [a]\n", 1, 8, "", "'kinds' must be a mapping");
	one_problem("- records\n", 1, 1, "", "must be a mapping");
}

static void test_config__record_url(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("record_url: https://git.example/h/blob/{commit}/{path}?i={id}&b={branch}\n");
	assert_string_equal(cfg->record_url, "https://git.example/h/blob/{commit}/{path}?i={id}&b={branch}");
	handoff__config_free(cfg);
	cfg = parse_ok("records: [handoffs]\n");
	assert_null(cfg->record_url);
	handoff__config_free(cfg);
}

/* protected: the named branches; none named, the one HEAD names; empty, none. */
static void test_config__protected(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("protected: [main, release/2026]\n");
	assert_int_equal(cfg->nprotected, 2);
	assert_true(handoff__config_is_protected(cfg, "refs/heads/main", NULL));
	assert_true(handoff__config_is_protected(cfg, "refs/heads/release/2026", "refs/heads/x"));
	assert_false(handoff__config_is_protected(cfg, "refs/heads/x", "refs/heads/x"));
	assert_false(handoff__config_is_protected(cfg, "refs/tags/main", NULL));
	handoff__config_free(cfg);
	cfg = parse_ok("records: [handoffs]\n");
	assert_true(handoff__config_is_protected(cfg, "refs/heads/trunk", "refs/heads/trunk"));
	assert_false(handoff__config_is_protected(cfg, "refs/heads/main", "refs/heads/trunk"));
	assert_false(handoff__config_is_protected(cfg, "refs/heads/main", NULL));
	handoff__config_free(cfg);
	cfg = parse_ok("protected:\n");
	assert_false(handoff__config_is_protected(cfg, "refs/heads/main", "refs/heads/main"));
	handoff__config_free(cfg);
	one_problem("protected: main\n", 1, 12, "/protected", "list of branch names");
	one_problem("protected: [main, \"a b\"]\n", 1, 19, "/protected", "'a b' is not a branch name");
	one_problem("protected: [../x]\n", 1, 13, "/protected", "not a branch name");
}

/* Each problem points at the brace: the scalar's column, one more when quoted. */
static void test_config__record_url_problems(void **state)
{
	(void)state;
	one_problem("record_url: https://x/{sha}\n", 1, 23, "/record_url", "unknown placeholder '{sha}'");
	one_problem("record_url: 'https://x/{commit}/{Path}'\n", 1, 33, "/record_url", "unknown placeholder '{Path}'");
	one_problem("record_url: https://x/{path\n", 1, 23, "/record_url", "'{' without its pair");
	one_problem("record_url: https://x/{a{path}\n", 1, 23, "/record_url", "'{' without its pair");
	one_problem("record_url: https://x/path}\n", 1, 27, "/record_url", "'}' without its pair");
	one_problem("record_url: https://x/{}\n", 1, 23, "/record_url", "unknown placeholder '{}'");
	one_problem("record_url: [a]\n", 1, 13, "/record_url", "on one line");
	one_problem("record_url: \"a\\nb\"\n", 1, 13, "/record_url", "on one line");
	one_problem("record_url: ''\n", 1, 13, "/record_url", NULL);
}

/* default_branch: a branch name, or a problem at its line:col. */
static void test_config__default_branch(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("default_branch: main\n");
	assert_string_equal(cfg->default_branch, "main");
	handoff__config_free(cfg);
	cfg = parse_ok("records: [a/]\n");
	assert_null(cfg->default_branch);
	handoff__config_free(cfg);
	one_problem("default_branch: [main]\n", 1, 17, "/default_branch", "must be a branch name");
	one_problem("default_branch: a..b\n", 1, 17, "/default_branch", "must be a branch name");
}

/* notify: an argument vector, NULL-terminated, and a sender; anything else at its line:col. */
static void test_config__notify(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("notify:\n  command: [curl, -sS, --data-binary, \"@-\", 8080]\n"
		"  from: Desk <d@x.example>\n");
	assert_string_equal(cfg->notify_command[0], "curl");
	assert_string_equal(cfg->notify_command[3], "@-");
	assert_string_equal(cfg->notify_command[4], "8080");
	assert_null(cfg->notify_command[5]);
	assert_string_equal(cfg->notify_from, "Desk <d@x.example>");
	handoff__config_free(cfg);
	cfg = parse_ok("notify:\n");
	assert_null(cfg->notify_command);
	handoff__config_free(cfg);
	one_problem("notify: curl\n", 1, 9, "/notify", "must be a mapping");
	one_problem("notify: {comand: [x]}\n", 1, 10, "/notify", "unknown key 'comand'");
	one_problem("notify: {command: curl -d @- x}\n", 1, 19, "/notify/command", "must be a list");
	one_problem("notify: {command: []}\n", 1, 19, "/notify/command", "must be a list");
	one_problem("notify: {command: [curl, [a]]}\n", 1, 26, "/notify/command", "must be a string");
	one_problem("notify: {command: ['']}\n", 1, 20, "/notify/command", "program of 'command' is empty");
	one_problem("notify: {from: \"a\\nb\"}\n", 1, 16, "/notify/from", "on one line");
}

static void test_config__several_problems_in_one_run(void **state)
{
	static const struct want w[] = {
		{ 1, 10, "/records", "must be a list" },
		{ 2, 1, "", "unknown key 'colour'" },
		{ 3, 22, "/business_days", "unknown day" },
		{ 4, 21, "/backdate_tolerance", "duration" },
		{ 6, 3, "/people", "not an email address" },
		{ 6, 24, "/people", "unknown role 'boss'" },
	};

	(void)state;
	problems_are("records: handoffs/\n"
		"colour: blue\n"
		"business_days: [mon, xyz]\n"
		"backdate_tolerance: soon\n"
		"people:\n"
		"  nobody: {roles: [cs, boss]}\n",
		"config", w, ARRAY_SIZE(w));
}

static void test_config__yaml_problems(void **state)
{
	static const struct want dup[] = { { 2, 1, "", "duplicate key 'records'" } };
	static const struct want tab[] = { { 2, 1, "", NULL } };
	static const struct want alias[] = { { 2, 8, "", NULL } };

	(void)state;
	problems_are("records: [a/]\nrecords: [b/]\n", "duplicate-key", dup, 1);
	problems_are("people:\n\tjane@x.example: {}\n", "yaml", tab, 1);
	problems_are("sla: &s {a: 1h}\nkinds: *s\n", "alias", alias, 1);
}

static void test_config__parse_duration(void **state)
{
	double v = -1;
	int business = -1;

	(void)state;
	assert_int_equal(handoff__parse_duration(&v, "24h", &business), 0);
	assert_float_equal(v, 86400, 0);
	assert_int_equal(business, 0);
	assert_int_equal(handoff__parse_duration(&v, "3d", &business), 0);
	assert_float_equal(v, 3 * 86400, 0);
	assert_int_equal(business, 0);
	assert_int_equal(handoff__parse_duration(&v, "5bd", &business), 0);
	assert_float_equal(v, 5 * 86400, 0);
	assert_int_equal(business, 1);
	assert_int_equal(handoff__parse_duration(&v, "2w", &business), 0);
	assert_float_equal(v, 14 * 86400, 0);
	assert_int_equal(business, 0);
	assert_int_equal(handoff__parse_duration(&v, "90m", &business), 0);
	assert_float_equal(v, 5400, 0);
	assert_int_equal(handoff__parse_duration(&v, "0h", &business), 0);
	assert_float_equal(v, 0, 0);
}

static void test_config__parse_duration_rejects(void **state)
{
	static const char *const bad[] = { "", "h", "24", "24x", "24 h", " 24h",
		"-1h", "+1h", "24hh", "24H", "bd", "1b", "1d2h", ".5h", "24h ", NULL };
	size_t i;
	double v = 42;
	int business = 0;

	(void)state;
	for (i = 0; bad[i]; i++) {
		if (handoff__parse_duration(&v, bad[i], &business) != HANDOFF_EINVALID)
			fail_msg("'%s' was taken as a duration", bad[i]);
	}
	/* *out is not touched on failure */
	assert_float_equal(v, 42, 0);
}

/*
 * Durations are digits and a unit (DESIGN section 5). strtod also reads
 * exponents, hex and "infinity" spellings: "1e999h" would be an infinite
 * backdate tolerance.
 */
static void test_config__parse_duration_only_digits(void **state)
{
	static const char *const bad[] = { "1e3h", "1e999h", "0x10h", "0x1p4d",
		NULL };
	size_t i, taken = 0;
	double v;
	int business;

	(void)state;
	for (i = 0; bad[i]; i++) {
		v = 42;
		if (handoff__parse_duration(&v, bad[i], &business) != HANDOFF_EINVALID) {
			print_error("'%s' was taken as a duration of %g s\n", bad[i], v);
			taken++;
		}
	}
	assert_int_equal(taken, 0);
}

/*
 * A config saved with a UTF-8 byte order mark (Notepad does that) is
 * still the same config.
 */
static void test_config__bom(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("\xef\xbb\xbfrecords: [deals/]\ntimezone: Asia/Jakarta\n");
	assert_int_equal(cfg->nrecords, 1);
	assert_string_equal(cfg->records[0], "deals/");
	assert_string_equal(cfg->timezone, "Asia/Jakarta");
	handoff__config_free(cfg);
}

static void test_config__is_record_path(void **state)
{
	struct config *cfg = NULL;

	(void)state;
	assert_int_equal(handoff__config_default(&cfg), 0);
	assert_true(handoff__config_is_record_path(cfg, "handoffs/D-1.md"));
	assert_true(handoff__config_is_record_path(cfg, "transitions/T-9.yaml"));
	assert_true(handoff__config_is_record_path(cfg, "support/deep/S-1.md"));
	assert_false(handoff__config_is_record_path(cfg, "handoffsx/D-1.md"));
	assert_false(handoff__config_is_record_path(cfg, "handoffs"));
	assert_false(handoff__config_is_record_path(cfg, "docs/handoffs/D-1.md"));
	assert_false(handoff__config_is_record_path(cfg, "README.md"));
	assert_false(handoff__config_is_record_path(cfg, ""));
	handoff__config_free(cfg);

	cfg = parse_ok(full);
	assert_true(handoff__config_is_record_path(cfg, "deals/D-1.md"));
	assert_true(handoff__config_is_record_path(cfg, "support/tickets/S-1.md"));
	assert_false(handoff__config_is_record_path(cfg, "support/S-1.md"));
	assert_false(handoff__config_is_record_path(cfg, "handoffs/D-1.md"));
	handoff__config_free(cfg);
}

/* One person under two spellings of one email: both lines are named. */
static void test_config__people_same_email_refused(void **state)
{
	static const struct want two[] = {
		{ 3, 3, "/people", "'Jane@vendor.example' is also listed as 'jane@vendor.example' at line 5, column 3" },
		{ 5, 3, "/people", "'jane@vendor.example' is also listed as 'Jane@vendor.example' at line 3, column 3" },
	};
	struct config *cfg;

	(void)state;
	problems_are("records: [handoffs/]\n"
		"people:\n"
		"  Jane@vendor.example: {name: Jane Doe, roles: [sales]}\n"
		"  sam@vendor.example: {roles: [cs]}\n"
		"  jane@vendor.example: {name: Jane Doe, roles: [cs]}\n",
		"config", two, 2);
	/* different emails, and one looked up in any case */
	cfg = parse_ok("people:\n  jane@vendor.example: {roles: [sales]}\n"
		"  jane@vendor.example.org: {roles: [cs]}\n");
	assert_ptr_equal(handoff__config_person(cfg, "JANE@Vendor.Example"),
		&cfg->people[0]);
	assert_ptr_equal(handoff__config_person(cfg, "Jane@vendor.example.ORG"),
		&cfg->people[1]);
	handoff__config_free(cfg);
}

/* `emails:` are more addresses of one person; none may be another's. */
static void test_config__people_emails(void **state)
{
	static const struct want clash[] = {
		{ 3, 3, "/people", "'jane@vendor.example' is also listed as 'JANE@vendor.example' at line 4, column 33" },
		{ 4, 33, "/people", "'JANE@vendor.example' is also listed as 'jane@vendor.example' at line 3, column 3" },
	};
	struct config *cfg;

	(void)state;
	cfg = parse_ok("people:\n"
		"  jane@vendor.example: {roles: [sales], emails: [jd@home.example, j@old.example]}\n"
		"  sam@vendor.example: {roles: [cs]}\n");
	assert_ptr_equal(handoff__config_person(cfg, "JD@home.example"), &cfg->people[0]);
	assert_ptr_equal(handoff__config_person(cfg, "j@old.example"), &cfg->people[0]);
	assert_ptr_equal(handoff__config_person(cfg, "sam@vendor.example"),
		&cfg->people[1]);
	assert_null(handoff__config_person(cfg, "home.example"));
	handoff__config_free(cfg);
	problems_are("records: [handoffs/]\n"
		"people:\n"
		"  jane@vendor.example: {roles: [sales]}\n"
		"  sam@vendor.example: {emails: [JANE@vendor.example]}\n",
		"config", clash, 2);
}

/* teams: {<team>: {manager: <email>}} */
static void test_config__teams(void **state)
{
	static const struct want bad[] = {
		{ 3, 9, "/teams", "team 'west' is a mapping with its manager" },
		{ 4, 19, "/teams", "a team's manager is an email address" },
		{ 5, 11, "/teams", "unknown key 'lead' for a team" },
	};
	struct config *cfg;

	(void)state;
	cfg = parse_ok("teams:\n  east: {manager: lee@vendor.example}\n  cs-east: {}\n");
	assert_string_equal(handoff__config_team_manager(cfg, "east"),
		"lee@vendor.example");
	assert_null(handoff__config_team_manager(cfg, "cs-east"));
	assert_null(handoff__config_team_manager(cfg, "west"));
	assert_null(handoff__config_team_manager(cfg, NULL));
	handoff__config_free(cfg);
	problems_are("records: [handoffs/]\n"
		"teams:\n"
		"  west: lee@vendor.example\n"
		"  east: {manager: nobody}\n"
		"  north: {lead: a@b.example}\n",
		"config", bad, 3);
}

/* `handoffs`, `handoffs/` and `./handoffs//` name one folder, listed once. */
static void test_config__records_folder_names(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("records: [handoffs, handoffs/, ./handoffs//, handoffs/./emea, a/b]\n");
	assert_int_equal(cfg->nrecords, 3);
	assert_string_equal(cfg->records[0], "handoffs/");
	assert_string_equal(cfg->records[1], "handoffs/emea/");
	assert_string_equal(cfg->records[2], "a/b/");
	handoff__config_free(cfg);
	one_problem("records: [ok/, ./]\n", 1, 16, "/records", "whole repository");
}

/* Below a records folder a dot-file or dot-folder is never a record. */
static void test_config__dot_names_are_no_records(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_ok("records: [handoffs/, handoffs/.kept/, .records/]\n");
	assert_false(handoff__config_is_record_path(cfg, "handoffs/.D-1.md"));
	assert_false(handoff__config_is_record_path(cfg, "handoffs/.hidden/D-1.md"));
	assert_false(handoff__config_is_record_path(cfg, "handoffs/emea/.D-1.md.tmp-Ab12Cd"));
	assert_false(handoff__config_is_record_path(cfg, "handoffs/"));
	assert_true(handoff__config_is_record_path(cfg, "handoffs/D.1.md"));
	assert_true(handoff__config_is_record_path(cfg, "handoffs/emea/D-1.md"));
	/* a dot-folder named in the config is read: it was asked for */
	assert_true(handoff__config_is_record_path(cfg, "handoffs/.kept/D-1.md"));
	assert_true(handoff__config_is_record_path(cfg, ".records/D-1.md"));
	assert_false(handoff__config_is_record_path(cfg, ".records/.D-1.md"));
	handoff__config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config__defaults),
		cmocka_unit_test(test_config__empty_file_is_the_defaults),
		cmocka_unit_test(test_config__full),
		cmocka_unit_test(test_config__people),
		cmocka_unit_test(test_config__people_empty),
		cmocka_unit_test(test_config__unknown_top_level_key),
		cmocka_unit_test(test_config__unknown_role),
		cmocka_unit_test(test_config__person_problems),
		cmocka_unit_test(test_config__records_problems),
		cmocka_unit_test(test_config__bad_duration),
		cmocka_unit_test(test_config__bad_day),
		cmocka_unit_test(test_config__other_problems),
		cmocka_unit_test(test_config__record_url),
		cmocka_unit_test(test_config__protected),
		cmocka_unit_test(test_config__record_url_problems),
		cmocka_unit_test(test_config__notify),
		cmocka_unit_test(test_config__several_problems_in_one_run),
		cmocka_unit_test(test_config__yaml_problems),
		cmocka_unit_test(test_config__parse_duration),
		cmocka_unit_test(test_config__parse_duration_rejects),
		cmocka_unit_test(test_config__parse_duration_only_digits),
		cmocka_unit_test(test_config__bom),
		cmocka_unit_test(test_config__roles_declared),
		cmocka_unit_test(test_config__is_record_path),
		cmocka_unit_test(test_config__people_same_email_refused),
		cmocka_unit_test(test_config__default_branch),
		cmocka_unit_test(test_config__people_emails),
		cmocka_unit_test(test_config__teams),
		cmocka_unit_test(test_config__records_folder_names),
		cmocka_unit_test(test_config__dot_names_are_no_records),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}

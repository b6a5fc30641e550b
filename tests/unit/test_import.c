/*
 * Unit tests for lib/import.c: how a mapping reads a row's values
 * (dates by format and offset, amounts, people by name or email, ids
 * made safe) and what each row becomes, through handoff_import() on a
 * sandbox repository with a mapping of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "handoff.h"
#include "sandbox.h"

static const char config_text[] =
	"records: [handoffs/]\n"
	"people:\n"
	"  jane@vendor.example: {name: Jane Doe, roles: [sales]}\n";

static const char mapping_text[] =
	"kind: deal-handoff\n"
	"closed_won: {column: Stage, values: [Won]}\n"
	"id: {column: Id, prefix: X-}\n"
	"fields:\n"
	"  /account/name: Name\n"
	"  /contract/acv: {column: Amount, type: number}\n"
	"  /contract/signed: {column: Signed, type: date-time, "
	"format: [\"%m/%d/%Y\", \"%Y-%m-%d %H:%M\"], offset: \"+09:00\"}\n"
	"  /owners/ae: {column: Owner, type: person}\n";

struct rows {
	char text[8][4096];
	char msg[8][512];
	int outcome[8];
	size_t n;
};

static int collect(const handoff_import_row *row, void *payload)
{
	struct rows *r = payload;

	if (r->n == 8)
		return 1;
	r->outcome[r->n] = row->outcome;
	snprintf(r->text[r->n], sizeof(r->text[0]), "%.*s", (int)row->len,
		row->text ? row->text : "");
	snprintf(r->msg[r->n], sizeof(r->msg[0]), "%s",
		row->message ? row->message : "");
	r->n++;
	return 0;
}

static int setup(void **state)
{
	const char *const files[] = {
		".handoff/config.yaml", config_text,
		".handoff/mappings/t.yaml", mapping_text, NULL
	};

	if (sandbox_init_with((struct sandbox **)state, files) < 0)
		return -1;
	/* the built-in kinds and mappings of the source tree the tests run from */
	handoff_set_data_dir(((struct sandbox *)*state)->oldcwd);
	return 0;
}

static int run(struct sandbox *sb, const char *csv, struct rows *out)
{
	handoff_import_options o = HANDOFF_IMPORT_OPTIONS_INIT;
	handoff_repo *repo = NULL;
	int err;

	o.today = "2026-11-02";
	memset(out, 0, sizeof(*out));
	assert_int_equal(sandbox_write(sb, "crm.csv", csv), 0);
	assert_int_equal(handoff_repo_open(&repo, NULL, 0), 0);
	err = handoff_import(repo, "crm.csv", "t", &o, collect, out);
	handoff_repo_free(repo);
	return err;
}

#define HEADER "Id,Stage,Name,Amount,Signed,Owner\n"

static void test_import__values_are_converted(void **state)
{
	struct rows r;

	assert_int_equal(run(*state, HEADER
		"\" 0065/ab c \",Won,Acme,\"$1,234.50\",2/29/2024,JANE@VENDOR.EXAMPLE\n"
		"B,won,\"Beta \"\"B\"\"\",USD 100,2026-11-02 14:05,Jane Doe\n", &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.outcome[0], HANDOFF_IMPORT_NEW);
	assert_non_null(strstr(r.text[0], "id: \"X-0065-ab-c\"\n"));
	assert_non_null(strstr(r.text[0], "  name: \"Acme\"\n"));
	assert_non_null(strstr(r.text[0], "  acv: 1234.50 "));
	assert_non_null(strstr(r.text[0], "  signed: \"2024-02-29T00:00:00+09:00\""));
	assert_non_null(strstr(r.text[0], "  ae: \"jane@vendor.example\"\n"));
	assert_non_null(strstr(r.text[0], "started \"2026-11-02\""));
	assert_non_null(strstr(r.text[1], "  name: \"Beta \\\"B\\\"\"\n"));
	assert_non_null(strstr(r.text[1], "  acv: 100 "));
	assert_non_null(strstr(r.text[1], "  signed: \"2026-11-02T14:05:00+09:00\""));
}

static void test_import__bad_values_refuse_the_row(void **state)
{
	struct rows r;

	assert_int_equal(run(*state, HEADER
		"A,Won,Acme,10,2/29/2026,Jane Doe\n"
		"B,Won,Beta,12k,1/2/2026,Jane Doe\n"
		"C,Won,Gamma,10,13/1/2026,Jane Doe\n"
		"D,Lost,Delta,x,y,z\n", &r), 0);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.outcome[0], HANDOFF_IMPORT_REFUSED);
	assert_string_equal(r.msg[0], "crm.csv:2:5: error: Signed: '2/29/2026' is "
		"not a date written MM/DD/YYYY or YYYY-MM-DD hh:mm");
	assert_int_equal(r.outcome[1], HANDOFF_IMPORT_REFUSED);
	assert_non_null(strstr(r.msg[1], "crm.csv:3:4: error: Amount: '12k'"));
	assert_int_equal(r.outcome[2], HANDOFF_IMPORT_REFUSED);
	assert_int_equal(r.outcome[3], HANDOFF_IMPORT_NOT_WON);
}

static void test_import__empty_and_unknown_stay_placeholders(void **state)
{
	struct rows r;

	assert_int_equal(run(*state, HEADER "A,Won,,,,Rob Stark\n", &r), 0);
	assert_int_equal(r.outcome[0], HANDOFF_IMPORT_NEW);
	assert_non_null(strstr(r.text[0], "  name: \"<fill in>\"\n"));
	assert_non_null(strstr(r.text[0], "  ae: \"<fill in>\"\n"));
	assert_non_null(strstr(r.text[0], "  acv: \"<fill in>\""));
}

static void test_import__unusable_files(void **state)
{
	struct rows r;

	assert_int_equal(run(*state, "Id,Stage,Name\nA,Won,Acme\n", &r), HANDOFF_EINVALID);
	assert_non_null(strstr(handoff_error_last()->message,
		"crm.csv:1:1: error: no columns 'Amount', 'Signed', 'Owner'"));
	assert_int_equal(r.n, 0);
	assert_int_equal(run(*state, "", &r), HANDOFF_EINVALID);
	assert_non_null(strstr(handoff_error_last()->message, "no header row"));
	/* nothing is reported when the file breaks further down */
	assert_int_equal(run(*state, HEADER "A,Won,Acme,1,1/1/2026,Jane Doe\n\"B,Won\n", &r),
		HANDOFF_EINVALID);
	assert_int_equal(r.n, 0);
	assert_non_null(strstr(handoff_error_last()->message, "crm.csv:3:1: error: a quote"));
}

static void test_import__mappings_by_name(void **state)
{
	handoff_repo *repo = NULL;
	struct rows r;

	(void)state;
	assert_int_equal(handoff_repo_open(&repo, NULL, 0), 0);
	assert_int_equal(handoff_import(repo, "crm.csv", "../t", NULL, collect, &r),
		HANDOFF_EINVALID);
	assert_int_equal(handoff_import(repo, "crm.csv", "none", NULL, collect, &r),
		HANDOFF_EINVALID);
	assert_non_null(strstr(handoff_error_last()->message, "no mapping 'none'"));
	handoff_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import__values_are_converted, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_import__bad_values_refuse_the_row, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_import__empty_and_unknown_stay_placeholders, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_import__unusable_files, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_import__mappings_by_name, setup, sandbox_teardown),
	};

	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}

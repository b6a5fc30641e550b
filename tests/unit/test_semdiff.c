/*
 * Unit tests for the semantic diff (lib/semdiff.c).
 *
 * Front matter as data: scalars, nested mappings, type changes; lists
 * matched by the kind's keys (reordered, one field changed, items added
 * and removed, a key that repeats falls back to positions), plain lists
 * as sets; formatting-only edits (key order, quoting, flow vs block,
 * comments, reflowed text) giving nothing; the body by section (changed,
 * added, removed, a translated heading being the same section, task lines
 * not counted as text) and by checklist item (ticked, unticked, a typed
 * date added); material paths; created and deleted records, also field by
 * field; hostile sizes that must stay n log n.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include "semdiff.h"

static const char kind_text[] =
	"type: object\n"
	"x-handoff:\n"
	"  sections:\n"
	"    - heading: Customer Overview\n"
	"      titles: {ja: \"顧客概要\"}\n"
	"    - heading: Risk Factors\n"
	"  checklist_heading: Handoff Checklist\n"
	"  checklist:\n"
	"    - item: CRM fully updated\n"
	"      titles: {ja: \"CRMを最新の案件情報に更新済み\"}\n"
	"    - item: Customer introduction sent\n"
	"  keys:\n"
	"    commitments: id\n"
	"    stakeholders: role\n"
	"  material:\n"
	"    - /commitments\n"
	"    - /contract\n";

#include "kind_fixture.h"

static struct record *parse(const char *text)
{
	struct record *rec = NULL;

	assert_int_equal(handoff__record_parse(&rec, "handoffs/D-1.md", text, strlen(text),
		NULL), 0);
	assert_non_null(rec);
	return rec;
}

/* The changes of `l` as "op pointer old new m" lines; `l` released. */
static char *lines(struct change_list *l)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	static const char *const ops[] = { "add", "remove", "change" };
	size_t i;

	assert_int_equal(handoff__buf_puts(&out, ""), 0);
	for (i = 0; i < l->n; i++)
		assert_int_equal(handoff__buf_printf(&out, "%s %s %s %s%s\n",
			ops[l->v[i].op], l->v[i].pointer,
			l->v[i].old_json ? l->v[i].old_json : "-",
			l->v[i].new_json ? l->v[i].new_json : "-",
			l->v[i].material ? " m" : ""), 0);
	handoff__change_list_release(l);
	return out.ptr;
}

/* The changes from a to b. */
static char *diff_flags(const char *a, const char *b, unsigned int flags)
{
	struct record *ra = a ? parse(a) : NULL, *rb = b ? parse(b) : NULL;
	struct change_list l = CHANGE_LIST_INIT;

	assert_int_equal(handoff__semdiff(&l, kind, ra, rb, flags), 0);
	handoff__record_free(ra);
	handoff__record_free(rb);
	return lines(&l);
}

static char *diff(const char *a, const char *b)
{
	return diff_flags(a, b, 0);
}

#define assert_diff(a, b, want) do { \
	char *got_ = diff((a), (b)); \
	assert_string_equal(got_, (want)); \
	free(got_); \
} while (0)

#define FRONT(s) "---\n" s "---\n"

static void scalars(void **state)
{
	(void)state;
	assert_diff(FRONT("id: D-1\nstage: signed\n"),
		FRONT("id: D-1\nstage: kickoff\n"),
		"change /stage \"signed\" \"kickoff\"\n");
	assert_diff(FRONT("id: D-1\n"), FRONT("id: D-1\nacv: 110000\n"),
		"add /acv - 110000\n");
	assert_diff(FRONT("id: D-1\nacv: 1\n"), FRONT("id: D-1\n"),
		"remove /acv 1 -\n");
	/* a type change is a change, 1 and 1.0 are the same number */
	assert_diff(FRONT("a: 1\n"), FRONT("a: '1'\n"), "change /a 1 \"1\"\n");
	assert_diff(FRONT("a: 1\n"), FRONT("a: 1.0\n"), "");
	assert_diff(FRONT("a: [x]\n"), FRONT("a: {x: 1}\n"),
		"change /a [\"x\"] {\"x\":1}\n");
}

static void nested(void **state)
{
	(void)state;
	assert_diff(FRONT("contract:\n  acv: 1\n  terms:\n    net: 30\n"),
		FRONT("contract:\n  acv: 1\n  terms:\n    net: 45\n    early: true\n"),
		"change /contract/terms/net 30 45 m\n"
		"add /contract/terms/early - true m\n");
	/* keys with / and ~ are escaped */
	assert_diff(FRONT("m:\n  a/b: 1\n  c~d: 1\n"), FRONT("m:\n  a/b: 2\n  c~d: 2\n"),
		"change /m/a~1b 1 2\n"
		"change /m/c~0d 1 2\n");
}

static const char commitments[] = FRONT(
	"commitments:\n"
	"  - id: C1\n    what: SSO\n    due: 2026-12-01\n"
	"  - id: C2\n    what: API\n    due: 2027-01-15\n"
	"  - id: C3\n    what: Training\n    due: 2027-02-01\n");

static void keyed_reordered(void **state)
{
	(void)state;
	/* reordered, one due date moved: exactly one change */
	assert_diff(commitments, FRONT(
		"commitments:\n"
		"  - id: C3\n    what: Training\n    due: 2027-02-01\n"
		"  - id: C2\n    due: 2027-03-01\n    what: API\n"
		"  - id: C1\n    what: SSO\n    due: 2026-12-01\n"),
		"change /commitments/C2/due \"2027-01-15\" \"2027-03-01\" m\n");
	/* reordered only: nothing */
	assert_diff(commitments, FRONT(
		"commitments:\n"
		"  - {id: C2, what: API, due: 2027-01-15}\n"
		"  - {id: C3, what: Training, due: 2027-02-01}\n"
		"  - {id: C1, what: SSO, due: 2026-12-01}\n"), "");
}

static void keyed_add_remove(void **state)
{
	(void)state;
	assert_diff(commitments, FRONT(
		"commitments:\n"
		"  - id: C1\n    what: SSO\n    due: 2026-12-01\n"
		"  - id: C3\n    what: Training\n    due: 2027-02-01\n"
		"  - id: C4\n    what: Audit log\n"),
		"add /commitments/C4 - {\"id\":\"C4\",\"what\":\"Audit log\"} m\n"
		"remove /commitments/C2 {\"id\":\"C2\",\"what\":\"API\","
		"\"due\":\"2027-01-15\"} - m\n");
	/* stakeholders keyed by role, which is not material */
	assert_diff(FRONT("stakeholders:\n  - {role: champion, name: Ana}\n"
		"  - {role: sponsor, name: Bo}\n"),
		FRONT("stakeholders:\n  - {role: sponsor, name: Bo}\n"
		"  - {role: champion, name: Ana Ito}\n"),
		"change /stakeholders/champion/name \"Ana\" \"Ana Ito\"\n");
}

static void keyed_fallback(void **state)
{
	(void)state;
	/* a key repeated (or missing) on one side: items by position */
	assert_diff(FRONT("commitments:\n  - {id: C1, due: 1}\n  - {id: C1, due: 2}\n"),
		FRONT("commitments:\n  - {id: C1, due: 1}\n  - {id: C1, due: 3}\n"),
		"change /commitments/1/due 2 3 m\n");
	assert_diff(FRONT("commitments:\n  - {what: a}\n"),
		FRONT("commitments:\n  - {what: b}\n"),
		"change /commitments/0/what \"a\" \"b\" m\n");
}

static void plain_lists(void **state)
{
	(void)state;
	/* a list of values without a key is a set */
	assert_diff(FRONT("features: [sso, api, audit]\n"),
		FRONT("features:\n  - audit\n  - sso\n  - api\n"), "");
	assert_diff(FRONT("features: [sso, api, audit]\n"),
		FRONT("features: [audit, sso, reports]\n"),
		"add /features/2 - \"reports\"\n"
		"remove /features/1 \"api\" -\n");
	/* the same value twice counts twice */
	assert_diff(FRONT("f: [a, a]\n"), FRONT("f: [a]\n"), "remove /f/1 \"a\" -\n");
	/* maps without keys: by position */
	assert_diff(FRONT("m:\n  - {a: 1}\n  - {a: 2}\n"), FRONT("m:\n  - {a: 1}\n"),
		"remove /m/1 {\"a\":2} -\n");
}

static void formatting_only(void **state)
{
	(void)state;
	assert_diff(
		FRONT("# the deal\nid: D-1\nname: \"Acme\"\ncontract: {acv: 110000, "
			"currency: EUR}\ntags: [a, b]\n")
		"\n## Customer Overview\n\nAcme makes   anvils.\nThey need SSO.\n",
		FRONT("contract:\n  currency: 'EUR'   # euros\n  acv: 110000\n"
			"id: D-1\ntags:\n- a\n- b\nname: Acme\n")
		"## Customer Overview\nAcme makes anvils. They need\n   SSO.\n\n\n",
		"");
	/* block scalars fold to the same string as a quoted one */
	assert_diff(FRONT("note: |-\n  one\n"), FRONT("note: \"one\"\n"), "");
}

/* a record's title and sections, then its checklist, as the cases vary them */
#define BODY_SECTIONS FRONT("id: D-1\n") \
	"# Acme\n\n" \
	"## Customer Overview\nAcme makes anvils.\n\n" \
	"## Risk Factors\nBudget.\n\n"
#define BODY_CHECKLIST "## Handoff Checklist\n" \
	"- [x] CRM fully updated\n" \
	"- [ ] Customer introduction sent\n"

static const char body[] = BODY_SECTIONS BODY_CHECKLIST;

static void sections(void **state)
{
	(void)state;
	assert_diff(body, FRONT("id: D-1\n")
		"# Acme\n\n"
		"## Customer Overview\nAcme makes anvils and rockets.\n\n"
		"## Next Steps\nKickoff.\n\n"
		BODY_CHECKLIST,
		"change /body/Customer Overview \"Acme makes anvils.\" "
		"\"Acme makes anvils and rockets.\"\n"
		"add /body/Next Steps - \"Kickoff.\"\n"
		"remove /body/Risk Factors \"Budget.\" -\n");
	/* the title before the first section is a part of its own */
	assert_diff(body, FRONT("id: D-1\n")
		"# Acme Corp\n\n"
		"## Customer Overview\nAcme makes anvils.\n\n"
		"## Risk Factors\nBudget.\n\n"
		BODY_CHECKLIST,
		"change /body/ \"# Acme\" \"# Acme Corp\"\n");
}

static void translated_heading(void **state)
{
	(void)state;
	/* a heading in another of the kind's languages is the same section */
	assert_diff(FRONT("id: D-1\n") "## Customer Overview\nAcme.\n",
		FRONT("id: D-1\n") "## 顧客概要\nAcme.\n", "");
	assert_diff(FRONT("id: D-1\n") "## Customer Overview\nAcme.\n",
		FRONT("id: D-1\n") "## 顧客概要\nアクメ\n",
		"change /body/Customer Overview \"Acme.\" \"アクメ\"\n");
}

static void checklist(void **state)
{
	(void)state;
	assert_diff(body, BODY_SECTIONS
		"## Handoff Checklist\n"
		"- [ ] CRMを最新の案件情報に更新済み\n"
		"- [x] Customer introduction sent (2026-11-03)\n"
		"- [ ] Kickoff scheduled\n",
		"change /checklist/CRM fully updated true false\n"
		"change /checklist/Customer introduction sent false true\n"
		"add /checklist/Kickoff scheduled - false\n");
}

/* An item's name is the kind's, also for a version already named by another kind. */
static void items_named_by_each_kind(void **state)
{
	static const char other_text[] =
		"type: object\n"
		"x-handoff:\n"
		"  checklist_heading: Handoff Checklist\n"
		"  checklist:\n"
		"    - item: Kickoff held\n"
		"    - item: CRM updated\n"
		"      titles: {ja: \"CRMを最新の案件情報に更新済み\"}\n";
	struct diag_list diags = DIAG_LIST_INIT;
	struct kind *other = NULL;
	struct record *a = parse(FRONT("id: D-1\n") "- [ ] CRMを最新の案件情報に更新済み\n");
	struct record *b = parse(FRONT("id: D-1\n") "- [x] CRMを最新の案件情報に更新済み\n");
	struct change_list l = CHANGE_LIST_INIT;
	char *got;
	int round;

	(void)state;
	assert_int_equal(handoff__kind_compile(&other, "other", "other.yaml", other_text,
		sizeof(other_text) - 1, &diags), 0);
	for (round = 0; round < 2; round++) {
		assert_int_equal(handoff__semdiff(&l, kind, a, b, 0), 0);
		got = lines(&l);
		assert_string_equal(got, "change /checklist/CRM fully updated false true\n");
		free(got);
		assert_int_equal(handoff__semdiff(&l, other, a, b, 0), 0);
		got = lines(&l);
		assert_string_equal(got, "change /checklist/CRM updated false true\n");
		free(got);
	}
	handoff__kind_free(other);
	handoff__diag_list_release(&diags);
	handoff__record_free(a);
	handoff__record_free(b);
}

static void created_deleted(void **state)
{
	char *got;

	(void)state;
	assert_diff(NULL, FRONT("id: D-1\n"), "add  - {\"id\":\"D-1\"} m\n");
	assert_diff(FRONT("id: D-1\n"), NULL, "remove  {\"id\":\"D-1\"} - m\n");
	got = diff_flags(NULL, FRONT("id: D-1\ncommitments:\n  - {id: C1, due: 1}\n")
		"## Risk Factors\nNone.\n- [x] CRM fully updated\n", SEMDIFF_LEAVES);
	assert_string_equal(got,
		"add /id - \"D-1\"\n"
		"add /commitments/C1/id - \"C1\" m\n"
		"add /commitments/C1/due - 1 m\n"
		"add /body/Risk Factors - \"None.\"\n"
		"add /checklist/CRM fully updated - true\n");
	free(got);
	/* no front matter at all */
	assert_diff(NULL, "# just text\n", "add  - null m\n");
}

/* semdiff_both's two lists are semdiff's with and without SEMDIFF_LEAVES. */
static void both_in_one_pass(void **state)
{
	static const char *const v[] = {
		NULL,
		FRONT("id: D-1\ncommitments:\n  - {id: C1, due: 1}\n")
			"## Risk Factors\nNone.\n- [x] CRM fully updated\n",
		FRONT("id: D-1\ncommitments:\n  - {id: C1, due: 2}\n  - {id: C2, due: 3}\n"
			"contract: {term: 12, renewal: {notice: 90}}\n")
			"## Risk Factors\nSome.\n- [ ] CRM fully updated\n",
		FRONT("id: D-1\ntags: [a, b]\n"),
		NULL,
	};
	size_t i;

	(void)state;
	for (i = 0; i + 1 < sizeof(v) / sizeof(*v); i++) {
		struct record *a = v[i] ? parse(v[i]) : NULL;
		struct record *b = v[i + 1] ? parse(v[i + 1]) : NULL;
		struct change_list leaves = CHANGE_LIST_INIT, whole = CHANGE_LIST_INIT;
		char *got_leaves, *got_whole, *want_leaves, *want_whole;

		assert_int_equal(handoff__semdiff_both(&leaves, &whole, kind, a, b), 0);
		handoff__record_free(a);
		handoff__record_free(b);
		got_leaves = lines(&leaves);
		got_whole = lines(&whole);
		want_leaves = diff_flags(v[i], v[i + 1], SEMDIFF_LEAVES);
		want_whole = diff_flags(v[i], v[i + 1], 0);
		assert_string_equal(got_leaves, want_leaves);
		assert_string_equal(got_whole, want_whole);
		free(got_leaves);
		free(got_whole);
		free(want_leaves);
		free(want_whole);
	}
}

static void material(void **state)
{
	(void)state;
	assert_true(handoff__semdiff_is_material(kind, "/commitments/C1/due"));
	assert_true(handoff__semdiff_is_material(kind, "/contract"));
	assert_true(handoff__semdiff_is_material(kind, ""));
	assert_false(handoff__semdiff_is_material(kind, "/contractor"));
	assert_false(handoff__semdiff_is_material(kind, "/body/Risk Factors"));
	assert_false(handoff__semdiff_is_material(NULL, "/contract"));
	assert_true(handoff__pointer_covers("", "/a"));
	assert_true(handoff__pointer_covers("/a", "/a/b"));
	assert_false(handoff__pointer_covers("/a", "/ab"));
}

/* The lines of `text` that end in " m": its material changes, in order. */
static char *material_lines(const char *text)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	const char *p, *nl;

	assert_int_equal(handoff__buf_puts(&out, ""), 0);
	for (p = text; (nl = strchr(p, '\n')); p = nl + 1)
		if (nl - p >= 2 && !strncmp(nl - 2, " m", 2))
			assert_int_equal(handoff__buf_put(&out, p, (size_t)(nl + 1 - p)), 0);
	return out.ptr;
}

/*
 * SEMDIFF_MATERIAL: the same material changes, in the same order, and of
 * the body nothing else (no section is material in this kind), whether
 * the headings stay (paired) or change (matched by name).
 */
static void material_only(void **state)
{
	static const char *const v[] = {
		body,
		FRONT("id: D-1\ncontract: {acv: 2}\n")
			"# Acme\n\n## Customer Overview\nAcme makes anvils.\n\n"
			"## Risk Factors\nBudget, and time.\n\n" BODY_CHECKLIST,
		FRONT("id: D-2\ncontract: {acv: 3}\ncommitments: [{id: C1, due: 2027-01-01}]\n")
			"# Acme Corp\n\n## Customer Overview\nAcme makes anvils and rockets.\n\n"
			"## Next Steps\nKickoff.\n\n" BODY_CHECKLIST,
		body,
	};
	size_t i;

	(void)state;
	for (i = 0; i + 1 < sizeof(v) / sizeof(*v); i++) {
		char *all = diff(v[i], v[i + 1]);
		char *some = diff_flags(v[i], v[i + 1], SEMDIFF_MATERIAL);
		char *want = material_lines(all), *got = material_lines(some);

		assert_non_null(strstr(all, "/body/"));
		assert_null(strstr(some, "/body/"));
		assert_string_equal(got, want);
		assert_true(strlen(want) > 0);
		free(all);
		free(some);
		free(want);
		free(got);
	}
}

/* A 10,000-key mapping and a 10,000-item keyed list, every value changed. */
static void large(void **state)
{
	handoff_buf a = HANDOFF_BUF_INIT, b = HANDOFF_BUF_INIT;
	struct record *ra, *rb;
	struct change_list l = CHANGE_LIST_INIT;
	int i;

	(void)state;
	assert_int_equal(handoff__buf_puts(&a, "---\nm:\n"), 0);
	assert_int_equal(handoff__buf_puts(&b, "---\nm:\n"), 0);
	for (i = 0; i < 10000; i++) {
		assert_int_equal(handoff__buf_printf(&a, "  k%d: 1\n", i), 0);
		assert_int_equal(handoff__buf_printf(&b, "  k%d: 2\n", 9999 - i), 0);
	}
	assert_int_equal(handoff__buf_puts(&a, "commitments:\n"), 0);
	assert_int_equal(handoff__buf_puts(&b, "commitments:\n"), 0);
	for (i = 0; i < 10000; i++) {
		assert_int_equal(handoff__buf_printf(&a, "  - {id: C%d, d: 1}\n", i), 0);
		assert_int_equal(handoff__buf_printf(&b, "  - {id: C%d, d: 1}\n",
			9999 - i), 0);
	}
	assert_int_equal(handoff__buf_puts(&a, "---\n"), 0);
	assert_int_equal(handoff__buf_puts(&b, "---\n"), 0);
	ra = parse(a.ptr);
	rb = parse(b.ptr);
	assert_int_equal(handoff__semdiff(&l, kind, ra, rb, 0), 0);
	assert_int_equal(l.n, 10000);
	assert_string_equal(l.v[0].pointer, "/m/k9999");
	handoff__change_list_release(&l);
	handoff__record_free(ra);
	handoff__record_free(rb);
	handoff_buf_dispose(&a);
	handoff_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scalars),
		cmocka_unit_test(nested),
		cmocka_unit_test(keyed_reordered),
		cmocka_unit_test(keyed_add_remove),
		cmocka_unit_test(keyed_fallback),
		cmocka_unit_test(plain_lists),
		cmocka_unit_test(formatting_only),
		cmocka_unit_test(sections),
		cmocka_unit_test(translated_heading),
		cmocka_unit_test(checklist),
		cmocka_unit_test(items_named_by_each_kind),
		cmocka_unit_test(created_deleted),
		cmocka_unit_test(both_in_one_pass),
		cmocka_unit_test(material),
		cmocka_unit_test(material_only),
		cmocka_unit_test(large),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

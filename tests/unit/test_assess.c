/*
 * Unit tests for assessments (lib/assess.c, lib/rules.c): one criterion
 * of each test type in a small kind of our own, a record committed by
 * real git with fixed dates, and the points and reasons read back: complete,
 * present, empty, items (require, each, min), contains, ticked, sla,
 * partial credit, alternatives chosen by `when`, bands; each criterion
 * earned, missed or pending as of a moment, and a record provisional or
 * final; and rules that do not compile, with their line and column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sandbox.h"
#include "assess.h"
#include "rules.h"

static const char kind_text[] =
	"type: object\n"
	"required: [kind, id, owner]\n"
	"properties:\n"
	"  kind: {const: sc-kind}\n"
	"  id: {type: string}\n"
	"  owner: {type: string, minLength: 1}\n"
	"x-handoff:\n"
	"  placeholders: ['^<fill in>$']\n"
	"  checklist:\n"
	"    - {item: Intro sent, must_tick: false}\n"
	"    - {item: Prep done, must_tick: false}\n"
	"    - {item: Plan shared, must_tick: false}\n"
	"    - {item: Demo given, must_tick: false}\n"
	"  sla:\n"
	"    - {name: intro, title: Intro in 48 h, event: {ticked: Intro sent},\n"
	"       after: appeared, within: 48h, owner: /owner}\n"
	"    - {name: prep, title: Prep in 1 day, event: {ticked: Prep done},\n"
	"       after: appeared, within: 1d}\n"
	"  score:\n"
	"    bands: [{name: great, min: 90}, {name: fine, min: 50}, {name: poor, min: 0}]\n"
	"    groups:\n"
	"      - group: g\n"
	"        criteria:\n"
	"          - {name: complete, title: Complete, points: 10, complete: true}\n"
	"          - {name: present, title: Present, points: 10, present: [/owner, /ae]}\n"
	"          - {name: empty, title: Empty, points: 5, empty: [/open]}\n"
	"          - name: require\n"
	"            title: Require\n"
	"            points: 10\n"
	"            partial: true\n"
	"            items: {list: /people, key: role, require: [sponsor, champion], fields: [name]}\n"
	"          - name: each\n"
	"            title: Each\n"
	"            points: 10\n"
	"            partial: true\n"
	"            items: {list: /tasks, each: true, fields: [text, due]}\n"
	"          - {name: min, title: Min, points: 5, items: {list: /risks, min: 2, fields: [text]}}\n"
	"          - name: contains\n"
	"            title: Contains\n"
	"            points: 10\n"
	"            partial: true\n"
	"            contains: {list: /attendees, values: [/ae, /csm]}\n"
	"          - {name: ticked, title: Ticked, points: 8, partial: true,\n"
	"             ticked: [Intro sent, Prep done, Plan shared, Demo given]}\n"
	"          - {name: intro, title: Intro on time, points: 6, sla: intro}\n"
	"          - {name: prep, title: Prep on time, points: 6, sla: prep}\n"
	"          - {name: seg, title: Big, when: {/segment: [big]}, points: 20, present: [/sponsor]}\n"
	"          - {name: seg, title: Small, points: 20, present: [/owner]}\n";

/*
 * A kind for scores in flight: an SLA from appeared (open at once), one
 * from a date the record may not have yet, a criterion due `by` an SLA,
 * one with no deadline.
 */
static const char flight_text[] =
	"type: object\n"
	"required: [kind, id]\n"
	"properties:\n"
	"  kind: {const: sc-kind}\n"
	"x-handoff:\n"
	"  checklist:\n"
	"    - {item: Intro sent, must_tick: false}\n"
	"    - {item: Agenda, must_tick: false}\n"
	"  sla:\n"
	"    - {name: meet, title: Meeting in 2 days, event: {set: /held},\n"
	"       after: appeared, within: 2d}\n"
	"    - {name: intro, title: Intro 1 day after signature, event: {ticked: Intro sent},\n"
	"       after: /signed, within: 1d}\n"
	"  score:\n"
	"    bands: [{name: great, min: 90}, {name: fine, min: 50}, {name: poor, min: 0}]\n"
	"    groups:\n"
	"      - group: g\n"
	"        criteria:\n"
	"          - {name: doc, title: Documented, points: 40, present: [/owner]}\n"
	"          - {name: agenda, title: Agenda, points: 40, by: meet, partial: true,\n"
	"             ticked: [Agenda, Intro sent]}\n"
	"          - {name: intro, title: Intro on time, points: 20, sla: intro}\n";

static struct sandbox *sb;
static handoff_assessments *got;

static void commit_at(const char *text, const char *date)
{
	assert_int_equal(sandbox_write(sb, "handoffs/s.md", text), 0);
	sandbox_sh("git add -A && GIT_AUTHOR_NAME=Jane GIT_AUTHOR_EMAIL=jane@vendor.example "
		"GIT_COMMITTER_NAME=Jane GIT_COMMITTER_EMAIL=jane@vendor.example "
		"GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
		"git -c core.hooksPath=/dev/null commit -q -m step", date, date);
}

static int assess(void)
{
	handoff_repo *repo = NULL;
	handoff_assess_options o = HANDOFF_ASSESS_OPTIONS_INIT;
	int err;

	o.no_cache = 1;
	handoff_assessments_free(got);
	got = NULL;
	assert_int_equal(handoff_repo_open(&repo, NULL, 0), 0);
	err = handoff_assess(&got, repo, &o);
	handoff_repo_free(repo);
	return err;
}

/* `text` committed at `date`, then the repository assessed */
static void assessed_at(const char *text, const char *date)
{
	commit_at(text, date);
	assert_int_equal(assess(), 0);
}

/* the same, first in a repository of the flight kind */
static void flight_assessed_at(const char *text, const char *date)
{
	assert_int_equal(sandbox_write(sb, ".handoff/schemas/sc-kind.yaml", flight_text), 0);
	assessed_at(text, date);
}

static const struct criterion_result *crit(const char *name)
{
	size_t i;

	assert_non_null(got);
	assert_int_equal(got->n, 1);
	for (i = 0; i < got->v[0].ncrit; i++)
		if (!strcmp(got->v[0].crit[i].name, name))
			return &got->v[0].crit[i];
	print_error("no criterion %s\n", name);
	fail();
	return NULL;
}

/* The criterion's points, and its reason containing `why`. */
static void expect(const char *name, double points, const char *why)
{
	const struct criterion_result *c = crit(name);

	if (c->points != points || !strstr(c->why, why)) {
		print_error("%s: %g points (%s), want %g (%s)\n", name, c->points,
			c->why, points, why);
		fail();
	}
}

static int setup(void **state)
{
	(void)state;
	return sandbox_init(&sb) < 0 ||
		sandbox_write(sb, ".handoff/schemas/sc-kind.yaml", kind_text) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	handoff_assessments_free(got);
	got = NULL;
	sandbox_free(sb);
	return 0;
}

/* Everything there and on time: every criterion earns its points. */
static void full_marks(void **state)
{
	(void)state;
	assessed_at("---\nkind: sc-kind\nid: S-1\nowner: jane\nae: jane\ncsm: sam\n"
		"open: []\n"
		"people: [{role: sponsor, name: Ann}, {role: champion, name: Bo}]\n"
		"tasks: [{text: a, due: '2026-12-01'}, {text: b, due: '2026-12-02'}]\n"
		"risks: [{text: x}, {text: y}]\n"
		"attendees: [jane, sam]\n---\n"
		"- [x] Intro sent\n- [x] Prep done\n- [x] Plan shared\n- [x] Demo given\n",
		"2026-11-02T10:00:00Z");
	expect("complete", 10, "");
	expect("present", 10, "");
	expect("empty", 5, "");
	expect("require", 10, "");
	expect("each", 10, "");
	expect("min", 5, "");
	expect("contains", 10, "");
	expect("ticked", 8, "");
	expect("intro", 6, "");
	expect("prep", 6, "");
	expect("seg", 20, "");
	assert_true(got->v[0].max == 100);
	assert_true(got->v[0].score == 100);
	assert_string_equal(got->v[0].band, "great");
}

/* the front matter of a record that falls short on every test type */
#define SHORT_FRONT "---\nkind: sc-kind\nid: S-1\nowner: jane\nae: '<fill in>'\ncsm: sam\n" \
	"segment: big\n" \
	"open: [what about SSO?]\n" \
	"people: [{role: sponsor, name: Ann}, {role: champion}]\n" \
	"tasks: [{text: a, due: '2026-12-01'}, {text: b}, {text: c}, {due: '2026-12-09'}]\n" \
	"risks: [{text: x}]\n" \
	"attendees: [sam]\n---\n"

/* Each test type failing on its own ground, partial credit by the weakest test. */
static void each_type_falls_short(void **state)
{
	(void)state;
	commit_at(SHORT_FRONT
		"- [x] Intro sent\n- [ ] Prep done\n- [ ] Plan shared\n- [ ] Demo given\n",
		"2026-11-02T10:00:00Z");
	/* the introduction 3 days later: late; the preparation never */
	assessed_at(SHORT_FRONT
		"- [x] Intro sent\n- [ ] Prep done\n- [ ] Plan shared\n- [x] Demo given\n",
		"2026-11-05T10:00:00Z");
	expect("complete", 0, "/ae");		/* a placeholder is not a value */
	expect("present", 0, "/ae");
	expect("empty", 0, "/open");
	expect("require", 5, "champion");	/* 1 of 2 roles with a name */
	expect("each", 2.5, "");		/* 1 of 4 tasks with text and due */
	expect("min", 0, "");			/* 1 risk, 2 wanted, no partial */
	expect("contains", 5, "/ae");		/* sam there, jane not */
	expect("ticked", 4, "Prep done");	/* 2 of 4 ticked */
	expect("intro", 6, "");			/* ticked in the first version */
	expect("prep", 0, "");
	expect("seg", 0, "/sponsor");		/* the `big` alternative applies */
	assert_int_equal(crit("seg")->max, 20);
	assert_true(got->v[0].score == 22.5);
	assert_string_equal(got->v[0].band, "poor");
}

static void sla_late_and_open(void **state)
{
	const struct sla_result *s;

	(void)state;
	commit_at("---\nkind: sc-kind\nid: S-1\nowner: jane\n---\n- [ ] Intro sent\n",
		"2026-11-02T10:00:00Z");
	assessed_at("---\nkind: sc-kind\nid: S-1\nowner: jane\n---\n- [x] Intro sent\n",
		"2026-11-05T10:00:00Z");
	expect("intro", 0, "late");
	s = handoff__assessment_sla(&got->v[0], "intro");
	assert_non_null(s);
	assert_int_equal(s->state, SLA_LATE);
	assert_int_equal(s->done - s->due, 86400);
	assert_string_equal(s->owner, "jane");
	s = handoff__assessment_sla(&got->v[0], "prep");
	assert_non_null(s);
	assert_int_equal(s->state, SLA_OPEN);
	assert_null(s->owner);
}

/* A record that is not complete earns nothing for completeness, says why. */
static void incomplete(void **state)
{
	(void)state;
	assessed_at("---\nkind: sc-kind\nid: S-1\nowner: ''\n---\n", "2026-11-02T10:00:00Z");
	expect("complete", 0, "/owner");
	assert_int_equal(got->v[0].completed, 0);
}

static enum criterion_state state_at(const char *name, const char *when)
{
	long long t;

	assert_int_equal(handoff_time_parse(&t, got, when), 0);
	return handoff__criterion_state(crit(name), t);
}

static void standing_at(struct standing *st, const char *when)
{
	long long t;

	assert_int_equal(handoff_time_parse(&t, got, when), 0);
	handoff__assessment_standing(st, &got->v[0], t);
}

/*
 * In flight: created 2 Nov 10:00, the meeting due 4 Nov 10:00; no
 * signature yet, so the introduction's clock has not started.
 */
static void pending_then_missed(void **state)
{
	struct standing st;

	(void)state;
	flight_assessed_at("---\nkind: sc-kind\nid: S-1\nowner: jane\n---\n- [x] Agenda\n- [ ] Intro sent\n",
		"2026-11-02T10:00:00Z");
	expect("doc", 40, "ok");
	expect("agenda", 20, "'Intro sent' not ticked");	/* partial: 1 of 2 */
	expect("intro", 0, "not started");
	assert_int_equal(crit("doc")->deadline, CRITERION_FIXED);
	assert_int_equal(crit("intro")->deadline, CRITERION_NOT_STARTED);
	assert_int_equal(state_at("doc", "2026-11-03"), CRITERION_EARNED);
	assert_int_equal(state_at("agenda", "2026-11-04T09:59:59Z"), CRITERION_PENDING);
	assert_int_equal(state_at("agenda", "2026-11-04T10:00:00Z"), CRITERION_MISSED);
	/* its clock not started: pending whatever the time, never missed */
	assert_int_equal(state_at("intro", "2030-01-01"), CRITERION_PENDING);
	assert_string_equal(handoff__criterion_state_name(CRITERION_PENDING), "pending");

	standing_at(&st, "2026-11-03");
	assert_true(st.provisional);
	assert_true(st.score == 60 && st.possible == 40);
	assert_string_equal(st.band, "great");		/* the best it can reach */
	/* the meeting past: the agenda's 20 are lost, the intro still pending */
	standing_at(&st, "2026-11-05");
	assert_true(st.provisional && st.possible == 20);
	assert_string_equal(st.band, "fine");
}

/* Signed: the introduction is due a day later; once it is late, lost. */
static void sla_open_late_decided(void **state)
{
	struct standing st;

	(void)state;
	flight_assessed_at("---\nkind: sc-kind\nid: S-1\nowner: jane\nsigned: 2026-11-02T09:00:00Z\n---\n"
		"- [x] Agenda\n- [ ] Intro sent\n", "2026-11-02T10:00:00Z");
	assert_int_equal(state_at("intro", "2026-11-03T08:59:59Z"), CRITERION_PENDING);
	assert_int_equal(state_at("intro", "2026-11-03T09:00:01Z"), CRITERION_MISSED);
	/* the agenda is due with the meeting (4 Nov), whichever is later */
	assert_int_equal(state_at("agenda", "2026-11-03T09:00:01Z"), CRITERION_PENDING);
	standing_at(&st, "2026-11-05");
	assert_false(st.provisional);
	assert_true(st.score == 60 && st.possible == 0);
	assert_string_equal(st.band, "fine");

	/* ticked late: the SLA is lost for good, whatever the time */
	assessed_at("---\nkind: sc-kind\nid: S-1\nowner: jane\nsigned: 2026-11-02T09:00:00Z\n---\n"
		"- [x] Agenda\n- [x] Intro sent\n", "2026-11-03T12:00:00Z");
	expect("intro", 0, "late");
	expect("agenda", 40, "ok");
	assert_int_equal(crit("intro")->deadline, CRITERION_FIXED);
	assert_int_equal(state_at("intro", "2026-11-01"), CRITERION_MISSED);
	assert_int_equal(state_at("agenda", "2026-11-01"), CRITERION_EARNED);
	standing_at(&st, "2026-11-01");
	assert_false(st.provisional);
	assert_true(st.score == 80);
}

/* A decided record is final even with a deadline still to come. */
static void decided_is_final(void **state)
{
	struct standing st;

	(void)state;
	flight_assessed_at("---\nkind: sc-kind\nid: S-1\nowner: jane\nacceptance: {status: pending}\n---\n"
		"- [ ] Agenda\n", "2026-11-02T10:00:00Z");
	standing_at(&st, "2026-11-03");
	assert_true(st.provisional);
	assessed_at("---\nkind: sc-kind\nid: S-1\nowner: jane\nacceptance: {status: rejected}\n---\n"
		"- [ ] Agenda\n", "2026-11-02T11:00:00Z");
	standing_at(&st, "2026-11-03");
	assert_false(st.provisional);
	assert_true(st.score == 40 && st.possible == 0);
	assert_string_equal(st.band, "poor");
	assert_int_equal(state_at("agenda", "2026-11-03"), CRITERION_PENDING);
}

/* Rules that do not compile: the kind's line and column, nothing assessed. */
static void broken_rules(void **state)
{
	static const char *const broken[][2] = {
		{ "          - {name: t, title: T, points: 1, ticked: [No such item]}\n",
		  "53: error: ticked: 'No such item' is not an item" },
		{ "          - {name: t, title: T, points: 1, sla: nope}\n",
		  "49: error: sla: no SLA rule is called 'nope'" },
		{ "          - {name: t, title: T, points: 1, items: {list: /a, min: 0}}\n",
		  "'min' must be a whole number from 1" },
		{ "          - {name: t, title: T, points: 1, contains: {list: /a}}\n",
		  "'contains' needs 'values'" },
	};
	char where[64];
	const char *p;
	size_t i;
	int line = 1;

	/* the broken criterion is the line after the kind's last */
	for (p = kind_text; *p; p++)
		line += *p == '\n';
	snprintf(where, sizeof(where), "sc-kind.yaml:%d:", line);

	(void)state;
	commit_at("---\nkind: sc-kind\nid: S-1\nowner: jane\n---\n", "2026-11-02T10:00:00Z");
	for (i = 0; i < ARRAY_SIZE(broken); i++) {
		char text[sizeof(kind_text) + 128];

		snprintf(text, sizeof(text), "%s%s", kind_text, broken[i][0]);
		assert_int_equal(sandbox_write(sb, ".handoff/schemas/sc-kind.yaml", text), 0);
		assert_int_equal(assess(), HANDOFF_ESCHEMA);
		if (!strstr(handoff_error_last()->message, where) ||
		    !strstr(handoff_error_last()->message, broken[i][1])) {
			print_error("case %zu: %s\n", i, handoff_error_last()->message);
			fail();
		}
	}
	assert_int_equal(sandbox_write(sb, ".handoff/schemas/sc-kind.yaml", kind_text), 0);
}

/*
 * A rule's sample is the same records on every machine: a 32-bit FNV-1a
 * of the id, mod 100, under the percent (D-2026-0102 hashes to 2).
 */
static void sample_by_id(void **state)
{
	size_t i, in = 0;
	char id[16];

	(void)state;
	assert_true(handoff__rules_sampled(0, "D-2026-0101"));
	assert_true(handoff__rules_sampled(10, "D-2026-0102"));
	assert_false(handoff__rules_sampled(10, "D-2026-0101"));
	assert_false(handoff__rules_sampled(2, "D-2026-0102"));
	assert_true(handoff__rules_sampled(3, "D-2026-0102"));
	assert_false(handoff__rules_sampled(10, NULL));
	for (i = 0; i < 10000; i++) {
		snprintf(id, sizeof(id), "D-%05zu", i);
		in += (size_t)handoff__rules_sampled(10, id);
	}
	/* about a tenth of any run of ids */
	assert_in_range(in, 900, 1100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(full_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(each_type_falls_short, setup, teardown),
		cmocka_unit_test_setup_teardown(sla_late_and_open, setup, teardown),
		cmocka_unit_test_setup_teardown(incomplete, setup, teardown),
		cmocka_unit_test_setup_teardown(broken_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(pending_then_missed, setup, teardown),
		cmocka_unit_test_setup_teardown(sla_open_late_decided, setup, teardown),
		cmocka_unit_test_setup_teardown(decided_is_final, setup, teardown),
		cmocka_unit_test(sample_by_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

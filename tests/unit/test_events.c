/*
 * Unit tests for events (lib/events.c): a record's history, committed by
 * real git with fixed dates, read back as the events that scoring and
 * SLAs use: appeared, first valid, fields set and changed, checklist
 * items ticked and unticked, acceptance, deleted; and dates the record
 * claims, honest or backdated, by the kind's claims and by a date typed
 * after a checklist item.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sandbox.h"
#include "events.h"
#include "source.h"

static const char kind_text[] =
	"type: object\n"
	"required: [kind, id, owner]\n"
	"properties:\n"
	"  kind: {const: ev-kind}\n"
	"  id: {type: string}\n"
	"  owner: {type: string, minLength: 1}\n"
	"x-handoff:\n"
	"  checklist:\n"
	"    - {item: Intro sent, must_tick: false}\n"
	"  claims: [/meeting/held]\n";

static struct sandbox *sb;

static void commit_as(const char *text, const char *date)
{
	assert_int_equal(sandbox_write(sb, "handoffs/e.md", text), 0);
	sandbox_sh("git add -A && GIT_AUTHOR_NAME=Jane GIT_AUTHOR_EMAIL=jane@vendor.example "
		"GIT_COMMITTER_NAME=Jane GIT_COMMITTER_EMAIL=jane@vendor.example "
		"GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
		"git -c core.hooksPath=/dev/null commit -q -m step", date, date);
}

static int setup(void **state)
{
	(void)state;
	return sandbox_init(&sb) < 0 ||
		sandbox_write(sb, ".handoff/schemas/ev-kind.yaml", kind_text) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	sandbox_free(sb);
	return 0;
}

/* The events of handoffs/e.md as "type pointer version[ backdated]" lines. */
static char *events(void)
{
	handoff_repo *repo = NULL;
	struct source src;
	struct history *h = NULL;
	struct history_options ho = HISTORY_OPTIONS_INIT;
	struct event_list ev = EVENT_LIST_INIT;
	handoff_buf out = HANDOFF_BUF_INIT;
	size_t i;

	assert_int_equal(handoff_repo_open(&repo, NULL, 0), 0);
	assert_int_equal(handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL), 0);
	ho.config = src.config;
	assert_int_equal(handoff__history_walk(&h, repo->git, &ho), 0);
	assert_int_equal(h->n, 1);
	assert_int_equal(handoff__events_of(&ev, &src, &h->records[0], 86400), 0);
	assert_int_equal(handoff__buf_puts(&out, ""), 0);
	for (i = 0; i < ev.n; i++)
		assert_int_equal(handoff__buf_printf(&out, "%s %s %zu%s\n",
			handoff__event_type_name(ev.v[i].type), ev.v[i].pointer,
				ev.v[i].version,
			ev.v[i].backdated ? " backdated" : ""), 0);
	handoff__event_list_release(&ev);
	handoff__history_free(h);
	handoff__source_release(&src);
	handoff_repo_free(repo);
	return out.ptr;
}

static void lifecycle(void **state)
{
	char *got;

	(void)state;
	commit_as("---\nkind: ev-kind\nid: E-1\nowner: ''\n---\n"
		"- [ ] Intro sent\n", "2026-11-02T10:00:00Z");
	commit_as("---\nkind: ev-kind\nid: E-1\nowner: sam\n"
		"meeting: {held: '2026-11-03T09:00:00+09:00'}\n---\n"
		"- [x] Intro sent (2026-11-03)\n", "2026-11-03T12:00:00Z");
	commit_as("---\nkind: ev-kind\nid: E-1\nowner: kim\n"
		"meeting: {held: '2026-11-03T09:00:00+09:00'}\n"
		"acceptance: {status: accepted}\n---\n"
		"- [ ] Intro sent\n", "2026-11-04T12:00:00Z");
	sandbox_sh("git rm -q handoffs/e.md && GIT_AUTHOR_NAME=Kim GIT_AUTHOR_EMAIL=k@v.example "
		"GIT_COMMITTER_NAME=Kim GIT_COMMITTER_EMAIL=k@v.example "
		"git -c core.hooksPath=/dev/null commit -q -m drop");
	got = events();
	assert_string_equal(got,
		"appeared  0\n"
		"set /kind 0\n"
		"set /id 0\n"
		"set /owner 1\n"
		"set /meeting/held 1\n"
		"ticked /checklist/Intro sent 1\n"
		"valid  1\n"
		"changed /owner 2\n"
		"set /acceptance/status 2\n"
		"acceptance /acceptance/status 2\n"
		"unticked /checklist/Intro sent 2\n"
		"deleted  3\n");
	free(got);
}

static void backdated(void **state)
{
	char *got;

	(void)state;
	commit_as("---\nkind: ev-kind\nid: E-1\nowner: sam\n"
		"meeting: {held: '2026-11-01T09:00:00+09:00'}\n---\n"
		"- [x] Intro sent (2026-11-02)\n", "2026-11-09T12:00:00Z");
	got = events();
	assert_string_equal(got,
		"appeared  0\n"
		"set /kind 0\n"
		"set /id 0\n"
		"set /owner 0\n"
		"set /meeting/held 0 backdated\n"
		"ticked /checklist/Intro sent 0 backdated\n"
		"valid  0\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(backdated, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

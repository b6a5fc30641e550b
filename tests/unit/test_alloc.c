/*
 * Allocation failures (RELIABILITY.md 5.7): every allocation of the
 * process is made to fail in turn, one at a time, while a repository is
 * validated, its reports rendered and a record's history read. libgit2,
 * libyaml and pcre2 allocate through malloc by default, so replacing
 * malloc, calloc and realloc here (glibc allows it and keeps the real ones
 * as __libc_*) reaches every allocator at once, as GIT_OPT_SET_ALLOCATOR
 * and pcre2 contexts would reach one each.
 *
 * What must hold after each failure: no crash, and either an error with
 * a message, or the very verdict of the run that had all its memory. A
 * check that lost an allocation and said "valid" would be a silent pass.
 *
 * libgit2 1.5.1 does not survive this itself: an allocation refused
 * inside git_repository_open_ext can crash it, or make it answer "not a
 * git repository". That is not ours to mend, so allocations made with
 * libgit2 on the stack are let through; every other one is refused in turn.
 *
 * Under AddressSanitizer malloc is the sanitizer's; the test is skipped.
 */
#define _GNU_SOURCE	/* dladdr */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>

#include "handoff.h"
#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define NO_INTERPOSITION 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_INTERPOSITION 1
#endif
#endif

#ifndef NO_INTERPOSITION
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);

static long fail_at = -1;	/* the allocation to refuse; -1: none */
static long counted;		/* allocations since the count was reset */
static int passed_to_libgit2;	/* the one to refuse was libgit2's */
static void *libgit2_base;

/* Whether libgit2 is on the stack of this allocation. */
static int from_libgit2(void)
{
	void *frames[64];
	Dl_info info;
	int n, i;

	n = backtrace(frames, 64);
	for (i = 0; i < n; i++)
		if (dladdr(frames[i], &info) && info.dli_fbase == libgit2_base)
			return 1;
	return 0;
}

static int refuse(void)
{
	if (fail_at >= 0 && counted++ == fail_at) {
		fail_at = -1;	/* backtrace and dladdr may allocate too */
		if (from_libgit2()) {
			passed_to_libgit2 = 1;
			return 0;
		}
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

/* exported (the build hides symbols), so that the libraries call these too */
#define EXPORTED __attribute__((visibility("default")))

EXPORTED void *malloc(size_t n)
{
	return refuse() ? NULL : __libc_malloc(n);
}

EXPORTED void *calloc(size_t n, size_t size)
{
	return refuse() ? NULL : __libc_calloc(n, size);
}

EXPORTED void *realloc(void *p, size_t n)
{
	return refuse() ? NULL : __libc_realloc(p, n);
}

EXPORTED void free(void *p)
{
	__libc_free(p);
}
#endif

static const char kind_text[] =
	"type: object\n"
	"required: [kind, id, owner]\n"
	"properties:\n"
	"  kind: {const: test-kind}\n"
	"  id: {type: string, pattern: '^T-[0-9]+$'}\n"
	"  owner: {type: string, format: email}\n"
	"  due: {type: string, format: date}\n"
	"  size: {type: integer, minimum: 1}\n"
	"  items:\n"
	"    type: array\n"
	"    items: {type: object, required: [id], properties: {id: {type: string}}}\n"
	"x-handoff:\n"
	"  sections:\n"
	"    - {heading: Overview, min_words: 3}\n"
	"  checklist:\n"
	"    - {item: Summary done, must_tick: true}\n"
	"  placeholders: ['(?i)\\bTBD\\b']\n"
	"  keys: {items: id}\n"
	"  material: [/size]\n"
	"  folder: tests/\n";

static const char config_text[] =
	"records: [tests/]\n"
	"people:\n"
	"  sam@vendor.example: {name: Sam, roles: [cs]}\n";

static const char good[] =
	"---\nkind: test-kind\nid: T-1\nowner: sam@vendor.example\ndue: 2026-12-01\n"
	"items:\n  - {id: A}\n  - {id: B}\n---\n"
	"## Overview\nOne two three four.\n## Checklist\n- [x] Summary done\n";

static const char bad[] =
	"---\nkind: test-kind\nid: X-1\nowner: nobody\ndue: 2026-13-01\nsize: 0\n"
	"items:\n  - {name: A}\n---\n"
	"## Overview\nTBD\n## Checklist\n- [ ] Summary done\n";

static const char broken[] = "---\nkind: test-kind\nid: [T-2\n---\n";

static int setup(void **state)
{
	const char *const files[] = {
		".handoff/schemas/test-kind.yaml", kind_text,
		".handoff/config.yaml", config_text,
		"tests/good.md", good, "tests/bad.md", bad, "tests/broken.md", broken,
		NULL
	};

	return sandbox_init_with((struct sandbox **)state, files);
}

/* What a run gave: its status and, when it succeeded, what it said. */
struct outcome {
	int rc;
	size_t errors, files;
	int ok;
	size_t text_len, json_len;
	char message[256];
};

/* A run's start: a clean outcome and the repository opened (its rc). */
static int opened(struct outcome *o, handoff_repo **repo)
{
	memset(o, 0, sizeof(*o));
	return o->rc = handoff_repo_open(repo, NULL, 0);
}

/*
 * A run's end, before its objects are freed: the sizes of what it wrote
 * (NULL: none, or counted as written) when it succeeded, else its message, for the
 * sweep to insist on; the buffers disposed of.
 */
static void finished(struct outcome *o, handoff_buf *text, handoff_buf *json)
{
	if (o->rc < 0)
		snprintf(o->message, sizeof(o->message), "%s", handoff_error_last()->message);
	if (text && o->rc == 0)
		o->text_len = text->size;
	if (json && o->rc == 0)
		o->json_len = json->size;
	handoff_buf_dispose(text);
	handoff_buf_dispose(json);
}

static void validate_once(struct outcome *o)
{
	handoff_validate_options vo = HANDOFF_VALIDATE_OPTIONS_INIT;
	handoff_buf text = HANDOFF_BUF_INIT, json = HANDOFF_BUF_INIT;
	handoff_repo *repo = NULL;
	handoff_report *r = NULL;

	if (opened(o, &repo) == 0 &&
	    (o->rc = handoff_validate(&r, repo, &vo)) == 0 &&
	    (o->rc = handoff_report_format(&text, r, HANDOFF_FORMAT_TEXT, 0)) == 0 &&
	    (o->rc = handoff_report_format(&json, r, HANDOFF_FORMAT_JSON, 0)) == 0) {
		o->errors = handoff_report_errors(r);
		o->files = handoff_report_count(r);
		o->ok = handoff_report_ok(r);
	}
	finished(o, &text, &json);
	handoff_report_free(r);
	handoff_repo_free(repo);
}

static void log_once(struct outcome *o)
{
	handoff_buf text = HANDOFF_BUF_INIT, json = HANDOFF_BUF_INIT;
	handoff_changes *c = NULL;
	handoff_repo *repo = NULL;

	if (opened(o, &repo) == 0 &&
	    (o->rc = handoff_log(&c, repo, "tests/good.md", NULL)) == 0 &&
	    (o->rc = handoff_changes_format(&text, c, HANDOFF_FORMAT_TEXT,
	    HANDOFF_VIEW_LOG, HANDOFF_DATE_ISO, 0)) == 0 &&
	    (o->rc = handoff_changes_format(&json, c, HANDOFF_FORMAT_JSON,
	    HANDOFF_VIEW_LOG, HANDOFF_DATE_ISO, 0)) == 0) {
		o->files = handoff_changes_count(c);
	}
	finished(o, &text, &json);
	handoff_changes_free(c);
	handoff_repo_free(repo);
}

static void score_once(struct outcome *o)
{
	handoff_assess_options ao = HANDOFF_ASSESS_OPTIONS_INIT;
	handoff_buf text = HANDOFF_BUF_INIT, json = HANDOFF_BUF_INIT;
	handoff_assessments *a = NULL;
	handoff_repo *repo = NULL;

	ao.no_cache = 1;
	if (opened(o, &repo) == 0 &&
	    (o->rc = handoff_assess(&a, repo, &ao)) == 0 &&
	    (o->rc = handoff_score_format(&text, a, HANDOFF_FORMAT_TEXT, 1, 0)) == 0)
		o->rc = handoff_score_format(&json, a, HANDOFF_FORMAT_JSON, 1, 0);
	finished(o, &text, &json);
	handoff_assessments_free(a);
	handoff_repo_free(repo);
}

static void range_once(struct outcome *o)
{
	handoff_validate_options vo = HANDOFF_VALIDATE_OPTIONS_INIT;
	handoff_buf text = HANDOFF_BUF_INIT;
	handoff_repo *repo = NULL;
	handoff_report *r = NULL;

	vo.source = HANDOFF_SOURCE_RANGE;
	vo.rev = "HEAD~1..HEAD";
	if (opened(o, &repo) == 0 &&
	    (o->rc = handoff_validate(&r, repo, &vo)) == 0 &&
	    (o->rc = handoff_report_format(&text, r, HANDOFF_FORMAT_TEXT, 0)) == 0) {
		o->errors = handoff_report_errors(r);
		o->files = handoff_report_count(r);
		o->ok = handoff_report_ok(r);
	}
	finished(o, &text, NULL);
	handoff_report_free(r);
	handoff_repo_free(repo);
}

/* An output that allocates nothing: its size is what a sweep compares. */
static int count_bytes(const char *data, size_t len, void *payload)
{
	(void)data;
	*(size_t *)payload += len;
	return 0;
}

static void audit_once(struct outcome *o)
{
	handoff_audit *a = NULL;
	handoff_repo *repo = NULL;

	if (opened(o, &repo) == 0 &&
	    (o->rc = handoff_audit_run(&a, repo, NULL)) == 0 &&
	    (o->rc = handoff_audit_write(a, HANDOFF_FORMAT_JSON, 0, count_bytes,
	    &o->json_len)) == 0 &&
	    (o->rc = handoff_audit_write(a, HANDOFF_FORMAT_TEXT, 0, count_bytes,
	    &o->text_len)) == 0)
		o->errors = handoff_audit_findings(a);
	finished(o, NULL, NULL);
	handoff_audit_free(a);
	handoff_repo_free(repo);
}

/*
 * Run `once` with all its memory, then again with allocation k refused,
 * for k over the whole run (every one of the first 400, then about 1500
 * spread evenly): each run ends in an error with a message, or exactly
 * as the first did.
 */
static void sweep(void (*once)(struct outcome *))
{
#ifdef NO_INTERPOSITION
	(void)once;
	skip();
#else
	struct outcome clean, o;
	long total, k, step, failed = 0, errors = 0, ours = 0;
	Dl_info info;
	void *frames[4];

	assert_true(dladdr((void *)git_libgit2_init, &info) != 0);
	libgit2_base = info.dli_fbase;
	backtrace(frames, 4);	/* its first call loads libgcc_s: not in a sweep */
	fail_at = -1;
	counted = 0;
	once(&clean);
	assert_int_equal(clean.rc, 0);
	/* count the allocations of one run: fail_at past the end counts them */
	fail_at = 1L << 40;
	counted = 0;
	once(&o);
	total = counted;
	fail_at = -1;
	assert_true(total > 100);
	step = total > 400 ? (total - 400) / 1500 + 1 : 1;
	for (k = 0; k < total; k += k < 400 ? 1 : step) {
		counted = 0;
		fail_at = k;
		passed_to_libgit2 = 0;
		once(&o);
		fail_at = -1;
		if (passed_to_libgit2)
			continue;
		ours++;
		if (o.rc < 0) {
			errors++;
			if (!o.message[0]) {
				print_error("allocation %ld of %ld: error %d without a message\n",
					k, total, o.rc);
				failed++;
			}
		} else if (o.rc != clean.rc || o.errors != clean.errors ||
		    o.files != clean.files || o.ok != clean.ok ||
		    o.text_len != clean.text_len || o.json_len != clean.json_len) {
			print_error("allocation %ld of %ld: rc %d, %zu files, %zu errors, "
				"ok %d (want %zu files, %zu errors, ok %d)\n", k, total, o.rc,
				o.files, o.errors, o.ok, clean.files, clean.errors, clean.ok);
			failed++;
		}
	}
	/* the sweep did reach the code: most refusals are errors */
	assert_true(ours > 50 && errors > 0);
	assert_int_equal(failed, 0);
#endif
}

static void test_alloc__validate_survives_every_failure(void **state)
{
	(void)state;
	sweep(validate_once);
}

static void commit_twice(void);

static void test_alloc__log_survives_every_failure(void **state)
{
	(void)state;
	commit_twice();
	sweep(log_once);
}

static void commit_twice(void)
{
	sandbox_sh("git add -A && git -c user.name=A -c user.email=a@x commit -q -m one && "
		"sed -i 's/four\\./four five./; s/^size: 0/size: 2/' tests/good.md tests/bad.md && "
		"git -c user.name=B -c user.email=b@x commit -q -am two");
}

static void test_alloc__score_survives_every_failure(void **state)
{
	(void)state;
	commit_twice();
	sweep(score_once);
}

static void test_alloc__audit_survives_every_failure(void **state)
{
	struct outcome o;

	(void)state;
	commit_twice();
	audit_once(&o);		/* bad.md's size changed: one material change */
	assert_int_equal(o.rc, 0);
	assert_true(o.json_len > 200);
	sweep(audit_once);
}

static void test_alloc__range_survives_every_failure(void **state)
{
	(void)state;
	commit_twice();
	sweep(range_once);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alloc__validate_survives_every_failure,
			setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_alloc__log_survives_every_failure,
			setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_alloc__score_survives_every_failure,
			setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_alloc__audit_survives_every_failure,
			setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_alloc__range_survives_every_failure,
			setup, sandbox_teardown),
	};

	return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}

/*
 * Unit tests for who pushed (lib/identity.c): the pusher named by the
 * environment handed in (the config's pusher_env, else the defaults in
 * order, else a verified signed push), a login mapped to a person (logins,
 * else the email; two people claiming it: no one), the allowed signers
 * text, and the decider fields a change sets anew. Plus the config's
 * strict reading of logins, signing_keys, identity, decisions, pusher_env.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "identity.h"

static const char people[] =
	"people:\n"
	"  jane@vendor.example: {name: Jane, roles: [sales], logins: [jane, JDoe]}\n"
	"  sam@vendor.example:\n"
	"    name: Sam\n"
	"    roles: [cs]\n"
	"    logins: [sam]\n"
	"    signing_keys: [\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB sam@laptop\"]\n"
	"  kim@vendor.example: {name: Kim, roles: [cs_manager], logins: [sam]}\n"
	"  olga@vendor.example: {name: Olga, roles: [ops]}\n";

static struct config *parse(const char *text, int *rc)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct config *cfg = NULL;

	*rc = handoff__config_parse(&cfg, text, strlen(text), &diags);
	if (*rc == 0 && diags.n)
		*rc = -100;
	handoff__diag_list_release(&diags);
	return cfg;
}

static void test_identity__pusher_default_order(void **state)
{
	const char *const env[] = { "HOME=/x", "GL_USER=olga", "REMOTE_USER=",
		"GITHUB_USER_LOGIN=jdoe", NULL };
	struct config *cfg;
	struct pusher p;
	int rc;

	(void)state;
	cfg = parse(people, &rc);
	assert_int_equal(rc, 0);
	/* an empty REMOTE_USER names no one; GITHUB_USER_LOGIN comes before GL_USER */
	handoff__identity_pusher(&p, cfg, env);
	assert_string_equal(p.login, "jdoe");
	assert_string_equal(p.from, "GITHUB_USER_LOGIN");
	assert_non_null(p.person);
	assert_string_equal(p.person->email, "jane@vendor.example");
	handoff__identity_pusher(&p, cfg, NULL);
	assert_null(p.login);
	assert_null(p.person);
	handoff__config_free(cfg);
}

static void test_identity__pusher_env_from_config(void **state)
{
	const char *const env[] = { "REMOTE_USER=jane", "MY_USER=olga@vendor.example", NULL };
	struct config *cfg;
	struct pusher p;
	int rc;

	(void)state;
	cfg = parse("pusher_env: [MY_USER]\npeople:\n"
		"  olga@vendor.example: {name: Olga, roles: [ops]}\n", &rc);
	assert_int_equal(rc, 0);
	handoff__identity_pusher(&p, cfg, env);	/* REMOTE_USER is not in the list */
	assert_string_equal(p.login, "olga@vendor.example");
	assert_string_equal(p.from, "MY_USER");
	assert_string_equal(p.person->email, "olga@vendor.example");
	handoff__config_free(cfg);
}

static void test_identity__signed_push_needs_good_cert_and_nonce(void **state)
{
	const char *const good[] = { "GIT_PUSH_CERT_STATUS=G",
		"GIT_PUSH_CERT_NONCE_STATUS=OK", "GIT_PUSH_CERT_SIGNER=jane@vendor.example", NULL };
	const char *const gpg[] = { "GIT_PUSH_CERT_STATUS=G",
		"GIT_PUSH_CERT_NONCE_STATUS=OK", "GIT_PUSH_CERT_SIGNER=Jane Doe <jane@vendor.example>", NULL };
	const char *const stale[] = { "GIT_PUSH_CERT_STATUS=G",
		"GIT_PUSH_CERT_NONCE_STATUS=SLOP", "GIT_PUSH_CERT_SIGNER=jane@vendor.example", NULL };
	const char *const bad[] = { "GIT_PUSH_CERT_STATUS=B",
		"GIT_PUSH_CERT_NONCE_STATUS=OK", "GIT_PUSH_CERT_SIGNER=jane@vendor.example", NULL };
	struct config *cfg;
	struct pusher p;
	int rc;

	(void)state;
	cfg = parse(people, &rc);
	handoff__identity_pusher(&p, cfg, good);
	assert_string_equal(p.from, "a signed push");
	assert_string_equal(p.person->email, "jane@vendor.example");
	handoff__identity_pusher(&p, cfg, gpg);
	assert_string_equal(p.login, "jane@vendor.example");
	assert_string_equal(p.person->email, "jane@vendor.example");
	handoff__identity_pusher(&p, cfg, stale);
	assert_null(p.login);
	handoff__identity_pusher(&p, cfg, bad);
	assert_null(p.login);
	handoff__config_free(cfg);
}

static void test_identity__person_by_login_email_ambiguous(void **state)
{
	struct config *cfg;
	int rc;

	(void)state;
	cfg = parse(people, &rc);
	assert_string_equal(handoff__identity_person(cfg, "JDOE")->email,
		"jane@vendor.example");
	assert_string_equal(handoff__identity_person(cfg, "Olga@Vendor.Example")->email,
		"olga@vendor.example");
	assert_null(handoff__identity_person(cfg, "sam"));	/* sam and kim both claim it */
	assert_null(handoff__identity_person(cfg, "nobody"));
	assert_null(handoff__identity_person(cfg, ""));
	assert_null(handoff__identity_person(cfg, NULL));
	handoff__config_free(cfg);
}

static void test_identity__allowed_signers(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	struct config *cfg;
	int rc;

	(void)state;
	cfg = parse(people, &rc);
	assert_int_equal(handoff__identity_allowed_signers(&b, cfg), 0);
	assert_string_equal(b.ptr, "sam@vendor.example namespaces=\"git\" "
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB sam@laptop\n");
	handoff_buf_dispose(&b);
	handoff__config_free(cfg);
}

static void test_identity__config_refuses_bad_values(void **state)
{
	static const char *const bad[] = {
		"identity: maybe\n",
		"decisions: [signed]\n",
		"pusher_env: [REMOTE-USER]\n",
		"pusher_env: REMOTE_USER\n",
		"people:\n  a@b.c: {name: A, logins: jane}\n",
		"people:\n  a@b.c: {name: A, logins: [\"ja\\nne\"]}\n",
		"people:\n  a@b.c: {name: A, signing_keys: [\"AAAA not a key\"]}\n",
		"people:\n  a@b.c: {name: A, signing_keys: [\"ssh-ed25519 AAAA\\ncert-authority\"]}\n",
		"people:\n  a@b.c: {name: A, signing_keys: [\"ssh-ed25519 AAAA\\\" x\"]}\n",
	};
	struct config *cfg;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		cfg = parse(bad[i], &rc);
		if (rc != HANDOFF_ESCHEMA)
			print_error("accepted: %s", bad[i]);
		assert_int_equal(rc, HANDOFF_ESCHEMA);
		assert_null(cfg);
	}
	cfg = parse("identity: required\ndecisions: signed\n", &rc);
	assert_int_equal(rc, 0);
	assert_true(cfg->identity_required);
	assert_true(cfg->decisions_signed);
	handoff__config_free(cfg);
}

static struct record *rec(const char *acceptance)
{
	struct record *r = NULL;
	char text[512];

	snprintf(text, sizeof(text), "---\nkind: deal-handoff\n%s---\n", acceptance);
	assert_int_equal(handoff__record_parse(&r, "handoffs/a.md", text, strlen(text), NULL), 0);
	return r;
}

static void test_identity__decider_fields(void **state)
{
	struct record *pending = rec("acceptance: {status: pending}\n");
	struct record *by_sam = rec("acceptance: {status: accepted, by: sam@x.example, at: '2026-11-04'}\n");
	struct record *by_kim = rec("acceptance: {status: accepted, by: kim@x.example, at: '2026-11-04'}\n");
	struct record *redated = rec("acceptance: {status: accepted, by: sam@x.example, at: '2026-11-05'}\n");
	struct record *approved = rec("preclose_approval: {by: kim@x.example, at: '2026-11-01'}\n"
		"acceptance: {status: pending}\n");
	const char *pointer = NULL, *value = NULL;
	unsigned int line = 0;

	(void)state;
	/* no pusher and no signer: nothing can be checked */
	assert_int_equal(handoff__identity_decider_field(&pointer, &line, &value, NULL,
		pending, by_sam, 1, NULL, NULL), 1);
	assert_int_equal(handoff__identity_decider_field(&pointer, &line, &value, NULL,
		pending, by_sam, 1, "sam@x.example", NULL), 0);
	assert_int_equal(handoff__identity_decider_field(&pointer, &line, &value, NULL,
		pending, by_sam, 1, "kim@x.example", "SAM@x.example"), 0);
	assert_int_equal(handoff__identity_decider_field(&pointer, &line, &value, NULL,
		by_sam, by_kim, 0, "jane@x.example", NULL), 1);
	assert_string_equal(pointer, "/acceptance/by");
	assert_string_equal(value, "kim@x.example");
	assert_int_equal(line, 3);
	/* the same name, decided again (a new `at`) by someone else */
	assert_int_equal(handoff__identity_decider_field(&pointer, &line, &value, NULL,
		by_sam, redated, 0, "kim@x.example", NULL), 1);
	/* unchanged: nothing set anew */
	assert_int_equal(handoff__identity_decider_field(&pointer, &line, &value, NULL,
		by_sam, by_sam, 0, "jane@x.example", NULL), 0);
	assert_int_equal(handoff__identity_decider_field(&pointer, &line, &value, NULL,
		pending, approved, 0, "jane@x.example", NULL), 1);
	assert_string_equal(pointer, "/preclose_approval/by");
	handoff__record_free(pending);
	handoff__record_free(by_sam);
	handoff__record_free(by_kim);
	handoff__record_free(redated);
	handoff__record_free(approved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity__pusher_default_order),
		cmocka_unit_test(test_identity__pusher_env_from_config),
		cmocka_unit_test(test_identity__signed_push_needs_good_cert_and_nonce),
		cmocka_unit_test(test_identity__person_by_login_email_ambiguous),
		cmocka_unit_test(test_identity__allowed_signers),
		cmocka_unit_test(test_identity__config_refuses_bad_values),
		cmocka_unit_test(test_identity__decider_fields),
	};
	return cmocka_run_group_tests_name("identity", tests, NULL, NULL);
}

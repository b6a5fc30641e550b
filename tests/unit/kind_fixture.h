/*
 * One kind for every test of a file: include after the file's
 * `static const char kind_text[]`; cmocka's group setup compiles it into
 * `kind` and teardown frees it.
 */
#ifndef HANDOFF_TEST_KIND_FIXTURE_H
#define HANDOFF_TEST_KIND_FIXTURE_H

static struct kind *kind;

static int setup(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;

	(void)state;
	if (handoff__kind_compile(&kind, "test", "test.yaml", kind_text, sizeof(kind_text) - 1,
	    &diags) < 0) {
		print_error("kind: %s\n", diags.n ? diags.v[0].message : "?");
		handoff__diag_list_release(&diags);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	handoff__kind_free(kind);
	return 0;
}

#endif

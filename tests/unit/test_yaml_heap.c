/*
 * Unit tests for libyaml's region (lib/yaml_heap.c): outside a region the
 * four calls are libc's; inside, memory is aligned, the newest allocation
 * is given back or grown in place, older ones are copied when they grow,
 * blocks are added past the first without overlap, and past 1 MiB of
 * them the memory is malloc's, given back by the same calls. Then the loader itself: a record's front matter is
 * parsed from the region, which the build links libyaml to.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "yaml_heap.h"

static int aligned(const void *p)
{
	return ((uintptr_t)p & 15) == 0;
}

static void test_yaml_heap__outside_a_region_is_libc(void **state)
{
	size_t served = handoff__yaml_heap_served();
	char *p = malloc(8), *q;

	(void)state;
	assert_non_null(p);
	memcpy(p, "region", 7);
	/* a pointer of libc's, grown and freed by the heap's calls */
	assert_non_null(q = handoff__yaml_heap_realloc(p, 4096));
	assert_string_equal(q, "region");
	handoff__yaml_heap_free(q);
	assert_non_null(q = handoff__yaml_heap_strdup("kept"));
	free(q);
	assert_int_equal(handoff__yaml_heap_served(), served);
}

static void test_yaml_heap__newest_is_given_back_and_grown_in_place(void **state)
{
	size_t served = handoff__yaml_heap_served();
	char *a, *b, *c, *d;

	(void)state;
	handoff__yaml_heap_begin();
	assert_non_null(a = handoff__yaml_heap_malloc(3));
	assert_non_null(b = handoff__yaml_heap_malloc(40));
	assert_true(aligned(a) && aligned(b));
	assert_true(b >= a + 16);
	memcpy(a, "ab", 3);
	/* the newest, freed, is the next one handed out */
	handoff__yaml_heap_free(b);
	assert_ptr_equal(handoff__yaml_heap_malloc(40), b);
	/* grown in place while it is the newest */
	memcpy(b, "grown", 6);
	assert_ptr_equal(c = handoff__yaml_heap_realloc(b, 1000), b);
	assert_string_equal(c, "grown");
	/* an older one is copied, its contents kept */
	assert_non_null(d = handoff__yaml_heap_realloc(a, 100));
	assert_true(d != a && aligned(d));
	assert_string_equal(d, "ab");
	assert_string_equal(handoff__yaml_heap_strdup("libyaml"), "libyaml");
	assert_int_equal(handoff__yaml_heap_served(), served + 5);
	handoff__yaml_heap_end();
}

static void test_yaml_heap__blocks_past_the_first_do_not_overlap(void **state)
{
	enum { N = 600, SIZE = 4000 };	/* 2.4 MB, blocks of 256 KiB and more */
	unsigned char *p[N];
	size_t i, j;

	(void)state;
	handoff__yaml_heap_begin();
	for (i = 0; i < N; i++) {
		assert_non_null(p[i] = handoff__yaml_heap_malloc(SIZE));
		assert_true(aligned(p[i]));
		memset(p[i], (int)(i & 0xff), SIZE);
	}
	for (i = 0; i < N; i++)
		for (j = 0; j < SIZE; j += 997)
			assert_int_equal(p[i][j], i & 0xff);
	/* freed in the window, as libyaml does: past 1 MiB they are malloc's */
	for (i = 0; i < N; i++)
		handoff__yaml_heap_free(p[i]);
	handoff__yaml_heap_end();
	/* the next document starts again, from the block that was kept */
	handoff__yaml_heap_begin();
	assert_non_null(p[0] = handoff__yaml_heap_malloc(SIZE));
	memset(p[0], 1, SIZE);
	handoff__yaml_heap_free(p[0]);
	handoff__yaml_heap_end();
}

/* Past 1 MiB of blocks, malloc's memory: given back by the same calls. */
static void test_yaml_heap__past_the_region_malloc(void **state)
{
	enum { N = 3000, SIZE = 4000 };	/* 12 MB */
	unsigned char **p = malloc(N * sizeof(*p)), *q;
	size_t i, served;

	(void)state;
	assert_non_null(p);
	handoff__yaml_heap_release();	/* no block kept from before */
	served = handoff__yaml_heap_served();
	handoff__yaml_heap_begin();
	for (i = 0; i < N; i++) {
		assert_non_null(p[i] = handoff__yaml_heap_malloc(SIZE));
		memset(p[i], (int)(i & 0xff), SIZE);
	}
	/* 768 KiB of them from the region (two blocks), the rest from malloc */
	assert_true(handoff__yaml_heap_served() - served > 150);
	assert_true(handoff__yaml_heap_served() - served < 250);
	assert_non_null(q = handoff__yaml_heap_realloc(p[N - 1], 2 * SIZE));
	assert_int_equal(q[SIZE - 1], (N - 1) & 0xff);
	p[N - 1] = q;
	for (i = 0; i < N; i++) {
		assert_int_equal(p[i][SIZE / 2], i & 0xff);
		handoff__yaml_heap_free(p[i]);	/* malloc's go back to malloc */
	}
	assert_non_null(q = handoff__yaml_heap_malloc(16 << 20));
	handoff__yaml_heap_free(q);
	handoff__yaml_heap_end();
	free(p);
}

static void test_yaml_heap__the_loader_parses_from_a_region(void **state)
{
	static const char text[] = "customer: Acme\nrisks:\n  - churn\n  - price\n";
	size_t served = handoff__yaml_heap_served();
	struct diag_list diags = DIAG_LIST_INIT;
	struct doc *doc = NULL;

	(void)state;
	assert_int_equal(handoff__yaml_load(&doc, text, sizeof(text) - 1, 1, NULL,
		&diags), 0);
	assert_non_null(doc);
	assert_string_equal(handoff__node_get_str(doc->root, "customer"), "Acme");
	handoff__doc_free(doc);
	handoff__diag_list_release(&diags);
	if (handoff__yaml_heap_served() == served) {
		/* linked to a shared libyaml: it allocates on its own */
		print_message("skip: libyaml is not the build's copy (no libyaml.a)\n");
		skip();
	}
	assert_true(handoff__yaml_heap_served() > served + 10);
}

static int release(void **state)
{
	(void)state;
	handoff__yaml_heap_release();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_heap__outside_a_region_is_libc),
		cmocka_unit_test(test_yaml_heap__newest_is_given_back_and_grown_in_place),
		cmocka_unit_test(test_yaml_heap__blocks_past_the_first_do_not_overlap),
		cmocka_unit_test(test_yaml_heap__past_the_region_malloc),
		cmocka_unit_test(test_yaml_heap__the_loader_parses_from_a_region),
	};

	return cmocka_run_group_tests(tests, NULL, release);
}

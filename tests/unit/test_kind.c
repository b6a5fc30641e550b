/*
 * Unit tests for a kind's placeholders in prose (kind_content_words in
 * lib/kind.c): every match is reported and blanked before the words are
 * counted, whichever patterns the first-byte prefilter lets run; a match
 * that only blanking makes (a pattern of spaces) is still found; a text
 * with none of the patterns' first bytes runs none and counts as it is.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kind.h"

static const char kind_text[] =
	"type: object\n"
	"x-handoff:\n"
	"  placeholders:\n"
	"    - '\\[[^\\[\\]\\n]{2,}+\\]'\n"
	"    - '(?i)\\bTBD\\b'\n"
	"    - '\\?\\?\\?'\n"
	"    - ' {3}y'\n";

#include "kind_fixture.h"

struct spans {
	char text[256];
	size_t n;
};

static int note(size_t start, size_t end, void *payload)
{
	struct spans *s = payload;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof(s->text) - len, "%s%zu-%zu", s->n++ ? " " : "",
		start, end);
	return 0;
}

/* The words of `text` and the spans reported, as "words: spans". */
static void expect_words(const char *text, const char *want)
{
	struct spans s = { "", 0 };
	char got[300];
	size_t words;

	assert_int_equal(handoff__kind_content_words(kind, text, strlen(text), 1000, &words,
		note, &s), 0);
	snprintf(got, sizeof(got), "%zu: %s", words, s.text);
	assert_string_equal(got, want);
}

static void test_kind__content_words_blank_every_placeholder(void **state)
{
	(void)state;
	expect_words("Plain words and nothing else", "5: ");
	expect_words("Owner [name] since TBD, budget ???", "3: 6-12 19-22 31-34");
	expect_words("tbd tbd", "0: 0-3 4-7");
	/* "[ab]" blanked leaves "    y": only then does ' {3}y' match */
	expect_words("[ab]y", "0: 0-4 1-5");
	expect_words("", "0: ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind__content_words_blank_every_placeholder),
	};

	return cmocka_run_group_tests_name("kind", tests, setup, teardown);
}

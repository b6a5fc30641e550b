/*
 * Unit tests for commit-message trailers (lib/message.c): what the
 * commit-msg hook and the server read. The message file git hands the
 * hook still has its comments and, with `commit -v`, the diff below the
 * scissors line; a commit's message has neither.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "message.h"

static void expect(const char *msg, char comment, const char *want)
{
	char *got = handoff__message_trailer(msg, strlen(msg), TRAILER_REASON, comment);

	if (!want && got) {
		print_error("want none, got '%s' from:\n%s\n", got, msg);
		fail();
	} else if (want && (!got || strcmp(got, want))) {
		print_error("want '%s', got '%s' from:\n%s\n", want, got ? got : "(none)", msg);
		fail();
	}
	free(got);
}

static void last_paragraph(void **state)
{
	(void)state;
	expect("Move C1\n\nHandoff-Reason: customer asked\n", 0, "customer asked");
	expect("Move C1\n\nBody text.\n\nSigned-off-by: A <a@x>\nHandoff-Reason:  two  spaces  \n",
		0, "two  spaces");
	expect("Move C1\n\nhandoff-reason: any case\n", 0, "any case");
	/* the subject alone is no trailer block; nor is an earlier paragraph */
	expect("Handoff-Reason: in the subject\n", 0, NULL);
	expect("Move C1\n\nHandoff-Reason: early\n\nThen prose that goes on.\n", 0, NULL);
	/* prose with one trailer among many lines is not a trailer block */
	expect("Move\n\nOne\nTwo\nThree\nFour\nFive\nHandoff-Reason: x\n", 0, NULL);
	expect("Move\n\nOne line of prose\nHandoff-Reason: x\n", 0, "x");
	/* an empty value is no reason */
	expect("Move\n\nHandoff-Reason:\n", 0, NULL);
	expect("", 0, NULL);
	expect("\n\n\n", 0, NULL);
}

static void message_files(void **state)
{
	(void)state;
	expect("Move C1\r\n\r\nHandoff-Reason: crlf\r\n", 0, "crlf");
	expect("Move C1\n\nHandoff-Reason: x\n# Please enter the commit message\n#\n", '#', "x");
	/* a trailer commented out does not count */
	expect("Move C1\n\n# Handoff-Reason: x\n", '#', NULL);
	expect("Move C1\n\nHandoff-Reason: semi\n; comment\n", ';', "semi");
	expect("Move C1\n\nHandoff-Reason: auto\n% comment with auto\n", '*', "auto");
	/* commit -v: everything under the scissors is the diff */
	expect("Move C1\n\nHandoff-Reason: above\n"
		"# ------------------------ >8 ------------------------\n"
		"# Do not modify or remove the line above.\n"
		"diff --git a/x b/x\n+Handoff-Reason: below\n", '#', "above");
	expect("Move C1\n"
		"# ------------------------ >8 ------------------------\n"
		"\nHandoff-Reason: below\n", '#', NULL);
	/* fixup! and merge messages are messages like any other */
	expect("fixup! Move C1\n\nHandoff-Reason: fix\n", '#', "fix");
	expect("Merge branch 'x'\n\n# Conflicts:\n#\thandoffs/a.md\n\nHandoff-Reason: merged\n",
		'#', "merged");
	/* bytes that are not UTF-8 do not stop the reader */
	expect("Move \xff\xfe\n\nHandoff-Reason: caf\xe9\n", '#', "caf\xe9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(last_paragraph),
		cmocka_unit_test(message_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

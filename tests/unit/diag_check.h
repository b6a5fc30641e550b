/*
 * What a parse left in its diagnostic list, checked the same way by every
 * unit test of a parser: none at all, or exactly the problems expected.
 * Include cmocka.h and the module's header before this one.
 */
#ifndef HANDOFF_TEST_DIAG_CHECK_H
#define HANDOFF_TEST_DIAG_CHECK_H

#include <string.h>

#include "common.h"

/* One expected problem: an error at line:col. */
struct want {
	unsigned int line, col;
	const char *pointer;	/* NULL: any */
	const char *part;	/* in the message; NULL: any */
};

/*
 * A parse that must succeed: rc 0 and no diagnostic. Prints the first
 * one, releases the list and says whether all was clean (the caller frees
 * what it got before asserting, so that a failing case leaks nothing).
 */
static inline int diags_clean(int rc, struct diag_list *diags)
{
	size_t n = diags->n;

	if (n)
		print_error("unexpected %s at %u:%u: %s\n", diags->v[0].code,
			diags->v[0].line, diags->v[0].column, diags->v[0].message);
	if (rc)
		print_error("unexpected rc %d\n", rc);
	handoff__diag_list_release(diags);
	return rc == 0 && n == 0;
}

/*
 * A parse that must fail: rc `want_rc`, nothing handed out (`got_nothing`)
 * and exactly the errors in `want`, in order, each with code `code`.
 * Prints what came otherwise; the list is the caller's to release.
 */
static inline int diags_are(int rc, int want_rc, int got_nothing,
	const struct diag_list *diags, const char *code,
	const struct want *want, size_t nwant)
{
	size_t i;
	int ok = rc == want_rc && got_nothing && diags->n == nwant;

	for (i = 0; ok && i < nwant; i++) {
		const handoff_diagnostic *d = &diags->v[i];

		ok = d->severity == HANDOFF_SEVERITY_ERROR &&
			!strcmp(d->code, code) && d->line == want[i].line &&
			d->column == want[i].col &&
			(!want[i].pointer || !strcmp(d->pointer, want[i].pointer)) &&
			(!want[i].part || strstr(d->message, want[i].part));
	}
	if (!ok) {
		print_error("rc %d, %zu diagnostic(s), want %zu:\n", rc, diags->n, nwant);
		for (i = 0; i < nwant; i++)
			print_error("  want %s at %u:%u %s: %s\n", code, want[i].line,
				want[i].col, want[i].pointer ? want[i].pointer : "",
				want[i].part ? want[i].part : "");
		for (i = 0; i < diags->n; i++)
			print_error("  got %s at %u:%u %s: %s\n", diags->v[i].code,
				diags->v[i].line, diags->v[i].column,
				diags->v[i].pointer, diags->v[i].message);
	}
	return ok;
}

#endif

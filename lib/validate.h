/*
 * Validation (validate.c): one record against its kind, a repository's
 * files (handoff_validate), the records no check would read. Its users
 * include this; repo.h, below it, knows nothing of it.
 */
#ifndef HANDOFF_VALIDATE_H
#define HANDOFF_VALIDATE_H

#include "source.h"

/*
 * Judge one record read from `src`: its kind's schema, sections,
 * checklist and roles. Problems are appended to `out` (the reader's own
 * problems stay in rec->diags). HANDOFF_ESCHEMA when the kind itself is
 * broken (its problems are in src->schema_diags). `out` without a cap of
 * its own is capped at DIAG_MAX_PER_RECORD.
 */
int handoff__validate_record(struct diag_list *out, struct source *src,
	struct record *rec);
/*
 * The same, judging a draft as if it were submitted: what `submit`,
 * `accept` and the "complete" score criterion ask.
 */
int handoff__validate_record_complete(struct diag_list *out, struct source *src,
	struct record *rec);
/*
 * Whether the record is complete (*ok): valid and not a draft, found
 * faster: the first failing check stops.
 */
int handoff__validate_record_ok(struct source *src, struct record *rec, int *ok);
/* 1 for a diagnostic code a draft may have as a warning (validate.c). */
int handoff__validate_is_completeness(const char *code);
/* The record's state by its kind; NONE when the kind has none or is unknown. */
enum kind_state handoff__validate_record_state(struct source *src,
	const struct record *rec);
/*
 * For tests: how many placeholder pointers schema verdicts were compared
 * with, in all, so far (a verdict costs the depth of its pointer times
 * the log of the placeholders, never their number).
 */
size_t handoff__validate_covered_probes(void);

/*
 * Records that no check would read. handoff__stray_candidate() (record.h): 1 when `path`
 * could be one, by its name alone: a record's extension in any letter
 * case, outside the records folders or not in lowercase, with no name
 * starting with '.' (.handoff/, .github/ hold templates, not records).
 * handoff__validate_stray(): given its bytes, an error on `out` when it holds a
 * record of a known kind (a peek at its first lines for `kind:`, no
 * YAML read), naming the folder or the name it belongs under; 1 then.
 */
int handoff__validate_stray(struct diag_list *out, struct source *src, const char *path,
	const char *data, size_t len);
/*
 * handoff_validate() of files (policy.c judges a range, commit by
 * commit, and hands the rest here).
 */
int handoff__validate_files(handoff_report **out, handoff_repo *repo,
	const handoff_validate_options *opts);

#endif

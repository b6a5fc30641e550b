/*
 * Receipts: the server's clock. The post-receive hook writes, for every
 * commit a push brings in, a git note under HANDOFF_RECEIPTS_REF:
 *
 *	received: 2026-11-02T08:00:00Z
 *	pusher: jane
 *	via: REMOTE_USER
 *	ref: refs/heads/main
 *	record: <blob> <blob in the first parent, or zeros> <path>
 *
 * one `record:` line per Markdown file the commit added or changed, so
 * that a version first seen in a squashed or rebased commit finds when
 * the server first received that same blob at that path.
 *
 * Reading: the notes tree is read once per run into an overlay keyed by
 * commit id (and by blob and path), never into the history cache; the
 * walk's versions are then timed by their receipt where there is one.
 */
#ifndef HANDOFF_RECEIPTS_H
#define HANDOFF_RECEIPTS_H

#include "history.h"

struct receipts;

/* The receipts under HANDOFF_RECEIPTS_REF, one pass; none is an empty set. */
int handoff__receipts_load(struct receipts **out, git_repository *git);
void handoff__receipts_free(struct receipts *r);

/* The receipts in one note's `text`, as commit `commit`'s (for fuzzing). */
int handoff__receipts_parse(struct receipts **out, const git_oid *commit,
	const char *text, size_t len);

/* The notes ref's commit (for a cache key); HANDOFF_ENOTFOUND when none. */
int handoff__receipts_tip(git_oid *out, git_repository *git);

/* The login the server named for `commit` (borrowed); NULL: no receipt, or unknown. */
const char *handoff__receipts_pusher(const struct receipts *r, const git_oid *commit);
/* Whether `r` (or NULL) holds a receipt of any commit. */
int handoff__receipts_any(const struct receipts *r);

/* A commit whose own date its receipt contradicts. */
struct receipt_signal {
	git_oid commit;
	char *path, *email;	/* of the first record version it made */
	long long committed, received;
	int future;		/* dated after it was received, else backdated */
};

struct receipts_use {
	size_t times, receipts;	/* versions timed; of them, by a receipt */
	struct receipt_signal *signals;
	size_t nsignals, asignals;
};

/*
 * Time every version of `h` by its receipt: its commit's own, or the
 * earliest receipt of its blob at its path, whichever is earlier (never
 * before the version it follows). A version made by a squashed commit
 * whose blob the receipts trace back, through received commits, to the
 * record's blob before it becomes those versions again, so a squash
 * merge measures as the branch it squashed. Both commit_time and
 * author_time of a timed version become the receipt's time. Commits
 * dated more than `tolerance` seconds before their receipt, or after it,
 * are listed in `out->signals`. With `own_only` (first-parent: when a
 * change reached the main line) only a commit's own receipt counts.
 */
int handoff__receipts_apply(struct receipts_use *out, struct history *h,
	struct receipts *r, git_repository *git, double tolerance, int own_only);
void handoff__receipts_use_release(struct receipts_use *u);

/*
 * Which clock `receipts` of `times` used, `clock` (committer, author,
 * first-parent) the commits' own: "server receipts", "mixed: N of M from
 * receipts, ...", or "commit dates (self-asserted, ...)".
 */
void handoff__receipts_clock_label(char *buf, size_t size, size_t receipts, size_t times,
	const char *clock);
/* The same as a JSON member: ,"clock_source":{"label":..,"receipts":N,"times":M} */
void handoff__receipts_clock_json(handoff_buf *b, size_t receipts, size_t times,
	const char *clock);

/* "commit abc1234 is dated 2026-... , 3d before the server received it ..." */
char *handoff__receipts_signal_message(const struct receipt_signal *s);

#endif

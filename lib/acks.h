/*
 * Acknowledged signals (.handoff/acks.yaml, written by `git handoff ack`):
 * a tamper signal ops has looked at once, with who, when and why. A
 * signal is named by its type and the commit that raised it,
 * "backdated-1a2b3c4d5e6f"; once acknowledged, score, status and report
 * no longer warn of it, and audit lists it with the acknowledgement.
 */
#ifndef HANDOFF_ACKS_H
#define HANDOFF_ACKS_H

#include <git2.h>

#include "source.h"

#define ACKS_PATH ".handoff/acks.yaml"

struct ack {
	const char *signal, *by, *at, *reason;
};

struct acks {
	struct doc *doc;
	struct ack *v;
	size_t n;
};

/* "<type>-<12 hex of commit>" into `buf` (at least 64 bytes). */
void handoff__signal_id(char *buf, size_t size, const char *type, const git_oid *commit);

/*
 * The acknowledgements of `src` (none when there is no file). A file
 * that does not read is HANDOFF_ESCHEMA, its line and column in the error.
 */
int handoff__acks_read(struct acks *out, const struct source *src);
const struct ack *handoff__acks_find(const struct acks *a, const char *signal);
void handoff__acks_release(struct acks *a);

#endif

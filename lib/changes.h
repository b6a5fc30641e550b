/*
 * The list behind handoff_changes: what log, diff and blame hand out.
 */
#ifndef HANDOFF_CHANGES_H
#define HANDOFF_CHANGES_H

#include "common.h"

struct handoff_changes {
	handoff_change *v;
	size_t n, alloc;
	char **notes;
	size_t nnotes;
};

int handoff__changes_new(handoff_changes **out);
/* Append a copy of `c` (every string duplicated). */
int handoff__changes_add(handoff_changes *list, const handoff_change *c);
int handoff__changes_note(handoff_changes *list, const char *note);
/* Newest first by the history's order, not by date; work tree changes first. */
void handoff__changes_sort_newest_first(handoff_changes *list);

/* A JSON value for a person: at most 72 characters (not bytes), on one line. */
int handoff__changes_put_short(handoff_buf *out, const char *json);

/* ISO 8601 with the given offset: 2026-11-03T11:20:00+09:00. */
void handoff__format_iso_time(char *buf, size_t size, long long t, int offset_minutes);
/* `t` as ISO 8601 with `tz`'s offset then; "" for 0. */
struct tz;
void handoff__out_time(char *buf, size_t size, const struct tz *tz, long long t);

#endif

/*
 * Commit messages: the trailers git-handoff reads (`Handoff-Reason:`,
 * `Handoff-Decision:`, `Handoff-Backfill:`), found the way git finds them: in the message's
 * last paragraph, after comment lines and everything below a scissors
 * line are dropped, keys compared without regard to case.
 */
#ifndef HANDOFF_MESSAGE_H
#define HANDOFF_MESSAGE_H

#include "common.h"

#define TRAILER_REASON "Handoff-Reason"
#define TRAILER_DECISION "Handoff-Decision"
#define TRAILER_BACKFILL "Handoff-Backfill"	/* ops imports a past handoff */

/*
 * The value of trailer `key` in `msg` (the first one), as a new string,
 * or NULL when there is none or it is empty. `comment` is the comment
 * character of the message file (core.commentChar), or 0 for a message
 * already cleaned up (a commit's). With `comment` set to '*', any of
 * git's `auto` choices counts (#;@!$%^&|:).
 */
char *handoff__message_trailer(const char *msg, size_t len, const char *key, char comment);

#endif

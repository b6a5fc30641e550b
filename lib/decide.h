/*
 * The rewrite behind handoff_decide, apart from any repository, so that
 * the fuzz target can try it on any bytes.
 */
#ifndef HANDOFF_DECIDE_H
#define HANDOFF_DECIDE_H

#include <git2.h>

#include "record.h"

/*
 * `rec`'s bytes with its acceptance block made {status, by, at, gaps} as
 * `o` says, appended to `out`, and read back to prove it: the result
 * parses, holds the decision, and keeps every other key, the bytes before
 * the front matter and the body as they were. HANDOFF_EINVALID when the
 * front matter cannot be read or the block is not a plain top-level key,
 * HANDOFF_ERROR when the result would not read back right (nothing to
 * write: the message says why).
 */
int handoff__decide_rewrite(handoff_buf *out, const struct record *rec,
	const handoff_decide_options *o, const char *by, const char *at);

/*
 * Who is acting: GIT_AUTHOR_EMAIL, else git's user.email, else EMAIL;
 * NULL with the error set when none is (ack.c too). Caller frees.
 */
char *handoff__decide_git_email(git_repository *git);

#endif

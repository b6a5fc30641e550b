/*
 * libgit2's memory, with a ceiling a thread sets on one read.
 *
 * A 2 GB blob is refused before it is loaded (RELIABILITY.md 5.2). Asking
 * libgit2 for a packed blob's size first (git_odb_read_header) walks its
 * whole delta chain under libgit2's global pack-window lock: a tenth of a
 * cold history pass, and most of the waiting between its threads. So a
 * blob is read under a ceiling on every single allocation libgit2 makes
 * for it: the buffer of a bigger blob is refused before anything is
 * inflated into it, and only then is its size asked (a small record may
 * have a big delta base, and is read again without the ceiling).
 *
 * handoff__git_alloc_install() gives libgit2 these allocation functions
 * (malloc and free underneath, so memory from before it mixes freely);
 * it is called after each git_libgit2_init().
 */
#ifndef HANDOFF_GIT_ALLOC_H
#define HANDOFF_GIT_ALLOC_H

#include <stddef.h>

void handoff__git_alloc_install(void);

/*
 * This thread's ceiling on one libgit2 allocation, 0 for none. Returns
 * whether an allocation was refused since the ceiling was last set.
 */
int handoff__git_alloc_ceiling(size_t bytes);

#endif

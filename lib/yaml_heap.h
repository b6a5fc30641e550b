/*
 * libyaml's memory, one region per document.
 *
 * libyaml makes about a thousand calls to malloc and free for a record's
 * front matter, as many as the rest of validation put together, and its
 * buffers are large enough to make malloc merge its free lists on each.
 * The build links a copy of libyaml whose own allocation calls (the
 * malloc, realloc, free and strdup of its api.c, through which all of its
 * memory goes) are renamed to the four functions below (see the Makefile).
 *
 * Between handoff__yaml_heap_begin() and handoff__yaml_heap_end() on a
 * thread, those calls take memory from the thread's region: a bump of a
 * pointer, a free that gives back only the newest allocation, a realloc
 * that grows the newest in place. end() releases all of it at once and
 * keeps one block for the thread's next document. Outside that window the
 * four functions are malloc, realloc, free and strdup, so libyaml is
 * usable anywhere; linked against a shared libyaml, they are simply not
 * called.
 *
 * Everything libyaml allocates in the window must be freed in it (the
 * loader creates and deletes its parser and events in it). A region holds
 * 1 MiB at most: a document that needs more (a megabyte of tiny scalars,
 * whose memory libyaml frees in an order the region cannot take back)
 * goes on with malloc's memory, allocated and freed as usual.
 */
#ifndef HANDOFF_YAML_HEAP_H
#define HANDOFF_YAML_HEAP_H

#include <stddef.h>

void handoff__yaml_heap_begin(void);
void handoff__yaml_heap_end(void);
/* The block this thread kept, given back (by handoff__doc_thread_release). */
void handoff__yaml_heap_release(void);

/* Allocations served from regions by this thread, for tests. */
size_t handoff__yaml_heap_served(void);

void *handoff__yaml_heap_malloc(size_t size);
void *handoff__yaml_heap_realloc(void *ptr, size_t size);
void handoff__yaml_heap_free(void *ptr);
char *handoff__yaml_heap_strdup(const char *s);

#endif

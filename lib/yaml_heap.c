/* libyaml's memory, one region per document (see yaml_heap.h). */
#include <stdlib.h>
#include <string.h>

#include "yaml_heap.h"

/*
 * An allocation is its size in a 16-byte header, then its bytes rounded
 * up to 16: every pointer handed out keeps malloc's alignment.
 */
#define HEADER 16
#define FIRST_BLOCK (256u << 10)	/* libyaml's buffers alone take 64 KiB */
#define KEEP_BLOCK (512u << 10)	/* the largest block kept for the next document */
#define REGION_MAX (1u << 20)		/* of blocks; past it, malloc's memory */

struct block {
	struct block *next;
	size_t size;		/* of the room after this header (16 bytes) */
};

static __thread struct region {
	struct block *blocks;	/* the newest, largest, first */
	char *next, *end;	/* the room left in the newest block */
	char *last;		/* the newest allocation, if not given back */
	size_t total;		/* bytes of all blocks */
	size_t served;
	int on;
} region;

static size_t round16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static size_t size_of(const char *p)
{
	size_t size;

	memcpy(&size, p - HEADER, sizeof(size));
	return size;
}

/* A new newest block with room for `need` bytes. */
static int add_block(size_t need)
{
	size_t size = region.blocks ? region.blocks->size * 2 : FIRST_BLOCK;
	struct block *b;

	while (size < need)
		size *= 2;
	if (size > REGION_MAX - region.total || !(b = malloc(sizeof(*b) + size)))
		return -1;
	b->next = region.blocks;
	b->size = size;
	region.blocks = b;
	region.next = (char *)(b + 1);
	region.end = region.next + size;
	region.total += size;
	return 0;
}

void *handoff__yaml_heap_malloc(size_t size)
{
	size_t room;
	char *p;

	if (!region.on || size > REGION_MAX)
		return malloc(size);
	room = HEADER + round16(size ? size : 1);
	if ((size_t)(region.end - region.next) < room && add_block(room) < 0)
		return malloc(size);	/* a document that frees little: bounded all the same */
	memcpy(region.next, &size, sizeof(size));
	p = region.next + HEADER;
	region.next += room;
	region.last = p;
	region.served++;
	return p;
}

/* Whether `p` was handed out from one of the blocks (two at most). */
static int in_region(const char *p)
{
	const struct block *b;

	for (b = region.blocks; b; b = b->next)
		if (p >= (const char *)(b + 1) && p < (const char *)(b + 1) + b->size)
			return 1;
	return 0;
}

void handoff__yaml_heap_free(void *ptr)
{
	if (!region.on || !in_region(ptr)) {
		free(ptr);
		return;
	}
	/* the rest waits for the end of the document */
	if (ptr == region.last) {
		region.next = region.last - HEADER;
		region.last = NULL;
	}
}

void *handoff__yaml_heap_realloc(void *ptr, size_t size)
{
	char *p = ptr, *q;
	size_t old;

	if (!p)
		return handoff__yaml_heap_malloc(size);
	if (!region.on || !in_region(p))
		return realloc(ptr, size);
	old = size_of(p);
	if (p == region.last && size <= REGION_MAX &&
	    (size_t)(region.end - p) >= round16(size ? size : 1)) {
		memcpy(p - HEADER, &size, sizeof(size));
		region.next = p + round16(size ? size : 1);
		return p;
	}
	if (!(q = handoff__yaml_heap_malloc(size)))
		return NULL;
	memcpy(q, p, old < size ? old : size);
	return q;
}

char *handoff__yaml_heap_strdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *p;

	if (!region.on)
		return strdup(s);
	if ((p = handoff__yaml_heap_malloc(len)))
		memcpy(p, s, len);
	return p;
}

void handoff__yaml_heap_begin(void)
{
	region.on = 1;
}

void handoff__yaml_heap_end(void)
{
	struct block *keep = region.blocks, *b, *next;

	region.on = 0;
	if (keep && keep->size > KEEP_BLOCK)
		keep = NULL;
	for (b = region.blocks; b; b = next) {
		next = b->next;
		if (b != keep)
			free(b);
	}
	region.blocks = keep;
	region.total = keep ? keep->size : 0;
	region.next = keep ? (char *)(keep + 1) : NULL;
	region.end = keep ? region.next + keep->size : NULL;
	region.last = NULL;
	if (keep)
		keep->next = NULL;
}

void handoff__yaml_heap_release(void)
{
	handoff__yaml_heap_end();
	free(region.blocks);
	memset(&region, 0, sizeof(region));
}

size_t handoff__yaml_heap_served(void)
{
	return region.served;
}

/* A set of strings kept once each (see strset.h). */
#include "strset.h"

#define STR_BLOCK 65536	/* bytes of strings per block, a longer one its own */

struct str_block {
	struct str_block *next;
	char s[];
};

static const char **str_slot(const struct str_set *t, const char *s)
{
	size_t i;

	for (i = handoff__str_hash(s) & (t->cap - 1); t->slots[i]; i = (i + 1) & (t->cap - 1))
		if (!strcmp(t->slots[i], s))
			break;
	return &t->slots[i];
}

/* `len` bytes from the blocks; a long string gets a block of its own. */
static char *str_room(struct str_set *t, size_t len)
{
	size_t size = len > STR_BLOCK / 4 ? len : STR_BLOCK;
	struct str_block *b;
	char *p;

	if (len <= t->left) {
		p = t->cur;
		t->cur += len;
		t->left -= len;
		return p;
	}
	if (!(b = malloc(sizeof(*b) + size)))
		return NULL;
	b->next = t->blocks;
	t->blocks = b;
	if (size == len)
		return b->s;
	t->cur = b->s + len;
	t->left = size - len;
	return b->s;
}

const char *handoff__str_keep(struct str_set *t, const char *s, int *oom)
{
	const char **at, **old = t->slots;
	size_t i, cap = t->cap;
	char *copy;

	if (!s)
		return NULL;
	if (2 * (t->n + 1) > t->cap) {
		t->cap = cap ? 2 * cap : 1024;
		if (!(t->slots = calloc(t->cap, sizeof(*t->slots)))) {
			t->slots = old;
			t->cap = cap;
			*oom = 1;
			return NULL;
		}
		for (i = 0; i < cap; i++)
			if (old[i])
				*str_slot(t, old[i]) = old[i];
		free(old);
	}
	if (*(at = str_slot(t, s)))
		return *at;
	if (!(copy = str_room(t, strlen(s) + 1))) {
		*oom = 1;
		return NULL;
	}
	strcpy(copy, s);
	t->n++;
	return *at = copy;
}

void handoff__str_set_release(struct str_set *t)
{
	struct str_block *b, *next;

	for (b = t->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(t->slots);
	memset(t, 0, sizeof(*t));
}


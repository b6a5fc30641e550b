/*
 * What the fuzz targets share: a source of rules with the built-in kinds
 * (read from ./schemas, so run them from the top of the tree) and the
 * default config, made once.
 */
#ifndef HANDOFF_FUZZ_H
#define HANDOFF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "repo.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline struct source *fuzz_source(void)
{
	static struct source src;
	static handoff_repo *repo;

	if (!repo) {
		handoff_set_data_dir(".");
		if (handoff_repo_open(&repo, "tests/fuzz", HANDOFF_REPO_OPEN_OPTIONAL) < 0 ||
		    handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL) < 0)
			abort();
	}
	return &src;
}

/* A NUL-terminated copy of the input. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif

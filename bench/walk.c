/*
 * The history walk alone, for the benchmark: one pass over the history of
 * the repository at PATH for every record under the default folders,
 * then the number of records and versions found.
 *
 *   walk PATH
 */
#include <stdio.h>

#include "config.h"
#include "history.h"

int main(int argc, char **argv)
{
	struct history_options opts = HISTORY_OPTIONS_INIT;
	struct history *h = NULL;
	struct config *cfg = NULL;
	git_repository *repo = NULL;
	size_t i, versions = 0;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: walk PATH\n");
		return 2;
	}
	git_libgit2_init();
	if (git_repository_open(&repo, argv[1]) < 0 || handoff__config_default(&cfg) < 0) {
		fprintf(stderr, "walk: cannot open %s\n", argv[1]);
		return 2;
	}
	opts.config = cfg;
	if ((err = handoff__history_walk(&h, repo, &opts)) < 0) {
		fprintf(stderr, "walk: %s\n", handoff_error_last()->message);
		return 2;
	}
	for (i = 0; i < h->n; i++)
		versions += h->records[i].n;
	printf("%zu records, %zu versions\n", h->n, versions);
	handoff__history_free(h);
	handoff__config_free(cfg);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}

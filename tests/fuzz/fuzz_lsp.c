/*
 * The language server (lsp.c): any bytes from a client, framed or not,
 * then every queued message handled, with the built-in kinds and the
 * default config. Answers go nowhere; what counts is that nothing
 * crashes, leaks or runs past a limit.
 */
#include "fuzz.h"

static int sink(const char *data, size_t len, void *payload)
{
	(void)data;
	(void)len;
	(void)payload;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static handoff_repo *repo;
	handoff_lsp_options o = HANDOFF_LSP_OPTIONS_INIT;
	handoff_lsp *lsp = NULL;

	if (!repo) {
		handoff_set_data_dir(".");
		if (handoff_repo_open(&repo, "tests/fuzz", HANDOFF_REPO_OPEN_OPTIONAL) < 0)
			abort();
	}
	o.max_message = 1 << 20;
	if (handoff_lsp_new(&lsp, repo, &o, sink, NULL) < 0)
		return 0;
	if (handoff_lsp_feed(lsp, (const char *)data, size) == 0)
		while (handoff_lsp_pending(lsp) && handoff_lsp_work(lsp) == 0)
			;
	handoff_lsp_free(lsp);
	return 0;
}

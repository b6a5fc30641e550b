/* .handoff/config.yaml. */
#include "fuzz.h"
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct config *cfg = NULL;

	if (handoff__config_parse(&cfg, (const char *)data, size, &diags) == 0)
		handoff__config_free(cfg);
	handoff__diag_list_release(&diags);
	return 0;
}

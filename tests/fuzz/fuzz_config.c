/* .handoff/config.yaml. */
#include "fuzz.h"
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct config *cfg = NULL;

	if (config_parse(&cfg, (const char *)data, size, &diags) == 0)
		config_free(cfg);
	diag_list_release(&diags);
	return 0;
}

/* A kind's schema: JSON Schema, x-handoff, patterns, score and SLA rules. */
#include "fuzz.h"
#include "kind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct kind *kind = NULL;

	if (handoff__kind_compile(&kind, "fuzz", "fuzz.yaml", (const char *)data, size, &diags) == 0)
		handoff__kind_free(kind);
	handoff__diag_list_release(&diags);
	return 0;
}

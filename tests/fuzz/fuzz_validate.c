/* A record judged by the built-in kinds (its `kind` field picks one). */
#include "fuzz.h"
#include "record.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct record *rec = NULL;
	int ok;

	if (handoff__record_parse(&rec, "handoffs/f.md", (const char *)data, size, NULL) == 0) {
		handoff__validate_record(&diags, fuzz_source(), rec);
		handoff__validate_record_ok(fuzz_source(), rec, &ok);
		handoff__record_free(rec);
	}
	handoff__diag_list_release(&diags);
	return 0;
}

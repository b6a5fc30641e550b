/* The front matter splitter, the YAML loader and the body reader. */
#include "fuzz.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record *rec = NULL;

	if (handoff__record_parse(&rec, "handoffs/f.md", (const char *)data, size, NULL) == 0)
		handoff__record_free(rec);
	return 0;
}

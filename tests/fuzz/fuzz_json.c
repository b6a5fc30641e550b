/*
 * The JSON reader (json.c), under its default limits: whatever it
 * accepts, written back and read again, is the same text.
 */
#include "fuzz.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json *j = NULL, *again = NULL;
	handoff_buf a = HANDOFF_BUF_INIT, b = HANDOFF_BUF_INIT;

	if (handoff__json_parse(&j, (const char *)data, size, NULL, NULL) < 0)
		return 0;
	if (handoff__json_write(&a, j) == 0) {
		if (handoff__json_parse(&again, a.ptr, a.size, NULL, NULL) < 0 ||
		    handoff__json_write(&b, again) < 0 || a.size != b.size ||
		    memcmp(a.ptr, b.ptr, a.size))
			abort();
	}
	handoff__json_free(j);
	handoff__json_free(again);
	handoff_buf_dispose(&a);
	handoff_buf_dispose(&b);
	return 0;
}

/* pre-receive's `<old> <new> <ref>` lines, and commit-message trailers. */
#include "fuzz.h"
#include "message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	handoff_ref_update *u = NULL;
	size_t n = 0;
	char *text = fuzz_text(data, size), *reason;

	if (!text)
		return 0;
	if (handoff_ref_updates_parse(&u, &n, text) == 0)
		free(u);
	free(text);
	reason = handoff__message_trailer((const char *)data, size, TRAILER_REASON, '#');
	free(reason);
	return 0;
}

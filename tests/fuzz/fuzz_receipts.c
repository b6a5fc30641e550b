/* A receipt: the note the server's post-receive writes for a commit. */
#include "fuzz.h"
#include "receipts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct receipts *r = NULL;
	git_oid commit;

	memset(&commit, 0x5a, sizeof(commit));
	if (handoff__receipts_parse(&r, &commit, (const char *)data, size) == 0)
		handoff__receipts_free(r);
	return 0;
}

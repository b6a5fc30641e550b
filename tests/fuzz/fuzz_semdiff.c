/* The semantic diff of two records: the input split at its first NUL byte. */
#include "fuzz.h"
#include "record.h"
#include "semdiff.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t na = nul ? (size_t)(nul - data) : size / 2;
	struct record *a = NULL, *b = NULL;
	struct change_list cl = CHANGE_LIST_INIT;
	struct kind *kind = NULL;

	if (handoff__record_parse(&a, "a.md", (const char *)data, na, NULL) == 0 &&
	    handoff__record_parse(&b, "b.md", (const char *)data + na + (nul != NULL),
	    size - na - (nul != NULL), NULL) == 0) {
		const char *name = handoff__node_get_str(handoff__record_front(b), "kind");

		if (name && handoff__source_kind(&kind, fuzz_source(), name) < 0)
			kind = NULL;
		handoff__semdiff(&cl, kind, a, b, 0);
		handoff__change_list_release(&cl);
		handoff__semdiff(&cl, kind, a, b, SEMDIFF_LEAVES);
		handoff__change_list_release(&cl);
	}
	handoff__record_free(a);
	handoff__record_free(b);
	return 0;
}

/* git's index file, as the pre-commit hook reads it (SHA-1 and SHA-256 ids). */
#include "fuzz.h"
#include "index_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct index_file *ix = NULL;
	size_t hash_size, n, i;

	for (hash_size = 20; hash_size <= 32; hash_size += 12) {
		if (index_file_read(&ix, data, size, hash_size) == 0) {
			const struct index_entry *e = index_file_entries(ix, &n);

			for (i = 0; i < n; i++)
				index_file_tree(ix, e[i].path, strlen(e[i].path));
			index_file_free(ix);
		}
	}
	return 0;
}

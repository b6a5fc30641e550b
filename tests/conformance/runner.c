/*
 * The JSON Schema conformance runner: every case of the official
 * JSON-Schema-Test-Suite files we keep (draft2020-12, the keywords
 * git-handoff supports, and optional/format for the formats it asserts)
 * through the schema engine, the way kinds go through it, except that
 * unknown keywords are ignored as the suite expects.
 *
 * The suite's folder comes from JSON_SCHEMA_TEST_SUITE, by default
 * ../shared/conformance/json-schema-test-suite (make runs this from the
 * project root); when it is not there the run is skipped, not failed.
 * JSON is YAML, so the files are read with the project's own loader,
 * after one translation: libyaml refuses the JSON escapes of a surrogate
 * pair ("\uD83D\uDCA9"), so they become the YAML escape of the code
 * point they encode ("\U0001F4A9") first.
 *
 * Output: `draft2020-12/<file>: <passed>/<total>` per file, the failures
 * under it, then `conformance: N passed, N failed`. Exit 1 on a failure.
 * With -v a failure also shows the diagnostics the engine gave.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "common.h"
#include "node.h"
#include "schema.h"

#define DEFAULT_SUITE "../shared/conformance/json-schema-test-suite"

/*
 * Groups we do not run, and why. Only what needs a document that is not
 * in the test file itself belongs here: the engine resolves $ref within
 * one document and never fetches anything.
 */
static const struct {
	const char *file;
	const char *group;
	const char *why;
} skips[] = {
	/* $ref to https://json-schema.org/draft/2020-12/schema */
	{ "draft2020-12/ref.json", "remote ref, containing refs itself",
	  "needs the remote 2020-12 metaschema" },
	/* the same metaschema, from the $defs tests */
	{ "draft2020-12/defs.json", "validate definition against metaschema",
	  "needs the remote 2020-12 metaschema" },
};

static int verbose;
static size_t total_passed, total_failed;

static const char *skip_reason(const char *file, const char *group)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(skips); i++)
		if (!strcmp(skips[i].file, file) && !strcmp(skips[i].group, group))
			return skips[i].why;
	return NULL;
}

static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	handoff_buf b = HANDOFF_BUF_INIT;
	char chunk[65536];
	size_t n;
	int err = 0;

	*out = NULL;
	if (!f)
		return -1;
	while (!err && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		err = handoff__buf_put(&b, chunk, n);
	if (ferror(f))
		err = -1;
	fclose(f);
	if (err || !b.ptr) {
		handoff_buf_dispose(&b);
		return -1;
	}
	*out = b.ptr;
	*len = b.size;
	return 0;
}

static int hex4(const char *s, unsigned int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned int)(c - 'A' + 10);
		else
			return 0;
	}
	return 1;
}

/*
 * Rewrite \uHHHH\uLLLL surrogate pairs inside JSON strings as \UXXXXXXXX,
 * in place (the result is shorter).
 */
static size_t join_surrogates(char *text, size_t len)
{
	size_t i = 0, o = 0;
	int in_string = 0;

	while (i < len) {
		unsigned int hi, lo;

		if (!in_string) {
			in_string = text[i] == '"';
			text[o++] = text[i++];
			continue;
		}
		if (text[i] == '"') {
			in_string = 0;
			text[o++] = text[i++];
			continue;
		}
		if (text[i] != '\\' || i + 1 >= len) {
			text[o++] = text[i++];
			continue;
		}
		if (i + 12 <= len && text[i + 1] == 'u' && hex4(text + i + 2, &hi) &&
		    hi >= 0xd800 && hi <= 0xdbff && text[i + 6] == '\\' &&
		    text[i + 7] == 'u' && hex4(text + i + 8, &lo) &&
		    lo >= 0xdc00 && lo <= 0xdfff) {
			char esc[11];

			snprintf(esc, sizeof(esc), "\\U%08x",
				0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00));
			memcpy(text + o, esc, 10);
			o += 10;
			i += 12;
			continue;
		}
		/* any other escape: both characters as they are */
		text[o++] = text[i++];
		text[o++] = text[i++];
	}
	return o;
}

static void print_diags(const struct diag_list *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		printf("      %u:%u %s %s: %s\n", d->v[i].line, d->v[i].column,
			d->v[i].code, d->v[i].pointer, d->v[i].message);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the *.json files in `dir` (none if it is missing). */
static char **list_json(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, alloc = 0;

	*count = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		if (n == alloc) {
			char **p;

			alloc = alloc ? alloc * 2 : 64;
			if (!(p = realloc(v, alloc * sizeof(*v))))
				break;
			v = p;
		}
		if (!(v[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*count = n;
	return v;
}

static void run_group(const char *label, const struct node *g,
	size_t *passed, size_t *total, size_t *skipped, handoff_buf *failures)
{
	const char *desc = handoff__node_get_str(g, "description"), *why;
	const struct node *schema = handoff__node_get(g, "schema");
	const struct node *tests = handoff__node_get(g, "tests");
	struct diag_list cd = DIAG_LIST_INIT;
	struct schema *s = NULL;
	size_t i;
	int cerr;

	if (!desc)
		desc = "(no description)";
	if (!tests || tests->type != NODE_SEQ)
		return;
	if ((why = skip_reason(label, desc)) != NULL) {
		printf("skip: %s: %s (%zu tests): %s\n", label, desc, tests->n, why);
		*skipped += tests->n;
		return;
	}
	cerr = schema ? handoff__schema_compile(&s, schema, label, 0, &cd) : -1;
	for (i = 0; i < tests->n; i++) {
		const struct node *t = tests->items[i];
		const char *tdesc = handoff__node_get_str(t, "description");
		const struct node *data = handoff__node_get(t, "data");
		const struct node *valid = handoff__node_get(t, "valid");
		struct diag_list vd = DIAG_LIST_INIT;
		int r = -1, ok;

		(*total)++;
		if (!cerr && data && valid && valid->type == NODE_BOOL)
			r = handoff__schema_validate(s, data, &vd);
		ok = r >= 0 && (r == 0) == (valid->boolean != 0);
		if (ok) {
			(*passed)++;
		} else {
			handoff__buf_printf(failures, "  FAIL %s: %s / %s\n", label, desc,
				tdesc ? tdesc : "(no description)");
			if (verbose) {
				struct diag_list *d = cerr ? &cd : &vd;
				size_t k;

				for (k = 0; k < d->n; k++)
					handoff__buf_printf(failures,
						"      %u:%u %s %s: %s\n",
						d->v[k].line, d->v[k].column, d->v[k].code,
						d->v[k].pointer, d->v[k].message);
				if (cerr && !d->n)
					handoff__buf_printf(failures,
						"      compile: %d %s\n",
						cerr, handoff_error_last()->message);
			}
		}
		handoff__diag_list_release(&vd);
	}
	handoff__schema_free(s);
	handoff__diag_list_release(&cd);
}

static void run_file(const char *dir, const char *rel)
{
	struct yaml_limits limits = { 64, 1000000, 1024 * 1024 };
	struct diag_list diags = DIAG_LIST_INIT;
	handoff_buf path = HANDOFF_BUF_INIT, label = HANDOFF_BUF_INIT;
	handoff_buf failures = HANDOFF_BUF_INIT;
	struct doc *doc = NULL;
	size_t len = 0, i, passed = 0, total = 0, skipped = 0;
	char *text = NULL;

	handoff__buf_printf(&path, "%s/%s", dir, rel);
	handoff__buf_puts(&label, rel);
	if (read_file(path.ptr, &text, &len) < 0) {
		printf("%s: cannot read: %s\n", label.ptr, strerror(errno));
		total_failed++;
		goto done;
	}
	len = join_surrogates(text, len);
	if (handoff__yaml_load(&doc, text, len, 1, &limits, &diags) < 0 || !doc->root ||
	    doc->root->type != NODE_SEQ) {
		printf("%s: cannot load\n", label.ptr);
		print_diags(&diags);
		total_failed++;
		goto done;
	}
	for (i = 0; i < doc->root->n; i++)
		run_group(label.ptr, doc->root->items[i], &passed, &total, &skipped,
			&failures);
	printf("%s: %zu/%zu", label.ptr, passed, total);
	if (skipped)
		printf(" (%zu skipped)", skipped);
	printf("\n%s", failures.ptr ? failures.ptr : "");
	total_passed += passed;
	total_failed += total - passed;
done:
	handoff__doc_free(doc);
	free(text);
	handoff__diag_list_release(&diags);
	handoff_buf_dispose(&path);
	handoff_buf_dispose(&label);
	handoff_buf_dispose(&failures);
}

static void run_folder(const char *suite, const char *sub)
{
	handoff_buf dir = HANDOFF_BUF_INIT, rel = HANDOFF_BUF_INIT;
	char **names;
	size_t n, i;

	handoff__buf_printf(&dir, "%s/%s", suite, sub);
	names = list_json(dir.ptr, &n);
	for (i = 0; i < n; i++) {
		rel.size = 0;
		handoff__buf_printf(&rel, "%s/%s", sub, names[i]);
		run_file(suite, rel.ptr);
		free(names[i]);
	}
	free(names);
	handoff_buf_dispose(&dir);
	handoff_buf_dispose(&rel);
}

int main(int argc, char **argv)
{
	const char *suite = getenv("JSON_SCHEMA_TEST_SUITE");
	struct stat st;

	if (argc > 1 && !strcmp(argv[1], "-v"))
		verbose = 1;
	if (!suite || !*suite)
		suite = DEFAULT_SUITE;
	if (stat(suite, &st) < 0 || !S_ISDIR(st.st_mode)) {
		printf("conformance: suite not found at '%s'; skipped\n", suite);
		return 0;
	}
	run_folder(suite, "draft2020-12");
	run_folder(suite, "draft2020-12/optional/format");
	printf("conformance: %zu passed, %zu failed\n", total_passed, total_failed);
	if (fflush(stdout) != 0)
		return 2;
	return total_failed ? 1 : 0;
}

/*
 * Unit tests for lib/cachefile.c and lib/history_cache.c: a sealed cache
 * file opens only whole, for its own format, version and key (cut short
 * anywhere, a line boundary included, damaged, foreign or of another
 * version it is absent); fields round-trip through their escapes; a
 * file written by the streaming writer reads back, and the history
 * cache keeps each commit's facts and changes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cachefile.h"
#include "history_cache.h"
#include "sandbox.h"

#define MAGIC "git-handoff test 2"
#define BODY "first\tline\nsecond line\nthird\n"
#define LIT_FOREIGN "not a cache file\nend 0 00000000\n"

static void sealed(handoff_buf *b, const char *magic, const char *key)
{
	memset(b, 0, sizeof(*b));
	assert_int_equal(handoff__cache_file_seal(b, magic, key, BODY, strlen(BODY)), 0);
}

static int opens(const char *data, size_t size, const char *magic, const char *key)
{
	const char *body;
	size_t len;
	int err = handoff__cache_file_open(&body, &len, data, size, magic, key);

	if (!err) {
		assert_int_equal(len, strlen(BODY));
		assert_memory_equal(body, BODY, len);
	} else {
		assert_int_equal(err, HANDOFF_ENOTFOUND);
		assert_null(body);
	}
	return err == 0;
}

static void test_cachefile__whole_file_opens(void **state)
{
	handoff_buf b;

	(void)state;
	sealed(&b, MAGIC, "k1");
	assert_true(opens(b.ptr, b.size, MAGIC, "k1"));
	handoff_buf_dispose(&b);
}

/*
 * The trailer's sum is CRC-32C: "123456789" sums to e3069283, and a
 * text of each length from 0 to 40 sums as the bitwise reference does,
 * by the processor's instruction and by the tables (their eight-bytes-
 * a-step loop and their byte-a-step tail), from any alignment and when
 * summed in two pieces.
 */
static unsigned long crc_reference(const char *p, size_t len)
{
	unsigned long c = 0xffffffffUL;
	int k;

	while (len--)
		for (c ^= (unsigned char)*p++, k = 0; k < 8; k++)
			c = c & 1 ? 0x82f63b78UL ^ (c >> 1) : c >> 1;
	return ~c & 0xffffffffUL;
}

static void test_cachefile__trailer_is_crc32c(void **state)
{
	const char text[] = "123456789 and more bytes: \xff\x80\x01 to cross eight";
	char want[64];
	handoff_buf b;
	size_t n, at, cut;

	(void)state;
	for (n = 0; n < sizeof(text); n++) {
		memset(&b, 0, sizeof(b));
		assert_int_equal(handoff__cache_file_seal(&b, MAGIC, "k", text, n), 0);
		snprintf(want, sizeof(want), "end %zu %08lx\n", n,
			n == 9 ? 0xe3069283UL : crc_reference(text, n));
		assert_true(b.size >= strlen(want));
		assert_string_equal(b.ptr + b.size - strlen(want), want);
		handoff_buf_dispose(&b);
	}
	for (at = 0; at < 8; at++)
		for (n = 0; at + n < sizeof(text); n++)
			for (cut = 0; cut <= n; cut++) {
				unsigned long sum = crc_reference(text + at, n);

				assert_int_equal(handoff__crc32c(handoff__crc32c(0, text + at,
					cut), text + at + cut, n - cut), sum);
				assert_int_equal(handoff__crc32c_tables(handoff__crc32c_tables(0,
					text + at, cut), text + at + cut, n - cut), sum);
			}
}

static void test_cachefile__truncated_anywhere_is_absent(void **state)
{
	handoff_buf b;
	size_t n;

	(void)state;
	sealed(&b, MAGIC, "k1");
	for (n = 0; n < b.size; n++)
		assert_false(opens(b.ptr, n, MAGIC, "k1"));
	/* cut at a line boundary, the trailer kept: the length says so */
	{
		handoff_buf cut = HANDOFF_BUF_INIT;
		const char *trailer = strstr(b.ptr, "end ");

		handoff__buf_printf(&cut, "%s\tk1\nfirst\tline\n%s", MAGIC, trailer);
		assert_false(opens(cut.ptr, cut.size, MAGIC, "k1"));
		handoff_buf_dispose(&cut);
	}
	handoff_buf_dispose(&b);
}

static void test_cachefile__damaged_is_absent(void **state)
{
	handoff_buf b;
	size_t i;

	(void)state;
	sealed(&b, MAGIC, "k1");
	for (i = 0; i < b.size; i++) {
		char saved = b.ptr[i];

		b.ptr[i] = saved == 'x' ? 'y' : 'x';
		assert_false(opens(b.ptr, b.size, MAGIC, "k1"));
		b.ptr[i] = saved;
	}
	handoff_buf_dispose(&b);
}

static void test_cachefile__foreign_version_or_key_is_absent(void **state)
{
	handoff_buf b;

	(void)state;
	sealed(&b, MAGIC, "k1");
	assert_false(opens(b.ptr, b.size, MAGIC, "k2"));
	assert_false(opens(b.ptr, b.size, MAGIC, "k"));
	assert_false(opens(b.ptr, b.size, "git-handoff test 3", "k1"));
	assert_false(opens(b.ptr, b.size, "git-handoff test", "k1"));
	assert_false(opens(LIT_FOREIGN, sizeof(LIT_FOREIGN) - 1, MAGIC, "k1"));
	assert_false(opens("", 0, MAGIC, "k1"));
	handoff_buf_dispose(&b);
}

static void test_cachefile__fields_round_trip(void **state)
{
	const char *in[] = { "plain", "", "tab\there", "new\nline", "back\\slash",
		"\\-", "\\", "\t\n\\", NULL };
	handoff_buf b = HANDOFF_BUF_INIT;
	struct cache_line l;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(in); i++)
		handoff__cache_put(&b, in[i]);
	handoff__buf_puts(&b, "\t12\t-3\tx");
	l.p = b.ptr;
	l.end = b.ptr + b.size;
	l.bad = 0;
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		char *got = handoff__cache_take(&l);

		if (in[i])
			assert_string_equal(got, in[i]);
		else
			assert_null(got);
	}
	assert_int_equal(handoff__cache_take_num(&l), 12);
	assert_int_equal(handoff__cache_take_num(&l), -3);
	assert_false(l.bad);
	handoff__cache_take_num(&l);
	assert_true(l.bad);		/* not a number */
	handoff__cache_take(&l);
	assert_true(l.bad);		/* no field left */
	handoff_buf_dispose(&b);
}

static int setup(void **state)
{
	return sandbox_init((struct sandbox **)state);
}

static void read_stream(handoff_buf *out, struct sandbox *sb, const char *key);

static void test_cachefile__writer_reads_back(void **state)
{
	struct sandbox *sb = *state;
	struct cache_writer w;
	handoff_buf b;
	size_t i;

	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "t", MAGIC, "k"), 0);
	for (i = 0; i < 20000; i++) {
		handoff__buf_printf(&w.body, "line %zu\n", i);
		assert_int_equal(handoff__cache_writer_step(&w), 0);
	}
	assert_int_equal(handoff__cache_writer_commit(&w), 0);
	read_stream(&b, sb, "k");
	assert_true(b.size > 25);
	assert_memory_equal(b.ptr, "line 0\nline 1\n", 14);
	assert_memory_equal(b.ptr + b.size - 11, "line 19999\n", 11);
	handoff_buf_dispose(&b);
	read_stream(&b, sb, "other");
	assert_int_equal(b.size, 0);
	handoff_buf_dispose(&b);
	/* an aborted writer leaves the file as it was */
	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "t", MAGIC, "new"), 0);
	handoff__buf_puts(&w.body, "half\n");
	handoff__cache_writer_abort(&w);
	read_stream(&b, sb, "k");
	assert_memory_equal(b.ptr, "line 0\n", 7);
	handoff_buf_dispose(&b);
}

/*
 * A writer that extends the file a reader read whole begins with its
 * body, copied, then what it is given; one that would extend a file not
 * read to its end refuses. The file read stays as it was until the
 * commit, and another file put in its place meanwhile is not what is copied.
 */
static void test_cachefile__writer_extends_what_was_read(void **state)
{
	struct sandbox *sb = *state;
	struct cache_reader r;
	struct cache_writer w;
	struct cache_line l;
	handoff_buf b, want = HANDOFF_BUF_INIT;
	size_t i;

	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "t", MAGIC, "k"), 0);
	for (i = 0; i < 300000; i++) {	/* more than one copy's worth */
		handoff__buf_printf(&w.body, "line %zu\n", i);
		assert_int_equal(handoff__cache_writer_step(&w), 0);
	}
	assert_int_equal(handoff__cache_writer_commit(&w), 0);
	read_stream(&want, sb, "k");

	/* not read to its end: no extending */
	assert_int_equal(handoff__cache_reader_open(&r, sb->git, "t", MAGIC, "k"), 0);
	assert_int_equal(handoff__cache_reader_next(&l, &r), 1);
	assert_int_equal(handoff__cache_writer_extend(&w, &r, sb->git, "t", MAGIC, "k"),
		HANDOFF_EINVALID);
	handoff__cache_reader_close(&r);

	assert_int_equal(handoff__cache_reader_open(&r, sb->git, "t", MAGIC, "k"), 0);
	while (handoff__cache_reader_next(&l, &r) == 1)
		;
	/* replaced after the read: the copy is still of what was read */
	sandbox_sh("echo another file >other && mv other .git/handoff/t");
	assert_int_equal(handoff__cache_writer_extend(&w, &r, sb->git, "t", MAGIC, "k"), 0);
	handoff__cache_reader_close(&r);
	handoff__buf_puts(&w.body, "one more\n");
	handoff__buf_puts(&want, "one more\n");
	assert_int_equal(handoff__cache_writer_commit(&w), 0);
	read_stream(&b, sb, "k");
	assert_int_equal(b.size, want.size);
	assert_memory_equal(b.ptr, want.ptr, want.size);
	handoff_buf_dispose(&b);
	handoff_buf_dispose(&want);
}

/*
 * A writer keeps parts of a body read whole, between what it is given,
 * in the order given, those one after another in the file copied in one
 * go, with the sum carried on; a part past the end or of a file not
 * read to its end is refused, and the writer is then aborted.
 */
static void test_cachefile__writer_keeps_parts_of_what_was_read(void **state)
{
	struct sandbox *sb = *state;
	struct cache_reader r;
	struct cache_writer w;
	struct cache_line l;
	handoff_buf b;
	size_t i;

	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "t", MAGIC, "k"), 0);
	for (i = 0; i < 200000; i++) {	/* "line 100000\n" starts at 1088890 */
		handoff__buf_printf(&w.body, "line %zu\n", i);
		assert_int_equal(handoff__cache_writer_step(&w), 0);
	}
	assert_int_equal(handoff__cache_writer_commit(&w), 0);

	assert_int_equal(handoff__cache_reader_open(&r, sb->git, "t", MAGIC, "k"), 0);
	assert_int_equal(handoff__cache_reader_next(&l, &r), 1);
	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "t", MAGIC, "k2"), 0);
	assert_int_equal(handoff__cache_writer_keep(&w, &r, 0, 7), HANDOFF_EINVALID);
	assert_null(w.f);	/* aborted */
	while (handoff__cache_reader_next(&l, &r) == 1)
		;
	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "t", MAGIC, "k2"), 0);
	handoff__buf_puts(&w.body, "first\n");
	assert_int_equal(handoff__cache_writer_keep(&w, &r, 7, 7), 0);
	assert_int_equal(handoff__cache_writer_keep(&w, &r, 14, 7), 0);
	assert_int_equal(w.kept_len, 14);	/* one run */
	handoff__buf_puts(&w.body, "then\n");
	assert_int_equal(handoff__cache_writer_keep(&w, &r, 21, 7), 0);	/* after "then" */
	assert_int_equal(handoff__cache_writer_keep(&w, &r, 1088890, 12), 0);
	assert_int_equal(handoff__cache_writer_keep(&w, &r, r.size - 12, 12), 0);
	handoff__buf_puts(&w.body, "last\n");
	assert_int_equal(handoff__cache_writer_commit(&w), 0);
	read_stream(&b, sb, "k2");
	assert_string_equal(b.ptr, "first\nline 1\nline 2\nthen\nline 3\nline 100000\n"
		"line 199999\nlast\n");
	handoff_buf_dispose(&b);

	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "t", MAGIC, "k3"), 0);
	assert_int_equal(handoff__cache_writer_keep(&w, &r, r.size - 3, 4), HANDOFF_EINVALID);
	assert_null(w.f);
	handoff__cache_reader_close(&r);
	read_stream(&b, sb, "k2");	/* the file as the last commit left it */
	assert_memory_equal(b.ptr, "first\n", 6);
	handoff_buf_dispose(&b);
}

/* The body as the streaming reader reads it, "" when it says the file is not whole. */
static void read_stream(handoff_buf *out, struct sandbox *sb, const char *key)
{
	struct cache_reader r;
	struct cache_line l;
	int got;

	memset(out, 0, sizeof(*out));
	handoff__buf_puts(out, "");
	if (handoff__cache_reader_open(&r, sb->git, "t", MAGIC, key) < 0)
		return;
	while ((got = handoff__cache_reader_next(&l, &r)) == 1) {
		assert_int_equal(*l.end, '\n');
		handoff__buf_put(out, l.p, (size_t)(l.end - l.p) + 1);
	}
	handoff__cache_reader_close(&r);
	if (got < 0) {
		assert_int_equal(got, HANDOFF_ENOTFOUND);
		out->size = 0;
		out->ptr[0] = '\0';
	}
}

static void test_cachefile__reader_reads_whole_files_only(void **state)
{
	struct sandbox *sb = *state;
	handoff_buf b, got, cut = HANDOFF_BUF_INIT;
	size_t n;

	sealed(&b, MAGIC, "k1");
	assert_int_equal(sandbox_write(sb, ".git/handoff/t", b.ptr), 0);
	read_stream(&got, sb, "k1");
	assert_string_equal(got.ptr, BODY);
	handoff_buf_dispose(&got);
	read_stream(&got, sb, "k2");
	assert_string_equal(got.ptr, "");
	handoff_buf_dispose(&got);
	for (n = 0; n < b.size; n++) {	/* cut short anywhere */
		handoff__buf_put(&cut, b.ptr, n);
		assert_int_equal(sandbox_write(sb, ".git/handoff/t", cut.ptr ? cut.ptr : ""), 0);
		read_stream(&got, sb, "k1");
		assert_string_equal(got.ptr, "");
		handoff_buf_dispose(&got);
		handoff_buf_dispose(&cut);
	}
	for (n = 0; n < b.size; n++) {	/* a byte damaged anywhere */
		char saved = b.ptr[n];

		b.ptr[n] = saved == 'x' ? 'y' : 'x';
		assert_int_equal(sandbox_write(sb, ".git/handoff/t", b.ptr), 0);
		read_stream(&got, sb, "k1");
		assert_string_equal(got.ptr, "");
		handoff_buf_dispose(&got);
		b.ptr[n] = saved;
	}
	handoff_buf_dispose(&b);
}

static void test_cachefile__history_cache_round_trip(void **state)
{
	struct sandbox *sb = *state;
	struct known_change ch[2];
	struct known_commit k[2];
	const struct known_commit *got;
	struct history_cache *c = NULL;
	struct str_set strs = { 0 };
	struct cache_writer w;
	git_oid parent;

	memset(k, 0, sizeof(k));
	memset(ch, 0, sizeof(ch));
	git_oid_fromstr(&k[0].id, "1111111111111111111111111111111111111111");
	git_oid_fromstr(&k[0].tree, "2222222222222222222222222222222222222222");
	k[0].time = 1793520000;
	git_oid_fromstr(&k[1].id, "3333333333333333333333333333333333333333");
	git_oid_fromstr(&k[1].tree, "4444444444444444444444444444444444444444");
	git_oid_fromstr(&k[1].config, "5555555555555555555555555555555555555555");
	git_oid_cpy(&parent, &k[0].id);
	k[1].parents = &parent;
	k[1].nparents = 1;
	k[1].time = 1793520060;
	k[1].name = "Jane\tDoe";
	k[1].email = "jane@vendor.example";
	k[1].author_time = 1793520001;
	k[1].author_offset = -300;
	k[1].commit_time = 1793520060;
	k[1].commit_offset = 60;
	git_oid_fromstr(&ch[0].new, "6666666666666666666666666666666666666666");
	ch[0].path = "handoffs/a b\n.md";
	git_oid_fromstr(&ch[1].old, "7777777777777777777777777777777777777777");
	git_oid_cpy(&ch[1].new, &ch[1].old);
	ch[1].path = "handoffs/new.md";
	ch[1].from = "handoffs/old.md";
	k[1].changes = ch;
	k[1].nchanges = 2;

	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "history", HISTORY_CACHE_MAGIC, "k"), 0);
	handoff__history_cache_add(&w.body, &k[0]);
	handoff__history_cache_add(&w.body, &k[1]);
	assert_int_equal(handoff__cache_writer_commit(&w), 0);

	assert_int_equal(handoff__history_cache_read(&c, sb->git, "history", "other", &strs), 0);
	assert_null(c);		/* another key: none */
	assert_int_equal(handoff__history_cache_read(&c, sb->git, "history", "k", &strs), 0);
	assert_non_null(c);
	assert_int_equal(handoff__history_cache_count(c), 2);
	assert_non_null(got = handoff__history_cache_find(c, &k[0].id));
	assert_true(git_oid_equal(&got->tree, &k[0].tree));
	assert_true(git_oid_is_zero(&got->config));
	assert_null(got->name);
	assert_int_equal(got->nparents, 0);
	assert_non_null(got = handoff__history_cache_find(c, &k[1].id));
	assert_int_equal(got->nparents, 1);
	assert_true(git_oid_equal(&got->parents[0], &k[0].id));
	assert_true(git_oid_equal(&got->config, &k[1].config));
	assert_string_equal(got->name, "Jane\tDoe");
	assert_int_equal(got->author_offset, -300);
	assert_int_equal(got->commit_time, 1793520060);
	assert_int_equal(got->nchanges, 2);
	assert_true(git_oid_is_zero(&got->changes[0].old));
	assert_string_equal(got->changes[0].path, "handoffs/a b\n.md");
	assert_null(got->changes[0].from);
	assert_string_equal(got->changes[1].from, "handoffs/old.md");
	assert_null(handoff__history_cache_find(c, &k[1].tree));
	handoff__history_cache_free(c);

	/* a file cut short is no cache at all */
	sandbox_sh("head -n 3 .git/handoff/history >cut && mv cut .git/handoff/history");
	assert_int_equal(handoff__history_cache_read(&c, sb->git, "history", "k", &strs), 0);
	assert_null(c);
	/* nor is a file of another program */
	assert_int_equal(sandbox_write(sb, ".git/handoff/history", "C\tnot ours\n"), 0);
	assert_int_equal(handoff__history_cache_read(&c, sb->git, "history", "k", &strs), 0);
	assert_null(c);
	handoff__str_set_release(&strs);
}

/*
 * Many commits naming the same paths and authors: each read back as
 * written, a string named on many lines kept once; cut at any line, none.
 */
static void test_cachefile__history_cache_many_commits(void **state)
{
	struct sandbox *sb = *state;
	enum { N = 3000 };
	static struct known_commit k[N];
	static struct known_change ch[N];
	static char paths[N][64];
	char hex[GIT_OID_HEXSZ + 1], *big, cmd[128];
	const struct known_commit *got, *first = NULL;
	struct history_cache *c = NULL;
	struct str_set strs = { 0 };
	struct cache_writer w;
	size_t i, lines;

	assert_non_null(big = malloc(40001));
	memset(big, 'p', 40000);
	big[40000] = '\0';	/* longer than a block's quarter: a block of its own */
	memset(k, 0, sizeof(k));
	memset(ch, 0, sizeof(ch));
	for (i = 0; i < N; i++) {
		snprintf(hex, sizeof(hex), "%040zx", i + 1);
		git_oid_fromstr(&k[i].id, hex);
		git_oid_fromstr(&k[i].tree, hex);	/* any id: never zero */
		snprintf(hex, sizeof(hex), "%040zx", i + 100000);
		git_oid_fromstr(&ch[i].new, hex);
		k[i].time = 1793520000 + (git_time_t)i;
		k[i].name = i % 2 ? "Jane Doe" : "Kim Park";
		k[i].email = i % 2 ? "jane@vendor.example" : "kim@vendor.example";
		/* 1500 paths, each changed twice; some long */
		snprintf(paths[i], sizeof(paths[i]), "handoffs/%s-%04zu.md",
			i % (N / 2) % 7 ? "D" : "a-rather-longer-name-of-a-handoff", i % (N / 2));
		ch[i].path = i == N - 1 ? big : paths[i];
		k[i].changes = &ch[i];
		k[i].nchanges = 1;
	}
	assert_int_equal(handoff__cache_writer_open(&w, sb->git, "history", HISTORY_CACHE_MAGIC, "k"), 0);
	for (i = 0; i < N; i++) {
		handoff__history_cache_add(&w.body, &k[i]);
		assert_int_equal(handoff__cache_writer_step(&w), 0);
	}
	assert_int_equal(handoff__cache_writer_commit(&w), 0);

	assert_int_equal(handoff__history_cache_read(&c, sb->git, "history", "k", &strs), 0);
	assert_non_null(c);
	assert_int_equal(handoff__history_cache_count(c), N);
	for (i = 0; i < N; i++) {
		assert_non_null(got = handoff__history_cache_find(c, &k[i].id));
		assert_int_equal(got->time, k[i].time);
		assert_string_equal(got->name, k[i].name);
		assert_string_equal(got->email, k[i].email);
		assert_int_equal(got->nchanges, 1);
		assert_true(git_oid_equal(&got->changes[0].new, &ch[i].new));
		assert_string_equal(got->changes[0].path, ch[i].path);
		if (i == N / 2 - 2)
			first = got;
		/* a path named again is the same string, kept once */
		if (i == N - 2)
			assert_ptr_equal(got->changes[0].path, first->changes[0].path);
		if (i == 3) {
			assert_ptr_equal(got->name, handoff__history_cache_find(c,
				&k[1].id)->name);
		}
	}
	handoff__history_cache_free(c);

	/* cut after any line, even a whole one: no cache, never a shorter one */
	lines = 3 * N + 1;	/* the header, then C, W and F per commit; the trailer */
	sandbox_sh("cp .git/handoff/history whole");
	for (i = 1; i <= lines; i += i < 8 || i > lines - 8 ? 1 : 397) {
		snprintf(cmd, sizeof(cmd), "head -n %zu whole >.git/handoff/history", i);
		sandbox_sh(cmd);
		assert_int_equal(handoff__history_cache_read(&c, sb->git, "history", "k", &strs), 0);
		assert_null(c);
	}
	sandbox_sh("cp whole .git/handoff/history");
	assert_int_equal(handoff__history_cache_read(&c, sb->git, "history", "k", &strs), 0);
	assert_non_null(c);
	handoff__history_cache_free(c);
	handoff__str_set_release(&strs);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cachefile__whole_file_opens),
		cmocka_unit_test(test_cachefile__trailer_is_crc32c),
		cmocka_unit_test(test_cachefile__truncated_anywhere_is_absent),
		cmocka_unit_test(test_cachefile__damaged_is_absent),
		cmocka_unit_test(test_cachefile__foreign_version_or_key_is_absent),
		cmocka_unit_test(test_cachefile__fields_round_trip),
		cmocka_unit_test_setup_teardown(test_cachefile__writer_reads_back, setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_cachefile__reader_reads_whole_files_only,
			setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_cachefile__writer_keeps_parts_of_what_was_read,
			setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_cachefile__writer_extends_what_was_read,
			setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_cachefile__history_cache_round_trip,
			setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_cachefile__history_cache_many_commits,
			setup, sandbox_teardown),
	};

	return cmocka_run_group_tests_name("cachefile", tests, NULL, NULL);
}

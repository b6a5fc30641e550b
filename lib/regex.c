/*
 * Regular expressions from schema files, on pcre2, fenced in.
 *
 * Patterns are written by whoever writes a kind, and they run against
 * every record, so a careless or hostile pattern must cost a bounded
 * amount of time and memory and must never be mistaken for a pass.
 *
 * The dialect is PCRE2 (10.42) compiled with:
 *   PCRE2_UTF                subjects and patterns are UTF-8 code points;
 *   PCRE2_MATCH_INVALID_UTF  subjects may still be invalid UTF-8 (a record
 *                            body, a string with a stray byte): invalid
 *                            sequences never match anything, nothing is
 *                            undefined behaviour;
 *   PCRE2_DOLLAR_ENDONLY     `$` matches only at the very end, so `^abc$`
 *                            rejects "abc\n" as ECMA 262 and JSON Schema
 *                            expect;
 *   PCRE2_ALT_BSUX           `\uHHHH` is a code point and `\xHH` takes
 *                            exactly two hex digits, as in ECMA 262
 *                            (`\x{...}` and `\U` are then not escapes);
 *   PCRE2_NEVER_BACKSLASH_C  `\C` (one code unit) is refused.
 * Without PCRE2_UCP, `\d`, `\w`, `\s` and `\b` are ASCII-only, as in
 * ECMA 262. ECMA 262's long General_Category names (`\p{Letter}`,
 * `\p{Uppercase_Letter}`, `\p{gc=Letter}`) are rewritten to pcre2's short
 * ones before compiling; scripts (`\p{Greek}`, `\p{Script=Greek}`) are
 * understood by pcre2 as they are. Callouts are refused. A pattern is
 * searched, not anchored: anchor it with ^ and $ when the whole string
 * must match.
 *
 * Limits: a pattern is at most 1024 bytes; a match may take 1e6 steps of
 * the match limit, 1e5 of backtracking depth and 16 MiB of heap. Limits
 * written inside a pattern, such as (*LIMIT_MATCH=...), can only lower
 * these. The interpreter searches a pattern's first subjects, and the
 * JIT compiler's code (where the JIT is available) takes over at its
 * first subject of REGEX_JIT_FROM bytes or more, or once it has been
 * searched over four times that many bytes: the pre-commit hook judges
 * one record, whose values (an id, a date, an email) are short, and
 * compiling every pattern of every kind to machine code was half of its
 * program's CPU; `validate` of thousands of records soon has every
 * pattern it uses compiled. The two engines find the same matches; they
 * count steps towards the match limit differently, so only a pattern
 * that nearly exhausts its limits may fare differently in one run and
 * another (a limit hit is a failed check either way). The JIT honours
 * the match limit (depth and heap limits do not apply to it) and runs on
 * its own bounded stack, whose exhaustion is reported like the other
 * limits. A limit hit is HANDOFF_EINVALID for the caller to turn into a
 * failed check.
 *
 * pcre2 10.42's JIT gets PCRE2_MATCH_INVALID_UTF wrong: `\S` does not
 * match "田中" there, though the interpreter does. So a pattern the JIT
 * takes is compiled again without that option, and its code then checks
 * the subject's UTF-8 itself; the interpreter, with the option, takes
 * over for a subject that is not valid UTF-8.
 *
 * Threads may share a compiled regex: a search only reads it, but for
 * the JIT's code, made once under a lock and published atomically. The
 * match data and the JIT stack, which a search writes, are each thread's
 * own, made at its first search and kept for the next, so a search
 * allocates nothing. A thread other than the main one gives them back
 * with handoff__regex_thread_release() before it ends.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>

#include "common.h"
#include "environment.h"
#include "regex.h"
#include "utf8.h"

#define MATCH_LIMIT 1000000
#define DEPTH_LIMIT 100000
#define HEAP_LIMIT_KIB (16 * 1024)
#define JIT_STACK_START (32 * 1024)
#define JIT_STACK_MAX (512 * 1024)

#define COMPILE_OPTIONS (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | \
	PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX | PCRE2_NEVER_BACKSLASH_C)

struct regex {
	pcre2_code *code;	/* MATCH_INVALID_UTF, interpreted */
	_Atomic(pcre2_code *) jit;	/* valid UTF-8 subjects, JIT-compiled; */
	atomic_int no_jit;	/* or none to be had: the interpreter for all */
	atomic_size_t interpreted;	/* bytes the interpreter has searched */
	pcre2_match_context *mctx;
	char *pattern;
	char *rewritten;	/* what pcre2 compiles (see rewrite()) */
	size_t rewritten_len;
	uint64_t first[4];	/* the bytes a match can start with, */
	int any_first;		/* or 1: any byte, or none (an empty match) */
	size_t min_length;	/* no match is shorter, in bytes */
};

/* This thread's: one ovector pair is all a search reads. */
static __thread pcre2_match_data *thread_md;
static __thread pcre2_jit_stack *thread_jit_stack;

/* The JIT's stack for this thread; NULL falls back to 32 KiB of the machine stack. */
static pcre2_jit_stack *jit_stack(void *unused)
{
	(void)unused;
	if (!thread_jit_stack)
		thread_jit_stack = pcre2_jit_stack_create(JIT_STACK_START,
			JIT_STACK_MAX, NULL);
	return thread_jit_stack;
}

void handoff__regex_thread_release(void)
{
	pcre2_match_data_free(thread_md);
	pcre2_jit_stack_free(thread_jit_stack);
	thread_md = NULL;
	thread_jit_stack = NULL;
}

static size_t jit_from = REGEX_JIT_FROM;
static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

size_t handoff__regex_jit_from(size_t bytes)
{
	size_t was = jit_from;

	jit_from = bytes;
	return was;
}

/*
 * ECMA 262's General_Category values by their long names and aliases;
 * pcre2 10.42 knows only the short names.
 */
static const struct {
	const char *ecma;
	const char *pcre;
} categories[] = {
	{ "Letter", "L" }, { "Cased_Letter", "L&" },
	{ "Uppercase_Letter", "Lu" }, { "Lowercase_Letter", "Ll" },
	{ "Titlecase_Letter", "Lt" }, { "Modifier_Letter", "Lm" },
	{ "Other_Letter", "Lo" }, { "Mark", "M" }, { "Combining_Mark", "M" },
	{ "Nonspacing_Mark", "Mn" }, { "Spacing_Mark", "Mc" },
	{ "Enclosing_Mark", "Me" }, { "Number", "N" },
	{ "Decimal_Number", "Nd" }, { "digit", "Nd" },
	{ "Letter_Number", "Nl" }, { "Other_Number", "No" },
	{ "Punctuation", "P" }, { "punct", "P" },
	{ "Connector_Punctuation", "Pc" }, { "Dash_Punctuation", "Pd" },
	{ "Open_Punctuation", "Ps" }, { "Close_Punctuation", "Pe" },
	{ "Initial_Punctuation", "Pi" }, { "Final_Punctuation", "Pf" },
	{ "Other_Punctuation", "Po" }, { "Symbol", "S" },
	{ "Math_Symbol", "Sm" }, { "Currency_Symbol", "Sc" },
	{ "Modifier_Symbol", "Sk" }, { "Other_Symbol", "So" },
	{ "Separator", "Z" }, { "Space_Separator", "Zs" },
	{ "Line_Separator", "Zl" }, { "Paragraph_Separator", "Zp" },
	{ "Other", "C" }, { "Control", "Cc" }, { "cntrl", "Cc" },
	{ "Format", "Cf" }, { "Surrogate", "Cs" }, { "Private_Use", "Co" },
	{ "Unassigned", "Cn" },
};

/*
 * The pcre2 name for the category `name` (n bytes) names, with its length
 * in *len, or NULL to leave the text as it is.
 */
static const char *category_short(const char *name, size_t n, size_t *len)
{
	int prefixed = 0;
	size_t i;

	if (n > 17 && !memcmp(name, "General_Category=", 17))
		name += 17, n -= 17, prefixed = 1;
	else if (n > 3 && !memcmp(name, "gc=", 3))
		name += 3, n -= 3, prefixed = 1;
	for (i = 0; i < ARRAY_SIZE(categories); i++)
		if (strlen(categories[i].ecma) == n &&
		    !memcmp(categories[i].ecma, name, n)) {
			*len = strlen(categories[i].pcre);
			return categories[i].pcre;
		}
	if (n == 2 && !memcmp(name, "LC", 2)) {
		*len = 2;
		return "L&";
	}
	if (prefixed) {
		/* gc=Lu: the short name is what pcre2 wants */
		*len = n;
		return name;
	}
	return NULL;
}

/*
 * Copy the pattern into `out`, rewriting \p{Long_Name} to \p{Xx}; map[i]
 * is the offset in the original of byte i of the copy (and map[size] the
 * original length), so errors point into what the user wrote. The copy
 * is never longer than the original.
 */
static void rewrite(const char *p, size_t n, char *out, size_t *map,
	size_t *outlen)
{
	size_t i = 0, o = 0;
	int quoted = 0;		/* inside \Q...\E nothing is an escape */

	while (i < n) {
		if (p[i] != '\\' || i + 1 >= n) {
			map[o] = i;
			out[o++] = p[i++];
			continue;
		}
		if (quoted) {
			if (p[i + 1] == 'E')
				quoted = 0;
			map[o] = i;
			out[o++] = p[i++];
			continue;
		}
		if (p[i + 1] == 'Q')
			quoted = 1;
		if ((p[i + 1] == 'p' || p[i + 1] == 'P') && i + 2 < n &&
		    p[i + 2] == '{') {
			const char *name = p + i + 3, *end;
			const char *rep = NULL;
			size_t rl = 0;

			end = memchr(name, '}', n - (size_t)(name - p));
			if (end)
				rep = category_short(name, (size_t)(end - name), &rl);
			if (rep) {
				size_t k;

				for (k = 0; k < 3; k++) {
					map[o] = i + k;
					out[o++] = p[i + k];
				}
				for (k = 0; k < rl; k++) {
					map[o] = (size_t)(name - p);
					out[o++] = rep[k];
				}
				map[o] = (size_t)(end - p);
				out[o++] = '}';
				i = (size_t)(end - p) + 1;
				continue;
			}
		}
		/* another escape: both bytes, so `\\p{...}` stays literal */
		map[o] = i;
		out[o++] = p[i++];
		map[o] = i;
		out[o++] = p[i++];
	}
	map[o] = n;
	*outlen = o;
}

static int no_callouts(pcre2_callout_enumerate_block *block, void *payload)
{
	*(size_t *)payload = block->pattern_position;
	return 1;	/* any callout at all: stop */
}

static void add_byte(uint64_t set[4], unsigned int b)
{
	set[b / 64] |= (uint64_t)1 << (b % 64);
}

/*
 * What pcre2 found every match must start with, for a regex_set: a
 * fixed first byte (either case of an ASCII letter, as a caseless one
 * may be either) or a set of first bytes; or nothing known. pcre2's own
 * start-of-match search rests on the same facts.
 */
static void learn_start(struct regex *re)
{
	uint32_t type = 0, cu = 0, min = 0;
	const uint8_t *bitmap = NULL;
	unsigned int b;

	re->any_first = 1;
	if (pcre2_pattern_info(re->code, PCRE2_INFO_MINLENGTH, &min) == 0)
		re->min_length = min;	/* characters: never more bytes */
	if (pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
		return;
	if (type == 1 && pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODEUNIT, &cu) == 0) {
		add_byte(re->first, cu & 0xff);
		if ((cu | 0x20) >= 'a' && (cu | 0x20) <= 'z')
			add_byte(re->first, cu ^ 0x20);
		re->any_first = 0;
	} else if (type == 0 && pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTBITMAP,
	    &bitmap) == 0 && bitmap) {
		for (b = 0; b < 256; b++)
			if (bitmap[b / 8] & (1u << (b % 8)))
				add_byte(re->first, b);
		re->any_first = 0;
	}
}

static void set_error(struct regex_error *err, int code, size_t offset)
{
	err->message[0] = '\0';
	if (pcre2_get_error_message(code, (PCRE2_UCHAR *)err->message,
	    sizeof(err->message)) < 0 && !err->message[0])
		snprintf(err->message, sizeof(err->message),
			"pcre2 error %d", code);
	err->offset = offset;
}

int handoff__regex_compile(struct regex **out, const char *pattern, size_t len,
	struct regex_error *err)
{
	struct regex *re = NULL;
	pcre2_compile_context *cctx = NULL;
	char *copy = NULL;
	size_t *map = NULL, copylen = 0, callout_at = (size_t)-1;
	PCRE2_SIZE erroff = 0;
	int code = 0, ret = 0;

	*out = NULL;
	err->message[0] = '\0';
	err->offset = 0;
	if (len > REGEX_MAX_PATTERN) {
		set_error(err, PCRE2_ERROR_PATTERN_TOO_LARGE, REGEX_MAX_PATTERN);
		ret = HANDOFF_EINVALID;
		goto done;
	}
	if (!(re = calloc(1, sizeof(*re))) ||
	    !(re->pattern = handoff__strndup(pattern, len)) ||
	    !(copy = malloc(len + 1)) ||
	    !(map = malloc((len + 1) * sizeof(*map)))) {
		ret = handoff__error_oom();
		goto done;
	}
	rewrite(pattern, len, copy, map, &copylen);

	if (!(cctx = pcre2_compile_context_create(NULL)) ||
	    pcre2_set_max_pattern_length(cctx, REGEX_MAX_PATTERN) < 0) {
		ret = handoff__error_oom();
		goto done;
	}
	re->code = pcre2_compile((PCRE2_SPTR)copy, copylen, COMPILE_OPTIONS,
		&code, &erroff, cctx);
	if (!re->code) {
		if (code == PCRE2_ERROR_NOMEMORY || code == PCRE2_ERROR_HEAP_FAILED) {
			ret = handoff__error_oom();
			goto done;
		}
		set_error(err, code, erroff <= copylen ? map[erroff] : len);
		ret = HANDOFF_EINVALID;
		goto done;
	}
	pcre2_callout_enumerate(re->code, no_callouts, &callout_at);
	if (callout_at != (size_t)-1) {
		snprintf(err->message, sizeof(err->message),
			"callouts are not allowed");
		err->offset = callout_at <= copylen ? map[callout_at] : len;
		ret = HANDOFF_EINVALID;
		goto done;
	}

	learn_start(re);
	if (!(re->mctx = pcre2_match_context_create(NULL))) {
		ret = handoff__error_oom();
		goto done;
	}
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mctx, HEAP_LIMIT_KIB);
	/* the JIT's own bounded stack: deep recursion is a limit, not a crash */
	pcre2_jit_stack_assign(re->mctx, jit_stack, NULL);
	re->rewritten = copy;
	re->rewritten_len = copylen;
	copy = NULL;

done:
	pcre2_compile_context_free(cctx);
	free(copy);
	free(map);
	if (ret) {
		handoff__regex_free(re);
		return ret;
	}
	*out = re;
	return 0;
}

/* At most 200 bytes of the pattern, for messages. */
static int shown(const struct regex *re)
{
	size_t n = strlen(re->pattern);

	return (int)(n > 200 ? 200 : n);
}

static int search(const struct regex *re, const char *subject, size_t len,
	size_t start, size_t *mstart, size_t *mend, uint32_t checked);

int handoff__regex_search_at(const struct regex *re, const char *subject, size_t len,
	size_t start, size_t *mstart, size_t *mend)
{
	return search(re, subject, len, start, mstart, mend, 0);
}

int handoff__regex_search_valid_at(const struct regex *re, const char *subject, size_t len,
	size_t start, size_t *mstart, size_t *mend)
{
	return search(re, subject, len, start, mstart, mend, PCRE2_NO_UTF_CHECK);
}

/*
 * The pattern compiled by the JIT, made when it is first wanted; NULL
 * where there is no JIT (not built in, executable memory denied, or
 * GIT_HANDOFF_NO_JIT=1 for valgrind, which cannot follow its code).
 */
static pcre2_code *jit_code(struct regex *re)
{
	pcre2_code *jit = atomic_load_explicit(&re->jit, memory_order_acquire);
	PCRE2_SIZE erroff;
	size_t size = 0;
	int code;

	if (jit || atomic_load_explicit(&re->no_jit, memory_order_relaxed))
		return jit;
	pthread_mutex_lock(&jit_lock);
	if (!(jit = atomic_load_explicit(&re->jit, memory_order_relaxed)) &&
	    !atomic_load_explicit(&re->no_jit, memory_order_relaxed)) {
		if (!handoff__env()->no_jit &&
		    (jit = pcre2_compile((PCRE2_SPTR)re->rewritten, re->rewritten_len,
		    COMPILE_OPTIONS & ~PCRE2_MATCH_INVALID_UTF, &code, &erroff, NULL)) &&
		    (pcre2_jit_compile(jit, PCRE2_JIT_COMPLETE) != 0 ||
		    pcre2_pattern_info(jit, PCRE2_INFO_JITSIZE, &size) != 0 || !size)) {
			pcre2_code_free(jit);
			jit = NULL;
		}
		if (jit)
			atomic_store_explicit(&re->jit, jit, memory_order_release);
		else
			atomic_store_explicit(&re->no_jit, 1, memory_order_relaxed);
	}
	pthread_mutex_unlock(&jit_lock);
	return jit;
}

int handoff__regex_jitted(const struct regex *re)
{
	return atomic_load((_Atomic(pcre2_code *) *)&re->jit) != NULL;
}

/*
 * `checked` is PCRE2_NO_UTF_CHECK when the caller has checked the whole
 * subject's UTF-8, so that searching one text again and again from later
 * offsets does not check it again each time.
 */
static int search(const struct regex *re, const char *subject, size_t len,
	size_t start, size_t *mstart, size_t *mend, uint32_t checked)
{
	const char *what;
	pcre2_code *jit;
	int rc;

	if (start > len)
		return 0;
	if (!subject)
		subject = "";
	if (!thread_md && !(thread_md = pcre2_match_data_create(1, NULL)))
		return handoff__error_oom();
	/* a regex is shared, not changed, but for its JIT code and its count */
	jit = len >= jit_from || atomic_load_explicit(&re->interpreted,
		memory_order_relaxed) / 4 >= jit_from ? jit_code((struct regex *)re) : NULL;
	if (!jit)
		atomic_fetch_add_explicit((atomic_size_t *)&re->interpreted, len - start,
			memory_order_relaxed);
	/* a subject known to be valid goes straight to the JIT's code */
	if (jit && checked)
		rc = pcre2_jit_match(jit, (PCRE2_SPTR)subject, len, start, 0,
			thread_md, re->mctx);
	else
		rc = jit ? pcre2_match(jit, (PCRE2_SPTR)subject, len, start, 0,
			thread_md, re->mctx) : PCRE2_ERROR_UTF8_ERR1;
	if ((rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) ||
	    rc == PCRE2_ERROR_BADUTFOFFSET)
		rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0,
			thread_md, re->mctx);
	if (rc >= 0) {
		/* rc 0: the one-pair ovector was too small, still a match */
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(thread_md);

		if (mstart)
			*mstart = ov[0];
		if (mend)
			*mend = ov[1] >= ov[0] ? ov[1] : ov[0];
		return 1;
	}
	if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
		return 0;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
		what = "match limit";
		break;
	case PCRE2_ERROR_DEPTHLIMIT:
		what = "depth limit";
		break;
	case PCRE2_ERROR_HEAPLIMIT:
		what = "heap limit";
		break;
	case PCRE2_ERROR_JIT_STACKLIMIT:
		what = "stack limit";
		break;
	case PCRE2_ERROR_NOMEMORY:
		return handoff__error_oom();
	default: {
		char msg[256];

		if (pcre2_get_error_message(rc, (PCRE2_UCHAR *)msg, sizeof(msg)) < 0)
			snprintf(msg, sizeof(msg), "pcre2 error %d", rc);
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"pattern '%.*s%s' failed: %s", shown(re), re->pattern,
			(size_t)shown(re) < strlen(re->pattern) ? "..." : "", msg);
	}
	}
	handoff__error_set(HANDOFF_ERROR_INVALID,
		"pattern '%.*s%s' exceeded its %s", shown(re), re->pattern,
		(size_t)shown(re) < strlen(re->pattern) ? "..." : "", what);
	return HANDOFF_EINVALID;
}

int handoff__regex_search(const struct regex *re, const char *subject, size_t len)
{
	return handoff__regex_search_at(re, subject, len, 0, NULL, NULL);
}

int handoff__regex_search_valid(const struct regex *re, const char *subject, size_t len)
{
	return search(re, subject, len, 0, NULL, NULL, PCRE2_NO_UTF_CHECK);
}

#define SET_MASKED 64		/* patterns past these are always searched */

struct regex_set {
	struct regex *const *res;
	size_t n;
	unsigned long serial;	/* this set among all of the process's, from 1 */
	uint64_t by_byte[256];	/* [b]: the patterns whose matches may start with b */
	uint64_t always;	/* the patterns whose matches may start with any byte */
};

/*
 * The short subjects in which a set found nothing, this thread's, by the
 * set's serial and the subject's bytes: the values of records repeat
 * (states, roles, people, dates), and each search of a value costs a call
 * to pcre2 per pattern its first bytes let in. Direct-mapped and fixed in
 * size: a later subject takes the slot of an earlier one. Only "no match"
 * is kept, never an error (a limit hit is reported each time).
 */
#define MEMO_SLOTS 1024
#define MEMO_TEXT 118

struct memo_slot {
	unsigned long set;	/* the set's serial; 0: empty */
	unsigned char len;
	char text[MEMO_TEXT];
};

static __thread struct memo_slot memo[MEMO_SLOTS];
static unsigned long set_serials;

static struct memo_slot *memo_slot(const struct regex_set *set, const char *subject,
	size_t len)
{
	uint64_t h = handoff__fnv1a(HANDOFF_FNV_BASIS ^ set->serial, subject, len);

	return &memo[(h ^ h >> 29) & (MEMO_SLOTS - 1)];
}

int handoff__regex_set_new(struct regex_set **out, struct regex *const *res, size_t n)
{
	struct regex_set *set = calloc(1, sizeof(*set));
	size_t i;
	unsigned int b;

	*out = NULL;
	if (!set)
		return handoff__error_oom();
	set->res = res;
	set->n = n;
	set->serial = __atomic_add_fetch(&set_serials, 1, __ATOMIC_RELAXED);
	for (i = 0; i < n && i < SET_MASKED; i++) {
		uint64_t bit = (uint64_t)1 << i;

		if (res[i]->any_first)
			set->always |= bit;
		for (b = 0; b < 256; b++)
			if (res[i]->first[b / 64] >> (b % 64) & 1)
				set->by_byte[b] |= bit;
	}
	*out = set;
	return 0;
}

uint64_t handoff__regex_set_may(const struct regex_set *set,
	const char *subject, size_t len)
{
	const unsigned char *p = (const unsigned char *)subject;
	uint64_t may = set->always;
	size_t i;

	/* the bytes four at a time: one load of the table each, no branch */
	for (i = 0; i + 4 <= len; i += 4)
		may |= set->by_byte[p[i]] | set->by_byte[p[i + 1]] |
			set->by_byte[p[i + 2]] | set->by_byte[p[i + 3]];
	for (; i < len; i++)
		may |= set->by_byte[p[i]];
	return may;
}

int handoff__regex_set_may_match(const struct regex_set *set, uint64_t may, size_t i,
	size_t len)
{
	return (i >= SET_MASKED || (may >> i & 1)) && len >= set->res[i]->min_length;
}

/*
 * `checked`: PCRE2_NO_UTF_CHECK for a subject known to be valid UTF-8,
 * 0 to check it here, and only when some pattern is left to run.
 */
static int set_search(const struct regex_set *set, const char *subject, size_t len,
	uint32_t checked)
{
	struct memo_slot *slot = len <= MEMO_TEXT ? memo_slot(set, subject, len) : NULL;
	uint64_t may;
	size_t i, bad;
	int known = checked != 0;

	if (slot && slot->set == set->serial && slot->len == len &&
	    !memcmp(slot->text, subject, len))
		return 0;
	may = handoff__regex_set_may(set, subject, len);
	for (i = 0; i < set->n; i++) {
		const struct regex *re = set->res[i];
		int r;

		if (!handoff__regex_set_may_match(set, may, i, len))
			continue;	/* no match of it can be in this subject */
		if (!known) {
			checked = handoff__utf8_check(subject, len,
				&bad) ? PCRE2_NO_UTF_CHECK : 0;
			known = 1;
		}
		if ((r = search(re, subject, len, 0, NULL, NULL, checked)) != 0)
			return r;
	}
	if (slot) {
		slot->set = set->serial;
		slot->len = (unsigned char)len;
		memcpy(slot->text, subject, len);
	}
	return 0;
}

int handoff__regex_set_search(const struct regex_set *set, const char *subject, size_t len)
{
	return set_search(set, subject, len, 0);
}

int handoff__regex_set_search_valid(const struct regex_set *set, const char *subject,
	size_t len)
{
	return set_search(set, subject, len, PCRE2_NO_UTF_CHECK);
}

void handoff__regex_set_free(struct regex_set *set)
{
	free(set);
}

unsigned int handoff__regex_captures(const struct regex *re)
{
	uint32_t n = 0;

	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &n);
	return n;
}

const char *handoff__regex_pattern(const struct regex *re)
{
	return re->pattern;
}

void handoff__regex_free(struct regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	pcre2_code_free(atomic_load(&re->jit));
	free(re->rewritten);
	free(re->pattern);
	free(re);
}

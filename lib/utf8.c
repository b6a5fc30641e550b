/*
 * UTF-8 validation and positions. Strict: overlongs, surrogates and code
 * points past U+10FFFF are invalid, as libyaml and JSON require.
 */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

size_t handoff__utf8_valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len, i;
	uint32_t cp;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

uint32_t handoff__utf8_decode(const char *str, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;

	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*len = 2;
		return ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0) {
		*len = 3;
		return ((uint32_t)(s[0] & 0x0f) << 12) |
			((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	}
	*len = 4;
	return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
		((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
}

int handoff__utf8_check(const char *s, size_t n, size_t *bad)
{
	size_t i = 0, len;

	while (i < n) {
		uint64_t w;

		/* eight ASCII bytes at a time: most of a record is ASCII */
		if (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL))) {
			i += 8;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (!(len = handoff__utf8_valid_prefix(s + i, n - i))) {
			*bad = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

size_t handoff__utf8_count(const char *s, size_t n)
{
	return handoff__utf8_count_upto(s, n, n);
}

size_t handoff__utf8_count_upto(const char *s, size_t n, size_t enough)
{
	size_t i, count = 0;

	/* every byte that is not a continuation byte starts a code point */
	for (i = 0; i < n && count < enough; i++)
		count += ((unsigned char)s[i] & 0xc0) != 0x80;
	return count;
}

/* Bytes read by text_position_at in every thread: tests weigh its work. */
static size_t position_bytes;

size_t handoff__text_position_bytes(void)
{
	return __atomic_load_n(&position_bytes, __ATOMIC_RELAXED);
}

void handoff__text_position_at(const char *s, size_t n, struct text_pos *pos,
	size_t offset)
{
	static const struct text_pos start = TEXT_POS_INIT;
	const unsigned char *p = (const unsigned char *)s;
	unsigned int l, c;
	size_t i;

	if (offset > n)
		offset = n;
	if (offset < pos->asked)
		*pos = start;
	i = pos->offset, l = pos->line, c = pos->col;
	/*
	 * A count that stopped between the CR and LF of one CRLF took the CR
	 * for the break: the LF is no second one.
	 */
	if (i > 0 && i < offset && p[i - 1] == '\r' && p[i] == '\n')
		i++;
	while (i < offset) {
		if (p[i] == '\n' || p[i] == '\r') {
			if (p[i] == '\r' && i + 1 < offset && p[i + 1] == '\n')
				i++;
			l++;
			c = 1;
			i++;
			continue;
		}
		/* NEL, LS and PS break lines for libyaml too */
		if (i + 1 < n && p[i] == 0xc2 && p[i + 1] == 0x85) {
			l++, c = 1, i += 2;
			continue;
		}
		if (i + 2 < n && p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			l++, c = 1, i += 3;
			continue;
		}
		if ((p[i] & 0xc0) != 0x80)
			c++;
		i++;
	}
	__atomic_fetch_add(&position_bytes, i - pos->offset, __ATOMIC_RELAXED);
	pos->offset = i;
	pos->asked = offset;
	pos->line = l;
	pos->col = c;
}

void handoff__text_position(const char *s, size_t n, size_t offset,
	unsigned int *line, unsigned int *col)
{
	struct text_pos pos = TEXT_POS_INIT;

	handoff__text_position_at(s, n, &pos, offset);
	*line = pos.line;
	*col = pos.col;
}

size_t handoff__text_offset(const char *s, size_t n, unsigned int line, unsigned int col)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int l = 1, c = 1;
	size_t i = 0;

	while (i < n && l < line) {
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
			i += 2, l++;
		else if (p[i] == '\n' || p[i] == '\r')
			i++, l++;
		else if (i + 1 < n && p[i] == 0xc2 && p[i + 1] == 0x85)
			i += 2, l++;
		else if (i + 2 < n && p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
			i += 3, l++;
		else
			i++;
	}
	if (l < line)
		return n;
	/* columns count characters: skip col - 1 of them, not past the line */
	while (i < n && c < col && p[i] != '\n' && p[i] != '\r') {
		i++;
		while (i < n && (p[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	return i;
}

/*
 * A commit's name as UTF-8: converted from the commit's `encoding` header
 * when it has one (git writes ISO-8859-1 names that way), and any byte
 * that is still not UTF-8 read as Latin-1, so that what we print and put
 * in JSON is always valid and never a replacement character.
 */
char *handoff__utf8_from_commit(const char *s, const char *encoding)
{
	size_t n = strlen(s), i, k, out = 0;
	char *conv = NULL, *res;

	if (encoding && *encoding && strcasecmp(encoding, "UTF-8") &&
	    strcasecmp(encoding, "UTF8")) {
		iconv_t cd = iconv_open("UTF-8", encoding);

		if (cd != (iconv_t)-1) {
			size_t left = n, room = n * 4 + 1;
			char *in = (char *)s, *o;

			if ((conv = o = malloc(room)) &&
			    iconv(cd, &in, &left, &o, &room) != (size_t)-1) {
				*o = '\0';
				s = conv;
				n = (size_t)(o - conv);
			}
			iconv_close(cd);
		}
	}
	if (!(res = malloc(n * 2 + 1))) {
		free(conv);
		return NULL;
	}
	for (i = 0; i < n; i += k) {
		if ((k = handoff__utf8_valid_prefix(s + i, n - i))) {
			memcpy(res + out, s + i, k);
			out += k;
		} else {
			unsigned char c = (unsigned char)s[i];

			res[out++] = (char)(0xc0 | (c >> 6));
			res[out++] = (char)(0x80 | (c & 0x3f));
			k = 1;
		}
	}
	res[out] = '\0';
	free(conv);
	return res;
}

static int is_cjk(uint32_t c)
{
	if (c == 0x30a0 || c == 0x30fb)		/* katakana punctuation */
		return 0;
	return (c >= 0x3040 && c <= 0x30ff) ||	/* hiragana, katakana */
		(c >= 0x3400 && c <= 0x4dbf) ||	/* CJK extension A */
		(c >= 0x4e00 && c <= 0x9fff) ||	/* CJK unified */
		(c >= 0xac00 && c <= 0xd7af) ||	/* hangul */
		(c >= 0xf900 && c <= 0xfaff) ||	/* compatibility */
		(c >= 0xff66 && c <= 0xff9f) ||	/* halfwidth katakana */
		(c >= 0x20000 && c <= 0x2fa1f);
}

/* Letters and digits of any script; punctuation and symbols are not. */
static int is_word_char(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	if (c == 0xd7 || c == 0xf7 || (c >= 0x2000 && c <= 0x2bff) ||
	    (c >= 0x3000 && c <= 0x303f) || c == 0x30a0 || c == 0x30fb ||
	    (c >= 0xfe00 && c <= 0xfe0f) ||
	    (c >= 0xff00 && c <= 0xff65) || (c >= 0x1f000 && c <= 0x1faff))
		return 0;	/* punctuation, symbols, emoji, selectors */
	return c >= 0xc0;
}

size_t handoff__text_count_words(const char *s, size_t n)
{
	return handoff__text_count_words_upto(s, n, (size_t)-1);
}

size_t handoff__text_count_words_upto(const char *s, size_t n, size_t limit)
{
	size_t i = 0, words = 0;
	int in_word = 0;

	while (i < n && words < limit) {
		unsigned char b = (unsigned char)s[i];
		size_t len;
		uint32_t c;

		if (b < 0x80) {		/* ASCII, the bulk of most text */
			int letter = (b >= '0' && b <= '9') ||
				((b | 0x20) >= 'a' && (b | 0x20) <= 'z');

			if (letter)
				words += !in_word;
			in_word = letter || (in_word && (b == '\'' || b == '-'));
			i++;
			continue;
		}
		if (!(len = handoff__utf8_valid_prefix(s + i, n - i))) {
			i++;
			in_word = 0;
			continue;
		}
		c = handoff__utf8_decode(s + i, &len);
		i += len;
		if (is_cjk(c)) {
			words++;
			in_word = 0;
		} else if (is_word_char(c) ||
		    (in_word && (c == '\'' || c == '-' || c == 0x2019))) {
			words += !in_word;
			in_word = 1;
		} else {
			in_word = 0;
		}
	}
	return words;
}

size_t handoff__line_break(const char *s, size_t n, size_t i)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[i] == '\r')
		return i + 1 < n && p[i + 1] == '\n' ? 2 : 1;
	if (p[i] == '\n')
		return 1;
	if (p[i] == 0xc2 && i + 1 < n && p[i + 1] == 0x85)
		return 2;	/* NEL */
	if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
	    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
		return 3;	/* LS, PS */
	return 0;
}

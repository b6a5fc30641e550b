/*
 * Matching a heading or a checklist item's text to a kind's outline (see
 * outline.h).
 */
#include <strings.h>

#include "common.h"
#include "outline.h"

const char *const handoff__kind_langs[KIND_LANGS] = { "en", "ja", "id", "ms" };

int handoff__kind_lang_index(const char *lang)
{
	int i;

	for (i = 0; i < KIND_LANGS; i++)
		if (!strcmp(lang, handoff__kind_langs[i]))
			return i;
	return -1;
}

/* Heading match: case-insensitive for ASCII, a trailing ':' ignored. */
int handoff__kind_match_title(const char *const *titles, const char *s, size_t n)
{
	int i;

	while (n && (s[n - 1] == ':' || s[n - 1] == ' '))
		n--;
	for (i = 0; i < KIND_LANGS; i++) {
		const char *t = titles[i];

		if (!t || (n && (*t | 0x20) != (*s | 0x20)))
			continue;	/* most headings differ in the first letter */
		if (!strncasecmp(t, s, n) && strnlen(t, n + 1) == n)
			return 1;
	}
	return 0;
}

/* A checklist item's text without a typed date: "Sent (2026-11-03)". */
size_t handoff__kind_item_text_length(const char *s, size_t n)
{
	if (n > 2 && s[n - 1] == ')') {
		size_t open = n - 1;

		while (open > 0 && s[open] != '(')
			open--;
		if (s[open] == '(' && n - open >= 12 && s[open + 1] >= '0' &&
		    s[open + 1] <= '9') {
			n = open;
			while (n && s[n - 1] == ' ')
				n--;
		}
	}
	while (n && s[n - 1] == '.')
		n--;
	return n;
}

/*
 * A kind's outline: the body sections and checklist items a record must
 * hold, each with its title in every language, and how a heading or an
 * item's text is matched to them. The kind holds them; its score rules
 * point at them (a `ticked` test, a `sections` test).
 */
#ifndef HANDOFF_OUTLINE_H
#define HANDOFF_OUTLINE_H

#include <stddef.h>

/* Localised titles: en is the heading itself; ja, id, ms optional. */
#define KIND_LANGS 4
extern const char *const handoff__kind_langs[KIND_LANGS];	/* en, ja, id, ms */

struct kind_section {
	const char *titles[KIND_LANGS];	/* [0] is the heading */
	const char *hint;
	unsigned int min_words;
	const char **data;	/* front matter it is written from: JSON pointers */
	size_t ndata;
	unsigned int line, col;
};

struct kind_item {
	const char *titles[KIND_LANGS];
	const char *phase;
	int must_tick;
	const char **ticked_by;	/* the roles that may tick it; none: anyone */
	size_t nticked_by;
	unsigned int line, col;
};

/* Language index of `lang` (en 0, ja 1, id 2, ms 3), or -1. */
int handoff__kind_lang_index(const char *lang);

/*
 * Does heading or item text [s, s+n) name one of `titles` (any language)?
 * Case-insensitive for ASCII; a trailing ':' is ignored.
 */
int handoff__kind_match_title(const char *const *titles, const char *s, size_t n);

/* The length of a checklist item's text without a typed date: "Sent (2026-11-03)". */
size_t handoff__kind_item_text_length(const char *s, size_t n);

#endif

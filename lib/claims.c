/*
 * Clock claims (claims.h): the dates a record states that start an SLA
 * clock, and whether a new version moves one.
 */
#include <string.h>
#include <strings.h>

#include "claims.h"
#include "kind_int.h"

/*
 * `pointer` when the record had a date there, not a placeholder, that
 * `rec` changes or removes; NULL otherwise. *at: the new value's node.
 */
static const char *claim_moved(const struct kind *kind, const struct record *old,
	const struct record *rec, const char *pointer, const struct node **at)
{
	const struct node *was = handoff__node_at(handoff__record_front(old), pointer);

	*at = handoff__node_at(handoff__record_front(rec), pointer);
	if (!was || was->type != NODE_STRING || !was->len ||
	    handoff__kind_is_placeholder(kind, was) > 0)
		return NULL;
	return *at && handoff__node_is_scalar(*at) && (*at)->str &&
		!strcmp((*at)->str, was->str) ? NULL : pointer;
}

/*
 * The first date that starts a clock which `rec` moves: the kind's
 * signature, its start dates, the dates its SLAs count from.
 */
const char *handoff__clock_moved(const struct kind *kind, const struct record *old,
	const struct record *rec, const struct node **at)
{
	const char *p = NULL;
	size_t i;

	if (kind->views.fields[FIELD_SIGNED])
		p = claim_moved(kind, old, rec, kind->views.fields[FIELD_SIGNED], at);
	for (i = 0; !p && i < kind->views.nstart; i++)
		p = claim_moved(kind, old, rec, kind->views.start[i], at);
	for (i = 0; !p && i < kind->rules.nsla; i++)
		if (kind->rules.sla[i].anchor.type == SPEC_DATE)
			p = claim_moved(kind, old, rec, kind->rules.sla[i].anchor.arg, at);
	return p;
}

/* The task line of `rec` that ticks `it`, or NULL. */
const struct task *handoff__claims_ticked(const struct record *rec,
	const struct kind_item *it)
{
	size_t i;

	for (i = 0; rec && i < rec->ntasks; i++)
		if (rec->tasks[i].checked && handoff__kind_match_title(it->titles,
		    rec->tasks[i].text, handoff__kind_item_text_length(rec->tasks[i].text,
		    rec->tasks[i].len)))
			return &rec->tasks[i];
	return NULL;
}

int handoff__claims_new_tick(const struct kind *kind, const struct record *old,
	const struct record *rec)
{
	size_t i;

	for (i = 0; kind && rec && i < kind->nitems; i++)
		if (kind->items[i].nticked_by && handoff__claims_ticked(rec, &kind->items[i]) &&
		    !handoff__claims_ticked(old, &kind->items[i]))
			return 1;
	return 0;
}

int handoff__claims_rules_path(const char *path)
{
	const char *last = strrchr(path, '/');
	size_t n;

	if (!strncasecmp(path, ".handoff/", 9))
		return 1;
	last = last ? last + 1 : path;
	n = strlen(last);
	while (n > 14 && (last[n - 1] == '.' || last[n - 1] == ' '))
		n--;
	return n == 14 && !strncasecmp(last, ".gitattributes", 14);
}

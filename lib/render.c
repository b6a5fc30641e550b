/*
 * One readable document from a record (`render`): the front matter and
 * the body combined, in the kind's order of sections. A section the kind
 * writes from the front matter (its `data`) shows that data as lists,
 * then whatever prose the body adds; the facts no section holds come
 * first, under the title; sections the kind does not name and the
 * checklist follow as written. Each fact is written once, in the front
 * matter or in prose, and read here in one place.
 */
#include "kind.h"
#include "record.h"
#include "render.h"
#include "semdiff.h"
#include "source.h"

/* A scalar on one line: its line breaks become spaces. */
static void put_scalar(handoff_buf *b, const struct node *n)
{
	size_t i;

	if (n->type == NODE_NULL || !n->str)
		return;
	for (i = 0; i < n->len; i++)
		handoff__buf_put(b, n->str[i] == '\n' || n->str[i] == '\r' ? " " :
			&n->str[i], 1);
}

/* Any value on one line: lists joined with ", ", mappings "key: value; ...". */
static void put_inline(handoff_buf *b, const struct node *n, const char *skip)
{
	size_t i, shown = 0;

	if (n->type == NODE_SEQ) {
		for (i = 0; i < n->n; i++) {
			handoff__buf_puts(b, i ? ", " : "");
			put_inline(b, n->items[i], NULL);
		}
	} else if (n->type == NODE_MAP) {
		for (i = 0; i < n->n; i++) {
			if (skip && !strcmp(n->pairs[i].key->str, skip))
				continue;
			handoff__buf_printf(b, "%s%s: ", shown++ ? "; " : "",
				n->pairs[i].key->str);
			put_inline(b, n->pairs[i].value, NULL);
		}
	} else {
		put_scalar(b, n);
	}
}

static int is_container(const struct node *n)
{
	return n->type == NODE_MAP || n->type == NODE_SEQ;
}

/*
 * A value as a Markdown list at `indent`: a mapping's keys in bold, a
 * list's items one per line, an item of a keyed list (stakeholders by
 * role) led by its key in bold.
 */
static void put_block(handoff_buf *b, const struct node *n, unsigned int indent,
	const char *key)
{
	size_t i;

	if (!is_container(n)) {
		handoff__buf_printf(b, "%*s- ", (int)indent, "");
		put_scalar(b, n);
		handoff__buf_puts(b, "\n");
		return;
	}
	for (i = 0; i < n->n; i++) {
		const struct node *v = n->type == NODE_MAP ? n->pairs[i].value : n->items[i];
		const char *k = key && v->type == NODE_MAP ? handoff__node_get_str(v, key) : NULL;

		/* a mapping or a list of them under a key: a list of its own */
		int nested = n->type == NODE_MAP && v->n && (v->type == NODE_MAP ||
			(v->type == NODE_SEQ && v->items[0]->type == NODE_MAP));

		handoff__buf_printf(b, "%*s- ", (int)indent, "");
		if (n->type == NODE_MAP)
			handoff__buf_printf(b, "**%s**:%s", n->pairs[i].key->str,
				nested ? "\n" : " ");
		if (nested) {
			put_block(b, v, indent + 2, NULL);
			continue;
		}
		if (k)
			handoff__buf_printf(b, "**%s**: ", k);
		put_inline(b, v, k ? key : NULL);
		handoff__buf_puts(b, "\n");
	}
}

/* The body's text of a section, without blank lines at either end. */
static void put_prose(handoff_buf *b, const struct record *rec, const struct section *s)
{
	const char *p = handoff__record_content(rec) + s->start,
		*end = handoff__record_content(rec) + s->end;

	while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' ||
	    end[-1] == '\t'))
		end--;
	if (end > p) {
		handoff__buf_put(b, p, (size_t)(end - p));
		handoff__buf_puts(b, "\n\n");
	}
}

static const struct kind_section *kind_section_of(const struct kind *kind,
	const struct section *s)
{
	size_t i;

	for (i = 0; kind && i < kind->nsections; i++)
		if (handoff__kind_match_title(kind->sections[i].titles, s->heading, s->heading_len))
			return &kind->sections[i];
	return NULL;
}

/* 1 when some section of the kind is written from the top-level key `name`. */
static int in_a_section(const struct kind *kind, const char *name)
{
	size_t i, j, n = strlen(name);

	for (i = 0; kind && i < kind->nsections; i++)
		for (j = 0; j < kind->sections[i].ndata; j++) {
			const char *d = kind->sections[i].data[j] + 1;

			if (!strncmp(d, name, n) && (d[n] == '\0' || d[n] == '/'))
				return 1;
		}
	return 0;
}

int handoff__render_record(handoff_buf *b, const struct kind *kind,
	const struct record *rec)
{
	const struct node *front = handoff__record_front(rec);
	const struct node *title = kind && kind->doc && kind->doc->root ?
		handoff__node_get(kind->doc->root, "title") : NULL;
	const char *id = front ? handoff__node_get_str(front, "id") : NULL;
	const struct node *account = front ? handoff__node_at(front,
		"/account/name") : NULL;
	size_t i, j, k;

	handoff__buf_printf(b, "# %s %s", title && title->str ? title->str :
		kind ? kind->name : "Handoff", id ? id : rec->path);
	if (account && !is_container(account)) {
		handoff__buf_puts(b, ": ");
		put_scalar(b, account);
	}
	handoff__buf_puts(b, "\n\n");
	for (i = 0; front && i < front->n; i++) {
		const char *name = front->pairs[i].key->str;

		if (strcmp(name, "kind") && strcmp(name, "id") && !in_a_section(kind, name)) {
			handoff__buf_printf(b, "- **%s**:", name);
			if (is_container(front->pairs[i].value)) {
				handoff__buf_puts(b, "\n");
				put_block(b, front->pairs[i].value, 2,
					handoff__kind_key_of(kind, name));
			} else {
				handoff__buf_puts(b, " ");
				put_inline(b, front->pairs[i].value, NULL);
				handoff__buf_puts(b, "\n");
			}
		}
	}
	if (front && front->n)
		handoff__buf_puts(b, "\n");
	/* the kind's sections in its order, each with its data and its prose */
	for (i = 0; kind && i < kind->nsections; i++) {
		const struct kind_section *ks = &kind->sections[i];

		handoff__buf_printf(b, "## %s\n\n", ks->titles[0]);
		for (j = 0; j < ks->ndata; j++) {
			const struct node *n = front ? handoff__node_at(front,
				ks->data[j]) : NULL;

			if (!n || n->type == NODE_NULL)
				continue;
			put_block(b, n, 0, handoff__kind_key_of(kind, ks->data[j] + 1));
			handoff__buf_puts(b, "\n");
		}
		for (k = 0; k < rec->nsections; k++)
			if (kind_section_of(kind, &rec->sections[k]) == ks)
				put_prose(b, rec, &rec->sections[k]);
	}
	/* then the body's other sections, and the checklist, as written */
	for (k = 0; k < rec->nsections; k++) {
		const struct section *s = &rec->sections[k];

		if (kind_section_of(kind, s))
			continue;
		handoff__buf_printf(b, "## %.*s\n\n", (int)s->heading_len, s->heading);
		put_prose(b, rec, s);
	}
	return handoff__buf_failed(b) ? HANDOFF_ERROR : 0;
}

int handoff_render(handoff_buf *out, handoff_repo *repo, const char *path,
	const char *rev)
{
	struct source src;
	struct record *rec = NULL;
	struct kind *kind = NULL;
	char *rel = NULL, *data = NULL;
	const char *why, *name;
	size_t len;
	int err;

	memset(&src, 0, sizeof(src));
	if (!(rel = handoff__repo_relative_path(repo, path)))
		return handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is outside the "
			"repository", path), HANDOFF_ENOTFOUND;
	err = rev ? handoff__source_open(&src, repo, HANDOFF_SOURCE_REV, rev) :
		handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL);
	if (err == 0)
		err = handoff__source_read(&src, rel, &data, &len, &why);
	if (err == HANDOFF_EINVALID || err == HANDOFF_ENOTFOUND)
		handoff__error_set(err == HANDOFF_EINVALID ? HANDOFF_ERROR_INVALID :
			HANDOFF_ERROR_GIT, "%s: %s", rel, err == HANDOFF_EINVALID ? why :
			"no such record");
	if (err == 0 && (err = handoff__record_parse(&rec, rel, data, len, NULL)) == 0 &&
	    (name = handoff__node_get_str(handoff__record_front(rec), "kind")) &&
	    handoff__source_kind(&kind, &src, name) < 0)
		kind = NULL;	/* the record alone, in its own order */
	if (err == 0)
		err = handoff__render_record(out, kind, rec);
	handoff__record_free(rec);
	handoff__source_release(&src);
	free(data);
	free(rel);
	return err;
}

/*
 * `new`: a record from its kind's template. The front matter is the
 * x-handoff template with {{id}}, {{account}}, {{ae}}, {{csm}} and
 * {{today}} replaced by double-quoted YAML scalars (so no value typed on
 * the command line can change the document's structure); the body is the
 * kind's sections with their hints, then its checklist, in the language
 * asked for.
 */
#include <time.h>

#include "source.h"

static int put_quoted(handoff_buf *out, const char *s)
{
	/* a JSON string is a valid YAML double-quoted scalar */
	return handoff__buf_json_str(out, s, strlen(s));
}

static int substitute(handoff_buf *out, const char *tpl, const char *id,
	const handoff_new_options *o, const char *today)
{
	static const char *const names[] = { "id", "account", "ae", "csm", "today" };
	const char *values[5];
	const char *p = tpl;
	int err = 0;

	values[0] = id;
	values[1] = o->account;
	values[2] = o->ae;
	values[3] = o->csm;
	values[4] = today;
	while (!err && *p) {
		const char *open = strstr(p, "{{"), *close;
		size_t i;

		if (!open || !(close = strstr(open, "}}")))
			return handoff__buf_puts(out, p);
		if ((err = handoff__buf_put(out, p, (size_t)(open - p))) < 0)
			break;
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if ((size_t)(close - open - 2) == strlen(names[i]) &&
			    !strncmp(open + 2, names[i], strlen(names[i])))
				break;
		if (i == ARRAY_SIZE(names))
			err = handoff__buf_put(out, open, (size_t)(close + 2 - open));
		else
			err = put_quoted(out, values[i] ? values[i] : "<fill in>");
		p = close + 2;
	}
	return err;
}

static const char *title_in(const char *const *titles, int lang)
{
	return titles[lang] ? titles[lang] : titles[0];
}

static int id_valid(const char *id)
{
	const char *p;

	if (!*id || *id == '.' || *id == '-' || strlen(id) > 100)
		return 0;
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

static int find_kind(struct kind **out, struct source *src, handoff_repo *repo,
	const char *name)
{
	int err;

	if ((err = handoff__source_open(src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0)
		return err;
	if ((err = handoff__source_kind(out, src, name)) < 0)
		return err;
	if (!*out) {
		handoff__error_set(HANDOFF_ERROR_SCHEMA, "unknown kind '%s'", name);
		return HANDOFF_ENOTFOUND;
	}
	return 0;
}

int handoff_record_template(handoff_buf *out, handoff_repo *repo,
	const char *kind_name, const char *id, const handoff_new_options *opts)
{
	static const handoff_new_options defaults = HANDOFF_NEW_OPTIONS_INIT;
	struct source src;
	struct kind *kind = NULL;
	char today[16];
	size_t i;
	int lang = 0, err;

	opts = opts ? opts : &defaults;
	if (!id_valid(id)) {
		handoff__error_set(HANDOFF_ERROR_INVALID,
			"'%s' is not a valid id: use letters, digits, '-', '_' and '.'", id);
		return HANDOFF_EINVALID;
	}
	if (opts->lang && (lang = handoff__kind_lang_index(opts->lang)) < 0) {
		handoff__error_set(HANDOFF_ERROR_INVALID,
			"unknown language '%s' (en, ja, id, ms)", opts->lang);
		return HANDOFF_EINVALID;
	}
	if (opts->today) {
		snprintf(today, sizeof(today), "%s", opts->today);
	} else {
		time_t now = time(NULL);

		strftime(today, sizeof(today), "%Y-%m-%d", gmtime(&now));
	}
	if ((err = find_kind(&kind, &src, repo, kind_name)) < 0)
		goto done;
	if (!kind->template) {
		handoff__error_set(HANDOFF_ERROR_SCHEMA,
			"kind '%s' has no x-handoff template", kind_name);
		err = HANDOFF_ESCHEMA;
		goto done;
	}
	err = handoff__buf_puts(out, "---\n");
	if (!err)
		err = substitute(out, kind->template, id, opts, today);
	if (!err && out->size && out->ptr[out->size - 1] != '\n')
		err = handoff__buf_puts(out, "\n");
	if (!err)
		err = handoff__buf_puts(out, "---\n");
	for (i = 0; !err && i < kind->nsections; i++) {
		const struct kind_section *s = &kind->sections[i];

		err = handoff__buf_printf(out, "\n## %s\n\n%s%s",
			title_in(s->titles, lang), s->hint ? s->hint : "",
			s->hint ? "\n" : "");
	}
	if (!err && kind->nitems)
		err = handoff__buf_printf(out, "\n## %s\n\n",
			kind->checklist_titles[0] ?
			title_in(kind->checklist_titles, lang) : "Checklist");
	for (i = 0; !err && i < kind->nitems; i++)
		err = handoff__buf_printf(out, "- [ ] %s\n",
			title_in(kind->items[i].titles, lang));
done:
	handoff__source_release(&src);
	return err;
}

int handoff_record_default_path(char **out, handoff_repo *repo,
	const char *kind_name, const char *id)
{
	struct source src;
	struct kind *kind = NULL;
	const char *folder;
	int err;

	*out = NULL;
	if ((err = find_kind(&kind, &src, repo, kind_name)) == 0) {
		folder = kind->folder ? kind->folder : src.config->records[0];
		*out = handoff__asprintf("%s%s%s.md", folder,
			folder[strlen(folder) - 1] == '/' ? "" : "/", id);
		if (!*out)
			err = HANDOFF_ERROR;
	}
	handoff__source_release(&src);
	return err;
}

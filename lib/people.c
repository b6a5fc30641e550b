/*
 * `people`: the people list of .handoff/config.yaml, edited as text. The
 * file is the team's, commented and ordered by hand, so an edit adds or
 * removes the lines of one person and leaves every other byte alone: a
 * new person is one line at the end of the block, in flow style; a
 * removed one loses the lines from its key to the next person's. The
 * result is read back before anything is written: it must parse with no
 * problem, and hold exactly one person more or less than before.
 */
#include <string.h>
#include <strings.h>

#include "config.h"
#include "source.h"

/* The text as lines: line i is [start[i], start[i + 1]). */
struct lines {
	const char *text;
	size_t len, n;
	size_t *start;		/* n + 1 entries */
};

static int lines_split(struct lines *l, const char *text, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	if (len && text[len - 1] != '\n')
		n++;
	if (!(l->start = malloc((n + 1) * sizeof(size_t))))
		return HANDOFF_ERROR;
	l->text = text;
	l->len = len;
	l->n = 0;
	l->start[0] = 0;
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			l->start[++l->n] = i + 1;
	if (l->n < n)
		l->start[++l->n] = len;
	return 0;
}

/* Line `i` (0-based) is blank, or holds only a comment. */
static int quiet_line(const struct lines *l, size_t i)
{
	const char *p = l->text + l->start[i], *end = l->text + l->start[i + 1];

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p == end || *p == '#';
}

/* The indentation of line `i`, or -1 when it is blank. */
static int indent_of(const struct lines *l, size_t i)
{
	const char *p = l->text + l->start[i], *end = l->text + l->start[i + 1];
	int n = 0;

	while (p < end && *p == ' ')
		p++, n++;
	return p == end || *p == '\n' || *p == '\r' ? -1 : n;
}

/*
 * The first line after `key_line` (0-based) that is not inside the block
 * of a key indented `indent`: the next line that holds something at that
 * indentation or less. Comments count as inside only when indented more.
 */
static size_t block_end(const struct lines *l, size_t key_line, int indent)
{
	size_t i;

	for (i = key_line + 1; i < l->n; i++) {
		int in = indent_of(l, i);

		if (in >= 0 && in <= indent)
			break;
	}
	return i;
}

static int parse(struct config **out, const char *text, size_t len)
{
	struct diag_list diags = DIAG_LIST_INIT;
	int err = handoff__config_parse(out, text, len, &diags);

	if (err < 0 || diags.n) {
		const handoff_diagnostic *d = diags.n ? &diags.v[0] : NULL;

		if (d)
			handoff__error_set(HANDOFF_ERROR_INVALID,
				"%s:%u:%u: %s; fix it first",
				CONFIG_PATH, d->line, d->column, d->message);
		handoff__config_free(*out);
		*out = NULL;
		err = HANDOFF_ESCHEMA;
	}
	handoff__diag_list_release(&diags);
	return err;
}

static const struct node_pair *people_pair(const struct config *cfg)
{
	const struct node *root = cfg->doc ? cfg->doc->root : NULL;
	size_t i;

	for (i = 0; root && root->type == NODE_MAP && i < root->n; i++)
		if (!strcmp(root->pairs[i].key->str, "people"))
			return &root->pairs[i];
	return NULL;
}

/* A value on the key's own line (`people: {...}`) is no block to edit. */
static int block_of_people(const struct lines *l, const struct node_pair *pp)
{
	const struct node *key = pp->key;
	const char *p = l->text + l->start[key->line - 1] + key->col - 1;
	const char *end = l->text + l->start[key->line];

	while (p < end && *p != ':')
		p++;
	for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	if (p == end || *p == '#' || *p == '\n' || *p == '\r')
		return 0;
	handoff__error_set(HANDOFF_ERROR_INVALID, "%s:%u:%u: people is written on one "
		"line; write one person a line under it to edit it with 'git handoff people'",
		CONFIG_PATH, key->line, key->col);
	return HANDOFF_EINVALID;
}

/* `s` as a YAML double-quoted scalar. */
static int put_quoted(handoff_buf *b, const char *s)
{
	int err = handoff__buf_put(b, "\"", 1);

	for (; !err && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			err = handoff__buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			err = handoff__buf_printf(b, "\\x%02x", c);
		else
			err = handoff__buf_put(b, (const char *)&c, 1);
	}
	return err ? err : handoff__buf_put(b, "\"", 1);
}

static int entry_line(handoff_buf *b, int indent, const handoff_person_spec *p,
	const char *eol)
{
	size_t i;
	int err = handoff__buf_printf(b, "%*s%s: {", indent, "", p->email);

	if (!err && p->name && (err = handoff__buf_puts(b, "name: ")) == 0)
		err = put_quoted(b, p->name);
	if (!err)
		err = handoff__buf_printf(b, "%sroles: [", p->name ? ", " : "");
	for (i = 0; !err && i < p->nroles; i++)
		err = handoff__buf_printf(b, "%s%s", i ? ", " : "", p->roles[i]);
	if (!err)
		err = handoff__buf_put(b, "]", 1);
	if (!err && p->team && (err = handoff__buf_puts(b, ", team: ")) == 0)
		err = put_quoted(b, p->team);
	if (!err && p->nlogins)
		err = handoff__buf_puts(b, ", logins: [");
	for (i = 0; !err && i < p->nlogins; i++)
		if ((err = handoff__buf_puts(b, i ? ", " : "")) == 0)
			err = put_quoted(b, p->logins[i]);
	if (!err && p->nlogins)
		err = handoff__buf_put(b, "]", 1);
	return err ? err : handoff__buf_printf(b, "}%s", eol);
}

static int check_spec(const handoff_person_spec *p)
{
	size_t i;

	if (!p->email || !strchr(p->email, '@') || strpbrk(p->email, " \t\r\n:#{}[],\"'")) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "'%s' is not an email address",
			p->email ? p->email : "");
		return HANDOFF_EINVALID;
	}
	if (!p->nroles) {
		handoff__error_set(HANDOFF_ERROR_INVALID,
			"give %s at least one role", p->email);
		return HANDOFF_EINVALID;
	}
	for (i = 0; i < p->nroles; i++)
		if (!handoff__role_known(p->roles[i])) {
			handoff__error_set(HANDOFF_ERROR_INVALID,
				"unknown role '%s': a role "
				"is lowercase letters, digits, '_' and '-'", p->roles[i]);
			return HANDOFF_EINVALID;
		}
	return 0;
}

/* Each of the person's roles is one the config declares. */
static int check_declared(const struct config *cfg, const handoff_person_spec *p)
{
	handoff_buf all = HANDOFF_BUF_INIT;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < p->nroles; i++)
		if (!handoff__config_role_declared(cfg, p->roles[i]) &&
		    (err = handoff__config_roles_text(&all, cfg)) == 0) {
			handoff__error_set(HANDOFF_ERROR_INVALID, "unknown role '%s'; "
				"declare it in roles: in %s (declared: %s)", p->roles[i],
				CONFIG_PATH, all.ptr ? all.ptr : "none");
			err = HANDOFF_EINVALID;
		}
	handoff_buf_dispose(&all);
	return err;
}

/* The result holds `want` people, `email` among them or not as asked. */
static int verify(const handoff_buf *b, size_t want, const char *email, int present)
{
	struct config *cfg = NULL;
	int err;

	if ((err = parse(&cfg, b->ptr, b->size)) < 0)
		return err;
	if (cfg->npeople != want || !handoff__config_person(cfg, email) != !present) {
		handoff__error_set(HANDOFF_ERROR_INVALID,
			"the edit of %s did not read back "
			"as meant; nothing was written (edit it by hand)", CONFIG_PATH);
		err = HANDOFF_ERROR;
	}
	handoff__config_free(cfg);
	return err;
}

int handoff__people_add_text(handoff_buf *out, const char *text, size_t len,
	const handoff_person_spec *p)
{
	struct config *cfg = NULL;
	struct lines l = { NULL, 0, 0, NULL };
	const struct node_pair *pp;
	const char *eol, *nl;
	size_t at, i;
	int indent = 2, err;

	if ((err = check_spec(p)) < 0 || (err = parse(&cfg, text, len)) < 0 ||
	    (err = check_declared(cfg, p)) < 0 || (err = lines_split(&l, text, len)) < 0)
		goto done;
	if (handoff__config_person(cfg, p->email)) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s is in people already; "
			"remove it first to change it", p->email);
		err = HANDOFF_EEXISTS;
		goto done;
	}
	/* new lines end as the file's first one does */
	nl = memchr(text, '\n', len);
	eol = nl && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";
	if (!(pp = people_pair(cfg))) {
		/* no people: yet, a block of its own at the end */
		if ((err = handoff__buf_put(out, text, len)) == 0 && len && text[len - 1] != '\n')
			err = handoff__buf_puts(out, eol);
		if (!err)
			err = handoff__buf_printf(out, "people:%s", eol);
		if (!err)
			err = entry_line(out, indent, p, eol);
		goto check;
	}
	if ((err = block_of_people(&l, pp)) < 0)
		goto done;
	if (pp->value->type == NODE_MAP && pp->value->n)
		indent = (int)pp->value->pairs[0].key->col - 1;
	/* after the block's last line that holds something (a comment too) */
	at = pp->key->line;
	for (i = pp->key->line; i < block_end(&l, pp->key->line - 1, (int)pp->key->col - 1); i++)
		if (indent_of(&l, i) >= 0)
			at = i + 1;
	if ((err = handoff__buf_put(out, text, l.start[at])) == 0 &&
	    at == l.n && len && text[len - 1] != '\n')
		err = handoff__buf_puts(out, eol);
	if (!err)
		err = entry_line(out, indent, p, eol);
	if (!err)
		err = handoff__buf_put(out, text + l.start[at], len - l.start[at]);
check:
	if (!err)
		err = verify(out, cfg->npeople + 1, p->email, 1);
done:
	free(l.start);
	handoff__config_free(cfg);
	return err;
}

int handoff__people_remove_text(handoff_buf *out, const char *text, size_t len,
	const char *email)
{
	struct config *cfg = NULL;
	struct lines l = { NULL, 0, 0, NULL };
	const struct node_pair *pp;
	const struct node *map;
	size_t i, first = 0, end = 0;
	int err;

	if ((err = parse(&cfg, text, len)) < 0 || (err = lines_split(&l, text, len)) < 0)
		goto done;
	if (!handoff__config_person(cfg, email) || !(pp = people_pair(cfg))) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s is not in people", email);
		err = HANDOFF_ENOTFOUND;
		goto done;
	}
	if ((err = block_of_people(&l, pp)) < 0)
		goto done;
	map = pp->value;
	for (i = 0; i < map->n; i++) {
		if (strcasecmp(map->pairs[i].key->str, email))
			continue;
		first = map->pairs[i].key->line - 1;
		end = i + 1 < map->n ? map->pairs[i + 1].key->line - 1 :
			block_end(&l, pp->key->line - 1, (int)pp->key->col - 1);
		/* the comments and blank lines after it are the next one's */
		while (end > first + 1 && quiet_line(&l, end - 1))
			end--;
		break;
	}
	if ((err = handoff__buf_put(out, text, l.start[first])) == 0)
		err = handoff__buf_put(out, text + l.start[end], len - l.start[end]);
	if (!err)
		err = verify(out, cfg->npeople - 1, email, 0);
done:
	free(l.start);
	handoff__config_free(cfg);
	return err;
}

/* The work tree's config, where the team edits it. */
static int read_config(char **path, char **text, size_t *len, handoff_repo *repo)
{
	const char *why;

	*text = NULL;
	if (!repo->workdir) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "a bare repository has no "
			"%s to edit: edit it in a clone and push it", CONFIG_PATH);
		return HANDOFF_EINVALID;
	}
	if (!(*path = handoff__asprintf("%s%s", repo->workdir, CONFIG_PATH)))
		return HANDOFF_ERROR;
	if (handoff__source_read_disk(*path, text, len, &why) < 0) {
		handoff__error_set(HANDOFF_ERROR_OS,
			"cannot read '%s': %s (run 'git handoff "
			"init' first)", CONFIG_PATH, why);
		return HANDOFF_ENOTFOUND;
	}
	return 0;
}

typedef int (*edit_fn)(handoff_buf *, const char *, size_t, const void *);

static int add_edit(handoff_buf *out, const char *text, size_t len, const void *arg)
{
	return handoff__people_add_text(out, text, len, arg);
}

static int remove_edit(handoff_buf *out, const char *text, size_t len, const void *arg)
{
	return handoff__people_remove_text(out, text, len, arg);
}

static int edit(handoff_repo *repo, edit_fn fn, const void *arg)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	char *path = NULL, *text = NULL;
	size_t len;
	int err;

	if ((err = read_config(&path, &text, &len, repo)) == 0 &&
	    (err = fn(&out, text, len, arg)) == 0)
		err = handoff_write_file(path, out.ptr, out.size, 0);
	handoff_buf_dispose(&out);
	free(path);
	free(text);
	return err;
}

int handoff_people_add(handoff_repo *repo, const handoff_person_spec *person)
{
	return edit(repo, add_edit, person);
}

int handoff_people_remove(handoff_repo *repo, const char *email)
{
	return edit(repo, remove_edit, email);
}

int handoff_people_foreach(handoff_repo *repo, handoff_person_cb cb, void *payload)
{
	struct config *cfg = NULL;
	char *path = NULL, *text = NULL;
	size_t len, i;
	int err;

	if ((err = read_config(&path, &text, &len, repo)) == 0 &&
	    (err = parse(&cfg, text, len)) == 0) {
		for (i = 0; !err && i < cfg->npeople; i++) {
			const struct person *p = &cfg->people[i];
			handoff_person_spec spec = HANDOFF_PERSON_SPEC_INIT;

			spec.email = p->email;
			spec.name = p->name;
			spec.team = p->team;
			spec.roles = p->roles;
			spec.nroles = p->nroles;
			spec.logins = p->logins;
			spec.nlogins = p->nlogins;
			err = cb(&spec, payload);
		}
	}
	handoff__config_free(cfg);
	free(path);
	free(text);
	return err;
}

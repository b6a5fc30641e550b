/*
 * Reading .handoff/config.yaml (DESIGN section 3).
 */
#include <ctype.h>

#include "clock.h"
#include "config.h"

static const char *const default_records[] = { "handoffs/", "transitions/", "support/" };
/*
 * The roles a config without `roles:` declares. ops changes the rules
 * and auditor reads them; which roles decide a kind is the kind's own
 * (x-handoff `deciders`).
 */
static const char *const default_roles[] = { "sales", "sales_manager", "cs",
	"cs_manager", "ops", "auditor", "support_lead", "account_manager" };
static const char *const day_names[] = { "mon", "tue", "wed", "thu", "fri",
	"sat", "sun", NULL };

struct parse {
	struct config *cfg;
	struct diag_list *diags;
	int bad;
};

static void problem(struct parse *p, const struct node *at, const char *pointer,
	const char *fmt, ...) PRINTF_LIKE(4, 5);

static void problem(struct parse *p, const struct node *at, const char *pointer,
	const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	handoff__diag_vadd(p->diags, HANDOFF_SEVERITY_ERROR, at->line, at->col, "config",
		pointer, fmt, ap);
	va_end(ap);
	p->bad = 1;
}

int handoff__parse_duration(double *out, const char *s, int *business)
{
	const char *end = s;
	double v = 0;

	*business = 0;
	while (isdigit((unsigned char)*end) && v < 1e9)
		v = v * 10 + (*end++ - '0');
	if (end == s || isdigit((unsigned char)*end))
		return HANDOFF_EINVALID;
	if (!strcmp(end, "m"))
		v *= 60;
	else if (!strcmp(end, "h"))
		v *= 3600;
	else if (!strcmp(end, "d"))
		v *= 86400;
	else if (!strcmp(end, "bd"))
		v *= 86400, *business = 1;
	else if (!strcmp(end, "w"))
		v *= 7 * 86400;
	else
		return HANDOFF_EINVALID;
	*out = v;
	return 0;
}

static int one_of(const char *s, const char *const *list)
{
	int i;

	for (i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return i;
	return -1;
}

int handoff__role_known(const char *role)
{
	size_t i;

	if (!role || !islower((unsigned char)role[0]))
		return 0;
	for (i = 1; role[i]; i++)
		if (i >= 64 || !(islower((unsigned char)role[i]) ||
		    isdigit((unsigned char)role[i]) || role[i] == '_' || role[i] == '-'))
			return 0;
	return 1;
}

int handoff__config_role_declared(const struct config *cfg, const char *role)
{
	size_t i;

	for (i = 0; role && i < cfg->nroles; i++)
		if (!strcmp(cfg->roles[i], role))
			return 1;
	return 0;
}

/* The declared roles, "a, b, c", into `b`. */
int handoff__config_roles_text(handoff_buf *b, const struct config *cfg)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < cfg->nroles; i++)
		err = handoff__buf_printf(b, "%s%s", i ? ", " : "", cfg->roles[i]);
	return err;
}

int handoff__config_default(struct config **out)
{
	struct config *cfg = calloc(1, sizeof(*cfg));

	*out = NULL;
	if (!cfg)
		return handoff__error_oom();
	cfg->records = (const char **)default_records;
	cfg->nrecords = ARRAY_SIZE(default_records);
	cfg->roles = (const char **)default_roles;
	cfg->nroles = ARRAY_SIZE(default_roles);
	cfg->timezone = "UTC";
	cfg->business_days = 0x1f;
	cfg->backdate_tolerance = 24 * 3600;
	cfg->due_soon = 14 * 86400;
	*out = cfg;
	return 0;
}

/*
 * `src` as git names the folder: no "." or empty parts (`./handoffs//`
 * is `handoffs/`), ending in '/'. Written to `dir` (room for strlen(src)
 * + 2); its length, 0 when nothing is left.
 */
static size_t folder_name(char *dir, const char *src)
{
	size_t n = 0, len;

	while (*src) {
		len = strcspn(src, "/");
		if (len && !(len == 1 && *src == '.')) {
			memcpy(dir + n, src, len);
			n += len;
			dir[n++] = '/';
		}
		src += len;
		src += *src == '/';
	}
	dir[n] = '\0';
	return n;
}

static void read_records(struct parse *p, const struct node *v)
{
	size_t i, k;

	if (v->type != NODE_SEQ || !v->n) {
		problem(p, v, "/records", "'records' must be a list of folders");
		return;
	}
	if (!(p->cfg->records = handoff__doc_alloc(p->cfg->doc, v->n * sizeof(char *)))) {
		p->bad = -1;
		return;
	}
	p->cfg->nrecords = 0;
	for (i = 0; i < v->n; i++) {
		const struct node *f = v->items[i];
		char *dir;

		if (f->type != NODE_STRING || !f->len || f->str[0] == '/' ||
		    strstr(f->str, "..")) {
			problem(p, f, "/records",
				"a records folder must be a relative path inside the repository");
			continue;
		}
		if (!(dir = handoff__doc_alloc(p->cfg->doc, f->len + 2))) {
			p->bad = -1;
			return;
		}
		if (!folder_name(dir, f->str)) {
			problem(p, f, "/records",
				"'%s' names the whole repository: name the records folders", f->str);
			continue;
		}
		/* `handoffs` and `handoffs/` are one folder, listed once */
		for (k = 0; k < p->cfg->nrecords && strcmp(p->cfg->records[k], dir); k++)
			;
		if (k == p->cfg->nrecords)
			p->cfg->records[p->cfg->nrecords++] = dir;
	}
}

/* A branch name as git allows it (a short name, or a full ref name). */
static int branch_name_ok(const struct node *b)
{
	return b->type == NODE_STRING && b->len && b->str[0] != '/' &&
		b->str[b->len - 1] != '/' && !strstr(b->str, "..") &&
		!strpbrk(b->str, " ~^:?*[\\");
}

/* `protected: [main, release]`: branch names as git allows them. */
static void read_protected(struct parse *p, const struct node *v)
{
	size_t i;

	p->cfg->has_protected = 1;
	if (v->type == NODE_NULL)
		return;		/* `protected:` with nothing: no branch is */
	if (v->type != NODE_SEQ) {
		problem(p, v, "/protected", "'protected' must be a list of branch names, e.g. [main]");
		return;
	}
	if (!(p->cfg->protected = handoff__doc_alloc(p->cfg->doc, (v->n ? v->n : 1) *
	    sizeof(char *)))) {
		p->bad = -1;
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *b = v->items[i];

		if (!branch_name_ok(b)) {
			problem(p, b, "/protected", "'%s' is not a branch name",
				b->str ? b->str : "");
			continue;
		}
		p->cfg->protected[p->cfg->nprotected++] = b->str;
	}
}

int handoff__config_is_protected(const struct config *cfg, const char *ref,
	const char *head)
{
	const char *branch = !strncmp(ref, "refs/heads/", 11) ? ref + 11 : NULL;
	size_t i;

	if (!cfg || !cfg->has_protected)
		return head && !strcmp(ref, head);
	for (i = 0; i < cfg->nprotected; i++)
		if (!strcmp(ref, cfg->protected[i]) ||
		    (branch && !strcmp(branch, cfg->protected[i])))
			return 1;
	return 0;
}

static void read_days(struct parse *p, const struct node *v)
{
	size_t i;
	int d;

	if (v->type != NODE_SEQ || !v->n) {
		problem(p, v, "/business_days", "'business_days' must be a list such as [mon, tue]");
		return;
	}
	p->cfg->business_days = 0;
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->type != NODE_STRING ||
		    (d = one_of(v->items[i]->str, day_names)) < 0)
			problem(p, v->items[i], "/business_days",
				"unknown day (mon, tue, wed, thu, fri, sat, sun)");
		else
			p->cfg->business_days |= 1u << d;
	}
}

/*
 * `roles: [sales, cs, ..., legal]`: the set a person's roles and a kind's
 * deciders are taken from. Read before people, wherever it stands.
 */
static void read_roles(struct parse *p, const struct node *v)
{
	size_t i, k;

	if (v->type != NODE_SEQ || !v->n) {
		problem(p, v, "/roles", "'roles' must be a list of role names such as [sales, cs, ops]");
		return;
	}
	if (!(p->cfg->roles = handoff__doc_alloc(p->cfg->doc, v->n * sizeof(char *)))) {
		p->bad = -1;
		return;
	}
	p->cfg->nroles = 0;
	for (i = 0; i < v->n; i++) {
		const struct node *r = v->items[i];

		if (r->type != NODE_STRING || !handoff__role_known(r->str)) {
			problem(p, r, "/roles", "'%s' is not a role name (lowercase letters, "
				"digits, '_' and '-', starting with a letter)",
				r->type == NODE_STRING ? r->str : "");
			continue;
		}
		for (k = 0; k < p->cfg->nroles && strcmp(p->cfg->roles[k], r->str); k++)
			;
		if (k == p->cfg->nroles)
			p->cfg->roles[p->cfg->nroles++] = r->str;
	}
}

/*
 * A list of strings at `v` (`what` names it) into *out, each on one line
 * and accepted by `ok` (NULL: any); `must` says what each must be.
 */
static void read_strings(struct parse *p, const struct node *v, const char *pointer,
	const char *what, int (*ok)(const char *), const char *must,
	const char ***out, size_t *n)
{
	size_t i;

	if (v->type != NODE_SEQ) {
		problem(p, v, pointer, "'%s' must be a list", what);
		return;
	}
	if (!(*out = handoff__doc_alloc(p->cfg->doc, (v->n + 1) * sizeof(char *)))) {
		p->bad = -1;
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *s = v->items[i];
		const char *c;

		for (c = s->type == NODE_STRING ? s->str : NULL; c && *c &&
		    !iscntrl((unsigned char)*c); c++)
			;
		if (!c || *c || !*s->str || (ok && !ok(s->str)))
			problem(p, s, pointer, "each of '%s' must be %s", what, must);
		else
			(*out)[(*n)++] = s->str;
	}
}

/* "ssh-ed25519 AAAA..." or another type ssh-keygen knows, then the key */
static int ssh_key_line(const char *s)
{
	static const char *const types[] = { "ssh-ed25519 ", "ssh-rsa ",
		"ecdsa-sha2-nistp256 ", "ecdsa-sha2-nistp384 ", "ecdsa-sha2-nistp521 ",
		"sk-ssh-ed25519@openssh.com ", "sk-ecdsa-sha2-nistp256@openssh.com ", NULL };
	size_t i, n;

	for (i = 0; types[i]; i++)
		if (!strncmp(s, types[i], n = strlen(types[i])))
			return s[n] == 'A' && !strchr(s + n, '"');
	return 0;
}

/* an environment variable's name: REMOTE_USER */
static int env_name(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ==
		strlen(s) && !isdigit((unsigned char)*s);
}

/* `emails: [a, b]`: the other addresses one person commits and signs with. */
static void read_emails(struct parse *p, const struct node *v, struct person *person)
{
	size_t i;

	if (v->type != NODE_SEQ) {
		problem(p, v, "/people", "'emails' must be a list of addresses");
		return;
	}
	if (!(person->emails = handoff__doc_alloc(p->cfg->doc, (v->n + 1) * sizeof(char *)))) {
		p->bad = -1;
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *e = v->items[i];

		if (e->type != NODE_STRING || !strchr(e->str, '@'))
			problem(p, e, "/people", "'%s' is not an email address",
				e->type == NODE_STRING ? e->str : "");
		else
			person->emails[person->nemails++] = e->str;
	}
}

static void read_person(struct parse *p, const struct node *key,
	const struct node *v, struct person *person)
{
	static const char *const allowed[] = { "name", "roles", "team", "logins",
		"signing_keys", "emails", NULL };
	const struct node *roles, *list, *emails;
	size_t i;

	person->email = key->str;
	if (!strchr(key->str, '@'))
		problem(p, key, "/people", "'%s' is not an email address", key->str);
	if (v->type != NODE_MAP) {
		problem(p, v, "/people", "a person is a mapping with name, roles, team and emails");
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->pairs[i].key, *val = v->pairs[i].value;

		if (one_of(k->str, allowed) < 0)
			problem(p, k, "/people", "unknown key '%s' for a person", k->str);
		else if ((!strcmp(k->str, "name") || !strcmp(k->str, "team")) &&
		    val->type != NODE_STRING)
			problem(p, val, "/people", "'%s' must be a string", k->str);
	}
	if ((list = handoff__node_get(v, "logins")))
		read_strings(p, list, "/people", "logins", NULL, "a name on one line",
			&person->logins, &person->nlogins);
	if ((list = handoff__node_get(v, "signing_keys")))
		read_strings(p, list, "/people", "signing_keys", ssh_key_line,
			"an SSH public key on one line, such as 'ssh-ed25519 AAAA...'",
			&person->signing_keys, &person->nsigning_keys);
	person->name = handoff__node_get_str(v, "name");
	person->team = handoff__node_get_str(v, "team");
	if ((emails = handoff__node_get(v, "emails")))
		read_emails(p, emails, person);
	if (!(roles = handoff__node_get(v, "roles")))
		return;
	if (roles->type != NODE_SEQ) {
		problem(p, roles, "/people", "'roles' must be a list");
		return;
	}
	if (!(person->roles = handoff__doc_alloc(p->cfg->doc, (roles->n + 1) * sizeof(char *)))) {
		p->bad = -1;
		return;
	}
	for (i = 0; i < roles->n; i++) {
		const struct node *r = roles->items[i];

		if (r->type != NODE_STRING || !handoff__config_role_declared(p->cfg, r->str))
			problem(p, r, "/people", "unknown role '%s'; declare it in roles:",
				r->type == NODE_STRING ? r->str : "");
		else
			person->roles[person->nroles++] = r->str;
	}
}

static int by_email(const void *x, const void *y)
{
	const struct node *a = *(const struct node *const *)x;
	const struct node *b = *(const struct node *const *)y;
	int c = strcasecmp(a->str, b->str);

	return c ? c : a->line < b->line ? -1 : a->line > b->line;
}

static const struct node *emails_of(const struct node *person)
{
	const struct node *e = person->type == NODE_MAP ? handoff__node_get(person, "emails") : NULL;

	return e && e->type == NODE_SEQ ? e : NULL;
}

/*
 * Emails are looked up without letter case (config_person), so two
 * addresses (keys, or a person's `emails:`) that differ only in case
 * would be one person twice, the first silently winning. Each is a
 * problem naming the other's line, as the YAML reader names a duplicate
 * key. Sorted, so a long list costs n log n.
 */
static void same_emails(struct parse *p, const struct node *v)
{
	const struct node **keys, *e;
	size_t i, j, n = 0, all = v->n;

	for (i = 0; i < v->n; i++)
		all += (e = emails_of(v->pairs[i].value)) ? e->n : 0;
	if (all < 2)
		return;
	if (!(keys = malloc(all * sizeof(*keys)))) {
		p->bad = -1;
		return;
	}
	/* every address, the keys and their `emails:`: each names one person */
	for (i = 0; i < v->n; i++) {
		keys[n++] = v->pairs[i].key;
		for (j = 0; (e = emails_of(v->pairs[i].value)) && j < e->n; j++)
			if (e->items[j]->type == NODE_STRING)
				keys[n++] = e->items[j];
	}
	qsort(keys, n, sizeof(*keys), by_email);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !strcasecmp(keys[i]->str, keys[j]->str); j++)
			;
		if (j - i > 1) {
			size_t k;

			for (k = i; k < j; k++) {
				const struct node *o = keys[k == i ? i + 1 : i];

				problem(p, keys[k], "/people",
					"'%s' is also listed as '%s' at line %u, column %u "
					"(emails are compared without letter case)",
					keys[k]->str, o->str, o->line, o->col);
			}
		}
	}
	free(keys);
}

static void read_people(struct parse *p, const struct node *v)
{
	size_t i;

	p->cfg->has_people = 1;
	if (v->type == NODE_NULL)
		return;
	if (v->type != NODE_MAP) {
		problem(p, v, "/people", "'people' must map emails to people");
		return;
	}
	if (!(p->cfg->people = handoff__doc_alloc(p->cfg->doc, (v->n + 1) * sizeof(struct person)))) {
		p->bad = -1;
		return;
	}
	for (i = 0; i < v->n; i++)
		read_person(p, v->pairs[i].key, v->pairs[i].value,
			&p->cfg->people[p->cfg->npeople++]);
	same_emails(p, v);
}

static void read_sla(struct parse *p, const struct node *v)
{
	size_t i;

	if (v->type == NODE_NULL)
		return;
	if (v->type != NODE_MAP) {
		problem(p, v, "/sla", "'sla' maps rule names to durations, e.g. customer_introduction: 72h");
		return;
	}
	if (!(p->cfg->sla = handoff__doc_alloc(p->cfg->doc, v->n * sizeof(*p->cfg->sla)))) {
		p->bad = -1;
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->pairs[i].key, *d = v->pairs[i].value;
		struct sla_override *o = &p->cfg->sla[p->cfg->nsla];

		if (d->type != NODE_STRING ||
		    handoff__parse_duration(&o->within, d->str, &o->business) < 0) {
			problem(p, d, "/sla", "SLA '%s' must be a duration such as 24h, 3d, 5bd or 2w",
				k->str);
			continue;
		}
		o->name = k->str;
		o->line = k->line;
		o->col = k->col;
		p->cfg->nsla++;
	}
}

const char *const handoff__config_url_placeholders[] = { "commit", "path", "id",
	"branch", NULL };

/*
 * `record_url: https://git.example/handoffs/blob/{commit}/{path}`. Every
 * {name} must be a placeholder export fills in: a typo would otherwise
 * put a dead link into every row of a CRM. A problem points at the brace,
 * counted from the scalar's column (one more for a quoted one).
 */
static void read_record_url(struct parse *p, const struct node *v)
{
	const char *s, *close;
	unsigned int base;
	struct node at;
	size_t i;

	if (v->type != NODE_STRING || !v->len || strchr(v->str, '\n')) {
		problem(p, v, "/record_url", "'record_url' must be a URL on one line, such as "
			"https://git.example/handoffs/blob/{commit}/{path}");
		return;
	}
	at = *v;
	base = v->col + ((v->flags & NODE_QUOTED) ? 1 : 0);
	for (s = v->str; (s = strpbrk(s, "{}")) != NULL; s = close + 1) {
		at.col = base + (unsigned int)(s - v->str);
		close = s + 1 + strcspn(s + 1, "{}");
		if (*s == '}' || *close != '}') {
			problem(p, &at, "/record_url", "'%c' without its pair: a placeholder is "
				"{commit}, {path}, {id} or {branch}", *s);
			return;
		}
		for (i = 0; handoff__config_url_placeholders[i] &&
		    (strlen(handoff__config_url_placeholders[i]) != (size_t)(close - s - 1) ||
		    memcmp(handoff__config_url_placeholders[i], s + 1,
			(size_t)(close - s - 1))); i++)
			;
		if (!handoff__config_url_placeholders[i]) {
			problem(p, &at, "/record_url", "unknown placeholder '%.*s' in 'record_url' "
				"({commit}, {path}, {id}, {branch})", (int)(close - s + 1), s);
			return;
		}
	}
	p->cfg->record_url = v->str;
}

/*
 * `notify: {command: [curl, ..., "@-", URL], from: "Handoffs <h@x>"}`: an
 * argument vector run without a shell (the payload on its stdin), and
 * the sender of `--notify-mbox`'s messages.
 */
/* teams: {<name>: {manager: <email>}} */
static void read_teams(struct parse *p, const struct node *v)
{
	size_t i, j;

	if (v->type != NODE_MAP) {
		problem(p, v, "/teams", "'teams' must be a mapping of team names, "
			"such as {east: {manager: lee@vendor.example}}");
		return;
	}
	if (!(p->cfg->teams = handoff__doc_alloc(p->cfg->doc, (v->n + 1) * sizeof(*p->cfg->teams)))) {
		p->bad = -1;
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->pairs[i].key, *t = v->pairs[i].value;
		struct team *team = &p->cfg->teams[p->cfg->nteams++];

		team->name = k->str;
		team->manager = NULL;
		if (t->type != NODE_MAP) {
			problem(p, t, "/teams", "team '%s' is a mapping with its manager", k->str);
			continue;
		}
		for (j = 0; j < t->n; j++) {
			const struct node *tk = t->pairs[j].key, *tv = t->pairs[j].value;

			if (strcmp(tk->str, "manager"))
				problem(p, tk, "/teams", "unknown key '%s' for a team (manager)", tk->str);
			else if (tv->type != NODE_STRING || !strchr(tv->str, '@'))
				problem(p, tv, "/teams", "a team's manager is an email address");
			else
				team->manager = tv->str;
		}
	}
}

const char *handoff__config_team_manager(const struct config *cfg, const char *team)
{
	size_t i;

	for (i = 0; team && i < cfg->nteams; i++)
		if (!strcmp(cfg->teams[i].name, team))
			return cfg->teams[i].manager;
	return NULL;
}

static void read_notify(struct parse *p, const struct node *v)
{
	const struct node *c;
	size_t i;

	if (v->type == NODE_NULL)
		return;
	if (v->type != NODE_MAP) {
		problem(p, v, "/notify", "'notify' must be a mapping such as {command: [curl, ...]}");
		return;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->pairs[i].key, *w = v->pairs[i].value;

		if (strcmp(k->str, "command") && strcmp(k->str, "from"))
			problem(p, k, "/notify", "unknown key '%s' (command, from)", k->str);
		else if (!strcmp(k->str, "from") && (w->type != NODE_STRING ||
		    !w->len || strpbrk(w->str, "\r\n")))
			problem(p, w, "/notify/from", "'from' must be an address on one line");
		else if (!strcmp(k->str, "from"))
			p->cfg->notify_from = w->str;
	}
	if (!(c = handoff__node_get(v, "command")))
		return;
	if (c->type != NODE_SEQ || !c->n) {
		problem(p, c, "/notify/command", "'command' must be a list: the program, then its "
			"arguments, such as [curl, -sS, --data-binary, \"@-\", URL]");
		return;
	}
	if (!(p->cfg->notify_command = handoff__doc_alloc(p->cfg->doc, (c->n + 1) * sizeof(char *)))) {
		p->bad = -1;
		return;
	}
	for (i = 0; i < c->n; i++) {
		if (c->items[i]->type == NODE_MAP || c->items[i]->type == NODE_SEQ ||
		    c->items[i]->type == NODE_NULL || !c->items[i]->str) {
			problem(p, c->items[i], "/notify/command", "each word of 'command' must be a string");
			p->cfg->notify_command = NULL;
			return;
		}
		p->cfg->notify_command[i] = c->items[i]->str;
	}
	p->cfg->notify_command[i] = NULL;
	if (!*p->cfg->notify_command[0]) {
		problem(p, c->items[0], "/notify/command", "the program of 'command' is empty");
		p->cfg->notify_command = NULL;
	}
}

static void read_top(struct parse *p, const struct node *root)
{
	static const char *const allowed[] = { "records", "timezone",
		"business_days", "backdate_tolerance", "people", "sla", "kinds",
		"record_url", "protected", "roles", "notify", "identity", "decisions",
		"pusher_env", "default_branch", "commitments_due_soon", "teams", NULL };
	const struct node *roles = handoff__node_get(root, "roles");
	size_t i;

	if (roles)	/* before people, whose roles it declares */
		read_roles(p, roles);
	for (i = 0; i < root->n; i++) {
		const struct node *k = root->pairs[i].key, *v = root->pairs[i].value;
		struct tz *tz = NULL;
		int business;

		switch (one_of(k->str, allowed)) {
		case 0:
			read_records(p, v);
			break;
		case 1:
			if (v->type != NODE_STRING || !v->len)
				problem(p, v, "/timezone", "'timezone' must be a zone name such as Asia/Tokyo");
			else if (handoff__tz_load(&tz, v->str) < 0)
				problem(p, v, "/timezone", "unknown time zone '%s' (a zoneinfo name such as Asia/Tokyo)",
					v->str);
			else
				p->cfg->timezone = v->str;
			handoff__tz_free(tz);
			tz = NULL;
			break;
		case 2:
			read_days(p, v);
			break;
		case 3:
			if (v->type != NODE_STRING ||
			    handoff__parse_duration(&p->cfg->backdate_tolerance,
				v->str, &business) < 0)
				problem(p, v, "/backdate_tolerance", "'backdate_tolerance' must be a duration such as 24h");
			break;
		case 4:
			read_people(p, v);
			break;
		case 5:
			read_sla(p, v);
			break;
		case 6:
			if (v->type != NODE_MAP && v->type != NODE_NULL)
				problem(p, v, "", "'%s' must be a mapping", k->str);
			break;
		case 7:
			read_record_url(p, v);
			break;
		case 8:
			read_protected(p, v);
			break;
		case 9:
			break;	/* read first */
		case 10:
			read_notify(p, v);
			break;
		case 11:
			if (v->type != NODE_STRING || (strcmp(v->str, "required") &&
			    strcmp(v->str, "self-asserted")))
				problem(p, v, "/identity", "'identity' must be 'required' (a push "
					"must name its pusher) or 'self-asserted'");
			else
				p->cfg->identity_required = !strcmp(v->str, "required");
			break;
		case 12:
			if (v->type != NODE_STRING || (strcmp(v->str, "signed") &&
			    strcmp(v->str, "unsigned")))
				problem(p, v, "/decisions", "'decisions' must be 'signed' (each "
					"decision signed by its author's key) or 'unsigned'");
			else
				p->cfg->decisions_signed = !strcmp(v->str, "signed");
			break;
		case 13:
			read_strings(p, v, "/pusher_env", "pusher_env", env_name,
				"a variable name such as REMOTE_USER", &p->cfg->pusher_env,
				&p->cfg->npusher_env);
			break;
		case 14:
			if (!branch_name_ok(v))
				problem(p, v, "/default_branch", "'default_branch' must be a branch name, e.g. main");
			else
				p->cfg->default_branch = v->str;
			break;
		case 15:
			if (v->type != NODE_STRING ||
			    handoff__parse_duration(&p->cfg->due_soon, v->str,
				&business) < 0)
				problem(p, v, "/commitments_due_soon", "'commitments_due_soon' must be a duration such as 14d");
			break;
		case 16:
			read_teams(p, v);
			break;
		default:
			problem(p, k, "", "unknown key '%s' (records, timezone, business_days, backdate_tolerance, people, sla, kinds, record_url, protected, roles, notify, identity, decisions, pusher_env, default_branch, commitments_due_soon, teams)",
				k->str);
		}
	}
}

int handoff__config_parse(struct config **out, const char *text, size_t len,
	struct diag_list *diags)
{
	struct parse p = { NULL, diags, 0 };
	const struct node *root;
	int err;

	*out = NULL;
	if ((err = handoff__config_default(&p.cfg)) < 0)
		return err;
	if ((err = handoff__yaml_load(&p.cfg->doc, text, len, 1, NULL, diags)) < 0) {
		handoff__config_free(p.cfg);
		return err == HANDOFF_EINVALID ? HANDOFF_ESCHEMA : err;
	}
	root = p.cfg->doc->root;
	if (root && root->type == NODE_MAP)
		read_top(&p, root);
	else if (root && root->type != NODE_NULL)
		problem(&p, root, "", "the config must be a mapping");
	if (p.bad) {
		handoff__config_free(p.cfg);
		return p.bad < 0 ? handoff__error_oom() : HANDOFF_ESCHEMA;
	}
	*out = p.cfg;
	return 0;
}

void handoff__config_free(struct config *cfg)
{
	if (!cfg)
		return;
	handoff__doc_free(cfg->doc);
	free(cfg);
}

const struct person *handoff__config_person(const struct config *cfg, const char *email)
{
	size_t i, j;

	for (i = 0; i < cfg->npeople; i++)
		if (!strcasecmp(cfg->people[i].email, email))
			return &cfg->people[i];
	for (i = 0; i < cfg->npeople; i++)
		for (j = 0; j < cfg->people[i].nemails; j++)
			if (!strcasecmp(cfg->people[i].emails[j], email))
				return &cfg->people[i];
	return NULL;
}

const struct sla_override *handoff__config_sla(const struct config *cfg,
	const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nsla; i++)
		if (!strcmp(cfg->sla[i].name, name))
			return &cfg->sla[i];
	return NULL;
}

int handoff__person_has_any_role(const struct person *p, const char *const *roles)
{
	for (; p && *roles; roles++)
		if (handoff__person_has_role(p, *roles))
			return 1;
	return 0;
}

int handoff__person_has_role(const struct person *p, const char *role)
{
	size_t i;

	for (i = 0; p && i < p->nroles; i++)
		if (!strcmp(p->roles[i], role))
			return 1;
	return 0;
}

/* 1 when a file or folder name in `path` starts with '.' */
static int has_dot_name(const char *path)
{
	const char *p;

	for (p = path; *p; p++)
		if (*p == '.' && (p == path || p[-1] == '/'))
			return 1;
	return 0;
}

/*
 * Below a records folder, a file or folder whose name starts with '.' is
 * never a record: editors keep their swap and backup files so, and our
 * own writes go through `.<name>.tmp-XXXXXX` files beside the record.
 * Every source (the work tree, the index, a revision, the history) asks
 * here, so each sees the same records for the same content.
 */
int handoff__config_is_record_path(const struct config *cfg, const char *path)
{
	size_t i, n;

	for (i = 0; i < cfg->nrecords; i++) {
		n = strlen(cfg->records[i]);
		if (!strncmp(path, cfg->records[i], n) && path[n] &&
		    !has_dot_name(path + n))
			return 1;
	}
	return 0;
}

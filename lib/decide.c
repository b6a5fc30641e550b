/*
 * CS's decision on a handoff (`accept`, `reject`, `revise`): the record's
 * `acceptance` block is rewritten and nothing else. The block is the
 * lines from its key to the next top-level key (less the blank lines and
 * unindented comments before that key, which belong to what follows);
 * a record without one gets it just before the closing `---`. The new
 * lines keep the file's line ending and the block's indentation; every
 * other byte stays as it was. The file is replaced atomically.
 *
 * Only a person with the cs or cs_manager role in the committed config
 * (HEAD's, so an uncommitted edit grants nothing) may decide; a handoff
 * that does not validate cannot be accepted; a rejection says what is
 * missing.
 */
#include <time.h>

#include "changes.h"
#include "clock.h"
#include "record.h"
#include "report.h"
#include "repo.h"

struct text_line {
	const char *p;
	size_t n;		/* without the line ending */
};

static int split_lines(const char *s, size_t len, struct text_line **out, size_t *n)
{
	size_t alloc = 64, i = 0;
	struct text_line *v = malloc(alloc * sizeof(*v));

	*n = 0;
	while (v && i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;

		if (*n == alloc) {
			struct text_line *w = realloc(v, (alloc *= 2) * sizeof(*v));

			if (!w)
				free(v);
			v = w;
			if (!v)
				break;
		}
		v[*n].p = s + i;
		v[*n].n = end - i - (end > i && s[end - 1] == '\r');
		(*n)++;
		i = nl ? end + 1 : len;
	}
	*out = v;
	return v ? 0 : handoff__error_oom();
}

static int line_is(const struct text_line *l, const char *s)
{
	return l->n == strlen(s) && !memcmp(l->p, s, l->n);
}

static int line_is_blank_or_comment(const struct text_line *l)
{
	size_t i = 0;

	while (i < l->n && (l->p[i] == ' ' || l->p[i] == '\t'))
		i++;
	return i == l->n || (l->p[0] == '#');
}

/* A YAML double-quoted scalar. */
static void put_quoted(handoff_buf *b, const char *s)
{
	handoff__buf_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			handoff__buf_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			handoff__buf_printf(b, "\\x%02x", (unsigned char)*s);
		else
			handoff__buf_put(b, s, 1);
	}
	handoff__buf_puts(b, "\"");
}

static int plain_safe(const char *s)
{
	return *s && s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789._%+-@")] == '\0';
}

static const char *const status_names[] = { "accepted", "rejected", "needs-revision" };

static int new_block(handoff_buf *b, const handoff_decide_options *o,
	const char *by, const char *at, const char *indent, const char *eol)
{
	size_t i;

	handoff__buf_printf(b, "acceptance:%s%sstatus: %s%s%sby: ", eol, indent,
		status_names[o->decision], eol, indent);
	if (plain_safe(by))
		handoff__buf_puts(b, by);
	else
		put_quoted(b, by);
	handoff__buf_printf(b, "%s%sat: %s%s", eol, indent, at, eol);
	if (o->ngaps)
		handoff__buf_printf(b, "%sgaps:%s", indent, eol);
	for (i = 0; i < o->ngaps; i++) {
		handoff__buf_printf(b, "%s  - ", indent);
		put_quoted(b, o->gaps[i]);
		handoff__buf_puts(b, eol);
	}
	return b->ptr ? 0 : handoff__error_oom();
}

/*
 * The lines [*first, *end) that the acceptance block holds, or an empty
 * range where a new one goes. Lines are 0-based here.
 */
static int find_block(const struct record *rec, const struct text_line *lines,
	size_t nlines, size_t *first, size_t *end)
{
	const struct node *front = record_front(rec);
	size_t close, i;

	if (rec->is_yaml) {
		close = nlines;
	} else {
		close = rec->body_line - 2;	/* the closing '---' */
		if (close >= nlines || !line_is(&lines[close], "---"))
			return HANDOFF_EINVALID;
	}
	for (i = 0; front && i < front->n; i++) {
		const struct node *key = front->pairs[i].key;

		if (strcmp(key->str, "acceptance"))
			continue;
		if (key->col != 1 || key->line - 1 >= close)
			return HANDOFF_EINVALID;
		*first = key->line - 1;
		*end = i + 1 < front->n ? front->pairs[i + 1].key->line - 1 : close;
		while (*end > *first + 1 && line_is_blank_or_comment(&lines[*end - 1]))
			(*end)--;
		return 0;
	}
	*first = *end = close;
	return 0;
}

static char *git_email(git_repository *git)
{
	const char *env = getenv("GIT_AUTHOR_EMAIL");
	git_config *cfg = NULL;
	git_buf v = GIT_BUF_INIT;
	char *email = NULL;

	if (env && *env)
		return handoff__strdup(env);
	if (git_repository_config_snapshot(&cfg, git) == 0 &&
	    git_config_get_string_buf(&v, cfg, "user.email") == 0 && v.size)
		email = handoff__strdup(v.ptr);
	git_buf_dispose(&v);
	git_config_free(cfg);
	if (!email && (env = getenv("EMAIL")) && *env)
		email = handoff__strdup(env);
	if (!email)
		handoff__error_set(HANDOFF_ERROR_INVALID, "who is deciding? set git's "
			"user.email (git config user.email you@example.com)");
	return email;
}

/* The cs or cs_manager role in the committed config. */
static int check_role(handoff_repo *repo, const char *email)
{
	struct source head;
	const struct person *p;
	int err = git_repository_head_unborn(repo->git) == 1 ?
		source_open(&head, repo, HANDOFF_SOURCE_WORKTREE, NULL) :
		source_open(&head, repo, HANDOFF_SOURCE_REV, "HEAD");

	if (err < 0)
		return err;
	p = config_person(head.config, email);
	if (!person_has_any_role(p, roles_deciding)) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s has no cs or cs_manager role "
			"in the committed %s; only CS decides on a handoff", email, CONFIG_PATH);
		err = HANDOFF_EINVALID;
	}
	source_release(&head);
	return err;
}

/*
 * When the decision is made, in the config's zone: `t`, else the time
 * git will give the commit (GIT_AUTHOR_DATE as "@secs" or ISO 8601),
 * else now.
 */
static int now_text(char *buf, size_t size, const struct config *cfg, long long t)
{
	const char *env = getenv("GIT_AUTHOR_DATE");
	struct tz *tz = NULL;
	int err = tz_load(&tz, cfg->timezone);

	if (err < 0)
		return err;
	if (!t && env && *env == '@')
		t = strtoll(env + 1, NULL, 10);
	else if (!t && env)
		clock_parse(tz, env, strlen(env), &t);
	if (!t)
		t = (long long)time(NULL);
	format_iso_time(buf, size, t, (int)(tz_offset(tz, t) / 60));
	tz_free(tz);
	return 0;
}

/* The record's bytes with the new acceptance block. */
static int edit(handoff_buf *out, const struct record *rec,
	const handoff_decide_options *o, const char *by, const char *at)
{
	struct text_line *lines = NULL;
	size_t nlines, first, end;
	const char *start, *rest, *eol = memchr(rec->text, '\r', rec->len) ? "\r\n" : "\n";
	char indent[16] = "  ";
	int err;

	if ((err = split_lines(rec->text, rec->len, &lines, &nlines)) < 0)
		return err;
	if ((err = find_block(rec, lines, nlines, &first, &end)) < 0) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s: the acceptance block is "
			"not a plain top-level key; edit it by hand", rec->path);
		free(lines);
		return err;
	}
	if (end > first + 1) {	/* keep the block's own indentation */
		size_t k = strspn(lines[first + 1].p, " ");

		if (k > 0 && k < sizeof(indent) && k < lines[first + 1].n) {
			memset(indent, ' ', k);
			indent[k] = '\0';
		}
	}
	/* the bytes before the block (a BOM included), the block, the rest */
	start = first < nlines ? lines[first].p : rec->data + rec->size;
	rest = end < nlines ? lines[end].p : rec->data + rec->size;
	handoff__buf_put(out, rec->data, (size_t)(start - rec->data));
	if (first >= nlines && rec->size && rec->data[rec->size - 1] != '\n')
		handoff__buf_puts(out, eol);
	err = new_block(out, o, by, at, indent, eol);
	handoff__buf_put(out, rest, (size_t)(rec->data + rec->size - rest));
	free(lines);
	return err ? err : out->ptr ? 0 : handoff__error_oom();
}

/* A handoff about to be accepted must validate, as it will be. */
static int check_valid(handoff_report *problems, handoff_repo *repo,
	const char *path, const char *text, size_t len)
{
	struct source src;
	struct record *rec = NULL;
	struct diag_list d = DIAG_LIST_INIT;
	int err;

	if ((err = source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0)
		return err;
	if ((err = record_parse(&rec, path, text, len, NULL)) == 0 &&
	    (err = validate_record(&d, &src, rec)) == 0 &&
	    (err = diag_list_move(&d, &rec->diags)) == 0 && diag_list_errors(&d)) {
		err = report_add(problems, path, NULL, NULL, &d);
		if (!err) {
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s does not validate; "
				"reject it with the gaps, or ask for a revision", path);
			err = HANDOFF_EINVALID;
		}
	}
	diag_list_release(&d);
	record_free(rec);
	source_release(&src);
	return err;
}

int handoff_decide(handoff_report **problems, handoff_repo *repo, const char *path,
	const handoff_decide_options *opts)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	struct record *rec = NULL;
	struct source wt;
	char *email = NULL, *rel = NULL, *full = NULL, *data = NULL, at[40];
	const char *why;
	size_t len;
	int err, wt_open = 0;

	*problems = NULL;
	if (!repo->git || !repo->workdir)
		return handoff__error_set(HANDOFF_ERROR_GIT, "a decision is made in a "
			"git work tree"), HANDOFF_ENOTFOUND;
	if (opts->decision != HANDOFF_DECISION_ACCEPT && !opts->ngaps)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "say what is missing: "
			"--gap TEXT, once for each gap"), HANDOFF_EINVALID;
	if ((err = report_new(problems)) < 0)
		return err;
	if (!(rel = repo_relative_path(repo, path)) ||
	    !(full = handoff__asprintf("%s%s", repo->workdir, rel))) {
		err = rel ? HANDOFF_ERROR : (handoff__error_set(HANDOFF_ERROR_GIT,
			"'%s' is outside the repository", path), HANDOFF_ENOTFOUND);
		goto done;
	}
	if (!(email = opts->email ? handoff__strdup(opts->email) : git_email(repo->git))) {
		err = HANDOFF_EINVALID;
		goto done;
	}
	if ((err = check_role(repo, email)) < 0 ||
	    (err = source_open(&wt, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0)
		goto done;
	wt_open = 1;
	if ((err = source_read_disk(full, &data, &len, &why)) < 0) {
		if (err == HANDOFF_EINVALID)
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s: %s", rel, why);
		goto done;
	}
	if ((err = record_parse(&rec, rel, data, len, NULL)) < 0)
		goto done;
	if (!record_front(rec)) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s: the front matter cannot be "
			"read; run 'git handoff validate %s'", rel, rel);
		err = HANDOFF_EINVALID;
		goto done;
	}
	if ((err = now_text(at, sizeof(at), wt.config, opts->at)) < 0 ||
	    (err = edit(&out, rec, opts, email, at)) < 0)
		goto done;
	if (opts->decision == HANDOFF_DECISION_ACCEPT &&
	    (err = check_valid(*problems, repo, rel, out.ptr, out.size)) < 0)
		goto done;
	err = handoff_write_file(full, out.ptr, out.size, 0);
done:
	if (wt_open)
		source_release(&wt);
	handoff_buf_dispose(&out);
	record_free(rec);
	free(data);
	free(email);
	free(full);
	free(rel);
	return err;
}

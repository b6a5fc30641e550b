/*
 * The lenient commit reader (see commit.h). A commit's header is lines
 * of "<key> <value>" up to an empty line, then the message. As git does,
 * the tree comes first and the parents right after it; the first author
 * and committer lines count; continuation lines (a signature's, which
 * start with a space) and unknown keys are skipped.
 */
#include <ctype.h>

#include "commit.h"
#include "common.h"
#include "message.h"

/* The line at *p (up to end), *p moved past its '\n'. */
static const char *next_line(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));

	*len = (size_t)((nl ? nl : end) - s);
	*p = nl ? nl + 1 : end;
	return s;
}

static int key_is(const char *line, size_t len, const char *key)
{
	size_t n = strlen(key);

	return len > n && !memcmp(line, key, n) && line[n] == ' ';
}

static char *dup_trimmed(const char *s, const char *end)
{
	while (s < end && *s == ' ')
		s++;
	while (end > s && end[-1] == ' ')
		end--;
	return handoff__asprintf("%.*s", (int)(end - s), s);
}

/*
 * "Name <email> 1793606400 +0100" as git splits it: the name before the
 * first '<', the email up to the next '>', the date and zone after the
 * last '>'. What is not there, or not a number, is empty or 0.
 */
static int parse_ident(struct commit_ident *who, const char *s, size_t len)
{
	const char *end = s + len, *lt = memchr(s, '<', len), *gt = NULL, *p;
	long long t = 0;
	int sign, hm = 0, digits = 0;

	if (lt)
		gt = memchr(lt, '>', (size_t)(end - lt));
	who->name = dup_trimmed(lt && gt ? s : end, lt && gt ? lt : end);
	who->email = dup_trimmed(lt && gt ? lt + 1 : end, lt && gt ? gt : end);
	if (!who->name || !who->email)
		return HANDOFF_ERROR;
	if (!gt)
		return 0;
	for (p = end; p > gt && p[-1] != '>'; p--)
		;
	while (p < end && *p == ' ')
		p++;
	while (p < end && isdigit((unsigned char)*p) && t < 1000000000000000LL)
		t = t * 10 + (*p++ - '0');
	if (p < end && isdigit((unsigned char)*p))
		t = 0;	/* past any date git would show */
	while (p < end && *p == ' ')
		p++;
	if (p < end && (*p == '+' || *p == '-')) {
		sign = *p++ == '-' ? -1 : 1;
		for (; p < end && isdigit((unsigned char)*p) && digits < 5; digits++)
			hm = hm * 10 + (*p++ - '0');
		if (digits == 4)
			who->offset = sign * (hm / 100 * 60 + hm % 100);
	}
	who->time = (git_time_t)t;
	return 0;
}

static int parse(struct raw_commit *c, const char *p, const char *end)
{
	const char *line;
	size_t len;
	int have_author = 0, have_committer = 0, err = 0;

	line = next_line(&p, end, &len);
	if (!key_is(line, len, "tree") || len != 5 + GIT_OID_HEXSZ ||
	    git_oid_fromstrn(&c->tree, line + 5, GIT_OID_HEXSZ) < 0)
		return handoff__error_set(HANDOFF_ERROR_GIT, "no tree line"),
			HANDOFF_EINVALID;
	while (p < end && !err) {
		line = next_line(&p, end, &len);
		if (!len)
			break;	/* the message follows */
		if (key_is(line, len, "parent") && !have_author && !have_committer) {
			git_oid *v = realloc(c->parents, (c->nparents + 1) * sizeof(*v));

			if (!v)
				return handoff__error_oom();
			c->parents = v;
			if (len != 7 + GIT_OID_HEXSZ ||
			    git_oid_fromstrn(&v[c->nparents], line + 7, GIT_OID_HEXSZ) < 0)
				return handoff__error_set(HANDOFF_ERROR_GIT,
					"a bad parent line"), HANDOFF_EINVALID;
			c->nparents++;
		} else if (key_is(line, len, "author") && !have_author++) {
			err = parse_ident(&c->author, line + 7, len - 7);
		} else if (key_is(line, len, "committer") && !have_committer++) {
			err = parse_ident(&c->committer, line + 10, len - 10);
		} else if (key_is(line, len, "encoding") && !c->encoding) {
			if (!(c->encoding = dup_trimmed(line + 9, line + len)))
				err = HANDOFF_ERROR;
		}
	}
	/* git shows a missing author or committer as empty, and so do we */
	if (!err && !have_author)
		err = parse_ident(&c->author, "", 0);
	if (!err && !have_committer)
		err = parse_ident(&c->committer, "", 0);
	if (!err && !(c->message = handoff__asprintf("%.*s", (int)(end - p), p)))
		err = HANDOFF_ERROR;
	return err;
}

int handoff__raw_commit_read(struct raw_commit *out, git_odb *odb, const git_oid *id)
{
	git_odb_object *obj = NULL;
	const char *data;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = git_odb_read(&obj, odb, id)) < 0) {
		if (err == GIT_ENOTFOUND)
			return GIT_ENOTFOUND;
		handoff__error_from_git(err);
		return HANDOFF_EINVALID;
	}
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(obj);
		return handoff__error_set(HANDOFF_ERROR_GIT, "not a commit"),
			HANDOFF_EINVALID;
	}
	data = git_odb_object_data(obj);
	err = parse(out, data, data + git_odb_object_size(obj));
	git_odb_object_free(obj);
	if (err < 0)
		handoff__raw_commit_release(out);
	return err;
}

static void ident_release(struct commit_ident *who)
{
	free(who->name);
	free(who->email);
}

void handoff__raw_commit_release(struct raw_commit *c)
{
	if (!c)
		return;
	free(c->parents);
	ident_release(&c->author);
	ident_release(&c->committer);
	free(c->encoding);
	free(c->message);
	memset(c, 0, sizeof(*c));
}

/* A ref (as git's dwim finds it) or an object id, full or abbreviated. */
static int resolve_base(git_oid *out, git_repository *repo, git_odb *odb,
	const char *name, size_t len)
{
	git_reference *ref = NULL, *res = NULL;
	char *s = handoff__asprintf("%.*s", (int)len, name);
	git_oid prefix;
	int err = -1;

	if (!s)
		return HANDOFF_ERROR;
	if (git_reference_dwim(&ref, repo, s) == 0 &&
	    git_reference_resolve(&res, ref) == 0 && git_reference_target(res)) {
		git_oid_cpy(out, git_reference_target(res));
		err = 0;
	} else if (len >= 4 && len <= GIT_OID_HEXSZ &&
	    git_oid_fromstrn(&prefix, s, len) == 0) {
		err = git_odb_exists_prefix(out, odb, &prefix, len);
	}
	git_reference_free(ref);
	git_reference_free(res);
	free(s);
	return err < 0 ? -1 : 0;
}

int handoff__raw_commit_resolve(git_oid *out, git_repository *repo, const char *rev)
{
	git_odb *odb = NULL;
	const char *p = rev + strcspn(rev, "~^");
	struct raw_commit rc;
	git_object_t type;
	size_t size;
	int err;

	if (git_repository_odb(&odb, repo) < 0)
		return -1;
	err = resolve_base(out, repo, odb, rev, (size_t)(p - rev));
	if (!err && (git_odb_read_header(&size, &type, odb, out) < 0 ||
	    type != GIT_OBJECT_COMMIT))
		err = -1;	/* a tag, a tree: libgit2 peels it */
	while (!err && *p) {
		char op = *p++;
		unsigned long n = 1;

		if (isdigit((unsigned char)*p)) {
			char *end;

			n = strtoul(p, &end, 10);
			p = end;
		} else if (*p && *p != '~' && *p != '^') {
			err = -1;	/* ^{...}, @{...}, :path: not taken here */
		}
		while (!err && (op == '~' ? n-- : n != 0)) {
			if ((err = handoff__raw_commit_read(&rc, odb, out)) < 0)
				break;
			if ((op == '~' ? 1 : n) > rc.nparents)
				err = -1;
			else
				git_oid_cpy(out, &rc.parents[(op == '~' ? 1 : n) - 1]);
			handoff__raw_commit_release(&rc);
			if (op == '^')
				break;
		}
	}
	/* the commit itself must be readable as a commit */
	if (!err && (err = handoff__raw_commit_read(&rc, odb, out)) == 0)
		handoff__raw_commit_release(&rc);
	git_odb_free(odb);
	if (err == HANDOFF_EINVALID) {
		const handoff_error *e = handoff_error_last();
		char *cause = handoff__strdup(e && e->message ? e->message : "unknown cause");

		handoff__error_set(HANDOFF_ERROR_GIT, "cannot read commit %s: %s",
			git_oid_tostr_s(out), cause ? cause : "out of memory");
		free(cause);
		return HANDOFF_EINVALID;
	}
	return err < 0 ? -1 : 0;
}

int handoff__raw_commit_tree(git_tree **out, git_repository *repo, const char *rev)
{
	git_odb *odb = NULL;
	struct raw_commit rc;
	git_oid id;
	int err;

	*out = NULL;
	if ((err = handoff__raw_commit_resolve(&id, repo, rev)) < 0)
		return err;
	if (git_repository_odb(&odb, repo) < 0)
		return -1;
	if ((err = handoff__raw_commit_read(&rc, odb, &id)) == 0) {
		err = git_tree_lookup(out, repo, &rc.tree);
		handoff__raw_commit_release(&rc);
	}
	git_odb_free(odb);
	return err < 0 ? -1 : 0;
}

int handoff__commit_facts(const git_commit *c, char **reason, const char **committer,
	int *is_signed)
{
	const char *msg = git_commit_message(c);
	git_buf sig = GIT_BUF_INIT;
	int err = git_commit_header_field(&sig, c, "gpgsig");

	git_buf_dispose(&sig);
	if (err < 0 && err != GIT_ENOTFOUND)
		return handoff__error_from_git(err);
	*is_signed = err == 0;
	*committer = git_commit_committer(c)->email;
	*reason = msg ? handoff__message_trailer(msg, strlen(msg), TRAILER_REASON, 0) : NULL;
	return 0;
}

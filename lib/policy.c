/*
 * The rules a shared branch keeps, whatever client hooks were skipped:
 * what `hook pre-receive` and `validate --range` judge, commit by commit.
 *
 *   - every record a commit adds or changes is valid in that commit (by
 *     the kinds and config of that commit, unless that commit or one
 *     before it in the push changed them without the right to: then by
 *     those from before the push, so that rules nobody may set never
 *     judge anything, not even the push that brings them);
 *   - only an author with one of the record's kind's deciders' roles
 *     (x-handoff `deciders`; cs and cs_manager when it names none)
 *     decides acceptance: sets it to accepted, rejected or
 *     needs-revision, or takes an accepted record back (anyone may set a
 *     record to draft, or to submitted or pending to resubmit it);
 *   - a checklist item the kind gives to some roles (`ticked_by`: "CS
 *     accepted handoff as complete" to cs and cs_manager) is ticked only
 *     by an author with one of them, or ops;
 *   - a material change to an accepted record needs a `Handoff-Reason:`
 *     trailer and an author who is one of the kind's deciders or ops;
 *   - only ops changes what is under .handoff/ (the config, the
 *     repository's schemas) or a .gitattributes file, at any level
 *     (`*.md working-tree-encoding=UTF-16` would make every record
 *     unreadable in every checkout);
 *   - a date that starts a clock (contract.signed, an SLA's anchor), once
 *     committed, changes only with a `Handoff-Reason:` trailer;
 *   - a merge is judged by the rules of the branch it lands on: a change
 *     it takes from another parent as made by the commit on that side
 *     that made it;
 *   - a forced update or a deletion may not drop (leave on no ref) a
 *     commit that changed a record which has had a decision or missed an
 *     SLA;
 *   - a protected branch (the config's `protected:`, else the branch the
 *     server's HEAD names) takes no draft: a record a push to it adds or
 *     changes is submitted or decided at the new tip (CI: --protected);
 *   - who pushed (lib/identity.c): a commit that decides, changes an
 *     accepted record or the rules is pushed by its author or signed by
 *     them, a decider field it sets names its pusher or signer, and with
 *     `decisions: signed` a decision is signed by its author; a push the
 *     server names no pusher for is refused under `identity: required`.
 *
 * Roles come from the config as it stood before the change: at the old
 * tip of the branch pushed to, or for a new branch at the default branch
 * (trust.c; none: the new branch is refused), and from the pushed commit
 * only when the repository has no commit at all yet. So no commit can
 * give its own author a role.
 */
#include <strings.h>
#include <time.h>

#include "assess.h"
#include "decide.h"
#include "environment.h"
#include "events.h"
#include "claims.h"
#include "identity.h"
#include "ids.h"
#include "message.h"
#include "record.h"
#include "report.h"
#include "semdiff.h"
#include "source.h"
#include "tree_cursor.h"
#include "trust.h"
#include "validate.h"

struct oidset;

struct judge {
	handoff_repo *repo;
	git_repository *git;
	const struct config *roles;	/* the config before the change */
	const char *base;		/* where those rules stand (a revision) */
	struct oidset *tainted;		/* commits whose rules are not to be used */
	struct oidset *judged;		/* the commits judged so far, by these rules */
	handoff_report *report;
	const char *const *env;		/* the hook's environment: who pushed */
	struct identity *id;		/* the pusher, by the rules before */
	/* a push: */
	char *default_ref;		/* the default branch, judging new branches */
	int empty;			/* the repository holds no commit yet */
	int roles_warn;			/* commit-msg: a missing role is a warning */
	char *actor;			/* commit-msg: who commits (owned) */
	struct ids_reader *ids;		/* the records' ids, opened by judge_ids */
};

static struct oidset *oidset_new(void);
static void oidset_free(struct oidset *s);
static int oidset_has(const struct oidset *s, const git_oid *id);
static int oidset_add(struct oidset *s, const git_oid *id);
static int oidset_hide(const struct oidset *s, git_revwalk *walk);

static int is_commit(git_repository *git, const git_oid *id);
static int tree_blob(const git_tree *tree, const char *path, git_oid *id,
	unsigned int *mode);
static const char *update_base(const struct judge *j, const handoff_ref_update *u);

static int zero_id(const char *hex)
{
	return strspn(hex, "0") == strlen(hex);
}

static int has_role(const struct config *cfg, const char *email,
	const char *const *roles)
{
	return cfg && email && handoff__person_has_any_role(handoff__config_person(cfg, email), roles);
}

static const char *const ops[] = { "ops", NULL };

static int is_accepted(const struct record *rec)
{
	const char *s = handoff__record_acceptance(rec);

	return s && !strcmp(s, "accepted");
}

/* One commit under judgement. */
struct commit_ctx {
	char hex[GIT_OID_HEXSZ + 1], abbrev[8];
	const char *email;
	char *reason;		/* its Handoff-Reason, or NULL */
	char *backfill;		/* its Handoff-Backfill, or NULL */
	/*
	 * The kinds and config its records are judged by, opened lazily:
	 * the commit's own, or when tainted those at the judge's base.
	 */
	struct source src;
	int src_open, src_reported;
	int tainted;		/* it or a parent changed the rules unallowed */
	/*
	 * What only its author may do (lib/identity.c): decide, change an
	 * accepted record or the rules; the first such file and line.
	 */
	int decides, privileged;
	const char *priv_path;
	unsigned int priv_line;
};

static int finding(struct judge *j, const struct commit_ctx *c, const char *path,
	unsigned int line, const char *code, const char *pointer, const char *fmt, ...)
	PRINTF_LIKE(7, 8);

static int finding(struct judge *j, const struct commit_ctx *c, const char *path,
	unsigned int line, const char *code, const char *pointer, const char *fmt, ...)
{
	struct diag_list d = DIAG_LIST_INIT;
	handoff_buf msg = HANDOFF_BUF_INIT;
	/* commit-msg warns of a role the server will ask for: it decides there */
	handoff_severity sev = j->roles_warn && strstr(code, "-role") ?
		HANDOFF_SEVERITY_WARNING : HANDOFF_SEVERITY_ERROR;
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = handoff__buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (!err && !c->abbrev[0])	/* commit-msg: the commit is still being made */
		err = handoff__diag_add(&d, sev, line, line ? 1 : 0, code, pointer,
			"this commit%s%s %s", sev == HANDOFF_SEVERITY_WARNING ? " by " : "",
			sev == HANDOFF_SEVERITY_WARNING ? c->email : "", msg.ptr);
	else if (!err)
		err = handoff__diag_add(&d, sev, line, line ? 1 : 0, code,
			pointer, "commit %s by %s: %s", c->abbrev, c->email, msg.ptr);
	if (!err)
		err = handoff__report_add(j->report, path, NULL, NULL, &d);
	handoff__diag_list_release(&d);
	handoff_buf_dispose(&msg);
	return err;
}

static int commit_source(struct commit_ctx *c, struct judge *j)
{
	int err;

	if (c->src_open)
		return 0;
	if ((err = handoff__source_open(&c->src, j->repo, HANDOFF_SOURCE_REV,
	    c->tainted && j->base ? j->base : c->hex)) < 0 &&
	    err != HANDOFF_ESCHEMA)
		return err;
	c->src_open = 1;
	return 0;
}

/* The commit's own schema or config problems, reported once on the file. */
static int broken_rules(struct judge *j, struct commit_ctx *c)
{
	struct diag_list d = DIAG_LIST_INIT;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < c->src.schema_diags.n; i++) {
		const handoff_diagnostic *s = &c->src.schema_diags.v[i];

		err = handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR, s->line,
			s->column, s->code,
			s->pointer, "commit %s: %s", c->abbrev, s->message);
	}
	if (!err)
		err = handoff__report_add(j->report,
			c->src.schema_path ? c->src.schema_path :
			CONFIG_PATH, NULL, NULL, &d);
	handoff__diag_list_release(&d);
	return err;
}

/* The record's problems in this commit, each naming the commit. */
static int judge_valid(struct judge *j, struct commit_ctx *c, struct record *rec)
{
	struct diag_list d = DIAG_LIST_INIT, out = DIAG_LIST_INIT;
	size_t i;
	int err = handoff__validate_record(&d, &c->src, rec);

	if (err == HANDOFF_ESCHEMA && !c->src_reported) {
		c->src_reported = 1;
		err = broken_rules(j, c);
	} else if (err == HANDOFF_ESCHEMA) {
		err = 0;
	}
	if (!err)
		err = handoff__diag_list_move(&d, &rec->diags);
	for (i = 0; !err && i < d.n; i++)
		if (d.v[i].severity == HANDOFF_SEVERITY_ERROR)
			err = handoff__diag_add(&out, HANDOFF_SEVERITY_ERROR, d.v[i].line,
				d.v[i].column, d.v[i].code, d.v[i].pointer,
				"commit %s: %s", c->abbrev, d.v[i].message);
	/* only errors are reported here: so are those past the cap */
	out.omitted = out.omitted_errors = d.omitted_errors;
	if (!err && (out.n || out.omitted))
		err = handoff__report_add(j->report, rec->path, NULL, NULL, &out);
	handoff__diag_list_release(&d);
	handoff__diag_list_release(&out);
	return err;
}

/*
 * Who may decide is the kind's (x-handoff `deciders`): the record's kind
 * in this commit, and its kind before when the commit changes that too,
 * so that no one decides a record by first making it a kind they decide.
 */
static int judge_acceptance(struct judge *j, struct commit_ctx *c,
	const char *path, const struct kind *kind, const struct kind *was,
	const struct record *old, const struct record *rec)
{
	const char *now = handoff__record_acceptance(rec);
	const struct person *who;
	const struct kind *need = kind;
	const struct node *n;
	handoff_buf roles = HANDOFF_BUF_INIT;
	int err;

	if (!handoff__record_decision_changed(old, rec))
		return 0;
	/* ops importing a past handoff brings the decision taken then */
	if (!old && c->backfill && has_role(j->roles, c->email, ops))
		return 0;
	who = j->roles && c->email ? handoff__config_person(j->roles, c->email) : NULL;
	if (!handoff__kind_may_decide(kind, who))
		need = kind;
	else if (was != kind && !handoff__kind_may_decide(was, who))
		need = was;
	else
		return 0;
	if ((err = handoff__kind_deciders_text(&roles, need, 0)) < 0)
		return err;
	n = handoff__node_at(handoff__record_front(rec), "/acceptance/status");
	err = finding(j, c, path, n ? n->line : 0, "acceptance-role", "/acceptance/status",
		"sets acceptance to '%s', but only people with the %s role may "
		"decide a %s (roles as in %s; ask one of them to run 'git handoff %s')",
		now ? now : "(removed)", roles.ptr, need ? need->name : "handoff",
		CONFIG_PATH,
		now && !strcmp(now, "rejected") ? "reject" :
		now && !strcmp(now, "needs-revision") ? "revise" : "accept");
	handoff_buf_dispose(&roles);
	return err;
}

static void privileged(struct commit_ctx *c, int decides, const char *path,
	unsigned int line)
{
	c->decides |= decides;
	if (!c->privileged++) {
		c->priv_path = path;
		c->priv_line = line;
	}
}

/*
 * A decider field (acceptance.by, preclose_approval.by) names the one who
 * pushed or signed the commit, when either is known: not merely someone
 * with the role.
 */
static int judge_decider(struct judge *j, struct commit_ctx *c, const char *path,
	const struct kind *kind, const struct record *old, const struct record *rec)
{
	const struct pusher *pu = j->id ? &j->id->pusher : NULL;
	const struct signature *sig = NULL;
	const char *pointer, *value, *pusher, *signer = NULL;
	int decided = handoff__record_decision_changed(old, rec);
	unsigned int line;
	int err;

	/* NULL and NULL match no one: is any decider field set anew? */
	if (!pu || !handoff__identity_decider_field(&pointer, &line, &value, kind, old, rec,
	    decided, NULL, NULL))
		return 0;
	privileged(c, 1, path, line);
	if ((err = handoff__identity_verify(&sig, j->id, j->git, c->hex)) < 0)
		return err;
	if (j->roles && handoff__identity_signed_by(sig, handoff__config_person(j->roles, c->email)))
		signer = c->email;
	pusher = pu->person ? pu->person->email : pu->login;
	if ((!pusher && !signer) || !handoff__identity_decider_field(&pointer, &line, &value,
	    kind, old, rec, decided, pusher, signer))
		return 0;
	return finding(j, c, path, line, "decider-identity", pointer,
		"sets %s to '%s', but %s%s%s; it must name the one who decided, who "
		"pushes or signs that commit", pointer, value,
		pusher ? "it was pushed by " : "it is signed by ",
		pusher ? pusher : signer, pusher && signer ? " and signed by its author" : "");
}

/*
 * A checklist item the kind gives to some roles (`ticked_by`, such as
 * "CS accepted handoff as complete") is ticked only by one of them, or
 * ops: `who` is the author, by the config before the change.
 */
static int judge_ticks(struct judge *j, struct commit_ctx *c, const char *path,
	const struct kind *kind, const struct person *who,
	const struct record *old, const struct record *rec)
{
	size_t i, k;
	int err = 0;

	for (i = 0; !err && kind && rec && i < kind->nitems; i++) {
		const struct kind_item *it = &kind->items[i];
		const struct task *t;
		handoff_buf roles = HANDOFF_BUF_INIT;

		if (handoff__kind_may_tick(it, who) || !(t = handoff__claims_ticked(rec, it)) || handoff__claims_ticked(old, it))
			continue;
		for (k = 0; !err && k < it->nticked_by; k++)
			err = handoff__buf_printf(&roles, "%s%s", k ? " or " : "",
				it->ticked_by[k]);
		if (!err)
			err = finding(j, c, path, t->line, "tick-role", "/checklist",
				"ticks '%s', which only people with the %s role may tick "
				"(roles as in %s)", it->titles[0], roles.ptr, CONFIG_PATH);
		handoff_buf_dispose(&roles);
	}
	return err;
}

/*
 * A material change of an accepted record needs a reason, and (unless
 * `roles` is NULL, as in commit-msg) an author who may make it.
 */
static int judge_reason(struct judge *j, struct commit_ctx *c,
	const char *path, const struct kind *kind, const struct record *old,
	const struct record *rec)
{
	struct change_list cl = CHANGE_LIST_INIT;
	const struct change *first = NULL;
	size_t i;
	int err;

	if (!is_accepted(old))
		return 0;
	if ((err = handoff__semdiff(&cl, kind, old, rec, SEMDIFF_MATERIAL)) < 0)
		return err;
	for (i = 0; !first && i < cl.n; i++)
		if (cl.v[i].material)
			first = &cl.v[i];
	if (first)
		privileged(c, 0, path, first->line);
	if (first && !c->reason)
		err = finding(j, c, path, first->line, "reason-trailer", first->pointer,
			"changes %s of an accepted handoff without a '%s:' trailer; "
			"say why in that commit's message ('%s: <why>' in its last "
			"paragraph)", *first->pointer ? first->pointer : "the record",
			TRAILER_REASON, TRAILER_REASON);
	if (!err && first && j->roles && !handoff__kind_may_change_accepted(kind,
	    c->email ? handoff__config_person(j->roles, c->email) : NULL)) {
		handoff_buf roles = HANDOFF_BUF_INIT;

		if ((err = handoff__kind_deciders_text(&roles, kind, 1)) == 0)
			err = finding(j, c, path, first->line, "material-role", first->pointer,
				"changes %s of an accepted %s, which only people with the "
				"%s role may do; ask one of them to make the change",
				*first->pointer ? first->pointer : "the record",
				kind ? kind->name : "handoff", roles.ptr);
		handoff_buf_dispose(&roles);
	}
	handoff__change_list_release(&cl);
	return err;
}

/* ---- clock claims ---------------------------------------------------- */

/*
 * A date that starts a clock (contract.signed, an SLA's anchor) is a
 * claim: once committed, changing it needs a reason; and the clock keeps
 * the first value unless ops or a CS manager makes the change (assess.c).
 * A material change of an accepted record needs its reason already.
 */
static int judge_clock(struct judge *j, struct commit_ctx *c, const char *path,
	const struct kind *kind, const struct record *old, const struct record *rec)
{
	const struct node *at = NULL;
	const char *p;

	if (c->reason || !kind || !old || !rec || !(p = handoff__clock_moved(kind, old, rec, &at)))
		return 0;
	if (is_accepted(old) && handoff__semdiff_is_material(kind, p))
		return 0;	/* judge_reason asked for it already */
	return finding(j, c, path, at ? at->line : 0, "clock-claim", p,
		"changes %s, a date that starts an SLA clock, to %s without a '%s:' "
		"trailer; say why in the commit's message (the deadlines keep the "
		"first date unless someone with the ops or cs_manager role changes it)",
		p, at && handoff__node_is_scalar(at) && at->str ? at->str : "nothing",
		TRAILER_REASON);
}

/* A record no check would read (outside the records folders, say). */
static int judge_stray(struct judge *j, struct commit_ctx *c, const char *path,
	const git_diff_delta *d)
{
	struct diag_list found = DIAG_LIST_INIT, out = DIAG_LIST_INIT;
	const char *why;
	char *data = NULL;
	size_t len = 0, i;
	int err = handoff__repo_read_blob(j->git, &d->new_file.id, d->new_file.mode, &data,
		&len, &why);

	if (err == HANDOFF_EINVALID || err == HANDOFF_ENOTFOUND)
		err = 0;
	else if (err == 0 && (err = handoff__validate_stray(&found, &c->src, path, data,
	    len)) > 0) {
		for (err = 0, i = 0; !err && i < found.n; i++)
			err = handoff__diag_add(&out, HANDOFF_SEVERITY_ERROR,
				found.v[i].line,
				found.v[i].column, found.v[i].code, found.v[i].pointer,
				"commit %s: %s", c->abbrev, found.v[i].message);
		if (!err)
			err = handoff__report_add(j->report, path, NULL, NULL, &out);
	}
	handoff__diag_list_release(&found);
	handoff__diag_list_release(&out);
	free(data);
	return err;
}

static int judge_record(struct judge *j, struct commit_ctx *c, const char *path,
	const git_diff_delta *d)
{
	struct record *old = NULL, *rec = NULL;
	struct kind *kind = NULL, *was = NULL;
	const char *name;
	int err;

	if ((err = commit_source(c, j)) < 0)
		return err;
	if (!c->src.config) {	/* its config is broken: say so, once */
		c->src_reported = c->src_reported || (err = broken_rules(j, c)) == 0;
		return err;
	}
	if (d->status != GIT_DELTA_DELETED && (d->new_file.mode == GIT_FILEMODE_BLOB ||
	    d->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE) &&
	    handoff__stray_candidate(c->src.config, path))
		return judge_stray(j, c, path, d);
	if (!handoff__config_is_record_path(c->src.config, path) || !handoff__record_path_is_record(path))
		return 0;
	if ((err = handoff__history_load(&old, j->git, &d->old_file.id, path)) < 0 ||
	    (err = handoff__history_load(&rec, j->git, &d->new_file.id, path)) < 0)
		goto done;
	if (rec && (err = judge_valid(j, c, rec)) < 0)
		goto done;
	name = handoff__node_get_str(handoff__record_front(rec ? rec : old), "kind");
	if (name && handoff__source_kind(&kind, &c->src, name) < 0)
		kind = NULL;
	was = kind;
	if (old && rec && (name = handoff__node_get_str(handoff__record_front(old), "kind")) &&
	    (!kind || strcmp(name, kind->name)) && handoff__source_kind(&was,
		&c->src, name) < 0)
		was = NULL;
	if (handoff__record_decision_changed(old, rec)) {
		const struct node *n = handoff__node_at(handoff__record_front(rec ? rec : old),
			"/acceptance/status");

		privileged(c, 1, path, n ? n->line : 0);
	}
	if ((err = judge_acceptance(j, c, path, kind, was, old, rec)) == 0 &&
	    (err = judge_ticks(j, c, path, kind, j->roles && c->email ?
	    handoff__config_person(j->roles, c->email) : NULL, old, rec)) == 0 &&
	    (err = judge_reason(j, c, path, kind, old, rec)) == 0)
		err = judge_decider(j, c, path, kind, old, rec);
	if (!err)
		err = judge_clock(j, c, path, kind, old, rec);
done:
	handoff__record_free(old);
	handoff__record_free(rec);
	return err;
}

/* A changed config or schema must itself be sound. */
static int judge_rules(struct judge *j, struct commit_ctx *c, const char *path,
	const git_diff_delta *d)
{
	struct kind *kind = NULL;
	char *name;
	int err;

	if (d->status == GIT_DELTA_DELETED)
		return 0;
	if ((err = commit_source(c, j)) < 0)
		return err;
	if (c->src.config && !strncmp(path, ".handoff/schemas/", 17)) {
		/* .handoff/schemas/NAME.yaml is kind NAME */
		const char *base = path + 17, *dot = strrchr(base, '.');

		if (!dot || strcmp(dot, ".yaml") || strchr(base, '/'))
			return 0;
		if (!(name = handoff__strndup(base, (size_t)(dot - base))))
			return HANDOFF_ERROR;
		err = handoff__source_kind(&kind, &c->src, name);
		free(name);
		if (err != HANDOFF_ESCHEMA)
			return err < 0 ? err : 0;
	}
	if (c->src.config && !c->src.schema_diags.n)
		return 0;
	if (c->src_reported)
		return 0;
	c->src_reported = 1;
	return broken_rules(j, c);
}

/*
 * Which of a merge's changes (to its first parent) another side made,
 * and by which commit there: a change is another parent's when that
 * parent holds the merge's version of it (the first such parent's), and
 * it was made by the commit on that parent's first-parent line whose
 * own first parent did not hold it yet. At most a thousand steps back;
 * past that, the parent itself. Each side's line is walked once for all
 * its changes, each step reading a folder once (tree_cursor.h), not once
 * per change: a merge may bring thousands.
 */
struct origins {
	git_commit **by;	/* per change of the diff: who made it, or NULL: the merge */
	size_t n;
};

static void origins_release(struct origins *o)
{
	size_t k;

	for (k = 0; k < o->n; k++)
		git_commit_free(o->by[k]);
	free(o->by);
	memset(o, 0, sizeof(*o));
}

/* The changes `pending` (n of them) of `diff` that parent `p` holds: who made each, into o->by. */
static int walk_side(struct origins *o, git_diff *diff, git_commit *p, size_t *pending,
	size_t n)
{
	git_commit *c = NULL, *parent = NULL;
	git_tree *tree = NULL;
	size_t q, kept;
	int steps = 0, err = 0;

	if (git_commit_dup(&c, p) < 0)
		return handoff__error_from_git(-1);
	while (!err && n && steps < 1000 && git_commit_parentcount(c) &&
	    git_commit_parent(&parent, c, 0) == 0) {
		struct tree_cursor cur;

		if (git_commit_tree(&tree, parent) < 0)
			git_error_clear();	/* as an empty tree */
		cur = (struct tree_cursor)TREE_CURSOR_INIT(tree);
		for (q = kept = 0; !err && q < n; q++) {
			const git_diff_delta *d = git_diff_get_delta(diff, pending[q]);
			int held = handoff__tree_cursor_holds(&cur, d->new_file.path,
				&d->new_file.id);

			if (held > 0)
				pending[kept++] = pending[q];	/* older still */
			else if (held < 0)
				err = held;
			else if (git_commit_dup(&o->by[pending[q]], c) < 0)
				err = handoff__error_from_git(-1);
		}
		handoff__tree_cursor_release(&cur);
		git_tree_free(tree);
		tree = NULL;
		git_commit_free(c);
		c = parent;
		parent = NULL;
		n = kept;
		steps++;
	}
	git_error_clear();
	for (q = 0; !err && q < n; q++)
		if (git_commit_dup(&o->by[pending[q]], steps == 1000 ? p : c) < 0)
			err = handoff__error_from_git(-1);
	git_commit_free(c);
	return err;
}

static int merge_origins(struct origins *o, git_commit *commit, git_diff *diff)
{
	unsigned int i, np = git_commit_parentcount(commit);
	size_t n = git_diff_num_deltas(diff), k, npending;
	size_t *pending = NULL;
	int err = 0;

	memset(o, 0, sizeof(*o));
	if (np < 2 || !n)
		return 0;
	if (!(o->by = calloc(n, sizeof(*o->by))) || !(pending = malloc(n * sizeof(*pending)))) {
		free(o->by);
		o->by = NULL;
		return handoff__error_oom();
	}
	o->n = n;
	for (i = 1; !err && i < np; i++) {
		git_commit *p = NULL;
		git_tree *tree = NULL;
		struct tree_cursor cur;

		if (git_commit_parent(&p, commit, i) < 0 || git_commit_tree(&tree, p) < 0) {
			git_commit_free(p);	/* not here (a shallow clone): none of it its */
			git_error_clear();
			continue;
		}
		cur = (struct tree_cursor)TREE_CURSOR_INIT(tree);
		for (k = npending = 0; !err && k < n; k++) {
			const git_diff_delta *d = git_diff_get_delta(diff, k);

			int held;

			if (o->by[k])
				continue;	/* an earlier parent's */
			held = handoff__tree_cursor_holds(&cur, d->new_file.path, &d->new_file.id);
			if (held > 0)
				pending[npending++] = k;
			err = held < 0 ? held : 0;
		}
		handoff__tree_cursor_release(&cur);
		if (!err)
			err = walk_side(o, diff, p, pending, npending);
		git_tree_free(tree);
		git_commit_free(p);
	}
	free(pending);
	if (err)
		origins_release(o);
	return err;
}

/*
 * Who made change k of a commit's diff, as the rules of the branch it
 * lands on see it: the commit itself (*by NULL), or when a merge takes
 * the change from another side, the commit there that made it (*by, the
 * caller's to free). 1 when that commit was judged already by these
 * rules (in this push or range): nothing more to judge.
 */
static int change_of(struct judge *j, const struct origins *o, size_t k, git_commit **by)
{
	*by = NULL;
	if (k >= o->n || !o->by[k])
		return 0;
	if (git_commit_dup(by, o->by[k]) < 0)
		return handoff__error_from_git(-1);
	return j->judged && oidset_has(j->judged, git_commit_id(*by));
}

/* The author, message trailer and name of `commit`, into `c`. */
static void commit_ctx_of(struct commit_ctx *c, git_commit *commit)
{
	const char *msg = git_commit_message_raw(commit);

	git_oid_tostr(c->hex, sizeof(c->hex), git_commit_id(commit));
	git_oid_tostr(c->abbrev, sizeof(c->abbrev), git_commit_id(commit));
	c->email = git_commit_author(commit)->email;
	c->reason = msg ? handoff__message_trailer(msg, strlen(msg),
		TRAILER_REASON, 0) : NULL;
	c->backfill = msg ? handoff__message_trailer(msg, strlen(msg),
		TRAILER_BACKFILL, 0) : NULL;
}

static void commit_ctx_release(struct commit_ctx *c)
{
	if (c->src_open)
		handoff__source_release(&c->src);
	free(c->reason);
	free(c->backfill);
	memset(c, 0, sizeof(*c));
}

/*
 * A merge's change made by commit `by` on another side: judged as that
 * commit's (*made, which `pc` borrows from, takes `by`), with the kinds
 * and config the merge's own changes are judged by. Made anew for
 * another commit.
 */
static void merged_ctx(struct commit_ctx *pc, git_commit **made,
	const struct commit_ctx *c, git_commit *by)
{
	if (*made && git_oid_equal(git_commit_id(*made), git_commit_id(by))) {
		git_commit_free(by);
		return;
	}
	commit_ctx_release(pc);
	git_commit_free(*made);
	*made = by;
	commit_ctx_of(pc, by);
	memcpy(pc->hex, c->hex, sizeof(pc->hex));
	pc->tainted = c->tainted;
}

/*
 * Whether the commit's own rules may judge its records: not when it
 * changes them without the ops role (a change a merge takes from another
 * side, not judged here: the author of the commit that made it), nor
 * when a parent judged
 * before it (in this push or range) could not. Either way c->src is then
 * opened at the judge's base.
 */
static int judge_taint(struct judge *j, struct commit_ctx *c,
	git_commit *commit, git_diff *diff, const struct origins *o)
{
	unsigned int i, n = git_commit_parentcount(commit);
	size_t k;
	int err;

	if (!j->tainted)
		return 0;
	for (i = 0; !c->tainted && i < n; i++)
		c->tainted = oidset_has(j->tainted, git_commit_parent_id(commit, i));
	for (k = 0; !c->tainted && k < git_diff_num_deltas(diff); k++) {
		const git_diff_delta *d = git_diff_get_delta(diff, k);
		git_commit *by = NULL;

		if (!handoff__claims_rules_path(d->new_file.path) && !handoff__claims_rules_path(d->old_file.path))
			continue;
		if ((err = change_of(j, o, k, &by)) < 0)
			return err;
		c->tainted = !err && !has_role(j->roles,
			git_commit_author(by ? by : commit)->email, ops);
		git_commit_free(by);
	}
	if (c->tainted && oidset_add(j->tainted, git_commit_id(commit)) < 0)
		return HANDOFF_ERROR;
	return 0;
}

/*
 * A commit doing what only its author may (c->privileged) is pushed or
 * signed by that author; a committer other than the author is a signal.
 */
static int judge_identity(struct judge *j, struct commit_ctx *c, git_commit *commit)
{
	handoff_buf why = HANDOFF_BUF_INIT;
	const char *committer = git_commit_committer(commit)->email;
	int err = handoff__identity_judge(&why, j->id, j->git, commit, c->decides);

	if (!err && why.size)
		err = finding(j, c, c->priv_path, c->priv_line, "pusher-identity", "",
			"%s", why.ptr);
	handoff_buf_dispose(&why);
	if (!err && committer && strcasecmp(committer, c->email)) {
		struct diag_list d = DIAG_LIST_INIT;

		if ((err = handoff__diag_add(&d, HANDOFF_SEVERITY_WARNING, c->priv_line,
		    c->priv_line ? 1 : 0, "committer-identity", "", "commit %s by %s "
		    "was committed by %s: whose decision is it?", c->abbrev, c->email,
		    committer)) == 0)
			err = handoff__report_add(j->report, c->priv_path, NULL, NULL, &d);
		handoff__diag_list_release(&d);
	}
	return err;
}

/*
 * A Handoff-Backfill trailer makes a new record's claimed dates its real
 * ones (events.h): ops imports past handoffs, nobody else.
 */
static int judge_backfill(struct judge *j, struct commit_ctx *c, const char *path)
{
	int err;

	if (!c->backfill || has_role(j->roles, c->email, ops) || !handoff__record_path_is_record(path))
		return 0;
	if (c->hex[0] && (err = commit_source(c, j)) < 0)
		return err;
	if (!c->src.config || !handoff__config_is_record_path(c->src.config, path))
		return 0;
	return finding(j, c, path, 0, "backfill-role", "", "carries a '%s:' "
		"trailer, which imports a handoff with its own dates: only people "
		"with the ops role in %s may backfill", TRAILER_BACKFILL, CONFIG_PATH);
}

static int judge_commit(struct judge *j, git_commit *commit)
{
	struct commit_ctx c, pc;
	git_commit *parent = NULL;
	git_tree *old = NULL, *tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	git_commit *made = NULL;
	struct origins origins = { NULL, 0 };
	size_t i;
	int err;

	memset(&c, 0, sizeof(c));
	memset(&pc, 0, sizeof(pc));
	commit_ctx_of(&c, commit);
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if ((git_commit_parentcount(commit) &&
	    ((err = git_commit_parent(&parent, commit, 0)) < 0 ||
	    (err = git_commit_tree(&old, parent)) < 0)) ||
	    (err = git_commit_tree(&tree, commit)) < 0 ||
	    (err = git_diff_tree_to_tree(&diff, j->git, old, tree, &opts)) < 0) {
		err = handoff__error_from_git(err);
		goto done;
	}
	if ((err = merge_origins(&origins, commit, diff)) < 0 ||
	    (err = judge_taint(j, &c, commit, diff, &origins)) < 0)
		goto done;
	for (i = 0; !err && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path;
		struct commit_ctx *who = &c;
		git_commit *by = NULL;

		/* a merge's change from another side: the doing of who made it */
		if ((err = change_of(j, &origins, i, &by)) != 0) {
			git_commit_free(by);
			err = err > 0 ? 0 : err;
			continue;
		}
		if (by) {
			merged_ctx(&pc, &made, &c, by);
			who = &pc;
		}
		if (handoff__claims_rules_path(path) && who == &c)
			privileged(&c, 0, path, 0);
		if (handoff__claims_rules_path(path) && !has_role(j->roles, who->email, ops))
			err = finding(j, who, path, 0, "rules-role", "",
				"changes the handoff rules, which only people with the ops "
				"role in %s may do; its records are judged by the rules "
				"from before it", CONFIG_PATH);
		else if (handoff__claims_rules_path(path))
			err = judge_rules(j, who, path, d);
		else if ((err = judge_backfill(j, who, path)) == 0)
			err = judge_record(j, who, path, d);
	}
	if (!err && c.privileged && j->id)
		err = judge_identity(j, &c, commit);
	if (!err && j->judged && oidset_add(j->judged, git_commit_id(commit)) < 0)
		err = HANDOFF_ERROR;
done:
	origins_release(&origins);
	commit_ctx_release(&c);
	commit_ctx_release(&pc);
	git_commit_free(made);
	git_diff_free(diff);
	git_tree_free(old);
	git_tree_free(tree);
	git_commit_free(parent);
	return err;
}

/* ---- one id, one record, at a pushed tip ---------------------------- */

struct tip_id {
	char id[128];
	const char *path;	/* borrowed from the list */
	unsigned int line, col;
	int changed;		/* not so at the old tip: this push's doing */
};

static int is_yaml_path(const char *p)
{
	size_t n = strlen(p);

	return (n > 5 && !strcmp(p + n - 5, ".yaml")) || (n > 4 && !strcmp(p + n - 4, ".yml"));
}

static int by_tip_id(const void *a, const void *b)
{
	const struct tip_id *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->path, y->path);
}

/* The record at `path` in `tree`: its blob id and mode; 0 when there is one. */
static int tree_blob(const git_tree *tree, const char *path, git_oid *id,
	unsigned int *mode)
{
	git_tree_entry *e = NULL;

	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return -1;
	git_oid_cpy(id, git_tree_entry_id(e));
	*mode = git_tree_entry_filemode(e);
	git_tree_entry_free(e);
	return 0;
}

/*
 * The rules and records at the tip `tip` in `src`, and the tree of `old`
 * (NULL: none) in *old_tree. 1 when the tip's rules are broken: that is
 * said of its commit already, and there is nothing more to judge here.
 */
static int open_tip(struct source *src, git_tree **old_tree, struct judge *j,
	const git_oid *old, const git_oid *tip)
{
	git_commit *oc = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int err;

	*old_tree = NULL;
	git_oid_tostr(hex, sizeof(hex), tip);
	memset(src, 0, sizeof(*src));
	if ((err = handoff__source_open(src, j->repo, HANDOFF_SOURCE_REV, hex)) < 0 ||
	    !src->config) {
		handoff__source_release(src);
		return err == HANDOFF_ESCHEMA || err == 0 ? 1 : err;
	}
	if (old && git_commit_lookup(&oc, j->git, old) == 0)
		git_commit_tree(old_tree, oc);
	git_commit_free(oc);
	return 0;
}

/* Blob `hex` for its `id:` line (ids.h): none from one over the record limit. */
static int id_blob(void *git, const char *hex, char **data, size_t *len)
{
	const char *why;
	git_oid id;
	int err;

	if (git_oid_fromstr(&id, hex) < 0)
		return HANDOFF_EINVALID;
	if ((err = handoff__repo_read_blob(git, &id, GIT_FILEMODE_BLOB, data, len, &why)) == 0 &&
	    *len > RECORD_MAX) {
		free(*data);
		*data = NULL;
		return HANDOFF_EINVALID;	/* too large: told by its size, not read */
	}
	return err;
}

/*
 * The records at the tip `tip` that share an id, one of them new or
 * changed since `old` (NULL: all of them): an error on each, naming the
 * other. Only the `id:` line of each record is read, not its YAML, and
 * a blob's id is remembered in the cache the pre-commit hook keeps
 * (ids.h): a push reads only the records it has not seen before.
 */
static int judge_ids(struct judge *j, const git_oid *old, const git_oid *tip,
	const char *ref)
{
	struct source src;
	git_tree *ot = NULL;
	struct tree_cursor was_at = TREE_CURSOR_INIT(NULL);
	struct tip_id *v = NULL;
	char **paths = NULL, hex[GIT_OID_HEXSZ + 1];
	size_t n = 0, k = 0, i, a, b, end;
	int err;

	git_oid_tostr(hex, sizeof(hex), tip);
	if ((err = open_tip(&src, &ot, j, old, tip)) != 0)
		return err > 0 ? 0 : err;
	was_at.root = ot;
	if ((err = handoff__source_list(&src, &paths, &n)) < 0)
		goto done;
	if (!(v = calloc(n ? n : 1, sizeof(*v)))) {
		err = handoff__error_oom();
		goto done;
	}
	if (!j->ids)
		err = handoff__ids_reader_open(&j->ids, git_repository_commondir(j->git),
			id_blob, j->git);
	for (i = 0; !err && i < n; i++) {
		char blob[GIT_OID_HEXSZ + 1];
		git_oid id, was;
		unsigned int mode, was_mode;

		if ((err = handoff__tree_cursor_find(src.cursor, paths[i], &id, &mode)) < 0) {
			err = err == HANDOFF_ENOTFOUND ? 0 : err;
			continue;
		}
		if ((mode & 0170000) != 0100000)
			continue;	/* a link or a submodule: no record */
		git_oid_tostr(blob, sizeof(blob), &id);
		if ((err = handoff__ids_reader_get(j->ids, blob, is_yaml_path(paths[i]), v[k].id,
		    sizeof(v[k].id), &v[k].line, &v[k].col)) <= 0)
			continue;
		v[k].path = paths[i];
		err = handoff__tree_cursor_find(&was_at, paths[i], &was, &was_mode);
		v[k++].changed = err < 0 || !git_oid_equal(&id, &was);
		err = err == HANDOFF_ENOTFOUND ? 0 : err;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), by_tip_id);
	for (i = 0; !err && i < k; i = end) {
		int changed = 0;

		for (end = i; end < k && !strcmp(v[i].id, v[end].id); end++)
			changed |= v[end].changed;
		for (a = i; !err && changed && end - i > 1 && a < end; a++) {
			struct diag_list d = DIAG_LIST_INIT;
			size_t added = 0;

			d.max = DIAG_MAX_PER_RECORD;
			for (b = i; !err && b < end; b++) {
				if (a == b)
					continue;
				if (handoff__diag_run_full(&d, &added, end - b - (a > b)))
					break;
				err = handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR,
					v[a].line, v[a].col, "duplicate-id", "/id",
					"at %.7s (%s): id '%s' is also used by %s",
					hex, ref, v[a].id, v[b].path);
			}
			if (!err)
				err = handoff__report_add(j->report, v[a].path,
					NULL, NULL, &d);
			handoff__diag_list_release(&d);
		}
	}
done:
	free(v);
	handoff__free_strings(paths, n);
	handoff__tree_cursor_release(&was_at);
	git_tree_free(ot);
	handoff__source_release(&src);
	return err;
}

static int hide_refs_cb(const char *name, void *walk)
{
	git_revwalk_hide_ref(walk, name);	/* tags of trees and blobs: no matter */
	return 0;
}

/* Every commit of `walk`, oldest first. */
static int judge_walk(struct judge *j, git_revwalk *walk)
{
	git_oid id;
	int err = 0, r;

	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while (!err && (r = git_revwalk_next(&id, walk)) == 0) {
		git_commit *commit = NULL;

		if ((err = git_commit_lookup(&commit, j->git, &id)) < 0)
			err = handoff__error_from_git(err);
		else
			err = judge_commit(j, commit);
		git_commit_free(commit);
	}
	if (!err && r != GIT_ITEROVER)
		err = handoff__error_from_git(r);
	return err;
}

static int open_roles(struct source *src, handoff_repo *repo, const char *rev)
{
	int err = handoff__source_open(src, repo, HANDOFF_SOURCE_REV, rev);

	/* a broken config gives no roles; its problems are reported */
	return err == HANDOFF_ESCHEMA ? 0 : err;
}

/* ---- protected branches: no draft lands ------------------------------ */

/*
 * A protected branch takes only records handed over: at its new tip
 * `tip`, a record the update adds or changes (since `old`; NULL: every
 * record) may not be a draft. Drafts already there are not this push's
 * doing. Read by the kinds at the tip, as the records are.
 */
static int judge_drafts(struct judge *j, const git_oid *old, const git_oid *tip,
	const char *where)
{
	struct source src;
	git_tree *ot = NULL;
	git_diff *diff = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int err;

	git_oid_tostr(hex, sizeof(hex), tip);
	if ((err = open_tip(&src, &ot, j, old, tip)) != 0)
		return err > 0 ? 0 : err;
	if ((err = git_diff_tree_to_tree(&diff, j->git, ot, src.tree, NULL)) < 0)
		err = handoff__error_from_git(err);
	for (i = 0; !err && diff && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path, *why;
		struct diag_list found = DIAG_LIST_INIT;
		struct record *rec = NULL;
		struct kind *kind = NULL;
		const struct node *at;
		char *data = NULL;
		size_t len;

		if (d->status == GIT_DELTA_DELETED ||
		    !handoff__config_is_record_path(src.config, path) ||
		    !handoff__record_path_is_record(path) ||
		    handoff__source_read(&src, path, &data, &len, &why) < 0)
			continue;
		if ((err = handoff__record_parse(&rec, path, data, len, NULL)) == 0 &&
		    handoff__validate_record_state(&src, rec) == KIND_STATE_DRAFT &&
		    handoff__source_kind(&kind, &src,
			handoff__node_get_str(handoff__record_front(rec), "kind")) == 0 &&
		    kind) {
			at = handoff__node_at(handoff__record_front(rec), kind->state);
			err = handoff__diag_add(&found, HANDOFF_SEVERITY_ERROR,
				at ? at->line : 0,
				at ? at->col : 0, "draft", kind->state,
				"at %.7s: a draft cannot land on %s: submit it (git handoff "
				"submit %s) once it is complete", hex, where, path);
			if (!err)
				err = handoff__report_add(j->report, path, NULL,
					NULL, &found);
		}
		handoff__diag_list_release(&found);
		handoff__record_free(rec);
		free(data);
	}
	git_diff_free(diff);
	git_tree_free(ot);
	handoff__source_release(&src);
	return err;
}

/*
 * The updates of protected branches, by the config before the push (the
 * ref's old tip, else the default branch, else on a first push the
 * pushed commit's).
 */
static int judge_protected(struct judge *j, const handoff_ref_update *u,
	size_t n)
{
	char *head = handoff__head_target(j->git);
	git_oid tip;
	size_t i;
	int err = 0;

	/* HEAD naming a branch that is not there: the default branch, if any */
	if (!head || git_reference_name_to_id(&tip, j->git, head) < 0) {
		char *def = NULL;

		if (j->default_ref)
			def = handoff__strdup(j->default_ref);
		else if ((err = handoff__default_branch(&def, j->git)) < 0) {
			free(head);
			return err;
		}
		if (def) {
			free(head);
			head = def;
		}
	}

	for (i = 0; !err && i < n; i++) {
		struct source rules;
		git_oid old, new;
		int yes;

		if (zero_id(u[i].new_id) || git_oid_fromstr(&new, u[i].new_id) < 0 ||
		    !is_commit(j->git, &new) || !update_base(j, &u[i]))
			continue;
		if ((err = open_roles(&rules, j->repo, update_base(j, &u[i]))) < 0)
			break;
		yes = handoff__config_is_protected(rules.config, u[i].ref, head);
		handoff__source_release(&rules);
		if (yes)
			err = judge_drafts(j, !zero_id(u[i].old_id) &&
				git_oid_fromstr(&old, u[i].old_id) == 0 ? &old : NULL,
				&new, !strncmp(u[i].ref, "refs/heads/", 11) ?
				u[i].ref + 11 : u[i].ref);
	}
	free(head);
	return err;
}

/* ---- history cannot be erased ---------------------------------------- */

/* A record a dropped commit changed. */
struct dropped {
	char abbrev[8];
	char *email, *path;
	const char *why;	/* why it may not go; NULL: not known yet */
};

struct drops {
	struct dropped *v;
	size_t n, alloc;
};

static void drops_release(struct drops *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].email);
		free(d->v[i].path);
	}
	free(d->v);
}

/* Why the record in blob `id` keeps its history: its decision; NULL: none. */
static const char *decided_in(git_repository *git, const git_oid *id, const char *path)
{
	struct record *rec = NULL;
	const char *status, *why = NULL;

	if (handoff__history_load(&rec, git, id, path) == 0 && rec &&
	    (status = handoff__record_acceptance(rec)) && handoff__acceptance_is_decided(status))
		why = !strcmp(status, "accepted") ? "has been accepted" :
			!strcmp(status, "rejected") ? "has been rejected" :
			"has had a revision requested";
	handoff__record_free(rec);
	return why;
}

/*
 * The records the dropped commit `commit` changed, into `out`: with a
 * reason when a version it made or replaced holds a decision.
 */
static int drops_of(struct drops *out, struct judge *j, const struct config *cfg,
	git_commit *commit)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_diff *diff = NULL;
	size_t i;
	int err = 0;

	if (git_commit_tree(&tree, commit) < 0 ||
	    (git_commit_parentcount(commit) && (git_commit_parent(&parent, commit, 0) < 0 ||
	    git_commit_tree(&ptree, parent) < 0)) ||
	    git_diff_tree_to_tree(&diff, j->git, ptree, tree, NULL) < 0)
		err = handoff__error_from_git(-1);
	for (i = 0; !err && diff && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct dropped *x;

		if (!handoff__config_is_record_path(cfg, d->new_file.path) ||
		    !handoff__record_path_is_record(d->new_file.path))
			continue;
		if (out->n == out->alloc) {
			struct dropped *v = realloc(out->v, (out->alloc = out->alloc ?
				out->alloc * 2 : 16) * sizeof(*v));

			if (!v) {
				err = handoff__error_oom();
				break;
			}
			out->v = v;
		}
		x = &out->v[out->n];
		git_oid_tostr(x->abbrev, sizeof(x->abbrev), git_commit_id(commit));
		x->why = decided_in(j->git, &d->new_file.id, d->new_file.path);
		if (!x->why)
			x->why = decided_in(j->git, &d->old_file.id, d->old_file.path);
		if (!(x->email = handoff__strdup(git_commit_author(commit)->email)) ||
		    !(x->path = handoff__strdup(d->new_file.path))) {
			free(x->email);
			err = HANDOFF_ERROR;
			break;
		}
		out->n++;
	}
	git_diff_free(diff);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return err;
}

/*
 * The rest, by their history at `old` (one pass for all): a record that
 * has had a decision, or missed an SLA (done late, or due and not done).
 */
static int drops_assess(struct drops *dr, struct judge *j, const char *old,
	const git_tree *tree)
{
	handoff_assess_options ao = HANDOFF_ASSESS_OPTIONS_INIT;
	handoff_assessments *as = NULL;
	const char **paths;
	long long now = (long long)time(NULL);
	size_t i, k, n = 0;
	int err;

	if (!(paths = calloc(dr->n ? dr->n : 1, sizeof(*paths))))
		return handoff__error_oom();
	for (i = 0; i < dr->n; i++) {
		git_oid blob;
		unsigned int mode;

		/* a record gone at the old tip has no history there to read */
		if (!dr->v[i].why && tree_blob(tree, dr->v[i].path, &blob, &mode) == 0)
			paths[n++] = dr->v[i].path;
	}
	ao.rev = old;
	ao.paths = paths;
	ao.npaths = n;
	ao.no_cache = 1;
	err = n ? handoff_assess(&as, j->repo, &ao) : 0;
	/* what cannot be assessed (a broken config, say) keeps its history */
	for (i = 0; err < 0 && i < dr->n; i++)
		if (!dr->v[i].why)
			dr->v[i].why = "cannot be assessed at the old tip";
	for (i = 0; !err && as && i < as->n; i++) {
		const struct assessment *a = &as->v[i];
		const char *why = NULL;

		for (k = 0; !why && k < a->ndecisions; k++)
			if (handoff__acceptance_is_decided(a->decisions[k].status))
				why = "has had a decision";
		for (k = 0; !why && k < a->nsla; k++)
			if (a->sla[k].state == SLA_LATE ||
			    (a->sla[k].state == SLA_OPEN && a->sla[k].due < now))
				why = "has missed an SLA";
		for (k = 0; why && k < dr->n; k++)
			if (!dr->v[k].why && !strcmp(dr->v[k].path, a->path))
				dr->v[k].why = why;
	}
	handoff_assessments_free(as);
	free(paths);
	return err < 0 && err != HANDOFF_ERROR ? 0 : err;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The commits the push keeps, into a new set: the tips of the refs it
 * does not update and the new tips it sets. Read once for all its
 * updates: refs by the thousand cost one pass, not one per update.
 */
static int kept_commits(struct oidset **out, git_repository *git,
	const handoff_ref_update *u, size_t n)
{
	git_reference_iterator *it = NULL;
	const char *name, **names;
	size_t i;
	int err = 0;

	if (!(*out = oidset_new()) || !(names = calloc(n ? n : 1, sizeof(*names))))
		return HANDOFF_ERROR;
	for (i = 0; !err && i < n; i++) {
		git_oid id;

		names[i] = u[i].ref;
		if (!zero_id(u[i].new_id) && git_oid_fromstr(&id, u[i].new_id) == 0 &&
		    is_commit(git, &id) && oidset_add(*out, &id) < 0)
			err = HANDOFF_ERROR;
	}
	qsort(names, n, sizeof(*names), by_name);
	if (!err && (err = git_reference_iterator_glob_new(&it, git, "refs/*")) < 0)
		err = handoff__error_from_git(err);
	while (!err && (err = git_reference_next_name(&name, it)) == 0) {
		git_object *obj = NULL, *tip = NULL;

		if (!bsearch(&name, names, n, sizeof(*names), by_name) &&
		    git_revparse_single(&obj, git, name) == 0 &&
		    git_object_peel(&tip, obj, GIT_OBJECT_COMMIT) == 0 &&
		    oidset_add(*out, git_object_id(tip)) < 0)
			err = HANDOFF_ERROR;	/* tags of trees and blobs: no commit */
		git_object_free(tip);
		git_object_free(obj);
	}
	git_reference_iterator_free(it);
	free(names);
	return err == GIT_ITEROVER ? 0 : err < 0 && err != HANDOFF_ERROR ?
		handoff__error_from_git(err) : err;
}

/* The commit `hex` names, or peels to; -1 when none. */
static int commit_of(git_repository *git, const char *hex, git_oid *out)
{
	git_object *obj = NULL, *c = NULL;
	int err = -1;

	if (git_revparse_single(&obj, git, hex) == 0 &&
	    git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0) {
		git_oid_cpy(out, git_object_id(c));
		err = 0;
	}
	git_object_free(c);
	git_object_free(obj);
	return err;
}

/*
 * A forced update or a deletion of `u` may not drop (leave reachable from
 * no ref) a commit that changed a record which has had a decision or
 * missed an SLA: the history the clock and the decisions are read from.
 */
static int judge_rewrite(struct judge *j, const handoff_ref_update *u,
	const handoff_ref_update *all, size_t n, struct oidset **kept)
{
	git_revwalk *walk = NULL;
	git_oid id, old, new;
	struct source at_old;
	struct drops dr = { NULL, 0, 0 };
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int err, deleted = zero_id(u->new_id);

	/* an annotated tag: its commit */
	if (commit_of(j->git, u->old_id, &old) < 0 || (!deleted &&
	    (commit_of(j->git, u->new_id, &new) < 0 ||
	    git_graph_descendant_of(j->git, &new, &old) == 1 || git_oid_equal(&new, &old))))
		return 0;
	git_oid_tostr(hex, sizeof(hex), &old);
	if ((err = open_roles(&at_old, j->repo, hex)) < 0)
		return err;
	if (!at_old.config)
		goto done;
	if ((err = git_revwalk_new(&walk, j->git)) < 0 ||
	    (err = git_revwalk_push(walk, &old)) < 0) {
		err = handoff__error_from_git(err);
		goto done;
	}
	if (!*kept && (err = kept_commits(kept, j->git, all, n)) < 0)
		goto done;
	if (!err)
		err = oidset_hide(*kept, walk);
	while (!err && git_revwalk_next(&id, walk) == 0) {
		git_commit *commit = NULL;

		if ((err = git_commit_lookup(&commit, j->git, &id)) < 0)
			err = handoff__error_from_git(err);
		else
			err = drops_of(&dr, j, at_old.config, commit);
		git_commit_free(commit);
	}
	if (!err)
		err = drops_assess(&dr, j, hex, at_old.tree);
	for (i = 0; !err && i < dr.n; i++) {
		struct commit_ctx c;

		if (!dr.v[i].why)
			continue;
		memset(&c, 0, sizeof(c));
		memcpy(c.abbrev, dr.v[i].abbrev, sizeof(c.abbrev));
		c.email = dr.v[i].email;
		err = finding(j, &c, dr.v[i].path, 0, "rewrite", "",
			"the %s of %s drops this commit, which changed a handoff that %s; "
			"its history is the record of that: %s", deleted ? "deletion" :
			"forced update", u->ref, dr.v[i].why, deleted ?
			"keep the branch, or merge it first" : "push on top of it instead");
	}
done:
	drops_release(&dr);
	git_revwalk_free(walk);
	handoff__source_release(&at_old);
	return err;
}

/*
 * The pushed commits, judged once for each config they are judged by:
 * updates whose rules stood in the same config blob share one walk, so
 * a push of thousands of refs walks and hides the existing refs once.
 */
struct push_group {
	git_oid config;		/* zero: no config there */
	const char *base;	/* a revision where that config stands */
	git_revwalk *walk;
};

static void config_blob(git_repository *git, const char *rev, git_oid *out)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;

	memset(out, 0, sizeof(*out));
	if (git_revparse_single(&obj, git, rev) == 0 &&
	    git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) == 0 &&
	    git_tree_entry_bypath(&e, tree, CONFIG_PATH) == 0)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_object_free(obj);
}

/* The group judged by the config of `base`, made when new. */
static int group_for(struct judge *j, struct push_group **g, size_t *ng,
	const char *base)
{
	struct push_group *v;
	git_oid blob;
	size_t k;
	int err;

	config_blob(j->git, base, &blob);
	for (k = 0; k < *ng; k++)
		if (git_oid_equal(&(*g)[k].config, &blob))
			return (int)k;
	if (!(v = realloc(*g, (*ng + 1) * sizeof(*v))))
		return handoff__error_oom();
	*g = v;
	v[*ng].config = blob;
	v[*ng].base = base;
	v[*ng].walk = NULL;
	/* what the repository already holds was judged when it came */
	if ((err = git_revwalk_new(&v[*ng].walk, j->git)) < 0 ||
	    (err = git_reference_foreach_name(j->git, hide_refs_cb, v[*ng].walk)) < 0) {
		git_revwalk_free(v[*ng].walk);
		return handoff__error_from_git(err);
	}
	return (int)(*ng)++;
}

static int is_commit(git_repository *git, const git_oid *id)
{
	git_object *o = NULL;
	int yes = git_object_lookup(&o, git, id, GIT_OBJECT_COMMIT) == 0;

	git_object_free(o);
	return yes;
}

/*
 * Who pushed, said once per push: refused when the rules before it say
 * `identity: required` and the server named no one; else, with no one
 * named, a note that authors are taken as typed.
 */
static int judge_pusher(struct judge *j, int *said)
{
	struct diag_list d = DIAG_LIST_INIT;
	int err;

	if (j->id->pusher.login || *said)
		return 0;
	*said = 1;
	if (!(j->roles && j->roles->identity_required) && !handoff__identity_server_required(j->git))
		return handoff__report_note(j->report,
			"identities are self-asserted: the server "
			"named no pusher (REMOTE_USER, GL_USERNAME, ... or a signed push), "
			"so each commit's author is taken as typed");
	err = handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR, 0, 0,
		"pusher-identity", "/identity",
		"%s, but the server named no pusher (none of %s is set, nor is the "
		"push signed): push through the authenticated server",
		j->roles && j->roles->identity_required ? "'identity: required'" :
		"the server's git config says handoff.identity = required",
		j->roles && j->roles->pusher_env ? "pusher_env's variables" :
		"REMOTE_USER, GL_USERNAME, GITHUB_USER_LOGIN, GITEA_PUSHER_NAME, "
		"GITEA_PUSHER_EMAIL, GL_USER");
	if (!err)
		err = handoff__report_add(j->report, CONFIG_PATH, NULL, NULL, &d);
	handoff__diag_list_release(&d);
	return err;
}

/* ---- the trusted base of an update ----------------------------------- */

/*
 * Where the rules judging update `u` stand: the ref's old tip, else the
 * default branch, else (a repository with no commit at all) the pushed
 * commit. NULL: nowhere that can be trusted.
 */
static const char *update_base(const struct judge *j, const handoff_ref_update *u)
{
	if (!zero_id(u->old_id))
		return u->old_id;
	if (j->default_ref)
		return j->default_ref;
	return j->empty ? u->new_id : NULL;
}

/* The default branch and whether there is any commit, when a ref is new. */
static int trusted_bases(struct judge *j, const handoff_ref_update *u, size_t n)
{
	size_t i;

	for (i = 0; i < n && (!zero_id(u[i].old_id) || zero_id(u[i].new_id)); i++)
		;
	if (i == n)
		return 0;	/* no ref is made */
	j->empty = handoff__repo_is_empty(j->git);
	return j->empty ? 0 : handoff__default_branch(&j->default_ref, j->git);
}

/* A new ref with no rules to judge it: refused, saying how to mend it. */
static int judge_no_base(struct judge *j, const handoff_ref_update *u)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *head = handoff__head_target(j->git);
	int err = handoff__diag_add(&d, HANDOFF_SEVERITY_ERROR, 0, 0, "trusted-base", "",
		"creates a branch, but there are no rules to judge it by: HEAD names "
		"%s, which does not exist, and no branch's %s names a default_branch "
		"that does (run 'git handoff init --default-branch <branch>' in the "
		"server's repository)", head ? head : "no branch", CONFIG_PATH);

	if (!err)
		err = handoff__report_add(j->report, u->ref, NULL, NULL, &d);
	handoff__diag_list_release(&d);
	free(head);
	return err;
}

static int judge_updates(struct judge *j, const handoff_ref_update *u, size_t n)
{
	struct oidset *kept = NULL;
	struct push_group *g = NULL;
	size_t ng = 0, i;
	int err, said = 0;

	if ((err = trusted_bases(j, u, n)) < 0)
		return err;
	for (i = 0; !err && i < n; i++) {
		git_object *obj = NULL, *peeled = NULL;
		int k;

		if (zero_id(u[i].new_id))
			continue;	/* a deleted ref brings nothing new */
		/*
		 * What git says it received must be here (in the quarantine, with
		 * GIT_OBJECT_DIRECTORY honoured): one we cannot see is not a
		 * push with nothing in it, it is a check that cannot run.
		 */
		if (git_revparse_single(&obj, j->git, u[i].new_id) < 0) {
			err = handoff__error_set(HANDOFF_ERROR_GIT,
				"cannot read '%s' pushed "
				"to %s: not in the repository (nor in the push quarantine)",
				u[i].new_id, u[i].ref);
			break;
		}
		if (!update_base(j, &u[i]))
			err = judge_no_base(j, &u[i]);
		else if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
			k = group_for(j, &g, &ng, update_base(j, &u[i]));
			if (k < 0)
				err = k;
			else if (git_revwalk_push(g[k].walk, git_object_id(peeled)) < 0)
				err = handoff__error_from_git(-1);
		}	/* else a tag of a tree or a blob: no records */
		git_object_free(peeled);
		git_object_free(obj);
	}
	for (i = 0; !err && i < ng; i++) {
		struct source roles;
		struct identity id;

		if ((err = open_roles(&roles, j->repo, g[i].base)) < 0)
			break;
		if (!(j->tainted = oidset_new()) || !(j->judged = oidset_new())) {
			oidset_free(j->tainted);
			j->tainted = NULL;
			handoff__source_release(&roles);
			err = HANDOFF_ERROR;
			break;
		}
		j->roles = roles.config;
		/* a first push has no rules before it: its own are all there is */
		j->base = j->empty ? NULL : g[i].base;
		handoff__identity_init(&id, roles.config, j->env);
		j->id = &id;
		err = judge_pusher(j, &said);
		/*
		 * A first push brings a history whose rules are its own: its
		 * commits' authors are taken as typed, whoever pushes it (a
		 * repository moving to this server).
		 */
		if (j->empty)
			memset(&id.pusher, 0, sizeof(id.pusher));
		if (!err)
			err = judge_walk(j, g[i].walk);
		handoff__identity_release(&id);
		j->id = NULL;
		j->roles = NULL;
		j->base = NULL;
		oidset_free(j->tainted);
		oidset_free(j->judged);
		j->tainted = NULL;
		j->judged = NULL;
		handoff__source_release(&roles);
	}
	for (i = 0; !err && i < n; i++) {
		git_oid old, new;

		if (!zero_id(u[i].new_id) && git_oid_fromstr(&new, u[i].new_id) == 0 &&
		    is_commit(j->git, &new))
			err = judge_ids(j, !zero_id(u[i].old_id) &&
				git_oid_fromstr(&old, u[i].old_id) == 0 ? &old : NULL,
				&new, u[i].ref);
	}
	if (!err)
		err = judge_protected(j, u, n);
	for (i = 0; !err && i < n; i++)
		if (!zero_id(u[i].old_id))
			err = judge_rewrite(j, &u[i], u, n, &kept);
	oidset_free(kept);
	for (i = 0; i < ng; i++)
		git_revwalk_free(g[i].walk);
	free(g);
	free(j->default_ref);
	j->default_ref = NULL;
	return err;
}

/* ---- a range in a shallow clone ---------------------------------------- */

/*
 * libgit2 1.5.1's revwalk parses every parent it meets, so it fails at the
 * boundary of a shallow clone (CI checks out with --depth), where parents
 * are missing by design. In a shallow repository the commits of A..B are
 * listed by hand: what B reaches and A does not, neither walk going past
 * the commits named in .git/shallow. A boundary commit is not judged
 * (what it changed cannot be known) and is named in a warning.
 */
struct oidset {
	git_oid *v;		/* open addressing; the zero id is a free slot */
	size_t n, cap;
};

static size_t oid_slot(const struct oidset *s, const git_oid *id)
{
	size_t h, i;

	memcpy(&h, id->id, sizeof(h));
	for (i = h & (s->cap - 1); !git_oid_is_zero(&s->v[i]) &&
	    !git_oid_equal(&s->v[i], id); i = (i + 1) & (s->cap - 1))
		;
	return i;
}

static struct oidset *oidset_new(void)
{
	struct oidset *s = calloc(1, sizeof(*s));

	if (!s)
		handoff__error_oom();
	return s;
}

static void oidset_free(struct oidset *s)
{
	if (s)
		free(s->v);
	free(s);
}

static int oidset_has(const struct oidset *s, const git_oid *id)
{
	return s->cap && !git_oid_is_zero(&s->v[oid_slot(s, id)]);
}

/* 1 when added, 0 when already there */
static int oidset_add(struct oidset *s, const git_oid *id)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct oidset bigger = { NULL, 0, s->cap ? s->cap * 2 : 64 };

		if (!(bigger.v = calloc(bigger.cap, sizeof(*bigger.v))))
			return handoff__error_oom();
		for (i = 0; i < s->cap; i++)
			if (!git_oid_is_zero(&s->v[i]))
				git_oid_cpy(&bigger.v[oid_slot(&bigger, &s->v[i])], &s->v[i]);
		bigger.n = s->n;
		free(s->v);
		*s = bigger;
	}
	i = oid_slot(s, id);
	if (!git_oid_is_zero(&s->v[i]))
		return 0;
	git_oid_cpy(&s->v[i], id);
	s->n++;
	return 1;
}

/* Every commit of the set hidden from `walk`. */
static int oidset_hide(const struct oidset *s, git_revwalk *walk)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		if (!git_oid_is_zero(&s->v[i]) && git_revwalk_hide(walk, &s->v[i]) < 0)
			return handoff__error_from_git(-1);
	return 0;
}

/* The commits .git/shallow names; none when it is not there. */
static int read_shallow(struct oidset *out, git_repository *git)
{
	char *path = handoff__asprintf("%sshallow", git_repository_commondir(git));
	char line[GIT_OID_HEXSZ + 8];
	FILE *f;
	git_oid id;
	int err = 0;

	if (!path)
		return HANDOFF_ERROR;
	if ((f = fopen(path, "r"))) {
		while (!err && fgets(line, sizeof(line), f))
			if (git_oid_fromstrn(&id, line, GIT_OID_HEXSZ) == 0)
				err = oidset_add(out, &id) < 0 ? HANDOFF_ERROR : 0;
		fclose(f);
	}
	free(path);
	return err;
}

struct frame {
	git_commit *commit;
	unsigned int next;	/* the parent to visit next */
};

/*
 * Every commit `start` reaches that `hidden` does not hold, into `seen`,
 * parents before children into `order` (when not NULL); the parents of a
 * shallow commit are not visited. Depth-first with a stack of our own.
 */
static int reach(struct judge *j, const git_oid *start, const struct oidset *shallow,
	const struct oidset *hidden, struct oidset *seen, git_oid **order, size_t *norder)
{
	struct frame *stack = NULL;
	size_t depth = 0, alloc = 0, oalloc = 0;
	const git_oid *next = start;
	int err = 0;

	while (!err && (next || depth)) {
		if (next) {
			int added = hidden && oidset_has(hidden, next) ? 0 : oidset_add(seen, next);

			if (added < 0) {
				err = added;
			} else if (added) {
				if (depth == alloc) {
					struct frame *v = realloc(stack, (alloc = alloc ? alloc * 2 : 64) *
						sizeof(*v));

					if (!v) {
						err = handoff__error_oom();
						break;
					}
					stack = v;
				}
				stack[depth].next = 0;
				if ((err = git_commit_lookup(&stack[depth].commit, j->git, next)) < 0)
					err = handoff__error_from_git(err);
				else
					depth++;
			}
			next = NULL;
			continue;
		}
		{
			struct frame *top = &stack[depth - 1];
			const git_oid *id = git_commit_id(top->commit);

			if (!oidset_has(shallow, id) &&
			    top->next < git_commit_parentcount(top->commit)) {
				next = git_commit_parent_id(top->commit, top->next++);
				continue;
			}
			if (order) {
				if (*norder == oalloc) {
					git_oid *v = realloc(*order, (oalloc = oalloc ? oalloc * 2 : 64) *
						sizeof(*v));

					if (!v) {
						err = handoff__error_oom();
						break;
					}
					*order = v;
				}
				git_oid_cpy(&(*order)[(*norder)++], id);
			}
			git_commit_free(top->commit);
			depth--;
		}
	}
	while (depth)
		git_commit_free(stack[--depth].commit);
	free(stack);
	return err;
}

static int judge_range_shallow(struct judge *j, const git_oid *from, const git_oid *to)
{
	struct oidset shallow = { NULL, 0, 0 }, hidden = { NULL, 0, 0 }, seen = { NULL, 0, 0 };
	git_oid *order = NULL;
	size_t n = 0, i;
	int err;

	if ((err = read_shallow(&shallow, j->git)) == 0 &&
	    (err = reach(j, from, &shallow, NULL, &hidden, NULL, NULL)) == 0)
		err = reach(j, to, &shallow, &hidden, &seen, &order, &n);
	for (i = 0; !err && i < n; i++) {
		git_commit *commit = NULL;
		char hex[8];

		if (oidset_has(&shallow, &order[i])) {
			git_oid_tostr(hex, sizeof(hex), &order[i]);
			err = handoff__report_note(j->report,
				"history truncated at %s (shallow clone): "
				"that commit and the ones before it are not judged", hex);
		} else if ((err = git_commit_lookup(&commit, j->git, &order[i])) < 0) {
			err = handoff__error_from_git(err);
		} else {
			err = judge_commit(j, commit);
		}
		git_commit_free(commit);
	}
	free(order);
	free(shallow.v);
	free(hidden.v);
	free(seen.v);
	return err;
}

static int judge_range(struct judge *j, const char *range, int protect)
{
	git_revwalk *walk = NULL;
	git_revspec spec;
	struct source roles;
	struct oidset tainted = { NULL, 0, 0 }, judged = { NULL, 0, 0 };
	struct identity id;
	char from[GIT_OID_HEXSZ + 1];
	int err;

	memset(&roles, 0, sizeof(roles));
	memset(&spec, 0, sizeof(spec));
	if (!strstr(range, "..")) {
		handoff__error_set(HANDOFF_ERROR_GIT,
			"bad range '%s': expected A..B", range);
		return HANDOFF_ENOTFOUND;
	}
	if ((err = git_revparse(&spec, j->git, range)) < 0 || !(spec.flags & GIT_REVSPEC_RANGE)) {
		const git_error *e = git_error_last();

		git_object_free(spec.from);
		git_object_free(spec.to);
		handoff__error_set(HANDOFF_ERROR_GIT, "bad range '%s': %s", range,
			err < 0 && e && e->message ? e->message : "expected A..B");
		return HANDOFF_ENOTFOUND;
	}
	git_oid_tostr(from, sizeof(from), git_object_id(spec.from));
	if ((err = open_roles(&roles, j->repo, from)) < 0)
		goto done;
	j->roles = roles.config;
	j->base = from;
	j->tainted = &tainted;
	handoff__identity_init(&id, roles.config, NULL);	/* signatures only */
	j->id = &id;
	j->judged = &judged;
	if (git_repository_is_shallow(j->git) == 1)
		err = judge_range_shallow(j, git_object_id(spec.from), git_object_id(spec.to));
	else if ((err = git_revwalk_new(&walk, j->git)) < 0 ||
	    (err = git_revwalk_push_range(walk, range)) < 0)
		err = handoff__error_from_git(err);
	else
		err = judge_walk(j, walk);
	if (!err)
		err = judge_ids(j, git_object_id(spec.from), git_object_id(spec.to),
			range);
	/* CI's check of what is to be merged into a protected branch */
	if (!err && protect)
		err = judge_drafts(j, git_object_id(spec.from), git_object_id(spec.to),
			"a protected branch");
done:
	if (j->id)
		handoff__identity_release(j->id);
	j->id = NULL;
	j->base = NULL;
	j->tainted = NULL;
	j->judged = NULL;
	free(tainted.v);
	free(judged.v);
	git_revwalk_free(walk);
	git_object_free(spec.from);
	git_object_free(spec.to);
	handoff__source_release(&roles);
	return err;
}

/*
 * commit-msg: the staged changes (the index git is committing against
 * HEAD) that touch a material path of an accepted record need a reason
 * in `msg`.
 */
/* A core.commentChar given as `git -c`, which git passes in the environment. */
static int comment_char_env(char *c)
{
	const char *env = handoff__env()->git_config_parameters, *p;
	static const char key[] = "core.commentchar";

	for (p = env; p && *p; p++) {
		if (strncasecmp(p, key, sizeof(key) - 1))
			continue;
		p += sizeof(key) - 1;
		p += *p == '\'';			/* 'core.commentChar'='x' */
		if (*p++ != '=')
			continue;
		p += *p == '\'';
		if (!*p)
			return 0;
		*c = !strncmp(p, "auto", 4) ? '*' : *p;
		return 1;
	}
	return 0;
}

/* core.commentChar: '#' unless set; '*' stands for `auto`. */
static char comment_char(git_repository *git)
{
	git_config *cfg = NULL;
	git_buf v = GIT_BUF_INIT;
	char c = '#';

	if (comment_char_env(&c))
		return c;
	if (git_repository_config_snapshot(&cfg, git) == 0 &&
	    git_config_get_string_buf(&v, cfg, "core.commentChar") == 0 && v.size)
		c = !strcmp(v.ptr, "auto") ? '*' : v.ptr[0];
	git_buf_dispose(&v);
	git_config_free(cfg);
	return c;
}

/*
 * commit-msg's view of the roles the server will judge by: HEAD's config
 * and who is committing, read once and only when a staged change needs
 * them (a decision, an accepted record, the rules). Without them (no
 * user.email, no config at HEAD), no role is warned of.
 */
static int message_roles(struct judge *j, struct commit_ctx *c, struct source *head)
{
	int err;

	if (j->roles_warn)
		return 0;
	j->roles_warn = 1;
	if (!(j->actor = handoff__decide_git_email(j->git)))
		return 0;
	c->email = j->actor;
	if ((err = handoff__source_open(head, j->repo, HANDOFF_SOURCE_REV, "HEAD")) < 0) {
		handoff__source_release(head);
		return err == HANDOFF_ERROR ? err : 0;	/* a broken config: pre-commit's */
	}
	j->roles = head->config;
	return 0;
}

int handoff_check_message(handoff_report **out, handoff_repo *repo,
	const char *msg, size_t len, char comment)
{
	struct judge j;
	struct commit_ctx c;
	struct source roles;
	git_object *head = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	git_signature *sig = NULL;
	const char *author;
	size_t i;
	int err;

	*out = NULL;
	memset(&j, 0, sizeof(j));
	memset(&c, 0, sizeof(c));
	memset(&roles, 0, sizeof(roles));
	j.repo = repo;
	j.git = repo->git;
	c.reason = handoff__message_trailer(msg, len, TRAILER_REASON,
		comment ? comment : comment_char(j.git));
	c.backfill = handoff__message_trailer(msg, len, TRAILER_BACKFILL,
		comment ? comment : comment_char(j.git));
	if ((err = handoff__report_new(&j.report)) < 0)
		goto done;
	if ((err = handoff__source_open(&c.src, repo, HANDOFF_SOURCE_INDEX, NULL)) < 0) {
		if (err != HANDOFF_ESCHEMA)
			goto done;
		err = 0;	/* pre-commit reports a broken config */
		goto out;
	}
	c.src_open = 1;
	if (git_revparse_single(&head, j.git, "HEAD") < 0)
		goto out;	/* the first commit changes no accepted record */
	author = handoff__env()->git_author_email;
	if (!author && git_signature_default(&sig, j.git) == 0)
		author = sig->email;
	if ((err = git_object_peel((git_object **)&tree, head, GIT_OBJECT_TREE)) < 0 ||
	    (err = git_diff_tree_to_index(&diff, j.git, tree, c.src.index, NULL)) < 0) {
		err = handoff__error_from_git(err);
		goto done;
	}
	for (i = 0; !err && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct record *old = NULL, *rec = NULL;
		struct kind *kind = NULL, *was = NULL;
		const char *name;

		if (handoff__claims_rules_path(d->new_file.path) || handoff__claims_rules_path(d->old_file.path)) {
			if ((err = message_roles(&j, &c, &roles)) == 0 && j.roles &&
			    c.email && !has_role(j.roles, c.email, ops))
				err = finding(&j, &c, d->new_file.path, 0, "rules-role", "",
					"changes the handoff rules, which only people with the "
					"ops role in %s may do: the server will refuse it",
					CONFIG_PATH);
			continue;
		}
		if (!handoff__config_is_record_path(c.src.config, d->new_file.path) ||
		    !handoff__record_path_is_record(d->new_file.path))
			continue;
		if (c.backfill && (err = message_roles(&j, &c, &roles)) == 0 && j.roles)
			err = judge_backfill(&j, &c, d->new_file.path);
		if (!err &&
		    (err = handoff__history_load(&old, j.git, &d->old_file.id, d->old_file.path)) == 0 &&
		    (err = handoff__history_load(&rec, j.git, &d->new_file.id, d->new_file.path)) == 0 &&
		    author && old && rec && (name = handoff__node_get_str(handoff__record_front(rec), "kind")) &&
		    handoff__source_kind(&kind, &c.src, name) == 0)
			/*
			 * A tick in a record the commit edits, by the staged config
			 * (the server judges by the one before the push); a record it
			 * adds is judged, with its acceptance, where the push lands.
			 */
			err = judge_ticks(&j, &c, d->new_file.path, kind,
				handoff__config_person(c.src.config, author), old, rec);
		kind = NULL;
		if (!err && (is_accepted(old) || handoff__record_decision_changed(old, rec)) &&
		    (err = message_roles(&j, &c, &roles)) == 0) {
			if ((name = handoff__node_get_str(handoff__record_front(rec ? rec : old), "kind")) &&
			    handoff__source_kind(&kind, &c.src, name) < 0)
				kind = NULL;
			was = kind;
			if (old && (name = handoff__node_get_str(handoff__record_front(old), "kind")) &&
			    (!kind || strcmp(name, kind->name)) &&
			    handoff__source_kind(&was, &c.src, name) < 0)
				was = NULL;
			if (j.roles && c.email)
				err = judge_acceptance(&j, &c, d->new_file.path, kind, was, old, rec);
			if (!err && is_accepted(old))
				err = judge_reason(&j, &c, d->new_file.path, was, old, rec);
		}
		if (!err && old && rec && (name = handoff__node_get_str(handoff__record_front(old), "kind")) &&
		    handoff__source_kind(&was, &c.src,
			name) == 0)	/* a date that starts a clock moved */
			err = judge_clock(&j, &c, d->new_file.path, was, old, rec);
		handoff__record_free(old);
		handoff__record_free(rec);
	}
out:
	*out = j.report;
	j.report = NULL;
done:
	handoff_report_free(j.report);
	if (c.src_open)
		handoff__source_release(&c.src);
	if (j.roles)
		handoff__source_release(&roles);
	free(j.actor);
	free(c.backfill);
	free(c.reason);
	git_signature_free(sig);
	git_diff_free(diff);
	git_tree_free(tree);
	git_object_free(head);
	return err;
}

static int hex_id(const char *s)
{
	size_t n = strlen(s);

	return (n == GIT_OID_HEXSZ || n == 64) && strspn(s, "0123456789abcdef") == n;
}

int handoff_ref_updates_parse(handoff_ref_update **out, size_t *count, char *text)
{
	size_t alloc = 0, lineno = 0;
	char *p = text, *line;

	*out = NULL;
	*count = 0;
	while ((line = p) != NULL) {
		char *f[3], *rest;
		size_t k = 0, n;

		if ((p = strchr(line, '\n')))
			*p++ = '\0';
		lineno++;
		if ((n = strlen(line)) && line[n - 1] == '\r')
			line[--n] = '\0';
		if (!n)
			continue;
		for (rest = line; k < 3 && rest; k++) {
			f[k] = rest;
			if ((rest = strchr(rest, ' ')))
				*rest++ = '\0';
		}
		if (k != 3 || rest || !hex_id(f[0]) || strlen(f[0]) != strlen(f[1]) ||
		    !hex_id(f[1]) || !*f[2]) {
			free(*out);
			*out = NULL;
			*count = 0;
			handoff__error_set(HANDOFF_ERROR_INVALID,
				"line %zu of the input is "
				"not '<old> <new> <ref>'", lineno);
			return HANDOFF_EINVALID;
		}
		if (*count == alloc) {
			handoff_ref_update *v = realloc(*out, (alloc = alloc ? alloc * 2 : 16) *
				sizeof(*v));

			if (!v) {
				free(*out);
				*out = NULL;
				return handoff__error_oom();
			}
			*out = v;
		}
		(*out)[*count].old_id = f[0];
		(*out)[*count].new_id = f[1];
		(*out)[(*count)++].ref = f[2];
	}
	return 0;
}

int handoff_check_commits(handoff_report **out, handoff_repo *repo,
	const handoff_check_options *opts)
{
	struct judge j;
	int err;

	*out = NULL;
	if (!repo->git)
		return handoff__error_set(HANDOFF_ERROR_GIT, "not a git repository"),
			HANDOFF_ENOTFOUND;
	memset(&j, 0, sizeof(j));
	j.repo = repo;
	j.git = repo->git;
	j.env = opts->env;
	if ((err = handoff__report_new(&j.report)) < 0)
		return err;
	if (opts->range)
		err = judge_range(&j, opts->range, opts->protected_range);
	if (!err && opts->nupdates)
		err = judge_updates(&j, opts->updates, opts->nupdates);
	/* the ids read are kept only when the push goes through */
	handoff__ids_reader_close(j.ids, !err && handoff_report_ok(j.report));
	if (err < 0) {
		handoff_report_free(j.report);
		return err;
	}
	*out = j.report;
	return 0;
}

/*
 * validate: a range is judged commit by commit, as the server's hook
 * judges a push (above); files are validate.c's, which so needs nothing
 * of this file.
 */
int handoff_validate(handoff_report **out, handoff_repo *repo,
	const handoff_validate_options *opts)
{
	static const handoff_validate_options defaults = HANDOFF_VALIDATE_OPTIONS_INIT;
	handoff_check_options co = HANDOFF_CHECK_OPTIONS_INIT;

	opts = opts ? opts : &defaults;
	if (opts->source != HANDOFF_SOURCE_RANGE)
		return handoff__validate_files(out, repo, opts);
	/* CI: the commits of the range, judged as the server would */
	*out = NULL;
	co.range = opts->rev;
	co.protected_range = opts->protected_range;
	return handoff_check_commits(out, repo, &co);
}

/*
 * Acknowledged signals: .handoff/acks.yaml read (for score, status,
 * report and audit) and written (`git handoff ack`). The file is under
 * .handoff/, so only ops may push a change to it (policy.c).
 *
 *   acks:
 *     - signal: clock-1a2b3c4d5e6f
 *       by: olga@vendor.example
 *       at: 2026-12-06T10:00:00+00:00
 *       reason: "imported from the old CRM with its own dates"
 */
#include <time.h>

#include "acks.h"
#include "changes.h"
#include "config.h"
#include "decide.h"
#include "node.h"
#include "source.h"

void handoff__signal_id(char *buf, size_t size, const char *type, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), commit);
	snprintf(buf, size, "%s-%.12s", type, hex);
}

static int bad(const struct node *n, const char *what)
{
	handoff__error_set(HANDOFF_ERROR_INVALID, "%s:%u:%u: error: %s", ACKS_PATH,
		n ? n->line : 1, n ? n->col : 1, what);
	return HANDOFF_ESCHEMA;
}

int handoff__acks_read(struct acks *out, const struct source *src)
{
	struct diag_list diags = DIAG_LIST_INIT;
	const struct node *list;
	char *data = NULL;
	const char *why;
	size_t len, i;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = handoff__source_read(src, ACKS_PATH, &data, &len, &why)) == HANDOFF_ENOTFOUND)
		return 0;
	if (err == HANDOFF_EINVALID)
		return handoff__error_set(HANDOFF_ERROR_INVALID, "%s: %s", ACKS_PATH, why),
			HANDOFF_ESCHEMA;
	if (err < 0)
		return err;
	err = handoff__yaml_load(&out->doc, data, len, 1, NULL, &diags);
	free(data);
	if (err < 0) {
		if (diags.n)
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s:%u:%u: error: %s",
				ACKS_PATH, diags.v[0].line, diags.v[0].column, diags.v[0].message);
		handoff__diag_list_release(&diags);
		return err == HANDOFF_EINVALID ? HANDOFF_ESCHEMA : err;
	}
	list = out->doc->root ? handoff__node_get(out->doc->root, "acks") : NULL;
	if (out->doc->root && out->doc->root->type != NODE_NULL &&
	    (out->doc->root->type != NODE_MAP || !list))
		err = bad(out->doc->root, "the file holds one key, acks: a list");
	else if (list && list->type != NODE_SEQ && list->type != NODE_NULL)
		err = bad(list, "'acks' is a list of {signal, by, at, reason}");
	if (!err && list && list->type == NODE_SEQ && list->n &&
	    !(out->v = calloc(list->n, sizeof(*out->v))))
		err = handoff__error_oom();
	for (i = 0; !err && list && list->type == NODE_SEQ && i < list->n; i++) {
		const struct node *it = list->items[i];
		struct ack *a = &out->v[out->n];

		if (it->type != NODE_MAP || !(a->signal = handoff__node_get_str(it, "signal")) ||
		    !(a->reason = handoff__node_get_str(it, "reason"))) {
			err = bad(it, "an acknowledgement names its signal and reason");
			break;
		}
		a->by = handoff__node_get_str(it, "by");
		a->at = handoff__node_get_str(it, "at");
		out->n++;
	}
	if (err)
		handoff__acks_release(out);
	return err;
}

const struct ack *handoff__acks_find(const struct acks *a, const char *signal)
{
	size_t i;

	for (i = 0; a && i < a->n; i++)
		if (!strcmp(a->v[i].signal, signal))
			return &a->v[i];
	return NULL;
}

void handoff__acks_release(struct acks *a)
{
	handoff__doc_free(a->doc);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* ---- git handoff ack ------------------------------------------------- */

/* Does the audit of the work tree's history raise `signal`? */
static int signal_raised(handoff_repo *repo, const char *signal)
{
	handoff_audit_options o = HANDOFF_AUDIT_OPTIONS_INIT;
	handoff_audit *audit = NULL;
	size_t i;
	int err, found = 0;

	if ((err = handoff_audit_run(&audit, repo, &o)) < 0)
		return err;
	for (i = 0; i < handoff_audit_signals(audit); i++)
		found |= !strcmp(handoff_audit_signal_id(audit, i), signal);
	handoff_audit_free(audit);
	return found;
}

int handoff_ack(handoff_repo *repo, const char *signal, const char *reason)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	struct source src;
	struct acks acks;
	const struct ack *old;
	char *email = NULL, *data = NULL, *path = NULL, at[40];
	const char *why;
	size_t len = 0;
	int err;

	if (!repo->git || !repo->workdir)
		return handoff__error_set(HANDOFF_ERROR_GIT, "not a git work tree"),
			HANDOFF_ENOTFOUND;
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return handoff__error_set(HANDOFF_ERROR_INVALID, "say why: --reason"),
			HANDOFF_EINVALID;
	memset(&acks, 0, sizeof(acks));
	if ((err = handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0) {
		handoff__source_release(&src);
		return err;
	}
	if (!(email = handoff__decide_git_email(repo->git))) {
		err = HANDOFF_EINVALID;
	} else if (!handoff__person_has_role(handoff__config_person(src.config, email), "ops")) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s has no ops role: only ops "
			"acknowledges a signal (roles as in %s)", email, CONFIG_PATH);
		err = HANDOFF_EINVALID;
	} else if ((err = handoff__acks_read(&acks, &src)) == 0 &&
	    (old = handoff__acks_find(&acks, signal)) != NULL) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "signal %s is acknowledged "
			"already, by %s: %s", signal, old->by ? old->by : "?", old->reason);
		err = HANDOFF_EEXISTS;
	} else if (!err && (err = signal_raised(repo, signal)) == 0) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "no signal %s in the history "
			"(git handoff audit lists them)", signal);
		err = HANDOFF_ENOTFOUND;
	}
	if (err < 0)
		goto done;
	if (!(path = handoff__asprintf("%s%s", repo->workdir, ACKS_PATH))) {
		err = HANDOFF_ERROR;
		goto done;
	}
	err = handoff__source_read_disk(path, &data, &len, &why);
	if (err == HANDOFF_ENOTFOUND) {
		handoff__buf_puts(&b, "# Signals ops has looked at (git handoff ack). Only "
			"ops changes this file.\nacks:\n");
	} else if (err == HANDOFF_EINVALID) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s: %s", ACKS_PATH, why);
		goto done;
	} else if (err < 0) {
		goto done;
	} else {
		handoff__buf_put(&b, data, len);
	}
	if (b.size && b.ptr[b.size - 1] != '\n')
		handoff__buf_puts(&b, "\n");
	handoff__format_iso_time(at, sizeof(at), (long long)time(NULL), 0);
	handoff__buf_printf(&b, "  - signal: %s\n    by: ", signal);
	handoff__buf_json_str(&b, email, strlen(email));
	handoff__buf_printf(&b, "\n    at: %s\n    reason: ", at);
	handoff__buf_json_str(&b, reason, strlen(reason));
	handoff__buf_puts(&b, "\n");
	err = handoff__buf_failed(&b) ? HANDOFF_ERROR :
		handoff_write_file(path, b.ptr, b.size, 0);
done:
	handoff_buf_dispose(&b);
	handoff__acks_release(&acks);
	handoff__source_release(&src);
	free(data);
	free(path);
	free(email);
	return err;
}

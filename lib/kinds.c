/*
 * The kinds a repository knows: `schema check` and `schema show` (the
 * list of names is source.c's). A kind in .handoff/schemas/ replaces the
 * built-in of its name.
 */
#include "report.h"
#include "source.h"

int handoff_schema_check(handoff_report **out, const char *path)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct kind *kind = NULL;
	const char *base = strrchr(path, '/'), *why;
	char *data = NULL, *name = NULL;
	size_t len;
	int err;

	*out = NULL;
	base = base ? base + 1 : path;
	if ((err = handoff__source_read_disk(path, &data, &len, &why)) < 0) {
		if (err == HANDOFF_EINVALID)
			handoff__error_set(HANDOFF_ERROR_OS, "'%s' is %s", path, why);
		return err == HANDOFF_EINVALID ? HANDOFF_ERROR : err;
	}
	name = handoff__strndup(base, strcspn(base, "."));
	if (!name || (err = handoff__report_new(out)) < 0)
		goto done;
	if (!handoff__kind_name_valid(name))
		handoff__diag_add(&diags, HANDOFF_SEVERITY_ERROR, 0, 0, "schema", "",
			"'%s' cannot name a kind: use lowercase letters, digits and '-'",
			name);
	err = handoff__kind_compile(&kind, name, path, data, len, &diags);
	if (err == HANDOFF_ESCHEMA || err == 0)
		err = handoff__report_add(*out, path, name, NULL, &diags);
done:
	handoff__kind_free(kind);
	handoff__diag_list_release(&diags);
	free(data);
	free(name);
	return err;
}

int handoff_schema_show(handoff_buf *out, char **source_out, handoff_repo *repo,
	const char *name)
{
	struct source src;
	char *data = NULL, *path = NULL;
	size_t len;
	const char *why;
	int err = HANDOFF_ENOTFOUND;

	if (source_out)
		*source_out = NULL;
	if (!handoff__kind_name_valid(name))
		goto notfound;
	if ((err = handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0 &&
	    err != HANDOFF_ESCHEMA)
		return err;
	err = HANDOFF_ENOTFOUND;
	if (repo->git && repo->workdir &&
	    (path = handoff__asprintf(".handoff/schemas/%s.yaml", name)))
		err = handoff__source_read(&src, path, &data, &len, &why);
	if (err == HANDOFF_ENOTFOUND) {
		free(path);
		if ((path = handoff__asprintf("%s/%s.yaml", handoff_builtin_dir(), name)))
			err = handoff__source_read_disk(path, &data, &len, &why);
	}
	handoff__source_release(&src);
	if (err == 0) {
		err = handoff__buf_put(out, data, len);
		if (!err && source_out)
			*source_out = path, path = NULL;
	}
	free(data);
	free(path);
	if (err != HANDOFF_ENOTFOUND)
		return err;
notfound:
	handoff__error_set(HANDOFF_ERROR_SCHEMA, "unknown kind '%s'", name);
	return HANDOFF_ENOTFOUND;
}

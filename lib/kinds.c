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
	if ((err = source_read_disk(path, &data, &len, &why)) < 0) {
		if (err == HANDOFF_EINVALID)
			handoff__error_set(HANDOFF_ERROR_OS, "'%s' is %s", path, why);
		return err == HANDOFF_EINVALID ? HANDOFF_ERROR : err;
	}
	name = handoff__strndup(base, strcspn(base, "."));
	if (!name || (err = report_new(out)) < 0)
		goto done;
	if (!kind_name_valid(name))
		diag_add(&diags, HANDOFF_SEVERITY_ERROR, 0, 0, "schema", "",
			"'%s' cannot name a kind: use lowercase letters, digits and '-'",
			name);
	err = kind_compile(&kind, name, path, data, len, &diags);
	if (err == HANDOFF_ESCHEMA || err == 0)
		err = report_add(*out, path, name, NULL, &diags);
done:
	kind_free(kind);
	diag_list_release(&diags);
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
	if (!kind_name_valid(name))
		goto notfound;
	if ((err = source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0 &&
	    err != HANDOFF_ESCHEMA)
		return err;
	err = HANDOFF_ENOTFOUND;
	if (repo->git && repo->workdir &&
	    (path = handoff__asprintf(".handoff/schemas/%s.yaml", name)))
		err = source_read(&src, path, &data, &len, &why);
	if (err == HANDOFF_ENOTFOUND) {
		free(path);
		if ((path = handoff__asprintf("%s/%s.yaml", handoff_builtin_dir(), name)))
			err = source_read_disk(path, &data, &len, &why);
	}
	source_release(&src);
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

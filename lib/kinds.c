/*
 * The kinds a repository knows: `schema check`, `schema show` and the list
 * of names. A kind in .handoff/schemas/ replaces the built-in of its name.
 */
#include <dirent.h>

#include "repo.h"
#include "report.h"

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

static int add_names(char ***v, size_t *n, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int err = 0;

	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		size_t len = strlen(de->d_name), i;
		char *name, **grown;

		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
			continue;
		if (!(name = handoff__strndup(de->d_name, len - 5))) {
			err = HANDOFF_ERROR;
			break;
		}
		for (i = 0; i < *n && strcmp((*v)[i], name); i++)
			;
		if (i < *n || !kind_name_valid(name)) {
			free(name);
			continue;
		}
		if (!(grown = realloc(*v, (*n + 1) * sizeof(*grown)))) {
			free(name);
			err = handoff__error_oom();
			break;
		}
		*v = grown;
		(*v)[(*n)++] = name;
	}
	closedir(d);
	return err;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int handoff_kinds_list(char ***out, size_t *count, handoff_repo *repo)
{
	char *local = NULL;
	int err = 0;

	*out = NULL;
	*count = 0;
	if (repo && repo->workdir &&
	    (local = handoff__asprintf("%s.handoff/schemas", repo->workdir)))
		err = add_names(out, count, local);
	free(local);
	if (!err)
		err = add_names(out, count, handoff_builtin_dir());
	if (err) {
		free_strings(*out, *count);
		*out = NULL;
		*count = 0;
		return err;
	}
	if (*count > 1)
		qsort(*out, *count, sizeof(**out), by_name);
	return 0;
}

/*
 * The trusted base of a push: where the roles and rules stand that judge
 * an update. An existing branch is judged by its own tip; a new one by
 * the tip of the repository's default branch: the config's
 * `default_branch:` as HEAD's branch has it, else HEAD's branch; and
 * when HEAD names a branch that does not exist (a plain `git init --bare`
 * names master, the team pushes main), the `default_branch:` the
 * branches' configs agree on. Never the pushed commit, unless the
 * repository holds no commit at all.
 */
#include <string.h>

#include "config.h"
#include "trust.h"

/* The branch the repository's HEAD names (refs/heads/main); NULL: none. */
char *handoff__head_target(git_repository *git)
{
	git_reference *head = NULL;
	char *name = NULL;

	if (git_reference_lookup(&head, git, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		name = handoff__strdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	return name;
}

/* 1 when `ref` (a full name) is there and names a commit. */
static int branch_exists(git_repository *git, const char *ref)
{
	git_object *obj = NULL;
	int yes = git_revparse_single(&obj, git, ref) == 0 &&
		git_object_type(obj) == GIT_OBJECT_COMMIT;

	git_object_free(obj);
	return yes;
}

/* `default_branch:` as a full ref name, when `branch` names one. */
static char *full_name(const char *branch)
{
	return !strncmp(branch, "refs/", 5) ? handoff__strdup(branch) :
		handoff__asprintf("refs/heads/%s", branch);
}

/*
 * The `default_branch:` of the config in blob `id`, as a full ref name
 * that exists; NULL when it names none or no such branch. A config that
 * does not parse names none.
 */
static char *named_in(git_repository *git, const git_oid *id)
{
	git_blob *blob = NULL;
	struct config *cfg = NULL;
	struct diag_list d = DIAG_LIST_INIT;
	char *ref = NULL;

	if (git_blob_lookup(&blob, git, id) == 0 &&
	    handoff__config_parse(&cfg, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), &d) == 0 && cfg->default_branch &&
	    (ref = full_name(cfg->default_branch)) && !branch_exists(git, ref)) {
		free(ref);
		ref = NULL;
	}
	handoff__config_free(cfg);
	handoff__diag_list_release(&d);
	git_blob_free(blob);
	return ref;
}

/* The config blob at the tip of `ref`; 0 when there is one. */
static int config_at(git_repository *git, const char *ref, git_oid *out)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int err = -1;

	if (git_revparse_single(&obj, git, ref) == 0 &&
	    git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) == 0 &&
	    git_tree_entry_bypath(&e, tree, CONFIG_PATH) == 0) {
		git_oid_cpy(out, git_tree_entry_id(e));
		err = 0;
	}
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_object_free(obj);
	return err;
}

struct agree {
	git_repository *git;
	git_oid *seen;		/* the config blobs read, each once */
	size_t nseen, alloc;
	char *ref;		/* what they name so far */
	int split;		/* they name different branches */
};

static int agree_cb(const char *name, void *payload)
{
	struct agree *a = payload;
	git_oid blob;
	char *ref;
	size_t i;

	if (strncmp(name, "refs/heads/", 11) || config_at(a->git, name, &blob) < 0)
		return 0;
	for (i = 0; i < a->nseen; i++)
		if (git_oid_equal(&a->seen[i], &blob))
			return 0;
	if (a->nseen == a->alloc) {
		git_oid *v = realloc(a->seen, (a->alloc = a->alloc ? a->alloc * 2 : 8) *
			sizeof(*v));

		if (!v)
			return handoff__error_oom();
		a->seen = v;
	}
	git_oid_cpy(&a->seen[a->nseen++], &blob);
	if (!(ref = named_in(a->git, &blob)))
		return 0;
	if (!a->ref)
		a->ref = ref;
	else if (strcmp(a->ref, ref))
		a->split = 1, free(ref);
	else
		free(ref);
	/*
	 * Distinct configs are few (each change of one is ops' commit); past
	 * a hundred, stop: they cannot be said to agree.
	 */
	return a->split || a->nseen > 100 ? GIT_EUSER : 0;
}

int handoff__default_branch(char **out, git_repository *git)
{
	char *head = handoff__head_target(git);
	struct agree a;
	git_oid blob;
	int err;

	*out = NULL;
	if (head && branch_exists(git, head)) {
		if (config_at(git, head, &blob) < 0 || !(*out = named_in(git, &blob)))
			*out = head, head = NULL;
		free(head);
		return 0;
	}
	free(head);
	memset(&a, 0, sizeof(a));
	a.git = git;
	err = git_reference_foreach_name(git, agree_cb, &a);
	free(a.seen);
	if (err < 0 && err != GIT_EUSER) {
		free(a.ref);
		return err == HANDOFF_ERROR ? err : handoff__error_from_git(err);
	}
	if (a.split || a.nseen > 100)
		free(a.ref);
	else
		*out = a.ref;
	return 0;
}

static int any_ref_cb(const char *name, void *payload)
{
	(void)name;
	*(int *)payload = 1;
	return GIT_EUSER;
}

int handoff__repo_is_empty(git_repository *git)
{
	int any = 0;

	git_reference_foreach_name(git, any_ref_cb, &any);
	return !any;
}

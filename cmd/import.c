/*
 * import: one draft record per closed-won deal of a CRM export (a
 * Salesforce opportunity report, a HubSpot deals export, or a mapping of
 * the repository's own), so a handoff starts from what the CRM already
 * knows. A record that is there is never touched: the CRM's view is a
 * start, and the record may have moved on since. --dry-run says what
 * would be written and writes nothing; --commit commits just the new
 * records, in one commit, so the import is one thing in the history.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static struct {
	const char *from;
	int dry_run, commit;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("from", 0, "<mapping>", "salesforce, hubspot, or .handoff/mappings/<mapping>.yaml",
		&given.from),
	CLI_FLAG("dry-run", 'n', "show what would be written; write nothing", &given.dry_run),
	CLI_FLAG("commit", 0, "commit the new records (one commit)", &given.commit),
	CLI_OPT_END
};

struct run {
	const char *workdir;
	int dry_run;
	char **created;		/* repository-relative */
	size_t ncreated;
	size_t nexisting, nrefused, nnot_won;
	int failed;		/* an exit status, when writing failed */
};

static int on_row(const handoff_import_row *row, void *payload)
{
	struct run *run = payload;
	char *full, *copy;
	void *p;
	size_t i;
	int err;

	for (i = 0; i < row->nnotes; i++)
		fprintf(stderr, "%s\n", row->notes[i]);
	switch (row->outcome) {
	case HANDOFF_IMPORT_NOT_WON:
		run->nnot_won++;
		return 0;
	case HANDOFF_IMPORT_NOTE:
		return 0;
	case HANDOFF_IMPORT_EXISTS:
		run->nexisting++;
		fprintf(stderr, "%s\n", row->message);
		return 0;
	case HANDOFF_IMPORT_REFUSED:
		run->nrefused++;
		fprintf(stderr, "%s\n", row->message);
		return 0;
	case HANDOFF_IMPORT_NEW:
		break;
	}
	if (run->dry_run) {
		printf("would create %s\n", row->path);
		for (i = 0; i < row->nfilled; i++)
			printf("    %s\n", row->filled[i]);
		run->ncreated++;
		return 0;
	}
	if (!(full = malloc(strlen(run->workdir) + strlen(row->path) + 1)) ||
	    !(copy = strdup(row->path))) {
		free(full);
		run->failed = EXIT_TROUBLE;
		return 1;
	}
	strcpy(full, run->workdir);
	strcat(full, row->path);
	err = handoff_write_file(full, row->text, row->len, 1);
	free(full);
	if (err == HANDOFF_EEXISTS) {
		/* made since the records were read: still never overwritten */
		fprintf(stderr, "git-handoff: %s appeared while importing: left as it is\n",
			row->path);
		run->nexisting++;
		free(copy);
		return 0;
	}
	if (err < 0) {
		run->failed = cli_error_lib("cannot create the record", err);
		free(copy);
		return 1;
	}
	if (!(p = realloc(run->created, (run->ncreated + 1) * sizeof(char *)))) {
		free(copy);
		run->failed = EXIT_TROUBLE;
		return 1;
	}
	run->created = p;
	run->created[run->ncreated++] = copy;
	printf("created %s\n", row->path);
	return 0;
}

/* `git add` then `git commit --only` of the new records, paths taken literally. */
static int commit(const struct run *run, const char *file, const char *from)
{
	const char **argv = calloc(run->ncreated + 12, sizeof(char *));
	char subject[256];
	size_t i, n = 0;
	int st;

	if (!argv)
		return EXIT_TROUBLE;
	setenv("GIT_LITERAL_PATHSPECS", "1", 1);
	snprintf(subject, sizeof(subject), "Import %zu handoff%s from %s (%s)",
		run->ncreated, run->ncreated == 1 ? "" : "s",
		strrchr(file, '/') ? strrchr(file, '/') + 1 : file, from);
	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = run->workdir;
	argv[n++] = "add";
	argv[n++] = "--";
	for (i = 0; i < run->ncreated; i++)
		argv[n++] = run->created[i];
	argv[n] = NULL;
	st = cli_run_git(argv);
	if (st == 0) {
		n = 3;
		argv[n++] = "commit";
		argv[n++] = "-q";
		argv[n++] = "--only";
		argv[n++] = "-m";
		argv[n++] = subject;
		argv[n++] = "--";
		for (i = 0; i < run->ncreated; i++)
			argv[n++] = run->created[i];
		argv[n] = NULL;
		st = cli_run_git(argv);
	}
	free(argv);
	if (st != 0) {
		cli_warn("the records are written but not committed (git exited %d): "
			"commit them with git commit", st);
		return EXIT_FINDINGS;
	}
	printf("committed %zu record%s\n", run->ncreated, run->ncreated == 1 ? "" : "s");
	return 0;
}

static int run(int argc, char **argv)
{
	handoff_import_options io = HANDOFF_IMPORT_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	struct run r;
	handoff_repo *repo = NULL;
	const char *file = NULL, *from = NULL;
	int opt, err, status = 0, do_commit = 0;
	size_t i;

	memset(&r, 0, sizeof(r));
	memset(&given, 0, sizeof(given));
	while ((opt = cli_next(&a, opts, "import")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL && file)
			return cli_usage_error("import", "unexpected argument '%s'", a.value);
		if (opt == CLI_POSITIONAL)
			file = a.value;
	}
	from = given.from;
	r.dry_run = given.dry_run;
	do_commit = given.commit;
	if (!file || !from)
		return cli_usage_error("import", "need a CSV export and --from, e.g. "
			"'git handoff import deals.csv --from salesforce'");
	if (r.dry_run && do_commit)
		return cli_usage_error("import", "--dry-run writes nothing to commit");
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0)
		return cli_error_lib(NULL, err);
	if (!(r.workdir = handoff_repo_workdir(repo))) {
		cli_warn("cannot import into a repository without a work tree");
		status = EXIT_TROUBLE;
		goto done;
	}
	err = handoff_import(repo, file, from, &io, on_row, &r);
	if (r.failed) {
		status = r.failed;
		goto done;
	}
	if (err < 0) {
		/* a diagnostic (file:line:col: error: ...) stands on its own */
		const char *msg = handoff_error_last()->message;

		if (err == HANDOFF_EINVALID && strstr(msg, ": error: "))
			fprintf(stderr, "%s\n", msg);
		else
			cli_error_lib("cannot import", err);
		status = EXIT_TROUBLE;
		goto done;
	}
	printf("%s %zu record%s", r.dry_run ? "would create" : "created", r.ncreated,
		r.ncreated == 1 ? "" : "s");
	if (r.nexisting)
		printf(", %zu already there", r.nexisting);
	if (r.nrefused)
		printf(", %zu row%s refused", r.nrefused, r.nrefused == 1 ? "" : "s");
	if (r.nnot_won)
		printf(", %zu not closed-won", r.nnot_won);
	printf("\n");
	if (do_commit && r.ncreated)
		status = commit(&r, file, from);
	if (r.nrefused && !status)
		status = EXIT_FINDINGS;
done:
	for (i = 0; i < r.ncreated && !r.dry_run; i++)
		free(r.created[i]);
	free(r.created);
	handoff_repo_free(repo);
	return status;
}

const struct cli_command import_command = {
	"import", run, "scaffold draft records from a CRM export (CSV)",
	"import <file.csv> --from salesforce|hubspot|<mapping> [--dry-run] [--commit]",
	opts
};

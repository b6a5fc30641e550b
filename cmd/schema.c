/*
 * schema: look at kinds. `check` compiles a schema file and names every
 * problem by line and column; `show` prints the schema a kind resolves to
 * here (the repository's own first, then the built-in); `list` names them.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const char *given_format;

static const struct cli_opt opts[] = {
	CLI_VALUE("format", 0, "<fmt>", "for check: text (default) or json", &given_format),
	CLI_OPT_END
};

static int check(int argc, char **argv, int format)
{
	int i, status = 0;

	if (argc < 1)
		return cli_usage_error("schema", "schema check needs a file");
	for (i = 0; i < argc; i++) {
		handoff_report *report = NULL;
		int err = handoff_schema_check(&report, argv[i]);

		if (err < 0) {
			status = cli_error_lib(NULL, err);
			continue;
		}
		cli_print_report(report, format);
		if (!handoff_report_ok(report))
			status = EXIT_TROUBLE;
		else if (format == HANDOFF_FORMAT_TEXT)
			fprintf(stderr, "%s: ok\n", argv[i]);
		handoff_report_free(report);
	}
	return status;
}

static int show(const char *kind)
{
	handoff_repo *repo = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	char *from = NULL;
	int err;

	if ((err = handoff_repo_open(&repo, NULL, HANDOFF_REPO_OPEN_OPTIONAL)) < 0)
		return cli_error_lib(NULL, err);
	err = handoff_schema_show(&out, &from, repo, kind);
	handoff_repo_free(repo);
	if (err < 0)
		return cli_error_lib(NULL, err);
	fprintf(stderr, "# %s\n", from);
	fwrite(out.ptr, 1, out.size, stdout);
	handoff_buf_dispose(&out);
	free(from);
	return 0;
}

static int list(void)
{
	handoff_repo *repo = NULL;
	char **names = NULL;
	size_t i, n = 0;
	int err;

	if ((err = handoff_repo_open(&repo, NULL, HANDOFF_REPO_OPEN_OPTIONAL)) < 0)
		return cli_error_lib(NULL, err);
	err = handoff_kinds_list(&names, &n, repo);
	handoff_repo_free(repo);
	if (err < 0)
		return cli_error_lib(NULL, err);
	for (i = 0; i < n; i++) {
		printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

static int run(int argc, char **argv)
{
	struct cli_args a = { argc, argv, 1, 0, NULL };
	const char **args = calloc((size_t)argc, sizeof(*args));
	int nargs = 0, opt, format = HANDOFF_FORMAT_TEXT, status;

	if (!args)
		return EXIT_TROUBLE;
	given_format = NULL;
	while ((opt = cli_next(&a, opts, "schema")) != CLI_END) {
		if (opt == CLI_ERROR) {
			free(args);
			return EXIT_USAGE;
		}
		if (opt == CLI_POSITIONAL)
			args[nargs++] = a.value;
	}
	if (given_format && (format = cli_format(given_format, "schema", 0)) < 0) {
		free(args);
		return EXIT_USAGE;
	}
	if (nargs == 0)
		status = cli_usage_error("schema", "which? (check, show, list)");
	else if (!strcmp(args[0], "check"))
		status = check(nargs - 1, (char **)args + 1, format);
	else if (!strcmp(args[0], "show") && nargs == 2)
		status = show(args[1]);
	else if (!strcmp(args[0], "list") && nargs == 1)
		status = list();
	else
		status = cli_usage_error("schema", "usage: schema check <file>... | schema show <kind> | schema list");
	free(args);
	return status;
}

const struct cli_command schema_command = {
	"schema", run, "check a schema file, or show the schema of a kind",
	"schema check <file>... | schema show <kind> | schema list", opts
};

/*
 * new: start a record from its kind's template, at the kind's folder
 * (handoffs/<id>.md for a deal handoff). Never overwrites a file.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static struct {
	handoff_new_options no;
	const char *output;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("account", 0, "<name>", "the customer's name", &given.no.account),
	CLI_VALUE("ae", 0, "<email>", "the account executive", &given.no.ae),
	CLI_VALUE("csm", 0, "<email>", "the customer success manager", &given.no.csm),
	CLI_VALUE("lang", 0, "<lang>", "section headings in en (default), ja, id or ms", &given.no.lang),
	CLI_VALUE("output", 'o', "<path>", "write here instead of the kind's folder ('-': stdout)",
		&given.output),
	CLI_OPT_END
};

static int run(int argc, char **argv)
{
	handoff_new_options no = HANDOFF_NEW_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_buf text = HANDOFF_BUF_INIT;
	handoff_repo *repo = NULL;
	const char *kind = NULL, *id = NULL, *output = NULL;
	char *path = NULL, *full = NULL;
	int opt, err, status = 0;

	memset(&given, 0, sizeof(given));
	given.no = no;
	while ((opt = cli_next(&a, opts, "new")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt != CLI_POSITIONAL)
			continue;
		if (!kind)
			kind = a.value;
		else if (!id)
			id = a.value;
		else
			return cli_usage_error("new", "unexpected argument '%s'", a.value);
	}
	no = given.no;
	output = given.output;
	if (!kind || !id)
		return cli_usage_error("new", "need a kind and an id, e.g. 'git handoff new deal-handoff D-2026-0142'");
	if ((err = handoff_repo_open(&repo, NULL, output ? HANDOFF_REPO_OPEN_OPTIONAL : 0)) < 0)
		return cli_error_lib(NULL, err);
	if ((err = handoff_record_template(&text, repo, kind, id, &no)) < 0) {
		status = err == HANDOFF_EINVALID ? cli_usage_error("new", "%s",
			handoff_error_last()->message) : cli_error_lib(NULL, err);
		goto done;
	}
	if (output && !strcmp(output, "-")) {
		fwrite(text.ptr, 1, text.size, stdout);
		goto done;
	}
	if (!output) {
		if ((err = handoff_record_default_path(&path, repo, kind, id)) < 0) {
			status = cli_error_lib(NULL, err);
			goto done;
		}
		full = malloc(strlen(handoff_repo_workdir(repo)) + strlen(path) + 1);
		if (!full) {
			status = EXIT_TROUBLE;
			goto done;
		}
		strcpy(full, handoff_repo_workdir(repo));
		strcat(full, path);
	}
	if ((err = handoff_write_file(output ? output : full, text.ptr, text.size, 1)) < 0) {
		status = cli_error_lib("cannot create the record", err);
		goto done;
	}
	printf("created %s\n", output ? output : path);
done:
	handoff_buf_dispose(&text);
	handoff_repo_free(repo);
	free(path);
	free(full);
	return status;
}

const struct cli_command new_command = {
	"new", run, "write a new record from its kind's template",
	"new <kind> <id> [--account <name>] [--ae <email>] [--csm <email>] [--lang <lang>] [-o <path>]",
	opts
};

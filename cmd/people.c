/*
 * people: list, add and remove the people of .handoff/config.yaml, who
 * the roles belong to. The file is edited as text (handoff_people_add and
 * _remove), so its comments and order stay; the change is the work
 * tree's, to commit like any other (only ops may push it).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static struct {
	const char *name, *team, *format;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("name", 0, "<name>", "add: the person's name", &given.name),
	CLI_OPT("role", 0, "<role>", "add: a role (once per role): sales, sales_manager, cs, cs_manager, ops, auditor"),
	CLI_VALUE("team", 0, "<team>", "add: the person's team", &given.team),
	CLI_VALUE("format", 0, "<format>", "list: text or json", &given.format),
	CLI_OPT("login", 0, "<login>", "add: the person's login on the git server (once per login)"),
	CLI_OPT_END
};

static int print_text(const handoff_person_spec *p, void *payload)
{
	size_t i;

	(void)payload;
	printf("%s\t%s\t", p->email, p->name ? p->name : "");
	for (i = 0; i < p->nroles; i++)
		printf("%s%s", i ? "," : "", p->roles[i]);
	printf("\t%s\n", p->team ? p->team : "");
	return 0;
}

/* `s` as a JSON string (the config is UTF-8 already, checked on reading). */
static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int print_json(const handoff_person_spec *p, void *payload)
{
	int *first = payload;
	size_t i;

	printf("%s{\"email\":", *first ? "" : ",");
	json_str(p->email);
	printf(",\"name\":");
	if (p->name)
		json_str(p->name);
	else
		printf("null");
	printf(",\"roles\":[");
	for (i = 0; i < p->nroles; i++) {
		printf("%s", i ? "," : "");
		json_str(p->roles[i]);
	}
	printf("],\"team\":");
	if (p->team)
		json_str(p->team);
	else
		printf("null");
	printf(",\"logins\":[");
	for (i = 0; i < p->nlogins; i++) {
		printf("%s", i ? "," : "");
		json_str(p->logins[i]);
	}
	printf("]}");
	*first = 0;
	return 0;
}

static int run(int argc, char **argv)
{
	handoff_person_spec spec = HANDOFF_PERSON_SPEC_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_repo *repo = NULL;
	const char *verb = NULL, **roles, **logins;
	int opt, err, format = HANDOFF_FORMAT_TEXT, first = 1;
	size_t nroles = 0, nlogins = 0;

	roles = calloc((size_t)argc, sizeof(*roles));
	logins = calloc((size_t)argc, sizeof(*logins));
	if (!roles || !logins) {
		free(roles);
		free(logins);
		return EXIT_TROUBLE;
	}
	memset(&given, 0, sizeof(given));
	while ((opt = cli_next(&a, opts, "people")) != CLI_END) {
		if (opt == CLI_ERROR) {
			err = EXIT_USAGE;
			goto done;
		}
		if (opt == CLI_POSITIONAL && !verb) {
			verb = a.value;
		} else if (opt == CLI_POSITIONAL && !spec.email) {
			spec.email = a.value;
		} else if (opt == CLI_POSITIONAL) {
			err = cli_usage_error("people", "unexpected argument '%s'", a.value);
			goto done;
		} else if (CLI_IS(opts, opt, "role")) {
			roles[nroles++] = a.value;
		} else if (CLI_IS(opts, opt, "login")) {
			logins[nlogins++] = a.value;
		}
	}
	spec.name = given.name;
	spec.team = given.team;
	if (given.format && (format = cli_format(given.format, "people", 0)) < 0) {
		err = EXIT_USAGE;
		goto done;
	}
	spec.roles = roles;
	spec.nroles = nroles;
	spec.logins = logins;
	spec.nlogins = nlogins;
	if (!verb || (strcmp(verb, "list") && strcmp(verb, "add") && strcmp(verb, "remove"))) {
		err = cli_usage_error("people", "list, add or remove?");
		goto done;
	}
	if (strcmp(verb, "list") && !spec.email) {
		err = cli_usage_error("people", "whose email?");
		goto done;
	}
	if (!strcmp(verb, "add") && !nroles) {
		err = cli_usage_error("people", "give at least one --role");
		goto done;
	}
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0) {
		err = cli_error_lib(NULL, err);
		goto done;
	}
	if (!strcmp(verb, "list") && format == HANDOFF_FORMAT_JSON) {
		printf("{\"version\":1,\"people\":[");
		err = handoff_people_foreach(repo, print_json, &first);
		printf("]}\n");
	} else if (!strcmp(verb, "list")) {
		err = handoff_people_foreach(repo, print_text, NULL);
	} else if (!strcmp(verb, "add")) {
		if ((err = handoff_people_add(repo, &spec)) == 0)
			printf("added %s to .handoff/config.yaml (commit it)\n", spec.email);
	} else if ((err = handoff_people_remove(repo, spec.email)) == 0) {
		printf("removed %s from .handoff/config.yaml (commit it)\n", spec.email);
	}
	/* nothing to find here: whatever went wrong is usage or trouble */
	if (err < 0) {
		cli_error_lib("people", err);
		err = EXIT_TROUBLE;
	}
done:
	handoff_repo_free(repo);
	free(roles);
	free(logins);
	return err;
}

const struct cli_command people_command = {
	"people", run, "list, add or remove the people of .handoff/config.yaml",
	"people list [--format json] | add <email> --role <role>... [--name <name>] [--team <team>] | remove <email>",
	opts
};

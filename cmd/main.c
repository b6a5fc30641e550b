/*
 * git-handoff: the command line. Global options (-C, --no-color), then
 * one command from the table, each in a file of its own. Every command
 * answers --help; exit status is 0 all good, 1 findings, 2 usage,
 * environment or schema errors; output that cannot be written is an
 * error, not a success.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const struct cli_command *const commands[] = {
	&init_command,
	&people_command,
	&new_command,
	&import_command,
	&validate_command,
	&schema_command,
	&hook_command,
	&log_command,
	&diff_command,
	&blame_command,
	&score_command,
	&status_command,
	&report_command,
	&export_command,
	&review_command,
	&render_command,
	&submit_command,
	&accept_command,
	&reject_command,
	&revise_command,
	&audit_command,
	&ack_command,
	&lsp_command,
	NULL
};

const struct cli_command *cli_find(const char *name)
{
	int i;

	for (i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	int i;

	fprintf(out,
		"usage: git handoff [-C <path>] [--no-color] <command> [<args>]\n\n"
		"Keep sales-to-Customer-Success handoffs in git: records with a\n"
		"schema, hooks that say what is missing, history as the evidence.\n\n"
		"commands:\n");
	for (i = 0; commands[i]; i++)
		fprintf(out, "   %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\nsee 'git handoff <command> --help' for one command\n");
}

/* 2 for --help (the manual page), 1 for -h (the short usage), else 0 */
static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help"))
			return 2;
		else if (!strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

/* --help and `help <command>`: the manual page when installed, else usage */
static void command_manual(const struct cli_command *cmd)
{
	char page[64];

	snprintf(page, sizeof(page), "git-handoff-%s", cmd->name);
	cli_manual(page);
}

/*
 * -C changes the folder before the repository is opened; a relative
 * GIT_INDEX_FILE (git gives hooks ".git/index") still names the file from
 * where we started (RELIABILITY.md 4.4).
 */
static void absolute_index_file(void)
{
	const char *index = getenv("GIT_INDEX_FILE");
	char cwd[PATH_MAX], *abs;
	size_t n;

	if (!index || !*index || index[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return;
	n = strlen(cwd) + strlen(index) + 2;
	if ((abs = malloc(n))) {
		snprintf(abs, n, "%s/%s", cwd, index);
		setenv("GIT_INDEX_FILE", abs, 1);
		free(abs);
	}
}

int main(int argc, char **argv)
{
	const struct cli_command *cmd;
	int i = 1, help;

	cli_start();
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-C")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "git-handoff: -C needs a path\n");
				return EXIT_USAGE;
			}
			absolute_index_file();
			if (chdir(argv[i + 1]) < 0) {
				fprintf(stderr, "git-handoff: cannot change to '%s': %s\n",
					argv[i + 1], strerror(errno));
				return EXIT_TROUBLE;
			}
			i += 2;
		} else if (!strcmp(argv[i], "--no-color")) {
			cli_no_color = 1;
			i++;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			if (argv[i][1] == '-')
				cli_manual("git-handoff");
			usage(stdout);
			return cli_finish(0);
		} else if (!strcmp(argv[i], "--version")) {
			printf("git-handoff version %s\n", HANDOFF_VERSION);
			return cli_finish(0);
		} else {
			fprintf(stderr, "git-handoff: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		if (i + 1 < argc && (cmd = cli_find(argv[i + 1]))) {
			command_manual(cmd);
			cli_help(cmd, stdout);
			return cli_finish(0);
		}
		usage(stdout);
		return cli_finish(0);
	}
	if (!(cmd = cli_find(argv[i]))) {
		fprintf(stderr, "git-handoff: unknown command '%s'; see 'git handoff --help'\n",
			argv[i]);
		return EXIT_USAGE;
	}
	if ((help = wants_help(argc - i, argv + i))) {
		if (help == 2)
			command_manual(cmd);
		cli_help(cmd, stdout);
		return cli_finish(0);
	}
	cli_environment();
	return cli_finish(cmd->fn(argc - i, argv + i));
}

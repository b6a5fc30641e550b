/*
 * export: the seeds' CRM handoff record, one CSV row per record, to
 * import into a CRM.
 */
#include <string.h>

#include "cmd.h"

static const struct cli_opt opts[] = {
	{ "format", 0, "<fmt>", "csv (the only one)" },
	{ "output", 'o', "<file>", "write to <file> instead of standard output" },
	{ "rev", 0, "<rev>", "the history up to <rev>" },
	{ NULL, 0, NULL, NULL }
};

static int run(int argc, char **argv)
{
	handoff_assess_options o = HANDOFF_ASSESS_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	const char *file = NULL;
	int opt, err;

	while ((opt = cli_next(&a, opts, "export")) != CLI_END) {
		switch (opt) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_POSITIONAL:
			return cli_usage_error("export", "export takes no records: it writes them all");
		case 0:
			if (strcmp(a.value, "csv"))
				return cli_usage_error("export", "unknown format '%s' (csv)", a.value);
			break;
		case 1: file = a.value; break;
		case 2: o.rev = a.value; break;
		}
	}
	if ((err = cli_assess(&as, &o)) != 0)
		return err;
	cli_print_assess_notes(as);
	if (handoff_export_format(&out, as) < 0)
		err = cli_error_lib(NULL, HANDOFF_ERROR);
	else
		err = cli_emit(&out, file);
	handoff_buf_dispose(&out);
	handoff_assessments_free(as);
	return err;
}

const struct cli_command export_command = {
	"export", run, "the CRM handoff record of every record, as CSV",
	"export --format csv [-o <file>]",
	opts
};

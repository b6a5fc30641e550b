/*
 * export: the CRM handoff record of every record, to import into a CRM
 * or load into a warehouse: CSV (RFC 4180), one JSON document, or JSON
 * Lines (one object a line, no wrapper, for loaders that stream). Every
 * time of a row is written in one zone, the config's or --tz's.
 */
#include <string.h>

#include "cmd.h"

static const struct cli_opt opts[] = {
	{ "format", 0, "<fmt>", "csv (the default), json or jsonl" },
	{ "output", 'o', "<file>", "write to <file> instead of standard output" },
	{ "rev", 0, "<rev>", "the history up to <rev>" },
	{ "tz", 0, "<zone>", "write times in <zone> (UTC, Asia/Tokyo); default: the config's timezone" },
	{ NULL, 0, NULL, NULL }
};

static int run(int argc, char **argv)
{
	handoff_assess_options o = HANDOFF_ASSESS_OPTIONS_INIT;
	handoff_export_options xo = HANDOFF_EXPORT_OPTIONS_INIT;
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
			if (!strcmp(a.value, "csv"))
				xo.format = HANDOFF_FORMAT_CSV;
			else if (!strcmp(a.value, "json"))
				xo.format = HANDOFF_FORMAT_JSON;
			else if (!strcmp(a.value, "jsonl"))
				xo.format = HANDOFF_FORMAT_JSONL;
			else
				return cli_usage_error("export", "unknown format '%s' (csv, json, jsonl)",
					a.value);
			break;
		case 1: file = a.value; break;
		case 2: o.rev = a.value; break;
		case 3:
			if (!*a.value)
				return cli_usage_error("export", "--tz needs a zone name such as Asia/Tokyo");
			xo.timezone = a.value;
			break;
		}
	}
	if ((err = cli_assess(&as, &o)) != 0)
		return err;
	cli_print_assess_notes(as);
	if ((err = handoff_export_write(&out, as, &xo)) < 0)
		/* a zone that cannot be read is the caller's --tz (or config): 2 */
		err = cli_error_lib("cannot export", HANDOFF_ERROR);
	else
		err = cli_emit(&out, file);
	handoff_buf_dispose(&out);
	handoff_assessments_free(as);
	return err;
}

const struct cli_command export_command = {
	"export", run, "the CRM handoff record of every record, as CSV, JSON or JSON Lines",
	"export [--format csv|json|jsonl] [--tz <zone>] [-o <file>] [--rev <rev>]",
	opts
};

/*
 * export: the CRM handoff record of every record, to import into a CRM
 * or load into a warehouse: CSV (RFC 4180), one JSON document, or JSON
 * Lines (one object a line, no wrapper, for loaders that stream). Every
 * time of a row is written in one zone, the config's or --tz's.
 */
#include <string.h>

#include "cmd.h"

static struct {
	struct cli_history h;
	const char *format, *file, *tz;
} given;

static const struct cli_opt opts[] = {
	CLI_VALUE("format", 0, "<fmt>", "csv (the default), json or jsonl", &given.format),
	CLI_VALUE("output", 'o', "<file>", "write to <file> instead of standard output", &given.file),
	CLI_REV_OPT(given.h),
	CLI_VALUE("tz", 0, "<zone>", "write times in <zone> (UTC, Asia/Tokyo); default: the config's timezone", &given.tz),
	CLI_OPT_END
};

static int run(int argc, char **argv)
{
	handoff_export_options xo = HANDOFF_EXPORT_OPTIONS_INIT;
	struct cli_args a = { argc, argv, 1, 0, NULL };
	handoff_assessments *as = NULL;
	handoff_buf out = HANDOFF_BUF_INIT;
	int opt, err;

	memset(&given, 0, sizeof(given));
	cli_history_init(&given.h);
	while ((opt = cli_next(&a, opts, "export")) != CLI_END) {
		if (opt == CLI_ERROR)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL)
			return cli_usage_error("export", "export takes no records: it writes them all");
	}
	if (!given.format || !strcmp(given.format, "csv"))
		xo.format = HANDOFF_FORMAT_CSV;
	else if (!strcmp(given.format, "json"))
		xo.format = HANDOFF_FORMAT_JSON;
	else if (!strcmp(given.format, "jsonl"))
		xo.format = HANDOFF_FORMAT_JSONL;
	else
		return cli_usage_error("export", "unknown format '%s' (csv, json, jsonl)",
			given.format);
	if (given.tz && !*given.tz)
		return cli_usage_error("export", "--tz needs a zone name such as Asia/Tokyo");
	xo.timezone = given.tz;
	if ((err = cli_history_assess(&as, NULL, &given.h, "export")) != 0)
		return err;
	cli_print_assess_notes(as);
	if ((err = handoff_export_write(&out, as, &xo)) < 0)
		/* a zone that cannot be read is the caller's --tz (or config): 2 */
		err = cli_error_lib("cannot export", HANDOFF_ERROR);
	else
		err = cli_emit(&out, given.file);
	handoff_buf_dispose(&out);
	handoff_assessments_free(as);
	return err;
}

const struct cli_command export_command = {
	"export", run, "the CRM handoff record of every record, as CSV, JSON or JSON Lines",
	"export [--format csv|json|jsonl] [--tz <zone>] [-o <file>] [--rev <rev>]",
	opts
};

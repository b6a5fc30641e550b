/*
 * The command table and the helpers every command shares: option parsing,
 * error reporting, colour. Commands see only lib/include/handoff.h.
 */
#ifndef HANDOFF_CMD_H
#define HANDOFF_CMD_H

#include <stdio.h>
#include <string.h>

#include "handoff.h"

/* Exit status, DESIGN section 8. */
#define EXIT_FINDINGS 1
#define EXIT_USAGE 2
#define EXIT_TROUBLE 2

struct cli_opt {
	const char *name;	/* long name without dashes */
	char alias;		/* short letter, or 0 */
	const char *arg;	/* name of its value, NULL for a flag */
	const char *help;
	/*
	 * Where cli_next() stores it: a flag sets *flag to 1, an option with
	 * a value sets *value (the last one given wins). Neither: the command
	 * acts on it by its index, as on an option that may repeat.
	 */
	int *flag;
	const char **value;
};

/* Table rows: a flag, an option with a value, one the command handles, the end. */
#define CLI_FLAG(name, alias, help, ptr) { name, alias, NULL, help, ptr, NULL }
#define CLI_VALUE(name, alias, arg, help, ptr) { name, alias, arg, help, NULL, ptr }
#define CLI_OPT(name, alias, arg, help) { name, alias, arg, help, NULL, NULL }
#define CLI_OPT_END { NULL, 0, NULL, NULL, NULL, NULL }
/* Is cli_next()'s answer `i` the option `long_name`? (one that repeats, say) */
#define CLI_IS(opts, i, long_name) ((i) >= 0 && !strcmp((opts)[i].name, (long_name)))

/*
 * A pass over the history as score, status, report and export take it:
 * --rev, --first-parent, --author-time and --as-of, in one place.
 * Tables point into static storage, so each command keeps one of these
 * static and calls cli_history_init() first.
 */
struct cli_history {
	handoff_assess_options assess;
	const char *as_of;
};

#define CLI_REV_OPT(h) \
	CLI_VALUE("rev", 0, "<rev>", "the history up to <rev>, by the rules there", &(h).assess.rev)
#define CLI_HISTORY_OPTS(h) \
	CLI_REV_OPT(h), \
	CLI_FLAG("first-parent", 0, "time a change by when it reached the main line", \
		&(h).assess.first_parent), \
	CLI_FLAG("author-time", 0, "use author times, not committer times", \
		&(h).assess.author_time), \
	CLI_VALUE("as-of", 0, "<time>", \
		"judge deadlines at <time> (YYYY-MM-DD or a date-time); default now", &(h).as_of)

void cli_history_init(struct cli_history *h);
/*
 * The assessments of `h`'s history, as of --as-of when given, and that
 * moment (else now) in `when` unless NULL: 0, or the exit status after
 * the message (a bad --as-of is a usage error of `cmd`).
 */
int cli_history_assess(handoff_assessments **out, long long *when,
	struct cli_history *h, const char *cmd);

struct cli_args {
	int argc;
	char **argv;
	int i;
	int no_more_options;
	const char *value;	/* the value of the option just returned */
};

/*
 * The next option of `args` (its index in `opts`), CLI_POSITIONAL with
 * args->value set to a positional argument, CLI_END, or CLI_ERROR after
 * printing a usage message.
 */
#define CLI_POSITIONAL (-1)
#define CLI_END (-2)
#define CLI_ERROR (-3)
int cli_next(struct cli_args *args, const struct cli_opt *opts, const char *cmd);

/* Usage and help, generated from the option table. */
struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage;	/* after "git handoff " */
	const struct cli_opt *opts;
};

void cli_help(const struct cli_command *cmd, FILE *out);
int cli_usage_error(const char *cmd, const char *fmt, ...);
/* Print handoff_error_last() as 'git-handoff: <what>: <message>'; returns 1 or 2. */
int cli_error_lib(const char *what, int code);
void cli_warn(const char *fmt, ...);
/* Whether to colour output going to `f`. */
int cli_color(FILE *f);
extern int cli_no_color;

/* Parse --format's value; -1 with a usage message when it is not allowed. */
int cli_format(const char *value, const char *cmd, int allow_sarif);

const struct cli_command *cli_find(const char *name);

/*
 * Show the manual page `page` (section 1) when it was installed with this
 * program: does not return then. Returns when there is none, or no man(1).
 */
void cli_manual(const char *page);
/* The folder of the manual pages installed with this program; NULL from a source tree. */
const char *cli_man_dir(void);

/* First thing in main(): sane standard streams, signals, the data folder. */
void cli_start(void);
/* The variables the library acts on, handed to it once (in main(), after -C). */
void cli_environment(void);
/* A command's exit status, or 2 when its output could not be written. */
int cli_finish(int status);

/* Run git with `argv` (cmd/decide.c); its exit status, or -1 when it could not run. */
int cli_run_git(const char *const argv[]);
/*
 * 0 when `path` is in HEAD and neither the index nor the work tree holds
 * a change of it; else says what is in the way ("<name>: ... <who> as
 * committed") and returns 1 (2 when git could not tell).
 */
int cli_committed_as_is(const char *path, const char *name, const char *who);
/*
 * Write the decision `o` on the record at `path` (cmd/decide.c), printing
 * the problems that refuse it; with `as_committed`, on the record as
 * committed only (cli_committed_as_is), every path git gets from then on
 * a literal one. 0, or the command's exit status.
 */
int cli_decide_write(const char *path, const handoff_decide_options *o,
	const char *name, const char *who, int as_committed);

/* `git handoff hook pre-commit`, also the whole of git-handoff-pre-commit. */
int hook_pre_commit(int argc, char **argv);

/* --date's value; -1 with a usage message when it is not known. */
int cli_date_mode(const char *value, const char *cmd);
/* Changes (log, diff, blame) to stdout, history warnings to stderr; an exit status. */
int cli_print_changes(const handoff_changes *changes, int format, int view,
	int dates);

/* Diagnostics in text go to stderr; JSON, SARIF and github to stdout. */
int cli_print_report(const handoff_report *report, int format);
/* The whole of a stream or file, NUL-terminated; -1 with a message. */
int cli_read_stream(FILE *f, char **out, size_t *len);
int cli_read_file(const char *path, char **out, size_t *len);

/* Open the repository here and assess it; an exit status (> 0) on failure, after saying why. */
int cli_assess(handoff_assessments **out, const handoff_assess_options *o);
/* The assessment's warnings (a shallow clone, backdated dates), to stderr. */
void cli_print_assess_notes(const handoff_assessments *a);
/* `b` to stdout, or written atomically to `path`; an exit status on failure. */
int cli_emit(const handoff_buf *b, const char *path);

/*
 * The same, in pieces: cli_out_open() (an exit status on failure, after
 * saying why), cli_out_write() as often as needed (a handoff_write_cb),
 * then cli_out_close(), which puts the file in place when `ok` and every
 * write went through, else leaves `path` as it was; it says why a write
 * failed and returns the exit status.
 */
struct cli_out {
	const char *path;	/* NULL: standard output */
	FILE *dev;		/* a device or a pipe, written in place */
	handoff_file *file;	/* a file, replaced when done */
	int failed, errnum;	/* a write failed, with this errno */
};

int cli_out_open(struct cli_out *o, const char *path);
int cli_out_write(const char *data, size_t len, void *out);
int cli_out_close(struct cli_out *o, int ok);

/* Each command file defines its entry (tmux's cmd_entry). */
extern const struct cli_command init_command;
extern const struct cli_command people_command;
extern const struct cli_command new_command;
extern const struct cli_command import_command;
extern const struct cli_command validate_command;
extern const struct cli_command schema_command;
extern const struct cli_command hook_command;
extern const struct cli_command log_command;
extern const struct cli_command diff_command;
extern const struct cli_command blame_command;
extern const struct cli_command score_command;
extern const struct cli_command status_command;
extern const struct cli_command ack_command;
extern const struct cli_command report_command;
extern const struct cli_command export_command;
extern const struct cli_command accept_command;
extern const struct cli_command reject_command;
extern const struct cli_command revise_command;
extern const struct cli_command submit_command;
extern const struct cli_command audit_command;
extern const struct cli_command review_command;
extern const struct cli_command render_command;
extern const struct cli_command lsp_command;

#endif

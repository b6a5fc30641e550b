/*
 * What every command shares: a small option parser in git's manner
 * (`--name value`, `--name=value`, `-x value`, `--` ends options),
 * help generated from each command's option table, and error output.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

int cli_no_color;

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "git-handoff: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nsee 'git handoff %s --help'\n", cmd);
	return EXIT_USAGE;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "git-handoff: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_error_lib(const char *what, int code)
{
	const handoff_error *e = handoff_error_last();

	if (what)
		fprintf(stderr, "git-handoff: %s: %s\n", what, e->message);
	else
		fprintf(stderr, "git-handoff: %s\n", e->message);
	return code == HANDOFF_EINVALID ? EXIT_FINDINGS : EXIT_TROUBLE;
}

int cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (cli_no_color || (nc && *nc) || (term && !strcmp(term, "dumb")))
		return 0;
	return isatty(fileno(f));
}

int cli_format(const char *value, const char *cmd, int allow_sarif)
{
	if (!strcmp(value, "text"))
		return HANDOFF_FORMAT_TEXT;
	if (!strcmp(value, "json"))
		return HANDOFF_FORMAT_JSON;
	if (allow_sarif && !strcmp(value, "sarif"))
		return HANDOFF_FORMAT_SARIF;
	if (allow_sarif && !strcmp(value, "github"))
		return HANDOFF_FORMAT_GITHUB;
	cli_usage_error(cmd, "unknown format '%s' (%s)", value,
		allow_sarif ? "text, json, sarif, github" : "text, json");
	return -1;
}

static int match_long(const struct cli_opt *opts, const char *arg,
	const char **inline_value)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	int i;

	for (i = 0; opts && opts[i].name; i++) {
		if (strlen(opts[i].name) == n && !strncmp(opts[i].name, arg, n)) {
			*inline_value = eq ? eq + 1 : NULL;
			return i;
		}
	}
	return -1;
}

int cli_next(struct cli_args *a, const struct cli_opt *opts, const char *cmd)
{
	const char *arg, *inline_value = NULL;
	int i;

	if (a->i >= a->argc)
		return CLI_END;
	arg = a->argv[a->i++];
	if (a->no_more_options || arg[0] != '-' || !arg[1]) {
		a->value = arg;
		return CLI_POSITIONAL;
	}
	if (!strcmp(arg, "--")) {
		a->no_more_options = 1;
		return cli_next(a, opts, cmd);
	}
	if (arg[1] == '-') {
		i = match_long(opts, arg + 2, &inline_value);
	} else {
		for (i = 0; opts && opts[i].name && opts[i].alias != arg[1]; i++)
			;
		if (!opts || !opts[i].name || arg[2])
			i = -1;
	}
	if (i < 0) {
		cli_usage_error(cmd, "unknown option '%s'", arg);
		return CLI_ERROR;
	}
	a->value = NULL;
	if (!opts[i].arg) {
		if (inline_value) {
			cli_usage_error(cmd, "option '--%s' takes no value", opts[i].name);
			return CLI_ERROR;
		}
		if (opts[i].flag)
			*opts[i].flag = 1;
		return i;
	}
	if (inline_value) {
		a->value = inline_value;
	} else if (a->i < a->argc) {
		a->value = a->argv[a->i++];
	} else {
		cli_usage_error(cmd, "option '--%s' needs a value", opts[i].name);
		return CLI_ERROR;
	}
	if (opts[i].value)
		*opts[i].value = a->value;
	return i;
}

void cli_help(const struct cli_command *cmd, FILE *out)
{
	const struct cli_opt *o;

	fprintf(out, "usage: git handoff %s\n\n%s\n", cmd->usage, cmd->summary);
	if (!cmd->opts || !cmd->opts[0].name)
		return;
	fputc('\n', out);
	for (o = cmd->opts; o->name; o++) {
		char left[64];

		if (o->alias)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->alias, o->name,
				o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
				o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(out, "    %-28s %s\n", left, o->help);
	}
}

int cli_read_stream(FILE *f, char **out, size_t *len)
{
	size_t alloc = 4096, n = 0, got;
	char *buf = malloc(alloc), *grown;

	while (buf && (got = fread(buf + n, 1, alloc - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == alloc) {
			if (!(grown = realloc(buf, alloc * 2)))
				free(buf);
			buf = grown;
			alloc *= 2;
		}
	}
	if (!buf || ferror(f)) {
		cli_warn("cannot read: %s", buf ? strerror(errno) : "out of memory");
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int cli_read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	int err;

	if (!f) {
		cli_warn("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	err = cli_read_stream(f, out, len);
	fclose(f);
	return err;
}

/* A handoff_write_cb onto a stream checked at exit (stdout, stderr). */
static int write_stream(const char *data, size_t len, void *to)
{
	fwrite(data, 1, len, to);
	return 0;
}

int cli_print_report(const handoff_report *report, int format)
{
	const char *const *notes;
	size_t i, n = handoff_report_notes(report, &notes);
	FILE *to = format == HANDOFF_FORMAT_TEXT ? stderr : stdout;

	for (i = 0; i < n; i++)
		cli_warn("warning: %s", notes[i]);
	/* in pieces: fifty thousand records' problems are never held twice */
	return handoff_report_write(report, (handoff_format)format, cli_color(to),
		write_stream, to);
}

int cli_date_mode(const char *value, const char *cmd)
{
	if (!strcmp(value, "iso"))
		return HANDOFF_DATE_ISO;
	if (!strcmp(value, "local"))
		return HANDOFF_DATE_LOCAL;
	if (!strcmp(value, "relative"))
		return HANDOFF_DATE_RELATIVE;
	cli_usage_error(cmd, "unknown date format '%s' (iso, local, relative)", value);
	return -1;
}

int cli_print_changes(const handoff_changes *changes, int format, int view,
	int dates)
{
	struct cli_out out;
	const char *const *notes;
	size_t i, n = handoff_changes_notes(changes, &notes);
	int err, status;

	for (i = 0; i < n; i++)
		cli_warn("warning: %s", notes[i]);
	if ((status = cli_out_open(&out, NULL)) != 0)
		return status;
	/* in pieces: a long history's log is never held twice */
	err = handoff_changes_write(changes, (handoff_format)format,
		(handoff_view)view, (handoff_date_mode)dates, cli_color(stdout),
		cli_out_write, &out);
	status = cli_out_close(&out, err == 0);
	return err < 0 ? cli_error_lib(NULL, err) : status;
}

int cli_assess(handoff_assessments **out, const handoff_assess_options *o)
{
	handoff_repo *repo = NULL;
	int err;

	*out = NULL;
	if ((err = handoff_repo_open(&repo, NULL, 0)) < 0)
		return cli_error_lib(NULL, err);
	err = handoff_assess(out, repo, o);
	handoff_repo_free(repo);
	return err < 0 ? cli_error_lib(NULL, err) : 0;
}

void cli_history_init(struct cli_history *h)
{
	static const handoff_assess_options init = HANDOFF_ASSESS_OPTIONS_INIT;

	h->assess = init;
	h->as_of = NULL;
}

int cli_history_assess(handoff_assessments **out, long long *when,
	struct cli_history *h, const char *cmd)
{
	long long t = (long long)time(NULL);
	int err;

	if ((err = cli_assess(out, &h->assess)) != 0)
		return err;
	if (h->as_of && handoff_time_parse(&t, *out, h->as_of) < 0) {
		err = cli_usage_error(cmd, "--as-of: %s", handoff_error_last()->message);
		handoff_assessments_free(*out);
		*out = NULL;
		return err;
	}
	if (h->as_of)
		handoff_assessments_set_time(*out, t);
	if (when)
		*when = t;
	return 0;
}

void cli_print_assess_notes(const handoff_assessments *a)
{
	const char *const *notes;
	size_t i, n = handoff_assessments_notes(a, &notes);

	for (i = 0; i < n; i++)
		cli_warn("warning: %s", notes[i]);
}

static int cannot_write(const char *path)
{
	cli_warn("cannot write '%s': %s", path, strerror(errno));
	return EXIT_TROUBLE;
}

int cli_out_open(struct cli_out *o, const char *path)
{
	struct stat st;
	char *real = NULL;
	int err;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (!path)
		return 0;
	/*
	 * A device or a pipe (/dev/stdout, a FIFO) is written in place, as a
	 * shell redirection would: replacing it by a regular file, as the
	 * atomic write does, would put a file where /dev/full was.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return (o->dev = fopen(path, "w")) ? 0 : cannot_write(path);
	/* through a symbolic link: the file it names is replaced, the link stays */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && !(real = realpath(path, NULL)))
		return cannot_write(path);
	err = handoff_file_open(&o->file, real ? real : path, 0);
	free(real);
	return err < 0 ? cli_error_lib(path, err) : 0;
}

/* The first failure is the one told, with its errno. */
static void out_failed(struct cli_out *o)
{
	if (!o->failed) {
		o->failed = 1;
		o->errnum = errno;
	}
}

int cli_out_write(const char *data, size_t len, void *out)
{
	struct cli_out *o = out;
	int err = 0;

	if (o->failed)
		return HANDOFF_ERROR;
	if (o->file)
		err = handoff_file_write(o->file, data, len);
	else if (len && fwrite(data, 1, len, o->dev ? o->dev : stdout) != len && o->dev)
		err = HANDOFF_ERROR;	/* standard output is checked at exit */
	if (err < 0)
		out_failed(o);
	return err;
}

int cli_out_close(struct cli_out *o, int ok)
{
	int err;

	if (o->file && ok && !o->failed) {
		err = handoff_file_commit(o->file);
		return err < 0 ? cli_error_lib(o->path, err) : 0;
	}
	if (o->file) {
		handoff_file_abort(o->file);
		return o->failed ? cli_error_lib(o->path, HANDOFF_ERROR) : 0;
	}
	if (o->dev && (fflush(o->dev) != 0 || ferror(o->dev)))
		out_failed(o);
	if (o->dev && fclose(o->dev) != 0)
		out_failed(o);
	if (!o->failed)
		return 0;	/* standard output's errno stays for cli_finish() */
	errno = o->errnum;
	return cannot_write(o->path);
}

int cli_emit(const handoff_buf *b, const char *path)
{
	struct cli_out o;
	int status = cli_out_open(&o, path);

	if (status)
		return status;
	cli_out_write(b->ptr ? b->ptr : "", b->size, &o);
	return cli_out_close(&o, 1);
}

/*
 * libhandoff: the public API of git-handoff.
 *
 * A handoff repository is a git repository whose records (Markdown files
 * with YAML front matter, or pure YAML files) describe what sales handed
 * to Customer Success. This header is the whole interface: the command
 * line tool in cmd/ uses nothing else.
 *
 * Conventions (libgit2's): functions return 0 or a negative
 * handoff_error_code and set a one-line message that handoff_error_last()
 * returns; out parameters come first; whatever comes back through
 * `T **out` is owned by the caller and freed with the matching _free(),
 * which accepts NULL. The library never prints.
 */
#ifndef HANDOFF_H
#define HANDOFF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define HANDOFF_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
#define HANDOFF_EXTERN(type) extern type
#endif

#define HANDOFF_VERSION "0.1.0"

/** Return codes. */
typedef enum {
	HANDOFF_OK = 0,
	HANDOFF_ERROR = -1,	/**< see handoff_error_last() */
	HANDOFF_ENOTFOUND = -3,	/**< no such record, kind, ref or file */
	HANDOFF_EINVALID = -4,	/**< input failed to parse or validate */
	HANDOFF_EEXISTS = -5,	/**< refusing to overwrite */
	HANDOFF_ESCHEMA = -6	/**< a schema or the config is itself wrong */
} handoff_error_code;

/** Where an error came from. */
typedef enum {
	HANDOFF_ERROR_NONE = 0,
	HANDOFF_ERROR_OS,
	HANDOFF_ERROR_NOMEMORY,
	HANDOFF_ERROR_GIT,
	HANDOFF_ERROR_YAML,
	HANDOFF_ERROR_SCHEMA,
	HANDOFF_ERROR_INVALID
} handoff_error_class;

typedef struct {
	const char *message;
	int klass;
} handoff_error;

/**
 * The last error of this thread.
 * @return borrowed; valid until the next failing call. Never NULL.
 */
HANDOFF_EXTERN(const handoff_error *) handoff_error_last(void);

/**
 * A growing, NUL-terminated string. Initialise with HANDOFF_BUF_INIT;
 * `ptr` is NULL until the first append. Free with handoff_buf_dispose().
 */
typedef struct {
	char *ptr;
	size_t size;
	size_t asize;
} handoff_buf;

#define HANDOFF_BUF_INIT { NULL, 0, 0 }

/** Where output goes, a piece at a time: < 0 on failure. */
typedef int (*handoff_write_cb)(const char *data, size_t len, void *payload);

HANDOFF_EXTERN(void) handoff_buf_dispose(handoff_buf *buf);

/* ---------------------------------------------------------------------
 * Diagnostics
 */

typedef enum {
	HANDOFF_SEVERITY_ERROR = 0,
	HANDOFF_SEVERITY_WARNING = 1
} handoff_severity;

/** One problem found in one file; line and column start at 1 (0: none). */
typedef struct {
	handoff_severity severity;
	unsigned int line;
	unsigned int column;
	const char *code;	/**< stable short name, e.g. "required" */
	char *pointer;		/**< JSON pointer or /body/..., never NULL */
	char *message;
} handoff_diagnostic;

/** The verdict on one file. */
typedef struct {
	char *path;		/**< repository-relative, or as given */
	char *kind;		/**< NULL when it could not be told */
	char *id;		/**< the record's id, NULL when absent */
	handoff_diagnostic *diagnostics;
	size_t count;
	/**
	 * Problems past the 200 kept for one file: counted, not in
	 * `diagnostics`. Errors are kept before warnings, and earlier
	 * problems before later ones.
	 */
	size_t omitted;
	size_t omitted_errors;	/**< of `omitted`, the errors */
	/**
	 * Where the record stands when its kind names a state field: "draft"
	 * (its completeness problems are warnings), "submitted", "accepted",
	 * "rejected", "needs-revision" or "unknown"; NULL otherwise. Static.
	 */
	const char *state;
} handoff_file_result;

/** The verdicts of one run, in path order. */
typedef struct handoff_report handoff_report;

HANDOFF_EXTERN(size_t) handoff_report_count(const handoff_report *report);
/** @return borrowed from `report`, valid until it is freed */
HANDOFF_EXTERN(const handoff_file_result *) handoff_report_file(
	const handoff_report *report, size_t i);
/** @return the number of error diagnostics of every file */
HANDOFF_EXTERN(size_t) handoff_report_errors(const handoff_report *report);
/** @return nonzero when no file has an error */
HANDOFF_EXTERN(int) handoff_report_ok(const handoff_report *report);
/** Warnings about the run itself (a truncated history, say); borrowed. */
HANDOFF_EXTERN(size_t) handoff_report_notes(const handoff_report *report,
	const char *const **out);
HANDOFF_EXTERN(void) handoff_report_free(handoff_report *report);

typedef enum {
	HANDOFF_FORMAT_TEXT = 0,
	HANDOFF_FORMAT_JSON,
	HANDOFF_FORMAT_SARIF,
	HANDOFF_FORMAT_GITHUB,
	HANDOFF_FORMAT_CSV,	/**< RFC 4180: report and export */
	HANDOFF_FORMAT_HTML,	/**< report: one self-contained page */
	HANDOFF_FORMAT_MARKDOWN,	/**< review: a pull request comment */
	HANDOFF_FORMAT_JSONL	/**< export: one JSON object a line */
} handoff_format;

/**
 * Render `report` into `out` (appending). Text is one line per problem,
 * `path:line:col: error: /pointer: message`; JSON is the documented
 * machine contract; SARIF is 2.1.0; github is workflow commands.
 * @param color nonzero to colour text output
 */
HANDOFF_EXTERN(int) handoff_report_format(handoff_buf *out,
	const handoff_report *report, handoff_format format, int color);
/**
 * The same, handed to `write` in pieces (the report of fifty thousand
 * records is tens of megabytes). A `write` that fails (< 0) stops it:
 * HANDOFF_ERROR, with what was handed on before it.
 */
HANDOFF_EXTERN(int) handoff_report_write(const handoff_report *report,
	handoff_format format, int color, handoff_write_cb write, void *payload);

/* ---------------------------------------------------------------------
 * Repositories
 */

typedef struct handoff_repo handoff_repo;

typedef enum {
	/** Not finding a repository is fine: validate loose files. */
	HANDOFF_REPO_OPEN_OPTIONAL = (1u << 0),
	/**
	 * Running inside a git hook: honour GIT_DIR, GIT_WORK_TREE,
	 * GIT_INDEX_FILE and the push quarantine the way git set them.
	 */
	HANDOFF_REPO_OPEN_FROM_HOOK = (1u << 1)
} handoff_repo_open_flag;

/**
 * Open the repository containing `path` (NULL: the current directory),
 * and read its .handoff/config.yaml if there is one.
 * @param out caller frees with handoff_repo_free()
 * @return 0, HANDOFF_ENOTFOUND (no repository and not OPTIONAL),
 *         HANDOFF_ESCHEMA (a broken config) or HANDOFF_ERROR
 */
HANDOFF_EXTERN(int) handoff_repo_open(handoff_repo **out, const char *path,
	unsigned int flags);
HANDOFF_EXTERN(void) handoff_repo_free(handoff_repo *repo);
/** @return the work tree with a trailing '/', or NULL (bare, no repo) */
HANDOFF_EXTERN(const char *) handoff_repo_workdir(const handoff_repo *repo);

/**
 * What the library would otherwise read from the process environment. The
 * library reads no variable itself: the program fills this once at
 * start-up (git-handoff from its environment, in cmd/process.c) and a test
 * says exactly what it means. Strings are borrowed and must outlive every
 * later call (the environment's own strings do); NULL or "" is unset. Nothing set, the
 * library behaves as with an empty environment.
 */
typedef struct {
	unsigned int version;
	/* what git exports to hooks and to `git --git-dir= --work-tree=` */
	const char *git_dir;			/* GIT_DIR */
	const char *git_work_tree;		/* GIT_WORK_TREE */
	const char *git_index_file;		/* GIT_INDEX_FILE: the index being committed */
	const char *git_common_dir;		/* GIT_COMMON_DIR */
	const char *git_config_parameters;	/* GIT_CONFIG_PARAMETERS: `git -c` (core.commentChar) */
	/* who decides, and when: as git would sign the commit */
	const char *git_author_email;		/* GIT_AUTHOR_EMAIL: before user.email */
	const char *email;			/* EMAIL: after user.email */
	const char *git_author_date;		/* GIT_AUTHOR_DATE: "@secs" or ISO 8601 */
	const char *home;			/* HOME: `~/` in core.hooksPath */
	const char *tzdir;			/* TZDIR: the time zone files */
	const char *schema_dir;			/* HANDOFF_SCHEMA_DIR: the built-in kinds elsewhere */
	unsigned int threads;			/* GIT_HANDOFF_THREADS; 0: one per processor */
	int no_jit;				/* GIT_HANDOFF_NO_JIT: pcre2 interprets (valgrind) */
} handoff_environment;

#define HANDOFF_ENVIRONMENT_VERSION 1
#define HANDOFF_ENVIRONMENT_INIT { HANDOFF_ENVIRONMENT_VERSION, NULL, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0 }

/** Sets what the library takes from the environment; see above. */
HANDOFF_EXTERN(void) handoff_set_environment(const handoff_environment *env);

/**
 * Where the built-in kinds (`schemas/`) and hook scripts (`hooks/`) live:
 * the install folder by default; the command sets the source tree when it
 * runs from its build folder. The environment's schema_dir overrides the
 * schemas folder.
 */
HANDOFF_EXTERN(void) handoff_set_data_dir(const char *dir);
/** @return the built-in schemas folder; borrowed */
HANDOFF_EXTERN(const char *) handoff_builtin_dir(void);

/* ---------------------------------------------------------------------
 * Validation
 */

typedef enum {
	HANDOFF_SOURCE_WORKTREE = 0,	/**< files as they are on disk */
	HANDOFF_SOURCE_INDEX,		/**< staged blobs (--staged) */
	HANDOFF_SOURCE_REV,		/**< the tree of a revision (--rev) */
	HANDOFF_SOURCE_RANGE		/**< each commit of A..B, by the push rules
					     (handoff_check_commits) */
} handoff_source;

typedef struct {
	unsigned int version;
	handoff_source source;
	const char *rev;		/**< REV: the revision; RANGE: "A..B" */
	const char *const *paths;	/**< NULL: every record */
	size_t npaths;
	/**
	 * INDEX only: judge just the records whose staged blob differs from
	 * HEAD (what the pre-commit hook wants); unchanged ones are not read.
	 */
	int changed_only;
	/** RANGE only: B is to land on a protected branch (no draft may) */
	int protected_range;
} handoff_validate_options;

#define HANDOFF_VALIDATE_OPTIONS_VERSION 1
#define HANDOFF_VALIDATE_OPTIONS_INIT { HANDOFF_VALIDATE_OPTIONS_VERSION, \
	HANDOFF_SOURCE_WORKTREE, NULL, NULL, 0, 0, 0 }

/**
 * Validate records: every record of the repository (plus the
 * repository-wide rules), or just `opts->paths`.
 * @param out caller frees with handoff_report_free(); findings are in
 *        the report, not the return code
 * @return 0 when the run completed (whatever it found), HANDOFF_ESCHEMA
 *         when a schema or the config is broken (then `*out` holds the
 *         schema's diagnostics), HANDOFF_ENOTFOUND for a bad revision or
 *         path, HANDOFF_ERROR otherwise
 */
HANDOFF_EXTERN(int) handoff_validate(handoff_report **out, handoff_repo *repo,
	const handoff_validate_options *opts);

/**
 * What the pre-commit hook checks: the records the commit being made
 * adds or changes, as staged in the index git names (GIT_INDEX_FILE),
 * judged by the staged config and kinds; `paths` (may be NULL) narrows
 * them. Read through git itself (`git diff --cached`, `git cat-file`)
 * in the current folder, without opening the repository through libgit2,
 * which costs more than the check (see lib/staged.c). Without `paths`,
 * it leaves its verdict for handoff_verdict_clear().
 * @param out as for handoff_validate()
 * @return as for handoff_validate()
 */
HANDOFF_EXTERN(int) handoff_validate_commit(handoff_report **out,
	const char *const *paths, size_t npaths);

/**
 * handoff_validate_commit() of the whole commit when the hook's shell
 * started `git diff --cached` itself, beside this program, so that git
 * lists the staged changes while the program starts (hooks/pre-commit
 * runs it with the arguments lib/staged.c gives it and ends its listing
 * with a field of its own only when git diff succeeded).
 * @param listed_fd the listing; closed here
 * @param git the git process whose hooks run (the verdict's key): our
 *        parent or its parent; another leaves no verdict
 * @return as for handoff_validate()
 */
HANDOFF_EXTERN(int) handoff_validate_listed(handoff_report **out, int listed_fd,
	long git);

/**
 * For the commit-msg hook: 1 when the pre-commit hook of this very commit
 * (a child of the same git process) judged what it stages, which is what
 * git commits, and found nothing there commit-msg would speak of (a material
 * change of an accepted handoff, a moved clock date, a restricted tick, a
 * decision, a rules change), and the message in `msg_file` brings no
 * `Handoff-Backfill:` trailer, which pre-commit never saw; 0 (run
 * handoff_check_message()) for anything else: no verdict, a stale or a
 * damaged one. Needs no repository and starts no libgit2.
 */
HANDOFF_EXTERN(int) handoff_verdict_clear(const char *msg_file);

/* ---------------------------------------------------------------------
 * The rules of a shared branch: pre-receive and CI
 */

/** One line of pre-receive's input: `<old> <new> <ref>`, ids in hex. */
typedef struct {
	const char *old_id;	/**< all zeros: the ref is created */
	const char *new_id;	/**< all zeros: the ref is deleted */
	const char *ref;
} handoff_ref_update;

/**
 * Read pre-receive's input (`text`, NUL-terminated, changed in place):
 * one `<old> <new> <ref>` line each, CRLF and a missing final line feed
 * allowed, blank lines skipped. `*out` (free it) points into `text`.
 * HANDOFF_EINVALID names the first line that is not of that form.
 */
HANDOFF_EXTERN(int) handoff_ref_updates_parse(handoff_ref_update **out,
	size_t *count, char *text);

typedef struct {
	unsigned int version;
	const char *range;			/**< "A..B": the commits CI judges */
	const handoff_ref_update *updates;	/**< or the refs a push updates */
	size_t nupdates;
	/**
	 * `range` is to land on a protected branch: a record it adds or
	 * changes may not be a draft at B (what a push to one is refused).
	 */
	int protected_range;
	/**
	 * The hook's environment, "NAME=value" strings ending in NULL (NULL:
	 * none): the authenticated pusher the server names there (the
	 * config's `pusher_env:`, REMOTE_USER, ...) is who pushed.
	 */
	const char *const *env;
} handoff_check_options;

#define HANDOFF_CHECK_OPTIONS_VERSION 1
#define HANDOFF_CHECK_OPTIONS_INIT { HANDOFF_CHECK_OPTIONS_VERSION, NULL, NULL, 0, 0, NULL }

/**
 * Judge every new commit: the records it changes valid in it, acceptance
 * decided only by the roles the record's kind names (x-handoff
 * `deciders`), a material change of an accepted record only with a
 * `Handoff-Reason:` trailer by one of them or ops,
 * the config and schemas changed only by ops, no forced update dropping
 * the commits of an accepted record, no draft landing on a protected
 * branch; with `env`, a decision, a change of an accepted record or of
 * the rules pushed by its author or signed by them (see `identity` in
 * git-handoff-config(5)). Roles are read from the config as it was before: at A, at a
 * ref's old value, else at HEAD. Findings are in `*out`, each naming its
 * commit.
 */
HANDOFF_EXTERN(int) handoff_check_commits(handoff_report **out,
	handoff_repo *repo, const handoff_check_options *opts);

/* ---------------------------------------------------------------------
 * Receipts: the server's clock
 */

/**
 * The notes ref where the server's post-receive keeps a receipt for every
 * commit a push brought: when it was received, by whom, through which
 * ref. Only the server writes it; pre-receive refuses a push to it.
 */
#define HANDOFF_RECEIPTS_REF "refs/notes/handoff"

/** Who pushed, as the server authenticated them. */
typedef struct {
	const char *login;	/**< NULL: not known */
	const char *via;	/**< the variable that named them, or "none" */
} handoff_pusher;

typedef struct {
	unsigned int version;
	const handoff_ref_update *updates;	/**< post-receive's input */
	size_t nupdates;
	handoff_pusher pusher;			/**< who pushed, when `env` is NULL */
	long long now;				/**< the server's time (seconds, UTC) */
	/**
	 * The hook's environment ("NAME=value", NULL-terminated): who pushed
	 * is read from it as pre-receive reads it (the config's `pusher_env:`
	 * at HEAD, else REMOTE_USER, ..., else a verified signed push).
	 */
	const char *const *env;
} handoff_receipts_options;

#define HANDOFF_RECEIPTS_OPTIONS_VERSION 1
#define HANDOFF_RECEIPTS_OPTIONS_INIT { HANDOFF_RECEIPTS_OPTIONS_VERSION, NULL, 0, { NULL, "none" }, 0, NULL }

/**
 * Write a receipt for every commit the updates brought that has none yet
 * (a commit keeps its first receipt): one notes commit on
 * HANDOFF_RECEIPTS_REF, the ref moved only from the value it was read
 * at, retried when a concurrent push moved it first.
 * @param written how many receipts were written (may be NULL)
 * @return 0 or HANDOFF_ERROR
 */
HANDOFF_EXTERN(int) handoff_receipts_write(size_t *written, handoff_repo *repo,
	const handoff_receipts_options *opts);

/**
 * commit-msg: when the staged changes (against HEAD) touch a material
 * path of an accepted record, `msg` must carry a `Handoff-Reason:`
 * trailer. `comment` is the comment character ('*' for git's `auto`; 0:
 * the repository's core.commentChar); lines starting with it and
 * everything under a scissors line are not read.
 */
HANDOFF_EXTERN(int) handoff_check_message(handoff_report **out,
	handoff_repo *repo, const char *msg, size_t len, char comment);

/* ---------------------------------------------------------------------
 * Kinds (schemas)
 */

/**
 * Check the schema file at `path` (a kind's YAML). Problems are in
 * `*out`; the return code is 0 when the check ran.
 */
HANDOFF_EXTERN(int) handoff_schema_check(handoff_report **out,
	const char *path);

/**
 * The text of kind `kind`'s schema as `repo` sees it (its own
 * .handoff/schemas/ first, then the built-ins); `source_out`, if not
 * NULL, receives where it came from (caller frees with free()).
 */
HANDOFF_EXTERN(int) handoff_schema_show(handoff_buf *out, char **source_out,
	handoff_repo *repo, const char *kind);

/** The names of the kinds `repo` knows, sorted; caller frees each and the array. */
HANDOFF_EXTERN(int) handoff_kinds_list(char ***out, size_t *count,
	handoff_repo *repo);

/* ---------------------------------------------------------------------
 * Writing: init and new
 */

typedef struct {
	unsigned int version;
	const char *lang;	/**< en (default), ja, id, ms */
	const char *account;	/**< NULL: left as a placeholder */
	const char *ae;
	const char *csm;
	const char *today;	/**< YYYY-MM-DD; NULL: today in UTC */
} handoff_new_options;

#define HANDOFF_NEW_OPTIONS_VERSION 1
#define HANDOFF_NEW_OPTIONS_INIT { HANDOFF_NEW_OPTIONS_VERSION, NULL, NULL, \
	NULL, NULL, NULL }

/**
 * Render a new record of `kind` with `id` from the kind's template.
 * @return 0, HANDOFF_ENOTFOUND (no such kind), HANDOFF_EINVALID (a bad id
 *         or language) or HANDOFF_ERROR
 */
HANDOFF_EXTERN(int) handoff_record_template(handoff_buf *out,
	handoff_repo *repo, const char *kind, const char *id,
	const handoff_new_options *opts);

/**
 * The path a new record of `kind` with `id` gets, relative to the work
 * tree (handoffs/<id>.md for deal-handoff). Caller frees.
 */
HANDOFF_EXTERN(int) handoff_record_default_path(char **out,
	handoff_repo *repo, const char *kind, const char *id);

/**
 * Write `len` bytes to `path` atomically (a temporary file in the same
 * folder, fsync, rename). With `exclusive`, refuse (HANDOFF_EEXISTS) when
 * `path` exists. Missing parent folders are created.
 */
HANDOFF_EXTERN(int) handoff_write_file(const char *path, const char *data,
	size_t len, int exclusive);

/**
 * The same, written in pieces: handoff_file_open() makes the temporary
 * file, handoff_file_write() appends (after a failed write, the later
 * ones return the same error), handoff_file_commit() puts it in place
 * and frees `f`, whatever it returns; handoff_file_abort() removes it and
 * leaves `path` as it was.
 */
typedef struct handoff_file handoff_file;

HANDOFF_EXTERN(int) handoff_file_open(handoff_file **out, const char *path,
	int exclusive);
HANDOFF_EXTERN(int) handoff_file_write(handoff_file *f, const char *data,
	size_t len);
HANDOFF_EXTERN(int) handoff_file_commit(handoff_file *f);
HANDOFF_EXTERN(void) handoff_file_abort(handoff_file *f);

/**
 * Remove the temporary file a handoff_write_file() or handoff_file_open()
 * in progress has made.
 * Async-signal-safe: for a command's SIGINT or SIGTERM handler, so that an
 * interrupted run leaves no temporary file behind.
 */
HANDOFF_EXTERN(void) handoff_remove_temp_files(void);

/** How git would sign a commit here: not, with an SSH key, otherwise. */
#define HANDOFF_SIGN_SSH 1
#define HANDOFF_SIGN_OTHER 2

/**
 * How a decision commit is signed in `repo`: `*sign` is HANDOFF_SIGN_SSH
 * when git's user.signingkey is set with gpg.format ssh (0: not set), and
 * `*required` 1 when the committed config (HEAD's) says `decisions:
 * signed`, which the server checks against the people's `signing_keys`.
 */
HANDOFF_EXTERN(int) handoff_decision_signing(int *sign, int *required,
	handoff_repo *repo);

typedef struct {
	unsigned int version;
	int force;		/**< replace an existing hook instead of chaining it */
	/** the roles of the one who sets up (git's user.email); none: ops */
	const char *const *roles;
	size_t nroles;
	/**
	 * in a bare repository: set `handoff.identity = required` in its git
	 * config, so that a push whose pusher the server does not name is
	 * refused (no push can change a server's own git config)
	 */
	int require_identity;
	/**
	 * the branch whose rules judge a push that creates a branch: written
	 * as the config's `default_branch:`, and in a bare repository where
	 * HEAD points; NULL: the branch HEAD names (bare: the one the
	 * branches' configs name)
	 */
	const char *default_branch;
} handoff_init_options;

#define HANDOFF_INIT_OPTIONS_VERSION 1
#define HANDOFF_INIT_OPTIONS_INIT { HANDOFF_INIT_OPTIONS_VERSION, 0, NULL, 0, 0, NULL }

/** One thing `init` did or left alone, for the user to read. */
typedef void (*handoff_init_cb)(const char *what, const char *path,
	void *payload);

/**
 * Set up a handoff repository in the work tree of `repo`: the commented
 * config, with git's user (user.name, user.email) in people with `roles`,
 * the record folders, the pre-commit hook. Never overwrites a
 * file it did not write: a hook already there is kept as
 * `pre-commit.local` and run first by ours, unless `force` replaces it.
 * core.hooksPath is honoured. In a bare repository (a server's): the
 * pre-receive hook, and HEAD pointed at the default branch; a HEAD
 * naming a branch that does not exist is said through `cb` as a warning.
 */
HANDOFF_EXTERN(int) handoff_init(handoff_repo *repo,
	const handoff_init_options *opts, handoff_init_cb cb, void *payload);

/* ---------------------------------------------------------------------
 * The people of .handoff/config.yaml, in the work tree
 */

/** One person: an email, roles, and optionally a name and a team. */
typedef struct {
	unsigned int version;
	const char *email;
	const char *name;		/**< NULL: none */
	const char *team;		/**< NULL: none */
	const char *const *roles;
	size_t nroles;
	/** the person's logins on the git server (`logins:`); none: 0 */
	const char *const *logins;
	size_t nlogins;
} handoff_person_spec;

#define HANDOFF_PERSON_SPEC_VERSION 1
#define HANDOFF_PERSON_SPEC_INIT { HANDOFF_PERSON_SPEC_VERSION, NULL, NULL, NULL, NULL, 0, NULL, 0 }

/**
 * Add `person` to people, as one line at the end of the list, or remove
 * the lines of the person with `email` (in any letter case). Every other
 * byte of the file stays; the result is read back before it is written.
 * @return 0, HANDOFF_EEXISTS (added twice), HANDOFF_ENOTFOUND (no such
 *         person, or no config), HANDOFF_EINVALID (a bad email or role, a
 *         people list written on one line), HANDOFF_ESCHEMA (the config
 *         does not parse: fix it first) or HANDOFF_ERROR
 */
HANDOFF_EXTERN(int) handoff_people_add(handoff_repo *repo,
	const handoff_person_spec *person);
HANDOFF_EXTERN(int) handoff_people_remove(handoff_repo *repo, const char *email);

/** Called once per person, in the file's order; non-zero stops the walk. */
typedef int (*handoff_person_cb)(const handoff_person_spec *person, void *payload);
HANDOFF_EXTERN(int) handoff_people_foreach(handoff_repo *repo,
	handoff_person_cb cb, void *payload);

/* ---------------------------------------------------------------------
 * Import from a CRM export
 */

typedef struct {
	unsigned int version;
	const char *today;	/**< YYYY-MM-DD for the template; NULL: today in UTC */
} handoff_import_options;

#define HANDOFF_IMPORT_OPTIONS_VERSION 1
#define HANDOFF_IMPORT_OPTIONS_INIT { HANDOFF_IMPORT_OPTIONS_VERSION, NULL }

typedef enum {
	HANDOFF_IMPORT_NEW = 0,		/**< a new record: `path` and `text` */
	HANDOFF_IMPORT_EXISTS,		/**< a record has the id: `path` is it */
	HANDOFF_IMPORT_REFUSED,		/**< a value could not be read: `message` */
	HANDOFF_IMPORT_NOT_WON,		/**< a deal that is not closed-won */
	HANDOFF_IMPORT_NOTE		/**< a line of one field: a report's title or footer */
} handoff_import_outcome;

/** One row of the export, as handoff_import() judged it; all borrowed for the call. */
typedef struct {
	unsigned int version;
	handoff_import_outcome outcome;
	unsigned int line;		/**< where the row starts in the file */
	const char *id;			/**< the record id; NULL when not won */
	const char *path;		/**< repository-relative */
	const char *text;		/**< NEW: the record */
	size_t len;
	const char *const *filled;	/**< NEW: "/pointer: value" of each field filled */
	size_t nfilled;
	/**
	 * REFUSED: "file:line:col: error: ...", col the field's number;
	 * EXISTS: "file:line:col: warning: ... left as it is"
	 */
	const char *message;
	/** "file:line:col: warning: ..." (a value left as a placeholder) */
	const char *const *notes;
	size_t nnotes;
} handoff_import_row;

/** Called once per row after the header, in order; non-zero stops the run and is returned. */
typedef int (*handoff_import_cb)(const handoff_import_row *row, void *payload);

/**
 * Read the CSV export `file` with the column mapping `from` (a name:
 * .handoff/mappings/NAME.yaml of the work tree, else the built-in
 * schemas/mappings/NAME.yaml, salesforce and hubspot) and make, for each
 * closed-won row, a record of the mapping's kind: its template with the
 * mapped values filled in. Nothing is written: `cb` gets each row.
 * @return 0, HANDOFF_EINVALID (the file cannot be used: not a table, over
 *         32 MiB, not UTF-8, a column the mapping needs is missing; no row
 *         was reported; the message is "file:line:col: error: ..."; also
 *         an unknown mapping name), HANDOFF_ESCHEMA (a broken mapping),
 *         HANDOFF_ENOTFOUND (no such file) or HANDOFF_ERROR
 */
HANDOFF_EXTERN(int) handoff_import(handoff_repo *repo, const char *file,
	const char *from, const handoff_import_options *opts,
	handoff_import_cb cb, void *payload);

/* ---------------------------------------------------------------------
 * CS's decision: accept, reject, revise
 */

typedef enum {
	HANDOFF_DECISION_ACCEPT = 0,	/**< status: accepted */
	HANDOFF_DECISION_REJECT,	/**< status: rejected, with gaps */
	HANDOFF_DECISION_REVISE,	/**< status: needs-revision, with gaps */
	/**
	 * Not CS's: the rep hands a complete record over. status: submitted,
	 * and nothing else in the block; anyone may.
	 */
	HANDOFF_DECISION_SUBMIT
} handoff_decision;

typedef struct {
	unsigned int version;
	handoff_decision decision;
	const char *const *gaps;	/**< what is missing; required but to accept */
	size_t ngaps;
	const char *email;	/**< who decides; NULL: GIT_AUTHOR_EMAIL, user.email */
	long long at;		/**< when (seconds); 0: GIT_AUTHOR_DATE, else now */
	/** why, as codes of the kind's /acceptance/reasons enum; not to accept */
	const char *const *reasons;
	size_t nreasons;
} handoff_decide_options;

#define HANDOFF_DECIDE_OPTIONS_VERSION 1
#define HANDOFF_DECIDE_OPTIONS_INIT { HANDOFF_DECIDE_OPTIONS_VERSION, \
	HANDOFF_DECISION_ACCEPT, NULL, 0, NULL, 0, NULL, 0 }

/**
 * Record CS's decision in the record at `path` (in the work tree): its
 * `acceptance` block becomes {status, by, at, gaps}; every other byte of
 * the file stays. HANDOFF_EINVALID when the person has no cs or
 * cs_manager role in HEAD's config, when a rejection has no gap, when
 * the record is still a draft (it is submitted first), or when a handoff
 * to accept does not validate (its problems are in `*problems`, which
 * the caller frees). HANDOFF_DECISION_SUBMIT makes the block {status:
 * submitted} instead, for anyone, when the record is complete (else
 * HANDOFF_EINVALID and its problems), and not when it is accepted.
 */
HANDOFF_EXTERN(int) handoff_decide(handoff_report **problems, handoff_repo *repo,
	const char *path, const handoff_decide_options *opts);

/* ---------------------------------------------------------------------
 * History: log, diff, blame
 */

typedef enum {
	HANDOFF_CHANGE_ADD = 0,
	HANDOFF_CHANGE_REMOVE,
	HANDOFF_CHANGE_CHANGE
} handoff_change_op;

/** One semantic change of one record, and who made it when. */
typedef struct {
	char *path;		/**< the record's path in that version */
	char *commit;		/**< hex id; NULL for the index or work tree */
	char *author;		/**< NULL with commit */
	char *email;
	long long time;		/**< seconds since the epoch (committer time) */
	int offset;		/**< minutes east of UTC of that time */
	char *pointer;		/**< /commitments/C2/due, /body/..., /checklist/... */
	handoff_change_op op;
	char *old_json;		/**< the old value as JSON; NULL for an add */
	char *new_json;		/**< the new value as JSON; NULL for a remove */
	int material;
} handoff_change;

/** A list of changes, newest first where they have times. */
typedef struct handoff_changes handoff_changes;

HANDOFF_EXTERN(size_t) handoff_changes_count(const handoff_changes *c);
/** @return borrowed from `c`, valid until it is freed */
HANDOFF_EXTERN(const handoff_change *) handoff_changes_get(
	const handoff_changes *c, size_t i);
/** Warnings about the history read (a shallow clone, say); borrowed. */
HANDOFF_EXTERN(size_t) handoff_changes_notes(const handoff_changes *c,
	const char *const **out);
HANDOFF_EXTERN(void) handoff_changes_free(handoff_changes *c);

typedef enum {
	HANDOFF_DATE_ISO = 0,	/**< 2026-11-03T11:20:00+09:00, the commit's own offset */
	HANDOFF_DATE_LOCAL,	/**< ISO 8601 in the local time zone (TZ) */
	HANDOFF_DATE_RELATIVE	/**< "3 days ago" */
} handoff_date_mode;

/** Which change view the text format is for. */
typedef enum {
	HANDOFF_VIEW_LOG = 0,	/**< grouped by commit */
	HANDOFF_VIEW_DIFF,	/**< grouped by record */
	HANDOFF_VIEW_BLAME	/**< one line per field: value, commit, author, date */
} handoff_view;

/**
 * Render changes as text (for people) or JSON (DESIGN section 8: version,
 * changes[] with path, commit, author, email, time, pointer, op, old, new,
 * material; then warnings[], the notes as strings). Appends to `out`.
 */
HANDOFF_EXTERN(int) handoff_changes_format(handoff_buf *out,
	const handoff_changes *c, handoff_format format, handoff_view view,
	handoff_date_mode dates, int color);
/**
 * The same text, handed to `write` in pieces (the log of a record with
 * many versions is too long to hold twice). A `write` that fails (< 0)
 * stops it: HANDOFF_ERROR.
 */
HANDOFF_EXTERN(int) handoff_changes_write(const handoff_changes *c,
	handoff_format format, handoff_view view, handoff_date_mode dates,
	int color, handoff_write_cb write, void *payload);

typedef struct {
	unsigned int version;
	const char *rev;	/**< where history starts; NULL: HEAD */
	int first_parent;	/**< follow only the first parent of merges */
	int author_time;	/**< date changes by author time, not committer time */
} handoff_history_options;

#define HANDOFF_HISTORY_OPTIONS_VERSION 1
#define HANDOFF_HISTORY_OPTIONS_INIT { HANDOFF_HISTORY_OPTIONS_VERSION, NULL, 0, 0 }

/**
 * The history of the record at `path` as semantic changes, newest first,
 * following renames. HANDOFF_ENOTFOUND when no commit ever held it.
 */
HANDOFF_EXTERN(int) handoff_log(handoff_changes **out, handoff_repo *repo,
	const char *path, const handoff_history_options *opts);

/**
 * For each field and list item of the record at `path` (as it is at the
 * revision), the change that last set it: op is add or change, new_json
 * the value, pointer by the kind's keys.
 */
HANDOFF_EXTERN(int) handoff_blame(handoff_changes **out, handoff_repo *repo,
	const char *path, const handoff_history_options *opts);

typedef struct {
	unsigned int version;
	const char *from;	/**< NULL: HEAD */
	const char *to;		/**< NULL: the work tree (or the index with `cached`) */
	int cached;		/**< compare the index, not the work tree */
	const char *const *paths;	/**< NULL: every record */
	size_t npaths;
} handoff_diff_options;

#define HANDOFF_DIFF_OPTIONS_VERSION 1
#define HANDOFF_DIFF_OPTIONS_INIT { HANDOFF_DIFF_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0 }

/** The semantic changes of the records that differ between two states. */
HANDOFF_EXTERN(int) handoff_diff(handoff_changes **out, handoff_repo *repo,
	const handoff_diff_options *opts);

/* ---------------------------------------------------------------------
 * The record as one document
 */

/**
 * The record at `path` (in the work tree; at `rev` when not NULL) as one
 * Markdown document appended to `out`: its title, the front matter no
 * section holds, then the kind's sections in order, each with the front
 * matter it is written from (its `data`) as lists and the body's prose,
 * then the body's other sections and the checklist as written.
 * HANDOFF_ENOTFOUND when there is no such record, HANDOFF_EINVALID when
 * it cannot be read.
 */
HANDOFF_EXTERN(int) handoff_render(handoff_buf *out, handoff_repo *repo,
	const char *path, const char *rev);

/* ---------------------------------------------------------------------
 * The review packet
 */

/**
 * What a CS reviewer needs on the pull request of the record at `path`,
 * as committed at HEAD: score and band with the points missing, the
 * validation problems, commitments (verbal ones marked), risks, the
 * semantic changes since `base` (NULL: none shown) and the SLA clock so
 * far. Text, Markdown (a comment to post) or JSON, appended to `out`.
 */
HANDOFF_EXTERN(int) handoff_review_format(handoff_buf *out, handoff_repo *repo,
	const char *path, const char *base, handoff_format format);
/**
 * handoff_review_format() of the record as it stands in the work tree,
 * judged by the work tree's config and kinds and timed as if committed
 * now; the packet says so.
 */
HANDOFF_EXTERN(int) handoff_review_worktree_format(handoff_buf *out,
	handoff_repo *repo, const char *path, const char *base, handoff_format format);

/* ---------------------------------------------------------------------
 * The audit trail
 */

typedef struct {
	unsigned int version;
	const char *rev;	/**< where history starts; NULL: HEAD */
	const char *since;	/**< a date (the config's zone) or date-time; NULL: all */
	const char *until;	/**< a date counts up to its end */
	int after_acceptance;	/**< only changes made to accepted records */
} handoff_audit_options;

#define HANDOFF_AUDIT_OPTIONS_VERSION 1
#define HANDOFF_AUDIT_OPTIONS_INIT { HANDOFF_AUDIT_OPTIONS_VERSION, NULL, NULL, NULL, 0 }

typedef struct handoff_audit handoff_audit;

/**
 * Every change to a material path of every record, oldest first, with the
 * author's roles as the config stood before the commit, whether the
 * record was accepted then, the Handoff-Reason and whether the change was
 * authorised; and the signs of tampering (a decision by someone without
 * the role, backdated dates, committer dates going backwards).
 */
HANDOFF_EXTERN(int) handoff_audit_run(handoff_audit **out, handoff_repo *repo,
	const handoff_audit_options *opts);
/** Changes not authorised plus tamper signals not acknowledged. */
HANDOFF_EXTERN(size_t) handoff_audit_findings(const handoff_audit *a);
/** How many tamper signals, acknowledged or not. */
HANDOFF_EXTERN(size_t) handoff_audit_signals(const handoff_audit *a);
/** Signal `i`'s id, "<type>-<12 hex of its commit>", as `ack` takes it. */
HANDOFF_EXTERN(const char *) handoff_audit_signal_id(const handoff_audit *a, size_t i);

/**
 * Acknowledge tamper signal `signal` (an id audit lists) once, with
 * `reason`: appended to .handoff/acks.yaml in the work tree, by the
 * acting person (git's user.email), who must have the ops role. Score,
 * status and report then no longer warn of it; audit lists it with the
 * acknowledgement. The caller commits the file (only ops may push it).
 * @return HANDOFF_EINVALID (no reason, not ops), HANDOFF_ENOTFOUND (no
 *         such signal), HANDOFF_EEXISTS (acknowledged already)
 */
HANDOFF_EXTERN(int) handoff_ack(handoff_repo *repo, const char *signal,
	const char *reason);
/**
 * Text, JSON ({"version":1,"changes":[...],"signals":[...]}) or CSV, handed
 * to `write` in pieces (an audit of a long history is too big to hold
 * whole). A `write` that fails (< 0) stops it: HANDOFF_ERROR.
 */
HANDOFF_EXTERN(int) handoff_audit_write(const handoff_audit *a,
	handoff_format format, int color, handoff_write_cb write, void *payload);
HANDOFF_EXTERN(void) handoff_audit_free(handoff_audit *a);

/* ---------------------------------------------------------------------
 * Score, SLAs, status, report, export
 */

/**
 * Every record whose kind has score or SLA rules, measured against them
 * from its history: score, band, each criterion's points and why, each
 * SLA's due time and the commit that met it. Independent of the time of
 * day: status reads it as of any moment.
 */
typedef struct handoff_assessments handoff_assessments;

typedef struct {
	unsigned int version;
	const char *rev;		/**< history up to here, rules as they are here; NULL: HEAD, rules of the work tree */
	int first_parent;		/**< the time a change reached the main line */
	int author_time;		/**< author times, not committer times */
	const char *const *paths;	/**< NULL: every record */
	size_t npaths;
	int no_cache;			/**< neither read nor write .git/handoff/ */
	/**
	 * The records at `paths` (NULL: every record) as they stand in the
	 * work tree, as if committed now; not cached. With `rev`: HEAD only.
	 */
	int worktree;
} handoff_assess_options;

#define HANDOFF_ASSESS_OPTIONS_VERSION 1
#define HANDOFF_ASSESS_OPTIONS_INIT { HANDOFF_ASSESS_OPTIONS_VERSION, NULL, 0, 0, NULL, 0, 0, 0 }

/**
 * One pass over the history. A run over every record is cached under
 * .git/handoff/, keyed by the tip commit, the config, every schema and
 * the options, so a second run with nothing new reads one file.
 * @return 0, HANDOFF_ENOTFOUND (bad revision or path), HANDOFF_ESCHEMA
 *         (a broken config) or HANDOFF_ERROR
 */
HANDOFF_EXTERN(int) handoff_assess(handoff_assessments **out,
	handoff_repo *repo, const handoff_assess_options *opts);
HANDOFF_EXTERN(void) handoff_assessments_free(handoff_assessments *a);
/** @return nonzero when the answer came from the cache */
HANDOFF_EXTERN(int) handoff_assessments_cached(const handoff_assessments *a);
/**
 * The moment score, report, export and review judge deadlines at
 * (seconds since the epoch; handoff_assess sets now): a criterion short
 * of points is pending until its deadline, then missed, and a record
 * with a criterion pending is provisional unless it is decided.
 */
HANDOFF_EXTERN(void) handoff_assessments_set_time(handoff_assessments *a,
	long long as_of);
/**
 * How far ahead `status` shows the commitments of accepted handoffs as
 * due soon (seconds; the config's commitments_due_soon, default 14 days).
 */
HANDOFF_EXTERN(void) handoff_assessments_set_due_soon(handoff_assessments *a,
	long long secs);
/**
 * Warnings about what the assessment read: the history truncated (a
 * shallow clone), backdated dates. Borrowed from `a`.
 * @return how many
 */
HANDOFF_EXTERN(size_t) handoff_assessments_notes(const handoff_assessments *a,
	const char *const **out);

/**
 * Read `s` (YYYY-MM-DD, read in the config's time zone, or an RFC 3339
 * date-time) as seconds since the epoch. HANDOFF_EINVALID when it is neither.
 */
HANDOFF_EXTERN(int) handoff_time_parse(long long *out,
	const handoff_assessments *a, const char *s);

/**
 * Scores as text (one line per record; with `explain`, every criterion
 * with its points and why) or JSON (DESIGN section 8).
 */
HANDOFF_EXTERN(int) handoff_score_format(handoff_buf *out,
	const handoff_assessments *a, handoff_format format, int explain,
	int color);

/**
 * The board as of `as_of` (seconds since the epoch): each open handoff
 * (not accepted, or with an SLA still running), its stage, next item due,
 * what is overdue and by how long, who owns it, and escalations.
 * @param overdue if not NULL, receives the number of overdue items
 */
HANDOFF_EXTERN(int) handoff_status_format(handoff_buf *out, size_t *overdue,
	const handoff_assessments *a, long long as_of, handoff_format format,
	int color);

/**
 * Notifications (`status --notify`): the board's escalations as of
 * `as_of` not sent before (the keys sent are in the notes ref
 * refs/notes/handoff-notify), with the config's `notify:` settings read
 * at `rev` (NULL: the work tree).
 * @param out caller frees with handoff_notices_free()
 */
typedef struct handoff_notices handoff_notices;

HANDOFF_EXTERN(int) handoff_notify_collect(handoff_notices **out,
	handoff_repo *repo, const handoff_assessments *a, long long as_of,
	const char *rev);
/** @return how many are new; `already`, if not NULL, those sent before */
HANDOFF_EXTERN(size_t) handoff_notices_count(const handoff_notices *n,
	size_t *already);
/** `<record id>/<item>/<due time, UTC>`; borrowed */
HANDOFF_EXTERN(const char *) handoff_notice_key(const handoff_notices *n,
	size_t i);
/** The JSON payload, one line with its newline; borrowed */
HANDOFF_EXTERN(const char *) handoff_notice_json(const handoff_notices *n,
	size_t i);
/** The config's notify.command, NULL-terminated, or NULL; borrowed */
HANDOFF_EXTERN(const char *const *) handoff_notify_command(
	const handoff_notices *n);
/** Notice `i` as one RFC 4155 mbox message dated `now`, appended to `out`. */
HANDOFF_EXTERN(int) handoff_notice_mbox(handoff_buf *out,
	const handoff_notices *n, size_t i, long long now);
/** Notice `i` reached its recipient: handoff_notify_remember() keeps it. */
HANDOFF_EXTERN(void) handoff_notice_sent(handoff_notices *n, size_t i);
/**
 * Add to `n` a notice to the rep of each commit that changed a material
 * path of an accepted record (from `audit`, run with after_acceptance),
 * made by someone else by `as_of`: sales hears of the material changes
 * after the handoff. Keyed `<record id>/material_change/<commit>`; before
 * any is sent.
 */
HANDOFF_EXTERN(int) handoff_notify_changes(handoff_notices *n,
	const handoff_audit *audit, const handoff_assessments *a, long long as_of);
/** Add the keys of the notices sent to the note (one commit of the notes ref). */
HANDOFF_EXTERN(int) handoff_notify_remember(handoff_repo *repo,
	handoff_notices *n);
HANDOFF_EXTERN(void) handoff_notices_free(handoff_notices *n);

typedef enum {
	HANDOFF_BY_ALL = 0,
	HANDOFF_BY_REP,
	HANDOFF_BY_TEAM,
	HANDOFF_BY_MONTH,
	HANDOFF_BY_SEGMENT,
	HANDOFF_BY_CSM,
	HANDOFF_BY_KIND,
	HANDOFF_BY_REASON,	/**< a row per rejection reason: the handoffs and rejections citing it */
	HANDOFF_BY_ACCOUNT	/**< report --commitments only */
} handoff_group_by;

typedef struct {
	unsigned int version;
	handoff_group_by by;
	const char *since;	/**< YYYY-MM-DD: handoffs dated on or after (the kind's start: signature, transition date) */
	const char *until;	/**< YYYY-MM-DD: ... on or before */
	/**
	 * Only handoffs of this kind. NULL: deal handoffs for rep, csm and
	 * team; one table per kind for the others.
	 */
	const char *kind;
} handoff_summary_options;

#define HANDOFF_SUMMARY_OPTIONS_VERSION 1
#define HANDOFF_SUMMARY_OPTIONS_INIT { HANDOFF_SUMMARY_OPTIONS_VERSION, HANDOFF_BY_ALL, NULL, NULL, NULL }

/**
 * The report: per group, count, mean and median score, band counts, the
 * share of SLAs met, time to handoff (median, p90) and rejections; as
 * text, CSV, JSON or a self-contained HTML page with charts.
 * @return HANDOFF_EINVALID for a bad --since or --until
 */
HANDOFF_EXTERN(int) handoff_summary_format(handoff_buf *out,
	const handoff_assessments *a, const handoff_summary_options *opts,
	handoff_format format);

/**
 * Commitment delivery (`report --commitments`): per account, csm or rep
 * (opts->by; HANDOFF_BY_ALL: one row), the commitments of the handoffs
 * dated in range delivered on time, late, dropped, open and overdue as
 * of the assessments' time; text lists the dropped ones with their
 * reason and the late and overdue ones; CSV and JSON give every item.
 * @return HANDOFF_EINVALID for another grouping or HTML
 */
HANDOFF_EXTERN(int) handoff_commitments_format(handoff_buf *out,
	const handoff_assessments *a, const handoff_summary_options *opts,
	handoff_format format);

/**
 * One page of the dashboard: `name` is a file name with no folder in it
 * (letters, digits, '.', '_' and '-'), `page` the whole HTML page.
 * @return < 0 to stop
 */
typedef int (*handoff_page_cb)(const char *name, const handoff_buf *page,
	void *payload);

/**
 * The dashboard, a static site of pages that each stand alone (inline
 * style and SVG charts, no script, nothing fetched, links relative to
 * the folder): index.html, the overview (bands best first, the score
 * trend by month, SLA attainment by rule, time to handoff, reps, teams,
 * the handoffs and those in flight apart); a page per rep and per team;
 * a page per handoff (its criteria earned, missed or pending, its SLA
 * timeline, its decisions and, from `audit` (NULL: not shown), the
 * material changes made after acceptance). Handoffs that started between
 * opts->since and opts->until; opts->by is not read.
 * @return HANDOFF_EINVALID for a bad since or until, what `page`
 *         returned when it failed, HANDOFF_ERROR
 */
HANDOFF_EXTERN(int) handoff_site_write(const handoff_assessments *a,
	const handoff_summary_options *opts, const handoff_audit *audit,
	handoff_page_cb page, void *payload);

typedef struct {
	unsigned int version;
	handoff_format format;	/**< CSV (RFC 4180), JSON or JSONL */
	const char *timezone;	/**< every time in this zone; NULL: the config's */
} handoff_export_options;

#define HANDOFF_EXPORT_OPTIONS_VERSION 1
#define HANDOFF_EXPORT_OPTIONS_INIT { HANDOFF_EXPORT_OPTIONS_VERSION, HANDOFF_FORMAT_CSV, NULL }

/**
 * The CRM handoff record of every record: the common columns (id, path,
 * account, handoff_date_time, participants, meeting_recording,
 * record_link, score, band, cs_acceptance), then the kinds' export
 * columns. CSV: a header and a row per record; JSON:
 * {"version":1,"records":[{column: value}]} with numbers as numbers and
 * empty values null; JSONL: one such object a line. Every date-time is
 * written in one zone with its offset.
 * @return HANDOFF_EINVALID for another format or a bad zone name,
 *         HANDOFF_ENOTFOUND for an unknown zone, HANDOFF_ERROR
 */
HANDOFF_EXTERN(int) handoff_export_write(handoff_buf *out,
	const handoff_assessments *a, const handoff_export_options *opts);

/** handoff_export_write() as CSV in the config's zone. */
HANDOFF_EXTERN(int) handoff_export_format(handoff_buf *out,
	const handoff_assessments *a);

/* ---------------------------------------------------------------------
 * The language server: diagnostics, completion, hover and code actions
 * for records in an editor, over JSON-RPC as LSP 3.17 frames it
 */

typedef struct handoff_lsp handoff_lsp;

typedef struct {
	unsigned int version;
	size_t max_message;	/**< bytes of one message's body; 0: 16 MiB */
	unsigned int max_depth;	/**< JSON nesting of a message; 0: 64 */
} handoff_lsp_options;

#define HANDOFF_LSP_OPTIONS_VERSION 1
#define HANDOFF_LSP_OPTIONS_INIT { HANDOFF_LSP_OPTIONS_VERSION, 0, 0 }

/**
 * A server judging records by the config and kinds of `repo`'s work tree
 * (borrowed; it must outlive the server). Every message to the client,
 * framed with its Content-Length header, goes to `send`; the server
 * never reads or writes a file of its own.
 * @param out caller frees with handoff_lsp_free()
 */
HANDOFF_EXTERN(int) handoff_lsp_new(handoff_lsp **out, handoff_repo *repo,
	const handoff_lsp_options *opts, handoff_write_cb send, void *payload);
/**
 * Bytes from the client, as many or as few as arrived: split into
 * messages by their headers. A message that cannot be read is answered
 * with a JSON-RPC error and the next one is read; $/cancelRequest and
 * exit act at once, the rest waits for handoff_lsp_work().
 * @return 0, or < 0 when `send` failed or memory ran out
 */
HANDOFF_EXTERN(int) handoff_lsp_feed(handoff_lsp *lsp, const char *data,
	size_t len);
/** How many messages wait to be handled. */
HANDOFF_EXTERN(size_t) handoff_lsp_pending(const handoff_lsp *lsp);
/** Handle the oldest waiting message; < 0 as for handoff_lsp_feed(). */
HANDOFF_EXTERN(int) handoff_lsp_work(handoff_lsp *lsp);
/**
 * -1 while the server runs; once the client sent `exit` (or, through
 * `closed`, closed its end), 0 when it asked for shutdown first, else 1.
 */
HANDOFF_EXTERN(int) handoff_lsp_exit_status(const handoff_lsp *lsp, int closed);
HANDOFF_EXTERN(void) handoff_lsp_free(handoff_lsp *lsp);

#ifdef __cplusplus
}
#endif

#endif

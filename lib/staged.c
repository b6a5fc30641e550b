/*
 * What a commit is about to record: for the pre-commit hook, which runs
 * inside every commit.
 *
 * Git's storage formats are git's to read (DESIGN.md, section 10), and
 * starting libgit2 1.5.1 costs more than the whole check (its global init
 * parses every system CA certificate), so git answers: `git diff --cached
 * --raw` names the staged changes (with their modes and blob ids, whatever
 * GIT_INDEX_FILE, GIT_DIR, GIT_WORK_TREE or GIT_COMMON_DIR say), and one
 * `git cat-file --batch`, started beside it, hands over the blobs on
 * request. The pre-commit hook's shell may have started that diff itself,
 * beside this program (hooks/pre-commit): then its listing comes on a
 * pipe, ended by a field of the shell's own, LISTED_END, written only
 * when git diff succeeded, so a failed or cut listing is an error, never
 * "nothing staged". A file the diff does not name is staged as it is in HEAD, so
 * the config and kinds are read as HEAD:path unless changed: asking for
 * :path would make cat-file read (and hash) the whole index a second
 * time. Nothing is written; no shell runs; the children get argv vectors.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "environment.h"
#include "staged.h"

extern char **environ;

/*
 * The children's environment: ours, with a relative GIT_INDEX_FILE made
 * absolute, since git reads it from the top of the work tree and the
 * variable names a file from where we were started (RELIABILITY.md 4.4).
 */
static char **child_env(char **abs_entry)
{
	const char *index = handoff__env()->git_index_file;
	char cwd[4096], **env;
	size_t i, n = 0;

	*abs_entry = NULL;
	if (!index || !*index || index[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return environ;
	while (environ[n])
		n++;
	if (!(env = calloc(n + 1, sizeof(*env))) ||
	    !(*abs_entry = handoff__asprintf("GIT_INDEX_FILE=%s/%s", cwd, index))) {
		free(env);
		return NULL;
	}
	for (i = 0; i < n; i++)
		env[i] = strncmp(environ[i], "GIT_INDEX_FILE=", 15) ? environ[i] : *abs_entry;
	return env;
}

/*
 * The last blobs read, by id: a changed record is read by the check, by
 * the id rules and by the verdict for commit-msg, and its HEAD version by
 * the last two; each is asked of git once. At most KEPT_MAX blobs of
 * at most 1 MiB each are kept.
 */
#define KEPT_MAX 4
#define BLOB_MAX (1024 * 1024)

struct kept {
	char id[65];		/* empty: a free slot */
	char *data;
	size_t len;
};

struct staged {
	struct staged_change *changes;
	size_t nchanges;
	struct kept kept[KEPT_MAX];
	size_t next_kept;	/* the slot the next blob takes */
	pthread_mutex_t lock;	/* one read at a time: the kept blobs, cat-file's pipe */
	pid_t batch;		/* git cat-file --batch, or 0 before the first read */
	int to;			/* its stdin: a socket, so a dead child is EPIPE, not SIGPIPE */
	FILE *from;
	pid_t diff;		/* git diff --cached, until handoff__staged_list() read it */
	FILE *diff_out;		/* its listing; or the hook shell's diff's */
	int listed;		/* the listing is the hook shell's: it must end in LISTED_END */
};

#define LISTED_END "git-handoff: listed"

/*
 * Start argv with its stdout on a pipe (*out) and, if `in`, its stdin on
 * a socket (*in), whose writes can fail with EPIPE instead of raising
 * SIGPIPE in a library caller.
 */
static int spawn(pid_t *pid, const char *const argv[], FILE **out, int *in)
{
	posix_spawn_file_actions_t fa;
	int o[2] = { -1, -1 }, i[2] = { -1, -1 }, err, k;
	char *abs_entry, **env = child_env(&abs_entry);

	if (!env)
		return handoff__error_oom();
	if (pipe(o) < 0 || (in && socketpair(AF_UNIX, SOCK_STREAM, 0, i) < 0)) {
		err = errno;
		goto fail;
	}
	/* one child never holds the other's pipe open */
	for (k = 0; k < 2; k++) {
		fcntl(o[k], F_SETFD, FD_CLOEXEC);
		if (in)
			fcntl(i[k], F_SETFD, FD_CLOEXEC);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, o[1], 1);
	posix_spawn_file_actions_addclose(&fa, o[0]);
	posix_spawn_file_actions_addclose(&fa, o[1]);
	if (in) {
		posix_spawn_file_actions_adddup2(&fa, i[0], 0);
		posix_spawn_file_actions_addclose(&fa, i[0]);
		posix_spawn_file_actions_addclose(&fa, i[1]);
	}
	err = posix_spawnp(pid, argv[0], &fa, NULL, (char *const *)argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (env != environ) {
		free(env);
		free(abs_entry);
		env = environ;
	}
	if (err)
		goto fail;
	close(o[1]);
	if (in) {
		close(i[0]);
		*in = i[1];
	}
	if (!(*out = fdopen(o[0], "r")))
		return handoff__error_oom();
	return 0;
fail:
	if (env != environ) {
		free(env);
		free(abs_entry);
	}
	close(o[0]);
	close(o[1]);
	if (in) {
		close(i[0]);
		close(i[1]);
	}
	return handoff__error_set(HANDOFF_ERROR_OS, "cannot run '%s': %s", argv[0],
		strerror(err));
}

static int finish(pid_t pid, const char *what)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return handoff__error_os("wait for", what);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return handoff__error_set(HANDOFF_ERROR_GIT, "'%s' failed", what);
	return 0;
}

/*
 * A NUL-terminated field of git's `-z` output, into b (whose bytes
 * getdelim owns, malloc'd as handoff_buf's are); NULL at the end (or
 * out of memory: *oom).
 */
static char *field(FILE *f, handoff_buf *b, int *oom)
{
	ssize_t n = getdelim(&b->ptr, &b->asize, '\0', f);

	if (n < 0) {
		*oom |= !feof(f) && errno == ENOMEM;
		b->size = 0;
		return NULL;
	}
	b->size = (size_t)n;
	return b->ptr;
}

static void clear_changes(struct staged *st)
{
	size_t i;

	for (i = 0; i < st->nchanges; i++)
		free(st->changes[i].path);
	free(st->changes);
	st->changes = NULL;
	st->nchanges = 0;
}

/* A change as `git diff --raw` has it: status A, M, T, D or U. */
static int add_change(struct staged *st, const char *path, unsigned int mode,
	const char *old_id, const char *id, char status)
{
	struct staged_change *v, *c;

	if (!(v = realloc(st->changes, (st->nchanges + 1) * sizeof(*v))))
		return handoff__error_oom();
	st->changes = v;
	c = &v[st->nchanges];
	c->mode = mode;
	c->deleted = status == 'D';
	c->unmerged = status == 'U';
	snprintf(c->id, sizeof(c->id), "%s", id);
	snprintf(c->old_id, sizeof(c->old_id), "%s", old_id);
	if (!(c->path = handoff__strdup(path)))
		return HANDOFF_ERROR;
	st->nchanges++;
	return 0;
}

/*
 * ":100644 100644 <old> <new> M" then the path, as `--raw -z` writes
 * them; the hook shell's listing then LISTED_END, and nothing after it.
 */
static int read_changes(struct staged *st, FILE *f)
{
	handoff_buf meta = HANDOFF_BUF_INIT, path = HANDOFF_BUF_INIT;
	int err = 0, oom = 0, ended = !st->listed;
	char *m;

	while (!err && (m = field(f, &meta, &oom))) {
		unsigned int old_mode, new_mode;
		char old_id[65], new_id[65], status;

		if (!ended && !strcmp(m, LISTED_END)) {
			ended = 1;
			continue;
		}
		if (ended && st->listed) {
			err = handoff__error_set(HANDOFF_ERROR_GIT,
				"unexpected output after the end of 'git diff --cached --raw'");
			break;
		}
		if (sscanf(m, ":%o %o %64s %64s %c", &old_mode, &new_mode, old_id,
		    new_id, &status) != 5 || !field(f, &path, &oom)) {
			err = oom ? handoff__error_oom() : handoff__error_set(HANDOFF_ERROR_GIT,
				"unexpected output of 'git diff --cached --raw'");
			break;
		}
		if ((err = add_change(st, path.ptr, new_mode, old_id, new_id, status)) < 0)
			break;
	}
	if (!err && oom)
		err = handoff__error_oom();
	if (!err && !ended)
		err = handoff__error_set(HANDOFF_ERROR_GIT,
			"'git diff --cached' failed or was cut short (see above)");
	handoff_buf_dispose(&meta);
	handoff_buf_dispose(&path);
	return err;
}

static int start_batch(struct staged *st);

int handoff__staged_open(struct staged **out)
{
	return handoff__staged_open_listed(out, -1);
}

int handoff__staged_open_listed(struct staged **out, int listed_fd)
{
	/* whatever diff.* config says; hooks/pre-commit runs the same */
	static const char *const diff[] = { "git", "diff", "--cached", "--raw", "-z",
		"--no-abbrev", "--no-renames", "--no-ext-diff", "--no-relative",
		"--ignore-submodules=none", NULL };
	struct staged *st = calloc(1, sizeof(*st));
	int err = 0;

	*out = NULL;
	if (!st) {
		if (listed_fd >= 0)
			close(listed_fd);
		return handoff__error_oom();
	}
	pthread_mutex_init(&st->lock, NULL);
	if (listed_fd >= 0) {
		st->listed = 1;
		if (!(st->diff_out = fdopen(listed_fd, "r"))) {
			close(listed_fd);
			err = handoff__error_oom();
		}
	} else {
		err = spawn(&st->diff, diff, &st->diff_out, NULL);
	}
	/* both at once, the diff first: cat-file starts up while git diffs */
	if (err == 0)
		err = start_batch(st);
	if (err < 0) {
		handoff__staged_free(st);
		return err;
	}
	*out = st;
	return 0;
}

int handoff__staged_list(struct staged *st)
{
	int err;

	if (!st->diff_out)
		return 0;
	err = read_changes(st, st->diff_out);
	while (getc(st->diff_out) != EOF)	/* let it finish, whatever we made of it */
		;
	fclose(st->diff_out);
	st->diff_out = NULL;
	if (st->diff && finish(st->diff, "git diff --cached") < 0 && !err)
		err = HANDOFF_ERROR;
	st->diff = 0;
	return err;
}

int handoff__staged_diffing(void *st_)
{
	const struct staged *st = st_;
	struct pollfd p;

	if (!st->diff_out)
		return 0;
	p.fd = fileno(st->diff_out);
	p.events = POLLIN;
	return poll(&p, 1, 0) == 0;	/* nothing to read yet, not even its end */
}

const struct staged_change *handoff__staged_changes(const struct staged *st, size_t *n)
{
	*n = st->nchanges;
	return st->changes;
}

static int start_batch(struct staged *st)
{
	static const char *const batch[] = { "git", "cat-file", "--batch", NULL };

	if (st->batch)
		return 0;
	return spawn(&st->batch, batch, &st->from, &st->to);
}

/* Send all of `s` to the batch, or fail (EPIPE when it is gone). */
static int request(struct staged *st, const char *name)
{
	char line[4200];
	size_t n = (size_t)snprintf(line, sizeof(line), "%s\n", name), done = 0;

	if (n >= sizeof(line))
		return -1;
	while (done < n) {
		ssize_t w = send(st->to, line + done, n - done, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

/* An object as `git cat-file --batch` answers for a name. */
struct object {
	char id[65];
	char type[32];
	char *data;
	size_t len;
};

/*
 * The answer to the request for `name`: HANDOFF_ENOTFOUND when git has
 * no such object. Past `max` bytes only the size is kept (o->data is
 * empty).
 */
static int answer(struct staged *st, const char *name, size_t max, struct object *o)
{
	char header[512], scratch[8192];
	unsigned long size;
	size_t keep, got;

	o->data = NULL;
	o->len = 0;
	if (!fgets(header, sizeof(header), st->from))
		return handoff__error_set(HANDOFF_ERROR_GIT,
			"'git cat-file --batch' stopped answering");
	if (strstr(header, " missing\n") || strstr(header, " ambiguous\n")) {
		handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is not staged", name);
		return HANDOFF_ENOTFOUND;
	}
	if (sscanf(header, "%64s %31s %lu", o->id, o->type, &size) != 3)
		return handoff__error_set(HANDOFF_ERROR_GIT,
			"unexpected answer of 'git cat-file --batch': %s", header);
	keep = size > max ? 0 : (size_t)size;
	if (!(o->data = malloc(keep + 1)))
		return handoff__error_oom();
	got = fread(o->data, 1, keep, st->from);
	while (keep == 0 && got < size) {
		size_t want = size - got > sizeof(scratch) ? sizeof(scratch) : size - got;
		size_t r = fread(scratch, 1, want, st->from);

		if (r == 0)
			break;
		got += r;
	}
	o->data[keep] = '\0';
	if (got != (size_t)size || getc(st->from) != '\n') {
		free(o->data);
		o->data = NULL;
		return handoff__error_set(HANDOFF_ERROR_GIT,
			"'git cat-file --batch' cut '%s' short", name);
	}
	o->len = (size_t)size;
	return 0;
}

static int ask(struct staged *st, const char *name, size_t max, struct object *o)
{
	int err;

	o->data = NULL;
	if (strchr(name, '\n'))
		return handoff__error_set(HANDOFF_ERROR_GIT,
			"'%s': a name with a newline cannot be read this way", name);
	if ((err = start_batch(st)) < 0)
		return err;
	if (request(st, name) < 0)
		return handoff__error_set(HANDOFF_ERROR_GIT,
			"'git cat-file --batch' stopped answering");
	return answer(st, name, max, o);
}

/* A copy of the blob `name` when it was read before; else NULL. */
static char *recall(const struct staged *st, const char *name, size_t *len)
{
	size_t i;
	char *copy;

	for (i = 0; i < KEPT_MAX; i++) {
		const struct kept *k = &st->kept[i];

		if (!k->id[0] || strcmp(k->id, name))
			continue;
		if ((copy = malloc(k->len + 1))) {
			memcpy(copy, k->data, k->len + 1);
			*len = k->len;
		}
		return copy;
	}
	return NULL;
}

/* Keep a blob asked for by its id ("HEAD:path" names no one blob) and read whole. */
static void keep(struct staged *st, const char *name, const struct object *o)
{
	struct kept *k = &st->kept[st->next_kept];
	char *copy;

	if (strcmp(o->id, name) || o->len > BLOB_MAX || !(copy = malloc(o->len + 1)))
		return;
	memcpy(copy, o->data, o->len + 1);
	free(k->data);
	snprintf(k->id, sizeof(k->id), "%s", o->id);
	k->data = copy;
	k->len = o->len;
	st->next_kept = (st->next_kept + 1) % KEPT_MAX;
}

static int read_blob(struct staged *st, const char *name, char **data, size_t *len)
{
	struct object o;
	int err;

	if ((*data = recall(st, name, len)))
		return 0;
	/* past 1 MiB only the size is kept: the record reader refuses it */
	if ((err = ask(st, name, BLOB_MAX, &o)) < 0)
		return err;
	if (strcmp(o.type, "blob")) {
		free(o.data);
		handoff__error_set(HANDOFF_ERROR_GIT,
			"'%s' is a %s, not a file", name, o.type);
		return HANDOFF_ENOTFOUND;
	}
	keep(st, name, &o);
	*data = o.data;
	*len = o.len;
	return 0;
}

int handoff__staged_read(struct staged *st, const char *name, char **data, size_t *len)
{
	int err;

	*data = NULL;
	*len = 0;
	pthread_mutex_lock(&st->lock);
	err = read_blob(st, name, data, len);
	pthread_mutex_unlock(&st->lock);
	return err;
}

void handoff__staged_free(struct staged *st)
{
	size_t i;

	if (!st)
		return;
	handoff__staged_list(st);
	if (st->batch) {
		close(st->to);		/* end of requests: it exits */
		fclose(st->from);
		/*
		 * Reaped if it has ended, not waited for: its exit took 0.4 ms
		 * of every commit, and nothing depends on it. The hook's
		 * program ends next, and init reaps what it leaves.
		 */
		while (waitpid(st->batch, NULL, WNOHANG) < 0 && errno == EINTR)
			;
	}
	clear_changes(st);
	for (i = 0; i < KEPT_MAX; i++)
		free(st->kept[i].data);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

/*
 * "<mode> <id> <stage>\t<path>": the tab, else NULL. Read by hand, not
 * sscanf: a 50,000-entry index is 50,000 of them in every commit.
 */
static char *ls_entry(char *f, unsigned int *mode, char *hex, char *stage)
{
	char *end;
	size_t n;

	*mode = (unsigned int)strtoul(f, &end, 8);
	if (*end++ != ' ' || (n = strspn(end, "0123456789abcdef")) < 40 || n > 64 ||
	    end[n] != ' ' || !strchr("0123", end[n + 1]) || end[n + 2] != '\t')
		return NULL;
	memcpy(hex, end, n);
	hex[n] = '\0';
	*stage = end[n + 1];
	return end + n + 2;
}

/*
 * Every entry of the index, not only the changed ones, for the rules of
 * the whole commit (one id, one record), as `git ls-files --stage -z`
 * lists them: "<mode> <id> <stage>\t<path>".
 */
int handoff__staged_foreach_entry(struct staged *st, staged_entry_cb cb, void *payload)
{
	static const char *const ls[] = { "git", "ls-files", "--stage", "-z",
		"--full-name", NULL };
	handoff_buf b = HANDOFF_BUF_INIT;
	char hex[65], *f, *tab;
	FILE *out = NULL;
	pid_t pid;
	int err = 0, oom = 0;

	(void)st;
	if ((err = spawn(&pid, ls, &out, NULL)) < 0)
		return err;
	while (!err && (f = field(out, &b, &oom))) {
		unsigned int mode;
		char stage;

		if (!(tab = ls_entry(f, &mode, hex, &stage))) {
			err = handoff__error_set(HANDOFF_ERROR_GIT,
				"unexpected output of 'git ls-files --stage'");
			break;
		}
		if (stage == '0')
			err = cb(tab + 1, mode, hex, payload);
	}
	if (!err && oom)
		err = handoff__error_oom();
	while (getc(out) != EOF)
		;
	fclose(out);
	if (finish(pid, "git ls-files --stage") < 0 && !err)
		err = HANDOFF_ERROR;
	handoff_buf_dispose(&b);
	return err;
}

/*
 * GIT_COMMON_DIR, else .git in a hook's folder (the top of the work
 * tree) when git named no other, else as git rev-parse says: a git
 * process fewer in the common case.
 */
char *handoff__staged_common_dir(struct staged *st)
{
	static const char *const rev_parse[] = { "git", "rev-parse", "--git-common-dir", NULL };
	const char *env = handoff__env()->git_common_dir, *dir = handoff__env()->git_dir;
	handoff_buf b = HANDOFF_BUF_INIT;
	struct stat sb;
	FILE *out = NULL;
	pid_t pid;
	int c;

	(void)st;
	if (env)
		return handoff__strdup(env);
	if (!dir && stat(".git", &sb) == 0 && S_ISDIR(sb.st_mode))
		return handoff__strdup(".git");
	if (spawn(&pid, rev_parse, &out, NULL) < 0)
		return NULL;
	while ((c = getc(out)) != EOF && c != '\n' && b.size < 4096) {
		char ch = (char)c;

		if (handoff__buf_put(&b, &ch, 1) < 0)
			break;
	}
	while (getc(out) != EOF)
		;
	fclose(out);
	if (finish(pid, "git rev-parse --git-common-dir") < 0 || c != '\n' ||
	    handoff__buf_reserve(&b, 0) < 0 || !b.size) {
		handoff_buf_dispose(&b);
		return NULL;
	}
	return b.ptr;		/* detached: the caller frees it */
}

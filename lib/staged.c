/*
 * What a commit is about to record: for the pre-commit hook, which runs
 * inside every commit.
 *
 * Starting libgit2 1.5.1 costs more than the whole check: its global
 * init parses every system CA certificate (about 15 ms here), reading a
 * 10,000-entry index re-hashes the whole file and diffing it against
 * HEAD loads the flat records tree again. Asking git costs less, but
 * `git diff --cached` alone is most of what a names-only hook costs. So
 * the hook reads what git would: the index git names in GIT_INDEX_FILE
 * (index_file.c) against HEAD's trees, and the blobs, from .git/objects
 * (odb.c), in this process. Where that reader declines (see odb.h and
 * index_file.h for when), git answers: `git diff --cached --raw` names
 * the staged changes (with their modes and blob ids, whatever GIT_DIR,
 * GIT_WORK_TREE or GIT_COMMON_DIR say), and one `git cat-file --batch`
 * hands over the blobs on request; an object the reader cannot read is
 * asked of the batch too. A file the diff does not name is staged as it
 * is in HEAD, so the config and kinds are read as HEAD:path unless
 * changed: asking for :path would make cat-file read (and hash) the
 * whole index a second time. Nothing is written; no shell runs; the
 * children get argv vectors.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "environment.h"
#include "index_file.h"
#include "odb.h"
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

struct staged {
	struct staged_change *changes;
	size_t nchanges;
	pid_t batch;		/* git cat-file --batch, or 0 before the first read */
	int to;			/* its stdin: a socket, so a dead child is EPIPE, not SIGPIPE */
	FILE *from;
	pid_t diff;		/* git diff --cached, until staged_list() read it */
	FILE *diff_out;
	struct odb *db;		/* the objects read directly, when they can be */
	unsigned char head[32];	/* HEAD's commit, then its tree */
	size_t hash_size;
	struct index_file *ix;	/* the index read directly, and its bytes */
	void *map;
	size_t map_len;
};

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

/* A NUL-terminated field of `git diff -z` output; NULL at the end (or out of memory: *oom). */
static char *field(FILE *f, handoff_buf *b, int *oom)
{
	int c;

	b->size = 0;
	while ((c = getc(f)) != EOF && c != '\0') {
		char ch = (char)c;

		if (handoff__buf_put(b, &ch, 1) < 0) {
			*oom = 1;
			return NULL;
		}
	}
	if (c == EOF && b->size == 0)
		return NULL;
	if (handoff__buf_reserve(b, 0) < 0) {
		*oom = 1;
		return NULL;
	}
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
	const char *id, char status)
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
	if (!(c->path = handoff__strdup(path)))
		return HANDOFF_ERROR;
	st->nchanges++;
	return 0;
}

/* ":100644 100644 <old> <new> M" then the path, as `--raw -z` writes them */
static int read_changes(struct staged *st, FILE *f)
{
	handoff_buf meta = HANDOFF_BUF_INIT, path = HANDOFF_BUF_INIT;
	int err = 0, oom = 0;
	char *m;

	while (!err && (m = field(f, &meta, &oom))) {
		unsigned int old_mode, new_mode;
		char old_id[65], new_id[65], status;

		if (sscanf(m, ":%o %o %64s %64s %c", &old_mode, &new_mode, old_id,
		    new_id, &status) != 5 || !field(f, &path, &oom)) {
			err = oom ? handoff__error_oom() : handoff__error_set(HANDOFF_ERROR_GIT,
				"unexpected output of 'git diff --cached --raw'");
			break;
		}
		if ((err = add_change(st, path.ptr, new_mode, new_id, status)) < 0)
			break;
	}
	if (!err && oom)
		err = handoff__error_oom();
	handoff_buf_dispose(&meta);
	handoff_buf_dispose(&path);
	return err;
}

static int start_batch(struct staged *st);
static int diff_index(struct staged *st);

int staged_open(struct staged **out)
{
	static const char *const diff[] = { "git", "diff", "--cached", "--raw", "-z",
		"--no-abbrev", "--no-renames", "--no-ext-diff", "--no-relative",
		"--ignore-submodules=none", NULL };	/* whatever diff.* config says */
	struct staged *st = calloc(1, sizeof(*st));
	int err;

	*out = NULL;
	if (!st)
		return handoff__error_oom();
	/* else both at once, the diff first: cat-file starts up while git diffs */
	if ((err = diff_index(st)) == HANDOFF_EINVALID &&
	    (err = spawn(&st->diff, diff, &st->diff_out, NULL)) == 0)
		err = start_batch(st);
	if (err < 0) {
		staged_free(st);
		return err;
	}
	*out = st;
	return 0;
}

int staged_list(struct staged *st)
{
	int err;

	if (!st->diff_out)
		return 0;
	err = read_changes(st, st->diff_out);
	while (getc(st->diff_out) != EOF)	/* let it finish, whatever we made of it */
		;
	fclose(st->diff_out);
	st->diff_out = NULL;
	if (finish(st->diff, "git diff --cached") < 0 && !err)
		err = HANDOFF_ERROR;
	st->diff = 0;
	return err;
}

int staged_diffing(void *st_)
{
	const struct staged *st = st_;
	struct pollfd p;

	if (!st->diff_out)
		return 0;
	p.fd = fileno(st->diff_out);
	p.events = POLLIN;
	return poll(&p, 1, 0) == 0;	/* nothing to read yet, not even its end */
}

const struct staged_change *staged_changes(const struct staged *st, size_t *n)
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

/*
 * staged_read() from the objects themselves: "HEAD:path" down HEAD's
 * trees, else a blob by id. HANDOFF_EINVALID: the batch must answer.
 */
static int read_direct(struct staged *st, const char *name, char **data, size_t *len)
{
	unsigned char id[32], *obj = NULL;
	const char *path = NULL;
	enum odb_type type = ODB_TREE;
	size_t n;
	int err;

	if (!strncmp(name, "HEAD:", 5)) {
		path = name + 5;
		memcpy(id, st->head, st->hash_size);
	} else if (strlen(name) != 2 * st->hash_size || odb_from_hex(id, name, st->hash_size) < 0) {
		return HANDOFF_EINVALID;
	}
	while (path) {		/* one folder down each time: id is a tree's */
		const char *slash = strchr(path, '/');
		size_t clen = slash ? (size_t)(slash - path) : strlen(path);
		struct odb_entry e;
		size_t pos = 0;
		int found = 0;

		if ((err = odb_read(st->db, id, SIZE_MAX - 1, &type, &obj, &n)) < 0)
			return err;
		while (type == ODB_TREE && !found &&
		    odb_tree_next(obj, n, &pos, st->hash_size, &e) > 0)
			found = e.len == clen && !memcmp(e.name, path, clen);
		if (found)
			memcpy(id, e.id, st->hash_size);
		free(obj);
		obj = NULL;
		if (!found || (e.mode & 0170000) == 0160000) {
			handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is not staged", name);
			return HANDOFF_ENOTFOUND;
		}
		path = slash ? slash + 1 : NULL;
	}
	/* past 1 MiB only the size is kept: the record reader refuses it */
	if ((err = odb_read(st->db, id, 1024 * 1024, &type, &obj, len)) < 0)
		return err;
	if (type != ODB_BLOB) {
		free(obj);
		*len = 0;
		handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is a %s, not a file", name,
			type == ODB_TREE ? "tree" : type == ODB_COMMIT ? "commit" : "tag");
		return HANDOFF_ENOTFOUND;
	}
	if (!obj && !(obj = calloc(1, 1)))
		return handoff__error_oom();
	*data = (char *)obj;
	return 0;
}

int staged_read(struct staged *st, const char *name, char **data, size_t *len)
{
	struct object o;
	int err;

	*data = NULL;
	*len = 0;
	if (st->db && (err = read_direct(st, name, data, len)) != HANDOFF_EINVALID)
		return err;
	/* past 1 MiB only the size is kept: the record reader refuses it */
	if ((err = ask(st, name, 1024 * 1024, &o)) < 0)
		return err;
	if (strcmp(o.type, "blob")) {
		free(o.data);
		handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is a %s, not a file", name, o.type);
		return HANDOFF_ENOTFOUND;
	}
	*data = o.data;
	*len = o.len;
	return 0;
}

/*
 * The diff without a git process: the index file against HEAD's trees,
 * both read from disk (index_file.c, odb.c). `git diff --cached` takes 9
 * ms of a 50 ms commit on a 10,000-entry index, most of it starting
 * up, hashing the index and walking every tree of HEAD; reading the
 * index as it is costs a fraction of that, and of HEAD only the trees
 * the index's cache tree does not vouch for are read (git commit brings
 * the cache tree up to date before it runs the hook: after `git add` of
 * one record, the top and the record's folder). The answer is git
 * diff's with --no-renames: A, M, T, D and U, in path order.
 */

/* HEAD's side: a file, or a folder the cache tree says is unchanged ("dir/"). */
struct head_entry {
	size_t path;		/* in the names buffer */
	unsigned int mode;
	int same_folder;
	unsigned char id[32];
};

struct head_list {
	struct head_entry *v;
	size_t n, alloc;
	handoff_buf names;
	size_t hash_size;
};

static int push_head(struct head_list *h, const char *prefix, size_t plen,
	const char *name, size_t nlen, unsigned int mode, const unsigned char *id,
	int same_folder)
{
	struct head_entry *e;

	if (h->n == h->alloc) {
		size_t more = h->alloc ? 2 * h->alloc : 256;

		if (!(e = realloc(h->v, more * sizeof(*e))))
			return handoff__error_oom();
		h->v = e;
		h->alloc = more;
	}
	e = &h->v[h->n++];
	e->path = h->names.size;
	e->mode = mode;
	e->same_folder = same_folder;
	memcpy(e->id, id, h->hash_size);
	if (handoff__buf_put(&h->names, prefix, plen) < 0 ||
	    handoff__buf_put(&h->names, name, nlen) < 0 ||
	    handoff__buf_put(&h->names, same_folder ? "/" : "", same_folder + 1) < 0)
		return handoff__error_oom();
	/* out of git's order (a damaged tree): the merge below would be wrong */
	if (h->n > 1 && strcmp(h->names.ptr + h->v[h->n - 2].path, h->names.ptr + e->path) >= 0)
		return HANDOFF_EINVALID;
	return 0;
}

static int read_head(struct staged *st, const struct index_file *ix,
	struct head_list *h, const unsigned char *id, const char *prefix, int depth);

/*
 * The files of a tree's `data` under `prefix` ("" or "dir/"), in git's
 * order, which is the index's: a folder sorts as its name and a slash.
 * Folders the cache tree has as they are in HEAD are not read.
 */
static int read_entries(struct staged *st, const struct index_file *ix,
	struct head_list *h, const unsigned char *data, size_t len, const char *prefix,
	int depth)
{
	size_t plen = strlen(prefix), pos = 0;
	struct odb_entry e;
	int err = 0, more;

	while (!err && (more = odb_tree_next(data, len, &pos, h->hash_size, &e)) != 0) {
		unsigned int mode = e.mode;

		if (more < 0)
			return HANDOFF_EINVALID;
		if ((mode & 0170000) == 0040000) {
			const unsigned char *cached;
			char *sub;

			if (!(sub = handoff__asprintf("%s%.*s/", prefix, (int)e.len, e.name)))
				return HANDOFF_ERROR;
			cached = index_file_tree(ix, sub, plen + e.len);
			if (cached && !memcmp(cached, e.id, h->hash_size))
				err = push_head(h, prefix, plen, e.name, e.len, 0, e.id, 1);
			else
				err = read_head(st, ix, h, e.id, sub, depth + 1);
			free(sub);
			continue;
		}
		if ((mode & 0170000) == 0100000)
			mode = mode & 0100 ? 0100755 : 0100644;
		err = push_head(h, prefix, plen, e.name, e.len, mode, e.id, 0);
	}
	return err;
}

/* The tree `id` under `prefix`, as read_entries() reads one. */
static int read_head(struct staged *st, const struct index_file *ix,
	struct head_list *h, const unsigned char *id, const char *prefix, int depth)
{
	enum odb_type type;
	unsigned char *data;
	size_t len;
	int err;

	if (depth > 4096)
		return HANDOFF_EINVALID;
	if ((err = odb_read(st->db, id, SIZE_MAX - 1, &type, &data, &len)) < 0)
		return err;
	err = type != ODB_TREE ? HANDOFF_EINVALID :
		read_entries(st, ix, h, data, len, prefix, depth);
	free(data);
	return err;
}

static int diff_against_head(struct staged *st, const struct index_file *ix,
	struct head_list *h)
{
	const struct index_entry *ie;
	size_t i = 0, k = 0, n;
	char zero[65], hex[65];
	int err = 0;

	memset(zero, '0', 2 * h->hash_size);
	zero[2 * h->hash_size] = '\0';
	ie = index_file_entries(ix, &n);
	while (!err && (i < n || k < h->n)) {
		const struct head_entry *he = k < h->n ? &h->v[k] : NULL;
		const char *hp = he ? h->names.ptr + he->path : NULL;
		int cmp;

		if (i < n && ie[i].intent_to_add && !ie[i].stage) {
			i++;		/* `git add -N`: not staged, as git diff --cached has it */
			continue;
		}
		if (he && he->same_folder) {
			size_t len = strlen(hp);

			if (i < n && !strncmp(ie[i].path, hp, len))
				i++;			/* under it, as in HEAD */
			else if (i < n && strcmp(ie[i].path, hp) < 0)
				goto index_only;
			else
				k++;
			continue;
		}
		cmp = i == n ? 1 : !he ? -1 : strcmp(ie[i].path, hp);
		if (cmp > 0) {
			err = add_change(st, hp, 0, zero, 'D');
			k++;
			continue;
		}
		if (cmp == 0)
			k++;
		if (ie[i].stage || (i + 1 < n && !strcmp(ie[i + 1].path, ie[i].path))) {
			const char *path = ie[i].path;

			err = add_change(st, path, 0, zero, 'U');
			while (i < n && !strcmp(ie[i].path, path))
				i++;
			continue;
		}
		if (cmp == 0 && he->mode == ie[i].mode &&
		    !memcmp(he->id, ie[i].id, h->hash_size)) {
			i++;
			continue;
		}
		odb_to_hex(hex, ie[i].id, h->hash_size);
		err = add_change(st, ie[i].path, ie[i].mode, hex,
			cmp ? 'A' : (he->mode & 0170000) == (ie[i].mode & 0170000) ? 'M' : 'T');
		i++;
		continue;
index_only:
		odb_to_hex(hex, ie[i].id, h->hash_size);
		err = ie[i].stage ? add_change(st, ie[i].path, 0, zero, 'U') :
			add_change(st, ie[i].path, ie[i].mode, hex, 'A');
		for (i++; i < n && !strcmp(ie[i].path, ie[i - 1].path); i++)
			;
	}
	return err;
}

/*
 * The staged changes from GIT_INDEX_FILE (which git names to every hook)
 * and HEAD: HANDOFF_EINVALID when this way does not serve (no such
 * variable, no commit yet, an index, tree or object this reader does not
 * take), and git diff must answer.
 */
static int diff_index(struct staged *st)
{
	const char *path = handoff__env()->git_index_file;
	struct head_list h;
	struct index_file *ix = NULL;
	enum odb_type type;
	unsigned char *root = NULL;
	const unsigned char *cached;
	size_t root_len;
	struct stat sb;
	void *map = MAP_FAILED;
	int fd, err;

	memset(&h, 0, sizeof(h));
	if (!path || !*path || odb_open(&st->db, st->head, &st->hash_size) < 0)
		return HANDOFF_EINVALID;
	h.hash_size = st->hash_size;
	if ((fd = open(path, O_RDONLY)) >= 0) {
		if (fstat(fd, &sb) == 0 && sb.st_size > 0)
			map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
	}
	if (map == MAP_FAILED || (err = odb_commit_tree(st->db, st->head)) < 0 ||
	    (err = index_file_read(&ix, map, (size_t)sb.st_size, st->hash_size)) < 0) {
		err = HANDOFF_EINVALID;
		goto done;
	}
	cached = index_file_tree(ix, "", 0);
	if (cached && !memcmp(cached, st->head, st->hash_size))
		goto done;		/* nothing staged */
	if ((err = odb_read(st->db, st->head, SIZE_MAX - 1, &type, &root, &root_len)) < 0 ||
	    type != ODB_TREE ||
	    (err = read_entries(st, ix, &h, root, root_len, "", 0)) < 0 ||
	    (err = diff_against_head(st, ix, &h)) < 0)
		err = err < 0 ? err : HANDOFF_EINVALID;
done:
	if (err == HANDOFF_EINVALID) {
		clear_changes(st);
		odb_free(st->db);
		st->db = NULL;
	} else {
		/* kept for staged_foreach_entry(): the same index, read once */
		st->ix = ix;
		st->map = map;
		st->map_len = (size_t)sb.st_size;
		ix = NULL;
		map = MAP_FAILED;
	}
	index_file_free(ix);
	if (map != MAP_FAILED)
		munmap(map, (size_t)sb.st_size);
	free(root);
	free(h.v);
	handoff_buf_dispose(&h.names);
	return err;
}

void staged_free(struct staged *st)
{
	if (!st)
		return;
	staged_list(st);
	if (st->batch) {
		close(st->to);		/* end of requests: it exits */
		fclose(st->from);
		finish(st->batch, "git cat-file --batch");
	}
	clear_changes(st);
	odb_free(st->db);
	index_file_free(st->ix);
	if (st->map)
		munmap(st->map, st->map_len);
	free(st);
}

/*
 * Every entry of the index, not only the changed ones, for the rules of
 * the whole commit (one id, one record): from the index already read,
 * else as `git ls-files --stage -z` lists it, "<mode> <id> <stage>\t<path>".
 */
int staged_foreach_entry(struct staged *st, staged_entry_cb cb, void *payload)
{
	static const char *const ls[] = { "git", "ls-files", "--stage", "-z",
		"--full-name", NULL };
	handoff_buf b = HANDOFF_BUF_INIT;
	const struct index_entry *ie;
	char hex[65], *f, *tab;
	size_t i, n;
	FILE *out = NULL;
	pid_t pid;
	int err = 0, oom = 0;

	if (st->ix) {
		ie = index_file_entries(st->ix, &n);
		for (i = 0; !err && i < n; i++) {
			if (ie[i].stage || ie[i].intent_to_add)
				continue;
			odb_to_hex(hex, ie[i].id, st->hash_size);
			err = cb(ie[i].path, ie[i].mode, hex, payload);
		}
		return err;
	}
	if ((err = spawn(&pid, ls, &out, NULL)) < 0)
		return err;
	while (!err && (f = field(out, &b, &oom))) {
		unsigned int mode, stage;

		if (!(tab = strchr(f, '\t')) ||
		    sscanf(f, "%o %64s %u", &mode, hex, &stage) != 3) {
			err = handoff__error_set(HANDOFF_ERROR_GIT,
				"unexpected output of 'git ls-files --stage'");
			break;
		}
		if (!stage)
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

char *staged_common_dir(struct staged *st)
{
	static const char *const rev_parse[] = { "git", "rev-parse", "--git-common-dir", NULL };
	handoff_buf b = HANDOFF_BUF_INIT;
	FILE *out = NULL;
	pid_t pid;
	int c;

	if (st->db)
		return odb_common_dir(st->db);
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
